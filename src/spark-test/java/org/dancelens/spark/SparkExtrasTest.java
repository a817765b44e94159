package org.dancelens.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.dancelens.analysis.ClassifyAnalysis;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.analysis.store.RunKind;
import org.dancelens.core.ScoreSeries;
import org.dancelens.core.TaskContext;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OrtRuntime;
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
 * The Spark job's classification and kinematics in {@code local[2]} on two real clips: the {@code scores},
 * {@code segments}, {@code kinematics} and {@code kinematics_summary} tables hold, value for value, what
 * {@code dancelens classify --out} and {@code dancelens kinematics --out} write for the same clip; the same job again
 * writes nothing; a job asking for less replaces the videos' rows and leaves no kinematics behind.
 */
class SparkExtrasTest {
    static final int FRAMES = 40;
    static SparkSession spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        spark = LocalSpark.localSession("dancelens-test-extras");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static String g6(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    private static String f6(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }

    private List<Row> sql(Path out, String table, String query) {
        spark.catalog().refreshByPath(out.resolve(table).toString());
        spark.read().parquet(out.resolve(table).toString()).createOrReplaceTempView(table);
        return spark.sql(query).collectAsList();
    }

    @Test
    void classificationAndKinematicsTablesHoldWhatTheCommandsWrite() throws Exception {
        Path archive = Files.createDirectories(dir.resolve("archive"));
        Map<String, Path> clips = Map.of("walk-a", Files.copy(RealClips.vtest(180, FRAMES), archive.resolve("walk-a.mkv")),
                "walk-b", Files.copy(RealClips.vtest(420, FRAMES), archive.resolve("walk-b.mkv")));
        TestZoo.registry("movenet-lightning", "emotion");
        Path zoo = TestMedia.generatedDir().resolve("zoo");
        Path out = dir.resolve("parquet");
        String[] args = {archive.toString(), "--models", zoo.toString(), "--pose", "movenet-lightning", "--out", out.toString(), "--classify",
            "emotion", "--kinematics"};
        AnalyzeJob.Summary first = AnalyzeJob.run(spark, AnalyzeJob.Options.parse(args));
        assertThat(first).extracting(AnalyzeJob.Summary::ok, AnalyzeJob.Summary::failed).containsExactly(2, 0);

        List<Row> runs = sql(out, AnalyzeJob.RUNS, "SELECT video, video_id, analyses FROM runs ORDER BY video");
        assertThat(runs).hasSize(2);
        String emotionSha = TestZoo.registry("emotion").find("emotion").pinned().card().provenance().onnxSha256();
        assertThat(runs).allSatisfy(r -> assertThat(r.getString(2)).isEqualTo("classify:emotion@" + emotionSha + ";kinematics:minScore=0.3"));
        Map<String, String> ids = runs.stream().collect(Collectors.toMap(r -> Path.of(java.net.URI.create(r.getString(0))).getFileName().toString(),
                r -> r.getString(1)));

        int scoreRows = 0;
        int kinematicCells = 0;
        for (Map.Entry<String, Path> clip : clips.entrySet()) {
            String id = ids.get(clip.getKey() + ".mkv");
            Path store = dir.resolve(clip.getKey() + ".db");
            Path cls = dir.resolve("classify-" + clip.getKey());
            CliRun c = CliRun.of("classify", clip.getValue().toString(), "--model", "emotion", "--models", zoo.toString(), "--store", store.toString(),
                    "--out", cls.toString());
            assertThat(c.code()).as(c.err()).isZero();

            // scores.csv, row for row: frame, time, track, label and the score as the command prints it
            List<Row> scores = sql(out, Extras.SCORES, "SELECT frame, time_s, track, label, score, model FROM scores WHERE video_id = '" + id
                    + "' ORDER BY frame, track, label");
            Map<String, String> parquet = new HashMap<>();
            scores.forEach(r -> parquet.put(r.getInt(0) + "/" + r.getInt(2) + "/" + r.getString(3), f6(r.getDouble(1)) + "," + g6(r.getFloat(4))));
            assertThat(scores).allSatisfy(r -> assertThat(r.getString(5)).isEqualTo("emotion"));
            List<CSVRecord> csvScores = LocalSpark.csv(cls.resolve("scores.csv"));
            assertThat(csvScores).hasSize(scores.size());
            for (CSVRecord rec : csvScores) {
                assertThat(parquet.get(rec.get("frame") + "/" + rec.get("track") + "/" + rec.get("label")))
                        .isEqualTo(rec.get("time_s") + "," + rec.get("score"));
            }
            assertThat(scores.stream().map(r -> r.getInt(0)).distinct().count()).as("every frame classified").isEqualTo(FRAMES);
            scoreRows += scores.size();

            List<Row> segments = sql(out, Extras.SEGMENTS, "SELECT track, start_frame, end_frame, label, mean_score FROM segments WHERE video_id = '" + id
                    + "' ORDER BY track, start_frame");
            List<CSVRecord> csvSegments = LocalSpark.csv(cls.resolve("segments.csv"));
            assertThat(segments.stream().map(r -> r.getInt(0) + "," + r.getInt(1) + "," + r.getInt(2) + "," + r.getString(3) + "," + g6(r.getDouble(4))))
                    .containsExactlyElementsOf(csvSegments.stream().map(r -> String.join(",", r.get("track"), r.get("start_frame"), r.get("end_frame"),
                            r.get("label"), r.get("mean_score"))).toList());

            // kinematics-<track>.csv of the command's own pose run: every measure of every dancer on every frame, gaps
            // (empty cells) as nulls
            CliRun a = CliRun.of("analyze", clip.getValue().toString(), "--pose", "movenet-lightning", "--models", zoo.toString(), "--store",
                    store.toString());
            assertThat(a.code()).as(a.err()).isZero();
            Path kin = dir.resolve("kinematics-" + clip.getKey());
            CliRun k = CliRun.of("kinematics", clip.getValue().toString(), "--store", store.toString(), "--out", kin.toString());
            assertThat(k.code()).as(k.err()).isZero();
            List<Row> series = sql(out, Extras.KINEMATICS, "SELECT track, frame, time_s, measure, value FROM kinematics WHERE video_id = '" + id + "'");
            Map<String, String> cells = new HashMap<>();
            series.forEach(r -> cells.put(r.getInt(0) + "/" + r.getInt(1) + "/" + r.getString(3), r.isNullAt(4) ? "" : g6(r.getDouble(4))));
            assertThat(cells).as("one row per dancer, frame and measure").hasSize(series.size());
            int checked = 0;
            List<Path> files;
            try (Stream<Path> s = Files.list(kin)) {
                files = s.filter(p -> p.getFileName().toString().matches("kinematics-\\d+\\.csv")).toList();
            }
            assertThat(files).as(clip.getKey() + ": dancers measured").isNotEmpty();
            for (Path f : files) {
                String track = f.getFileName().toString().replaceAll("\\D", "");
                for (CSVRecord rec : LocalSpark.csv(f)) {
                    for (String measure : rec.getParser().getHeaderNames()) {
                        if (measure.equals("frame") || measure.equals("time_s")) {
                            continue;
                        }
                        assertThat(cells.get(track + "/" + rec.get("frame") + "/" + measure)).as(track + "/" + rec.get("frame") + "/" + measure)
                                .isEqualTo(rec.get(measure));
                        checked++;
                    }
                }
            }
            assertThat(checked).as("every cell of the command's files").isEqualTo(series.size());
            assertThat(series.stream().filter(r -> r.isNullAt(4)).count()).as("gaps are nulls, not zeros").isPositive();
            kinematicCells += checked;
            assertThat(sql(out, Extras.KINEMATICS_SUMMARY, "SELECT count(*) FROM kinematics_summary WHERE video_id = '" + id + "'").get(0).getLong(0))
                    .isPositive();
        }
        assertThat(scoreRows).isEqualTo(2 * FRAMES * 7); // the emotion model's seven expressions, one track (the whole frame)
        assertThat(kinematicCells).isPositive();

        // The same job again: nothing to do.
        AnalyzeJob.Summary second = AnalyzeJob.run(spark, AnalyzeJob.Options.parse(args));
        assertThat(second).extracting(AnalyzeJob.Summary::ok, AnalyzeJob.Summary::skipped).containsExactly(0, 2);

        // Asking for poses and classification only: the videos are analysed again (their rows record what was done),
        // and no kinematics of theirs is left behind to be read as this analysis's.
        AnalyzeJob.Summary less = AnalyzeJob.run(spark, AnalyzeJob.Options.parse(java.util.Arrays.copyOf(args, args.length - 1)));
        assertThat(less).extracting(AnalyzeJob.Summary::ok, AnalyzeJob.Summary::skipped).containsExactly(2, 0);
        assertThat(sql(out, AnalyzeJob.RUNS, "SELECT analyses FROM runs")).extracting(r -> r.getString(0))
                .containsOnly("classify:emotion@" + emotionSha);
        try (Stream<Path> s = Files.walk(out.resolve(Extras.KINEMATICS))) {
            assertThat(s.filter(p -> p.toString().endsWith(".parquet")).toList()).as("kinematics files left").isEmpty();
        }
        assertThat(sql(out, Extras.SCORES, "SELECT count(*) FROM scores").get(0).getLong(0)).as("scores replaced, not added").isEqualTo(scoreRows);

        // Back on the workbench: `import parquet` files each clip's classification as `classify` filed it here, scores
        // bit for bit, and `classify` (its core) reuses it. The scores files have the schema the import's tests write.
        try (Stream<Path> s = Files.walk(out.resolve(Extras.SCORES))) {
            Path part = s.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
            assertThat(ClusterParquet.schema(part)).isEqualTo(ClusterParquet.SCORES);
        }
        Path imported = dir.resolve("imported.db");
        CliRun imp = CliRun.of("import", "parquet", out.toString(), "--models", zoo.toString(), "--store", imported.toString());
        assertThat(imp.code()).as(imp.err()).isZero();
        assertThat(imp.out()).contains("; 2 classifications: 2 imported, 0 already stored, 0 not imported");
        ModelRegistry.Entry emotion = TestZoo.registry("emotion").find("emotion");
        try (ResultsStore b = ResultsStore.open(imported)) {
            for (Map.Entry<String, Path> clip : clips.entrySet()) {
                String path = clip.getValue().toAbsolutePath().toString();
                try (ResultsStore a = ResultsStore.open(dir.resolve(clip.getKey() + ".db"))) {
                    Run ca = a.runs().newestFinished(path, RunKind.CLASSIFY).orElseThrow();
                    Run cb = b.runs().newestFinished(path, RunKind.CLASSIFY).orElseThrow();
                    assertThat(cb.spec()).isEqualTo(ca.spec());
                    List<ScoreSeries> sa = a.scores().read(ca.id());
                    List<ScoreSeries> sb = b.scores().read(cb.id());
                    assertThat(sb).hasSameSizeAs(sa).hasSize(1);
                    assertThat(sb.get(0).labels()).isEqualTo(sa.get(0).labels());
                    assertThat(sb.get(0).frames()).isEqualTo(sa.get(0).frames()).hasSize(FRAMES);
                    for (int i = 0; i < FRAMES; i++) {
                        for (int l = 0; l < sa.get(0).labels().size(); l++) {
                            assertThat(Float.floatToRawIntBits(sb.get(0).scores()[i][l])).as(clip.getKey() + " frame " + i + " label " + l)
                                    .isEqualTo(Float.floatToRawIntBits(sa.get(0).scores()[i][l]));
                        }
                    }
                }
                ClassifyAnalysis.Result again = ClassifyAnalysis.run(clip.getValue(), emotion, null, b, 0, -1, OrtRuntime.Device.CPU, TaskContext.NONE);
                assertThat(again.reused()).as(clip.getKey()).isTrue();
                assertThat(again.runId()).isEqualTo(classifyRunId(b, path));
            }
        }
    }

    private static long classifyRunId(ResultsStore b, String path) {
        return b.runs().newestFinished(path, RunKind.CLASSIFY).orElseThrow().id();
    }
}
