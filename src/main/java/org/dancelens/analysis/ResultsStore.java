package org.dancelens.analysis;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;
import org.dancelens.core.ScoreSeries;
import org.dancelens.core.SkeletonSchema;

/**
 * The results store: one SQLite file (WAL mode, schema versioned) holding analysis runs with full provenance
 * (model id, ONNX sha256, card, settings) and, per run, frame and track, the raw and smoothed keypoints as
 * little-endian float blobs (and a 64 x 64 segmentation mask where the model gives one); and class-activation-map runs
 * (model, layer, method, class choice) with each frame's low-resolution map. Frames are written in transactions; a
 * frame row marks a frame as done, so an interrupted run resumes where it stopped. Not thread-safe: one writer thread.
 */
public final class ResultsStore implements AutoCloseable {
    static final int SCHEMA_VERSION = 4;

    /** What identifies a run: re-running with the same spec continues (or reuses) it. */
    public record RunSpec(String videoPath, int videoFrames, String kind, String modelId, String onnxSha256, String card,
                          String settings, int fromFrame, int toFrame) {
        String key() {
            try {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                md.update(String.join("\u0000", videoPath, String.valueOf(videoFrames), kind, modelId, onnxSha256, settings,
                        String.valueOf(fromFrame), String.valueOf(toFrame)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(md.digest());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A stored run. */
    public record Run(long id, RunSpec spec, String status, int framesDone) {
    }

    /** One finished frame: its poses, raw and smoothed (same tracks, same order). */
    public record FrameResult(int frame, double timeSeconds, List<Pose> raw, List<Pose> smoothed) {
    }

    private final Path file;
    private final Connection db;

    private ResultsStore(Path file, Connection db) {
        this.file = file;
        this.db = db;
    }

    public static ResultsStore open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            ResultsStore s = new ResultsStore(file, c);
            s.migrate();
            return s;
        } catch (SQLException | java.io.IOException e) {
            throw DanceLensException.badInput("The results store " + file + " cannot be opened: " + e.getMessage() + ".", e);
        }
    }

    private void migrate() throws SQLException {
        try (Statement st = db.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("PRAGMA synchronous=NORMAL");
            st.execute("PRAGMA foreign_keys=ON");
            st.execute("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            int version = 0;
            try (ResultSet rs = st.executeQuery("SELECT value FROM meta WHERE key='schema_version'")) {
                if (rs.next()) {
                    version = Integer.parseInt(rs.getString(1));
                }
            }
            if (version > SCHEMA_VERSION) {
                throw new SQLException("it was written by a newer DanceLens (schema " + version + ")");
            }
            if (version < 1) {
                db.setAutoCommit(false);
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
                          smoothed BLOB NOT NULL, world BLOB, PRIMARY KEY(run_id, frame, track)) WITHOUT ROWID""");
                st.execute("INSERT OR REPLACE INTO meta(key, value) VALUES('schema_version', '1')");
                db.commit();
                db.setAutoCommit(true);
                version = 1;
            }
            if (version < 2) {
                // Version 2: segmentation masks (BlazePose) beside the keypoints.
                db.setAutoCommit(false);
                st.execute("ALTER TABLE poses ADD COLUMN mask BLOB");
                st.execute("INSERT OR REPLACE INTO meta(key, value) VALUES('schema_version', '2')");
                db.commit();
                db.setAutoCommit(true);
            }
            if (version < 3) {
                // Version 3: per-frame score vectors of classifiers and scorers, and the researcher's labelled ranges.
                db.setAutoCommit(false);
                st.execute("CREATE TABLE score_labels(run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE, labels TEXT NOT NULL)");
                st.execute("""
                        CREATE TABLE scores(run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, track INTEGER NOT NULL,
                          frame INTEGER NOT NULL, vec BLOB NOT NULL, PRIMARY KEY(run_id, track, frame)) WITHOUT ROWID""");
                st.execute("""
                        CREATE TABLE labelled_ranges(id INTEGER PRIMARY KEY, video_path TEXT NOT NULL, start_frame INTEGER NOT NULL,
                          end_frame INTEGER NOT NULL, label TEXT NOT NULL, created TEXT NOT NULL)""");
                st.execute("INSERT OR REPLACE INTO meta(key, value) VALUES('schema_version', '3')");
                db.commit();
                db.setAutoCommit(true);
            }
            if (version < 4) {
                // Version 4: whole-run class-activation maps, one low-resolution map per frame.
                db.setAutoCommit(false);
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
                st.execute("INSERT OR REPLACE INTO meta(key, value) VALUES('schema_version', '4')");
                db.commit();
                db.setAutoCommit(true);
            }
        }
    }

    /** The run for this spec, created when there is none. */
    public Run findOrCreateRun(RunSpec spec) {
        try {
            Run r = runByKey(spec.key());
            if (r != null) {
                return r;
            }
            String now = Instant.now().toString();
            try (PreparedStatement ps = db.prepareStatement("""
                    INSERT INTO runs(run_key, video_path, video_frames, kind, model_id, onnx_sha256, card, settings, from_frame,
                      to_frame, status, created, updated) VALUES(?,?,?,?,?,?,?,?,?,?,'running',?,?)""")) {
                ps.setString(1, spec.key());
                ps.setString(2, spec.videoPath());
                ps.setInt(3, spec.videoFrames());
                ps.setString(4, spec.kind());
                ps.setString(5, spec.modelId());
                ps.setString(6, spec.onnxSha256());
                ps.setString(7, spec.card());
                ps.setString(8, spec.settings());
                ps.setInt(9, spec.fromFrame());
                ps.setInt(10, spec.toFrame());
                ps.setString(11, now);
                ps.setString(12, now);
                ps.executeUpdate();
            }
            return runByKey(spec.key());
        } catch (SQLException e) {
            throw failure("record the run", e);
        }
    }

    private Run runByKey(String key) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("""
                SELECT id, video_path, video_frames, kind, model_id, onnx_sha256, card, settings, from_frame, to_frame, status,
                  (SELECT COUNT(*) FROM frames f WHERE f.run_id = runs.id) FROM runs WHERE run_key = ?""")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new Run(rs.getLong(1), new RunSpec(rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8), rs.getInt(9), rs.getInt(10)), rs.getString(11), rs.getInt(12));
            }
        }
    }

    /** All runs, newest first. */
    public List<Run> runs() {
        List<Run> out = new ArrayList<>();
        try (Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT run_key FROM runs ORDER BY id DESC")) {
            List<String> keys = new ArrayList<>();
            while (rs.next()) {
                keys.add(rs.getString(1));
            }
            for (String k : keys) {
                out.add(runByKey(k));
            }
            return out;
        } catch (SQLException e) {
            throw failure("list the runs", e);
        }
    }

    /** The first frame at or after {@code from} that is not done yet ({@code to} when all are). */
    public int firstMissingFrame(long runId, int from, int to) {
        try (PreparedStatement ps = db.prepareStatement("SELECT frame FROM frames WHERE run_id = ? AND frame >= ? AND frame < ? ORDER BY frame")) {
            ps.setLong(1, runId);
            ps.setInt(2, from);
            ps.setInt(3, to);
            int expect = from;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next() && rs.getInt(1) == expect) {
                    expect++;
                }
            }
            return expect;
        } catch (SQLException e) {
            throw failure("read the finished frames", e);
        }
    }

    /** Writes finished frames in one transaction. */
    public void write(long runId, List<FrameResult> frames) {
        if (frames.isEmpty()) {
            return;
        }
        try {
            db.setAutoCommit(false);
            try (PreparedStatement fp = db.prepareStatement("INSERT OR REPLACE INTO frames(run_id, frame, time_s) VALUES(?,?,?)");
                 PreparedStatement pp = db.prepareStatement("""
                         INSERT OR REPLACE INTO poses(run_id, frame, track, schema, score, box, raw, smoothed, world, mask)
                         VALUES(?,?,?,?,?,?,?,?,?,?)""");
                 PreparedStatement up = db.prepareStatement("UPDATE runs SET updated = ? WHERE id = ?")) {
                for (FrameResult f : frames) {
                    fp.setLong(1, runId);
                    fp.setInt(2, f.frame());
                    fp.setDouble(3, f.timeSeconds());
                    fp.addBatch();
                    for (int k = 0; k < f.raw().size(); k++) {
                        Pose raw = f.raw().get(k);
                        Pose sm = f.smoothed().get(k);
                        pp.setLong(1, runId);
                        pp.setInt(2, f.frame());
                        pp.setInt(3, raw.trackId());
                        pp.setString(4, raw.schema().id());
                        pp.setFloat(5, raw.score());
                        pp.setBytes(6, raw.box() == null ? null : floats(raw.box()));
                        pp.setBytes(7, keypoints(raw));
                        pp.setBytes(8, keypoints(sm));
                        pp.setBytes(9, raw.world() == null ? null : world(raw.world()));
                        pp.setBytes(10, raw.mask() == null ? null : mask(raw.mask()));
                        pp.addBatch();
                    }
                }
                fp.executeBatch();
                pp.executeBatch();
                up.setString(1, Instant.now().toString());
                up.setLong(2, runId);
                up.executeUpdate();
            }
            db.commit();
        } catch (SQLException e) {
            try {
                db.rollback();
            } catch (SQLException ignored) {
                // the original error is what matters
            }
            throw failure("save " + frames.size() + " frames", e);
        } finally {
            try {
                db.setAutoCommit(true);
            } catch (SQLException ignored) {
                // connection state only
            }
        }
    }

    /** Replaces the smoothed keypoints of stored poses (offline smoothing after a run), in one transaction. */
    public void updateSmoothed(long runId, Map<Integer, List<Pose>> smoothed) {
        try {
            db.setAutoCommit(false);
            try (PreparedStatement ps = db.prepareStatement("UPDATE poses SET smoothed = ? WHERE run_id = ? AND frame = ? AND track = ?")) {
                for (Map.Entry<Integer, List<Pose>> e : smoothed.entrySet()) {
                    for (Pose p : e.getValue()) {
                        ps.setBytes(1, keypoints(p));
                        ps.setLong(2, runId);
                        ps.setInt(3, e.getKey());
                        ps.setInt(4, p.trackId());
                        ps.addBatch();
                    }
                }
                ps.executeBatch();
            }
            db.commit();
        } catch (SQLException e) {
            throw failure("save smoothed keypoints", e);
        } finally {
            try {
                db.setAutoCommit(true);
            } catch (SQLException ignored) {
                // connection state only
            }
        }
    }

    public void setStatus(long runId, String status) {
        try (PreparedStatement ps = db.prepareStatement("UPDATE runs SET status = ?, updated = ? WHERE id = ?")) {
            ps.setString(1, status);
            ps.setString(2, Instant.now().toString());
            ps.setLong(3, runId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("update the run", e);
        }
    }

    /** Poses of frames {@code [from, to)} keyed by frame; {@code smoothed} picks which keypoints. */
    public Map<Integer, List<Pose>> poses(long runId, int from, int to, boolean smoothed) {
        Map<Integer, List<Pose>> out = new TreeMap<>();
        try (PreparedStatement ps = db.prepareStatement(
                "SELECT frame, track, schema, score, box, raw, smoothed, world, mask FROM poses WHERE run_id = ? AND frame >= ? AND frame < ? ORDER BY frame, track")) {
            ps.setLong(1, runId);
            ps.setInt(2, from);
            ps.setInt(3, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    SkeletonSchema schema = SkeletonSchema.byId(rs.getString(3));
                    byte[] box = rs.getBytes(5);
                    byte[] world = rs.getBytes(8);
                    byte[] mask = rs.getBytes(9);
                    Pose p = new Pose(rs.getInt(2), schema, keypoints(rs.getBytes(smoothed ? 7 : 6)), box == null ? null : floats(box),
                            rs.getFloat(4), world == null ? null : world(world), mask == null ? null : mask(mask));
                    out.computeIfAbsent(rs.getInt(1), k -> new ArrayList<>()).add(p);
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("read poses", e);
        }
    }

    /** Replaces the stored scores of a run with these series (one transaction). */
    public void writeScores(long runId, List<ScoreSeries> series) {
        try {
            db.setAutoCommit(false);
            try (PreparedStatement del = db.prepareStatement("DELETE FROM scores WHERE run_id = ?");
                 PreparedStatement lab = db.prepareStatement("INSERT OR REPLACE INTO score_labels(run_id, labels) VALUES(?, ?)");
                 PreparedStatement ins = db.prepareStatement("INSERT INTO scores(run_id, track, frame, vec) VALUES(?,?,?,?)")) {
                del.setLong(1, runId);
                del.executeUpdate();
                if (!series.isEmpty()) {
                    lab.setLong(1, runId);
                    lab.setString(2, String.join("\n", series.get(0).labels()));
                    lab.executeUpdate();
                }
                for (ScoreSeries s : series) {
                    for (int i = 0; i < s.size(); i++) {
                        ins.setLong(1, runId);
                        ins.setInt(2, s.track());
                        ins.setInt(3, s.frames()[i]);
                        ins.setBytes(4, floats(s.scores()[i]));
                        ins.addBatch();
                    }
                }
                ins.executeBatch();
            }
            db.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("save scores", e);
        } finally {
            autoCommitQuietly();
        }
    }

    /** The stored scores of a run, one series per track (track -1: whole frames). */
    public List<ScoreSeries> scores(long runId) {
        List<ScoreSeries> out = new ArrayList<>();
        try (PreparedStatement lab = db.prepareStatement("SELECT labels FROM score_labels WHERE run_id = ?");
             PreparedStatement ps = db.prepareStatement("SELECT track, frame, vec FROM scores WHERE run_id = ? ORDER BY track, frame")) {
            lab.setLong(1, runId);
            List<String> labels;
            try (ResultSet rs = lab.executeQuery()) {
                if (!rs.next()) {
                    return out;
                }
                labels = List.of(rs.getString(1).split("\n", -1));
            }
            ps.setLong(1, runId);
            Integer track = null;
            List<Integer> frames = new ArrayList<>();
            List<float[]> vecs = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (track != null && track != rs.getInt(1)) {
                        out.add(new ScoreSeries(track, labels, frames.stream().mapToInt(Integer::intValue).toArray(), vecs.toArray(new float[0][])));
                        frames.clear();
                        vecs.clear();
                    }
                    track = rs.getInt(1);
                    frames.add(rs.getInt(2));
                    vecs.add(floats(rs.getBytes(3)));
                }
            }
            if (track != null) {
                out.add(new ScoreSeries(track, labels, frames.stream().mapToInt(Integer::intValue).toArray(), vecs.toArray(new float[0][])));
            }
            return out;
        } catch (SQLException e) {
            throw failure("read scores", e);
        }
    }

    /** A time range of a video that the researcher labelled with a style (frames inclusive). */
    public record LabelledRange(long id, String videoPath, int startFrame, int endFrame, String label) {
    }

    /** Stores a labelled range and returns its id. */
    public long addLabelledRange(String videoPath, int startFrame, int endFrame, String label) {
        if (label == null || label.isBlank()) {
            throw DanceLensException.badInput("A labelled range needs a label.");
        }
        if (startFrame < 0 || endFrame < startFrame) {
            throw DanceLensException.badInput("The range " + startFrame + "–" + endFrame + " is empty; its end must not come before its start.");
        }
        try (PreparedStatement ps = db.prepareStatement(
                "INSERT INTO labelled_ranges(video_path, start_frame, end_frame, label, created) VALUES(?,?,?,?,?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, videoPath);
            ps.setInt(2, startFrame);
            ps.setInt(3, endFrame);
            ps.setString(4, label.strip());
            ps.setString(5, Instant.now().toString());
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw failure("save the labelled range", e);
        }
    }

    /** The labelled ranges of a video (all videos when null), by start frame. */
    public List<LabelledRange> labelledRanges(String videoPath) {
        List<LabelledRange> out = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement(videoPath == null
                ? "SELECT id, video_path, start_frame, end_frame, label FROM labelled_ranges ORDER BY video_path, start_frame, id"
                : "SELECT id, video_path, start_frame, end_frame, label FROM labelled_ranges WHERE video_path = ? ORDER BY start_frame, id")) {
            if (videoPath != null) {
                ps.setString(1, videoPath);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new LabelledRange(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getString(5)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("read the labelled ranges", e);
        }
    }

    /** Removes a labelled range; false when there was none with that id. */
    public boolean removeLabelledRange(long id) {
        try (PreparedStatement ps = db.prepareStatement("DELETE FROM labelled_ranges WHERE id = ?")) {
            ps.setLong(1, id);
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw failure("remove the labelled range", e);
        }
    }

    /** Frame times of the finished frames of a run. */
    public Map<Integer, Double> frameTimes(long runId) {
        Map<Integer, Double> out = new TreeMap<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT frame, time_s FROM frames WHERE run_id = ? ORDER BY frame")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getInt(1), rs.getDouble(2));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("read frames", e);
        }
    }

    /** Identity correction: tracks a and b trade places from {@code fromFrame} on. */
    public void swapTracks(long runId, int a, int b, int fromFrame) {
        rewriteTracks(runId, fromFrame, "CASE track WHEN ? THEN ? WHEN ? THEN ? END", new int[] {a, b, b, a}, a, b);
    }

    /** Identity correction: track {@code from} becomes track {@code into} from {@code fromFrame} on. */
    public void mergeTracks(long runId, int from, int into, int fromFrame) {
        try {
            db.setAutoCommit(false);
            try (PreparedStatement clash = db.prepareStatement(
                    "SELECT COUNT(*) FROM poses p WHERE run_id = ? AND track = ? AND frame >= ? AND EXISTS "
                            + "(SELECT 1 FROM poses q WHERE q.run_id = p.run_id AND q.frame = p.frame AND q.track = ?)")) {
                clash.setLong(1, runId);
                clash.setInt(2, from);
                clash.setInt(3, fromFrame);
                clash.setInt(4, into);
                try (ResultSet rs = clash.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        db.rollback();
                        throw DanceLensException.badInput("Tracks " + from + " and " + into + " are both present in " + rs.getInt(1)
                                + " frames from frame " + fromFrame + " on, so they cannot be merged (swap them instead).");
                    }
                }
            }
            try (PreparedStatement ps = db.prepareStatement("UPDATE poses SET track = ? WHERE run_id = ? AND track = ? AND frame >= ?")) {
                ps.setInt(1, into);
                ps.setLong(2, runId);
                ps.setInt(3, from);
                ps.setInt(4, fromFrame);
                ps.executeUpdate();
            }
            db.commit();
        } catch (SQLException e) {
            throw failure("merge tracks", e);
        } finally {
            try {
                db.setAutoCommit(true);
            } catch (SQLException ignored) {
                // connection state only
            }
        }
    }

    private void rewriteTracks(long runId, int fromFrame, String caseExpr, int[] caseArgs, int a, int b) {
        try {
            db.setAutoCommit(false);
            // Primary keys include the track: move through a temporary negative id to avoid collisions.
            try (PreparedStatement ps = db.prepareStatement("UPDATE poses SET track = -1 - track WHERE run_id = ? AND frame >= ? AND track IN (?, ?)")) {
                ps.setLong(1, runId);
                ps.setInt(2, fromFrame);
                ps.setInt(3, a);
                ps.setInt(4, b);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = db.prepareStatement("UPDATE poses SET track = " + caseExpr.replace("track", "(-1 - track)")
                    + " WHERE run_id = ? AND frame >= ? AND track IN (?, ?)")) {
                for (int k = 0; k < caseArgs.length; k++) {
                    ps.setInt(k + 1, caseArgs[k]);
                }
                ps.setLong(caseArgs.length + 1, runId);
                ps.setInt(caseArgs.length + 2, fromFrame);
                ps.setInt(caseArgs.length + 3, -1 - a);
                ps.setInt(caseArgs.length + 4, -1 - b);
                ps.executeUpdate();
            }
            db.commit();
        } catch (SQLException e) {
            throw failure("swap tracks", e);
        } finally {
            try {
                db.setAutoCommit(true);
            } catch (SQLException ignored) {
                // connection state only
            }
        }
    }

    /** What identifies a class-activation-map run: running again with the same spec continues (or reuses) it. */
    public record CamRunSpec(String videoPath, int videoFrames, String modelId, String onnxSha256, String layer, String method,
                             String classChoice, String settings, int fromFrame, int toFrame) {
        String key() {
            try {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                md.update(String.join("\u0000", "cam", videoPath, String.valueOf(videoFrames), modelId, onnxSha256, layer, method, classChoice,
                        settings, String.valueOf(fromFrame), String.valueOf(toFrame)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(md.digest());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A stored class-activation-map run. */
    public record CamRun(long id, CamRunSpec spec, String status, int framesDone, String created) {
    }

    /**
     * One frame's stored map: the class explained and its score, the low-resolution map ({@code height x width},
     * row-major, 0..1) and the region of the frame it covers (normalised {y0, x0, y1, x1}).
     */
    public record CamFrame(int frame, int classIndex, float score, int height, int width, float[] map, double[] region) {
        public CamFrame {
            if (map.length != height * width) {
                throw new IllegalArgumentException("a " + height + "x" + width + " map needs " + height * width + " values");
            }
        }
    }

    /** The map run for this spec, created when there is none. */
    public CamRun findOrCreateCamRun(CamRunSpec spec) {
        try {
            CamRun r = camRunWhere("run_key = ?", spec.key());
            if (r != null) {
                return r;
            }
            String now = Instant.now().toString();
            try (PreparedStatement ps = db.prepareStatement("""
                    INSERT INTO cam_runs(run_key, video_path, video_frames, model_id, onnx_sha256, layer, method, class_choice, settings,
                      from_frame, to_frame, status, created, updated) VALUES(?,?,?,?,?,?,?,?,?,?,?,'running',?,?)""")) {
                ps.setString(1, spec.key());
                ps.setString(2, spec.videoPath());
                ps.setInt(3, spec.videoFrames());
                ps.setString(4, spec.modelId());
                ps.setString(5, spec.onnxSha256());
                ps.setString(6, spec.layer());
                ps.setString(7, spec.method());
                ps.setString(8, spec.classChoice());
                ps.setString(9, spec.settings());
                ps.setInt(10, spec.fromFrame());
                ps.setInt(11, spec.toFrame());
                ps.setString(12, now);
                ps.setString(13, now);
                ps.executeUpdate();
            }
            return camRunWhere("run_key = ?", spec.key());
        } catch (SQLException e) {
            throw failure("record the map run", e);
        }
    }

    /** The map run with this id, or null. */
    public CamRun camRun(long id) {
        try {
            return camRunWhere("id = ?", id);
        } catch (SQLException e) {
            throw failure("read the map run", e);
        }
    }

    private CamRun camRunWhere(String where, Object arg) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("""
                SELECT id, video_path, video_frames, model_id, onnx_sha256, layer, method, class_choice, settings, from_frame, to_frame,
                  status, created, (SELECT COUNT(*) FROM cam_frames f WHERE f.cam_run_id = cam_runs.id) FROM cam_runs WHERE\s""" + where)) {
            ps.setObject(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? camRun(rs) : null;
            }
        }
    }

    private static CamRun camRun(ResultSet rs) throws SQLException {
        return new CamRun(rs.getLong(1), new CamRunSpec(rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7), rs.getString(8), rs.getString(9), rs.getInt(10), rs.getInt(11)), rs.getString(12), rs.getInt(14), rs.getString(13));
    }

    /** The map runs of a video (all videos when null), newest first. */
    public List<CamRun> camRuns(String videoPath) {
        List<CamRun> out = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement("""
                SELECT id, video_path, video_frames, model_id, onnx_sha256, layer, method, class_choice, settings, from_frame, to_frame,
                  status, created, (SELECT COUNT(*) FROM cam_frames f WHERE f.cam_run_id = cam_runs.id) FROM cam_runs
                  WHERE ? IS NULL OR video_path = ? ORDER BY id DESC""")) {
            ps.setString(1, videoPath);
            ps.setString(2, videoPath);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(camRun(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("list the map runs", e);
        }
    }

    /** The frames of {@code [from, to)} whose maps are stored, in order. */
    public java.util.BitSet camFramesDone(long camRunId, int from, int to) {
        java.util.BitSet done = new java.util.BitSet();
        try (PreparedStatement ps = db.prepareStatement("SELECT frame FROM cam_frames WHERE cam_run_id = ? AND frame >= ? AND frame < ?")) {
            ps.setLong(1, camRunId);
            ps.setInt(2, from);
            ps.setInt(3, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    done.set(rs.getInt(1));
                }
            }
            return done;
        } catch (SQLException e) {
            throw failure("read the finished maps", e);
        }
    }

    /** Writes finished maps in one transaction. */
    public void writeCamFrames(long camRunId, List<CamFrame> frames) {
        if (frames.isEmpty()) {
            return;
        }
        try {
            db.setAutoCommit(false);
            try (PreparedStatement ps = db.prepareStatement("""
                    INSERT OR REPLACE INTO cam_frames(cam_run_id, frame, class_index, score, h, w, map, region_y0, region_x0, region_y1,
                      region_x1) VALUES(?,?,?,?,?,?,?,?,?,?,?)""");
                 PreparedStatement up = db.prepareStatement("UPDATE cam_runs SET updated = ? WHERE id = ?")) {
                for (CamFrame f : frames) {
                    ps.setLong(1, camRunId);
                    ps.setInt(2, f.frame());
                    ps.setInt(3, f.classIndex());
                    ps.setFloat(4, f.score());
                    ps.setInt(5, f.height());
                    ps.setInt(6, f.width());
                    ps.setBytes(7, floats(f.map()));
                    for (int k = 0; k < 4; k++) {
                        ps.setDouble(8 + k, f.region()[k]);
                    }
                    ps.addBatch();
                }
                ps.executeBatch();
                up.setString(1, Instant.now().toString());
                up.setLong(2, camRunId);
                up.executeUpdate();
            }
            db.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("save " + frames.size() + " maps", e);
        } finally {
            autoCommitQuietly();
        }
    }

    /** The stored maps of frames {@code [from, to)}, by frame. */
    public Map<Integer, CamFrame> camFrames(long camRunId, int from, int to) {
        Map<Integer, CamFrame> out = new TreeMap<>();
        try (PreparedStatement ps = db.prepareStatement("""
                SELECT frame, class_index, score, h, w, map, region_y0, region_x0, region_y1, region_x1 FROM cam_frames
                  WHERE cam_run_id = ? AND frame >= ? AND frame < ? ORDER BY frame""")) {
            ps.setLong(1, camRunId);
            ps.setInt(2, from);
            ps.setInt(3, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getInt(1), new CamFrame(rs.getInt(1), rs.getInt(2), rs.getFloat(3), rs.getInt(4), rs.getInt(5), floats(rs.getBytes(6)),
                            new double[] {rs.getDouble(7), rs.getDouble(8), rs.getDouble(9), rs.getDouble(10)}));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("read maps", e);
        }
    }

    public void setCamStatus(long camRunId, String status) {
        try (PreparedStatement ps = db.prepareStatement("UPDATE cam_runs SET status = ?, updated = ? WHERE id = ?")) {
            ps.setString(1, status);
            ps.setString(2, Instant.now().toString());
            ps.setLong(3, camRunId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("update the map run", e);
        }
    }

    /** True when the pose run stored a segmentation mask for at least one dancer. */
    public boolean hasMasks(long runId) {
        try (PreparedStatement ps = db.prepareStatement("SELECT 1 FROM poses WHERE run_id = ? AND mask IS NOT NULL LIMIT 1")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw failure("read masks", e);
        }
    }

    /** SQLite's own consistency check ("ok" when the file is intact). */
    public String integrityCheck() {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw failure("check the store", e);
        }
    }

    private DanceLensException failure(String what, SQLException e) {
        String msg = e.getMessage() == null ? "" : e.getMessage();
        if (msg.contains("SQLITE_FULL") || msg.toLowerCase(java.util.Locale.ROOT).contains("disk is full")) {
            return DanceLensException.badInput("The disk holding " + file.getFileName() + " is full; the results up to the last save are kept.", e);
        }
        return DanceLensException.internal("Could not " + what + " in the results store " + file.getFileName() + ": " + msg, e);
    }

    private void rollbackQuietly() {
        try {
            db.rollback();
        } catch (SQLException ignored) {
            // the original error is what matters
        }
    }

    private void autoCommitQuietly() {
        try {
            db.setAutoCommit(true);
        } catch (SQLException ignored) {
            // connection state only
        }
    }

    static byte[] floats(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    static float[] floats(byte[] bytes) {
        float[] v = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }

    private static byte[] keypoints(Pose p) {
        float[] v = new float[p.keypoints().size() * 3];
        for (int k = 0; k < p.keypoints().size(); k++) {
            Keypoint kp = p.keypoints().get(k);
            v[3 * k] = kp.x();
            v[3 * k + 1] = kp.y();
            v[3 * k + 2] = kp.score();
        }
        return floats(v);
    }

    private static List<Keypoint> keypoints(byte[] bytes) {
        float[] v = floats(bytes);
        List<Keypoint> out = new ArrayList<>(v.length / 3);
        for (int k = 0; k < v.length / 3; k++) {
            out.add(new Keypoint(v[3 * k], v[3 * k + 1], v[3 * k + 2]));
        }
        return out;
    }

    private static byte[] world(float[][] w) {
        float[] v = new float[w.length * 3];
        for (int k = 0; k < w.length; k++) {
            System.arraycopy(w[k], 0, v, 3 * k, 3);
        }
        return floats(v);
    }

    private static float[][] world(byte[] bytes) {
        float[] v = floats(bytes);
        float[][] w = new float[v.length / 3][3];
        for (int k = 0; k < w.length; k++) {
            System.arraycopy(v, 3 * k, w[k], 0, 3);
        }
        return w;
    }

    /** Mask blob: centre x, centre y, side, angle, size as float32, then size x size probabilities as uint8 (x 255). */
    private static byte[] mask(org.dancelens.core.RegionMask m) {
        ByteBuffer b = ByteBuffer.allocate(20 + m.values().length).order(ByteOrder.LITTLE_ENDIAN);
        b.putFloat(m.cx()).putFloat(m.cy()).putFloat(m.side()).putFloat(m.angle()).putFloat(m.size());
        for (float v : m.values()) {
            b.put((byte) Math.round(Math.max(0, Math.min(1, v)) * 255));
        }
        return b.array();
    }

    private static org.dancelens.core.RegionMask mask(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float cx = b.getFloat();
        float cy = b.getFloat();
        float side = b.getFloat();
        float angle = b.getFloat();
        int size = (int) b.getFloat();
        float[] v = new float[size * size];
        for (int k = 0; k < v.length; k++) {
            v[k] = (b.get() & 0xff) / 255f;
        }
        return new org.dancelens.core.RegionMask(cx, cy, side, angle, size, v);
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw failure("close", e);
        }
    }
}
