package org.dancelens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.core.Keypoint;
import org.dancelens.core.VideoFrame;
import org.dancelens.export.ClipExporterTest;
import org.dancelens.render.Palette;
import org.dancelens.testsupport.CliRun;
import org.dancelens.video.VideoSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The look options of {@code export clip} and {@code export frame} ({@code --min-confidence}, {@code --bone-width},
 * {@code --hide}, {@code --raw}, {@code --colormap}, {@code --heat-opacity}): a bad value is one sentence on stderr with
 * exit 2 and no file; a hidden dancer is left out of the clip.
 */
class ExportStyleCliTest {
    @TempDir
    Path dir;

    private Path store(Path video) {
        try (ResultsStore s = ClipExporterTest.storeWithPoses(dir.resolve("results.sqlite"), video, 60)) {
            return s.file();
        }
    }

    @Test
    void badLookValuesAreOneSentenceAndWriteNothing() throws Exception {
        Path video = ClipExporterTest.source();
        String store = store(video).toString();
        String[][] cases = {
            {"--min-confidence", "1.5", "dancelens: --min-confidence is a joint confidence from 0 to 1, not 1.5."},
            {"--min-confidence", "NaN", "dancelens: --min-confidence is a joint confidence from 0 to 1, not NaN."},
            {"--bone-width", "0", "dancelens: --bone-width is a width in pixels above 0 and at most 20, not 0."},
            {"--bone-width", "25", "dancelens: --bone-width is a width in pixels above 0 and at most 20, not 25."},
            {"--hide", "2,two", "dancelens: --hide takes dancers' track numbers separated by commas (e.g. --hide 2,5), not 'two'."},
            {"--hide", "-4", "dancelens: --hide takes dancers' track numbers (0 or more, as in '#3'), not -4."},
            {"--colormap", "hot", "dancelens: --colormap is one of cividis, viridis, inferno and jet, not 'hot'."},
            {"--heat-opacity", "1.2", "dancelens: --heat-opacity is an opacity from 0 (see-through) to 1, not 1.2."},
        };
        for (String[] c : cases) {
            CliRun clip = CliRun.of("export", "clip", video.toString(), "--out", dir.resolve("c.mp4").toString(), "--store", store, c[0], c[1]);
            assertThat(clip.code()).as("clip " + c[0] + " " + c[1]).isEqualTo(2);
            assertThat(clip.err().strip()).isEqualTo(c[2]);
            CliRun frame = CliRun.of("export", "frame", video.toString(), "--frame", "3", "--out", dir.resolve("f.png").toString(), "--store", store,
                    c[0], c[1]);
            assertThat(frame.code()).as("frame " + c[0] + " " + c[1]).isEqualTo(2);
            assertThat(frame.err().strip()).isEqualTo(c[2]);
        }
        CliRun notANumber = CliRun.of("export", "frame", video.toString(), "--frame", "3", "--out", dir.resolve("f.png").toString(), "--store", store,
                "--bone-width", "wide");
        assertThat(notANumber.code()).isEqualTo(2);
        assertThat(notANumber.err().strip().lines()).hasSize(1).first().asString().startsWith("dancelens: Invalid value for option '--bone-width'");
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("results.sqlite");
        }
    }

    @Test
    void aHiddenDancerIsLeftOutOfTheClip() throws Exception {
        Path video = ClipExporterTest.source();
        String store = store(video).toString();
        Path shown = dir.resolve("shown.mp4");
        Path hidden = dir.resolve("hidden.mp4");
        CliRun a = CliRun.of("export", "clip", video.toString(), "--out", shown.toString(), "--range", "10:20", "--raw", "--min-confidence", "0.5",
                "--store", store);
        assertThat(a.code()).as(a.err()).isZero();
        CliRun b = CliRun.of("export", "clip", video.toString(), "--out", hidden.toString(), "--range", "10:20", "--hide", "3", "--store", store);
        assertThat(b.code()).as(b.err()).isZero();
        // the dancer's joint colour where its keypoint is in the first clip; the source's picture there in the second
        int want = Palette.jointConfidence(0.95f);
        try (VideoSource withDancer = VideoSource.open(shown); VideoSource without = VideoSource.open(hidden); VideoSource src = VideoSource.open(video)) {
            for (int i : new int[] {0, 5}) {
                Keypoint k = ClipExporterTest.dancer(10 + i).keypoints().get(0);
                int x = Math.round(k.x());
                int y = Math.round(k.y());
                VideoFrame s = src.frame(10 + i);
                assertThat(close(withDancer.frame(i).argb(x, y), want, 40)).as("joint drawn on clip frame %d", i).isTrue();
                assertThat(close(without.frame(i).argb(x, y), s.argb(x, y), 30)).as("source shown on clip frame %d", i).isTrue();
                assertThat(close(without.frame(i).argb(x, y), want, 40)).as("no joint on clip frame %d", i).isFalse();
            }
        }
    }

    private static boolean close(int a, int b, int tol) {
        for (int sh : List.of(0, 8, 16)) {
            if (Math.abs((a >> sh & 0xff) - (b >> sh & 0xff)) > tol) {
                return false;
            }
        }
        return true;
    }
}
