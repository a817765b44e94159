package org.dancelens.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.dancelens.compare.MapComparison.ExplainMap;
import org.dancelens.core.TaskContext;
import org.junit.jupiter.api.Test;

/** Map comparison: shifted maps, resampled grids, regions that do not overlap. */
class MapComparisonTest {
    private static final double[] WHOLE = {0, 0, 1, 1};

    /** A 10 x 10 map that is 1 on rows {@code r0, r0 + 1} and 0 elsewhere. */
    private static ExplainMap band(int frame, int r0) {
        float[] m = new float[100];
        for (int j = 0; j < 10; j++) {
            m[r0 * 10 + j] = 1;
            m[(r0 + 1) * 10 + j] = 1;
        }
        return new ExplainMap(frame, 0, 10, 10, m, WHOLE);
    }

    @Test
    void aMapShiftedByOneRowSharesHalfItsStrongestCells() {
        // the strongest 20% of 100 cells are the 20 cells of the band; shifted one row, 10 of them overlap: IoU = 10 / 30
        MapComparison.Frame f = MapComparison.compare(band(3, 0), band(3, 1));
        assertThat(f.iou()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(f.gridHeight()).isEqualTo(10);
        MapComparison.Frame same = MapComparison.compare(band(3, 4), band(3, 4));
        assertThat(same.iou()).isEqualTo(1.0);
        assertThat(same.spearman()).isCloseTo(1, within(1e-12));
        // disjoint bands: no common strongest cell; the ranks of two 0/1 maps with bands apart correlate negatively
        MapComparison.Frame apart = MapComparison.compare(band(3, 0), band(3, 5));
        assertThat(apart.iou()).isZero();
        assertThat(apart.spearman()).isNegative();
    }

    @Test
    void mapsOfDifferentSizesAreResampledToTheFinerGrid() {
        // a ramp along x on a 4 x 4 grid and on an 8 x 8 grid over the same region: sampled at the 8 x 8 cell centres the
        // coarse ramp is (0, .25, .75, ..., 2.75, 3) per row, strictly increasing like the fine one: same ranks
        float[] coarse = new float[16];
        for (int i = 0; i < 16; i++) {
            coarse[i] = i % 4;
        }
        float[] fine = new float[64];
        for (int i = 0; i < 64; i++) {
            fine[i] = i % 8;
        }
        ExplainMap a = new ExplainMap(0, 1, 4, 4, coarse, WHOLE);
        ExplainMap b = new ExplainMap(0, 2, 8, 8, fine, WHOLE);
        MapComparison.Frame f = MapComparison.compare(a, b);
        assertThat(f.gridHeight()).isEqualTo(8);
        assertThat(f.gridWidth()).isEqualTo(8);
        assertThat(f.spearman()).isCloseTo(1, within(1e-12));
        assertThat(f.iou()).as("the two right-most columns in both").isEqualTo(1.0);
        double[] sampled = MapComparison.grid(a, b).sample(a);
        assertThat(java.util.Arrays.copyOf(sampled, 8)).containsExactly(new double[] {0, 0.25, 0.75, 1.25, 1.75, 2.25, 2.75, 3}, within(1e-6));

        MapComparison.Result r = MapComparison.compare(Map.of(0, a, 1, a), Map.of(0, b, 2, b), TaskContext.NONE);
        assertThat(r.frames()).hasSize(1);
        assertThat(r.summary().framesOnlyA()).isEqualTo(1);
        assertThat(r.summary().framesOnlyB()).isEqualTo(1);
        assertThat(r.summary().resampled()).isEqualTo(1);
    }

    @Test
    void mapsOverDifferentPartsOfTheFrameAreComparedWhereBothAre() {
        ExplainMap left = new ExplainMap(0, 0, 10, 10, band(0, 0).map(), new double[] {0, 0, 1, 0.4});
        ExplainMap right = new ExplainMap(0, 0, 10, 10, band(0, 0).map(), new double[] {0, 0.6, 1, 1});
        assertThat(MapComparison.compare(left, right)).as("no common part").isNull();
        MapComparison.Result r = MapComparison.compare(Map.of(0, left), Map.of(0, right), TaskContext.NONE);
        assertThat(r.frames()).isEmpty();
        assertThat(r.summary().disjoint()).isEqualTo(1);
        assertThat(r.summary().meanIou()).isNaN();
    }
}
