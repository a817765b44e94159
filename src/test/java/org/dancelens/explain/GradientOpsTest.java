package org.dancelens.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dancelens.core.DanceLensException;
import org.dancelens.inference.OnnxGraph;
import org.dancelens.inference.graph.Tensors;
import org.dancelens.testsupport.GraphOnnx;
import org.junit.jupiter.api.Test;

/**
 * The backward rules of the transformer-era ops (LayerNormalization, Erf, Gelu, HardSigmoid, HardSwish, Slice, Split,
 * Pad, Resize, Gather), each on a small graph {@code x -> op(s) -> Flatten -> MatMul -> y [1, 5]}, checked against
 * central finite differences of the forward model, on a float64 copy of the model as in {@link GradientGraphTest}
 * (ONNX Runtime 1.29 has no double kernel for Erf, Gelu with approximate=none, HardSigmoid or HardSwish, "Could not
 * find an implementation for Erf(13)", so the copy computes them with other ops, see GradientGraphTest.decompose),
 * at 12 probes where the gradient is large and at every coordinate. Resize given output sizes cannot be read off as a
 * matrix on a batch of unit vectors (the sizes fix the batch), so those two variants are checked on the float32 model
 * itself with a large step, Richardson extrapolation and errors on norms, see
 * {@link GradientGraphTest#relativeErrorFloat32}.
 */
class GradientOpsTest {
    private static final int K = 5;

    /** Flatten -> MatMul with random weights -> {@code y [1, K]}. */
    private static GraphOnnx head(GraphOnnx g, String t, int features, Random rnd) {
        g.random("head_w", rnd, 0.5f, features, K);
        g.node("Flatten", new String[] {t}, "head_f");
        g.node("MatMul", new String[] {"head_f", "head_w"}, "y");
        return g.output("y", 1, K);
    }

    /** Gradient at {@code x} against finite differences; prints and returns the error compared. */
    private static double check(String label, GraphOnnx g, long[] shape, boolean float64, long seed) {
        byte[] model = g.bytes();
        int n = (int) Tensors.numel(shape);
        float[] x = GradientGraphTest.random(new Random(seed), n);
        float[] dY = GradientGraphTest.random(new Random(seed + 1), K);
        float[] grad = GradientGraphTest.gradients(model, "x", x, shape, List.of("x"), "y", dY).get("x");
        double err;
        if (float64) {
            err = GradientGraphTest.maxRelativeError(model, "x", x, shape, "y", dY, grad, new Random(seed + 2));
            double all = GradientGraphTest.maxErrorAllCoordinates(model, "x", x, shape, "y", dY, grad);
            System.out.printf("Gradient check (%s): max relative error %.2e (float64 finite differences); over all %d coordinates"
                    + " max |fd - g| / max |fd| = %.2e%n", label, err, n, all);
            assertTrue(all <= 1e-3, label + ": error over all coordinates " + all);
        } else {
            err = GradientGraphTest.relativeErrorFloat32(model, "x", x, shape, "y", dY, grad, new Random(seed + 2), 1e-2)[0];
            System.out.printf("Gradient check (%s): relative error %.2e (float32 finite differences, on norms)%n", label, err);
        }
        assertTrue(err <= 1e-3, label + ": relative error " + err);
        return err;
    }

    @Test
    void strideOneConvolutionsTakeTheConvPathWithTheSameGradients() {
        // depthwise (group = channels), dilated, asymmetric pads; then a grouped 2x3 kernel: both become a Conv of dy
        // with flipped, transposed weights (GradientGraph.convGradientAsConv)
        Random rnd = new Random(29);
        GraphOnnx g = new GraphOnnx().input("x", 1, 4, 7, 6).random("wd", rnd, 0.7f, 4, 1, 3, 3).random("wg", rnd, 0.7f, 6, 2, 2, 3);
        g.node("Conv", new String[] {"x", "wd"}, "d", "group", 4L, "dilations", new long[] {2, 1}, "pads", new long[] {2, 0, 1, 2});
        g.node("Conv", new String[] {"d", "wg"}, "e", "group", 2L, "pads", new long[] {0, 1, 1, 1});
        head(g, "e", 6 * 6 * 6, rnd);
        byte[] model = g.bytes();
        var shapes = OnnxGraph.parse(model, "conv").probeShapes(Map.of("x", new long[] {1, 4, 7, 6}));
        long convs = GradientGraph.buildWithShapes(OnnxGraph.parse(model, "conv"), List.of("x"), "y", shapes).graph().model().getGraph()
                .getNodeList().stream().filter(n -> n.getName().startsWith("dancelens_grad_") || n.getOutput(0).startsWith("dancelens_grad_"))
                .filter(n -> n.getOpType().equals("Conv")).count();
        assertEquals(2, convs, "both input gradients are plain convolutions");
        check("Conv stride 1 (depthwise dilated, grouped)", g, new long[] {1, 4, 7, 6}, true, 170);
    }

    @Test
    void maxPoolsOverlappingCeilModeAndDilated() {
        // 3x3 stride 2 with padding (windows overlap: the scatter-add must sum), ceil mode on an odd size, a dilated 2x2
        Random rnd = new Random(31);
        GraphOnnx g = new GraphOnnx().input("x", 1, 3, 9, 8);
        g.node("MaxPool", new String[] {"x"}, "p1", "kernel_shape", new long[] {3, 3}, "strides", new long[] {2, 2}, "pads", new long[] {1, 1, 1, 1});
        g.node("MaxPool", new String[] {"x"}, "p2", "kernel_shape", new long[] {2, 3}, "strides", new long[] {2, 2}, "ceil_mode", 1L);
        g.node("MaxPool", new String[] {"x"}, "p3", "kernel_shape", new long[] {2, 2}, "dilations", new long[] {2, 2});
        g.node("Flatten", new String[] {"p1"}, "f1").node("Flatten", new String[] {"p2"}, "f2").node("Flatten", new String[] {"p3"}, "f3");
        g.node("Concat", new String[] {"f1", "f2", "f3"}, "cat", "axis", 1L);
        // p1 [1,3,5,4] = 60, p2 [1,3,5,4] = 60, p3 [1,3,7,6] = 126
        head(g, "cat", 246, rnd);
        check("MaxPool (overlapping, ceil mode, dilated)", g, new long[] {1, 3, 9, 8}, true, 180);
    }

    @Test
    void layerNormalization() {
        // LN on the explained layer itself (last axis), then LN downstream over the last two axes.
        Random rnd = new Random(21);
        GraphOnnx g = new GraphOnnx().input("x", 1, 4, 6).random("s1", rnd, 1.5f, 6).random("b1", rnd, 0.5f, 6)
                .random("w", rnd, 0.7f, 6, 6).random("s2", rnd, 1.5f, 4, 6).random("b2", rnd, 0.5f, 4, 6);
        g.node("LayerNormalization", new String[] {"x", "s1", "b1"}, "ln1", "axis", -1L, "epsilon", 1e-5f);
        g.node("MatMul", new String[] {"ln1", "w"}, "m");
        g.node("LayerNormalization", new String[] {"m", "s2", "b2"}, "ln2", "axis", 1L, "epsilon", 1e-3f);
        head(g, "ln2", 24, rnd);
        check("LayerNormalization", g, new long[] {1, 4, 6}, true, 100);
    }

    @Test
    void erf() {
        Random rnd = new Random(22);
        GraphOnnx g = new GraphOnnx().input("x", 1, 3, 4, 4).constant("a", new float[] {0.8f});
        g.node("Mul", new String[] {"x", "a"}, "xa");
        g.node("Erf", new String[] {"xa"}, "e");
        head(g, "e", 48, rnd);
        check("Erf", g, new long[] {1, 3, 4, 4}, true, 200);
    }

    @Test
    void geluExact() {
        Random rnd = new Random(23);
        GraphOnnx g = new GraphOnnx().opset(20).input("x", 1, 3, 4, 4);
        g.node("Gelu", new String[] {"x"}, "ge");
        head(g, "ge", 48, rnd);
        check("Gelu approximate=none", g, new long[] {1, 3, 4, 4}, true, 300);
    }

    @Test
    void geluTanh() {
        Random rnd = new Random(24);
        GraphOnnx g = new GraphOnnx().opset(20).input("x", 1, 3, 4, 4);
        g.node("Gelu", new String[] {"x"}, "ge", "approximate", "tanh");
        head(g, "ge", 48, rnd);
        check("Gelu approximate=tanh", g, new long[] {1, 3, 4, 4}, true, 400);
    }

    @Test
    void hardSigmoid() {
        Random rnd = new Random(25);
        GraphOnnx g = new GraphOnnx().input("x", 1, 3, 4, 4);
        g.node("HardSigmoid", new String[] {"x"}, "hs", "alpha", 0.3f, "beta", 0.4f);
        head(g, "hs", 48, rnd);
        check("HardSigmoid", g, new long[] {1, 3, 4, 4}, true, 500);
        // The probes sit where the gradient is large; where the op saturates it must be exactly zero.
        float[] x = GradientGraphTest.random(new Random(500), 48);
        float[] grad = GradientGraphTest.gradients(g.bytes(), "x", x, new long[] {1, 3, 4, 4}, List.of("x"), "y",
                GradientGraphTest.random(new Random(501), K)).get("x");
        int saturated = 0;
        for (int k = 0; k < x.length; k++) {
            float z = 0.3f * x[k] + 0.4f;
            if (z < -0.01f || z > 1.01f) {
                saturated++;
                assertEquals(0f, grad[k], "saturated at " + k);
            }
        }
        assertTrue(saturated > 0);
    }

    @Test
    void hardSwish() {
        Random rnd = new Random(26);
        GraphOnnx g = new GraphOnnx().input("x", 1, 3, 4, 4).constant("a", new float[] {3f});
        g.node("Mul", new String[] {"x", "a"}, "xa"); // spread over the three pieces
        g.node("HardSwish", new String[] {"xa"}, "hw");
        head(g, "hw", 48, rnd);
        check("HardSwish", g, new long[] {1, 3, 4, 4}, true, 600);
    }

    @Test
    void slice() {
        // Unit and non-unit steps on two axes at once, a reversal (negative step, start -1, end INT64_MIN), and a
        // second slice of x whose gradient adds to the first's.
        Random rnd = new Random(27);
        GraphOnnx g = new GraphOnnx().input("x", 1, 3, 7, 7).int64("st1", 1, 0).int64("en1", 6, 7).int64("ax1", 2, 3).int64("sp1", 1, 2)
                .int64("st2", -1).int64("en2", Long.MIN_VALUE).int64("ax2", 1).int64("sp2", -1)
                .int64("st3", 2, -5).int64("en3", 7, Long.MAX_VALUE).int64("ax3", 2, -1);
        g.node("Slice", new String[] {"x", "st1", "en1", "ax1", "sp1"}, "s1"); // [1, 3, 5, 4]
        g.node("Slice", new String[] {"s1", "st2", "en2", "ax2", "sp2"}, "s2"); // channels reversed
        g.node("Slice", new String[] {"x", "st3", "en3", "ax3"}, "s3"); // [1, 3, 5, 5]
        g.node("Slice", new String[] {"s3", "st3", "en3", "ax3"}, "s4"); // [1, 3, 3, 3]... of s3: rows 2..4, cols 0..4
        g.int64("st5", 0, 1).int64("en5", 3, 5).int64("ax5", 2, 3);
        g.node("Slice", new String[] {"s4", "st5", "en5", "ax5"}, "s5"); // [1, 3, 3, 4]
        g.node("Slice", new String[] {"s2", "st5", "en5", "ax5"}, "s6"); // [1, 3, 3, 3]
        g.int64("st7", 0).int64("en7", 3).int64("ax7", 3);
        g.node("Slice", new String[] {"s5", "st7", "en7", "ax7"}, "s7"); // [1, 3, 3, 3]
        g.node("Mul", new String[] {"s6", "s7"}, "prod");
        head(g, "prod", 27, rnd);
        check("Slice", g, new long[] {1, 3, 7, 7}, true, 700);
    }

    @Test
    void splitWithUnusedOutputs() {
        // Outputs 1 and 2 reach the score, output 0 (and the fourth) do not.
        Random rnd = new Random(28);
        GraphOnnx g = new GraphOnnx().input("x", 1, 7, 4, 4).int64("parts", 2, 3, 1, 1).constant("two", new float[] {2f});
        g.node("Split", new String[] {"x", "parts"}, new String[] {"a", "b", "c", "d"}, "axis", 1L);
        g.node("Mul", new String[] {"c", "two"}, "c2");
        g.node("Concat", new String[] {"b", "c2"}, "bc", "axis", 1L);
        g.node("Mul", new String[] {"bc", "bc"}, "sq");
        head(g, "sq", 64, rnd);
        byte[] model = g.bytes();
        check("Split", g, new long[] {1, 7, 4, 4}, true, 800);
        float[] x = GradientGraphTest.random(new Random(800), 7 * 16);
        float[] grad = GradientGraphTest.gradients(model, "x", x, new long[] {1, 7, 4, 4}, List.of("x"), "y",
                GradientGraphTest.random(new Random(801), K)).get("x");
        for (int k = 0; k < 2 * 16; k++) {
            assertEquals(0f, grad[k], "channel of the unused output 0");
        }
        for (int k = 6 * 16; k < 7 * 16; k++) {
            assertEquals(0f, grad[k], "channel of the unused output 3");
        }
    }

    @Test
    void pad() {
        // Constant padding with a non-zero value, pads on both spatial axes, and a negative pad that crops.
        Random rnd = new Random(29);
        GraphOnnx g = new GraphOnnx().input("x", 1, 2, 5, 5).int64("pads", 0, 0, 1, 2, 0, 0, 2, -1).constant("v", new float[] {0.5f});
        g.node("Pad", new String[] {"x", "pads", "v"}, "p"); // [1, 2, 8, 6]
        g.node("Mul", new String[] {"p", "p"}, "sq");
        head(g, "sq", 96, rnd);
        check("Pad", g, new long[] {1, 2, 5, 5}, true, 900);
    }

    @Test
    void padWithAxes() {
        // Opset 18: pads for the listed axes only.
        Random rnd = new Random(30);
        GraphOnnx g = new GraphOnnx().opset(18).input("x", 1, 2, 5, 5).int64("pads", 3, 1, 0, 2).int64("axes", -1, 2);
        g.node("Pad", new String[] {"x", "pads", "", "axes"}, "p"); // W: +3 +0, H: +1 +2 -> [1, 2, 8, 8]
        g.node("Mul", new String[] {"p", "p"}, "sq");
        head(g, "sq", 128, rnd);
        check("Pad (axes)", g, new long[] {1, 2, 5, 5}, true, 1000);
    }

    @Test
    void gather() {
        // Repeated and negative indices along the token axis.
        Random rnd = new Random(31);
        GraphOnnx g = new GraphOnnx().input("x", 1, 5, 4).int64("idx", 0, 3, -2, 3);
        g.node("Gather", new String[] {"x", "idx"}, "gt", "axis", 1L); // [1, 4, 4]
        g.node("Mul", new String[] {"gt", "gt"}, "sq");
        head(g, "sq", 16, rnd);
        check("Gather", g, new long[] {1, 5, 4}, true, 1100);
        // The class-token pick x[:, 0] as PyTorch exports it: a scalar index, the axis dropped.
        GraphOnnx c = new GraphOnnx().input("x", 1, 5, 4).int64Scalar("first", 0);
        c.node("Gather", new String[] {"x", "first"}, "cls", "axis", 1L); // [1, 4]
        c.node("Mul", new String[] {"cls", "cls"}, "sq");
        head(c, "sq", 4, new Random(32));
        check("Gather (scalar index)", c, new long[] {1, 5, 4}, true, 1200);
    }

    /** One Resize variant: x [1, 2, 5, 6] -> Resize -> Mul by itself -> head. */
    private static double resize(String label, long seed, boolean float64, long[] sizes, float[] scales, Object... attrs) {
        Random rnd = new Random(seed);
        GraphOnnx g = new GraphOnnx().input("x", 1, 2, 5, 6);
        long oh;
        long ow;
        if (sizes != null) {
            g.int64("sizes", sizes);
            g.node("Resize", new String[] {"x", "", "", "sizes"}, "r", attrs);
            oh = sizes[2];
            ow = sizes[3];
        } else {
            g.constant("scales", scales, 4);
            g.node("Resize", new String[] {"x", "", "scales"}, "r", attrs);
            oh = (long) Math.floor(5 * scales[2]);
            ow = (long) Math.floor(6 * scales[3]);
        }
        g.node("Mul", new String[] {"r", "r"}, "sq");
        head(g, "sq", (int) (2 * oh * ow), rnd);
        return check("Resize " + label, g, new long[] {1, 2, 5, 6}, float64, seed * 10);
    }

    @Test
    void resizeNearest() {
        float[] up = {1, 1, 2, 2};
        resize("nearest half_pixel round_prefer_floor x2", 41, true, null, up, "mode", "nearest");
        resize("nearest asymmetric floor x2,x3", 42, true, null, new float[] {1, 1, 2, 3}, "mode", "nearest",
                "coordinate_transformation_mode", "asymmetric", "nearest_mode", "floor");
        resize("nearest align_corners round_prefer_ceil x1.5", 43, true, null, new float[] {1, 1, 1.5f, 1.5f}, "mode", "nearest",
                "coordinate_transformation_mode", "align_corners", "nearest_mode", "round_prefer_ceil");
        resize("nearest pytorch_half_pixel sizes 3x4 (down)", 44, false, new long[] {1, 2, 3, 4}, null, "mode", "nearest",
                "coordinate_transformation_mode", "pytorch_half_pixel");
    }

    @Test
    void resizeLinear() {
        resize("linear half_pixel x2", 51, true, null, new float[] {1, 1, 2, 2}, "mode", "linear");
        resize("linear pytorch_half_pixel x1.5", 52, true, null, new float[] {1, 1, 1.5f, 1.5f}, "mode", "linear",
                "coordinate_transformation_mode", "pytorch_half_pixel");
        resize("linear align_corners x2", 53, true, null, new float[] {1, 1, 2, 2}, "mode", "linear",
                "coordinate_transformation_mode", "align_corners");
        resize("linear asymmetric x0.5 (down)", 54, true, null, new float[] {1, 1, 0.5f, 0.5f}, "mode", "linear",
                "coordinate_transformation_mode", "asymmetric");
        resize("linear half_pixel sizes 7x4", 55, false, new long[] {1, 2, 7, 4}, null, "mode", "linear");
    }

    @Test
    void unsupportedVariantsAreNamed() {
        GraphOnnx g = new GraphOnnx().input("x", 1, 2, 5, 6).constant("scales", new float[] {1, 1, 2, 2}, 4);
        g.node("Resize", new String[] {"x", "", "scales"}, "r", "mode", "cubic");
        head(g, "r", 240, new Random(1));
        OnnxGraph model = OnnxGraph.parse(g.bytes(), "cubic.onnx");
        DanceLensException e = assertThrows(DanceLensException.class, () -> GradientGraph.build(model, List.of("x"), "y", Map.of()));
        assertTrue(e.getMessage().contains("Resize node 'Resize_0'") && e.getMessage().contains("cubic interpolation"), e.getMessage());

        GraphOnnx p = new GraphOnnx().input("x", 1, 2, 5, 5).int64("pads", 0, 0, 1, 1, 0, 0, 1, 1);
        p.node("Pad", new String[] {"x", "pads"}, "p", "mode", "reflect");
        head(p, "p", 98, new Random(2));
        OnnxGraph reflect = OnnxGraph.parse(p.bytes(), "reflect.onnx");
        e = assertThrows(DanceLensException.class, () -> GradientGraph.build(reflect, List.of("x"), "y", Map.of()));
        assertTrue(e.getMessage().contains("Pad node 'Pad_0'") && e.getMessage().contains("reflect padding"), e.getMessage());
    }
}
