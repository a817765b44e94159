package org.dancelens.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dancelens.analysis.FrameExplainer;
import org.dancelens.core.TaskContext;
import org.dancelens.core.VideoFrame;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OnnxModel;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.inference.TensorData;
import org.dancelens.testsupport.TestCnn;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.video.PatternVideoWriter;
import org.dancelens.video.VideoSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ROAD curves of a frame's map, recomputed here from the imputer and a plain run of the model. */
class RoadTest {
    @TempDir
    Path dir;

    @Test
    void morfAndLerfAreTheClassProbabilityOnPicturesImputedWhereTheMapIsStrongestOrWeakest() throws Exception {
        TestCnn.install(dir, 7, List.of("ballet", "jazz", "krump", "waltz"), "{resize: letterbox, mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25]}");
        Path video = TestMedia.generated("explain-64x48.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 64, 48, 6, 25).gop(3));
        List<VideoFrame> frames = new ArrayList<>();
        try (VideoSource src = VideoSource.open(video)) {
            src.read(2, 3, frames::add, TestMedia.NO_DAMAGE, TaskContext.NONE);
        }
        ModelRegistry.Entry entry = ModelRegistry.scan(List.of(dir)).find("cnn");
        try (FrameExplainer ex = FrameExplainer.open(entry, null, OrtRuntime.Device.CPU);
             OnnxModel plain = OnnxModel.open(entry.onnxFile(), OrtRuntime.Device.CPU, 1)) {
            FrameExplainer.Result res = ex.explain(frames.get(0), -1, GradCam.Method.GRAD_CAM);
            FrameExplainer.Road road = ex.road(frames.get(0), res, FrameExplainer.ROAD_FRACTIONS);
            assertThat(road.fractions()).containsExactly(FrameExplainer.ROAD_FRACTIONS);
            float[] in = new float[3 * 32 * 32];
            ex.recipe().fill(frames.get(0), null, in, 0, 0);
            double mean = 0;
            for (float v : in) {
                mean += v;
            }
            mean /= in.length;
            double var = 0;
            for (float v : in) {
                var += (v - mean) * (v - mean);
            }
            double noise = 0.01 * Math.sqrt(var / in.length);
            float[] map = res.cam().map();
            // rank pixels by the map, strongest first (ties: lower index first, as a stable sort gives)
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < 32 * 32; i++) {
                order.add(i);
            }
            order.sort((a, b) -> Float.compare(map[b], map[a]));
            for (int k = 0; k < road.fractions().length; k++) {
                int n = (int) Math.round(road.fractions()[k] * 32 * 32);
                boolean[] most = new boolean[32 * 32];
                boolean[] least = new boolean[32 * 32];
                for (int j = 0; j < n; j++) {
                    most[order.get(j)] = true;
                    least[order.get(32 * 32 - 1 - j)] = true;
                }
                double pm = probability(plain, NoisyLinearImputer.impute(in, 3, 32, 32, true, most, noise, 17 + k), res.classIndex());
                double pl = probability(plain, NoisyLinearImputer.impute(in, 3, 32, 32, true, least, noise, 17 + k), res.classIndex());
                assertThat(road.morf()[k]).as("MoRF at %.1f", road.fractions()[k]).isCloseTo(pm, within(1e-6));
                assertThat(road.lerf()[k]).as("LeRF at %.1f", road.fractions()[k]).isCloseTo(pl, within(1e-6));
            }
            assertThat(road.morfMean()).isBetween(0.0, 1.0);
            System.out.printf("test CNN, frame 2 of the pattern video, class %s: ROAD MoRF mean %.4f, LeRF mean %.4f%n", res.label(),
                    road.morfMean(), road.lerfMean());
        }
    }

    private static double probability(OnnxModel m, float[] picture, int cls) {
        float[] s = m.run(Map.of("x", TensorData.of(picture, 1, 3, 32, 32))).get("logits").asFloats();
        double max = Double.NEGATIVE_INFINITY;
        for (float v : s) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (float v : s) {
            sum += Math.exp(v - max);
        }
        return Math.exp(s[cls] - max) / sum;
    }
}
