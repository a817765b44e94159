package org.dancelens.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The warping path of a {@link PoseAlignment} read as a mapping between the two videos' frames, for aligned playback
 * and for the lanes drawn over A's frames. Window-free, immutable.
 *
 * <p><b>A frame to B frame.</b> An A frame on the path maps to the centre of the B frames paired with it (of two
 * centres, the earlier frame). An A frame between two on the path (a frame whose pose had no description, so left out
 * of the sequence) maps by linear interpolation between them; before the path's first A frame and after its last, by the
 * offset at that end (B moves on at A's pace). {@link #aOf} is the same, B to A. Both are non-decreasing.
 *
 * <p><b>Lag</b> of an A frame: {@code (bOf(a) - firstB) - (a - firstA)} frames, {@code firstA} and {@code firstB} the
 * first frames of the two ranges (from the sync points, whether or not the dancer is seen there), as
 * {@link PoseAlignment.Step#lagFrames} counts it: positive, B reaches A's pose later (B is behind); negative, B is ahead.
 */
public final class WarpPath {
    private final List<PoseAlignment.Step> steps;
    private final int[] aKeys;
    private final double[] bAtA;
    private final int[] bKeys;
    private final double[] aAtB;
    private final int firstA;
    private final int firstB;
    /** firstB - firstA of the two ranges the lag counts from (the sync points), as the steps' lags give it. */
    private final int origins;

    private WarpPath(List<PoseAlignment.Step> steps) {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("an empty warping path");
        }
        this.steps = List.copyOf(steps);
        TreeMap<Integer, int[]> bRange = new TreeMap<>();
        TreeMap<Integer, int[]> aRange = new TreeMap<>();
        for (PoseAlignment.Step s : steps) {
            bRange.merge(s.aFrame(), new int[] {s.bFrame(), s.bFrame()}, (x, y) -> new int[] {Math.min(x[0], y[0]), Math.max(x[1], y[1])});
            aRange.merge(s.bFrame(), new int[] {s.aFrame(), s.aFrame()}, (x, y) -> new int[] {Math.min(x[0], y[0]), Math.max(x[1], y[1])});
        }
        aKeys = bRange.keySet().stream().mapToInt(Integer::intValue).toArray();
        bAtA = bRange.values().stream().mapToDouble(r -> (r[0] + r[1]) / 2.0).toArray();
        bKeys = aRange.keySet().stream().mapToInt(Integer::intValue).toArray();
        aAtB = aRange.values().stream().mapToDouble(r -> (r[0] + r[1]) / 2.0).toArray();
        firstA = aKeys[0];
        firstB = bKeys[0];
        PoseAlignment.Step s0 = steps.get(0);
        origins = s0.bFrame() - s0.aFrame() - s0.lagFrames();
    }

    /** The path of an alignment (its steps, in order). */
    public static WarpPath of(PoseAlignment.Result r) {
        return of(r.steps());
    }

    public static WarpPath of(List<PoseAlignment.Step> steps) {
        return new WarpPath(steps);
    }

    public List<PoseAlignment.Step> steps() {
        return steps;
    }

    /** The first A frame on the path. */
    public int firstA() {
        return firstA;
    }

    public int lastA() {
        return aKeys[aKeys.length - 1];
    }

    /** The first B frame on the path. */
    public int firstB() {
        return firstB;
    }

    public int lastB() {
        return bKeys[bKeys.length - 1];
    }

    /** Whether an A frame is within the aligned stretch (from the path's first A frame to its last). */
    public boolean coversA(int a) {
        return a >= firstA && a <= lastA();
    }

    /** Whether a B frame is within the aligned stretch. */
    public boolean coversB(int b) {
        return b >= firstB && b <= lastB();
    }

    /** The B frame shown with A frame {@code a} (see the class comment); not clamped to B's video. */
    public int bOf(int a) {
        return map(aKeys, bAtA, a);
    }

    /** The A frame shown with B frame {@code b}; not clamped to A's video. */
    public int aOf(int b) {
        return map(bKeys, aAtB, b);
    }

    /** The B frame level with A frame {@code a} (lag 0: as far from B's sync point as {@code a} is from A's): the diagonal. */
    public int levelB(int a) {
        return a + origins;
    }

    /** A frame's lag in frames (positive: B behind, negative: B ahead). */
    public int lagFrames(int a) {
        return bOf(a) - a - origins;
    }

    private static int map(int[] keys, double[] values, int x) {
        double v;
        if (x <= keys[0]) {
            v = values[0] - (keys[0] - x);
        } else if (x >= keys[keys.length - 1]) {
            v = values[values.length - 1] + (x - keys[keys.length - 1]);
        } else {
            int i = java.util.Arrays.binarySearch(keys, x);
            if (i >= 0) {
                v = values[i];
            } else {
                int hi = -i - 1;
                int lo = hi - 1;
                v = values[lo] + (values[hi] - values[lo]) * (x - keys[lo]) / (double) (keys[hi] - keys[lo]);
            }
        }
        // to the nearest frame; of two equally near, the earlier
        return (int) Math.ceil(v - 0.5 - 1e-9);
    }

    /**
     * The lag of every A frame {@code 0..frames-1} on the path (steps sharing an A frame: their mean), NaN where the path
     * has no step: a lane over A's timeline.
     */
    public float[] lagLane(int frames) {
        float[] sum = new float[frames];
        int[] n = new int[frames];
        for (PoseAlignment.Step s : steps) {
            if (s.aFrame() >= 0 && s.aFrame() < frames) {
                sum[s.aFrame()] += s.lagFrames();
                n[s.aFrame()]++;
            }
        }
        for (int f = 0; f < frames; f++) {
            sum[f] = n[f] == 0 ? Float.NaN : sum[f] / n[f];
        }
        return sum;
    }

    /**
     * Per group of joints, the mean deviation (torso lengths) of its joints at every A frame {@code 0..frames-1}: over
     * the steps at that frame and the group's joints both poses have; NaN where none.
     */
    public float[][] deviationLanes(List<JointGroup> groups, int frames) {
        float[][] out = new float[groups.size()][frames];
        int[][] n = new int[groups.size()][frames];
        for (PoseAlignment.Step s : steps) {
            int f = s.aFrame();
            if (f < 0 || f >= frames) {
                continue;
            }
            for (int g = 0; g < groups.size(); g++) {
                for (int j : groups.get(g).joints()) {
                    double d = j < s.deviation().length ? s.deviation()[j] : Double.NaN;
                    if (!Double.isNaN(d)) {
                        out[g][f] += (float) d;
                        n[g][f]++;
                    }
                }
            }
        }
        for (int g = 0; g < out.length; g++) {
            for (int f = 0; f < frames; f++) {
                out[g][f] = n[g][f] == 0 ? Float.NaN : out[g][f] / n[g][f];
            }
        }
        return out;
    }

    /**
     * A named group of joints (indices into the alignment's joint list).
     *
     * @param joints the indices of its joints in {@link PoseAlignment.Result#joints()}
     */
    public record JointGroup(String name, int[] joints) {
        /**
         * The body parts of a skeleton's joints, in this order where present: head, left arm, right arm, torso (shoulders
         * and hips), left leg, right leg; a joint fitting none (e.g. a keypoint between the hips) goes to "other". By
         * name, so COCO's 17 joints and BlazePose's 33 both group.
         */
        public static List<JointGroup> of(List<String> joints) {
            Map<String, List<Integer>> g = new LinkedHashMap<>();
            for (String name : List.of("head", "left arm", "right arm", "torso", "left leg", "right leg", "other")) {
                g.put(name, new ArrayList<>());
            }
            for (int j = 0; j < joints.size(); j++) {
                g.get(groupOf(joints.get(j))).add(j);
            }
            List<JointGroup> out = new ArrayList<>();
            g.forEach((name, l) -> {
                if (!l.isEmpty()) {
                    out.add(new JointGroup(name, l.stream().mapToInt(Integer::intValue).toArray()));
                }
            });
            return List.copyOf(out);
        }

        private static String groupOf(String joint) {
            String j = joint.toLowerCase(java.util.Locale.ROOT);
            String side = j.startsWith("left") ? "left " : j.startsWith("right") ? "right " : "";
            if (j.matches(".*(nose|eye|ear|mouth|head).*")) {
                return "head";
            }
            if (j.matches(".*(shoulder|hip).*")) {
                return side.isEmpty() ? "other" : "torso";
            }
            if (j.matches(".*(elbow|wrist|pinky|index|thumb|hand).*")) {
                return side.isEmpty() ? "other" : side + "arm";
            }
            if (j.matches(".*(knee|ankle|heel|foot|toe).*")) {
                return side.isEmpty() ? "other" : side + "leg";
            }
            return "other";
        }
    }
}
