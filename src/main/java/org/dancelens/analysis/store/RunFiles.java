package org.dancelens.analysis.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The results of kinematics and music runs, kept as the files their commands write (CSV and JSON, by file name, in
 * the order written), so that the workbench and the data export read exactly what the command line wrote.
 */
public final class RunFiles {
    private final Db db;

    RunFiles(Db db) {
        this.db = db;
    }

    /** Stores a run's files, in one transaction (a name written again is replaced). */
    public void write(long runId, Map<String, byte[]> files) {
        db.write("save the run's files", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO run_files(run_id, name, content) VALUES(?,?,?)")) {
                for (Map.Entry<String, byte[]> e : files.entrySet()) {
                    ps.setLong(1, runId);
                    ps.setString(2, e.getKey());
                    ps.setBytes(3, e.getValue());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            Runs.touch(c, runId);
            return null;
        });
    }

    /** A run's files by name, in the order they were written. */
    public Map<String, byte[]> read(long runId) {
        return db.read("read the run's files", c -> {
            Map<String, byte[]> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT name, content FROM run_files WHERE run_id = ? ORDER BY rowid")) {
                ps.setLong(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getBytes(2));
                    }
                }
            }
            return out;
        });
    }
}
