package org.dancelens.testsupport;

import java.util.ArrayList;
import java.util.List;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;
import org.dancelens.core.SkeletonSchema;

/** Poses made by hand for overlay and selection tests. */
public final class TestPoses {
    private TestPoses() {
    }

    /** A COCO-17 dancer with box {@code (x0, y0)-(x1, y1)}, every joint at the box's centre, score 0.9. */
    public static Pose boxed(int track, float x0, float y0, float x1, float y1) {
        List<Keypoint> k = new ArrayList<>();
        for (int j = 0; j < 17; j++) {
            k.add(new Keypoint((x0 + x1) / 2, (y0 + y1) / 2, 0.9f));
        }
        return new Pose(track, SkeletonSchema.COCO_17, k, new float[] {x0, y0, x1, y1}, 0.9f, null);
    }
}
