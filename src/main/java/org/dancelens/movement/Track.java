package org.dancelens.movement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;
import org.dancelens.core.SkeletonSchema;

/**
 * One dancer's keypoints over time, ready for measuring: every video frame from the dancer's first to their last
 * (a frame without a pose is a row of gaps), each frame's time in seconds (frame rates may vary), and per joint the
 * image position in pixels and, where the model gives them, the world position in metres.
 *
 * <p>Confidence: a joint scoring under {@code minScore} in a frame is a gap there (NaN), in both image and world
 * coordinates; it is never a zero. Immutable.
 */
public final class Track {
    private final SkeletonSchema schema;
    private final int trackId;
    private final int[] frames;
    private final double[] times;
    private final double minScore;
    private final double[][] x; // [joint][sample]
    private final double[][] y;
    private final double[][][] world; // [joint][dim][sample], or null

    private Track(SkeletonSchema schema, int trackId, int[] frames, double[] times, double minScore, double[][] x, double[][] y, double[][][] world) {
        this.schema = schema;
        this.trackId = trackId;
        this.frames = frames;
        this.times = times;
        this.minScore = minScore;
        this.x = x;
        this.y = y;
        this.world = world;
    }

    /**
     * A track from one dancer's poses.
     *
     * @param poses      the dancer's pose per video frame number (at least two frames; one schema)
     * @param frameTimes the time in seconds of each video frame, indexed by frame number, strictly increasing over the
     *                   dancer's frames (the video's presentation times, so variable frame rates are kept)
     * @param minScore   joints scoring under this are gaps
     */
    public static Track of(Map<Integer, Pose> poses, double[] frameTimes, double minScore) {
        if (poses.size() < 2) {
            throw DanceLensException.badInput("A dancer needs poses in at least two frames to be measured, got " + poses.size() + ".");
        }
        if (!Double.isFinite(minScore)) {
            throw new IllegalArgumentException("The confidence threshold must be a number, got " + minScore + ".");
        }
        TreeMap<Integer, Pose> sorted = new TreeMap<>(poses);
        int first = sorted.firstKey();
        int last = sorted.lastKey();
        if (first < 0 || last >= frameTimes.length) {
            throw DanceLensException.badInput("The dancer's frames " + first + " to " + last + " are outside the " + frameTimes.length + " frame times given.");
        }
        SkeletonSchema schema = sorted.firstEntry().getValue().schema();
        int trackId = sorted.firstEntry().getValue().trackId();
        int n = last - first + 1;
        int[] frames = new int[n];
        double[] times = new double[n];
        for (int i = 0; i < n; i++) {
            frames[i] = first + i;
            times[i] = frameTimes[first + i];
            if (!Double.isFinite(times[i]) || (i > 0 && !(times[i] > times[i - 1]))) {
                throw DanceLensException.badInput("Frame times must increase: frame " + frames[i] + " is at " + times[i] + " s"
                        + (i > 0 ? ", frame " + frames[i - 1] + " at " + times[i - 1] + " s." : "."));
            }
        }
        int k = schema.size();
        double[][] x = nanMatrix(k, n);
        double[][] y = nanMatrix(k, n);
        boolean anyWorld = sorted.values().stream().anyMatch(p -> p.world() != null);
        double[][][] world = null;
        if (anyWorld) {
            world = new double[k][][];
            for (int j = 0; j < k; j++) {
                world[j] = nanMatrix(3, n);
            }
        }
        for (Map.Entry<Integer, Pose> e : sorted.entrySet()) {
            Pose p = e.getValue();
            if (!p.schema().id().equals(schema.id())) {
                throw DanceLensException.badInput("A dancer's poses must follow one skeleton, got " + schema.id() + " and " + p.schema().id()
                        + " (frame " + e.getKey() + ").");
            }
            int i = e.getKey() - first;
            for (int j = 0; j < k; j++) {
                Keypoint kp = p.keypoints().get(j);
                if (kp.score() >= minScore && Float.isFinite(kp.x()) && Float.isFinite(kp.y())) {
                    x[j][i] = kp.x();
                    y[j][i] = kp.y();
                    if (world != null && p.world() != null && j < p.world().length && p.world()[j] != null && p.world()[j].length >= 3) {
                        for (int d = 0; d < 3; d++) {
                            world[j][d][i] = p.world()[j][d];
                        }
                    }
                }
            }
        }
        return new Track(schema, trackId, frames, times, minScore, x, y, world);
    }

    /** A track on a constant frame rate: frame f is at {@code f / fps} seconds. */
    public static Track ofFrameRate(Map<Integer, Pose> poses, double fps, double minScore) {
        if (!(fps > 0) || Double.isInfinite(fps)) {
            throw new IllegalArgumentException("The frame rate must be positive, got " + fps + ".");
        }
        int last = poses.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        double[] t = new double[last + 1];
        for (int f = 0; f <= last; f++) {
            t[f] = f / fps;
        }
        return of(poses, t, minScore);
    }

    private static double[][] nanMatrix(int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (double[] r : m) {
            java.util.Arrays.fill(r, Double.NaN);
        }
        return m;
    }

    public SkeletonSchema schema() {
        return schema;
    }

    public int trackId() {
        return trackId;
    }

    /** Number of samples (frames from the first to the last, both included). */
    public int size() {
        return frames.length;
    }

    /** The video frame numbers of the samples. */
    public int[] frames() {
        return frames.clone();
    }

    /** The times of the samples in seconds. */
    public double[] times() {
        return times.clone();
    }

    public double minScore() {
        return minScore;
    }

    /** Whether the model gave world (3D) keypoints in any frame. */
    public boolean hasWorld() {
        return world != null;
    }

    /** Whether the skeleton has a joint of this name. */
    public boolean has(String joint) {
        return schema.joints().contains(joint);
    }

    /** A joint's positions in the given space: pixels (2D) or world metres (3D). */
    public JointSeries joint(String joint, Space space) {
        int j = schema.index(joint);
        if (space == Space.WORLD) {
            if (world == null) {
                throw DanceLensException.badInput("This pose run has no world (3D) keypoints; measure in image coordinates instead.");
            }
            return new JointSeries(joint, world[j]);
        }
        return new JointSeries(joint, new double[][] {x[j], y[j]});
    }

    /** The middle of two joints (e.g. {@code mid_shoulder}); a gap where either joint is. */
    public JointSeries midpoint(String a, String b, String name, Space space) {
        return joint(a, space).midpoint(joint(b, space), name);
    }

    /** The runs of consecutive samples where a series is not a gap, as {@code [from, to)} index pairs. */
    public static List<int[]> stretches(double[] values) {
        List<int[]> out = new ArrayList<>();
        int i = 0;
        while (i < values.length) {
            if (Double.isNaN(values[i])) {
                i++;
                continue;
            }
            int s = i;
            while (i < values.length && !Double.isNaN(values[i])) {
                i++;
            }
            out.add(new int[] {s, i});
        }
        return out;
    }
}
