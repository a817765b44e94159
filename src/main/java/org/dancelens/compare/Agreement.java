package org.dancelens.compare;

import java.util.Arrays;

/**
 * The agreement measures the comparisons share, written from their definitions: Jensen–Shannon divergence, Cohen's
 * kappa, Spearman's rank correlation (average ranks for ties) and the IoU of two maps' strongest cells.
 */
public final class Agreement {
    private static final double LN2 = Math.log(2);

    private Agreement() {
    }

    /**
     * Jensen–Shannon divergence in bits (log base 2), so it lies in [0, 1]: 0 for equal distributions, 1 for
     * distributions with disjoint support. Both vectors are first renormalised to sum 1. NaN when a vector has a negative
     * or non-finite value or sums to 0 (it is then no distribution), or when the lengths differ.
     */
    public static double jensenShannon(double[] p, double[] q) {
        if (p.length != q.length || p.length == 0) {
            return Double.NaN;
        }
        double sp = sum(p);
        double sq = sum(q);
        if (!(sp > 0) || !(sq > 0) || Double.isInfinite(sp) || Double.isInfinite(sq)) {
            return Double.NaN;
        }
        double js = 0;
        for (int i = 0; i < p.length; i++) {
            double a = p[i] / sp;
            double b = q[i] / sq;
            double m = (a + b) / 2;
            if (a > 0) {
                js += 0.5 * a * Math.log(a / m);
            }
            if (b > 0) {
                js += 0.5 * b * Math.log(b / m);
            }
        }
        return Math.max(0, Math.min(1, js / LN2));
    }

    /** The sum, or NaN when a value is negative or not finite. */
    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            if (!(x >= 0) || Double.isInfinite(x)) {
                return Double.NaN;
            }
            s += x;
        }
        return s;
    }

    /**
     * Cohen's kappa of a square confusion table ({@code table[i][j]}: items rater A put in category i and rater B in
     * category j): {@code (po - pe) / (1 - pe)} with {@code po} the observed agreement (diagonal / total) and {@code pe}
     * the agreement expected by chance, {@code sum_k rowTotal_k * colTotal_k / total^2}. NaN for an empty table; when
     * {@code pe} is 1 (both raters always used one and the same category) kappa is undefined: NaN.
     */
    public static double cohenKappa(long[][] table) {
        int k = table.length;
        long n = 0;
        long diag = 0;
        long[] rows = new long[k];
        long[] cols = new long[k];
        for (int i = 0; i < k; i++) {
            if (table[i].length != k) {
                throw new IllegalArgumentException("kappa needs a square table");
            }
            for (int j = 0; j < k; j++) {
                n += table[i][j];
                rows[i] += table[i][j];
                cols[j] += table[i][j];
            }
            diag += table[i][i];
        }
        if (n == 0) {
            return Double.NaN;
        }
        double po = (double) diag / n;
        double pe = 0;
        for (int i = 0; i < k; i++) {
            pe += (double) rows[i] / n * ((double) cols[i] / n);
        }
        if (pe >= 1 - 1e-12) {
            return Double.NaN;
        }
        return (po - pe) / (1 - pe);
    }

    /** Ranks 1..n of the values, ties given the average of the ranks they span. */
    public static double[] ranks(double[] v) {
        int n = v.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
        double[] r = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && Double.compare(v[order[j + 1]], v[order[i]]) == 0) {
                j++;
            }
            double avg = (i + j) / 2.0 + 1; // ranks i+1 .. j+1
            for (int t = i; t <= j; t++) {
                r[order[t]] = avg;
            }
            i = j + 1;
        }
        return r;
    }

    /**
     * Spearman's rank correlation: Pearson's correlation of the average ranks (the form that stays exact with ties,
     * unlike {@code 1 - 6 sum d^2 / (n (n^2 - 1))}). NaN when the lengths differ, fewer than two values, a value is not
     * finite, or one side is constant (its ranks have no variance).
     */
    public static double spearman(double[] x, double[] y) {
        if (x.length != y.length || x.length < 2) {
            return Double.NaN;
        }
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                return Double.NaN;
            }
        }
        return pearson(ranks(x), ranks(y));
    }

    /** Pearson's correlation; NaN when either side has no variance. */
    public static double pearson(double[] x, double[] y) {
        int n = x.length;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - mx;
            double dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        if (sxx <= 0 || syy <= 0) {
            return Double.NaN;
        }
        return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
    }

    /**
     * The strongest {@code fraction} of the cells: every cell at least as strong as the {@code ceil(fraction * n)}-th
     * strongest (so cells tied with it all count, and the set can be larger than the fraction).
     */
    public static boolean[] strongest(double[] v, double fraction) {
        int n = v.length;
        boolean[] top = new boolean[n];
        if (n == 0) {
            return top;
        }
        int k = Math.max(1, Math.min(n, (int) Math.ceil(fraction * n - 1e-9)));
        double[] sorted = v.clone();
        Arrays.sort(sorted);
        double threshold = sorted[n - k];
        for (int i = 0; i < n; i++) {
            top[i] = v[i] >= threshold;
        }
        return top;
    }

    /** Intersection over union of two cell sets of equal length; NaN when both are empty. */
    public static double iou(boolean[] a, boolean[] b) {
        int inter = 0;
        int union = 0;
        for (int i = 0; i < a.length; i++) {
            inter += a[i] && b[i] ? 1 : 0;
            union += a[i] || b[i] ? 1 : 0;
        }
        return union == 0 ? Double.NaN : (double) inter / union;
    }
}
