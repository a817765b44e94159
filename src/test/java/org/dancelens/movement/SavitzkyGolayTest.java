package org.dancelens.movement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Savitzky-Golay filter: exact on polynomials up to its order, on equal and unequal steps; gaps stay gaps. */
class SavitzkyGolayTest {
    /** p(t) = 2 - 3t + 0.5t^2 + 0.25t^3 and its derivatives. */
    static double p(double t) {
        return 2 - 3 * t + 0.5 * t * t + 0.25 * t * t * t;
    }

    static double dp(double t) {
        return -3 + t + 0.75 * t * t;
    }

    static double ddp(double t) {
        return 1 + 1.5 * t;
    }

    @Test
    void derivativesOfACubicAreExactOnEqualSteps() {
        double[] t = new double[60];
        double[] y = new double[60];
        for (int i = 0; i < t.length; i++) {
            t[i] = i / 30.0;
            y[i] = p(t[i]);
        }
        double[][][] d = new SavitzkyGolay(9, 3).derivatives(t, new double[][] {y}, 3);
        for (int i = 4; i < 56; i++) {
            assertThat(d[0][0][i]).isCloseTo(p(t[i]), within(1e-9));
            assertThat(d[1][0][i]).isCloseTo(dp(t[i]), within(1e-8));
            assertThat(d[2][0][i]).isCloseTo(ddp(t[i]), within(1e-6));
            assertThat(d[3][0][i]).isCloseTo(1.5, within(1e-4));
        }
        // the centred window does not fit in the first and last 4 samples: gaps there
        assertThat(d[1][0][3]).isNaN();
        assertThat(d[1][0][56]).isNaN();
    }

    @Test
    void derivativesAreExactOnIrregularStepsAndWithShiftedEdgeWindows() {
        Random r = new Random(7);
        double[] t = new double[80];
        double[] y = new double[80];
        for (int i = 1; i < t.length; i++) {
            t[i] = t[i - 1] + 0.02 + 0.03 * r.nextDouble(); // variable frame rate, 20-50 fps
        }
        for (int i = 0; i < t.length; i++) {
            y[i] = p(t[i]);
        }
        assertThat(SavitzkyGolay.uniform(t)).isFalse();
        SavitzkyGolay sg = new SavitzkyGolay(7, 3, SavitzkyGolay.Edges.SHIFT);
        double[] v = sg.derivative(t, y, 1);
        double[] a = sg.derivative(t, y, 2);
        for (int i = 0; i < t.length; i++) { // every sample, ends included
            assertThat(v[i]).isCloseTo(dp(t[i]), within(1e-7));
            assertThat(a[i]).isCloseTo(ddp(t[i]), within(1e-5));
        }
    }

    @Test
    void aLowerOrderSmoothsNoiseAndFitsALineExactly() {
        double[] t = new double[40];
        double[] line = new double[40];
        for (int i = 0; i < t.length; i++) {
            t[i] = i * 0.04;
            line[i] = 5 + 2 * t[i];
        }
        double[] v = new SavitzkyGolay(5, 2).derivative(t, line, 1);
        assertThat(v[10]).isCloseTo(2, within(1e-10));
        // the classic 5-point quadratic smoothing coefficients (-3, 12, 17, 12, -3) / 35 on a unit impulse
        double[] impulse = new double[11];
        impulse[5] = 35;
        double[] s = new SavitzkyGolay(5, 2).derivative(java.util.stream.IntStream.range(0, 11).asDoubleStream().toArray(), impulse, 0);
        assertThat(new double[] {s[3], s[4], s[5], s[6], s[7]}).containsExactly(new double[] {-3, 12, 17, 12, -3}, within(1e-9));
    }

    @Test
    void gapsStayGapsAndAreNeverZero() {
        double[] t = new double[50];
        double[] y = new double[50];
        for (int i = 0; i < t.length; i++) {
            t[i] = i / 25.0;
            y[i] = Math.sin(t[i]);
        }
        y[20] = Double.NaN;
        SavitzkyGolay strict = new SavitzkyGolay(7, 2);
        double[] v = strict.derivative(t, y, 1);
        for (int i = 17; i <= 23; i++) {
            assertThat(v[i]).as("sample %d, window touches the gap", i).isNaN();
        }
        // away from the gap, the derivative of sin: a quadratic fit over 7 samples 0.04 s apart misses the sine's cubic
        // term by cos(t) * (sum k^4 / sum k^2) / 6 * h^2 = 0.0019 cos(t) at most
        assertThat(v[16]).isCloseTo(Math.cos(t[16]), within(2e-3));
        assertThat(v[24]).isCloseTo(Math.cos(t[24]), within(2e-3));
        double[] shifted = new SavitzkyGolay(7, 2, SavitzkyGolay.Edges.SHIFT).derivative(t, y, 1);
        assertThat(shifted[20]).isNaN();
        assertThat(shifted[19]).isCloseTo(Math.cos(t[19]), within(5e-3)); // an off-centre fit: a larger truncation error
        // a stretch shorter than the window is all gap
        double[] shortStretch = y.clone();
        shortStretch[24] = Double.NaN;
        double[] w = new SavitzkyGolay(7, 2, SavitzkyGolay.Edges.SHIFT).derivative(t, shortStretch, 0);
        for (int i = 20; i <= 24; i++) {
            assertThat(w[i]).isNaN();
        }
    }

    @Test
    void badParametersAreRefusedInOneSentence() {
        assertThatThrownBy(() -> new SavitzkyGolay(8, 2)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("odd");
        assertThatThrownBy(() -> new SavitzkyGolay(3, 3)).hasMessageContaining("more than the order");
        assertThatThrownBy(() -> new SavitzkyGolay(7, 2).derivative(new double[7], new double[7], 3)).hasMessageContaining("raise the order");
        assertThat(SavitzkyGolay.forDuration(0.25, 1 / 30.0, 3, SavitzkyGolay.Edges.GAP).window()).isEqualTo(9);
    }
}
