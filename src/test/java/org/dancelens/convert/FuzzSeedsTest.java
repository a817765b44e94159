package org.dancelens.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dancelens.inference.ModelInspector;
import org.dancelens.inference.OnnxModel;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.inference.TensorData;
import org.dancelens.testsupport.FuzzSeeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fuzz tests' model seeds that {@link FuzzSeeds} writes are models the parsers accept (a seed that is refused at
 * once teaches the fuzzer little): each ONNX seed is inspected with its tensors; the TF.js conv seed converts to ONNX
 * that runs, the dense seed reads with its uint8-, uint16- and bool-coded weights decoded as worked out here.
 */
class FuzzSeedsTest {
    @TempDir
    Path dir;

    @Test
    void onnxSeedsAreInspectedWithTheirTensors() throws IOException {
        FuzzSeeds.write(dir);
        Path onnx = dir.resolve("org/dancelens/inference/OnnxFuzzTestInputs/fuzz");
        assertThat(names(onnx)).containsExactly("seed-cnn.onnx", "seed-identity-sequence.onnx", "seed-residual-cnn.onnx", "seed-tiny-constant.onnx");
        ModelInspector.Inspection cnn = ModelInspector.inspect(onnx.resolve("seed-cnn.onnx"));
        assertThat(cnn.inputs()).extracting(ModelInspector.Tensor::shape).containsExactly(List.of(1L, 3L, 32L, 32L));
        assertThat(cnn.outputs()).extracting(ModelInspector.Tensor::shape).containsExactly(List.of(1L, 4L));
        assertThat(ModelInspector.inspect(onnx.resolve("seed-residual-cnn.onnx")).outputs()).extracting(ModelInspector.Tensor::name)
                .containsExactly("logits");
        assertThat(ModelInspector.inspect(onnx.resolve("seed-identity-sequence.onnx")).inputs()).extracting(ModelInspector.Tensor::name)
                .containsExactly("features");
        assertThat(ModelInspector.inspect(onnx.resolve("seed-tiny-constant.onnx")).outputs()).extracting(ModelInspector.Tensor::name)
                .containsExactly("a", "b");
    }

    @Test
    void tfjsSeedsConvertOrReadWithTheirWeights() throws IOException {
        FuzzSeeds.write(dir);
        Path tfjs = dir.resolve("org/dancelens/convert/TfjsModelFuzzTestInputs/fuzz");
        assertThat(names(tfjs)).containsExactly("seed-conv-float16.bin", "seed-dense-uint8-bool.bin");

        Path conv = convert(tfjs.resolve("seed-conv-float16.bin"), "conv");
        try (OnnxModel m = OnnxModel.open(conv, OrtRuntime.Device.CPU, 1)) {
            assertThat(m.inputShapes().get("x_0")).containsExactly(1, 6, 6, 2);
            TensorData out = m.run(Map.of("x_0", TensorData.of(new float[6 * 6 * 2], 1, 6, 6, 2))).get("Identity_0");
            assertThat(out.shape()).containsExactly(1, 4);
        }

        // k = -1 + 0.01 q for q = 0, 50, 100, 150, 200, 255; flag = 1, 0; scale = 0 + 0.001 * 1000
        TfjsGraphModel dense = TfjsGraphModel.read(split(tfjs.resolve("seed-dense-uint8-bool.bin"), "dense"));
        assertThat(dense.nodes).extracting(TfjsGraphModel.Node::op).containsExactly("Placeholder", "Const", "Const", "MatMul", "Const", "Mul", "Softmax");
        assertThat(dense.weights.get("k").shape()).containsExactly(3, 2);
        assertThat(dense.weights.get("k").floatValues()).containsExactly(new float[] {-1f, -0.5f, 0f, 0.5f, 1f, 1.55f}, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(dense.weights.get("flag").intValues()).containsExactly(1, 0);
        assertThat(dense.weights.get("scale").floatValues()).containsExactly(new float[] {1f}, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(dense.inputs).extracting(TfjsGraphModel.SignatureTensor::tensorName).containsExactly("x:0");
    }

    /** Splits a TfjsModelFuzzTest input (model.json, a zero byte, w.bin) into its files; returns model.json. */
    private Path split(Path seed, String name) throws IOException {
        byte[] data = Files.readAllBytes(seed);
        int zero = 0;
        while (data[zero] != 0) {
            zero++;
        }
        Path folder = Files.createDirectories(dir.resolve(name));
        Files.write(folder.resolve("w.bin"), Arrays.copyOfRange(data, zero + 1, data.length));
        return Files.write(folder.resolve("model.json"), Arrays.copyOf(data, zero));
    }

    private Path convert(Path seed, String name) throws IOException {
        Path onnx = dir.resolve(name + ".onnx");
        TfjsToOnnx.convert(split(seed, name), onnx, 1, null);
        return onnx;
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
