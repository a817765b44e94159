package org.dancelens.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.dancelens.render.OverlayRendererTest.alpha;
import static org.dancelens.render.OverlayRendererTest.pixels;
import static org.dancelens.render.OverlayRendererTest.rgb;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;
import org.dancelens.core.SkeletonSchema;
import org.dancelens.movement.JointAngle;
import org.dancelens.movement.Space;
import org.dancelens.movement.Track;
import org.junit.jupiter.api.Test;

/** Joint angles drawn over a frame: the mark's degrees, the arc on the interior side, nothing from unsure joints. */
class OverlayAnglesTest {
    static final int SHOULDER = 6; // COCO-17 right shoulder, elbow, wrist
    static final int ELBOW = 8;
    static final int WRIST = 10;
    static final int TRACK = 3;

    /** A right arm: shoulder 50 px straight above the elbow at (100, 100), the wrist 50 px from it at {@code wristDeg} (screen angle, y down). */
    static Pose arm(double wristDeg, float elbowScore) {
        double t = Math.toRadians(wristDeg);
        return OverlayRendererTest.pose(TRACK, null, null, new float[] {SHOULDER, 100, 50, 0.9f}, new float[] {ELBOW, 100, 100, elbowScore},
                new float[] {WRIST, (float) (100 + 50 * Math.cos(t)), (float) (100 + 50 * Math.sin(t)), 0.9f});
    }

    static OverlayScene scene(Pose p) {
        // no other layer: only the angle is drawn
        return OverlayScene.of(200, 200).withLayers(EnumSet.noneOf(OverlayScene.Layer.class)).withPoses(List.of(p)).withAngles(List.of("right_elbow"));
    }

    /** The buffer pixel at distance d from the elbow (100, 100) in screen direction deg. */
    static int at(BufferedImage img, double deg, double d) {
        double t = Math.toRadians(deg);
        int x = (int) Math.floor(100 + d * Math.cos(t));
        int y = (int) Math.floor(100 + d * Math.sin(t));
        return pixels(img)[y * img.getWidth() + x];
    }

    static boolean near(int argbPre, int rgbExpected, int tol) {
        int[] c = rgb(argbPre);
        return Math.abs(c[0] - (rgbExpected >> 16 & 0xff)) <= tol && Math.abs(c[1] - (rgbExpected >> 8 & 0xff)) <= tol
                && Math.abs(c[2] - (rgbExpected & 0xff)) <= tol;
    }

    @Test
    void aRightAngleAtTheElbowIsMarked90DegreesAndItsArcIsDrawnInTheDancersColourBetweenTheRays() {
        // upper arm straight up (screen -90 degrees), forearm straight right (0 degrees): 90 degrees, interior side up-right
        OverlayScene s = scene(arm(0, 0.9f));
        List<AngleMark> marks = s.angleMarks();
        assertThat(marks).hasSize(1);
        AngleMark m = marks.get(0);
        assertThat(m.degrees()).isCloseTo(90.0, within(0.1));
        assertThat(m.track()).isEqualTo(TRACK);
        assertThat(m.angle()).isEqualTo("right_elbow");
        assertThat(new double[] {m.vx(), m.vy(), m.ax(), m.ay()}).containsExactly(100, 100, 100, 50);
        BufferedImage img = OverlayRendererTest.draw(s, Viewport.frame(200, 200));
        // radius: a quarter of the shorter ray, 50 px -> 12.5 px; the arc's line runs on that circle from -90 to 0 degrees
        double r = 0.25 * 50;
        int colour = Palette.identity(TRACK) & 0xffffff;
        int onArc = 0;
        for (int deg = -80; deg <= -10; deg += 5) {
            int p = at(img, deg, r);
            if (alpha(p) == 255 && near(p, colour, 12)) {
                onArc++;
            }
        }
        assertThat(onArc).as("opaque pixels of the dancer's colour on the arc").isGreaterThanOrEqualTo(10);
        // the wedge inside is tinted with the dancer's colour, the reflex side stays clear
        int inside = at(img, -45, r / 2);
        assertThat(alpha(inside)).isBetween(OverlayRenderer.WEDGE_ALPHA - 2, OverlayRenderer.WEDGE_ALPHA + 2);
        assertThat(near(inside, colour, 12)).isTrue();
        for (int deg : new int[] {90, 135, 180}) {
            assertThat(alpha(at(img, deg, r / 2))).as("reflex side at %d degrees, half radius", deg).isZero();
            assertThat(alpha(at(img, deg, r))).as("reflex side at %d degrees, on the circle", deg).isZero();
        }
        // the label: white text on its dark box, out along the arc's middle beyond the arc
        int white = 0;
        int dark = 0;
        for (int d = (int) r + 4; d < r + 40; d++) {
            for (int side = -12; side <= 12; side++) {
                int p = at(img, -45 + side, d);
                white += alpha(p) == 255 && near(p, 0xffffff, 40) ? 1 : 0;
                dark += alpha(p) > 150 && near(p, 0x141414, 20) ? 1 : 0;
            }
        }
        assertThat(white).as("white text of the label").isPositive();
        assertThat(dark).as("its dark box").isGreaterThan(white);
    }

    @Test
    void theArcSpansTheInteriorAngleWhicheverWayTheRaysTurn() {
        // forearm at 60 degrees (screen): 150 degrees at the elbow, interior side between -90 and 60 through 0 (right)
        // forearm at 120 degrees: 150 degrees the other way round, interior through 180 (left)
        for (double wrist : new double[] {60, 120, 180}) {
            OverlayScene s = scene(arm(wrist, 0.9f));
            double expected = wrist == 180 ? 90 : 150;
            assertThat(s.angleMarks().get(0).degrees()).isCloseTo(expected, within(0.1));
            BufferedImage img = OverlayRendererTest.draw(s, Viewport.frame(200, 200));
            // the middle of the interior sweep and its opposite (in the reflex side)
            double mid = wrist == 60 ? -15 : wrist == 120 ? -165 : -135;
            assertThat(alpha(at(img, mid, 6))).as("inside, forearm at %s", wrist).isBetween(OverlayRenderer.WEDGE_ALPHA - 2, OverlayRenderer.WEDGE_ALPHA + 2);
            assertThat(alpha(at(img, mid + 180, 6))).as("outside, forearm at %s", wrist).isZero();
        }
    }

    @Test
    void anElbowBelowTheThresholdGivesNoAngleAndDrawsNothing() {
        OverlayScene s = scene(arm(0, 0.2f)); // the scene's threshold is 0.3
        assertThat(s.angleMarks()).isEmpty();
        BufferedImage img = OverlayRendererTest.draw(s, Viewport.frame(200, 200));
        assertThat(java.util.Arrays.stream(pixels(img)).allMatch(p -> p == 0)).isTrue();
        // and at a threshold under its score it is back
        assertThat(s.withMinConfidence(0.1).angleMarks()).hasSize(1);
    }

    @Test
    void everythingAnAngleDrawsLiesInTheScenesBounds() {
        for (double wrist : new double[] {0, 60, 120, 170}) {
            OverlayScene s = scene(arm(wrist, 0.9f)).withAngles(List.of("right_elbow", "right_shoulder", "trunk_lean"));
            Viewport vp = new Viewport(1.7, 13, 7, 400, 400);
            BufferedImage img = OverlayRendererTest.draw(s, vp);
            Rectangle b = OverlayRenderer.bounds(s, vp);
            int[] px = pixels(img);
            int drawn = 0;
            for (int i = 0; i < px.length; i++) {
                if (px[i] != 0) {
                    drawn++;
                    assertThat(b.contains(i % 400, i / 400)).as("pixel %d,%d in %s", i % 400, i / 400, b).isTrue();
                }
            }
            assertThat(drawn).isPositive();
        }
    }

    @Test
    void labelsOfAnglesAtTheSamePlaceDoNotCoverEachOther() {
        // a dancer seen from the side: both elbows at one place (as both knees and hips of a walker are), and a second dancer on top
        Pose p = OverlayRendererTest.pose(1, null, null, new float[] {5, 100, 50, 0.9f}, new float[] {6, 101, 50, 0.9f}, new float[] {7, 100, 100, 0.9f},
                new float[] {8, 101, 100, 0.9f}, new float[] {9, 150, 100, 0.9f}, new float[] {10, 150, 102, 0.9f});
        OverlayScene s = OverlayScene.of(200, 200).withPoses(List.of(p, p.withTrackId(2))).withAngles(List.of("left_elbow", "right_elbow"));
        List<AngleMark> marks = s.angleMarks();
        assertThat(marks).hasSize(4);
        List<java.awt.geom.Rectangle2D> boxes = OverlayRenderer.angleLabels(marks, Viewport.frame(200, 200));
        for (int i = 0; i < boxes.size(); i++) {
            for (int j = i + 1; j < boxes.size(); j++) {
                assertThat(boxes.get(i).intersects(boxes.get(j))).as("labels %d and %d", i, j).isFalse();
            }
            // each clear of its own arc: no corner of the box within the arc's radius of the vertex
            double r = OverlayRenderer.ArcGeometry.of(marks.get(i), Viewport.frame(200, 200)).radius();
            java.awt.geom.Rectangle2D b = boxes.get(i);
            double nearestX = Math.max(b.getMinX(), Math.min(marks.get(i).vx(), b.getMaxX()));
            double nearestY = Math.max(b.getMinY(), Math.min(marks.get(i).vy(), b.getMaxY()));
            assertThat(Math.hypot(nearestX - marks.get(i).vx(), nearestY - marks.get(i).vy())).isGreaterThan(r + OverlayRenderer.ANGLE_OUTLINE_WIDTH / 2);
        }
    }

    /** A pose of this skeleton with every joint confident at a random place in a 640 x 480 frame. */
    static Pose randomPose(SkeletonSchema schema, Random rnd) {
        List<Keypoint> kps = new ArrayList<>();
        for (int j = 0; j < schema.size(); j++) {
            kps.add(new Keypoint(rnd.nextFloat() * 640, rnd.nextFloat() * 480, 0.5f + 0.5f * rnd.nextFloat()));
        }
        return new Pose(7, schema, kps, null, 1f, null, null);
    }

    @Test
    void theDegreesDrawnAreTheJointAnglesKinematicsMeasuresOnTheSameKeypoints() {
        Random rnd = new Random(19);
        for (SkeletonSchema schema : List.of(SkeletonSchema.COCO_17, SkeletonSchema.BLAZEPOSE_33)) {
            Map<Integer, Pose> poses = new HashMap<>();
            for (int f = 0; f < 8; f++) {
                poses.put(f, randomPose(schema, rnd));
            }
            Track track = Track.ofFrameRate(poses, 25, 0.3);
            List<String> all = SceneStyle.angleNames();
            assertThat(all).hasSize(JointAngle.values().length);
            int compared = 0;
            for (JointAngle a : JointAngle.values()) {
                double[] measured = a.compute(track, Space.IMAGE);
                for (int f = 0; f < 8; f++) {
                    List<AngleMark> marks = AngleMark.of(List.of(poses.get(f)), all, 0.3);
                    AngleMark m = marks.stream().filter(k -> k.angle().equals(a.id())).findFirst().orElseThrow();
                    assertThat(m.degrees()).as("%s %s frame %d", schema.id(), a.id(), f).isCloseTo(measured[f], within(1e-9));
                    assertThat(m.degrees()).isBetween(0.0, 180.0);
                    compared++;
                }
            }
            assertThat(compared).isEqualTo(8 * JointAngle.values().length);
        }
    }
}
