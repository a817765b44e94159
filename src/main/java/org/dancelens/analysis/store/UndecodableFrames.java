package org.dancelens.analysis.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Frames of a run's range that the decoder could not give out (damaged data, or a file cut off after its index).
 * They count as done — a re-run does not try them again — and have no results: readers see a gap there, never a
 * frame "where nobody was found".
 */
public final class UndecodableFrames {
    private final Db db;

    UndecodableFrames(Db db) {
        this.db = db;
    }

    /** Records frames as undecodable (frames already recorded stay as they are). */
    public void add(long runId, Collection<Integer> frames) {
        if (frames.isEmpty()) {
            return;
        }
        db.write("record " + frames.size() + " undecodable frames", c -> {
            insert(c, runId, frames);
            return null;
        });
    }

    /** The run's undecodable frames, in order. */
    public List<Integer> list(long runId) {
        return db.read("read the undecodable frames", c -> {
            List<Integer> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT frame FROM undecodable WHERE run_id = ? ORDER BY frame")) {
                ps.setLong(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getInt(1));
                    }
                }
            }
            return out;
        });
    }

    /** Records frames inside the caller's transaction. */
    static void insert(Connection c, long runId, Collection<Integer> frames) throws SQLException {
        if (frames.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT OR IGNORE INTO undecodable(run_id, frame) VALUES(?,?)")) {
            for (int f : frames) {
                ps.setLong(1, runId);
                ps.setInt(2, f);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
