package org.dancelens.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.analysis.store.RunStatus;
import org.dancelens.core.CancelledException;
import org.dancelens.core.Pose;
import org.dancelens.core.TaskContext;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.TestZoo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pose run interrupted at any moment and resumed computes exactly what an uninterrupted run computes: the tracker,
 * the filters and the estimator's crop are saved with every batch and restored. A kill is simulated exactly: at a
 * moment of the run, the committed state of the store is copied ({@code VACUUM INTO}, from a second connection, as a
 * crash would leave it), and the copy is resumed.
 */
class ResumeTest {
    @TempDir
    Path dir;

    private static final int FROM = 300;
    private static final int TO = 420;

    @Test
    void aRunKilledMidwayAndResumedEqualsACleanRunMultiPose() throws Exception {
        killResumeAndCompare("movenet-multipose", PoseAnalysis.Settings.defaults());
    }

    @Test
    void aRunKilledMidwayAndResumedEqualsACleanRunSinglePoseWithCropFeedbackAndOfflineSmoothing() throws Exception {
        // MoveNet Lightning reads a crop around the previous frame's keypoints: the crop is part of the saved state.
        killResumeAndCompare("movenet-lightning", new PoseAnalysis.Settings("one-euro", 0.2f, 1.0, 0.05, 0));
        killResumeAndCompare("movenet-lightning", new PoseAnalysis.Settings("savgol", 0.2f, 1.0, 0.05, 0));
    }

    @Test
    void aCancelledRunResumedEqualsACleanRun() {
        Path vtest = TestMedia.realFootage("vtest.avi");
        ModelRegistry.Entry model = TestZoo.registry("movenet-lightning").find("movenet-lightning");
        Map<Integer, List<Pose>>[] clean = clean(vtest, model, PoseAnalysis.Settings.defaults(), "clean-cancel.db");
        try (ResultsStore store = ResultsStore.open(dir.resolve("cancel.db"))) {
            int[] frames = {0};
            TaskContext cancelAt = new TaskContext() {
                @Override
                public void progress(double fraction, String message) {
                    if (message.startsWith("frame ")) {
                        frames[0]++;
                    }
                }

                @Override
                public boolean isCancelled() {
                    return frames[0] >= 5; // about 40 frames in
                }
            };
            try {
                PoseAnalysis.run(vtest, model, store, FROM, TO, PoseAnalysis.Settings.defaults(), OrtRuntime.Device.CPU, cancelAt);
            } catch (CancelledException expected) {
                // the point of the test
            }
            Run run = store.runs().all().get(0);
            assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
            assertThat(store.poses().firstMissingFrame(run.id(), FROM, TO)).isBetween(FROM + 10, TO - 10);
            PoseAnalysis.Result r = PoseAnalysis.run(vtest, model, store, FROM, TO, PoseAnalysis.Settings.defaults(), OrtRuntime.Device.CPU,
                    TaskContext.NONE);
            assertThat(r.resumed()).isTrue();
            assertSame(clean, store, r.runId());
        }
    }

    private void killResumeAndCompare(String modelId, PoseAnalysis.Settings settings) throws Exception {
        Path vtest = TestMedia.realFootage("vtest.avi");
        ModelRegistry.Entry model = TestZoo.registry(modelId).find(modelId);
        String tag = modelId + "-" + settings.smoothing();
        Map<Integer, List<Pose>>[] clean = clean(vtest, model, settings, "clean-" + tag + ".db");

        Path live = dir.resolve("live-" + tag + ".db");
        Path killed = dir.resolve("killed-" + tag + ".db");
        try (ResultsStore store = ResultsStore.open(live)) {
            boolean[] taken = {false};
            TaskContext snapshotMidway = new TaskContext() {
                @Override
                public void progress(double fraction, String message) {
                    // Once the run has saved a batch (after a second of work), copy what a crash would leave behind.
                    if (!message.startsWith("frame ") || taken[0]) {
                        return;
                    }
                    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + live.toAbsolutePath());
                         Statement st = c.createStatement()) {
                        try (java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM checkpoints")) {
                            if (!rs.next() || rs.getInt(1) == 0) {
                                return;
                            }
                        }
                        st.execute("VACUUM INTO '" + killed.toAbsolutePath() + "'");
                        taken[0] = true;
                    } catch (java.sql.SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }

                @Override
                public boolean isCancelled() {
                    return false;
                }
            };
            PoseAnalysis.run(vtest, model, store, FROM, TO, settings, OrtRuntime.Device.CPU, snapshotMidway);
            assertThat(taken[0]).as("the run saved a batch before its end").isTrue();
        }
        try (ResultsStore store = ResultsStore.open(killed)) {
            Run run = store.runs().all().get(0);
            assertThat(run.status()).as("the copy was taken while the run was running").isEqualTo(RunStatus.RUNNING);
            int kept = store.poses().firstMissingFrame(run.id(), FROM, TO);
            assertThat(kept).as("the copy holds part of the run").isBetween(FROM + 1, TO - 1);
            assertThat(store.poses().checkpoint(run.id()).orElseThrow().frame()).isBetween(kept - 1, TO - 2);
            PoseAnalysis.Result r = PoseAnalysis.run(vtest, model, store, FROM, TO, settings, OrtRuntime.Device.CPU, TaskContext.NONE);
            assertThat(r.reusedAll()).isFalse();
            assertSame(clean, store, r.runId());
        }
    }

    @SuppressWarnings("unchecked")
    private Map<Integer, List<Pose>>[] clean(Path vtest, ModelRegistry.Entry model, PoseAnalysis.Settings settings, String name) {
        try (ResultsStore store = ResultsStore.open(dir.resolve(name))) {
            PoseAnalysis.Result r = PoseAnalysis.run(vtest, model, store, FROM, TO, settings, OrtRuntime.Device.CPU, TaskContext.NONE);
            return new Map[] {store.poses().read(r.runId(), FROM, TO, false), store.poses().read(r.runId(), FROM, TO, true)};
        }
    }

    /** Every frame, dancer, identity, raw and smoothed keypoint equal (exact floats). */
    private static void assertSame(Map<Integer, List<Pose>>[] clean, ResultsStore store, long runId) {
        assertThat(store.poses().firstMissingFrame(runId, FROM, TO)).isEqualTo(TO);
        Map<Integer, List<Pose>> raw = store.poses().read(runId, FROM, TO, false);
        Map<Integer, List<Pose>> sm = store.poses().read(runId, FROM, TO, true);
        assertThat(raw.keySet()).isEqualTo(clean[0].keySet());
        assertThat(clean[0].values().stream().mapToInt(List::size).sum()).as("people were found").isPositive();
        for (int f : clean[0].keySet()) {
            assertThat(raw.get(f)).extracting(Pose::trackId).as("identities in frame %d", f)
                    .isEqualTo(clean[0].get(f).stream().map(Pose::trackId).toList());
            assertThat(raw.get(f)).extracting(Pose::keypoints).as("raw keypoints in frame %d", f)
                    .isEqualTo(clean[0].get(f).stream().map(Pose::keypoints).toList());
            assertThat(sm.get(f)).extracting(Pose::keypoints).as("smoothed keypoints in frame %d", f)
                    .isEqualTo(clean[1].get(f).stream().map(Pose::keypoints).toList());
        }
    }
}
