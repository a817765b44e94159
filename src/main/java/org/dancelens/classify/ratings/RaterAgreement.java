package org.dancelens.classify.ratings;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleBinaryOperator;

/**
 * How well raters agree among themselves: intraclass correlation (Shrout &amp; Fleiss 1979, Case 2: two-way random
 * effects, absolute agreement), Krippendorff's alpha (interval and nominal, with missing values) and Fleiss' kappa
 * (categorical labels from several raters). Window-free and file-free: arrays in, numbers out.
 *
 * <p>Ratings are {@code double[target][rater]}, with {@link Double#NaN} for a rating that was not given.
 */
public final class RaterAgreement {

    private RaterAgreement() {
    }

    /**
     * Shrout &amp; Fleiss's ICC(2,1) and ICC(2,k) from the two-way ANOVA of the targets rated by every rater.
     *
     * @param n       targets used (those rated by all k raters)
     * @param k       raters
     * @param bms     between-targets mean square
     * @param jms     between-judges (raters) mean square
     * @param ems     residual mean square
     * @param single  ICC(2,1): the reliability of one rater's rating
     * @param average ICC(2,k): the reliability of the mean of the k raters' ratings
     */
    public record Icc(int n, int k, double bms, double jms, double ems, double single, double average) {
    }

    /**
     * ICC(2,1) and ICC(2,k) (Shrout &amp; Fleiss 1979, equations for Case 2):
     * <pre>
     * ICC(2,1) = (BMS - EMS) / (BMS + (k-1) EMS + k (JMS - EMS) / n)
     * ICC(2,k) = (BMS - EMS) / (BMS + (JMS - EMS) / n)
     * </pre>
     * Only targets rated by every rater enter (the ANOVA needs a complete table). Returns null when fewer than two
     * targets are complete or there are fewer than two raters; the coefficients are NaN when the table has no variance.
     */
    public static Icc icc(double[][] ratings) {
        List<double[]> rows = new ArrayList<>();
        int k = ratings.length == 0 ? 0 : ratings[0].length;
        for (double[] r : ratings) {
            boolean complete = r.length == k;
            for (double v : r) {
                complete &= !Double.isNaN(v);
            }
            if (complete) {
                rows.add(r);
            }
        }
        int n = rows.size();
        if (n < 2 || k < 2) {
            return null;
        }
        double grand = 0;
        double[] rowMean = new double[n];
        double[] colMean = new double[k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                double v = rows.get(i)[j];
                grand += v;
                rowMean[i] += v / k;
                colMean[j] += v / n;
            }
        }
        grand /= (double) n * k;
        double ssRows = 0;
        double ssCols = 0;
        double ssTotal = 0;
        for (int i = 0; i < n; i++) {
            ssRows += k * (rowMean[i] - grand) * (rowMean[i] - grand);
            for (int j = 0; j < k; j++) {
                double d = rows.get(i)[j] - grand;
                ssTotal += d * d;
            }
        }
        for (int j = 0; j < k; j++) {
            ssCols += n * (colMean[j] - grand) * (colMean[j] - grand);
        }
        double ssError = Math.max(0, ssTotal - ssRows - ssCols);
        double bms = ssRows / (n - 1);
        double jms = ssCols / (k - 1);
        double ems = ssError / ((double) (n - 1) * (k - 1));
        double single = (bms - ems) / (bms + (k - 1) * ems + k * (jms - ems) / n);
        double average = (bms - ems) / (bms + (jms - ems) / n);
        return new Icc(n, k, bms, jms, ems, single, average);
    }

    /** Krippendorff's interval metric: the squared difference. */
    public static final DoubleBinaryOperator INTERVAL = (a, b) -> (a - b) * (a - b);
    /** Krippendorff's nominal metric: 0 for equal values, 1 otherwise. */
    public static final DoubleBinaryOperator NOMINAL = (a, b) -> a == b ? 0 : 1;

    /** Krippendorff's alpha for interval data (see {@link #krippendorffAlpha(double[][], DoubleBinaryOperator)}). */
    public static double krippendorffAlphaInterval(double[][] ratings) {
        return krippendorffAlpha(ratings, INTERVAL);
    }

    /**
     * Krippendorff's alpha, {@code 1 - Do/De}, computed from the pairable values (units with at least two values;
     * missing ones are NaN) as in Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability":
     * <pre>
     * Do = 1/n  * sum over units u of  1/(m_u - 1) * sum over ordered pairs i != j in u of delta(v_i, v_j)
     * De = 1/(n (n-1)) * sum over ordered pairs i != j of all n pairable values of delta(v_i, v_j)
     * </pre>
     * with {@code m_u} the number of values in unit u and {@code n} the sum of the {@code m_u}. NaN when there are fewer
     * than two pairable values or they do not vary (De = 0).
     */
    public static double krippendorffAlpha(double[][] ratings, DoubleBinaryOperator delta) {
        List<double[]> units = new ArrayList<>();
        int n = 0;
        for (double[] row : ratings) {
            double[] values = java.util.Arrays.stream(row).filter(v -> !Double.isNaN(v)).toArray();
            if (values.length >= 2) {
                units.add(values);
                n += values.length;
            }
        }
        if (n < 2) {
            return Double.NaN;
        }
        double observed = 0;
        for (double[] u : units) {
            double s = 0;
            for (int i = 0; i < u.length; i++) {
                for (int j = 0; j < u.length; j++) {
                    if (i != j) {
                        s += delta.applyAsDouble(u[i], u[j]);
                    }
                }
            }
            observed += s / (u.length - 1);
        }
        observed /= n;
        double[] all = new double[n];
        int at = 0;
        for (double[] u : units) {
            System.arraycopy(u, 0, all, at, u.length);
            at += u.length;
        }
        double expected = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    expected += delta.applyAsDouble(all[i], all[j]);
                }
            }
        }
        expected /= (double) n * (n - 1);
        return expected == 0 ? Double.NaN : 1 - observed / expected;
    }

    /**
     * Fleiss' kappa (Fleiss 1971) from {@code counts[subject][category]}: how many of the raters put each subject in
     * each category; every subject must have the same number of raters, at least two.
     * <pre>
     * P_i = (sum_j n_ij^2 - n) / (n (n-1)),  P = mean of P_i
     * p_j = sum_i n_ij / (N n),              Pe = sum_j p_j^2
     * kappa = (P - Pe) / (1 - Pe)
     * </pre>
     * NaN when every rating falls in one category (Pe = 1).
     *
     * @throws IllegalArgumentException when the subjects have different numbers of raters, or fewer than two
     */
    public static double fleissKappa(int[][] counts) {
        if (counts.length == 0) {
            throw new IllegalArgumentException("no subjects");
        }
        int categories = counts[0].length;
        int raters = java.util.Arrays.stream(counts[0]).sum();
        if (raters < 2) {
            throw new IllegalArgumentException("Fleiss' kappa needs at least two raters per subject");
        }
        double[] p = new double[categories];
        double meanP = 0;
        for (int[] row : counts) {
            if (row.length != categories || java.util.Arrays.stream(row).sum() != raters) {
                throw new IllegalArgumentException("every subject needs the same number of raters (" + raters + ")");
            }
            double sq = 0;
            for (int j = 0; j < categories; j++) {
                sq += (double) row[j] * row[j];
                p[j] += row[j];
            }
            meanP += (sq - raters) / ((double) raters * (raters - 1));
        }
        meanP /= counts.length;
        double pe = 0;
        for (int j = 0; j < categories; j++) {
            double pj = p[j] / ((double) counts.length * raters);
            pe += pj * pj;
        }
        return pe == 1 ? Double.NaN : (meanP - pe) / (1 - pe);
    }
}
