package org.dancelens.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;
import org.dancelens.core.SkeletonSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsStoreTest {
    @TempDir
    Path dir;

    static Pose pose(int track, float x) {
        List<Keypoint> k = new ArrayList<>();
        for (int j = 0; j < 17; j++) {
            k.add(new Keypoint(x + j, 100 + j, 0.5f + j / 100f));
        }
        return new Pose(track, SkeletonSchema.COCO_17, k, new float[] {x, 90, x + 40, 220}, 0.8f, null);
    }

    private static ResultsStore.RunSpec spec() {
        return new ResultsStore.RunSpec("/v.mp4", 100, "pose", "m", "abc", "card", "{}", 0, 100);
    }

    @Test
    void roundTripsPosesExactlyAndKnowsWhichFramesAreDone() {
        try (ResultsStore s = ResultsStore.open(dir.resolve("s.db"))) {
            long run = s.findOrCreateRun(spec()).id();
            List<ResultsStore.FrameResult> frames = new ArrayList<>();
            for (int f = 0; f < 10; f++) {
                if (f == 5) {
                    continue; // a gap: frame 5 not done
                }
                frames.add(new ResultsStore.FrameResult(f, f / 25.0, List.of(pose(1, f), pose(2, 300 + f)), List.of(pose(1, f + 0.5f), pose(2, 300.5f + f))));
            }
            s.write(run, frames);
            assertThat(s.firstMissingFrame(run, 0, 100)).isEqualTo(5);
            assertThat(s.firstMissingFrame(run, 6, 100)).isEqualTo(10);
            Map<Integer, List<Pose>> raw = s.poses(run, 0, 10, false);
            assertThat(raw.get(3)).extracting(Pose::trackId).containsExactly(1, 2);
            assertThat(raw.get(3).get(0).keypoints()).isEqualTo(pose(1, 3).keypoints());
            assertThat(raw.get(3).get(0).box()).containsExactly(3, 90, 43, 220);
            assertThat(s.poses(run, 0, 10, true).get(3).get(0).keypoints().get(0).x()).isEqualTo(3.5f);
            // The same spec finds the same run; another spec makes another.
            assertThat(s.findOrCreateRun(spec()).id()).isEqualTo(run);
            assertThat(s.findOrCreateRun(new ResultsStore.RunSpec("/v.mp4", 100, "pose", "m", "abc", "card", "{\"x\":1}", 0, 100)).id()).isNotEqualTo(run);
            assertThat(s.integrityCheck()).isEqualTo("ok");
        }
        // Reopening keeps everything (schema already there).
        try (ResultsStore s = ResultsStore.open(dir.resolve("s.db"))) {
            assertThat(s.runs()).hasSize(2);
        }
    }

    @Test
    void masksAndWorldCoordinatesRoundTrip() {
        try (ResultsStore s = ResultsStore.open(dir.resolve("m.db"))) {
            long run = s.findOrCreateRun(spec()).id();
            float[] v = new float[16];
            for (int k = 0; k < 16; k++) {
                v[k] = k / 15f;
            }
            org.dancelens.core.RegionMask mask = new org.dancelens.core.RegionMask(50, 60, 80, 0.3f, 4, v);
            float[][] world = new float[17][3];
            world[5] = new float[] {0.1f, -0.4f, 0.05f};
            Pose p = new Pose(1, SkeletonSchema.COCO_17, pose(1, 5).keypoints(), new float[] {0, 0, 10, 10}, 0.9f, world, mask);
            s.write(run, List.of(new ResultsStore.FrameResult(0, 0, List.of(p), List.of(p))));
            Pose back = s.poses(run, 0, 1, false).get(0).get(0);
            assertThat(back.world()[5]).containsExactly(0.1f, -0.4f, 0.05f);
            assertThat(back.mask().size()).isEqualTo(4);
            assertThat(back.mask().cx()).isEqualTo(50f);
            assertThat(back.mask().angle()).isEqualTo(0.3f);
            for (int k = 0; k < 16; k++) {
                assertThat(back.mask().values()[k]).isCloseTo(v[k], org.assertj.core.data.Offset.offset(0.5f / 255));
            }
        }
    }

    @Test
    void swapAndMergeIdentitiesFromAFrameOn() {
        try (ResultsStore s = ResultsStore.open(dir.resolve("t.db"))) {
            long run = s.findOrCreateRun(spec()).id();
            List<ResultsStore.FrameResult> frames = new ArrayList<>();
            for (int f = 0; f < 10; f++) {
                List<Pose> p = f < 7 ? List.of(pose(1, 10), pose(2, 300)) : List.of(pose(1, 10), pose(3, 300));
                frames.add(new ResultsStore.FrameResult(f, f, p, p));
            }
            s.write(run, frames);
            s.swapTracks(run, 1, 2, 4);
            Map<Integer, List<Pose>> raw = s.poses(run, 0, 10, false);
            assertThat(raw.get(3)).extracting(Pose::trackId).containsExactly(1, 2);
            assertThat(raw.get(3).get(0).keypoints().get(0).x()).isEqualTo(10f);
            // From frame 4 the dancer at x=10 is track 2 and the one at x=300 is track 1.
            assertThat(raw.get(4)).extracting(Pose::trackId).containsExactly(1, 2);
            assertThat(raw.get(4).get(0).keypoints().get(0).x()).isEqualTo(300f);
            assertThat(raw.get(4).get(1).keypoints().get(0).x()).isEqualTo(10f);
            // Track 3 (frames 7..9) is the same dancer as track 1 since the swap: merge it.
            s.mergeTracks(run, 3, 1, 7);
            assertThat(s.poses(run, 7, 8, false).get(7)).extracting(Pose::trackId).containsExactly(1, 2);
            // Two tracks present in the same frames cannot be merged.
            assertThatThrownBy(() -> s.mergeTracks(run, 2, 1, 0)).isInstanceOf(DanceLensException.class)
                    .hasMessageContaining("cannot be merged");
        }
    }

    @Test
    void aFileThatIsNotADatabaseIsAClearError() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.db"), "this is not sqlite ".repeat(100));
        assertThatThrownBy(() -> ResultsStore.open(bad)).isInstanceOf(DanceLensException.class)
                .hasMessageContaining("bad.db").hasMessageContaining("cannot be opened");
    }
}
