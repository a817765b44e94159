package org.dancelens.testsupport;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dancelens.inference.graph.GraphBuilder;
import org.dancelens.inference.graph.Tensors;

/**
 * Builds ONNX models for tests whose outputs are known in closed form: {@code outputs = constant + 0 * mean(input)}
 * (the input is consumed, so ONNX Runtime runs the graph, but the answer is the constant).
 */
public final class TinyOnnx {
    private TinyOnnx() {
    }

    public static Path constantOutputs(Path file, String inputName, long[] inputShape, String[] outputNames, long[][] shapes,
                                       float[][] values) throws IOException {
        GraphBuilder g = GraphBuilder.create("tiny");
        g.input(vi(inputName, inputShape));
        g.node("ReduceMean", "mean", List.of(inputName), List.of("m"), Map.of("keepdims", 0L));
        g.initializer(Tensors.ofFloats("zero", new float[] {0f}));
        g.node("Mul", "zeroed", List.of("m", "zero"), List.of("z"), null);
        for (int k = 0; k < outputNames.length; k++) {
            g.initializer(Tensors.ofFloats("c" + k, values[k], shapes[k]));
            g.node("Add", "out" + k, List.of("c" + k, "z"), List.of(outputNames[k]), null);
            g.output(vi(outputNames[k], shapes[k]));
        }
        Files.write(file, g.model(17).setProducerName("test").build().toByteArray());
        return file;
    }

    private static OnnxMl.ValueInfoProto vi(String name, long[] shape) {
        return GraphBuilder.valueInfo(name, OnnxMl.TensorProto.DataType.FLOAT, null, shape);
    }
}
