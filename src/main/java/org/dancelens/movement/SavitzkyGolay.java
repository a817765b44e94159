package org.dancelens.movement;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.QRDecomposition;
import org.hipparchus.linear.RealMatrix;

/**
 * Savitzky–Golay smoothing and differentiation: at each sample, a polynomial of degree {@code order} is fitted by least
 * squares to the {@code window} samples around it, and the smoothed value and the derivatives are those of the fitted
 * polynomial at that sample (A. Savitzky and M. J. E. Golay, "Smoothing and differentiation of data by simplified least
 * squares procedures", Analytical Chemistry 36(8):1627–1639, 1964).
 *
 * <p>Irregular time steps: the polynomial is fitted on the samples' actual times (not on their indices), so variable
 * frame rates need no resampling; on equal steps this is exactly the classic convolution filter. The least-squares
 * solution is the pseudo-inverse of the window's Vandermonde matrix, from Hipparchus's QR decomposition; times are
 * centred on the sample and scaled by the window's mean step to keep the matrix well conditioned. With equal steps
 * the pseudo-inverses are computed once per window position and reused; with unequal steps they are kept for the last
 * time grid filtered (compared by value), so the many series of one track share them.
 *
 * <p>Gaps: a sample is a gap when any of its coordinates is NaN. A window never reaches over a gap: with
 * {@link Edges#GAP} a sample whose centred window touches a gap or the end of the series is a gap in the output (so a
 * gap widens by half a window on each side); with {@link Edges#SHIFT} a sample near the edge of a gap-free stretch
 * uses the window of {@code window} samples inside the stretch nearest to it and evaluates the polynomial at its own
 * time (SciPy's {@code savgol_filter(mode='interp')} does the same at the ends). Either way, a stretch shorter than the
 * window is all gap, and a gap in the input is a gap in the output.
 */
public final class SavitzkyGolay {
    /** What happens near the ends of gap-free stretches. */
    public enum Edges { GAP, SHIFT }

    private final int window;
    private final int order;
    private final Edges edges;
    /** The fits of the last time grid: its times (a copy) and the pseudo-inverses by window start and sample. */
    private volatile Grid last;

    private record Grid(double[] t, boolean uniform, Map<Long, double[][]> fits) {
    }

    /**
     * @param window number of samples fitted, odd, more than {@code order}
     * @param order  degree of the polynomial (2 or 3 are usual; derivatives up to this order are available)
     * @param edges  what happens near the ends of gap-free stretches
     */
    public SavitzkyGolay(int window, int order, Edges edges) {
        if (order < 0) {
            throw new IllegalArgumentException("The polynomial order must be 0 or more, got " + order + ".");
        }
        if (window < 3 || window % 2 == 0 || window <= order) {
            throw new IllegalArgumentException("A Savitzky-Golay window must be an odd number of samples, at least 3 and more than the order "
                    + order + ", got " + window + ".");
        }
        this.window = window;
        this.order = order;
        this.edges = edges;
    }

    public SavitzkyGolay(int window, int order) {
        this(window, order, Edges.GAP);
    }

    /**
     * A filter whose window spans about {@code seconds} at the given sample step: the nearest odd number of samples, at
     * least {@code order + 2} (so the fit still smooths) and at least 3.
     */
    public static SavitzkyGolay forDuration(double seconds, double step, int order, Edges edges) {
        if (!(seconds > 0) || !(step > 0)) {
            throw new IllegalArgumentException("A Savitzky-Golay window needs a positive duration and step, got " + seconds + " s and " + step + " s.");
        }
        int w = (int) Math.round(seconds / step);
        if (w % 2 == 0) {
            w++;
        }
        int min = Math.max(3, order + 2 + ((order + 2) % 2 == 0 ? 1 : 0));
        return new SavitzkyGolay(Math.max(w, min), order, edges);
    }

    public int window() {
        return window;
    }

    public int order() {
        return order;
    }

    public Edges edges() {
        return edges;
    }

    /** The k-th derivative (0: the smoothed values) of one series sampled at times {@code t}. */
    public double[] derivative(double[] t, double[] values, int k) {
        return derivatives(t, new double[][] {values}, k)[k][0];
    }

    /**
     * The smoothed values and derivatives 0..maxDerivative of a series of points sampled at times {@code t}.
     *
     * @param t      sample times in seconds, strictly increasing
     * @param coords {@code [dimension][sample]}; a sample with any NaN coordinate is a gap
     * @return {@code [k][dimension][sample]}: derivative k in units per second^k, NaN in gaps
     */
    public double[][][] derivatives(double[] t, double[][] coords, int maxDerivative) {
        if (maxDerivative < 0 || maxDerivative > order) {
            throw new IllegalArgumentException("A polynomial of order " + order + " has derivatives 0 to " + order + ", not " + maxDerivative
                    + "; raise the order.");
        }
        int n = t.length;
        for (double[] c : coords) {
            if (c.length != n) {
                throw new IllegalArgumentException("A series has " + c.length + " values for " + n + " times.");
            }
        }
        double[][][] out = new double[maxDerivative + 1][coords.length][n];
        for (double[][] o : out) {
            for (double[] od : o) {
                Arrays.fill(od, Double.NaN);
            }
        }
        double[] mask = new double[n];
        for (int i = 0; i < n; i++) {
            boolean gap = !Double.isFinite(t[i]);
            for (double[] c : coords) {
                gap |= !Double.isFinite(c[i]);
            }
            mask[i] = gap ? Double.NaN : 0;
        }
        Grid grid = last;
        if (grid == null || !Arrays.equals(grid.t(), t)) {
            grid = new Grid(t.clone(), uniform(t), new ConcurrentHashMap<>());
            last = grid;
        }
        boolean uniform = grid.uniform();
        Map<Long, double[][]> cache = grid.fits();
        int h = window / 2;
        double[] factorial = new double[maxDerivative + 1];
        factorial[0] = 1;
        for (int k = 1; k <= maxDerivative; k++) {
            factorial[k] = factorial[k - 1] * k;
        }
        List<int[]> stretches = Track.stretches(mask);
        for (int[] s : stretches) {
            if (s[1] - s[0] < window) {
                continue;
            }
            for (int i = s[0]; i < s[1]; i++) {
                int lo;
                if (edges == Edges.GAP) {
                    if (i - h < s[0] || i + h >= s[1]) {
                        continue;
                    }
                    lo = i - h;
                } else {
                    lo = Math.min(Math.max(i - h, s[0]), s[1] - window);
                }
                double scale = (t[lo + window - 1] - t[lo]) / (window - 1);
                final int from = lo;
                final int at = i;
                long key = uniform ? i - lo : (long) lo * window + (i - lo);
                double[][] pinv = cache.computeIfAbsent(key, k -> pseudoInverse(t, from, at, scale));
                for (int k = 0; k <= maxDerivative; k++) {
                    double f = factorial[k] / Math.pow(scale, k);
                    double[] row = pinv[k];
                    for (int d = 0; d < coords.length; d++) {
                        double sum = 0;
                        double[] c = coords[d];
                        for (int j = 0; j < window; j++) {
                            sum += row[j] * c[lo + j];
                        }
                        out[k][d][i] = sum * f;
                    }
                }
            }
        }
        return out;
    }

    /** Rows 0..order of the pseudo-inverse of the Vandermonde matrix of the scaled, centred times of a window. */
    private double[][] pseudoInverse(double[] t, int lo, int at, double scale) {
        double[][] v = new double[window][order + 1];
        for (int j = 0; j < window; j++) {
            double u = (t[lo + j] - t[at]) / scale;
            double p = 1;
            for (int m = 0; m <= order; m++) {
                v[j][m] = p;
                p *= u;
            }
        }
        RealMatrix pinv = new QRDecomposition(new Array2DRowRealMatrix(v, false)).getSolver().getInverse();
        return pinv.getData();
    }

    /** Whether all steps are equal to within one part in a million. */
    static boolean uniform(double[] t) {
        if (t.length < 3) {
            return true;
        }
        double step = (t[t.length - 1] - t[0]) / (t.length - 1);
        for (int i = 1; i < t.length; i++) {
            if (Math.abs(t[i] - t[i - 1] - step) > 1e-6 * step) {
                return false;
            }
        }
        return true;
    }
}
