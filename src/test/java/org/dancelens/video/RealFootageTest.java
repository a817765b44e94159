package org.dancelens.video;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.dancelens.core.TaskContext;
import org.dancelens.core.VideoFrame;
import org.dancelens.core.VideoInfo;
import org.dancelens.testsupport.TestMedia;
import org.junit.jupiter.api.Test;

/** Real footage of real people: Debian opencv-doc's vtest.avi (pedestrians, 768x576, 795 frames at 10 fps). */
class RealFootageTest {

    @Test
    void probeOfVtest() {
        Path vtest = TestMedia.realFootage("vtest.avi");
        try (VideoSource s = VideoSource.open(vtest)) {
            VideoInfo info = s.info();
            assertThat(info.container()).isEqualTo("avi");
            assertThat(info.codec()).isEqualTo("msmpeg4v3");
            assertThat(info.width()).isEqualTo(768);
            assertThat(info.height()).isEqualTo(576);
            assertThat(info.rotation()).isZero();
            assertThat(info.frameCount()).isEqualTo(795);
            assertThat(info.fps()).isEqualTo(10.0);
            assertThat(info.durationSeconds()).isEqualTo(79.5);
            assertThat(info.variableFrameRate()).isFalse();
            assertThat(info.hasAudio()).isFalse();
        }
    }

    @Test
    void randomSeeksReturnTheSameFramesAsSequentialDecoding() {
        Path vtest = TestMedia.realFootage("vtest.avi");
        try (VideoSource s = VideoSource.open(vtest, TaskContext.NONE, 0, 0)) {
            int n = s.frameCount();
            long[] hashes = new long[n];
            int delivered = s.read(0, n, f -> {
                hashes[f.index()] = hash(f);
                return true;
            }, TestMedia.NO_DAMAGE, TaskContext.NONE);
            assertThat(delivered).isEqualTo(795);
            // Consecutive frames of real footage differ (people walk), so a hash identifies the frame.
            long distinct = Arrays.stream(hashes).distinct().count();
            assertThat(distinct).isGreaterThan(790);
            Random r = new Random(3);
            for (int i = 0; i < 60; i++) {
                int k = i < 50 ? r.nextInt(n) : n - 1 - i;
                VideoFrame f = s.frame(k);
                assertThat(f.index()).isEqualTo(k);
                assertThat(hash(f)).as("frame %d by seek equals frame %d decoded in order", k, k).isEqualTo(hashes[k]);
            }
        }
    }

    @Test
    void sequentialReadCanStartAnywhereAndBeCancelled() {
        Path vtest = TestMedia.realFootage("vtest.avi");
        try (VideoSource s = VideoSource.open(vtest)) {
            int[] seen = new int[1];
            int delivered = s.read(500, 520, f -> {
                assertThat(f.index()).isEqualTo(500 + seen[0]++);
                return true;
            }, TestMedia.NO_DAMAGE, TaskContext.NONE);
            assertThat(delivered).isEqualTo(20);
            TaskContext cancelAfterTen = new TaskContext() {
                @Override
                public void progress(double fraction, String message) {
                }

                @Override
                public boolean isCancelled() {
                    return seen[0] >= 30;
                }
            };
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.read(0, 795, f -> {
                seen[0]++;
                return true;
            }, TestMedia.NO_DAMAGE, cancelAfterTen)).isInstanceOf(org.dancelens.core.CancelledException.class);
            assertThat(seen[0]).isEqualTo(30);
        }
    }

    static long hash(VideoFrame f) {
        return Arrays.hashCode(f.bgra()) * 31L + f.width();
    }
}
