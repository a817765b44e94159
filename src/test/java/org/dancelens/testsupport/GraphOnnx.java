package org.dancelens.testsupport;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dancelens.inference.graph.GraphBuilder;
import org.dancelens.inference.graph.Tensors;

/** A small ONNX graph builder for test models whose outputs are known in closed form (opset 17 unless set, float32). */
public final class GraphOnnx {
    private final GraphBuilder g = GraphBuilder.create("test");
    private int nodes;
    private int opset = 17;

    /** The default-domain operator set the model imports (17 unless set; Gelu needs 20). */
    public GraphOnnx opset(int version) {
        this.opset = version;
        return this;
    }

    public GraphOnnx input(String name, long... shape) {
        g.input(vi(name, shape));
        return this;
    }

    public GraphOnnx output(String name, long... shape) {
        g.output(vi(name, shape));
        return this;
    }

    public GraphOnnx constant(String name, float[] values, long... shape) {
        g.initializer(Tensors.ofFloats(name, values, shape));
        return this;
    }

    /**
     * A node; {@code intsAttrs} alternate name and value, typed as {@link org.dancelens.inference.graph.Attributes#of}
     * types them: long[] (a list attribute), Long (a single int), Float or String.
     */
    public GraphOnnx node(String op, String[] inputs, String output, Object... intsAttrs) {
        return node(op, inputs, new String[] {output}, intsAttrs);
    }

    /** A node with several outputs (Split). */
    public GraphOnnx node(String op, String[] inputs, String[] outputs, Object... intsAttrs) {
        Map<String, Object> attrs = new LinkedHashMap<>();
        for (int k = 0; k < intsAttrs.length; k += 2) {
            attrs.put((String) intsAttrs[k], intsAttrs[k + 1]);
        }
        g.node(op, op + "_" + nodes++, List.of(inputs), List.of(outputs), attrs);
        return this;
    }

    public Path write(Path file) throws IOException {
        Files.write(file, bytes());
        return file;
    }

    /** The model as ONNX bytes. */
    public byte[] bytes() {
        return g.model(opset).setProducerName("dancelens-test").build().toByteArray();
    }

    /** An int64 vector constant (axes, shapes). */
    public GraphOnnx int64(String name, long... values) {
        g.initializer(Tensors.ofLongs(name, values, values.length));
        return this;
    }

    /** An int64 scalar constant (rank 0, e.g. the index of Gather picking one token). */
    public GraphOnnx int64Scalar(String name, long value) {
        g.initializer(Tensors.ofLongs(name, new long[] {value}));
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
        return GraphBuilder.valueInfo(name, OnnxMl.TensorProto.DataType.FLOAT, "N", shape);
    }
}
