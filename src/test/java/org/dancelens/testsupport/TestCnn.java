package org.dancelens.testsupport;

import java.util.Random;

/**
 * A small image classifier for explanation tests: input {@code x [1, 3, 32, 32]} -> Conv (8 filters, stride 2, pad 1)
 * -> Relu ({@code feat}, the usual CAM layer) -> GlobalAveragePool -> Flatten -> Gemm -> {@code logits [1, classes]},
 * random weights from the seed.
 */
public final class TestCnn {
    private TestCnn() {
    }

    public static GraphOnnx graph(long seed, int classes) {
        Random rnd = new Random(seed);
        GraphOnnx g = new GraphOnnx().input("x", 1, 3, 32, 32).random("w", rnd, 0.5f, 8, 3, 3, 3).random("b", rnd, 0.1f, 8)
                .random("wf", rnd, 0.5f, classes, 8).random("bf", rnd, 0.5f, classes);
        g.node("Conv", new String[] {"x", "w", "b"}, "conv", "strides", new long[] {2, 2}, "pads", new long[] {1, 1, 1, 1});
        g.node("Relu", new String[] {"conv"}, "feat");
        g.node("GlobalAveragePool", new String[] {"feat"}, "gap");
        g.node("Flatten", new String[] {"gap"}, "flat");
        g.node("Gemm", new String[] {"flat", "wf", "bf"}, "logits", "transB", 1L);
        g.output("logits", 1, classes);
        return g;
    }

    /**
     * Writes the CNN ({@link #graph}) as {@code cnn.onnx} with the card {@code cnn.yaml} (id {@code cnn}, a frame
     * classifier, input {@code x [1, 3, 32, 32]} NCHW with the given pre-processing, logits) into {@code dir}.
     *
     * @param preprocess the card's {@code preprocess} map, e.g. {@code "{resize: letterbox}"}, or null for none
     */
    public static java.nio.file.Path install(java.nio.file.Path dir, long seed, java.util.List<String> labels, String preprocess)
            throws java.io.IOException {
        graph(seed, labels.size()).write(dir.resolve("cnn.onnx"));
        return java.nio.file.Files.writeString(dir.resolve("cnn.yaml"), """
                id: cnn
                name: Test CNN
                task: frame-classifier
                license: test
                provenance: {onnx: cnn.onnx}
                inputs: [{name: x, layout: NCHW, shape: [1, 3, 32, 32]%s}]
                outputs: [{name: logits, shape: [1, %d], decoding: logits}]
                labels: [%s]
                """.formatted(preprocess == null ? "" : ", preprocess: " + preprocess, labels.size(), String.join(", ", labels)));
    }
}
