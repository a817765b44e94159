package org.dancelens.testsupport;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.dancelens.core.TaskContext;
import org.dancelens.video.VideoSource;

/**
 * Short lossless (FFV1) copies of real footage, written once per build under target/test-media: whole-video runs of a
 * real clip in seconds. Skips the test when the real footage has not been fetched.
 */
public final class RealClips {
    private static final ConcurrentMap<String, Path> MADE = new ConcurrentHashMap<>();

    private RealClips() {
    }

    /** Frames {@code [from, from + frames)} of vtest.avi (people walking, 768x576, 10 fps) as an FFV1 Matroska file. */
    public static Path vtest(int from, int frames) {
        Path vtest = TestMedia.realFootage("vtest.avi");
        String name = "vtest-" + from + "-" + frames + ".mkv";
        return MADE.computeIfAbsent(name, n -> {
            Path out = TestMedia.generatedDir().resolve(n);
            try {
                Path tmp = Files.createTempFile(TestMedia.generatedDir(), "clip-", "-" + n);
                try (VideoSource src = VideoSource.open(vtest)) {
                    int w = src.info().width();
                    int h = src.info().height();
                    try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(tmp.toFile(), w, h, 0)) {
                        rec.setFormat("matroska");
                        rec.setVideoCodecName("ffv1");
                        rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
                        rec.setFrameRate(src.info().fps());
                        rec.start();
                        Exception[] failed = {null};
                        int read = src.read(from, from + frames, f -> {
                            try {
                                rec.recordImage(w, h, org.bytedeco.javacv.Frame.DEPTH_UBYTE, 4, w * 4, avutil.AV_PIX_FMT_BGRA, ByteBuffer.wrap(f.bgra()));
                                return true;
                            } catch (FFmpegFrameRecorder.Exception e) {
                                failed[0] = e;
                                return false;
                            }
                        }, TestMedia.NO_DAMAGE, TaskContext.NONE);
                        if (failed[0] != null) {
                            throw failed[0];
                        }
                        if (read != frames) {
                            throw new IllegalStateException("vtest.avi gave " + read + " of frames " + from + ".." + (from + frames));
                        }
                        rec.stop();
                    }
                }
                Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (Exception e) {
                throw new IllegalStateException("Could not write " + n + ": " + e.getMessage(), e);
            }
            return out;
        });
    }
}
