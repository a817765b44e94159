package org.dancelens.movement;

import java.util.ArrayList;
import java.util.List;

/**
 * The whole-body centre of mass from a segment table: each segment's centre of mass lies a published fraction of the
 * way along the segment, and the body's is their mean weighted by the segments' published mass fractions.
 *
 * <p>Table: P. de Leva, "Adjustments to Zatsiorsky-Seluyanov's segment inertia parameters", Journal of Biomechanics
 * 29(9):1223–1230, 1996, Table 4 (mass in % of body mass; centre of mass in % of the segment's length from its first
 * end point), male and female columns:
 * <pre>
 * segment     from -> to                                   mass M / F     CoM M / F
 * head        vertex -> mid-gonion                          6.94 / 6.68   (see below)
 * trunk       mid-shoulder (MIDS) -> mid-hip (MIDH)        43.46 / 42.57  43.10 / 37.82
 * upper arm   shoulder joint -> elbow joint                 2.71 / 2.55   57.72 / 57.54
 * forearm     elbow joint -> wrist joint                    1.62 / 1.38   45.74 / 45.59
 * hand        wrist joint -> 3rd metacarpale (MET3)         0.61 / 0.56   79.00 / 74.74
 * thigh       hip joint -> knee joint                      14.16 / 14.78  40.95 / 36.12
 * shank       knee joint -> lateral malleolus               4.33 / 4.81   44.59 / 44.16
 * foot        heel -> toe tip                               1.37 / 1.29   44.15 / 40.14
 * </pre>
 * The masses add up to 100.00 % (male) and 99.99 % (female); the weighted mean divides by their sum.
 *
 * <p>What pose keypoints stand in for, and what is approximated:
 * <ul>
 * <li>Joint centres are the keypoints of the same name (shoulder, elbow, wrist, hip, knee); the lateral malleolus is
 * the ankle keypoint; MIDS and MIDH are the middles of the two shoulder and the two hip keypoints. Keypoint models
 * mark roughly where the joints are, not the anatomical joint centres of the table.</li>
 * <li>Head: neither skeleton has the vertex or the gonia, so the head's centre of mass (59.76 % / 58.94 % of the way
 * from the vertex to the mid-gonion, about the level of the ear canals) is placed at the middle of the two ear
 * keypoints.</li>
 * <li>Hand: BlazePose-33's index and pinky landmarks are the knuckles of those fingers, so MET3 is their middle;
 * COCO-17 has no hand points, so the hand's mass is placed at the wrist.</li>
 * <li>Foot: BlazePose-33 has the heel and the toe tip ({@code foot_index}); COCO-17 has no foot points, so the foot's
 * mass is placed at the ankle.</li>
 * </ul>
 * The centre of mass is a gap in any frame where a point it needs is a gap (no segment is left out or guessed). In 2D it
 * is the projection on the image of the 3D construction, which is exact only for segments parallel to the image plane.
 */
public final class CentreOfMass {
    private CentreOfMass() {
    }

    /** The columns of de Leva's Table 4. */
    public enum Table { DE_LEVA_MALE, DE_LEVA_FEMALE }

    /**
     * One segment's share: its centre of mass is {@code fraction} of the way from the point {@code from} to the point
     * {@code to}, each the middle of one or two named joints; {@code mass} is in % of the body mass.
     */
    public record Segment(String name, String[] from, String[] to, double fraction, double mass) {
    }

    /** The segments of a table as the keypoints of a skeleton give them (see the class comment). */
    public static List<Segment> segments(Table table, boolean blazePose) {
        boolean m = table == Table.DE_LEVA_MALE;
        List<Segment> s = new ArrayList<>();
        s.add(new Segment("head", pts("left_ear", "right_ear"), pts("left_ear", "right_ear"), 0, m ? 6.94 : 6.68));
        s.add(new Segment("trunk", pts("left_shoulder", "right_shoulder"), pts("left_hip", "right_hip"), m ? 0.4310 : 0.3782, m ? 43.46 : 42.57));
        for (String side : new String[] {"left", "right"}) {
            s.add(new Segment(side + "_upper_arm", pts(side + "_shoulder"), pts(side + "_elbow"), m ? 0.5772 : 0.5754, m ? 2.71 : 2.55));
            s.add(new Segment(side + "_forearm", pts(side + "_elbow"), pts(side + "_wrist"), m ? 0.4574 : 0.4559, m ? 1.62 : 1.38));
            s.add(blazePose
                    ? new Segment(side + "_hand", pts(side + "_wrist"), pts(side + "_index", side + "_pinky"), m ? 0.7900 : 0.7474, m ? 0.61 : 0.56)
                    : new Segment(side + "_hand", pts(side + "_wrist"), pts(side + "_wrist"), 0, m ? 0.61 : 0.56));
            s.add(new Segment(side + "_thigh", pts(side + "_hip"), pts(side + "_knee"), m ? 0.4095 : 0.3612, m ? 14.16 : 14.78));
            s.add(new Segment(side + "_shank", pts(side + "_knee"), pts(side + "_ankle"), m ? 0.4459 : 0.4416, m ? 4.33 : 4.81));
            s.add(blazePose
                    ? new Segment(side + "_foot", pts(side + "_heel"), pts(side + "_foot_index"), m ? 0.4415 : 0.4014, m ? 1.37 : 1.29)
                    : new Segment(side + "_foot", pts(side + "_ankle"), pts(side + "_ankle"), 0, m ? 1.37 : 1.29));
        }
        return s;
    }

    private static String[] pts(String... joints) {
        return joints;
    }

    /** The whole-body centre of mass in every sample of a track; a gap where any point it needs is one. */
    public static JointSeries compute(Track track, Space space, Table table) {
        boolean blaze = track.has("left_heel") && track.has("left_index") && track.has("left_pinky");
        List<Segment> segments = segments(table, blaze);
        int n = track.size();
        JointSeries probe = track.joint("left_shoulder", space);
        double[][] sum = new double[probe.dimensions()][n];
        double total = 0;
        for (Segment s : segments) {
            JointSeries a = point(track, s.from(), space);
            JointSeries b = point(track, s.to(), space);
            JointSeries c = a.towards(b, s.fraction(), s.name());
            for (int d = 0; d < sum.length; d++) {
                for (int i = 0; i < n; i++) {
                    sum[d][i] += s.mass() * c.get(d, i);
                }
            }
            total += s.mass();
        }
        for (double[] sd : sum) {
            for (int i = 0; i < n; i++) {
                sd[i] /= total;
            }
        }
        return new JointSeries("centre_of_mass", sum);
    }

    private static JointSeries point(Track track, String[] joints, Space space) {
        return joints.length == 1 ? track.joint(joints[0], space) : track.midpoint(joints[0], joints[1], joints[0] + "+" + joints[1], space);
    }
}
