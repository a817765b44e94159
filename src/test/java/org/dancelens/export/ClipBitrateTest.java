package org.dancelens.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.dancelens.core.TaskContext;
import org.dancelens.testsupport.CliRun;
import org.dancelens.testsupport.RealClips;
import org.dancelens.video.VideoSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --bitrate}: OpenH264's bitrate rate control, measured on the written clip. */
class ClipBitrateTest {
    @TempDir
    Path tmp;

    /** The clip's video bits over its duration, bits/s: the sizes of its video packets read back. */
    static double videoBitrate(Path clip) throws Exception {
        long bytes = 0;
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(clip.toFile())) {
            g.start();
            int video = g.getVideoStream();
            AVPacket p;
            while ((p = g.grabPacket()) != null) {
                if (p.stream_index() == video) {
                    bytes += p.size();
                }
            }
        }
        try (VideoSource v = VideoSource.open(clip)) {
            return 8.0 * bytes / v.info().durationSeconds();
        }
    }

    @Test
    void theClipsVideoBitrateIsTheOneAskedFor() throws Exception {
        // real footage (people walking, 768x576, 10 fps), 100 frames: 10 s, long enough for the rate control to settle
        Path video = RealClips.vtest(0, 100);
        Path low = tmp.resolve("low.mp4");
        ClipExporter.export(ClipExporter.Request.of(video, low).overlays(EnumSet.noneOf(ClipExporter.Overlay.class)).bitrate(300_000), null,
                TaskContext.NONE);
        // measured 305 kbit/s and 1162 kbit/s (within 4%); the tolerance is 10%
        assertEquals(300_000, videoBitrate(low), 30_000, "video bitrate of the clip asked for 300k");
        Path high = tmp.resolve("high.mp4");
        CliRun r = CliRun.of("export", "clip", video.toString(), "--out", high.toString(), "--overlays", "none", "--bitrate", "1.2M");
        assertEquals(0, r.code(), r.err());
        assertEquals(1_200_000, videoBitrate(high), 120_000, "video bitrate of the clip asked for 1.2M");
    }

    @Test
    void bitrateAndQualityAreOneOrTheOtherAndABadBitrateIsOneLine() {
        Path video = ClipExporterTest.source();
        Path out = tmp.resolve("c.mp4");
        CliRun both = CliRun.of("export", "clip", video.toString(), "--out", out.toString(), "--overlays", "none", "--bitrate", "8M", "--crf", "20");
        assertEquals(2, both.code());
        assertEquals(1, both.err().strip().lines().count(), both.err());
        assertTrue(both.err().contains("mutually exclusive"), both.err());
        CliRun bad = CliRun.of("export", "clip", video.toString(), "--out", out.toString(), "--overlays", "none", "--bitrate", "fast");
        assertEquals(2, bad.code());
        assertEquals("dancelens: --bitrate is bits a second with k or M, e.g. 8M or 4000k, not 'fast'.", bad.err().strip());
        CliRun tiny = CliRun.of("export", "clip", video.toString(), "--out", out.toString(), "--overlays", "none", "--bitrate", "5k");
        assertEquals(2, tiny.code());
        assertEquals("dancelens: The bitrate must be between 100k and 500M bits a second, not 5000.", tiny.err().strip());
        assertFalse(Files.exists(out));
    }
}
