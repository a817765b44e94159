package org.dancelens.pose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;
import org.dancelens.core.SkeletonSchema;
import org.dancelens.core.VideoFrame;
import org.dancelens.inference.ModelCard;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OnnxModel;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.inference.image.ImageInput;
import org.dancelens.testsupport.TinyOnnx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** User pose models described by a card, end to end: card -> estimator -> ONNX Runtime -> decoding -> frame pixels. */
class UserPoseModelsTest {
    @TempDir
    Path dir;

    private static VideoFrame blank(int w, int h) {
        return new VideoFrame(0, 0, w, h, new byte[w * h * 4]);
    }

    @Test
    void yoloPoseCardRunsAndMapsThroughTheLetterbox() throws Exception {
        int k = 17;
        int n = 2;
        int rows = 5 + 3 * k;
        float[] out = new float[rows * n];
        // One person at box centre (32, 32), 20 x 40 input pixels, score 0.9; keypoint j at (20 + j, 30).
        out[0] = 32;
        out[n] = 32;
        out[2 * n] = 20;
        out[3 * n] = 40;
        out[4 * n] = 0.9f;
        for (int j = 0; j < k; j++) {
            out[(5 + 3 * j) * n] = 20 + j;
            out[(6 + 3 * j) * n] = 30;
            out[(7 + 3 * j) * n] = 0.8f;
        }
        TinyOnnx.constantOutputs(dir.resolve("yolo.onnx"), "images", new long[] {1, 3, 64, 64}, new String[] {"output0"},
                new long[][] {{1, rows, n}}, new float[][] {out});
        Files.writeString(dir.resolve("yolo.yaml"), """
                id: tiny-yolo-pose
                name: Tiny YOLO-pose
                task: pose
                license: test
                provenance:
                  onnx: yolo.onnx
                inputs:
                  - name: images
                    layout: NCHW
                    dtype: float32
                    shape: [1, 3, 64, 64]
                    preprocess: {resize: letterbox, colorOrder: RGB, scale: 0.00392156862745098}
                outputs:
                  - name: output0
                    shape: [1, 56, 2]
                    decoding: yolo-pose
                keypoints: coco-17
                """);
        ModelRegistry reg = ModelRegistry.scan(List.of(dir));
        ModelRegistry.verify(reg.find("tiny-yolo-pose").card(), dir.resolve("yolo.onnx"));
        try (PoseEstimator est = PoseEstimators.create(reg.find("tiny-yolo-pose"), OrtRuntime.Device.CPU, 0.2f)) {
            // A 128 x 64 frame letterboxed into 64 x 64: scale 1/2, 32 frame pixels of bar above and below.
            List<Pose> poses = est.estimate(blank(128, 64));
            assertThat(poses).hasSize(1);
            Pose p = poses.get(0);
            assertThat(p.score()).isEqualTo(0.9f);
            Keypoint k3 = p.keypoints().get(3);
            assertThat((double) k3.x()).isCloseTo((20 + 3) * 2.0, within(1e-3));
            assertThat((double) k3.y()).isCloseTo(-32 + 30 * 2.0, within(1e-3));
            assertThat(p.box()[0]).isCloseTo(44f, org.assertj.core.data.Offset.offset(1e-3f));
            assertThat(p.box()[3]).isCloseTo(72f, org.assertj.core.data.Offset.offset(1e-3f));
        }
    }

    @Test
    void topDownHeatmapModelMapsBackIntoThePersonBox() throws Exception {
        int joints = 17;
        int hh = 16;
        int hw = 12;
        float[] hm = new float[joints * hh * hw];
        for (int j = 0; j < joints; j++) {
            hm[j * hh * hw + 8 * hw + 6] = 0.7f; // every joint peaks at heat-map pixel (6, 8): the crop's centre
        }
        Path onnx = TinyOnnx.constantOutputs(dir.resolve("hrnet.onnx"), "input", new long[] {1, 3, 64, 48}, new String[] {"heatmaps"},
                new long[][] {{1, joints, hh, hw}}, new float[][] {hm});
        PoseEstimator oneBox = new PoseEstimator() {
            @Override
            public List<Pose> estimate(VideoFrame frame) {
                List<Keypoint> none = java.util.Collections.nCopies(17, new Keypoint(0, 0, 0));
                return List.of(new Pose(-1, SkeletonSchema.COCO_17, none, new float[] {100, 50, 140, 130}, 0.9f, null));
            }

            @Override
            public void reset() {
            }

            @Override
            public List<double[]> carryOver() {
                return List.of();
            }

            @Override
            public void carryOver(List<double[]> regions) {
            }

            @Override
            public SkeletonSchema schema() {
                return SkeletonSchema.COCO_17;
            }

            @Override
            public void close() {
            }
        };
        ImageInput in = ImageInput.of(ModelCard.parse("""
                id: tiny-hrnet
                name: Tiny HRNet
                task: pose
                license: test
                provenance: {onnx: hrnet.onnx}
                inputs: [{name: input, layout: NCHW, dtype: float32, shape: [1, 3, 64, 48]}]
                outputs: [{name: heatmaps, decoding: heatmap}]
                keypoints: coco-17
                """, "hrnet.yaml"));
        try (TopDownPose est = new TopDownPose(oneBox, OnnxModel.open(onnx, OrtRuntime.Device.CPU, 1), in, List.of("heatmaps"),
                TopDownPose.Kind.HEATMAP, SkeletonSchema.COCO_17, 2)) {
            Pose p = est.estimate(blank(320, 240)).get(0);
            // Box centre (120, 90); crop 1.25 x -> 50 x 100, widened to 3:4 -> 75 x 100. Heat-map pixel (6, 8) of 12 x 16
            // -> crop pixel ((6 + 0.5) * 48 / 12, (8 + 0.5) * 64 / 16) = (26, 34) of 48 x 64 -> frame (82.5 + 26 * 75 / 48, 40 + 34 * 100 / 64).
            assertThat((double) p.keypoints().get(0).x()).isCloseTo(82.5 + 26 * 75.0 / 48, within(1e-3));
            assertThat((double) p.keypoints().get(0).y()).isCloseTo(40 + 34 * 100.0 / 64, within(1e-3));
            assertThat(p.keypoints().get(0).score()).isEqualTo(0.7f);
        }
    }

    @Test
    void aCardWithAnUnknownDecodingIsAPlainError() throws Exception {
        Files.writeString(dir.resolve("odd.yaml"), """
                id: odd
                name: Odd
                task: pose
                license: test
                provenance: {onnx: yolo.onnx}
                inputs: [{name: images, shape: [1, 3, 64, 64]}]
                outputs: [{name: output0, decoding: tea-leaves}]
                keypoints: coco-17
                """);
        TinyOnnx.constantOutputs(dir.resolve("yolo.onnx"), "images", new long[] {1, 3, 64, 64}, new String[] {"output0"},
                new long[][] {{1}}, new float[][] {{0}});
        ModelRegistry reg = ModelRegistry.scan(List.of(dir));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PoseEstimators.create(reg.find("odd"), OrtRuntime.Device.CPU, 0.2f))
                .hasMessageContaining("odd").hasMessageContaining("tea-leaves");
    }
}
