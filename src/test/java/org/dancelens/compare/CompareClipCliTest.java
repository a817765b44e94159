package org.dancelens.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.analysis.store.RunKind;
import org.dancelens.core.VideoFrame;
import org.dancelens.testsupport.CliRun;
import org.dancelens.testsupport.RealClips;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.TestZoo;
import org.dancelens.video.VideoSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dancelens compare clip} on real footage: frames 600-619 of vtest.avi (people walking) analysed by two real pose
 * models of the test zoo (movenet-multipose, movenet-lightning); the side-by-side clip's halves against {@code export
 * frame}'s pictures of each run, the overlaid clip, two clips of the same footage 5 frames apart synced, and the refusals.
 * A few frames are written as PNG under {@code target/compare-clip} to look at.
 */
class CompareClipCliTest {
    private static final int FRAMES = 20;
    private static final int W = 768;
    private static final int H = 576;

    @TempDir
    static Path shared;
    static Path clip;
    static Path store;
    static long multipose;
    static long lightning;

    @TempDir
    Path dir;

    @org.junit.jupiter.api.extension.RegisterExtension
    final org.dancelens.testsupport.IsolatedData data = new org.dancelens.testsupport.IsolatedData();

    @BeforeAll
    static void analysed() {
        clip = RealClips.vtest(600, FRAMES);
        store = shared.resolve("clip.db");
        TestZoo.registry("movenet-lightning", "movenet-multipose");
        String zoo = TestMedia.generatedDir().resolve("zoo").toString();
        for (String model : List.of("movenet-multipose", "movenet-lightning")) {
            CliRun a = CliRun.of("analyze", clip.toString(), "--pose", model, "--range", "0:" + FRAMES, "--models", zoo, "--store", store.toString());
            assertThat(a.code()).as(a.err()).isZero();
        }
        try (ResultsStore s = ResultsStore.open(store)) {
            List<Run> runs = s.runs().list(clip.toAbsolutePath().toString(), RunKind.POSE);
            multipose = runs.stream().filter(r -> r.modelId().equals("movenet-multipose")).findFirst().orElseThrow().id();
            lightning = runs.stream().filter(r -> r.modelId().equals("movenet-lightning")).findFirst().orElseThrow().id();
        }
    }

    private static Path shots() throws Exception {
        return Files.createDirectories(Path.of("target", "compare-clip"));
    }

    @Test
    void sideBySideHalvesAreTheRunsPicturesAndTheLanesAreUnder() throws Exception {
        Path out = dir.resolve("side.mp4");
        CliRun r = CliRun.of("compare", "clip", clip.toString(), "--a", String.valueOf(multipose), "--b", String.valueOf(lightning), "--out",
                out.toString(), "--store", store.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("20 frames (A's 0-19), 1536x").contains("OKS per matched dancer of A");
        // the codec's tolerance: the clip 'export clip' makes of run A alone, against the same picture
        Path single = dir.resolve("a.mp4");
        CliRun e = CliRun.of("export", "clip", clip.toString(), "--pose-run", String.valueOf(multipose), "--out", single.toString(), "--store",
                store.toString());
        assertThat(e.code()).as(e.err()).isZero();
        int n = 10;
        BufferedImage[] picture = new BufferedImage[2];
        for (int k = 0; k < 2; k++) {
            Path png = dir.resolve("frame-" + k + ".png");
            CliRun f = CliRun.of("export", "frame", clip.toString(), "--frame", String.valueOf(n), "--pose-run", String.valueOf(k == 0 ? multipose : lightning),
                    "--overlays", "skeleton,boxes", "--out", png.toString(), "--store", store.toString());
            assertThat(f.code()).as(f.err()).isZero();
            picture[k] = ImageIO.read(png.toFile());
        }
        try (VideoSource c = VideoSource.open(out); VideoSource s = VideoSource.open(single)) {
            assertThat(c.frameCount()).isEqualTo(FRAMES);
            assertThat(c.info().width()).isEqualTo(2 * W);
            assertThat(c.info().height()).isGreaterThan(H).isEven();
            VideoFrame f = c.frame(n);
            double codec = mean(s.frame(n), 0, picture[0]);
            double left = mean(f, 0, picture[0]);
            double right = mean(f, W, picture[1]);
            assertThat(codec).isGreaterThan(0.2);
            assertThat(left).as("left half vs export frame of run A (export clip: %s)", codec).isLessThan(1.5 * codec + 0.5);
            assertThat(right).as("right half vs export frame of run B (export clip: %s)", codec).isLessThan(1.5 * codec + 0.5);
            // the halves are not the same picture: the runs' skeletons differ
            assertThat(mean(f, W, picture[0])).isGreaterThan(right);
            png(f, shots().resolve("vtest-runs-side.png"));
            // under the picture: the lanes' light background, not video
            int y = H + (c.info().height() - H) / 2;
            assertThat(brightness(f.argb(20, y))).isGreaterThan(200);
        }
        Path over = dir.resolve("over.mp4");
        CliRun o = CliRun.of("compare", "clip", clip.toString(), "--a", String.valueOf(multipose), "--b", String.valueOf(lightning), "--layout", "over",
                "--out", over.toString(), "--store", store.toString());
        assertThat(o.code()).as(o.err()).isZero();
        try (VideoSource c = VideoSource.open(over)) {
            assertThat(c.frameCount()).isEqualTo(FRAMES);
            assertThat(c.info().width()).isEqualTo(W);
            png(c.frame(n), shots().resolve("vtest-runs-over.png"));
        }
    }

    @Test
    void twoClipsOfOneFootageFiveFramesApartMeetWhenSynced() throws Exception {
        // B starts 5 frames (0.5 s at 10 fps) later in the footage than A: synced at 0.5 s of A and 0 s of B, each side shows
        // the same footage frame
        Path b = RealClips.vtest(605, FRAMES);
        Path out = dir.resolve("sync.mp4");
        CliRun r = CliRun.of("compare", "clip", clip.toString(), b.toString(), "--sync", "0.5:0", "--overlays", "none", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("15 frames (A's 5-19), 1536x576");
        double synced;
        try (VideoSource c = VideoSource.open(out)) {
            assertThat(c.frameCount()).isEqualTo(15);
            for (int i : new int[] {0, 7, 14}) {
                VideoFrame f = c.frame(i);
                assertThat(halves(f)).as("clip frame %d: the halves are the same footage frame", i).isLessThan(3);
            }
            synced = changed(c.frame(7));
        }
        Path off = dir.resolve("unsynced.mp4");
        CliRun u = CliRun.of("compare", "clip", clip.toString(), b.toString(), "--overlays", "none", "--out", off.toString());
        assertThat(u.code()).as(u.err()).isZero();
        try (VideoSource c = VideoSource.open(off)) {
            // the walkers moved in 5 frames: many more pixels differ between the halves than the codec changes
            double unsynced = changed(c.frame(7));
            System.out.printf("pixels differing by more than 90 between the halves: synced %.5f, unsynced %.5f%n", synced, unsynced);
            assertThat(unsynced).as("without the sync the halves are 5 frames apart").isGreaterThan(5 * synced + 0.002);
        }
        // with skeletons of each side's own run, superposed and B mirrored: for the eye
        String zoo = TestMedia.generatedDir().resolve("zoo").toString();
        CliRun a = CliRun.of("analyze", b.toString(), "--pose", "movenet-multipose", "--range", "0:" + FRAMES, "--models", zoo, "--store", store.toString());
        assertThat(a.code()).as(a.err()).isZero();
        Path side = dir.resolve("sync-pose.mp4");
        CliRun p = CliRun.of("compare", "clip", clip.toString(), b.toString(), "--sync", "0.5:0", "--pose", "movenet-multipose", "--mirror", "b",
                "--out", side.toString(), "--store", store.toString());
        assertThat(p.code()).as(p.err()).isZero();
        try (VideoSource c = VideoSource.open(side)) {
            png(c.frame(7), shots().resolve("vtest-sync-side-mirror.png"));
        }
    }

    @Test
    void classifyAndExplainRunsGoSideBySideWithTheirLanes() throws Exception {
        Path own = dir.resolve("own.db");
        Files.copy(store, own);
        Path cnnA = org.dancelens.testsupport.TestCnn.install(Files.createDirectories(dir.resolve("a")), 7, List.of("ballet", "jazz", "krump", "waltz"),
                "{resize: letterbox}");
        Path cnnB = org.dancelens.testsupport.TestCnn.install(Files.createDirectories(dir.resolve("b")), 8, List.of("Ballet", "JAZZ", "tango", "Waltz"),
                "{resize: letterbox}");
        for (Path cnn : List.of(cnnA, cnnB)) {
            CliRun c = CliRun.of("classify", clip.toString(), "--model", cnn.toString(), "--range", "0:" + FRAMES, "--store", own.toString());
            assertThat(c.code()).as(c.err()).isZero();
            CliRun e = CliRun.of("explain", clip.toString(), "--model", cnn.toString(), "--frames", "0:4", "--store", own.toString());
            assertThat(e.code()).as(e.err()).isZero();
        }
        long[] classify;
        long[] explain;
        try (ResultsStore s = ResultsStore.open(own)) {
            classify = s.runs().list(clip.toAbsolutePath().toString(), RunKind.CLASSIFY).stream().mapToLong(Run::id).sorted().toArray();
            explain = s.runs().list(clip.toAbsolutePath().toString(), RunKind.EXPLAIN).stream().mapToLong(Run::id).sorted().toArray();
        }
        Path out = dir.resolve("styles.mp4");
        CliRun r = CliRun.of("compare", "clip", clip.toString(), "--a", String.valueOf(classify[0]), "--b", String.valueOf(classify[1]), "--out",
                out.toString(), "--store", own.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("20 frames").contains("JS divergence and top-label agreement");
        try (VideoSource c = VideoSource.open(out)) {
            assertThat(c.info().width()).isEqualTo(2 * W);
            png(c.frame(10), shots().resolve("vtest-styles-side.png"));
        }
        CliRun over = CliRun.of("compare", "clip", clip.toString(), "--a", String.valueOf(classify[0]), "--b", String.valueOf(classify[1]), "--layout", "over",
                "--out", dir.resolve("no.mp4").toString(), "--store", own.toString());
        assertThat(over.code()).isEqualTo(2);
        assertThat(over.err()).contains("only pose runs can be overlaid");
        Path maps = dir.resolve("maps.mp4");
        CliRun m = CliRun.of("compare", "clip", clip.toString(), "--a", String.valueOf(explain[0]), "--b", String.valueOf(explain[1]), "--out",
                maps.toString(), "--store", own.toString());
        assertThat(m.code()).as(m.err()).isZero();
        assertThat(m.out()).contains("4 frames (A's 0-3)").contains("IoU of the strongest 20 %");
        try (VideoSource c = VideoSource.open(maps)) {
            png(c.frame(2), shots().resolve("vtest-maps-side.png"));
        }
    }

    @Test
    void badInputIsOneSentenceAndNoFile() {
        Path out = dir.resolve("x.mp4");
        String[][] cases = {
            {"compare", "clip", clip.toString(), "--a", String.valueOf(multipose), "--b", "99", "--out", out.toString(), "--store", store.toString()},
            {"compare", "clip", clip.toString(), "--a", String.valueOf(multipose), "--out", out.toString(), "--store", store.toString()},
            {"compare", "clip", clip.toString(), clip.toString(), "--out", out.toString(), "--store", store.toString()},
            {"compare", "clip", clip.toString(), "--a", String.valueOf(multipose), "--b", String.valueOf(lightning), "--opacity", "0.3", "--out",
                out.toString(), "--store", store.toString()},
            {"compare", "clip", clip.toString(), clip.toString(), "--sync", "99:0", "--overlays", "none", "--out", out.toString()},
            {"compare", "clip", clip.toString(), "--a", String.valueOf(multipose), "--b", String.valueOf(lightning), "--range", "5:40", "--out",
                out.toString(), "--store", store.toString()},
        };
        for (String[] args : cases) {
            CliRun r = CliRun.of(args);
            assertThat(r.code()).as(String.join(" ", args) + "\n" + r.err()).isEqualTo(2);
            assertThat(r.err().strip()).as(r.err()).doesNotContain("\n").doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(out).doesNotExist();
        }
        assertThat(CliRun.of(cases[0]).err()).contains("Run B (99) is not in the results store");
    }

    /** Mean absolute difference per channel between a clip frame's part from column {@code x0} and a picture. */
    private static double mean(VideoFrame f, int x0, BufferedImage want) {
        double sum = 0;
        for (int y = 0; y < want.getHeight(); y++) {
            for (int x = 0; x < want.getWidth(); x++) {
                sum += diff(f.argb(x0 + x, y), want.getRGB(x, y));
            }
        }
        return sum / (want.getWidth() * want.getHeight() * 3.0);
    }

    /** Mean absolute difference per channel between the left and the right half of a side-by-side frame. */
    private static double halves(VideoFrame f) {
        int w = f.width() / 2;
        double sum = 0;
        for (int y = 0; y < f.height(); y++) {
            for (int x = 0; x < w; x++) {
                sum += diff(f.argb(x, y), f.argb(w + x, y));
            }
        }
        return sum / (w * f.height() * 3.0);
    }

    /** The share of pixels whose left and right halves differ by more than 90 (of 765). */
    private static double changed(VideoFrame f) {
        int w = f.width() / 2;
        int n = 0;
        for (int y = 0; y < f.height(); y++) {
            for (int x = 0; x < w; x++) {
                n += diff(f.argb(x, y), f.argb(w + x, y)) > 90 ? 1 : 0;
            }
        }
        return (double) n / (w * f.height());
    }

    private static int diff(int a, int b) {
        return Math.abs((a >> 16 & 0xff) - (b >> 16 & 0xff)) + Math.abs((a >> 8 & 0xff) - (b >> 8 & 0xff)) + Math.abs((a & 0xff) - (b & 0xff));
    }

    private static int brightness(int argb) {
        return ((argb >> 16 & 0xff) + (argb >> 8 & 0xff) + (argb & 0xff)) / 3;
    }

    private static void png(VideoFrame f, Path file) throws Exception {
        BufferedImage b = new BufferedImage(f.width(), f.height(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < f.height(); y++) {
            for (int x = 0; x < f.width(); x++) {
                b.setRGB(x, y, f.argb(x, y));
            }
        }
        ImageIO.write(b, "png", file.toFile());
    }
}
