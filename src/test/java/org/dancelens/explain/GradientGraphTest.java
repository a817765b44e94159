package org.dancelens.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.dancelens.core.DanceLensException;
import org.dancelens.inference.OnnxGraph;
import org.dancelens.inference.OnnxModel;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.inference.TensorData;
import org.dancelens.inference.graph.Tensors;
import org.dancelens.testsupport.GraphOnnx;
import org.junit.jupiter.api.Test;

/** Gradients emitted as ONNX nodes, checked against central finite differences of the forward model. */
class GradientGraphTest {
    private static final long[] X = {1, 3, 16, 16};

    /**
     * The small CNN of the brief: Conv(stride 2, pad 1) -> BatchNormalization -> Relu -> MaxPool(3, stride 2, pad 1)
     * -> Conv(group 2) -> Relu -> GlobalAveragePool -> Flatten -> Gemm(transB) -> Softmax. With {@code fromR1} the
     * model starts at the Relu output {@code r1} (same weights), for finite differences at an inner layer.
     */
    static GraphOnnx cnn(long seed, int size, boolean fromR1) {
        Random rnd = new Random(seed);
        GraphOnnx g = new GraphOnnx();
        g.random("w1", rnd, 0.5f, 8, 3, 3, 3).random("b1", rnd, 0.2f, 8);
        float[] var = new float[8];
        for (int k = 0; k < 8; k++) {
            var[k] = 0.5f + rnd.nextFloat();
        }
        g.random("bn_s", rnd, 1.5f, 8).random("bn_b", rnd, 0.5f, 8).random("bn_m", rnd, 0.3f, 8).constant("bn_v", var, 8);
        g.random("w2", rnd, 0.5f, 8, 4, 3, 3).random("b2", rnd, 0.2f, 8);
        g.random("wf", rnd, 1.5f, 5, 8).random("bf", rnd, 0.2f, 5);
        if (fromR1) {
            g.input("r1", 1, 8, size / 2, size / 2);
        } else {
            g.input("x", -1, 3, size, size);
            g.node("Conv", new String[] {"x", "w1", "b1"}, "c1", "kernel_shape", new long[] {3, 3}, "strides", new long[] {2, 2},
                    "pads", new long[] {1, 1, 1, 1});
            g.node("BatchNormalization", new String[] {"c1", "bn_s", "bn_b", "bn_m", "bn_v"}, "bn", "epsilon", 1e-3f);
            g.node("Relu", new String[] {"bn"}, "r1");
        }
        g.node("MaxPool", new String[] {"r1"}, "p1", "kernel_shape", new long[] {3, 3}, "strides", new long[] {2, 2},
                "pads", new long[] {1, 1, 1, 1});
        g.node("Conv", new String[] {"p1", "w2", "b2"}, "c2", "pads", new long[] {1, 1, 1, 1}, "group", 2L);
        g.node("Relu", new String[] {"c2"}, "r2");
        g.node("GlobalAveragePool", new String[] {"r2"}, "gap");
        g.node("Flatten", new String[] {"gap"}, "flat");
        g.node("Gemm", new String[] {"flat", "wf", "bf"}, "logits", "transB", 1L);
        g.node("Softmax", new String[] {"logits"}, "y", "axis", 1L);
        g.output("y", -1, 5);
        return g;
    }

    /**
     * Other ops: dilated strided Conv with asymmetric pads (output padding 1), Clip, AveragePool (ceil mode, pads,
     * count_include_pad 0), Add of two active tensors with broadcasting, Mul and Div by constants, Sigmoid, Tanh,
     * Concat, Neg, Sub, ReduceSum (axes as input, keepdims) added back with broadcasting, ReduceMean (no keepdims),
     * Transpose, Flatten, MatMul and LogSoftmax.
     */
    static GraphOnnx zoo(long seed) {
        Random rnd = new Random(seed);
        GraphOnnx g = new GraphOnnx().input("x", 1, 4, 9, 9);
        g.random("w", rnd, 0.5f, 6, 4, 3, 3).random("m", rnd, 1.5f, 1, 6, 1, 1).random("k", rnd, 0.3f, 12 * 3 * 2, 5)
                .constant("lo", new float[] {-0.3f}).constant("hi", new float[] {0.6f}).constant("two", new float[] {2f});
        g.node("Conv", new String[] {"x", "w"}, "c", "strides", new long[] {2, 2}, "dilations", new long[] {2, 2},
                "pads", new long[] {1, 0, 2, 1});
        g.node("Clip", new String[] {"c", "lo", "hi"}, "clip");
        g.node("AveragePool", new String[] {"clip"}, "avg", "kernel_shape", new long[] {2, 2}, "strides", new long[] {2, 2},
                "pads", new long[] {1, 0, 0, 1}, "ceil_mode", 1L);
        g.node("Sigmoid", new String[] {"avg"}, "sig");
        g.node("GlobalAveragePool", new String[] {"avg"}, "gp");
        g.node("Add", new String[] {"sig", "gp"}, "sum");
        g.node("Mul", new String[] {"sum", "m"}, "mul");
        g.node("Div", new String[] {"mul", "two"}, "div");
        g.node("Tanh", new String[] {"div"}, "th");
        g.node("Neg", new String[] {"th"}, "neg");
        g.node("Concat", new String[] {"th", "neg"}, "cat", "axis", 1L);
        g.node("Sub", new String[] {"cat", "two"}, "sub0");
        g.int64("ax1", 1).random("k2", rnd, 0.5f, 12, 5);
        g.node("ReduceSum", new String[] {"sub0", "ax1"}, "rsum");
        g.node("Add", new String[] {"sub0", "rsum"}, "sub");
        g.node("ReduceMean", new String[] {"cat"}, "rmean", "axes", new long[] {2, 3}, "keepdims", 0L);
        g.node("MatMul", new String[] {"rmean", "k2"}, "mm2");
        g.node("Transpose", new String[] {"sub"}, "tr", "perm", new long[] {0, 2, 3, 1});
        g.node("Flatten", new String[] {"tr"}, "fl");
        g.node("MatMul", new String[] {"fl", "k"}, "mm1");
        g.node("Add", new String[] {"mm1", "mm2"}, "mm");
        g.node("LogSoftmax", new String[] {"mm"}, "y", "axis", 1L);
        g.output("y", 1, 5);
        return g;
    }

    @Test
    void cnnGradientsMatchFiniteDifferences() {
        byte[] full = cnn(7, 16, false).bytes();
        float[] dY = random(new Random(1), 5);
        float[] x = random(new Random(2), 48 * 16);
        Map<String, float[]> grads = gradients(full, "x", x, X, List.of("x", "r1"), "y", dY);
        double errX = maxRelativeError(full, "x", x, X, "y", dY, grads.get("x"), new Random(3));
        // The inner layer: finite differences on the tail of the network, fed with the full network's r1.
        float[] r1 = activations(full, "x", x, X, "r1");
        long[] r1Shape = {1, 8, 8, 8};
        double errR1 = maxRelativeError(cnn(7, 16, true).bytes(), "r1", r1, r1Shape, "y", dY, grads.get("r1"), new Random(4));
        System.out.printf("Gradient check (CNN): max relative error %.2e at the input, %.2e at r1%n", errX, errR1);
        assertTrue(errX <= 1e-3, "input gradient relative error " + errX);
        assertTrue(errR1 <= 1e-3, "r1 gradient relative error " + errR1);
    }

    @Test
    void otherOpsGradientsMatchFiniteDifferences() {
        byte[] model = zoo(11).bytes();
        long[] shape = {1, 4, 9, 9};
        float[] dY = random(new Random(5), 5);
        float[] x = random(new Random(6), 4 * 81);
        Map<String, float[]> grads = gradients(model, "x", x, shape, List.of("x"), "y", dY);
        double err = maxRelativeError(model, "x", x, shape, "y", dY, grads.get("x"), new Random(7));
        System.out.printf("Gradient check (other ops): max relative error %.2e%n", err);
        assertTrue(err <= 1e-3, "relative error " + err);
    }

    @Test
    void batchOfTwoGivesEachImageItsOwnGradient() {
        byte[] full = cnn(7, 16, false).bytes();
        GradientGraph gg = GradientGraph.build(OnnxGraph.parse(full, "cnn.onnx"), List.of("r1"), "y", Map.of("x", X));
        float[] x = random(new Random(2), 2 * 48 * 16);
        float[] dY = new float[10];
        dY[2] = 1;
        dY[5 + 2] = 1;
        try (OnnxModel m = OnnxModel.open(gg.graph().toBytes(), "grad", OrtRuntime.Device.CPU, 1)) {
            Map<String, TensorData> out = m.run(Map.of("x", TensorData.of(x, 2, 3, 16, 16), gg.seedInput(), TensorData.of(dY, 2, 5)));
            float[] g2 = out.get(gg.gradientOf("r1")).floats();
            assertArrayEquals(new long[] {2, 8, 8, 8}, out.get(gg.gradientOf("r1")).shape());
            float[] single = gradients(full, "x", java.util.Arrays.copyOfRange(x, 48 * 16, 2 * 48 * 16), X, List.of("r1"), "y",
                    new float[] {0, 0, 1, 0, 0}).get("r1");
            assertArrayEquals(single, java.util.Arrays.copyOfRange(g2, 512, 1024), 1e-6f);
        }
    }

    @Test
    void aLayerNamedLikeAGeneratedConstantStillGetsItsOwnGradientOutput() {
        // the constant 0 used by Relu's backward rule is named "dancelens_grad_c0"; a layer called c0 once clashed with it
        OnnxGraph g = OnnxGraph.parse(org.dancelens.testsupport.TestResidualCnn.graph(false, false).bytes(), "res");
        GradientGraph gg = GradientGraph.build(g, List.of("c0"), "logits", Map.of("x", new long[] {1, 3, 16, 16}));
        try (OnnxModel m = OnnxModel.open(gg.graph().toBytes(), "res", OrtRuntime.Device.CPU, 1)) {
            float[] x = random(new Random(5), 3 * 16 * 16);
            float[] seed = {1, 0, 0, 0};
            var out = m.run(Map.of("x", TensorData.of(x, 1, 3, 16, 16), gg.seedInput(), TensorData.of(seed, 1, 4)));
            assertEquals(8 * 16 * 16, out.get(gg.gradientOf("c0")).size());
        }
    }

    @Test
    void unsupportedOpIsNamed() {
        GraphOnnx g = new GraphOnnx().input("x", 1, 3, 8, 8).random("w", new Random(1), 0.5f, 4, 3, 3, 3)
                .random("wf", new Random(2), 0.5f, 4, 2);
        g.node("Conv", new String[] {"x", "w"}, "c", "pads", new long[] {1, 1, 1, 1});
        g.node("LRN", new String[] {"c"}, "lrn", "size", 3L);
        g.node("GlobalAveragePool", new String[] {"lrn"}, "gap");
        g.node("Flatten", new String[] {"gap"}, "f");
        g.node("MatMul", new String[] {"f", "wf"}, "y");
        g.output("y", 1, 2);
        OnnxGraph model = OnnxGraph.parse(g.bytes(), "lrn.onnx");
        DanceLensException e = assertThrows(DanceLensException.class,
                () -> GradientGraph.build(model, List.of("c"), "y", Map.of()));
        assertEquals(DanceLensException.Kind.BAD_INPUT, e.kind());
        assertTrue(e.getMessage().contains("LRN node 'LRN_1'") && e.getMessage().contains("lrn.onnx"), e.getMessage());
        // Below the LRN node nothing needs it: the gradient at the LRN output works.
        GradientGraph.build(model, List.of("lrn"), "y", Map.of());
    }

    @Test
    void layerTheScoreDoesNotDependOnIsRejected() {
        OnnxGraph model = OnnxGraph.parse(cnn(7, 16, false).bytes(), "cnn.onnx");
        DanceLensException e = assertThrows(DanceLensException.class,
                () -> GradientGraph.build(model, List.of("logits"), "r1", Map.of("x", X)));
        assertTrue(e.getMessage().contains("does not depend on the layer logits"), e.getMessage());
    }

    @Test
    void candidateLayersAreTheSpatialNodeOutputs() {
        OnnxGraph model = OnnxGraph.parse(cnn(7, 16, false).bytes(), "cnn.onnx");
        Map<String, OnnxGraph.Value> shapes = model.probeShapes(Map.of("x", X));
        List<String> names = model.candidateLayers(shapes).stream().map(OnnxGraph.Layer::tensor).toList();
        assertEquals(List.of("c1", "bn", "r1", "p1", "c2", "r2"), names);
        assertArrayEquals(new long[] {1, 8, 4, 4}, shapes.get("r2").shape());
        try (OnnxModel m = OnnxModel.open(model.withOutputs(List.of("r2")).toBytes(), "cnn", OrtRuntime.Device.CPU, 1)) {
            assertEquals(List.of("y", "r2"), m.outputNames());
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    static float[] random(Random rnd, int n) {
        float[] v = new float[n];
        for (int k = 0; k < n; k++) {
            v[k] = (float) rnd.nextGaussian();
        }
        return v;
    }

    static Map<String, float[]> gradients(byte[] model, String in, float[] x, long[] shape, List<String> layers, String y, float[] dY) {
        GradientGraph gg = GradientGraph.build(OnnxGraph.parse(model, "test.onnx"), layers, y, Map.of(in, shape));
        try (OnnxModel m = OnnxModel.open(gg.graph().toBytes(), "grad", OrtRuntime.Device.CPU, 1)) {
            Map<String, TensorData> out = m.run(Map.of(in, TensorData.of(x, shape), gg.seedInput(), TensorData.of(dY, 1, dY.length)));
            Map<String, float[]> g = new HashMap<>();
            for (String l : layers) {
                assertArrayEquals(in.equals(l) ? shape : out.get(l).shape(), out.get(gg.gradientOf(l)).shape());
                g.put(l, out.get(gg.gradientOf(l)).floats());
            }
            return g;
        }
    }

    static float[] activations(byte[] model, String in, float[] x, long[] shape, String layer) {
        OnnxGraph g = OnnxGraph.parse(model, "test.onnx").withOutputs(List.of(layer));
        try (OnnxModel m = OnnxModel.open(g.toBytes(), "act", OrtRuntime.Device.CPU, 1)) {
            return m.run(Map.of(in, TensorData.of(x, shape))).get(layer).floats();
        }
    }

    /**
     * The largest relative error |fd - g| / max(|fd|, |g|) over 12 random probe coordinates, the central differences
     * (step 1e-3) computed on a float64 copy of the model so that they are not swamped by float32 rounding. Probes are
     * drawn among coordinates whose gradient is at least a tenth of the largest; a probe where steps 1e-3 and 5e-4
     * disagree by more than 1e-4 (relative) has a kink of Relu, Clip or MaxPool within reach, where the function is
     * not differentiable, and is drawn again.
     */
    static double maxRelativeError(byte[] model, String in, float[] x, long[] shape, String y, float[] dY, float[] grad, Random rnd) {
        float max = 0;
        for (float v : grad) {
            max = Math.max(max, Math.abs(v));
        }
        List<Integer> candidates = new ArrayList<>();
        for (int k = 0; k < grad.length; k++) {
            if (Math.abs(grad[k]) >= 0.1f * max && x[k] != 0) { // an exact 0 (a Relu output) sits on a kink
                candidates.add(k);
            }
        }
        double[] xd = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            xd[k] = x[k];
        }
        double worst = 0;
        int accepted = 0;
        int redrawn = 0;
        var env = OrtRuntime.environment();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions();
             OrtSession s = env.createSession(toDouble(model, in, shape), o)) {
            while (accepted < 12) {
                assertTrue(redrawn < 100, "too many probes near kinks");
                int k = candidates.get(rnd.nextInt(candidates.size()));
                double d1 = centralDifference(s, in, xd, shape, k, 1e-3, y, dY);
                double d2 = centralDifference(s, in, xd, shape, k, 5e-4, y, dY);
                if (Math.abs(d1 - d2) > 1e-4 * Math.abs(d2)) {
                    redrawn++;
                    continue;
                }
                double err = Math.abs(d2 - grad[k]) / Math.max(Math.abs(d2), Math.abs(grad[k]));
                worst = Math.max(worst, err);
                accepted++;
            }
        } catch (OrtException e) {
            throw new AssertionError(e);
        }
        System.out.printf("  %d probes, %d redrawn near kinks, max relative error %.2e%n", accepted, redrawn, worst);
        return worst;
    }

    /**
     * Central differences (step 1e-3, float64 copy of the model) at every coordinate of a small input, against the
     * gradient: the largest |fd - g| over the largest |fd|. Unlike the probes of {@link #maxRelativeError}, drawn
     * where the computed gradient is large, this also sees a gradient put in the wrong place or missing.
     */
    static double maxErrorAllCoordinates(byte[] model, String in, float[] x, long[] shape, String y, float[] dY, float[] grad) {
        double[] xd = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            xd[k] = x[k];
        }
        double worst = 0;
        double scale = 0;
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions();
             OrtSession s = OrtRuntime.environment().createSession(toDouble(model, in, shape), o)) {
            for (int k = 0; k < x.length; k++) {
                double fd = centralDifference(s, in, xd, shape, k, 1e-3, y, dY);
                worst = Math.max(worst, Math.abs(fd - grad[k]));
                scale = Math.max(scale, Math.abs(fd));
            }
        } catch (OrtException e) {
            throw new AssertionError(e);
        }
        return worst / scale;
    }

    /**
     * As {@link #maxRelativeError} but with central differences of the float32 model itself, for models whose float64
     * copy cannot be made (a Resize given output sizes: its matrix cannot be read off a batch of unit vectors). Float32 rounding of the score
     * (about 1e-7 relative) divided by the step would swamp a small step, so the step is large ({@code h}, about
     * 1e-2) and the truncation error is removed by Richardson extrapolation, {@code (4 D(h/2) - D(h)) / 3}. Single
     * probes stay noisy at the 1e-4 level, so the result compared is on norms over the 12 probes,
     * {@code |fd - g| / |fd|}; {@code [0]} is that, {@code [1]} the largest single-probe relative error (printed, not
     * asserted). A probe where the extrapolations from steps h and h/2 disagree by more than 1e-3 has a kink within
     * reach and is drawn again.
     */
    static double[] relativeErrorFloat32(byte[] model, String in, float[] x, long[] shape, String y, float[] dY, float[] grad, Random rnd,
            double h) {
        float max = 0;
        for (float v : grad) {
            max = Math.max(max, Math.abs(v));
        }
        List<Integer> candidates = new ArrayList<>();
        for (int k = 0; k < grad.length; k++) {
            if (Math.abs(grad[k]) >= 0.1f * max && x[k] != 0) {
                candidates.add(k);
            }
        }
        double diff2 = 0;
        double norm2 = 0;
        double worst = 0;
        int accepted = 0;
        int redrawn = 0;
        try (OnnxModel m = OnnxModel.open(model, "fd32", OrtRuntime.Device.CPU, 1)) {
            while (accepted < 12) {
                assertTrue(redrawn < 100, "too many probes near kinks");
                int k = candidates.get(rnd.nextInt(candidates.size()));
                double d1 = richardson(m, in, x, shape, k, h, y, dY);
                double d2 = richardson(m, in, x, shape, k, h / 2, y, dY);
                if (Math.abs(d1 - d2) > 1e-3 * Math.abs(d2)) {
                    redrawn++;
                    continue;
                }
                diff2 += (d2 - grad[k]) * (d2 - grad[k]);
                norm2 += d2 * d2;
                worst = Math.max(worst, Math.abs(d2 - grad[k]) / Math.max(Math.abs(d2), Math.abs(grad[k])));
                accepted++;
            }
        }
        double normErr = Math.sqrt(diff2 / norm2);
        System.out.printf("  float32 FD: %d probes, %d redrawn near kinks, relative error on norms %.2e, max single-probe %.2e%n",
                accepted, redrawn, normErr, worst);
        return new double[] {normErr, worst};
    }

    private static double richardson(OnnxModel m, String in, float[] x, long[] shape, int k, double h, String y, float[] dY) {
        return (4 * difference32(m, in, x, shape, k, h / 2, y, dY) - difference32(m, in, x, shape, k, h, y, dY)) / 3;
    }

    /** A central difference in float32, divided by the steps as float32 represents them. */
    private static double difference32(OnnxModel m, String in, float[] x, long[] shape, int k, double h, String y, float[] dY) {
        float up = (float) (x[k] + h);
        float down = (float) (x[k] - h);
        return (score32(m, in, x, shape, k, up, y, dY) - score32(m, in, x, shape, k, down, y, dY)) / ((double) up - down);
    }

    private static double score32(OnnxModel m, String in, float[] x, long[] shape, int k, float value, String y, float[] dY) {
        float[] v = x.clone();
        v[k] = value;
        float[] out = m.run(Map.of(in, TensorData.of(v, shape))).get(y).floats();
        double sum = 0;
        for (int i = 0; i < dY.length; i++) {
            sum += (double) out[i] * dY[i];
        }
        return sum;
    }

    private static double centralDifference(OrtSession s, String in, double[] x, long[] shape, int k, double h, String y, float[] dY)
            throws OrtException {
        return (score(s, in, x, shape, k, h, y, dY) - score(s, in, x, shape, k, -h, y, dY)) / (2 * h);
    }

    private static double score(OrtSession s, String in, double[] x, long[] shape, int k, double delta, String y, float[] dY)
            throws OrtException {
        double[] v = x.clone();
        v[k] += delta;
        try (OnnxTensor t = OnnxTensor.createTensor(OrtRuntime.environment(), DoubleBuffer.wrap(v), shape);
             OrtSession.Result r = s.run(Map.of(in, t))) {
            DoubleBuffer out = ((OnnxTensor) r.get(y).get()).getDoubleBuffer();
            double sum = 0;
            for (int i = 0; i < dY.length; i++) {
                sum += out.get(i) * dY[i];
            }
            return sum;
        }
    }

    private static final Set<String> LINEAR = Set.of("Conv", "AveragePool", "GlobalAveragePool", "Resize");

    /**
     * The model in float64: inputs, outputs and initializers become double, and the linear ops ONNX Runtime has no
     * double kernel for (Conv, AveragePool, GlobalAveragePool, Resize given scales) become a dense MatMul + Add whose matrix is read off
     * the float32 op applied to a batch of unit vectors (entries exact to float32 rounding, which does not blow up in
     * finite differences the way the rounding of a float32 forward pass does). The pointwise ops without a double
     * kernel are rewritten with ops that have one, see {@link #decompose}.
     */
    static byte[] toDouble(byte[] model, String in, long[] inShape) {
        try {
            OnnxMl.ModelProto m = OnnxMl.ModelProto.parseFrom(model);
            OnnxGraph og = OnnxGraph.of(m, "test.onnx");
            Map<String, OnnxGraph.Value> shapes = og.probeShapes(Map.of(in, inShape));
            OnnxMl.GraphProto.Builder g = m.getGraph().toBuilder();
            int dbl = OnnxMl.TensorProto.DataType.DOUBLE.getNumber();
            List<OnnxMl.NodeProto> nodes = new ArrayList<>();
            List<OnnxMl.TensorProto> extra = new ArrayList<>();
            for (OnnxMl.NodeProto n : m.getGraph().getNodeList()) {
                if (decompose(n, nodes, extra)) {
                    continue;
                }
                if (!LINEAR.contains(n.getOpType())) {
                    nodes.add(n);
                    continue;
                }
                String x = n.getInput(0);
                String y = n.getOutput(0);
                long[] xs = shapes.get(x).shape();
                long[] ys = shapes.get(y).shape();
                int nIn = (int) Tensors.numel(xs);
                int nOut = (int) Tensors.numel(ys);
                // One-node float model, run on the identity batch and on zeros.
                OnnxMl.GraphProto.Builder one = OnnxMl.GraphProto.newBuilder().setName("one").addNode(n);
                for (int k = 1; k < n.getInputCount(); k++) {
                    if (!n.getInput(k).isEmpty()) {
                        one.addInitializer(og.initializer(n.getInput(k)).orElseThrow());
                    }
                }
                long[] batchShape = xs.clone();
                batchShape[0] = nIn + 1;
                one.addInput(OnnxMl.ValueInfoProto.newBuilder().setName(x).setType(OnnxMl.TypeProto.newBuilder().setTensorType(
                        OnnxMl.TypeProto.Tensor.newBuilder().setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()))));
                one.addOutput(OnnxMl.ValueInfoProto.newBuilder().setName(y));
                float[] eye = new float[(nIn + 1) * nIn];
                for (int k = 0; k < nIn; k++) {
                    eye[k * nIn + k] = 1f;
                }
                float[] out;
                try (OnnxModel om = OnnxModel.open(m.toBuilder().setGraph(one).build().toByteArray(), "one", OrtRuntime.Device.CPU, 1)) {
                    out = om.run(Map.of(x, TensorData.of(eye, batchShape))).get(y).floats();
                }
                double[] bias = new double[nOut];
                for (int j = 0; j < nOut; j++) {
                    bias[j] = out[nIn * nOut + j];
                }
                double[] mat = new double[nIn * nOut];
                for (int i = 0; i < nIn; i++) {
                    for (int j = 0; j < nOut; j++) {
                        mat[i * nOut + j] = (double) out[i * nOut + j] - bias[j];
                    }
                }
                String p = y + "_lin";
                extra.add(doubles(p + "_m", mat, nIn, nOut));
                extra.add(doubles(p + "_b", bias, nOut));
                extra.add(longs(p + "_flat", 1, -1));
                extra.add(longs(p + "_shape", ys));
                nodes.add(OnnxMl.NodeProto.newBuilder().setOpType("Reshape").addInput(x).addInput(p + "_flat").addOutput(p + "_1").build());
                nodes.add(OnnxMl.NodeProto.newBuilder().setOpType("MatMul").addInput(p + "_1").addInput(p + "_m").addOutput(p + "_2").build());
                nodes.add(OnnxMl.NodeProto.newBuilder().setOpType("Add").addInput(p + "_2").addInput(p + "_b").addOutput(p + "_3").build());
                nodes.add(OnnxMl.NodeProto.newBuilder().setOpType("Reshape").addInput(p + "_3").addInput(p + "_shape").addOutput(y).build());
            }
            g.clearNode().addAllNode(nodes);
            for (OnnxMl.ValueInfoProto.Builder v : g.getInputBuilderList()) {
                v.getTypeBuilder().getTensorTypeBuilder().setElemType(dbl);
            }
            for (OnnxMl.ValueInfoProto.Builder v : g.getOutputBuilderList()) {
                v.getTypeBuilder().getTensorTypeBuilder().setElemType(dbl);
            }
            for (OnnxMl.TensorProto.Builder t : g.getInitializerBuilderList()) {
                if (t.getDataType() == OnnxMl.TensorProto.DataType.FLOAT.getNumber()) {
                    float[] f = Tensors.floats(t.build());
                    double[] d = new double[f.length];
                    for (int k = 0; k < f.length; k++) {
                        d[k] = f[k];
                    }
                    t.setDataType(dbl).setRawData(doubles("", d).getRawData());
                }
            }
            g.addAllInitializer(extra);
            return m.toBuilder().setGraph(g).build().toByteArray();
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Rewrites, for the float64 copy, the pointwise ops ONNX Runtime 1.29 has no double kernel for: HardSigmoid as
     * max(0, min(1, alpha x + beta)), HardSwish as x HardSigmoid(x; 1/6, 1/2), Erf (and Gelu with approximate=none,
     * x (1 + erf(x / sqrt 2)) / 2) as its Taylor series erf(x) = 2/sqrt(pi) sum_n (-1)^n x^(2n+1) / (n! (2n+1)) to
     * 90 terms on x clamped to [-4, 4] (in double the series' rounding stays below 1e-11 there; |erf(4)| = 1 - 1.5e-8,
     * so clamping changes values by less than that and slopes by less than 2e-7). Returns false for other ops.
     */
    private static boolean decompose(OnnxMl.NodeProto n, List<OnnxMl.NodeProto> nodes, List<OnnxMl.TensorProto> extra) {
        String x = n.getInput(0);
        String y = n.getOutput(0);
        String p = y + "_dbl";
        int[] count = {0};
        java.util.function.BiFunction<String, String[], String> op = (type, inputs) -> {
            String out = p + "_" + count[0]++;
            nodes.add(OnnxMl.NodeProto.newBuilder().setOpType(type).addAllInput(List.of(inputs)).addOutput(out).build());
            return out;
        };
        java.util.function.DoubleFunction<String> c = v -> {
            String name = p + "_c" + count[0]++;
            extra.add(doubles(name, new double[] {v}));
            return name;
        };
        String result;
        switch (n.getOpType()) {
            case "HardSigmoid", "HardSwish" -> {
                boolean swish = n.getOpType().equals("HardSwish");
                double alpha = swish ? 1 / 6.0 : floatAttribute(n, "alpha", 0.2f);
                double beta = swish ? 0.5 : floatAttribute(n, "beta", 0.5f);
                String hs = op.apply("Max", new String[] {c.apply(0),
                    op.apply("Min", new String[] {c.apply(1), op.apply("Add", new String[] {op.apply("Mul", new String[] {x, c.apply(alpha)}), c.apply(beta)})})});
                result = swish ? op.apply("Mul", new String[] {x, hs}) : hs;
            }
            case "Erf" -> result = erfSeries(x, op, c);
            case "Gelu" -> {
                OnnxMl.AttributeProto a = n.getAttributeList().stream().filter(t -> t.getName().equals("approximate")).findFirst().orElse(null);
                if (a != null && !a.getS().toStringUtf8().equals("none")) {
                    return false; // tanh: ONNX Runtime expands it into ops with double kernels
                }
                String e = erfSeries(op.apply("Mul", new String[] {x, c.apply(1 / Math.sqrt(2))}), op, c);
                result = op.apply("Mul", new String[] {op.apply("Mul", new String[] {x, c.apply(0.5)}), op.apply("Add", new String[] {e, c.apply(1)})});
            }
            default -> {
                return false;
            }
        }
        nodes.add(OnnxMl.NodeProto.newBuilder().setOpType("Identity").addInput(result).addOutput(y).build());
        return true;
    }

    private static String erfSeries(String x, java.util.function.BiFunction<String, String[], String> op, java.util.function.DoubleFunction<String> c) {
        String t = op.apply("Max", new String[] {c.apply(-4), op.apply("Min", new String[] {c.apply(4), x})});
        String z = op.apply("Mul", new String[] {t, t});
        int terms = 90;
        double[] coef = new double[terms];
        double factorial = 1;
        for (int k = 0; k < terms; k++) {
            factorial *= k == 0 ? 1 : k;
            coef[k] = (k % 2 == 0 ? 1 : -1) / (factorial * (2 * k + 1));
        }
        String sum = c.apply(coef[terms - 1]);
        for (int k = terms - 2; k >= 0; k--) {
            sum = op.apply("Add", new String[] {op.apply("Mul", new String[] {sum, z}), c.apply(coef[k])});
        }
        return op.apply("Mul", new String[] {op.apply("Mul", new String[] {sum, t}), c.apply(2 / Math.sqrt(Math.PI))});
    }

    private static float floatAttribute(OnnxMl.NodeProto n, String name, float dflt) {
        return n.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst().map(OnnxMl.AttributeProto::getF).orElse(dflt);
    }

    private static OnnxMl.TensorProto doubles(String name, double[] v, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(v);
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(OnnxMl.TensorProto.DataType.DOUBLE.getNumber())
                .setRawData(ByteString.copyFrom(b.array()));
        for (long d : shape) {
            t.addDims(d);
        }
        return t.build();
    }

    private static OnnxMl.TensorProto longs(String name, long... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(v);
        return OnnxMl.TensorProto.newBuilder().setName(name).setDataType(OnnxMl.TensorProto.DataType.INT64.getNumber())
                .addDims(v.length).setRawData(ByteString.copyFrom(b.array())).build();
    }
}
