package org.dancelens.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The agreement measures against values worked out by hand. */
class AgreementTest {
    @Test
    void jensenShannonIsZeroForEqualOneForDisjointAndTheWorkedValueInBetween() {
        assertThat(Agreement.jensenShannon(new double[] {0.2, 0.3, 0.5}, new double[] {0.2, 0.3, 0.5})).isCloseTo(0, within(1e-12));
        // renormalised first: a multiple of the same distribution is the same distribution
        assertThat(Agreement.jensenShannon(new double[] {2, 3, 5}, new double[] {0.2, 0.3, 0.5})).isCloseTo(0, within(1e-12));
        assertThat(Agreement.jensenShannon(new double[] {1, 0, 0}, new double[] {0, 0, 1})).isCloseTo(1, within(1e-12));
        // p = (1, 0), q = (1/2, 1/2), m = (3/4, 1/4): KL(p||m) = log2(4/3), KL(q||m) = (log2(2/3) + 1) / 2
        double expected = (Math.log(4.0 / 3) / Math.log(2) + (Math.log(2.0 / 3) / Math.log(2) + 1) / 2) / 2;
        assertThat(expected).isCloseTo(0.311278, within(1e-6));
        assertThat(Agreement.jensenShannon(new double[] {1, 0}, new double[] {0.5, 0.5})).isCloseTo(expected, within(1e-12));
        assertThat(Agreement.jensenShannon(new double[] {-1, 2}, new double[] {0.5, 0.5})).as("no distribution").isNaN();
        assertThat(Agreement.jensenShannon(new double[] {0, 0}, new double[] {0.5, 0.5})).isNaN();
    }

    @Test
    void kappaOfTheTextbookExample() {
        // Cohen's kappa, the Wikipedia example: 50 proposals, both yes 20, A yes B no 5, A no B yes 10, both no 15.
        // po = 35/50 = 0.7; A says yes 25/50 = 0.5, B 30/50 = 0.6; pe = 0.5*0.6 + 0.5*0.4 = 0.5; kappa = (0.7-0.5)/(1-0.5) = 0.4
        assertThat(Agreement.cohenKappa(new long[][] {{20, 5}, {10, 15}})).isCloseTo(0.4, within(1e-12));
        assertThat(Agreement.cohenKappa(new long[][] {{10, 0}, {0, 7}})).as("perfect agreement").isCloseTo(1, within(1e-12));
        assertThat(Agreement.cohenKappa(new long[][] {{9, 0}, {0, 0}})).as("one category only: chance agreement is 1").isNaN();
        assertThat(Agreement.cohenKappa(new long[][] {{0, 0}, {0, 0}})).isNaN();
    }

    @Test
    void spearmanAveragesTiedRanks() {
        assertThat(Agreement.ranks(new double[] {1, 2, 2, 3})).containsExactly(1, 2.5, 2.5, 4);
        assertThat(Agreement.ranks(new double[] {5, 5, 5, 1})).containsExactly(3, 3, 3, 1);
        // x ranks (1, 2.5, 2.5, 4), y ranks (1, 3, 2, 4): deviations (-1.5, 0, 0, 1.5) and (-1.5, .5, -.5, 1.5),
        // sum xy = 4.5, sum xx = 4.5, sum yy = 5: rho = 4.5 / sqrt(22.5) = 3 / sqrt(10)
        assertThat(Agreement.spearman(new double[] {1, 2, 2, 3}, new double[] {1, 3, 2, 4})).isCloseTo(3 / Math.sqrt(10), within(1e-12));
        assertThat(Agreement.spearman(new double[] {1, 2, 3}, new double[] {10, 200, 3000})).as("monotone").isCloseTo(1, within(1e-12));
        assertThat(Agreement.spearman(new double[] {1, 2, 3}, new double[] {3, 2, 1})).isCloseTo(-1, within(1e-12));
        assertThat(Agreement.spearman(new double[] {1, 1, 1}, new double[] {3, 2, 1})).as("constant").isNaN();
    }

    @Test
    void strongestCellsIncludeTiesAndIouCountsOverlap() {
        boolean[] top = Agreement.strongest(new double[] {0.1, 0.9, 0.5, 0.9, 0.2}, 0.2);
        // ceil(0.2 * 5) = 1 cell, but 0.9 is tied: both count
        assertThat(top).containsExactly(false, true, false, true, false);
        assertThat(Agreement.iou(new boolean[] {true, true, false}, new boolean[] {false, true, true})).isCloseTo(1.0 / 3, within(1e-12));
    }
}
