package org.dancelens.movement;

import java.util.Arrays;
import org.hipparchus.complex.Complex;
import org.hipparchus.transform.DftNormalization;
import org.hipparchus.transform.FastFourierTransformer;
import org.hipparchus.transform.TransformType;

/**
 * Movement smoothness of one movement's speed profile (a gap-free stretch of a point's speed), by the two measures of
 * S. Balasubramanian, A. Melendez-Calderon, A. Roby-Brami and E. Burdet, "On the analysis of movement smoothness",
 * Journal of NeuroEngineering and Rehabilitation 12:112, 2015 (and S. Balasubramanian, A. Melendez-Calderon and E.
 * Burdet, "A robust and sensitive metric for quantifying movement smoothness", IEEE Transactions on Biomedical
 * Engineering 59(8):2126–2136, 2012). Both are dimensionless and closer to 0 for smoother movement.
 */
public final class Smoothness {
    private Smoothness() {
    }

    /**
     * Log dimensionless jerk of a speed profile v(t) over [t1, t2] (the speed-based form, Balasubramanian et al. 2015,
     * eq. for LDLJ):
     * <pre>LDLJ = -ln( (t2 - t1)^3 / v_peak^2 * integral_{t1}^{t2} |d^2 v / dt^2|^2 dt )</pre>
     * with {@code v_peak = max |v|}. The second derivative comes from the Savitzky–Golay filter on the samples' actual
     * times (windows shifted inside the movement at its ends, so the whole movement is covered), the integral from the
     * trapezoid rule on those times. NaN when a sample is a gap, the movement has fewer samples than the filter's
     * window, or the speed is 0 throughout.
     *
     * @param t      sample times in seconds, increasing
     * @param speed  the speed at those times (any length unit per second: the measure is dimensionless)
     * @param filter a filter of order 2 or more (its edge mode is not used: the movement's ends are always shifted)
     */
    public static double ldlj(double[] t, double[] speed, SavitzkyGolay filter) {
        if (t.length != speed.length) {
            throw new IllegalArgumentException("A speed profile needs one time per sample, got " + t.length + " times and " + speed.length + " speeds.");
        }
        if (filter.order() < 2) {
            throw new IllegalArgumentException("The log dimensionless jerk needs a Savitzky-Golay order of at least 2, got " + filter.order() + ".");
        }
        if (speed.length < filter.window() || Arrays.stream(speed).anyMatch(v -> !Double.isFinite(v))) {
            return Double.NaN;
        }
        SavitzkyGolay shifted = new SavitzkyGolay(filter.window(), filter.order(), SavitzkyGolay.Edges.SHIFT);
        double[] dd = shifted.derivative(t, speed, 2);
        double peak = 0;
        for (double v : speed) {
            peak = Math.max(peak, Math.abs(v));
        }
        if (peak == 0) {
            return Double.NaN;
        }
        double integral = 0;
        for (int i = 1; i < t.length; i++) {
            integral += 0.5 * (dd[i] * dd[i] + dd[i - 1] * dd[i - 1]) * (t[i] - t[i - 1]);
        }
        double duration = t[t.length - 1] - t[0];
        return -Math.log(duration * duration * duration / (peak * peak) * integral);
    }

    /** SPARC's parameters: the largest cut-off frequency in Hz, the amplitude threshold, and the zero-padding level. */
    public record SparcOptions(double maxCutoffHz, double amplitudeThreshold, int padLevel) {
        /** The published defaults: 10 Hz, 0.05, 4. */
        public static final SparcOptions DEFAULT = new SparcOptions(10, 0.05, 4);

        public SparcOptions {
            if (!(maxCutoffHz > 0) || !(amplitudeThreshold > 0 && amplitudeThreshold < 1) || padLevel < 0 || padLevel > 8) {
                throw new IllegalArgumentException("SPARC needs a positive cut-off, a threshold between 0 and 1 and a padding level 0 to 8, got "
                        + maxCutoffHz + " Hz, " + amplitudeThreshold + " and " + padLevel + ".");
            }
        }
    }

    /**
     * Spectral arc length (SPARC, Balasubramanian et al. 2015): the negative arc length of the speed profile's
     * normalised Fourier magnitude spectrum over an adaptive band,
     * <pre>SPARC = - integral_0^{wc} sqrt( (1/wc)^2 + (d V^(w) / dw)^2 ) dw,   V^(w) = |V(w)| / |V(0)|</pre>
     * computed as in the authors' reference implementation: the profile is zero-padded to
     * {@code 2^(ceil(log2 n) + padLevel)} samples, its magnitude spectrum (Hipparchus FFT) is divided by its largest
     * value, the frequencies up to {@code maxCutoffHz} are kept and then cut to those from the first to the last whose
     * normalised magnitude reaches {@code amplitudeThreshold}, and the arc length is summed over that band with
     * frequencies divided by the band's width.
     *
     * @param speed           equally spaced speed samples (a movement: gap-free)
     * @param samplesPerSecond their rate in Hz
     * @return SPARC (negative; closer to 0 is smoother); NaN for a gap, fewer than 2 samples or a zero speed profile
     */
    public static double sparc(double[] speed, double samplesPerSecond, SparcOptions options) {
        if (!(samplesPerSecond > 0)) {
            throw new IllegalArgumentException("SPARC needs a positive sample rate, got " + samplesPerSecond + ".");
        }
        if (speed.length < 2 || Arrays.stream(speed).anyMatch(v -> !Double.isFinite(v))) {
            return Double.NaN;
        }
        int nfft = 1 << (int) (Math.ceil(Math.log(speed.length) / Math.log(2) - 1e-12) + options.padLevel());
        double[] padded = Arrays.copyOf(speed, nfft);
        Complex[] spectrum = new FastFourierTransformer(DftNormalization.STANDARD).transform(padded, TransformType.FORWARD);
        double[] mag = new double[nfft];
        double max = 0;
        for (int k = 0; k < nfft; k++) {
            mag[k] = spectrum[k].norm();
            max = Math.max(max, mag[k]);
        }
        if (max == 0) {
            return Double.NaN;
        }
        double df = samplesPerSecond / nfft;
        int lastBelowCutoff = (int) Math.min(nfft - 1, Math.floor(options.maxCutoffHz() / df + 1e-9));
        int first = -1;
        int last = -1;
        for (int k = 0; k <= lastBelowCutoff; k++) {
            if (mag[k] / max >= options.amplitudeThreshold()) {
                if (first < 0) {
                    first = k;
                }
                last = k;
            }
        }
        if (first < 0 || last == first) {
            return 0;
        }
        double width = (last - first) * df;
        double arc = 0;
        for (int k = first + 1; k <= last; k++) {
            double dfn = df / width;
            double dm = (mag[k] - mag[k - 1]) / max;
            arc += Math.sqrt(dfn * dfn + dm * dm);
        }
        return -arc;
    }
}
