package org.dancelens.analysis.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.dancelens.core.ScoreSeries;

/** The results of classify runs: one score vector per dancer (track -1: the whole frame) and frame, and the run's labels. */
public final class Scores {
    private final Db db;

    Scores(Db db) {
        this.db = db;
    }

    /** Replaces the stored scores of a run with these series, in one transaction. */
    public void write(long runId, List<ScoreSeries> series) {
        db.write("save scores", c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM scores WHERE run_id = ?");
                 PreparedStatement lab = c.prepareStatement("INSERT OR REPLACE INTO score_labels(run_id, labels) VALUES(?, ?)");
                 PreparedStatement ins = c.prepareStatement("INSERT INTO scores(run_id, track, frame, vec) VALUES(?,?,?,?)")) {
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
                        ins.setBytes(4, Blobs.floats(s.scores()[i]));
                        ins.addBatch();
                    }
                }
                ins.executeBatch();
            }
            Runs.touch(c, runId);
            return null;
        });
    }

    /** The stored scores of a run, one series per track (track -1: whole frames), by track. */
    public List<ScoreSeries> read(long runId) {
        return db.read("read scores", c -> {
            List<ScoreSeries> out = new ArrayList<>();
            List<String> labels;
            try (PreparedStatement lab = c.prepareStatement("SELECT labels FROM score_labels WHERE run_id = ?")) {
                lab.setLong(1, runId);
                try (ResultSet rs = lab.executeQuery()) {
                    if (!rs.next()) {
                        return out;
                    }
                    labels = List.of(rs.getString(1).split("\n", -1));
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT track, frame, vec FROM scores WHERE run_id = ? ORDER BY track, frame")) {
                ps.setLong(1, runId);
                Integer track = null;
                List<Integer> frames = new ArrayList<>();
                List<float[]> vecs = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (track != null && track != rs.getInt(1)) {
                            out.add(series(track, labels, frames, vecs));
                            frames.clear();
                            vecs.clear();
                        }
                        track = rs.getInt(1);
                        frames.add(rs.getInt(2));
                        vecs.add(Blobs.floats(rs.getBytes(3)));
                    }
                }
                if (track != null) {
                    out.add(series(track, labels, frames, vecs));
                }
            }
            return out;
        });
    }

    private static ScoreSeries series(int track, List<String> labels, List<Integer> frames, List<float[]> vecs) {
        return new ScoreSeries(track, labels, frames.stream().mapToInt(Integer::intValue).toArray(), vecs.toArray(new float[0][]));
    }
}
