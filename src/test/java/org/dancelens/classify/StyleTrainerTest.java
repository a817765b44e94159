package org.dancelens.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.ScoreSeries;
import org.dancelens.core.SkeletonSchema;
import org.dancelens.inference.ModelCard;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OrtRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Teaching a style on generated dancers with known styles: arm waves versus knee bounces, each range with its own
 * tempo, amplitude, phase, position and noise. The trained ONNX model must run as an ordinary sequence classifier
 * and agree with the learner it was exported from.
 */
class StyleTrainerTest {
    @TempDir
    Path models;

    static final double[][] BASE = {{0, -0.62, -0.05}, {0.03, -0.65, -0.04}, {-0.03, -0.65, -0.04}, {0.07, -0.63, 0}, {-0.07, -0.63, 0},
        {0.18, -0.45, 0}, {-0.18, -0.45, 0}, {0.22, -0.2, 0}, {-0.22, -0.2, 0}, {0.24, 0.02, 0}, {-0.24, 0.02, 0},
        {0.1, 0, 0}, {-0.1, 0, 0}, {0.11, 0.43, 0}, {-0.11, 0.43, 0}, {0.11, 0.85, 0}, {-0.11, 0.85, 0}};

    /** {@code seconds} of a COCO-17 world track at 30 fps in one of two styles. */
    static PoseTrack dancer(String style, double seconds, long seed, int firstFrame) {
        Random r = new Random(seed);
        double tempo = style.equals("wave") ? 1.6 + r.nextDouble() : 1.0 + 0.6 * r.nextDouble();
        double amp = 0.8 + 0.4 * r.nextDouble();
        double phase = r.nextDouble() * 6.28;
        double dx = r.nextGaussian() * 0.5;
        int n = (int) Math.round(seconds * 30);
        int[] frames = new int[n];
        double[] times = new double[n];
        float[][][] pts = new float[n][17][3];
        for (int i = 0; i < n; i++) {
            frames[i] = firstFrame + i;
            times[i] = i / 30.0;
            double s = Math.sin(2 * Math.PI * tempo * times[i] + phase);
            for (int j = 0; j < 17; j++) {
                double x = BASE[j][0] + dx;
                double y = BASE[j][1];
                double z = BASE[j][2];
                if (style.equals("wave") && (j >= 7 && j <= 10)) {
                    y -= amp * (j >= 9 ? 0.35 : 0.15) * (1 + s);
                    x += amp * 0.05 * s * (j % 2 == 1 ? 1 : -1);
                } else if (style.equals("bounce")) {
                    double down = amp * 0.08 * (1 + s);
                    if (j < 13) {
                        y += down;
                    } else if (j < 15) {
                        y += down / 2;
                        z -= down;
                    }
                }
                pts[i][j][0] = (float) (x + r.nextGaussian() * 0.005);
                pts[i][j][1] = (float) (y + r.nextGaussian() * 0.005);
                pts[i][j][2] = (float) (z + r.nextGaussian() * 0.005);
            }
        }
        return new PoseTrack(1, SkeletonSchema.COCO_17, true, frames, times, pts);
    }

    static List<StyleTrainer.Example> examples(int rangesPerLabel, double seconds) {
        List<StyleTrainer.Example> ex = new ArrayList<>();
        for (int k = 0; k < rangesPerLabel; k++) {
            ex.add(new StyleTrainer.Example("wave", "wave-" + k, dancer("wave", seconds, 100 + k, 0)));
            ex.add(new StyleTrainer.Example("bounce", "bounce-" + k, dancer("bounce", seconds, 200 + k, 0)));
        }
        return ex;
    }

    private void assertRunsLikeAnyModel(StyleTrainer.Trained t, int minRightOf180) {
        ModelRegistry reg = ModelRegistry.scan(List.of(models));
        assertThat(reg.problems()).isEmpty();
        ModelRegistry.Entry e = reg.find(t.entry().card().id());
        try (SequenceClassifier sc = SequenceClassifier.open(e, OrtRuntime.Device.CPU)) {
            for (String style : List.of("wave", "bounce")) {
                ScoreSeries s = sc.classify(dancer(style, 6, style.hashCode() + 999, 500));
                assertThat(s.frames()).hasSize(180);
                int label = s.labels().indexOf(style);
                int right = 0;
                for (float[] v : s.scores()) {
                    right += Aggregation.argmax(v) == label ? 1 : 0;
                }
                System.out.printf("%s: %d of 180 frames of an unseen %s dancer called %s%n", t.entry().card().id(), right, style, style);
                assertThat(right).as("frames of an unseen %s dancer called %s", style, style).isGreaterThanOrEqualTo(minRightOf180);
            }
        }
    }

    @Test
    void logisticRegressionLearnsTwoStylesAndItsOnnxExportAgrees() {
        StyleTrainer.Trained t = StyleTrainer.train(examples(4, 4), StyleTrainer.Method.LOGISTIC, StyleTrainer.Settings.defaults(true),
                "my-styles", "My styles", models);
        StyleTrainer.Report r = t.report();
        System.out.printf("logistic: %d folds, cross-validated accuracy %.3f, windows %s, confusion %s%n", r.folds(), r.cvAccuracy(),
                r.windowsPerLabel(), java.util.Arrays.deepToString(r.confusion()));
        assertThat(r.folds()).isEqualTo(5);
        assertThat(r.cvAccuracy()).isGreaterThan(0.9);
        assertThat(r.rangesPerLabel()).containsEntry("wave", 4).containsEntry("bounce", 4);
        assertThat(java.util.Arrays.stream(r.confusion()).flatMapToInt(java.util.Arrays::stream).sum())
                .isEqualTo(r.windowsPerLabel().values().stream().mapToInt(Integer::intValue).sum());
        assertThat(t.entry().card().outputs().get(0).decoding()).isEqualTo("probabilities");
        // the card says what the model looks at and was trained on, read back from the file written
        ModelCard written = ModelCard.read(t.entry().cardFile());
        assertThat(written.looksAt()).isEqualTo(ModelCard.LooksAt.SKELETONS);
        assertThat(written.content()).isEqualTo("dance");
        assertThat(written.isAboutDance()).isTrue();
        assertRunsLikeAnyModel(t, 171);
        exportAgreesWithLearner(t);
    }

    @Test
    void nearestPrototypeWorksFromOneExamplePerLabel() {
        StyleTrainer.Trained t = StyleTrainer.train(examples(1, 3), StyleTrainer.Method.PROTOTYPE, StyleTrainer.Settings.defaults(true),
                "few-shot", "Few shot", models);
        System.out.printf("prototype, 1 range per label: folds %d, accuracy %s%n", t.report().folds(), t.report().cvAccuracy());
        assertThat(t.report().folds()).as("no fold can hold out the only range of a label").isZero();
        assertThat(t.report().cvAccuracy()).isNaN();
        // one 3-second example per style: most, not all, frames of a new dancer come out right
        assertRunsLikeAnyModel(t, 135);
        exportAgreesWithLearner(t);
    }

    @Test
    void nearestPrototypeCrossValidatesWithThreeExamplesPerLabel() {
        StyleTrainer.Trained t = StyleTrainer.train(examples(3, 3), StyleTrainer.Method.PROTOTYPE, StyleTrainer.Settings.defaults(true),
                "three-shot", "Three shot", models);
        System.out.printf("prototype, 3 ranges per label: %d folds, accuracy %.3f%n", t.report().folds(), t.report().cvAccuracy());
        assertThat(t.report().folds()).isEqualTo(5);
        assertThat(t.report().cvAccuracy()).isGreaterThan(0.9);
    }

    /** The ONNX model's argmax equals the Java learner's on every training window. */
    private void exportAgreesWithLearner(StyleTrainer.Trained t) {
        SkeletonRecipe recipe = StyleTrainer.recipe("x", StyleTrainer.Settings.defaults(true));
        List<float[]> windows = new ArrayList<>();
        for (StyleTrainer.Example e : examples(2, 3)) {
            for (SequenceClassifier.Window w : SequenceClassifier.windows(e.track(), recipe, "x")) {
                windows.add(recipe.features(SequenceClassifier.applySigns(w.frames(), recipe, "x")));
            }
        }
        try (SequenceClassifier sc = SequenceClassifier.open(t.entry(), OrtRuntime.Device.CPU)) {
            List<SequenceClassifier.Prediction> p = sc.predictFeatures(windows, "windows");
            StyleTrainer.Learned learner = StyleTrainer.lastLearned;
            for (int i = 0; i < windows.size(); i++) {
                double[] x = StyleTrainer.summary(windows.get(i), recipe.length(), recipe.features());
                assertThat(sc.head().labels().get(Aggregation.argmax(p.get(i).scores()))).isEqualTo(learner.labels().get(learner.predict(x)));
            }
        }
    }

    @Test
    void tooFewLabelsOrEmptyRangesAreExplained() {
        assertThatThrownBy(() -> StyleTrainer.train(List.of(new StyleTrainer.Example("wave", "a", dancer("wave", 3, 1, 0))),
                StyleTrainer.Method.LOGISTIC, StyleTrainer.Settings.defaults(true), "x", "x", models))
                .isInstanceOf(DanceLensException.class).hasMessageContaining("at least two labels").hasMessageContaining("'wave'");
        assertThatThrownBy(() -> StyleTrainer.train(List.of(new StyleTrainer.Example("wave", "a", dancer("wave", 3, 1, 0)),
                new StyleTrainer.Example("bounce", "b", dancer("bounce", 0.2, 1, 0))),
                StyleTrainer.Method.LOGISTIC, StyleTrainer.Settings.defaults(true), "x", "x", models))
                .isInstanceOf(DanceLensException.class).hasMessageContaining("'bounce' has no usable stretch");
    }
}
