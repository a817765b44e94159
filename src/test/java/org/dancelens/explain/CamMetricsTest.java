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
}
