package org.dancelens.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.Pose;
import org.dancelens.core.TaskContext;

/**
 * One dancer's pose sequence against another's (a student against a teacher, or two dancers in unison), A the
 * reference. Each frame's pose is described by {@link PoseDescription} (joint positions centred on the hips, scaled by
 * the torso length, unseen joints missing); the frame distance is the mean distance, in torso lengths, over the joints
 * both frames have. Frames without a description (the dancer not seen, or the torso not seen) are left out of the
 * sequence; two frames sharing fewer than {@link Settings#minSharedJoints} joints cost {@link Settings#penalty}.
 *
 * <p>{@link Method#DTW} aligns the sequences by {@link Dtw} (symmetric step pattern, optional window);
 * {@link Method#FRAMES} pairs each frame of A with the frame of B at the same time after the sync points (the nearest,
 * within half of B's frame interval; of two equally near, the earlier).
 *
 * <p><b>Lag</b> of an aligned pair: {@code (tB - originB) - (tA - originA)} in seconds, and {@code (frameB - firstB) -
 * (frameA - firstA)} in frames, counted from each sequence's first frame. Positive: B reaches A's pose later (B is
 * behind); negative: B is ahead.
 */
public final class PoseAlignment {
    public enum Method {
        DTW("dtw"), FRAMES("frames");

        private final String key;

        Method(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    /**
     * @param window          DTW's Sakoe–Chiba band as a fraction of the longer sequence, NaN for none
     * @param minConfidence   a joint is seen at or above this confidence
     * @param mirrorB         B's poses mirrored (left and right swapped, x negated)
     * @param minSharedJoints two frames sharing fewer joints are not comparable and cost {@code penalty}
     * @param penalty         the cost of a pair of frames that cannot be compared, torso lengths
     * @param topK            how many moments of largest deviation are ranked
     * @param separationS     ranked moments are at least this far apart in A's time
     */
    public record Settings(Method method, double window, double minConfidence, boolean mirrorB, int minSharedJoints, double penalty, int topK,
                           double separationS) {
        public static Settings defaults(Method method, double window) {
            return new Settings(method, window, 0.3, false, 6, 1.0, 10, 1.0);
        }

        public Settings mirrored(boolean mirror) {
            return new Settings(method, window, minConfidence, mirror, minSharedJoints, penalty, topK, separationS);
        }
    }

    /**
     * One side's input: the frames of its range with their presentation times, the dancer's pose in the frames where it
     * was seen, and the time the lag counts from (the sync point).
     */
    public record Side(NavigableMap<Integer, Double> times, Map<Integer, Pose> poses, double originS) {
    }

    /**
     * An aligned pair of frames.
     *
     * @param cost      the frame distance (torso lengths), {@code penalty} when the frames share too few joints
     * @param deviation per joint (the result's order), distance in torso lengths; NaN where either side misses it
     * @param shared    joints both frames have
     */
    public record Step(int aFrame, int bFrame, double aTime, double bTime, int lagFrames, double lagS, double cost, double[] deviation, int shared) {
        public boolean comparable(int minShared) {
            return shared >= minShared;
        }
    }

    /** A moment of large difference: the step, its rank (1 the largest) and the joint that differs most there. */
    public record Moment(int rank, Step step, String worstJoint, double worstDeviation) {
    }

    /**
     * @param framesA         frames in A's range
     * @param usedA           of them, with a description (dancer and torso seen)
     * @param notComparable   steps whose frames share too few joints (cost = penalty)
     * @param totalCost       DTW: D(n-1,m-1); frames: the sum of the step costs
     * @param normalisedCost  DTW: total / (n + m); frames: the mean step cost
     * @param meanJointDeviation per joint, the mean deviation over the steps where both have it (NaN where never)
     */
    public record Summary(Method method, int framesA, int framesB, int usedA, int usedB, int steps, int notComparable, double totalCost,
                          double normalisedCost, double meanStepCost, double meanLagS, double minLagS, double maxLagS, double meanAbsLagS,
                          double[] meanJointDeviation) {
    }

    public record Result(Settings settings, List<String> joints, List<Step> steps, List<Moment> moments, Summary summary) {
    }

    private PoseAlignment() {
    }

    /** Aligns B's dancer to A's (see the class comment). */
    public static Result align(Side a, Side b, Settings s, TaskContext ctx) {
        Pose anyA = a.poses().values().stream().findFirst().orElseThrow(() -> DanceLensException.badInput("Dancer A is not seen in its range."));
        Pose anyB = b.poses().values().stream().findFirst().orElseThrow(() -> DanceLensException.badInput("Dancer B is not seen in its range."));
        List<String> joints = PoseComparison.commonJoints(anyA.schema(), anyB.schema()).names();
        List<Integer> fa = new ArrayList<>();
        List<double[][]> da = new ArrayList<>();
        describe(a, joints, s.minConfidence(), false, fa, da);
        List<Integer> fb = new ArrayList<>();
        List<double[][]> db = new ArrayList<>();
        describe(b, joints, s.minConfidence(), s.mirrorB(), fb, db);
        for (Object[] side : new Object[][] {{"A", fa}, {"B", fb}}) {
            if (((List<?>) side[1]).size() < 2) {
                throw DanceLensException.badInput("Dancer " + side[0] + "'s torso (both shoulders and hips) is seen in fewer than two frames of its"
                        + " range, so there is no pose sequence to compare.");
            }
        }
        List<int[]> pairs;
        double total;
        double normalised;
        if (s.method() == Method.DTW) {
            Dtw.Result r = Dtw.align(da.size(), db.size(), (i, j) -> PoseDescription.distance(da.get(i), db.get(j), s.minSharedJoints(), s.penalty()),
                    s.window(), ctx.scaled(0, 0.9, ""));
            pairs = r.path();
            total = r.total();
            normalised = r.normalised();
        } else {
            pairs = sameTime(a, b, fa, fb);
            if (pairs.isEmpty()) {
                throw DanceLensException.badInput("No frame of dancer A has a frame of dancer B at the same time after the sync points: check --sync.");
            }
            total = Double.NaN;
            normalised = Double.NaN;
        }
        int firstA = a.times().firstKey();
        int firstB = b.times().firstKey();
        List<Step> steps = new ArrayList<>(pairs.size());
        int notComparable = 0;
        double costSum = 0;
        double[] devSum = new double[joints.size()];
        int[] devN = new int[joints.size()];
        for (int[] p : pairs) {
            int af = fa.get(p[0]);
            int bf = fb.get(p[1]);
            double[] dev = new double[joints.size()];
            int shared = PoseDescription.jointDistances(da.get(p[0]), db.get(p[1]), dev);
            double cost = PoseDescription.distance(da.get(p[0]), db.get(p[1]), s.minSharedJoints(), s.penalty());
            double ta = a.times().get(af);
            double tb = b.times().get(bf);
            // to the microsecond: a lag of 0 is 0, not a rounding error of the two subtractions
            double lagS = Math.round(((tb - b.originS()) - (ta - a.originS())) * 1e6) / 1e6 + 0.0;
            Step st = new Step(af, bf, ta, tb, (bf - firstB) - (af - firstA), lagS, cost, dev, shared);
            steps.add(st);
            costSum += cost;
            if (!st.comparable(s.minSharedJoints())) {
                notComparable++;
            }
            for (int j = 0; j < dev.length; j++) {
                if (!Double.isNaN(dev[j])) {
                    devSum[j] += dev[j];
                    devN[j]++;
                }
            }
        }
        double[] meanDev = new double[joints.size()];
        for (int j = 0; j < meanDev.length; j++) {
            meanDev[j] = devN[j] == 0 ? Double.NaN : devSum[j] / devN[j];
        }
        double meanStep = costSum / steps.size();
        if (s.method() == Method.FRAMES) {
            total = costSum;
            normalised = meanStep;
        }
        double[] lags = steps.stream().mapToDouble(Step::lagS).toArray();
        Summary sum = new Summary(s.method(), a.times().size(), b.times().size(), fa.size(), fb.size(), steps.size(), notComparable, total, normalised,
                meanStep, Arrays.stream(lags).average().orElse(Double.NaN), Arrays.stream(lags).min().orElse(Double.NaN),
                Arrays.stream(lags).max().orElse(Double.NaN), Arrays.stream(lags).map(Math::abs).average().orElse(Double.NaN), meanDev);
        ctx.progress(1, "aligned");
        return new Result(s, joints, List.copyOf(steps), moments(steps, joints, s), sum);
    }

    private static void describe(Side side, List<String> joints, double minConfidence, boolean mirror, List<Integer> frames, List<double[][]> out) {
        for (int f : side.times().keySet()) {
            Pose p = side.poses().get(f);
            double[][] d = p == null ? null : PoseDescription.describe(p, joints, minConfidence, mirror);
            if (d != null) {
                frames.add(f);
                out.add(d);
            }
        }
    }

    /** Frame by frame: each used frame of A with B's frame nearest the same time after the origins, within half B's frame interval. */
    private static List<int[]> sameTime(Side a, Side b, List<Integer> fa, List<Integer> fb) {
        TreeMap<Double, Integer> bByTime = new TreeMap<>();
        for (Map.Entry<Integer, Double> e : b.times().entrySet()) {
            bByTime.put(e.getValue() - b.originS(), e.getKey());
        }
        double[] dt = new double[Math.max(1, b.times().size() - 1)];
        Double prev = null;
        int k = 0;
        for (double t : b.times().values()) {
            if (prev != null) {
                dt[k++] = t - prev;
            }
            prev = t;
        }
        Arrays.sort(dt, 0, Math.max(1, k));
        double half = k == 0 ? Double.POSITIVE_INFINITY : dt[k / 2] / 2;
        Map<Integer, Integer> indexB = new java.util.HashMap<>();
        for (int i = 0; i < fb.size(); i++) {
            indexB.put(fb.get(i), i);
        }
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < fa.size(); i++) {
            double t = a.times().get(fa.get(i)) - a.originS();
            Map.Entry<Double, Integer> lo = bByTime.floorEntry(t);
            Map.Entry<Double, Integer> hi = bByTime.ceilingEntry(t);
            Map.Entry<Double, Integer> near = lo == null ? hi : hi == null ? lo : (t - lo.getKey() <= hi.getKey() - t + 1e-9 ? lo : hi);
            if (near == null || Math.abs(near.getKey() - t) > half + 1e-9) {
                continue;
            }
            Integer j = indexB.get(near.getValue());
            if (j != null) {
                out.add(new int[] {i, j});
            }
        }
        return out;
    }

    /** The comparable steps of largest cost, greedily, each at least {@code separationS} of A's time from those ranked before. */
    private static List<Moment> moments(List<Step> steps, List<String> joints, Settings s) {
        List<Step> byCost = steps.stream().filter(x -> x.comparable(s.minSharedJoints()))
                .sorted(Comparator.comparingDouble(Step::cost).reversed().thenComparingInt(Step::aFrame)).toList();
        List<Moment> out = new ArrayList<>();
        for (Step st : byCost) {
            if (out.size() >= s.topK()) {
                break;
            }
            if (out.stream().anyMatch(m -> Math.abs(m.step().aTime() - st.aTime()) < s.separationS())) {
                continue;
            }
            int worst = -1;
            for (int j = 0; j < st.deviation().length; j++) {
                if (!Double.isNaN(st.deviation()[j]) && (worst < 0 || st.deviation()[j] > st.deviation()[worst])) {
                    worst = j;
                }
            }
            out.add(new Moment(out.size() + 1, st, worst < 0 ? "" : joints.get(worst), worst < 0 ? Double.NaN : st.deviation()[worst]));
        }
        return List.copyOf(out);
    }
}
