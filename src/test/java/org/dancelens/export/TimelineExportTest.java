package org.dancelens.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import javax.imageio.ImageIO;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.analysis.store.RunKind;
import org.dancelens.analysis.store.RunSpec;
import org.dancelens.analysis.store.RunStatus;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.ScoreSeries;
import org.dancelens.core.TaskContext;
import org.dancelens.core.VideoFrame;
import org.dancelens.render.Palette;
import org.dancelens.render.TimelineStrip;
import org.dancelens.testsupport.SvgFiles;
import org.dancelens.video.VideoSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimelineExportTest {
    static final int W = ClipExporterTest.W;
    static final int H = ClipExporterTest.H;
    static final int FRAMES = ClipExporterTest.FRAMES;

    @TempDir
    Path tmp;

    /** The clip test's store with a finished classify run of dancer 3: salsa ahead on frames 0-24, tango on 25-59. */
    private ResultsStore storeWithScores(Path video) {
        ResultsStore store = ClipExporterTest.storeWithPoses(tmp.resolve("results.sqlite"), video, FRAMES);
        long classify = store.runs().findOrCreate(new RunSpec(video.toAbsolutePath().toString(), FRAMES, RunKind.CLASSIFY, "styles", "def", "card",
                "{\"poseModel\":\"movenet-multipose\",\"poseRun\":1}", 0, FRAMES)).id();
        int[] frames = new int[FRAMES];
        float[][] v = new float[FRAMES][];
        for (int i = 0; i < FRAMES; i++) {
            frames[i] = i;
            float a = i < 25 ? 0.8f - 0.01f * i : 0.25f;
            v[i] = new float[] {a, 1 - a};
        }
        store.scores().write(classify, List.of(new ScoreSeries(3, List.of("salsa", "tango"), frames, v)));
        store.runs().setStatus(classify, RunStatus.COMPLETE);
        return store;
    }

    @Test
    void clipGetsTheStripUnderTheVideoWithAMovingPlayhead() throws Exception {
        Path video = ClipExporterTest.source();
        Path out = tmp.resolve("timeline.mp4");
        TimelineStrip strip;
        ClipExporter.Result r;
        try (ResultsStore store = storeWithScores(video)) {
            r = ClipExporter.export(ClipExporter.Request.of(video, out).range(10, 40).quality(12)
                    .overlays(EnumSet.of(ClipExporter.Overlay.SKELETON, ClipExporter.Overlay.TIMELINE)), store, TaskContext.NONE);
            Run run = store.runs().find(r.classifyRun()).orElseThrow();
            TimelineStrip.Lanes lanes = TimelineExport.lanes(store, run, FRAMES, 30, null);
            assertEquals(List.of("tango", "salsa"), lanes.labels(), "the top labels by mean score");
            assertEquals("styles · movenet-multipose #3", lanes.title());
            strip = new TimelineStrip(lanes, 10, 40, W, ClipExporter.stripHeight(2, H));
        }
        int stripH = ClipExporter.stripHeight(2, H);
        assertEquals(TimelineStrip.TITLE + 2 * 20 + TimelineStrip.ROW, stripH, "lanes a twelfth of 240 pixels");
        assertEquals(W, r.width());
        assertEquals(H + stripH, r.height());
        try (VideoSource clip = VideoSource.open(out)) {
            assertEquals(30, clip.frameCount());
            assertEquals(W, clip.info().width());
            assertEquals(H + stripH, clip.info().height());
            int[] columns = new int[3];
            int k = 0;
            for (int i : new int[] {0, 14, 29}) {
                VideoFrame f = clip.frame(i);
                BufferedImage want = strip.picture(10 + i);
                // the playhead: the columns of the strip most of whose pixels are the playhead's blue
                int best = -1;
                int bestCount = -1;
                for (int x = TimelineStrip.LABEL_W; x < W; x++) {
                    int count = 0;
                    for (int y = 0; y < stripH; y++) {
                        count += close(f.argb(x, H + y), TimelineStrip.PLAYHEAD.getRGB(), 40) ? 1 : 0;
                    }
                    if (count > bestCount) {
                        bestCount = count;
                        best = x;
                    }
                }
                int expected = strip.playheadColumn(10 + i);
                assertTrue(best == expected || best == expected + 1, "frame " + i + ": playhead at column " + best + ", the renderer's " + expected);
                assertTrue(bestCount > stripH * 3 / 4, "frame " + i + ": " + bestCount + " of " + stripH + " pixels of the playhead");
                columns[k++] = best;
                // the lanes: the decoded strip is the renderer's picture for this frame, up to the encoder's loss
                double diff = 0;
                for (int y = 0; y < stripH; y++) {
                    for (int x = 0; x < W; x++) {
                        diff += channelDiff(f.argb(x, H + y), want.getRGB(x, y));
                    }
                }
                diff /= 3.0 * W * stripH;
                assertTrue(diff < 6, "frame " + i + ": mean difference " + diff + " to the renderer's strip");
            }
            assertTrue(columns[0] < columns[1] && columns[1] < columns[2], "the playhead moves right: " + java.util.Arrays.toString(columns));
        }
    }

    @Test
    void theClipsStripIsTheRenderersToThePixelBeforeEncoding() {
        try (ResultsStore store = storeWithScores(ClipExporterTest.source()); VideoSource src = VideoSource.open(ClipExporterTest.source())) {
            Run run = TimelineExport.classifyRun(store, ClipExporterTest.source(), null, "The 'timeline' overlay");
            TimelineStrip strip = new TimelineStrip(TimelineExport.lanes(store, run, FRAMES, 30, null), 0, FRAMES, W, ClipExporter.stripHeight(2, H));
            BufferedImage lanes = new BufferedImage(W, strip.height(), BufferedImage.TYPE_INT_RGB);
            java.awt.Graphics2D g = lanes.createGraphics();
            strip.drawLanes(g);
            g.dispose();
            VideoFrame f = src.frame(33);
            BufferedImage video = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
            ClipExporter.composite(f, new int[W * H], ((java.awt.image.DataBufferInt) video.getRaster().getDataBuffer()).getData());
            BufferedImage out = new BufferedImage(W, H + strip.height(), BufferedImage.TYPE_INT_RGB);
            ClipExporter.stack(video, lanes, strip, 33, out);
            BufferedImage want = strip.picture(33);
            for (int y = 0; y < strip.height(); y++) {
                for (int x = 0; x < W; x++) {
                    assertEquals(want.getRGB(x, y), out.getRGB(x, H + y), "strip pixel " + x + "," + y);
                }
            }
            assertEquals(f.argb(100, 100) | 0xff000000, out.getRGB(100, 100), "the video above the strip");
            // the salsa lane holds salsa's colour in the plot, the tango lane tango's
            assertTrue(countColour(want, Palette.category(0), 0, TimelineStrip.TITLE + 20, TimelineStrip.TITLE + 40) > 20);
            assertTrue(countColour(want, Palette.category(1), 0, TimelineStrip.TITLE, TimelineStrip.TITLE + 20) > 20);
        }
    }

    @Test
    void timelineWithoutAClassifyRunSaysHowToMakeOne() {
        Path video = ClipExporterTest.source();
        try (ResultsStore store = ClipExporterTest.storeWithPoses(tmp.resolve("results.sqlite"), video, FRAMES)) {
            DanceLensException e = assertThrows(DanceLensException.class, () -> ClipExporter.export(ClipExporter.Request.of(video, tmp.resolve("t.mp4"))
                    .overlays(EnumSet.of(ClipExporter.Overlay.TIMELINE)), store, TaskContext.NONE));
            assertEquals("The 'timeline' overlay needs a finished classify run of clip-audio.mp4, and there is none; make one with"
                    + " 'dancelens classify clip-audio.mp4 --model MODEL'.", e.getMessage());
            assertEquals(List.of(), list(tmp).stream().filter(n -> n.endsWith(".mp4")).toList());
        }
    }

    @Test
    void pngAndSvgOfTheTimeline() throws Exception {
        Path video = ClipExporterTest.source();
        try (ResultsStore store = storeWithScores(video)) {
            Path png = tmp.resolve("t.png");
            TimelineExport.Result r = TimelineExport.write(store, video, FRAMES, 30, null, null, 0, -1, 800, 0, 12, png, TaskContext.NONE);
            BufferedImage img = ImageIO.read(png.toFile());
            assertEquals(800, img.getWidth());
            assertEquals(TimelineStrip.height(2, TimelineStrip.DEFAULT_LANE), img.getHeight());
            assertEquals(TimelineStrip.TITLE + 72 + TimelineStrip.ROW, img.getHeight());
            TimelineStrip strip = new TimelineStrip(TimelineExport.lanes(store, store.runs().find(r.classifyRun()).orElseThrow(), FRAMES, 30, null), 0,
                    FRAMES, 800, img.getHeight());
            int x = strip.playheadColumn(12);
            assertEquals(TimelineStrip.PLAYHEAD.getRGB(), img.getRGB(x, 60));
            assertEquals(TimelineStrip.PLAYHEAD.getRGB(), img.getRGB(x + 1, 60));

            Path svg = tmp.resolve("t.svg");
            TimelineExport.write(store, video, FRAMES, 30, null, null, 20, 50, 640, 120, -1, svg, TaskContext.NONE);
            org.w3c.dom.Document doc = SvgFiles.parse(svg);
            assertEquals("svg", doc.getDocumentElement().getTagName());
            assertEquals(640, Double.parseDouble(doc.getDocumentElement().getAttribute("width")));
            assertEquals(120, Double.parseDouble(doc.getDocumentElement().getAttribute("height")));
            List<String> texts = SvgFiles.texts(doc);
            assertTrue(texts.containsAll(List.of("styles · movenet-multipose #3", "salsa", "tango", "segments")), texts.toString());

            assertEquals("Cannot write t.jpg: a timeline picture is a .png or an .svg file.", assertThrows(DanceLensException.class,
                    () -> TimelineExport.write(store, video, FRAMES, 30, null, null, 0, -1, 0, 0, -1, tmp.resolve("t.jpg"), TaskContext.NONE)).getMessage());
            assertEquals("The range 50:70 is not inside clip-audio.mp4, which has frames 0 to 59.", assertThrows(DanceLensException.class,
                    () -> TimelineExport.write(store, video, FRAMES, 30, null, null, 50, 70, 0, 0, -1, tmp.resolve("u.png"), TaskContext.NONE)).getMessage());
            assertTrue(Files.notExists(tmp.resolve("u.png")));

            // lanes already made (the workbench's on screen): its range, size and playhead
            TimelineStrip.Lanes lanes = TimelineExport.lanes(store, store.runs().find(r.classifyRun()).orElseThrow(), FRAMES, 30, null);
            Path shown = tmp.resolve("shown.png");
            TimelineExport.Result s = TimelineExport.write(lanes, r.classifyRun(), 5, 25, 500, 100, 9, shown);
            BufferedImage si = ImageIO.read(shown.toFile());
            assertEquals(500, si.getWidth());
            assertEquals(100, si.getHeight());
            assertEquals(TimelineStrip.PLAYHEAD.getRGB(), si.getRGB(new TimelineStrip(lanes, 5, 25, 500, 100).playheadColumn(9), 50));
            assertEquals("styles · movenet-multipose #3", s.title());
            assertEquals("A timeline of 2 lanes needs a size from 115x54 to 16384x16384, not 50x30.", assertThrows(DanceLensException.class,
                    () -> TimelineExport.write(lanes, 1, 0, 60, 50, 30, -1, tmp.resolve("s.png"))).getMessage());
            assertTrue(Files.notExists(tmp.resolve("s.png")));
        }
    }

    private static List<String> list(Path dir) {
        try (var l = Files.list(dir)) {
            return l.map(p -> p.getFileName().toString()).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int countColour(BufferedImage img, int argb, int x0, int y0, int y1) {
        int n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = Math.max(x0, TimelineStrip.LABEL_W + 2); x < img.getWidth(); x++) {
                n += close(img.getRGB(x, y), argb, 30) ? 1 : 0;
            }
        }
        return n;
    }

    private static double channelDiff(int a, int b) {
        double d = 0;
        for (int s = 0; s <= 16; s += 8) {
            d += Math.abs((a >> s & 0xff) - (b >> s & 0xff));
        }
        return d;
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
