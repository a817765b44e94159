package org.dancelens.pose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.dancelens.core.Pose;
import org.dancelens.core.SkeletonSchema;
import org.junit.jupiter.api.Test;

/** The decoders on outputs whose answer is known by construction. */
class PoseDecodersTest {

    @Test
    void yoloPoseRowsWithNonMaximumSuppression() {
        int k = 17;
        int n = 4;
        int rows = 5 + 3 * k;
        float[] out = new float[rows * n];
        // Candidates 0 and 1: the same person (boxes overlap a lot), 1 scores higher; candidate 2: another person;
        // candidate 3: below the threshold.
        float[][] boxes = {{100, 200, 80, 160}, {104, 202, 80, 160}, {400, 220, 60, 150}, {300, 300, 50, 50}};
        float[] scores = {0.7f, 0.9f, 0.8f, 0.1f};
        for (int a = 0; a < n; a++) {
            for (int r = 0; r < 4; r++) {
                out[r * n + a] = boxes[a][r];
            }
            out[4 * n + a] = scores[a];
            for (int j = 0; j < k; j++) {
                out[(5 + 3 * j) * n + a] = boxes[a][0] + j;
                out[(6 + 3 * j) * n + a] = boxes[a][1] - j;
                out[(7 + 3 * j) * n + a] = 0.5f + j / 100f;
            }
        }
        List<Pose> poses = PoseDecoders.yoloPose(out, k, n, 0.25f, 0.45, SkeletonSchema.COCO_17);
        assertThat(poses).hasSize(2);
        assertThat(poses.get(0).score()).isEqualTo(0.9f);
        assertThat(poses.get(0).box()).containsExactly(64, 122, 144, 282);
        assertThat(poses.get(0).keypoints().get(3).x()).isEqualTo(107f);
        assertThat(poses.get(0).keypoints().get(3).y()).isEqualTo(199f);
        assertThat(poses.get(0).keypoints().get(3).score()).isEqualTo(0.53f);
        assertThat(poses.get(1).score()).isEqualTo(0.8f);
    }

    @Test
    void heatmapPeaksWithQuarterPixelRefinement() {
        int joints = 2;
        int h = 8;
        int w = 6;
        float[] out = new float[joints * h * w];
        // Joint 0: peak at (2, 3), right neighbour higher -> x = 2.25. Joint 1: peak at the border (0, 7).
        out[3 * w + 2] = 0.9f;
        out[3 * w + 3] = 0.5f;
        out[3 * w + 1] = 0.2f;
        out[h * w + 7 * w] = 0.7f;
        float[][] kp = PoseDecoders.heatmaps(out, joints, h, w, 192, 256);
        assertThat((double) kp[0][0]).isCloseTo((2.25 + 0.5) * 192 / 6, within(1e-4));
        assertThat((double) kp[0][1]).isCloseTo((3 + 0.5) * 256 / 8, within(1e-4));
        assertThat(kp[0][2]).isEqualTo(0.9f);
        assertThat((double) kp[1][0]).isCloseTo(0.5 * 32, within(1e-4));
        assertThat((double) kp[1][1]).isCloseTo(7.5 * 32, within(1e-4));
    }

    @Test
    void simccArgmaxOverTheSplitRatio() {
        int joints = 1;
        float[] x = new float[384]; // 192 px x 2
        float[] y = new float[512]; // 256 px x 2
        x[101] = 0.8f;
        y[300] = 0.6f;
        float[][] kp = PoseDecoders.simcc(x, y, joints, 2.0);
        assertThat(kp[0]).containsExactly(50.5f, 150f, 0.6f);
    }
}
