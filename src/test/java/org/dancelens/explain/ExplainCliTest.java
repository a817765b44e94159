package org.dancelens.explain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.dancelens.core.TaskContext;
import org.dancelens.core.VideoFrame;
import org.dancelens.inference.ModelCard;
import org.dancelens.inference.OnnxGraph;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.inference.TensorData;
import org.dancelens.inference.image.ImageInput;
import org.dancelens.testsupport.CliRun;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.video.PatternVideoWriter;
import org.dancelens.video.VideoSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dancelens explain} on a generated video and a picture with a small CNN built here: files, values, choices, errors. */
class ExplainCliTest {
    /** The video's results store (where the command line now stores) in a data folder of the test's own. */
    @org.junit.jupiter.api.extension.RegisterExtension
    final org.dancelens.testsupport.IsolatedData data = new org.dancelens.testsupport.IsolatedData();

    @TempDir
    Path dir;

    @BeforeEach
    void model() throws Exception {
        org.dancelens.testsupport.TestCnn.install(dir, 7, List.of("ballet", "jazz", "krump", "waltz"), "{resize: letterbox, mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25]}");
    }

    static float[] npy(Path p) throws Exception {
        float[] v = npyAny(p);
        assertThat(new String(Files.readAllBytes(p), 10, 80, java.nio.charset.StandardCharsets.US_ASCII)).contains("'shape': (32, 32)");
        return v;
    }

    static float[] npy64(Path p) throws Exception {
        float[] v = npyAny(p);
        assertThat(new String(Files.readAllBytes(p), 10, 80, java.nio.charset.StandardCharsets.US_ASCII)).contains("'shape': (64, 64)");
        return v;
    }

    static float[] npyAny(Path p) throws Exception {
        byte[] b = Files.readAllBytes(p);
        assertThat(new String(b, 1, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("NUMPY");
        int headerLen = (b[8] & 0xff) | (b[9] & 0xff) << 8;
        String header = new String(b, 10, headerLen, java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(header).contains("'descr': '<f4'");
        assertThat((10 + headerLen) % 64).isZero();
        float[] v = new float[(b.length - 10 - headerLen) / 4];
        ByteBuffer.wrap(b, 10 + headerLen, b.length - 10 - headerLen).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }

    @Test
    void mapsOfVideoFramesMatchTheLibraryAndTheTopClassIsExplained() throws Exception {
        Path video = TestMedia.generated("explain-64x48.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 64, 48, 6, 25).gop(3));
        CliRun r = CliRun.of("explain", video.toString(), "--model", dir.resolve("cnn.yaml").toString(), "--frames", "1:5", "--every", "2",
                "--out", dir.resolve("out").toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("2 frames explained with cnn (gradcam, layer feat)");
        JsonNode j = new ObjectMapper().readTree(dir.resolve("out/explain.json").toFile());
        assertThat(j.get("layer").asText()).isEqualTo("feat");
        assertThat(j.get("frames")).hasSize(2);
        assertThat(j.at("/frames/0/frame").asInt()).isEqualTo(1);
        assertThat(j.at("/frames/1/frame").asInt()).isEqualTo(3);

        List<VideoFrame> frames = new ArrayList<>();
        try (VideoSource src = VideoSource.open(video)) {
            src.read(0, 6, frames::add, TestMedia.NO_DAMAGE, TaskContext.NONE);
        }
        ImageInput input = ImageInput.of(ModelCard.read(dir.resolve("cnn.yaml")), false);
        try (GradCam cam = GradCam.open(OnnxGraph.load(dir.resolve("cnn.onnx")), "x", null, "logits", new long[] {1, 3, 32, 32},
                OrtRuntime.Device.CPU, 1)) {
            for (JsonNode row : j.get("frames")) {
                VideoFrame f = frames.get(row.get("frame").asInt());
                float[] in = new float[input.pictureSize()];
                input.fill(f, null, in, 0, 0);
                TensorData t = TensorData.of(in, 1, 3, 32, 32);
                GradCam.Maps first = cam.run(t, 0);
                int top = 0;
                for (int k = 1; k < 4; k++) {
                    top = first.scores()[k] > first.scores()[top] ? k : top;
                }
                assertThat(row.get("class").asText()).isEqualTo(List.of("ballet", "jazz", "krump", "waltz").get(top));
                GradCam.Cam want = cam.explain(t, top, GradCam.Method.GRAD_CAM);
                float[] got = npy(dir.resolve("out").resolve(row.get("npy").asText()));
                assertThat(got).containsExactly(want.map(), org.assertj.core.data.Offset.offset(1e-6f));
                BufferedImage png = ImageIO.read(dir.resolve("out").resolve(row.get("png").asText()).toFile());
                assertThat(png.getWidth()).isEqualTo(64);
                assertThat(png.getHeight()).isEqualTo(48);
            }
        }
    }

    @Test
    void aPictureAChosenClassListedLayersAndClearErrors() throws Exception {
        BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                img.setRGB(x, y, (x * 6) << 16 | (y * 8) << 8 | 90);
            }
        }
        Path pic = dir.resolve("pic.png");
        ImageIO.write(img, "png", pic.toFile());
        CliRun r = CliRun.of("explain", pic.toString(), "--model", dir.resolve("cnn.yaml").toString(), "--class", "krump", "--method", "layercam",
                "--colormap", "viridis", "--out", dir.resolve("p").toString());
        assertThat(r.code()).isZero();
        JsonNode j = new ObjectMapper().readTree(dir.resolve("p/explain.json").toFile());
        assertThat(j.at("/frames/0/class").asText()).isEqualTo("krump");
        assertThat(j.get("method").asText()).isEqualTo("layercam");
        float[] map = npy(dir.resolve("p/frame_000000.npy"));
        assertThat(map).hasSize(32 * 32);
        for (float v : map) {
            assertThat(v).isBetween(0f, 1f);
        }

        CliRun layers = CliRun.of("explain", pic.toString(), "--model", dir.resolve("cnn.yaml").toString(), "--list-layers");
        assertThat(layers.out()).contains("feat (Relu").contains("conv (Conv");

        CliRun badClass = CliRun.of("explain", pic.toString(), "--model", dir.resolve("cnn.yaml").toString(), "--class", "tango", "--out", dir.resolve("q").toString());
        assertThat(badClass.code()).isEqualTo(2);
        assertThat(badClass.err().strip()).doesNotContain("\n").contains("no label 'tango'").contains("[ballet, jazz, krump, waltz]");
        CliRun badMethod = CliRun.of("explain", pic.toString(), "--model", dir.resolve("cnn.yaml").toString(), "--method", "occam", "--out", dir.resolve("q").toString());
        assertThat(badMethod.code()).isEqualTo(2);
        assertThat(badMethod.err()).contains("The method is one of gradcam, gradcampp").contains("not 'occam'");

        CliRun score = CliRun.of("explain", pic.toString(), "--model", dir.resolve("cnn.yaml").toString(), "--method", "scorecam", "--out", dir.resolve("s").toString());
        assertThat(score.err()).isEmpty();
        float[] sm = npy(dir.resolve("s/frame_000000.npy"));
        float lo = Float.MAX_VALUE;
        float hi = -Float.MAX_VALUE;
        for (float v : sm) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        assertThat(lo).isGreaterThanOrEqualTo(0f);
        assertThat(hi).isBetween(0.9f, 1f); // normalised at the layer, then upsampled bilinearly
        Files.writeString(dir.resolve("notapicture.png"), "hello");
        CliRun notPic = CliRun.of("explain", dir.resolve("notapicture.png").toString(), "--model", dir.resolve("cnn.yaml").toString(), "--out", dir.resolve("q").toString());
        assertThat(notPic.code()).isEqualTo(2);
        assertThat(notPic.err()).contains("notapicture.png is not a picture");
    }

    @Test
    void metricsFaithfulnessCurvesConsistencyAndLayerOverlap() throws Exception {
        Path video = TestMedia.generated("explain-64x48.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 64, 48, 6, 25).gop(3));
        CliRun r = CliRun.of("explain", video.toString(), "--model", dir.resolve("cnn.yaml").toString(), "--frames", "0:3", "--metrics",
                "--compare-layer", "conv", "--out", dir.resolve("m").toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        List<String> rows = Files.readAllLines(dir.resolve("m/metrics.csv"));
        assertThat(rows.get(0)).isEqualTo("frame,class,deletion_auc,insertion_auc,consistency_iou,layer_iou,fg_bg_ratio,road_morf,road_lerf");
        assertThat(rows).hasSize(4);
        for (int i = 1; i < 4; i++) {
            String[] f = rows.get(i).split(",", -1);
            assertThat(Double.parseDouble(f[2])).isBetween(0.0, 1.0);
            assertThat(Double.parseDouble(f[3])).isBetween(0.0, 1.0);
            assertThat(f[4].isEmpty()).isEqualTo(i == 1); // the first frame has no previous one
            assertThat(Double.parseDouble(f[5])).isBetween(0.0, 1.0);
        }
        // the curves' exact relations: deletion starts at the class's probability on the untouched picture, and ends
        // where insertion starts (both: the all-baseline picture)
        List<VideoFrame> frames = new ArrayList<>();
        try (VideoSource src = VideoSource.open(video)) {
            src.read(0, 1, frames::add, TestMedia.NO_DAMAGE, TaskContext.NONE);
        }
        var entry = org.dancelens.inference.ModelRegistry.scan(List.of(dir)).find("cnn");
        try (org.dancelens.analysis.FrameExplainer ex = org.dancelens.analysis.FrameExplainer.open(entry, null, OrtRuntime.Device.CPU)) {
            var res = ex.explain(frames.get(0), -1, GradCam.Method.GRAD_CAM);
            var fa = ex.faithfulness(frames.get(0), res, 10);
            double max = Double.NEGATIVE_INFINITY;
            for (float v : res.scores()) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (float v : res.scores()) {
                sum += Math.exp(v - max);
            }
            assertThat(fa.deletion()[0]).isCloseTo(Math.exp(res.scores()[res.classIndex()] - max) / sum, org.assertj.core.data.Offset.offset(1e-6));
            assertThat(fa.deletion()[10]).isCloseTo(fa.insertion()[0], org.assertj.core.data.Offset.offset(1e-9));
            assertThat(fa.insertion()[10]).isCloseTo(fa.deletion()[0], org.assertj.core.data.Offset.offset(1e-6));
            assertThat(fa.deletionAuc()).isCloseTo(CamMetrics.auc(fa.deletion()), org.assertj.core.data.Offset.offset(1e-12));
        }
    }

    @Test
    void foregroundRatioAgainstTheDancersOfRealFootage() throws Exception {
        Path vtest = TestMedia.realFootage("vtest.avi");
        Path zoo = org.dancelens.testsupport.TestZoo.registry("movenet-multipose").find("movenet-multipose").cardFile().getParent();
        CliRun r = CliRun.of("explain", vtest.toString(), "--model", dir.resolve("cnn.yaml").toString(), "--models", zoo.toString(),
                "--frames", "240:260", "--every", "10", "--metrics", "--pose", "movenet-multipose", "--out", dir.resolve("fg").toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        List<String> rows = Files.readAllLines(dir.resolve("fg/metrics.csv"));
        assertThat(rows).hasSize(3);
        for (String row : rows.subList(1, 3)) {
            String fg = row.split(",", -1)[6];
            assertThat(fg).as("dancers are found in %s", row).isNotEmpty();
            assertThat(Double.parseDouble(fg)).isPositive();
        }
        System.out.println("test CNN on vtest.avi 240-259, foreground/background ratios: " + rows.subList(1, 3));
    }

    @Test
    void foregroundRatioAgainstASegmentationMaskOfRealFootage() throws Exception {
        Path vtest = TestMedia.realFootage("vtest.avi");
        Path zoo = org.dancelens.testsupport.TestZoo.registry("selfie-segmentation").find("selfie-segmentation").cardFile().getParent();
        CliRun r = CliRun.of("explain", vtest.toString(), "--model", dir.resolve("cnn.yaml").toString(), "--models", zoo.toString(),
                "--frames", "240:260", "--every", "10", "--metrics", "--mask", "selfie-segmentation", "--out", dir.resolve("seg").toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        List<String> rows = Files.readAllLines(dir.resolve("seg/metrics.csv"));
        assertThat(rows).hasSize(3);
        for (String row : rows.subList(1, 3)) {
            String fg = row.split(",", -1)[6];
            assertThat(fg).as("people are on the mask in %s", row).isNotEmpty();
            assertThat(Double.parseDouble(fg)).isPositive();
        }
        assertThat(Files.readString(dir.resolve("seg/explain.json"))).contains("selfie-segmentation gives a person probability");
        System.out.println("test CNN on vtest.avi 240-259, foreground/background ratios against selfie-segmentation: " + rows.subList(1, 3));
        CliRun notSeg = CliRun.of("explain", vtest.toString(), "--model", dir.resolve("cnn.yaml").toString(), "--models", zoo.toString(),
                "--frames", "240:241", "--metrics", "--mask", "cnn-missing", "--out", dir.resolve("seg2").toString());
        assertThat(notSeg.code()).isEqualTo(2);
        assertThat(notSeg.err().lines().count()).isEqualTo(1);
    }

    @Test
    void benchExplainPrintsWhatItMeasuredOnWhichInput() throws Exception {
        Path video = TestMedia.generated("explain-64x48.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 64, 48, 6, 25).gop(3));
        CliRun r = CliRun.of("bench", "explain", video.toString(), "--model", dir.resolve("cnn.yaml").toString(), "--frame", "3", "--runs", "5",
                "--warmup", "1", "--score-cam-runs", "1", "--layer", "conv");
        assertThat(r.err()).doesNotContain("Exception");
        assertThat(r.code()).isZero();
        List<String> lines = r.out().strip().lines().toList();
        assertThat(lines.get(0)).isEqualTo("model cnn, layer conv, input explain-64x48.mkv (32x32, NCHW), class "
                + lines.get(0).replaceAll(".*class (\\w+),.*", "$1") + ", device cpu, 5 runs after 1 warm-up");
        assertThat(lines.get(1)).matches("plain inference  median [0-9.]+ ms \\(min [0-9.]+\\)");
        assertThat(lines.get(2)).matches("Grad-CAM         median [0-9.]+ ms \\(min [0-9.]+\\) = [0-9.]+x plain inference");
        assertThat(lines.get(3)).matches("Score-CAM        median [0-9.]+ ms = [0-9.]+x plain inference");
        CliRun bad = CliRun.of("bench", "explain", video.toString(), "--model", dir.resolve("cnn.yaml").toString(), "--frame", "99");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("has frames 0 to 5, not 99");
    }

    @Test
    void benchExplainRunPrintsWhatItMeasuredOnWhichInputAndLeavesNoStoreBehind() throws Exception {
        Path video = TestMedia.generated("explain-64x48.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 64, 48, 6, 25).gop(3));
        java.util.Set<Path> before = benchStores();
        CliRun r = CliRun.of("bench", "explain-run", video.toString(), "--model", dir.resolve("cnn.yaml").toString(), "--layer", "conv", "--from", "1",
                "--frames", "4", "--runs", "2");
        assertThat(r.err()).doesNotContain("Exception");
        assertThat(r.code()).isZero();
        assertThat(r.out().strip()).matches("explain-64x48\\.mkv frames 1-4 with cnn \\(gradcam, layer conv, maps \\d+x\\d+\\), device cpu, \\d+ cores, batch 1: "
                + "[0-9.]+ s/frame \\(setup [0-9.]+ s\\), [0-9.]+ s/frame \\(setup [0-9.]+ s\\); median [0-9.]+ s/frame over 2 runs");
        assertThat(benchStores()).as("each run's temporary store is deleted").isSubsetOf(before);
        CliRun bad = CliRun.of("bench", "explain-run", video.toString(), "--model", dir.resolve("cnn.yaml").toString(), "--from", "6");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err().strip()).isEqualTo("dancelens: The frame range 6:46 is empty for explain-64x48.mkv (frames 0 to 5).");
    }

    /** The bench's temporary store folders in the system's temporary folder. */
    private static java.util.Set<Path> benchStores() throws java.io.IOException {
        try (var s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("dancelens-bench")).collect(java.util.stream.Collectors.toSet());
        }
    }
}
