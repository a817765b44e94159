package org.dancelens.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;
import org.dancelens.core.RegionMask;
import org.dancelens.core.SkeletonSchema;
import org.junit.jupiter.api.Test;

/** The overlay renderer checked on the pixels it produces. */
class OverlayRendererTest {
    static final int LEFT_SHOULDER = 5;
    static final int RIGHT_SHOULDER = 6;

    /** A COCO-17 pose whose joints all score 0 (not drawn) except those given as {joint, x, y, score}. */
    static Pose pose(int track, float[] box, RegionMask mask, float[]... joints) {
        List<Keypoint> kps = new ArrayList<>();
        for (int j = 0; j < 17; j++) {
            kps.add(new Keypoint(0, 0, 0));
        }
        for (float[] k : joints) {
            kps.set((int) k[0], new Keypoint(k[1], k[2], k[3]));
        }
        return new Pose(track, SkeletonSchema.COCO_17, kps, box, 1f, null, mask);
    }

    /** Shoulders at (40, 50) and (160, 50); the right one scores {@code right}. */
    static Pose shoulders(int track, float right) {
        return pose(track, null, null, new float[] {LEFT_SHOULDER, 40, 50, 0.9f}, new float[] {RIGHT_SHOULDER, 160, 50, right});
    }

    static int alpha(int argbPre) {
        return argbPre >>> 24;
    }

    /** Un-premultiplied RGB of a premultiplied pixel. */
    static int[] rgb(int argbPre) {
        int a = alpha(argbPre);
        if (a == 0) {
            return new int[3];
        }
        return new int[] {Math.round((argbPre >> 16 & 0xff) * 255f / a), Math.round((argbPre >> 8 & 0xff) * 255f / a),
            Math.round((argbPre & 0xff) * 255f / a)};
    }

    static void assertColour(int argbPre, int expectedRgb, int tolerance) {
        int[] c = rgb(argbPre);
        assertThat(c[0]).as("red").isCloseTo(expectedRgb >> 16 & 0xff, org.assertj.core.data.Offset.offset(tolerance));
        assertThat(c[1]).as("green").isCloseTo(expectedRgb >> 8 & 0xff, org.assertj.core.data.Offset.offset(tolerance));
        assertThat(c[2]).as("blue").isCloseTo(expectedRgb & 0xff, org.assertj.core.data.Offset.offset(tolerance));
    }

    /** The premultiplied ARGB the renderer wrote at (x, y) (equal to the colour where it is opaque). */
    static int px(BufferedImage img, int x, int y) {
        return pixels(img)[y * img.getWidth() + x];
    }

    static int[] pixels(BufferedImage img) {
        return ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
    }

    static BufferedImage draw(OverlayScene scene, Viewport vp) {
        return new OverlayRenderer().render(scene, vp);
    }

    @Test
    void aBoneBetweenTwoConfidentJointsIsDrawnInTheDancersColourAndNotWhenAJointIsBelowTheThreshold() {
        OverlayScene scene = OverlayScene.of(200, 100).withBoneWidth(4).withPoses(List.of(shoulders(3, 0.9f)));
        BufferedImage img = draw(scene, Viewport.frame(200, 100));
        // the bone runs along y = 50, 4 px wide: the pixels from y 48 to 51 are covered all over
        assertThat(px(img, 100, 49)).isEqualTo(Palette.identity(3));
        assertThat(px(img, 100, 50)).isEqualTo(Palette.identity(3));
        assertThat(alpha(px(img, 100, 45))).isZero();
        assertThat(alpha(px(img, 100, 54))).isZero();
        // the joints over its ends, coloured by confidence
        assertThat(px(img, 40, 49)).isEqualTo(Palette.jointConfidence(0.9));
        assertThat(px(img, 160, 49)).isEqualTo(Palette.jointConfidence(0.9));

        BufferedImage weak = draw(scene.withPoses(List.of(shoulders(3, 0.2f))), Viewport.frame(200, 100));
        assertThat(alpha(px(weak, 100, 49))).as("no bone to a joint below the threshold").isZero();
        assertThat(alpha(px(weak, 160, 49))).as("nor the joint").isZero();
        assertThat(px(weak, 40, 49)).as("the confident joint stays").isEqualTo(Palette.jointConfidence(0.9));

        BufferedImage lower = draw(scene.withPoses(List.of(shoulders(3, 0.2f))).withMinConfidence(0.1), Viewport.frame(200, 100));
        assertThat(px(lower, 100, 49)).as("drawn again under a lower threshold").isEqualTo(Palette.identity(3));

        BufferedImage off = draw(scene.withLayers(EnumSet.of(OverlayScene.Layer.BOXES)), Viewport.frame(200, 100));
        assertThat(pixels(off)).as("skeleton layer off").containsOnly(0);
    }

    @Test
    void aSecondRunsDancerIsDrawnDashedWithHollowJointsInTheComparisonColour() {
        OverlayScene scene = OverlayScene.of(200, 100).withBoneWidth(4).withComparePoses(List.of(shoulders(3, 0.9f)));
        assertThat(scene.isEmpty()).isFalse();
        BufferedImage img = draw(scene, Viewport.frame(200, 100));
        // the bone along y = 50 is dashed: stretches of the comparison colour with gaps between them
        int on = 0;
        int gaps = 0;
        for (int x = 50; x <= 150; x++) {
            int p = px(img, x, 49);
            if (p == Palette.COMPARE) {
                on++;
            } else if (alpha(p) == 0) {
                gaps++;
            }
        }
        assertThat(on).isGreaterThan(20);
        assertThat(gaps).isGreaterThan(20);
        // the joint is a ring just outside where a first run's joint ends (radius 3 + 1.5 + 1.5 here), hollow inside
        int r = 6;
        assertThat(alpha(px(img, 40, 50 - r))).isGreaterThan(100);
        assertColour(px(img, 40, 50 - r), Palette.COMPARE & 0xffffff, 60);
        assertThat(alpha(px(img, 40, 46))).as("hollow").isZero();
        // not the dancer's identity colour, no box or name; and nothing of it with the skeleton layers off
        assertThat(pixels(img)).doesNotContain(Palette.identity(3));
        BufferedImage off = draw(scene.withLayers(EnumSet.of(OverlayScene.Layer.BOXES, OverlayScene.Layer.IDS)), Viewport.frame(200, 100));
        assertThat(pixels(off)).containsOnly(0);
        // the first run's dancer under it keeps its own colours
        BufferedImage both = draw(scene.withPoses(List.of(shoulders(3, 0.9f))), Viewport.frame(200, 100));
        assertThat(pixels(both)).contains(Palette.identity(3), Palette.COMPARE);
    }

    @Test
    void aBoxWithItsIdentityLabelAndTheSelectionOutline() {
        float[] box = {50, 50, 150, 110};
        Pose p = pose(7, box, null);
        OverlayScene scene = OverlayScene.of(200, 120).withPoses(List.of(p));
        BufferedImage img = draw(scene, Viewport.frame(200, 120));
        int colour = Palette.identity(7);
        // the box's left edge (1.5 px wide about x = 50) and its top edge (about y = 50)
        assertThat(alpha(px(img, 50, 80))).isGreaterThan(150);
        assertColour(px(img, 50, 80), colour, 2);
        assertThat(alpha(px(img, 100, 50))).isGreaterThan(150);
        assertColour(px(img, 100, 50), colour, 2);
        assertThat(alpha(px(img, 100, 80))).as("inside the box").isZero();
        // "#7" written in the dancer's colour just above the box's top-left corner (baseline 4 px above the box)
        int label = countNear(img, 50, 80, 30, 46, colour);
        assertThat(label).as("label pixels").isGreaterThan(15);
        assertThat(countNear(img, 80, 200, 0, 46, colour)).as("nothing beside the label").isZero();
        assertThat(alpha(px(img, 47, 80))).as("not selected: no outline").isZero();

        BufferedImage selected = draw(scene.withSelectedTrack(7), Viewport.frame(200, 120));
        assertThat(px(selected, 47, 80)).as("white outline 3 px outside the box, 4 px wide").isEqualTo(0xffffffff);
        assertThat(alpha(px(selected, 100, 80))).isZero();

        BufferedImage noBoxes = draw(scene.withLayers(EnumSet.of(OverlayScene.Layer.SKELETONS)), Viewport.frame(200, 120));
        assertThat(pixels(noBoxes)).as("boxes layer off").containsOnly(0);
        BufferedImage noBoxesSelected = draw(scene.withLayers(EnumSet.of(OverlayScene.Layer.SKELETONS)).withSelectedTrack(7), Viewport.frame(200, 120));
        assertThat(px(noBoxesSelected, 47, 80)).as("the selection shows without boxes").isEqualTo(0xffffffff);
        assertThat(countNear(noBoxesSelected, 50, 80, 30, 46, colour)).isZero();
    }

    @Test
    void aDancersLabelNamesItsPoseRun() {
        float[] box = {20, 50, 120, 110};
        OverlayScene scene = OverlayScene.of(300, 120).withPoses(List.of(pose(7, box, null)));
        int colour = Palette.identity(7);
        // "#7" alone stays near the box's corner; "movenet-multipose #7" runs on to the right, in the dancer's colour
        int shortLabel = countNear(draw(scene, Viewport.frame(300, 120)), 50, 300, 30, 46, colour);
        BufferedImage named = draw(scene.withPoseModel("movenet-multipose"), Viewport.frame(300, 120));
        assertThat(shortLabel).as("nothing right of \"#7\"").isZero();
        assertThat(countNear(named, 50, 300, 30, 46, colour)).as("the model's name written on").isGreaterThan(60);
        assertThat(scene.withPoseModel("movenet-multipose").poseModel()).isEqualTo("movenet-multipose");
    }

    /** Pixels in [x0, x1) x [y0, y1) that are drawn in (about) this colour. */
    static int countNear(BufferedImage img, int x0, int x1, int y0, int y1, int rgbColour) {
        int n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                int p = px(img, x, y);
                int[] c = rgb(p);
                if (alpha(p) > 60 && Math.abs(c[0] - (rgbColour >> 16 & 0xff)) <= 8 && Math.abs(c[1] - (rgbColour >> 8 & 0xff)) <= 8
                        && Math.abs(c[2] - (rgbColour & 0xff)) <= 8) {
                    n++;
                }
            }
        }
        return n;
    }

    /** A 4 x 4 mask over a square of side 100 about (100, 100): its first two columns 1, the others 0.25. */
    static RegionMask halfMask(float angle) {
        float[] v = new float[16];
        for (int j = 0; j < 4; j++) {
            for (int i = 0; i < 4; i++) {
                v[j * 4 + i] = i < 2 ? 1f : 0.25f;
            }
        }
        return new RegionMask(100, 100, 100, angle, 4, v);
    }

    @Test
    void aMasksTranslucencyFollowsItsProbabilitiesAndItsRotation() {
        for (float angle : new float[] {0, (float) (Math.PI / 2), 0.6f, -2.2f}) {
            RegionMask m = halfMask(angle);
            OverlayScene scene = OverlayScene.of(200, 200).withPoses(List.of(pose(2, null, m)));
            BufferedImage img = draw(scene, Viewport.frame(200, 200));
            int checked = 0;
            for (int y = 0; y < 200; y += 3) {
                for (int x = 0; x < 200; x += 3) {
                    double dx = x + 0.5 - 100;
                    double dy = y + 0.5 - 100;
                    double u = dx * Math.cos(angle) + dy * Math.sin(angle); // the region's own axes
                    double v = -dx * Math.sin(angle) + dy * Math.cos(angle);
                    double edge = Math.max(Math.abs(u), Math.abs(v));
                    int a = alpha(px(img, x, y));
                    if (edge > 53) {
                        assertThat(a).as("outside the region at %d,%d (angle %s)", x, y, angle).isZero();
                    } else if (edge < 47 && Math.abs(u) > 15) { // away from the region's edge and the step between the halves
                        double expected = 255 * 0.45 * m.valueAt(x + 0.5, y + 0.5);
                        assertThat((double) a).as("alpha at %d,%d (angle %s)", x, y, angle).isCloseTo(expected, org.assertj.core.data.Offset.offset(2.0));
                        if (a > 100) {
                            assertColour(px(img, x, y), Palette.maskTint(2), 3);
                        }
                        checked++;
                    }
                }
            }
            assertThat(checked).isGreaterThan(300);
        }
        // at a quarter turn the likely half (the region's first columns) is the upper half of the square
        BufferedImage turned = draw(OverlayScene.of(200, 200).withPoses(List.of(pose(2, null, halfMask((float) (Math.PI / 2))))), Viewport.frame(200, 200));
        assertThat(alpha(px(turned, 100, 70))).isCloseTo(115, org.assertj.core.data.Offset.offset(2));
        assertThat(alpha(px(turned, 100, 130))).isCloseTo(29, org.assertj.core.data.Offset.offset(2));
        BufferedImage off = draw(OverlayScene.of(200, 200).withPoses(List.of(pose(2, null, halfMask(0))))
                .withLayers(EnumSet.of(OverlayScene.Layer.SKELETONS, OverlayScene.Layer.BOXES)), Viewport.frame(200, 200));
        assertThat(pixels(off)).as("masks layer off").containsOnly(0);
    }

    @Test
    void aHeatMapLandsInItsRegionInTheColourMapsColourClippedToTheFrame() {
        float[] map = new float[6];
        java.util.Arrays.fill(map, 0.6f);
        // rows 20..60 and columns 50..120 of a 100 x 80 frame: past its right edge
        HeatMapLayer heat = new HeatMapLayer(map, 2, 3, new double[] {0.25, 0.5, 0.75, 1.2}, Palette.ColorMap.VIRIDIS, 0.5);
        OverlayScene scene = OverlayScene.of(100, 80).withHeatMap(heat);
        // a buffer wider than the frame, to see the clip
        BufferedImage img = draw(scene, new Viewport(1, 0, 0, 140, 80));
        int alpha = (int) Math.round(0.5 * 0.6 * 255);
        for (int[] p : new int[][] {{55, 25}, {75, 40}, {97, 55}}) {
            assertThat(alpha(px(img, p[0], p[1]))).as("in the region at %s", java.util.Arrays.toString(p)).isCloseTo(alpha,
                    org.assertj.core.data.Offset.offset(1));
            assertColour(px(img, p[0], p[1]), Palette.ColorMap.VIRIDIS.rgb(0.6), 4);
        }
        for (int[] p : new int[][] {{45, 40}, {75, 15}, {75, 65}, {105, 40}, {130, 40}}) {
            assertThat(alpha(px(img, p[0], p[1]))).as("outside the region or the frame at %s", java.util.Arrays.toString(p)).isZero();
        }
        // another colour map, another colour; the layer off, nothing
        BufferedImage jet = draw(scene.withHeatMap(new HeatMapLayer(map, 2, 3, heat.region(), Palette.ColorMap.JET, 0.5)), Viewport.frame(100, 80));
        assertColour(px(jet, 75, 40), Palette.ColorMap.JET.rgb(0.6), 4);
        assertThat(pixels(draw(scene.withLayers(EnumSet.of(OverlayScene.Layer.MASKS)), Viewport.frame(100, 80)))).containsOnly(0);
    }

    @Test
    void mapsAndMasksAreInterpolatedBetweenCellsAndBlendedOverWhatIsUnder() {
        // two cells across a 100 px wide frame, opacity 1: the alpha ramps from 0.2 to 1 between the cells' centres (x 25 and 75)
        HeatMapLayer ramp = new HeatMapLayer(new float[] {0.2f, 1f}, 1, 2, new double[] {0, 0, 1, 1}, Palette.ColorMap.JET, 1);
        BufferedImage img = draw(OverlayScene.of(100, 10).withHeatMap(ramp), Viewport.frame(100, 10));
        assertThat(alpha(px(img, 0, 5))).isEqualTo(51);
        assertThat(alpha(px(img, 20, 5))).as("before the first centre: its own value").isEqualTo(51);
        assertThat(alpha(px(img, 49, 5))).isCloseTo(51 + (255 - 51) / 2, org.assertj.core.data.Offset.offset(3));
        assertThat(alpha(px(img, 80, 5))).isEqualTo(255);
        assertThat(alpha(px(img, 99, 5))).isEqualTo(255);
        for (int x = 1; x < 100; x++) {
            assertThat(alpha(px(img, x, 5))).isGreaterThanOrEqualTo(alpha(px(img, x - 1, 5)));
        }
        // a mask (opacity 0.45) over an opaque map: source over, premultiplied
        HeatMapLayer solid = new HeatMapLayer(filled(4, 1f), 2, 2, new double[] {0, 0, 1, 1}, Palette.ColorMap.JET, 1);
        Pose masked = pose(5, null, new RegionMask(50, 50, 60, 0, 4, filled(16, 1f)));
        BufferedImage both = draw(OverlayScene.of(100, 100).withHeatMap(solid).withPoses(List.of(masked)), Viewport.frame(100, 100));
        int under = Palette.ColorMap.JET.rgb(1);
        int mask = Palette.maskTint(5);
        int p = px(both, 50, 50);
        assertThat(alpha(p)).isEqualTo(255);
        for (int shift : new int[] {16, 8, 0}) {
            double expected = (mask >> shift & 0xff) * 115 / 255.0 + (under >> shift & 0xff) * (255 - 115) / 255.0;
            assertThat((double) (p >> shift & 0xff)).isCloseTo(expected, org.assertj.core.data.Offset.offset(1.0));
        }
        assertThat(px(both, 5, 5)).as("the map alone").isEqualTo(0xff000000 | under);
    }

    @Test
    void jointImportanceColoursAndSizesItsDancersJoints() {
        Pose p = shoulders(4, 0.9f);
        OverlayScene scene = OverlayScene.of(200, 100).withBoneWidth(1).withPoses(List.of(p))
                .withJointImportance(new JointImportance(4, Map.of("left_shoulder", 1f)));
        BufferedImage img = draw(scene, Viewport.frame(200, 100));
        // radius 3 x (1 + 1) = 6: the pixel from (43, 47) to (44, 48) is in it
        assertThat(px(img, 43, 47)).isEqualTo(Palette.importance(1));
        assertThat(px(img, 160, 45)).as("a joint the model does not read is left out").isEqualTo(0);
        BufferedImage other = draw(scene.withJointImportance(new JointImportance(9, Map.of("left_shoulder", 1f))), Viewport.frame(200, 100));
        assertThat(px(other, 40, 49)).as("another dancer's importance: confidence colours").isEqualTo(Palette.jointConfidence(0.9));
    }

    /** Relative luminance (Rec. 709 weights on the 8-bit channels). */
    static double luminance(int rgb) {
        return 0.2126 * (rgb >> 16 & 0xff) + 0.7152 * (rgb >> 8 & 0xff) + 0.0722 * (rgb & 0xff);
    }

    static double distance(int a, int b) {
        return Math.sqrt(Math.pow((a >> 16 & 0xff) - (b >> 16 & 0xff), 2) + Math.pow((a >> 8 & 0xff) - (b >> 8 & 0xff), 2)
                + Math.pow((a & 0xff) - (b & 0xff), 2));
    }

    @Test
    void oneDancersMaskIsALighterTranslucentTintOfItsBonesAndBoxColour() {
        for (int track = 0; track < 12; track++) {
            // a bone along y = 50 over a whole-square mask, a box round both
            Pose p = pose(track, new float[] {20, 20, 180, 80}, new RegionMask(100, 50, 60, 0, 4, filled(16, 1f)),
                    new float[] {LEFT_SHOULDER, 40, 50, 0.9f}, new float[] {RIGHT_SHOULDER, 160, 50, 0.9f});
            BufferedImage img = draw(OverlayScene.of(200, 100).withBoneWidth(4).withPoses(List.of(p)), Viewport.frame(200, 100));
            int bone = px(img, 100, 50);
            int mask = px(img, 100, 30); // inside the mask (y 20..80), away from the bone and the box
            int box = px(img, 20, 60);
            assertThat(bone).isEqualTo(Palette.identity(track));
            assertThat(alpha(box)).isGreaterThan(150);
            assertColour(box, Palette.identity(track), 2);
            assertThat(alpha(mask)).as("the mask is translucent").isBetween(60, 160);
            int maskRgb = rgb(mask)[0] << 16 | rgb(mask)[1] << 8 | rgb(mask)[2];
            assertThat(luminance(maskRgb)).as("track %d: the mask is lighter than the bones", track).isGreaterThan(luminance(bone & 0xffffff) + 5);
            // the same hue: each channel moved towards white by the same share
            for (int shift : new int[] {16, 8, 0}) {
                int c = bone >> shift & 0xff;
                assertThat(maskRgb >> shift & 0xff).isCloseTo((int) Math.round(c + 0.5 * (255 - c)), org.assertj.core.data.Offset.offset(3));
            }
        }
    }

    @Test
    void everyJointHasADarkRingSoItReadsOnAnyBackground() {
        // a joint alone (radius 3 at frame scale) at (40, 50), on a bright heat map
        HeatMapLayer bright = new HeatMapLayer(filled(4, 1f), 2, 2, new double[] {0, 0, 1, 1}, Palette.ColorMap.CIVIDIS, 1);
        Pose p = pose(1, null, null, new float[] {LEFT_SHOULDER, 40, 50, 0.5f});
        BufferedImage img = draw(OverlayScene.of(100, 100).withHeatMap(bright).withPoses(List.of(p)), Viewport.frame(100, 100));
        int fill = Palette.jointConfidence(0.5);
        assertThat(px(img, 40, 49)).as("the disc").isEqualTo(fill);
        // the ring covers radii 3 .. 4.5 about the joint: pixel (43, 49) has its centre 3.5 px right of it, (36, 49) 3.5 px left
        for (int[] at : new int[][] {{43, 49}, {36, 49}, {39, 46}, {39, 53}}) {
            int ring = px(img, at[0], at[1]);
            assertThat(luminance(ring & 0xffffff)).as("dark ring at %s", java.util.Arrays.toString(at)).isLessThan(60);
        }
        int background = px(img, 40, 60);
        assertThat(luminance(background & 0xffffff)).as("the heat map beside it").isGreaterThan(200);
        // at a larger scale the ring stays 1.5 buffer pixels wide just outside the (larger) disc
        BufferedImage big = draw(OverlayScene.of(100, 100).withPoses(List.of(p)), new Viewport(4, 0, 0, 400, 400));
        // joint at (160, 200) radius 10: the ring at radii 10 .. 11.5
        assertThat(alpha(px(big, 170, 200))).isGreaterThan(200);
        assertThat(luminance(rgb(px(big, 170, 200))[0] << 16 | rgb(px(big, 170, 200))[1] << 8 | rgb(px(big, 170, 200))[2])).isLessThan(60);
        assertThat(px(big, 165, 200)).as("inside the disc").isEqualTo(fill);
        assertThat(alpha(px(big, 173, 200))).as("outside the ring").isZero();
    }

    @Test
    void theDefaultHeatMapColoursArePerceptuallyOrderedAndUnlikeTheJointConfidenceColours() {
        Palette.ColorMap def = Palette.ColorMap.DEFAULT;
        assertThat(def).isIn(Palette.ColorMap.CIVIDIS, Palette.ColorMap.VIRIDIS);
        // lightness grows with the value, in even-ish steps (jet's does not: it falls from yellow to dark red)
        double previous = -1;
        double minStep = Double.MAX_VALUE;
        double maxStep = 0;
        for (int i = 0; i <= 64; i++) {
            double l = luminance(def.rgb(i / 64.0));
            if (i > 0) {
                minStep = Math.min(minStep, l - previous);
                maxStep = Math.max(maxStep, l - previous);
            }
            previous = l;
        }
        assertThat(minStep).as("monotone lightness").isGreaterThan(0);
        assertThat(maxStep / minStep).as("even steps").isLessThan(4);
        assertThat(luminance(Palette.ColorMap.JET.rgb(1))).isLessThan(luminance(Palette.ColorMap.JET.rgb(0.6)));
        // no heat value is near the colour of the least (red) or the most (green) sure joint; jet has both
        double nearestDefault = Double.MAX_VALUE;
        double nearestJet = Double.MAX_VALUE;
        for (int i = 0; i <= 100; i++) {
            for (double score : new double[] {0, 1}) {
                nearestDefault = Math.min(nearestDefault, distance(def.rgb(i / 100.0), Palette.jointConfidence(score)));
                nearestJet = Math.min(nearestJet, distance(Palette.ColorMap.JET.rgb(i / 100.0), Palette.jointConfidence(score)));
            }
        }
        assertThat(nearestDefault).isGreaterThan(150);
        assertThat(nearestJet).isLessThan(60);
        // matplotlib's cividis at its ends
        assertThat(Palette.ColorMap.CIVIDIS.rgb(0)).isEqualTo(0x00224e);
        assertThat(Palette.ColorMap.CIVIDIS.rgb(1)).isEqualTo(0xfee838);
        assertThat(Palette.ColorMap.of("Cividis")).isEqualTo(Palette.ColorMap.CIVIDIS);
    }

    /** Bone, box, mask and heat map in one scene. */
    static OverlayScene busy() {
        float[] map = new float[4];
        java.util.Arrays.fill(map, 0.8f);
        Pose p = pose(3, new float[] {20, 20, 180, 90}, new RegionMask(100, 75, 20, 0.3f, 4, filled(16, 1f)),
                new float[] {LEFT_SHOULDER, 40, 50, 0.9f}, new float[] {RIGHT_SHOULDER, 160, 50, 0.9f});
        return OverlayScene.of(200, 100).withBoneWidth(4).withPoses(List.of(p))
                .withHeatMap(new HeatMapLayer(map, 2, 2, new double[] {0.0, 0.0, 0.3, 0.3}, Palette.ColorMap.INFERNO, 0.6));
    }

    static float[] filled(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    @Test
    void theViewportsScaleAndOffsetMoveEverything() {
        OverlayScene scene = busy();
        BufferedImage frame = draw(scene, Viewport.frame(200, 100));
        Viewport vp = new Viewport(2, 30, 20, 460, 240);
        BufferedImage zoomed = draw(scene, vp);
        assertThat(vp.x(100)).isEqualTo(230);
        assertThat(vp.frameX(230)).isEqualTo(100);
        // the bone: (100, 50) -> (230, 120), now 8 px wide (116..124)
        assertThat(px(zoomed, 231, 117)).isEqualTo(Palette.identity(3));
        assertThat(px(zoomed, 231, 122)).isEqualTo(Palette.identity(3));
        assertThat(alpha(px(zoomed, 231, 126))).isZero();
        assertThat(px(frame, 160, 49)).isEqualTo(Palette.jointConfidence(0.9));
        assertThat(alpha(px(zoomed, 160, 49))).as("nothing left where it was").isZero();
        // the mask's centre (100, 75) -> (230, 170): same translucency and colour as at frame scale
        assertThat(alpha(px(frame, 100, 75))).isCloseTo(115, org.assertj.core.data.Offset.offset(1));
        assertThat(px(frame, 100, 75)).isEqualTo(px(zoomed, 230, 170));
        // the heat map over frame (0..60, 0..30) -> buffer (30..150, 20..80)
        assertThat(px(zoomed, 60, 40)).isEqualTo(px(frame, 15, 10));
        assertThat(alpha(px(zoomed, 15, 10))).as("left of the frame: clipped").isZero();
        // the box (x0 = 20 -> 70) keeps its 1.5 px line
        assertThat(alpha(px(zoomed, 70, 150))).isGreaterThan(150);
        assertThat(alpha(px(zoomed, 72, 150))).isZero();
        // fitted like the player: a 200 x 100 frame in a 500 x 400 area sits in the middle, 2.5x
        Viewport fit = Viewport.fit(200, 100, 500, 400, 1, 0, 0);
        assertThat(fit).isEqualTo(new Viewport(2.5, 0, 75, 500, 400));
        assertThat(Viewport.fit(200, 100, 500, 400, 2, 10, -5)).isEqualTo(new Viewport(5, -250 + 10, -50 - 5, 500, 400));
        assertThat(fit.scaled(2)).isEqualTo(new Viewport(5, 0, 150, 1000, 800));
    }

    /** Dancer {@code d} of six standing side by side in a 200 x 100 frame: every joint, a box and a round mask. */
    static Pose dancer(int d) {
        float cx = 200 * (d + 0.5f) / 6;
        float[][] at = {{0, -40}, {-2, -42}, {2, -42}, {-4, -41}, {4, -41}, {-8, -30}, {8, -30}, {-12, -15}, {12, -15}, {-14, 0}, {14, 0},
            {-6, 0}, {6, 0}, {-7, 20}, {7, 20}, {-8, 40}, {8, 40}};
        float[][] joints = new float[17][];
        for (int j = 0; j < 17; j++) {
            joints[j] = new float[] {j, cx + at[j][0], 50 + at[j][1], 0.2f + 0.8f * ((j + d) % 5) / 4};
        }
        float[] disk = new float[64 * 64];
        for (int i = 0; i < disk.length; i++) {
            disk[i] = Math.hypot(i % 64 - 31.5, i / 64 - 31.5) < 28 ? 0.9f : 0.05f;
        }
        return pose(d, new float[] {cx - 15, 8, cx + 15, 92}, new RegionMask(cx, 50, 90, 0.1f * d, 64, disk), joints);
    }

    @Test
    void theSameSceneGivesTheSamePixelsEveryTime() {
        List<Pose> dancers = new ArrayList<>();
        for (int d = 0; d < 6; d++) {
            dancers.add(dancer(d));
        }
        OverlayScene scene = busy().withPoses(dancers).withSelectedTrack(2).withJointImportance(new JointImportance(1, Map.of("nose", 0.5f)));
        Viewport vp = new Viewport(1.7, 12, -3, 333, 180);
        OverlayRenderer renderer = new OverlayRenderer();
        BufferedImage buffer = OverlayRenderer.newBuffer(vp);
        renderer.render(scene, vp, buffer);
        int[] first = pixels(buffer).clone();
        assertThat(java.util.Arrays.stream(first).filter(p -> p != 0).count()).as("something drawn").isGreaterThan(1000);
        renderer.render(busy(), vp, buffer); // something else in between, into the same buffer
        renderer.render(scene, vp, buffer);
        assertThat(pixels(buffer)).isEqualTo(first);
        assertThat(pixels(new OverlayRenderer().render(scene, vp))).as("a fresh renderer").isEqualTo(first);
    }

    @Test
    void theBufferMustFitTheViewport() {
        assertThatThrownBy(() -> new OverlayRenderer().render(busy(), Viewport.frame(200, 100), new BufferedImage(100, 100, BufferedImage.TYPE_INT_ARGB_PRE)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OverlayRenderer().render(busy(), Viewport.frame(200, 100), new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
