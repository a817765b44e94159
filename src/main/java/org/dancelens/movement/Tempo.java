package org.dancelens.movement;

import java.util.ArrayList;
import java.util.List;

/**
 * Movement tempo: the dominant periodicity of a movement signal (DanceLens uses the dancer's energy, {@link Energy}),
 * in beats per minute, over sliding windows.
 *
 * <p>Per window, the signal (put on equal steps, {@link Resampled}) minus its mean is correlated with itself at every
 * lag between {@code 60 / maxBpm} and {@code 60 / minBpm} seconds; the correlation at lag k is the Pearson-style
 * normalised product {@code sum x_i x_(i+k) / sqrt(sum x_i^2 * sum x_(i+k)^2)} over the overlapping samples, so a
 * periodic signal scores near 1 at its period and at every multiple of it. The tempo's period is the shortest lag
 * whose local maximum reaches 90 % of the highest one in the range (so a multiple of the period is not taken for it),
 * refined between samples by the parabola through that maximum and its neighbours; the tempo is 60 over that period,
 * and its strength that correlation. A window with a gap, a constant signal or no local maximum in the range has no
 * tempo (NaN), nor has one whose signal never reaches a given level (the facade passes the stillness threshold's
 * energy: a window in which the dancer is still throughout has no tempo).
 *
 * <p>What one beat is: a speed- or energy-based signal peaks once per swing of a limb, so a limb swinging back and
 * forth f times per second has a movement tempo of 2 f beats per second (one beat per swing, as a dancer swinging an
 * arm on every beat).
 */
public final class Tempo {
    private Tempo() {
    }

    /** Window length and hop in seconds, and the tempo range in BPM. */
    public record Options(double windowSeconds, double hopSeconds, double minBpm, double maxBpm) {
        /** 6 s windows every 0.5 s, 40 to 200 BPM. */
        public static final Options DEFAULT = new Options(6, 0.5, 40, 200);

        public Options {
            if (!(minBpm > 0) || !(maxBpm > minBpm)) {
                throw new IllegalArgumentException("A tempo range needs 0 < min < max BPM, got " + minBpm + " to " + maxBpm + ".");
            }
            if (!(hopSeconds > 0) || !(windowSeconds >= 2 * 60 / minBpm)) {
                throw new IllegalArgumentException("A tempo window must hold two periods of the slowest tempo (" + 2 * 60 / minBpm
                        + " s) and the hop must be positive, got " + windowSeconds + " s and " + hopSeconds + " s.");
            }
        }
    }

    /**
     * One window's tempo.
     *
     * @param start    window start, seconds
     * @param end      window end, seconds
     * @param bpm      tempo in beats per minute, NaN when none
     * @param strength the normalised autocorrelation at the period (up to 1), NaN when none
     */
    public record Estimate(double start, double end, double bpm, double strength) {
        public double centre() {
            return 0.5 * (start + end);
        }
    }

    /** The tempo of sliding windows over a signal sampled at times {@code t} (gaps as NaN). */
    public static List<Estimate> overTime(double[] t, double[] signal, Options options) {
        return overTime(t, signal, options, 0);
    }

    /**
     * The tempo of sliding windows over a signal sampled at times {@code t} (gaps as NaN); a window in which the signal
     * never reaches {@code minPeak} (a still dancer: only rounding noise is left to correlate) has no tempo.
     */
    public static List<Estimate> overTime(double[] t, double[] signal, Options options, double minPeak) {
        Resampled r = Resampled.of(t, signal, Resampled.medianStep(t));
        int w = (int) Math.round(options.windowSeconds() / r.step());
        int hop = Math.max(1, (int) Math.round(options.hopSeconds() / r.step()));
        List<Estimate> out = new ArrayList<>();
        if (w > r.size()) {
            return out;
        }
        for (int s = 0; s + w <= r.size(); s += hop) {
            double[] x = java.util.Arrays.copyOfRange(r.values(), s, s + w);
            double[] e = Stats.percentile(x, 100) < minPeak ? new double[] {Double.NaN, Double.NaN} : dominant(x, r.step(), options.minBpm(), options.maxBpm());
            out.add(new Estimate(r.time(s), r.time(s + w - 1), e[0], e[1]));
        }
        return out;
    }

    /** The tempo of one equally spaced window: {bpm, strength}, NaNs when there is none. */
    public static double[] dominant(double[] x, double step, double minBpm, double maxBpm) {
        double[] none = {Double.NaN, Double.NaN};
        double mean = 0;
        for (double v : x) {
            if (!Double.isFinite(v)) {
                return none;
            }
            mean += v;
        }
        mean /= x.length;
        double[] c = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            c[i] = x[i] - mean;
        }
        int minLag = Math.max(1, (int) Math.floor(60 / maxBpm / step));
        int maxLag = Math.min(x.length - 2, (int) Math.ceil(60 / minBpm / step));
        if (maxLag <= minLag + 1) {
            return none;
        }
        double[] r = new double[maxLag + 2];
        for (int k = Math.max(1, minLag - 1); k <= maxLag + 1 && k < x.length - 1; k++) {
            r[k] = correlation(c, k);
        }
        double best = Double.NEGATIVE_INFINITY;
        List<Integer> peaks = new ArrayList<>();
        for (int k = minLag; k <= maxLag && k + 1 < r.length; k++) {
            if (k - 1 >= 1 && r[k] > r[k - 1] && r[k] >= r[k + 1] && Double.isFinite(r[k])) {
                peaks.add(k);
                best = Math.max(best, r[k]);
            }
        }
        if (peaks.isEmpty() || !(best > 0)) {
            return none;
        }
        for (int k : peaks) {
            if (r[k] >= 0.9 * best) {
                double denom = r[k - 1] - 2 * r[k] + r[k + 1];
                double shift = denom < 0 ? 0.5 * (r[k - 1] - r[k + 1]) / denom : 0;
                double lag = (k + shift) * step;
                double bpm = 60 / lag;
                if (bpm < minBpm || bpm > maxBpm) {
                    continue;
                }
                return new double[] {bpm, r[k]};
            }
        }
        return none;
    }

    private static double correlation(double[] c, int k) {
        double xy = 0;
        double xx = 0;
        double yy = 0;
        for (int i = 0; i + k < c.length; i++) {
            xy += c[i] * c[i + k];
            xx += c[i] * c[i];
            yy += c[i + k] * c[i + k];
        }
        return xx > 0 && yy > 0 ? xy / Math.sqrt(xx * yy) : Double.NaN;
    }

    /**
     * The tempo per sample: the estimate of the window whose centre is nearest the sample's time, among the windows
     * that hold it; NaN where none does or that window has no tempo. {@code strength} selects the strength instead.
     */
    public static double[] perSample(double[] t, List<Estimate> estimates, boolean strength) {
        double[] out = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            Estimate nearest = null;
            for (Estimate e : estimates) {
                if (t[i] >= e.start() - 1e-9 && t[i] <= e.end() + 1e-9
                        && (nearest == null || Math.abs(e.centre() - t[i]) < Math.abs(nearest.centre() - t[i]))) {
                    nearest = e;
                }
            }
            out[i] = nearest == null ? Double.NaN : strength ? nearest.strength() : nearest.bpm();
        }
        return out;
    }
}
