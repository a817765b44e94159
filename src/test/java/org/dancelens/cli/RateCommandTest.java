package org.dancelens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dancelens.classify.RatingsManifest;
import org.dancelens.core.TaskContext;
import org.dancelens.testsupport.CliRun;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.video.FrameIndex;
import org.dancelens.video.PatternVideoWriter;
import org.dancelens.video.VideoSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dancelens rate}: ratings of ranges into a video's store, listed, removed, and exported as a ratings manifest
 * that {@link RatingsManifest} reads back to the same items, raters, criteria and values — and to the same frames
 * when its seconds are turned into frames the way {@code evaluate --ratings} does.
 */
class RateCommandTest {
    @TempDir
    Path dir;

    private static Path videoA() {
        return TestMedia.generated("rate-a.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 64, 48, 60, 25).gop(10));
    }

    private static Path videoB() {
        // another frame rate, so that seconds differ from frames / 25
        return TestMedia.generated("rate-b.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 64, 48, 45, 30).gop(10));
    }

    private CliRun rate(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "rate";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--store";
        all[args.length + 2] = dir.resolve("store.db").toString();
        return CliRun.of(all);
    }

    @Test
    void addListRemoveAndExportRoundTripThroughTheRatingsManifest() throws Exception {
        Path a = videoA();
        Path b = videoB();
        CliRun added = rate("add", a.toString(), "--rater", "Ana", "--criterion", "fluidity", "--value", "6.5", "--frames", "10:34");
        assertThat(added.code()).as(added.err()).isZero();
        assertThat(added.out()).contains("frames 10–34 of rate-a.mkv rated 6.5 on fluidity by Ana");
        assertThat(rate("add", a.toString(), "--rater", "Ben", "--criterion", "fluidity", "--value", "5", "--frames", "10:34").code()).isZero();
        assertThat(rate("add", a.toString(), "--rater", "Ana", "--criterion", "precision", "--value", "4", "--frames", "10:34").code()).isZero();
        // 1.0 s to 1.8 s of a 25 fps video: frames 25 to 45
        assertThat(rate("add", a.toString(), "--rater", "Ana", "--criterion", "fluidity", "--value", "3", "--seconds", "1:1.8").out())
                .contains("frames 25–45");
        assertThat(rate("add", b.toString(), "--rater", "Ben", "--criterion", "fluidity", "--value", "7.25", "--frames", "3:40").code()).isZero();
        CliRun oops = rate("add", b.toString(), "--rater", "Ben", "--criterion", "fluidity", "--value", "1", "--frames", "0:2");
        long oopsId = Long.parseLong(oops.out().split("[ :]")[1]);

        CliRun list = rate("list", a.toString());
        assertThat(list.code()).isZero();
        // by start frame, then end frame, criterion and rater; the seconds are the first and last frame's times
        assertThat(list.out().lines().map(l -> l.substring(l.indexOf('\t') + 1)).toList()).containsExactly(
                "10\t34\t0.4\t1.36\tAna\tfluidity\t6.5",
                "10\t34\t0.4\t1.36\tBen\tfluidity\t5",
                "10\t34\t0.4\t1.36\tAna\tprecision\t4",
                "25\t45\t1\t1.8\tAna\tfluidity\t3");

        assertThat(rate("remove", b.toString(), String.valueOf(oopsId)).out()).contains("removed rating " + oopsId);
        CliRun again = rate("remove", b.toString(), String.valueOf(oopsId));
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err().strip()).isEqualTo("dancelens: rate-b.mkv has no rating " + oopsId + ".");

        Files.createDirectories(dir.resolve("out"));
        Path csv = dir.resolve("out").resolve("ratings.csv");
        CliRun export = rate("export", a.toString(), b.toString(), "--out", csv.toString());
        assertThat(export.code()).as(export.err()).isZero();
        assertThat(export.out()).contains("5 ratings (2 raters, 2 criteria) written to");
        assertThat(Files.readAllLines(csv).get(0)).isEqualTo("video,start_s,end_s,rater,criterion,value");

        RatingsManifest.Table t = RatingsManifest.read(csv);
        assertThat(t.raters()).containsExactly("Ana", "Ben");
        assertThat(t.criteria()).containsExactly("fluidity", "precision");
        assertThat(t.items()).extracting(RatingsManifest.Item::video).containsExactly(a.toAbsolutePath(), a.toAbsolutePath(), b.toAbsolutePath());
        double[][] fluidity = t.of("fluidity");
        assertThat(fluidity[0]).containsExactly(6.5, 5.0);
        assertThat(fluidity[1][0]).isEqualTo(3.0);
        assertThat(fluidity[1][1]).isNaN();
        assertThat(fluidity[2][0]).isNaN();
        assertThat(fluidity[2][1]).isEqualTo(7.25);
        assertThat(t.of("precision")[0][0]).isEqualTo(4.0);
        assertThat(t.of("precision")[0][1]).isNaN();
        // the seconds name the same frames again (as evaluate --ratings turns them into frames)
        int[][] frames = {{10, 34}, {25, 45}, {3, 40}};
        for (int i = 0; i < 3; i++) {
            RatingsManifest.Item item = t.items().get(i);
            try (VideoSource src = VideoSource.open(item.video(), TaskContext.NONE, 0, 1)) {
                FrameIndex idx = src.index();
                assertThat(new int[] {idx.frameAt(item.startS()), idx.frameAt(item.endS())}).as(item.name()).containsExactly(frames[i]);
            }
        }
        // the seconds of the 30 fps video are its frames' times: 3/30 and 40/30
        assertThat(t.items().get(2).startS()).isEqualTo(0.1);
        assertThat(t.items().get(2).endS()).isCloseTo(40 / 30.0, org.assertj.core.data.Offset.offset(1e-3));
    }

    @Test
    void aVideoInsideTheManifestsFolderIsNamedRelativeToIt() throws Exception {
        Path clips = Files.createDirectories(dir.resolve("study").resolve("clips"));
        Path video = Files.copy(videoA(), clips.resolve("solo.mkv"));
        assertThat(rate("add", video.toString(), "--rater", "judge 1", "--criterion", "aesthetics, overall", "--value", "-1.5", "--frames", "0:59")
                .code()).isZero();
        Path csv = dir.resolve("study").resolve("ratings.csv");
        assertThat(rate("export", video.toString(), "--out", csv.toString()).code()).isZero();
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(1)).isEqualTo("clips/solo.mkv,0,2.36,judge 1,\"aesthetics, overall\",-1.5");
        RatingsManifest.Table t = RatingsManifest.read(csv);
        assertThat(t.items().get(0).video()).isEqualTo(video.toAbsolutePath().normalize());
        assertThat(t.criteria()).containsExactly("aesthetics, overall");
        assertThat(t.of("aesthetics, overall")[0]).containsExactly(-1.5);
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws Exception {
        Path a = videoA();
        List<String[]> bad = List.of(
                new String[] {"add", a.toString(), "--rater", "Ana", "--criterion", "fluidity", "--value", "six", "--frames", "0:9"},
                new String[] {"add", a.toString(), "--rater", "Ana", "--criterion", "fluidity", "--value", "6"},
                new String[] {"add", a.toString(), "--rater", "Ana", "--criterion", "fluidity", "--value", "6", "--frames", "0:99"},
                new String[] {"add", a.toString(), "--rater", "Ana", "--criterion", "fluidity", "--value", "6", "--frames", "5:5"},
                new String[] {"add", a.toString(), "--rater", " ", "--criterion", "fluidity", "--value", "6", "--frames", "0:9"},
                new String[] {"add", dir.resolve("none.mp4").toString(), "--rater", "Ana", "--criterion", "c", "--value", "6", "--frames", "0:9"},
                new String[] {"remove", a.toString(), "12345"},
                new String[] {"export", a.toString(), "--out", dir.resolve("r.csv").toString()},
                new String[] {"export", a.toString(), "--out", dir.resolve("missing").resolve("r.csv").toString()});
        List<String> expected = List.of(
                "dancelens: A rating is a number, not six.",
                "dancelens: Give the range as either --seconds A:B or --frames A:B.",
                "dancelens: The range ends at frame 99, but rate-a.mkv has 60 frames.",
                "dancelens: The range 5–5 is too short to rate; it needs at least two frames (its end after its start).",
                "dancelens: A rating needs a rater's name.",
                "dancelens: " + dir.resolve("none.mp4") + " does not exist or is not a file.",
                "dancelens: rate-a.mkv has no rating 12345.",
                "dancelens: rate-a.mkv has no ratings to export.",
                "dancelens: --out " + dir.resolve("missing").resolve("r.csv") + " cannot be written: the folder " + dir.resolve("missing")
                        + " does not exist.");
        for (int i = 0; i < bad.size(); i++) {
            CliRun r = rate(bad.get(i));
            assertThat(r.code()).as(String.join(" ", bad.get(i))).isEqualTo(2);
            assertThat(r.err().lines().toList()).as(String.join(" ", bad.get(i))).containsExactly(expected.get(i));
        }
        assertThat(rate("add", a.toString(), "--rater", "Ana", "--criterion", "fluidity", "--value", "6", "--frames", "0:9").code()).isZero();
        CliRun twice = rate("add", a.toString(), "--rater", "Ana", "--criterion", "fluidity", "--value", "7", "--frames", "0:9");
        assertThat(twice.code()).isEqualTo(2);
        assertThat(twice.err().strip()).isEqualTo("dancelens: Ana already rated frames 0–9 on fluidity (6); remove that rating first.");
        assertThat(Files.exists(dir.resolve("r.csv"))).as("nothing written on refusal").isFalse();
    }
}
