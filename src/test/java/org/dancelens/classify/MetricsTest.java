package org.dancelens.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.dancelens.classify.Metrics.ClassMetrics;
import org.dancelens.classify.Metrics.Evaluation;
import org.dancelens.classify.Metrics.Prediction;
import org.dancelens.core.DanceLensException;
import org.junit.jupiter.api.Test;

class MetricsTest {
    private static final double EPS = 1e-12;
    private static final List<String> BHT = List.of("ballet", "hiphop", "tango");

    /** A prediction whose ranking starts with {@code first} and goes on with the other labels in model order. */
    private static Prediction p(String item, String truth, String first, List<String> labels) {
        List<String> ranked = new ArrayList<>();
        ranked.add(first);
        labels.stream().filter(l -> !l.equals(first)).forEach(ranked::add);
        return new Prediction(item, truth, ranked);
    }

    /**
     * Worked out on paper. 10 items, true -> predicted:
     * <pre>
     *   ballet (4): ballet, ballet, ballet, hiphop
     *   hiphop (3): hiphop, hiphop, tango
     *   tango  (3): tango, ballet, ballet
     *
     *   confusion [true][predicted]     ballet hiphop tango | support
     *                          ballet      3      1     0   |   4
     *                          hiphop      0      2     1   |   3
     *                          tango       2      0     1   |   3
     *                          predicted   5      3     2
     *   accuracy = (3 + 2 + 1) / 10 = 0.6
     *   precision: ballet 3/5, hiphop 2/3, tango 1/2
     *   recall:    ballet 3/4, hiphop 2/3, tango 1/3
     *   F1:        ballet 2(.6)(.75)/1.35 = 2/3, hiphop 2/3, tango 2(1/2)(1/3)/(5/6) = 2/5
     *   macro P = (3/5 + 2/3 + 1/2) / 3 = (53/30) / 3 = 53/90
     *   macro R = (3/4 + 2/3 + 1/3) / 3 = 7/12 = balanced accuracy (every class is in the truth)
     *   macro F1 = (2/3 + 2/3 + 2/5) / 3 = 26/45   (not the F1 of macro P and R, which would be 0.5860...)
     *   top-3 = 1 (each ranking holds all 3 labels); no top-5 with 3 labels
     * </pre>
     */
    @Test
    void threeClassesByHand() {
        String[][] rows = {
            {"ballet", "ballet"}, {"ballet", "ballet"}, {"ballet", "ballet"}, {"ballet", "hiphop"},
            {"hiphop", "hiphop"}, {"hiphop", "hiphop"}, {"hiphop", "tango"},
            {"tango", "tango"}, {"tango", "ballet"}, {"tango", "ballet"}};
        List<Prediction> ps = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            ps.add(p("clip" + i, rows[i][0], rows[i][1], BHT));
        }
        Evaluation e = Metrics.evaluate(BHT, ps);

        assertThat(e.n()).isEqualTo(10);
        assertThat(e.confusion()).isDeepEqualTo(new int[][] {{3, 1, 0}, {0, 2, 1}, {2, 0, 1}});
        assertThat(e.accuracy()).isCloseTo(0.6, within(EPS));
        assertThat(e.macroPrecision()).isCloseTo(53.0 / 90, within(EPS));
        assertThat(e.macroRecall()).isCloseTo(7.0 / 12, within(EPS));
        assertThat(e.balancedAccuracy()).isCloseTo(7.0 / 12, within(EPS));
        assertThat(e.macroF1()).isCloseTo(26.0 / 45, within(EPS));
        assertThat(e.topK()).containsOnlyKeys(1, 3);
        assertThat(e.topK().get(1)).isCloseTo(0.6, within(EPS));
        assertThat(e.topK().get(3)).isCloseTo(1.0, within(EPS));

        assertThat(e.perClass()).extracting(ClassMetrics::label).containsExactlyElementsOf(BHT);
        assertClass(e.perClass().get(0), 3.0 / 5, 3.0 / 4, 2.0 / 3, 4, 5);
        assertClass(e.perClass().get(1), 2.0 / 3, 2.0 / 3, 2.0 / 3, 3, 3);
        assertClass(e.perClass().get(2), 1.0 / 2, 1.0 / 3, 2.0 / 5, 3, 2);
    }

    /**
     * Six labels a..f, five items (true -> ranked):
     * <pre>
     *   a -> a b c d e f   true at rank 1
     *   b -> c b a d e f   rank 2
     *   c -> a b d c e f   rank 4
     *   d -> a b c e f d   rank 6
     *   d -> e d a b c f   rank 2
     *   top-1 = 1/5, top-3 = 3/5, top-5 = 4/5
     *
     *   predicted: a 3 times (1 right), c once (wrong), e once (wrong, e is in no truth); b, d never; f nowhere.
     *   a: P 1/3, R 1/1, F1 = 2(1/3)(1)/(4/3) = 1/2
     *   b: P 0 (never predicted), R 0/1, F1 0      c: P 0/1, R 0/1, F1 0
     *   d: P 0 (never predicted), R 0/2, F1 0      e: P 0/1, R 0 (support 0, predicted), F1 0
     *   f: in neither truth nor prediction: NaN, left out
     *   macro over a..e (5 classes): P = (1/3)/5 = 1/15, R = 1/5, F1 = (1/2)/5 = 1/10
     *   balanced accuracy over the classes in the truth (a..d): (1 + 0 + 0 + 0) / 4 = 1/4
     * </pre>
     */
    @Test
    void topKAndClassesAbsentFromTruthOrPredictions() {
        List<String> labels = List.of("a", "b", "c", "d", "e", "f");
        List<Prediction> ps = List.of(
                new Prediction("1", "a", List.of("a", "b", "c", "d", "e", "f")),
                new Prediction("2", "b", List.of("c", "b", "a", "d", "e", "f")),
                new Prediction("3", "c", List.of("a", "b", "d", "c", "e", "f")),
                new Prediction("4", "d", List.of("a", "b", "c", "e", "f", "d")),
                new Prediction("5", "d", List.of("e", "d", "a", "b", "c", "f")));
        Evaluation e = Metrics.evaluate(labels, ps);

        assertThat(e.topK()).containsOnlyKeys(1, 3, 5);
        assertThat(e.topK().get(1)).isCloseTo(0.2, within(EPS));
        assertThat(e.topK().get(3)).isCloseTo(0.6, within(EPS));
        assertThat(e.topK().get(5)).isCloseTo(0.8, within(EPS));
        assertThat(e.accuracy()).isCloseTo(0.2, within(EPS));
        assertClass(e.perClass().get(0), 1.0 / 3, 1, 0.5, 1, 3);
        assertClass(e.perClass().get(1), 0, 0, 0, 1, 0);
        assertClass(e.perClass().get(2), 0, 0, 0, 1, 1);
        assertClass(e.perClass().get(3), 0, 0, 0, 2, 0);
        assertClass(e.perClass().get(4), 0, 0, 0, 0, 1);
        ClassMetrics f = e.perClass().get(5);
        assertThat(f.present()).isFalse();
        assertThat(f.precision()).isNaN();
        assertThat(f.recall()).isNaN();
        assertThat(f.f1()).isNaN();
        assertThat(e.macroPrecision()).isCloseTo(1.0 / 15, within(EPS));
        assertThat(e.macroRecall()).isCloseTo(1.0 / 5, within(EPS));
        assertThat(e.macroF1()).isCloseTo(1.0 / 10, within(EPS));
        assertThat(e.balancedAccuracy()).isCloseTo(1.0 / 4, within(EPS));
    }

    @Test
    void shortRankingsCountWhatTheyHold() {
        // Two labels ranked only: top-3 cannot see a true label the model did not rank.
        List<String> labels = List.of("a", "b", "c", "d");
        Evaluation e = Metrics.evaluate(labels, List.of(
                new Prediction("1", "c", List.of("a", "b")),
                new Prediction("2", "b", List.of("a", "b"))));
        assertThat(e.topK()).containsOnlyKeys(1, 3);
        assertThat(e.topK().get(1)).isZero();
        assertThat(e.topK().get(3)).isCloseTo(0.5, within(EPS));
    }

    /** A second, independent computation: counting straight from the predictions, no confusion matrix. */
    @Test
    void agreesWithDirectCountingOnRandomData() {
        Random rnd = new Random(20240611L);
        List<String> labels = List.of("ballet", "hiphop", "tango", "waltz", "salsa", "folk", "krump");
        for (int round = 0; round < 20; round++) {
            List<String> truthPool = labels.subList(0, 3 + rnd.nextInt(4)); // some labels never true
            List<Prediction> ps = new ArrayList<>();
            int n = 1 + rnd.nextInt(80);
            for (int i = 0; i < n; i++) {
                String truth = truthPool.get(rnd.nextInt(truthPool.size()));
                List<String> ranked = new ArrayList<>(labels);
                Collections.shuffle(ranked, rnd);
                if (rnd.nextDouble() < 0.5) { // often right, to get a realistic mix
                    ranked.remove(truth);
                    ranked.add(0, truth);
                }
                ps.add(new Prediction("item" + i, truth, ranked.subList(0, 1 + rnd.nextInt(labels.size()))));
            }
            Evaluation e = Metrics.evaluate(labels, ps);

            double sumP = 0, sumR = 0, sumF = 0, sumTruthR = 0;
            int present = 0, inTruth = 0;
            for (int c = 0; c < labels.size(); c++) {
                String l = labels.get(c);
                long tp = ps.stream().filter(p -> p.trueLabel().equals(l) && p.ranked().get(0).equals(l)).count();
                long fp = ps.stream().filter(p -> !p.trueLabel().equals(l) && p.ranked().get(0).equals(l)).count();
                long fn = ps.stream().filter(p -> p.trueLabel().equals(l) && !p.ranked().get(0).equals(l)).count();
                ClassMetrics cm = e.perClass().get(c);
                assertThat(cm.support()).isEqualTo(tp + fn);
                assertThat(cm.predicted()).isEqualTo(tp + fp);
                if (tp + fp + fn == 0) {
                    assertThat(cm.f1()).isNaN();
                    continue;
                }
                double prec = tp + fp == 0 ? 0 : tp / (double) (tp + fp);
                double rec = tp + fn == 0 ? 0 : tp / (double) (tp + fn);
                // F1 from counts: 2TP / (2TP + FP + FN), equal to the harmonic mean where it is defined.
                double f1 = tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
                assertThat(cm.precision()).isCloseTo(prec, within(1e-12));
                assertThat(cm.recall()).isCloseTo(rec, within(1e-12));
                assertThat(cm.f1()).isCloseTo(f1, within(1e-12));
                sumP += prec;
                sumR += rec;
                sumF += f1;
                present++;
                if (tp + fn > 0) {
                    sumTruthR += rec;
                    inTruth++;
                }
            }
            long right = ps.stream().filter(p -> p.trueLabel().equals(p.ranked().get(0))).count();
            assertThat(e.accuracy()).isCloseTo(right / (double) n, within(1e-12));
            assertThat(e.macroPrecision()).isCloseTo(sumP / present, within(1e-12));
            assertThat(e.macroRecall()).isCloseTo(sumR / present, within(1e-12));
            assertThat(e.macroF1()).isCloseTo(sumF / present, within(1e-12));
            assertThat(e.balancedAccuracy()).isCloseTo(sumTruthR / inTruth, within(1e-12));
            for (int k : List.of(1, 3, 5)) {
                long hits = ps.stream().filter(p -> p.ranked().stream().limit(k).anyMatch(p.trueLabel()::equals)).count();
                assertThat(e.topK().get(k)).isCloseTo(hits / (double) n, within(1e-12));
            }
            int total = 0;
            for (int[] row : e.confusion()) {
                for (int v : row) {
                    total += v;
                }
            }
            assertThat(total).isEqualTo(n);
        }
    }

    @Test
    void unknownTrueLabelNamesItAndTheModelsLabels() {
        assertThatThrownBy(() -> Metrics.evaluate(BHT, List.of(
                p("a.mp4", "ballet", "ballet", BHT),
                p("b.mp4", "salsa", "tango", BHT),
                p("c.mp4", "Tango", "tango", BHT))))
                .isInstanceOfSatisfying(DanceLensException.class,
                        e -> assertThat(e.kind()).isEqualTo(DanceLensException.Kind.BAD_INPUT))
                .hasMessage("The true labels 'salsa' (first on b.mp4), 'Tango' (first on c.mp4) are not among the model's "
                        + "labels: ballet, hiphop, tango; 'Tango' differs from 'tango' only in case or spaces.");
    }

    @Test
    void badLabelListsAndEmptyInputAreErrors() {
        assertThatThrownBy(() -> Metrics.evaluate(List.of("a", "b", "a"), List.of(new Prediction("x", "a", List.of("a")))))
                .isInstanceOf(DanceLensException.class).hasMessageContaining("names 'a' twice");
        assertThatThrownBy(() -> Metrics.evaluate(BHT, List.of()))
                .isInstanceOf(DanceLensException.class).hasMessageContaining("nothing to evaluate");
        assertThatThrownBy(() -> Metrics.evaluate(BHT, List.of(new Prediction("x", "tango", List.of("polka")))))
                .isInstanceOfSatisfying(DanceLensException.class,
                        e -> assertThat(e.kind()).isEqualTo(DanceLensException.Kind.INTERNAL))
                .hasMessageContaining("'polka'").hasMessageContaining("ballet, hiphop, tango");
    }

    @Test
    void evaluationIsImmutable() {
        Evaluation e = Metrics.evaluate(BHT, List.of(p("x", "ballet", "ballet", BHT)));
        e.confusion()[0][0] = 99;
        assertThat(e.confusion()[0][0]).isEqualTo(1);
    }

    private static void assertClass(ClassMetrics c, double p, double r, double f1, int support, int predicted) {
        assertThat(c.precision()).as(c.label() + " precision").isCloseTo(p, within(EPS));
        assertThat(c.recall()).as(c.label() + " recall").isCloseTo(r, within(EPS));
        assertThat(c.f1()).as(c.label() + " F1").isCloseTo(f1, within(EPS));
        assertThat(c.support()).as(c.label() + " support").isEqualTo(support);
        assertThat(c.predicted()).as(c.label() + " predicted").isEqualTo(predicted);
        assertThat(c.present()).isTrue();
    }
}
