package org.dancelens.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A frame classifier whose logits are the picture's mean red, green and blue (labels red, green, blue; input
 * {@code image [-1, 3, 48, 64]} NCHW): its verdict on any frame is known in closed form.
 */
public final class TestRgbMeans {
    private TestRgbMeans() {
    }

    /**
     * Writes {@code rgb.onnx} and {@code rgb.yaml} into {@code dir}.
     *
     * @param id  the model id
     * @param std the card's std per channel (the logits are the channel means divided by it), or 0 for no preprocess
     */
    public static Path install(Path dir, String id, double std) throws IOException {
        new GraphOnnx().input("image", -1, 3, 48, 64).output("logits", -1, 3)
                .node("ReduceMean", new String[] {"image"}, "logits", "axes", new long[] {2, 3}, "keepdims", 0L).write(dir.resolve("rgb.onnx"));
        String pre = std > 0 ? ", preprocess: {std: [%s, %s, %s]}".formatted(std, std, std) : "";
        return Files.writeString(dir.resolve("rgb.yaml"), """
                id: %s
                name: Colour means
                task: frame-classifier
                license: test
                provenance: {onnx: rgb.onnx}
                inputs: [{name: image, layout: NCHW, shape: [-1, 3, 48, 64]%s}]
                outputs: [{name: logits, shape: [-1, 3], decoding: logits}]
                labels: [red, green, blue]
                """.formatted(id, pre));
    }

    /**
     * Replaces {@code file} (as an installer does: a new file moved over it) by another valid model with the same
     * tensors: the colour means doubled, so its logits are twice those of {@link #install}'s model.
     */
    public static void writeDoubled(Path file) throws IOException {
        byte[] b = new GraphOnnx().input("image", -1, 3, 48, 64).output("logits", -1, 3).constant("two", new float[] {2f})
                .node("ReduceMean", new String[] {"image"}, "m", "axes", new long[] {2, 3}, "keepdims", 0L)
                .node("Mul", new String[] {"m", "two"}, "logits").bytes();
        Path tmp = Files.write(file.resolveSibling(file.getFileName() + ".new"), b);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** The mean red, green and blue (0 to 1) of a decoded frame: what the model's logits are, before its std. */
    public static double[] channelMeans(org.dancelens.core.VideoFrame f) {
        double[] m = new double[3];
        byte[] px = f.bgra();
        for (int i = 0; i < f.width() * f.height(); i++) {
            m[0] += (px[4 * i + 2] & 0xff) / 255.0;
            m[1] += (px[4 * i + 1] & 0xff) / 255.0;
            m[2] += (px[4 * i] & 0xff) / 255.0;
        }
        for (int c = 0; c < 3; c++) {
            m[c] /= f.width() * f.height();
        }
        return m;
    }
}
