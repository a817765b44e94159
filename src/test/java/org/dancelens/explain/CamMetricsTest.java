package org.dancelens.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CamMetricsTest {
    @Test
    void iouOfTheStrongestRegions() {
        float[] a = {0, 0, 0.2f, 0.9f, 1, 0.1f, 0, 0, 0, 0};
        assertThat(CamMetrics.iou(a, 1, 10, a, 1, 10, 0.2)).isEqualTo(1.0);
        float[] b = {1, 0.9f, 0, 0, 0, 0, 0, 0, 0, 0};
        assertThat(CamMetrics.iou(a, 1, 10, b, 1, 10, 0.2)).isEqualTo(0.0);
        float[] c = {0, 0, 0, 0.9f, 0, 0, 1, 0, 0, 0}; // shares one of two strongest pixels: 1 / 3
        assertThat(CamMetrics.iou(a, 1, 10, c, 1, 10, 0.2)).isCloseTo(1 / 3.0, within(1e-12));
    }

    @Test
    void aucByTrapezoids() {
        assertThat(CamMetrics.auc(new double[] {1, 0})).isEqualTo(0.5);
        assertThat(CamMetrics.auc(new double[] {0, 0.5, 1})).isEqualTo(0.5);
        assertThat(CamMetrics.auc(new double[] {1, 1, 1, 1})).isEqualTo(1.0);
    }

    @Test
    void foregroundRatioInsideTheDancersHull() {
        // a 4 x 4 map over the whole 40 x 40 frame; the dancer is the square hull around (10..20, 10..20) grown by 0
        float[] map = new float[16];
        map[5] = 1; // cell (1, 1): centre (15, 15), inside
        map[0] = 0.5f; // cell (0, 0): centre (5, 5), outside
        double[][] hull = CamMetrics.hull(new double[][] {{10, 10}, {20, 10}, {20, 20}, {10, 20}, {15, 15}}, 0);
        assertThat(hull).hasNumberOfRows(4);
        double ratio = CamMetrics.foregroundRatio(map, 4, 4, new double[] {0, 0, 1, 1}, 40, 40, java.util.Collections.singletonList(hull));
        assertThat(ratio).isCloseTo(1.0 / (0.5 / 15), within(1e-9)); // inside mean 1 (one cell), outside mean 0.5 / 15
        assertThat(CamMetrics.foregroundRatio(map, 4, 4, new double[] {0, 0, 1, 1}, 40, 40, java.util.List.<double[][]>of())).isNaN();
    }

    @Test
    void foregroundRatioFromAPixelTestEqualsThePolygonVersion() {
        float[] map = new float[16];
        for (int i = 0; i < 16; i++) {
            map[i] = (i * 7 % 5) / 4f;
        }
        double[][] square = {{10, 10}, {30, 10}, {30, 30}, {10, 30}};
        double poly = CamMetrics.foregroundRatio(map, 4, 4, new double[] {0, 0, 1, 1}, 40, 40, java.util.List.<double[][]>of(square));
        double test = CamMetrics.foregroundRatio(map, 4, 4, new double[] {0, 0, 1, 1}, 40, 40, (x, y) -> x > 10 && x < 30 && y > 10 && y < 30);
        // the four centre cells (centres 15 and 25) are inside: values of cells 5, 6, 9, 10 against the other twelve
        double in = (map[5] + map[6] + map[9] + map[10]) / 4.0;
        double out = 0;
        for (int i = 0; i < 16; i++) {
            out += i == 5 || i == 6 || i == 9 || i == 10 ? 0 : map[i];
        }
        assertThat(test).isCloseTo(in / (out / 12), within(1e-9));
        assertThat(poly).isCloseTo(test, within(1e-12));
    }
}
