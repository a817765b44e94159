package org.dancelens.convert;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds an ONNX graph with the protobuf classes of {@code ai.onnx.proto.OnnxMl}. Value names are unique. */
final class OnnxGraphBuilder {
    static final int OPSET = 17;

    private final OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder();
    private final Set<String> names = new HashSet<>();
    private int nodeCount;

    OnnxGraphBuilder(String name) {
        graph.setName(name);
    }

    /** A fresh value name derived from a TensorFlow name. */
    String unique(String base) {
        String b = base.replace(':', '_');
        String n = b;
        int k = 1;
        while (!names.add(n)) {
            n = b + "_" + k++;
        }
        return n;
    }

    static int onnxType(TfTensor.DType t) {
        return switch (t) {
            case FLOAT -> OnnxMl.TensorProto.DataType.FLOAT.getNumber();
            case INT32 -> OnnxMl.TensorProto.DataType.INT32.getNumber();
            case BOOL -> OnnxMl.TensorProto.DataType.BOOL.getNumber();
        };
    }

    void input(String name, TfTensor.DType type, long[] shape) {
        names.add(name);
        graph.addInput(valueInfo(name, onnxType(type), shape));
    }

    void output(String name, TfTensor.DType type, long[] shape) {
        graph.addOutput(valueInfo(name, onnxType(type), shape));
    }

    private static OnnxMl.ValueInfoProto valueInfo(String name, int elemType, long[] shape) {
        OnnxMl.TensorShapeProto.Builder sb = OnnxMl.TensorShapeProto.newBuilder();
        for (long d : shape) {
            sb.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(
                        OnnxMl.TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(sb))).build();
    }

    /** Adds a constant as an initializer and returns its name. */
    String constant(String base, TfTensor t) {
        String name = unique(base);
        OnnxMl.TensorProto.Builder tb = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(onnxType(t.dtype()));
        for (long d : t.shape()) {
            tb.addDims(d);
        }
        int n = t.size();
        ByteBuffer buf;
        switch (t.dtype()) {
            case FLOAT -> {
                buf = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
                buf.asFloatBuffer().put(t.f());
            }
            case INT32 -> {
                buf = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
                buf.asIntBuffer().put(t.i());
            }
            default -> {
                buf = ByteBuffer.allocate(n);
                for (int v : t.i()) {
                    buf.put((byte) (v != 0 ? 1 : 0));
                }
                buf.flip();
            }
        }
        tb.setRawData(ByteString.copyFrom(buf.array()));
        graph.addInitializer(tb);
        return name;
    }

    /** An int64 initializer (shapes, axes, indices). */
    String int64(String base, long[] shape, long... values) {
        String name = unique(base);
        OnnxMl.TensorProto.Builder tb = OnnxMl.TensorProto.newBuilder().setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.INT64.getNumber());
        for (long d : shape) {
            tb.addDims(d);
        }
        ByteBuffer buf = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.asLongBuffer().put(values);
        tb.setRawData(ByteString.copyFrom(buf.array()));
        graph.addInitializer(tb);
        return name;
    }

    String int64Vector(String base, long... values) {
        return int64(base, new long[] {values.length}, values);
    }

    /** Adds a node; returns its output names (derived from {@code name}). */
    List<String> node(String opType, String name, List<String> inputs, int outputs, Map<String, Object> attrs) {
        OnnxMl.NodeProto.Builder nb = OnnxMl.NodeProto.newBuilder().setOpType(opType).setName(name + "#" + nodeCount++);
        nb.addAllInput(inputs);
        List<String> outs = new ArrayList<>();
        for (int k = 0; k < outputs; k++) {
            String o = unique(k == 0 ? name : name + "_" + k);
            outs.add(o);
            nb.addOutput(o);
        }
        if (attrs != null) {
            attrs.forEach((k, v) -> nb.addAttribute(attribute(k, v)));
        }
        graph.addNode(nb);
        return outs;
    }

    String node1(String opType, String name, List<String> inputs, Map<String, Object> attrs) {
        return node(opType, name, inputs, 1, attrs).get(0);
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
        } else {
            throw new IllegalArgumentException("attribute " + key + ": " + v);
        }
        return ab.build();
    }

    OnnxMl.ModelProto build(String producerVersion, Map<String, String> metadata, String docString) {
        OnnxMl.ModelProto.Builder mb = OnnxMl.ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("DanceLens TF.js importer")
                .setProducerVersion(producerVersion)
                .setDocString(docString)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph);
        metadata.forEach((k, v) -> mb.addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return mb.build();
    }

    int nodeCount() {
        return graph.getNodeCount();
    }
}
