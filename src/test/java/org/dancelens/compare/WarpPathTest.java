package org.dancelens.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.DoubleUnaryOperator;
import org.dancelens.core.Pose;
import org.dancelens.core.SkeletonSchema;
import org.dancelens.core.TaskContext;
import org.dancelens.testsupport.WarpedDancer;
import org.junit.jupiter.api.Test;

/**
 * The warping path as a mapping between the two videos' frames (aligned playback) and as lanes over A's frames: worked
 * by hand on small paths, and on a movement played at another tempo (a known warp) that the mapping must follow within
 * one frame.
 */
class WarpPathTest {
    private static PoseAlignment.Step step(int a, int b, int firstA, int firstB, double... deviation) {
        return new PoseAlignment.Step(a, b, a / 30.0, b / 30.0, (b - firstB) - (a - firstA), 0, 0, deviation, deviation.length);
    }

    private static WarpPath path(int[][] pairs) {
        List<PoseAlignment.Step> s = new ArrayList<>();
        for (int[] p : pairs) {
            s.add(step(p[0], p[1], pairs[0][0], pairs[0][1]));
        }
        return WarpPath.of(s);
    }

    @Test
    void anAFrameMapsToTheCentreOfItsBFramesTheEarlierOfTwo() {
        // A 11 is paired with B 21 and 22 (centre 21.5: the earlier, 21); B 23 with A 12 and 13 (12.5: 12)
        WarpPath w = path(new int[][] {{10, 20}, {11, 21}, {11, 22}, {12, 23}, {13, 23}, {14, 24}});
        assertThat(new int[] {w.bOf(10), w.bOf(11), w.bOf(12), w.bOf(13), w.bOf(14)}).containsExactly(20, 21, 23, 23, 24);
        assertThat(new int[] {w.aOf(20), w.aOf(21), w.aOf(22), w.aOf(23), w.aOf(24)}).containsExactly(10, 11, 11, 12, 14);
        // outside the path: the offset at its nearer end (B moves on at A's pace)
        assertThat(w.bOf(7)).isEqualTo(17);
        assertThat(w.bOf(20)).isEqualTo(30);
        assertThat(w.aOf(18)).isEqualTo(8);
        assertThat(w.aOf(26)).isEqualTo(16);
        assertThat(new int[] {w.firstA(), w.lastA(), w.firstB(), w.lastB()}).containsExactly(10, 14, 20, 24);
        assertThat(w.coversA(9)).isFalse();
        assertThat(w.coversA(14)).isTrue();
        // lag: (bOf(a) - 20) - (a - 10): B behind by one frame at A 12, level at A 13
        assertThat(new int[] {w.lagFrames(10), w.lagFrames(11), w.lagFrames(12), w.lagFrames(13), w.lagFrames(20)}).containsExactly(0, 0, 1, 0, 0);
    }

    @Test
    void framesLeftOutOfTheSequencesAreInterpolated() {
        // A 12 and 13 had no pose description (not on the path): between A 11 -> B 21 and A 14 -> B 27
        WarpPath w = path(new int[][] {{10, 20}, {11, 21}, {14, 27}});
        assertThat(new int[] {w.bOf(12), w.bOf(13)}).containsExactly(23, 25);
        // B 22..26 between B 21 -> A 11 and B 27 -> A 14, half a frame of A each: 11.5, 12, 12.5, 13, 13.5 (halves: the earlier)
        assertThat(new int[] {w.aOf(22), w.aOf(23), w.aOf(24), w.aOf(25), w.aOf(26)}).containsExactly(11, 12, 12, 13, 13);
    }

    @Test
    void theLagCountsFromTheRangesNotFromWhereTheDancerIsFirstSeen() {
        // both ranges start at frame 0 (the sync points); the dancers are first seen at A 3 and B 9
        WarpPath w = WarpPath.of(List.of(step(3, 9, 0, 0), step(4, 10, 0, 0), step(5, 11, 0, 0)));
        assertThat(w.firstA()).isEqualTo(3);
        assertThat(w.firstB()).isEqualTo(9);
        assertThat(new int[] {w.lagFrames(3), w.lagFrames(5), w.lagFrames(0)}).containsExactly(6, 6, 6);
    }

    @Test
    void lanesOverAsFramesAverageTheStepsOfAFrame() {
        List<PoseAlignment.Step> s = List.of(step(2, 5, 2, 5, 0.1, 0.3, Double.NaN), step(2, 6, 2, 5, 0.3, 0.5, Double.NaN),
                step(3, 7, 2, 5, 0.2, Double.NaN, Double.NaN));
        WarpPath w = WarpPath.of(s);
        float[] lag = w.lagLane(5);
        assertThat(Float.isNaN(lag[0]) && Float.isNaN(lag[1]) && Float.isNaN(lag[4])).isTrue();
        assertThat(lag[2]).isEqualTo(0.5f); // lags 0 and 1
        assertThat(lag[3]).isEqualTo(1f);
        List<WarpPath.JointGroup> groups = List.of(new WarpPath.JointGroup("x", new int[] {0, 1}), new WarpPath.JointGroup("never", new int[] {2}));
        float[][] dev = w.deviationLanes(groups, 5);
        assertThat(dev[0][2]).isCloseTo(0.3f, org.assertj.core.data.Offset.offset(1e-6f)); // (0.1 + 0.3 + 0.3 + 0.5) / 4
        assertThat(dev[0][3]).isCloseTo(0.2f, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(Float.isNaN(dev[0][0])).isTrue();
        assertThat(Float.isNaN(dev[1][2])).as("a joint neither pose had is missing, not 0").isTrue();
    }

    @Test
    void cocoJointsGroupIntoBodyParts() {
        List<WarpPath.JointGroup> g = WarpPath.JointGroup.of(SkeletonSchema.COCO_17.joints());
        assertThat(g).extracting(WarpPath.JointGroup::name).containsExactly("head", "left arm", "right arm", "torso", "left leg", "right leg");
        assertThat(g.get(0).joints()).containsExactly(0, 1, 2, 3, 4);
        assertThat(g.get(1).joints()).containsExactly(7, 9);
        assertThat(g.get(2).joints()).containsExactly(8, 10);
        assertThat(g.get(3).joints()).containsExactly(5, 6, 11, 12);
        assertThat(g.get(4).joints()).containsExactly(13, 15);
        assertThat(g.get(5).joints()).containsExactly(14, 16);
    }

    @Test
    void alignedPlaybackFollowsAKnownTimeWarpWithinOneFrame() {
        // A plays the movement at phase = frame; B's frame j shows phase warp(j): slower for 75 frames, then faster
        DoubleUnaryOperator warp = j -> j <= 75 ? 0.8 * j : 60 + 1.25 * (j - 75);
        int n = 121;
        int m = 124; // warp(123) = 120
        PoseAlignment.Side a = side(n, 100, j -> WarpedDancer.pose(1, j, 120, 300, 300));
        PoseAlignment.Side b = side(m, 40, j -> WarpedDancer.pose(1, warp.applyAsDouble(j), 80 + j * 0.2, 200 + j, 260));
        PoseAlignment.Result r = PoseAlignment.align(a, b, PoseAlignment.Settings.defaults(PoseAlignment.Method.DTW, Double.NaN), TaskContext.NONE);
        WarpPath w = WarpPath.of(r);
        // the inverse warp: A's phase p is shown by B at j = p / 0.8 up to 60, then 75 + (p - 60) / 1.25
        DoubleUnaryOperator inverse = p -> p <= 60 ? p / 0.8 : 75 + (p - 60) / 1.25;
        int worst = 0;
        for (int f = 0; f < n; f++) {
            int expected = 40 + (int) Math.round(inverse.applyAsDouble(f));
            worst = Math.max(worst, Math.abs(w.bOf(100 + f) - expected));
            assertThat(Math.abs(w.bOf(100 + f) - expected)).as("A frame %d", 100 + f).isLessThanOrEqualTo(1);
            assertThat(w.lagFrames(100 + f)).as("B behind, then catching up").isEqualTo(w.bOf(100 + f) - 40 - f);
        }
        for (int j = 0; j < m; j++) {
            assertThat(Math.abs(w.aOf(40 + j) - (100 + warp.applyAsDouble(j)))).as("B frame %d", 40 + j).isLessThanOrEqualTo(1.0);
        }
        // B is 15 frames behind where its tempo changes (A's phase 60 is B's frame 75)
        assertThat(w.lagFrames(160)).isBetween(14, 16);
        System.out.printf("aligned playback along a known warp: worst error %d frame(s) over %d A frames; lag at A's phase 60: %d frames%n", worst, n,
                w.lagFrames(160));
    }

    private static PoseAlignment.Side side(int frames, int first, java.util.function.IntFunction<Pose> pose) {
        TreeMap<Integer, Double> times = new TreeMap<>();
        Map<Integer, Pose> poses = new HashMap<>();
        for (int f = first; f < first + frames; f++) {
            times.put(f, f / 30.0);
            poses.put(f, pose.apply(f - first));
        }
        return new PoseAlignment.Side(times, poses, first / 30.0);
    }
}
