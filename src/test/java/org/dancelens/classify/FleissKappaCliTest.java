package org.dancelens.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dancelens.core.TaskContext;
import org.dancelens.core.VideoFrame;
import org.dancelens.testsupport.CliRun;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.TestRgbMeans;
import org.dancelens.video.PatternVideoWriter;
import org.dancelens.video.VideoSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dancelens evaluate --manifest} with three raters' labels ({@code rater:NAME} columns): Fleiss' kappa among
 * them, worked out by hand below, and each rater's and the model's agreement with the majority of the other raters.
 * The model is the colour-means classifier on four segments of a generated video (its best label on each worked out
 * from the decoded frames, as in {@link EvaluateCliTest}).
 */
class FleissKappaCliTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final IsolatedData data = new IsolatedData();

    /** The raters' labels, segment by segment (rows) and rater a, b, c (columns). */
    static final String[][] LABELS = {
        {"red", "red", "red"},
        {"red", "red", "green"},
        {"green", "green", "green"},
        {"blue", "green", "blue"},
    };

    @Test
    void fleissKappaAndTheModelNextToEachRater() throws Exception {
        Path video = TestMedia.generated("classify-64x48.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 64, 48, 40, 25).gop(10));
        List<VideoFrame> frames = new ArrayList<>();
        try (VideoSource src = VideoSource.open(video)) {
            src.read(0, 40, frames::add, TestMedia.NO_DAMAGE, TaskContext.NONE);
        }
        TestRgbMeans.install(dir, "rgb", 0.02);
        List<String> labels = List.of("red", "green", "blue");
        String[] predicted = new String[4];
        StringBuilder manifest = new StringBuilder("video,label,start_s,end_s,rater:a,rater:b,rater:c,notes\n");
        for (int seg = 0; seg < 4; seg++) {
            double[] sum = new double[3];
            for (int f = seg * 10; f < seg * 10 + 10; f++) {
                double[] m = TestRgbMeans.channelMeans(frames.get(f));
                double[] p = ClassifierKindsTest.softmax(new double[] {m[0] / 0.02, m[1] / 0.02, m[2] / 0.02});
                for (int c = 0; c < 3; c++) {
                    sum[c] += p[c];
                }
            }
            predicted[seg] = labels.get(sum[0] >= sum[1] && sum[0] >= sum[2] ? 0 : sum[1] >= sum[2] ? 1 : 2);
            manifest.append(video).append(',').append(predicted[seg]).append(',').append(0.4 * seg).append(',').append(0.4 * seg + 0.36)
                    .append(',').append(String.join(",", LABELS[seg])).append(",a note\n");
        }
        Files.writeString(dir.resolve("labels.csv"), manifest);

        CliRun r = CliRun.of("evaluate", "--manifest", dir.resolve("labels.csv").toString(), "--model", "rgb", "--models", dir.toString(),
                "--out", dir.resolve("eval").toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();

        // Fleiss (1971), n = 3 raters, N = 4 items; counts (red, green, blue): (3,0,0), (2,1,0), (0,3,0), (0,1,2).
        // P_i = (sum_j n_ij^2 - n) / (n (n - 1)): 6/6, 2/6, 6/6, 2/6; mean P = 2/3.
        // p_j = 5/12, 5/12, 2/12; Pe = (25 + 25 + 4) / 144 = 3/8. kappa = (2/3 - 3/8) / (1 - 3/8) = (7/24) / (5/8) = 7/15.
        double kappa = 7.0 / 15;
        assertThat(r.out()).contains(String.format(java.util.Locale.ROOT, "raters: Fleiss' kappa %.3f (3 raters, 4 items labelled by all)", kappa));
        JsonNode m = new ObjectMapper().readTree(dir.resolve("eval/metrics.json").toFile());
        assertThat(m.at("/raters/fleissKappa").asDouble()).isCloseTo(kappa, within(1e-12));
        assertThat(m.at("/raters/itemsRatedByAll").asInt()).isEqualTo(4);
        assertThat(m.at("/raters/raters/0").asText()).isEqualTo("a");

        // Majority of the other raters (a tie leaves the item out):
        //  a out: b,c give red | tie | green | tie        -> items 0, 2; a says red, green: 2 of 2
        //  b out: a,c give red | tie | green | blue       -> items 0, 2, 3; b says red, green, green: 2 of 3
        //  c out: a,b give red | red | green | tie        -> items 0, 1, 2; c says red, green, green: 2 of 3
        String[][] majority = {{"red", null, "green", null}, {"red", null, "green", "blue"}, {"red", "red", "green", null}};
        double[] raterAgreement = {1.0, 2.0 / 3, 2.0 / 3};
        int[] n = {2, 3, 3};
        for (int j = 0; j < 3; j++) {
            int modelRight = 0;
            for (int i = 0; i < 4; i++) {
                modelRight += majority[j][i] != null && majority[j][i].equals(predicted[i]) ? 1 : 0;
            }
            JsonNode l = m.at("/raters/leaveOneRaterOut/" + j);
            assertThat(l.get("rater").asText()).isEqualTo(String.valueOf((char) ('a' + j)));
            assertThat(l.get("n").asInt()).isEqualTo(n[j]);
            assertThat(l.get("raterAgreement").asDouble()).isCloseTo(raterAgreement[j], within(1e-12));
            assertThat(l.get("modelAgreement").asDouble()).isCloseTo((double) modelRight / n[j], within(1e-12));
        }
        String html = Files.readString(dir.resolve("eval/report.html"));
        assertThat(html).contains("Fleiss' κ (3 raters, 4 items labelled by all)").contains("0.467").contains("majority label of the other raters");
    }

    @Test
    void aRaterNamedTwiceIsOneSentence() throws Exception {
        Path video = TestMedia.generated("classify-64x48.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 64, 48, 40, 25).gop(10));
        TestRgbMeans.install(dir, "rgb", 0.02);
        Path labels = Files.writeString(dir.resolve("labels.csv"), "video,label,rater:Ana,rater: ana\n" + video + ",red,red,blue\n");
        CliRun r = CliRun.of("evaluate", "--manifest", labels.toString(), "--model", "rgb", "--models", dir.toString(),
                "--out", dir.resolve("eval").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("dancelens: The manifest " + labels + " line 1 names the rater 'ana' twice (columns 'rater:Ana' and"
                + " 'rater: ana').");
    }
}
