package org.dancelens.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dancelens.analysis.store.PoseFrames;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.analysis.store.RunKind;
import org.dancelens.analysis.store.RunSpec;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;
import org.dancelens.core.SkeletonSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A classification made from a pose run is stale once that run's identities are corrected, and a new one is not. */
class StaleResultsTest {
    @TempDir
    Path dir;

    static Pose pose(int track, float x) {
        List<Keypoint> k = new ArrayList<>();
        for (int j = 0; j < 17; j++) {
            k.add(new Keypoint(x + j, 100 + j, 0.9f));
        }
        return new Pose(track, SkeletonSchema.COCO_17, k, new float[] {x, 90, x + 40, 220}, 0.8f, null);
    }

    @Test
    void anIdentityCorrectionMakesWhatWasMadeFromThePosesStale() {
        try (ResultsStore s = ResultsStore.open(dir.resolve("s.db"))) {
            long poseRun = s.runs().findOrCreate(new RunSpec("/v.mp4", 10, RunKind.POSE, "movenet", "abc", "card", "{}", 0, 10)).id();
            List<PoseFrames.FrameResult> frames = new ArrayList<>();
            for (int f = 0; f < 10; f++) {
                frames.add(new PoseFrames.FrameResult(f, f, List.of(pose(1, 10), pose(2, 300)), List.of(pose(1, 10), pose(2, 300))));
            }
            s.poses().write(poseRun, frames);
            Run before = s.runs().findOrCreate(new RunSpec("/v.mp4", 10, RunKind.CLASSIFY, "lstm", "def", "card",
                    "{" + ClassifyAnalysis.poseRunSettings(s.runs().find(poseRun).orElseThrow()) + "}", 0, 10));
            Run frameModel = s.runs().findOrCreate(new RunSpec("/v.mp4", 10, RunKind.CLASSIFY, "cnn", "ghi", "card", "{}", 0, 10));
            assertThat(ClassifyAnalysis.isStale(s, before)).isFalse();

            s.poses().swapTracks(poseRun, 1, 2, 5);
            assertThat(ClassifyAnalysis.isStale(s, before)).as("made before the swap").isTrue();
            assertThat(ClassifyAnalysis.isStale(s, frameModel)).as("a whole-frame model reads no poses").isFalse();
            // the next classification names the revision it read: a new run, not stale
            String now = "{" + ClassifyAnalysis.poseRunSettings(s.runs().find(poseRun).orElseThrow()) + "}";
            assertThat(now).contains("\"poseRevision\":1");
            Run after = s.runs().findOrCreate(new RunSpec("/v.mp4", 10, RunKind.CLASSIFY, "lstm", "def", "card", now, 0, 10));
            assertThat(after.id()).isNotEqualTo(before.id());
            assertThat(ClassifyAnalysis.isStale(s, after)).isFalse();
            assertThat(ClassifyAnalysis.poseRunOf(after)).isEqualTo(poseRun);
        }
    }
}
