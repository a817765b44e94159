package org.dancelens.compare;

import java.util.List;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;

/**
 * A pose described independently of the dancer's size and place in the picture: every seen joint's position relative to
 * the hip midpoint, divided by the torso length (the distance from the shoulder midpoint to the hip midpoint), image axes
 * kept (x to the right, y down). Rotation is not taken out: a dancer leaning is a different pose.
 *
 * <p>A joint is seen at confidence {@code >= minConfidence}; an unseen joint is a missing value (NaN), never a zero. A
 * pose whose four torso joints (both shoulders, both hips) are not all seen, or whose torso length is below one pixel,
 * has no description ({@link #describe} returns null): without a torso there is neither a centre nor a scale.
 *
 * <p>Mirroring (for dancers who learned facing the other way) negates x and swaps each {@code left_*} joint with its
 * {@code right_*} partner.
 */
public final class PoseDescription {
    private PoseDescription() {
    }

    /**
     * The joints' normalised positions, {@code [joint][x, y]} in the order of {@code joints} (names of the pose's
     * skeleton; a name the skeleton lacks is missing), NaN where unseen; null when the torso is not seen.
     */
    public static double[][] describe(Pose p, List<String> joints, double minConfidence, boolean mirror) {
        List<String> names = p.schema().joints();
        double[] ls = seen(p, names.indexOf("left_shoulder"), minConfidence);
        double[] rs = seen(p, names.indexOf("right_shoulder"), minConfidence);
        double[] lh = seen(p, names.indexOf("left_hip"), minConfidence);
        double[] rh = seen(p, names.indexOf("right_hip"), minConfidence);
        if (ls == null || rs == null || lh == null || rh == null) {
            return null;
        }
        double cx = (lh[0] + rh[0]) / 2;
        double cy = (lh[1] + rh[1]) / 2;
        double torso = Math.hypot((ls[0] + rs[0]) / 2 - cx, (ls[1] + rs[1]) / 2 - cy);
        if (!(torso >= 1)) {
            return null;
        }
        double[][] out = new double[joints.size()][];
        for (int j = 0; j < out.length; j++) {
            String name = joints.get(j);
            if (mirror) {
                name = name.startsWith("left_") ? "right_" + name.substring(5) : name.startsWith("right_") ? "left_" + name.substring(6) : name;
            }
            double[] k = seen(p, names.indexOf(name), minConfidence);
            if (k == null) {
                out[j] = new double[] {Double.NaN, Double.NaN};
            } else {
                double x = (k[0] - cx) / torso;
                out[j] = new double[] {mirror ? -x : x, (k[1] - cy) / torso};
            }
        }
        return out;
    }

    private static double[] seen(Pose p, int index, double minConfidence) {
        if (index < 0) {
            return null;
        }
        Keypoint k = p.keypoints().get(index);
        if (!(k.score() >= minConfidence) || !Float.isFinite(k.x()) || !Float.isFinite(k.y())) {
            return null;
        }
        return new double[] {k.x(), k.y()};
    }

    /**
     * Per joint, the distance between the two descriptions in torso lengths (NaN where either misses the joint), written
     * into {@code perJoint}; returns the number of joints both have.
     */
    public static int jointDistances(double[][] a, double[][] b, double[] perJoint) {
        int shared = 0;
        for (int j = 0; j < a.length; j++) {
            double d = Math.hypot(a[j][0] - b[j][0], a[j][1] - b[j][1]);
            perJoint[j] = d;
            if (!Double.isNaN(d)) {
                shared++;
            }
        }
        return shared;
    }

    /**
     * The frame distance: the mean over the joints both descriptions have of their distance in torso lengths;
     * {@code penalty} when they share fewer than {@code minShared} joints.
     */
    public static double distance(double[][] a, double[][] b, int minShared, double penalty) {
        double sum = 0;
        int n = 0;
        for (int j = 0; j < a.length; j++) {
            double d = Math.hypot(a[j][0] - b[j][0], a[j][1] - b[j][1]);
            if (!Double.isNaN(d)) {
                sum += d;
                n++;
            }
        }
        return n < minShared || n == 0 ? penalty : sum / n;
    }
}
