package org.dancelens.movement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.Pose;
import org.dancelens.core.SkeletonSchema;
import org.junit.jupiter.api.Test;

/** Tempo, synchrony, symmetry, energy and stillness, calibration: on generated dancers whose answers are known. */
class MovementTest {
    static final double FPS = 30;

    /** A standing COCO dancer whose left wrist moves along x by {@code dx(t)} pixels; every other joint is still. */
    static Map<Integer, Pose> wristMoving(int frames, double[] t, DoubleUnaryOperator dx) {
        Map<Integer, Pose> poses = new HashMap<>();
        for (int f = 0; f < frames; f++) {
            Map<String, double[]> b = Bodies.standing();
            b.get("left_wrist")[0] += dx.applyAsDouble(t[f]);
            poses.put(f, Bodies.pose(SkeletonSchema.COCO_17, b, null));
        }
        return poses;
    }

    @Test
    void aJointOnASinusoidGivesItsTempoWithinOneBpm() {
        // one beat per swing: a wrist swinging f times a second has a movement tempo of 2 f * 60 BPM
        for (double f : new double[] {0.45, 0.75, 0.9}) {
            int n = (int) (20 * FPS);
            double[] t = Bodies.times(n, FPS);
            Track track = Track.of(wristMoving(n, t, x -> 40 * Math.sin(2 * Math.PI * f * x)), t, 0.3);
            KinematicsResult r = Kinematics.measure(track, Kinematics.Options.DEFAULT);
            double expected = 2 * f * 60;
            assertThat(r.summary().get("tempo_bpm_median")).as("%s Hz", f).isCloseTo(expected, within(1.0));
            assertThat(r.tempo()).isNotEmpty();
            for (Tempo.Estimate e : r.tempo()) {
                if (e.start() > 0.5 && e.end() < t[n - 1] - 0.5) { // windows clear of the filter's gaps at the ends
                    assertThat(e.bpm()).isCloseTo(expected, within(1.0));
                    assertThat(e.strength()).isGreaterThan(0.9);
                }
            }
            assertThat(r.values("tempo_bpm")[n / 2]).isCloseTo(expected, within(1.0));
        }
    }

    @Test
    void theTempoHoldsOnAVariableFrameRate() {
        Random random = new Random(3);
        int n = 600;
        double[] t = new double[n];
        for (int i = 1; i < n; i++) {
            t[i] = t[i - 1] + (0.8 + 0.4 * random.nextDouble()) / FPS; // frame durations vary by up to 20 %
        }
        double f = 0.75;
        Track track = Track.of(wristMoving(n, t, x -> 40 * Math.sin(2 * Math.PI * f * x)), t, 0.3);
        KinematicsResult r = Kinematics.measure(track, Kinematics.Options.DEFAULT);
        assertThat(r.summary().get("tempo_bpm_median")).isCloseTo(90, within(1.0));
    }

    @Test
    void aStillDancerHasNoTempoAndIsStillThroughout() {
        int n = 300;
        double[] t = Bodies.times(n, FPS);
        KinematicsResult r = Kinematics.measure(Track.of(wristMoving(n, t, x -> 0), t, 0.3), Kinematics.Options.DEFAULT);
        assertThat(r.summary().get("tempo_bpm_median")).isNaN();
        assertThat(r.stillness()).hasSize(1);
        int h = SavitzkyGolay.forDuration(0.25, 1 / FPS, 3, SavitzkyGolay.Edges.GAP).window() / 2;
        assertThat(r.stillness().get(0).from()).isEqualTo(h); // the first sample with a speed
        assertThat(r.stillness().get(0).to()).isEqualTo(n - h);
    }

    @Test
    void stillnessIsFoundBetweenMovementsAndOnlyWhenLongEnough() {
        int n = 300; // 10 s: still 0-3 s, moving 3-6 s, still 6-6.3 s, moving 6.3-7 s, still 7-10 s
        double[] t = Bodies.times(n, FPS);
        DoubleUnaryOperator dx = x -> (x > 3 && x < 6) || (x > 6.3 && x < 7) ? 60 * Math.sin(2 * Math.PI * (x - 3)) : 0;
        KinematicsResult r = Kinematics.measure(Track.of(wristMoving(n, t, dx), t, 0.3), Kinematics.Options.DEFAULT);
        List<Energy.Segment> still = r.stillness();
        assertThat(still).hasSize(2);
        assertThat(still.get(0).end()).isBetween(2.7, 3.0);
        assertThat(still.get(1).start()).isBetween(7.0, 7.3);
        assertThat(r.summary().get("stillness_segments")).isEqualTo(2.0);
        assertThat(r.summary().get("stillness_seconds")).isCloseTo(still.get(0).duration() + still.get(1).duration(), within(1e-9));
        // energy is the mean squared speed of the twelve limb joints: only the wrist moves here
        double[] energy = r.values("energy");
        double[] wrist = r.values("speed.left_wrist");
        assertThat(energy[135]).isCloseTo(wrist[135] * wrist[135] / 12, within(1e-6));
        assertThat(r.values("quantity_of_motion")[135]).isCloseTo(wrist[135] / 12, within(1e-9));
        // a speed is |velocity|: 60 * 2 pi * |cos| at most (away from the jumps at 3, 6 and 6.3 s)
        assertThat(Stats.percentile(java.util.Arrays.copyOfRange(wrist, 100, 170), 100)).isCloseTo(60 * 2 * Math.PI, within(2.0));
    }

    @Test
    void synchronyFindsTheLagBetweenTwoShiftedCopies() {
        int n = 600;
        double[] t = Bodies.times(n, FPS);
        // a movement that does not repeat: bumps of random heights at random times
        Random random = new Random(11);
        double[] centres = new double[40];
        double[] heights = new double[40];
        for (int k = 0; k < 40; k++) {
            centres[k] = 0.5 * k + 0.3 * random.nextDouble();
            heights[k] = 20 + 40 * random.nextDouble();
        }
        DoubleUnaryOperator move = x -> {
            double s = 0;
            for (int k = 0; k < 40; k++) {
                s += heights[k] * Math.exp(-(x - centres[k]) * (x - centres[k]) / (2 * 0.15 * 0.15));
            }
            return s;
        };
        double lag = 0.4; // dancer B does the same 0.4 s later
        KinematicsResult a = Kinematics.measure(Track.of(wristMoving(n, t, move), t, 0.3), Kinematics.Options.DEFAULT);
        KinematicsResult b = Kinematics.measure(Track.of(wristMoving(n, t, x -> move.applyAsDouble(x - lag)), t, 0.3), Kinematics.Options.DEFAULT);
        List<Synchrony.Window> windows = Kinematics.synchrony(a, b, "energy", Synchrony.Options.DEFAULT);
        assertThat(windows).isNotEmpty();
        int checked = 0;
        for (Synchrony.Window w : windows) {
            if (Double.isFinite(w.peak())) {
                assertThat(w.lagSeconds()).isCloseTo(lag, within(0.5 / FPS));
                assertThat(w.peak()).isGreaterThan(0.99);
                assertThat(w.zeroLag()).isLessThan(w.peak());
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(windows.size() / 2);
        // and the other way round: A follows B by -0.4 s
        Synchrony.Window reverse = Kinematics.synchrony(b, a, "energy", Synchrony.Options.DEFAULT).get(10);
        assertThat(reverse.lagSeconds()).isCloseTo(-lag, within(0.5 / FPS));
    }

    @Test
    void unisonHasLagZeroOnAJointAngle() {
        int n = 300;
        double[] t = Bodies.times(n, FPS);
        DoubleUnaryOperator move = x -> 30 * Math.sin(2 * Math.PI * 0.8 * x) + 10 * Math.sin(2 * Math.PI * 1.7 * x);
        KinematicsResult a = Kinematics.measure(Track.of(wristMoving(n, t, move), t, 0.3), Kinematics.Options.DEFAULT);
        List<Synchrony.Window> w = Kinematics.synchrony(a, a, "angle.left_elbow", new Synchrony.Options(3, 1, 1));
        // the peak is at lag 0; the parabola through the neighbours (windows of different content) moves it a hair
        assertThat(w.get(2).lagSeconds()).isCloseTo(0, within(0.05 / FPS));
        assertThat(w.get(2).peak()).isCloseTo(1, within(1e-9));
    }

    @Test
    void aMirroredPairHasSymmetryIndexZeroAndAnUnevenOneItsWorkedValue() {
        assertThat(Symmetry.index(110, 90)).isCloseTo(20, within(1e-12)); // (110 - 90) / 100 * 100
        assertThat(Symmetry.index(90, 110)).isCloseTo(-20, within(1e-12));
        assertThat(Symmetry.index(Double.NaN, 1)).isNaN();
        assertThat(Symmetry.index(0, 0)).isNaN();
        // both wrists move as mirror images about x = 200
        int n = 150;
        double[] t = Bodies.times(n, FPS);
        Map<Integer, Pose> poses = new HashMap<>();
        for (int f = 0; f < n; f++) {
            Map<String, double[]> b = Bodies.standing();
            double dx = 40 * Math.sin(2 * Math.PI * 0.5 * t[f]);
            double dy = -30 * Math.sin(2 * Math.PI * 0.3 * t[f]);
            b.get("left_wrist")[0] += dx;
            b.get("right_wrist")[0] -= dx;
            b.get("left_wrist")[1] += dy;
            b.get("right_wrist")[1] += dy;
            poses.put(f, Bodies.pose(SkeletonSchema.COCO_17, b, null));
        }
        KinematicsResult r = Kinematics.measure(Track.of(poses, t, 0.3), Kinematics.Options.DEFAULT);
        double[] si = r.values("symmetry.elbow");
        for (int i = 0; i < n; i++) {
            assertThat(si[i]).isCloseTo(0, within(1e-3));
        }
        assertThat(r.summary().get("symmetry_speed.wrist")).isCloseTo(0, within(1e-4)); // keypoints are floats
        assertThat(r.summary().get("symmetry_rom.elbow")).isCloseTo(0, within(1e-3));
        assertThat(r.summary().get("mean_speed.left_wrist")).isGreaterThan(10);
    }

    @Test
    void aCalibrationTurnsPixelsIntoMetres() {
        int n = 120;
        double[] t = Bodies.times(n, FPS);
        Track track = Track.of(wristMoving(n, t, x -> 40 * Math.sin(2 * Math.PI * 0.5 * x)), t, 0.3);
        KinematicsResult px = Kinematics.measure(track, Kinematics.Options.DEFAULT);
        Calibration c = Calibration.fromKnownLength(360, 1.8); // the dancer is 360 px and 1.8 m tall
        KinematicsResult m = Kinematics.measure(track, Kinematics.Options.DEFAULT.withCalibration(c));
        assertThat(c.metresPerPixel()).isCloseTo(0.005, within(1e-15));
        assertThat(m.unit("speed.left_wrist")).isEqualTo("m/s");
        assertThat(px.unit("speed.left_wrist")).isEqualTo("px/s");
        assertThat(m.values("speed.left_wrist")[60]).isCloseTo(px.values("speed.left_wrist")[60] * 0.005, within(1e-9));
        assertThat(m.values("com.y")[60]).isCloseTo(px.values("com.y")[60] * 0.005, within(1e-9));
        assertThat(m.values("angle.left_elbow")[60]).isEqualTo(px.values("angle.left_elbow")[60]);
        assertThatThrownBy(() -> Calibration.fromKnownLength(0, 1.8)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void badInputIsRefusedInOneSentence() {
        double[] t = Bodies.times(10, FPS);
        Map<Integer, Pose> one = Map.of(0, Bodies.pose(SkeletonSchema.COCO_17, Bodies.standing(), null));
        assertThatThrownBy(() -> Track.of(one, t, 0.3)).isInstanceOf(DanceLensException.class).hasMessageContaining("at least two frames");
        Map<Integer, Pose> mixed = Map.of(0, Bodies.pose(SkeletonSchema.COCO_17, Bodies.standing(), null), 1,
                Bodies.pose(SkeletonSchema.BLAZEPOSE_33, Bodies.standing(), null));
        assertThatThrownBy(() -> Track.of(mixed, t, 0.3)).hasMessageContaining("one skeleton");
        Map<Integer, Pose> two = wristMoving(2, t, x -> 0);
        double[] backwards = {0.1, 0.05};
        assertThatThrownBy(() -> Track.of(two, backwards, 0.3)).hasMessageContaining("must increase");
        Track noWorld = Track.of(two, t, 0.3);
        assertThatThrownBy(() -> Kinematics.measure(noWorld, Kinematics.Options.DEFAULT.withSpace(Space.WORLD))).isInstanceOf(DanceLensException.class)
                .hasMessageContaining("no world");
        KinematicsResult r = Kinematics.measure(noWorld, Kinematics.Options.DEFAULT);
        assertThatThrownBy(() -> r.values("speed.left_toe")).hasMessageStartingWith("No kinematic series is called speed.left_toe");
    }
}
