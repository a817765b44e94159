package org.dancelens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.dancelens.testsupport.CliRun;
import org.dancelens.testsupport.RealClips;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.TestZoo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code analyze FOLDER --jobs 2}: three real clips (one in a subfolder) and a damaged file, two workers on one store.
 * The damaged one is a failed row with its sentence and the batch goes on; a second run reuses everything; the poses
 * are those of the videos analysed one at a time.
 */
class AnalyzeBatchCliTest {
    static final int FRAMES = 30;

    @TempDir
    Path dir;

    private Path archive() throws Exception {
        Path a = Files.createDirectories(dir.resolve("archive"));
        Files.copy(RealClips.vtest(180, FRAMES), a.resolve("walk-a.mp4"));
        Files.copy(RealClips.vtest(300, FRAMES), a.resolve("walk-b.mp4"));
        Path sub = Files.createDirectories(a.resolve("day2"));
        Files.copy(RealClips.vtest(420, FRAMES), sub.resolve("walk-c.mp4"));
        Files.writeString(a.resolve("broken.mp4"), "this is not a video\n".repeat(50));
        Files.writeString(a.resolve("notes.txt"), "not a video name, not taken from a folder");
        return a;
    }

    static List<CSVRecord> csv(Path file) throws Exception {
        try (Reader r = Files.newBufferedReader(file)) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r).getRecords();
        }
    }

    @Test
    void aFolderWithADamagedVideoIsAnalysedByTwoWorkersAndResumesToNothing() throws Exception {
        Path a = archive();
        TestZoo.registry("movenet-lightning");
        String zoo = TestMedia.generatedDir().resolve("zoo").toString();
        Path store = dir.resolve("all.db");
        Path out = dir.resolve("out");
        CliRun r = CliRun.of("analyze", a.toString(), "--recursive", "--jobs", "2", "--pose", "movenet-lightning", "--models", zoo, "--store",
                store.toString(), "--out", out.toString());
        assertThat(r.code()).as("one video failed: " + r.err()).isEqualTo(2);
        assertThat(r.err().lines().toList()).hasSize(1);
        assertThat(r.err()).startsWith("dancelens: broken.mp4: ");
        assertThat(r.out()).contains("walk-a.mp4: analysed, 30 frames, ").contains("walk-c.mp4: analysed, 30 frames, ");
        assertThat(r.out().lines().reduce((x, y) -> y).orElseThrow())
                .startsWith("4 videos: 3 done, 1 failed; 90 frames in ").contains("2 workers, 1 thread each").endsWith(out.resolve("summary.csv").toString());

        List<CSVRecord> rows = csv(out.resolve("summary.csv"));
        assertThat(rows).extracting(x -> Path.of(x.get("video")).getFileName().toString())
                .as("sorted by path: day2/walk-c.mp4 before walk-a.mp4").containsExactly("broken.mp4", "walk-c.mp4", "walk-a.mp4", "walk-b.mp4");
        Map<String, CSVRecord> byName = rows.stream().collect(Collectors.toMap(x -> Path.of(x.get("video")).getFileName().toString(), x -> x));
        assertThat(byName.get("broken.mp4").get("status")).isEqualTo("failed");
        assertThat(byName.get("broken.mp4").get("error")).isNotBlank().doesNotContain("Exception");
        for (String v : List.of("walk-a.mp4", "walk-b.mp4", "walk-c.mp4")) {
            assertThat(byName.get(v).get("status")).isEqualTo("analysed");
            assertThat(byName.get(v).get("frames")).isEqualTo("30");
            assertThat(Integer.parseInt(byName.get(v).get("dancers"))).as(v + ": people walk through the real footage").isPositive();
            assertThat(byName.get(v).get("error")).isEmpty();
        }
        assertThat(out.resolve("walk-a").resolve("poses.csv")).exists();
        assertThat(out.resolve("walk-c").resolve("poses.csv")).exists();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store.toAbsolutePath()); Statement st = c.createStatement()) {
            assertThat(count(st, "SELECT COUNT(*) FROM runs WHERE status = 'complete'")).isEqualTo(3);
            assertThat(count(st, "SELECT COUNT(*) FROM frames")).as("every frame of the three videos once").isEqualTo(90);
            assertThat(count(st, "SELECT COUNT(DISTINCT track) FROM poses p JOIN runs r ON r.id = p.run_id WHERE r.video_path LIKE '%walk-a.mp4'"))
                    .isEqualTo(Integer.parseInt(byName.get("walk-a.mp4").get("dancers")));
        }

        // again: everything stored is reused, nothing is added
        CliRun again = CliRun.of("analyze", a.toString(), "--recursive", "--jobs", "2", "--pose", "movenet-lightning", "--models", zoo, "--store",
                store.toString(), "--summary", dir.resolve("again.csv").toString());
        assertThat(again.code()).isEqualTo(2);
        assertThat(csv(dir.resolve("again.csv"))).extracting(x -> x.get("status")).containsExactly("failed", "reused", "reused", "reused");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store.toAbsolutePath()); Statement st = c.createStatement()) {
            assertThat(count(st, "SELECT COUNT(*) FROM runs")).isEqualTo(3);
            assertThat(count(st, "SELECT COUNT(*) FROM frames")).isEqualTo(90);
        }

        // one at a time, into another store: the same dancers in the same frames
        Path alone = dir.resolve("alone.db");
        CliRun one = CliRun.of("analyze", a.resolve("walk-b.mp4").toString(), "--pose", "movenet-lightning", "--models", zoo, "--store", alone.toString(),
                "--out", dir.resolve("alone").toString());
        assertThat(one.code()).as(one.err()).isZero();
        List<CSVRecord> batchPoses = csv(out.resolve("walk-b").resolve("poses.csv"));
        List<CSVRecord> alonePoses = csv(dir.resolve("alone").resolve("poses.csv"));
        assertThat(batchPoses).hasSameSizeAs(alonePoses).isNotEmpty();
        for (int i = 0; i < batchPoses.size(); i++) {
            assertThat(batchPoses.get(i).get("frame")).isEqualTo(alonePoses.get(i).get("frame"));
            assertThat(batchPoses.get(i).get("track")).isEqualTo(alonePoses.get(i).get("track"));
        }
    }

    @Test
    void patternsAndFoldersPickTheVideosAndNamingNothingIsOneSentence() throws Exception {
        Path a = archive();
        assertThat(VideoInputs.expand(List.of(a.toString()), false)).extracting(p -> p.getFileName().toString())
                .containsExactly("broken.mp4", "walk-a.mp4", "walk-b.mp4");
        assertThat(VideoInputs.expand(List.of(a + "/**/walk-*.mp4"), false)).extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder("walk-a.mp4", "walk-b.mp4", "walk-c.mp4");
        assertThat(VideoInputs.expand(List.of(a + "/walk-?.mp4", a.resolve("walk-a.mp4").toString()), false)).as("each video once")
                .extracting(p -> p.getFileName().toString()).containsExactly("walk-a.mp4", "walk-b.mp4");
        assertThat(AnalyzeCommand.outFolders(List.of(a.resolve("walk-a.mp4"), a.resolve("x/walk-a.mkv"), a.resolve("y/x/walk-a.mp4"))).values())
                .containsExactly("walk-a", "x-walk-a", "x-walk-a-2");

        CliRun none = CliRun.of("analyze", a + "/*.mov", "--pose", "movenet-lightning", "--store", dir.resolve("s.db").toString());
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err().lines().toList()).containsExactly("dancelens: No file matches " + a + "/*.mov.");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        CliRun nothing = CliRun.of("analyze", empty.toString(), "--pose", "movenet-lightning", "--store", dir.resolve("s.db").toString());
        assertThat(nothing.code()).isEqualTo(2);
        assertThat(nothing.err()).startsWith("dancelens: " + empty + " holds no video files (");
        CliRun jobs = CliRun.of("analyze", a.toString(), "--jobs", "0", "--pose", "movenet-lightning", "--store", dir.resolve("s.db").toString());
        assertThat(jobs.code()).isEqualTo(2);
        assertThat(jobs.err().lines().toList()).containsExactly("dancelens: --jobs takes 1 to 64 workers, not 0.");
    }

    private static int count(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
