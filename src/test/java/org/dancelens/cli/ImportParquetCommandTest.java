package org.dancelens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.dancelens.analysis.ClassifyAnalysis;
import org.dancelens.analysis.Workspace;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.analysis.store.RunKind;
import org.dancelens.core.ScoreSeries;
import org.dancelens.core.TaskContext;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.testsupport.CliRun;
import org.dancelens.testsupport.ClusterParquet;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.testsupport.RealClips;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.TestZoo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dancelens import parquet DIR} on Parquet tables written (with parquet-hadoop, in the Spark job's exact file
 * schema) from a real {@code dancelens analyze} run of a real clip: the imported run is the analysed one to the bit, a
 * second import adds nothing, and failed rows, missing, changed and incomplete videos are reported and never stored.
 */
class ImportParquetCommandTest {
    static final int FRAMES = 20;

    @RegisterExtension
    final IsolatedData data = new IsolatedData();

    @TempDir
    Path dir;

    private static String zoo() {
        TestZoo.registry("movenet-lightning");
        return TestMedia.generatedDir().resolve("zoo").toString();
    }

    /** Analyses the clip into its own (the workbench's) store and returns that store's file. */
    private static Path analyse(Path clip) {
        CliRun a = CliRun.of("analyze", clip.toString(), "--pose", "movenet-lightning", "--models", zoo());
        assertThat(a.code()).as(a.err()).isZero();
        return Workspace.storeFor(clip);
    }

    /** Moves a store file (with its WAL files) away, as if it had been deleted, keeping it to compare with. */
    private static Path moveAway(Path store, Path to) throws Exception {
        for (String suffix : List.of("", "-wal", "-shm")) {
            Path f = store.resolveSibling(store.getFileName() + suffix);
            if (Files.exists(f)) {
                Files.move(f, to.resolveSibling(to.getFileName() + suffix));
            }
        }
        return to;
    }

    @Test
    void aClusterRunComesBackAsTheAnalysedRunToTheBitAndASecondImportAddsNothing() throws Exception {
        Path videos = Files.createDirectories(dir.resolve("videos"));
        Path clip = Files.copy(RealClips.vtest(180, FRAMES), videos.resolve("walk.mkv"));
        Path kept = moveAway(analyse(clip), dir.resolve("analysed.db"));
        assertThat(Workspace.storeFor(clip)).doesNotExist();

        // As the cluster wrote it: the video under the cluster's path, and a damaged video's failed row beside it.
        Path out = dir.resolve("parquet");
        String failedSentence = "The video file /cluster/archive/broken.mp4 cannot be opened (Invalid data found when processing input).";
        try (ResultsStore s = ResultsStore.open(kept)) {
            Run run = s.runs().list(clip.toAbsolutePath().toString(), RunKind.POSE).get(0);
            ClusterParquet.writeOk(out, "file:/cluster/archive/walk.mkv", clip, s, run);
        }
        ClusterParquet.writeFailed(out, "file:/cluster/archive/broken.mp4", failedSentence);

        CliRun first = CliRun.of("import", "parquet", out.toString(), "--video-root", "/cluster/archive=" + videos);
        assertThat(first.code()).as("a failed row is not imported: exit 2").isEqualTo(2);
        assertThat(first.err().lines().toList()).containsExactly("broken.mp4 was not analysed on the cluster: " + failedSentence);
        assertThat(first.out().strip()).startsWith("2 videos: 1 imported, 0 already stored, 1 failed on the cluster, 0 not imported");

        Path store = Workspace.storeFor(clip);
        assertThat(store).as("the workbench's store of the video").exists();
        List<Run> afterFirst;
        try (ResultsStore a = ResultsStore.open(kept); ResultsStore b = ResultsStore.open(store)) {
            Run analysed = a.runs().newestFinished(clip.toAbsolutePath().toString(), RunKind.POSE).orElseThrow();
            Run imported = b.runs().newestFinished(clip.toAbsolutePath().toString(), RunKind.POSE).orElseThrow();
            int compared = ClusterParquet.assertSameRun(a, analysed, b, imported);
            assertThat(compared).as("people walk through the clip").isGreaterThan(FRAMES * 17);
            assertThat(imported.devices()).isEqualTo("cpu");
            afterFirst = b.runs().all();
            assertThat(afterFirst).hasSize(1);
        }

        // `analyze` now finds the run complete: nothing is computed again.
        CliRun again = CliRun.of("analyze", clip.toString(), "--pose", "movenet-lightning", "--models", zoo());
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).contains("already analysed");

        try (ResultsStore b = ResultsStore.open(store)) {
            afterFirst = b.runs().all(); // analyze marks the run it reuses complete again (a new time of change)
        }
        CliRun second = CliRun.of("import", "parquet", out.toString(), "--video-root", "/cluster/archive=" + videos);
        assertThat(second.out().strip()).startsWith("2 videos: 0 imported, 1 already stored, 1 failed on the cluster, 0 not imported");
        try (ResultsStore b = ResultsStore.open(store)) {
            assertThat(b.runs().all()).as("the same run, not touched").isEqualTo(afterFirst);
        }
    }

    @Test
    void aClusterClassificationIsFiledAsClassifyWouldToTheBitAndClassifyReusesIt() throws Exception {
        ModelRegistry.Entry emotion = TestZoo.registry("emotion").find("emotion");
        Path videos = Files.createDirectories(dir.resolve("videos"));
        Path clip = Files.copy(RealClips.vtest(180, FRAMES), videos.resolve("walk.mkv"));
        Path other = Files.copy(clip, videos.resolve("other.mkv"));
        Path unknown = Files.copy(clip, videos.resolve("unknown.mkv"));
        analyse(clip);
        CliRun c = CliRun.of("classify", clip.toString(), "--model", "emotion", "--models", zoo());
        assertThat(c.code()).as(c.err()).isZero();
        Path kept = moveAway(Workspace.storeFor(clip), dir.resolve("classified.db"));

        // As the cluster wrote it with --classify emotion; beside it, a video classified by another emotion.onnx and one
        // by a model not installed here.
        Path out = dir.resolve("parquet");
        String sha;
        try (ResultsStore s = ResultsStore.open(kept)) {
            Run pose = s.runs().list(clip.toAbsolutePath().toString(), RunKind.POSE).get(0);
            List<Run> classified = s.runs().list(clip.toAbsolutePath().toString(), RunKind.CLASSIFY);
            assertThat(classified).hasSize(1);
            sha = classified.get(0).spec().onnxSha256();
            String analyses = ClusterParquet.analyses(classified);
            assertThat(analyses).isEqualTo("classify:emotion@" + sha);
            ClusterParquet.writeOk(out, ClusterParquet.uri(clip), clip, s, pose, classified, analyses);
            ClusterParquet.writeOk(out, ClusterParquet.uri(other), other, s, pose, classified, analyses.replace(sha, "0".repeat(64)));
            ClusterParquet.writeOk(out, ClusterParquet.uri(unknown), unknown, s, pose, classified, "classify:no-such-model@" + sha);
        }

        CliRun first = CliRun.of("import", "parquet", out.toString(), "--models", zoo());
        assertThat(first.code()).as("two classifications left out: exit 2").isEqualTo(2);
        assertThat(first.out().strip()).startsWith("3 videos: 3 imported, 0 already stored, 0 failed on the cluster, 0 not imported (missing, changed"
                + " or incomplete); 3 classifications: 1 imported, 0 already stored, 2 not imported in ");
        assertThat(first.err().lines().toList()).containsExactlyInAnyOrder(
                "other.mkv: the classification by emotion was not imported: the installed model (" + emotion.onnxFile() + ", sha256 " + sha
                        + ") is not the one the cluster ran (sha256 " + "0".repeat(64) + ").",
                "unknown.mkv: the classification by no-such-model was not imported: no model with that id is installed here (--models DIR), and"
                        + " its card is needed to file the run as dancelens classify would.");
        for (Path v : List.of(other, unknown)) {
            try (ResultsStore s = ResultsStore.open(Workspace.storeFor(v))) {
                assertThat(s.runs().list(v.toAbsolutePath().toString(), RunKind.CLASSIFY)).as(v + ": no classify run").isEmpty();
            }
        }

        Path store = Workspace.storeFor(clip);
        long importedId;
        List<Run> afterFirst;
        try (ResultsStore a = ResultsStore.open(kept); ResultsStore b = ResultsStore.open(store)) {
            Run classified = a.runs().list(clip.toAbsolutePath().toString(), RunKind.CLASSIFY).get(0);
            Run imported = b.runs().newestFinished(clip.toAbsolutePath().toString(), RunKind.CLASSIFY).orElseThrow();
            importedId = imported.id();
            assertThat(imported.spec()).as("the spec classify files: video, frames, model, sha256, card, settings, range").isEqualTo(classified.spec());
            assertThat(imported.devices()).isEqualTo("cpu");
            assertThat(b.undecodable().list(imported.id())).isEqualTo(a.undecodable().list(classified.id()));
            List<ScoreSeries> sa = a.scores().read(classified.id());
            List<ScoreSeries> sb = b.scores().read(imported.id());
            assertThat(sa).hasSize(1);
            assertThat(sb).hasSize(1);
            assertThat(sb.get(0).track()).isEqualTo(sa.get(0).track()).isEqualTo(-1);
            assertThat(sb.get(0).labels()).isEqualTo(sa.get(0).labels()).hasSize(emotion.card().labels().size());
            assertThat(sb.get(0).frames()).isEqualTo(sa.get(0).frames()).hasSize(FRAMES);
            for (int i = 0; i < FRAMES; i++) {
                for (int l = 0; l < sa.get(0).labels().size(); l++) {
                    assertThat(Float.floatToRawIntBits(sb.get(0).scores()[i][l])).as("frame " + i + " label " + l + ", bit for bit")
                            .isEqualTo(Float.floatToRawIntBits(sa.get(0).scores()[i][l]));
                }
            }
            // `classify` (the same core) finds the run finished and reuses it.
            ClassifyAnalysis.Result again = ClassifyAnalysis.run(clip, emotion, null, b, 0, -1, OrtRuntime.Device.CPU, TaskContext.NONE);
            assertThat(again.reused()).isTrue();
            assertThat(again.runId()).isEqualTo(importedId);
            afterFirst = b.runs().all();
        }
        CliRun classify = CliRun.of("classify", clip.toString(), "--model", "emotion", "--models", zoo());
        assertThat(classify.code()).as(classify.err()).isZero();

        CliRun second = CliRun.of("import", "parquet", out.toString(), "--models", zoo());
        assertThat(second.out().strip()).startsWith("3 videos: 0 imported, 3 already stored, 0 failed on the cluster, 0 not imported (missing,"
                + " changed or incomplete); 3 classifications: 0 imported, 1 already stored, 2 not imported in ");
        try (ResultsStore b = ResultsStore.open(store)) {
            assertThat(b.runs().all()).as("the same runs, nothing added").hasSameSizeAs(afterFirst);
            assertThat(b.runs().all().stream().map(Run::id).toList()).isEqualTo(afterFirst.stream().map(Run::id).toList());
            assertThat(b.runs().newestFinished(clip.toAbsolutePath().toString(), RunKind.CLASSIFY).orElseThrow().id()).isEqualTo(importedId);
        }
    }

    @Test
    void scoresThatAreNotWholeAreNotFiled() throws Exception {
        TestZoo.registry("emotion");
        Path videos = Files.createDirectories(dir.resolve("videos"));
        Path clip = Files.copy(RealClips.vtest(180, FRAMES), videos.resolve("walk.mkv"));
        analyse(clip);
        CliRun c = CliRun.of("classify", clip.toString(), "--model", "emotion", "--models", zoo());
        assertThat(c.code()).as(c.err()).isZero();
        Path kept = moveAway(Workspace.storeFor(clip), dir.resolve("classified.db"));
        Path out = dir.resolve("parquet");
        String id;
        try (ResultsStore s = ResultsStore.open(kept)) {
            Run pose = s.runs().list(clip.toAbsolutePath().toString(), RunKind.POSE).get(0);
            List<Run> classified = s.runs().list(clip.toAbsolutePath().toString(), RunKind.CLASSIFY);
            id = ClusterParquet.writeOk(out, ClusterParquet.uri(clip), clip, s, pose, classified, ClusterParquet.analyses(classified));
        }
        // The scores part file lost on the way: the runs row still lists the classification.
        try (Stream<Path> parts = Files.list(out.resolve("scores").resolve("video_id=" + id))) {
            for (Path p : parts.toList()) {
                Files.delete(p);
            }
        }
        CliRun r = CliRun.of("import", "parquet", out.toString(), "--models", zoo());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines().toList()).containsExactly("walk.mkv: the classification by emotion was not imported: its scores table holds every"
                + " label's score for 0 of the " + FRAMES + " decoded frames (a part file is missing or was cut short).");
        try (ResultsStore s = ResultsStore.open(Workspace.storeFor(clip))) {
            assertThat(s.runs().newestFinished(clip.toAbsolutePath().toString(), RunKind.POSE)).as("the poses are whole").isPresent();
            assertThat(s.runs().list(clip.toAbsolutePath().toString(), RunKind.CLASSIFY)).as("nothing of the scores").isEmpty();
        }
    }

    @Test
    void missingChangedAndIncompleteVideosAreReportedAndNothingOfThemIsStored() throws Exception {
        Path videos = Files.createDirectories(dir.resolve("videos"));
        Path clip = Files.copy(RealClips.vtest(180, FRAMES), videos.resolve("walk.mkv"));
        Path kept = moveAway(analyse(clip), dir.resolve("analysed.db"));
        Path changed = Files.copy(clip, videos.resolve("changed.mkv"));
        Path cut = Files.copy(clip, videos.resolve("cut.mkv"));
        Path gone = videos.resolve("gone.mkv");
        Path out = dir.resolve("parquet");
        String cutId;
        try (ResultsStore s = ResultsStore.open(kept)) {
            Run run = s.runs().list(clip.toAbsolutePath().toString(), RunKind.POSE).get(0);
            ClusterParquet.writeOk(out, ClusterParquet.uri(changed), changed, s, run);
            cutId = ClusterParquet.writeOk(out, ClusterParquet.uri(cut), cut, s, run);
            ClusterParquet.writeOk(out, ClusterParquet.uri(gone), clip, s, run);
            ClusterParquet.writeOk(out, "hdfs://namenode/archive/walk.mkv", clip, s, run);
        }
        Files.writeString(changed, "x", StandardOpenOption.APPEND);
        // A poses part file lost on the way (the runs row counts its rows).
        try (Stream<Path> parts = Files.list(out.resolve("poses").resolve("video_id=" + cutId))) {
            for (Path p : parts.toList()) {
                Files.delete(p);
            }
        }

        CliRun r = CliRun.of("import", "parquet", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out().strip()).startsWith("4 videos: 0 imported, 0 already stored, 0 failed on the cluster, 4 not imported");
        List<String> err = r.err().lines().toList();
        assertThat(err).hasSize(4);
        assertThat(err).anySatisfy(l -> assertThat(l).isEqualTo("changed.mkv was not imported: " + changed.toAbsolutePath()
                + " is not the file the cluster analysed (" + Files.size(changed) + " bytes, not " + Files.size(clip) + ")."));
        assertThat(err).anySatisfy(l -> assertThat(l).startsWith("cut.mkv was not imported: its poses table holds 0 rows, not the ")
                .endsWith(" its runs row counts (a part file is missing or was cut short)."));
        assertThat(err).anySatisfy(l -> assertThat(l).isEqualTo("gone.mkv was not imported: " + gone.toAbsolutePath() + " is not there"
                + " (--video-root OLD=NEW maps the cluster's paths to this machine's)."));
        assertThat(err).anySatisfy(l -> assertThat(l).isEqualTo("walk.mkv was not imported: hdfs://namenode/archive/walk.mkv is not a file on this"
                + " machine (--video-root OLD=NEW maps the cluster's paths to this machine's)."));
        for (Path v : List.of(changed, cut, gone)) {
            Path store = Workspace.storeFor(v);
            if (Files.exists(store)) {
                try (ResultsStore s = ResultsStore.open(store)) {
                    assertThat(s.runs().newestWithResults(v.toAbsolutePath().toString(), RunKind.POSE)).as(v + ": nothing stored").isEmpty();
                }
            }
        }
    }

    @Test
    void aFolderThatIsNotTheJobsOutputIsOneLineAndExitTwo() throws Exception {
        CliRun missing = CliRun.of("import", "parquet", dir.resolve("nowhere").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err().strip()).isEqualTo("dancelens: " + dir.resolve("nowhere")
                + " is not a folder (give the --out folder of the Spark job, with runs/ and poses/ in it).");
        CliRun empty = CliRun.of("import", "parquet", dir.toString());
        assertThat(empty.code()).isEqualTo(2);
        assertThat(empty.err().strip()).isEqualTo("dancelens: " + dir + " holds no runs table (runs/): it is not the --out folder of the Spark job.");
        Files.createDirectories(dir.resolve("runs").resolve("video_id=0123456789abcdef"));
        Files.writeString(dir.resolve("runs").resolve("video_id=0123456789abcdef").resolve("part-00000.snappy.parquet"), "not parquet");
        CliRun broken = CliRun.of("import", "parquet", dir.toString());
        assertThat(broken.code()).isEqualTo(2);
        assertThat(broken.err().lines().toList()).hasSize(1);
        assertThat(broken.err()).startsWith("dancelens: The Parquet file " + dir.resolve("runs").resolve("video_id=0123456789abcdef")
                .resolve("part-00000.snappy.parquet") + " cannot be read (");
        CliRun badRoot = CliRun.of("import", "parquet", dir.toString(), "--video-root", "nothing");
        assertThat(badRoot.code()).isEqualTo(2);
        assertThat(badRoot.err().strip()).startsWith("dancelens: --video-root must look like OLD=NEW");
    }
}
