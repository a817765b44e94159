package org.dancelens.movement;

import java.util.ArrayList;
import java.util.List;

/**
 * Synchrony of two dancers by windowed cross-correlation (S. M. Boker, M. Xu, J. L. Rotondo and K. King, "Windowed
 * cross-correlation and peak picking for the analysis of variability in the association between behavioral time
 * series", Psychological Methods 7(3):338–355, 2002).
 *
 * <p>Both signals are put on the same equal steps ({@link Resampled}). For each window of {@code windowSeconds} of
 * dancer A, starting every {@code hopSeconds}, the Pearson correlation with B's window of the same length shifted by
 * every lag from {@code -maxLagSeconds} to {@code +maxLagSeconds} is computed (each window's own means and variances,
 * as in Boker et al.); the window's peak is the lag with the highest correlation, refined between samples by the
 * parabola through it and its neighbours. (Boker et al. pick the local maximum nearest lag 0; DanceLens picks the
 * highest, which is the same for one clear peak.) A positive lag means B moves later than A: B at time t + lag matches A
 * at time t, as in call and response. A window in which either signal has a gap, or is constant, has no peak (NaN);
 * so has a window too near either end for B to be shifted by every lag (it keeps its zero-lag correlation), so that
 * a peak is never picked from part of the lag range.
 */
public final class Synchrony {
    private Synchrony() {
    }

    /** Window length, hop and the largest lag, all in seconds. */
    public record Options(double windowSeconds, double hopSeconds, double maxLagSeconds) {
        /** 4 s windows every 0.5 s, lags up to 2 s. */
        public static final Options DEFAULT = new Options(4, 0.5, 2);

        public Options {
            if (!(windowSeconds > 0) || !(hopSeconds > 0) || !(maxLagSeconds >= 0)) {
                throw new IllegalArgumentException("Synchrony needs a positive window and hop and a lag of 0 s or more, got " + windowSeconds + " s, "
                        + hopSeconds + " s and " + maxLagSeconds + " s.");
            }
        }
    }

    /**
     * One window's result.
     *
     * @param start       time of the window's first sample (A's window)
     * @param end         time of its last sample
     * @param lagSeconds  the lag of the highest correlation (positive: B follows A), NaN when none
     * @param peak        the highest correlation, -1..1, NaN when none
     * @param zeroLag     the correlation at lag 0 (unison), NaN when undefined
     */
    public record Window(double start, double end, double lagSeconds, double peak, double zeroLag) {
    }

    /** Windowed cross-correlation of two signals sampled at the same times {@code t} (gaps as NaN). */
    public static List<Window> windowed(double[] t, double[] a, double[] b, Options options) {
        if (a.length != t.length || b.length != t.length) {
            throw new IllegalArgumentException("Synchrony needs two signals on the same " + t.length + " times, got " + a.length + " and " + b.length
                    + " values.");
        }
        double step = Resampled.medianStep(t);
        double[] ra = Resampled.of(t, a, step).values();
        Resampled rb0 = Resampled.of(t, b, step);
        double[] rb = rb0.values();
        int w = (int) Math.round(options.windowSeconds() / step);
        int hop = Math.max(1, (int) Math.round(options.hopSeconds() / step));
        int maxLag = (int) Math.round(options.maxLagSeconds() / step);
        List<Window> out = new ArrayList<>();
        if (w < 3) {
            throw new IllegalArgumentException("A synchrony window must hold at least 3 samples, got " + w + ".");
        }
        for (int s = 0; s + w <= ra.length; s += hop) {
            double[] r = new double[2 * maxLag + 1];
            double bestR = Double.NaN;
            int bestK = 0;
            double zero = Double.NaN;
            boolean allLags = s - maxLag >= 0 && s + maxLag + w <= rb.length;
            for (int k = -maxLag; k <= maxLag; k++) {
                double c = !allLags && k != 0 ? Double.NaN : pearson(ra, s, rb, s + k, w);
                r[k + maxLag] = c;
                if (k == 0) {
                    zero = c;
                }
                if (allLags && Double.isFinite(c) && !(c <= bestR)) {
                    bestR = c;
                    bestK = k;
                }
            }
            double lag = Double.NaN;
            if (Double.isFinite(bestR)) {
                int i = bestK + maxLag;
                double shift = 0;
                if (i > 0 && i < r.length - 1 && Double.isFinite(r[i - 1]) && Double.isFinite(r[i + 1])) {
                    double denom = r[i - 1] - 2 * r[i] + r[i + 1];
                    shift = denom < 0 ? 0.5 * (r[i - 1] - r[i + 1]) / denom : 0;
                }
                lag = (bestK + shift) * step;
            }
            out.add(new Window(rb0.time(s), rb0.time(s + w - 1), lag, bestR, zero));
        }
        return out;
    }

    /** Pearson correlation of x[xs, xs+n) and y[ys, ys+n); NaN with a gap or a constant window. */
    static double pearson(double[] x, int xs, double[] y, int ys, int n) {
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[xs + i];
            my += y[ys + i];
        }
        if (!Double.isFinite(mx) || !Double.isFinite(my)) {
            return Double.NaN;
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[xs + i] - mx;
            double dy = y[ys + i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : Double.NaN;
    }
}
