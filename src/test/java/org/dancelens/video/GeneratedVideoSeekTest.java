package org.dancelens.video;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.dancelens.core.TaskContext;
import org.dancelens.core.VideoFrame;
import org.dancelens.core.VideoInfo;
import org.dancelens.testsupport.TestMedia;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Frame-exact access on generated videos whose every frame carries its own index: several codecs and containers,
 * odd sizes, B-frames, variable frame rate and rotation metadata. Every frame read sequentially and every frame
 * reached by a random seek must carry the index it was asked for, and the two must be pixel-identical.
 */
class GeneratedVideoSeekTest {

    /** Irregular presentation times (ms steps 20..60), like phone footage. */
    static long[] vfrMicros(int n) {
        long[] t = new long[n];
        Random r = new Random(7);
        for (int i = 1; i < n; i++) {
            t[i] = t[i - 1] + 1000L * (20 + r.nextInt(41));
        }
        return t;
    }

    static Stream<Arguments> videos() {
        return Stream.of(
                Arguments.of("mpeg4-bframes.mp4", PatternVideoWriter.Spec.of("mp4", "mpeg4", 320, 240, 90, 25).gop(12).bFrames(2), false),
                Arguments.of("h264-odd.mp4", PatternVideoWriter.Spec.of("mp4", "libopenh264", 322, 242, 80, 30).gop(25), false),
                Arguments.of("ffv1-odd.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 322, 241, 60, 24).gop(10), false),
                Arguments.of("mjpeg.avi", PatternVideoWriter.Spec.of("avi", "mjpeg", 320, 240, 50, 15).gop(1), false),
                Arguments.of("vp9.webm", PatternVideoWriter.Spec.of("webm", "libvpx-vp9", 160, 128, 40, 25).gop(15)
                        .option("deadline", "realtime").option("cpu-used", "8"), false),
                Arguments.of("mpeg2-bframes.mpg", PatternVideoWriter.Spec.of("mpeg", "mpeg2video", 352, 288, 75, 25).gop(15).bFrames(2), false),
                Arguments.of("vfr-ffv1.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 256, 144, 0, 30).gop(8).timestamps(vfrMicros(70)), true),
                Arguments.of("vfr-mpeg4.mp4", PatternVideoWriter.Spec.of("mp4", "mpeg4", 256, 144, 0, 30).gop(10).bFrames(1).timestamps(vfrMicros(70)), true),
                Arguments.of("rot90.mp4", PatternVideoWriter.Spec.of("mp4", "mpeg4", 320, 176, 40, 25).gop(10).rotated(90), false),
                Arguments.of("rot180.mov", PatternVideoWriter.Spec.of("mov", "mpeg4", 320, 176, 40, 25).gop(10).rotated(180), false),
                Arguments.of("rot270.mp4", PatternVideoWriter.Spec.of("mp4", "libopenh264", 320, 176, 40, 25).gop(10).rotated(270), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("videos")
    void everyFrameIsExactSequentiallyAndByRandomSeek(String name, PatternVideoWriter.Spec spec, boolean vfr) {
        Path file = TestMedia.generated(name, spec);
        try (VideoSource src = VideoSource.open(file, TaskContext.NONE, 64L << 20, 0)) {
            VideoInfo info = src.info();
            int frames = spec.timestampsMicros() != null ? spec.timestampsMicros().length : spec.frames();
            boolean swap = spec.rotation() == 90 || spec.rotation() == 270;
            assertThat(info.frameCount()).as("frame count").isEqualTo(frames);
            assertThat(info.rotation()).as("rotation").isEqualTo(spec.rotation());
            assertThat(info.width()).isEqualTo(swap ? spec.height() : spec.width());
            assertThat(info.height()).isEqualTo(swap ? spec.width() : spec.height());
            assertThat(info.codedWidth()).isEqualTo(spec.width());
            assertThat(info.variableFrameRate()).as("variable frame rate").isEqualTo(vfr);
            if (vfr) {
                long[] t = spec.timestampsMicros();
                for (int i = 0; i < frames; i++) {
                    assertThat(src.index().timeOf(i)).as("time of frame %d", i).isCloseTo(t[i] / 1e6, org.assertj.core.data.Offset.offset(1e-3));
                }
                assertThat(info.fps()).isCloseTo(frames / (t[frames - 1] / 1e6 + src.index().frameDurationSeconds(frames - 1)),
                        org.assertj.core.data.Offset.offset(0.5));
            } else {
                assertThat(info.fps()).isCloseTo(spec.fps(), org.assertj.core.data.Offset.offset(0.01));
                assertThat(info.durationSeconds()).isCloseTo(frames / spec.fps(), org.assertj.core.data.Offset.offset(0.01));
            }

            // Sequential: every frame in order, each carrying its own index.
            List<VideoFrame> seq = new ArrayList<>();
            int delivered = src.read(0, frames, f -> seq.add(f), TestMedia.NO_DAMAGE, TaskContext.NONE);
            assertThat(delivered).isEqualTo(frames);
            for (int i = 0; i < frames; i++) {
                VideoFrame f = seq.get(i);
                assertThat(f.index()).isEqualTo(i);
                assertThat(f.width()).isEqualTo(info.width());
                assertThat(f.height()).isEqualTo(info.height());
                assertThat(PatternVideoWriter.readIndex(f, spec.width(), spec.height(), spec.rotation()))
                        .as("pattern of sequential frame %d", i).isEqualTo(i);
            }

            // Random access: random order, backwards, key frames and their neighbours.
            Random r = new Random(11);
            int[] targets = new int[60];
            for (int i = 0; i < 40; i++) {
                targets[i] = r.nextInt(frames);
            }
            for (int i = 40; i < 60; i++) {
                targets[i] = frames - 1 - (i - 40) * 3 % frames;
            }
            src.cache().clear();
            for (int n : targets) {
                VideoFrame f = src.frame(n);
                assertThat(f.index()).isEqualTo(n);
                assertThat(PatternVideoWriter.readIndex(f, spec.width(), spec.height(), spec.rotation()))
                        .as("pattern of frame %d after random seek", n).isEqualTo(n);
                assertThat(Arrays.equals(f.bgra(), seq.get(n).bgra())).as("frame %d pixel-identical to sequential decode", n).isTrue();
                src.cache().clear();
            }

            // Scrub previews: the exact frame, or the key frame at or before it, and they say which.
            for (int n : targets) {
                VideoFrame p = src.previewFrame(n);
                assertThat(p.index()).isLessThanOrEqualTo(n);
                assertThat(p.index() == n || src.index().isKeyFrame(p.index())).as("preview of %d is exact or a key frame", n).isTrue();
                assertThat(PatternVideoWriter.readIndex(p, spec.width(), spec.height(), spec.rotation())).isEqualTo(p.index());
            }
        }
    }
}
