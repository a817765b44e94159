package org.dancelens.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.analysis.store.RunStatus;
import org.dancelens.core.CancelledException;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.TaskContext;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.testsupport.GraphOnnx;
import org.dancelens.testsupport.TestCnn;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.TestZoo;
import org.dancelens.video.PatternVideoWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every job kind (pose, classify, explain, clip attribution) against faults it meets in real use: the store locked by
 * another process for a while, a full disk, a cancel at a random moment, a second job on the same run. Each one must
 * end within a bound with one plain sentence, leave a store that passes SQLite's integrity check, never mark
 * unfinished results complete, and a run again afterwards must finish.
 */
class FaultInjectionTest {
    /** No job may take longer than this to end, whatever fails inside it. */
    private static final Duration BOUND = Duration.ofSeconds(90);

    @TempDir
    Path dir;
    private ModelRegistry.Entry cnn;
    private ModelRegistry.Entry clip;
    private Path mounted;

    /** A job of one kind on a store, reporting to a context. */
    private record Job(String name, BiFunction<ResultsStore, TaskContext, Object> run) {
    }

    @BeforeEach
    void models() throws IOException {
        Path models = Files.createDirectories(dir.resolve("models"));
        TestCnn.install(models, 5, List.of("ballet", "hiphop", "folk"), null);
        new GraphOnnx().input("clip", 1, 3, 4, 48, 64).output("logits", 1, 3)
                .node("ReduceMean", new String[] {"clip"}, "logits", "axes", new long[] {2, 3, 4}, "keepdims", 0L).write(models.resolve("clip.onnx"));
        Files.writeString(models.resolve("clip.yaml"), """
                id: clip-means
                name: Clip means
                task: clip-classifier
                license: test
                provenance: {onnx: clip.onnx}
                inputs: [{name: clip, layout: NCTHW, shape: [1, 3, 4, 48, 64]}]
                outputs: [{name: logits, shape: [1, 3], decoding: logits}]
                labels: [r, g, b]
                clip: {hop: 2}
                """);
        ModelRegistry reg = ModelRegistry.scan(List.of(models));
        cnn = reg.find("cnn");
        clip = reg.find("clip-means");
    }

    @AfterEach
    void unmount() throws Exception {
        System.clearProperty("dancelens.store.busyTimeoutMs");
        if (mounted != null) {
            new ProcessBuilder("umount", "-l", mounted.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static Path generated() {
        return TestMedia.generated("faults.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 64, 48, 150, 25).gop(10));
    }

    private List<Job> jobs() {
        Path vtest = TestMedia.realFootage("vtest.avi");
        ModelRegistry.Entry multipose = TestZoo.registry("movenet-multipose").find("movenet-multipose");
        Path v = generated();
        return List.of(
                new Job("pose", (s, c) -> PoseAnalysis.run(vtest, multipose, s, 300, 420, PoseAnalysis.Settings.defaults(), OrtRuntime.Device.CPU, c)),
                new Job("classify", (s, c) -> ClassifyAnalysis.run(v, cnn, null, s, 0, -1, OrtRuntime.Device.CPU, c)),
                new Job("explain", (s, c) -> ExplainRun.run(v, cnn, s, 0, -1, ExplainRun.Settings.defaults(), OrtRuntime.Device.CPU, c)),
                new Job("clip attribution", (s, c) -> AttributionRun.clip(v, clip, s, 0, -1, new AttributionRun.Settings(1, "r"), OrtRuntime.Device.CPU, c)));
    }

    @Test
    void aStoreLockedByAnotherProcessMidRunEndsEveryJobWithASentenceAndARunAgainFinishes() throws Exception {
        System.setProperty("dancelens.store.busyTimeoutMs", "300");
        for (Job job : jobs()) {
            Path file = dir.resolve("locked-" + job.name().replace(' ', '-') + ".db");
            Connection[] holder = {null};
            TaskContext lockOnFirstProgress = new TaskContext() {
                @Override
                public void progress(double fraction, String message) {
                    if (holder[0] == null && fraction > 0) {
                        try {
                            // Another process's write transaction, held until the job has ended.
                            holder[0] = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
                            holder[0].createStatement().execute("BEGIN EXCLUSIVE");
                        } catch (java.sql.SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }

                @Override
                public boolean isCancelled() {
                    return false;
                }
            };
            Object outcome;
            try (ResultsStore store = ResultsStore.open(file)) {
                outcome = endsWithin(() -> job.run().apply(store, lockOnFirstProgress));
            } finally {
                if (holder[0] != null) {
                    holder[0].close();
                }
            }
            assertThat(holder[0]).as("%s reported progress", job.name()).isNotNull();
            assertOneSentence(job, outcome, "busy with another DanceLens");
            assertStoreSound(job, file, false);
            assertRunsAgain(job, file);
        }
    }

    @Test
    void aFullDiskEndsEveryJobWithASentenceAndKeepsTheStoreSound() throws Exception {
        Path small = smallDisk();
        for (Job job : jobs()) {
            Path file = small.resolve("full-" + job.name().replace(' ', '-') + ".db");
            Path filler = small.resolve("filler");
            Object outcome;
            try (ResultsStore store = ResultsStore.open(file)) {
                store.integrityCheck();
                // The disk fills up while the store is open: a few kilobytes are left, the job's first saves fit, later ones do not.
                fill(filler, small, 24 << 10);
                outcome = endsWithin(() -> job.run().apply(store, TaskContext.NONE));
            }
            if (outcome instanceof Throwable) {
                assertOneSentence(job, outcome, "is full");
            } else {
                // A job whose results fit in what was free (the clip attribution stores one row) is fine too.
                assertThat(job.name()).isIn("classify", "clip attribution");
            }
            Files.delete(filler);
            assertStoreSound(job, file, !(outcome instanceof Throwable));
            assertRunsAgain(job, file);
            Files.delete(file);
        }
    }

    /**
     * The decoder fails at its Nth frame: the failure is raised inside the video package's reading loop (for the pose
     * job on its read-ahead thread), where FFmpeg's own errors come from. Every job ends with that sentence, keeps the
     * store sound with no claim left behind, and the same job afterwards finishes.
     */
    @Test
    void aDecoderThatFailsAtFrameNEndsEveryJobWithItsSentenceAndARunAgainFinishes() throws Exception {
        for (Job job : jobs()) {
            for (int failAt : new int[] {1, 6}) {
                Path file = dir.resolve("decoder-" + job.name().replace(' ', '-') + "-" + failAt + ".db");
                java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
                AtomicBoolean failed = new AtomicBoolean();
                TaskContext ctx = new TaskContext() {
                    @Override
                    public void progress(double fraction, String message) {
                    }

                    @Override
                    public boolean isCancelled() {
                        boolean inDecoder = StackWalker.getInstance().walk(frames -> frames.anyMatch(
                                f -> f.getClassName().startsWith("org.dancelens.video.")));
                        if (inDecoder && reads.incrementAndGet() == failAt) {
                            failed.set(true);
                            throw DanceLensException.badInput("The video could not be decoded at its frame " + failAt + " (injected).");
                        }
                        return false;
                    }
                };
                Object outcome;
                try (ResultsStore store = ResultsStore.open(file)) {
                    outcome = endsWithin(() -> job.run().apply(store, ctx));
                }
                assertThat(failed.get()).as("%s read through the video package", job.name()).isTrue();
                assertOneSentence(job, outcome, "could not be decoded at its frame " + failAt);
                assertStoreSound(job, file, false);
                assertRunsAgain(job, file);
            }
        }
    }

    @Test
    void aCancelAtARandomMomentEndsEveryJobKeepsTheStoreSoundAndARunAgainFinishes() throws Exception {
        Random random = new Random(13);
        for (Job job : jobs()) {
            for (int round = 0; round < 3; round++) {
                Path file = dir.resolve("cancel-" + job.name().replace(' ', '-') + "-" + round + ".db");
                long delayMillis = random.nextInt(1500);
                AtomicBoolean cancel = new AtomicBoolean();
                TaskContext ctx = new TaskContext() {
                    @Override
                    public void progress(double fraction, String message) {
                    }

                    @Override
                    public boolean isCancelled() {
                        return cancel.get();
                    }
                };
                CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS).execute(() -> cancel.set(true));
                Object outcome;
                try (ResultsStore store = ResultsStore.open(file)) {
                    outcome = endsWithin(() -> job.run().apply(store, ctx));
                }
                if (outcome instanceof Throwable t) {
                    assertThat(t).as("%s cancelled after %d ms", job.name(), delayMillis).isInstanceOf(CancelledException.class);
                }
                assertStoreSound(job, file, !(outcome instanceof Throwable));
                assertRunsAgain(job, file);
            }
        }
    }

    @Test
    void aSecondJobOnARunThatIsBeingWrittenIsRefusedWithASentenceNamingTheFirst() throws Exception {
        Path vtest = TestMedia.realFootage("vtest.avi");
        ModelRegistry.Entry multipose = TestZoo.registry("movenet-multipose").find("movenet-multipose");
        Path file = dir.resolve("two.db");
        CompletableFuture<Boolean> running = new CompletableFuture<>();
        AtomicBoolean stop = new AtomicBoolean();
        TaskContext first = new TaskContext() {
            @Override
            public void progress(double fraction, String message) {
                if (message.startsWith("frame ")) {
                    running.complete(true);
                }
            }

            @Override
            public boolean isCancelled() {
                return stop.get();
            }
        };
        CompletableFuture<Object> job = CompletableFuture.supplyAsync(() -> {
            try (ResultsStore store = ResultsStore.open(file)) {
                return PoseAnalysis.run(vtest, multipose, store, 0, 795, PoseAnalysis.Settings.defaults(), OrtRuntime.Device.CPU, first);
            } catch (RuntimeException e) {
                return e;
            }
        });
        try {
            assertThat(running.get(60, TimeUnit.SECONDS)).isTrue();
            // The same job again, in this process (the window and a background task, say)...
            try (ResultsStore store = ResultsStore.open(file)) {
                Object outcome = endsWithin(() -> PoseAnalysis.run(vtest, multipose, store, 0, 795, PoseAnalysis.Settings.defaults(),
                        OrtRuntime.Device.CPU, TaskContext.NONE));
                assertThat(outcome).isInstanceOf(DanceLensException.class);
                assertThat(((Throwable) outcome).getMessage()).startsWith("two.db is already being written by the pose analysis of vtest.avi")
                        .contains("in this window").doesNotContain("\n");
            }
            // ...and from another process: the command line refuses with one line on stderr and exit code 2.
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "org.dancelens.Launcher", "analyze", vtest.toString(),
                    "--pose", "movenet-multipose", "--models", TestMedia.generatedDir().resolve("zoo").toString(), "--store", file.toString())
                    .redirectErrorStream(false).start();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the second process ends").isTrue();
            String err = new String(p.getErrorStream().readAllBytes()).strip();
            assertThat(p.exitValue()).as(err).isEqualTo(2);
            assertThat(err.lines().toList()).hasSize(1);
            assertThat(err).contains("is already being written by the pose analysis of vtest.avi with movenet-multipose").contains("process ")
                    .contains("wait for it to finish");
        } finally {
            stop.set(true);
            job.get(60, TimeUnit.SECONDS);
        }
        try (ResultsStore store = ResultsStore.open(file)) {
            assertThat(store.runs().all()).hasSize(1);
            assertThat(store.integrityCheck()).isEqualTo("ok");
            // No frame holds more dancers than the tracker gave identities to: nobody was tracked twice.
            Run run = store.runs().all().get(0);
            store.poses().read(run.id(), 0, 795, false).forEach((f, poses) ->
                    assertThat(poses.stream().map(org.dancelens.core.Pose::trackId).distinct().count()).isEqualTo(poses.size()));
        }
    }

    // ---- helpers ----

    private static Object endsWithin(java.util.function.Supplier<Object> job) {
        return assertTimeoutPreemptively(BOUND, () -> {
            try {
                return job.get();
            } catch (RuntimeException e) {
                return e;
            }
        }, "the job did not end within " + BOUND.toSeconds() + " s");
    }

    private static void assertOneSentence(Job job, Object outcome, String saying) {
        assertThat(outcome).as("%s ends with an error", job.name()).isInstanceOf(DanceLensException.class);
        DanceLensException e = (DanceLensException) outcome;
        assertThat(e.getMessage()).as(job.name()).contains(saying).doesNotContain("\n").doesNotContain("Exception").doesNotContain("java.")
                .doesNotContain("SQLITE_");
        assertThat(e.kind()).as("%s: %s is the user's situation, not our bug", job.name(), e.getMessage()).isEqualTo(DanceLensException.Kind.BAD_INPUT);
    }

    /** Integrity, one run, and a run marked complete only when all its results are there. */
    private static void assertStoreSound(Job job, Path file, boolean finished) {
        try (ResultsStore store = ResultsStore.open(file)) {
            assertThat(store.integrityCheck()).as(job.name()).isEqualTo("ok");
            List<Run> runs = store.runs().all();
            assertThat(runs).as("%s: one run", job.name()).hasSizeLessThanOrEqualTo(1);
            for (Run r : runs) {
                if (!finished) {
                    assertThat(r.status()).as("%s: an interrupted run is not complete", job.name()).isNotEqualTo(RunStatus.COMPLETE);
                }
                assertThat(store.locks().holder(r.id())).as("%s: no claim outlives its job", job.name()).isEmpty();
            }
        }
    }

    private static void assertRunsAgain(Job job, Path file) {
        try (ResultsStore store = ResultsStore.open(file)) {
            Object outcome = endsWithin(() -> job.run().apply(store, TaskContext.NONE));
            assertThat(outcome).as("%s runs again", job.name()).isNotInstanceOf(Throwable.class);
            assertThat(store.runs().all()).as(job.name()).hasSize(1);
            assertThat(store.runs().all().get(0).status()).as(job.name()).isEqualTo(RunStatus.COMPLETE);
        }
    }

    /** A real small file system (tmpfs, 2 MB): writes on it fail with "no space left" when it is full. */
    private Path smallDisk() throws Exception {
        Path m = Files.createDirectories(dir.resolve("small"));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", m.toString()).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes()).strip();
        boolean ok = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        assumeTrue(ok, "A full disk is made with a 2 MB tmpfs, which needs root (or CAP_SYS_ADMIN) to mount: " + said);
        mounted = m;
        return m;
    }

    /** Fills the file system holding {@code dir} until only {@code leave} bytes are free. */
    private static void fill(Path filler, Path dir, long leave) throws IOException {
        long free = Files.getFileStore(dir).getUsableSpace();
        long size = Math.max(0, free - leave);
        try (var out = Files.newOutputStream(filler)) {
            byte[] block = new byte[4096];
            for (long w = 0; w < size; w += block.length) {
                out.write(block, 0, (int) Math.min(block.length, size - w));
            }
        }
    }
}
