package org.dancelens.core;

import java.util.Locale;
import java.util.function.Function;

/**
 * How each joint angle DanceLens measures is defined on the joints COCO-17 and BlazePose-33 share: the vertex and a
 * point along each of its two rays. {@code org.dancelens.movement.JointAngle} measures these angles over a dancer's
 * track, and the overlay draws them over a frame, both from these definitions (see JointAngle for what each angle means).
 * Every angle is unsigned, from 0 to 180 degrees.
 */
public enum AngleDefinition {
    LEFT_ELBOW("left_elbow", "left_shoulder", "left_elbow", "left_wrist"),
    RIGHT_ELBOW("right_elbow", "right_shoulder", "right_elbow", "right_wrist"),
    LEFT_SHOULDER("left_shoulder", "left_hip", "left_shoulder", "left_elbow"),
    RIGHT_SHOULDER("right_shoulder", "right_hip", "right_shoulder", "right_elbow"),
    LEFT_HIP("left_hip", "left_shoulder", "left_hip", "left_knee"),
    RIGHT_HIP("right_hip", "right_shoulder", "right_hip", "right_knee"),
    LEFT_KNEE("left_knee", "left_hip", "left_knee", "left_ankle"),
    RIGHT_KNEE("right_knee", "right_hip", "right_knee", "right_ankle"),
    /** Between the trunk (middle of the hips to middle of the shoulders) and straight up (negative y). */
    TRUNK_LEAN("trunk_lean", null, null, null),
    /** Between the trunk and the head (middle of the shoulders to the nose). */
    HEAD("head", null, null, null);

    private static final String[] TRUNK = {"left_hip", "right_hip", "left_shoulder", "right_shoulder"};
    private static final String[] TRUNK_AND_NOSE = {"left_hip", "right_hip", "left_shoulder", "right_shoulder", "nose"};

    private final String id;
    private final String from;
    private final String vertex;
    private final String to;

    AngleDefinition(String id, String from, String vertex, String to) {
        this.id = id;
        this.from = from;
        this.vertex = vertex;
        this.to = to;
    }

    /** The angle's name, e.g. {@code left_elbow}, {@code trunk_lean}. */
    public String id() {
        return id;
    }

    /** The angle's name for people: {@code left elbow}, {@code trunk lean}. */
    public String label() {
        return id.replace('_', ' ');
    }

    /** The angle named {@code id} (as {@link #id()}, any case), or null when there is none. */
    public static AngleDefinition of(String id) {
        if (id == null) {
            return null;
        }
        String k = id.strip().toLowerCase(Locale.ROOT);
        for (AngleDefinition a : values()) {
            if (a.id.equals(k)) {
                return a;
            }
        }
        return null;
    }

    /** For a three-joint angle, the joints (end, vertex, end); null for trunk lean and head. */
    public String[] joints() {
        return vertex == null ? null : new String[] {from, vertex, to};
    }

    /** Every joint the angle is made from: a gap in any of them is a gap in the angle. */
    public String[] uses() {
        return vertex != null ? joints() : this == TRUNK_LEAN ? TRUNK.clone() : TRUNK_AND_NOSE.clone();
    }

    /**
     * The angle's three points {@code {end1, vertex, end2}}: the angle is {@link #between} {@code end1 - vertex} and
     * {@code end2 - vertex}. For a three-joint angle they are its joints; for trunk lean the middle of the shoulders, the
     * middle of the hips, and the middle of the hips moved straight up by the trunk's length; for the head the middle of
     * the shoulders moved on along the trunk by its length, the middle of the shoulders, and the nose. Coordinates are
     * NaN where a joint is.
     *
     * @param joint a joint's position (2 or 3 coordinates, y pointing down) by name
     */
    public double[][] points(Function<String, double[]> joint) {
        if (vertex != null) {
            return new double[][] {joint.apply(from), joint.apply(vertex), joint.apply(to)};
        }
        double[] midShoulder = middle(joint.apply("left_shoulder"), joint.apply("right_shoulder"));
        double[] midHip = middle(joint.apply("left_hip"), joint.apply("right_hip"));
        int dims = midHip.length;
        double length = Math.sqrt(dot(minus(midShoulder, midHip), minus(midShoulder, midHip)));
        if (this == TRUNK_LEAN) {
            double[] up = midHip.clone();
            up[1] -= length;
            return new double[][] {midShoulder, midHip, up};
        }
        double[] on = new double[dims];
        for (int k = 0; k < dims; k++) {
            on[k] = 2 * midShoulder[k] - midHip[k];
        }
        return new double[][] {on, midShoulder, joint.apply("nose")};
    }

    /** The angle at the points {@link #points} gives, in degrees; NaN where a joint is a gap or a ray has no length. */
    public double degrees(Function<String, double[]> joint) {
        double[][] p = points(joint);
        return between(minus(p[0], p[1]), minus(p[2], p[1]));
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

    private static double[] middle(double[] a, double[] b) {
        double[] m = new double[a.length];
        for (int k = 0; k < m.length; k++) {
            m[k] = a[k] + 0.5 * (b[k] - a[k]);
        }
        return m;
    }

    private static double[] minus(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int k = 0; k < d.length; k++) {
            d[k] = a[k] - b[k];
        }
        return d;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }
}
