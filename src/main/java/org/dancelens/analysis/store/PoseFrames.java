package org.dancelens.analysis.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.Pose;
import org.dancelens.core.SkeletonSchema;

/**
 * The results of pose runs: per run, frame and dancer (track) the raw and smoothed keypoints, box, score, 3-D world
 * coordinates and segmentation mask. A frame row marks a frame as done (also when nobody was found in it), so an
 * interrupted run resumes after the last stored frame. Identities can be corrected from a frame on.
 */
public final class PoseFrames {
    /** One finished frame: its poses, raw and smoothed (same tracks, same order). */
    public record FrameResult(int frame, double timeSeconds, List<Pose> raw, List<Pose> smoothed) {
    }

    private final Db db;

    PoseFrames(Db db) {
        this.db = db;
    }

    /**
     * The state of a pose job at a save: everything it needs to continue after {@code frame} exactly as if it had not
     * stopped (tracker, filters, the estimator's crop), as the job encodes it.
     *
     * @param flushedFrom -1 for a save during the run; once the job reached the end of its range, the first frame whose
     *                    stored values came from the end-of-range flush (the frames the tracker held back, finished
     *                    without knowing what follows). The state is then the one before the flush: a longer run with
     *                    the same start drops those frames and continues from it ({@link #extendRange}).
     */
    public record Checkpoint(int frame, byte[] state, int flushedFrom) {
        public Checkpoint(int frame, byte[] state) {
            this(frame, state, -1);
        }

        /** True when the state is the one at the end of the run's range, kept so a longer run can continue it. */
        public boolean atRangeEnd() {
            return flushedFrom >= 0;
        }
    }

    /**
     * The first frame at or after {@code from} that is not done yet ({@code to} when all are); undecodable frames count as
     * done.
     */
    public int firstMissingFrame(long runId, int from, int to) {
        return db.read("read the finished frames", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT frame FROM frames WHERE run_id = ? AND frame >= ? AND frame < ?"
                    + " UNION SELECT frame FROM undecodable WHERE run_id = ? AND frame >= ? AND frame < ? ORDER BY frame")) {
                ps.setLong(1, runId);
                ps.setInt(2, from);
                ps.setInt(3, to);
                ps.setLong(4, runId);
                ps.setInt(5, from);
                ps.setInt(6, to);
                int expect = from;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next() && rs.getInt(1) == expect) {
                        expect++;
                    }
                }
                return expect;
            }
        });
    }

    /** Writes finished frames in one transaction. */
    public void write(long runId, List<FrameResult> frames) {
        write(runId, frames, List.of(), null);
    }

    /**
     * Writes finished frames, frames found undecodable and (when given) the job's state after them, all in one
     * transaction: whatever moment a crash comes, the stored frames and the stored state agree. A frame written again
     * replaces all its poses (never a mix of two passes' dancers).
     */
    public void write(long runId, List<FrameResult> frames, java.util.Collection<Integer> undecodable, Checkpoint checkpoint) {
        if (frames.isEmpty() && undecodable.isEmpty() && checkpoint == null) {
            return;
        }
        db.write("save " + frames.size() + " frames", c -> {
            insertFrames(c, runId, frames);
            UndecodableFrames.insert(c, runId, undecodable);
            if (checkpoint != null) {
                // A checkpoint saved during a run is an ordinary one (flushed_from NULL).
                try (PreparedStatement cp = c.prepareStatement("INSERT OR REPLACE INTO checkpoints(run_id, frame, state) VALUES(?,?,?)")) {
                    cp.setLong(1, runId);
                    cp.setInt(2, checkpoint.frame());
                    cp.setBytes(3, checkpoint.state());
                    cp.executeUpdate();
                }
            }
            Runs.touch(c, runId);
            return null;
        });
    }

    /**
     * At the end of a run's range: writes the frames the tracker let go of in its final flush, and marks the run's
     * checkpoint (the state before the flush, saved just before) as the state at the range end with the first flushed
     * frame, in one transaction. With no frame flushed, the first flushed frame is the one after the checkpoint.
     */
    public void writeFlushed(long runId, List<FrameResult> frames) {
        db.write("save " + frames.size() + " frames", c -> {
            insertFrames(c, runId, frames);
            try (PreparedStatement cp = c.prepareStatement("UPDATE checkpoints SET flushed_from = ? WHERE run_id = ?")) {
                if (frames.isEmpty()) {
                    try (PreparedStatement at = c.prepareStatement("SELECT frame + 1 FROM checkpoints WHERE run_id = ?")) {
                        at.setLong(1, runId);
                        try (ResultSet rs = at.executeQuery()) {
                            cp.setInt(1, rs.next() ? rs.getInt(1) : 0);
                        }
                    }
                } else {
                    cp.setInt(1, frames.stream().mapToInt(FrameResult::frame).min().orElseThrow());
                }
                cp.setLong(2, runId);
                cp.executeUpdate();
            }
            Runs.touch(c, runId);
            return null;
        });
    }

    /**
     * Continues a finished pose run over a longer range with the same start, in one transaction: the run's range and
     * key become those of {@code longer} (so it is the run of that spec, status running, and nothing shows it as
     * complete until the job finishes), the frames its end-of-range flush stored are dropped (the continuing job
     * computes them again knowing what follows), its checkpoint becomes an ordinary one and, when frames were dropped,
     * its revision goes up (results made from those frames are stale).
     *
     * @return false, changing nothing, when the run is no longer as given (another job changed it) or has no state to
     *         continue from
     */
    public boolean extendRange(Run run, RunSpec longer) {
        RunSpec shorter = run.spec();
        if (longer.fromFrame() != shorter.fromFrame() || longer.toFrame() <= shorter.toFrame()) {
            throw new IllegalArgumentException("run " + run.id() + " cannot be extended to " + longer.fromFrame() + ":" + longer.toFrame());
        }
        return db.write("continue run " + run.id(), c -> {
            int dropFrom;
            try (PreparedStatement ps = c.prepareStatement("SELECT frame, flushed_from FROM checkpoints WHERE run_id = ?")) {
                ps.setLong(1, run.id());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                    int flushed = rs.getInt(2);
                    // Without a flush the stored frames all end before the state: nothing to drop.
                    dropFrom = rs.wasNull() ? shorter.toFrame() : flushed;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET run_key = ?, to_frame = ?, status = ?, updated = ?"
                    + " WHERE id = ? AND run_key = ?")) {
                ps.setString(1, longer.key());
                ps.setInt(2, longer.toFrame());
                ps.setString(3, RunStatus.RUNNING.key());
                ps.setString(4, java.time.Instant.now().toString());
                ps.setLong(5, run.id());
                ps.setString(6, shorter.key());
                if (ps.executeUpdate() != 1) {
                    return false;
                }
            }
            int dropped;
            try (PreparedStatement dp = c.prepareStatement("DELETE FROM poses WHERE run_id = ? AND frame >= ?");
                 PreparedStatement df = c.prepareStatement("DELETE FROM frames WHERE run_id = ? AND frame >= ?")) {
                dp.setLong(1, run.id());
                dp.setInt(2, dropFrom);
                dp.executeUpdate();
                df.setLong(1, run.id());
                df.setInt(2, dropFrom);
                dropped = df.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE checkpoints SET flushed_from = NULL WHERE run_id = ?")) {
                ps.setLong(1, run.id());
                ps.executeUpdate();
            }
            if (dropped > 0) {
                Runs.revise(c, run.id());
            }
            return true;
        });
    }

    private static void insertFrames(java.sql.Connection c, long runId, List<FrameResult> frames) throws java.sql.SQLException {
        try (PreparedStatement fp = c.prepareStatement("INSERT OR REPLACE INTO frames(run_id, frame, time_s) VALUES(?,?,?)");
             PreparedStatement dp = c.prepareStatement("DELETE FROM poses WHERE run_id = ? AND frame = ?");
             PreparedStatement pp = c.prepareStatement("""
                     INSERT INTO poses(run_id, frame, track, schema, score, box, raw, smoothed, world, mask)
                     VALUES(?,?,?,?,?,?,?,?,?,?)""")) {
            for (FrameResult f : frames) {
                dp.setLong(1, runId);
                dp.setInt(2, f.frame());
                dp.addBatch();
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
                    pp.setBytes(6, raw.box() == null ? null : Blobs.floats(raw.box()));
                    pp.setBytes(7, Blobs.keypoints(raw));
                    pp.setBytes(8, Blobs.keypoints(sm));
                    pp.setBytes(9, raw.world() == null ? null : Blobs.world(raw.world()));
                    pp.setBytes(10, raw.mask() == null ? null : Blobs.mask(raw.mask()));
                    pp.addBatch();
                }
            }
            dp.executeBatch();
            fp.executeBatch();
            pp.executeBatch();
        }
    }

    /**
     * The job state saved with the run's last batch, if any: kept when the run is complete (the state at its range end,
     * {@link Checkpoint#atRangeEnd()}), none once its identities were corrected or for runs finished by DanceLens before
     * schema 7.
     */
    public java.util.Optional<Checkpoint> checkpoint(long runId) {
        return db.read("read the run's saved state", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT frame, state, flushed_from FROM checkpoints WHERE run_id = ?")) {
                ps.setLong(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return java.util.Optional.<Checkpoint>empty();
                    }
                    int frame = rs.getInt(1);
                    byte[] state = rs.getBytes(2);
                    int flushed = rs.getInt(3);
                    return java.util.Optional.of(new Checkpoint(frame, state, rs.wasNull() ? -1 : flushed));
                }
            }
        });
    }

    private static void clearCheckpoint(java.sql.Connection c, long runId) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM checkpoints WHERE run_id = ?")) {
            ps.setLong(1, runId);
            ps.executeUpdate();
        }
    }

    /** Replaces the smoothed keypoints of stored poses (offline smoothing after a run), in one transaction. */
    public void updateSmoothed(long runId, Map<Integer, List<Pose>> smoothed) {
        db.write("save smoothed keypoints", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE poses SET smoothed = ? WHERE run_id = ? AND frame = ? AND track = ?")) {
                for (Map.Entry<Integer, List<Pose>> e : smoothed.entrySet()) {
                    for (Pose p : e.getValue()) {
                        ps.setBytes(1, Blobs.keypoints(p));
                        ps.setLong(2, runId);
                        ps.setInt(3, e.getKey());
                        ps.setInt(4, p.trackId());
                        ps.addBatch();
                    }
                }
                ps.executeBatch();
            }
            Runs.touch(c, runId);
            return null;
        });
    }

    /** Poses of frames {@code [from, to)} keyed by frame (frames where nobody was found have no entry); {@code smoothed} picks the keypoints. */
    public Map<Integer, List<Pose>> read(long runId, int from, int to, boolean smoothed) {
        return db.read("read poses", c -> {
            Map<Integer, List<Pose>> out = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT frame, track, schema, score, box, raw, smoothed, world, mask FROM poses"
                    + " WHERE run_id = ? AND frame >= ? AND frame < ? ORDER BY frame, track")) {
                ps.setLong(1, runId);
                ps.setInt(2, from);
                ps.setInt(3, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        SkeletonSchema schema = SkeletonSchema.byId(rs.getString(3));
                        byte[] box = rs.getBytes(5);
                        byte[] world = rs.getBytes(8);
                        byte[] mask = rs.getBytes(9);
                        Pose p = new Pose(rs.getInt(2), schema, Blobs.keypoints(rs.getBytes(smoothed ? 7 : 6)), box == null ? null : Blobs.floats(box),
                                rs.getFloat(4), world == null ? null : Blobs.world(world), mask == null ? null : Blobs.mask(mask));
                        out.computeIfAbsent(rs.getInt(1), k -> new ArrayList<>()).add(p);
                    }
                }
            }
            return out;
        });
    }

    /** How many dancers (distinct track ids) a run holds. */
    public int trackCount(long runId) {
        return db.read("count dancers", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(DISTINCT track) FROM poses WHERE run_id = ?")) {
                ps.setLong(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getInt(1) : 0;
                }
            }
        });
    }

    /** A segmentation mask as the store keeps it (and the Spark job's poses table carries it): {@link Blobs#mask(RegionMask)}. */
    public static byte[] maskBlob(org.dancelens.core.RegionMask m) {
        return Blobs.mask(m);
    }

    /** A mask from its stored bytes ({@link #maskBlob}). */
    public static org.dancelens.core.RegionMask maskOf(byte[] bytes) {
        return Blobs.mask(bytes);
    }

    /** Presentation times of the finished frames of a run, by frame. */
    public Map<Integer, Double> frameTimes(long runId) {
        return db.read("read frames", c -> {
            Map<Integer, Double> out = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT frame, time_s FROM frames WHERE run_id = ? ORDER BY frame")) {
                ps.setLong(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getInt(1), rs.getDouble(2));
                    }
                }
            }
            return out;
        });
    }

    /** True when the run stored a segmentation mask for at least one dancer. */
    public boolean hasMasks(long runId) {
        return db.read("read masks", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM poses WHERE run_id = ? AND mask IS NOT NULL LIMIT 1")) {
                ps.setLong(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /**
     * One identity correction as made to a run's stored poses, enough to take it back exactly.
     *
     * @param swap      true: tracks {@code a} and {@code b} traded places; false: track {@code a} became {@code b}
     * @param frames    for a merge, the frames whose row of track {@code a} became track {@code b} (ascending); empty for a swap
     * @param revision  the run's revision right after this correction (or its undoing): an undo or redo applies only on
     *                  exactly that state
     */
    public record Correction(long runId, boolean swap, int a, int b, int fromFrame, List<Integer> frames, int revision) {
        public Correction {
            frames = List.copyOf(frames);
        }
    }

    /**
     * Identity correction: tracks a and b trade places from {@code fromFrame} on.
     *
     * @return the correction made, to undo it
     */
    public Correction swapTracks(long runId, int a, int b, int fromFrame) {
        return db.write("swap tracks", c -> {
            swap(c, runId, a, b, fromFrame);
            return new Correction(runId, true, a, b, fromFrame, List.of(), corrected(c, runId));
        });
    }

    private static void swap(java.sql.Connection c, long runId, int a, int b, int fromFrame) throws java.sql.SQLException {
        // Primary keys include the track: move through a temporary negative id to avoid collisions.
        try (PreparedStatement ps = c.prepareStatement("UPDATE poses SET track = -1 - track WHERE run_id = ? AND frame >= ? AND track IN (?, ?)")) {
            ps.setLong(1, runId);
            ps.setInt(2, fromFrame);
            ps.setInt(3, a);
            ps.setInt(4, b);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE poses SET track = CASE (-1 - track) WHEN ? THEN ? WHEN ? THEN ? END"
                + " WHERE run_id = ? AND frame >= ? AND track IN (?, ?)")) {
            ps.setInt(1, a);
            ps.setInt(2, b);
            ps.setInt(3, b);
            ps.setInt(4, a);
            ps.setLong(5, runId);
            ps.setInt(6, fromFrame);
            ps.setInt(7, -1 - a);
            ps.setInt(8, -1 - b);
            ps.executeUpdate();
        }
    }

    /**
     * Identity correction: track {@code from} becomes track {@code into} from {@code fromFrame} on.
     *
     * @return the correction made, naming the frames it changed, to undo it
     */
    public Correction mergeTracks(long runId, int from, int into, int fromFrame) {
        return db.write("merge tracks", c -> {
            List<Integer> frames = merge(c, runId, from, into, fromFrame);
            return new Correction(runId, false, from, into, fromFrame, frames, corrected(c, runId));
        });
    }

    private static List<Integer> merge(java.sql.Connection c, long runId, int from, int into, int fromFrame) throws java.sql.SQLException {
        try (PreparedStatement clash = c.prepareStatement(
                "SELECT COUNT(*) FROM poses p WHERE run_id = ? AND track = ? AND frame >= ? AND EXISTS "
                        + "(SELECT 1 FROM poses q WHERE q.run_id = p.run_id AND q.frame = p.frame AND q.track = ?)")) {
            clash.setLong(1, runId);
            clash.setInt(2, from);
            clash.setInt(3, fromFrame);
            clash.setInt(4, into);
            try (ResultSet rs = clash.executeQuery()) {
                rs.next();
                if (rs.getInt(1) > 0) {
                    throw DanceLensException.badInput("Tracks " + from + " and " + into + " are both present in " + rs.getInt(1)
                            + " frames from frame " + fromFrame + " on, so they cannot be merged (swap them instead).");
                }
            }
        }
        List<Integer> frames = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT frame FROM poses WHERE run_id = ? AND track = ? AND frame >= ? ORDER BY frame")) {
            ps.setLong(1, runId);
            ps.setInt(2, from);
            ps.setInt(3, fromFrame);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    frames.add(rs.getInt(1));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE poses SET track = ? WHERE run_id = ? AND track = ? AND frame >= ?")) {
            ps.setInt(1, into);
            ps.setLong(2, runId);
            ps.setInt(3, from);
            ps.setInt(4, fromFrame);
            ps.executeUpdate();
        }
        return frames;
    }

    /**
     * Takes a correction back, in one transaction: a swap by the same swap, a merge by giving the frames it changed
     * their track back. It applies only when the run is exactly as the correction left it (no other correction since);
     * otherwise nothing changes and a sentence says why. Like every correction it counts as a new revision of the run
     * (revisions only grow), so whatever was made from the poses in between is stale, as is what was made before.
     *
     * @return the correction as undone (its revision the run's new one), to redo it
     */
    public Correction undo(Correction done) {
        return db.write("undo an identity correction", c -> {
            expectRevision(c, done, "undone");
            if (done.swap()) {
                swap(c, done.runId(), done.a(), done.b(), done.fromFrame());
            } else {
                unmerge(c, done);
            }
            return new Correction(done.runId(), done.swap(), done.a(), done.b(), done.fromFrame(), done.frames(), corrected(c, done.runId()));
        });
    }

    /**
     * Makes an undone correction again, in one transaction, on exactly the state its undo left.
     *
     * @return the correction made, to undo it again
     */
    public Correction redo(Correction undone) {
        return db.write("redo an identity correction", c -> {
            expectRevision(c, undone, "made again");
            List<Integer> frames = List.of();
            if (undone.swap()) {
                swap(c, undone.runId(), undone.a(), undone.b(), undone.fromFrame());
            } else {
                frames = merge(c, undone.runId(), undone.a(), undone.b(), undone.fromFrame());
            }
            return new Correction(undone.runId(), undone.swap(), undone.a(), undone.b(), undone.fromFrame(), frames, corrected(c, undone.runId()));
        });
    }

    private static void expectRevision(java.sql.Connection c, Correction k, String doing) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT revision FROM runs WHERE id = ?")) {
            ps.setLong(1, k.runId());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw DanceLensException.badInput("The pose run of this correction is no longer stored, so it cannot be " + doing + ".");
                }
                if (rs.getInt(1) != k.revision()) {
                    throw DanceLensException.badInput("The dancers of this pose run were corrected again elsewhere, so this correction cannot be "
                            + doing + ".");
                }
            }
        }
    }

    /** Gives the frames a merge changed their track back, after checking each still holds the merged row and no other. */
    private static void unmerge(java.sql.Connection c, Correction m) throws java.sql.SQLException {
        try (PreparedStatement has = c.prepareStatement("SELECT track FROM poses WHERE run_id = ? AND frame = ? AND track IN (?, ?)");
             PreparedStatement ps = c.prepareStatement("UPDATE poses SET track = ? WHERE run_id = ? AND frame = ? AND track = ?")) {
            for (int f : m.frames()) {
                has.setLong(1, m.runId());
                has.setInt(2, f);
                has.setInt(3, m.a());
                has.setInt(4, m.b());
                List<Integer> tracks = new ArrayList<>();
                try (ResultSet rs = has.executeQuery()) {
                    while (rs.next()) {
                        tracks.add(rs.getInt(1));
                    }
                }
                if (!tracks.equals(List.of(m.b()))) {
                    // the frame was analysed again since (a rerun replaces a frame's poses): the merge is no longer what is stored
                    throw DanceLensException.badInput("Frame " + f + " of this pose run changed since the merge, so the merge cannot be undone.");
                }
                ps.setInt(1, m.a());
                ps.setLong(2, m.runId());
                ps.setInt(3, f);
                ps.setInt(4, m.b());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Marks the run corrected (inside the caller's transaction): a new revision, no resumable job state; returns the revision. */
    private static int corrected(java.sql.Connection c, long runId) throws java.sql.SQLException {
        Runs.touch(c, runId);
        Runs.revise(c, runId);
        // The saved tracker state names the identities before the correction: a resume starts afresh from the stored frames.
        clearCheckpoint(c, runId);
        try (PreparedStatement ps = c.prepareStatement("SELECT revision FROM runs WHERE id = ?")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
