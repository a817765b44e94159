package org.dancelens.movement;

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
 * changes sign there; in 2D it is the angle of the limbs' projections on the image, not the anatomical one.
 */
public enum JointAngle {
    LEFT_ELBOW("left_elbow", "left_shoulder", "left_elbow", "left_wrist"),
    RIGHT_ELBOW("right_elbow", "right_shoulder", "right_elbow", "right_wrist"),
    LEFT_SHOULDER("left_shoulder", "left_hip", "left_shoulder", "left_elbow"),
    RIGHT_SHOULDER("right_shoulder", "right_hip", "right_shoulder", "right_elbow"),
    LEFT_HIP("left_hip", "left_shoulder", "left_hip", "left_knee"),
    RIGHT_HIP("right_hip", "right_shoulder", "right_hip", "right_knee"),
    LEFT_KNEE("left_knee", "left_hip", "left_knee", "left_ankle"),
    RIGHT_KNEE("right_knee", "right_hip", "right_knee", "right_ankle"),
    TRUNK_LEAN("trunk_lean", null, null, null),
    HEAD("head", null, null, null);

    private final String id;
    private final String from;
    private final String vertex;
    private final String to;

    JointAngle(String id, String from, String vertex, String to) {
        this.id = id;
        this.from = from;
        this.vertex = vertex;
        this.to = to;
    }

    /** The angle's name in series and summaries, e.g. {@code left_elbow}, {@code trunk_lean}. */
    public String id() {
        return id;
    }

    /** For a three-joint angle, the joints (end, vertex, end); null for trunk lean and head. */
    public String[] joints() {
        return vertex == null ? null : new String[] {from, vertex, to};
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
        return id.startsWith("left_");
    }

    /**
     * The angle in every sample of a track, in degrees; NaN where a joint is a gap.
     *
     * @param space image keypoints (2D angles in the picture) or world keypoints (3D angles)
     */
    public double[] compute(Track track, Space space) {
        int n = track.size();
        double[] out = new double[n];
        if (vertex != null) {
            JointSeries a = track.joint(from, space);
            JointSeries v = track.joint(vertex, space);
            JointSeries b = track.joint(to, space);
            for (int i = 0; i < n; i++) {
                out[i] = between(difference(a, v, i), difference(b, v, i));
            }
            return out;
        }
        JointSeries midShoulder = track.midpoint("left_shoulder", "right_shoulder", "mid_shoulder", space);
        JointSeries midHip = track.midpoint("left_hip", "right_hip", "mid_hip", space);
        int dims = midHip.dimensions();
        double[] up = new double[dims];
        up[1] = -1;
        JointSeries nose = this == HEAD ? track.joint("nose", space) : null;
        for (int i = 0; i < n; i++) {
            double[] trunk = difference(midShoulder, midHip, i);
            out[i] = this == TRUNK_LEAN ? between(trunk, up) : between(trunk, difference(nose, midShoulder, i));
        }
        return out;
    }

    /** The vector from b to a at sample i (NaN in a gap). */
    static double[] difference(JointSeries a, JointSeries b, int i) {
        double[] d = new double[a.dimensions()];
        for (int k = 0; k < d.length; k++) {
            d[k] = a.get(k, i) - b.get(k, i);
        }
        return d;
    }

    /**
     * The unsigned angle between two vectors in degrees, {@code atan2(|u x v|, u . v)} (accurate near 0 and 180 degrees,
     * unlike the arccosine); NaN when either has no length or a coordinate is NaN.
     */
    public static double between(double[] u, double[] v) {
        double dot = 0;
        double nu = 0;
        double nv = 0;
        for (int k = 0; k < u.length; k++) {
            dot += u[k] * v[k];
            nu += u[k] * u[k];
            nv += v[k] * v[k];
        }
        if (!(nu > 0) || !(nv > 0)) {
            return Double.NaN;
        }
        double cross;
        if (u.length == 2) {
            cross = Math.abs(u[0] * v[1] - u[1] * v[0]);
        } else {
            double cx = u[1] * v[2] - u[2] * v[1];
            double cy = u[2] * v[0] - u[0] * v[2];
            double cz = u[0] * v[1] - u[1] * v[0];
            cross = Math.sqrt(cx * cx + cy * cy + cz * cz);
        }
        return Math.toDegrees(Math.atan2(cross, dot));
    }
}
