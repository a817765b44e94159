package org.dancelens.movement;

import java.util.Arrays;

/** Small statistics over series with gaps: the gaps (NaN) are left out. */
public final class Stats {
    private Stats() {
    }

    /** The values that are not gaps, sorted. */
    static double[] present(double[] values) {
        return Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
    }

    /**
     * The p-th percentile (0..100) of the values that are not gaps, interpolating linearly between the closest ranks:
     * Hyndman and Fan's definition 7 ("Sample quantiles in statistical packages", The American Statistician
     * 50(4):361–365, 1996), the default of R and NumPy. NaN when every value is a gap.
     */
    public static double percentile(double[] values, double p) {
        return percentileOfSorted(present(values), p);
    }

    static double percentileOfSorted(double[] sorted, double p) {
        if (!(p >= 0 && p <= 100)) {
            throw new IllegalArgumentException("A percentile is between 0 and 100, got " + p + ".");
        }
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double h = (sorted.length - 1) * p / 100;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /** Mean of the values that are not gaps; NaN when all are. */
    public static double mean(double[] values) {
        double s = 0;
        int n = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                s += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    /** Median of the values that are not gaps; NaN when all are. */
    public static double median(double[] values) {
        return percentile(values, 50);
    }

    /** Number of values that are not gaps. */
    public static int count(double[] values) {
        int n = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                n++;
            }
        }
        return n;
    }
}
