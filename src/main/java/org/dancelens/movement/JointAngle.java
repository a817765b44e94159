package org.dancelens.movement;

import org.dancelens.core.AngleDefinition;

/**
 * The joint angles DanceLens measures, defined through joint names that COCO-17 (MoveNet, YOLO-pose) and BlazePose-33
 * share, so both skeletons give the same angles. All are unsigned angles between two directions, in degrees from 0 to
 * 180 (in 2D measured in the image plane, in 3D in space):
 *
 * <ul>
 * <li>elbow: at the elbow, between the upper arm (to the shoulder) and the forearm (to the wrist); 180 = arm straight;</li>
 * <li>shoulder: at the shoulder, between the trunk side (to the hip of the same side) and the upper arm (to the elbow);
 * 0 = arm along the trunk, 90 = arm raised level, 180 = arm overhead;</li>
 * <li>hip: at the hip, between the trunk side (to the shoulder of the same side) and the thigh (to the knee); 180 =
 * standing straight;</li>
 * <li>knee: at the knee, between the thigh (to the hip) and the shank (to the ankle); 180 = leg straight;</li>
 * <li>trunk lean: between the trunk (middle of the hips to middle of the shoulders) and straight up (negative y, the
 * image's up or the world keypoints' up); 0 = upright, 90 = horizontal;</li>
 * <li>head: between the trunk (middle of the hips to middle of the shoulders) and the head (middle of the shoulders to
 * the nose); 0 = the nose straight above the trunk's line. Neither skeleton has a neck joint: the middle of the
 * shoulders stands in for it.</li>
 * </ul>
 * An angle is a gap where any of its joints is, or where one of its directions has no length. Being unsigned, an angle
 * folds back at 0 and 180 degrees (a knee straightening past 180 reads as bending again), and its angular velocity
 * changes sign there; in 2D it is the angle of the limbs' projections on the image, not the anatomical one. The
 * definitions live in {@link AngleDefinition} (core), which the overlay draws the same angles from.
 */
public enum JointAngle {
    LEFT_ELBOW(AngleDefinition.LEFT_ELBOW),
    RIGHT_ELBOW(AngleDefinition.RIGHT_ELBOW),
    LEFT_SHOULDER(AngleDefinition.LEFT_SHOULDER),
    RIGHT_SHOULDER(AngleDefinition.RIGHT_SHOULDER),
    LEFT_HIP(AngleDefinition.LEFT_HIP),
    RIGHT_HIP(AngleDefinition.RIGHT_HIP),
    LEFT_KNEE(AngleDefinition.LEFT_KNEE),
    RIGHT_KNEE(AngleDefinition.RIGHT_KNEE),
    TRUNK_LEAN(AngleDefinition.TRUNK_LEAN),
    HEAD(AngleDefinition.HEAD);

    private final AngleDefinition definition;

    JointAngle(AngleDefinition definition) {
        this.definition = definition;
    }

    /** The angle's name in series and summaries, e.g. {@code left_elbow}, {@code trunk_lean}. */
    public String id() {
        return definition.id();
    }

    /** Its definition on the joints (what the overlay draws it from, too). */
    public AngleDefinition definition() {
        return definition;
    }

    /** For a three-joint angle, the joints (end, vertex, end); null for trunk lean and head. */
    public String[] joints() {
        return definition.joints();
    }

    /** The same angle on the other side, or null for the trunk and the head. */
    public JointAngle mirror() {
        return switch (this) {
            case LEFT_ELBOW -> RIGHT_ELBOW;
            case RIGHT_ELBOW -> LEFT_ELBOW;
            case LEFT_SHOULDER -> RIGHT_SHOULDER;
            case RIGHT_SHOULDER -> LEFT_SHOULDER;
            case LEFT_HIP -> RIGHT_HIP;
            case RIGHT_HIP -> LEFT_HIP;
            case LEFT_KNEE -> RIGHT_KNEE;
            case RIGHT_KNEE -> LEFT_KNEE;
            default -> null;
        };
    }

    public boolean isLeft() {
        return id().startsWith("left_");
    }

    /**
     * The angle in every sample of a track, in degrees; NaN where a joint is a gap. Each sample's angle is
     * {@link AngleDefinition#degrees} of that sample's joints.
     *
     * @param space image keypoints (2D angles in the picture) or world keypoints (3D angles)
     */
    public double[] compute(Track track, Space space) {
        int n = track.size();
        double[] out = new double[n];
        java.util.Map<String, JointSeries> series = new java.util.HashMap<>();
        for (String j : definition.uses()) {
            series.put(j, track.joint(j, space));
        }
        for (int i = 0; i < n; i++) {
            int at = i;
            out[i] = definition.degrees(name -> {
                JointSeries s = series.get(name);
                double[] c = new double[s.dimensions()];
                for (int k = 0; k < c.length; k++) {
                    c[k] = s.get(k, at);
                }
                return c;
            });
        }
        return out;
    }

    /**
     * The unsigned angle between two vectors in degrees, {@code atan2(|u x v|, u . v)} (accurate near 0 and 180 degrees,
     * unlike the arccosine); NaN when either has no length or a coordinate is NaN.
     */
    public static double between(double[] u, double[] v) {
        return AngleDefinition.between(u, v);
    }
}
