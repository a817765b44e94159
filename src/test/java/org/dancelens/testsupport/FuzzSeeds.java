package org.dancelens.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.dancelens.core.AtomicFiles;

/**
 * Writes the model seeds of the fuzz tests from the tests' own model builders, so that no generated binary is kept in
 * git: {@code OnnxFuzzTestInputs/fuzz/seed-*.onnx} ({@link TestCnn}, {@link TestResidualCnn}, {@link TinyOnnx}, an
 * identity model with a batch of any size) and {@code TfjsModelFuzzTestInputs/fuzz/seed-*.bin} ({@link TfjsConvModel} and a dense
 * model with uint8, uint16 and bool weights). The build runs it before the tests (pom.xml, {@code fuzz-seeds}), with
 * the test classes folder as its one argument; Jazzer reads the seeds from there as it reads the committed
 * {@code crash-*} inputs copied from src/test/resources.
 */
public final class FuzzSeeds {
    private FuzzSeeds() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: FuzzSeeds TEST_CLASSES_DIR");
        }
        write(Path.of(args[0]));
    }

    /** Writes every seed under {@code testClasses} (e.g. target/test-classes). */
    public static void write(Path testClasses) throws IOException {
        Path onnx = Files.createDirectories(testClasses.resolve("org/dancelens/inference/OnnxFuzzTestInputs/fuzz"));
        AtomicFiles.write(TestCnn.graph(3, 4).bytes(), onnx.resolve("seed-cnn.onnx"));
        AtomicFiles.write(TestResidualCnn.graph(true, false).bytes(), onnx.resolve("seed-residual-cnn.onnx"));
        AtomicFiles.write(new GraphOnnx().input("features", -1, 30, 34).output("features", -1, 30, 34).bytes(),
                onnx.resolve("seed-identity-sequence.onnx"));
        AtomicFiles.writeVia(onnx.resolve("seed-tiny-constant.onnx"), tmp -> TinyOnnx.constantOutputs(tmp, "in", new long[] {1, 3, 4, 4},
                new String[] {"a", "b"}, new long[][] {{1, 2}, {2}}, new float[][] {{1, 2}, {3, 4}}));

        Path tfjs = Files.createDirectories(testClasses.resolve("org/dancelens/convert/TfjsModelFuzzTestInputs/fuzz"));
        AtomicFiles.write(tfjsInput(convWithControlInput(), convWeights(new Random(5))), tfjs.resolve("seed-conv-float16.bin"));
        AtomicFiles.write(tfjsInput(DENSE_JSON, DENSE_WEIGHTS), tfjs.resolve("seed-dense-uint8-bool.bin"));
    }

    /** The conv model whose Mean also has a control input ({@code ^w1}), which the importer must ignore. */
    private static String convWithControlInput() {
        String json = TfjsConvModel.json("w.bin");
        String withControl = json.replace("\"input\": [\"dw\", \"axes\"]", "\"input\": [\"dw\", \"axes\", \"^w1\"]");
        if (withControl.equals(json)) {
            throw new IllegalStateException("TfjsConvModel's Mean node has changed; update the seed's control input");
        }
        return withControl;
    }

    private static byte[] convWeights(Random r) {
        float[] w1 = new float[3 * 3 * 2 * 4];
        for (int k = 0; k < w1.length; k++) {
            w1[k] = (r.nextInt(129) - 64) / 64f;
        }
        float[] w2 = new float[3 * 3 * 4];
        for (int k = 0; k < w2.length; k++) {
            w2[k] = r.nextFloat() - 0.5f;
        }
        return TfjsConvModel.weights(w1, new float[] {0.1f, -0.2f, 0.3f, 5f}, w2, new float[] {0.01f, 0.02f, -0.03f, 0.04f});
    }

    /**
     * x [-1, 3] -> MatMul with k [3, 2] (uint8-quantised: -1 + q * 0.01) -> Mul by a uint16-quantised scalar (1.0) ->
     * Softmax; an unused bool constant; the signature under userDefinedMetadata, as the TF.js converter 4 writes it.
     */
    private static final String DENSE_JSON = """
            {"format": "graph-model", "generatedBy": "2.11.0", "convertedBy": "TensorFlow.js Converter v4.0.0",
             "modelTopology": {"node": [
               {"name": "x", "op": "Placeholder", "attr": {"dtype": {"type": "DT_FLOAT"}, "shape": {"shape": {"dim": [{"size": "-1"}, {"size": "3"}]}}}},
               {"name": "k", "op": "Const", "attr": {"dtype": {"type": "DT_FLOAT"}, "value": {"tensor": {"dtype": "DT_FLOAT", "tensorShape": {"dim": [{"size": "3"}, {"size": "2"}]}}}}},
               {"name": "flag", "op": "Const", "attr": {"dtype": {"type": "DT_BOOL"}}},
               {"name": "mm", "op": "MatMul", "input": ["x", "k"], "attr": {"transpose_a": {"b": false}, "transpose_b": {"b": false}, "T": {"type": "DT_FLOAT"}}},
               {"name": "scale", "op": "Const", "attr": {"dtype": {"type": "DT_FLOAT"}}},
               {"name": "mul", "op": "Mul", "input": ["mm", "scale"]},
               {"name": "out", "op": "Softmax", "input": ["mul"]}
             ]},
             "userDefinedMetadata": {"signature": {
               "inputs": {"x": {"name": "x:0", "dtype": "DT_FLOAT", "tensorShape": {"dim": [{"size": "-1"}, {"size": "3"}]}}},
               "outputs": {"probs": {"name": "out:0", "dtype": "DT_FLOAT", "tensorShape": {"dim": [{"size": "-1"}, {"size": "2"}]}}}}},
             "weightsManifest": [{"paths": ["w.bin"], "weights": [
               {"name": "k", "shape": [3, 2], "dtype": "float32", "quantization": {"dtype": "uint8", "scale": 0.01, "min": -1.0, "original_dtype": "float32"}},
               {"name": "flag", "shape": [2], "dtype": "bool"},
               {"name": "scale", "shape": [], "dtype": "float32", "quantization": {"dtype": "uint16", "scale": 0.001, "min": 0, "original_dtype": "float32"}}]}]}
            """;

    /** k: 0, 50, 100, 150, 200, 255 (uint8); flag: true, false; scale: 1000 (uint16, little-endian). */
    private static final byte[] DENSE_WEIGHTS = {0, 50, 100, (byte) 150, (byte) 200, (byte) 255, 1, 0, (byte) 0xe8, 0x03};

    /** A TfjsModelFuzzTest input: the model.json text, a zero byte, then the weight file w.bin. */
    private static byte[] tfjsInput(String json, byte[] weights) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(json.getBytes(StandardCharsets.UTF_8));
        out.write(0);
        out.writeBytes(weights);
        return out.toByteArray();
    }
}
