package org.dancelens.convert;

import ai.onnx.proto.OnnxMl;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dancelens.core.DanceLensException;
import org.dancelens.inference.graph.GraphBuilder;
import org.dancelens.inference.graph.Tensors;

/**
 * The state of one TF.js → ONNX conversion that every op rule ({@link TfOps}) works on: the TensorFlow graph, the
 * value of every TensorFlow tensor converted so far, the ONNX graph being built, and the node being converted (named
 * in error messages). Also the helpers several op families share: reading inputs, emitting nodes and constants, and
 * moving 4-D values between TensorFlow's NHWC and ONNX's NCHW layout.
 */
final class ImportContext {
    static final int OPSET = 17;

    private final TfjsGraphModel model;
    private final int batch;
    private final GraphBuilder g;
    private final Map<String, TfValue> values = new HashMap<>();
    private final Map<String, TfjsGraphModel.SignatureTensor> sigInputs = new HashMap<>();
    private TfjsGraphModel.Node current;

    ImportContext(TfjsGraphModel model, int batch) {
        this.model = model;
        this.batch = batch;
        this.g = GraphBuilder.create(model.jsonFile.getFileName().toString().replace(".json", ""));
        for (TfjsGraphModel.SignatureTensor s : model.inputs) {
            sigInputs.put(TfjsToOnnx.stripPort(s.tensorName()), s);
        }
    }

    TfjsGraphModel model() {
        return model;
    }

    /** The batch size fixed where the model leaves it open. */
    int batch() {
        return batch;
    }

    /** The signature's entry for a Placeholder node, or null when the signature does not name it. */
    TfjsGraphModel.SignatureTensor signature(TfjsGraphModel.Node n) {
        return sigInputs.get(n.name());
    }

    /** Sets the node being converted (named in errors; constants it materialises are named after it). */
    void at(TfjsGraphModel.Node n) {
        current = n;
    }

    // ---- reading the TensorFlow graph ----

    private static String key(String ref) {
        return ref.indexOf(':') < 0 ? ref + ":0" : ref;
    }

    TfValue value(String ref) {
        TfValue v = values.get(key(ref));
        if (v == null) {
            throw fail("reads " + ref + ", which has no value");
        }
        return v;
    }

    TfValue in(TfjsGraphModel.Node n, int k) {
        if (k >= n.inputs().size()) {
            throw fail("has " + n.inputs().size() + " inputs, expected at least " + (k + 1));
        }
        return value(n.inputs().get(k));
    }

    TfTensor constIn(TfjsGraphModel.Node n, int k, String what) {
        TfValue v = in(n, k);
        if (v.konst == null) {
            throw fail("needs a constant " + what + " (input " + n.inputs().get(k) + " is computed at run time)");
        }
        return v.konst;
    }

    void put(TfjsGraphModel.Node n, int port, TfValue v) {
        values.put(n.name() + ":" + port, v);
    }

    DanceLensException fail(String what) {
        return fail(what, null);
    }

    /** An error naming the model, the node being converted and its op. */
    DanceLensException fail(String what, Throwable cause) {
        String where = current == null ? "" : "Node " + plain(current.name(), 80) + " (op " + plain(current.op(), 60) + ") ";
        return DanceLensException.badInput("Cannot convert " + model.jsonFile.getFileName() + ": " + where + plain(what, 240) + ".", cause);
    }

    /**
     * Text that may hold what the file says (names, ops, attribute values) as part of one line: line breaks and other
     * control characters shown as {@code ?}, shortened to {@code max} characters.
     */
    private static String plain(String text, int max) {
        String t = String.valueOf(text).replaceAll("[\\p{Cntrl}\\u0085\\u2028\\u2029]", "?");
        return t.length() <= max ? t : t.substring(0, max - 3) + "...";
    }

    void checkStatic(long[] shape, String what) {
        for (long d : shape) {
            if (d < 0) {
                throw fail("has a " + what + " whose shape " + Arrays.toString(shape) + " cannot be resolved statically");
            }
        }
    }

    // ---- emitting ----

    static OnnxMl.TensorProto.DataType onnxType(TfTensor.DType t) {
        return switch (t) {
            case FLOAT -> OnnxMl.TensorProto.DataType.FLOAT;
            case INT32 -> OnnxMl.TensorProto.DataType.INT32;
            case BOOL -> OnnxMl.TensorProto.DataType.BOOL;
        };
    }

    /** A fresh ONNX value name derived from a TensorFlow name. */
    private String unique(String base) {
        return g.fresh(base.replace(':', '_'));
    }

    void input(String name, TfTensor.DType type, long[] shape) {
        g.input(GraphBuilder.valueInfo(name, onnxType(type), null, shape));
    }

    void output(String name, TfTensor.DType type, long[] shape) {
        g.output(GraphBuilder.valueInfo(name, onnxType(type), null, shape));
    }

    /** Adds a node named after {@code name}; returns its output names (derived from {@code name}). */
    List<String> node(String opType, String name, List<String> inputs, int outputs, Map<String, Object> attrs) {
        String nodeName = name + "#" + g.nodeCount();
        String[] outs = new String[outputs];
        for (int k = 0; k < outputs; k++) {
            outs[k] = unique(k == 0 ? name : name + "_" + k);
        }
        return g.node(opType, nodeName, inputs, List.of(outs), attrs);
    }

    String node1(String opType, String name, List<String> inputs, Map<String, Object> attrs) {
        return node(opType, name, inputs, 1, attrs).get(0);
    }

    /** Adds a constant as an initializer and returns its name. */
    String constant(String base, TfTensor t) {
        String name = unique(base);
        return g.initializer(switch (t.dtype()) {
            case FLOAT -> Tensors.ofFloats(name, t.f(), t.shape());
            case INT32 -> Tensors.ofInts(name, t.i(), t.shape());
            case BOOL -> {
                boolean[] b = new boolean[t.size()];
                for (int k = 0; k < b.length; k++) {
                    b[k] = t.i()[k] != 0;
                }
                yield Tensors.ofBools(name, b, t.shape());
            }
        });
    }

    /** An int64 initializer (shapes, axes, indices). */
    String int64(String base, long[] shape, long... values) {
        return g.initializer(Tensors.ofLongs(unique(base), values, shape));
    }

    String int64Vector(String base, long... values) {
        return int64(base, new long[] {values.length}, values);
    }

    /** Relu6 as a Clip to [0, 6]. */
    String clip06(String name, String x) {
        String lo = constant(name + "/min", TfTensor.floats(new long[0], new float[] {0f}));
        String hi = constant(name + "/max", TfTensor.floats(new long[0], new float[] {6f}));
        return node1("Clip", name, List.of(x, lo, hi), null);
    }

    /** The value as another type: folded for a constant, else a Cast in the value's own layout. */
    TfValue castVal(TfValue v, TfTensor.DType to, String name) {
        if (v.isConstant()) {
            return TfValue.of(v.konst.cast(to));
        }
        String y = node1("Cast", name, List.of(v.nchw ? v.name : asNative(v)), Map.of("to", onnxType(to).getNumber()));
        return TfValue.computed(y, v.shape, to, v.nchw);
    }

    OnnxMl.ModelProto build(String producerVersion, Map<String, String> metadata, String docString) {
        OnnxMl.ModelProto.Builder mb = g.model(OPSET)
                .setProducerName("DanceLens TF.js importer")
                .setProducerVersion(producerVersion)
                .setDocString(docString);
        metadata.forEach((k, v) -> mb.addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return mb.build();
    }

    // ---- materialisation and layout ----

    /** The ONNX name of a value, writing a constant to the graph the first time it is needed. */
    String materialize(TfValue v) {
        if (v.name != null) {
            return v.name;
        }
        if (v.nativeName == null) {
            v.nativeName = constant(current.name() + "/const", v.konst);
        }
        return v.nativeName;
    }

    /** The value in TensorFlow's own layout. */
    String asNative(TfValue v) {
        if (v.isConstant()) {
            return materialize(v);
        }
        if (!v.nchw) {
            return v.name;
        }
        if (v.nativeName == null) {
            v.nativeName = node1("Transpose", v.name + "_nhwc", List.of(v.name), Map.of("perm", new long[] {0, 2, 3, 1}));
        }
        return v.nativeName;
    }

    /** A rank-4 NHWC value as NCHW. */
    String asNchw(TfValue v) {
        if (v.rank() != 4) {
            throw fail("expects a 4-D image tensor, found shape " + Arrays.toString(v.shape));
        }
        if (v.nchw) {
            return v.name;
        }
        if (v.nchwName == null) {
            if (v.isConstant()) {
                v.nchwName = constant(current.name() + "/const_nchw", ConstFold.transpose(v.konst, new int[] {0, 3, 1, 2}));
            } else {
                v.nchwName = node1("Transpose", v.name + "_nchw", List.of(v.name), Map.of("perm", new long[] {0, 3, 1, 2}));
            }
        }
        return v.nchwName;
    }

    /** A constant operand of an NCHW element-wise op: broadcast to rank 4, then NHWC -> NCHW. */
    String constForNchw(TfTensor t) {
        long[] s = t.shape();
        long[] s4 = new long[4];
        Arrays.fill(s4, 1);
        System.arraycopy(s, 0, s4, 4 - s.length, s.length);
        return constant(current.name() + "/const_nchw", ConstFold.transpose(t.reshape(s4), new int[] {0, 3, 1, 2}));
    }
}
