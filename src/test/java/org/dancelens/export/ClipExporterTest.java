package org.dancelens.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
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
import org.dancelens.render.OverlayRenderer;
import org.dancelens.render.OverlayScene;
import org.dancelens.render.Palette;
import org.dancelens.render.Viewport;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.video.PatternVideoWriter;
import org.dancelens.video.VideoSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class ClipExporterTest {
    static final int W = 320;
    static final int H = 240;
    static final int FRAMES = 60;

    @TempDir
    Path tmp;

    public static Path source() {
        return TestMedia.generated("clip-audio.mp4", PatternVideoWriter.Spec.of("mp4", "libopenh264", W, H, FRAMES, 30).gop(15).audio(44_100));
    }

    /** One dancer whose joints move with the frame: joint j at (40 + 12 j + frame, 150 + (j % 3) * 10). */
    public static Pose dancer(int frame) {
        List<Keypoint> k = new ArrayList<>();
        for (int j = 0; j < 17; j++) {
            k.add(new Keypoint(40 + 12 * j + frame, 150 + (j % 3) * 10, 0.95f));
        }
        return new Pose(3, SkeletonSchema.COCO_17, k, new float[] {30, 120, 280, 200}, 0.9f, null);
    }

    /** A store with a complete pose run over the whole of {@code video}. */
    ResultsStore storeWithPoses(Path video, int frames) {
        return storeWithPoses(tmp.resolve("results.sqlite"), video, frames);
    }

    /** A store at {@code file} with a complete pose run ({@link #dancer}) over the whole of {@code video}. */
    public static ResultsStore storeWithPoses(Path file, Path video, int frames) {
        ResultsStore s = ResultsStore.open(file);
        long run = s.runs().findOrCreate(new RunSpec(video.toAbsolutePath().toString(), frames, RunKind.POSE, "movenet-multipose", "abc", "card", "{}", 0,
                frames)).id();
        List<PoseFrames.FrameResult> rows = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            rows.add(new PoseFrames.FrameResult(f, f / 30.0, List.of(dancer(f)), List.of(dancer(f))));
        }
        s.poses().write(run, rows);
        s.runs().setStatus(run, RunStatus.COMPLETE);
        return s;
    }

    @Test
    void clipHasTheRangesFramesTimesSizeOverlaysAndAudio() throws Exception {
        Path video = source();
        Path out = tmp.resolve("clip.mp4");
        ClipExporter.Result r;
        try (ResultsStore store = storeWithPoses(video, FRAMES)) {
            r = ClipExporter.export(ClipExporter.Request.of(video, out).range(10, 40), store, TaskContext.NONE);
        }
        assertEquals(30, r.frames());
        assertTrue(r.audio());
        assertEquals(W, r.width());
        try (VideoSource clip = VideoSource.open(out); VideoSource src = VideoSource.open(video)) {
            assertEquals(30, clip.frameCount());
            assertEquals(W, clip.info().width());
            assertEquals(H, clip.info().height());
            assertEquals("h264", clip.info().codec());
            for (int i = 0; i < 30; i++) {
                assertEquals(src.index().timeOf(10 + i) - src.index().timeOf(10), clip.index().timeOf(i), 1e-4, "time of clip frame " + i);
            }
            assertEquals(1.0, clip.info().durationSeconds(), 1e-3);
            assertFalse(clip.info().variableFrameRate());
            // the pattern's index survives: clip frame i is source frame 10 + i
            for (int i : new int[] {0, 7, 29}) {
                assertEquals(10 + i, PatternVideoWriter.readIndex(clip.frame(i), W, H, 0));
            }
            // joint colours where the stored keypoints are, the source's picture away from them
            VideoFrame cf = clip.frame(5);
            VideoFrame sf = src.frame(15);
            Keypoint k = dancer(15).keypoints().get(0);
            int want = Palette.jointConfidence(0.95f);
            assertTrue(close(cf.argb(Math.round(k.x()), Math.round(k.y())), want, 40),
                    "joint at " + k + ": " + Integer.toHexString(cf.argb(Math.round(k.x()), Math.round(k.y()))) + " vs " + Integer.toHexString(want));
            assertFalse(close(sf.argb(Math.round(k.x()), Math.round(k.y())), want, 40), "the source has no joint there");
            assertTrue(close(cf.argb(300, 60), sf.argb(300, 60), 30), "away from the overlay the clip shows the source");
        }
        // the audio: the range's duration within one AAC frame (1024 samples), and in sync: the sweep on the right
        // channel lines up with the source's sweep from frame 10's time (1/3 s) within a millisecond
        float[] right = rightChannel(out);
        assertEquals(1.0, right.length / 44_100.0, 1024.0 / 44_100, "audio seconds");
        int best = 0;
        double bestScore = -1;
        for (int lag = -2048; lag <= 2048; lag++) {
            double dot = 0;
            for (int k = 2048; k < right.length - 2048; k += 3) {
                dot += right[k] * PatternVideoWriter.toneRight(10 / 30.0 + (k + lag) / 44_100.0);
            }
            if (dot > bestScore) {
                bestScore = dot;
                best = lag;
            }
        }
        assertTrue(Math.abs(best) <= 44, "the clip's audio is " + best + " samples off the video");
    }

    @Test
    void exportedPixelsAreThePlayersOverlayForTheFrame() {
        // the scene the exporter draws for frame N is the one the player builds with the same switches and poses
        Set<OverlayScene.Layer> layers = OverlayScene.layersFor(true, true, false);
        List<Pose> poses = List.of(dancer(12));
        OverlayScene exporter = ClipExporter.scene(W, H, poses, layers, null, "movenet-multipose");
        OverlayScene player = new OverlayScene(W, H, poses, layers, OverlayScene.DEFAULT_MIN_CONFIDENCE, OverlayScene.DEFAULT_BONE_WIDTH,
                -1, null, null, "movenet-multipose");
        assertEquals(player, exporter);
        BufferedImage a = new OverlayRenderer().render(exporter, Viewport.frame(W, H));
        BufferedImage b = new OverlayRenderer().render(player, Viewport.frame(W, H));
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                assertEquals(b.getRGB(x, y), a.getRGB(x, y));
            }
        }
    }

    @Test
    void theExportersCompositeIsTheRenderersToThePixel() {
        try (VideoSource src = VideoSource.open(source())) {
            VideoFrame f = src.frame(7);
            // translucent masks, antialiased bones and text: every kind of partial alpha
            Pose withMask = new Pose(3, SkeletonSchema.COCO_17, dancer(7).keypoints(), new float[] {30, 120, 280, 200}, 0.9f, null,
                    new org.dancelens.core.RegionMask(160f, 150f, 120f, 0.3f, 16, gradient(16)));
            OverlayScene scene = ClipExporter.scene(W, H, List.of(withMask), OverlayScene.layersFor(true, true, true), null, "movenet-multipose");
            BufferedImage overlay = new OverlayRenderer().render(scene, Viewport.frame(W, H));
            BufferedImage expected = OverlayRenderer.composite(f, overlay);
            int[] got = new int[W * H];
            ClipExporter.composite(f, ((java.awt.image.DataBufferInt) overlay.getRaster().getDataBuffer()).getData(), got);
            int partial = 0;
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    assertEquals(expected.getRGB(x, y) & 0xffffff, got[y * W + x], "pixel " + x + "," + y);
                    int a = overlay.getRGB(x, y) >>> 24;
                    partial += a > 0 && a < 255 ? 1 : 0;
                }
            }
            assertTrue(partial > 1000, partial + " partly covered pixels");
        }
    }

    private static float[] gradient(int n) {
        float[] v = new float[n * n];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i % n) / (float) (n - 1);
        }
        return v;
    }

    @Test
    void scaledClipIsEvenAndSilentSourceGivesSilentClip() throws Exception {
        Path video = TestMedia.generated("clip-silent.mp4", PatternVideoWriter.Spec.of("mp4", "libopenh264", 322, 242, 20, 25).gop(10));
        Path out = tmp.resolve("half.mp4");
        try (ResultsStore store = storeWithPoses(video, 20)) {
            ClipExporter.Result r = ClipExporter.export(ClipExporter.Request.of(video, out).scaled(0.5), store, TaskContext.NONE);
            assertFalse(r.audio());
            assertEquals(162, r.width());
            assertEquals(122, r.height());
        }
        try (VideoSource clip = VideoSource.open(out)) {
            assertEquals(20, clip.frameCount());
            assertEquals(162, clip.info().width());
            assertFalse(clip.info().hasAudio());
        }
    }

    @Test
    void heatGoesOverTheFramesWithAStoredMapOnly() {
        Path video = source();
        Path out = tmp.resolve("heat.mp4");
        try (ResultsStore store = ResultsStore.open(tmp.resolve("maps.sqlite"))) {
            long id = store.runs().findOrCreate(new RunSpec(video.toAbsolutePath().toString(), FRAMES, RunKind.EXPLAIN, "cnn", "abc", "card",
                    new org.dancelens.analysis.store.ExplainSettings("feat", "gradcam", "top", 1, List.of(), 8, 8, W, H, List.of("a")).toJson(), 0, 10)).id();
            float[] hot = new float[16];
            java.util.Arrays.fill(hot, 1f);
            store.maps().write(id, List.of(new org.dancelens.analysis.store.Maps.MapFrame(5, 0, 1f, 4, 4, hot, new double[] {0, 0, 1, 1}, null)));
            store.runs().setStatus(id, RunStatus.COMPLETE);
            ClipExporter.Result r = ClipExporter.export(ClipExporter.Request.of(video, out).range(0, 10).overlays(EnumSet.of(ClipExporter.Overlay.HEAT)),
                    store, TaskContext.NONE);
            assertEquals(id, r.explainRun());
        }
        int hotColour = Palette.ColorMap.DEFAULT.rgb(1f);
        try (VideoSource clip = VideoSource.open(out); VideoSource src = VideoSource.open(video)) {
            // 60 % of the map's colour over the picture on frame 5; frames 4 and 6 show the picture
            int s5 = src.frame(5).argb(300, 200);
            int expected = 0xff000000;
            for (int sh = 0; sh <= 16; sh += 8) {
                expected |= (int) Math.round(0.6 * (hotColour >> sh & 0xff) + 0.4 * (s5 >> sh & 0xff)) << sh;
            }
            assertTrue(close(clip.frame(5).argb(300, 200), expected, 25),
                    Integer.toHexString(clip.frame(5).argb(300, 200)) + " vs " + Integer.toHexString(expected));
            for (int f : new int[] {4, 6}) {
                assertTrue(close(clip.frame(f).argb(300, 200), src.frame(f).argb(300, 200), 25), "frame " + f);
            }
        }
    }

    @Test
    void labelsBurnInTheTopLabelOfEachDancerOnTheFramesScored() {
        Path video = source();
        Path out = tmp.resolve("labels.mp4");
        long classify;
        try (ResultsStore store = storeWithPoses(video, FRAMES)) {
            classify = store.runs().findOrCreate(new RunSpec(video.toAbsolutePath().toString(), FRAMES, RunKind.CLASSIFY, "styles", "def", "card",
                    "{\"poseModel\":\"movenet-multipose\",\"poseRun\":1}", 0, FRAMES)).id();
            int[] frames = new int[30];
            float[][] v = new float[30][];
            for (int i = 0; i < 30; i++) {
                frames[i] = i;
                v[i] = i < 15 ? new float[] {0.8f, 0.2f} : new float[] {0.3f, 0.7f};
            }
            store.scores().write(classify, List.of(new org.dancelens.core.ScoreSeries(3, List.of("salsa", "tango"), frames, v)));
            store.runs().setStatus(classify, RunStatus.COMPLETE);
            ClipExporter.Result r = ClipExporter.export(ClipExporter.Request.of(video, out).range(0, 40)
                    .overlays(EnumSet.of(ClipExporter.Overlay.SKELETON, ClipExporter.Overlay.LABELS)), store, TaskContext.NONE);
            assertEquals(classify, r.classifyRun());
            assertEquals(1L, r.poseRun());
            List<org.dancelens.core.ScoreSeries> stored = store.scores().read(classify);
            assertEquals(java.util.Map.of(3, "salsa 0.80"), ClipExporter.labels(stored, 3));
            assertEquals(java.util.Map.of(3, "tango 0.70"), ClipExporter.labels(stored, 20));
            assertEquals(java.util.Map.of(), ClipExporter.labels(stored, 35));
        }
        try (VideoSource clip = VideoSource.open(out); VideoSource src = VideoSource.open(video)) {
            // the dancer's label panel darkens the picture just under its box (y 200) on scored frames only
            int y = 200 + 6;
            int x = 30 + 3;
            assertTrue(luma(clip.frame(3).argb(x, y)) < 0.6 * luma(src.frame(3).argb(x, y)) + 5,
                    Integer.toHexString(clip.frame(3).argb(x, y)) + " over " + Integer.toHexString(src.frame(3).argb(x, y)));
            assertTrue(close(clip.frame(35).argb(x, y), src.frame(35).argb(x, y), 25));
        }
    }

    @Test
    void labelsWithoutAClassifyRunSayHowToMakeOne() {
        Path video = source();
        try (ResultsStore store = storeWithPoses(video, FRAMES)) {
            DanceLensException e = assertThrows(DanceLensException.class, () -> ClipExporter.export(ClipExporter.Request.of(video, tmp.resolve("l.mp4"))
                    .overlays(EnumSet.of(ClipExporter.Overlay.LABELS)), store, TaskContext.NONE));
            assertEquals("The 'labels' overlay needs a finished classify run of clip-audio.mp4, and there is none; make one with"
                    + " 'dancelens classify clip-audio.mp4 --model MODEL'.", e.getMessage());
        }
    }

    private static double luma(int argb) {
        return 0.299 * (argb >> 16 & 0xff) + 0.587 * (argb >> 8 & 0xff) + 0.114 * (argb & 0xff);
    }

    @Test
    void aLowerQualityNumberKeepsMoreDetail() throws Exception {
        Path video = source();
        Path fine = tmp.resolve("fine.mp4");
        Path coarse = tmp.resolve("coarse.mp4");
        try (ResultsStore store = storeWithPoses(video, FRAMES)) {
            ClipExporter.export(ClipExporter.Request.of(video, fine).range(0, 20).quality(12), store, TaskContext.NONE);
            ClipExporter.export(ClipExporter.Request.of(video, coarse).range(0, 20).quality(40), store, TaskContext.NONE);
        }
        assertTrue(Files.size(fine) > 2 * Files.size(coarse), Files.size(fine) + " vs " + Files.size(coarse));
    }

    @Test
    void aRotatedPhoneVideoComesOutUpright() {
        Path video = TestMedia.generated("clip-rotated.mp4", PatternVideoWriter.Spec.of("mp4", "libopenh264", 320, 176, 20, 25).gop(10).rotated(90));
        Path out = tmp.resolve("upright.mp4");
        ClipExporter.Result r = ClipExporter.export(ClipExporter.Request.of(video, out).overlays(EnumSet.noneOf(ClipExporter.Overlay.class)), null,
                TaskContext.NONE);
        assertEquals(176, r.width());
        assertEquals(320, r.height());
        try (VideoSource clip = VideoSource.open(out)) {
            assertEquals(0, clip.info().rotation());
            assertEquals(176, clip.info().width());
            assertEquals(320, clip.info().height());
            // the picture is the source's turned upright: its pattern reads as the source's does after rotation
            for (int i : new int[] {0, 9, 19}) {
                assertEquals(i, PatternVideoWriter.readIndex(clip.frame(i), 320, 176, 90));
            }
        }
    }

    @Test
    void variableFrameRateKeepsItsFrameTimes() {
        long[] micros = new long[40];
        long t = 0;
        for (int i = 0; i < micros.length; i++) {
            micros[i] = t;
            t += i % 3 == 0 ? 50_000 : 20_000;
        }
        Path video = TestMedia.generated("clip-vfr.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 256, 144, 0, 30).gop(8).timestamps(micros));
        Path out = tmp.resolve("vfr.mp4");
        try (ResultsStore store = storeWithPoses(video, 40)) {
            ClipExporter.export(ClipExporter.Request.of(video, out).range(5, 35), store, TaskContext.NONE);
        }
        try (VideoSource clip = VideoSource.open(out); VideoSource src = VideoSource.open(video)) {
            assertEquals(30, clip.frameCount());
            assertTrue(clip.info().variableFrameRate());
            for (int i = 0; i < 30; i++) {
                assertEquals(src.index().timeOf(5 + i) - src.index().timeOf(5), clip.index().timeOf(i), 1e-4, "time of clip frame " + i);
            }
        }
    }

    @Test
    void noPoseRunIsOneSentenceNamingTheOverlayAndTheCommand() throws Exception {
        Path video = source();
        Path out = tmp.resolve("none.mp4");
        try (ResultsStore store = ResultsStore.open(tmp.resolve("empty.sqlite"))) {
            DanceLensException e = assertThrows(DanceLensException.class,
                    () -> ClipExporter.export(ClipExporter.Request.of(video, out).overlays(EnumSet.of(ClipExporter.Overlay.SKELETON)), store, TaskContext.NONE));
            assertEquals("The 'skeleton' overlay needs a finished pose run of clip-audio.mp4, and there is none; make one with"
                    + " 'dancelens analyze clip-audio.mp4 --pose MODEL'.", e.getMessage());
        }
        assertNoClips(tmp);
    }

    @Test
    void missingOrReadOnlyFolderIsOneSentenceAndLeavesNoFile() throws Exception {
        Path video = source();
        try (ResultsStore store = storeWithPoses(video, FRAMES)) {
            DanceLensException missing = assertThrows(DanceLensException.class,
                    () -> ClipExporter.export(ClipExporter.Request.of(video, tmp.resolve("nowhere/clip.mp4")), store, TaskContext.NONE));
            assertTrue(missing.getMessage().endsWith("nowhere does not exist."), missing.getMessage());
            assertFalse(Files.exists(tmp.resolve("nowhere")));
            if (!org.dancelens.testsupport.Unprivileged.runningAsRoot()) {
                Path ro = Files.createDirectory(tmp.resolve("ro"));
                ro.toFile().setWritable(false);
                DanceLensException e = assertThrows(DanceLensException.class,
                        () -> ClipExporter.export(ClipExporter.Request.of(video, ro.resolve("clip.mp4")), store, TaskContext.NONE));
                assertTrue(e.getMessage().endsWith("is not writable."), e.getMessage());
                try (var l = Files.list(ro)) {
                    assertEquals(0, l.count());
                }
            }
        }
    }

    @Test
    void cancelHalfWayLeavesNoPartialFileAndTheOldClipUntouched() throws Exception {
        Path video = source();
        Path out = tmp.resolve("clip.mp4");
        Files.writeString(out, "the clip from before");
        AtomicInteger reports = new AtomicInteger();
        TaskContext cancelHalfWay = new TaskContext() {
            volatile double done;

            @Override
            public void progress(double fraction, String message) {
                done = fraction;
                reports.incrementAndGet();
            }

            @Override
            public boolean isCancelled() {
                return done > 0.5;
            }
        };
        try (ResultsStore store = storeWithPoses(video, FRAMES)) {
            assertThrows(CancelledException.class, () -> ClipExporter.export(ClipExporter.Request.of(video, out), store, cancelHalfWay));
        }
        // the decoding and encoding threads ended with the export
        assertEquals(List.of(), Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.equals("dancelens-decode") || n.equals("dancelens-encode")).toList());
        assertTrue(reports.get() > 1);
        assertEquals("the clip from before", Files.readString(out));
        try (var l = Files.list(tmp)) {
            assertEquals(List.of("clip.mp4", "results.sqlite"), l.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("results.sqlite-")).sorted().toList());
        }
    }

    @Test
    void overlayListsParse() {
        assertEquals(EnumSet.of(ClipExporter.Overlay.SKELETON, ClipExporter.Overlay.IDS, ClipExporter.Overlay.JOINTS), ClipExporter.Overlay.parse("skeleton, ids,joints"));
        assertEquals(EnumSet.noneOf(ClipExporter.Overlay.class), ClipExporter.Overlay.parse("none"));
        assertEquals("There is no overlay called 'bones'; choose from skeleton, boxes, ids, mask, joints, heat, labels and timeline.",
                assertThrows(DanceLensException.class, () -> ClipExporter.Overlay.parse("skeleton,bones")).getMessage());
    }

    /** The decoded right channel of a clip's audio, as -32768..32767 sample values. */
    private static float[] rightChannel(Path clip) throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.util.List<Float> values = new ArrayList<>();
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(clip.toFile())) {
            g.setSampleFormat(org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16);
            g.start();
            assertEquals(2, g.getAudioChannels());
            Frame f;
            while ((f = g.grabSamples()) != null) {
                java.nio.ShortBuffer b = (java.nio.ShortBuffer) f.samples[0];
                for (int i = b.position() + 1; i < b.limit(); i += 2) {
                    values.add((float) b.get(i));
                }
            }
        }
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private static void assertNoClips(Path dir) throws Exception {
        try (var l = Files.list(dir)) {
            assertEquals(List.of(), l.filter(p -> p.toString().endsWith(".mp4")).toList());
        }
    }

    private static boolean close(int a, int b, int tol) {
        for (int s = 0; s <= 16; s += 8) {
            if (Math.abs((a >> s & 0xff) - (b >> s & 0xff)) > tol) {
                return false;
            }
        }
        return true;
    }
}
