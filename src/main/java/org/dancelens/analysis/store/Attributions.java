package org.dancelens.analysis.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The results of attribution runs (occlusion of a skeleton or clip model): per dancer (track -1: whole frames) the
 * class explained, how much its score drops when each stretch of time is blanked (per video frame) and, for skeleton
 * models, when each joint is blanked.
 */
public final class Attributions {
    /**
     * One dancer's attribution.
     *
     * @param frames    video frames, increasing
     * @param frameDrop the class's score drop per frame (NaN where no blanked stretch covered it)
     * @param joints    the model's joint names ({@code jointDrop} in their order); empty for clip models
     */
    public record Attribution(int track, int labelIndex, String label, int[] frames, float[] frameDrop, List<String> joints, float[] jointDrop) {
        public Attribution {
            joints = List.copyOf(joints);
            if (frames.length != frameDrop.length || joints.size() != jointDrop.length) {
                throw new IllegalArgumentException("an attribution needs one drop per frame and per joint");
            }
        }
    }

    private final Db db;

    Attributions(Db db) {
        this.db = db;
    }

    /** Stores (or replaces) dancers' attributions, in one transaction. */
    public void write(long runId, List<Attribution> attributions) {
        if (attributions.isEmpty()) {
            return;
        }
        db.write("save attributions", c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT OR REPLACE INTO attributions(run_id, track, label_index, label, frames, frame_drop, joints, joint_drop)
                    VALUES(?,?,?,?,?,?,?,?)""")) {
                for (Attribution a : attributions) {
                    ps.setLong(1, runId);
                    ps.setInt(2, a.track());
                    ps.setInt(3, a.labelIndex());
                    ps.setString(4, a.label());
                    ps.setBytes(5, Blobs.ints(a.frames()));
                    ps.setBytes(6, Blobs.floats(a.frameDrop()));
                    ps.setString(7, String.join("\n", a.joints()));
                    ps.setBytes(8, Blobs.floats(a.jointDrop()));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            Runs.touch(c, runId);
            return null;
        });
    }

    /** The stored attributions of a run, by track. */
    public Map<Integer, Attribution> read(long runId) {
        return db.read("read attributions", c -> {
            Map<Integer, Attribution> out = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT track, label_index, label, frames, frame_drop, joints, joint_drop FROM attributions WHERE run_id = ? ORDER BY track")) {
                ps.setLong(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String joints = rs.getString(6);
                        out.put(rs.getInt(1), new Attribution(rs.getInt(1), rs.getInt(2), rs.getString(3), Blobs.ints(rs.getBytes(4)),
                                Blobs.floats(rs.getBytes(5)), joints.isEmpty() ? List.of() : new ArrayList<>(List.of(joints.split("\n", -1))),
                                Blobs.floats(rs.getBytes(7))));
                    }
                }
            }
            return out;
        });
    }
}
