package org.dancelens.pose;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;
import org.dancelens.core.SkeletonSchema;
import org.junit.jupiter.api.Test;

/** Hungarian assignment, One Euro smoothing, and identities through crossings and occlusions with known truth. */
class TrackingTest {

    @Test
    void hungarianFindsTheMinimumCostAssignment() {
        double[][] c = {{4, 1, 3}, {2, 0, 5}, {3, 2, 2}};
        int[] a = Hungarian.solve(c);
        // Optimal: row0->1 (1), row1->0 (2), row2->2 (2) = 5.
        assertThat(a).containsExactly(1, 0, 2);
        // More rows than columns: one row stays unassigned.
        int[] b = Hungarian.solve(new double[][] {{1, 9}, {9, 1}, {5, 5}});
        assertThat(b).containsExactly(0, 1, -1);
        // Brute force agreement on random 5x5 matrices.
        Random r = new Random(3);
        for (int trial = 0; trial < 50; trial++) {
            double[][] m = new double[5][5];
            for (double[] row : m) {
                for (int j = 0; j < 5; j++) {
                    row[j] = r.nextInt(100);
                }
            }
            int[] h = Hungarian.solve(m);
            double got = 0;
            for (int i = 0; i < 5; i++) {
                got += m[i][h[i]];
            }
            assertThat(got).isEqualTo(bruteForce(m, 0, new boolean[5]));
        }
    }

    private static double bruteForce(double[][] m, int row, boolean[] used) {
        if (row == m.length) {
            return 0;
        }
        double best = Double.MAX_VALUE;
        for (int j = 0; j < m.length; j++) {
            if (!used[j]) {
                used[j] = true;
                best = Math.min(best, m[row][j] + bruteForce(m, row + 1, used));
                used[j] = false;
            }
        }
        return best;
    }

    @Test
    void oneEuroSmoothsJitterAtRestAndFollowsFastMoves() {
        OneEuroFilter f = new OneEuroFilter(1.0, 0.05, 1.0);
        Random r = new Random(1);
        double rawVar = 0;
        double outVar = 0;
        for (int i = 0; i < 300; i++) {
            double x = 100 + r.nextGaussian() * 2;
            double y = f.filter(x, i / 30.0);
            if (i > 30) {
                rawVar += (x - 100) * (x - 100);
                outVar += (y - 100) * (y - 100);
            }
        }
        assertThat(Math.sqrt(outVar / rawVar)).as("jitter left at rest, as a fraction of the raw jitter").isLessThan(0.6);
        // A fast linear move (300 px/s): the filter keeps up within a few pixels.
        OneEuroFilter g = new OneEuroFilter(1.0, 0.05, 1.0);
        double lag = 0;
        for (int i = 0; i < 60; i++) {
            double x = i * 10.0;
            lag = x - g.filter(x, i / 30.0);
        }
        assertThat(lag).isBetween(0.0, 10.0);
    }

    /** A stick figure of height 200 px centred at (cx, cy). */
    static Pose person(float cx, float cy) {
        return person(cx, cy, 0.9f);
    }

    /** The score doubles as a ground-truth tag in the tests. */
    static Pose person(float cx, float cy, float score) {
        List<Keypoint> k = new ArrayList<>();
        float[][] offsets = {{0, -90}, {-5, -95}, {5, -95}, {-10, -92}, {10, -92}, {-25, -60}, {25, -60}, {-35, -20},
            {35, -20}, {-40, 15}, {40, 15}, {-15, 10}, {15, 10}, {-15, 55}, {15, 55}, {-15, 100}, {15, 100}};
        for (float[] o : offsets) {
            k.add(new Keypoint(cx + o[0], cy + o[1], 0.9f));
        }
        return new Pose(-1, SkeletonSchema.COCO_17, k, new float[] {cx - 45, cy - 100, cx + 45, cy + 105}, score, null);
    }

    @Test
    void identitiesSurviveCrossingAndOcclusion() {
        PoseTracker tracker = new PoseTracker(PoseTracker.Settings.defaults(30));
        Map<Integer, Integer> truthToTrack = new HashMap<>();
        int switches = 0;
        List<PoseTracker.Emission> all = new ArrayList<>();
        for (int f = 0; f < 120; f++) {
            // Dancer A walks right, dancer B walks left; they cross around frame 60. B is hidden during 70..77.
            List<Pose> dets = new ArrayList<>();
            dets.add(person(100 + f * 5, 300, 0.91f));
            if (f < 70 || f > 77) {
                dets.add(person(700 - f * 5, 320, 0.92f));
            }
            java.util.Collections.shuffle(dets, new Random(f));
            all.addAll(tracker.update(f, dets));
        }
        all.addAll(tracker.flush());
        assertThat(all).hasSize(120);
        for (PoseTracker.Emission e : all) {
            for (Pose p : e.poses()) {
                int truth = p.score() < 0.915f ? 0 : 1; // the tag each dancer's detections carry
                Integer prev = truthToTrack.put(truth, p.trackId());
                if (prev != null && prev != p.trackId()) {
                    switches++;
                }
            }
        }
        assertThat(switches).as("identity switches").isZero();
        assertThat(truthToTrack.values()).doesNotHaveDuplicates();
        // Both dancers are present from frame 0 (births are confirmed retroactively).
        assertThat(all.get(0).poses()).hasSize(2);
        // During the occlusion only A is there.
        assertThat(all.get(73).poses()).hasSize(1);
    }

    @Test
    void aOneFrameFalseDetectionNeverBecomesATrack() {
        PoseTracker tracker = new PoseTracker(PoseTracker.Settings.defaults(30));
        List<PoseTracker.Emission> all = new ArrayList<>();
        for (int f = 0; f < 30; f++) {
            List<Pose> dets = new ArrayList<>(List.of(person(200, 300)));
            if (f == 10) {
                dets.add(person(600, 100));
            }
            all.addAll(tracker.update(f, dets));
        }
        all.addAll(tracker.flush());
        assertThat(all).allSatisfy(e -> assertThat(e.poses()).hasSize(1));
        assertThat(all.stream().flatMap(e -> e.poses().stream()).map(Pose::trackId).distinct()).containsExactly(1);
    }
}
