package org.dancelens.classify;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.dancelens.core.DanceLensException;

/**
 * An evaluation manifest: a CSV file (UTF-8, comma-separated, first row a header) that names the videos to classify and
 * the dance style each one truly shows.
 *
 * <pre>
 * video,label,start_s,end_s
 * clips/ballet-01.mp4,ballet,,
 * clips/jam.mp4,hip-hop,12.5,20
 * </pre>
 *
 * <ul>
 *   <li>{@code video} and {@code label} are required; {@code start_s} and {@code end_s} (seconds) are optional columns
 *       that make a row a labelled segment of its video. An empty {@code start_s} means from the start, an empty
 *       {@code end_s} to the end; both empty means the whole video.</li>
 *   <li>Header names are matched without regard to case or surrounding spaces; other columns (notes) are ignored,
 *       except {@code rater:NAME} columns: the labels each rater gave (optional; an empty cell is no label), whose
 *       agreement {@link #readLabelled} returns for Fleiss' kappa.</li>
 *   <li>A relative video path resolves against the folder the manifest is in.</li>
 *   <li>A segment must not be empty: {@code start_s} before {@code end_s}, and an {@code end_s} without {@code start_s}
 *       above 0. Whether it lies within its video is checked when the video is opened (evaluation).</li>
 *   <li>Empty lines (also lines of only spaces or commas) are skipped; a byte-order mark (as spreadsheet programs write) is ignored.</li>
 * </ul>
 * Every problem is a {@link DanceLensException#badInput(String) bad-input} sentence naming the manifest and the line.
 */
public final class Manifest {
    public static final String VIDEO = "video";
    public static final String LABEL = "label";
    public static final String START = "start_s";
    public static final String END = "end_s";

    /**
     * One row of the manifest.
     *
     * @param video  the video file, absolute (resolved against the manifest's folder)
     * @param label  the true label, trimmed
     * @param startS start of the labelled segment in seconds, or null for the start of the video
     * @param endS   end of the labelled segment in seconds, or null for the end of the video
     * @param line   the row's line in the manifest (1 is the header)
     */
    public record Item(Path video, String label, Double startS, Double endS, int line) {
        public Item {
            Objects.requireNonNull(video, "video");
            Objects.requireNonNull(label, "label");
        }

        /** A name for reports: the video's file name, with the segment if the row has one. */
        public String name() {
            String file = video.getFileName().toString();
            if (startS == null && endS == null) {
                return file;
            }
            return file + " [" + (startS == null ? "start" : seconds(startS)) + "-" + (endS == null ? "end" : seconds(endS)) + "]";
        }

        private static String seconds(double s) {
            return s == Math.rint(s) ? String.format(Locale.ROOT, "%.0fs", s) : String.format(Locale.ROOT, "%ss", s);
        }
    }

    private Manifest() {
    }

    /**
     * A manifest with the labels of several raters: {@code rater:NAME} columns beside {@code label} (an empty cell is a
     * label not given).
     *
     * @param raters the raters, in column order (empty: the manifest names none)
     * @param labels {@code labels[item][rater]}, null where the rater gave no label
     */
    public record Labelled(List<Item> items, List<String> raters, String[][] labels) {
    }

    /** The prefix of a column that holds a rater's ratings or labels ({@code rater:Ana}). */
    static final String RATER_PREFIX = "rater:";

    /**
     * The rater a column names — its header, less a {@code rater:} prefix — refusing an empty name and a rater named
     * twice ({@code seen}: rater in lower case to column, filled here). Shared by the ratings manifest's wide form and
     * the rater columns of this manifest.
     */
    static String raterOf(String column, Map<String, String> seen, String what, Path manifest) {
        String c = column.trim();
        String rater = c.toLowerCase(Locale.ROOT).startsWith(RATER_PREFIX) ? c.substring(RATER_PREFIX.length()).trim() : c;
        if (rater.isEmpty()) {
            throw DanceLensException.badInput("The " + what + " " + manifest + " line 1 has a column '" + RATER_PREFIX + "' with no rater's name.");
        }
        String before = seen.put(rater.toLowerCase(Locale.ROOT), column);
        if (before != null) {
            throw DanceLensException.badInput("The " + what + " " + manifest + " line 1 names the rater " + quoted(rater)
                    + " twice (columns " + quoted(before) + " and " + quoted(column) + ").");
        }
        return rater;
    }

    /** Reads and checks a manifest; the items come in file order. */
    public static List<Item> read(Path manifest) {
        return readLabelled(manifest).items();
    }

    /** Reads and checks a manifest with its raters' labels (columns {@code rater:NAME}, optional). */
    public static Labelled readLabelled(Path manifest) {
        String text = readText(manifest);
        Path base = manifest.toAbsolutePath().getParent();
        CSVFormat format = CSVFormat.DEFAULT.builder()
                .setHeader().setSkipHeaderRecord(true)
                .setIgnoreHeaderCase(true).setTrim(true).setIgnoreEmptyLines(true)
                .setAllowMissingColumnNames(true)
                .setDuplicateHeaderMode(org.apache.commons.csv.DuplicateHeaderMode.ALLOW_EMPTY) // two 'video' columns: which one?
                .build();
        List<Item> items = new ArrayList<>();
        List<String> raters = new ArrayList<>();
        List<String[]> labels = new ArrayList<>();
        LineCounter lines = new LineCounter(text);
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            Map<String, Integer> header = parser.getHeaderMap();
            if (header == null || header.isEmpty()) {
                throw DanceLensException.badInput("The manifest " + manifest + " is empty.");
            }
            for (String column : List.of(VIDEO, LABEL)) {
                if (!header.containsKey(column)) {
                    throw DanceLensException.badInput("The manifest " + manifest + " line 1 has no '" + column
                            + "' column (the header must name video,label and may add start_s,end_s; it is "
                            + quoted(String.join(",", parser.getHeaderNames())) + ").");
                }
            }
            Map<String, String> raterColumns = new java.util.LinkedHashMap<>(); // header name -> rater
            Map<String, String> seen = new java.util.HashMap<>();
            for (String column : parser.getHeaderNames()) {
                if (column.trim().toLowerCase(Locale.ROOT).startsWith(RATER_PREFIX)) {
                    raterColumns.put(column, raterOf(column, seen, "manifest", manifest));
                }
            }
            raters.addAll(raterColumns.values());
            for (CSVRecord r : parser) {
                if (r.stream().allMatch(String::isBlank)) {
                    continue; // a line of spaces or of empty cells (",,,", as spreadsheets write) is an empty line
                }
                int line = lines.lineOf(r.getCharacterPosition());
                String where = "The manifest " + manifest + " line " + line;
                String video = cell(r, VIDEO);
                String label = cell(r, LABEL);
                if (video.isEmpty()) {
                    throw DanceLensException.badInput(where + " names no video.");
                }
                if (label.isEmpty()) {
                    throw DanceLensException.badInput(where + " has an empty label.");
                }
                Double[] segment = segment(r, where);
                Double start = segment[0];
                Double end = segment[1];
                Path path = videoFile(base, video, where);
                items.add(new Item(path, label, start, end, line));
                String[] given = new String[raterColumns.size()];
                int j = 0;
                for (String column : raterColumns.keySet()) {
                    String v = r.isSet(header.get(column)) ? r.get(header.get(column)).trim() : "";
                    given[j++] = v.isEmpty() ? null : v;
                }
                labels.add(given);
            }
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            // commons-csv reports malformed CSV (an unclosed quote, a duplicate header name) this way.
            throw DanceLensException.badInput("The manifest " + manifest + " is not valid CSV: " + csvProblem(e) + ".", e);
        } catch (java.io.UncheckedIOException e) {
            throw DanceLensException.badInput("The manifest " + manifest + " is not valid CSV: " + csvProblem(e.getCause()) + ".", e);
        }
        if (items.isEmpty()) {
            throw DanceLensException.badInput("The manifest " + manifest + " names no videos (it has a header but no rows).");
        }
        return new Labelled(List.copyOf(items), List.copyOf(raters), labels.toArray(String[][]::new));
    }

    /** A row's start_s and end_s (null where empty), checked: a number of seconds each, and a segment that is not empty. */
    static Double[] segment(CSVRecord r, String where) {
        Double start = seconds(cell(r, START), START, where);
        Double end = seconds(cell(r, END), END, where);
        if (start != null && end != null && start >= end) {
            throw DanceLensException.badInput(where + " has start_s " + shortened(cell(r, START)) + " not before end_s "
                    + shortened(cell(r, END)) + ".");
        }
        if (start == null && end != null && end == 0) {
            throw DanceLensException.badInput(where + " has end_s " + shortened(cell(r, END)) + " and no start_s: the segment from the"
                    + " start to 0 s is empty.");
        }
        return new Double[] {start, end};
    }

    /** A row's video resolved against the manifest's folder; it must be an existing file. */
    static Path videoFile(Path base, String video, String where) {
        Path path;
        try {
            path = base.resolve(video).normalize();
        } catch (InvalidPathException e) {
            throw DanceLensException.badInput(where + " names " + quoted(video) + ", which is not a valid file path.", e);
        }
        if (!Files.isRegularFile(path)) {
            String full = path.toString().replaceAll("[\\p{Cc}\\p{Cf}]", "?"); // a quoted CSV field may hold line breaks
            String shown = full.length() > 120 ? "..." + full.substring(full.length() - 100) : full;
            throw DanceLensException.badInput(where + " names the video " + shown
                    + (Files.isDirectory(path) ? ", which is a folder, not a file." : ", which does not exist."));
        }
        return path;
    }

    static String readText(Path manifest) {
        try {
            String text = Files.readString(manifest, StandardCharsets.UTF_8);
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (NoSuchFileException e) {
            throw DanceLensException.badInput("The manifest " + manifest + " does not exist.", e);
        } catch (CharacterCodingException e) {
            throw DanceLensException.badInput("The manifest " + manifest + " is not UTF-8 text.", e);
        } catch (IOException e) {
            throw DanceLensException.badInput("The manifest " + manifest + " cannot be read"
                    + (Files.isDirectory(manifest) ? " (it is a folder)." : ": " + e.getMessage() + "."), e);
        }
    }

    /**
     * commons-csv's complaint in plain words: {@code (line 3) invalid char between encapsulated token and delimiter}
     * becomes {@code line 3: a character after a closing quote}; its class names and advice stay in the log.
     */
    static String csvProblem(Throwable e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        m = m.replaceAll("^(?:[\\w$]+\\.)*[\\w$]*(?:Exception|Error):\\s*", "").replaceAll("^.*(?:Exception|Error):\\s*", "");
        var dup = java.util.regex.Pattern.compile("duplicate name: \"([^\"]*)\"").matcher(m);
        if (dup.find()) {
            return "the header names the column " + quoted(dup.group(1)) + " twice";
        }
        var at = java.util.regex.Pattern.compile("^\\((?:start)?line (\\d+)\\)\\s*").matcher(m);
        String where = "";
        if (at.find()) {
            where = "line " + at.group(1) + ": ";
            m = m.substring(at.end());
        }
        if (m.startsWith("EOF reached before encapsulated token finished")) {
            return where + "a quoted cell is not closed";
        }
        var invalid = java.util.regex.Pattern.compile("(?i)^invalid char(?:acter)? between encapsulated token and delimiter(?: at line: (\\d+))?").matcher(m);
        if (invalid.find()) {
            if (where.isEmpty() && invalid.group(1) != null) {
                where = "line " + invalid.group(1) + ": ";
            }
            return where + "a quoted cell is followed by more text before the next comma";
        }
        return where + "it cannot be read as comma-separated values";
    }

    /** A value from the manifest in single quotes, on one line and at most 40 characters. */
    static String quoted(String value) {
        return "'" + shortened(value) + "'";
    }

    static String shortened(String value) {
        String v = value.replaceAll("[\\p{Cc}\\p{Cf}]", "?"); // control and invisible format characters (a stray BOM)
        return v.length() > 40 ? v.substring(0, 37) + "..." : v;
    }

    /** The 1-based line a record starts on (its character position may point at empty lines skipped before it), counted once through the text. */
    static final class LineCounter {
        private final String text;
        private int at;
        private int line = 1;

        LineCounter(String text) {
            this.text = text;
        }

        int lineOf(long position) {
            int p = (int) Math.min(position, text.length());
            while (p < text.length() && (text.charAt(p) == '\n' || text.charAt(p) == '\r')) {
                p++;
            }
            if (p < at) { // records come in order; start again if not
                at = 0;
                line = 1;
            }
            for (; at < p; at++) {
                char ch = text.charAt(at);
                // A line ends at \n, \r\n or a lone \r (old Mac files), as the CSV parser reads them.
                if (ch == '\r' || (ch == '\n' && (at == 0 || text.charAt(at - 1) != '\r'))) {
                    line++;
                }
            }
            return line;
        }
    }

    static String cell(CSVRecord r, String column) {
        return r.isMapped(column) && r.isSet(column) ? r.get(column).trim() : "";
    }

    static Double seconds(String value, String column, String where) {
        if (value.isEmpty()) {
            return null;
        }
        double s;
        try {
            s = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw DanceLensException.badInput(where + " has " + column + " " + quoted(value) + ", which is not a number of seconds.", e);
        }
        if (!Double.isFinite(s) || s < 0) {
            throw DanceLensException.badInput(where + " has " + column + " " + quoted(value)
                    + ", which is not a number of seconds from 0 up.");
        }
        return s;
    }
}
