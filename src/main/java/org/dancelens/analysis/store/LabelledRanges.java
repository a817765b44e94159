package org.dancelens.analysis.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.dancelens.core.DanceLensException;

/** The researcher's style labels on time ranges of a video (frames inclusive), kept with its results. */
public final class LabelledRanges {
    /** A time range of a video that the researcher labelled with a style (frames inclusive). */
    public record LabelledRange(long id, String videoPath, int startFrame, int endFrame, String label) {
    }

    private final Db db;

    LabelledRanges(Db db) {
        this.db = db;
    }

    /** Stores a labelled range and returns its id. */
    public long add(String videoPath, int startFrame, int endFrame, String label) {
        if (label == null || label.isBlank()) {
            throw DanceLensException.badInput("A labelled range needs a label.");
        }
        if (startFrame < 0 || endFrame < startFrame) {
            throw DanceLensException.badInput("The range " + startFrame + "–" + endFrame + " is empty; its end must not come before its start.");
        }
        return db.write("save the labelled range", c -> {
            try (PreparedStatement ps = c.prepareStatement(
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
            }
        });
    }

    /** The labelled ranges of a video (all videos when null), by start frame. */
    public List<LabelledRange> list(String videoPath) {
        return db.read("read the labelled ranges", c -> {
            List<LabelledRange> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(videoPath == null
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
            }
            return out;
        });
    }

    /** Removes a labelled range; false when there was none with that id. */
    public boolean remove(long id) {
        return db.write("remove the labelled range", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM labelled_ranges WHERE id = ?")) {
                ps.setLong(1, id);
                return ps.executeUpdate() > 0;
            }
        });
    }
}
