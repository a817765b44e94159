package org.dancelens.classify.ratings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hipparchus.random.RandomGenerator;
import org.hipparchus.random.Well19937c;
import org.hipparchus.stat.correlation.PearsonsCorrelation;
import org.hipparchus.stat.correlation.SpearmansCorrelation;
import org.hipparchus.stat.descriptive.rank.Percentile;
import org.hipparchus.stat.regression.SimpleRegression;

/**
 * How well a model's scores agree with a reference (the mean of the raters): Pearson r with a percentile bootstrap
 * 95% interval, Spearman rho, mean squared and absolute error, mean bias, the Bland–Altman limits of agreement and the
 * least-squares line of the model's score on the reference; and the leave-one-rater-out comparison of the model with
 * each rater. Pearson, Spearman, regression and percentiles are Hipparchus's.
 */
public final class ScoreAgreement {
    /** Bootstrap resamples drawn when none are named. */
    public static final int RESAMPLES = 2000;
    /** The bootstrap's seed when none is named, so that a report can be reproduced. */
    public static final long SEED = 20261204L;

    private ScoreAgreement() {
    }

    /**
     * The agreement of {@code model} with {@code reference} over n items. Differences are model minus reference.
     *
     * @param pearson      Pearson's r (NaN when either side does not vary)
     * @param pearsonLow   2.5th percentile of r over the bootstrap resamples (NaN when too few are defined)
     * @param pearsonHigh  97.5th percentile
     * @param spearman     Spearman's rho (ties get their mean rank)
     * @param mse          mean of the squared differences
     * @param mae          mean of the absolute differences
     * @param bias         mean difference (also the Bland–Altman mean difference)
     * @param sdDifference sample standard deviation of the differences (n-1)
     * @param lowerLimit   Bland–Altman lower limit of agreement, bias - 1.96 sd
     * @param upperLimit   upper limit, bias + 1.96 sd
     * @param slope        slope of the least-squares line model = intercept + slope * reference
     * @param intercept    its intercept
     * @param resamples    bootstrap resamples drawn
     * @param defined      resamples on which r was defined (both sides vary) and that entered the percentiles
     * @param seed         the bootstrap's seed
     */
    public record Comparison(int n, double pearson, double pearsonLow, double pearsonHigh, double spearman, double mse, double mae, double bias,
                             double sdDifference, double lowerLimit, double upperLimit, double slope, double intercept, int resamples,
                             int defined, long seed) {
    }

    public static Comparison compare(double[] model, double[] reference) {
        return compare(model, reference, RESAMPLES, SEED);
    }

    /**
     * @throws IllegalArgumentException when the arrays differ in length or hold fewer than two items
     */
    public static Comparison compare(double[] model, double[] reference, int resamples, long seed) {
        int n = model.length;
        if (reference.length != n) {
            throw new IllegalArgumentException("model and reference differ in length");
        }
        if (n < 2) {
            throw new IllegalArgumentException("at least two items are needed");
        }
        double sum = 0;
        double sq = 0;
        double abs = 0;
        for (int i = 0; i < n; i++) {
            double d = model[i] - reference[i];
            sum += d;
            sq += d * d;
            abs += Math.abs(d);
        }
        double bias = sum / n;
        double var = 0;
        for (int i = 0; i < n; i++) {
            double d = model[i] - reference[i] - bias;
            var += d * d;
        }
        double sd = Math.sqrt(var / (n - 1));
        double r = pearson(model, reference);
        double rho = varies(model) && varies(reference) ? new SpearmansCorrelation().correlation(model, reference) : Double.NaN;
        SimpleRegression line = new SimpleRegression();
        for (int i = 0; i < n; i++) {
            line.addData(reference[i], model[i]);
        }
        double[] rs = bootstrap(model, reference, resamples, seed);
        double low = Double.NaN;
        double high = Double.NaN;
        if (rs.length >= Math.max(10, resamples / 2)) { // fewer: too many resamples without variance to say anything
            Percentile p = new Percentile();
            p.setData(rs);
            low = p.evaluate(2.5);
            high = p.evaluate(97.5);
        }
        return new Comparison(n, r, low, high, rho, sq / n, abs / n, bias, sd, bias - 1.96 * sd, bias + 1.96 * sd, line.getSlope(),
                line.getIntercept(), resamples, rs.length, seed);
    }

    /** Pearson's r, or NaN when either side does not vary. */
    public static double pearson(double[] x, double[] y) {
        return varies(x) && varies(y) ? new PearsonsCorrelation().correlation(x, y) : Double.NaN;
    }

    /** r on each of the resamples (pairs drawn with replacement) on which it is defined. */
    static double[] bootstrap(double[] x, double[] y, int resamples, long seed) {
        RandomGenerator random = new Well19937c(seed);
        int n = x.length;
        double[] bx = new double[n];
        double[] by = new double[n];
        double[] out = new double[resamples];
        int kept = 0;
        for (int b = 0; b < resamples; b++) {
            for (int i = 0; i < n; i++) {
                int k = random.nextInt(n);
                bx[i] = x[k];
                by[i] = y[k];
            }
            double r = pearson(bx, by);
            if (!Double.isNaN(r)) {
                out[kept++] = r;
            }
        }
        return Arrays.copyOf(out, kept);
    }

    private static boolean varies(double[] v) {
        for (double x : v) {
            if (x != v[0]) {
                return true;
            }
        }
        return false;
    }

    /**
     * One rater left out: the rater's and the model's agreement with the mean of the other raters, on the items this
     * rater rated and at least one other rater rated too.
     */
    public record LeftOut(String rater, int n, double raterPearson, double raterMae, double modelPearson, double modelMae) {
    }

    /**
     * Is the model as good as a rater? For each rater j, the reference is the mean of the other raters' ratings of each
     * item; the rater's Pearson r and MAE against it stand next to the model's against the same reference.
     *
     * @param model   the model's score of each item (NaN: not scored; such items are left out)
     * @param ratings {@code ratings[item][rater]}, NaN where not given
     */
    public static List<LeftOut> leaveOneRaterOut(List<String> raters, double[] model, double[][] ratings) {
        List<LeftOut> out = new ArrayList<>();
        for (int j = 0; j < raters.size(); j++) {
            List<double[]> rows = new ArrayList<>(); // rater, model, others' mean
            for (int i = 0; i < ratings.length; i++) {
                double own = ratings[i][j];
                if (Double.isNaN(own) || Double.isNaN(model[i])) {
                    continue;
                }
                double s = 0;
                int m = 0;
                for (int o = 0; o < ratings[i].length; o++) {
                    if (o != j && !Double.isNaN(ratings[i][o])) {
                        s += ratings[i][o];
                        m++;
                    }
                }
                if (m > 0) {
                    rows.add(new double[] {own, model[i], s / m});
                }
            }
            int n = rows.size();
            double[] rater = rows.stream().mapToDouble(r -> r[0]).toArray();
            double[] mod = rows.stream().mapToDouble(r -> r[1]).toArray();
            double[] ref = rows.stream().mapToDouble(r -> r[2]).toArray();
            out.add(new LeftOut(raters.get(j), n, n < 2 ? Double.NaN : pearson(rater, ref), mae(rater, ref),
                    n < 2 ? Double.NaN : pearson(mod, ref), mae(mod, ref)));
        }
        return out;
    }

    /**
     * One plain sentence answering "is the model as good as a rater?" from the leave-one-rater-out table: the mean of
     * the model's r against each rater's reference (the mean of the other raters) next to the range of the raters' own r
     * against the same references. Within the range: as good as a rater; above it: better than any; below: worse than
     * every one. The three are compared rounded to three decimals, as they are shown.
     */
    public static String verdict(List<LeftOut> rows) {
        if (rows.size() < 2) {
            return "With fewer than two raters there is no panel to compare the model with.";
        }
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        double model = 0;
        int n = 0;
        for (LeftOut l : rows) {
            if (Double.isNaN(l.raterPearson()) || Double.isNaN(l.modelPearson())) {
                continue;
            }
            low = Math.min(low, l.raterPearson());
            high = Math.max(high, l.raterPearson());
            model += l.modelPearson();
            n++;
        }
        if (n == 0) {
            return "Too few items rated by more than one rater (or too little variation) to compare the model with the raters.";
        }
        // compared as shown (three decimals), so that the sentence agrees with the numbers beside it
        model = Math.round(model / n * 1000) / 1000.0;
        low = Math.round(low * 1000) / 1000.0;
        high = Math.round(high * 1000) / 1000.0;
        String numbers = String.format(java.util.Locale.ROOT, "the model's r with the other raters' mean (%.3f on average) %s the raters' own (%.3f to %.3f)",
                model, model > high ? "is above" : model >= low ? "is within" : "is below", low, high);
        if (model > high) {
            return "Yes, better than any rater: " + numbers + ".";
        }
        return model >= low ? "Yes, as good as a rater: " + numbers + "." : "No, not as good as a rater: " + numbers + ".";
    }

    private static double mae(double[] a, double[] b) {
        if (a.length == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += Math.abs(a[i] - b[i]);
        }
        return s / a.length;
    }
}
