package org.dancelens.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dancelens.analysis.store.PoseFrames;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.RunKind;
import org.dancelens.analysis.store.RunSpec;
import org.dancelens.analysis.store.RunStatus;
import org.dancelens.core.CancelledException;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;
import org.dancelens.core.SkeletonSchema;
import org.dancelens.core.TaskContext;
import org.dancelens.core.VideoFrame;
import org.dancelens.render.OverlayScene;
import org.dancelens.render.SceneBuilder;
import org.dancelens.render.SceneStyle;
import org.dancelens.render.TimelineStrip;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.video.FrameIndex;
import org.dancelens.video.PatternVideoWriter;
import org.dancelens.video.SyncClock;
import org.dancelens.video.VideoSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The comparison clip on generated videos whose every frame carries its own index: the right source frame on each side
 * (two runs: the same frame; two videos: the frame the clock names, worked out here from the timestamps, also when B is
 * variable-frame-rate), each side the picture {@code export frame} makes within the codec's tolerance, the lanes and
 * their playhead under the picture, the clip's size, and a cancel that leaves no file.
 */
class CompareClipTest {
    private static final int W = ClipExporterTest.W;
    private static final int H = ClipExporterTest.H;
    /** How far run B's dancer is from run A's, pixels. */
    private static final int SHIFT = 14;

    @TempDir
    Path tmp;

    /** A store with run A ({@link ClipExporterTest#dancer}) and run B, the same dancer {@link #SHIFT} pixels lower, both complete. */
    private ResultsStore twoRuns(Path video, int frames) {
        ResultsStore s = ClipExporterTest.storeWithPoses(tmp.resolve("results.sqlite"), video, frames);
        long b = s.runs().findOrCreate(new RunSpec(video.toAbsolutePath().toString(), frames, RunKind.POSE, "movenet-lightning", "def", "card", "{}", 0,
                frames)).id();
        List<PoseFrames.FrameResult> rows = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            rows.add(new PoseFrames.FrameResult(f, f / 30.0, List.of(shifted(f)), List.of(shifted(f))));
        }
        s.poses().write(b, rows);
        s.runs().setStatus(b, RunStatus.COMPLETE);
        return s;
    }

    private static Pose shifted(int frame) {
        Pose a = ClipExporterTest.dancer(frame);
        List<Keypoint> k = new ArrayList<>();
        for (Keypoint p : a.keypoints()) {
            k.add(new Keypoint(p.x(), p.y() + SHIFT, p.score()));
        }
        return new Pose(1, SkeletonSchema.COCO_17, k, new float[] {30, 120 + SHIFT, 280, 200 + SHIFT}, 0.9f, null);
    }

    private static long run(ResultsStore s, String model) {
        return s.runs().list(s.runs().all().get(0).videoPath(), RunKind.POSE).stream().filter(r -> r.modelId().equals(model)).findFirst().orElseThrow().id();
    }

    @Test
    void sideBySideHasBothRunsOnTheSameSourceFrameAndTheLanesUnder() {
        Path video = ClipExporterTest.source();
        Path out = tmp.resolve("side.mp4");
        CompareClip.Result r;
        long a;
        long b;
        try (ResultsStore store = twoRuns(video, ClipExporterTest.FRAMES)) {
            a = run(store, "movenet-multipose");
            b = run(store, "movenet-lightning");
            r = CompareClip.runs(store, a, b, out, CompareClip.Look.defaults().range(10, 40), TaskContext.NONE);
            ClipExporter.export(ClipExporter.Request.of(video, tmp.resolve("a.mp4")).range(10, 40).runs(a, null), store, TaskContext.NONE);
        }
        assertEquals(30, r.frames());
        assertEquals(2 * W, r.width());
        assertTrue(r.laneHeight() > 0, "lanes under the picture");
        assertEquals(H + r.laneHeight(), r.height());
        assertEquals(0, r.height() % 2);
        assertTrue(r.audio(), "A's audio");
        assertTrue(r.lanes().contains("OKS"), r.lanes());
        try (VideoSource clip = VideoSource.open(out); VideoSource src = VideoSource.open(video); VideoSource single = VideoSource.open(tmp.resolve("a.mp4"))) {
            assertEquals(30, clip.frameCount());
            assertEquals(2 * W, clip.info().width());
            assertEquals(H + r.laneHeight(), clip.info().height());
            for (int i = 0; i < 30; i++) {
                VideoFrame f = clip.frame(i);
                assertEquals(10 + i, PatternVideoWriter.readIndex(crop(f, 0, 0, W, H), W, H, 0), "left half of clip frame " + i);
                assertEquals(10 + i, PatternVideoWriter.readIndex(crop(f, W, 0, W, H), W, H, 0), "right half of clip frame " + i);
                assertEquals(src.index().timeOf(10 + i) - src.index().timeOf(10), clip.index().timeOf(i), 1e-4, "time of clip frame " + i);
            }
            // each half is the picture 'export frame' makes of its run on that frame, within the codec's tolerance; where the
            // two runs' pictures differ (the skeletons), each half is near its own run and far from the other's
            VideoFrame cf = clip.frame(7);
            VideoFrame sf = src.frame(17);
            BufferedImage pa = FrameExport.picture(sf, scene(sf, ClipExporterTest.dancer(17), "movenet-multipose"));
            BufferedImage pb = FrameExport.picture(sf, scene(sf, shifted(17), "movenet-lightning"));
            double[] left = diff(cf, 0, pa, pb);
            double[] right = diff(cf, W, pb, pa);
            // the codec's tolerance: how far the clip of run A alone (export clip, same quality) is from the same picture
            double codec = diff(single.frame(7), 0, pa, pb)[0];
            assertTrue(codec > 0.5, "the codec loses something: " + codec);
            assertTrue(left[0] < 1.3 * codec, "left half vs A's picture: mean " + left[0] + " (export clip: " + codec + ")");
            assertTrue(right[0] < 1.3 * codec, "right half vs B's picture: mean " + right[0] + " (export clip: " + codec + ")");
            assertTrue(left[2] > 300 && left[1] < 0.5 * left[3], "where the skeletons differ the left half is A's: " + java.util.Arrays.toString(left));
            assertTrue(right[2] > 300 && right[1] < 0.5 * right[3], "where the skeletons differ the right half is B's: " + java.util.Arrays.toString(right));
            // the lanes: the strip TimelineStrip draws for the comparison, with the playhead at the clip frame's source frame
            int[] column = new int[2];
            for (int k = 0; k < 2; k++) {
                int frame = k == 0 ? 12 : 35;
                VideoFrame lf = clip.frame(frame - 10);
                TimelineStrip strip = stripOf(r, 10, 40);
                column[k] = strip.playheadColumn(frame);
                BufferedImage want = strip.picture(frame);
                double sum = 0;
                for (int y = 0; y < r.laneHeight(); y++) {
                    for (int x = 0; x < 2 * W; x++) {
                        sum += rgbDiff(lf.argb(x, H + y), want.getRGB(x, y));
                    }
                }
                // thin text and 1-pixel lines under 4:2:0 at the default quality: a looser bound than the picture's
                assertTrue(sum / (r.laneHeight() * 2 * W) < 12, "the strip under clip frame " + (frame - 10) + ": mean " + sum / (r.laneHeight() * 2 * W));
                int y = H + r.laneHeight() / 2;
                assertTrue(rgbDiff(lf.argb(column[k], y), TimelineStrip.PLAYHEAD.getRGB()) < 60, "playhead at frame " + frame);
            }
            assertTrue(column[1] > column[0] + 100, "the playhead moves: " + column[0] + " then " + column[1]);
        }
    }

    /** The strip the clip draws (the same lanes, range and size) to compare with. */
    private TimelineStrip stripOf(CompareClip.Result r, int from, int to) {
        try (ResultsStore store = ResultsStore.open(tmp.resolve("results.sqlite"))) {
            var a = store.runs().find(run(store, "movenet-multipose")).orElseThrow();
            var b = store.runs().find(run(store, "movenet-lightning")).orElseThrow();
            var o = org.dancelens.analysis.RunComparison.compare(store, a, b, TaskContext.NONE);
            return new TimelineStrip(CompareClip.lanes(o, ClipExporterTest.FRAMES), from, to, r.width(), r.laneHeight());
        }
    }

    @Test
    void overlaidDrawsBDashedOverAAsThePlayerDoes() {
        Path video = ClipExporterTest.source();
        Path out = tmp.resolve("over.mp4");
        CompareClip.Result r;
        try (ResultsStore store = twoRuns(video, ClipExporterTest.FRAMES)) {
            r = CompareClip.runs(store, run(store, "movenet-multipose"), run(store, "movenet-lightning"), out,
                    CompareClip.Look.defaults().layout(CompareClip.Layout.OVERLAID).range(0, 20), TaskContext.NONE);
        }
        assertEquals(20, r.frames());
        assertEquals(W, r.width());
        try (VideoSource clip = VideoSource.open(out); VideoSource src = VideoSource.open(video)) {
            VideoFrame cf = clip.frame(9);
            VideoFrame sf = src.frame(9);
            OverlayScene a = scene(sf, ClipExporterTest.dancer(9), "movenet-multipose");
            BufferedImage both = FrameExport.picture(sf, a.withComparePoses(List.of(shifted(9))));
            BufferedImage aOnly = FrameExport.picture(sf, a);
            double[] d = diff(cf, 0, both, aOnly);
            // the thin dashed lines lose most under 4:2:0 (magenta is mostly colour): a looser bound than a plain picture's
            assertTrue(d[0] < 7, "the clip is A's picture with B's dancers in the comparison style: mean " + d[0]);
            assertTrue(d[2] > 300 && d[1] < 0.75 * d[3], "B's dashed skeleton is there: " + java.util.Arrays.toString(d));
        }
    }

    @Test
    void twoVideosShowTheFrameTheClockNamesAlsoWhenBIsVariableRate() {
        long[] micros = new long[70];
        java.util.Random rnd = new java.util.Random(7);
        for (int i = 1; i < micros.length; i++) {
            micros[i] = micros[i - 1] + 1000L * (20 + rnd.nextInt(41));
        }
        // the media SyncClockTest makes (same names, same specs)
        Path cfr = TestMedia.generated("sync-cfr30.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 256, 144, 90, 30).gop(10));
        Path vfr = TestMedia.generated("sync-vfr.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 256, 144, 0, 30).gop(8).timestamps(micros));
        Path out = tmp.resolve("sync.mp4");
        double syncA = 1.0;
        double syncB = micros[20] / 1e6;
        CompareClip.Result r = CompareClip.videos(new CompareClip.SyncSide(cfr, null, null, syncA), new CompareClip.SyncSide(vfr, null, null, syncB), out,
                CompareClip.Look.defaults(), TaskContext.NONE);
        // worked out from the timestamps: A's frame n is at n/30 s (1 ms ticks), B is there at micros[20] + (n/30 - 1) s
        List<Integer> expectedB = new ArrayList<>();
        int first = -1;
        try (VideoSource a = VideoSource.open(cfr)) {
            FrameIndex ia = a.index();
            long syncMs = ia.pts(30) - ia.pts(0);
            long lastEndMs = micros[micros.length - 1] / 1000 + (micros[micros.length - 1] - micros[micros.length - 2]) / 1000;
            for (int n = 0; n < 90; n++) {
                long bMs = micros[20] / 1000 + (ia.pts(n) - ia.pts(0)) - syncMs;
                if (bMs >= 0 && bMs < lastEndMs) {
                    first = first < 0 ? n : first;
                    int k = 0;
                    for (int i = 0; i < micros.length; i++) {
                        if (micros[i] / 1000 <= bMs) {
                            k = i;
                        }
                    }
                    expectedB.add(k);
                }
            }
        }
        assertEquals(expectedB.size(), r.frames(), "A's frames at whose time B has a frame");
        assertEquals(first, r.fromFrame());
        assertEquals(2 * 256, r.width());
        assertEquals(144, r.height());
        assertEquals(0, r.laneHeight());
        assertEquals(0, r.bMissing());
        try (VideoSource clip = VideoSource.open(out)) {
            assertEquals(expectedB.size(), clip.frameCount());
            for (int i = 0; i < clip.frameCount(); i++) {
                VideoFrame f = clip.frame(i);
                assertEquals(first + i, PatternVideoWriter.readIndex(crop(f, 0, 0, 256, 144), 256, 144, 0), "A at clip frame " + i);
                assertEquals((int) expectedB.get(i), PatternVideoWriter.readIndex(crop(f, 256, 0, 256, 144), 256, 144, 0), "B at clip frame " + i);
            }
        }
        // superposed, B fully opaque and mirrored: the clip mirrored back is B's frame; a range beyond B's end says B has none
        Path over = tmp.resolve("over.mp4");
        CompareClip.Result o = CompareClip.videos(new CompareClip.SyncSide(cfr, null, null, syncA), new CompareClip.SyncSide(vfr, null, null, syncB), over,
                CompareClip.Look.defaults().layout(CompareClip.Layout.OVERLAID).opacity(1).mirrored(false, true).range(first, 90), TaskContext.NONE);
        assertEquals(256, o.width());
        assertEquals(90 - first - expectedB.size(), o.bMissing(), "B has no frame after its end");
        try (VideoSource clip = VideoSource.open(over)) {
            for (int i : new int[] {0, 5, expectedB.size() - 1}) {
                VideoFrame f = clip.frame(i);
                assertEquals((int) expectedB.get(i), PatternVideoWriter.readIndex(mirror(f), 256, 144, 0), "B mirrored at clip frame " + i);
            }
            assertEquals(first + expectedB.size(), PatternVideoWriter.readIndex(clip.frame(expectedB.size()), 256, 144, 0),
                    "past B's end, A alone (with a sentence at the bottom)");
        }
    }

    /** Dancer 2 of B at frame m: A's dancer's joints, its left wrist (joint 9) lowered by m pixels, so the difference depends on the frame. */
    private static Pose movingWrist(int m) {
        List<Keypoint> k = new ArrayList<>(ClipExporterTest.dancer(0).keypoints());
        Keypoint w = k.get(9);
        k.set(9, new Keypoint(w.x(), w.y() + m, w.score()));
        return new Pose(2, SkeletonSchema.COCO_17, k, new float[] {30, 120, 280, 260}, 0.9f, null);
    }

    @Test
    void twoVideosLaneIsThePoseDifferenceOfTheFramesTheClockPairs() {
        long[] micros = new long[70];
        java.util.Random rnd = new java.util.Random(7);
        for (int i = 1; i < micros.length; i++) {
            micros[i] = micros[i - 1] + 1000L * (20 + rnd.nextInt(41));
        }
        Path cfr = TestMedia.generated("sync-cfr30.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 256, 144, 90, 30).gop(10));
        Path vfr = TestMedia.generated("sync-vfr.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 256, 144, 0, 30).gop(8).timestamps(micros));
        java.util.Map<Integer, List<Pose>> posesA = new java.util.HashMap<>();
        java.util.Map<Integer, List<Pose>> posesB = new java.util.HashMap<>();
        for (int f = 0; f < 90; f++) {
            posesA.put(f, List.of(ClipExporterTest.dancer(f)));
        }
        for (int m = 0; m < 70; m++) {
            posesB.put(m, List.of(movingWrist(m)));
        }
        try (VideoSource a = VideoSource.open(cfr); VideoSource b = VideoSource.open(vfr)) {
            SyncClock clock = new SyncClock(a.index(), b.index(), 30, 20);
            TimelineStrip.Lanes lanes = CompareClip.syncLanes(clock, 90, 0, 90, posesA, 3, posesB, 2, false, "t");
            float[] v = lanes.values()[0];
            FrameIndex ia = a.index();
            java.util.Set<Float> distinct = new java.util.HashSet<>();
            int compared = 0;
            for (int n = 0; n < 90; n++) {
                // B's frame at A's frame n, from the timestamps alone (1 ms ticks)
                long bMs = micros[20] / 1000 + (ia.pts(n) - ia.pts(0)) - (ia.pts(30) - ia.pts(0));
                long endMs = (2 * micros[69] - micros[68]) / 1000;
                if (bMs < 0 || bMs >= endMs) {
                    assertTrue(Float.isNaN(v[n]), "no B frame at A's frame " + n + ": no value");
                    continue;
                }
                int m = 0;
                for (int i = 0; i < micros.length; i++) {
                    if (micros[i] / 1000 <= bMs) {
                        m = i;
                    }
                }
                List<String> joints = SkeletonSchema.COCO_17.joints();
                double want = org.dancelens.compare.PoseDescription.distance(
                        org.dancelens.compare.PoseDescription.describe(ClipExporterTest.dancer(n), joints, 0.3, false),
                        org.dancelens.compare.PoseDescription.describe(movingWrist(m), joints, 0.3, false), 6, Double.NaN);
                assertEquals(want, v[n], 1e-6, "A's frame " + n + " against B's frame " + m);
                distinct.add(v[n]);
                compared++;
            }
            assertTrue(compared > 40 && distinct.size() > 20, compared + " frames, " + distinct.size() + " values");
        }
        // end to end: each video with a stored pose run, the lane under the picture
        Path out = tmp.resolve("lane.mp4");
        try (ResultsStore sa = ClipExporterTest.storeWithPoses(tmp.resolve("a.sqlite"), cfr, 90);
             ResultsStore sb = ClipExporterTest.storeWithPoses(tmp.resolve("b.sqlite"), vfr, 70)) {
            long ra = sa.runs().all().get(0).id();
            long rb = sb.runs().all().get(0).id();
            CompareClip.Result r = CompareClip.videos(new CompareClip.SyncSide(cfr, sa, ra, 1.0), new CompareClip.SyncSide(vfr, sb, rb, micros[20] / 1e6),
                    out, CompareClip.Look.defaults(), TaskContext.NONE);
            assertTrue(r.laneHeight() > 0, "a lane under the picture");
            assertEquals(144 + r.laneHeight(), r.height());
            assertTrue(r.lanes().contains("sync-cfr30.mkv #3") && r.lanes().contains("sync-vfr.mkv #3"), r.lanes());
            DanceLensException e = assertThrows(DanceLensException.class, () -> CompareClip.videos(new CompareClip.SyncSide(cfr, sa, ra, 1.0, 7),
                    new CompareClip.SyncSide(vfr, sb, rb, 0), tmp.resolve("no.mp4"), CompareClip.Look.defaults(), TaskContext.NONE));
            assertTrue(e.getMessage().startsWith("Dancer 7 is not in pose run " + ra + " of sync-cfr30.mkv"), e.getMessage());
        }
        assertFalse(Files.exists(tmp.resolve("no.mp4")));
    }

    @Test
    void cancelLeavesNoFileAndBadRunsSayOneSentence() throws Exception {
        Path video = ClipExporterTest.source();
        Path out = tmp.resolve("cancelled.mp4");
        try (ResultsStore store = twoRuns(video, ClipExporterTest.FRAMES)) {
            long a = run(store, "movenet-multipose");
            long b = run(store, "movenet-lightning");
            AtomicBoolean cancel = new AtomicBoolean();
            TaskContext ctx = new TaskContext() {
                @Override
                public void progress(double fraction, String message) {
                    if (message.startsWith("frame ") && fraction > 0.3) {
                        cancel.set(true);
                    }
                }

                @Override
                public boolean isCancelled() {
                    return cancel.get();
                }
            };
            assertThrows(CancelledException.class, () -> CompareClip.runs(store, a, b, out, CompareClip.Look.defaults(), ctx));
            assertTrue(cancel.get());
            try (var files = Files.list(tmp)) {
                assertEquals(List.of("results.sqlite"), files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("results.sqlite-")).toList());
            }
            DanceLensException e = assertThrows(DanceLensException.class, () -> CompareClip.runs(store, a, 99, out, CompareClip.Look.defaults(),
                    TaskContext.NONE));
            assertEquals(DanceLensException.Kind.BAD_INPUT, e.kind());
            assertEquals("Run B (99) is not in the results store results.sqlite.", e.getMessage());
            e = assertThrows(DanceLensException.class, () -> CompareClip.runs(store, a, b, out, CompareClip.Look.defaults().range(50, 70), TaskContext.NONE));
            assertTrue(e.getMessage().startsWith("Runs " + a + " and " + b + " both cover frames 0 to 59, not all of 50 to 69"), e.getMessage());
            assertFalse(Files.exists(out));
        }
    }

    private static OverlayScene scene(VideoFrame f, Pose p, String model) {
        return SceneBuilder.styled(f.width(), f.height(), List.of(p), SceneBuilder.layers(true, true, false), SceneStyle.PLAYER_DEFAULTS, null, model);
    }

    /**
     * Half of a clip frame (from column {@code x0}) against two pictures: {mean difference to {@code want} over all pixels
     * and channels; where the two pictures differ by more than 200 (of 765): the clip's mean difference to {@code want}, how
     * many such pixels, the clip's mean difference to {@code other}}.
     */
    private static double[] diff(VideoFrame clip, int x0, BufferedImage want, BufferedImage other) {
        double all = 0;
        double near = 0;
        double far = 0;
        int n = 0;
        for (int y = 0; y < want.getHeight(); y++) {
            for (int x = 0; x < want.getWidth(); x++) {
                int c = clip.argb(x0 + x, y);
                int d = rgbDiff(c, want.getRGB(x, y));
                all += d;
                if (rgbDiff(want.getRGB(x, y), other.getRGB(x, y)) > 200) {
                    n++;
                    near += d;
                    far += rgbDiff(c, other.getRGB(x, y));
                }
            }
        }
        return new double[] {all / (want.getWidth() * want.getHeight()) / 3, n == 0 ? 0 : near / n, n, n == 0 ? 0 : far / n};
    }

    private static int rgbDiff(int a, int b) {
        return Math.abs((a >> 16 & 0xff) - (b >> 16 & 0xff)) + Math.abs((a >> 8 & 0xff) - (b >> 8 & 0xff)) + Math.abs((a & 0xff) - (b & 0xff));
    }

    static VideoFrame crop(VideoFrame f, int x0, int y0, int w, int h) {
        byte[] out = new byte[w * h * 4];
        for (int y = 0; y < h; y++) {
            System.arraycopy(f.bgra(), ((y0 + y) * f.width() + x0) * 4, out, y * w * 4, w * 4);
        }
        return new VideoFrame(f.index(), f.timeSeconds(), w, h, out);
    }

    private static VideoFrame mirror(VideoFrame f) {
        byte[] out = new byte[f.bgra().length];
        int w = f.width();
        for (int y = 0; y < f.height(); y++) {
            for (int x = 0; x < w; x++) {
                System.arraycopy(f.bgra(), (y * w + x) * 4, out, (y * w + (w - 1 - x)) * 4, 4);
            }
        }
        return new VideoFrame(f.index(), f.timeSeconds(), w, f.height(), out);
    }
}
