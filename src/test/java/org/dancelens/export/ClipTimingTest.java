package org.dancelens.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.core.TaskContext;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.video.PatternVideoWriter;
import org.dancelens.video.VideoSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The clip's last frame lasts as long as it did in the source, for variable-frame-rate footage too. */
class ClipTimingTest {
    @TempDir
    Path tmp;

    /** The frame times of ClipExporterTest's variable-rate video (the same generated file): frame i lasts 50 ms when i % 3 == 0, else 20 ms. */
    static long[] vfrTimes() {
        long[] micros = new long[40];
        long t = 0;
        for (int i = 0; i < micros.length; i++) {
            micros[i] = t;
            t += i % 3 == 0 ? 50_000 : 20_000;
        }
        return micros;
    }

    @Test
    void theLastFrameOfAVariableRateClipLastsItsSourceFrame() throws Exception {
        Path video = TestMedia.generated("clip-vfr.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 256, 144, 0, 30).gop(8).timestamps(vfrTimes()));
        Path out = tmp.resolve("vfr.mp4");
        try (ResultsStore store = ClipExporterTest.storeWithPoses(tmp.resolve("r.sqlite"), video, 40)) {
            ClipExporter.export(ClipExporter.Request.of(video, out).range(5, 35), store, TaskContext.NONE);
        }
        Path whole = tmp.resolve("whole.mp4");
        try (ResultsStore store = ClipExporterTest.storeWithPoses(tmp.resolve("r.sqlite"), video, 40)) {
            ClipExporter.export(ClipExporter.Request.of(video, whole).range(30, -1), store, TaskContext.NONE);
        }
        try (VideoSource clip = VideoSource.open(out); VideoSource src = VideoSource.open(video)) {
            assertTrue(clip.info().variableFrameRate());
            assertEquals(30, clip.frameCount());
            for (int i = 0; i < 30; i++) {
                assertEquals(src.index().timeOf(5 + i) - src.index().timeOf(5), clip.index().timeOf(i), 1e-4, "time of clip frame " + i);
            }
            // source frame 34 lasts 20 ms (frame i lasts 50 ms when i % 3 == 0, else 20 ms): so does the clip's last frame
            double last = src.index().timeOf(35) - src.index().timeOf(34);
            assertEquals(0.020, last, 1e-4);
            assertEquals(last, clip.info().durationSeconds() - clip.index().timeOf(29), 1e-3, "the last frame's duration");
            assertEquals(src.index().timeOf(35) - src.index().timeOf(5), clip.info().durationSeconds(), 1e-3, "the clip's duration");
        }
        // to the end of the video: the last frame lasts as the source's last frame does (to the video's end)
        try (VideoSource clip = VideoSource.open(whole); VideoSource src = VideoSource.open(video)) {
            assertEquals(10, clip.frameCount());
            assertEquals(src.info().durationSeconds() - src.index().timeOf(30), clip.info().durationSeconds(), 1e-3, "the clip's duration");
        }
        // the encoder's intermediate file is gone, and so is every temporary file
        try (var l = java.nio.file.Files.list(tmp)) {
            assertEquals(java.util.List.of("r.sqlite", "vfr.mp4", "whole.mp4"),
                    l.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("r.sqlite-")).sorted().toList());
        }
    }

    @Test
    void aCancelledVariableRateClipLeavesNoFileBehind() throws Exception {
        Path video = TestMedia.generated("clip-vfr.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 256, 144, 0, 30).gop(8).timestamps(vfrTimes()));
        TaskContext cancelHalfWay = new TaskContext() {
            volatile double done;

            @Override
            public void progress(double fraction, String message) {
                done = fraction;
            }

            @Override
            public boolean isCancelled() {
                return done > 0.5;
            }
        };
        Path out = tmp.resolve("vfr.mp4");
        org.junit.jupiter.api.Assertions.assertThrows(org.dancelens.core.CancelledException.class, () -> ClipExporter.export(
                ClipExporter.Request.of(video, out).overlays(java.util.EnumSet.noneOf(ClipExporter.Overlay.class)), null, cancelHalfWay));
        try (var l = java.nio.file.Files.list(tmp)) {
            assertEquals(java.util.List.of(), l.toList());
        }
    }

    @Test
    void theLastFrameOfAConstantRateClipLastsOneFrame() {
        Path video = ClipExporterTest.source();
        Path out = tmp.resolve("cfr.mp4");
        ClipExporter.export(ClipExporter.Request.of(video, out).range(10, 25).overlays(java.util.EnumSet.noneOf(ClipExporter.Overlay.class)), null,
                TaskContext.NONE);
        try (VideoSource clip = VideoSource.open(out)) {
            assertEquals(15, clip.frameCount());
            assertEquals(0.5, clip.info().durationSeconds(), 1e-3);
            assertEquals(1 / 30.0, clip.info().durationSeconds() - clip.index().timeOf(14), 1e-3);
        }
    }

    /**
     * A 30 fps Matroska file keeps its times in milliseconds (33, 34, 33 ms between frames): a clip from a frame that
     * starts a 34 ms gap used that gap as its tick and put two frames on one tick, which the muxer refused (found in the
     * sync bar's clip of two such videos). Every start frame now makes a clip with every frame at its source time.
     */
    @Test
    void aMillisecondTimedSourceMakesAClipFromAnyFrame() {
        Path video = TestMedia.generated("clip-ms.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 160, 120, 60, 30).gop(10));
        try (VideoSource src = VideoSource.open(video)) {
            double[] gaps = new double[3];
            for (int i = 0; i < 3; i++) {
                gaps[i] = src.index().frameDurationSeconds(i);
            }
            assertEquals(java.util.Set.of(0.033, 0.034), java.util.Arrays.stream(gaps).map(g -> Math.round(g * 1000) / 1000.0).boxed()
                    .collect(java.util.stream.Collectors.toSet()), "millisecond gaps");
            for (int from = 0; from < 3; from++) {
                Path out = tmp.resolve("ms-" + from + ".mp4");
                ClipExporter.export(ClipExporter.Request.of(video, out).range(from, from + 40).overlays(java.util.EnumSet.noneOf(ClipExporter.Overlay.class)),
                        null, TaskContext.NONE);
                try (VideoSource clip = VideoSource.open(out)) {
                    assertEquals(40, clip.frameCount(), "frames of the clip from " + from);
                    double tick = 1 / 30.0;
                    for (int i = 0; i < 40; i++) {
                        assertEquals(src.index().timeOf(from + i) - src.index().timeOf(from), clip.index().timeOf(i), tick / 2 + 1e-3,
                                "time of clip frame " + i + " from " + from);
                        assertEquals(from + i, PatternVideoWriter.readIndex(clip.frame(i), 160, 120, 0), "the picture of clip frame " + i);
                    }
                }
            }
        }
    }
}
