package org.dancelens.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.DoubleUnaryOperator;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;
import org.dancelens.core.SkeletonSchema;
import org.dancelens.core.TaskContext;
import org.junit.jupiter.api.Test;

/**
 * Closed forms of the dancer-against-a-reference alignment: DTW on hand-worked sequences, a pose and a moved and scaled
 * copy of it, missing joints, and a movement played at another tempo whose warp DTW must recover within one frame.
 */
class PoseAlignmentTest {
    private static final SkeletonSchema COCO = SkeletonSchema.COCO_17;

    /** A COCO-17 pose at movement phase {@code phase}: torso fixed, limbs moving along distinct curves (no phase repeats). */
    static double[][] body(double phase) {
        return org.dancelens.testsupport.WarpedDancer.body(phase);
    }

    /** The body placed in the picture: scaled by {@code scale} pixels per torso length, moved to (x, y), all joints seen. */
    static Pose pose(double[][] body, double scale, double x, double y) {
        List<Keypoint> kps = new ArrayList<>();
        for (double[] k : body) {
            kps.add(new Keypoint((float) (x + scale * k[0]), (float) (y + scale * k[1]), 0.9f));
        }
        return new Pose(0, COCO, kps, null, 0.9f, null);
    }

    static Pose withScore(Pose p, int joint, float score) {
        List<Keypoint> k = new ArrayList<>(p.keypoints());
        k.set(joint, new Keypoint(k.get(joint).x(), k.get(joint).y(), score));
        return p.withKeypoints(k);
    }

    static PoseAlignment.Side side(int frames, double fps, int firstFrame, java.util.function.IntFunction<Pose> pose) {
        TreeMap<Integer, Double> times = new TreeMap<>();
        Map<Integer, Pose> poses = new HashMap<>();
        for (int f = firstFrame; f < firstFrame + frames; f++) {
            times.put(f, f / fps);
            Pose p = pose.apply(f - firstFrame);
            if (p != null) {
                poses.put(f, p);
            }
        }
        return new PoseAlignment.Side(times, poses, firstFrame / fps);
    }

    @Test
    void dtwOfHandWorkedSequences() {
        double[] a = {0, 1, 2};
        double[] b = {0, 0, 1, 2};
        Dtw.Result r = Dtw.align(3, 4, (i, j) -> Math.abs(a[i] - b[j]), Double.NaN, TaskContext.NONE);
        assertThat(r.total()).isZero();
        assertThat(r.path()).containsExactly(new int[] {0, 0}, new int[] {0, 1}, new int[] {1, 2}, new int[] {2, 3});
        // D(0,0) = 2|0-1| = 2, D(1,0) = 2 + |2-1| = 3; normalised by n + m = 3
        double[] c = {0, 2};
        Dtw.Result s = Dtw.align(2, 1, (i, j) -> Math.abs(c[i] - 1), Double.NaN, TaskContext.NONE);
        assertThat(s.total()).isEqualTo(3.0);
        assertThat(s.normalised()).isEqualTo(1.0);
        // the diagonal costs 2c, a detour c + c: with c = [[1, 5], [5, 1]] the diagonal gives 2 + 2 = 4, the detours 2 + 5 + 1 = 8
        double[][] m = {{1, 5}, {5, 1}};
        Dtw.Result d = Dtw.align(2, 2, (i, j) -> m[i][j], Double.NaN, TaskContext.NONE);
        assertThat(d.total()).isEqualTo(4.0);
        assertThat(d.path()).hasSize(2);
    }

    @Test
    void tooLongSequencesAreRefusedInOneSentence() {
        assertThatThrownBy(() -> Dtw.align(10_000, 10_000, (i, j) -> 0, Double.NaN, TaskContext.NONE)).isInstanceOf(DanceLensException.class)
                .hasMessage("The sequences have 10000 and 10000 frames, more than time warping can hold in memory (at most 60 million frame pairs):"
                        + " compare shorter ranges.");
    }

    @Test
    void aMovedAndScaledCopyIsAtDistanceZeroAndAMirroredCopyWhenMirrored() {
        double[][] b = body(37);
        List<String> joints = COCO.joints();
        double[][] da = PoseDescription.describe(pose(b, 120, 300, 200), joints, 0.3, false);
        double[][] db = PoseDescription.describe(pose(b, 47.5, 610, 90), joints, 0.3, false);
        assertThat(PoseDescription.distance(da, db, 6, 1.0)).isCloseTo(0, offset(1e-6));
        // the description itself: the left elbow relative to the hips in torso lengths
        assertThat(da[7][0]).isCloseTo(b[7][0], offset(1e-5));
        assertThat(da[7][1]).isCloseTo(b[7][1], offset(1e-5));

        // mirrored in the picture (x negated) with left and right swapped, as a dancer facing the other way
        double[][] m = new double[17][];
        for (int j = 0; j < 17; j++) {
            String name = joints.get(j);
            String other = name.startsWith("left_") ? "right_" + name.substring(5) : name.startsWith("right_") ? "left_" + name.substring(6) : name;
            double[] src = b[joints.indexOf(other)];
            m[j] = new double[] {-src[0], src[1]};
        }
        Pose mirrored = pose(m, 80, 500, 300);
        assertThat(PoseDescription.distance(da, PoseDescription.describe(mirrored, joints, 0.3, false), 6, 1.0)).as("not mirrored: different").isGreaterThan(0.05);
        assertThat(PoseDescription.distance(da, PoseDescription.describe(mirrored, joints, 0.3, true), 6, 1.0)).isCloseTo(0, offset(1e-6));
    }

    @Test
    void missingJointsAreLeftOutNotTakenForZeros() {
        double[][] b = body(10);
        List<String> joints = COCO.joints();
        Pose a = pose(b, 100, 200, 200);
        // B's left wrist is far off but unseen (confidence 0.1): it must not count
        double[][] moved = b.clone();
        moved[9] = new double[] {5, 5};
        Pose bp = withScore(pose(moved, 100, 200, 200), 9, 0.1f);
        double[][] da = PoseDescription.describe(a, joints, 0.3, false);
        double[][] db = PoseDescription.describe(bp, joints, 0.3, false);
        assertThat(db[9][0]).isNaN();
        double[] dev = new double[17];
        assertThat(PoseDescription.jointDistances(da, db, dev)).isEqualTo(16);
        assertThat(dev[9]).isNaN();
        assertThat(PoseDescription.distance(da, db, 6, 1.0)).isCloseTo(0, offset(1e-6));
        // seen, it counts: 1/17 of its distance from the true wrist
        double[][] dc = PoseDescription.describe(pose(moved, 100, 200, 200), joints, 0.3, false);
        assertThat(PoseDescription.distance(da, dc, 6, 1.0)).isCloseTo(Math.hypot(5 - b[9][0], 5 - b[9][1]) / 17, offset(1e-5));

        // without a seen hip there is no centre: no description
        assertThat(PoseDescription.describe(withScore(a, 11, 0.2f), joints, 0.3, false)).isNull();
        // two frames sharing fewer joints than the minimum cost the penalty
        Pose few = a;
        for (int j : new int[] {0, 1, 2, 3, 4, 7, 8, 9, 10, 13, 14, 15}) {
            few = withScore(few, j, 0f);
        }
        double[][] df = PoseDescription.describe(few, joints, 0.3, false); // torso + right ankle: 5 joints
        assertThat(PoseDescription.distance(da, df, 6, 1.0)).isEqualTo(1.0);
        assertThat(PoseDescription.distance(da, df, 5, 1.0)).isCloseTo(0, offset(1e-6));

        // in a sequence: frames whose torso is not seen are left out and counted
        PoseAlignment.Side sa = side(30, 25, 0, i -> pose(body(i), 100, 300, 300));
        PoseAlignment.Side sb = side(30, 25, 0, i -> i % 5 == 0 ? withScore(pose(body(i), 60, 100, 100), 12, 0.05f) : pose(body(i), 60, 100, 100));
        PoseAlignment.Result r = PoseAlignment.align(sa, sb, PoseAlignment.Settings.defaults(PoseAlignment.Method.FRAMES, Double.NaN), TaskContext.NONE);
        assertThat(r.summary().usedB()).isEqualTo(24);
        assertThat(r.summary().steps()).isEqualTo(24);
        assertThat(r.steps()).allSatisfy(s -> {
            assertThat(s.bFrame()).isEqualTo(s.aFrame());
            assertThat(s.cost()).isCloseTo(0, offset(1e-5));
        });
    }

    /** B is A's movement played at 0.8x for its first half and 1.25x for its second, each frame moved and scaled differently. */
    @Test
    void dtwRecoversAKnownTimeWarpWithinOneFrame() {
        int n = 121; // A: phases 0..120, one a frame
        DoubleUnaryOperator warp = j -> j <= 75 ? 0.8 * j : 60 + 1.25 * (j - 75); // B's frame j shows phase warp(j)
        int m = 124; // warp(123) = 120
        Random rnd = new Random(3);
        double[][] place = new double[m][];
        for (int j = 0; j < m; j++) {
            place[j] = new double[] {40 + 80 * rnd.nextDouble(), 100 + 500 * rnd.nextDouble(), 100 + 300 * rnd.nextDouble()};
        }
        PoseAlignment.Side a = side(n, 30, 100, i -> pose(body(i), 110, 400, 300));
        PoseAlignment.Side b = side(m, 30, 0, j -> pose(body(warp.applyAsDouble(j)), place[j][0], place[j][1], place[j][2]));
        for (double window : new double[] {Double.NaN, 0.2}) {
            PoseAlignment.Result r = PoseAlignment.align(a, b, PoseAlignment.Settings.defaults(PoseAlignment.Method.DTW, window), TaskContext.NONE);
            for (PoseAlignment.Step s : r.steps()) {
                double phaseA = s.aFrame() - 100;
                assertThat(Math.abs(phaseA - warp.applyAsDouble(s.bFrame()))).as("A %d with B %d (window %s)", s.aFrame(), s.bFrame(), window)
                        .isLessThanOrEqualTo(1.0);
            }
            // B falls behind by 15 frames at the switch (frame 75 shows phase 60), then catches up to 3 frames at the end
            int maxLag = r.steps().stream().mapToInt(PoseAlignment.Step::lagFrames).max().orElseThrow();
            assertThat(maxLag).isBetween(14, 16);
            PoseAlignment.Step last = r.steps().get(r.steps().size() - 1);
            assertThat(last.lagFrames()).isEqualTo(3);
            assertThat(last.lagS()).isCloseTo(3 / 30.0, offset(1e-9));
            assertThat(r.summary().usedA()).isEqualTo(n);
            assertThat(r.summary().normalisedCost()).isLessThan(0.02);
        }
    }

    @Test
    void frameByFrameAcrossFrameRatesPairsTheNearestTimeAfterTheSyncPoints() {
        // A at 30 fps from its frame 30 (sync 1 s), B at 25 fps from its frame 0: the same movement by time
        PoseAlignment.Side a = side(60, 30, 30, i -> pose(body(i / 30.0 * 10), 100, 300, 300));
        PoseAlignment.Side b = side(50, 25, 0, j -> pose(body(j / 25.0 * 10), 70, 200, 250));
        PoseAlignment.Result r = PoseAlignment.align(a, b, PoseAlignment.Settings.defaults(PoseAlignment.Method.FRAMES, Double.NaN), TaskContext.NONE);
        assertThat(r.steps()).hasSize(60);
        for (PoseAlignment.Step s : r.steps()) {
            double t = (s.aFrame() - 30) / 30.0;
            assertThat(Math.abs(s.bFrame() - t * 25)).as("B's nearest frame").isLessThanOrEqualTo(0.5 + 1e-9);
            if (Math.abs(t * 25 - Math.floor(t * 25) - 0.5) < 1e-9) {
                assertThat(s.bFrame()).as("a tie goes to the earlier frame").isEqualTo((int) Math.floor(t * 25));
            }
            assertThat(Math.abs(s.lagS())).isLessThanOrEqualTo(0.5 / 25 + 1e-9);
        }
        // a movement 10 phase units a second, 1/50 s apart at most: small but not zero
        assertThat(r.summary().meanStepCost()).isBetween(0.0, 0.05);
    }

    @Test
    void theWindowKeepsThePathInTheBand() {
        PoseAlignment.Side a = side(200, 30, 0, i -> pose(body(i), 100, 300, 300));
        PoseAlignment.Side b = side(150, 30, 0, j -> pose(body(j * 1.6), 100, 300, 300));
        double window = 0.05;
        PoseAlignment.Result r = PoseAlignment.align(a, b, PoseAlignment.Settings.defaults(PoseAlignment.Method.DTW, window), TaskContext.NONE);
        double slope = 149.0 / 199.0;
        double band = Math.ceil(window * 200);
        assertThat(r.steps()).allSatisfy(s -> assertThat(Math.abs(s.bFrame() - s.aFrame() * slope)).isLessThanOrEqualTo(band));
        assertThat(r.steps().get(0).aFrame()).isZero();
        assertThat(r.steps().get(r.steps().size() - 1).bFrame()).isEqualTo(149);
    }

    @Test
    void theMomentsOfLargestDifferenceAreRankedAndApart() {
        // B equals A except at frames 20 and 60 (right wrist lifted 1 and 2 torso lengths), and at 21 (a little less)
        PoseAlignment.Side a = side(90, 30, 0, i -> pose(body(i), 100, 300, 300));
        PoseAlignment.Side b = side(90, 30, 0, i -> {
            double[][] k = body(i);
            double lift = i == 60 ? 2 : i == 20 ? 1 : i == 21 ? 0.9 : 0;
            k[10] = new double[] {k[10][0], k[10][1] - lift};
            return pose(k, 100, 300, 300);
        });
        PoseAlignment.Result r = PoseAlignment.align(a, b, PoseAlignment.Settings.defaults(PoseAlignment.Method.FRAMES, Double.NaN), TaskContext.NONE);
        List<PoseAlignment.Moment> ms = r.moments();
        assertThat(ms.get(0).step().aFrame()).isEqualTo(60);
        assertThat(ms.get(0).worstJoint()).isEqualTo("right_wrist");
        assertThat(ms.get(0).worstDeviation()).isCloseTo(2, offset(1e-5));
        assertThat(ms.get(0).step().cost()).isCloseTo(2.0 / 17, offset(1e-5));
        assertThat(ms.get(1).step().aFrame()).isEqualTo(20);
        assertThat(ms).extracting(x -> x.step().aFrame()).as("frame 21 is within a second of 20").doesNotContain(21);
        assertThat(ms).extracting(PoseAlignment.Moment::rank).startsWith(1, 2);
        assertThat(r.summary().meanJointDeviation()[10]).isCloseTo(3.9 / 90, offset(1e-5));
    }

    /** The alignment's time on a realistic length: 795 x 795 frames (vtest.avi's length), COCO-17, no window and a 0.1 window. */
    @Test
    void timeOnARealisticLength() {
        Random rnd = new Random(5);
        PoseAlignment.Side a = side(795, 10, 0, i -> pose(body(i * 0.5), 100, 300, 300));
        PoseAlignment.Side b = side(795, 10, 0, j -> pose(body(j * 0.5 + 3 * Math.sin(j / 30.0)), 50 + 60 * rnd.nextDouble(), 300, 300));
        for (double window : new double[] {Double.NaN, 0.1}) {
            long best = Long.MAX_VALUE;
            PoseAlignment.Result r = null;
            for (int rep = 0; rep < 3; rep++) {
                long t0 = System.nanoTime();
                r = PoseAlignment.align(a, b, PoseAlignment.Settings.defaults(PoseAlignment.Method.DTW, window), TaskContext.NONE);
                best = Math.min(best, System.nanoTime() - t0);
            }
            System.out.printf("DTW 795 x 795 frames, COCO-17, window %s: %.1f ms (best of 3), %d steps%n", window, best / 1e6, r.steps().size());
            assertThat(r.steps().size()).isBetween(795, 795 * 2 - 1);
        }
    }
}
