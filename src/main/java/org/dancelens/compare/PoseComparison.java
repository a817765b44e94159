package org.dancelens.compare;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;
import org.dancelens.core.SkeletonSchema;
import org.dancelens.core.TaskContext;
import org.dancelens.pose.Hungarian;

/**
 * Two pose runs of one video compared frame by frame. Run A is the reference (as the ground truth is in the COCO
 * keypoint evaluation): the object scale, the keypoints that count and the box of PCK are A's.
 *
 * <p><b>Joints.</b> The runs may use different skeletons: only the keypoints both have, matched by name, are compared
 * ({@link #commonJoints}). OKS uses those of them with a COCO sigma (COCO-17's sigmas, by joint name; joints COCO does
 * not have, such as BlazePose's heels, get distances but no OKS term).
 *
 * <p><b>OKS</b> (object keypoint similarity), COCO's definition with A as ground truth:
 * {@code OKS = sum_i exp(-d_i^2 / (2 s^2 k_i^2)) / n} over the joints {@code i} A sees (confidence at least
 * {@link Settings#minConfidence}), {@code d_i} the pixel distance between A's and B's joint (B's whatever its own
 * confidence; a joint B gives no position for counts 0), {@code k_i = 2 sigma_i}, and {@code s^2} the area of A's box
 * in pixels (width x height; COCO uses the ground truth's segment area, which is smaller, so these values are somewhat
 * more lenient than COCO's). A's box is the model's box, or the box around A's keypoints when the model gives none.
 *
 * <p><b>Matching.</b> Per frame, A's and B's dancers are matched by the Hungarian algorithm on {@code 1 - OKS}; a pair
 * with OKS below {@link Settings#minOks} is not taken for the same dancer: both are then unmatched. A dancer of one run
 * without a partner is one the other run missed. Dancers with no keypoint to compare (A: none seen with a sigma, or an
 * empty box; B: none seen of the common joints) take no part and are counted as ignored.
 *
 * <p><b>PCK@a</b>: the fraction of the joints A sees whose distance to B's is at most {@code a} times the larger side of
 * A's box, over all matched pairs.
 */
public final class PoseComparison {
    /**
     * @param minOks        below it two dancers are not the same one (unmatched)
     * @param minConfidence a keypoint is seen at or above this confidence (the player's threshold)
     */
    public record Settings(double minOks, double minConfidence) {
        public static Settings defaults() {
            return new Settings(0.1, 0.3);
        }
    }

    /**
     * The joints both skeletons have, in A's order.
     *
     * @param inA    the joint's index in A's skeleton
     * @param inB    its index in B's skeleton
     * @param sigmas COCO's OKS sigma of the joint, NaN for joints COCO does not have
     */
    public record Joints(List<String> names, int[] inA, int[] inB, double[] sigmas) {
        public int size() {
            return names.size();
        }
    }

    /**
     * A matched pair of dancers in one frame.
     *
     * @param distancePx per common joint (the order of {@link Joints}), the pixel distance between A's and B's keypoint;
     *                   NaN where A does not see the joint or B gives no position
     * @param scalePx    the larger side of A's box, pixels (PCK's reference)
     * @param seen       joints A sees (PCK's denominator)
     * @param pck05      of them, within 0.05 x scale
     * @param pck10      of them, within 0.1 x scale
     */
    public record Pair(int frame, int trackA, int trackB, double oks, double[] distancePx, double scalePx, int seen, int pck05, int pck10) {
    }

    /** Which run saw a dancer the other missed. */
    public enum Side { ONLY_A, ONLY_B }

    /**
     * A dancer one run saw and the other missed in a frame.
     *
     * @param bestOks the OKS with the partner the matching gave it, below the threshold; NaN when it had none
     */
    public record Missed(int frame, Side seenBy, int track, double bestOks) {
    }

    /**
     * How often track {@code trackA} of A and {@code trackB} of B were matched.
     *
     * @param dominant true when {@code trackB} is the track of B most often matched with {@code trackA}
     */
    public record IdentityPair(int trackA, int trackB, int frames, double meanOks, boolean dominant) {
    }

    /**
     * @param framesCompared frames both runs processed (the others are not compared)
     * @param framesOnlyA    frames only A processed
     * @param framesOnlyB    frames only B processed
     * @param meanOks        mean OKS of the matched pairs (NaN when none)
     * @param pck05          PCK@0.05 over the matched pairs' joints (NaN when none)
     * @param pck10          PCK@0.1
     * @param framesWithMissed frames of the compared ones where a dancer was seen by one run only
     * @param ignored        dancers without a keypoint to compare (both runs)
     */
    public record Summary(int framesCompared, int framesOnlyA, int framesOnlyB, int pairs, double meanOks, double pck05, double pck10,
                          int framesWithMissed, int missedByB, int missedByA, int ignored) {
    }

    public record Result(Settings settings, Joints joints, List<Pair> pairs, List<Missed> missed, List<IdentityPair> identities, Summary summary) {
    }

    private PoseComparison() {
    }

    /**
     * The joints of {@code a} that {@code b} has too (by name), in A's order.
     *
     * @throws DanceLensException (bad input) when they share none
     */
    public static Joints commonJoints(SkeletonSchema a, SkeletonSchema b) {
        List<String> names = new ArrayList<>();
        List<Integer> ia = new ArrayList<>();
        List<Integer> ib = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            int j = b.joints().indexOf(a.joints().get(i));
            if (j >= 0) {
                names.add(a.joints().get(i));
                ia.add(i);
                ib.add(j);
            }
        }
        if (names.isEmpty()) {
            throw DanceLensException.badInput("The skeletons " + a.id() + " and " + b.id() + " share no keypoint name, so their poses cannot be compared.");
        }
        double[] sigmas = new double[names.size()];
        for (int i = 0; i < sigmas.length; i++) {
            int c = SkeletonSchema.COCO_17.joints().indexOf(names.get(i));
            sigmas[i] = c >= 0 ? SkeletonSchema.COCO_17.oksSigmas()[c] : Double.NaN;
        }
        return new Joints(List.copyOf(names), ia.stream().mapToInt(Integer::intValue).toArray(), ib.stream().mapToInt(Integer::intValue).toArray(),
                sigmas);
    }

    /** A's box {x0, y0, x1, y1}: the model's, or the box around A's seen keypoints. */
    static float[] box(Pose a, double minConfidence) {
        return a.box() != null ? a.box() : a.keypointBox((float) minConfidence);
    }

    /** True when A's joint counts: seen, with a position. */
    private static boolean seen(Keypoint k, double minConfidence) {
        return k.score() >= minConfidence && Float.isFinite(k.x()) && Float.isFinite(k.y());
    }

    /** OKS of B against A (the class comment's definition); NaN when A has no seen joint with a sigma or an empty box. */
    public static double oks(Pose a, Pose b, Joints joints, double minConfidence) {
        float[] box = box(a, minConfidence);
        double area = Math.abs((double) (box[2] - box[0]) * (box[3] - box[1]));
        if (!(area > 0)) {
            return Double.NaN;
        }
        double sum = 0;
        int n = 0;
        for (int i = 0; i < joints.size(); i++) {
            Keypoint ka = a.keypoints().get(joints.inA()[i]);
            if (Double.isNaN(joints.sigmas()[i]) || !seen(ka, minConfidence)) {
                continue;
            }
            n++;
            Keypoint kb = b.keypoints().get(joints.inB()[i]);
            if (!Float.isFinite(kb.x()) || !Float.isFinite(kb.y())) {
                continue;
            }
            double dx = ka.x() - kb.x();
            double dy = ka.y() - kb.y();
            double k = 2 * joints.sigmas()[i];
            sum += Math.exp(-(dx * dx + dy * dy) / (2 * area * k * k));
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** True when B's dancer has a seen common joint. */
    private static boolean comparableB(Pose b, Joints joints, double minConfidence) {
        for (int i = 0; i < joints.size(); i++) {
            if (seen(b.keypoints().get(joints.inB()[i]), minConfidence)) {
                return true;
            }
        }
        return false;
    }

    /** A's dancer can be compared: an OKS is defined against itself. */
    private static boolean comparableA(Pose a, Joints joints, double minConfidence) {
        return !Double.isNaN(oks(a, a, joints, minConfidence));
    }

    /**
     * Compares two pose runs over the frames both processed.
     *
     * @param framesA the frames run A processed (with or without dancers)
     * @param posesA  A's dancers by frame (frames without dancers may be absent)
     * @throws DanceLensException (bad input) when the runs' skeletons share no keypoint
     */
    public static Result compare(SortedSet<Integer> framesA, Map<Integer, List<Pose>> posesA, SortedSet<Integer> framesB,
                                 Map<Integer, List<Pose>> posesB, Settings settings, TaskContext ctx) {
        SkeletonSchema sa = schema(posesA);
        SkeletonSchema sb = schema(posesB);
        Joints joints = commonJoints(sa != null ? sa : sb != null ? sb : SkeletonSchema.COCO_17, sb != null ? sb : sa != null ? sa : SkeletonSchema.COCO_17);
        SortedSet<Integer> common = new TreeSet<>(framesA);
        common.retainAll(framesB);
        double c = settings.minConfidence();
        List<Pair> pairs = new ArrayList<>();
        List<Missed> missed = new ArrayList<>();
        int ignored = 0;
        int framesWithMissed = 0;
        int done = 0;
        for (int frame : common) {
            if ((done++ & 63) == 0) {
                ctx.checkCancelled();
                ctx.progress((double) done / common.size(), "frame " + frame);
            }
            List<Pose> a = new ArrayList<>();
            List<Pose> b = new ArrayList<>();
            for (Pose p : posesA.getOrDefault(frame, List.of())) {
                if (comparableA(p, joints, c)) {
                    a.add(p);
                } else {
                    ignored++;
                }
            }
            for (Pose p : posesB.getOrDefault(frame, List.of())) {
                if (comparableB(p, joints, c)) {
                    b.add(p);
                } else {
                    ignored++;
                }
            }
            int missedBefore = missed.size();
            boolean[] bMatched = new boolean[b.size()];
            double[] bBest = new double[b.size()];
            java.util.Arrays.fill(bBest, Double.NaN);
            if (!a.isEmpty() && !b.isEmpty()) {
                double[][] oks = new double[a.size()][b.size()];
                double[][] cost = new double[a.size()][b.size()];
                for (int i = 0; i < a.size(); i++) {
                    for (int j = 0; j < b.size(); j++) {
                        oks[i][j] = oks(a.get(i), b.get(j), joints, c);
                        cost[i][j] = 1 - oks[i][j];
                    }
                }
                int[] match = Hungarian.solve(cost);
                for (int i = 0; i < a.size(); i++) {
                    int j = match[i];
                    if (j >= 0 && oks[i][j] >= settings.minOks()) {
                        bMatched[j] = true;
                        pairs.add(pair(frame, a.get(i), b.get(j), oks[i][j], joints, c));
                    } else {
                        missed.add(new Missed(frame, Side.ONLY_A, a.get(i).trackId(), j >= 0 ? oks[i][j] : Double.NaN));
                        if (j >= 0) {
                            bBest[j] = oks[i][j];
                        }
                    }
                }
            } else {
                for (Pose p : a) {
                    missed.add(new Missed(frame, Side.ONLY_A, p.trackId(), Double.NaN));
                }
            }
            for (int j = 0; j < b.size(); j++) {
                if (!bMatched[j]) {
                    missed.add(new Missed(frame, Side.ONLY_B, b.get(j).trackId(), bBest[j]));
                }
            }
            if (missed.size() > missedBefore) {
                framesWithMissed++;
            }
        }
        ctx.progress(1, "done");
        return new Result(settings, joints, List.copyOf(pairs), List.copyOf(missed), identities(pairs),
                summary(framesA, framesB, common.size(), pairs, missed, framesWithMissed, ignored));
    }

    private static SkeletonSchema schema(Map<Integer, List<Pose>> poses) {
        return poses.values().stream().flatMap(List::stream).map(Pose::schema).findFirst().orElse(null);
    }

    static Pair pair(int frame, Pose a, Pose b, double oks, Joints joints, double minConfidence) {
        float[] box = box(a, minConfidence);
        double scale = Math.max(Math.abs(box[2] - box[0]), Math.abs(box[3] - box[1]));
        double[] d = new double[joints.size()];
        int seen = 0;
        int p05 = 0;
        int p10 = 0;
        for (int i = 0; i < joints.size(); i++) {
            Keypoint ka = a.keypoints().get(joints.inA()[i]);
            Keypoint kb = b.keypoints().get(joints.inB()[i]);
            d[i] = Double.NaN;
            if (!seen(ka, minConfidence)) {
                continue;
            }
            seen++;
            if (!Float.isFinite(kb.x()) || !Float.isFinite(kb.y())) {
                continue;
            }
            d[i] = Math.hypot(ka.x() - kb.x(), ka.y() - kb.y());
            p05 += d[i] <= 0.05 * scale ? 1 : 0;
            p10 += d[i] <= 0.1 * scale ? 1 : 0;
        }
        return new Pair(frame, a.trackId(), b.trackId(), oks, d, scale, seen, p05, p10);
    }

    static List<IdentityPair> identities(List<Pair> pairs) {
        Map<Long, double[]> acc = new HashMap<>(); // frames, sum of OKS
        for (Pair p : pairs) {
            double[] s = acc.computeIfAbsent(key(p.trackA(), p.trackB()), k -> new double[2]);
            s[0]++;
            s[1] += p.oks();
        }
        Map<Integer, Long> best = new HashMap<>();
        acc.forEach((k, s) -> best.merge((int) (k >> 32), k, (x, y) -> better(acc.get(x), acc.get(y)) ? x : y));
        List<IdentityPair> out = new ArrayList<>();
        acc.forEach((k, s) -> out.add(new IdentityPair((int) (k >> 32), (int) (long) k, (int) s[0], s[1] / s[0], best.get((int) (k >> 32)).equals(k))));
        out.sort(Comparator.comparingInt(IdentityPair::frames).reversed().thenComparingInt(IdentityPair::trackA).thenComparingInt(IdentityPair::trackB));
        return List.copyOf(out);
    }

    private static boolean better(double[] x, double[] y) {
        return x[0] != y[0] ? x[0] > y[0] : x[1] / x[0] >= y[1] / y[0];
    }

    private static long key(int a, int b) {
        return ((long) a << 32) | (b & 0xffffffffL);
    }

    private static Summary summary(SortedSet<Integer> framesA, SortedSet<Integer> framesB, int compared, List<Pair> pairs, List<Missed> missed,
                                   int framesWithMissed, int ignored) {
        double oks = 0;
        long seen = 0;
        long p05 = 0;
        long p10 = 0;
        for (Pair p : pairs) {
            oks += p.oks();
            seen += p.seen();
            p05 += p.pck05();
            p10 += p.pck10();
        }
        int onlyA = (int) framesA.stream().filter(f -> !framesB.contains(f)).count();
        int onlyB = (int) framesB.stream().filter(f -> !framesA.contains(f)).count();
        int byB = (int) missed.stream().filter(m -> m.seenBy() == Side.ONLY_A).count();
        return new Summary(compared, onlyA, onlyB, pairs.size(), pairs.isEmpty() ? Double.NaN : oks / pairs.size(), seen == 0 ? Double.NaN : (double) p05 / seen,
                seen == 0 ? Double.NaN : (double) p10 / seen, framesWithMissed, byB, missed.size() - byB, ignored);
    }
}
