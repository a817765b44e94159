package org.dancelens.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.SkeletonSchema;
import org.dancelens.inference.ModelCard;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OrtRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Teaching a scorer on generated dancers whose planted "quality" is a known linear function of their arm-swing
 * amplitude plus rater noise. Amplitude A is uniform on [0.3, 1.2]; the rating is 1 + 4 (A - 0.3) / 0.9 + e with
 * e ~ N(0, 0.4²). The signal part is uniform on [0, 4], variance 16/12, so even a scorer that recovered A exactly
 * would reach only r = sqrt(1.333 / (1.333 + 0.16)) = 0.945 with the ratings: that is the ceiling the noise permits.
 * With 24 rated ranges, r near 0.9 has a sampling standard deviation of about (1 - r²) / sqrt(n - 1) = 0.04; the
 * bound 0.945 - 0.15 = 0.795 allows that three times over plus the learner's own error (tempo, position and phase
 * vary freely, so the learner has to find the amplitude among 136 summary features from few examples).
 */
class ScorerTrainerTest {
    @TempDir
    Path models;

    static final double NOISE = 0.4;
    static final double CEILING = Math.sqrt((16.0 / 12) / (16.0 / 12 + NOISE * NOISE));

    /** An arm-waving COCO-17 world track at 30 fps with the given swing amplitude; tempo, phase and position vary with the seed. */
    static PoseTrack waver(double amp, double seconds, long seed) {
        Random r = new Random(seed);
        double tempo = 1.2 + r.nextDouble();
        double phase = r.nextDouble() * 6.28;
        double dx = r.nextGaussian() * 0.5;
        int n = (int) Math.round(seconds * 30);
        int[] frames = new int[n];
        double[] times = new double[n];
        float[][][] pts = new float[n][17][3];
        for (int i = 0; i < n; i++) {
            frames[i] = i;
            times[i] = i / 30.0;
            double s = Math.sin(2 * Math.PI * tempo * times[i] + phase);
            for (int j = 0; j < 17; j++) {
                double x = StyleTrainerTest.BASE[j][0] + dx;
                double y = StyleTrainerTest.BASE[j][1];
                double z = StyleTrainerTest.BASE[j][2];
                if (j >= 7 && j <= 10) {
                    y -= amp * (j >= 9 ? 0.35 : 0.15) * (1 + s);
                    x += amp * 0.05 * s * (j % 2 == 1 ? 1 : -1);
                }
                pts[i][j][0] = (float) (x + r.nextGaussian() * 0.005);
                pts[i][j][1] = (float) (y + r.nextGaussian() * 0.005);
                pts[i][j][2] = (float) (z + r.nextGaussian() * 0.005);
            }
        }
        return new PoseTrack(1, SkeletonSchema.COCO_17, true, frames, times, pts);
    }

    static List<ScorerTrainer.Example> rated(int n, long seed) {
        Random r = new Random(seed);
        List<ScorerTrainer.Example> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double amp = 0.3 + 0.9 * r.nextDouble();
            double rating = 1 + 4 * (amp - 0.3) / 0.9 + NOISE * r.nextGaussian();
            out.add(new ScorerTrainer.Example("range-" + i, rating, waver(amp, 4, seed * 100 + i)));
        }
        return out;
    }

    @Test
    void recoversAPlantedQualityAndItsOnnxExportAgrees() {
        ScorerTrainer.Trained t = ScorerTrainer.train(rated(24, 7), "quality", StyleTrainer.Settings.defaults(true), "my-scorer", "My scorer", models);
        ScorerTrainer.Report rep = t.report();
        for (ScorerTrainer.CurvePoint p : rep.curve()) {
            System.out.printf("k=%d subsets=%d r=%.3f sd=%.3f %s%n", p.k(), p.subsets(), p.meanR(), p.sdR(), p.note());
        }
        System.out.printf("ceiling r permitted by the noise: %.3f; %d windows from %d rated ranges%n", CEILING, rep.windows(), rep.ranges());
        assertThat(rep.ranges()).isEqualTo(24);
        assertThat(rep.curve()).extracting(ScorerTrainer.CurvePoint::k).containsExactly(1, 5, 10, 24);
        ScorerTrainer.CurvePoint one = rep.curve().get(0);
        assertThat(one.note()).isEqualTo(ScorerTrainer.TOO_FEW);
        assertThat(one.meanR()).isNaN();
        ScorerTrainer.CurvePoint all = rep.curve().get(3);
        assertThat(all.note()).isNull();
        assertThat(rep.curve().get(2).subsets()).isEqualTo(ScorerTrainer.REPEATS);

        ModelCard card = ModelCard.read(t.entry().cardFile());
        assertThat(card.task()).isEqualTo(ModelCard.Task.SCORER);
        assertThat(card.labels()).containsExactly("quality");
        ModelRegistry reg = ModelRegistry.scan(List.of(models));
        assertThat(reg.problems()).isEmpty();

        // the exported ONNX, run through the project's sequence inference, gives the trainer's predictions
        SkeletonRecipe recipe = StyleTrainer.recipe("x", StyleTrainer.Settings.defaults(true));
        List<float[]> windows = new ArrayList<>();
        for (ScorerTrainer.Example e : rated(3, 99)) {
            for (SequenceClassifier.Window w : SequenceClassifier.windows(e.track(), recipe, "x")) {
                windows.add(recipe.features(SequenceClassifier.applySigns(w.frames(), recipe, "x")));
            }
        }
        ScorerTrainer.Learned learner = ScorerTrainer.lastLearned;
        try (SequenceClassifier sc = SequenceClassifier.open(reg.find("my-scorer"), OrtRuntime.Device.CPU)) {
            assertThat(sc.head().decoding()).isEqualTo("score");
            List<SequenceClassifier.Prediction> p = sc.predictFeatures(windows, "windows");
            double worst = 0;
            for (int i = 0; i < windows.size(); i++) {
                double java = learner.predict(StyleTrainer.summary(windows.get(i), recipe.length(), recipe.features()));
                worst = Math.max(worst, Math.abs(p.get(i).scores()[0] - java));
            }
            System.out.printf("largest ONNX-vs-trainer difference over %d windows: %.2e%n", windows.size(), worst);
            assertThat(worst).isLessThan(1e-4);
        }
        assertThat(all.meanR()).isGreaterThan(CEILING - 0.15).isLessThanOrEqualTo(1.0);
    }

    @Test
    void equalRatingsOrTooFewRangesAreExplained() {
        List<ScorerTrainer.Example> same = List.of(new ScorerTrainer.Example("a", 3, waver(0.5, 3, 1)), new ScorerTrainer.Example("b", 3, waver(1, 3, 2)));
        assertThatThrownBy(() -> ScorerTrainer.train(same, "quality", StyleTrainer.Settings.defaults(true), "x", "x", models))
                .isInstanceOf(DanceLensException.class).hasMessageContaining("same quality rating");
        assertThatThrownBy(() -> ScorerTrainer.train(List.of(new ScorerTrainer.Example("a", 3, waver(0.5, 3, 1))), "quality",
                StyleTrainer.Settings.defaults(true), "x", "x", models))
                .isInstanceOf(DanceLensException.class).hasMessageContaining("at least two rated ranges");
    }
}
