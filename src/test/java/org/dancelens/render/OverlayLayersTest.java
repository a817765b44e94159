package org.dancelens.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.EnumSet;
import java.util.List;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;
import org.dancelens.core.SkeletonSchema;
import org.junit.jupiter.api.Test;

/** The layers exports can ask for alone: joints without bones, identities without boxes. */
class OverlayLayersTest {
    /** A dancer with two joints far apart (nose at (20, 50), left eye at (180, 50)), the rest unseen, box (10, 30)-(190, 90). */
    private static Pose dancer() {
        List<Keypoint> k = new java.util.ArrayList<>();
        for (int j = 0; j < 17; j++) {
            k.add(new Keypoint(100, 60, 0.0f));
        }
        k.set(0, new Keypoint(20, 50, 0.9f));
        k.set(1, new Keypoint(180, 50, 0.9f));
        return new Pose(4, SkeletonSchema.COCO_17, k, new float[] {10, 30, 190, 90}, 0.9f, null);
    }

    private static BufferedImage draw(EnumSet<OverlayScene.Layer> layers) {
        OverlayScene s = OverlayScene.of(200, 100).withPoses(List.of(dancer())).withLayers(layers);
        return new OverlayRenderer().render(s, Viewport.frame(200, 100));
    }

    private static int alpha(BufferedImage img, int x, int y) {
        return img.getRGB(x, y) >>> 24;
    }

    @Test
    void jointsAloneDrawTheJointsButNoBone() {
        BufferedImage skeleton = draw(EnumSet.of(OverlayScene.Layer.SKELETONS));
        BufferedImage joints = draw(EnumSet.of(OverlayScene.Layer.JOINTS));
        // the bone nose - left eye runs along y = 50 between the joints
        assertThat(alpha(skeleton, 100, 50)).isPositive();
        assertThat(alpha(joints, 100, 50)).isZero();
        assertThat(joints.getRGB(20, 50)).isEqualTo(skeleton.getRGB(20, 50));
        assertThat(joints.getRGB(180, 50)).isEqualTo(skeleton.getRGB(180, 50));
        // and nothing of the box
        assertThat(alpha(joints, 100, 30)).isZero();
    }

    @Test
    void idsAloneDrawTheNameButNoBox() {
        BufferedImage boxes = draw(EnumSet.of(OverlayScene.Layer.BOXES));
        BufferedImage ids = draw(EnumSet.of(OverlayScene.Layer.IDS));
        assertThat(alpha(boxes, 100, 30)).isPositive(); // the box's top edge
        assertThat(alpha(ids, 100, 30)).isZero();
        assertThat(alpha(boxes, 10, 60)).isPositive(); // its left edge
        assertThat(alpha(ids, 10, 60)).isZero();
        // the label above the box's corner is the same
        int labelPixels = 0;
        for (int y = 10; y < 29; y++) {
            for (int x = 10; x < 60; x++) {
                assertThat(ids.getRGB(x, y)).isEqualTo(boxes.getRGB(x, y));
                labelPixels += alpha(ids, x, y) > 0 ? 1 : 0;
            }
        }
        assertThat(labelPixels).isGreaterThan(20);
    }
}
