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
    private static final int SIDE = TestHybridVit.SIDE;
    private static final long[] X = {1, 3, SIDE, SIDE};
    private static final OnnxGraph.TokenGrid GRID = new OnnxGraph.TokenGrid(4, 4, 1);

    @TempDir
    Path dir;

    @Test
    void gradientsAtTheTokenLayerAndTheStemMatchFiniteDifferences() {
        // Float64 differences (GradientGraphTest.toDouble: Conv as a matrix, Erf as its series), on the whole network
        // and on its tails from the stem and from the tokens, fed with the full network's activations.
        byte[] full = TestHybridVit.graph(5, K).bytes();
        float[] x = GradientGraphTest.random(new Random(11), 3 * SIDE * SIDE);
        float[] dY = GradientGraphTest.random(new Random(12), K);
        Map<String, float[]> grads = GradientGraphTest.gradients(full, "x", x, X, List.of("x", "stem", "tokens"), "logits", dY);
        double errX = GradientGraphTest.maxRelativeError(full, "x", x, X, "logits", dY, grads.get("x"), new Random(13));
        float[] stem = GradientGraphTest.activations(full, "x", x, X, "stem");
        double errStem = GradientGraphTest.maxRelativeError(TestHybridVit.graph(5, K, "stem").bytes(), "stem", stem,
                new long[] {1, D, 4, 4}, "logits", dY, grads.get("stem"), new Random(14));
        float[] tokens = GradientGraphTest.activations(full, "x", x, X, "tokens");
        double errTokens = GradientGraphTest.maxRelativeError(TestHybridVit.graph(5, K, "tokens").bytes(), "tokens", tokens,
                new long[] {1, 17, D}, "logits", dY, grads.get("tokens"), new Random(15));
        System.out.printf("Gradient check (hybrid ViT, float64 differences): max relative error %.2e at the input, %.2e at the stem,"
                + " %.2e at the tokens%n", errX, errStem, errTokens);
        assertTrue(errX <= 1e-3, "input " + errX);
        assertTrue(errStem <= 1e-3, "stem " + errStem);
        assertTrue(errTokens <= 1e-3, "tokens " + errTokens);
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
        float[] x = GradientGraphTest.random(new Random(21), 3 * SIDE * SIDE);
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
            float[] g0 = GradCam.cam(m0, 0, GradCam.Method.GRAD_CAM, SIDE, SIDE).lowRes();
            float[] g1 = GradCam.cam(cam.run(image, 1), 1, GradCam.Method.GRAD_CAM, SIDE, SIDE).lowRes();
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
                assertEquals(SIDE * SIDE, c.map().length);
                assertArrayEquals(GradCam.resizeBilinear(c.lowRes(), 4, 4, SIDE, SIDE), c.map(), 0f);
                assertTrue(range(c.lowRes()) > 0, method + " gives a map that is not constant");
            }
        }
    }

    @Test
    void aBrightPatchChangesOnlyItsOwnCellOfTheTokenLayer() {
        // Patch token (i, j) sees rows 4i - 1 .. 4i + 3 and columns 4j - 1 .. 4j + 3 of the image (3x3 stride 2 pad 1,
        // then 2x2 stride 2): a bright patch at rows 4..6 and columns 8..10 is seen by token 1 + 4 + 2 alone, so
        // before the attention mixes tokens it changes that token and nothing else; the grid must put that change in
        // cell (1, 2).
        OnnxGraph model = OnnxGraph.parse(TestHybridVit.graph(5, K).bytes(), "vit.onnx");
        float[] plain = new float[3 * SIDE * SIDE];
        float[] patch = plain.clone();
        for (int ch = 0; ch < 3; ch++) {
            for (int y = 4; y <= 6; y++) {
                for (int x = 8; x <= 10; x++) {
                    patch[(ch * SIDE + y) * SIDE + x] = 3f;
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
            assertEquals(SIDE * SIDE, r.cam().map().length);
        }
    }

    private static String card(String explain) {
        return """
                id: vit
                name: Test hybrid ViT
                task: frame-classifier
                license: test
                provenance: {onnx: vit.onnx}
                inputs: [{name: x, layout: NCHW, shape: [1, 3, 16, 16], preprocess: {resize: stretch, mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25]}}]
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
