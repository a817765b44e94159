package org.dancelens.movement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import org.dancelens.core.Pose;
import org.dancelens.core.SkeletonSchema;
import org.junit.jupiter.api.Test;

/** Joint angles on postures and movements whose angles are known, in 2D and 3D, for both skeletons. */
class JointAngleTest {
    static final double FPS = 30;
    static final double OMEGA = 40; // deg/s

    /**
     * A forearm rotating about a fixed elbow at 40 deg/s: the forearm's direction is phi(t) = 30 + 40 t degrees, the
     * upper arm points along phi = 180, so the elbow angle is 150 - 40 t and its angular velocity -40 deg/s.
     */
    static Map<Integer, Pose> rotatingForearm(SkeletonSchema schema, boolean world, int frames) {
        Map<Integer, Pose> poses = new HashMap<>();
        for (int f = 0; f < frames; f++) {
            double phi = Math.toRadians(30 + OMEGA * f / FPS);
            Map<String, double[]> img = Bodies.standing();
            img.put("left_elbow", new double[] {300, 200});
            img.put("left_shoulder", new double[] {200, 200});
            img.put("left_wrist", new double[] {300 + 80 * Math.cos(phi), 200 + 80 * Math.sin(phi)});
            Map<String, double[]> w = null;
            if (world) { // the forearm turns in a plane tilted 30 degrees out of the image plane
                w = new HashMap<>();
                w.put("left_elbow", new double[] {0.1, -0.2, 0.05});
                w.put("left_shoulder", new double[] {-0.2, -0.2, 0.05});
                double c = Math.cos(Math.toRadians(30));
                double s = Math.sin(Math.toRadians(30));
                w.put("left_wrist", new double[] {0.1 + 0.25 * Math.cos(phi), -0.2 + 0.25 * Math.sin(phi) * c, 0.05 + 0.25 * Math.sin(phi) * s});
            }
            poses.put(f, Bodies.pose(schema, img, w));
        }
        return poses;
    }

    @Test
    void aLimbRotatingAtAKnownAngularVelocityIsRecoveredIn2D() {
        Track track = Track.of(rotatingForearm(SkeletonSchema.COCO_17, false, 90), Bodies.times(90, FPS), 0.3);
        KinematicsResult r = Kinematics.measure(track, Kinematics.Options.DEFAULT);
        double[] angle = r.values("angle.left_elbow");
        double[] velocity = r.values("angular_velocity.left_elbow");
        double[] acc = r.values("angular_acceleration.left_elbow");
        int h = SavitzkyGolay.forDuration(0.25, 1 / FPS, 3, SavitzkyGolay.Edges.GAP).window() / 2;
        for (int i = 0; i < 90; i++) {
            assertThat(angle[i]).isCloseTo(150 - OMEGA * i / FPS, within(1e-3)); // float keypoints
            if (i >= h && i < 90 - h) {
                assertThat(velocity[i]).isCloseTo(-OMEGA, within(0.05));
                assertThat(acc[i]).isCloseTo(0, within(2.0));
            } else {
                assertThat(velocity[i]).as("the window does not fit at the ends").isNaN();
            }
        }
        assertThat(r.unit("angular_velocity.left_elbow")).isEqualTo("deg/s");
        RangeOfMotion rom = RangeOfMotion.of(angle);
        // 150 - 40 t for t = 0 .. 89/30: min 150 - 118.67, percentiles by linear interpolation of equally spaced values
        assertThat(rom.max()).isCloseTo(150, within(1e-3));
        assertThat(rom.min()).isCloseTo(150 - OMEGA * 89 / FPS, within(1e-3));
        assertThat(rom.range()).isCloseTo(0.9 * OMEGA * 89 / FPS, within(1e-3));
        assertThat(r.summary().get("rom.left_elbow.range")).isCloseTo(rom.range(), within(1e-9));
    }

    @Test
    void aLimbRotatingAtAKnownAngularVelocityIsRecoveredIn3DOnBlazePose() {
        Track track = Track.of(rotatingForearm(SkeletonSchema.BLAZEPOSE_33, true, 90), Bodies.times(90, FPS), 0.3);
        assertThat(track.hasWorld()).isTrue();
        KinematicsResult r = Kinematics.measure(track, Kinematics.Options.DEFAULT.withSpace(Space.WORLD));
        double[] angle = r.values("angle.left_elbow");
        double[] velocity = r.values("angular_velocity.left_elbow");
        assertThat(angle[45]).isCloseTo(150 - OMEGA * 45 / FPS, within(1e-3));
        assertThat(velocity[45]).isCloseTo(-OMEGA, within(0.05));
        assertThat(r.lengthUnit()).isEqualTo("m");
        // the 2D angle of the tilted world forearm would differ; the image one here is the same construction
        KinematicsResult image = Kinematics.measure(track, Kinematics.Options.DEFAULT);
        assertThat(image.values("angle.left_elbow")[45]).isCloseTo(150 - OMEGA * 45 / FPS, within(1e-3));
    }

    @Test
    void theStandingPostureAndALeanHaveTheirKnownAngles() {
        Map<String, double[]> tpose = new HashMap<>();
        tpose.put("left_shoulder", new double[] {230, 150});
        tpose.put("right_shoulder", new double[] {170, 150});
        tpose.put("left_elbow", new double[] {290, 150}); // arm raised level
        tpose.put("left_wrist", new double[] {350, 150}); // straight
        tpose.put("right_elbow", new double[] {170, 210}); // arm hanging
        tpose.put("right_wrist", new double[] {230, 210}); // forearm bent 90 degrees
        tpose.put("left_hip", new double[] {230, 280});
        tpose.put("right_hip", new double[] {170, 280});
        tpose.put("left_knee", new double[] {230, 370});
        tpose.put("left_ankle", new double[] {230, 460});
        tpose.put("right_knee", new double[] {260, 370}); // thigh 90 + atan(30/90) from the trunk... see below
        tpose.put("right_ankle", new double[] {260, 460});
        tpose.put("nose", new double[] {200, 100});
        Map<Integer, Pose> poses = Map.of(0, Bodies.pose(SkeletonSchema.COCO_17, tpose, null), 1, Bodies.pose(SkeletonSchema.COCO_17, tpose, null));
        Track track = Track.of(poses, Bodies.times(2, FPS), 0.3);
        assertThat(JointAngle.LEFT_SHOULDER.compute(track, Space.IMAGE)[0]).isCloseTo(90, within(1e-6));
        assertThat(JointAngle.LEFT_ELBOW.compute(track, Space.IMAGE)[0]).isCloseTo(180, within(1e-6));
        assertThat(JointAngle.RIGHT_SHOULDER.compute(track, Space.IMAGE)[0]).isCloseTo(0, within(1e-6));
        assertThat(JointAngle.RIGHT_ELBOW.compute(track, Space.IMAGE)[0]).isCloseTo(90, within(1e-6));
        assertThat(JointAngle.LEFT_HIP.compute(track, Space.IMAGE)[0]).isCloseTo(180, within(1e-6));
        assertThat(JointAngle.LEFT_KNEE.compute(track, Space.IMAGE)[0]).isCloseTo(180, within(1e-6));
        // right thigh: from (170, 280) to (260, 370), 45 degrees off the trunk's line; the trunk side points up
        assertThat(JointAngle.RIGHT_HIP.compute(track, Space.IMAGE)[0]).isCloseTo(135, within(1e-6));
        // right shank straight down from the knee, thigh came in at 45 degrees: knee angle 180 - 45
        assertThat(JointAngle.RIGHT_KNEE.compute(track, Space.IMAGE)[0]).isCloseTo(135, within(1e-6));
        assertThat(JointAngle.TRUNK_LEAN.compute(track, Space.IMAGE)[0]).isCloseTo(0, within(1e-6));
        assertThat(JointAngle.HEAD.compute(track, Space.IMAGE)[0]).isCloseTo(0, within(1e-6));

        // lean the trunk 30 degrees to the image's right: shoulders move by 130 * tan 30 along x; head tilted 30 more
        double dx = 130 * Math.tan(Math.toRadians(30));
        Map<String, double[]> lean = new HashMap<>(tpose);
        lean.put("left_shoulder", new double[] {230 + dx, 150});
        lean.put("right_shoulder", new double[] {170 + dx, 150});
        double[] neck = {200 + dx, 150};
        double head = Math.toRadians(60); // from straight up
        lean.put("nose", new double[] {neck[0] + 50 * Math.sin(head), neck[1] - 50 * Math.cos(head)});
        Track leaning = Track.of(Map.of(0, Bodies.pose(SkeletonSchema.COCO_17, lean, null), 1, Bodies.pose(SkeletonSchema.COCO_17, lean, null)),
                Bodies.times(2, FPS), 0.3);
        assertThat(JointAngle.TRUNK_LEAN.compute(leaning, Space.IMAGE)[0]).isCloseTo(30, within(1e-4));
        assertThat(JointAngle.HEAD.compute(leaning, Space.IMAGE)[0]).isCloseTo(30, within(1e-4));
    }

    @Test
    void aLowConfidenceJointIsAGapInTheAngleAndItsDerivativesNeverAZero() {
        Map<Integer, Pose> poses = rotatingForearm(SkeletonSchema.COCO_17, false, 90);
        Map<String, double[]> hidden = Bodies.standing();
        hidden.remove("left_wrist"); // score 0 at frame 40
        hidden.put("left_elbow", new double[] {300, 200});
        hidden.put("left_shoulder", new double[] {200, 200});
        poses.put(40, Bodies.pose(SkeletonSchema.COCO_17, hidden, null));
        poses.remove(60); // no pose at all in frame 60
        Track track = Track.of(poses, Bodies.times(90, FPS), 0.3);
        assertThat(track.size()).isEqualTo(90);
        KinematicsResult r = Kinematics.measure(track, Kinematics.Options.DEFAULT);
        double[] angle = r.values("angle.left_elbow");
        double[] velocity = r.values("angular_velocity.left_elbow");
        int h = SavitzkyGolay.forDuration(0.25, 1 / FPS, 3, SavitzkyGolay.Edges.GAP).window() / 2;
        assertThat(angle[40]).isNaN();
        assertThat(angle[60]).isNaN();
        assertThat(angle[39]).isCloseTo(150 - OMEGA * 39 / FPS, within(1e-3));
        for (int i = 40 - h; i <= 40 + h; i++) {
            assertThat(velocity[i]).isNaN();
        }
        assertThat(velocity[40 + h + 1]).isCloseTo(-OMEGA, within(0.05));
        for (String name : r.names()) {
            assertThat(r.values(name)[60]).as(name + " in the frame without a pose").isNaN();
        }
        assertThat(r.values("speed.left_wrist")[40]).isNaN();
    }
}
