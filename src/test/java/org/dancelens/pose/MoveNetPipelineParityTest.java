package org.dancelens.pose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.dancelens.core.Pose;
import org.dancelens.core.VideoFrame;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OnnxModel;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.inference.image.ImageInput;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.TestZoo;
import org.dancelens.testsupport.TfjsReference;
import org.dancelens.video.VideoSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DanceLens's MoveNet keypoints (its own crop sampling, crop feedback and coordinate mapping, ONNX Runtime) equal
 * those of a reference pipeline in TF.js (tf.image.cropAndResize, the tutorial's crop logic, the original model)
 * on consecutive frames of real footage, within 0.5 px.
 */
class MoveNetPipelineParityTest {
    @TempDir
    Path dir;

    private List<VideoFrame> frames(int from, int count) throws Exception {
        List<VideoFrame> out = new ArrayList<>();
        try (VideoSource v = VideoSource.open(TestMedia.realFootage("vtest.avi"))) {
            for (int n = from; n < from + count; n++) {
                out.add(v.frame(n));
            }
        }
        List<String> files = new ArrayList<>();
        for (int k = 0; k < out.size(); k++) {
            VideoFrame f = out.get(k);
            byte[] rgb = new byte[f.width() * f.height() * 3];
            for (int p = 0; p < f.width() * f.height(); p++) {
                rgb[3 * p] = f.bgra()[4 * p + 2];
                rgb[3 * p + 1] = f.bgra()[4 * p + 1];
                rgb[3 * p + 2] = f.bgra()[4 * p];
            }
            Files.write(dir.resolve("f" + k + ".rgb"), rgb);
            files.add("\"f" + k + ".rgb\"");
        }
        Files.writeString(dir.resolve("frames.json"), String.format(Locale.ROOT, "{\"width\": %d, \"height\": %d, \"files\": [%s]}",
                out.get(0).width(), out.get(0).height(), String.join(",", files)));
        return out;
    }

    private JsonNode reference(String model, String mode, int size) throws Exception {
        Path json = TfjsReference.humanModels().resolve(model + ".json");
        Process p = new ProcessBuilder("node", TfjsReference.harnessDir().resolve("movenet-pipeline.mjs").toString(), "--model",
                json.toString(), "--dir", dir.toString(), "--mode", mode, "--size", String.valueOf(size))
                .redirectErrorStream(true).redirectOutput(dir.resolve("node.log").toFile()).start();
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("node.log"))).isZero();
        return new ObjectMapper().readTree(dir.resolve("keypoints.json").toFile());
    }

    @Test
    void singlePoseWithCropFeedbackMatchesTheReferencePipeline() throws Exception {
        TfjsReference.assumeAvailable();
        ModelRegistry reg = TestZoo.registry("movenet-lightning");
        List<VideoFrame> frames = frames(300, 8);
        JsonNode ref = reference("movenet-lightning", "single", 192);
        ModelRegistry.Entry e = reg.find("movenet-lightning");
        double worst = 0;
        double worstCrop = 0;
        try (MoveNetSinglePose est = new MoveNetSinglePose(OnnxModel.open(e.onnxFile(), OrtRuntime.Device.CPU, 0), ImageInput.of(e.card()), "Identity_0", 0f)) {
            for (int k = 0; k < frames.size(); k++) {
                JsonNode person = ref.get("frames").get(k).get(0);
                double[] refCrop = new double[4];
                for (int c = 0; c < 4; c++) {
                    refCrop[c] = person.get("crop").get(c).asDouble();
                }
                // The same pre-processing: the crop the reference used for this frame.
                est.setCrop(refCrop);
                Pose p = est.estimate(frames.get(k)).get(0);
                JsonNode kp = person.get("keypoints");
                for (int j = 0; j < 17; j++) {
                    worst = Math.max(worst, Math.hypot(p.keypoints().get(j).x() - kp.get(j).get(0).asDouble(),
                            p.keypoints().get(j).y() - kp.get(j).get(1).asDouble()));
                }
                // And the crop feedback: from (almost) the same keypoints, the same next crop.
                if (k + 1 < frames.size()) {
                    double[] mine = MoveNetSinglePose.nextCrop(p.keypoints(), frames.get(k).width(), frames.get(k).height());
                    JsonNode next = ref.get("frames").get(k + 1).get(0).get("crop");
                    if (mine == null) {
                        mine = MoveNetSinglePose.initialCrop(frames.get(k).width(), frames.get(k).height());
                    }
                    for (int c = 0; c < 4; c++) {
                        double scale = c % 2 == 0 ? frames.get(k).height() : frames.get(k).width();
                        worstCrop = Math.max(worstCrop, Math.abs(mine[c] - next.get(c).asDouble()) * scale);
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "movenet-lightning next-crop difference from the reference: max %.4f px%n", worstCrop);
        assertThat(worstCrop).isLessThanOrEqualTo(1.0);
        System.out.printf(Locale.ROOT, "movenet-lightning pipeline vs TF.js reference, 8 frames, same crops: max %.4f px%n", worst);
        assertThat(worst).isLessThanOrEqualTo(0.5);
    }

    @Test
    void multiPoseMatchesTheReferencePipeline() throws Exception {
        TfjsReference.assumeAvailable();
        ModelRegistry reg = TestZoo.registry("movenet-multipose");
        List<VideoFrame> frames = frames(500, 3);
        JsonNode ref = reference("movenet-multipose", "multi", 256);
        ModelRegistry.Entry e = reg.find("movenet-multipose");
        double worst = 0;
        int compared = 0;
        try (MoveNetMultiPose est = new MoveNetMultiPose(OnnxModel.open(e.onnxFile(), OrtRuntime.Device.CPU, 0), ImageInput.of(e.card()), "output_0", 0.2f)) {
            for (int k = 0; k < frames.size(); k++) {
                List<Pose> poses = est.estimate(frames.get(k));
                List<JsonNode> refPeople = new ArrayList<>();
                ref.get("frames").get(k).forEach(pp -> {
                    if (pp.get("score").asDouble() >= 0.2) {
                        refPeople.add(pp);
                    }
                });
                assertThat(poses).hasSize(refPeople.size());
                for (int i = 0; i < poses.size(); i++) {
                    JsonNode kp = refPeople.get(i).get("keypoints");
                    for (int j = 0; j < 17; j++) {
                        worst = Math.max(worst, Math.hypot(poses.get(i).keypoints().get(j).x() - kp.get(j).get(0).asDouble(),
                                poses.get(i).keypoints().get(j).y() - kp.get(j).get(1).asDouble()));
                        compared++;
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "movenet-multipose pipeline vs TF.js reference, %d keypoints on 3 frames: max %.4f px%n", compared, worst);
        assertThat(compared).isPositive();
        assertThat(worst).isLessThanOrEqualTo(0.5);
    }
}
