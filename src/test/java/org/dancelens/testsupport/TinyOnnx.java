package org.dancelens.testsupport;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds ONNX models for tests whose outputs are known in closed form: {@code outputs = constant + 0 * mean(input)}
 * (the input is consumed, so ONNX Runtime runs the graph, but the answer is the constant).
 */
public final class TinyOnnx {
    private TinyOnnx() {
    }

    public static Path constantOutputs(Path file, String inputName, long[] inputShape, String[] outputNames, long[][] shapes,
                                       float[][] values) throws IOException {
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("tiny");
        g.addInput(vi(inputName, inputShape));
        g.addNode(OnnxMl.NodeProto.newBuilder().setOpType("ReduceMean").setName("mean").addInput(inputName).addOutput("m")
                .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("keepdims").setType(OnnxMl.AttributeProto.AttributeType.INT).setI(0)));
        g.addInitializer(tensor("zero", new long[0], new float[] {0f}));
        g.addNode(OnnxMl.NodeProto.newBuilder().setOpType("Mul").setName("zeroed").addInput("m").addInput("zero").addOutput("z"));
        for (int k = 0; k < outputNames.length; k++) {
            g.addInitializer(tensor("c" + k, shapes[k], values[k]));
            g.addNode(OnnxMl.NodeProto.newBuilder().setOpType("Add").setName("out" + k).addInput("c" + k).addInput("z").addOutput(outputNames[k]));
            g.addOutput(vi(outputNames[k], shapes[k]));
        }
        OnnxMl.ModelProto m = OnnxMl.ModelProto.newBuilder().setIrVersion(8).setProducerName("test")
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(17)).setGraph(g).build();
        Files.write(file, m.toByteArray());
        return file;
    }

    private static OnnxMl.ValueInfoProto vi(String name, long[] shape) {
        OnnxMl.TensorShapeProto.Builder s = OnnxMl.TensorShapeProto.newBuilder();
        for (long d : shape) {
            s.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder().setTensorType(
                OnnxMl.TypeProto.Tensor.newBuilder().setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).setShape(s))).build();
    }

    private static OnnxMl.TensorProto tensor(String name, long[] shape, float[] v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                .setRawData(ByteString.copyFrom(b.array()));
        for (long d : shape) {
            t.addDims(d);
        }
        return t.build();
    }
}
