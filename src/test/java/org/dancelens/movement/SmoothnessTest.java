package org.dancelens.movement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * LDLJ and SPARC of minimum-jerk speed profiles against the definitions computed here on another path: the jerk
 * integral from the profile's analytic second derivative by Simpson's rule, the spectrum by a direct DFT.
 */
class SmoothnessTest {
    static final double FS = 100;

    /** Minimum-jerk speed for a unit distance in duration T starting at t0 (Flash and Hogan 1985), 0 outside. */
    static double minJerkSpeed(double t, double t0, double duration) {
        double s = (t - t0) / duration;
        return s < 0 || s > 1 ? 0 : (30 * s * s - 60 * s * s * s + 30 * s * s * s * s) / duration;
    }

    /** Its second derivative in time. */
    static double minJerkSpeedCurvature(double t, double t0, double duration) {
        double s = (t - t0) / duration;
        return s < 0 || s > 1 ? 0 : (60 - 360 * s + 360 * s * s) / (duration * duration * duration);
    }

    static double[] times(double end) {
        int n = (int) Math.round(end * FS) + 1;
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i / FS;
        }
        return t;
    }

    /** -ln((t2-t1)^3 / vpeak^2 * integral (d2v/dt2)^2), the integral by composite Simpson on a fine grid. */
    static double ldljFromDefinition(java.util.function.DoubleUnaryOperator v, java.util.function.DoubleUnaryOperator dd, double end) {
        int m = 200_000;
        double h = end / m;
        double integral = 0;
        double peak = 0;
        for (int i = 0; i <= m; i++) {
            double x = i * h;
            double w = i == 0 || i == m ? 1 : i % 2 == 1 ? 4 : 2;
            integral += w * dd.applyAsDouble(x) * dd.applyAsDouble(x);
            peak = Math.max(peak, Math.abs(v.applyAsDouble(x)));
        }
        integral *= h / 3;
        return -Math.log(end * end * end / (peak * peak) * integral);
    }

    @Test
    void ldljOfAMinimumJerkProfileIsItsClosedForm() {
        double[] t = times(1);
        double[] v = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            v[i] = minJerkSpeed(t[i], 0, 1);
        }
        // closed form: integral of (60 - 360s + 360s^2)^2 over [0, 1] is 720, peak speed 1.875, so DLJ = 720 / 1.875^2
        double closed = -Math.log(720 / (1.875 * 1.875));
        double defined = ldljFromDefinition(x -> minJerkSpeed(x, 0, 1), x -> minJerkSpeedCurvature(x, 0, 1), 1);
        assertThat(defined).isCloseTo(closed, within(1e-6));
        assertThat(Smoothness.ldlj(t, v, new SavitzkyGolay(9, 3))).isCloseTo(defined, within(0.02));
        // a quartic profile is exact for an order-4 filter: then only the trapezoid rule is left
        assertThat(Smoothness.ldlj(t, v, new SavitzkyGolay(9, 4))).isCloseTo(defined, within(1e-3));
    }

    @Test
    void ldljOfTwoOverlappingSubmovementsIsTheDefinitionsAndLowerThanOnes() {
        double shift = 0.6;
        double end = 1 + shift;
        double[] t = times(end);
        double[] v = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            v[i] = minJerkSpeed(t[i], 0, 1) + minJerkSpeed(t[i], shift, 1);
        }
        double defined = ldljFromDefinition(x -> minJerkSpeed(x, 0, 1) + minJerkSpeed(x, shift, 1),
                x -> minJerkSpeedCurvature(x, 0, 1) + minJerkSpeedCurvature(x, shift, 1), end);
        double measured = Smoothness.ldlj(t, v, new SavitzkyGolay(9, 3));
        double narrower = Smoothness.ldlj(t, v, new SavitzkyGolay(5, 3));
        // the second derivative jumps (by 60 / T^3) where the second submovement starts and where the first ends; the
        // filter's windows round those two corners off, so it is close rather than exact, and closer for a narrower window
        assertThat(measured).isCloseTo(defined, within(0.1));
        assertThat(Math.abs(narrower - defined)).isLessThan(Math.abs(measured - defined));
        assertThat(narrower).isCloseTo(defined, within(0.05));
        double single = Smoothness.ldlj(times(1), java.util.Arrays.stream(times(1)).map(x -> minJerkSpeed(x, 0, 1)).toArray(), new SavitzkyGolay(9, 3));
        assertThat(measured).isLessThan(single);
    }

    /** SPARC by its definition with a direct DFT (no FFT) at the same zero-padded frequencies. */
    static double sparcFromDefinition(double[] v, double fs) {
        int n = v.length;
        int pow = 1;
        while (pow < n) {
            pow *= 2;
        }
        int nfft = pow * 16; // padding level 4
        double df = fs / nfft;
        int kc = (int) Math.floor(10 / df); // 10 Hz
        double[] mag = new double[kc + 1];
        for (int k = 0; k <= kc; k++) {
            double re = 0;
            double im = 0;
            for (int i = 0; i < n; i++) {
                re += v[i] * Math.cos(2 * Math.PI * k * i / nfft);
                im -= v[i] * Math.sin(2 * Math.PI * k * i / nfft);
            }
            mag[k] = Math.hypot(re, im);
        }
        double max = mag[0]; // a non-negative profile's largest magnitude is at 0 Hz
        int first = -1;
        int last = -1;
        for (int k = 0; k <= kc; k++) {
            if (mag[k] / max >= 0.05) {
                first = first < 0 ? k : first;
                last = k;
            }
        }
        double arc = 0;
        for (int k = first + 1; k <= last; k++) {
            arc += Math.hypot(1.0 / (last - first), (mag[k] - mag[k - 1]) / max);
        }
        return -arc;
    }

    @Test
    void sparcOfMinimumJerkProfilesIsTheDefinitionsAndTwoSubmovementsAreLessSmooth() {
        double[] t1 = times(1);
        double[] one = java.util.Arrays.stream(t1).map(x -> minJerkSpeed(x, 0, 1)).toArray();
        double[] t2 = times(1.6);
        double[] two = java.util.Arrays.stream(t2).map(x -> minJerkSpeed(x, 0, 1) + minJerkSpeed(x, 0.6, 1)).toArray();
        double s1 = Smoothness.sparc(one, FS, Smoothness.SparcOptions.DEFAULT);
        double s2 = Smoothness.sparc(two, FS, Smoothness.SparcOptions.DEFAULT);
        assertThat(s1).isCloseTo(sparcFromDefinition(one, FS), within(1e-9));
        assertThat(s2).isCloseTo(sparcFromDefinition(two, FS), within(1e-9));
        assertThat(s1).isNegative();
        assertThat(s2).isLessThan(s1);
        // a gap is no movement to measure
        one[10] = Double.NaN;
        assertThat(Smoothness.sparc(one, FS, Smoothness.SparcOptions.DEFAULT)).isNaN();
        assertThat(Smoothness.ldlj(t1, one, new SavitzkyGolay(9, 3))).isNaN();
    }
}
