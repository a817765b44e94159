package org.dancelens.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dancelens.core.VideoInfo;
import org.dancelens.testsupport.CliRun;
import org.dancelens.video.VideoSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench make-video --codec libx264|libx265}: phone-like H.264 and HEVC made by the system's ffmpeg, read back by DanceLens. */
class BenchMakeVideoSystemFfmpegTest {
    @TempDir
    Path dir;

    static boolean hasFfmpeg() {
        try {
            return new ProcessBuilder("ffmpeg", "-version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void h264AndHevcAreWrittenWithTheirKeyFrameIntervalAndDecodeFrameByFrame() throws Exception {
        assumeTrue(hasFfmpeg(), "the system's ffmpeg is not installed (apt-get install ffmpeg; .ci/run installs it)");
        for (String codec : new String[] {"libx264", "libx265"}) {
            Path out = dir.resolve(codec + ".mp4");
            CliRun r = CliRun.of("bench", "make-video", out.toString(), "--size", "640x360", "--frames", "40", "--gop", "25", "--codec", codec);
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).startsWith("wrote " + out + " with the system's ffmpeg: " + codec + " 640x360, 40 frames");
            try (VideoSource src = VideoSource.open(out)) {
                VideoInfo info = src.info();
                assertThat(info.codec()).isEqualTo(codec.equals("libx264") ? "h264" : "hevc");
                assertThat(info.width()).isEqualTo(640);
                assertThat(info.frameCount()).isEqualTo(40);
                assertThat(info.keyFrameCount()).as("a key frame every 25 frames").isEqualTo(2);
                assertThat(src.frame(33).index()).isEqualTo(33);
            }
            try (var files = Files.list(dir)) {
                assertThat(files.filter(p -> p.getFileName().toString().contains(".part")).toList()).as("no temporary file left").isEmpty();
            }
        }
    }
}
