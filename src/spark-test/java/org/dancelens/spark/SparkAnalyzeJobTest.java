package org.dancelens.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.analysis.store.RunKind;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;
import org.dancelens.testsupport.CliRun;
import org.dancelens.testsupport.ClusterParquet;
import org.dancelens.testsupport.RealClips;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.TestZoo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark job in {@code local[2]} on three real clips and a damaged file: its Parquet, read back with Spark SQL,
 * holds for every clip exactly the poses {@code dancelens analyze --out} writes for it; the damaged file is a failed
 * row with its sentence; a second run writes nothing; a video whose runs row is lost (a job killed between the two
 * writes) is analysed again and replaces its partition instead of adding to it.
 */
class SparkAnalyzeJobTest {
    static final int FRAMES = 30;
    static SparkSession spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        spark = LocalSpark.localSession("dancelens-test");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    /** Every file under the folder with its size and time of change: a run that writes nothing leaves this as it was. */
    private static Map<String, String> files(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            Map<String, String> out = new TreeMap<>();
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString(), Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis());
            }
            return out;
        }
    }

    private static Path firstPart(Path table) throws Exception {
        Path partition = org.dancelens.analysis.ParquetTables.partitions(table).get(0);
        return org.dancelens.analysis.ParquetTables.partFiles(partition).get(0);
    }

    private static String key(Object frame, Object track, Object keypoint, Object kind) {
        return frame + "/" + track + "/" + keypoint + "/" + kind;
    }

    @Test
    void threeClipsAndADamagedFileGiveTheCliPosesAFailedRowAndNothingNewTheSecondTime() throws Exception {
        Path archive = Files.createDirectories(dir.resolve("archive"));
        Map<String, Path> clips = new TreeMap<>();
        clips.put("walk-a", Files.copy(RealClips.vtest(180, FRAMES), archive.resolve("walk-a.mkv")));
        clips.put("walk-b", Files.copy(RealClips.vtest(300, FRAMES), archive.resolve("walk-b.mkv")));
        clips.put("walk-c", Files.copy(RealClips.vtest(420, FRAMES), archive.resolve("walk-c.mkv")));
        Path broken = archive.resolve("broken.mp4");
        Files.writeString(broken, "this is not a video\n".repeat(50));
        TestZoo.registry("movenet-lightning");
        Path zoo = TestMedia.generatedDir().resolve("zoo");
        Path out = dir.resolve("parquet");

        AnalyzeJob.Options options = AnalyzeJob.Options.parse(archive.toString(), "--models", zoo.toString(), "--pose", "movenet-lightning", "--out",
                out.toString());
        AnalyzeJob.Summary first = AnalyzeJob.run(spark, options);
        assertThat(first).extracting(AnalyzeJob.Summary::videos, AnalyzeJob.Summary::ok, AnalyzeJob.Summary::failed, AnalyzeJob.Summary::skipped,
                AnalyzeJob.Summary::frames).containsExactly(4, 3, 1, 0, 3 * FRAMES);

        spark.read().parquet(out.resolve(AnalyzeJob.POSES).toString()).createOrReplaceTempView("poses");
        spark.read().parquet(out.resolve(AnalyzeJob.RUNS).toString()).createOrReplaceTempView("runs");
        List<Row> runs = spark.sql("SELECT video, video_id, model, onnx_sha256, settings, status, error, frames, software FROM runs ORDER BY video")
                .collectAsList();
        assertThat(runs).hasSize(4);
        Map<String, Row> byName = runs.stream().collect(Collectors.toMap(r -> Path.of(java.net.URI.create(r.getString(0))).getFileName().toString(),
                r -> r));
        Row failed = byName.get("broken.mp4");
        assertThat(failed.getString(5)).isEqualTo("failed");
        assertThat(failed.getString(6)).as("one plain sentence").isNotBlank().endsWith(".").doesNotContain("Exception").doesNotContain("\n");
        assertThat(failed.getInt(7)).isZero();
        assertThat(spark.sql("SELECT count(*) FROM poses WHERE video_id = '" + failed.getString(1) + "'").first().getLong(0)).isZero();

        String sha = TestZoo.registry("movenet-lightning").find("movenet-lightning").pinned().card().provenance().onnxSha256();
        for (Map.Entry<String, Path> clip : clips.entrySet()) {
            Row run = byName.get(clip.getKey() + ".mkv");
            assertThat(run.getString(5)).isEqualTo("ok");
            assertThat(run.isNullAt(6)).isTrue();
            assertThat(run.getInt(7)).isEqualTo(FRAMES);
            assertThat(run.getString(2)).isEqualTo("movenet-lightning");
            assertThat(run.getString(3)).isEqualTo(sha);
            assertThat(run.getString(1)).isEqualTo(AnalyzeJob.videoId(run.getString(0))).hasSize(16);

            // The CLI on the same clip: its store and its poses.csv.
            Path store = dir.resolve(clip.getKey() + ".db");
            Path cliOut = dir.resolve("cli-" + clip.getKey());
            CliRun cli = CliRun.of("analyze", clip.getValue().toString(), "--pose", "movenet-lightning", "--models", zoo.toString(), "--store",
                    store.toString(), "--out", cliOut.toString());
            assertThat(cli.code()).as(cli.err()).isZero();

            List<Row> rows = spark.sql("SELECT frame, time_s, track, keypoint, kind, x, y, score, world_x FROM poses WHERE video_id = '"
                    + run.getString(1) + "' ORDER BY frame, track, keypoint, kind").collectAsList();
            assertThat(rows).as(clip.getKey() + ": people walk through the real footage").isNotEmpty();
            assertThat(rows).allSatisfy(r -> assertThat(r.isNullAt(8)).as("MoveNet gives no 3D").isTrue());
            Map<String, Row> parquet = new HashMap<>();
            rows.forEach(r -> parquet.put(key(r.getInt(0), r.getInt(2), r.getString(3), r.getString(4)), r));
            assertThat(parquet).as("one row per frame, track, keypoint and kind").hasSize(rows.size());

            // Same rows as poses.csv, and the same text once formatted as poses.csv formats it.
            List<CSVRecord> csv = LocalSpark.csv(cliOut.resolve("poses.csv"));
            assertThat(parquet.keySet()).isEqualTo(csv.stream().map(c -> key(c.get("frame"), c.get("track"), c.get("keypoint"), c.get("kind")))
                    .collect(Collectors.toSet()));
            for (CSVRecord c : csv) {
                Row r = parquet.get(key(c.get("frame"), c.get("track"), c.get("keypoint"), c.get("kind")));
                assertThat(String.format(Locale.ROOT, "%.6f,%.2f,%.2f,%.4f", r.getDouble(1), r.getFloat(5), r.getFloat(6), r.getFloat(7)))
                        .isEqualTo(String.join(",", c.get("time_s"), c.get("x"), c.get("y"), c.get("score")));
            }

            // And bit for bit the floats the CLI stored (the same core, the same model file, the same thread count).
            try (ResultsStore s = ResultsStore.open(store)) {
                Run cliRun = s.runs().list(clip.getValue().toAbsolutePath().toString(), RunKind.POSE).get(0);
                assertThat(run.getString(4)).as("the settings as the store files them").isEqualTo(cliRun.spec().settings());
                int compared = 0;
                for (boolean smoothed : new boolean[] {false, true}) {
                    for (Map.Entry<Integer, List<Pose>> f : s.poses().read(cliRun.id(), 0, FRAMES, smoothed).entrySet()) {
                        for (Pose p : f.getValue()) {
                            for (int j = 0; j < p.keypoints().size(); j++) {
                                Keypoint k = p.keypoints().get(j);
                                Row r = parquet.get(key(f.getKey(), p.trackId(), p.schema().joints().get(j), smoothed ? "smoothed" : "raw"));
                                assertThat(new float[] {r.getFloat(5), r.getFloat(6), r.getFloat(7)}).containsExactly(k.x(), k.y(), k.score());
                                compared++;
                            }
                        }
                    }
                }
                assertThat(compared).isEqualTo(rows.size());
            }
        }

        // The files are in the schema the desktop's import test writes them in (ClusterParquet, parquet-hadoop without Spark).
        assertThat(ClusterParquet.schema(firstPart(out.resolve(AnalyzeJob.RUNS)))).isEqualTo(ClusterParquet.RUNS);
        assertThat(ClusterParquet.schema(firstPart(out.resolve(AnalyzeJob.POSES)))).isEqualTo(ClusterParquet.POSES);

        // `dancelens import parquet` brings every clip's run back as the run `dancelens analyze` stored, to the bit; the
        // damaged file's failed row is one line; importing again adds nothing.
        Path imported = dir.resolve("imported.db");
        CliRun im = CliRun.of("import", "parquet", out.toString(), "--store", imported.toString());
        assertThat(im.code()).as("the failed row is not imported").isEqualTo(2);
        assertThat(im.err().lines().toList()).containsExactly("broken.mp4 was not analysed on the cluster: " + failed.getString(6));
        assertThat(im.out().strip()).startsWith("4 videos: 3 imported, 0 already stored, 1 failed on the cluster, 0 not imported");
        List<Run> importedRuns;
        try (ResultsStore b = ResultsStore.open(imported)) {
            for (Map.Entry<String, Path> clip : clips.entrySet()) {
                try (ResultsStore a = ResultsStore.open(dir.resolve(clip.getKey() + ".db"))) {
                    String video = clip.getValue().toAbsolutePath().toString();
                    assertThat(ClusterParquet.assertSameRun(a, a.runs().newestFinished(video, RunKind.POSE).orElseThrow(), b,
                            b.runs().newestFinished(video, RunKind.POSE).orElseThrow())).isPositive();
                }
            }
            importedRuns = b.runs().all();
            assertThat(importedRuns).hasSize(3);
        }
        CliRun im2 = CliRun.of("import", "parquet", out.toString(), "--store", imported.toString());
        assertThat(im2.out().strip()).startsWith("4 videos: 0 imported, 3 already stored, 1 failed on the cluster, 0 not imported");
        try (ResultsStore b = ResultsStore.open(imported)) {
            assertThat(b.runs().all()).isEqualTo(importedRuns);
        }

        // A second run: the three ok videos are skipped, the damaged one is tried again and fails again in the same words.
        Map<String, String> before = files(out);
        long poseRows = spark.sql("SELECT count(*) FROM poses").first().getLong(0);
        AnalyzeJob.Summary second = AnalyzeJob.run(spark, options);
        assertThat(second).extracting(AnalyzeJob.Summary::ok, AnalyzeJob.Summary::failed, AnalyzeJob.Summary::skipped).containsExactly(0, 1, 3);
        Map<String, String> after = files(out);
        String brokenPartition = "video_id=" + failed.getString(1);
        assertThat(after.keySet().stream().filter(f -> !f.contains(brokenPartition) && !f.contains("_SUCCESS")))
                .as("no file added or removed outside the damaged video's runs row")
                .containsExactlyInAnyOrderElementsOf(before.keySet().stream().filter(f -> !f.contains(brokenPartition) && !f.contains("_SUCCESS")).toList());
        before.forEach((f, stamp) -> {
            if (f.startsWith(AnalyzeJob.POSES) || !f.contains(brokenPartition) && !f.contains("_SUCCESS")) {
                assertThat(after.get(f)).as(f + " untouched").isEqualTo(stamp);
            }
        });
        assertThat(after.keySet().stream().filter(f -> f.contains(brokenPartition) && f.endsWith(".parquet")).count()).isEqualTo(1);
        spark.catalog().refreshByPath(out.toString());
        spark.read().parquet(out.resolve(AnalyzeJob.POSES).toString()).createOrReplaceTempView("poses");
        spark.read().parquet(out.resolve(AnalyzeJob.RUNS).toString()).createOrReplaceTempView("runs");
        assertThat(spark.sql("SELECT count(*) FROM poses").first().getLong(0)).isEqualTo(poseRows);
        List<Row> runsAgain = spark.sql("SELECT video, video_id, model, onnx_sha256, settings, status, error, frames, software FROM runs ORDER BY video")
                .collectAsList();
        assertThat(runsAgain).isEqualTo(runs);

        // A job killed after writing a video's poses but before its runs row: the next run analyses it again and its
        // partition is replaced (dynamic partition overwrite), not added to.
        String walkA = byName.get("walk-a.mkv").getString(1);
        long walkARows = spark.sql("SELECT count(*) FROM poses WHERE video_id = '" + walkA + "'").first().getLong(0);
        Path lost = out.resolve(AnalyzeJob.RUNS).resolve("video_id=" + walkA);
        try (Stream<Path> s = Files.walk(lost)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        AnalyzeJob.Summary third = AnalyzeJob.run(spark, options);
        assertThat(third).extracting(AnalyzeJob.Summary::ok, AnalyzeJob.Summary::failed, AnalyzeJob.Summary::skipped).containsExactly(1, 1, 2);
        spark.read().parquet(out.resolve(AnalyzeJob.POSES).toString()).createOrReplaceTempView("poses");
        assertThat(spark.sql("SELECT count(*) FROM poses WHERE video_id = '" + walkA + "'").first().getLong(0)).isEqualTo(walkARows);
        assertThat(spark.sql("SELECT count(*) FROM poses").first().getLong(0)).isEqualTo(poseRows);
        assertThat(spark.read().parquet(out.resolve(AnalyzeJob.RUNS).toString()).count()).isEqualTo(4);
        List<String> partitions = new ArrayList<>();
        try (Stream<Path> s = Files.list(out.resolve(AnalyzeJob.POSES))) {
            s.filter(Files::isDirectory).forEach(p -> partitions.add(p.getFileName().toString()));
        }
        assertThat(partitions).hasSize(3);
    }
}
