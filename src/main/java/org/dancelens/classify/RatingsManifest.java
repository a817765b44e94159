package org.dancelens.classify;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.dancelens.core.DanceLensException;

/**
 * A ratings manifest: a CSV file (UTF-8, comma-separated, first row a header) of people's ratings (numbers) of videos
 * or segments of videos, on one or more criteria. Two shapes are read:
 *
 * <p><b>Wide</b> (no {@code value} column): one row per video or segment, one column per rater.
 * <pre>
 * video,start_s,end_s,criterion,judge1,judge2,rater:Ana
 * clips/solo.mp4,0,8,fluidity,6,7,5.5
 * clips/solo.mp4,0,8,precision,4,,5
 * </pre>
 * Every column other than {@code video}, {@code start_s}, {@code end_s}, {@code criterion} and a notes column
 * ({@code notes}, {@code note}, {@code comment}, {@code comments}) is a rater, named by its header; a {@code rater:}
 * prefix is dropped ({@code rater:Ana} is the rater Ana). A single {@code rating} column is one rater named "rating".
 * An empty cell is a rating not given. Without a {@code criterion} column every rating is of the one criterion
 * {@code rating}.
 *
 * <p><b>Long</b> (a {@code value} column): one row per rating, {@code video,start_s,end_s,rater,criterion,value};
 * {@code criterion} may be left out (or empty) for the one criterion {@code rating}.
 *
 * <p>As in the classification {@link Manifest}: header names are matched without regard to case or surrounding spaces,
 * a relative video path resolves against the manifest's folder, {@code start_s}/{@code end_s} are optional, empty lines
 * and a byte-order mark are ignored, and every problem is one bad-input sentence naming the manifest and the line.
 * Rows naming the same video and segment are the same item; a rater may rate an item once per criterion.
 */
public final class RatingsManifest {
    public static final String RATER = "rater";
    public static final String CRITERION = "criterion";
    public static final String VALUE = "value";
    /** The criterion of ratings that name none. */
    public static final String DEFAULT_CRITERION = "rating";
    private static final Set<String> NOTES = Set.of("notes", "note", "comment", "comments");

    /** A rated video or segment: {@code startS}/{@code endS} null for the start/end of the video; {@code line} where it first appears. */
    public record Item(Path video, Double startS, Double endS, int line) {
        public Item {
            Objects.requireNonNull(video, "video");
        }

        /** The item as a segment of the classification manifest (no label), for the jobs that run a model over segments. */
        public Manifest.Item segment() {
            return new Manifest.Item(video, "", startS, endS, line);
        }

        /** A name for reports: the video's file name, with the segment if the item has one. */
        public String name() {
            return segment().name();
        }
    }

    /**
     * The ratings read.
     *
     * @param values {@code values[criterion][item][rater]}, NaN where the rater gave no rating of that item on that criterion
     */
    public record Table(List<Item> items, List<String> raters, List<String> criteria, double[][][] values) {
        /** The ratings of one criterion, {@code [item][rater]}. */
        public double[][] of(String criterion) {
            return values[criteria.indexOf(criterion)];
        }
    }

    private RatingsManifest() {
    }

    /** Reads and checks a ratings manifest; items, raters and criteria come in the order they first appear. */
    public static Table read(Path manifest) {
        String text = Manifest.readText(manifest);
        Path base = manifest.toAbsolutePath().getParent();
        CSVFormat format = CSVFormat.DEFAULT.builder()
                .setHeader().setSkipHeaderRecord(true)
                .setIgnoreHeaderCase(true).setTrim(true).setIgnoreEmptyLines(true)
                .setAllowMissingColumnNames(true)
                .setDuplicateHeaderMode(org.apache.commons.csv.DuplicateHeaderMode.ALLOW_EMPTY)
                .build();
        Builder table = new Builder(manifest);
        Manifest.LineCounter lines = new Manifest.LineCounter(text);
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            Map<String, Integer> header = parser.getHeaderMap();
            if (header == null || header.isEmpty()) {
                throw DanceLensException.badInput("The ratings manifest " + manifest + " is empty.");
            }
            String headerLine = Manifest.quoted(String.join(",", parser.getHeaderNames()));
            if (!header.containsKey(Manifest.VIDEO)) {
                throw DanceLensException.badInput("The ratings manifest " + manifest + " line 1 has no 'video' column (it is " + headerLine + ").");
            }
            boolean longForm = header.containsKey(VALUE);
            Map<String, String> raterColumns = new LinkedHashMap<>(); // header name -> rater
            if (longForm) {
                if (!header.containsKey(RATER)) {
                    throw DanceLensException.badInput("The ratings manifest " + manifest + " line 1 has a 'value' column but no 'rater' column"
                            + " (one rating a row is video,start_s,end_s,rater,criterion,value; it is " + headerLine + ").");
                }
            } else {
                Map<String, String> seen = new HashMap<>();
                for (String column : parser.getHeaderNames()) {
                    String key = column.trim().toLowerCase(Locale.ROOT);
                    if (key.isEmpty() || key.equals(Manifest.VIDEO) || key.equals(Manifest.START) || key.equals(Manifest.END)
                            || key.equals(CRITERION) || NOTES.contains(key)) {
                        continue;
                    }
                    raterColumns.put(column, Manifest.raterOf(column, seen, "ratings manifest", manifest));
                }
                if (raterColumns.isEmpty()) {
                    throw DanceLensException.badInput("The ratings manifest " + manifest + " line 1 names no rater: give a 'rating' column, a column"
                            + " per rater, or one rating a row with rater and value columns (it is " + headerLine + ").");
                }
            }
            for (CSVRecord r : parser) {
                if (r.stream().allMatch(String::isBlank)) {
                    continue;
                }
                int line = lines.lineOf(r.getCharacterPosition());
                String where = "The ratings manifest " + manifest + " line " + line;
                String video = Manifest.cell(r, Manifest.VIDEO);
                if (video.isEmpty()) {
                    throw DanceLensException.badInput(where + " names no video.");
                }
                Double[] segment = Manifest.segment(r, where);
                Path path = Manifest.videoFile(base, video, where);
                Item item = new Item(path, segment[0], segment[1], line);
                String criterion = Manifest.cell(r, CRITERION);
                if (criterion.isEmpty()) {
                    criterion = DEFAULT_CRITERION;
                }
                if (longForm) {
                    String rater = Manifest.cell(r, RATER);
                    if (rater.isEmpty()) {
                        throw DanceLensException.badInput(where + " names no rater.");
                    }
                    String value = Manifest.cell(r, VALUE);
                    if (value.isEmpty()) {
                        throw DanceLensException.badInput(where + " has an empty value.");
                    }
                    table.add(item, rater, criterion, number(value, "the value", where), where);
                } else {
                    int given = 0;
                    for (Map.Entry<String, String> c : raterColumns.entrySet()) {
                        String value = r.isSet(header.get(c.getKey())) ? r.get(header.get(c.getKey())).trim() : "";
                        if (!value.isEmpty()) {
                            table.add(item, c.getValue(), criterion, number(value, "the rater " + Manifest.quoted(c.getValue()) + "'s rating", where), where);
                            given++;
                        }
                    }
                    if (given == 0) {
                        throw DanceLensException.badInput(where + " gives no rating (every rater's cell is empty).");
                    }
                }
            }
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw DanceLensException.badInput("The ratings manifest " + manifest + " is not valid CSV: " + Manifest.csvProblem(e) + ".", e);
        } catch (java.io.UncheckedIOException e) {
            throw DanceLensException.badInput("The ratings manifest " + manifest + " is not valid CSV: " + Manifest.csvProblem(e.getCause()) + ".", e);
        }
        if (table.items.isEmpty()) {
            throw DanceLensException.badInput("The ratings manifest " + manifest + " rates no videos (it has a header but no rows).");
        }
        return table.build();
    }

    private static double number(String value, String what, String where) {
        double v;
        try {
            v = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw DanceLensException.badInput(where + " has " + Manifest.quoted(value) + " as " + what + ", which is not a number.", e);
        }
        if (!Double.isFinite(v)) {
            throw DanceLensException.badInput(where + " has " + Manifest.quoted(value) + " as " + what + ", which is not a finite number.");
        }
        return v;
    }

    /** Collects ratings keyed by item, rater and criterion, refusing a second rating of the same. */
    private static final class Builder {
        final Path manifest;
        final Map<List<Object>, Item> items = new LinkedHashMap<>();
        final List<String> raters = new ArrayList<>();
        final List<String> criteria = new ArrayList<>();
        final Map<List<Object>, double[]> ratings = new LinkedHashMap<>(); // (item key, rater, criterion) -> {value, line}

        Builder(Path manifest) {
            this.manifest = manifest;
        }

        void add(Item item, String rater, String criterion, double value, String where) {
            List<Object> key = Arrays.asList(item.video(), item.startS(), item.endS());
            items.putIfAbsent(key, item);
            if (!raters.contains(rater)) {
                raters.add(rater);
            }
            if (!criteria.contains(criterion)) {
                criteria.add(criterion);
            }
            double[] before = ratings.putIfAbsent(Arrays.asList(key, rater, criterion), new double[] {value, lineOf(where)});
            if (before != null) {
                throw DanceLensException.badInput(where + " rates " + item.name() + " again by " + Manifest.quoted(rater) + " on "
                        + Manifest.quoted(criterion) + " (line " + (int) before[1] + " already does).");
            }
        }

        private static int lineOf(String where) {
            return Integer.parseInt(where.substring(where.lastIndexOf(' ') + 1));
        }

        Table build() {
            List<List<Object>> keys = new ArrayList<>(items.keySet());
            double[][][] values = new double[criteria.size()][keys.size()][raters.size()];
            for (double[][] c : values) {
                for (double[] row : c) {
                    Arrays.fill(row, Double.NaN);
                }
            }
            Map<Object, Integer> index = new HashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                index.put(keys.get(i), i);
            }
            for (Map.Entry<List<Object>, double[]> e : ratings.entrySet()) {
                int item = index.get(e.getKey().get(0));
                int rater = raters.indexOf((String) e.getKey().get(1));
                int criterion = criteria.indexOf((String) e.getKey().get(2));
                values[criterion][item][rater] = e.getValue()[0];
            }
            return new Table(List.copyOf(items.values()), List.copyOf(raters), List.copyOf(criteria), values);
        }
    }
}
