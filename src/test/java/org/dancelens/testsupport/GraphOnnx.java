package org.dancelens.testsupport;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** A small ONNX graph builder for test models whose outputs are known in closed form (opset 17 unless set, float32). */
public final class GraphOnnx {
    private final OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("test");
    private int nodes;
    private int opset = 17;

    /** The default-domain operator set the model imports (17 unless set; Gelu needs 20). */
    public GraphOnnx opset(int version) {
        this.opset = version;
        return this;
    }

    public GraphOnnx input(String name, long... shape) {
        g.addInput(vi(name, shape));
        return this;
    }

    public GraphOnnx output(String name, long... shape) {
        g.addOutput(vi(name, shape));
        return this;
    }

    public GraphOnnx constant(String name, float[] values, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                .setRawData(ByteString.copyFrom(b.array()));
        for (long d : shape) {
            t.addDims(d);
        }
        g.addInitializer(t);
        return this;
    }

    /**
     * A node; {@code intsAttrs} alternate name and value: long[] (a list attribute), Long (a single int), Float or
     * String.
     */
    public GraphOnnx node(String op, String[] inputs, String output, Object... intsAttrs) {
        return node(op, inputs, new String[] {output}, intsAttrs);
    }

    /** A node with several outputs (Split). */
    public GraphOnnx node(String op, String[] inputs, String[] outputs, Object... intsAttrs) {
        OnnxMl.NodeProto.Builder n = OnnxMl.NodeProto.newBuilder().setOpType(op).setName(op + "_" + nodes++);
        for (String out : outputs) {
            n.addOutput(out);
        }
        for (String in : inputs) {
            n.addInput(in);
        }
        for (int k = 0; k < intsAttrs.length; k += 2) {
            OnnxMl.AttributeProto.Builder a = OnnxMl.AttributeProto.newBuilder().setName((String) intsAttrs[k]);
            if (intsAttrs[k + 1] instanceof long[] l) {
                a.setType(OnnxMl.AttributeProto.AttributeType.INTS);
                for (long v : l) {
                    a.addInts(v);
                }
            } else if (intsAttrs[k + 1] instanceof Float f) {
                a.setType(OnnxMl.AttributeProto.AttributeType.FLOAT).setF(f);
            } else if (intsAttrs[k + 1] instanceof String str) {
                a.setType(OnnxMl.AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(str));
            } else {
                a.setType(OnnxMl.AttributeProto.AttributeType.INT).setI((Long) intsAttrs[k + 1]);
            }
            n.addAttribute(a);
        }
        g.addNode(n);
        return this;
    }

    public Path write(Path file) throws IOException {
        Files.write(file, bytes());
        return file;
    }

    /** The model as ONNX bytes. */
    public byte[] bytes() {
        return OnnxMl.ModelProto.newBuilder().setIrVersion(8).setProducerName("dancelens-test")
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset)).setGraph(g).build().toByteArray();
    }

    /** An int64 vector constant (axes, shapes). */
    public GraphOnnx int64(String name, long... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        g.addInitializer(OnnxMl.TensorProto.newBuilder().setName(name).setDataType(OnnxMl.TensorProto.DataType.INT64.getNumber())
                .addDims(values.length).setRawData(ByteString.copyFrom(b.array())));
        return this;
    }

    /** An int64 scalar constant (rank 0, e.g. the index of Gather picking one token). */
    public GraphOnnx int64Scalar(String name, long value) {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, value);
        g.addInitializer(OnnxMl.TensorProto.newBuilder().setName(name).setDataType(OnnxMl.TensorProto.DataType.INT64.getNumber())
                .setRawData(ByteString.copyFrom(b.array())));
        return this;
    }

    /** A constant of random values uniform in [-scale, scale]. */
    public GraphOnnx random(String name, java.util.Random rnd, float scale, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        float[] v = new float[(int) n];
        for (int k = 0; k < v.length; k++) {
            v[k] = (rnd.nextFloat() * 2 - 1) * scale;
        }
        return constant(name, v, shape);
    }

    private static OnnxMl.ValueInfoProto vi(String name, long[] shape) {
        OnnxMl.TensorShapeProto.Builder s = OnnxMl.TensorShapeProto.newBuilder();
        for (long d : shape) {
            if (d < 0) {
                s.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
            } else {
                s.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
            }
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder().setTensorType(
                OnnxMl.TypeProto.Tensor.newBuilder().setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).setShape(s))).build();
    }
}
