package org.dancelens.explain;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.dancelens.analysis.FrameExplainer;
import org.dancelens.core.VideoFrame;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.testsupport.CliRun;
import org.dancelens.testsupport.GraphOnnx;
import org.dancelens.testsupport.TestCnn;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.video.PatternVideoWriter;
import org.dancelens.video.StillImage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A layer followed by an op without a gradient rule (Abs): Eigen-CAM and Score-CAM need only the layer's activations
 * and forward runs, so they work on it; the Grad-CAM family refuses it in one sentence naming the op. The model is
 * {@link TestCnn}'s with an Abs after its Relu layer {@code feat}, which changes no value (Abs of a Relu output is the
 * same output), so its maps must equal those of the plain CNN (same weights).
 */
class GradientFreeLayerTest {
    @org.junit.jupiter.api.extension.RegisterExtension
    final org.dancelens.testsupport.IsolatedData data = new org.dancelens.testsupport.IsolatedData();

    private static final List<String> LABELS = List.of("ballet", "jazz", "krump", "waltz");
    private static final long SEED = 7;

    @TempDir
    Path dir;
    Path plainDir;
    Path absDir;
    Path pic;

    /** {@link TestCnn#graph} (same weights for the same seed) with {@code Abs} between {@code feat} and the pooling. */
    static GraphOnnx withAbs(long seed, int classes) {
        Random rnd = new Random(seed);
        GraphOnnx g = new GraphOnnx().input("x", 1, 3, 32, 32).random("w", rnd, 0.5f, 8, 3, 3, 3).random("b", rnd, 0.1f, 8)
                .random("wf", rnd, 0.5f, classes, 8).random("bf", rnd, 0.5f, classes);
        g.node("Conv", new String[] {"x", "w", "b"}, "conv", "strides", new long[] {2, 2}, "pads", new long[] {1, 1, 1, 1});
        g.node("Relu", new String[] {"conv"}, "feat");
        g.node("Abs", new String[] {"feat"}, "post");
        g.node("GlobalAveragePool", new String[] {"post"}, "gap");
        g.node("Flatten", new String[] {"gap"}, "flat");
        g.node("Gemm", new String[] {"flat", "wf", "bf"}, "logits", "transB", 1L);
        g.output("logits", 1, classes);
        return g;
    }

    @BeforeEach
    void models() throws Exception {
        String pre = "{resize: letterbox, mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25]}";
        plainDir = Files.createDirectories(dir.resolve("plain"));
        absDir = Files.createDirectories(dir.resolve("abs"));
        TestCnn.install(plainDir, SEED, LABELS, pre);
        TestCnn.install(absDir, SEED, LABELS, pre);
        withAbs(SEED, LABELS.size()).write(absDir.resolve("cnn.onnx")); // same card, the model with Abs
        BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                img.setRGB(x, y, (x * 6) << 16 | (y * 8) << 8 | 90);
            }
        }
        pic = dir.resolve("pic.png");
        ImageIO.write(img, "png", pic.toFile());
    }

    private static ModelRegistry.Entry entry(Path d) {
        return ModelRegistry.scan(List.of(d)).find("cnn");
    }

    @Test
    void eigenCamAndScoreCamWorkOnALayerFollowedByAnOpWithoutAGradientRule() throws Exception {
        VideoFrame f = StillImage.read(pic);
        for (String method : List.of("eigencam", "scorecam")) {
            CliRun r = CliRun.of("explain", pic.toString(), "--model", absDir.resolve("cnn.yaml").toString(), "--layer", "feat",
                    "--method", method, "--out", dir.resolve("out-" + method).toString());
            assertThat(r.err()).as(method).isEmpty();
            assertThat(r.code()).as(method).isZero();
            float[] got = ExplainCliTest.npy(dir.resolve("out-" + method + "/frame_000000.npy"));
            FrameExplainer.Result want;
            try (FrameExplainer plain = FrameExplainer.open(entry(plainDir), "feat", OrtRuntime.Device.CPU)) {
                want = method.equals("scorecam") ? plain.scoreCam(f, -1) : plain.explain(f, -1, GradCam.Method.EIGEN_CAM);
            }
            assertThat(got).as(method).containsExactly(want.cam().map(), org.assertj.core.data.Offset.offset(1e-5f));
            float hi = 0;
            for (float v : got) {
                hi = Math.max(hi, v);
            }
            assertThat(hi).as(method).isGreaterThan(0.9f); // a real map, not all zeros
        }
        try (FrameExplainer abs = FrameExplainer.open(entry(absDir), "feat", List.of(), false, OrtRuntime.Device.CPU);
             FrameExplainer plain = FrameExplainer.open(entry(plainDir), "feat", OrtRuntime.Device.CPU)) {
            FrameExplainer.Result a = abs.explain(f, 2, GradCam.Method.EIGEN_CAM);
            FrameExplainer.Result p = plain.explain(f, 2, GradCam.Method.EIGEN_CAM);
            assertThat(a.classIndex()).isEqualTo(2);
            assertThat(a.scores()).containsExactly(p.scores(), org.assertj.core.data.Offset.offset(1e-5f));
        }
    }

    @Test
    void aVideoRunWithEigenCamWorksToo() throws Exception {
        Path video = TestMedia.generated("explain-64x48.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 64, 48, 6, 25).gop(3));
        CliRun r = CliRun.of("explain", video.toString(), "--model", absDir.resolve("cnn.yaml").toString(), "--layer", "feat", "--method", "eigencam",
                "--frames", "0:2", "--out", dir.resolve("v").toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("2 frames explained with cnn (eigencam, layer feat)");
    }

    @Test
    void theGradCamFamilyRefusesTheLayerInOneSentenceNamingTheOp() {
        for (String method : List.of("gradcam", "layercam")) {
            CliRun r = CliRun.of("explain", pic.toString(), "--model", absDir.resolve("cnn.yaml").toString(), "--layer", "feat",
                    "--method", method, "--out", dir.resolve("g-" + method).toString());
            assertThat(r.code()).as(method).isEqualTo(2);
            assertThat(r.err().strip()).as(method).doesNotContain("\n").contains("Abs").contains("feat").doesNotContain("Exception");
        }
    }
}
