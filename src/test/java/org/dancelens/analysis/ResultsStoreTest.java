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

    /** A store exactly as schema 3 wrote it (the DDL of versions 1 to 3), with one pose run and one labelled range. */
    private static void writeSchema3(Path file) throws Exception {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
             java.sql.Statement st = c.createStatement()) {
            st.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            st.execute("""
                    CREATE TABLE runs(id INTEGER PRIMARY KEY, run_key TEXT NOT NULL UNIQUE, video_path TEXT NOT NULL,
                      video_frames INTEGER NOT NULL, kind TEXT NOT NULL, model_id TEXT NOT NULL, onnx_sha256 TEXT NOT NULL,
                      card TEXT NOT NULL, settings TEXT NOT NULL, from_frame INTEGER NOT NULL, to_frame INTEGER NOT NULL,
                      status TEXT NOT NULL, created TEXT NOT NULL, updated TEXT NOT NULL)""");
            st.execute("""
                    CREATE TABLE frames(run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, frame INTEGER NOT NULL,
                      time_s REAL NOT NULL, PRIMARY KEY(run_id, frame)) WITHOUT ROWID""");
            st.execute("""
                    CREATE TABLE poses(run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, frame INTEGER NOT NULL,
                      track INTEGER NOT NULL, schema TEXT NOT NULL, score REAL NOT NULL, box BLOB, raw BLOB NOT NULL,
                      smoothed BLOB NOT NULL, world BLOB, mask BLOB, PRIMARY KEY(run_id, frame, track)) WITHOUT ROWID""");
            st.execute("CREATE TABLE score_labels(run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE, labels TEXT NOT NULL)");
            st.execute("""
                    CREATE TABLE scores(run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, track INTEGER NOT NULL,
                      frame INTEGER NOT NULL, vec BLOB NOT NULL, PRIMARY KEY(run_id, track, frame)) WITHOUT ROWID""");
            st.execute("""
                    CREATE TABLE labelled_ranges(id INTEGER PRIMARY KEY, video_path TEXT NOT NULL, start_frame INTEGER NOT NULL,
                      end_frame INTEGER NOT NULL, label TEXT NOT NULL, created TEXT NOT NULL)""");
            st.execute("INSERT INTO meta VALUES('schema_version', '3')");
            st.execute("INSERT INTO runs VALUES(1, 'k', '/v.mp4', 100, 'pose', 'm', 'abc', 'card', '{}', 0, 100, 'complete', 't', 't')");
            st.execute("INSERT INTO frames VALUES(1, 0, 0.0)");
            st.execute("INSERT INTO labelled_ranges VALUES(1, '/v.mp4', 3, 9, 'waltz', 't')");
        }
    }

    @Test
    void aSchema3StoreMigratesTo4KeepingItsRunsAndGainsMapRuns() throws Exception {
        Path file = dir.resolve("v3.db");
        writeSchema3(file);
        try (ResultsStore s = ResultsStore.open(file)) {
            assertThat(s.runs()).extracting(ResultsStore.Run::id, r -> r.spec().kind(), ResultsStore.Run::framesDone).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(1L, "pose", 1));
            assertThat(s.labelledRanges("/v.mp4")).extracting(ResultsStore.LabelledRange::label).containsExactly("waltz");
            assertThat(s.camRuns(null)).isEmpty();
            long cam = s.findOrCreateCamRun(camSpec("gradcam")).id();
            s.writeCamFrames(cam, List.of(new ResultsStore.CamFrame(0, 1, 2.5f, 1, 2, new float[] {0, 1}, new double[] {0, 0, 1, 1})));
            assertThat(s.camRun(cam).framesDone()).isEqualTo(1);
            assertThat(s.integrityCheck()).isEqualTo("ok");
        }
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
             java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT value FROM meta WHERE key = 'schema_version'")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(String.valueOf(ResultsStore.SCHEMA_VERSION)).isEqualTo("4");
        }
        // Opening again does not migrate again (the tables exist) and keeps the map.
        try (ResultsStore s = ResultsStore.open(file)) {
            assertThat(s.camRuns("/v.mp4")).hasSize(1);
        }
    }

    private static ResultsStore.CamRunSpec camSpec(String method) {
        return new ResultsStore.CamRunSpec("/v.mp4", 100, "cnn", "abc", "feat", method, "top", "{\"inputHeight\":32}", 0, 100);
    }

    @Test
    void mapsRoundTripExactlyWithClassScoreAndRegion() throws Exception {
        try (ResultsStore s = ResultsStore.open(dir.resolve("maps.db"))) {
            ResultsStore.CamRun run = s.findOrCreateCamRun(camSpec("gradcam"));
            assertThat(run.status()).isEqualTo("running");
            assertThat(s.findOrCreateCamRun(camSpec("gradcam")).id()).isEqualTo(run.id());
            assertThat(s.findOrCreateCamRun(camSpec("layercam")).id()).isNotEqualTo(run.id());
            java.util.Random rnd = new java.util.Random(3);
            List<ResultsStore.CamFrame> in = new ArrayList<>();
            for (int f : new int[] {0, 1, 2, 5}) {
                float[] map = new float[7 * 9];
                for (int k = 0; k < map.length; k++) {
                    map[k] = rnd.nextFloat();
                }
                in.add(new ResultsStore.CamFrame(f, f % 3, f * 0.25f - 1, 7, 9, map, new double[] {-0.125, 0.0625, 1.125, 0.9375}));
            }
            s.writeCamFrames(run.id(), in.subList(0, 2));
            s.writeCamFrames(run.id(), in.subList(2, 4));
            Map<Integer, ResultsStore.CamFrame> back = s.camFrames(run.id(), 0, 100);
            assertThat(back.keySet()).containsExactly(0, 1, 2, 5);
            for (ResultsStore.CamFrame f : in) {
                ResultsStore.CamFrame b = back.get(f.frame());
                assertThat(b.map()).containsExactly(f.map());
                assertThat(b.region()).containsExactly(f.region());
                assertThat(b.height()).isEqualTo(7);
                assertThat(b.width()).isEqualTo(9);
                assertThat(b.classIndex()).isEqualTo(f.classIndex());
                assertThat(b.score()).isEqualTo(f.score());
            }
            assertThat(s.camFrames(run.id(), 1, 5).keySet()).containsExactly(1, 2);
            java.util.BitSet done = s.camFramesDone(run.id(), 0, 10);
            assertThat(done.nextClearBit(0)).isEqualTo(3);
            assertThat(done.cardinality()).isEqualTo(4);
            s.setCamStatus(run.id(), "complete");
            ResultsStore.CamRun again = s.camRuns("/v.mp4").stream().filter(r -> r.id() == run.id()).findFirst().orElseThrow();
            assertThat(again.status()).isEqualTo("complete");
            assertThat(again.framesDone()).isEqualTo(4);
            assertThat(again.spec()).isEqualTo(camSpec("gradcam"));
        }
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("maps.db").toAbsolutePath());
             java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT map FROM cam_frames WHERE frame = 0")) {
            rs.next(); // the blob is little-endian float32, as the design says
            byte[] blob = rs.getBytes(1);
            assertThat(blob).hasSize(7 * 9 * 4);
            float first = java.nio.ByteBuffer.wrap(blob).order(java.nio.ByteOrder.LITTLE_ENDIAN).getFloat(0);
            assertThat(first).isEqualTo(new java.util.Random(3).nextFloat());
        }
    }

    @Test
    void knowsWhichPoseRunsHaveMasks() {
        try (ResultsStore s = ResultsStore.open(dir.resolve("k.db"))) {
            long plain = s.findOrCreateRun(spec()).id();
            s.write(plain, List.of(new ResultsStore.FrameResult(0, 0, List.of(pose(1, 0)), List.of(pose(1, 0)))));
            long masked = s.findOrCreateRun(new ResultsStore.RunSpec("/v.mp4", 100, "pose", "blazepose", "abc", "card", "{}", 0, 100)).id();
            org.dancelens.core.RegionMask mask = new org.dancelens.core.RegionMask(5, 5, 10, 0, 2, new float[] {1, 1, 1, 1});
            Pose p = new Pose(1, SkeletonSchema.COCO_17, pose(1, 0).keypoints(), null, 0.9f, null, mask);
            s.write(masked, List.of(new ResultsStore.FrameResult(0, 0, List.of(p), List.of(p))));
            assertThat(s.hasMasks(plain)).isFalse();
            assertThat(s.hasMasks(masked)).isTrue();
        }
    }
}
