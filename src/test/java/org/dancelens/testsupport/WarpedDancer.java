package org.dancelens.testsupport;

import java.util.ArrayList;
import java.util.List;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;
import org.dancelens.core.SkeletonSchema;

/**
 * A made-up COCO-17 dancer whose movement phase is readable from every frame (no pose repeats), for tests of a dancer
 * against a reference: the same movement at another tempo (a known time warp), moved and scaled in the picture.
 */
public final class WarpedDancer {
    private WarpedDancer() {
    }

    /** The body at movement phase {@code phase}, in torso lengths: torso fixed, limbs moving along distinct curves. */
    public static double[][] body(double phase) {
        double[][] k = new double[17][];
        k[5] = new double[] {-0.4, -1};
        k[6] = new double[] {0.4, -1};
        k[11] = new double[] {-0.25, 0};
        k[12] = new double[] {0.25, 0};
        k[0] = new double[] {0.05 * Math.sin(phase / 9), -1.5};
        k[1] = new double[] {-0.08, -1.58};
        k[2] = new double[] {0.08, -1.58};
        k[3] = new double[] {-0.16, -1.55};
        k[4] = new double[] {0.16, -1.55};
        double arm = phase / 40.0;
        k[7] = new double[] {-0.4 - 0.5 * Math.cos(arm), -1 + 0.5 * Math.sin(arm)};
        k[9] = new double[] {k[7][0] - 0.5 * Math.cos(2 * arm), k[7][1] + 0.5 * Math.sin(2 * arm)};
        k[8] = new double[] {0.4 + 0.5 * Math.cos(phase / 13), -1 + 0.4 * Math.sin(phase / 13)};
        k[10] = new double[] {k[8][0] + 0.4, k[8][1] + 0.3 * Math.sin(phase / 7)};
        k[13] = new double[] {-0.3 + 0.2 * Math.sin(phase / 11), 1};
        k[14] = new double[] {0.3, 1 - 0.2 * Math.sin(phase / 17)};
        k[15] = new double[] {-0.3 + 0.3 * Math.sin(phase / 11), 2};
        k[16] = new double[] {0.3, 2};
        return k;
    }

    /** Dancer {@code track} at a phase, {@code scale} pixels per torso length, hips at (x, y), all joints seen. */
    public static Pose pose(int track, double phase, double scale, double x, double y) {
        List<Keypoint> kps = new ArrayList<>();
        for (double[] k : body(phase)) {
            kps.add(new Keypoint((float) (x + scale * k[0]), (float) (y + scale * k[1]), 0.9f));
        }
        return new Pose(track, SkeletonSchema.COCO_17, kps, null, 0.9f, null);
    }
}
