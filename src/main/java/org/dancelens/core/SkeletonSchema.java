package org.dancelens.core;

import java.util.List;

/**
 * A skeleton as data: joint names, the bones that connect them, left/right pairs, and OKS sigmas where known.
 * Used by drawing, tracking and classifiers alike.
 */
public record SkeletonSchema(String id, List<String> joints, int[][] bones, float[] oksSigmas) {

    public int size() {
        return joints.size();
    }

    public int index(String joint) {
        int i = joints.indexOf(joint);
        if (i < 0) {
            throw new IllegalArgumentException(id + " has no joint " + joint);
        }
        return i;
    }

    /** COCO's 17 keypoints. Sigmas from the COCO keypoint evaluation (per-joint OKS falloff). */
    public static final SkeletonSchema COCO_17 = new SkeletonSchema("coco-17",
            List.of("nose", "left_eye", "right_eye", "left_ear", "right_ear", "left_shoulder", "right_shoulder",
                    "left_elbow", "right_elbow", "left_wrist", "right_wrist", "left_hip", "right_hip", "left_knee",
                    "right_knee", "left_ankle", "right_ankle"),
            new int[][] {{0, 1}, {0, 2}, {1, 3}, {2, 4}, {5, 6}, {5, 7}, {7, 9}, {6, 8}, {8, 10}, {5, 11}, {6, 12},
                {11, 12}, {11, 13}, {13, 15}, {12, 14}, {14, 16}},
            new float[] {0.026f, 0.025f, 0.025f, 0.035f, 0.035f, 0.079f, 0.079f, 0.072f, 0.072f, 0.062f, 0.062f,
                0.107f, 0.107f, 0.087f, 0.087f, 0.089f, 0.089f});

    /** MediaPipe BlazePose's 33 landmarks. */
    public static final SkeletonSchema BLAZEPOSE_33 = new SkeletonSchema("blazepose-33",
            List.of("nose", "left_eye_inner", "left_eye", "left_eye_outer", "right_eye_inner", "right_eye", "right_eye_outer",
                    "left_ear", "right_ear", "mouth_left", "mouth_right", "left_shoulder", "right_shoulder", "left_elbow",
                    "right_elbow", "left_wrist", "right_wrist", "left_pinky", "right_pinky", "left_index", "right_index",
                    "left_thumb", "right_thumb", "left_hip", "right_hip", "left_knee", "right_knee", "left_ankle",
                    "right_ankle", "left_heel", "right_heel", "left_foot_index", "right_foot_index"),
            new int[][] {{0, 1}, {1, 2}, {2, 3}, {3, 7}, {0, 4}, {4, 5}, {5, 6}, {6, 8}, {9, 10}, {11, 12}, {11, 13},
                {13, 15}, {15, 17}, {15, 19}, {15, 21}, {17, 19}, {12, 14}, {14, 16}, {16, 18}, {16, 20}, {16, 22},
                {18, 20}, {11, 23}, {12, 24}, {23, 24}, {23, 25}, {24, 26}, {25, 27}, {26, 28}, {27, 29}, {28, 30},
                {29, 31}, {30, 32}, {27, 31}, {28, 32}},
            null);

    /** For each COCO-17 joint, the BlazePose-33 landmark with the same name. */
    public static int[] blazePoseToCoco() {
        int[] map = new int[COCO_17.size()];
        for (int j = 0; j < map.length; j++) {
            map[j] = BLAZEPOSE_33.index(COCO_17.joints().get(j));
        }
        return map;
    }

    public static SkeletonSchema byId(String id) {
        return switch (id) {
            case "coco-17" -> COCO_17;
            case "blazepose-33" -> BLAZEPOSE_33;
            default -> throw DanceLensException.badInput("Unknown skeleton schema " + id + " (known: coco-17, blazepose-33).");
        };
    }
}
