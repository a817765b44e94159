package org.dancelens.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.dancelens.analysis.store.PoseFrames;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.analysis.store.RunKind;
import org.dancelens.analysis.store.RunSpec;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;
import org.dancelens.core.SkeletonSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Identity corrections are taken back exactly: a merge records the frames it changed and its undo gives exactly those
 * rows their track back; undo and redo apply only on the state the correction left, and every step is a new revision
 * of the run, so what was classified in between is stale afterwards.
 */
class CorrectionUndoTest {
    @TempDir
    Path dir;

    /** A dancer at x (raw) with smoothed keypoints shifted by 0.5 px, so raw and smoothed are told apart. */
    private static List<Pose> dancer(int track, float x, boolean smoothed) {
        List<Keypoint> k = new ArrayList<>();
        for (int j = 0; j < 17; j++) {
            k.add(new Keypoint(x + j + (smoothed ? 0.5f : 0), 100 + j, 0.5f + j / 40f));
        }
        return List.of(new Pose(track, SkeletonSchema.COCO_17, k, new float[] {x, 90, x + 40, 220}, 0.8f, null));
    }

    /** Every stored row of the run, raw and smoothed, as text: frame, track and every keypoint. */
    private static Map<Integer, String> rows(ResultsStore s, long run) {
        Map<Integer, String> out = new TreeMap<>();
        for (boolean smoothed : new boolean[] {false, true}) {
            s.poses().read(run, 0, 100, smoothed).forEach((f, poses) -> {
                StringBuilder b = new StringBuilder();
                for (Pose p : poses) {
                    b.append(" #").append(p.trackId()).append(p.keypoints().stream()
                            .map(k -> String.format(Locale.ROOT, "(%.2f,%.2f,%.3f)", k.x(), k.y(), k.score())).toList());
                }
                out.merge(f, b.toString(), (x, y) -> x + " |" + y);
            });
        }
        return out;
    }

    private static RunSpec classifyReading(ResultsStore s, long poseRun) {
        return new RunSpec("/v.mp4", 30, RunKind.CLASSIFY, "lstm", "def", "card",
                "{" + ClassifyAnalysis.poseRunSettings(s.runs().find(poseRun).orElseThrow()) + "}", 0, 30);
    }

    /**
     * Frames 0..29: dancer 1 at x=10 throughout; dancer 2 at x=300 in frames 0..9; dancer 3 at x=300 in 10..19 (the
     * tracker lost dancer 2 for a while); dancer 4 at x=500 in frames 20..29; nobody else.
     */
    private static long poseRun(ResultsStore s) {
        long run = s.runs().findOrCreate(new RunSpec("/v.mp4", 30, RunKind.POSE, "movenet", "abc", "card", "{}", 0, 30)).id();
        List<PoseFrames.FrameResult> frames = new ArrayList<>();
        for (int f = 0; f < 30; f++) {
            List<Pose> raw = new ArrayList<>(dancer(1, 10 + f, false));
            List<Pose> sm = new ArrayList<>(dancer(1, 10 + f, true));
            int other = f < 10 ? 2 : f < 20 ? 3 : 4;
            raw.addAll(dancer(other, other == 4 ? 500 : 300 + f, false));
            sm.addAll(dancer(other, other == 4 ? 500 : 300 + f, true));
            frames.add(new PoseFrames.FrameResult(f, f / 10.0, raw, sm));
        }
        s.poses().write(run, frames);
        return run;
    }

    @Test
    void undoingAMergeRestoresExactlyTheRowsItChanged() {
        try (ResultsStore s = ResultsStore.open(dir.resolve("u.db"))) {
            long run = poseRun(s);
            Map<Integer, String> original = rows(s, run);
            Run classifiedBefore = s.runs().findOrCreate(classifyReading(s, run));

            // dancer 3 is dancer 2 again: merge from frame 5 on (frames 10..19 change; 5..9 hold no dancer 3)
            PoseFrames.Correction merge = s.poses().mergeTracks(run, 3, 2, 5);
            assertThat(merge.frames()).containsExactly(10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
            assertThat(merge.revision()).isEqualTo(1).isEqualTo(s.runs().find(run).orElseThrow().revision());
            Map<Integer, String> merged = rows(s, run);
            assertThat(merged.get(12)).contains("#2").doesNotContain("#3");
            assertThat(merged.get(25)).as("frames without dancer 3 keep their rows").isEqualTo(original.get(25));
            Run classifiedBetween = s.runs().findOrCreate(classifyReading(s, run));
            assertThat(ClassifyAnalysis.isStale(s, classifiedBetween)).isFalse();

            PoseFrames.Correction undone = s.poses().undo(merge);
            assertThat(rows(s, run)).as("every row, raw and smoothed, as before the merge").isEqualTo(original);
            // revisions only grow: what was classified with the merge in place is stale, and so is what was classified
            // before it (it would be right again, but a revision never names two states)
            assertThat(undone.revision()).isEqualTo(2).isEqualTo(s.runs().find(run).orElseThrow().revision());
            assertThat(ClassifyAnalysis.isStale(s, classifiedBetween)).isTrue();
            assertThat(ClassifyAnalysis.isStale(s, classifiedBefore)).isTrue();
            Run classifiedAfterUndo = s.runs().findOrCreate(classifyReading(s, run));
            assertThat(classifiedAfterUndo.id()).isNotIn(classifiedBefore.id(), classifiedBetween.id());
            assertThat(ClassifyAnalysis.isStale(s, classifiedAfterUndo)).isFalse();

            PoseFrames.Correction redone = s.poses().redo(undone);
            assertThat(rows(s, run)).isEqualTo(merged);
            assertThat(redone.frames()).isEqualTo(merge.frames());
            assertThat(redone.revision()).isEqualTo(3);
            assertThat(ClassifyAnalysis.isStale(s, classifiedAfterUndo)).isTrue();
            s.poses().undo(redone);
            assertThat(rows(s, run)).isEqualTo(original);
        }
    }

    @Test
    void aSwapIsUndoneByTheSameSwap() {
        try (ResultsStore s = ResultsStore.open(dir.resolve("s.db"))) {
            long run = poseRun(s);
            Map<Integer, String> original = rows(s, run);
            PoseFrames.Correction swap = s.poses().swapTracks(run, 1, 4, 22);
            assertThat(rows(s, run)).isNotEqualTo(original);
            assertThat(rows(s, run).get(21)).isEqualTo(original.get(21));
            s.poses().undo(swap);
            assertThat(rows(s, run)).isEqualTo(original);
        }
    }

    @Test
    void undoAppliesOnlyToTheStateTheCorrectionLeft() {
        try (ResultsStore s = ResultsStore.open(dir.resolve("o.db"))) {
            long run = poseRun(s);
            PoseFrames.Correction merge = s.poses().mergeTracks(run, 3, 2, 0);
            PoseFrames.Correction swap = s.poses().swapTracks(run, 1, 2, 15);
            Map<Integer, String> now = rows(s, run);
            // the merge is not the last correction: undoing it alone would give frames 15..19's rows to the wrong dancer
            assertThatThrownBy(() -> s.poses().undo(merge)).isInstanceOf(DanceLensException.class)
                    .hasMessage("The dancers of this pose run were corrected again elsewhere, so this correction cannot be undone.");
            assertThat(rows(s, run)).as("nothing changed").isEqualTo(now);
            assertThat(s.runs().find(run).orElseThrow().revision()).isEqualTo(swap.revision());
            // in order it works
            PoseFrames.Correction swapUndone = s.poses().undo(swap);
            s.poses().undo(new PoseFrames.Correction(run, false, 3, 2, 0, merge.frames(), swapUndone.revision()));
            assertThat(s.poses().read(run, 10, 11, false).get(10)).extracting(Pose::trackId).containsExactly(1, 3);
        }
    }
}
