package org.dancelens.render;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.dancelens.core.AngleDefinition;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;
import org.dancelens.core.SkeletonSchema;

/**
 * One joint angle of one dancer over a frame, resolved: where its vertex and rays are, in frame pixels, and its size in
 * degrees (0..180, in the image plane, as {@code org.dancelens.movement.JointAngle} measures it from the same
 * {@link AngleDefinition}). The overlay draws an arc between the rays at the vertex and the degrees beside it.
 *
 * @param track   the dancer's track id (its colour)
 * @param angle   the angle's name, e.g. {@code left_elbow}
 * @param vx      the vertex, frame pixels
 * @param vy      the vertex
 * @param ax      the end of the first ray (e.g. the shoulder for an elbow)
 * @param ay      the end of the first ray
 * @param bx      the end of the second ray (e.g. the wrist)
 * @param by      the end of the second ray
 * @param degrees the angle between the rays, 0..180
 */
public record AngleMark(int track, String angle, double vx, double vy, double ax, double ay, double bx, double by, double degrees) {

    /**
     * The chosen angles of these dancers whose joints all score at least {@code minConfidence}; an angle with a joint
     * below it, a joint its skeleton lacks, or a ray without length is left out (no angle is shown from joints not shown).
     *
     * @param angles the angles' names ({@link AngleDefinition#id()}); names that are not angles are ignored
     */
    public static List<AngleMark> of(List<Pose> poses, Collection<String> angles, double minConfidence) {
        List<AngleMark> out = new ArrayList<>();
        if (angles.isEmpty()) {
            return out;
        }
        List<AngleDefinition> defs = new ArrayList<>();
        for (AngleDefinition d : AngleDefinition.values()) {
            if (angles.contains(d.id())) {
                defs.add(d);
            }
        }
        for (Pose p : poses) {
            SkeletonSchema s = p.schema();
            for (AngleDefinition d : defs) {
                AngleMark m = of(p, d, s, minConfidence);
                if (m != null) {
                    out.add(m);
                }
            }
        }
        return out;
    }

    private static AngleMark of(Pose p, AngleDefinition d, SkeletonSchema s, double minConfidence) {
        for (String j : d.uses()) {
            int i = s.joints().indexOf(j);
            if (i < 0 || i >= p.keypoints().size()) {
                return null;
            }
            Keypoint k = p.keypoints().get(i);
            if (!(k.score() >= minConfidence) || !Float.isFinite(k.x()) || !Float.isFinite(k.y())) {
                return null;
            }
        }
        java.util.function.Function<String, double[]> at = name -> {
            Keypoint k = p.keypoints().get(s.joints().indexOf(name));
            return new double[] {k.x(), k.y()};
        };
        double deg = d.degrees(at);
        if (Double.isNaN(deg)) {
            return null;
        }
        double[][] q = d.points(at);
        return new AngleMark(p.trackId(), d.id(), q[1][0], q[1][1], q[0][0], q[0][1], q[2][0], q[2][1], deg);
    }

    /** Whether the rays are bones of the skeleton (a three-joint angle) rather than lines through middles of joints. */
    public boolean onBones() {
        AngleDefinition d = AngleDefinition.of(angle);
        return d != null && d.joints() != null;
    }
}
