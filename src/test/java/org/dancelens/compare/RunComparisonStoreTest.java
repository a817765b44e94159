package org.dancelens.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dancelens.analysis.RunComparison;
import org.dancelens.analysis.store.PoseFrames;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.analysis.store.RunKind;
import org.dancelens.analysis.store.RunSpec;
import org.dancelens.analysis.store.RunStatus;
import org.dancelens.core.CancelledException;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.Pose;
import org.dancelens.core.ScoreSeries;
import org.dancelens.core.TaskContext;
import org.dancelens.testsupport.TestPoses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs read from a real results store: per-dancer classifier runs paired through their pose runs (same pose run: same
 * tracks; different pose runs: the tracks the pose comparison matches), a pose run whose identities changed since,
 * runs of another video, the runs a view-model can offer, and a cancel.
 */
class RunComparisonStoreTest {
    private static final String VIDEO = "/videos/duet.mp4";
    private static final int FRAMES = 6;

    @TempDir
    Path dir;
    ResultsStore store;
    Run poseA;
    Run poseB;

    private Run run(String video, RunKind kind, String model, String settings) {
        return store.runs().findOrCreate(new RunSpec(video, FRAMES, kind, model, "0".repeat(64), "card", settings, 0, FRAMES));
    }

    private Run finish(Run r) {
        store.runs().setStatus(r.id(), RunStatus.COMPLETE);
        return store.runs().find(r.id()).orElseThrow();
    }

    /** Two dancers per frame: one at the left (track {@code left}) and one at the right, listed right first when asked. */
    private Run poses(String model, int left, int right, boolean rightFirst) {
        Run r = run(VIDEO, RunKind.POSE, model, "{}");
        List<PoseFrames.FrameResult> frames = new ArrayList<>();
        for (int f = 0; f < FRAMES; f++) {
            Pose l = TestPoses.boxed(left, 100 + f, 100, 160 + f, 260);
            Pose rt = TestPoses.boxed(right, 400 - f, 120, 460 - f, 280);
            List<Pose> p = rightFirst ? List.of(rt, l) : List.of(l, rt);
            frames.add(new PoseFrames.FrameResult(f, f / 25.0, p, p));
        }
        store.poses().write(r.id(), frames);
        return finish(r);
    }

    /** Per-dancer scores: {@code labels[f]} the top label of the dancer in frame f. */
    private static ScoreSeries series(int track, int... tops) {
        int[] frames = new int[tops.length];
        float[][] s = new float[tops.length][];
        for (int f = 0; f < tops.length; f++) {
            frames[f] = f;
            s[f] = new float[] {tops[f] == 0 ? 0.8f : 0.2f, tops[f] == 1 ? 0.8f : 0.2f};
        }
        return new ScoreSeries(track, List.of("solo", "unison"), frames, s);
    }

    private Run scores(String model, Run pose, List<ScoreSeries> series) {
        Run r = run(VIDEO, RunKind.CLASSIFY, model, "{\"poseModel\":\"" + pose.modelId() + "\",\"poseRun\":" + pose.id()
                + (pose.revision() > 0 ? ",\"poseRevision\":" + pose.revision() : "") + "}");
        store.scores().write(r.id(), series);
        return finish(r);
    }

    @BeforeEach
    void open() {
        store = ResultsStore.open(dir.resolve("store.db"));
        poseA = poses("model-a", 1, 2, false);
        poseB = poses("model-b", 6, 5, true); // the left dancer is track 6 here, listed second
    }

    @org.junit.jupiter.api.AfterEach
    void close() {
        store.close();
    }

    @Test
    void perDancerRunsOfDifferentPoseRunsArePairedByThePoseMatch() {
        Run c1 = scores("clf-1", poseA, List.of(series(1, 0, 0, 0, 0, 0, 0), series(2, 1, 1, 1, 1, 1, 1)));
        // of pose run B: the left dancer (6) agrees with c1's track 1 except in frames 2-3; the right one (5) always
        Run c3 = scores("clf-3", poseB, List.of(series(5, 1, 1, 1, 1, 1, 1), series(6, 0, 0, 1, 1, 0, 0)));
        RunComparison.ClassifyOutcome o = (RunComparison.ClassifyOutcome) RunComparison.compare(store, c1, c3, TaskContext.NONE);
        assertThat(o.result().tracks().pairs()).containsEntry(1, 6).containsEntry(2, 5).hasSize(2);
        assertThat(o.pairing()).isEqualTo("tracks of pose runs " + poseA.id() + " and " + poseB.id() + " most often matched (OKS)");
        assertThat(o.result().summary().frames()).isEqualTo(12);
        assertThat(o.result().summary().agreeing()).isEqualTo(10);
        assertThat(o.result().segments()).containsExactly(new ClassifierComparison.Segment(1, 6, 2, 3, "solo", "unison"));

        // the same pose run: the same tracks
        Run c2 = scores("clf-2", poseA, List.of(series(2, 1, 1, 1, 1, 1, 1), series(1, 0, 0, 0, 0, 0, 1)));
        RunComparison.ClassifyOutcome same = (RunComparison.ClassifyOutcome) RunComparison.compare(store, c1, c2, TaskContext.NONE);
        assertThat(same.result().tracks().pairs()).containsEntry(1, 1).containsEntry(2, 2);
        assertThat(same.pairing()).isEqualTo("the same tracks of pose run " + poseA.id());
        assertThat(same.result().summary().agreeing()).isEqualTo(11);

        // the view-model's choice for run A: the other classify runs of the video
        assertThat(RunComparison.comparableWith(store, c1)).extracting(Run::id).containsExactly(c3.id(), c2.id());
    }

    @Test
    void identitiesCorrectedAfterTheClassificationAreRefused() {
        Run c1 = scores("clf-1", poseA, List.of(series(1, 0, 0, 0, 0, 0, 0)));
        Run c3 = scores("clf-3", poseB, List.of(series(6, 0, 0, 0, 0, 0, 0)));
        store.poses().swapTracks(poseB.id(), 5, 6, 0);
        assertThatThrownBy(() -> RunComparison.compare(store, c1, c3, TaskContext.NONE)).isInstanceOf(DanceLensException.class)
                .hasMessage("The identities of pose run " + poseB.id() + " were corrected after run " + c3.id() + " scored its dancers, so they cannot be"
                        + " paired: classify again.");
    }

    @Test
    void runsOfAnotherVideoAreRefusedAndACancelStops() {
        Run other = finish(run("/videos/other.mp4", RunKind.POSE, "model-a", "{}"));
        store.poses().write(other.id(), List.of(new PoseFrames.FrameResult(0, 0, List.of(), List.of())));
        Run withFrames = store.runs().find(other.id()).orElseThrow();
        assertThatThrownBy(() -> RunComparison.compare(store, poseA, withFrames, TaskContext.NONE)).isInstanceOf(DanceLensException.class)
                .hasMessage("Run " + poseA.id() + " is of duet.mp4 and run " + other.id() + " of other.mp4: compare two runs of the same video.");

        TaskContext cancelled = new TaskContext() {
            @Override
            public void progress(double fraction, String message) {
            }

            @Override
            public boolean isCancelled() {
                return true;
            }
        };
        assertThatThrownBy(() -> RunComparison.compare(store, poseA, poseB, cancelled)).isInstanceOf(CancelledException.class);
        RunComparison.PoseOutcome o = (RunComparison.PoseOutcome) RunComparison.compare(store, poseA, poseB, TaskContext.NONE);
        assertThat(o.result().pairs()).hasSize(2 * FRAMES).allSatisfy(p -> assertThat(p.oks()).isEqualTo(1.0));
        assertThat(o.result().identities()).extracting(PoseComparison.IdentityPair::trackA, PoseComparison.IdentityPair::trackB)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(1, 6), org.assertj.core.groups.Tuple.tuple(2, 5));
    }
}
