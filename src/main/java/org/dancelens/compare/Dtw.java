package org.dancelens.compare;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.TaskContext;

/**
 * Dynamic time warping of two sequences of lengths {@code n} and {@code m}, written from the definition (Sakoe &amp;
 * Chiba 1978) with the symmetric step pattern ("symmetric2" of Giorgino's dtw package):
 * <pre>
 *   D(0,0) = 2 c(0,0)
 *   D(i,j) = min( D(i-1,j-1) + 2 c(i,j),  D(i-1,j) + c(i,j),  D(i,j-1) + c(i,j) )
 * </pre>
 * The path runs from {@code (0,0)} to {@code (n-1,m-1)}; every path's weights sum to {@code n + m}, so the normalised cost
 * {@code D(n-1,m-1) / (n + m)} is a weighted mean frame cost, comparable across lengths.
 *
 * <p><b>Window.</b> Optionally a Sakoe–Chiba band, slanted for unequal lengths so that the corner is always inside it:
 * cell {@code (i,j)} is allowed when {@code |j - i (m-1)/(n-1)| <= r}, {@code r = ceil(fraction * max(n, m))}
 * (at least the band's advance per row, so that a path exists).
 *
 * <p><b>Memory.</b> Two rows of accumulated cost and one byte per cell for the step taken: {@code n * m} bytes, at most
 * {@link #MAX_CELLS} cells; longer sequences are refused in one sentence.
 */
public final class Dtw {
    /** At most this many cells (n x m): 60 MB of steps, e.g. 7,700 x 7,700 frames (over 4 minutes at 30 fps on each side). */
    public static final long MAX_CELLS = 60_000_000L;

    /** The cost of matching element {@code i} of A with element {@code j} of B (finite, non-negative). */
    @FunctionalInterface
    public interface Cost {
        double cost(int i, int j);
    }

    /**
     * @param path      the aligned index pairs {@code [i, j]}, from {@code (0,0)} to {@code (n-1,m-1)}, each step moving i,
     *                  j or both by one
     * @param total     D(n-1, m-1)
     * @param normalised total / (n + m)
     */
    public record Result(List<int[]> path, double total, double normalised) {
    }

    private static final byte DIAGONAL = 1;
    private static final byte UP = 2; // from (i-1, j)
    private static final byte LEFT = 3; // from (i, j-1)

    private Dtw() {
    }

    /**
     * Aligns the sequences.
     *
     * @param window the Sakoe–Chiba band as a fraction of the longer length, or NaN (or {@code >= 1}) for none
     * @throws DanceLensException (bad input) when a side is empty or {@code n * m} exceeds {@link #MAX_CELLS}
     */
    public static Result align(int n, int m, Cost cost, double window, TaskContext ctx) {
        if (n <= 0 || m <= 0) {
            throw DanceLensException.badInput("There is nothing to align: one of the sequences has no frame.");
        }
        if ((long) n * m > MAX_CELLS) {
            throw DanceLensException.badInput("The sequences have " + n + " and " + m + " frames, more than time warping can hold in memory (at most "
                    + MAX_CELLS / 1_000_000 + " million frame pairs): compare shorter ranges.");
        }
        boolean banded = !Double.isNaN(window) && window < 1 && n > 1 && m > 1;
        if (banded && !(window > 0)) {
            throw DanceLensException.badInput("The window must be a fraction of the length above 0 (e.g. 0.1), not " + window + ".");
        }
        double slope = n > 1 ? (double) (m - 1) / (n - 1) : 0;
        // at least one row's advance, so that consecutive rows' bands touch (a path exists)
        double r = banded ? Math.max(Math.ceil(window * Math.max(n, m)), Math.ceil(slope)) : Double.POSITIVE_INFINITY;
        byte[] step = new byte[n * m];
        double[] prev = new double[m];
        double[] cur = new double[m];
        java.util.Arrays.fill(prev, Double.POSITIVE_INFINITY);
        for (int i = 0; i < n; i++) {
            if ((i & 63) == 0) {
                ctx.checkCancelled();
                ctx.progress((double) i / n, "aligning");
            }
            java.util.Arrays.fill(cur, Double.POSITIVE_INFINITY);
            int lo = 0;
            int hi = m - 1;
            if (banded) {
                double centre = n > 1 ? i * slope : (m - 1) / 2.0;
                lo = (int) Math.max(0, Math.ceil(centre - r));
                hi = (int) Math.min(m - 1, Math.floor(centre + r));
            }
            for (int j = lo; j <= hi; j++) {
                double c = cost.cost(i, j);
                if (i == 0 && j == 0) {
                    cur[0] = 2 * c;
                    continue;
                }
                double best = Double.POSITIVE_INFINITY;
                byte from = 0;
                if (i > 0 && j > 0 && prev[j - 1] + 2 * c < best) {
                    best = prev[j - 1] + 2 * c;
                    from = DIAGONAL;
                }
                if (i > 0 && prev[j] + c < best) {
                    best = prev[j] + c;
                    from = UP;
                }
                if (j > 0 && cur[j - 1] + c < best) {
                    best = cur[j - 1] + c;
                    from = LEFT;
                }
                cur[j] = best;
                step[i * m + j] = from;
            }
            double[] t = prev;
            prev = cur;
            cur = t;
        }
        double total = prev[m - 1];
        if (Double.isInfinite(total)) {
            throw new IllegalStateException("the corner is outside the window");
        }
        List<int[]> path = new ArrayList<>(n + m);
        int i = n - 1;
        int j = m - 1;
        path.add(new int[] {i, j});
        while (i > 0 || j > 0) {
            switch (step[i * m + j]) {
                case DIAGONAL -> {
                    i--;
                    j--;
                }
                case UP -> i--;
                case LEFT -> j--;
                default -> throw new IllegalStateException("no step at " + i + "," + j);
            }
            path.add(new int[] {i, j});
        }
        Collections.reverse(path);
        return new Result(List.copyOf(path), total, total / (n + m));
    }
}
