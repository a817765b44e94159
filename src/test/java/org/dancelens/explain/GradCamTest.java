package org.dancelens.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.dancelens.core.DanceLensException;
import org.dancelens.inference.OnnxGraph;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.inference.TensorData;
import org.dancelens.testsupport.GraphOnnx;
import org.junit.jupiter.api.Test;

class GradCamTest {
    private static final int K = 4;
    private static final int C = 8;

    /** Conv -> Relu ("feat", the CAM layer) -> GlobalAveragePool -> Flatten -> Gemm(transB): the head classic CAM needs. */
    private static GraphOnnx camModel(Random rnd, float[] wf) {
        GraphOnnx g = new GraphOnnx().input("x", 1, 3, 32, 32).random("w", rnd, 0.5f, C, 3, 3, 3).random("b", rnd, 0.1f, C)
                .constant("wf", wf, K, C).random("bf", rnd, 0.5f, K);
        g.node("Conv", new String[] {"x", "w", "b"}, "conv", "strides", new long[] {2, 2}, "pads", new long[] {1, 1, 1, 1});
        g.node("Relu", new String[] {"conv"}, "feat");
        g.node("GlobalAveragePool", new String[] {"feat"}, "gap");
        g.node("Flatten", new String[] {"gap"}, "flat");
        g.node("Gemm", new String[] {"flat", "wf", "bf"}, "logits", "transB", 1L);
        g.output("logits", 1, K);
        return g;
    }

    @Test
    void gradCamEqualsClassicCamOnAGlobalAveragePoolHead() {
        Random rnd = new Random(3);
        float[] wf = GradientGraphTest.random(new Random(4), K * C);
        OnnxGraph model = OnnxGraph.parse(camModel(rnd, wf).bytes(), "cam.onnx");
        float[] x = GradientGraphTest.random(new Random(5), 3 * 32 * 32);
        TensorData image = TensorData.of(x, 1, 3, 32, 32);
        double worst = 0;
        try (GradCam cam = GradCam.open(model, "x", null, "logits", new long[] {1, 3, 32, 32}, OrtRuntime.Device.CPU, 1)) {
            assertEquals("feat", cam.layer());
            for (int k = 0; k < K; k++) {
                GradCam.Maps maps = cam.run(image, k);
                assertEquals(16, maps.height());
                // Classic CAM: sum_c W[k, c] * A_c, with the ReLU Grad-CAM applies, normalised.
                int hw = 16 * 16;
                float[] classic = new float[hw];
                for (int c = 0; c < C; c++) {
                    for (int p = 0; p < hw; p++) {
                        classic[p] += wf[k * C + c] * maps.activations()[c * hw + p];
                    }
                }
                for (int p = 0; p < hw; p++) {
                    classic[p] = Math.max(0, classic[p]);
                }
                float[] expected = GradCam.normalise(classic);
                GradCam.Cam g = cam.explain(image, k, GradCam.Method.GRAD_CAM);
                for (int p = 0; p < hw; p++) {
                    worst = Math.max(worst, Math.abs(expected[p] - g.lowRes()[p]));
                }
                // With a global-average-pool head the gradient is constant over space: HiResCAM is Grad-CAM.
                assertArrayEquals(g.lowRes(), cam.explain(image, k, GradCam.Method.HIRES_CAM).lowRes(), 1e-5f);
                assertEquals(32 * 32, g.map().length);
                assertArrayEquals(GradCam.resizeBilinear(g.lowRes(), 16, 16, 32, 32), g.map(), 0f);
                float lo = Float.MAX_VALUE;
                float hi = -Float.MAX_VALUE;
                for (float v : g.map()) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
                assertTrue(lo >= 0 && hi <= 1, lo + ".." + hi);
                float lowMax = 0;
                for (float v : g.lowRes()) {
                    lowMax = Math.max(lowMax, v);
                }
                assertEquals(1f, lowMax, 0f);
                float[] layerCam = cam.explain(image, k, GradCam.Method.LAYER_CAM).lowRes();
                float[] eigen = cam.explain(image, k, GradCam.Method.EIGEN_CAM).lowRes();
                assertEquals(hw, layerCam.length);
                assertEquals(hw, eigen.length);
            }
        }
        System.out.printf("Grad-CAM vs classic CAM: max difference after normalisation %.2e%n", worst);
        assertTrue(worst <= 1e-4, "max difference " + worst);
    }

    @Test
    void eigenCamFindsTheDominantPattern() {
        int c = 6;
        int h = 8;
        int w = 8;
        Random rnd = new Random(9);
        float[] act = new float[c * h * w];
        for (int ch = 0; ch < c; ch++) {
            float a = 0.5f + rnd.nextFloat();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double blob = Math.exp(-((y - 2) * (y - 2) + (x - 5) * (x - 5)) / 2.0);
                    act[(ch * h + y) * w + x] = (float) (a * blob + 0.01 * rnd.nextGaussian());
                }
            }
        }
        float[] map = GradCam.normalise(GradCam.combine(GradCam.Method.EIGEN_CAM, act, new float[act.length], c, h, w));
        int best = 0;
        for (int p = 1; p < map.length; p++) {
            if (map[p] > map[best]) {
                best = p;
            }
        }
        assertEquals(2 * w + 5, best);
    }

    @Test
    void bilinearResizeUsesHalfPixelCentres() {
        float[] up = GradCam.resizeBilinear(new float[] {0, 1, 2, 3}, 2, 2, 4, 4);
        assertArrayEquals(new float[] {0, 0.25f, 0.75f, 1}, java.util.Arrays.copyOfRange(up, 0, 4), 1e-6f);
        assertArrayEquals(new float[] {2, 2.25f, 2.75f, 3}, java.util.Arrays.copyOfRange(up, 12, 16), 1e-6f);
        assertArrayEquals(new float[] {0, 0, 0}, GradCam.normalise(new float[] {5, 5, 5}), 0f);
    }

    @Test
    void classOutsideTheScoresIsRejected() {
        OnnxGraph model = OnnxGraph.parse(camModel(new Random(1), new float[K * C]).bytes(), "cam.onnx");
        try (GradCam cam = GradCam.open(model, "x", "feat", "logits", new long[] {1, 3, 32, 32}, OrtRuntime.Device.CPU, 1)) {
            DanceLensException e = assertThrows(DanceLensException.class,
                    () -> cam.run(TensorData.of(new float[3 * 32 * 32], 1, 3, 32, 32), K));
            assertTrue(e.getMessage().contains("class index 4"), e.getMessage());
        }
    }

    @Test
    void aBatchGivesEachPictureTheMapsOfItsOwnClassAsSingleRunsDo() {
        OnnxGraph g = OnnxGraph.parse(GradientGraphTest.cnn(7, 16, false).bytes(), "cnn");
        float[] x = GradientGraphTest.random(new Random(12), 3 * 3 * 16 * 16);
        try (GradCam cam = GradCam.open(g, "x", "r1", "logits", new long[] {3, 3, 16, 16}, OrtRuntime.Device.CPU, 1)) {
            int[] classes = {4, 0, 2};
            List<GradCam.Maps> batch = cam.runBatch(TensorData.of(x, 3, 3, 16, 16), classes);
            assertEquals(3, batch.size());
            for (int b = 0; b < 3; b++) {
                float[] one = java.util.Arrays.copyOfRange(x, b * 768, (b + 1) * 768);
                GradCam.Maps single = cam.run(TensorData.of(one, 1, 3, 16, 16), classes[b]);
                assertArrayEquals(single.activations(), batch.get(b).activations(), 1e-6f);
                assertArrayEquals(single.gradients(), batch.get(b).gradients(), 1e-6f);
                assertArrayEquals(single.scores(), batch.get(b).scores(), 1e-6f);
            }
            assertThrows(DanceLensException.class, () -> cam.runBatch(TensorData.of(x, 3, 3, 16, 16), new int[] {0, 9, 1}));
        }
    }
}
