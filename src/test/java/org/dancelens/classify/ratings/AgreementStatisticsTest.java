package org.dancelens.classify.ratings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The agreement statistics on published worked examples and on data whose values the test works out. */
class AgreementStatisticsTest {
    private static final double NA = Double.NaN;

    /**
     * Shrout, P. E. &amp; Fleiss, J. L. (1979). Intraclass correlations: uses in assessing rater reliability.
     * Psychological Bulletin 86(2), 420-428. Table 2: 6 targets rated by 4 judges. The paper's Table 3/4 give
     * BMS = 11.24, JMS = 32.49, EMS = 1.02 and, for Case 2, ICC(2,1) = .29 and ICC(2,4) = .62.
     */
    @Test
    void iccOnShroutAndFleissTable2() {
        double[][] table2 = {
            {9, 2, 5, 8},
            {6, 1, 3, 2},
            {8, 4, 6, 8},
            {7, 1, 2, 6},
            {10, 5, 6, 9},
            {6, 2, 4, 7},
        };
        RaterAgreement.Icc icc = RaterAgreement.icc(table2);
        assertThat(icc.n()).isEqualTo(6);
        assertThat(icc.k()).isEqualTo(4);
        assertThat(icc.bms()).isCloseTo(11.24, within(0.005));
        assertThat(icc.jms()).isCloseTo(32.49, within(0.005));
        assertThat(icc.ems()).isCloseTo(1.02, within(0.005));
        assertThat(icc.single()).isCloseTo(0.29, within(0.005));
        assertThat(icc.average()).isCloseTo(0.62, within(0.005));
    }

    @Test
    void iccLeavesOutIncompleteTargetsAndNeedsTwoOfEach() {
        double[][] withGap = {
            {9, 2, 5, 8},
            {6, 1, 3, 2},
            {8, 4, 6, 8},
            {7, 1, 2, 6},
            {10, 5, 6, 9},
            {6, 2, 4, 7},
            {1, NA, 9, 3}, // not rated by every judge: out
        };
        assertThat(RaterAgreement.icc(withGap).n()).isEqualTo(6);
        assertThat(RaterAgreement.icc(withGap).single()).isCloseTo(0.29, within(0.005));
        assertThat(RaterAgreement.icc(new double[][] {{1, 2}})).isNull();
        assertThat(RaterAgreement.icc(new double[][] {{1}, {2}})).isNull();
        // Perfect agreement with varying targets: EMS = JMS = 0, both forms 1.
        assertThat(RaterAgreement.icc(new double[][] {{1, 1}, {3, 3}, {2, 2}}).single()).isCloseTo(1, within(1e-12));
    }

    /**
     * Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for Communication,
     * University of Pennsylvania. Section C: reliability data of 4 observers and 12 units with missing values; the
     * published results are alpha = 0.743 (nominal), 0.815 (ordinal), 0.849 (interval), 0.797 (ratio).
     */
    @Test
    void krippendorffAlphaOnKrippendorffsPublishedExample() {
        double[][] observers = { // rows: observers A, B, C, D; columns: units 1..12 (NA: no value)
            {1, 2, 3, 3, 2, 1, 4, 1, 2, NA, NA, NA},
            {1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NA, 3},
            {NA, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NA},
            {1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NA},
        };
        double[][] units = transpose(observers);
        assertThat(RaterAgreement.krippendorffAlphaInterval(units)).isCloseTo(0.849, within(0.0005));
        assertThat(RaterAgreement.krippendorffAlpha(units, RaterAgreement.NOMINAL)).isCloseTo(0.743, within(0.0005));
    }

    @Test
    void krippendorffAlphaIsOneForPerfectAgreementAndNaNWithoutVariation() {
        assertThat(RaterAgreement.krippendorffAlphaInterval(new double[][] {{1, 1, NA}, {2, NA, 2}, {5, 5, 5}})).isEqualTo(1.0);
        assertThat(RaterAgreement.krippendorffAlphaInterval(new double[][] {{3, 3}, {3, 3}})).isNaN();
        // Two units of two values each, from the definition: pairable values 0,1 | 1,0.
        // Do = (1/4) * [(1+1)/1 + (1+1)/1] = 1; De = (1/(4*3)) * sum over ordered pairs of the 4 values {0,1,1,0}
        // = 8 ordered pairs differ by 1 -> 8/12; alpha = 1 - 1/(8/12) = -0.5.
        assertThat(RaterAgreement.krippendorffAlphaInterval(new double[][] {{0, 1}, {1, 0}})).isCloseTo(-0.5, within(1e-12));
    }

    /**
     * Fleiss' kappa on the worked example in Wikipedia's "Fleiss' kappa" article (10 subjects, 14 raters, 5
     * categories; P = 0.378, Pe = 0.213, kappa = 0.210 as published there). Fleiss, J. L. (1971). Measuring nominal
     * scale agreement among many raters. Psychological Bulletin 76(5), 378-382 gives the formulas.
     */
    @Test
    void fleissKappaOnTheWikipediaWorkedExample() {
        int[][] counts = {
            {0, 0, 0, 0, 14},
            {0, 2, 6, 4, 2},
            {0, 0, 3, 5, 6},
            {0, 3, 9, 2, 0},
            {2, 2, 8, 1, 1},
            {7, 7, 0, 0, 0},
            {3, 2, 6, 3, 0},
            {2, 5, 3, 2, 2},
            {6, 5, 2, 1, 0},
            {0, 2, 2, 3, 7},
        };
        assertThat(RaterAgreement.fleissKappa(counts)).isCloseTo(0.210, within(0.0005));
        assertThat(RaterAgreement.fleissKappa(new int[][] {{2, 0}, {0, 2}})).isEqualTo(1.0);
        assertThatThrownBy(() -> RaterAgreement.fleissKappa(new int[][] {{2, 0}, {0, 3}})).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * x = 1..5, y = 2,4,5,4,5, worked by hand from the definitions: deviations dx = -2,-1,0,1,2, dy = -2,0,1,0,1, so
     * Sxy = 6, Sxx = 10, Syy = 6 and r = 6/sqrt(60). Spearman: the ranks of y with ties averaged are 1,2.5,4.5,2.5,4.5
     * (mean 3), so Sxy = 4+0.5+0-0.5+3 = 7, Syy = 4+0.25+2.25+0.25+2.25 = 9 and rho = 7/sqrt(90). Differences
     * y - x = 1,2,2,0,0: bias 1, MSE 9/5, MAE 1, sample SD sqrt(((0)+1+1+1+1)/4) = 1.
     */
    @Test
    void pearsonSpearmanErrorsAndBlandAltmanOnAHandWorkedExample() {
        double[] x = {1, 2, 3, 4, 5};
        double[] y = {2, 4, 5, 4, 5};
        ScoreAgreement.Comparison c = ScoreAgreement.compare(y, x);
        assertThat(c.n()).isEqualTo(5);
        assertThat(c.pearson()).isCloseTo(6 / Math.sqrt(60), within(1e-12));
        assertThat(c.spearman()).isCloseTo(7 / Math.sqrt(90), within(1e-12));
        assertThat(c.bias()).isCloseTo(1, within(1e-12));
        assertThat(c.mse()).isCloseTo(9.0 / 5, within(1e-12));
        assertThat(c.mae()).isCloseTo(1, within(1e-12));
        assertThat(c.sdDifference()).isCloseTo(1, within(1e-12));
        assertThat(c.lowerLimit()).isCloseTo(1 - 1.96, within(1e-12));
        assertThat(c.upperLimit()).isCloseTo(1 + 1.96, within(1e-12));
        // least squares of y on x: slope Sxy/Sxx = 0.6, intercept 4 - 0.6*3 = 2.2
        assertThat(c.slope()).isCloseTo(0.6, within(1e-12));
        assertThat(c.intercept()).isCloseTo(2.2, within(1e-12));
        assertThat(c.pearsonLow()).isLessThanOrEqualTo(c.pearson());
        assertThat(c.pearsonHigh()).isGreaterThanOrEqualTo(c.pearson()).isLessThanOrEqualTo(1.0);
    }

    @Test
    void bootstrapIsSeededAndAgreesWithFishersIntervalOnALargeSample() {
        // 400 pairs with true correlation 0.5; the percentile bootstrap and Fisher's z interval,
        // tanh(atanh(r) +- 1.96/sqrt(n-3)), estimate the same 95% interval and should agree to a few hundredths.
        Random g = new Random(7);
        int n = 400;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = g.nextGaussian();
            y[i] = 0.5 * x[i] + Math.sqrt(1 - 0.25) * g.nextGaussian();
        }
        ScoreAgreement.Comparison c = ScoreAgreement.compare(y, x);
        double z = 0.5 * Math.log((1 + c.pearson()) / (1 - c.pearson()));
        double half = 1.96 / Math.sqrt(n - 3);
        assertThat(c.pearsonLow()).isCloseTo(Math.tanh(z - half), within(0.03));
        assertThat(c.pearsonHigh()).isCloseTo(Math.tanh(z + half), within(0.03));
        assertThat(c.seed()).isEqualTo(ScoreAgreement.SEED);
        assertThat(c.resamples()).isEqualTo(2000);
        assertThat(c.defined()).isEqualTo(2000);
        ScoreAgreement.Comparison again = ScoreAgreement.compare(y, x);
        assertThat(again.pearsonLow()).isEqualTo(c.pearsonLow());
        assertThat(again.pearsonHigh()).isEqualTo(c.pearsonHigh());
        ScoreAgreement.Comparison other = ScoreAgreement.compare(y, x, 2000, 99);
        assertThat(other.pearsonLow()).isNotEqualTo(c.pearsonLow());
        // A perfect line: every resample that varies has r = 1.
        ScoreAgreement.Comparison line = ScoreAgreement.compare(new double[] {3, 5, 7, 9, 11, 13}, new double[] {1, 2, 3, 4, 5, 6});
        assertThat(line.pearson()).isCloseTo(1, within(1e-12));
        assertThat(line.pearsonLow()).isCloseTo(1, within(1e-12));
        assertThat(line.pearsonHigh()).isCloseTo(1, within(1e-12));
    }

    @Test
    void leaveOneRaterOutComparesEachRaterAndTheModelWithTheOthersMean() {
        double[][] ratings = { // items x raters a, b, c
            {1, 2, 3},
            {2, 2, NA},
            {4, 5, 6},
            {7, 6, 8},
        };
        double[] model = {2, 2, 5, 7};
        List<ScoreAgreement.LeftOut> rows = ScoreAgreement.leaveOneRaterOut(List.of("a", "b", "c"), model, ratings);
        assertThat(rows).extracting(ScoreAgreement.LeftOut::rater).containsExactly("a", "b", "c");
        // Rater a: the others' means are 2.5, 2, 5.5, 7; a's ratings 1, 2, 4, 7; model 2, 2, 5, 7.
        double[] ref = {2.5, 2, 5.5, 7};
        ScoreAgreement.LeftOut a = rows.get(0);
        assertThat(a.n()).isEqualTo(4);
        assertThat(a.raterMae()).isCloseTo((1.5 + 0 + 1.5 + 0) / 4, within(1e-12));
        assertThat(a.modelMae()).isCloseTo((0.5 + 0 + 0.5 + 0) / 4, within(1e-12));
        assertThat(a.raterPearson()).isCloseTo(byDefinition(new double[] {1, 2, 4, 7}, ref), within(1e-12));
        assertThat(a.modelPearson()).isCloseTo(byDefinition(model, ref), within(1e-12));
        // Rater c rated three items; the others' means there are 1.5, 4.5, 6.5.
        ScoreAgreement.LeftOut c = rows.get(2);
        assertThat(c.n()).isEqualTo(3);
        assertThat(c.raterMae()).isCloseTo((1.5 + 1.5 + 1.5) / 3, within(1e-12));
        assertThat(c.modelMae()).isCloseTo((0.5 + 0.5 + 0.5) / 3, within(1e-12));
    }

    /** Pearson's r straight from its definition, sum of products of deviations over the root of the sums of squares. */
    static double byDefinition(double[] x, double[] y) {
        double mx = 0;
        double my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += x[i] / x.length;
            my += y[i] / y.length;
        }
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    private static double[][] transpose(double[][] m) {
        double[][] t = new double[m[0].length][m.length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[0].length; j++) {
                t[j][i] = m[i][j];
            }
        }
        return t;
    }
}
