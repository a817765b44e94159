package org.dancelens.analysis.store;

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

    private static RunSpec spec() {
        return new RunSpec("/v.mp4", 100, RunKind.POSE, "m", "abc", "card", "{}", 0, 100);
    }

    @Test
    void manyConnectionsOpeningOneNewStoreAtOnceAllGetTheSameSchema() throws Exception {
        // The command line creates a store while the workbench (or a test) opens it: each schema step is taken once.
        for (int round = 0; round < 20; round++) {
            Path file = dir.resolve("race" + round + ".db");
            int n = 6;
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(n);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
            try {
                List<java.util.concurrent.Future<Integer>> opened = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    opened.add(pool.submit(() -> {
                        start.await();
                        try (ResultsStore s = ResultsStore.open(file)) {
                            s.runs().findOrCreate(spec());
                            return s.runs().all().size();
                        }
                    }));
                }
                for (java.util.concurrent.Future<Integer> f : opened) {
                    assertThat(f.get()).isEqualTo(1);
                }
            } finally {
                pool.shutdownNow();
            }
            try (ResultsStore s = ResultsStore.open(file)) {
                assertThat(s.integrityCheck()).isEqualTo("ok");
                assertThat(s.runs().all()).hasSize(1);
            }
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).as("no half-made store is left behind").allMatch(n -> n.matches("race\\d+\\.db"));
        }
    }

    @Test
    void roundTripsPosesExactlyAndKnowsWhichFramesAreDone() {
        try (ResultsStore s = ResultsStore.open(dir.resolve("s.db"))) {
            long run = s.runs().findOrCreate(spec()).id();
            List<PoseFrames.FrameResult> frames = new ArrayList<>();
            for (int f = 0; f < 10; f++) {
                if (f == 5) {
                    continue; // a gap: frame 5 not done
                }
                frames.add(new PoseFrames.FrameResult(f, f / 25.0, List.of(pose(1, f), pose(2, 300 + f)), List.of(pose(1, f + 0.5f), pose(2, 300.5f + f))));
            }
            s.poses().write(run, frames);
            assertThat(s.poses().firstMissingFrame(run, 0, 100)).isEqualTo(5);
            assertThat(s.poses().firstMissingFrame(run, 6, 100)).isEqualTo(10);
            Map<Integer, List<Pose>> raw = s.poses().read(run, 0, 10, false);
            assertThat(raw.get(3)).extracting(Pose::trackId).containsExactly(1, 2);
            assertThat(raw.get(3).get(0).keypoints()).isEqualTo(pose(1, 3).keypoints());
            assertThat(raw.get(3).get(0).box()).containsExactly(3, 90, 43, 220);
            assertThat(s.poses().read(run, 0, 10, true).get(3).get(0).keypoints().get(0).x()).isEqualTo(3.5f);
            // The same spec finds the same run; another spec makes another.
            assertThat(s.runs().findOrCreate(spec()).id()).isEqualTo(run);
            assertThat(s.runs().findOrCreate(new RunSpec("/v.mp4", 100, RunKind.POSE, "m", "abc", "card", "{\"x\":1}", 0, 100)).id()).isNotEqualTo(run);
            assertThat(s.integrityCheck()).isEqualTo("ok");
        }
        // Reopening keeps everything (schema already there).
        try (ResultsStore s = ResultsStore.open(dir.resolve("s.db"))) {
            assertThat(s.runs().all()).hasSize(2);
        }
    }

    @Test
    void masksAndWorldCoordinatesRoundTrip() {
        try (ResultsStore s = ResultsStore.open(dir.resolve("m.db"))) {
            long run = s.runs().findOrCreate(spec()).id();
            float[] v = new float[16];
            for (int k = 0; k < 16; k++) {
                v[k] = k / 15f;
            }
            org.dancelens.core.RegionMask mask = new org.dancelens.core.RegionMask(50, 60, 80, 0.3f, 4, v);
            float[][] world = new float[17][3];
            world[5] = new float[] {0.1f, -0.4f, 0.05f};
            Pose p = new Pose(1, SkeletonSchema.COCO_17, pose(1, 5).keypoints(), new float[] {0, 0, 10, 10}, 0.9f, world, mask);
            s.poses().write(run, List.of(new PoseFrames.FrameResult(0, 0, List.of(p), List.of(p))));
            Pose back = s.poses().read(run, 0, 1, false).get(0).get(0);
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
            long run = s.runs().findOrCreate(spec()).id();
            List<PoseFrames.FrameResult> frames = new ArrayList<>();
            for (int f = 0; f < 10; f++) {
                List<Pose> p = f < 7 ? List.of(pose(1, 10), pose(2, 300)) : List.of(pose(1, 10), pose(3, 300));
                frames.add(new PoseFrames.FrameResult(f, f, p, p));
            }
            s.poses().write(run, frames);
            s.poses().swapTracks(run, 1, 2, 4);
            Map<Integer, List<Pose>> raw = s.poses().read(run, 0, 10, false);
            assertThat(raw.get(3)).extracting(Pose::trackId).containsExactly(1, 2);
            assertThat(raw.get(3).get(0).keypoints().get(0).x()).isEqualTo(10f);
            // From frame 4 the dancer at x=10 is track 2 and the one at x=300 is track 1.
            assertThat(raw.get(4)).extracting(Pose::trackId).containsExactly(1, 2);
            assertThat(raw.get(4).get(0).keypoints().get(0).x()).isEqualTo(300f);
            assertThat(raw.get(4).get(1).keypoints().get(0).x()).isEqualTo(10f);
            // Track 3 (frames 7..9) is the same dancer as track 1 since the swap: merge it.
            s.poses().mergeTracks(run, 3, 1, 7);
            assertThat(s.poses().read(run, 7, 8, false).get(7)).extracting(Pose::trackId).containsExactly(1, 2);
            // Two tracks present in the same frames cannot be merged.
            assertThatThrownBy(() -> s.poses().mergeTracks(run, 2, 1, 0)).isInstanceOf(DanceLensException.class)
                    .hasMessageContaining("cannot be merged");
        }
    }

    @Test
    void aFileThatIsNotADatabaseIsAClearError() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.db"), "this is not sqlite ".repeat(100));
        assertThatThrownBy(() -> ResultsStore.open(bad)).isInstanceOf(DanceLensException.class)
                .hasMessageContaining("bad.db").hasMessageContaining("is damaged");
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
    void aSchema3StoreMigratesToTheCurrentOneKeepingItsRunsAndGainsExplainRuns() throws Exception {
        Path file = dir.resolve("v3.db");
        writeSchema3(file);
        try (ResultsStore s = ResultsStore.open(file)) {
            assertThat(s.runs().all()).extracting(Run::id, r -> r.spec().kind(), Run::framesDone).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(1L, RunKind.POSE, 1));
            assertThat(s.labels().list("/v.mp4")).extracting(LabelledRanges.LabelledRange::label).containsExactly("waltz");
            assertThat(s.runs().list("/v.mp4", RunKind.EXPLAIN)).isEmpty();
            long cam = s.runs().findOrCreate(explainSpec("gradcam")).id();
            s.maps().write(cam, List.of(new Maps.MapFrame(0, 1, 2.5f, 1, 2, new float[] {0, 1}, new double[] {0, 0, 1, 1}, null)));
            assertThat(s.runs().find(cam).orElseThrow().framesDone()).isEqualTo(1);
            // Schema 8: the device of a run; the migrated run does not say, a new one says each device that worked on it once.
            assertThat(s.runs().find(1).orElseThrow().devices()).isNull();
            assertThat(s.runs().find(1).orElseThrow().devicesShown()).isEqualTo("not recorded");
            s.runs().ranOn(cam, "cpu");
            s.runs().ranOn(cam, "cpu");
            assertThat(s.runs().find(cam).orElseThrow().devices()).isEqualTo("cpu");
            s.runs().ranOn(cam, "gpu:1");
            s.runs().ranOn(cam, "cpu");
            assertThat(s.runs().find(cam).orElseThrow().devices()).isEqualTo("cpu, gpu:1");
            assertThat(s.integrityCheck()).isEqualTo("ok");
        }
        assertThat(schemaVersion(file)).isEqualTo(String.valueOf(ResultsStore.SCHEMA_VERSION)).isEqualTo("10");
        // Schema 9: kinematics and music runs keep their files.
        try (ResultsStore s = ResultsStore.open(file)) {
            long k = s.runs().findOrCreate(new RunSpec("/v.mp4", 100, RunKind.KINEMATICS, "movenet-lightning", "abc", "", "{\"poseRun\":1}", 0, 100)).id();
            s.files().write(k, new java.util.LinkedHashMap<>(java.util.Map.of("kinematics-3.csv", new byte[] {1, 2})));
            s.files().write(k, java.util.Map.of("kinematics-summary.json", new byte[] {3}));
            assertThat(s.files().read(k).keySet()).containsExactly("kinematics-3.csv", "kinematics-summary.json");
            assertThat(s.files().read(k).get("kinematics-3.csv")).containsExactly(1, 2);
            assertThat(s.runs().find(k).orElseThrow().framesDone()).as("files count as its results").isEqualTo(2);
            assertThat(s.runs().find(k).orElseThrow().kind()).isEqualTo(RunKind.KINEMATICS);
        }
        // Opening again does not migrate again (the tables exist) and keeps the map.
        try (ResultsStore s = ResultsStore.open(file)) {
            assertThat(s.runs().list("/v.mp4", RunKind.EXPLAIN)).hasSize(1);
        }
    }

    private static String schemaVersion(Path file) throws Exception {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
             java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT value FROM meta WHERE key = 'schema_version'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** A schema 4 store: a schema 3 store plus the map-run tables of version 4, with one map run of two frames. */
    private static void writeSchema4(Path file) throws Exception {
        writeSchema3(file);
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
             java.sql.Statement st = c.createStatement()) {
            st.execute("""
                    CREATE TABLE cam_runs(id INTEGER PRIMARY KEY, run_key TEXT NOT NULL UNIQUE, video_path TEXT NOT NULL,
                      video_frames INTEGER NOT NULL, model_id TEXT NOT NULL, onnx_sha256 TEXT NOT NULL, layer TEXT NOT NULL,
                      method TEXT NOT NULL, class_choice TEXT NOT NULL, settings TEXT NOT NULL, from_frame INTEGER NOT NULL,
                      to_frame INTEGER NOT NULL, status TEXT NOT NULL, created TEXT NOT NULL, updated TEXT NOT NULL)""");
            st.execute("""
                    CREATE TABLE cam_frames(cam_run_id INTEGER NOT NULL REFERENCES cam_runs(id) ON DELETE CASCADE, frame INTEGER NOT NULL,
                      class_index INTEGER NOT NULL, score REAL NOT NULL, h INTEGER NOT NULL, w INTEGER NOT NULL, map BLOB NOT NULL,
                      region_y0 REAL NOT NULL, region_x0 REAL NOT NULL, region_y1 REAL NOT NULL, region_x1 REAL NOT NULL,
                      PRIMARY KEY(cam_run_id, frame)) WITHOUT ROWID""");
            st.execute("INSERT INTO cam_runs VALUES(7, 'old-key', '/v.mp4', 100, 'cnn', 'abc', 'feat', 'layercam', 'hiphop',"
                    + " '{\"inputHeight\":32,\"inputWidth\":32,\"frameWidth\":64,\"frameHeight\":48,\"labels\":[\"ballet\",\"hiphop\"]}', 4, 16,"
                    + " 'cancelled', 't0', 't1')");
            try (java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO cam_frames VALUES(7, ?, 1, 0.5, 1, 2, ?, 0, 0.125, 1, 0.875)")) {
                for (int f : new int[] {4, 5}) {
                    ps.setInt(1, f);
                    ps.setBytes(2, Blobs.floats(new float[] {f, 1}));
                    ps.executeUpdate();
                }
            }
            st.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'");
        }
    }

    @Test
    void aSchema4StoreMovesItsMapRunsIntoTheSharedRunModel() throws Exception {
        Path file = dir.resolve("v4.db");
        writeSchema4(file);
        try (ResultsStore s = ResultsStore.open(file)) {
            List<Run> explain = s.runs().list("/v.mp4", RunKind.EXPLAIN);
            assertThat(explain).hasSize(1);
            Run r = explain.get(0);
            assertThat(r.status()).isEqualTo(RunStatus.CANCELLED);
            assertThat(r.framesDone()).isEqualTo(2);
            assertThat(r.created()).isEqualTo("t0");
            assertThat(r.spec().fromFrame()).isEqualTo(4);
            assertThat(r.spec().toFrame()).isEqualTo(16);
            ExplainSettings es = ExplainSettings.of(r);
            assertThat(es.layer()).isEqualTo("feat");
            assertThat(es.method()).isEqualTo("layercam");
            assertThat(es.classChoice()).isEqualTo("hiphop");
            assertThat(es.every()).isEqualTo(1);
            assertThat(es.inputHeight()).isEqualTo(32);
            assertThat(es.frameWidth()).isEqualTo(64);
            assertThat(es.labels()).containsExactly("ballet", "hiphop");
            Map<Integer, Maps.MapFrame> maps = s.maps().read(r.id(), 0, 100);
            assertThat(maps.keySet()).containsExactly(4, 5);
            assertThat(maps.get(5).map()).containsExactly(5f, 1f);
            assertThat(maps.get(5).region()).containsExactly(0, 0.125, 1, 0.875);
            assertThat(maps.get(5).scores()).isNull();
            // The job that would make the same maps today finds the migrated run (same key) and continues it.
            RunSpec today = new RunSpec("/v.mp4", 100, RunKind.EXPLAIN, "cnn", "abc", "", es.toJson(), 4, 16);
            assertThat(s.runs().find(today)).map(Run::id).contains(r.id());
            // The pose run and the labelled range of schema 3 are still there.
            assertThat(s.runs().list("/v.mp4", RunKind.POSE)).hasSize(1);
            assertThat(s.labels().list(null)).hasSize(1);
            assertThat(s.integrityCheck()).isEqualTo("ok");
        }
        assertThat(schemaVersion(file)).isEqualTo("10");
    }

    private static RunSpec explainSpec(String method) {
        return new RunSpec("/v.mp4", 100, RunKind.EXPLAIN, "cnn", "abc", "card",
                new ExplainSettings("feat", method, "top", 1, List.of(), 32, 32, 64, 48, List.of("a")).toJson(), 0, 100);
    }

    @Test
    void mapsRoundTripExactlyWithClassScoreAndRegion() throws Exception {
        try (ResultsStore s = ResultsStore.open(dir.resolve("maps.db"))) {
            Run run = s.runs().findOrCreate(explainSpec("gradcam"));
            assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
            assertThat(s.runs().findOrCreate(explainSpec("gradcam")).id()).isEqualTo(run.id());
            assertThat(s.runs().findOrCreate(explainSpec("layercam")).id()).isNotEqualTo(run.id());
            java.util.Random rnd = new java.util.Random(3);
            List<Maps.MapFrame> in = new ArrayList<>();
            for (int f : new int[] {0, 1, 2, 5}) {
                float[] map = new float[7 * 9];
                for (int k = 0; k < map.length; k++) {
                    map[k] = rnd.nextFloat();
                }
                in.add(new Maps.MapFrame(f, f % 3, f * 0.25f - 1, 7, 9, map, new double[] {-0.125, 0.0625, 1.125, 0.9375},
                        new float[] {f, -f, 0.5f}));
            }
            s.maps().write(run.id(), in.subList(0, 2));
            s.maps().write(run.id(), in.subList(2, 4));
            Map<Integer, Maps.MapFrame> back = s.maps().read(run.id(), 0, 100);
            assertThat(back.keySet()).containsExactly(0, 1, 2, 5);
            for (Maps.MapFrame f : in) {
                Maps.MapFrame b = back.get(f.frame());
                assertThat(b.map()).containsExactly(f.map());
                assertThat(b.region()).containsExactly(f.region());
                assertThat(b.height()).isEqualTo(7);
                assertThat(b.width()).isEqualTo(9);
                assertThat(b.classIndex()).isEqualTo(f.classIndex());
                assertThat(b.score()).isEqualTo(f.score());
                assertThat(b.scores()).containsExactly(f.scores());
            }
            assertThat(s.maps().read(run.id(), 1, 5).keySet()).containsExactly(1, 2);
            java.util.BitSet done = s.maps().framesDone(run.id(), 0, 10);
            assertThat(done.nextClearBit(0)).isEqualTo(3);
            assertThat(done.cardinality()).isEqualTo(4);
            s.runs().setStatus(run.id(), RunStatus.COMPLETE);
            Run again = s.runs().list("/v.mp4", RunKind.EXPLAIN).stream().filter(r -> r.id() == run.id()).findFirst().orElseThrow();
            assertThat(again.status()).isEqualTo(RunStatus.COMPLETE);
            assertThat(again.framesDone()).isEqualTo(4);
            assertThat(again.spec()).isEqualTo(explainSpec("gradcam"));
        }
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("maps.db").toAbsolutePath());
             java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT map FROM map_frames WHERE frame = 0")) {
            rs.next(); // the blob is little-endian float32, as the design says
            byte[] blob = rs.getBytes(1);
            assertThat(blob).hasSize(7 * 9 * 4);
            float first = java.nio.ByteBuffer.wrap(blob).order(java.nio.ByteOrder.LITTLE_ENDIAN).getFloat(0);
            assertThat(first).isEqualTo(new java.util.Random(3).nextFloat());
        }
    }

    @Test
    void theNewestRunOfAKindForAVideoFinishedOrWithAnyResults() {
        try (ResultsStore s = ResultsStore.open(dir.resolve("newest.db"))) {
            assertThat(s.runs().newestFinished("/v.mp4", RunKind.POSE)).isEmpty();
            long older = s.runs().findOrCreate(spec()).id();
            s.poses().write(older, List.of(new PoseFrames.FrameResult(0, 0, List.of(pose(1, 0)), List.of(pose(1, 0)))));
            s.runs().setStatus(older, RunStatus.COMPLETE);
            long newer = s.runs().findOrCreate(new RunSpec("/v.mp4", 100, RunKind.POSE, "m2", "abc", "card", "{}", 0, 100)).id();
            long empty = s.runs().findOrCreate(new RunSpec("/v.mp4", 100, RunKind.POSE, "m3", "abc", "card", "{}", 0, 100)).id();
            long otherVideo = s.runs().findOrCreate(new RunSpec("/w.mp4", 100, RunKind.POSE, "m", "abc", "card", "{}", 0, 100)).id();
            s.poses().write(newer, List.of(new PoseFrames.FrameResult(0, 0, List.of(pose(1, 0)), List.of(pose(1, 0)))));
            s.poses().write(otherVideo, List.of(new PoseFrames.FrameResult(0, 0, List.of(pose(1, 0)), List.of(pose(1, 0)))));
            s.runs().setStatus(newer, RunStatus.CANCELLED);
            s.runs().setStatus(otherVideo, RunStatus.COMPLETE);
            // Finished: only complete runs count; with results: a cancelled run that kept frames does, an empty one does not.
            assertThat(s.runs().newestFinished("/v.mp4", RunKind.POSE)).map(Run::id).contains(older);
            assertThat(s.runs().newestWithResults("/v.mp4", RunKind.POSE)).map(Run::id).contains(newer);
            assertThat(empty).isGreaterThan(newer);
            assertThat(s.runs().newestFinished("/v.mp4", RunKind.CLASSIFY)).isEmpty();
            assertThat(s.runs().list("/v.mp4", RunKind.POSE)).extracting(Run::id).containsExactly(empty, newer, older);
        }
    }

    @Test
    void aRunFinishedOverARangeKeepsItsStateAndGrowsInPlaceDroppingTheFramesItsFlushStored() {
        try (ResultsStore s = ResultsStore.open(dir.resolve("grow.db"))) {
            RunSpec shorter = new RunSpec("/v.mp4", 100, RunKind.POSE, "m", "abc", "card", "{}", 0, 10);
            RunSpec longer = new RunSpec("/v.mp4", 100, RunKind.POSE, "m", "abc", "card", "{}", 0, 100);
            Run run = s.runs().findOrCreate(shorter);
            List<PoseFrames.FrameResult> frames = new ArrayList<>();
            for (int f = 0; f < 8; f++) {
                frames.add(new PoseFrames.FrameResult(f, f, List.of(pose(1, f)), List.of(pose(1, f))));
            }
            byte[] state = {1, 2, 3};
            s.poses().write(run.id(), frames, List.of(), new PoseFrames.Checkpoint(9, state));
            assertThat(s.poses().checkpoint(run.id()).orElseThrow().atRangeEnd()).as("a save during the run").isFalse();
            s.poses().writeFlushed(run.id(), List.of(new PoseFrames.FrameResult(8, 8, List.of(pose(1, 8)), List.of(pose(1, 8))),
                    new PoseFrames.FrameResult(9, 9, List.of(), List.of())));
            s.runs().setStatus(run.id(), RunStatus.COMPLETE);
            PoseFrames.Checkpoint cp = s.poses().checkpoint(run.id()).orElseThrow();
            assertThat(cp.atRangeEnd()).isTrue();
            assertThat(cp.flushedFrom()).isEqualTo(8);
            assertThat(cp.frame()).isEqualTo(9);
            assertThat(cp.state()).containsExactly(1, 2, 3);

            assertThat(s.poses().extendRange(run, longer)).isTrue();
            Run grown = s.runs().find(run.id()).orElseThrow();
            assertThat(grown.spec().toFrame()).isEqualTo(100);
            assertThat(grown.status()).as("not complete until the job finishes").isEqualTo(RunStatus.RUNNING);
            assertThat(s.runs().find(longer)).map(Run::id).contains(run.id());
            assertThat(s.runs().find(shorter)).isEmpty();
            assertThat(grown.revision()).as("frames made from the flushed ones are stale").isEqualTo(1);
            assertThat(s.poses().firstMissingFrame(run.id(), 0, 100)).isEqualTo(8);
            assertThat(s.poses().frameTimes(run.id())).hasSize(8);
            assertThat(s.poses().read(run.id(), 0, 100, false)).containsOnlyKeys(0, 1, 2, 3, 4, 5, 6, 7);
            PoseFrames.Checkpoint resume = s.poses().checkpoint(run.id()).orElseThrow();
            assertThat(resume.atRangeEnd()).as("now an ordinary checkpoint to resume from").isFalse();
            assertThat(resume.frame()).isEqualTo(9);
            // The run as it was is gone: a second job holding the old record changes nothing.
            assertThat(s.poses().extendRange(run, new RunSpec("/v.mp4", 100, RunKind.POSE, "m", "abc", "card", "{}", 0, 50))).isFalse();
            assertThat(s.runs().find(run.id()).orElseThrow().spec().toFrame()).isEqualTo(100);

            // A run without saved state (finished before schema 7, or corrected) cannot be grown.
            Run other = s.runs().findOrCreate(new RunSpec("/v.mp4", 100, RunKind.POSE, "m", "abc", "card", "{\"x\":1}", 0, 10));
            s.poses().write(other.id(), frames);
            assertThat(s.poses().extendRange(other, new RunSpec("/v.mp4", 100, RunKind.POSE, "m", "abc", "card", "{\"x\":1}", 0, 100))).isFalse();
            assertThat(s.runs().find(other.id()).orElseThrow().spec().toFrame()).isEqualTo(10);
            assertThat(s.integrityCheck()).isEqualTo("ok");
        }
    }

    @Test
    void aSchema6StoreGainsTheRangeEndMarkOfCheckpointsKeepingThem() throws Exception {
        Path file = dir.resolve("v6.db");
        long runId;
        try (ResultsStore s = ResultsStore.open(file)) {
            runId = s.runs().findOrCreate(spec()).id();
        }
        // Back to schema 6 exactly: the checkpoints table as version 6 made it, with a saved state.
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
             java.sql.Statement st = c.createStatement()) {
            st.execute("DROP TABLE checkpoints");
            st.execute("""
                    CREATE TABLE checkpoints(run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE, frame INTEGER NOT NULL,
                      state BLOB NOT NULL)""");
            st.execute("INSERT INTO checkpoints VALUES(" + runId + ", 41, x'0A0B')");
            st.execute("DROP TABLE run_files");
            st.execute("DROP TABLE rated_ranges");
            st.execute("ALTER TABLE runs DROP COLUMN devices");
            st.execute("UPDATE meta SET value = '6' WHERE key = 'schema_version'");
        }
        try (ResultsStore s = ResultsStore.open(file)) {
            PoseFrames.Checkpoint cp = s.poses().checkpoint(runId).orElseThrow();
            assertThat(cp.frame()).isEqualTo(41);
            assertThat(cp.state()).containsExactly(10, 11);
            assertThat(cp.atRangeEnd()).as("saved during a run by version 6").isFalse();
            s.poses().writeFlushed(runId, List.of());
            assertThat(s.poses().checkpoint(runId).orElseThrow().flushedFrom()).isEqualTo(42);
            assertThat(s.integrityCheck()).isEqualTo("ok");
        }
        assertThat(schemaVersion(file)).isEqualTo("10");
    }

    @Test
    void identityCorrectionsCountAsRevisionsOfARun() {
        try (ResultsStore s = ResultsStore.open(dir.resolve("rev.db"))) {
            long run = s.runs().findOrCreate(spec()).id();
            List<PoseFrames.FrameResult> frames = new ArrayList<>();
            for (int f = 0; f < 4; f++) {
                frames.add(new PoseFrames.FrameResult(f, f, List.of(pose(1, 10), pose(2, 300)), List.of(pose(1, 10), pose(2, 300))));
            }
            s.poses().write(run, frames);
            assertThat(s.runs().find(run).orElseThrow().revision()).isZero();
            s.poses().swapTracks(run, 1, 2, 2);
            assertThat(s.runs().find(run).orElseThrow().revision()).isEqualTo(1);
            assertThat(s.poses().read(run, 2, 3, false).get(2).get(0).keypoints().get(0).x()).isEqualTo(300f);
        }
    }

    @Test
    void attributionsRoundTripPerDancer() {
        try (ResultsStore s = ResultsStore.open(dir.resolve("attr.db"))) {
            long run = s.runs().findOrCreate(new RunSpec("/v.mp4", 100, RunKind.ATTRIBUTION, "lstm", "abc", "card", "{\"span\":6}", 0, 100)).id();
            var a = new Attributions.Attribution(3, 1, "waltz", new int[] {10, 11, 12}, new float[] {0.5f, Float.NaN, -0.25f},
                    List.of("nose", "left_wrist"), new float[] {0.1f, 0.9f});
            var clip = new Attributions.Attribution(-1, 0, "tango", new int[] {0}, new float[] {1f}, List.of(), new float[0]);
            s.attributions().write(run, List.of(a));
            s.attributions().write(run, List.of(clip));
            var back = s.attributions().read(run);
            assertThat(back.keySet()).containsExactly(-1, 3);
            assertThat(back.get(3).frames()).containsExactly(10, 11, 12);
            assertThat(back.get(3).frameDrop()).containsExactly(0.5f, Float.NaN, -0.25f);
            assertThat(back.get(3).joints()).containsExactly("nose", "left_wrist");
            assertThat(back.get(3).jointDrop()).containsExactly(0.1f, 0.9f);
            assertThat(back.get(3).label()).isEqualTo("waltz");
            assertThat(back.get(-1).joints()).isEmpty();
            assertThat(s.runs().find(run).orElseThrow().framesDone()).as("dancers attributed").isEqualTo(2);
        }
    }

    @Test
    void knowsWhichPoseRunsHaveMasks() {
        try (ResultsStore s = ResultsStore.open(dir.resolve("k.db"))) {
            long plain = s.runs().findOrCreate(spec()).id();
            s.poses().write(plain, List.of(new PoseFrames.FrameResult(0, 0, List.of(pose(1, 0)), List.of(pose(1, 0)))));
            long masked = s.runs().findOrCreate(new RunSpec("/v.mp4", 100, RunKind.POSE, "blazepose", "abc", "card", "{}", 0, 100)).id();
            org.dancelens.core.RegionMask mask = new org.dancelens.core.RegionMask(5, 5, 10, 0, 2, new float[] {1, 1, 1, 1});
            Pose p = new Pose(1, SkeletonSchema.COCO_17, pose(1, 0).keypoints(), null, 0.9f, null, mask);
            s.poses().write(masked, List.of(new PoseFrames.FrameResult(0, 0, List.of(p), List.of(p))));
            assertThat(s.poses().hasMasks(plain)).isFalse();
            assertThat(s.poses().hasMasks(masked)).isTrue();
        }
    }
}
