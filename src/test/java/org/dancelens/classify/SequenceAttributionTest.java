package org.dancelens.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dancelens.core.SkeletonSchema;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.testsupport.GraphOnnx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Occlusion attribution of a skeleton model whose answer depends, in closed form, on one joint only: the left
 * wrist's x, averaged over the window. Blanking any other joint changes nothing; the frames where the wrist is
 * raised matter most.
 */
class SequenceAttributionTest {
    @TempDir
    Path dir;

    @Test
    void onlyTheJointAndTheMomentsTheModelReadsMatter() throws Exception {
        int wrist = SkeletonSchema.COCO_17.index("left_wrist");
        float[] w = new float[51 * 2];
        w[2 * (wrist * 3)] = 5f; // logit 0 = 5 * mean_t(wrist x); logit 1 = 0; the wrist x is 0 except while raised
        new GraphOnnx().input("x", -1, 8, 51).output("logits", -1, 2).constant("w", w, 51, 2)
                .node("ReduceMean", new String[] {"x"}, "m", "axes", new long[] {1}, "keepdims", 0L)
                .node("MatMul", new String[] {"m", "w"}, "logits").write(dir.resolve("wrist.onnx"));
        Files.writeString(dir.resolve("wrist.yaml"), """
                id: wrist
                name: Wrist
                task: sequence-classifier
                license: test
                provenance: {onnx: wrist.onnx}
                inputs: [{name: x, shape: [-1, 8, 51]}]
                outputs: [{name: logits, shape: [-1, 2], decoding: logits}]
                labels: [raised, lowered]
                sequence: {keypoints: world, fps: 30, length: 8, hop: 4, scale: none}
                """);
        int n = 40;
        int[] frames = new int[n];
        double[] times = new double[n];
        float[][][] pts = new float[n][17][3];
        for (int i = 0; i < n; i++) {
            frames[i] = 200 + i;
            times[i] = i / 30.0;
            for (int j = 0; j < 17; j++) {
                pts[i][j][0] = 0.1f * j;
                pts[i][j][1] = -0.3f * j;
            }
            pts[i][wrist][0] = i >= 16 && i < 24 ? 1.0f : 0f;
        }
        ModelRegistry.Entry e = ModelRegistry.scan(List.of(dir)).find("wrist");
        try (SequenceClassifier sc = SequenceClassifier.open(e, OrtRuntime.Device.CPU)) {
            SequenceClassifier.Attribution a = sc.attribute(new PoseTrack(3, SkeletonSchema.COCO_17, true, frames, times, pts), -1, 2);
            assertThat(a.labelName()).isEqualTo("raised");
            assertThat(a.frames()).containsExactly(frames);
            for (int j = 0; j < 17; j++) {
                if (j != wrist) {
                    assertThat((double) a.jointDrop()[j]).as("joint %d", j).isCloseTo(0.0, within(1e-6));
                }
            }
            assertThat(a.jointDrop()[wrist]).isPositive();
            double inside = 0;
            double outside = 0;
            for (int i = 0; i < n; i++) {
                assertThat(Float.isNaN(a.frameDrop()[i])).as("frame %d is covered", i).isFalse();
                if (i >= 17 && i < 23) {
                    inside += a.frameDrop()[i] / 6;
                } else if (i < 12 || i >= 28) {
                    outside += a.frameDrop()[i] / 24;
                }
            }
            System.out.printf("occlusion: mean drop %.4f where the wrist is raised, %.4f elsewhere%n", inside, outside);
            assertThat(inside).isGreaterThan(0.01);
            assertThat(outside).as("blanking frames where the wrist x is 0 changes nothing").isCloseTo(0.0, within(1e-6));
        }
    }
}
