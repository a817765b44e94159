package org.dancelens.core;

import java.util.List;

/**
 * One person's pose in one frame.
 *
 * @param trackId   stable identity across frames (-1 before tracking)
 * @param schema    the skeleton the keypoints follow
 * @param keypoints one per joint of the schema, in its order, in pixels of the original frame
 * @param box       bounding box in pixels {@code [x0, y0, x1, y1]}
 * @param score     person confidence 0..1
 * @param world     3D world coordinates in metres per joint ({@code [j][3]}), or null when the model gives none
 * @param mask      the person's segmentation mask, or null when the model gives none
 */
public record Pose(int trackId, SkeletonSchema schema, List<Keypoint> keypoints, float[] box, float score, float[][] world,
                   RegionMask mask) {
    public Pose(int trackId, SkeletonSchema schema, List<Keypoint> keypoints, float[] box, float score, float[][] world) {
        this(trackId, schema, keypoints, box, score, world, null);
    }

    public Pose {
        if (keypoints.size() != schema.size()) {
            throw new IllegalArgumentException("a " + schema.id() + " pose needs " + schema.size() + " keypoints, got " + keypoints.size());
        }
        keypoints = List.copyOf(keypoints);
    }

    public Pose withTrackId(int id) {
        return new Pose(id, schema, keypoints, box, score, world, mask);
    }

    public Pose withKeypoints(List<Keypoint> kps) {
        return new Pose(trackId, schema, kps, box, score, world, mask);
    }

    /**
     * Box around the keypoints scoring at least {@code minScore}; when none does, the pose's own box, or the box
     * around all keypoints.
     */
    public float[] keypointBox(float minScore) {
        if (box != null && minScore <= 0) {
            return box;
        }
        float x0 = Float.MAX_VALUE;
        float y0 = Float.MAX_VALUE;
        float x1 = -Float.MAX_VALUE;
        float y1 = -Float.MAX_VALUE;
        int n = 0;
        for (Keypoint k : keypoints) {
            if (k.score() >= minScore) {
                x0 = Math.min(x0, k.x());
                y0 = Math.min(y0, k.y());
                x1 = Math.max(x1, k.x());
                y1 = Math.max(y1, k.y());
                n++;
            }
        }
        if (n > 0) {
            return new float[] {x0, y0, x1, y1};
        }
        return box != null ? box : minScore > Float.NEGATIVE_INFINITY ? keypointBox(Float.NEGATIVE_INFINITY) : new float[4];
    }
}
