package org.dancelens.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dancelens.analysis.store.PoseFrames;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.analysis.store.RunKind;
import org.dancelens.analysis.store.RunStatus;
import org.dancelens.core.CancelledException;
import org.dancelens.core.Pose;
import org.dancelens.core.TaskContext;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.testsupport.RealClips;
import org.dancelens.testsupport.TestZoo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pose run over a range, then a run over the whole video: the whole-video run continues the stored one (same run,
 * frames before the range end kept, the frames the range end flushed computed again) and ends exactly as a fresh
 * whole-video run — same frames, same identities, same keypoints to the float — on a real clip with real zoo models.
 */
class ContinueRunTest {
    @TempDir
    Path dir;

    /** 120 frames of vtest.avi from frame 300, where several people walk (and cross). */
    private static Path clip() {
        return RealClips.vtest(300, 120);
    }

    private static final int FRAMES = 120;
    private static final int RANGE_END = 40;

    /**
     * The range ends one frame after a dancer first appears (in the fresh whole-video run), from frame 20 on: the
     * tracker has seen them once at the range end, too few to confirm them, so the flush stores that frame without
     * them and only a continuation that computes the flushed frames again can equal the whole-video run.
     */
    @Test
    void aWholeVideoRunContinuesARangeRunWithTheSameIdentitiesMultiPose() {
        String id = "movenet-multipose";
        ModelRegistry.Entry model = TestZoo.registry(id).find(id);
        Map<Integer, List<Pose>>[] fresh = fresh(clip(), model, PoseAnalysis.Settings.defaults(), "fresh-" + id + ".db");
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        int birth = -1;
        for (Map.Entry<Integer, List<Pose>> e : fresh[0].entrySet()) {
            for (Pose p : e.getValue()) {
                if (seen.add(p.trackId()) && e.getKey() >= 20 && birth < 0) {
                    birth = e.getKey();
                }
            }
        }
        assertThat(birth).as("someone enters the clip after frame 20").isBetween(20, FRAMES - 20);
        int changed = continueAndCompare(model, PoseAnalysis.Settings.defaults(), fresh, birth + 1);
        assertThat(changed).as("flushed frames the continuation had to compute again").isPositive();
    }

    @Test
    void aWholeVideoRunContinuesARangeRunSinglePoseWithCropFeedbackAndOfflineSmoothing() {
        String id = "movenet-lightning";
        ModelRegistry.Entry model = TestZoo.registry(id).find(id);
        PoseAnalysis.Settings settings = new PoseAnalysis.Settings("savgol", 0.2f, 1.0, 0.05, 0);
        continueAndCompare(model, settings, fresh(clip(), model, settings, "fresh-" + id + ".db"), RANGE_END);
    }

    /** A run over {@code 0:rangeEnd}, then one over the whole clip; returns how many flushed frames the continuation changed. */
    private int continueAndCompare(ModelRegistry.Entry model, PoseAnalysis.Settings settings, Map<Integer, List<Pose>>[] fresh, int rangeEnd) {
        Path video = clip();
        String modelId = model.card().id();
        try (ResultsStore store = ResultsStore.open(dir.resolve("continued-" + modelId + ".db"))) {
            PoseAnalysis.Result first = PoseAnalysis.run(video, model, store, 0, rangeEnd, settings, OrtRuntime.Device.CPU, TaskContext.NONE);
            assertThat(first.continued()).isFalse();
            assertThat(first.note()).isNull();
            PoseFrames.Checkpoint atEnd = store.poses().checkpoint(first.runId()).orElseThrow();
            assertThat(atEnd.atRangeEnd()).as("the state at the range end is kept").isTrue();
            assertThat(atEnd.frame()).isEqualTo(rangeEnd - 1);
            // The tracker holds back minHits - 1 = 2 frames: those came from the flush.
            assertThat(atEnd.flushedFrom()).isBetween(rangeEnd - 2, rangeEnd - 1);
            Map<Integer, List<Pose>> flushed = store.poses().read(first.runId(), atEnd.flushedFrom(), rangeEnd, false);
            Map<Integer, List<Pose>> keptBefore = store.poses().read(first.runId(), 0, atEnd.flushedFrom(), false);

            PoseAnalysis.Result whole = PoseAnalysis.run(video, model, store, 0, -1, settings, OrtRuntime.Device.CPU, TaskContext.NONE);
            assertThat(whole.continued()).isTrue();
            assertThat(whole.continuedFrom()).isEqualTo(rangeEnd);
            assertThat(whole.runId()).as("the same run, grown").isEqualTo(first.runId());
            assertThat(whole.processed()).as("only the frames after the range were analysed").isEqualTo(FRAMES - rangeEnd);
            assertThat(whole.toFrame()).isEqualTo(FRAMES);
            List<Run> runs = store.runs().all();
            assertThat(runs).hasSize(1);
            assertThat(runs.get(0).spec().fromFrame()).isZero();
            assertThat(runs.get(0).spec().toFrame()).isEqualTo(FRAMES);
            assertThat(runs.get(0).status()).isEqualTo(RunStatus.COMPLETE);
            assertThat(runs.get(0).framesDone()).as("every frame stored once").isEqualTo(FRAMES);
            assertSame(fresh, store, whole.runId());
            // The frames before the flush are the ones the range run stored (identities included), untouched.
            Map<Integer, List<Pose>> keptAfter = store.poses().read(whole.runId(), 0, atEnd.flushedFrom(), false);
            assertThat(keptAfter.keySet()).isEqualTo(keptBefore.keySet());
            keptBefore.forEach((f, poses) -> assertThat(keptAfter.get(f)).extracting(Pose::trackId)
                    .isEqualTo(poses.stream().map(Pose::trackId).toList()));
            long changed = java.util.stream.IntStream.range(atEnd.flushedFrom(), rangeEnd)
                    .filter(f -> !sameDancers(flushed.getOrDefault(f, List.of()), fresh[0].getOrDefault(f, List.of()))).count();
            System.out.printf(Locale.ROOT, "%s: range 0:%d flushed frames %d..%d; %d of them differ from the whole-video run%n", modelId,
                    rangeEnd, atEnd.flushedFrom(), rangeEnd - 1, changed);
            // Asking again for the whole video reuses the grown run.
            PoseAnalysis.Result again = PoseAnalysis.run(video, model, store, 0, -1, settings, OrtRuntime.Device.CPU, TaskContext.NONE);
            assertThat(again.reusedAll()).isTrue();
            assertThat(again.runId()).isEqualTo(first.runId());
            return (int) changed;
        }
    }

    @Test
    void aCancelledContinuationIsShownIncompleteAndResumesToTheSameResult() {
        Path video = clip();
        ModelRegistry.Entry model = TestZoo.registry("movenet-multipose").find("movenet-multipose");
        PoseAnalysis.Settings settings = PoseAnalysis.Settings.defaults();
        Map<Integer, List<Pose>>[] fresh = fresh(video, model, settings, "fresh-cancel.db");
        try (ResultsStore store = ResultsStore.open(dir.resolve("cancel.db"))) {
            long runId = PoseAnalysis.run(video, model, store, 0, RANGE_END, settings, OrtRuntime.Device.CPU, TaskContext.NONE).runId();
            int[] reports = {0};
            TaskContext cancelSoon = new TaskContext() {
                @Override
                public void progress(double fraction, String message) {
                    if (message.startsWith("frame ")) {
                        reports[0]++;
                    }
                }

                @Override
                public boolean isCancelled() {
                    return reports[0] >= 3; // progress comes every 8 frames
                }
            };
            assertThatThrownBy(() -> PoseAnalysis.run(video, model, store, 0, -1, settings, OrtRuntime.Device.CPU, cancelSoon))
                    .isInstanceOf(CancelledException.class);
            Run run = store.runs().find(runId).orElseThrow();
            assertThat(run.spec().toFrame()).as("the run was grown to the whole video").isEqualTo(FRAMES);
            assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
            assertThat(store.runs().newestFinished(run.videoPath(), RunKind.POSE)).as("nothing shows it as complete").isEmpty();
            int done = store.poses().firstMissingFrame(runId, 0, FRAMES);
            assertThat(done).isBetween(RANGE_END - 2, FRAMES - 10);

            PoseAnalysis.Result resumed = PoseAnalysis.run(video, model, store, 0, -1, settings, OrtRuntime.Device.CPU, TaskContext.NONE);
            assertThat(resumed.runId()).isEqualTo(runId);
            assertThat(resumed.resumed()).isTrue();
            assertThat(resumed.continued()).as("the run already covers the whole video: a plain resume").isFalse();
            assertThat(store.runs().all()).hasSize(1);
            assertSame(fresh, store, runId);
        }
    }

    @Test
    void runsThatCannotBeContinuedStaySeparateAndTheNewRunSaysSo() {
        Path video = clip();
        ModelRegistry.Entry model = TestZoo.registry("movenet-lightning").find("movenet-lightning");
        PoseAnalysis.Settings settings = PoseAnalysis.Settings.defaults();
        try (ResultsStore store = ResultsStore.open(dir.resolve("separate.db"))) {
            long middle = PoseAnalysis.run(video, model, store, 40, 60, settings, OrtRuntime.Device.CPU, TaskContext.NONE).runId();
            long start = PoseAnalysis.run(video, model, store, 0, 20, settings, OrtRuntime.Device.CPU, TaskContext.NONE).runId();
            // An identity correction forgets the tracker state: the run can no longer be continued exactly.
            store.poses().swapTracks(start, 1, 2, 0);
            PoseAnalysis.Result whole = PoseAnalysis.run(video, model, store, 0, -1, settings, OrtRuntime.Device.CPU, TaskContext.NONE);
            assertThat(whole.continued()).isFalse();
            assertThat(whole.runId()).isNotIn(middle, start);
            assertThat(whole.processed()).isEqualTo(FRAMES);
            assertThat(whole.note()).isEqualTo("The stored run over frames 0-19 (run " + start + ") cannot be continued, as it kept no tracker"
                    + " state (it was made by an older DanceLens, or its identities were corrected), so this is a new run; identities are not"
                    + " carried over. Also frames 40-59 (run " + middle + ") was analysed in a separate run; identities are not carried over.");
            assertThat(store.runs().find(start).orElseThrow().spec().toFrame()).as("the stored runs are left as they were").isEqualTo(20);
            assertThat(store.runs().find(middle).orElseThrow().spec().toFrame()).isEqualTo(60);

            // A range inside the whole-video run is a run of its own too, and says so.
            PoseAnalysis.Result inside = PoseAnalysis.run(video, model, store, 50, 55, settings, OrtRuntime.Device.CPU, TaskContext.NONE);
            assertThat(inside.note()).startsWith("Frames 0-119 (run " + whole.runId() + "), frames 40-59 (run " + middle + ")")
                    .endsWith(" were analysed in separate runs; identities are not carried over.");
        }
    }

    @SuppressWarnings("unchecked")
    private Map<Integer, List<Pose>>[] fresh(Path video, ModelRegistry.Entry model, PoseAnalysis.Settings settings, String name) {
        try (ResultsStore store = ResultsStore.open(dir.resolve(name))) {
            PoseAnalysis.Result r = PoseAnalysis.run(video, model, store, 0, -1, settings, OrtRuntime.Device.CPU, TaskContext.NONE);
            assertThat(r.toFrame()).isEqualTo(FRAMES);
            return new Map[] {store.poses().read(r.runId(), 0, FRAMES, false), store.poses().read(r.runId(), 0, FRAMES, true)};
        }
    }

    private static boolean sameDancers(List<Pose> a, List<Pose> b) {
        return a.stream().map(Pose::trackId).toList().equals(b.stream().map(Pose::trackId).toList())
                && a.stream().map(Pose::keypoints).toList().equals(b.stream().map(Pose::keypoints).toList());
    }

    /** Every frame, dancer, identity, raw and smoothed keypoint equal (exact floats). */
    private static void assertSame(Map<Integer, List<Pose>>[] fresh, ResultsStore store, long runId) {
        assertThat(store.poses().firstMissingFrame(runId, 0, FRAMES)).isEqualTo(FRAMES);
        Map<Integer, List<Pose>> raw = store.poses().read(runId, 0, FRAMES, false);
        Map<Integer, List<Pose>> sm = store.poses().read(runId, 0, FRAMES, true);
        assertThat(raw.keySet()).isEqualTo(fresh[0].keySet());
        assertThat(fresh[0].values().stream().mapToInt(List::size).sum()).as("people were found").isPositive();
        for (int f : fresh[0].keySet()) {
            assertThat(raw.get(f)).extracting(Pose::trackId).as("identities in frame %d", f)
                    .isEqualTo(fresh[0].get(f).stream().map(Pose::trackId).toList());
            assertThat(raw.get(f)).extracting(Pose::keypoints).as("raw keypoints in frame %d", f)
                    .isEqualTo(fresh[0].get(f).stream().map(Pose::keypoints).toList());
            assertThat(sm.get(f)).extracting(Pose::keypoints).as("smoothed keypoints in frame %d", f)
                    .isEqualTo(fresh[1].get(f).stream().map(Pose::keypoints).toList());
        }
    }
}
