package org.dancelens.explain;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.dancelens.core.DanceLensException;
import org.dancelens.inference.OnnxGraph;
import org.dancelens.inference.graph.Attributes;
import org.dancelens.inference.graph.GraphBuilder;
import org.dancelens.inference.graph.Tensors;

/**
 * The state of one gradient graph being built, which every backward rule ({@link GradientRules}) works on: the
 * model and its tensor shapes, the graph being edited (forward nodes first, backward nodes appended), which tensors
 * depend on the explained layers, and the gradients arrived so far. Also the helpers several op families share:
 * emitting nodes and constants, reading constant inputs, summing a broadcast gradient back to an operand's shape.
 */
final class GradientContext {
    /** Every name this class makes starts so; generated ones go on with digits, or "c" and digits for scalars. */
    static final String PREFIX = "dancelens_grad_";

    private final OnnxGraph model;
    private final Map<String, OnnxGraph.Value> shapes;
    private final int opset;
    private final GraphBuilder g;
    private final int forwardCount;
    private final List<String> layers;
    private final String score;
    private final Set<String> active;
    private final Map<String, List<String>> gradients = new HashMap<>();
    private final Set<String> constants = new HashSet<>();
    private int count;

    GradientContext(OnnxGraph model, Map<String, OnnxGraph.Value> shapes, List<String> layers, String score) {
        this.model = model;
        this.shapes = shapes;
        this.opset = model.opset();
        this.g = GraphBuilder.edit(model.model().getGraph());
        this.forwardCount = g.nodeCount();
        this.layers = layers;
        this.score = score;
        // Tensors that depend on a layer.
        this.active = new HashSet<>(layers);
        for (int k = 0; k < forwardCount; k++) {
            OnnxMl.NodeProto.Builder n = g.node(k);
            if (n.getInputList().stream().anyMatch(active::contains)) {
                n.getOutputList().stream().filter(o -> !o.isEmpty()).forEach(active::add);
            }
        }
    }

    OnnxGraph model() {
        return model;
    }

    /** The version of the default operator set the model imports. */
    int opset() {
        return opset;
    }

    GraphBuilder graph() {
        return g;
    }

    /** The number of nodes of the model itself (the backward nodes come after them). */
    int forwardCount() {
        return forwardCount;
    }

    /** A node of the model itself, to read or (to expose an output it needs) change. */
    OnnxMl.NodeProto.Builder forward(int k) {
        return g.node(k);
    }

    /** Whether the tensor depends on an explained layer (only those carry gradients). */
    boolean isActive(String tensor) {
        return active.contains(tensor);
    }

    /** Adds a contribution to the gradient of a tensor (gradients of several consumers add up). */
    void addGradient(String tensor, String d) {
        gradients.computeIfAbsent(tensor, x -> new ArrayList<>()).add(d);
    }

    boolean hasGradient(String tensor) {
        return gradients.containsKey(tensor);
    }

    /** The gradient that reached a tensor (the sum of its contributions), or null when none did. */
    String gradientOf(String tensor) {
        List<String> c = gradients.get(tensor);
        return c == null ? null : sum(c);
    }

    long[] shape(String tensor) {
        OnnxGraph.Value v = shapes.get(tensor);
        if (v != null) {
            return v.shape();
        }
        return model.initializer(tensor).map(Tensors::dims)
                .orElseThrow(() -> DanceLensException.badInput("The shape of " + tensor + " in " + model.label() + " is unknown."));
    }

    /** The error for a node on the way from the layers to the score that cannot be differentiated (why: null or a reason). */
    DanceLensException unsupported(OnnxMl.NodeProtoOrBuilder n, String why) {
        return DanceLensException.badInput("Explanations cannot differentiate the " + n.getOpType() + " node '" + n.getName()
                + "' of " + model.label() + " on the way from " + String.join(", ", layers) + " to " + score
                + (why == null ? "" : " (" + why + ")") + ".");
    }

    /** Refuses a node whose inputs other than the first depend on the layers (weights, shapes computed from them). */
    void onlyFirstActive(OnnxMl.NodeProto.Builder n) {
        for (int k = 1; k < n.getInputCount(); k++) {
            if (active.contains(n.getInput(k))) {
                throw unsupported(n, "its input " + n.getInput(k) + " is computed from the explained layer");
            }
        }
    }

    /** The values of a constant int64 input of a node (an initializer or a Constant node's value). */
    long[] constantLongs(OnnxMl.NodeProtoOrBuilder n, int input) {
        Optional<long[]> v = model.initializerLongs(n.getInput(input));
        return v.isPresent() ? v.get() : fromConstantNode(n, input, GradientContext::longsOf);
    }

    /** The values of a float constant input (an initializer or a Constant node). */
    float[] constantFloats(OnnxMl.NodeProtoOrBuilder n, int input) {
        Optional<float[]> v = model.initializerFloats(n.getInput(input));
        return v.isPresent() ? v.get() : fromConstantNode(n, input, c -> {
            OnnxMl.AttributeProto a = Attributes.find(c, "value");
            return a == null ? null : Tensors.floats(a.getT());
        });
    }

    /** What {@code read} makes of the Constant node computing the input; refused when there is none or it gives null. */
    private <T> T fromConstantNode(OnnxMl.NodeProtoOrBuilder n, int input, Function<OnnxMl.NodeProtoOrBuilder, T> read) {
        String name = n.getInput(input);
        for (int k = 0; k < forwardCount; k++) {
            OnnxMl.NodeProto.Builder c = g.node(k);
            if (c.getOpType().equals("Constant") && c.getOutput(0).equals(name)) {
                T v = read.apply(c);
                if (v != null) {
                    return v;
                }
            }
        }
        throw unsupported(n, "its input " + name + " is not a constant");
    }

    /** The int64 values of a Constant node ({@code value}, {@code value_ints} or {@code value_int}), or null. */
    private static long[] longsOf(OnnxMl.NodeProtoOrBuilder c) {
        OnnxMl.AttributeProto a = Attributes.find(c, "value");
        if (a != null && a.getT().getDataType() == OnnxMl.TensorProto.DataType.INT64.getNumber()) {
            return Tensors.longs(a.getT());
        }
        a = Attributes.find(c, "value_ints");
        if (a != null) {
            return a.getIntsList().stream().mapToLong(Long::longValue).toArray();
        }
        a = Attributes.find(c, "value_int");
        return a == null ? null : new long[] {a.getI()};
    }

    // ---- emitting ---------------------------------------------------------------------------------------------

    /** A new tensor name. */
    String fresh() {
        return g.fresh(PREFIX + count++);
    }

    String op(String type, String... inputs) {
        return op(type, List.of(inputs), Map.of());
    }

    /** Appends a node of one fresh output and returns that output. */
    String op(String type, List<String> inputs, Map<String, Object> attrs) {
        String out = fresh();
        emit(type, inputs, out, attrs);
        return out;
    }

    /** Appends a node computing the named output. */
    void emit(String type, List<String> inputs, String out, Map<String, Object> attrs) {
        g.node(type, out + "_" + type, inputs, List.of(out), attrs);
    }

    String zero() {
        return scalar(0f);
    }

    /** A float scalar constant, added once per value. */
    String scalar(float v) {
        String name = PREFIX + "c" + Float.floatToIntBits(v);
        if (constants.add(name)) {
            g.initializer(Tensors.ofFloats(name, new float[] {v}));
        }
        return name;
    }

    /** A float constant of the given shape. */
    String floats(float[] values, long... shape) {
        return g.initializer(Tensors.ofFloats(fresh(), values, shape));
    }

    /** An int64 vector constant (shapes, axes, pads). */
    String int64(long... values) {
        return g.initializer(Tensors.ofLongs(fresh(), values, values.length));
    }

    /** Zeros of the shape held by the int64 tensor {@code shape}. */
    String zeros(String shape) {
        return op("ConstantOfShape", List.of(shape), Map.of("value", Tensors.ofFloats("zero", new float[] {0f}, 1)));
    }

    // ---- composite gradients ------------------------------------------------------------------------------------

    /** Sums {@code d} (shaped {@code outShape}) back to the shape of {@code target} after broadcasting. */
    String reduceTo(String d, long[] outShape, String target) {
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

    /** The sum over the axes, keeping them (as the model's opset spells ReduceSum). */
    String reduceSum(String t, long[] axes) {
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

    /** Zero padding ({@code pads}: the starts of every axis, then the ends). */
    String pad(String t, long[] pads) {
        if (opset < 11) {
            return op("Pad", List.of(t), Map.of("pads", pads));
        }
        return op("Pad", t, int64(pads));
    }

    /** {@code from, from + 1, ..., to - 1}. */
    static long[] range(long from, long to) {
        long[] r = new long[(int) (to - from)];
        for (int k = 0; k < r.length; k++) {
            r[k] = from + k;
        }
        return r;
    }
}
