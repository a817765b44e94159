package org.dancelens.analysis.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The runs of a store, every kind alike: recorded by their {@link RunSpec}, listed newest first, and the one query
 * the whole application asks — the newest finished (or the newest with any results) run of a kind for a video.
 */
public final class Runs {
    /** Frames (or dancers) with results, per kind of run. */
    private static final String FRAMES_DONE = """
            CASE kind WHEN 'pose' THEN (SELECT COUNT(*) FROM frames f WHERE f.run_id = runs.id)
                      WHEN 'explain' THEN (SELECT COUNT(*) FROM map_frames m WHERE m.run_id = runs.id)
                      WHEN 'classify' THEN (SELECT COUNT(DISTINCT frame) FROM scores s WHERE s.run_id = runs.id)
                      WHEN 'kinematics' THEN (SELECT COUNT(*) FROM run_files x WHERE x.run_id = runs.id)
                      WHEN 'music' THEN (SELECT COUNT(*) FROM run_files x WHERE x.run_id = runs.id)
                      ELSE (SELECT COUNT(*) FROM attributions a WHERE a.run_id = runs.id) END""";
    private static final String SELECT = "SELECT id, video_path, video_frames, kind, model_id, onnx_sha256, card, settings, from_frame, to_frame,"
            + " status, created, updated, revision, " + FRAMES_DONE + " AS frames_done,"
            + " (SELECT COUNT(*) FROM undecodable u WHERE u.run_id = runs.id) AS undecodable, devices FROM runs";

    private final Db db;

    Runs(Db db) {
        this.db = db;
    }

    /** The run for this spec, recorded (status running) when there is none. */
    public Run findOrCreate(RunSpec spec) {
        return db.write("record the run", c -> {
            Optional<Run> r = one(c, SELECT + " WHERE run_key = ?", spec.key());
            if (r.isPresent()) {
                return r.get();
            }
            String now = Instant.now().toString();
            long id = insert(c, spec, RunStatus.RUNNING, now, now);
            return one(c, SELECT + " WHERE id = ?", id).orElseThrow();
        });
    }

    /** The run with this id, if the store has it. */
    public Optional<Run> find(long id) {
        return db.read("read run " + id, c -> one(c, SELECT + " WHERE id = ?", id));
    }

    /** The run with this spec, if it was ever recorded. */
    public Optional<Run> find(RunSpec spec) {
        return db.read("read the run", c -> one(c, SELECT + " WHERE run_key = ?", spec.key()));
    }

    /** Every run of the store, newest first. */
    public List<Run> all() {
        return db.read("list the runs", c -> many(c, SELECT + " ORDER BY id DESC"));
    }

    /** The runs of one kind for a video (absolute path as recorded), newest first. */
    public List<Run> list(String videoPath, RunKind kind) {
        return db.read("list the runs", c -> many(c, SELECT + " WHERE video_path = ? AND kind = ? ORDER BY id DESC", videoPath, kind.key()));
    }

    /** The newest run of the kind for the video whose every frame is stored (status complete). */
    public Optional<Run> newestFinished(String videoPath, RunKind kind) {
        return newest(videoPath, kind, true);
    }

    /**
     * The newest run of the kind for the video that holds any result — finished, or stopped part way (a cancelled run
     * keeps what it did).
     */
    public Optional<Run> newestWithResults(String videoPath, RunKind kind) {
        return newest(videoPath, kind, false);
    }

    private Optional<Run> newest(String videoPath, RunKind kind, boolean finishedOnly) {
        return db.read("find the newest run", c -> one(c, "SELECT * FROM (" + SELECT + " WHERE video_path = ? AND kind = ?"
                + (finishedOnly ? " AND status = 'complete'" : "") + ") WHERE " + (finishedOnly ? "1" : "frames_done > 0") + " ORDER BY id DESC LIMIT 1",
                videoPath, kind.key()));
    }

    /**
     * Records that a job runs the run's models on {@code device} ({@code cpu}, {@code gpu:N}): the run's provenance
     * lists each device that worked on it, in the order they first did.
     */
    public void ranOn(long runId, String device) {
        db.write("record the device of run " + runId, c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE runs SET devices = CASE WHEN devices IS NULL OR devices = '' THEN ?1
                      WHEN (', ' || devices || ', ') LIKE ('%, ' || ?1 || ', %') THEN devices ELSE devices || ', ' || ?1 END WHERE id = ?2""")) {
                ps.setString(1, device);
                ps.setLong(2, runId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    public void setStatus(long runId, RunStatus status) {
        db.write("update run " + runId, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET status = ?, updated = ? WHERE id = ?")) {
                ps.setString(1, status.key());
                ps.setString(2, Instant.now().toString());
                ps.setLong(3, runId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * A job's work on a run: when it is cancelled the run is marked cancelled, when it fails otherwise failed (what it
     * stored is kept either way), and the exception goes on to the caller.
     */
    public <T> T working(long runId, java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (org.dancelens.core.CancelledException e) {
            mark(runId, RunStatus.CANCELLED, e);
            throw e;
        } catch (RuntimeException e) {
            mark(runId, RunStatus.FAILED, e);
            throw e;
        }
    }

    /** Marks how a job ended; when even that cannot be stored (a full disk), the job's own failure is what the user hears. */
    private void mark(long runId, RunStatus status, RuntimeException cause) {
        try {
            setStatus(runId, status);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /** Records a run as given (status, times) inside the caller's transaction, and returns its id. */
    static long insert(java.sql.Connection c, RunSpec spec, RunStatus status, String created, String updated) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO runs(run_key, video_path, video_frames, kind, model_id, onnx_sha256, card, settings, from_frame,
                  to_frame, status, created, updated) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)""", java.sql.Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, spec.key());
            ps.setString(2, spec.videoPath());
            ps.setInt(3, spec.videoFrames());
            ps.setString(4, spec.kind().key());
            ps.setString(5, spec.modelId());
            ps.setString(6, spec.onnxSha256());
            ps.setString(7, spec.card());
            ps.setString(8, spec.settings());
            ps.setInt(9, spec.fromFrame());
            ps.setInt(10, spec.toFrame());
            ps.setString(11, status.key());
            ps.setString(12, created);
            ps.setString(13, updated);
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Counts a correction of a run's results (inside the caller's transaction): what was made from it is now stale. */
    static void revise(java.sql.Connection c, long runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET revision = revision + 1 WHERE id = ?")) {
            ps.setLong(1, runId);
            ps.executeUpdate();
        }
    }

    /** Marks a run as changed now (results were written), inside the caller's transaction. */
    static void touch(java.sql.Connection c, long runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET updated = ? WHERE id = ?")) {
            ps.setString(1, Instant.now().toString());
            ps.setLong(2, runId);
            ps.executeUpdate();
        }
    }

    private static Optional<Run> one(java.sql.Connection c, String sql, Object... args) throws SQLException {
        List<Run> l = many(c, sql, args);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    private static List<Run> many(java.sql.Connection c, String sql, Object... args) throws SQLException {
        List<Run> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    RunSpec spec = new RunSpec(rs.getString(2), rs.getInt(3), RunKind.of(rs.getString(4)), rs.getString(5), rs.getString(6),
                            rs.getString(7), rs.getString(8), rs.getInt(9), rs.getInt(10));
                    out.add(new Run(rs.getLong(1), spec, RunStatus.of(rs.getString(11)), rs.getInt(15), rs.getInt(16), rs.getInt(14), rs.getString(12),
                            rs.getString(13), rs.getString(17)));
                }
            }
        }
        return out;
    }
}
