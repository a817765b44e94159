package org.dancelens.pose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;
import org.dancelens.core.TaskContext;
import org.dancelens.core.VideoFrame;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.TestZoo;
import org.dancelens.video.VideoSource;
import org.junit.jupiter.api.Test;

/** The zoo's selfie segmentation on real footage, checked against the people MoveNet finds there. */
class PersonSegmenterTest {

    @Test
    void theMaskCoversThePeopleMoveNetFindsAndLittleElse() {
        Path vtest = TestMedia.realFootage("vtest.avi");
        ModelRegistry zoo = TestZoo.registry("selfie-segmentation", "movenet-multipose");
        List<VideoFrame> frames = new ArrayList<>();
        try (VideoSource src = VideoSource.open(vtest)) {
            src.read(250, 251, frames::add, TestMedia.NO_DAMAGE, TaskContext.NONE);
        }
        VideoFrame f = frames.get(0);
        PersonSegmenter.Mask mask;
        try (PersonSegmenter seg = PersonSegmenter.open(zoo.find("selfie-segmentation"), OrtRuntime.Device.CPU)) {
            mask = seg.segment(f);
        }
        assertThat(mask.width()).isEqualTo(256);
        int people = 0;
        for (float v : mask.values()) {
            assertThat(v).isBetween(0f, 1f);
            people += v >= 0.5f ? 1 : 0;
        }
        double share = (double) people / mask.values().length;
        List<Pose> poses;
        try (PoseEstimator est = PoseEstimators.create(zoo.find("movenet-multipose"), OrtRuntime.Device.CPU, 0.25f)) {
            poses = est.estimate(f);
        }
        assertThat(poses).isNotEmpty();
        // torso centres (mean of the confident shoulders and hips) of the people found: how many lie on the mask
        int torsos = 0;
        int onMask = 0;
        for (Pose p : poses) {
            double x = 0;
            double y = 0;
            int n = 0;
            for (int k : new int[] {5, 6, 11, 12}) {
                Keypoint kp = p.keypoints().get(k);
                if (kp.score() >= 0.3f) {
                    x += kp.x();
                    y += kp.y();
                    n++;
                }
            }
            if (n >= 3) {
                torsos++;
                onMask += mask.valueAt(x / n, y / n, f.width(), f.height()) >= 0.5f ? 1 : 0;
            }
        }
        System.out.printf("selfie-segmentation on vtest.avi frame 250: %.1f%% of the frame is person; %d of %d MoveNet torsos on the mask%n",
                100 * share, onMask, torsos);
        assertThat(torsos).isGreaterThan(0);
        assertThat(share).as("a street scene with a few walkers is mostly background").isBetween(0.005, 0.5);
        assertThat((double) onMask / torsos).as("the walkers MoveNet finds are on the mask").isGreaterThanOrEqualTo(0.5);
    }

    @Test
    void aModelThatIsNotASegmenterIsRefused() {
        ModelRegistry zoo = TestZoo.registry("movenet-lightning");
        assertThatThrownBy(() -> PersonSegmenter.open(zoo.find("movenet-lightning"), OrtRuntime.Device.CPU))
                .isInstanceOf(DanceLensException.class).hasMessageContaining("not a person segmenter");
    }
}
