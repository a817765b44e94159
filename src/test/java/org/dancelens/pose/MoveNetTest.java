package org.dancelens.pose;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.List;
import javax.imageio.ImageIO;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;
import org.dancelens.core.VideoFrame;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.TestZoo;
import org.dancelens.video.VideoSource;
import org.junit.jupiter.api.Test;

/** MoveNet on real people: anatomically plausible keypoints, several pedestrians in vtest.avi, crop feedback. */
class MoveNetTest {

    static VideoFrame frameOf(BufferedImage img) {
        byte[] bgra = new byte[img.getWidth() * img.getHeight() * 4];
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                int o = (y * img.getWidth() + x) * 4;
                bgra[o] = (byte) rgb;
                bgra[o + 1] = (byte) (rgb >> 8);
                bgra[o + 2] = (byte) (rgb >> 16);
                bgra[o + 3] = (byte) 0xff;
            }
        }
        return new VideoFrame(0, 0, img.getWidth(), img.getHeight(), bgra);
    }

    @Test
    void singlePoseOnAPhotographIsAnatomicallyPlausible() throws Exception {
        ModelRegistry reg = TestZoo.registry("movenet-thunder");
        VideoFrame messi = frameOf(ImageIO.read(TestMedia.realFootage("messi5.jpg").toFile()));
        try (PoseEstimator est = PoseEstimators.create(reg.find("movenet-thunder"), OrtRuntime.Device.CPU, 0.2f)) {
            List<Pose> first = est.estimate(messi);
            assertThat(first).hasSize(1);
            Pose p = first.get(0);
            List<Keypoint> k = p.keypoints();
            assertThat(p.score()).isGreaterThan(0.3f);
            // Head above shoulders above hips above knees above ankles (image y grows downwards).
            assertThat(k.get(0).y()).isLessThan(Math.min(k.get(5).y(), k.get(6).y()));
            assertThat((k.get(5).y() + k.get(6).y()) / 2).isLessThan((k.get(11).y() + k.get(12).y()) / 2);
            assertThat((k.get(11).y() + k.get(12).y()) / 2).isLessThan((k.get(13).y() + k.get(14).y()) / 2);
            for (Keypoint kp : k) {
                assertThat(kp.x()).isBetween(0f, (float) messi.width());
                assertThat(kp.y()).isBetween(0f, (float) messi.height());
            }
            // The second run reads the crop around the first run's keypoints and finds the same person.
            Pose second = est.estimate(messi).get(0);
            double moved = 0;
            for (int j = 5; j <= 12; j++) {
                moved = Math.max(moved, Math.hypot(second.keypoints().get(j).x() - k.get(j).x(), second.keypoints().get(j).y() - k.get(j).y()));
            }
            assertThat(moved).as("torso keypoints move less than 15 px between the full-frame and the cropped run").isLessThan(15);
        }
    }

    @Test
    void multiPoseFindsSeveralPedestrians() {
        ModelRegistry reg = TestZoo.registry("movenet-multipose");
        try (VideoSource v = VideoSource.open(TestMedia.realFootage("vtest.avi"));
             PoseEstimator est = PoseEstimators.create(reg.find("movenet-multipose"), OrtRuntime.Device.CPU, 0.2f)) {
            int most = 0;
            for (int n : new int[] {100, 300, 500, 700}) {
                VideoFrame f = v.frame(n);
                List<Pose> poses = est.estimate(f);
                most = Math.max(most, poses.size());
                for (Pose p : poses) {
                    assertThat(p.box()[0]).isLessThan(p.box()[2]);
                    assertThat(p.box()[1]).isLessThan(p.box()[3]);
                    // Pedestrians are taller than wide.
                    assertThat(p.box()[3] - p.box()[1]).isGreaterThan(p.box()[2] - p.box()[0]);
                    assertThat(p.score()).isGreaterThanOrEqualTo(0.2f);
                }
            }
            assertThat(most).as("people found in one frame of vtest.avi").isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void cropFollowsTheTorsoAndFallsBackToTheWholeFrame() {
        // A person centred at (400, 300) in a 800x600 frame, torso 100 px tall.
        List<Keypoint> k = new java.util.ArrayList<>();
        for (int j = 0; j < 17; j++) {
            k.add(new Keypoint(400, 300, 0.9f));
        }
        k.set(5, new Keypoint(380, 250, 0.9f));
        k.set(6, new Keypoint(420, 250, 0.9f));
        k.set(11, new Keypoint(385, 350, 0.9f));
        k.set(12, new Keypoint(415, 350, 0.9f));
        double[] c = MoveNetSinglePose.nextCrop(k, 800, 600);
        // Centre between the hips (400, 350); half size = 1.9 * 100 = 190 px.
        assertThat(c[0] * 600).isCloseTo(160, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(c[1] * 800).isCloseTo(210, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(c[2] * 600).isCloseTo(540, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(c[3] * 800).isCloseTo(590, org.assertj.core.data.Offset.offset(1e-6));
        // No visible torso: the whole frame again.
        k.set(11, new Keypoint(385, 350, 0.1f));
        k.set(12, new Keypoint(415, 350, 0.1f));
        assertThat(MoveNetSinglePose.nextCrop(k, 800, 600)).isNull();
        // Whole frame padded to a square.
        assertThat(MoveNetSinglePose.initialCrop(800, 600)).containsExactly(new double[] {-1.0 / 6, 0, 1 + 1.0 / 6, 1},
                org.assertj.core.data.Offset.offset(1e-12));
    }
}
