package org.dancelens.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dancelens.analysis.FrameExplainer;
import org.dancelens.core.DanceLensException;
import org.dancelens.inference.ModelCard;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OnnxGraph;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.inference.TensorData;
import org.dancelens.testsupport.TestHybridVit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Grad-CAM on the token layer of a CNN + transformer hybrid ({@link TestHybridVit}), and its gradients. */
class TokenGradCamTest {
    private static final int K = 4;
    private static final int D = TestHybridVit.D;
    private static final long[] X = {1, 3, 32, 32};
    private static final OnnxGraph.TokenGrid GRID = new OnnxGraph.TokenGrid(4, 4, 1);

    @TempDir
    Path dir;

    @Test
    void gradientsAtTheTokenLayerAndTheStemMatchFiniteDifferences() {
        // Erf has no float64 kernel in ONNX Runtime 1.29, so the differences are taken on the float32 model (see
        // relativeErrorFloat32), on the network's tail from the stem and from the tokens (fed with the full network's
        // activations), which is smooth (no Relu), so a large step (3e-2) keeps float32 rounding small.
        byte[] full = TestHybridVit.graph(5, K).bytes();
        float[] x = GradientGraphTest.random(new Random(11), 3 * 32 * 32);
        float[] dY = GradientGraphTest.random(new Random(12), K);
        Map<String, float[]> grads = GradientGraphTest.gradients(full, "x", x, X, List.of("stem", "tokens"), "logits", dY);
        float[] stem = GradientGraphTest.activations(full, "x", x, X, "stem");
        double[] errStem = GradientGraphTest.relativeErrorFloat32(TestHybridVit.graph(5, K, "stem").bytes(), "stem", stem,
                new long[] {1, D, 4, 4}, "logits", dY, grads.get("stem"), new Random(14), 3e-2);
        float[] tokens = GradientGraphTest.activations(full, "x", x, X, "tokens");
        double[] errTokens = GradientGraphTest.relativeErrorFloat32(TestHybridVit.graph(5, K, "tokens").bytes(), "tokens", tokens,
                new long[] {1, 17, D}, "logits", dY, grads.get("tokens"), new Random(15), 3e-2);
        System.out.printf("Gradient check (hybrid ViT, float32 differences, on norms): stem %.2e, tokens %.2e%n", errStem[0], errTokens[0]);
        assertTrue(errStem[0] <= 1e-3, "stem " + errStem[0]);
        assertTrue(errTokens[0] <= 1e-3, "tokens " + errTokens[0]);
        // The class token's gradient is there too (it is dropped from the maps, not from the gradient).
        float clsNorm = 0;
        for (int c = 0; c < D; c++) {
            clsNorm += Math.abs(grads.get("tokens")[c]);
        }
        assertTrue(clsNorm > 0);
    }

    @Test
    void tokenLayersAreCandidatesOnlyWithAGrid() {
        OnnxGraph model = OnnxGraph.parse(TestHybridVit.graph(5, K).bytes(), "vit.onnx");
        Map<String, OnnxGraph.Value> shapes = model.probeShapes(Map.of("x", X));
        List<String> plain = model.candidateLayers(shapes).stream().map(OnnxGraph.Layer::tensor).toList();
        assertEquals(List.of("c1", "r1", "stem"), plain);
        List<String> withGrid = model.candidateLayers(shapes, GRID).stream().map(OnnxGraph.Layer::tensor).toList();
        assertTrue(withGrid.containsAll(List.of("stem", "tokens", "ln1", "res1", "block")), withGrid.toString());
        assertFalse(withGrid.contains("patches"), "16 tokens are not the grid's 17");
        assertFalse(withGrid.contains("cls_out"));
        assertEquals(List.of("c1", "r1", "stem"), model.candidateLayers(shapes, new OnnxGraph.TokenGrid(3, 3, 1)).stream()
                .map(OnnxGraph.Layer::tensor).toList());
    }

    @Test
    void gradCamOnTheTokenLayer() {
        OnnxGraph model = OnnxGraph.parse(TestHybridVit.graph(5, K).bytes(), "vit.onnx");
        float[] x = GradientGraphTest.random(new Random(21), 3 * 32 * 32);
        TensorData image = TensorData.of(x, X);
        float[] tokens = GradientGraphTest.activations(model.toBytes(), "x", x, X, "tokens");
        try (GradCam cam = GradCam.open(model, "x", "tokens", "logits", X, false, GRID, OrtRuntime.Device.CPU, 1)) {
            assertEquals(GRID, cam.grid());
            GradCam.Maps m0 = cam.run(image, 0);
            assertEquals(D, m0.channels());
            assertEquals(4, m0.height());
            assertEquals(4, m0.width());
            // Cell (y, x) of channel c is patch token 1 + 4 y + x, feature c.
            for (int c = 0; c < D; c++) {
                for (int p = 0; p < 16; p++) {
                    assertEquals(tokens[(1 + p) * D + c], m0.activations()[c * 16 + p], 0f);
                }
            }
            float[] g0 = GradCam.cam(m0, 0, GradCam.Method.GRAD_CAM, 32, 32).lowRes();
            float[] g1 = GradCam.cam(cam.run(image, 1), 1, GradCam.Method.GRAD_CAM, 32, 32).lowRes();
            assertEquals(16, g0.length);
            assertTrue(range(g0) > 0.5f, "a map that is not constant");
            double diff = 0;
            for (int p = 0; p < 16; p++) {
                diff = Math.max(diff, Math.abs(g0[p] - g1[p]));
            }
            System.out.printf("Token Grad-CAM, grid 4x4 after 1 class token: class 0 %s%n  class 1 %s; max difference %.3f%n",
                    java.util.Arrays.toString(g0), java.util.Arrays.toString(g1), diff);
            assertTrue(diff > 0.1, "the maps of two classes differ");
            for (GradCam.Method method : GradCam.Method.values()) {
                GradCam.Cam c = cam.explain(image, 2, method);
                assertEquals(4, c.lowHeight());
                assertEquals(16, c.lowRes().length);
                assertEquals(32 * 32, c.map().length);
                assertArrayEquals(GradCam.resizeBilinear(c.lowRes(), 4, 4, 32, 32), c.map(), 0f);
                assertTrue(range(c.lowRes()) > 0, method + " gives a map that is not constant");
            }
        }
    }

    @Test
    void aBrightPatchChangesOnlyItsOwnCellOfTheTokenLayer() {
        // Every patch token sees its own 8x8 block of the image (plus a 1-pixel margin above and left): a bright patch
        // inside block (1, 2), rows 9..14 and columns 17..22, changes token 1 + 4 + 2 and nothing else before the
        // attention mixes tokens; the grid must put that change in cell (1, 2).
        OnnxGraph model = OnnxGraph.parse(TestHybridVit.graph(5, K).bytes(), "vit.onnx");
        float[] plain = new float[3 * 32 * 32];
        float[] patch = plain.clone();
        for (int ch = 0; ch < 3; ch++) {
            for (int y = 9; y <= 14; y++) {
                for (int x = 17; x <= 22; x++) {
                    patch[(ch * 32 + y) * 32 + x] = 3f;
                }
            }
        }
        try (GradCam cam = GradCam.open(model, "x", "tokens", "logits", X, false, GRID, OrtRuntime.Device.CPU, 1)) {
            float[] a = cam.run(TensorData.of(plain, X), 0).activations();
            GradCam.Maps mp = cam.run(TensorData.of(patch, X), 0);
            float[] change = new float[16];
            for (int c = 0; c < D; c++) {
                for (int p = 0; p < 16; p++) {
                    change[p] += Math.abs(mp.activations()[c * 16 + p] - a[c * 16 + p]);
                }
            }
            assertTrue(change[4 + 2] > 0.1f, "cell (1, 2) changes: " + change[6]);
            for (int p = 0; p < 16; p++) {
                if (p != 6) {
                    assertEquals(0f, change[p], 1e-6f, "cell " + p);
                }
            }
            // The attention then spreads the patch over all tokens: the gradients of the patch image differ everywhere.
            float[] g = cam.run(TensorData.of(plain, X), 0).gradients();
            int differ = 0;
            for (int p = 0; p < 16; p++) {
                double s = 0;
                for (int c = 0; c < D; c++) {
                    s += Math.abs(mp.gradients()[c * 16 + p] - g[c * 16 + p]);
                }
                differ += s > 1e-6 ? 1 : 0;
            }
            assertEquals(16, differ);
        }
    }

    @Test
    void aCardWhoseGridDoesNotMatchTheTokensIsRejected() throws Exception {
        TestHybridVit.graph(5, K).write(dir.resolve("vit.onnx"));
        Files.writeString(dir.resolve("vit.yaml"), card("grid: [3, 3], classTokens: 1, layer: tokens"));
        ModelRegistry.Entry entry = ModelRegistry.scan(List.of(dir)).find("vit");
        DanceLensException e = assertThrows(DanceLensException.class, () -> FrameExplainer.open(entry, null, OrtRuntime.Device.CPU));
        assertTrue(e.getMessage().contains("has 17 tokens") && e.getMessage().contains("grid 3x3 after 1 class token needs 10"),
                e.getMessage());
        // A token layer without a grid, and a malformed grid.
        Files.writeString(dir.resolve("vit.yaml"), card("layer: tokens"));
        ModelRegistry.Entry noGrid = ModelRegistry.scan(List.of(dir)).find("vit");
        e = assertThrows(DanceLensException.class, () -> FrameExplainer.open(noGrid, null, OrtRuntime.Device.CPU));
        assertTrue(e.getMessage().contains("is a token sequence") && e.getMessage().contains("grid: [h, w]"), e.getMessage());
        e = assertThrows(DanceLensException.class, () -> ModelCard.parse(card("grid: [4], classTokens: -1"), "vit.yaml"));
        assertTrue(e.getMessage().contains("'explain.grid' must be two positive whole numbers")
                && e.getMessage().contains("'explain.classTokens' must be a whole number"), e.getMessage());
    }

    @Test
    void frameExplainerUsesTheCardsGrid() throws Exception {
        TestHybridVit.graph(5, K).write(dir.resolve("vit.onnx"));
        Files.writeString(dir.resolve("vit.yaml"), card("grid: [4, 4], classTokens: 1, layer: tokens"));
        ModelRegistry.Entry entry = ModelRegistry.scan(List.of(dir)).find("vit");
        assertTrue(FrameExplainer.layers(entry).stream().anyMatch(l -> l.tensor().equals("ln1")));
        byte[] bgra = new byte[48 * 40 * 4];
        new Random(3).nextBytes(bgra);
        try (FrameExplainer ex = FrameExplainer.open(entry, null, OrtRuntime.Device.CPU)) {
            assertEquals("tokens", ex.layer());
            FrameExplainer.Result r = ex.explain(new org.dancelens.core.VideoFrame(0, 0, 48, 40, bgra), -1, GradCam.Method.GRAD_CAM);
            assertEquals(4, r.cam().lowHeight());
            assertEquals(4, r.cam().lowWidth());
            assertEquals(32 * 32, r.cam().map().length);
        }
    }

    private static String card(String explain) {
        return """
                id: vit
                name: Test hybrid ViT
                task: frame-classifier
                license: test
                provenance: {onnx: vit.onnx}
                inputs: [{name: x, layout: NCHW, shape: [1, 3, 32, 32], preprocess: {resize: stretch, mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25]}}]
                outputs: [{name: logits, shape: [1, 4], decoding: logits}]
                labels: [ballet, jazz, krump, waltz]
                explain: {%s}
                """.formatted(explain);
    }

    private static float range(float[] v) {
        float lo = Float.MAX_VALUE;
        float hi = -Float.MAX_VALUE;
        for (float f : v) {
            lo = Math.min(lo, f);
            hi = Math.max(hi, f);
        }
        return hi - lo;
    }
}
