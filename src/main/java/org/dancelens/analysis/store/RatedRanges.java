package org.dancelens.analysis.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dancelens.core.DanceLensException;

/**
 * People's ratings of time ranges of a video (frames inclusive, with the seconds of the first and the last frame), one
 * number per rater and criterion, kept with the video's results — the workbench's and {@code dancelens rate}'s, read
 * back as a long-form ratings manifest by {@code dancelens rate export}. A rater rates a range once per criterion.
 */
public final class RatedRanges {
    /**
     * A rated range.
     *
     * @param startS the time of the first frame, seconds from the video's first frame
     * @param endS   the time of the last frame (so that {@code FrameIndex.frameAt(endS)} is {@code endFrame})
     */
    public record RatedRange(long id, String videoPath, int startFrame, int endFrame, double startS, double endS, String rater,
                             String criterion, double value, String created) {
    }

    private final Db db;

    RatedRanges(Db db) {
        this.db = db;
    }

    /**
     * Stores a rating of a range and returns its id. Refused (bad input, one sentence) when a name is empty or more than
     * one line, the value is not a finite number, the range has fewer than two frames, or the rater already rated the
     * same range on the same criterion (checked in the write transaction, so two windows or commands cannot both add it).
     */
    public long add(String videoPath, int startFrame, int endFrame, double startS, double endS, String rater, String criterion, double value) {
        String who = name(rater, "A rating needs a rater's name.", "A rater's name is one line of text.");
        String what = name(criterion, "A rating needs a criterion (such as fluidity).", "A criterion is one line of text.");
        if (!Double.isFinite(value)) {
            throw DanceLensException.badInput("A rating is a finite number, not " + value + ".");
        }
        if (startFrame < 0 || endFrame <= startFrame) {
            throw DanceLensException.badInput("The range " + startFrame + "–" + endFrame + " is too short to rate; it needs at least two frames"
                    + " (its end after its start).");
        }
        if (!(endS > startS)) {
            throw DanceLensException.badInput(String.format(Locale.ROOT, "The range from %s s to %s s is empty; its end must come after its start.",
                    startS, endS));
        }
        return db.write("save the rating", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT value FROM rated_ranges WHERE video_path = ? AND start_frame = ? AND end_frame = ?"
                    + " AND rater = ? AND criterion = ?")) {
                ps.setString(1, videoPath);
                ps.setInt(2, startFrame);
                ps.setInt(3, endFrame);
                ps.setString(4, who);
                ps.setString(5, what);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        throw DanceLensException.badInput(String.format(Locale.ROOT, "%s already rated frames %d–%d on %s (%s); remove that rating"
                                + " first.", who, startFrame, endFrame, what, number(rs.getDouble(1))));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO rated_ranges(video_path, start_frame, end_frame, start_s, end_s, rater, criterion, value, created)"
                            + " VALUES(?,?,?,?,?,?,?,?,?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, videoPath);
                ps.setInt(2, startFrame);
                ps.setInt(3, endFrame);
                ps.setDouble(4, startS);
                ps.setDouble(5, endS);
                ps.setString(6, who);
                ps.setString(7, what);
                ps.setDouble(8, value);
                ps.setString(9, Instant.now().toString());
                ps.executeUpdate();
                try (ResultSet rs = ps.getGeneratedKeys()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** The rated ranges of a video (all videos when null), by start frame, then end frame, criterion and rater. */
    public List<RatedRange> list(String videoPath) {
        return db.read("read the ratings", c -> {
            List<RatedRange> out = new ArrayList<>();
            String columns = "SELECT id, video_path, start_frame, end_frame, start_s, end_s, rater, criterion, value, created FROM rated_ranges";
            try (PreparedStatement ps = c.prepareStatement(videoPath == null
                    ? columns + " ORDER BY video_path, start_frame, end_frame, criterion, rater, id"
                    : columns + " WHERE video_path = ? ORDER BY start_frame, end_frame, criterion, rater, id")) {
                if (videoPath != null) {
                    ps.setString(1, videoPath);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new RatedRange(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getDouble(5), rs.getDouble(6),
                                rs.getString(7), rs.getString(8), rs.getDouble(9), rs.getString(10)));
                    }
                }
            }
            return out;
        });
    }

    /** Removes a rating; false when there was none with that id. */
    public boolean remove(long id) {
        return db.write("remove the rating", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM rated_ranges WHERE id = ?")) {
                ps.setLong(1, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    /** A number as people write it: 6 rather than 6.0, and every digit a double needs to be read back the same. */
    public static String number(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /**
     * Seconds as people write them: rounded to the nanosecond (39.9, not 39.900000000000006), far below half a tick of
     * any video's clock, so the frame at that time is the same.
     */
    public static String seconds(double s) {
        return java.math.BigDecimal.valueOf(s).setScale(9, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }

    private static String name(String s, String missing, String notOneLine) {
        String t = s == null ? "" : s.strip();
        if (t.isEmpty()) {
            throw DanceLensException.badInput(missing);
        }
        if (t.codePoints().anyMatch(Character::isISOControl)) {
            throw DanceLensException.badInput(notOneLine);
        }
        return t;
    }
}
