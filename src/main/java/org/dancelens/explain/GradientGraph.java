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
            "Sigmoid", "Tanh", "LayerNormalization", "Erf", "Gelu", "HardSigmoid", "HardSwish", "Slice", "Split", "Pad", "Resize",
            "Gather");

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
                if (!active.contains(out) || n.getOutputList().stream().noneMatch(needed::contains)
                        || n.getInputList().stream().noneMatch(active::contains)) {
                    continue;
                }
                Map<Integer, String> dx;
                if (n.getOpType().equals("Split")) {
                    // Every output may carry a gradient; those that do not reach the score contribute zeros.
                    if (n.getOutputList().stream().noneMatch(grads::containsKey)) {
                        continue;
                    }
                    onlyFirstActive(n, active);
                    List<String> dys = new ArrayList<>();
                    for (String o : n.getOutputList()) {
                        List<String> c = grads.get(o);
                        dys.add(c != null ? sum(c) : op("ConstantOfShape", List.of(op("Shape", o)),
                                Map.of("value", tensor("zero", new float[] {0f}).toBuilder().addDims(1).build())));
                    }
                    int rank = shape(out).length;
                    long axis = intAttr(n, "axis", 0);
                    dx = Map.of(0, op("Concat", dys, Map.of("axis", axis < 0 ? axis + rank : axis)));
                } else {
                    for (int o = 1; o < n.getOutputCount(); o++) {
                        if (grads.containsKey(n.getOutput(o))) {
                            throw unsupported(n, "its output " + n.getOutput(o) + " is used on the way to the score");
                        }
                    }
                    List<String> contributions = grads.get(out);
                    if (contributions == null) {
                        continue;
                    }
                    dx = differentiate(n, sum(contributions), active);
                }
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
                String name = PREFIX + "of_" + l; // never one of the generated names (digits, or "c" + digits for scalars)
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
                    if (sp < 1) {
                        throw unsupported(n, "no spatial axes");
                    }
                    String asConv = convGradientAsConv(n, w, ws, dy);
                    dx.put(0, asConv != null ? asConv : op("ConvTranspose", List.of(dy, n.getInput(1)), attrs));
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
                case "Erf" -> dx.put(0, op("Mul", dy, op("Mul", op("Exp", op("Neg", op("Mul", x, x))), scalar((float) (2 / Math.sqrt(Math.PI))))));
                case "Gelu" -> {
                    String approx = stringAttr(n, "approximate", "none");
                    String d;
                    if (approx.equals("tanh")) {
                        // y = x/2 (1 + tanh(u)), u = sqrt(2/pi) (x + 0.044715 x^3):
                        // y' = (1 + t)/2 + x/2 (1 - t^2) sqrt(2/pi) (1 + 3 * 0.044715 x^2)
                        float c = (float) Math.sqrt(2 / Math.PI);
                        String x2 = op("Mul", x, x);
                        String u = op("Mul", op("Mul", x, op("Add", scalar(1f), op("Mul", x2, scalar(0.044715f)))), scalar(c));
                        String t = op("Tanh", u);
                        String du = op("Mul", op("Add", scalar(1f), op("Mul", x2, scalar(3 * 0.044715f))), scalar(c));
                        d = op("Add", op("Mul", op("Add", scalar(1f), t), scalar(0.5f)),
                                op("Mul", op("Mul", op("Mul", x, scalar(0.5f)), op("Sub", scalar(1f), op("Mul", t, t))), du));
                    } else if (approx.equals("none")) {
                        // y = x Phi(x): y' = Phi(x) + x phi(x)
                        String phi = op("Mul", op("Add", scalar(1f), op("Erf", op("Mul", x, scalar((float) (1 / Math.sqrt(2)))))), scalar(0.5f));
                        String pdf = op("Mul", op("Exp", op("Mul", op("Mul", x, x), scalar(-0.5f))), scalar((float) (1 / Math.sqrt(2 * Math.PI))));
                        d = op("Add", phi, op("Mul", x, pdf));
                    } else {
                        throw unsupported(n, "approximate=" + approx);
                    }
                    dx.put(0, op("Mul", dy, d));
                }
                case "HardSigmoid" -> {
                    float alpha = floatAttr(n, "alpha", 0.2f);
                    String inside = op("And", op("Greater", y, zero()), op("Less", y, scalar(1f)));
                    dx.put(0, op("Where", inside, op("Mul", dy, scalar(alpha)), zero()));
                }
                case "HardSwish" -> {
                    // y = x * clamp(x/6 + 1/2, 0, 1): y' = 0 below -3, 1 above 3, x/3 + 1/2 between.
                    String mid = op("Mul", dy, op("Add", op("Mul", x, scalar(1f / 3)), scalar(0.5f)));
                    dx.put(0, op("Where", op("Greater", x, scalar(3f)), dy, op("Where", op("Greater", x, scalar(-3f)), mid, zero())));
                }
                case "LayerNormalization" -> {
                    onlyFirstActive(n, active);
                    long[] xs = shape(x);
                    int rank = xs.length;
                    long axis = intAttr(n, "axis", -1);
                    axis = axis < 0 ? axis + rank : axis;
                    long[] axes = range(axis, rank);
                    long count = 1;
                    for (long a : axes) {
                        count *= xs[(int) a];
                    }
                    float eps = floatAttr(n, "epsilon", 1e-5f);
                    float inv = 1f / count;
                    // xhat = (x - mean) * r, r = 1 / sqrt(var + eps); g = dy * scale;
                    // dx = r * (g - mean(g) - xhat * mean(g * xhat)), means over the normalised axes.
                    String xc = op("Sub", x, op("Mul", reduceSum(x, axes), scalar(inv)));
                    String r = op("Reciprocal", op("Sqrt", op("Add", op("Mul", reduceSum(op("Mul", xc, xc), axes), scalar(inv)), scalar(eps))));
                    String xhat = op("Mul", xc, r);
                    String gs = op("Mul", dy, n.getInput(1));
                    String meanG = op("Mul", reduceSum(gs, axes), scalar(inv));
                    String meanGx = op("Mul", reduceSum(op("Mul", gs, xhat), axes), scalar(inv));
                    dx.put(0, op("Mul", r, op("Sub", op("Sub", gs, meanG), op("Mul", xhat, meanGx))));
                }
                case "Slice" -> {
                    onlyFirstActive(n, active);
                    long[] xs = shape(x);
                    int rank = xs.length;
                    long[] starts;
                    long[] ends;
                    long[] axes;
                    long[] steps = null;
                    if (opset < 10) {
                        starts = intsAttr(n, "starts", null);
                        ends = intsAttr(n, "ends", null);
                        axes = intsAttr(n, "axes", null);
                    } else {
                        starts = constantLongs(n, 1);
                        ends = constantLongs(n, 2);
                        axes = n.getInputCount() > 3 && !n.getInput(3).isEmpty() ? constantLongs(n, 3) : null;
                        steps = n.getInputCount() > 4 && !n.getInput(4).isEmpty() ? constantLongs(n, 4) : null;
                    }
                    if (axes == null) {
                        axes = range(0, starts.length);
                    }
                    // Unit steps: zeros padded around dy; other steps: dy scattered to the indices taken.
                    long[] pads = new long[2 * rank];
                    boolean padded = false;
                    String d = dy;
                    List<Object[]> scatters = new ArrayList<>();
                    for (int k = 0; k < axes.length; k++) {
                        int ax = (int) (axes[k] < 0 ? axes[k] + rank : axes[k]);
                        long step = steps == null ? 1 : steps[k];
                        int[] idx = sliceIndices(xs[ax], starts[k], ends[k], step);
                        if (ax == 0 && idx.length != xs[0]) {
                            throw unsupported(n, "slicing the batch axis");
                        }
                        if (step == 1) {
                            long before = idx.length == 0 ? 0 : idx[0];
                            pads[ax] = before;
                            pads[ax + rank] = xs[ax] - before - idx.length;
                            padded |= pads[ax] != 0 || pads[ax + rank] != 0;
                        } else {
                            scatters.add(new Object[] {ax, idx});
                        }
                    }
                    for (Object[] sc : scatters) {
                        d = scatterAxis(d, (Integer) sc[0], rank, (int[]) sc[1], xs[(Integer) sc[0]]);
                    }
                    dx.put(0, padded ? pad(d, pads) : d);
                }
                case "Gather" -> {
                    onlyFirstActive(n, active);
                    long[] xs = shape(x);
                    int rank = xs.length;
                    long axis = intAttr(n, "axis", 0);
                    int ax = (int) (axis < 0 ? axis + rank : axis);
                    if (ax == 0) {
                        throw unsupported(n, "gathering along the batch axis");
                    }
                    long[] idx = constantLongs(n, 1);
                    int[] ids = new int[idx.length];
                    for (int k = 0; k < idx.length; k++) {
                        ids[k] = (int) (idx[k] < 0 ? idx[k] + xs[ax] : idx[k]);
                    }
                    long[] target = xs.clone();
                    target[0] = -1;
                    target[ax] = ids.length;
                    dx.put(0, scatterAxis(op("Reshape", dy, int64(target)), ax, rank, ids, xs[ax]));
                }
                case "Pad" -> {
                    onlyFirstActive(n, active);
                    String mode = stringAttr(n, "mode", "constant");
                    if (!mode.equals("constant")) {
                        throw unsupported(n, mode + " padding");
                    }
                    int rank = shape(x).length;
                    long[] given = opset < 11 ? intsAttr(n, "pads", null) : constantLongs(n, 1);
                    long[] axes = n.getInputCount() > 3 && !n.getInput(3).isEmpty() ? constantLongs(n, 3) : range(0, rank);
                    long[] starts = new long[rank];
                    long[] ends = new long[rank];
                    long[] crop = new long[2 * rank];
                    boolean cropped = false;
                    for (int k = 0; k < rank; k++) {
                        ends[k] = Long.MAX_VALUE;
                    }
                    for (int k = 0; k < axes.length; k++) {
                        int ax = (int) (axes[k] < 0 ? axes[k] + rank : axes[k]);
                        long before = given[k];
                        long after = given[k + axes.length];
                        starts[ax] = Math.max(0, before);
                        ends[ax] = after > 0 ? -after : Long.MAX_VALUE;
                        // Negative pads crop x: those entries get no gradient.
                        crop[ax] = Math.max(0, -before);
                        crop[ax + rank] = Math.max(0, -after);
                        cropped |= before < 0 || after < 0;
                    }
                    String d = op("Slice", dy, int64(starts), int64(ends), int64(range(0, rank)));
                    dx.put(0, cropped ? pad(d, crop) : d);
                }
                case "Resize" -> {
                    onlyFirstActive(n, active);
                    dx.put(0, resizeGradient(n, dy));
                }
                default -> throw unsupported(n, null);
            }
            return dx;
        }

        /** The values of a constant int64 input of a node (an initializer or a Constant node's value). */
        private long[] constantLongs(OnnxMl.NodeProtoOrBuilder n, int input) {
            String name = n.getInput(input);
            java.util.Optional<long[]> v = model.initializerLongs(name);
            if (v.isPresent()) {
                return v.get();
            }
            for (OnnxMl.NodeProto.Builder c : forward) {
                if (c.getOpType().equals("Constant") && c.getOutput(0).equals(name)) {
                    OnnxMl.AttributeProto a = attr(c, "value");
                    if (a != null && a.getT().getDataType() == OnnxMl.TensorProto.DataType.INT64.getNumber()) {
                        OnnxMl.TensorProto t = a.getT();
                        if (!t.getRawData().isEmpty()) {
                            java.nio.LongBuffer lb = ByteBuffer.wrap(t.getRawData().toByteArray()).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
                            long[] r = new long[lb.remaining()];
                            lb.get(r);
                            return r;
                        }
                        return t.getInt64DataList().stream().mapToLong(Long::longValue).toArray();
                    }
                    a = attr(c, "value_ints");
                    if (a != null) {
                        return a.getIntsList().stream().mapToLong(Long::longValue).toArray();
                    }
                    a = attr(c, "value_int");
                    if (a != null) {
                        return new long[] {a.getI()};
                    }
                }
            }
            throw unsupported(n, "its input " + name + " is not a constant");
        }

        /** The indices Slice takes along an axis of length {@code dim} (ONNX clamping rules). */
        private static int[] sliceIndices(long dim, long start, long end, long step) {
            if (step == 0) {
                throw new IllegalArgumentException("slice step 0");
            }
            start = start < 0 ? start + dim : start;
            end = end < 0 && end > Long.MIN_VALUE / 2 ? end + dim : end;
            if (step > 0) {
                start = Math.max(0, Math.min(dim, start));
                end = Math.max(0, Math.min(dim, end));
            } else {
                start = Math.max(-1, Math.min(dim - 1, start));
                end = Math.max(-1, Math.min(dim - 1, end));
            }
            List<Integer> idx = new ArrayList<>();
            for (long i = start; step > 0 ? i < end : i > end; i += step) {
                idx.add((int) i);
            }
            return idx.stream().mapToInt(Integer::intValue).toArray();
        }

        /**
         * Scatter-adds along one axis: {@code t} has {@code idx.length} entries there, the result {@code dim}, and entry
         * {@code k} of {@code t} is added to entry {@code idx[k]} of the result (a one-hot matrix product).
         */
        private String scatterAxis(String t, int axis, int rank, int[] idx, long dim) {
            float[] onehot = new float[(int) (idx.length * dim)];
            for (int k = 0; k < idx.length; k++) {
                onehot[(int) (k * dim + idx[k])] = 1f;
            }
            String s = floats(onehot, idx.length, dim);
            if (axis == rank - 1) {
                return op("MatMul", t, s);
            }
            long[] perm = new long[rank];
            for (int k = 0; k < rank; k++) {
                perm[k] = k;
            }
            perm[axis] = rank - 1;
            perm[rank - 1] = axis;
            String moved = op("Transpose", List.of(t), Map.of("perm", perm));
            return op("Transpose", List.of(op("MatMul", moved, s)), Map.of("perm", perm));
        }

        /**
         * Resize with nearest or linear interpolation of the last two axes is linear in X for fixed sizes:
         * {@code Y = Rh X Rw^T}, so {@code dX = Rh^T dY Rw}, with the interpolation matrices built here from the shapes.
         */
        private String resizeGradient(OnnxMl.NodeProto.Builder n, String dy) {
            long[] xs = shape(n.getInput(0));
            long[] ys = shape(n.getOutput(0));
            int rank = xs.length;
            if (rank < 2) {
                throw unsupported(n, "fewer than two axes");
            }
            for (int k = 0; k < rank - 2; k++) {
                if (xs[k] != ys[k]) {
                    throw unsupported(n, "only the last two axes may be resized");
                }
            }
            String mode = stringAttr(n, "mode", "nearest");
            String ctm = opset < 11 ? "asymmetric" : stringAttr(n, "coordinate_transformation_mode", "half_pixel");
            String nearest = stringAttr(n, "nearest_mode", "round_prefer_floor");
            if (!mode.equals("nearest") && !mode.equals("linear")) {
                throw unsupported(n, mode + " interpolation");
            }
            if (opset < 11 && mode.equals("nearest")) {
                throw unsupported(n, "nearest interpolation of ONNX opset 10");
            }
            if (intAttr(n, "antialias", 0) != 0) {
                throw unsupported(n, "antialiasing");
            }
            if (!List.of("half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric", "tf_half_pixel_for_nn", "half_pixel_symmetric")
                    .contains(ctm)) {
                throw unsupported(n, "coordinate_transformation_mode " + ctm);
            }
            if (!stringAttr(n, "keep_aspect_ratio_policy", "stretch").equals("stretch")) {
                throw unsupported(n, "keep_aspect_ratio_policy " + stringAttr(n, "keep_aspect_ratio_policy", ""));
            }
            // The scales the op uses: the given ones, or output / input when sizes are given.
            double[] scale = {(double) ys[rank - 2] / xs[rank - 2], (double) ys[rank - 1] / xs[rank - 1]};
            int scalesInput = opset < 11 ? 1 : 2;
            if (n.getInputCount() > scalesInput && !n.getInput(scalesInput).isEmpty()) {
                float[] given = floatConstant(n, scalesInput);
                if (given.length > 0) {
                    long[] axes = intsAttr(n, "axes", range(0, rank));
                    for (int k = 0; k < given.length; k++) {
                        long ax = axes[k] < 0 ? axes[k] + rank : axes[k];
                        if (ax >= rank - 2) {
                            scale[(int) (ax - (rank - 2))] = given[k];
                        }
                    }
                }
            }
            String rh = floats(interpolation((int) xs[rank - 2], (int) ys[rank - 2], scale[0], mode, ctm, nearest, true), xs[rank - 2], ys[rank - 2]);
            String rw = floats(interpolation((int) xs[rank - 1], (int) ys[rank - 1], scale[1], mode, ctm, nearest, false), ys[rank - 1], xs[rank - 1]);
            return op("MatMul", rh, op("MatMul", dy, rw));
        }

        /** The values of a float constant input (an initializer or a Constant node). */
        private float[] floatConstant(OnnxMl.NodeProtoOrBuilder n, int input) {
            String name = n.getInput(input);
            java.util.Optional<float[]> v = model.initializerFloats(name);
            if (v.isPresent()) {
                return v.get();
            }
            for (OnnxMl.NodeProto.Builder c : forward) {
                if (c.getOpType().equals("Constant") && c.getOutput(0).equals(name) && attr(c, "value") != null) {
                    return org.dancelens.inference.graph.Tensors.floats(attr(c, "value").getT());
                }
            }
            throw unsupported(n, "its input " + name + " is not a constant");
        }

        /**
         * The interpolation matrix of one axis, {@code out x in} weights of input {@code j} in output {@code i};
         * returned transposed ({@code in x out}) when {@code transposed}.
         */
        static float[] interpolation(int in, int out, double scale, String mode, String ctm, String nearest, boolean transposed) {
            float[] m = new float[in * out];
            for (int i = 0; i < out; i++) {
                double xo = switch (ctm) {
                    case "half_pixel" -> (i + 0.5) / scale - 0.5;
                    case "half_pixel_symmetric" -> {
                        double adj = out / (scale * in);
                        double offset = in / 2.0 * (1 - adj);
                        yield offset + (i + 0.5) / scale - 0.5;
                    }
                    case "pytorch_half_pixel" -> out > 1 ? (i + 0.5) / scale - 0.5 : 0;
                    case "align_corners" -> out == 1 ? 0 : i * (in - 1.0) / (out - 1.0);
                    case "tf_half_pixel_for_nn" -> (i + 0.5) / scale;
                    default -> i / scale; // asymmetric
                };
                if (mode.equals("nearest")) {
                    double fl = Math.floor(xo);
                    long j = switch (nearest) {
                        case "floor" -> (long) fl;
                        case "ceil" -> (long) Math.ceil(xo);
                        case "round_prefer_ceil" -> (long) Math.floor(xo + 0.5);
                        default -> xo - fl == 0.5 ? (long) fl : Math.round(xo); // round_prefer_floor
                    };
                    j = Math.max(0, Math.min(in - 1, j));
                    add(m, in, out, i, (int) j, 1, transposed);
                } else {
                    double c = Math.max(0, Math.min(in - 1, xo));
                    int j0 = (int) Math.floor(c);
                    int j1 = Math.min(in - 1, j0 + 1);
                    double f = c - j0;
                    add(m, in, out, i, j0, 1 - f, transposed);
                    add(m, in, out, i, j1, f, transposed);
                }
            }
            return m;
        }

        private static void add(float[] m, int in, int out, int i, int j, double w, boolean transposed) {
            if (transposed) {
                m[j * out + i] += (float) w;
            } else {
                m[i * in + j] += (float) w;
            }
        }

        /** Zero padding ({@code pads}: the starts of every axis, then the ends). */
        private String pad(String t, long[] pads) {
            if (opset < 11) {
                return op("Pad", List.of(t), Map.of("pads", pads));
            }
            return op("Pad", t, int64(pads));
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
        /**
         * The input gradient of a stride-1 convolution with constant weights as a plain convolution of {@code dy} with
         * the weights flipped in space and transposed per group ("full" padding): the same numbers as ConvTranspose,
         * but ONNX Runtime's Conv kernels (blocked layouts, depthwise kernels) are several times faster than its
         * ConvTranspose, above all for depthwise convolutions. Null when it does not apply (strides, weights computed
         * at run time, or a padding wider than the kernel).
         */
        private String convGradientAsConv(OnnxMl.NodeProto.Builder n, Window w, long[] ws, String dy) {
            int sp = ws.length - 2;
            for (int k = 0; k < sp; k++) {
                long eff = (ws[k + 2] - 1) * w.dilations[k] + 1;
                if (w.strides[k] != 1 || w.outputPadding[k] != 0 || w.padsIn[k] > eff - 1 || w.padsIn[k + sp] > eff - 1
                        || w.pads[k + sp] != w.padsIn[k + sp]) {
                    return null;
                }
            }
            float[] wt;
            if (model.initializerFloats(n.getInput(1)).isPresent()) {
                wt = model.initializerFloats(n.getInput(1)).get();
            } else {
                return null;
            }
            int group = (int) intAttr(n, "group", 1);
            int m = (int) ws[0];
            int cg = (int) ws[1];
            int mg = m / group;
            int kernel = 1;
            for (int k = 0; k < sp; k++) {
                kernel *= (int) ws[k + 2];
            }
            // W'[g*cg + c, j, flip(p)] = W[g*mg + j, c, p]
            float[] flipped = new float[wt.length];
            int[] dims = new int[sp];
            for (int k = 0; k < sp; k++) {
                dims[k] = (int) ws[k + 2];
            }
            for (int g = 0; g < group; g++) {
                for (int j = 0; j < mg; j++) {
                    for (int c = 0; c < cg; c++) {
                        int src = ((g * mg + j) * cg + c) * kernel;
                        int dst = ((g * cg + c) * mg + j) * kernel;
                        for (int p = 0; p < kernel; p++) {
                            flipped[dst + (kernel - 1 - p)] = wt[src + p]; // reversing the flat index flips every spatial axis
                        }
                    }
                }
            }
            long[] shape = new long[ws.length];
            shape[0] = (long) group * cg;
            shape[1] = mg;
            System.arraycopy(ws, 2, shape, 2, sp);
            long[] pads = new long[2 * sp];
            for (int k = 0; k < sp; k++) {
                long eff = (ws[k + 2] - 1) * w.dilations[k] + 1;
                pads[k] = eff - 1 - w.padsIn[k];
                pads[k + sp] = eff - 1 - w.padsIn[k + sp];
            }
            Map<String, Object> attrs = new LinkedHashMap<>();
            attrs.put("dilations", w.dilations);
            attrs.put("pads", pads);
            attrs.put("group", (long) group);
            return op("Conv", List.of(dy, floats(flipped, shape)), attrs);
        }

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
