package org.dancelens.analysis.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The results of explain runs: per frame the class explained, its score, the class-activation map at the layer's
 * own (low) resolution and the region of the frame the map covers. The run's settings ({@link ExplainSettings}) say
 * how the maps were made.
 */
public final class Maps {
    /**
     * One frame's stored map: the class explained and its score, the low-resolution map ({@code height x width},
     * row-major, 0..1), the region of the frame it covers (normalised {y0, x0, y1, x1}) and the model's scores for every
     * label (null in runs stored before schema 5).
     */
    public record MapFrame(int frame, int classIndex, float score, int height, int width, float[] map, double[] region, float[] scores) {
        public MapFrame {
            if (map.length != height * width) {
                throw new IllegalArgumentException("a " + height + "x" + width + " map needs " + height * width + " values");
            }
        }
    }

    private final Db db;

    Maps(Db db) {
        this.db = db;
    }

    /** The frames of {@code [from, to)} that are done: their maps are stored, or they cannot be decoded. */
    public BitSet framesDone(long runId, int from, int to) {
        return db.read("read the finished maps", c -> {
            BitSet done = new BitSet();
            try (PreparedStatement ps = c.prepareStatement("SELECT frame FROM map_frames WHERE run_id = ? AND frame >= ? AND frame < ?"
                    + " UNION SELECT frame FROM undecodable WHERE run_id = ? AND frame >= ? AND frame < ?")) {
                ps.setLong(1, runId);
                ps.setInt(2, from);
                ps.setInt(3, to);
                ps.setLong(4, runId);
                ps.setInt(5, from);
                ps.setInt(6, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        done.set(rs.getInt(1));
                    }
                }
            }
            return done;
        });
    }

    /** Writes finished maps in one transaction. */
    public void write(long runId, List<MapFrame> frames) {
        if (frames.isEmpty()) {
            return;
        }
        db.write("save " + frames.size() + " maps", c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT OR REPLACE INTO map_frames(run_id, frame, class_index, score, h, w, map, region_y0, region_x0, region_y1,
                      region_x1, scores) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)""")) {
                for (MapFrame f : frames) {
                    ps.setLong(1, runId);
                    ps.setInt(2, f.frame());
                    ps.setInt(3, f.classIndex());
                    ps.setFloat(4, f.score());
                    ps.setInt(5, f.height());
                    ps.setInt(6, f.width());
                    ps.setBytes(7, Blobs.floats(f.map()));
                    for (int k = 0; k < 4; k++) {
                        ps.setDouble(8 + k, f.region()[k]);
                    }
                    ps.setBytes(12, f.scores() == null ? null : Blobs.floats(f.scores()));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            Runs.touch(c, runId);
            return null;
        });
    }

    /** The stored maps of frames {@code [from, to)}, by frame. */
    public Map<Integer, MapFrame> read(long runId, int from, int to) {
        return db.read("read maps", c -> {
            Map<Integer, MapFrame> out = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT frame, class_index, score, h, w, map, region_y0, region_x0, region_y1, region_x1, scores FROM map_frames
                      WHERE run_id = ? AND frame >= ? AND frame < ? ORDER BY frame""")) {
                ps.setLong(1, runId);
                ps.setInt(2, from);
                ps.setInt(3, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getInt(1), new MapFrame(rs.getInt(1), rs.getInt(2), rs.getFloat(3), rs.getInt(4), rs.getInt(5),
                                Blobs.floats(rs.getBytes(6)), new double[] {rs.getDouble(7), rs.getDouble(8), rs.getDouble(9), rs.getDouble(10)},
                                rs.getBytes(11) == null ? null : Blobs.floats(rs.getBytes(11))));
                    }
                }
            }
            return out;
        });
    }
}
