package org.dancelens.analysis.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.dancelens.core.DanceLensException;

/**
 * The results store of a video: one SQLite file (WAL mode, schema versioned, older files migrated when opened) that
 * the command line and the workbench share. It is read and written by aggregate over one shared run model
 * ({@link Runs}: video, kind, model, settings, status): {@link #poses()}, {@link #scores()}, {@link #maps()},
 * {@link #attributions()}, and the researcher's {@link #labels()} and {@link #ratings()}. Writes are transactions; a crash loses at most
 * the batch being written. Not thread-safe: open one per thread (SQLite itself serialises writers across processes,
 * waiting up to {@link #busyTimeoutMs()} for another writer).
 */
public final class ResultsStore implements AutoCloseable {
    static final int SCHEMA_VERSION = 10;
    /**
     * How long a write waits for another process's write to finish before giving up with a sentence: 10 s, or the
     * system property {@code dancelens.store.busyTimeoutMs} (tests of a store locked by another process use a short one).
     */
    static int busyTimeoutMs() {
        return Integer.getInteger("dancelens.store.busyTimeoutMs", 10_000);
    }

    private final Db db;
    private final Runs runs;
    private final PoseFrames poses;
    private final Scores scores;
    private final Maps maps;
    private final LabelledRanges labels;
    private final RatedRanges ratings;
    private final Attributions attributions;
    private final RunFiles files;
    private final UndecodableFrames undecodable;
    private final RunLocks locks;

    private ResultsStore(Db db) {
        this.db = db;
        this.runs = new Runs(db);
        this.poses = new PoseFrames(db);
        this.scores = new Scores(db);
        this.maps = new Maps(db);
        this.labels = new LabelledRanges(db);
        this.ratings = new RatedRanges(db);
        this.attributions = new Attributions(db);
        this.files = new RunFiles(db);
        this.undecodable = new UndecodableFrames(db);
        this.locks = new RunLocks(db);
    }

    public static ResultsStore open(Path file) {
        Connection c = null;
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (!Files.exists(file)) {
                createNew(file);
            }
            c = connect(file);
            Db db = new Db(file, c);
            migrate(db);
            return new ResultsStore(db);
        } catch (SQLException e) {
            closeQuietly(c);
            DanceLensException d = Db.failure(file, "open the store", e);
            throw d.kind() == DanceLensException.Kind.BAD_INPUT ? d
                    : DanceLensException.badInput("The results store " + file + " cannot be opened (" + plain(e) + ").", e);
        } catch (java.io.IOException e) {
            closeQuietly(c);
            throw DanceLensException.badInput("The results store " + file + " cannot be opened (" + plain(e) + ").", e);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /** An exception's message without the SQLite result code in brackets or Java type names. */
    private static String plain(Exception e) {
        String m = e.getMessage() == null ? "an input/output error" : e.getMessage();
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return m.replaceAll("\\[SQLITE_[A-Z_]+\\]\\s*", "").strip();
    }

    private static Connection connect(Path file) throws SQLException {
        java.util.Properties props = new java.util.Properties();
        // Write transactions take the write lock when they begin, so a read-then-write never fails half way when
        // another process writes the same store; they wait (busy timeout) instead.
        props.setProperty("transaction_mode", "IMMEDIATE");
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), props);
    }

    /**
     * A new store is built complete (schema, WAL mode) under a temporary name beside the target and then linked into
     * place, so a store file is never seen half made: two processes creating the same store at once (the command line
     * and the workbench) would otherwise race while SQLite switches a fresh file from its rollback journal to WAL.
     * Whoever links second finds the file there and uses it.
     */
    private static void createNew(Path file) throws SQLException, java.io.IOException {
        Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName() + ".", ".new");
        try {
            try (Connection c = connect(temp)) {
                migrate(new Db(temp, c));
            }
            try {
                Files.createLink(file, temp);
            } catch (java.nio.file.FileAlreadyExistsException someoneElseMadeIt) {
                // fine: the other one is complete too
            } catch (UnsupportedOperationException | java.nio.file.FileSystemException noHardLinks) {
                try {
                    Files.move(temp, file);
                } catch (java.nio.file.FileAlreadyExistsException someoneElseMadeIt) {
                    // fine
                }
            }
        } finally {
            Files.deleteIfExists(temp);
            Files.deleteIfExists(temp.resolveSibling(temp.getFileName() + "-wal"));
            Files.deleteIfExists(temp.resolveSibling(temp.getFileName() + "-shm"));
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // the original failure is what matters
            }
        }
    }

    /** All runs of every kind, and the newest-run queries. */
    public Runs runs() {
        return runs;
    }

    /** Poses of pose runs (and identity corrections). */
    public PoseFrames poses() {
        return poses;
    }

    /** Score series of classify runs. */
    public Scores scores() {
        return scores;
    }

    /** Class-activation maps of explain runs. */
    public Maps maps() {
        return maps;
    }

    /** The researcher's labelled ranges. */
    public LabelledRanges labels() {
        return labels;
    }

    /** People's ratings of ranges of the video. */
    public RatedRanges ratings() {
        return ratings;
    }

    /** Occlusion attributions of attribution runs. */
    public Attributions attributions() {
        return attributions;
    }

    /** The files of kinematics and music runs. */
    public RunFiles files() {
        return files;
    }

    /** Frames of each run that could not be decoded (done, as gaps). */
    public UndecodableFrames undecodable() {
        return undecodable;
    }

    /** Which job is working on which run (one at a time per run, across processes). */
    public RunLocks locks() {
        return locks;
    }

    /** SQLite's own consistency check ("ok" when the file is intact). */
    public String integrityCheck() {
        return db.read("check the store", c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
                rs.next();
                return rs.getString(1);
            }
        });
    }

    public Path file() {
        return db.file();
    }

    Db db() {
        return db;
    }

    @Override
    public void close() {
        try {
            db.connection().close();
        } catch (SQLException e) {
            throw db.failure("close", e);
        }
    }

    // ---- schema ----

    private static void migrate(Db db) throws SQLException {
        Connection c = db.connection();
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout=" + busyTimeoutMs());
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("PRAGMA synchronous=NORMAL");
            st.execute("PRAGMA foreign_keys=ON");
            st.execute("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            int version = schemaVersion(st);
            if (version > SCHEMA_VERSION) {
                throw new SQLException("it was written by a newer DanceLens (schema " + version + ")");
            }
            if (version < 1) {
                step(c, 1, s -> {
                    s.execute("""
                            CREATE TABLE runs(id INTEGER PRIMARY KEY, run_key TEXT NOT NULL UNIQUE, video_path TEXT NOT NULL,
                              video_frames INTEGER NOT NULL, kind TEXT NOT NULL, model_id TEXT NOT NULL, onnx_sha256 TEXT NOT NULL,
                              card TEXT NOT NULL, settings TEXT NOT NULL, from_frame INTEGER NOT NULL, to_frame INTEGER NOT NULL,
                              status TEXT NOT NULL, created TEXT NOT NULL, updated TEXT NOT NULL)""");
                    s.execute("""
                            CREATE TABLE frames(run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, frame INTEGER NOT NULL,
                              time_s REAL NOT NULL, PRIMARY KEY(run_id, frame)) WITHOUT ROWID""");
                    s.execute("""
                            CREATE TABLE poses(run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, frame INTEGER NOT NULL,
                              track INTEGER NOT NULL, schema TEXT NOT NULL, score REAL NOT NULL, box BLOB, raw BLOB NOT NULL,
                              smoothed BLOB NOT NULL, world BLOB, PRIMARY KEY(run_id, frame, track)) WITHOUT ROWID""");
                });
            }
            if (version < 2) {
                // Version 2: segmentation masks (BlazePose) beside the keypoints.
                step(c, 2, s -> s.execute("ALTER TABLE poses ADD COLUMN mask BLOB"));
            }
            if (version < 3) {
                // Version 3: per-frame score vectors of classifiers and scorers, and the researcher's labelled ranges.
                step(c, 3, s -> {
                    s.execute("CREATE TABLE score_labels(run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE, labels TEXT NOT NULL)");
                    s.execute("""
                            CREATE TABLE scores(run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, track INTEGER NOT NULL,
                              frame INTEGER NOT NULL, vec BLOB NOT NULL, PRIMARY KEY(run_id, track, frame)) WITHOUT ROWID""");
                    s.execute("""
                            CREATE TABLE labelled_ranges(id INTEGER PRIMARY KEY, video_path TEXT NOT NULL, start_frame INTEGER NOT NULL,
                              end_frame INTEGER NOT NULL, label TEXT NOT NULL, created TEXT NOT NULL)""");
                });
            }
            if (version < 4) {
                // Version 4: whole-run class-activation maps, one low-resolution map per frame (runs of their own).
                step(c, 4, s -> {
                    s.execute("""
                            CREATE TABLE cam_runs(id INTEGER PRIMARY KEY, run_key TEXT NOT NULL UNIQUE, video_path TEXT NOT NULL,
                              video_frames INTEGER NOT NULL, model_id TEXT NOT NULL, onnx_sha256 TEXT NOT NULL, layer TEXT NOT NULL,
                              method TEXT NOT NULL, class_choice TEXT NOT NULL, settings TEXT NOT NULL, from_frame INTEGER NOT NULL,
                              to_frame INTEGER NOT NULL, status TEXT NOT NULL, created TEXT NOT NULL, updated TEXT NOT NULL)""");
                    s.execute("""
                            CREATE TABLE cam_frames(cam_run_id INTEGER NOT NULL REFERENCES cam_runs(id) ON DELETE CASCADE, frame INTEGER NOT NULL,
                              class_index INTEGER NOT NULL, score REAL NOT NULL, h INTEGER NOT NULL, w INTEGER NOT NULL, map BLOB NOT NULL,
                              region_y0 REAL NOT NULL, region_x0 REAL NOT NULL, region_y1 REAL NOT NULL, region_x1 REAL NOT NULL,
                              PRIMARY KEY(cam_run_id, frame)) WITHOUT ROWID""");
                });
            }
            if (version < 5) {
                // Version 5: one run model for every kind — map runs move into runs (kind 'explain', layer, method and class
                // into the settings), their maps into map_frames (with all scores from now on); attributions of skeleton and clip models
                // are stored; a run's revision counts the corrections made to its results after it ran (identity swaps and merges).
                step(c, 5, s -> {
                    s.execute("""
                            CREATE TABLE map_frames(run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, frame INTEGER NOT NULL,
                              class_index INTEGER NOT NULL, score REAL NOT NULL, h INTEGER NOT NULL, w INTEGER NOT NULL, map BLOB NOT NULL,
                              region_y0 REAL NOT NULL, region_x0 REAL NOT NULL, region_y1 REAL NOT NULL, region_x1 REAL NOT NULL,
                              scores BLOB, PRIMARY KEY(run_id, frame)) WITHOUT ROWID""");
                    s.execute("""
                            CREATE TABLE attributions(run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, track INTEGER NOT NULL,
                              label_index INTEGER NOT NULL, label TEXT NOT NULL, frames BLOB NOT NULL, frame_drop BLOB NOT NULL,
                              joints TEXT NOT NULL, joint_drop BLOB NOT NULL, PRIMARY KEY(run_id, track)) WITHOUT ROWID""");
                    moveMapRuns(c);
                    s.execute("DROP TABLE cam_frames");
                    s.execute("DROP TABLE cam_runs");
                    s.execute("ALTER TABLE runs ADD COLUMN revision INTEGER NOT NULL DEFAULT 0");
                    s.execute("CREATE INDEX runs_by_video ON runs(video_path, kind, id)");
                });
            }
            if (version < 6) {
                // Version 6: frames the decoder could not give out are recorded per run (done, as gaps); a run being worked
                // on is claimed by one job at a time (a lock row with a heartbeat); a pose run keeps the state of its
                // tracker, filters and estimator at its last save, so a resumed run continues exactly as an uninterrupted one.
                step(c, 6, s -> {
                    s.execute("""
                            CREATE TABLE undecodable(run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, frame INTEGER NOT NULL,
                              PRIMARY KEY(run_id, frame)) WITHOUT ROWID""");
                    s.execute("""
                            CREATE TABLE run_locks(run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE, token TEXT NOT NULL,
                              pid INTEGER NOT NULL, host TEXT NOT NULL, started TEXT NOT NULL, heartbeat INTEGER NOT NULL, progress TEXT NOT NULL)""");
                    s.execute("""
                            CREATE TABLE checkpoints(run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE, frame INTEGER NOT NULL,
                              state BLOB NOT NULL)""");
                });
            }
            if (version < 7) {
                // Version 7: a pose run that reached the end of its range keeps its state from before the final flush and
                // the first frame the flush stored, so a longer run with the same start continues it with the same
                // identities (runs finished before have no such state and are not continued).
                step(c, 7, s -> s.execute("ALTER TABLE checkpoints ADD COLUMN flushed_from INTEGER"));
            }
            if (version < 8) {
                // Version 8: a run's provenance says which devices its models ran on (cpu, gpu:N); older runs do not say (null).
                step(c, 8, s -> s.execute("ALTER TABLE runs ADD COLUMN devices TEXT"));
            }
            if (version < 9) {
                // Version 9: kinematics and music runs keep the files their commands write (CSV and JSON), by name.
                step(c, 9, s -> s.execute("""
                        CREATE TABLE run_files(run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, name TEXT NOT NULL,
                          content BLOB NOT NULL, PRIMARY KEY(run_id, name))"""));
            }
            if (version < 10) {
                // Version 10: people's ratings of ranges (a number per rater and criterion), one per rater, range and criterion.
                step(c, 10, s -> {
                    s.execute("""
                            CREATE TABLE rated_ranges(id INTEGER PRIMARY KEY, video_path TEXT NOT NULL, start_frame INTEGER NOT NULL,
                              end_frame INTEGER NOT NULL, start_s REAL NOT NULL, end_s REAL NOT NULL, rater TEXT NOT NULL, criterion TEXT NOT NULL,
                              value REAL NOT NULL, created TEXT NOT NULL)""");
                    s.execute("CREATE UNIQUE INDEX rated_ranges_once ON rated_ranges(video_path, start_frame, end_frame, rater, criterion)");
                });
            }
        }
    }

    private static int schemaVersion(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT value FROM meta WHERE key='schema_version'")) {
            return rs.next() ? Integer.parseInt(rs.getString(1)) : 0;
        }
    }

    /** Work of one schema step. */
    @FunctionalInterface
    private interface Step {
        void run(Statement s) throws SQLException;
    }

    /**
     * One schema step in one write transaction, ending with the new version number. The version is read again inside the
     * transaction: when another process opened the same new store a moment earlier and already took this step, it is skipped.
     */
    private static void step(Connection c, int version, Step work) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            if (schemaVersion(s) < version) {
                work.run(s);
                s.execute("INSERT OR REPLACE INTO meta(key, value) VALUES('schema_version', '" + version + "')");
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** Schema 4 to 5: each map run becomes an explain run with the same maps. */
    private static void moveMapRuns(Connection c) throws SQLException {
        record Old(long id, String video, int frames, String model, String sha, String layer, String method, String cls, String settings, int from,
                   int to, String status, String created, String updated) {
        }
        List<Old> old = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT id, video_path, video_frames, model_id, onnx_sha256, layer, method, class_choice, settings, from_frame, to_frame, status,
                  created, updated FROM cam_runs ORDER BY id""")) {
            while (rs.next()) {
                old.add(new Old(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                        rs.getString(8), rs.getString(9), rs.getInt(10), rs.getInt(11), rs.getString(12), rs.getString(13), rs.getString(14)));
            }
        }
        for (Old o : old) {
            ExplainSettings before = ExplainSettings.parse(o.settings(), "map run " + o.id());
            ExplainSettings es = new ExplainSettings(o.layer(), o.method(), o.cls(), 1, List.of(), before.inputHeight(), before.inputWidth(),
                    before.frameWidth(), before.frameHeight(), before.labels());
            RunSpec spec = new RunSpec(o.video(), o.frames(), RunKind.EXPLAIN, o.model(), o.sha(), "", es.toJson(), o.from(), o.to());
            long id = Runs.insert(c, spec, RunStatus.of(o.status()), o.created(), o.updated());
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO map_frames(run_id, frame, class_index, score, h, w, map, region_y0, region_x0, region_y1, region_x1)
                    SELECT ?, frame, class_index, score, h, w, map, region_y0, region_x0, region_y1, region_x1 FROM cam_frames WHERE cam_run_id = ?""")) {
                ps.setLong(1, id);
                ps.setLong(2, o.id());
                ps.executeUpdate();
            }
        }
    }
}
