package org.dancelens.explain;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dancelens.core.DanceLensException;
import org.dancelens.inference.OnnxGraph;

/**
 * Reverse-mode differentiation written as ONNX nodes appended to a model, so that one ONNX Runtime run returns both
 * the activations of chosen layers and the gradients of a score with respect to them.
 *
 * <p>The edited model has one more input, {@link #seedInput()}, shaped like the score tensor {@code Y} (for a
 * classifier {@code [N, K]}; a one-hot row selects the class), and returns, for every layer {@code L}, the tensor
 * {@code L} itself and {@link #gradientOf(String) dL} = d(sum(Y * dY)) / dL, shaped like {@code L}. Only tensors that
 * depend on a chosen layer carry gradients; constants, initializers and weights get none. Shapes needed by the
 * backward ops are learned once with {@link OnnxGraph#probeShapes}; the batch size may still change at run time.
 */
public final class GradientGraph {
    /** Operators this class can differentiate. */
    public static final List<String> SUPPORTED_OPS = List.of("Conv", "Relu", "LeakyRelu", "Clip", "Add", "Sub", "Mul", "Div",
            "Neg", "BatchNormalization", "ReduceMean", "ReduceSum", "GlobalAveragePool", "GlobalMaxPool", "AveragePool", "MaxPool", "Flatten", "Reshape",
            "Squeeze", "Unsqueeze", "Identity", "Dropout", "Transpose", "Concat", "Gemm", "MatMul", "Softmax", "LogSoftmax",
            "Sigmoid", "Tanh");

    private static final String PREFIX = "dancelens_grad_";

    private final OnnxGraph graph;
    private final String seed;
    private final String score;
    private final Map<String, String> gradients;

    private GradientGraph(OnnxGraph graph, String seed, String score, Map<String, String> gradients) {
        this.graph = graph;
        this.seed = seed;
        this.score = score;
        this.gradients = gradients;
    }

    /** The edited model: the original outputs, then each layer, then each layer's gradient. */
    public OnnxGraph graph() {
        return graph;
    }

    /** The name of the added input {@code dY}, shaped like the score tensor. */
    public String seedInput() {
        return seed;
    }

    /** The score tensor {@code Y} (also a graph output of the edited model). */
    public String scoreOutput() {
        return score;
    }

    public List<String> layers() {
        return List.copyOf(gradients.keySet());
    }

    /** The graph output holding d(sum(Y * dY)) / d{@code layer}. */
    public String gradientOf(String layer) {
        String g = gradients.get(layer);
        if (g == null) {
            throw new IllegalArgumentException("no gradient for " + layer);
        }
        return g;
    }

    /** Builds the gradient graph, learning shapes with one run at the given input shapes (open dimensions as 1). */
    public static GradientGraph build(OnnxGraph model, List<String> layers, String scoreTensor, Map<String, long[]> inputShapes) {
        return buildWithShapes(model, layers, scoreTensor, model.probeShapes(inputShapes));
    }

    /** Builds the gradient graph with shapes already learned by {@link OnnxGraph#probeShapes}. */
    public static GradientGraph buildWithShapes(OnnxGraph model, List<String> layers, String scoreTensor,
            Map<String, OnnxGraph.Value> shapes) {
        return new Builder(model, shapes).build(layers, scoreTensor);
    }

    private static final class Builder {
        private final OnnxGraph model;
        private final Map<String, OnnxGraph.Value> shapes;
        private final int opset;
        private final OnnxMl.GraphProto.Builder g;
        private final List<OnnxMl.NodeProto.Builder> forward = new ArrayList<>();
        private final Set<String> constants = new HashSet<>();
        private final List<OnnxMl.NodeProto> backward = new ArrayList<>();
        private final List<OnnxMl.TensorProto> inits = new ArrayList<>();
        private int count;
        private String scoreTensor;
        private List<String> layerList;

        Builder(OnnxGraph model, Map<String, OnnxGraph.Value> shapes) {
            this.model = model;
            this.shapes = shapes;
            this.opset = model.opset();
            this.g = model.model().getGraph().toBuilder();
            for (OnnxMl.NodeProto n : model.model().getGraph().getNodeList()) {
                forward.add(n.toBuilder());
            }
        }

        GradientGraph build(List<String> layers, String y) {
            this.scoreTensor = y;
            this.layerList = layers;
            if (layers.isEmpty()) {
                throw DanceLensException.badInput("Choose at least one layer of " + model.label() + " to explain.");
            }
            OnnxGraph.Value yv = shapes.get(y);
            if (yv == null || !yv.isFloat()) {
                throw DanceLensException.badInput("The model " + model.label() + " has no float tensor named " + y + " to explain.");
            }
            for (String l : layers) {
                OnnxGraph.Value v = shapes.get(l);
                if (v == null || !v.isFloat()) {
                    throw DanceLensException.badInput("The model " + model.label() + " has no float tensor named " + l + " to explain.");
                }
            }
            // Tensors that depend on a layer (active) and tensors the score depends on (needed).
            Set<String> active = new HashSet<>(layers);
            for (OnnxMl.NodeProto.Builder n : forward) {
                if (n.getInputList().stream().anyMatch(active::contains)) {
                    n.getOutputList().stream().filter(o -> !o.isEmpty()).forEach(active::add);
                }
            }
            Set<String> needed = new HashSet<>(List.of(y));
            for (int k = forward.size() - 1; k >= 0; k--) {
                OnnxMl.NodeProto.Builder n = forward.get(k);
                if (n.getOutputList().stream().anyMatch(needed::contains)) {
                    needed.addAll(n.getInputList());
                }
            }
            for (String l : layers) {
                if (!needed.contains(l) || !active.contains(y)) {
                    throw DanceLensException.badInput("The score " + y + " of " + model.label() + " does not depend on the layer " + l + ".");
                }
            }
            String seed = PREFIX + "dY";
            Map<String, List<String>> grads = new HashMap<>();
            grads.computeIfAbsent(y, k -> new ArrayList<>()).add(seed);
            for (int k = forward.size() - 1; k >= 0; k--) {
                OnnxMl.NodeProto.Builder n = forward.get(k);
                String out = n.getOutput(0);
                if (!active.contains(out) || !needed.contains(out) || n.getInputList().stream().noneMatch(active::contains)) {
                    continue;
                }
                for (int o = 1; o < n.getOutputCount(); o++) {
                    if (grads.containsKey(n.getOutput(o))) {
                        throw unsupported(n, "its output " + n.getOutput(o) + " is used on the way to the score");
                    }
                }
                List<String> contributions = grads.get(out);
                if (contributions == null) {
                    continue;
                }
                String dy = sum(contributions);
                Map<Integer, String> dx = differentiate(n, dy, active);
                for (Map.Entry<Integer, String> e : dx.entrySet()) {
                    grads.computeIfAbsent(n.getInput(e.getKey()), x -> new ArrayList<>()).add(e.getValue());
                }
            }
            Map<String, String> result = new LinkedHashMap<>();
            for (String l : layers) {
                List<String> c = grads.get(l);
                if (c == null) {
                    throw DanceLensException.badInput("The score " + y + " of " + model.label() + " does not depend on the layer " + l + ".");
                }
                String name = PREFIX + l;
                emit("Identity", List.of(sum(c)), name, Map.of());
                result.put(l, name);
            }

            g.clearNode();
            forward.forEach(g::addNode);
            backward.forEach(g::addNode);
            inits.forEach(g::addInitializer);
            OnnxMl.TensorShapeProto.Builder sb = OnnxMl.TensorShapeProto.newBuilder();
            long[] ys = yv.shape();
            for (int k = 0; k < ys.length; k++) {
                sb.addDim(k == 0 ? OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("N")
                        : OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(ys[k]));
            }
            g.addInput(OnnxMl.ValueInfoProto.newBuilder().setName(seed).setType(OnnxMl.TypeProto.newBuilder().setTensorType(
                    OnnxMl.TypeProto.Tensor.newBuilder().setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).setShape(sb))));
            OnnxGraph edited = OnnxGraph.of(model.model().toBuilder().setGraph(g).build(), model.label());
            List<String> outs = new ArrayList<>();
            outs.add(y);
            layers.stream().filter(l -> !model.inputNames().contains(l)).forEach(outs::add);
            outs.addAll(result.values());
            return new GradientGraph(edited.withOutputs(outs), seed, y, result);
        }

        private DanceLensException unsupported(OnnxMl.NodeProtoOrBuilder n, String why) {
            return DanceLensException.badInput("Explanations cannot differentiate the " + n.getOpType() + " node '" + n.getName()
                    + "' of " + model.label() + " on the way from " + String.join(", ", layerList) + " to " + scoreTensor
                    + (why == null ? "" : " (" + why + ")") + ".");
        }

        // ---- the rules ------------------------------------------------------------------------------------------

        private Map<Integer, String> differentiate(OnnxMl.NodeProto.Builder n, String dy, Set<String> active) {
            Map<Integer, String> dx = new LinkedHashMap<>();
            String x = n.getInputCount() > 0 ? n.getInput(0) : "";
            String y = n.getOutput(0);
            boolean a0 = active.contains(x);
            switch (n.getOpType()) {
                case "Identity", "Dropout" -> dx.put(0, dy);
                case "Relu" -> dx.put(0, op("Where", op("Greater", x, zero()), dy, zero()));
                case "LeakyRelu" -> dx.put(0, op("Where", op("Greater", x, zero()), dy, op("Mul", dy, scalar(floatAttr(n, "alpha", 0.01f)))));
                case "Clip" -> {
                    onlyFirstActive(n, active);
                    dx.put(0, op("Where", op("Equal", x, y), dy, zero()));
                }
                case "Sigmoid" -> dx.put(0, op("Mul", dy, op("Mul", y, op("Sub", scalar(1f), y))));
                case "Tanh" -> dx.put(0, op("Mul", dy, op("Sub", scalar(1f), op("Mul", y, y))));
                case "Neg" -> dx.put(0, op("Neg", dy));
                case "Softmax", "LogSoftmax" -> {
                    int rank = shape(x).length;
                    long axis = intAttr(n, "axis", opset < 13 ? 1 : -1);
                    axis = axis < 0 ? axis + rank : axis;
                    long[] axes = opset < 13 ? range(axis, rank) : new long[] {axis};
                    if (n.getOpType().equals("Softmax")) {
                        dx.put(0, op("Mul", y, op("Sub", dy, reduceSum(op("Mul", dy, y), axes))));
                    } else {
                        dx.put(0, op("Sub", dy, op("Mul", op("Exp", y), reduceSum(dy, axes))));
                    }
                }
                case "Add", "Sub", "Mul", "Div" -> {
                    String b = n.getInput(1);
                    long[] ys = shape(y);
                    if (a0) {
                        String d = switch (n.getOpType()) {
                            case "Mul" -> op("Mul", dy, b);
                            case "Div" -> op("Div", dy, b);
                            default -> dy;
                        };
                        dx.put(0, reduceTo(d, ys, x));
                    }
                    if (active.contains(b)) {
                        String d = switch (n.getOpType()) {
                            case "Sub" -> op("Neg", dy);
                            case "Mul" -> op("Mul", dy, x);
                            case "Div" -> op("Neg", op("Div", op("Mul", dy, y), b));
                            default -> dy;
                        };
                        dx.put(1, reduceTo(d, ys, b));
                    }
                }
                case "Flatten", "Reshape", "Squeeze", "Unsqueeze" -> {
                    onlyFirstActive(n, active);
                    dx.put(0, op("Reshape", dy, op("Shape", x)));
                }
                case "Transpose" -> {
                    long[] perm = intsAttr(n, "perm", null);
                    int rank = shape(x).length;
                    if (perm == null) {
                        perm = new long[rank];
                        for (int k = 0; k < rank; k++) {
                            perm[k] = rank - 1 - k;
                        }
                    }
                    long[] inv = new long[rank];
                    for (int k = 0; k < rank; k++) {
                        inv[(int) perm[k]] = k;
                    }
                    dx.put(0, op("Transpose", List.of(dy), Map.of("perm", inv)));
                }
                case "Concat" -> {
                    int rank = shape(y).length;
                    long axis = intAttr(n, "axis", 0);
                    axis = axis < 0 ? axis + rank : axis;
                    long offset = 0;
                    for (int k = 0; k < n.getInputCount(); k++) {
                        long size = shape(n.getInput(k))[(int) axis];
                        if (active.contains(n.getInput(k))) {
                            dx.put(k, op("Slice", dy, int64(offset), int64(offset + size), int64(axis)));
                        }
                        offset += size;
                    }
                }
                case "BatchNormalization" -> {
                    onlyFirstActive(n, active);
                    if (intAttr(n, "training_mode", 0) != 0) {
                        throw unsupported(n, "training mode");
                    }
                    float eps = floatAttr(n, "epsilon", 1e-5f);
                    String s = op("Div", n.getInput(1), op("Sqrt", op("Add", n.getInput(4), scalar(eps))));
                    long[] target = new long[shape(x).length - 1];
                    Arrays.fill(target, 1);
                    target[0] = -1;
                    dx.put(0, op("Mul", dy, op("Reshape", s, int64(target))));
                }
                case "GlobalAveragePool" -> {
                    long[] xs = shape(x);
                    long area = 1;
                    for (int k = 2; k < xs.length; k++) {
                        area *= xs[k];
                    }
                    dx.put(0, op("Expand", op("Mul", dy, scalar(1f / area)), op("Shape", x)));
                }
                case "ReduceMean", "ReduceSum" -> {
                    long[] xs = shape(x);
                    long[] axes = intsAttr(n, "axes", null);
                    if (n.getInputCount() > 1 && !n.getInput(1).isEmpty()) {
                        axes = model.initializerLongs(n.getInput(1)).orElseThrow(() -> unsupported(n, "axes that are not a constant"));
                    }
                    if (axes == null || axes.length == 0) {
                        if (intAttr(n, "noop_with_empty_axes", 0) != 0) {
                            dx.put(0, dy);
                            break;
                        }
                        axes = range(0, xs.length);
                    }
                    long[] kept = xs.clone();
                    long count = 1;
                    boolean batchReduced = false;
                    for (long a : axes) {
                        int ax = (int) (a < 0 ? a + xs.length : a);
                        count *= xs[ax];
                        kept[ax] = 1;
                        batchReduced |= ax == 0;
                    }
                    if (!batchReduced) {
                        kept[0] = -1;
                    }
                    String d = intAttr(n, "keepdims", 1) != 0 ? dy : op("Reshape", dy, int64(kept));
                    if (n.getOpType().equals("ReduceMean")) {
                        d = op("Mul", d, scalar(1f / count));
                    }
                    dx.put(0, op("Expand", d, op("Shape", x)));
                }
                case "GlobalMaxPool" -> dx.put(0, op("Where", op("Equal", x, y), op("Expand", dy, op("Shape", x)), zero()));
                case "Conv" -> {
                    onlyFirstActive(n, active);
                    long[] xs = shape(x);
                    long[] ws = shape(n.getInput(1));
                    int sp = xs.length - 2;
                    long[] kernel = Arrays.copyOfRange(ws, 2, ws.length);
                    Window w = window(n, xs, shape(y), kernel);
                    Map<String, Object> attrs = new LinkedHashMap<>();
                    attrs.put("strides", w.strides);
                    attrs.put("dilations", w.dilations);
                    attrs.put("pads", w.pads);
                    attrs.put("output_padding", w.outputPadding);
                    attrs.put("group", intAttr(n, "group", 1));
                    dx.put(0, op("ConvTranspose", List.of(dy, n.getInput(1)), attrs));
                    if (sp < 1) {
                        throw unsupported(n, "no spatial axes");
                    }
                }
                case "AveragePool" -> {
                    long[] xs = shape(x);
                    long[] ys = shape(y);
                    if (xs.length != 4) {
                        throw unsupported(n, "only 2-D pooling is differentiated");
                    }
                    long[] kernel = intsAttr(n, "kernel_shape", null);
                    Window w = window(n, xs, ys, kernel);
                    if (w.dilations[0] != 1 || w.dilations[1] != 1) {
                        throw unsupported(n, "dilated pooling");
                    }
                    boolean includePad = intAttr(n, "count_include_pad", 0) != 0;
                    int oh = (int) ys[2];
                    int ow = (int) ys[3];
                    float[] inv = new float[oh * ow];
                    for (int i = 0; i < oh; i++) {
                        long rows = overlap(i * w.strides[0] - w.padsIn[0], kernel[0], includePad ? -w.padsIn[0] : 0,
                                includePad ? xs[2] + w.padsIn[2] : xs[2]);
                        for (int j = 0; j < ow; j++) {
                            long cols = overlap(j * w.strides[1] - w.padsIn[1], kernel[1], includePad ? -w.padsIn[1] : 0,
                                    includePad ? xs[3] + w.padsIn[3] : xs[3]);
                            inv[i * ow + j] = rows * cols > 0 ? 1f / (rows * cols) : 0f;
                        }
                    }
                    long c = xs[1];
                    float[] ones = new float[(int) (c * kernel[0] * kernel[1])];
                    Arrays.fill(ones, 1f);
                    Map<String, Object> attrs = new LinkedHashMap<>();
                    attrs.put("strides", w.strides);
                    attrs.put("pads", w.pads);
                    attrs.put("output_padding", w.outputPadding);
                    attrs.put("group", c);
                    String scaled = op("Mul", dy, floats(inv, 1, 1, oh, ow));
                    dx.put(0, op("ConvTranspose", List.of(scaled, floats(ones, c, 1, kernel[0], kernel[1])), attrs));
                }
                case "MaxPool" -> {
                    if (opset < 16) {
                        throw unsupported(n, "the model's ONNX opset " + opset + " is older than 16, which scatter-add needs");
                    }
                    if (intAttr(n, "storage_order", 0) != 0) {
                        throw unsupported(n, "column-major indices");
                    }
                    String indices;
                    if (n.getOutputCount() > 1 && !n.getOutput(1).isEmpty()) {
                        indices = n.getOutput(1);
                    } else {
                        indices = fresh();
                        if (n.getOutputCount() > 1) {
                            n.setOutput(1, indices);
                        } else {
                            n.addOutput(indices);
                        }
                    }
                    String flat = int64(-1L);
                    String zeros = op("ConstantOfShape", List.of(op("Shape", op("Reshape", x, flat))),
                            Map.of("value", tensor("zero", new float[] {0f}).toBuilder().addDims(1).build()));
                    String scattered = op("ScatterElements", List.of(zeros, op("Reshape", indices, flat), op("Reshape", dy, flat)),
                            Map.of("axis", 0L, "reduction", "add"));
                    dx.put(0, op("Reshape", scattered, op("Shape", x)));
                }
                case "Gemm" -> {
                    long alphaTransA = intAttr(n, "transA", 0);
                    long transB = intAttr(n, "transB", 0);
                    float alpha = floatAttr(n, "alpha", 1f);
                    float beta = floatAttr(n, "beta", 1f);
                    String a = n.getInput(0);
                    String b = n.getInput(1);
                    if (active.contains(a)) {
                        // dA' = alpha * dY * B'^T, and dA = dA'^T when transA.
                        String d = op("Gemm", List.of(dy, b), Map.of("alpha", alpha, "transB", 1 - transB));
                        dx.put(0, alphaTransA != 0 ? op("Transpose", List.of(d), Map.of("perm", new long[] {1, 0})) : d);
                    }
                    if (active.contains(b)) {
                        String d = op("Gemm", List.of(a, dy), Map.of("alpha", alpha, "transA", 1 - alphaTransA));
                        dx.put(1, transB != 0 ? op("Transpose", List.of(d), Map.of("perm", new long[] {1, 0})) : d);
                    }
                    if (n.getInputCount() > 2 && active.contains(n.getInput(2))) {
                        dx.put(2, reduceTo(op("Mul", dy, scalar(beta)), shape(y), n.getInput(2)));
                    }
                }
                case "MatMul" -> {
                    String a = n.getInput(0);
                    String b = n.getInput(1);
                    int ra = shape(a).length;
                    int rb = shape(b).length;
                    if (ra < 2 || rb < 2) {
                        throw unsupported(n, "a 1-D operand");
                    }
                    if (active.contains(a)) {
                        dx.put(0, reduceTo(op("MatMul", dy, swapLast(b, rb)), shape(y), a));
                    }
                    if (active.contains(b)) {
                        dx.put(1, reduceTo(op("MatMul", swapLast(a, ra), dy), shape(y), b));
                    }
                }
                default -> throw unsupported(n, null);
            }
            return dx;
        }

        private void onlyFirstActive(OnnxMl.NodeProto.Builder n, Set<String> active) {
            for (int k = 1; k < n.getInputCount(); k++) {
                if (active.contains(n.getInput(k))) {
                    throw unsupported(n, "its input " + n.getInput(k) + " is computed from the explained layer");
                }
            }
        }

        private String swapLast(String t, int rank) {
            long[] perm = new long[rank];
            for (int k = 0; k < rank; k++) {
                perm[k] = k;
            }
            perm[rank - 2] = rank - 1;
            perm[rank - 1] = rank - 2;
            return op("Transpose", List.of(t), Map.of("perm", perm));
        }

        /** Strides, dilations, explicit pads and the output padding that makes ConvTranspose give back the input shape. */
        private record Window(long[] strides, long[] dilations, long[] padsIn, long[] pads, long[] outputPadding) {
        }

        private Window window(OnnxMl.NodeProto.Builder n, long[] xs, long[] ys, long[] kernel) {
            int sp = xs.length - 2;
            long[] strides = intsAttr(n, "strides", ones(sp));
            long[] dil = intsAttr(n, "dilations", ones(sp));
            long[] pads = intsAttr(n, "pads", new long[2 * sp]);
            String auto = stringAttr(n, "auto_pad", "NOTSET");
            for (int k = 0; k < sp; k++) {
                long eff = (kernel[k] - 1) * dil[k] + 1;
                if (auto.startsWith("SAME")) {
                    long total = Math.max(0, (ys[k + 2] - 1) * strides[k] + eff - xs[k + 2]);
                    long small = total / 2;
                    pads[k] = auto.equals("SAME_UPPER") ? small : total - small;
                    pads[k + sp] = total - pads[k];
                } else if (auto.equals("VALID")) {
                    pads[k] = 0;
                    pads[k + sp] = 0;
                }
            }
            long[] padsIn = pads.clone();
            long[] outPad = new long[sp];
            for (int k = 0; k < sp; k++) {
                long eff = (kernel[k] - 1) * dil[k] + 1;
                long full = strides[k] * (ys[k + 2] - 1) + eff - pads[k] - pads[k + sp];
                long diff = xs[k + 2] - full;
                if (diff >= 0) {
                    outPad[k] = diff;
                } else {
                    pads[k + sp] += -diff; // windows past the end (ceil mode): crop them away
                }
            }
            return new Window(strides, dil, padsIn, pads, outPad);
        }

        private static long overlap(long start, long len, long lo, long hi) {
            return Math.max(0, Math.min(start + len, hi) - Math.max(start, lo));
        }

        /** Sums {@code d} (shaped {@code outShape}) back to the shape of {@code target} after broadcasting. */
        private String reduceTo(String d, long[] outShape, String target) {
            long[] ts = shape(target);
            if (Arrays.equals(ts, outShape)) {
                return d;
            }
            int lead = outShape.length - ts.length;
            List<Long> axes = new ArrayList<>();
            for (int k = 0; k < outShape.length; k++) {
                if (k < lead || (ts[k - lead] == 1 && outShape[k] != 1)) {
                    axes.add((long) k);
                }
            }
            String r = axes.isEmpty() ? d : reduceSum(d, axes.stream().mapToLong(Long::longValue).toArray());
            return op("Reshape", r, op("Shape", target));
        }

        private String reduceSum(String t, long[] axes) {
            if (opset >= 13) {
                return op("ReduceSum", List.of(t, int64(axes)), Map.of("keepdims", 1L));
            }
            return op("ReduceSum", List.of(t), Map.of("axes", axes, "keepdims", 1L));
        }

        private String sum(List<String> terms) {
            String s = terms.get(0);
            for (int k = 1; k < terms.size(); k++) {
                s = op("Add", s, terms.get(k));
            }
            return s;
        }

        private long[] shape(String tensor) {
            OnnxGraph.Value v = shapes.get(tensor);
            if (v != null) {
                return v.shape();
            }
            return model.initializer(tensor).map(t -> t.getDimsList().stream().mapToLong(Long::longValue).toArray())
                    .orElseThrow(() -> DanceLensException.badInput("The shape of " + tensor + " in " + model.label() + " is unknown."));
        }

        // ---- emitting ---------------------------------------------------------------------------------------------

        private String fresh() {
            return PREFIX + count++;
        }

        private String op(String type, String... inputs) {
            return op(type, List.of(inputs), Map.of());
        }

        private String op(String type, List<String> inputs, Map<String, Object> attrs) {
            String out = fresh();
            emit(type, inputs, out, attrs);
            return out;
        }

        private void emit(String type, List<String> inputs, String out, Map<String, Object> attrs) {
            OnnxMl.NodeProto.Builder nb = OnnxMl.NodeProto.newBuilder().setOpType(type).setName(out + "_" + type).addAllInput(inputs).addOutput(out);
            attrs.forEach((k, v) -> nb.addAttribute(attribute(k, v)));
            backward.add(nb.build());
        }

        private String zero() {
            return scalar(0f);
        }

        private String scalar(float v) {
            String name = PREFIX + "c" + Float.floatToIntBits(v);
            if (constants.add(name)) {
                inits.add(tensor(name, new float[] {v}));
            }
            return name;
        }

        private String floats(float[] values, long... shape) {
            String name = fresh();
            OnnxMl.TensorProto.Builder t = tensor(name, values).toBuilder().clearDims();
            for (long d : shape) {
                t.addDims(d);
            }
            inits.add(t.build());
            return name;
        }

        private String int64(long... values) {
            String name = fresh();
            ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
            b.asLongBuffer().put(values);
            inits.add(OnnxMl.TensorProto.newBuilder().setName(name).setDataType(OnnxMl.TensorProto.DataType.INT64.getNumber())
                    .addDims(values.length).setRawData(ByteString.copyFrom(b.array())).build());
            return name;
        }

        /** A float tensor: a scalar for one value, a vector otherwise. */
        private static OnnxMl.TensorProto tensor(String name, float[] values) {
            ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(values);
            OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name)
                    .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).setRawData(ByteString.copyFrom(b.array()));
            if (values.length != 1) {
                t.addDims(values.length);
            }
            return t.build();
        }

        private static OnnxMl.AttributeProto attribute(String key, Object v) {
            OnnxMl.AttributeProto.Builder ab = OnnxMl.AttributeProto.newBuilder().setName(key);
            if (v instanceof Integer || v instanceof Long) {
                ab.setType(OnnxMl.AttributeProto.AttributeType.INT).setI(((Number) v).longValue());
            } else if (v instanceof Float || v instanceof Double) {
                ab.setType(OnnxMl.AttributeProto.AttributeType.FLOAT).setF(((Number) v).floatValue());
            } else if (v instanceof String s) {
                ab.setType(OnnxMl.AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(s));
            } else if (v instanceof long[] a) {
                ab.setType(OnnxMl.AttributeProto.AttributeType.INTS);
                for (long x : a) {
                    ab.addInts(x);
                }
            } else if (v instanceof OnnxMl.TensorProto t) {
                ab.setType(OnnxMl.AttributeProto.AttributeType.TENSOR).setT(t);
            } else {
                throw new IllegalArgumentException("attribute " + key + ": " + v);
            }
            return ab.build();
        }

        private static OnnxMl.AttributeProto attr(OnnxMl.NodeProtoOrBuilder n, String name) {
            for (OnnxMl.AttributeProto a : n.getAttributeList()) {
                if (a.getName().equals(name)) {
                    return a;
                }
            }
            return null;
        }

        private static long intAttr(OnnxMl.NodeProtoOrBuilder n, String name, long dflt) {
            OnnxMl.AttributeProto a = attr(n, name);
            return a == null ? dflt : a.getI();
        }

        private static float floatAttr(OnnxMl.NodeProtoOrBuilder n, String name, float dflt) {
            OnnxMl.AttributeProto a = attr(n, name);
            return a == null ? dflt : a.getF();
        }

        private static String stringAttr(OnnxMl.NodeProtoOrBuilder n, String name, String dflt) {
            OnnxMl.AttributeProto a = attr(n, name);
            return a == null ? dflt : a.getS().toStringUtf8();
        }

        private static long[] intsAttr(OnnxMl.NodeProtoOrBuilder n, String name, long[] dflt) {
            OnnxMl.AttributeProto a = attr(n, name);
            return a == null ? dflt : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
        }

        private static long[] ones(int n) {
            long[] o = new long[n];
            Arrays.fill(o, 1);
            return o;
        }

        private static long[] range(long from, long to) {
            long[] r = new long[(int) (to - from)];
            for (int k = 0; k < r.length; k++) {
                r[k] = from + k;
            }
            return r;
        }
    }
}
