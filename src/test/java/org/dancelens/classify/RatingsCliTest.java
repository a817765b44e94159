package org.dancelens.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.dancelens.testsupport.CliRun;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.testsupport.PlantedRatings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dancelens evaluate --ratings} with a closed-form scorer (the frame's mean brightness, as in
 * {@link ClassifierKindsTest#frameScorerGivesTheRawRegressionValue}) on eight segments of a generated lossless video,
 * with the ratings planted by {@link PlantedRatings} (a known linear function of each segment's score, worked out from
 * the decoded frames, plus a fixed offset per rater and a small fixed pattern); checks the report's numbers against
 * the definitions.
 */
class RatingsCliTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final IsolatedData data = new IsolatedData();

    static final int SEGMENTS = PlantedRatings.SEGMENTS;

    @Test
    void numbersMatchTheDefinitionsOnPlantedRatings() throws Exception {
        PlantedRatings.Planted planted = PlantedRatings.write(dir, "aesthetics");
        double[] score = planted.score();
        double[] reference = planted.reference()[0];
        double[][] ratings = planted.ratings()[0];

        CliRun r = CliRun.of("evaluate", "--ratings", dir.resolve("ratings.csv").toString(), "--model", "brightness", "--models", dir.toString(),
                "--out", dir.resolve("eval").toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("brightness on aesthetics (8 items): Pearson r");

        // The expected numbers, from the definitions.
        double bias = 0;
        double mae = 0;
        double mse = 0;
        for (int s = 0; s < SEGMENTS; s++) {
            double d = score[s] - reference[s];
            bias += d / SEGMENTS;
            mae += Math.abs(d) / SEGMENTS;
            mse += d * d / SEGMENTS;
        }
        double var = 0;
        for (int s = 0; s < SEGMENTS; s++) {
            double d = score[s] - reference[s] - bias;
            var += d * d / (SEGMENTS - 1);
        }
        double r0 = pearson(score, reference);
        JsonNode m = new ObjectMapper().readTree(dir.resolve("eval/metrics.json").toFile());
        assertThat(m.get("format").asText()).isEqualTo("dancelens-ratings-evaluation-1");
        assertThat(m.at("/provenance/modelId").asText()).isEqualTo("brightness");
        JsonNode c = m.at("/criteria/0");
        assertThat(c.get("criterion").asText()).isEqualTo("aesthetics");
        assertThat(c.get("n").asInt()).isEqualTo(SEGMENTS);
        assertThat(c.at("/pearson/r").asDouble()).isCloseTo(r0, within(1e-5));
        assertThat(r0).as("the planted ratings follow the score closely").isGreaterThan(0.9);
        assertThat(c.at("/pearson/ci95Low").asDouble()).isLessThanOrEqualTo(c.at("/pearson/r").asDouble());
        assertThat(c.at("/pearson/ci95High").asDouble()).isBetween(c.at("/pearson/r").asDouble(), 1.0);
        assertThat(c.at("/pearson/seed").asLong()).isEqualTo(20261204L);
        assertThat(c.at("/pearson/resamples").asInt()).isEqualTo(2000);
        assertThat(c.get("bias").asDouble()).isCloseTo(bias, within(1e-5));
        assertThat(c.get("mae").asDouble()).isCloseTo(mae, within(1e-5));
        assertThat(c.get("mse").asDouble()).isCloseTo(mse, within(1e-5));
        assertThat(c.at("/blandAltman/lowerLimit").asDouble()).isCloseTo(bias - 1.96 * Math.sqrt(var), within(1e-5));
        assertThat(c.at("/blandAltman/upperLimit").asDouble()).isCloseTo(bias + 1.96 * Math.sqrt(var), within(1e-5));
        // The raters differ by constant offsets (plus the wobble): ICC(2,1) counts the offsets as disagreement
        // (absolute agreement), so it stays below 1; the report holds the statistics of the planted table.
        var icc = org.dancelens.classify.ratings.RaterAgreement.icc(ratings);
        assertThat(c.at("/ratersAmongThemselves/icc/icc21").asDouble()).isCloseTo(icc.single(), within(1e-9)).isLessThan(1.0);
        assertThat(c.at("/ratersAmongThemselves/icc/icc2k").asDouble()).isCloseTo(icc.average(), within(1e-9)).isGreaterThan(icc.single());
        assertThat(c.at("/ratersAmongThemselves/krippendorffAlphaInterval").asDouble())
                .isCloseTo(org.dancelens.classify.ratings.RaterAgreement.krippendorffAlphaInterval(ratings), within(1e-9));
        JsonNode ana = c.at("/leaveOneRaterOut/0");
        assertThat(ana.get("rater").asText()).isEqualTo("ana");
        double anaMae = 0;
        double modelMae = 0;
        for (int s = 0; s < SEGMENTS; s++) {
            double others = (ratings[s][1] + ratings[s][2]) / 2;
            anaMae += Math.abs(ratings[s][0] - others) / SEGMENTS;
            modelMae += Math.abs(score[s] - others) / SEGMENTS;
        }
        assertThat(ana.get("raterMae").asDouble()).isCloseTo(anaMae, within(1e-9));
        assertThat(ana.get("modelMae").asDouble()).isCloseTo(modelMae, within(1e-5));
        for (String f : List.of("scatter-aesthetics.png", "scatter-aesthetics.svg", "bland-altman-aesthetics.png", "bland-altman-aesthetics.svg",
                "report.html", "ratings.csv")) {
            assertThat(dir.resolve("eval").resolve(f)).isNotEmptyFile();
        }
        var svgText = org.dancelens.testsupport.SvgFiles.texts(org.dancelens.testsupport.SvgFiles.parse(dir.resolve("eval/bland-altman-aesthetics.svg")));
        assertThat(String.join(" ", svgText)).contains(String.format(Locale.ROOT, "bias %.3f", bias));
        assertThat(Files.readString(dir.resolve("eval/report.html"))).contains("Is the model as good as a rater?").contains("ICC(2,1)");
        assertThat(Files.readAllLines(dir.resolve("eval/ratings.csv"))).hasSize(SEGMENTS + 1)
                .first().isEqualTo("criterion,item,model,raters_mean,rater:ana,rater:ben,rater:cleo");
    }

    @Test
    void aBadRatingsLineIsOneLineOnStderrAndExitTwo() throws Exception {
        Path video = PlantedRatings.video();
        Files.writeString(dir.resolve("bad.csv"), "video,start_s,end_s,ana,ben\n" + video + ",0,0.5,3,4\n" + video + ",0.5,1,3,x\n");
        CliRun r = CliRun.of("evaluate", "--ratings", dir.resolve("bad.csv").toString(), "--model", "x", "--out", dir.resolve("o").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").contains("bad.csv line 3").contains("'x' as the rater 'ben''s rating");
        assertThat(dir.resolve("o")).doesNotExist();
    }

    @Test
    void aClassifierIsRefusedForRatingsAndBothInputsAreRefused() throws Exception {
        Path video = PlantedRatings.video();
        org.dancelens.testsupport.TestRgbMeans.install(dir, "rgb", 0.02);
        Files.writeString(dir.resolve("r.csv"), "video,rating\n" + video + ",3\n");
        CliRun r = CliRun.of("evaluate", "--ratings", dir.resolve("r.csv").toString(), "--model", "rgb", "--models", dir.toString(),
                "--out", dir.resolve("o").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("dancelens: The model rgb is not a scorer (its card's task is frame-classifier); ratings are compared"
                + " with a scorer's scores.");
        CliRun both = CliRun.of("evaluate", "--ratings", dir.resolve("r.csv").toString(), "--manifest", dir.resolve("r.csv").toString(),
                "--model", "rgb", "--models", dir.toString(), "--out", dir.resolve("o").toString());
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err().strip()).doesNotContain("\n").contains("mutually exclusive");
        CliRun few = CliRun.of("evaluate", "--ratings", dir.resolve("r.csv").toString(), "--model", "rgb", "--models", dir.toString(),
                "--resamples", "5", "--out", dir.resolve("o").toString());
        assertThat(few.code()).isEqualTo(2);
        assertThat(few.err().strip()).isEqualTo("dancelens: --resamples must be from 100 to 1000000 (it is 5).");
    }

    /** Pearson's r from its definition. */
    static double pearson(double[] x, double[] y) {
        double mx = java.util.Arrays.stream(x).average().orElseThrow();
        double my = java.util.Arrays.stream(y).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }
}
