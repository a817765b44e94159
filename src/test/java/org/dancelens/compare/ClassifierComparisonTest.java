package org.dancelens.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.ScoreSeries;
import org.dancelens.core.TaskContext;
import org.junit.jupiter.api.Test;

/** Classifier comparison with planted disagreements: labels by name, kappa, confusion, segments, JS. */
class ClassifierComparisonTest {
    private static float[] oneHot(int i, int n) {
        float[] v = new float[n];
        v[i] = 1;
        return v;
    }

    @Test
    void plantedDisagreementsGiveTheHandWorkedKappaConfusionAndSegments() {
        // A: labels (Ballet, Jazz); B: (" jazz", "BALLET ", "krump"): matched by name, krump unmatched.
        // 50 frames as the textbook table: both ballet 20 (frames 0-19), A ballet B jazz 5 (20-24),
        // A jazz B ballet 10 (25-34), both jazz 15 (35-49). kappa = 0.4 (po 0.7, pe 0.5).
        int n = 50;
        int[] frames = new int[n];
        float[][] a = new float[n][];
        float[][] b = new float[n][];
        for (int f = 0; f < n; f++) {
            frames[f] = f;
            int ta = f < 25 ? 0 : 1;             // A: 0 ballet, 1 jazz
            int tb = f < 20 || (f >= 25 && f < 35) ? 1 : 0; // B: 1 ballet, 0 jazz
            a[f] = oneHot(ta, 2);
            b[f] = oneHot(tb, 3);
        }
        ScoreSeries sa = new ScoreSeries(-1, List.of("Ballet", "Jazz"), frames, a);
        ScoreSeries sb = new ScoreSeries(-1, List.of(" jazz", "BALLET ", "krump"), frames, b);
        ClassifierComparison.Result r = ClassifierComparison.compare(List.of(sa), List.of(sb), Map.of(), TaskContext.NONE);

        assertThat(r.labels().bOfA()).containsExactly(1, 0);
        assertThat(r.labels().unmatchedA()).isEmpty();
        assertThat(r.labels().unmatchedB()).containsExactly("krump");
        assertThat(r.summary().frames()).isEqualTo(50);
        assertThat(r.summary().agreeing()).isEqualTo(35);
        assertThat(r.summary().agreement()).isCloseTo(0.7, within(1e-12));
        assertThat(r.summary().kappa()).isCloseTo(0.4, within(1e-12));
        // rows A (Ballet, Jazz), columns B (jazz, BALLET, krump)
        assertThat(r.confusion().counts()).isDeepEqualTo(new long[][] {{5, 20, 0}, {15, 10, 0}});
        // disagreeing frames 20-34 are one run of consecutive frames
        assertThat(r.segments()).containsExactly(new ClassifierComparison.Segment(-1, -1, 20, 34, "Jazz", "BALLET "));
        // JS over the matched labels: one-hots on the same label 0, on different labels 1
        assertThat(r.frames().get(0).js()).isCloseTo(0, within(1e-12));
        assertThat(r.frames().get(22).js()).isCloseTo(1, within(1e-12));
        assertThat(r.summary().meanJs()).isCloseTo(15.0 / 50, within(1e-12));
    }

    @Test
    void aTopLabelTheOtherRunLacksIsADisagreementNotDropped() {
        int[] frames = {3, 4, 6};
        ScoreSeries a = new ScoreSeries(-1, List.of("a", "b"), frames, new float[][] {{0.9f, 0.1f}, {0.9f, 0.1f}, {0.9f, 0.1f}});
        ScoreSeries b = new ScoreSeries(-1, List.of("a", "b", "c"), new int[] {3, 4, 6, 7},
                new float[][] {{0.1f, 0.1f, 0.8f}, {0.1f, 0.1f, 0.8f}, {0.5f, 0.2f, 0.3f}, {1, 0, 0}});
        ClassifierComparison.Result r = ClassifierComparison.compare(List.of(a), List.of(b), Map.of(), TaskContext.NONE);
        assertThat(r.frames()).extracting(ClassifierComparison.Frame::agree).containsExactly(false, false, true);
        assertThat(r.summary().framesOnlyB()).isEqualTo(1);
        assertThat(r.segments()).containsExactly(new ClassifierComparison.Segment(-1, -1, 3, 4, "a", "c"));
        // kappa over categories (a, b, c): table rows A a:{a:1, c:2}; po = 1/3, pe = 1 * 1/3 = 1/3: kappa 0
        assertThat(r.summary().kappa()).isCloseTo(0, within(1e-12));
        // JS on the matched labels (a, b) renormalised: frame 3 has (.9, .1) against (.5, .5)
        double js = Agreement.jensenShannon(new double[] {0.9, 0.1}, new double[] {0.5, 0.5});
        assertThat(r.frames().get(0).js()).isCloseTo(js, within(1e-6)).isPositive();
    }

    @Test
    void perDancerRunsAreComparedDancerByDancer() {
        ScoreSeries a1 = new ScoreSeries(1, List.of("x", "y"), new int[] {0, 1}, new float[][] {{1, 0}, {1, 0}});
        ScoreSeries a2 = new ScoreSeries(2, List.of("x", "y"), new int[] {0, 1}, new float[][] {{0, 1}, {0, 1}});
        ScoreSeries b8 = new ScoreSeries(8, List.of("x", "y"), new int[] {0, 1}, new float[][] {{1, 0}, {0, 1}});
        ScoreSeries b9 = new ScoreSeries(9, List.of("x", "y"), new int[] {0, 1}, new float[][] {{0, 1}, {0, 1}});
        ClassifierComparison.Result r = ClassifierComparison.compare(List.of(a1, a2), List.of(b8, b9), Map.of(1, 8, 2, 9), TaskContext.NONE);
        assertThat(r.frames()).hasSize(4);
        assertThat(r.summary().agreeing()).isEqualTo(3);
        assertThat(r.segments()).containsExactly(new ClassifierComparison.Segment(1, 8, 1, 1, "x", "y"));
        assertThat(r.tracks().unpairedA()).isEmpty();

        ClassifierComparison.Result partial = ClassifierComparison.compare(List.of(a1, a2), List.of(b8, b9), Map.of(1, 8), TaskContext.NONE);
        assertThat(partial.tracks().unpairedA()).containsExactly(2);
        assertThat(partial.tracks().unpairedB()).containsExactly(9);

        ScoreSeries whole = new ScoreSeries(-1, List.of("x", "y"), new int[] {0}, new float[][] {{1, 0}});
        assertThatThrownBy(() -> ClassifierComparison.compare(List.of(a1), List.of(whole), Map.of(), TaskContext.NONE))
                .isInstanceOf(DanceLensException.class)
                .hasMessage("Run A scores each dancer and run B whole frames, so their scores cannot be compared frame by frame.");
    }
}
