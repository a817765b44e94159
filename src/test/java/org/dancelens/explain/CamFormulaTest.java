package org.dancelens.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The weightings of the gradient CAMs on one channel of two pixels, worked out by hand. */
class CamFormulaTest {
    static final float[] ACT = {1, 3};
    static final float[] GRAD = {2, 1};

    @Test
    void gradCamWeighsByTheMeanGradient() {
        float[] m = GradCam.combine(GradCam.Method.GRAD_CAM, ACT, GRAD, 1, 1, 2);
        assertThat((double) m[0]).isCloseTo(1.5, within(1e-6)); // mean g = 1.5
        assertThat((double) m[1]).isCloseTo(4.5, within(1e-6));
    }

    @Test
    void xGradCamWeighsByActivationWeightedGradient() {
        // sum(g * A) / sum(A) = (2 + 3) / 4 = 1.25
        float[] m = GradCam.combine(GradCam.Method.XGRAD_CAM, ACT, GRAD, 1, 1, 2);
        assertThat((double) m[0]).isCloseTo(1.25, within(1e-6));
        assertThat((double) m[1]).isCloseTo(3.75, within(1e-6));
    }

    @Test
    void gradCamPlusPlusUsesItsAlphaCoefficients() {
        // alpha = g^2 / (2 g^2 + sum(A) g^3): pixel 0: 4 / (8 + 32) = 0.1, pixel 1: 1 / (2 + 4) = 1/6
        // weight = 0.1 * 2 + (1/6) * 1 = 0.3667
        float[] m = GradCam.combine(GradCam.Method.GRAD_CAM_PP, ACT, GRAD, 1, 1, 2);
        double w = 0.2 + 1.0 / 6;
        assertThat((double) m[0]).isCloseTo(w, within(1e-6));
        assertThat((double) m[1]).isCloseTo(3 * w, within(1e-6));
    }

    @Test
    void negativeEvidenceIsCutByTheRelu() {
        float[] m = GradCam.combine(GradCam.Method.XGRAD_CAM, ACT, new float[] {2, -1}, 1, 1, 2);
        assertThat(m).containsExactly(0f, 0f); // weight (2 - 3) / 4 < 0
    }
}
