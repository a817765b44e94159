package org.dancelens.convert;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dancelens.core.DanceLensException;

/**
 * Turns a TensorFlow.js graph model into an ONNX model that ONNX Runtime can optimise.
 *
 * <p>TensorFlow computes images as NHWC; ONNX convolutions want NCHW. Every 4-D value therefore carries a flag
 * saying whether it is stored physically as NCHW: convolutions, pooling, resizing and element-wise ops keep
 * values in NCHW, and a Transpose back to NHWC is inserted only where an op needs TensorFlow's own layout
 * (reshapes, slices, gathers) or at the graph outputs. Shapes are inferred statically (the batch size is fixed
 * at conversion), so shape sub-graphs ({@code Shape -> StridedSlice -> Pack -> Reshape}) fold into constants.
 * ONNX node names derive from TensorFlow node names. An op the importer does not know, or a shape it cannot
 * resolve, stops the conversion with an error naming the node and the op.
 */
public final class TfjsToOnnx {
    public static final String CONVERTER_VERSION = "1.0";

    /** Where a converted model came from, recorded in the ONNX metadata. */
    public record Provenance(String sourcePackage, String sourceVersion, String license) {
    }

    /** A value of the TensorFlow graph during conversion. */
    private static final class Val {
        final String name; // ONNX value name; null for constants not yet materialised
        final TfTensor konst; // known constant value, or null
        final long[] shape; // TensorFlow (logical) shape
        final TfTensor.DType dtype;
        final boolean nchw; // physically NCHW (only for rank-4 values)
        String nativeName; // cached NHWC version of an NCHW value
        String nchwName; // cached NCHW version of an NHWC value

        Val(String name, TfTensor konst, long[] shape, TfTensor.DType dtype, boolean nchw) {
            this.name = name;
            this.konst = konst;
            this.shape = shape;
            this.dtype = dtype;
            this.nchw = nchw;
        }

        static Val of(TfTensor t) {
            return new Val(null, t, t.shape(), t.dtype(), false);
        }

        int rank() {
            return shape.length;
        }
    }

    private final TfjsGraphModel model;
    private final int batch;
    private final OnnxGraphBuilder g;
    private final Map<String, Val> values = new HashMap<>();
    private TfjsGraphModel.Node current;

    private TfjsToOnnx(TfjsGraphModel model, int batch) {
        this.model = model;
        this.batch = batch;
        this.g = new OnnxGraphBuilder(model.jsonFile.getFileName().toString().replace(".json", ""));
    }

    /**
     * Converts {@code modelJson} (with its weight shards beside it) to an ONNX file.
     *
     * @param batch the batch size to fix where the model leaves it open (-1)
     */
    public static ConversionReport convert(Path modelJson, Path out, int batch, Provenance provenance) {
        return convert(modelJson, out, batch, provenance, List.of());
    }

    /**
     * Like {@link #convert(Path, Path, int, Provenance)}, and also exposes the named TensorFlow tensors (e.g.
     * {@code StatefulPartitionedCall/model/conv1/Relu:0}) as extra graph outputs in TensorFlow's layout, named like
     * the tensor with ':' replaced by '_' — for comparing intermediate values and for explanations.
     */
    public static ConversionReport convert(Path modelJson, Path out, int batch, Provenance provenance, List<String> extraOutputs) {
        TfjsGraphModel m = TfjsGraphModel.read(modelJson);
        TfjsToOnnx c = new TfjsToOnnx(m, batch);
        c.run();
        for (String t : extraOutputs) {
            Val v = c.value(t);
            String name = v.name == null ? c.materialize(v) : c.asNative(v);
            String o = c.g.node1("Identity", t.replace(':', '_').replace('/', '.'), List.of(name), null);
            c.g.output(o, v.dtype, v.shape);
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("source_format", "tfjs-graph-model");
        meta.put("source_model", modelJson.getFileName().toString());
        meta.put("source_sha256", sha256(modelJson));
        if (provenance != null) {
            meta.put("source_package", provenance.sourcePackage());
            meta.put("source_version", provenance.sourceVersion());
            meta.put("license", provenance.license());
        }
        meta.put("source_converted_by", m.convertedBy);
        meta.put("converter", "DanceLens TF.js importer " + CONVERTER_VERSION);
        meta.put("batch", String.valueOf(batch));
        OnnxMl.ModelProto proto = c.g.build(CONVERTER_VERSION, meta,
                "Converted from the TensorFlow.js graph model " + modelJson.getFileName() + " by DanceLens.");
        try {
            Path parent = out.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, ".convert-", ".onnx");
            try (OutputStream os = Files.newOutputStream(tmp)) {
                proto.writeTo(os);
            }
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw DanceLensException.badInput("Could not write " + out + ": " + e.getMessage() + ".", e);
        }
        List<String> ins = new ArrayList<>();
        for (OnnxMl.ValueInfoProto v : proto.getGraph().getInputList()) {
            ins.add(v.getName());
        }
        List<String> outs = new ArrayList<>();
        for (OnnxMl.ValueInfoProto v : proto.getGraph().getOutputList()) {
            outs.add(v.getName());
        }
        long transposes = proto.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Transpose")).count();
        return new ConversionReport(out, m.nodes.size(), proto.getGraph().getNodeCount(), (int) transposes, ins, outs, meta);
    }

    /** What a conversion produced. */
    public record ConversionReport(Path onnx, int tfNodes, int onnxNodes, int transposes, List<String> inputs,
                                   List<String> outputs, Map<String, String> metadata) {
    }

    static String sha256(Path p) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(Files.readAllBytes(p));
            return HexFormat.of().formatHex(md.digest());
        } catch (Exception e) {
            throw DanceLensException.badInput("Cannot read " + p.getFileName() + ".", e);
        }
    }

    // ------------------------------------------------------------------------------------------------------------

    private void run() {
        Map<String, TfjsGraphModel.SignatureTensor> sigInputs = new HashMap<>();
        for (TfjsGraphModel.SignatureTensor s : model.inputs) {
            sigInputs.put(stripPort(s.tensorName()), s);
        }
        Map<String, TfjsGraphModel.Node> byName = new HashMap<>();
        for (TfjsGraphModel.Node n : model.nodes) {
            byName.put(n.name(), n);
        }
        // Visit nodes in dependency order (TF.js lists them in a valid order, but do not rely on it).
        List<TfjsGraphModel.Node> order = topologicalOrder(byName);
        for (TfjsGraphModel.Node n : order) {
            current = n;
            try {
                convertNode(n, sigInputs.get(n.name()));
            } catch (DanceLensException e) {
                throw e;
            } catch (RuntimeException e) {
                throw fail("cannot be converted (" + e.getMessage() + ")", e);
            }
        }
        List<TfjsGraphModel.SignatureTensor> outs = model.outputs;
        if (outs.isEmpty()) {
            throw DanceLensException.badInput("The model " + model.jsonFile.getFileName() + " declares no outputs in its signature.");
        }
        for (TfjsGraphModel.SignatureTensor s : outs) {
            Val v = value(s.tensorName());
            String name = asNative(v);
            if (v.konst != null && name == null) {
                name = materialize(v);
            }
            String outName = ioName(s);
            String o = g.node1("Identity", outName, List.of(name), null);
            g.output(o, v.dtype, v.shape);
        }
    }

    private List<TfjsGraphModel.Node> topologicalOrder(Map<String, TfjsGraphModel.Node> byName) {
        List<TfjsGraphModel.Node> order = new ArrayList<>();
        Map<String, Integer> state = new HashMap<>();
        for (TfjsGraphModel.Node n : model.nodes) {
            visit(n, byName, state, order);
        }
        return order;
    }

    private void visit(TfjsGraphModel.Node n, Map<String, TfjsGraphModel.Node> byName, Map<String, Integer> state,
                       List<TfjsGraphModel.Node> order) {
        Deque stack = new Deque();
        stack.push(n, 0);
        while (!stack.isEmpty()) {
            TfjsGraphModel.Node top = stack.peekNode();
            int next = stack.peekIndex();
            Integer st = state.get(top.name());
            if (st != null && st == 2) {
                stack.pop();
                continue;
            }
            state.put(top.name(), 1);
            if (next < top.inputs().size()) {
                stack.setIndex(next + 1);
                TfjsGraphModel.Node dep = byName.get(stripPort(top.inputs().get(next)));
                if (dep == null) {
                    current = top;
                    throw fail("reads " + top.inputs().get(next) + ", which the graph does not contain", null);
                }
                Integer ds = state.get(dep.name());
                if (ds == null) {
                    stack.push(dep, 0);
                } else if (ds == 1) {
                    current = top;
                    throw fail("is part of a cycle", null);
                }
            } else {
                state.put(top.name(), 2);
                order.add(top);
                stack.pop();
            }
        }
    }

    /** A tiny explicit stack for the depth-first walk (graphs can be deep). */
    private static final class Deque {
        private final List<TfjsGraphModel.Node> nodes = new ArrayList<>();
        private final List<Integer> idx = new ArrayList<>();

        void push(TfjsGraphModel.Node n, int i) {
            nodes.add(n);
            idx.add(i);
        }

        boolean isEmpty() {
            return nodes.isEmpty();
        }

        TfjsGraphModel.Node peekNode() {
            return nodes.get(nodes.size() - 1);
        }

        int peekIndex() {
            return idx.get(idx.size() - 1);
        }

        void setIndex(int i) {
            idx.set(idx.size() - 1, i);
        }

        void pop() {
            nodes.remove(nodes.size() - 1);
            idx.remove(idx.size() - 1);
        }
    }

    /** The ONNX name of a graph input or output: the signature key when it is a plain identifier. */
    private static String ioName(TfjsGraphModel.SignatureTensor s) {
        return s.key().matches("[A-Za-z_][A-Za-z0-9_]*") ? s.key() : s.tensorName().replace(':', '_');
    }

    static String stripPort(String ref) {
        int c = ref.indexOf(':');
        return c < 0 ? ref : ref.substring(0, c);
    }

    private static String key(String ref) {
        return ref.indexOf(':') < 0 ? ref + ":0" : ref;
    }

    private Val value(String ref) {
        Val v = values.get(key(ref));
        if (v == null) {
            throw fail("reads " + ref + ", which has no value", null);
        }
        return v;
    }

    private Val in(TfjsGraphModel.Node n, int k) {
        if (k >= n.inputs().size()) {
            throw fail("has " + n.inputs().size() + " inputs, expected at least " + (k + 1), null);
        }
        return value(n.inputs().get(k));
    }

    private TfTensor constIn(TfjsGraphModel.Node n, int k, String what) {
        Val v = in(n, k);
        if (v.konst == null) {
            throw fail("needs a constant " + what + " (input " + n.inputs().get(k) + " is computed at run time)", null);
        }
        return v.konst;
    }

    private void put(TfjsGraphModel.Node n, int port, Val v) {
        values.put(n.name() + ":" + port, v);
    }

    private DanceLensException fail(String what, Throwable cause) {
        String where = current == null ? "" : "Node " + current.name() + " (op " + current.op() + ") ";
        return DanceLensException.badInput("Cannot convert " + model.jsonFile.getFileName() + ": " + where + what + ".", cause);
    }

    // ---- materialisation and layout ----

    private String materialize(Val v) {
        if (v.name != null) {
            return v.name;
        }
        if (v.nativeName == null) {
            v.nativeName = g.constant(current.name() + "/const", v.konst);
        }
        return v.nativeName;
    }

    /** The value in TensorFlow's own layout. */
    private String asNative(Val v) {
        if (v.konst != null && v.name == null) {
            return materialize(v);
        }
        if (!v.nchw) {
            return v.name;
        }
        if (v.nativeName == null) {
            v.nativeName = g.node1("Transpose", v.name + "_nhwc", List.of(v.name), Map.of("perm", new long[] {0, 2, 3, 1}));
        }
        return v.nativeName;
    }

    /** A rank-4 NHWC value as NCHW. */
    private String asNchw(Val v) {
        if (v.rank() != 4) {
            throw fail("expects a 4-D image tensor, found shape " + Arrays.toString(v.shape), null);
        }
        if (v.nchw) {
            return v.name;
        }
        if (v.nchwName == null) {
            if (v.konst != null && v.name == null) {
                v.nchwName = g.constant(current.name() + "/const_nchw", ConstFold.transpose(v.konst, new int[] {0, 3, 1, 2}));
            } else {
                v.nchwName = g.node1("Transpose", v.name + "_nchw", List.of(v.name), Map.of("perm", new long[] {0, 3, 1, 2}));
            }
        }
        return v.nchwName;
    }

    /** A constant operand of an NCHW element-wise op: broadcast to rank 4, then NHWC -> NCHW. */
    private String constForNchw(TfTensor t) {
        long[] s = t.shape();
        long[] s4 = new long[4];
        Arrays.fill(s4, 1);
        System.arraycopy(s, 0, s4, 4 - s.length, s.length);
        return g.constant(current.name() + "/const_nchw", ConstFold.transpose(t.reshape(s4), new int[] {0, 3, 1, 2}));
    }

    private void checkStatic(long[] shape, String what) {
        for (long d : shape) {
            if (d < 0) {
                throw fail("has a " + what + " whose shape " + Arrays.toString(shape) + " cannot be resolved statically", null);
            }
        }
    }

    // ---- the ops ----

    private void convertNode(TfjsGraphModel.Node n, TfjsGraphModel.SignatureTensor sig) {
        String op = n.op();
        switch (op) {
            case "Placeholder" -> placeholder(n, sig);
            case "Const" -> {
                TfTensor t = model.weights.get(n.name());
                if (t == null) {
                    throw fail("has no weight in the manifest", null);
                }
                put(n, 0, Val.of(t));
            }
            case "Identity", "StopGradient", "Snapshot" -> put(n, 0, in(n, 0));
            case "Cast" -> cast(n);
            case "_FusedConv2D", "Conv2D" -> conv(n, false);
            case "FusedDepthwiseConv2dNative", "DepthwiseConv2dNative" -> conv(n, true);
            case "Conv2DBackpropInput" -> convTranspose(n);
            case "MaxPool", "AvgPool" -> pool(n);
            case "Pad", "PadV2", "MirrorPad" -> pad(n);
            case "ResizeBilinear", "ResizeNearestNeighbor" -> resize(n);
            case "DepthToSpace" -> depthToSpace(n);
            case "Add", "AddV2", "Sub", "Mul", "RealDiv", "Maximum", "Minimum", "Pow",
                 "Less", "LessEqual", "Greater", "GreaterEqual", "Equal", "NotEqual", "LogicalAnd", "LogicalOr" -> binary(n);
            case "FloorDiv" -> floorDiv(n);
            case "SquaredDifference" -> squaredDifference(n);
            case "AddN" -> addN(n);
            case "Relu", "Relu6", "Sigmoid", "Tanh", "Sqrt", "Rsqrt", "Exp", "Log", "Abs", "Neg", "Reciprocal",
                 "Square", "Floor", "Ceil", "Round", "Elu", "Selu", "LeakyRelu", "LogicalNot", "Softplus" -> unary(n);
            case "Prelu" -> prelu(n);
            case "Select", "SelectV2" -> select(n);
            case "Reshape" -> reshape(n, shapeFromConst(constIn(n, 1, "shape"), in(n, 0)));
            case "Squeeze" -> squeeze(n);
            case "ExpandDims" -> expandDims(n);
            case "Shape" -> {
                Val x = in(n, 0);
                checkStatic(x.shape, "input");
                int[] s = new int[x.rank()];
                for (int k = 0; k < s.length; k++) {
                    s[k] = (int) x.shape[k];
                }
                put(n, 0, Val.of(TfTensor.ints(new long[] {s.length}, s)));
            }
            case "Size" -> {
                Val x = in(n, 0);
                checkStatic(x.shape, "input");
                put(n, 0, Val.of(TfTensor.scalarInt((int) TfTensor.numel(x.shape))));
            }
            case "StridedSlice" -> stridedSlice(n);
            case "Pack" -> pack(n);
            case "Unpack" -> unpack(n);
            case "ConcatV2", "Concat" -> concat(n);
            case "Split" -> split(n);
            case "GatherNd" -> gatherNd(n);
            case "GatherV2" -> gatherV2(n);
            case "ArgMax" -> argMax(n);
            case "TopKV2" -> topK(n);
            case "Range" -> range(n);
            case "Tile" -> tile(n);
            case "Fill" -> fill(n);
            case "Max", "Min", "Sum", "Mean", "Prod" -> reduce(n);
            case "Softmax" -> softmax(n);
            case "NoOp" -> {
            }
            default -> throw fail("uses an operation the importer does not support", null);
        }
    }

    private void placeholder(TfjsGraphModel.Node n, TfjsGraphModel.SignatureTensor sig) {
        long[] shape;
        String dtype;
        if (sig != null) {
            shape = sig.shape().clone();
            dtype = sig.dtype();
        } else {
            JsonShape js = JsonShape.of(n);
            shape = js.shape;
            dtype = n.attrType("dtype", "DT_FLOAT");
        }
        for (int k = 0; k < shape.length; k++) {
            if (shape[k] < 0) {
                if (k == 0) {
                    shape[k] = batch;
                } else {
                    throw fail("has an open dimension " + k + " in its input shape " + Arrays.toString(shape), null);
                }
            }
        }
        String name = sig != null ? ioName(sig) : n.name();
        TfTensor.DType dt = TfTensor.DType.fromTf(dtype);
        g.input(name, dt, shape);
        put(n, 0, new Val(name, null, shape, dt, false));
    }

    /** Shape from a Placeholder's own attribute, when the signature does not give it. */
    private record JsonShape(long[] shape) {
        static JsonShape of(TfjsGraphModel.Node n) {
            var dims = n.attr().path("shape").path("shape").path("dim");
            long[] s = new long[dims.size()];
            for (int k = 0; k < s.length; k++) {
                s[k] = dims.get(k).has("size") ? Long.parseLong(dims.get(k).get("size").asText()) : -1;
            }
            return new JsonShape(s);
        }
    }

    private void cast(TfjsGraphModel.Node n) {
        Val x = in(n, 0);
        TfTensor.DType to = TfTensor.DType.fromTf(n.attrType("DstT", "DT_FLOAT"));
        if (x.konst != null && x.name == null) {
            put(n, 0, Val.of(x.konst.cast(to)));
            return;
        }
        if (to == x.dtype) {
            put(n, 0, x);
            return;
        }
        String o = g.node1("Cast", n.name(), List.of(x.nchw ? x.name : asNative(x)), Map.of("to", OnnxGraphBuilder.onnxType(to)));
        put(n, 0, new Val(o, null, x.shape, to, x.nchw));
    }

    /** TF SAME/VALID/EXPLICIT padding for one spatial dimension: {before, after, output size}. */
    private long[] padding(String mode, long in, long k, long stride, long dilation, long[] explicit, int dim) {
        long eff = (k - 1) * dilation + 1;
        return switch (mode) {
            case "VALID" -> new long[] {0, 0, (in - eff) / stride + 1};
            case "SAME" -> {
                long out = (in + stride - 1) / stride;
                long total = Math.max((out - 1) * stride + eff - in, 0);
                yield new long[] {total / 2, total - total / 2, out};
            }
            case "EXPLICIT" -> {
                long b = explicit[2 * dim];
                long a = explicit[2 * dim + 1];
                yield new long[] {b, a, (in + b + a - eff) / stride + 1};
            }
            default -> throw fail("uses the padding mode " + mode, null);
        };
    }

    private void conv(TfjsGraphModel.Node n, boolean depthwise) {
        Val x = in(n, 0);
        TfTensor filter = constIn(n, 1, "filter");
        if (!"NHWC".equals(n.attrString("data_format", "NHWC"))) {
            throw fail("uses data format " + n.attrString("data_format", "") + " (only NHWC is supported)", null);
        }
        checkStatic(x.shape, "input");
        long[] strides = n.attrInts("strides");
        long[] dil = n.attrInts("dilations");
        if (dil.length == 0) {
            dil = new long[] {1, 1, 1, 1};
        }
        String mode = n.attrString("padding", "VALID");
        long[] explicit = n.attrInts("explicit_paddings");
        long[] fs = filter.shape(); // HWIO or HW(C)(M)
        long kh = fs[0];
        long kw = fs[1];
        long[] ph = padding(mode, x.shape[1], kh, strides[1], dil[1], explicit, 1);
        long[] pw = padding(mode, x.shape[2], kw, strides[2], dil[2], explicit, 2);
        TfTensor w;
        long outC;
        long group = 1;
        if (depthwise) {
            long c = fs[2];
            long m = fs[3];
            // [H, W, C, M] -> [C*M, 1, H, W]
            w = ConstFold.transpose(filter, new int[] {2, 3, 0, 1}).reshape(new long[] {c * m, 1, kh, kw});
            outC = c * m;
            group = c;
        } else {
            w = ConstFold.transpose(filter, new int[] {3, 2, 0, 1}); // HWIO -> OIHW
            outC = fs[3];
        }
        List<String> inputs = new ArrayList<>();
        inputs.add(asNchw(x));
        inputs.add(g.constant(n.name() + "/weights", w));
        List<String> fused = n.attrStrings("fused_ops");
        int extra = 2;
        if (fused.contains("BiasAdd")) {
            TfTensor bias = constIn(n, extra++, "bias");
            inputs.add(g.constant(n.name() + "/bias", bias));
        } else if (fused.contains("FusedBatchNorm")) {
            throw fail("fuses FusedBatchNorm, which the importer does not support", null);
        }
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("kernel_shape", new long[] {kh, kw});
        attrs.put("strides", new long[] {strides[1], strides[2]});
        attrs.put("dilations", new long[] {dil[1], dil[2]});
        attrs.put("pads", new long[] {ph[0], pw[0], ph[1], pw[1]});
        attrs.put("group", group);
        String y = g.node1("Conv", n.name(), inputs, attrs);
        for (String f : fused) {
            switch (f) {
                case "BiasAdd" -> {
                }
                case "Relu" -> y = g.node1("Relu", n.name() + "/Relu", List.of(y), null);
                case "Relu6" -> y = clip06(n.name() + "/Relu6", y);
                case "Elu" -> y = g.node1("Elu", n.name() + "/Elu", List.of(y), null);
                case "LeakyRelu" -> y = g.node1("LeakyRelu", n.name() + "/LeakyRelu", List.of(y),
                        Map.of("alpha", n.attrFloat("leakyrelu_alpha", 0.2)));
                case "Prelu" -> {
                    TfTensor alpha = constIn(n, extra++, "PReLU slope");
                    String a = g.constant(n.name() + "/prelu_alpha", alpha.reshape(new long[] {alpha.size(), 1, 1}));
                    y = g.node1("PRelu", n.name() + "/Prelu", List.of(y, a), null);
                }
                case "Sigmoid" -> y = g.node1("Sigmoid", n.name() + "/Sigmoid", List.of(y), null);
                case "Tanh" -> y = g.node1("Tanh", n.name() + "/Tanh", List.of(y), null);
                default -> throw fail("fuses " + f + ", which the importer does not support", null);
            }
        }
        put(n, 0, new Val(y, null, new long[] {x.shape[0], ph[2], pw[2], outC}, TfTensor.DType.FLOAT, true));
    }

    private String clip06(String name, String x) {
        String lo = g.constant(name + "/min", TfTensor.floats(new long[0], new float[] {0f}));
        String hi = g.constant(name + "/max", TfTensor.floats(new long[0], new float[] {6f}));
        return g.node1("Clip", name, List.of(x, lo, hi), null);
    }

    private void convTranspose(TfjsGraphModel.Node n) {
        TfTensor outShape = constIn(n, 0, "output shape");
        TfTensor filter = constIn(n, 1, "filter"); // [H, W, Cout, Cin]
        Val x = in(n, 2);
        checkStatic(x.shape, "input");
        long[] strides = n.attrInts("strides");
        String mode = n.attrString("padding", "VALID");
        int[] os = outShape.intValues();
        long[] fs = filter.shape();
        long kh = fs[0];
        long kw = fs[1];
        long[] pads = new long[4];
        long[] outPad = new long[2];
        for (int d = 0; d < 2; d++) {
            long in = x.shape[1 + d];
            long s = strides[1 + d];
            long k = d == 0 ? kh : kw;
            long out = os[1 + d];
            long full = s * (in - 1) + k;
            long total = full - out;
            if (mode.equals("VALID") && total < 0) {
                outPad[d] = -total;
                total = 0;
            }
            if (total < 0) {
                outPad[d] = -total;
                total = 0;
            }
            pads[d] = total / 2;
            pads[d + 2] = total - total / 2;
        }
        TfTensor w = ConstFold.transpose(filter, new int[] {3, 2, 0, 1}); // [Cin, Cout, H, W]
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("kernel_shape", new long[] {kh, kw});
        attrs.put("strides", new long[] {strides[1], strides[2]});
        attrs.put("pads", pads);
        if (outPad[0] != 0 || outPad[1] != 0) {
            attrs.put("output_padding", outPad);
        }
        String y = g.node1("ConvTranspose", n.name(), List.of(asNchw(x), g.constant(n.name() + "/weights", w)), attrs);
        put(n, 0, new Val(y, null, new long[] {x.shape[0], os[1], os[2], fs[2]}, TfTensor.DType.FLOAT, true));
    }

    private void pool(TfjsGraphModel.Node n) {
        Val x = in(n, 0);
        checkStatic(x.shape, "input");
        long[] k = n.attrInts("ksize");
        long[] s = n.attrInts("strides");
        String mode = n.attrString("padding", "VALID");
        long[] ph = padding(mode, x.shape[1], k[1], s[1], 1, new long[8], 1);
        long[] pw = padding(mode, x.shape[2], k[2], s[2], 1, new long[8], 2);
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("kernel_shape", new long[] {k[1], k[2]});
        attrs.put("strides", new long[] {s[1], s[2]});
        attrs.put("pads", new long[] {ph[0], pw[0], ph[1], pw[1]});
        String op = n.op().equals("MaxPool") ? "MaxPool" : "AveragePool";
        if (op.equals("AveragePool")) {
            attrs.put("count_include_pad", 0L); // TF averages over the valid elements only
        }
        String y = g.node1(op, n.name(), List.of(asNchw(x)), attrs);
        put(n, 0, new Val(y, null, new long[] {x.shape[0], ph[2], pw[2], x.shape[3]}, TfTensor.DType.FLOAT, true));
    }

    private void pad(TfjsGraphModel.Node n) {
        Val x = in(n, 0);
        int[] p = constIn(n, 1, "paddings").intValues();
        int r = x.rank();
        long[] shape = x.shape.clone();
        for (int d = 0; d < r; d++) {
            shape[d] = x.shape[d] < 0 ? -1 : x.shape[d] + p[2 * d] + p[2 * d + 1];
        }
        String mode = n.op().equals("MirrorPad") ? n.attrString("mode", "REFLECT").toLowerCase(java.util.Locale.ROOT) : "constant";
        if (mode.equals("symmetric")) {
            throw fail("uses symmetric mirror padding", null);
        }
        List<String> inputs = new ArrayList<>();
        boolean nchw = x.rank() == 4 && (x.nchw || x.konst == null);
        long[] pads = new long[2 * r];
        int[] perm = nchw ? new int[] {0, 3, 1, 2} : null;
        for (int d = 0; d < r; d++) {
            int src = nchw ? perm[d] : d;
            pads[d] = p[2 * src];
            pads[d + r] = p[2 * src + 1];
        }
        inputs.add(nchw ? asNchw(x) : asNative(x));
        inputs.add(g.int64Vector(n.name() + "/pads", pads));
        if (n.op().equals("PadV2")) {
            inputs.add(materialize(in(n, 2)));
        }
        String y = g.node1("Pad", n.name(), inputs, Map.of("mode", mode.equals("reflect") ? "reflect" : "constant"));
        put(n, 0, new Val(y, null, shape, x.dtype, nchw));
    }

    private void resize(TfjsGraphModel.Node n) {
        Val x = in(n, 0);
        checkStatic(x.shape, "input");
        int[] size = constIn(n, 1, "size").intValues();
        boolean align = n.attrBool("align_corners", false);
        boolean half = n.attrBool("half_pixel_centers", false);
        Map<String, Object> attrs = new LinkedHashMap<>();
        boolean bilinear = n.op().equals("ResizeBilinear");
        attrs.put("mode", bilinear ? "linear" : "nearest");
        attrs.put("coordinate_transformation_mode", align ? "align_corners" : half ? (bilinear ? "half_pixel" : "tf_half_pixel_for_nn") : "asymmetric");
        if (!bilinear) {
            attrs.put("nearest_mode", align ? "round_prefer_ceil" : half ? "round_prefer_ceil" : "floor");
        }
        String sizes = g.int64Vector(n.name() + "/sizes", x.shape[0], x.shape[3], size[0], size[1]);
        String roi = "";
        String scales = "";
        String y = g.node1("Resize", n.name(), List.of(asNchw(x), roi, scales, sizes), attrs);
        put(n, 0, new Val(y, null, new long[] {x.shape[0], size[0], size[1], x.shape[3]}, TfTensor.DType.FLOAT, true));
    }

    private void depthToSpace(TfjsGraphModel.Node n) {
        Val x = in(n, 0);
        long b = n.attrInt("block_size", 2);
        String y = g.node1("DepthToSpace", n.name(), List.of(asNchw(x)), Map.of("blocksize", b, "mode", "DCR"));
        put(n, 0, new Val(y, null, new long[] {x.shape[0], x.shape[1] * b, x.shape[2] * b, x.shape[3] / (b * b)}, x.dtype, true));
    }

    private static String onnxBinary(String tf) {
        return switch (tf) {
            case "Add", "AddV2" -> "Add";
            case "Sub" -> "Sub";
            case "Mul" -> "Mul";
            case "RealDiv" -> "Div";
            case "Maximum" -> "Max";
            case "Minimum" -> "Min";
            case "Pow" -> "Pow";
            case "Less" -> "Less";
            case "LessEqual" -> "LessOrEqual";
            case "Greater" -> "Greater";
            case "GreaterEqual" -> "GreaterOrEqual";
            case "Equal" -> "Equal";
            case "LogicalAnd" -> "And";
            case "LogicalOr" -> "Or";
            default -> null;
        };
    }

    private static boolean isComparison(String tf) {
        return switch (tf) {
            case "Less", "LessEqual", "Greater", "GreaterEqual", "Equal", "NotEqual", "LogicalAnd", "LogicalOr" -> true;
            default -> false;
        };
    }

    /** Element-wise op over several operands, in NCHW when the image operands are NCHW. */
    private Val elementwise(String onnxOp, String name, List<Val> operands, TfTensor.DType outType) {
        long[] shape = operands.get(0).shape;
        for (int k = 1; k < operands.size(); k++) {
            shape = ConstFold.broadcast(shape, operands.get(k).shape);
        }
        boolean anyNchw = false;
        boolean allOk = shape.length == 4;
        for (Val v : operands) {
            anyNchw |= v.nchw;
            if (!(v.nchw || (v.konst != null && v.name == null))) {
                allOk = false;
            }
        }
        boolean nchw = anyNchw && allOk;
        List<String> inputs = new ArrayList<>();
        for (Val v : operands) {
            if (nchw) {
                inputs.add(v.nchw ? v.name : constForNchw(v.konst));
            } else {
                inputs.add(asNative(v));
            }
        }
        String y = g.node1(onnxOp, name, inputs, null);
        return new Val(y, null, shape, outType, nchw);
    }

    private void binary(TfjsGraphModel.Node n) {
        Val a = in(n, 0);
        Val b = in(n, 1);
        if (a.konst != null && a.name == null && b.konst != null && b.name == null) {
            TfTensor r = ConstFold.binary(n.op(), a.konst, b.konst);
            if (r != null) {
                put(n, 0, Val.of(r));
                return;
            }
        }
        TfTensor.DType out = isComparison(n.op()) ? TfTensor.DType.BOOL : a.dtype;
        if (n.op().equals("NotEqual")) {
            Val eq = elementwise("Equal", n.name() + "/Equal", List.of(a, b), TfTensor.DType.BOOL);
            String y = g.node1("Not", n.name(), List.of(eq.name), null);
            put(n, 0, new Val(y, null, eq.shape, TfTensor.DType.BOOL, eq.nchw));
            return;
        }
        put(n, 0, elementwise(onnxBinary(n.op()), n.name(), List.of(a, b), out));
    }

    private void floorDiv(TfjsGraphModel.Node n) {
        Val a = in(n, 0);
        Val b = in(n, 1);
        if (a.konst != null && a.name == null && b.konst != null && b.name == null) {
            put(n, 0, Val.of(ConstFold.binary("FloorDiv", a.konst, b.konst)));
            return;
        }
        // Integer Div in ONNX truncates towards zero; TensorFlow floors. Divide in float and floor.
        Val af = a.dtype == TfTensor.DType.FLOAT ? a : castVal(a, TfTensor.DType.FLOAT, n.name() + "/a_float");
        Val bf = b.dtype == TfTensor.DType.FLOAT ? b : castVal(b, TfTensor.DType.FLOAT, n.name() + "/b_float");
        Val q = elementwise("Div", n.name() + "/div", List.of(af, bf), TfTensor.DType.FLOAT);
        String f = g.node1("Floor", n.name() + "/floor", List.of(q.name), null);
        Val r = new Val(f, null, q.shape, TfTensor.DType.FLOAT, q.nchw);
        put(n, 0, a.dtype == TfTensor.DType.FLOAT ? r : castVal(r, a.dtype, n.name()));
    }

    private Val castVal(Val v, TfTensor.DType to, String name) {
        if (v.konst != null && v.name == null) {
            return Val.of(v.konst.cast(to));
        }
        String y = g.node1("Cast", name, List.of(v.nchw ? v.name : asNative(v)), Map.of("to", OnnxGraphBuilder.onnxType(to)));
        return new Val(y, null, v.shape, to, v.nchw);
    }

    private void squaredDifference(TfjsGraphModel.Node n) {
        Val d = elementwise("Sub", n.name() + "/sub", List.of(in(n, 0), in(n, 1)), in(n, 0).dtype);
        String y = g.node1("Mul", n.name(), List.of(d.name, d.name), null);
        put(n, 0, new Val(y, null, d.shape, d.dtype, d.nchw));
    }

    private void addN(TfjsGraphModel.Node n) {
        List<Val> ops = new ArrayList<>();
        for (int k = 0; k < n.inputs().size(); k++) {
            ops.add(in(n, k));
        }
        put(n, 0, elementwise("Sum", n.name(), ops, ops.get(0).dtype));
    }

    private void unary(TfjsGraphModel.Node n) {
        Val x = in(n, 0);
        String in = x.nchw ? x.name : asNative(x);
        String name = n.name();
        String y = switch (n.op()) {
            case "Relu" -> g.node1("Relu", name, List.of(in), null);
            case "Relu6" -> clip06(name, in);
            case "Sigmoid" -> g.node1("Sigmoid", name, List.of(in), null);
            case "Tanh" -> g.node1("Tanh", name, List.of(in), null);
            case "Sqrt" -> g.node1("Sqrt", name, List.of(in), null);
            case "Rsqrt" -> g.node1("Reciprocal", name, List.of(g.node1("Sqrt", name + "/sqrt", List.of(in), null)), null);
            case "Exp" -> g.node1("Exp", name, List.of(in), null);
            case "Log" -> g.node1("Log", name, List.of(in), null);
            case "Abs" -> g.node1("Abs", name, List.of(in), null);
            case "Neg" -> g.node1("Neg", name, List.of(in), null);
            case "Reciprocal" -> g.node1("Reciprocal", name, List.of(in), null);
            case "Square" -> g.node1("Mul", name, List.of(in, in), null);
            case "Floor" -> g.node1("Floor", name, List.of(in), null);
            case "Ceil" -> g.node1("Ceil", name, List.of(in), null);
            case "Round" -> g.node1("Round", name, List.of(in), null);
            case "Elu" -> g.node1("Elu", name, List.of(in), null);
            case "Selu" -> g.node1("Selu", name, List.of(in), null);
            case "Softplus" -> g.node1("Softplus", name, List.of(in), null);
            case "LogicalNot" -> g.node1("Not", name, List.of(in), null);
            case "LeakyRelu" -> g.node1("LeakyRelu", name, List.of(in), Map.of("alpha", n.attrFloat("alpha", 0.2)));
            default -> throw fail("is not a supported unary op", null);
        };
        put(n, 0, new Val(y, null, x.shape, x.dtype, x.nchw));
    }

    private void prelu(TfjsGraphModel.Node n) {
        Val x = in(n, 0);
        TfTensor alpha = constIn(n, 1, "slope");
        if (x.nchw) {
            String a = g.constant(n.name() + "/alpha", alpha.reshape(new long[] {alpha.size(), 1, 1}));
            put(n, 0, new Val(g.node1("PRelu", n.name(), List.of(x.name, a), null), null, x.shape, x.dtype, true));
        } else {
            String a = g.constant(n.name() + "/alpha", alpha);
            put(n, 0, new Val(g.node1("PRelu", n.name(), List.of(asNative(x), a), null), null, x.shape, x.dtype, false));
        }
    }

    private void select(TfjsGraphModel.Node n) {
        Val c = in(n, 0);
        Val a = in(n, 1);
        Val b = in(n, 2);
        if (n.op().equals("Select") && c.rank() == 1 && a.rank() > 1) {
            // TF1 Select with a vector condition picks whole rows: make it broadcast.
            long[] s = new long[a.rank()];
            Arrays.fill(s, 1);
            s[0] = c.shape[0];
            String cr = g.node1("Reshape", n.name() + "/cond", List.of(asNative(c), g.int64Vector(n.name() + "/cond_shape", s)), null);
            c = new Val(cr, null, s, c.dtype, false);
        }
        put(n, 0, elementwise("Where", n.name(), List.of(c, a, b), a.dtype));
    }

    /** Resolves a TF reshape target (with at most one -1) against the input's static size. */
    private long[] shapeFromConst(TfTensor shapeT, Val x) {
        int[] s = shapeT.intValues();
        long[] out = new long[s.length];
        long known = 1;
        int open = -1;
        for (int k = 0; k < s.length; k++) {
            out[k] = s[k];
            if (s[k] == -1) {
                if (open >= 0) {
                    throw fail("reshapes with two open dimensions", null);
                }
                open = k;
            } else {
                known *= s[k];
            }
        }
        if (open >= 0) {
            checkStatic(x.shape, "input");
            out[open] = TfTensor.numel(x.shape) / Math.max(1, known);
        }
        return out;
    }

    private void reshape(TfjsGraphModel.Node n, long[] shape) {
        Val x = in(n, 0);
        if (x.konst != null && x.name == null) {
            put(n, 0, Val.of(x.konst.reshape(shape)));
            return;
        }
        String y = g.node1("Reshape", n.name(), List.of(asNative(x), g.int64Vector(n.name() + "/shape", shape)), null);
        put(n, 0, new Val(y, null, shape, x.dtype, false));
    }

    private void squeeze(TfjsGraphModel.Node n) {
        Val x = in(n, 0);
        long[] dims = n.attrInts("squeeze_dims");
        if (dims.length == 0) {
            dims = n.attrInts("axis");
        }
        List<Long> out = new ArrayList<>();
        for (int d = 0; d < x.rank(); d++) {
            boolean drop = false;
            if (dims.length == 0) {
                drop = x.shape[d] == 1;
            } else {
                for (long a : dims) {
                    drop |= (a < 0 ? a + x.rank() : a) == d;
                }
            }
            if (!drop) {
                out.add(x.shape[d]);
            }
        }
        reshape(n, out.stream().mapToLong(Long::longValue).toArray());
    }

    private void expandDims(TfjsGraphModel.Node n) {
        Val x = in(n, 0);
        int axis = constIn(n, 1, "axis").intValues()[0];
        if (axis < 0) {
            axis += x.rank() + 1;
        }
        long[] s = new long[x.rank() + 1];
        for (int d = 0, k = 0; d < s.length; d++) {
            s[d] = d == axis ? 1 : x.shape[k++];
        }
        reshape(n, s);
    }

    private void stridedSlice(TfjsGraphModel.Node n) {
        Val x = in(n, 0);
        checkStatic(x.shape, "input");
        int[] begin = constIn(n, 1, "begin").intValues();
        int[] end = constIn(n, 2, "end").intValues();
        int[] strides = constIn(n, 3, "strides").intValues();
        long beginMask = n.attrInt("begin_mask", 0);
        long endMask = n.attrInt("end_mask", 0);
        long ellipsisMask = n.attrInt("ellipsis_mask", 0);
        long newAxisMask = n.attrInt("new_axis_mask", 0);
        long shrinkMask = n.attrInt("shrink_axis_mask", 0);
        int rank = x.rank();
        int sparse = begin.length;
        // Dense specification per input dimension.
        long[] st = new long[rank];
        long[] en = new long[rank];
        long[] sp = new long[rank];
        boolean[] shrink = new boolean[rank];
        List<Long> finalShape = new ArrayList<>();
        boolean sawEllipsis = false;
        int full = 0;
        for (int i = 0; i < sparse; i++) {
            if ((ellipsisMask >> i & 1) != 0) {
                sawEllipsis = true;
                int newAfter = 0;
                for (int j = i + 1; j < sparse; j++) {
                    if ((newAxisMask >> j & 1) != 0) {
                        newAfter++;
                    }
                }
                int next = Math.min(rank - (sparse - i) + 1 + newAfter, rank);
                for (; full < next; full++) {
                    st[full] = 0;
                    en[full] = x.shape[full];
                    sp[full] = 1;
                    finalShape.add(x.shape[full]);
                }
                continue;
            }
            if ((newAxisMask >> i & 1) != 0) {
                finalShape.add(1L);
                continue;
            }
            if (full >= rank) {
                throw fail("slices more dimensions than its input has", null);
            }
            long dim = x.shape[full];
            long s = strides[i];
            if (s == 0) {
                throw fail("has a zero stride", null);
            }
            if ((shrinkMask >> i & 1) != 0) {
                long b = begin[i] < 0 ? begin[i] + dim : begin[i];
                st[full] = b;
                en[full] = b + 1;
                sp[full] = 1;
                shrink[full] = true;
            } else {
                long b;
                long e;
                if ((beginMask >> i & 1) != 0) {
                    b = s > 0 ? 0 : dim - 1;
                } else {
                    b = begin[i] < 0 ? begin[i] + dim : begin[i];
                    b = s > 0 ? Math.max(0, Math.min(dim, b)) : Math.max(-1, Math.min(dim - 1, b));
                }
                if ((endMask >> i & 1) != 0) {
                    e = s > 0 ? dim : -1;
                } else {
                    e = end[i] < 0 ? end[i] + dim : end[i];
                    e = s > 0 ? Math.max(0, Math.min(dim, e)) : Math.max(-1, Math.min(dim - 1, e));
                }
                st[full] = b;
                en[full] = e;
                sp[full] = s;
                long len = s > 0 ? Math.max(0, (e - b + s - 1) / s) : Math.max(0, (b - e + (-s) - 1) / (-s));
                finalShape.add(len);
            }
            full++;
        }
        if (!sawEllipsis) {
            for (; full < rank; full++) {
                st[full] = 0;
                en[full] = x.shape[full];
                sp[full] = 1;
                finalShape.add(x.shape[full]);
            }
        }
        long[] outShape = finalShape.stream().mapToLong(Long::longValue).toArray();
        if (x.konst != null && x.name == null) {
            int[][] idx = new int[rank][];
            for (int d = 0; d < rank; d++) {
                List<Integer> l = new ArrayList<>();
                for (long k = st[d]; sp[d] > 0 ? k < en[d] : k > en[d]; k += sp[d]) {
                    l.add((int) k);
                }
                idx[d] = l.stream().mapToInt(Integer::intValue).toArray();
            }
            put(n, 0, Val.of(ConstFold.gather(x.konst, idx).reshape(outShape)));
            return;
        }
        List<Long> axes = new ArrayList<>();
        List<Long> starts = new ArrayList<>();
        List<Long> ends = new ArrayList<>();
        List<Long> steps = new ArrayList<>();
        for (int d = 0; d < rank; d++) {
            boolean whole = st[d] == 0 && en[d] == x.shape[d] && sp[d] == 1;
            if (!whole) {
                axes.add((long) d);
                starts.add(st[d]);
                ends.add(sp[d] < 0 && en[d] == -1 ? Long.MIN_VALUE : en[d]);
                steps.add(sp[d]);
            }
        }
        String cur = asNative(x);
        if (!axes.isEmpty()) {
            cur = g.node1("Slice", n.name() + "/slice", List.of(cur,
                    g.int64Vector(n.name() + "/starts", starts.stream().mapToLong(Long::longValue).toArray()),
                    g.int64Vector(n.name() + "/ends", ends.stream().mapToLong(Long::longValue).toArray()),
                    g.int64Vector(n.name() + "/axes", axes.stream().mapToLong(Long::longValue).toArray()),
                    g.int64Vector(n.name() + "/steps", steps.stream().mapToLong(Long::longValue).toArray())), null);
        }
        String y = g.node1("Reshape", n.name(), List.of(cur, g.int64Vector(n.name() + "/shape", outShape)), null);
        put(n, 0, new Val(y, null, outShape, x.dtype, false));
    }

    private void pack(TfjsGraphModel.Node n) {
        int count = n.inputs().size();
        long axisAttr = n.attrInt("axis", 0);
        Val first = in(n, 0);
        int axis = (int) (axisAttr < 0 ? axisAttr + first.rank() + 1 : axisAttr);
        long[] expanded = new long[first.rank() + 1];
        for (int d = 0, k = 0; d < expanded.length; d++) {
            expanded[d] = d == axis ? 1 : first.shape[k++];
        }
        boolean allConst = true;
        for (int k = 0; k < count; k++) {
            Val v = in(n, k);
            allConst &= v.konst != null && v.name == null;
        }
        if (allConst) {
            List<TfTensor> parts = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                parts.add(in(n, k).konst.reshape(expanded));
            }
            put(n, 0, Val.of(ConstFold.concat(parts, axis)));
            return;
        }
        List<String> parts = new ArrayList<>();
        TfTensor.DType dt = first.dtype;
        for (int k = 0; k < count; k++) {
            Val v = in(n, k);
            if (v.dtype != dt) {
                v = castVal(v, dt, n.name() + "/cast" + k);
            }
            parts.add(g.node1("Reshape", n.name() + "/expand" + k, List.of(asNative(v), g.int64Vector(n.name() + "/shape" + k, expanded)), null));
        }
        long[] shape = expanded.clone();
        shape[axis] = count;
        String y = g.node1("Concat", n.name(), parts, Map.of("axis", (long) axis));
        put(n, 0, new Val(y, null, shape, dt, false));
    }

    private void unpack(TfjsGraphModel.Node n) {
        Val x = in(n, 0);
        long axisAttr = n.attrInt("axis", 0);
        int axis = (int) (axisAttr < 0 ? axisAttr + x.rank() : axisAttr);
        int num = (int) x.shape[axis];
        long[] outShape = new long[x.rank() - 1];
        for (int d = 0, k = 0; d < x.rank(); d++) {
            if (d != axis) {
                outShape[k++] = x.shape[d];
            }
        }
        if (x.konst != null && x.name == null) {
            for (int k = 0; k < num; k++) {
                int[][] idx = new int[x.rank()][];
                for (int d = 0; d < x.rank(); d++) {
                    idx[d] = d == axis ? new int[] {k} : java.util.stream.IntStream.range(0, (int) x.shape[d]).toArray();
                }
                put(n, k, Val.of(ConstFold.gather(x.konst, idx).reshape(outShape)));
            }
            return;
        }
        long[] split = new long[num];
        Arrays.fill(split, 1);
        List<String> parts = g.node("Split", n.name() + "/split", List.of(asNative(x), g.int64Vector(n.name() + "/sizes", split)), num,
                Map.of("axis", (long) axis));
        for (int k = 0; k < num; k++) {
            String y = g.node1("Reshape", n.name() + (k == 0 ? "" : ":" + k), List.of(parts.get(k), g.int64Vector(n.name() + "/shape" + k, outShape)), null);
            put(n, k, new Val(y, null, outShape, x.dtype, false));
        }
    }

    private void concat(TfjsGraphModel.Node n) {
        int count = n.inputs().size() - 1;
        int axis = constIn(n, count, "axis").intValues()[0];
        List<Val> parts = new ArrayList<>();
        boolean allConst = true;
        boolean allNchw = true;
        for (int k = 0; k < count; k++) {
            Val v = in(n, k);
            parts.add(v);
            allConst &= v.konst != null && v.name == null;
            allNchw &= v.nchw;
        }
        int rank = parts.get(0).rank();
        if (axis < 0) {
            axis += rank;
        }
        long[] shape = parts.get(0).shape.clone();
        shape[axis] = 0;
        for (Val v : parts) {
            shape[axis] += v.shape[axis];
        }
        if (allConst) {
            List<TfTensor> ts = new ArrayList<>();
            for (Val v : parts) {
                ts.add(v.konst);
            }
            put(n, 0, Val.of(ConstFold.concat(ts, axis)));
            return;
        }
        List<String> inputs = new ArrayList<>();
        long onnxAxis = axis;
        if (allNchw && rank == 4) {
            for (Val v : parts) {
                inputs.add(v.name);
            }
            onnxAxis = new long[] {0, 2, 3, 1}[axis];
        } else {
            for (Val v : parts) {
                inputs.add(asNative(v));
            }
        }
        String y = g.node1("Concat", n.name(), inputs, Map.of("axis", onnxAxis));
        put(n, 0, new Val(y, null, shape, parts.get(0).dtype, allNchw && rank == 4));
    }

    private void split(TfjsGraphModel.Node n) {
        int axis = constIn(n, 0, "axis").intValues()[0];
        Val x = in(n, 1);
        int num = (int) n.attrInt("num_split", 1);
        if (axis < 0) {
            axis += x.rank();
        }
        long each = x.shape[axis] / num;
        long[] sizes = new long[num];
        Arrays.fill(sizes, each);
        long[] outShape = x.shape.clone();
        outShape[axis] = each;
        boolean nchw = x.nchw;
        long onnxAxis = nchw ? new long[] {0, 2, 3, 1}[axis] : axis;
        List<String> parts = g.node("Split", n.name(), List.of(nchw ? x.name : asNative(x), g.int64Vector(n.name() + "/sizes", sizes)), num,
                Map.of("axis", onnxAxis));
        for (int k = 0; k < num; k++) {
            put(n, k, new Val(parts.get(k), null, outShape, x.dtype, nchw));
        }
    }

    private String int64(Val v, String name) {
        if (v.konst != null && v.name == null) {
            return g.int64(name, v.shape, v.konst.longValues());
        }
        return g.node1("Cast", name, List.of(asNative(v)), Map.of("to", OnnxMl.TensorProto.DataType.INT64.getNumber()));
    }

    private void gatherNd(TfjsGraphModel.Node n) {
        Val p = in(n, 0);
        Val idx = in(n, 1);
        long[] shape = new long[idx.rank() - 1 + p.rank() - (int) idx.shape[idx.rank() - 1]];
        int k = 0;
        for (int d = 0; d < idx.rank() - 1; d++) {
            shape[k++] = idx.shape[d];
        }
        for (int d = (int) idx.shape[idx.rank() - 1]; d < p.rank(); d++) {
            shape[k++] = p.shape[d];
        }
        String y = g.node1("GatherND", n.name(), List.of(asNative(p), int64(idx, n.name() + "/indices")), null);
        put(n, 0, new Val(y, null, shape, p.dtype, false));
    }

    private void gatherV2(TfjsGraphModel.Node n) {
        Val p = in(n, 0);
        Val idx = in(n, 1);
        int axis = constIn(n, 2, "axis").intValues()[0];
        if (axis < 0) {
            axis += p.rank();
        }
        List<Long> shape = new ArrayList<>();
        for (int d = 0; d < axis; d++) {
            shape.add(p.shape[d]);
        }
        for (long d : idx.shape) {
            shape.add(d);
        }
        for (int d = axis + 1; d < p.rank(); d++) {
            shape.add(p.shape[d]);
        }
        String y = g.node1("Gather", n.name(), List.of(asNative(p), int64(idx, n.name() + "/indices")), Map.of("axis", (long) axis));
        put(n, 0, new Val(y, null, shape.stream().mapToLong(Long::longValue).toArray(), p.dtype, false));
    }

    private void argMax(TfjsGraphModel.Node n) {
        Val x = in(n, 0);
        int axis = constIn(n, 1, "axis").intValues()[0];
        if (axis < 0) {
            axis += x.rank();
        }
        long[] shape = new long[x.rank() - 1];
        for (int d = 0, k = 0; d < x.rank(); d++) {
            if (d != axis) {
                shape[k++] = x.shape[d];
            }
        }
        String a = g.node1("ArgMax", n.name() + "/argmax", List.of(asNative(x)), Map.of("axis", (long) axis, "keepdims", 0L));
        TfTensor.DType out = TfTensor.DType.INT32;
        String y = g.node1("Cast", n.name(), List.of(a), Map.of("to", OnnxGraphBuilder.onnxType(out)));
        put(n, 0, new Val(y, null, shape, out, false));
    }

    private void topK(TfjsGraphModel.Node n) {
        Val x = in(n, 0);
        int k = constIn(n, 1, "k").intValues()[0];
        long[] shape = x.shape.clone();
        shape[shape.length - 1] = k;
        List<String> outs = g.node("TopK", n.name(), List.of(asNative(x), g.int64Vector(n.name() + "/k", k)), 2,
                Map.of("axis", -1L, "largest", 1L, "sorted", 1L));
        put(n, 0, new Val(outs.get(0), null, shape, x.dtype, false));
        String idx = g.node1("Cast", n.name() + ":1", List.of(outs.get(1)), Map.of("to", OnnxGraphBuilder.onnxType(TfTensor.DType.INT32)));
        put(n, 1, new Val(idx, null, shape, TfTensor.DType.INT32, false));
    }

    private void range(TfjsGraphModel.Node n) {
        TfTensor start = constIn(n, 0, "start");
        TfTensor limit = constIn(n, 1, "limit");
        TfTensor delta = constIn(n, 2, "delta");
        boolean isFloat = start.dtype() == TfTensor.DType.FLOAT;
        List<Double> v = new ArrayList<>();
        double d = delta.get(0);
        for (double x = start.get(0); d > 0 ? x < limit.get(0) : x > limit.get(0); x += d) {
            v.add(x);
        }
        long[] shape = {v.size()};
        if (isFloat) {
            float[] f = new float[v.size()];
            for (int k = 0; k < f.length; k++) {
                f[k] = v.get(k).floatValue();
            }
            put(n, 0, Val.of(TfTensor.floats(shape, f)));
        } else {
            put(n, 0, Val.of(TfTensor.ints(shape, v.stream().mapToInt(Double::intValue).toArray())));
        }
    }

    private void tile(TfjsGraphModel.Node n) {
        Val x = in(n, 0);
        int[] reps = constIn(n, 1, "multiples").intValues();
        long[] shape = x.shape.clone();
        long[] r = new long[reps.length];
        for (int d = 0; d < reps.length; d++) {
            shape[d] *= reps[d];
            r[d] = reps[d];
        }
        String y = g.node1("Tile", n.name(), List.of(asNative(x), g.int64Vector(n.name() + "/repeats", r)), null);
        put(n, 0, new Val(y, null, shape, x.dtype, false));
    }

    private void fill(TfjsGraphModel.Node n) {
        int[] dims = constIn(n, 0, "dims").intValues();
        Val value = in(n, 1);
        long[] shape = Arrays.stream(dims).asLongStream().toArray();
        int count = (int) TfTensor.numel(shape);
        if (value.konst != null && value.name == null) {
            if (value.dtype == TfTensor.DType.FLOAT) {
                float[] f = new float[count];
                Arrays.fill(f, (float) value.konst.get(0));
                put(n, 0, Val.of(TfTensor.floats(shape, f)));
            } else {
                int[] iv = new int[count];
                Arrays.fill(iv, (int) value.konst.get(0));
                put(n, 0, Val.of(new TfTensor(value.dtype, shape, null, iv)));
            }
            return;
        }
        String y = g.node1("Expand", n.name(), List.of(asNative(value), g.int64Vector(n.name() + "/shape", shape)), null);
        put(n, 0, new Val(y, null, shape, value.dtype, false));
    }

    private void reduce(TfjsGraphModel.Node n) {
        Val x = in(n, 0);
        int[] axes = constIn(n, 1, "axes").intValues();
        boolean keep = n.attrBool("keep_dims", false);
        List<Long> shape = new ArrayList<>();
        long[] ax = new long[axes.length];
        for (int k = 0; k < axes.length; k++) {
            ax[k] = axes[k] < 0 ? axes[k] + x.rank() : axes[k];
        }
        for (int d = 0; d < x.rank(); d++) {
            boolean reduced = false;
            for (long a : ax) {
                reduced |= a == d;
            }
            if (!reduced) {
                shape.add(x.shape[d]);
            } else if (keep) {
                shape.add(1L);
            }
        }
        long[] outShape = shape.stream().mapToLong(Long::longValue).toArray();
        String op = switch (n.op()) {
            case "Max" -> "ReduceMax";
            case "Min" -> "ReduceMin";
            case "Sum" -> "ReduceSum";
            case "Mean" -> "ReduceMean";
            default -> "ReduceProd";
        };
        boolean nchwIn = x.nchw;
        long[] onnxAxes = ax.clone();
        if (nchwIn) {
            for (int k = 0; k < ax.length; k++) {
                onnxAxes[k] = new long[] {0, 2, 3, 1}[(int) ax[k]];
            }
        }
        String in = nchwIn ? x.name : asNative(x);
        String y;
        if (op.equals("ReduceSum")) {
            y = g.node1(op, n.name(), List.of(in, g.int64Vector(n.name() + "/axes", onnxAxes)), Map.of("keepdims", keep ? 1L : 0L));
        } else {
            y = g.node1(op, n.name(), List.of(in), Map.of("axes", onnxAxes, "keepdims", keep ? 1L : 0L));
        }
        // An NCHW input reduced without keeping dims over the spatial axes ends in TF's layout already when
        // only channels (or nothing) remain; with keep_dims the result stays NCHW.
        boolean outNchw = nchwIn && keep;
        if (nchwIn && !keep) {
            // Remaining dims in NCHW order must match TF order: they do iff the channel axis is reduced or the
            // remaining dims keep their relative order (N, C) vs (N, C) -> always true for reductions over H and/or W.
            boolean channelKept = true;
            for (long a : ax) {
                channelKept &= a != 3;
            }
            boolean spatialKept = false;
            for (int d = 1; d <= 2; d++) {
                boolean reduced = false;
                for (long a : ax) {
                    reduced |= a == d;
                }
                spatialKept |= !reduced;
            }
            if (channelKept && spatialKept) {
                // e.g. reduce over H only: NCHW order (N, C, W) differs from TF's (N, W, C): transpose back.
                y = g.node1("Transpose", n.name() + "/to_tf", List.of(y), Map.of("perm", permToTf(outShape.length)));
            }
        }
        put(n, 0, new Val(y, null, outShape, x.dtype, outNchw));
    }

    private static long[] permToTf(int rank) {
        // (N, C, X) -> (N, X, C)
        long[] p = new long[rank];
        for (int k = 0; k < rank; k++) {
            p[k] = k;
        }
        if (rank == 3) {
            p[1] = 2;
            p[2] = 1;
        }
        return p;
    }

    private void softmax(TfjsGraphModel.Node n) {
        Val x = in(n, 0);
        String y = g.node1("Softmax", n.name(), List.of(asNative(x)), Map.of("axis", -1L));
        put(n, 0, new Val(y, null, x.shape, x.dtype, false));
    }
}
