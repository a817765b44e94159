package org.dancelens.pose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import javax.imageio.ImageIO;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;
import org.dancelens.core.SkeletonSchema;
import org.dancelens.core.VideoFrame;
import org.dancelens.core.DanceLensException;
import org.dancelens.inference.ModelCard;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.inference.image.ImageInput;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.TestZoo;
import org.junit.jupiter.api.Test;

/** BlazePose's two stages on a real photograph: plausible 2D landmarks, 3D world coordinates in metres, tracking ROI. */
class BlazePoseTest {

    @Test
    void followsTwoPeopleWhenAskedTo() throws Exception {
        ModelRegistry reg = TestZoo.registry("blazepose-detector", "blazepose-full");
        // Two real people at their original scale: a window around the player, twice, side by side.
        java.awt.image.BufferedImage photo = ImageIO.read(TestMedia.realFootage("messi5.jpg").toFile());
        float hip;
        try (PoseEstimator probe = PoseEstimators.create(reg.find("blazepose-full"), OrtRuntime.Device.CPU, 0.2f)) {
            Pose p = probe.estimate(MoveNetTest.frameOf(photo)).get(0);
            hip = (p.keypoints().get(23).x() + p.keypoints().get(24).x()) / 2;
        }
        int half = photo.getWidth() / 2;
        int x0 = Math.max(0, Math.min(photo.getWidth() - half, Math.round(hip) - half / 2));
        java.awt.image.BufferedImage one = photo.getSubimage(x0, 0, half, photo.getHeight());
        java.awt.image.BufferedImage two = new java.awt.image.BufferedImage(one.getWidth() * 2, one.getHeight(),
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = two.createGraphics();
        g.drawImage(one, 0, 0, null);
        g.drawImage(one, one.getWidth(), 0, null);
        g.dispose();
        VideoFrame f = MoveNetTest.frameOf(two);
        try (PoseEstimator single = PoseEstimators.create(reg.find("blazepose-full"), OrtRuntime.Device.CPU, 0.2f);
             PoseEstimator pair = PoseEstimators.create(reg.find("blazepose-full"), OrtRuntime.Device.CPU, 0.2f, 2)) {
            assertThat(single.estimate(f)).hasSize(1);
            List<Pose> poses = pair.estimate(f);
            assertThat(poses).hasSize(2);
            float[] hipX = new float[2];
            for (int i = 0; i < 2; i++) {
                hipX[i] = (poses.get(i).keypoints().get(23).x() + poses.get(i).keypoints().get(24).x()) / 2;
            }
            java.util.Arrays.sort(hipX);
            assertThat(hipX[0]).isLessThan(one.getWidth());
            assertThat(hipX[1]).isGreaterThan(one.getWidth());
            // The same dancer in both copies: the right one is the left one moved by the photograph's width.
            assertThat((double) (hipX[1] - hipX[0])).isCloseTo(one.getWidth(), org.assertj.core.data.Offset.offset(15.0));
            // Next frame: both are followed from their own regions.
            assertThat(pair.estimate(f)).hasSize(2);
        }
    }

    @Test
    void cardsWithOtherInputSizesThanTheAnchorsAndDecodingAreRefused() {
        ModelRegistry reg = TestZoo.registry("blazepose-detector", "blazepose-full");
        ImageInput detector = ImageInput.of(reg.find("blazepose-detector").card());
        ImageInput landmarks = ImageInput.of(reg.find("blazepose-full").card());
        BlazePose.requireInputSizes(detector, landmarks); // the zoo's cards
        ModelCard card = reg.find("blazepose-full").card();
        ModelCard.TensorSpec in = card.inputs().get(0);
        ModelCard small = new ModelCard(card.id(), card.name(), card.version(), card.task(), card.license(), null, card.provenance(),
                List.of(new ModelCard.TensorSpec(in.name(), in.layout(), in.dtype(), List.of(1L, 128L, 128L, 3L), in.preprocess())), card.outputs(),
                null, card.keypoints(), null, null, null, null);
        assertThatThrownBy(() -> BlazePose.requireInputSizes(detector, ImageInput.of(small))).isInstanceOf(DanceLensException.class)
                .hasMessage("The BlazePose model blazepose-full needs a 224x224 detector input and a 256x256 landmark input; the cards of "
                        + "blazepose-detector and blazepose-full give 224x224 and 128x128.");
    }

    @Test
    void anchorsMatchTheDetectorOutput() {
        assertThat(BlazePose.anchors()).hasNumberOfRows(2254);
        assertThat(BlazePose.anchors()[0]).containsExactly(0.5f / 28, 0.5f / 28);
    }

    @Test
    void regionIsUprightForAVerticalBody() {
        // Hips centre at (100, 200), scale point straight above it: no rotation, side 2.5 x 80.
        double[] r = BlazePose.region(100, 200, 100, 120);
        assertThat(r[2]).isEqualTo(200.0);
        assertThat(r[3]).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-12));
        // Scale point to the right: the body lies along +x, so the region turns by -90 degrees.
        assertThat(BlazePose.region(100, 200, 180, 200)[3]).isCloseTo(Math.PI / 2, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void landmarksOfARealPersonAreAnatomicallyPlausible() throws Exception {
        ModelRegistry reg = TestZoo.registry("blazepose-detector", "blazepose-full");
        VideoFrame messi = MoveNetTest.frameOf(ImageIO.read(TestMedia.realFootage("messi5.jpg").toFile()));
        try (PoseEstimator est = PoseEstimators.create(reg.find("blazepose-full"), OrtRuntime.Device.CPU, 0.2f)) {
            assertThat(est.schema()).isEqualTo(SkeletonSchema.BLAZEPOSE_33);
            List<Pose> poses = est.estimate(messi);
            assertThat(poses).hasSize(1);
            Pose p = poses.get(0);
            List<Keypoint> k = p.keypoints();
            SkeletonSchema s = SkeletonSchema.BLAZEPOSE_33;
            float shoulders = (k.get(s.index("left_shoulder")).y() + k.get(s.index("right_shoulder")).y()) / 2;
            float hips = (k.get(s.index("left_hip")).y() + k.get(s.index("right_hip")).y()) / 2;
            assertThat(k.get(0).y()).isLessThan(shoulders);
            assertThat(shoulders).isLessThan(hips);
            assertThat(hips).isLessThan((k.get(s.index("left_ankle")).y() + k.get(s.index("right_ankle")).y()) / 2);
            // World coordinates: metres, origin between the hips, y down; a standing adult's head is 0.4-0.9 m above.
            float[][] w = p.world();
            assertThat(w).hasNumberOfRows(33);
            float hipMidY = (w[23][1] + w[24][1]) / 2;
            assertThat(Math.abs(hipMidY)).isLessThan(0.1f);
            assertThat(w[0][1]).isBetween(-0.9f, -0.4f);
            float shoulderWidth = (float) Math.hypot(w[11][0] - w[12][0], w[11][2] - w[12][2]);
            assertThat(shoulderWidth).isBetween(0.2f, 0.6f);
            // The segmentation mask covers the person: high between the hips, nothing far outside the region.
            assertThat(p.mask()).isNotNull();
            assertThat(p.mask().size()).isEqualTo(64);
            float hx = (k.get(23).x() + k.get(24).x()) / 2;
            float hy = (k.get(23).y() + k.get(24).y()) / 2;
            assertThat(p.mask().valueAt(hx, hy)).isGreaterThan(0.5f);
            assertThat(p.mask().valueAt(hx + 10 * p.mask().side(), hy)).isZero();
            // The second frame reuses the landmarks' region and finds the same pose.
            Pose again = est.estimate(messi).get(0);
            for (int j : new int[] {11, 12, 23, 24}) {
                assertThat(Math.hypot(again.keypoints().get(j).x() - k.get(j).x(), again.keypoints().get(j).y() - k.get(j).y()))
                        .as("landmark %d moves between the detector's region and the tracked region", j).isLessThan(12);
            }
        }
    }
}
