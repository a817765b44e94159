package org.dancelens.ui.timeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.dancelens.core.Pose;

/**
 * A time-aligned track per dancer under the video: the mean keypoint confidence of that dancer on every frame
 * (NaN where the dancer is absent), reduced to min/max per pixel column for drawing, so a 300,000-frame video costs
 * one pass per redraw, not one node per point.
 */
public class TimelineViewModel {

    /**
     * One dancer's series over all frames of the video, drawn in {@code lane}: dancers who are never on screen at
     * the same time share a lane, so dozens of short tracks stay readable.
     */
    public record Series(int trackId, float[] values, int first, int last, int lane) {
    }

    /**
     * A classifier's verdicts for one dancer (or whole frames): one lane per shown label with its score on every
     * frame (NaN where the model gave none), and the segment strip.
     *
     * @param title    e.g. "aist-genre-lstm · dancer 3"
     * @param labels   the labels shown (the top-k by mean score), one lane each
     * @param values   {@code values[lane][frame]}
     * @param segments {start frame, end frame (inclusive), index into {@code allLabels}}
     */
    public record ScoreLanes(String title, List<String> labels, float[][] values, List<String> allLabels, List<int[]> segments) {
        /** The same lanes for the window-free strip renderer (to save the timeline as a picture). */
        public org.dancelens.render.TimelineStrip.Lanes strip() {
            return new org.dancelens.render.TimelineStrip.Lanes(title, labels, values, allLabels, segments);
        }
    }

    /**
     * One lane of a comparison of two runs, e.g. the OKS of a matched pair of dancers over the video.
     *
     * @param values per video frame (NaN where there is no value)
     * @param min    the bottom of the lane's scale (fixed, so lanes of one measure compare)
     * @param max    its top
     */
    public record CompareLane(String name, float[] values, double min, double max) {
    }

    /**
     * A heat strip of a comparison of two pose runs: for one dancer of run A and the dancer of run B matched with it,
     * one row per joint and one column per video frame, the distance between A's and B's joint.
     *
     * @param name   e.g. "A #1 ~ B #2"
     * @param joints the rows' joint names, top to bottom
     * @param values {@code values[joint][frame]}, pixels; NaN where there is no distance (no matched pair in the frame,
     *               or a joint A does not see)
     * @param max    the top of the colour scale, pixels (the same for every strip of a comparison; larger values take
     *               its colour)
     */
    public record CompareHeat(String name, List<String> joints, float[][] values, double max) {
        public CompareHeat {
            joints = List.copyOf(joints);
            if (values.length != joints.size()) {
                throw new IllegalArgumentException(values.length + " rows for " + joints.size() + " joints");
            }
        }
    }

    /**
     * The lanes of a comparison of two runs under a title row (e.g. "run 3 vs run 5 · OKS per matched pair"), and
     * under them its heat strips (per-joint distances of two pose runs; empty for other kinds).
     */
    public record CompareLanes(String title, List<CompareLane> lanes, List<CompareHeat> heat) {
        public CompareLanes {
            lanes = List.copyOf(lanes);
            heat = List.copyOf(heat);
        }

        /** Lanes without heat strips. */
        public CompareLanes(String title, List<CompareLane> lanes) {
            this(title, lanes, List.of());
        }
    }

    /** A labelled range (frames inclusive), drawn as a marker. */
    public record Mark(int start, int end, String label) {
    }

    /**
     * The audio lane group: a title row (the tempo and beat count, or what is being done, or why there is nothing to
     * draw) and, once the music is analysed, the waveform's envelope, the onset strength and the beats.
     *
     * @param title      e.g. "Audio · 118.9 BPM · 23 beats", "Audio · no sound"
     * @param summary    the samples' peak summary (null: nothing to draw, the title says why)
     * @param frameTimes the start of every video frame on the video's clock and the end of the last, seconds
     * @param onset      the onset strength per video frame (NaN where none)
     * @param onsetEnvelope the onset strength at its own resolution (for the hover text)
     * @param beatTimes  the music's beats, seconds on the video's clock
     * @param beats      the beats as fractional frame positions (those inside the video)
     * @param bpm        the tempo, NaN when there is none
     */
    public record AudioLane(String title, AudioSummary summary, double[] frameTimes, float[] onset,
                            org.dancelens.movement.music.OnsetEnvelope onsetEnvelope, double[] beatTimes, double[] beats, double bpm) {
        /** A title row only (working, no sound, or a failure). */
        public static AudioLane message(String title) {
            return new AudioLane(title, null, new double[0], new float[0], null, new double[0], new double[0], Double.NaN);
        }

        public boolean hasMusic() {
            return summary != null;
        }

        /** The lane of analysed music: its title names the tempo and the number of beats within the video. */
        public static AudioLane of(AudioSummary summary, org.dancelens.movement.music.MusicAnalysis.Result r, double[] frameTimes) {
            double[] beats = AudioSummary.positions(frameTimes, r.beatTimes());
            String title = Double.isNaN(r.tempoBpm()) ? "Audio · no steady beat found"
                    : String.format(java.util.Locale.ROOT, "Audio · %.1f BPM · %d beats", r.tempoBpm(), beats.length);
            return new AudioLane(title, summary, frameTimes, AudioSummary.perFrame(r.onset(), frameTimes), r.onset(), r.beatTimes(), beats,
                    r.tempoBpm());
        }
    }

    /**
     * How one dancer's movement meets the music's beats.
     *
     * @param trackId     the dancer
     * @param score       the beat alignment score (NaN when there is nothing to average)
     * @param beats       the dancer's kinematic beats as fractional frame positions
     * @param overTime    the score in windows, per video frame (NaN where none)
     * @param windowSeconds the windows' length
     */
    public record DancerBeats(int trackId, double score, double[] beats, float[] overTime, double windowSeconds) {
    }

    /**
     * One movement measure of one dancer as a lane, e.g. the speed of the left wrist of dancer 3.
     *
     * @param track   the dancer's identity (the lane takes its colour)
     * @param dancer  the dancer's name, e.g. "movenet-multipose #3"
     * @param measure the measure, e.g. "speed.left_wrist"
     * @param unit   the values' unit, e.g. "px/s", "m/s", "deg"
     * @param values per video frame (NaN where there is no value: a gap, or frames the dancer is not in)
     * @param min    the bottom of the lane's own scale
     * @param max    its top
     */
    public record MeasureLane(int track, String dancer, String measure, String unit, float[] values, double min, double max) {
        /** The dancer and the measure, e.g. "movenet-multipose #3 speed.left_wrist". */
        public String name() {
            return dancer + " " + measure;
        }
    }

    /** Movement measures chosen for the timeline, under a title row (e.g. "movement · pose run 4 · px"). */
    public record MeasureLanes(String title, List<MeasureLane> lanes) {
        public MeasureLanes {
            lanes = List.copyOf(lanes);
        }
    }

    private final ObjectProperty<List<Series>> series = new SimpleObjectProperty<>(List.of());
    private final ObjectProperty<List<Mark>> marks = new SimpleObjectProperty<>(List.of());
    private final ObjectProperty<List<Mark>> ratedMarks = new SimpleObjectProperty<>(List.of());
    private final ObjectProperty<float[]> importance = new SimpleObjectProperty<>();
    private final ObjectProperty<ScoreLanes> scores = new SimpleObjectProperty<>();
    private final ObjectProperty<CompareLanes> comparison = new SimpleObjectProperty<>();
    private final ObjectProperty<MeasureLanes> measures = new SimpleObjectProperty<>();
    private final javafx.beans.property.DoubleProperty viewFrom = new javafx.beans.property.SimpleDoubleProperty(0);
    private final javafx.beans.property.DoubleProperty viewTo = new javafx.beans.property.SimpleDoubleProperty(0);
    private final javafx.beans.property.ReadOnlyIntegerWrapper frameCount = new javafx.beans.property.ReadOnlyIntegerWrapper(0);
    private final javafx.beans.property.ReadOnlyIntegerWrapper playhead = new javafx.beans.property.ReadOnlyIntegerWrapper(0);
    private final ObjectProperty<AudioLane> audio = new SimpleObjectProperty<>();
    private final ObjectProperty<Map<Integer, DancerBeats>> dancerBeats = new SimpleObjectProperty<>(Map.of());
    private final StringProperty hover = new SimpleStringProperty("");
    private final ObjectProperty<List<String>> hoverLines = new SimpleObjectProperty<>(List.of());
    /** The pose model whose run the confidence lanes are (names the dancers; null: unnamed). */
    private String poseModel;
    private final java.util.function.IntConsumer seek;

    public TimelineViewModel(java.util.function.IntConsumer seek) {
        this.seek = seek;
        frameCount.addListener((o, a, b) -> resetView());
    }

    /**
     * Lanes for one classifier series: the {@code topK} labels by mean score, each as a per-frame array over the
     * video's {@code frames} (NaN where unscored), and the segments. Pure: call off the UI thread for long videos.
     */
    public static ScoreLanes scoreLanes(String title, org.dancelens.core.ScoreSeries s, List<org.dancelens.classify.Aggregation.Segment> segments,
                                        int frames, int topK) {
        var l = org.dancelens.export.TimelineExport.lanes(title, s, segments, frames, topK); // the one rule, shared with the exported timelines
        return new ScoreLanes(l.title(), l.labels(), l.values(), l.allLabels(), l.segments());
    }

    /** Per-dancer confidence series from stored poses (frames without a pose are NaN). Pure: call off the UI thread for long videos. */
    public static List<Series> confidence(Map<Integer, List<Pose>> poses, int frames) {
        Map<Integer, float[]> byTrack = new TreeMap<>();
        poses.forEach((frame, list) -> {
            for (Pose p : list) {
                float[] v = byTrack.computeIfAbsent(p.trackId(), t -> {
                    float[] a = new float[frames];
                    java.util.Arrays.fill(a, Float.NaN);
                    return a;
                });
                if (frame >= 0 && frame < frames) {
                    double sum = 0;
                    for (var k : p.keypoints()) {
                        sum += k.score();
                    }
                    v[frame] = (float) (sum / p.keypoints().size());
                }
            }
        });
        // Lanes: greedy interval packing by first appearance (a lane is free again 5 frames after its last dancer left).
        List<int[]> spans = new java.util.ArrayList<>(); // {track, first, last}
        byTrack.forEach((t, v) -> {
            int first = -1;
            int last = -1;
            for (int i = 0; i < v.length; i++) {
                if (!Float.isNaN(v[i])) {
                    first = first < 0 ? i : first;
                    last = i;
                }
            }
            spans.add(new int[] {t, first, last});
        });
        spans.sort(java.util.Comparator.comparingInt((int[] a) -> a[1]).thenComparingInt(a -> a[0]));
        List<Integer> laneEnd = new java.util.ArrayList<>();
        List<Series> out = new java.util.ArrayList<>();
        for (int[] sp : spans) {
            int lane = 0;
            while (lane < laneEnd.size() && laneEnd.get(lane) + 5 >= sp[1]) {
                lane++;
            }
            if (lane == laneEnd.size()) {
                laneEnd.add(sp[2]);
            } else {
                laneEnd.set(lane, sp[2]);
            }
            out.add(new Series(sp[0], byTrack.get(sp[0]), sp[1], sp[2], lane));
        }
        return out;
    }

    /** Number of lanes the series use. */
    public static int lanes(List<Series> series) {
        return series.stream().mapToInt(Series::lane).max().orElse(-1) + 1;
    }

    /**
     * Level of detail: for each of {@code columns} pixel columns, the min and max of the frames it covers
     * ({@code [2][columns]}, NaN where the dancer is absent in the whole column).
     */
    public static float[][] minMax(float[] values, int columns) {
        return org.dancelens.render.TimelineStrip.minMax(values, columns); // the exported timelines' rule too
    }

    /** The frame under a horizontal position of a timeline {@code width} pixels wide (within the visible range). */
    public int frameAt(double x, double width) {
        int n = frameCount.get();
        if (n <= 0 || width <= 0) {
            return 0;
        }
        double from = viewFrom.get();
        double span = Math.max(1e-9, viewTo.get() - from);
        return (int) Math.max(0, Math.min(n - 1, Math.floor(from + x / width * span)));
    }

    /** The horizontal position of the start of a frame. */
    public double xOf(double frame, double width) {
        double span = Math.max(1e-9, viewTo.get() - viewFrom.get());
        return (frame - viewFrom.get()) / span * width;
    }

    /**
     * Zoom in time around the pointer: {@code factor} below 1 zooms in. The visible range never gets shorter than
     * 10 frames nor longer than the video.
     */
    public void zoomAt(double x, double width, double factor) {
        int n = frameCount.get();
        if (n <= 0 || width <= 0) {
            return;
        }
        double from = viewFrom.get();
        double span = viewTo.get() - from;
        double anchor = from + x / width * span;
        double newSpan = Math.max(Math.min(10, n), Math.min(n, span * factor));
        double newFrom = anchor - (anchor - from) * newSpan / span;
        setView(newFrom, newSpan);
    }

    /** Pan by a number of pixels (positive: later frames come into view). */
    public void panBy(double dx, double width) {
        if (width <= 0) {
            return;
        }
        double span = viewTo.get() - viewFrom.get();
        setView(viewFrom.get() + dx / width * span, span);
    }

    /** Shows the whole video. */
    public void resetView() {
        viewFrom.set(0);
        viewTo.set(frameCount.get());
    }

    private void setView(double from, double span) {
        int n = frameCount.get();
        from = Math.max(0, Math.min(n - span, from));
        viewFrom.set(from);
        viewTo.set(from + span);
    }

    /** Keeps the playhead in view while playing: pages forward (or back) when it leaves the visible range. */
    public void follow(int frame) {
        double span = viewTo.get() - viewFrom.get();
        if (frame < viewFrom.get() || frame >= viewTo.get()) {
            setView(frame - span * 0.1, span);
        }
    }

    /**
     * Level of detail over the visible range: for each of {@code columns} pixel columns, the min and max of the
     * frames it covers ({@code [2][columns]}, NaN where there is no value in the whole column).
     */
    public float[][] visibleMinMax(float[] values, int columns) {
        int a = (int) Math.floor(viewFrom.get());
        int b = (int) Math.ceil(viewTo.get());
        a = Math.max(0, Math.min(values.length, a));
        b = Math.max(a, Math.min(values.length, b));
        return minMax(java.util.Arrays.copyOfRange(values, a, b), columns);
    }

    /** Click or drag on the timeline. */
    public void seekTo(double x, double width) {
        seek.accept(frameAt(x, width));
    }

    /** Hover: the exact values at the frame under the pointer. */
    public void hoverAt(double x, double width) {
        hoverAt(x, width, -1, -1);
    }

    /**
     * Hover over row {@code joint} of heat strip {@code heat} of the comparison (-1: elsewhere): that joint's distance
     * at the frame under the pointer first, then the exact values of every lane.
     */
    public void hoverAt(double x, double width, int heat, int joint) {
        int f = frameAt(x, width);
        List<String> lines = new java.util.ArrayList<>();
        lines.add("frame " + f);
        CompareLanes hc = comparison.get();
        if (hc != null && heat >= 0 && heat < hc.heat().size() && joint >= 0 && joint < hc.heat().get(heat).joints().size()) {
            CompareHeat ht = hc.heat().get(heat);
            float v = f < ht.values()[joint].length ? ht.values()[joint][f] : Float.NaN;
            lines.add(ht.name() + " " + ht.joints().get(joint) + (Float.isNaN(v) ? ": no distance" : String.format(java.util.Locale.ROOT, " %.1f px", v)));
        }
        for (Series s : series.get()) {
            float v = s.values()[f];
            if (!Float.isNaN(v)) {
                lines.add(String.format(java.util.Locale.ROOT, "%s %.2f", laneLabel(s), v));
            }
        }
        audioHover(x, width, lines);
        float[] imp = importance.get();
        if (imp != null && f < imp.length && !Float.isNaN(imp[f])) {
            lines.add(String.format(java.util.Locale.ROOT, "importance %.2f", imp[f]));
        }
        for (Mark m : marks.get()) {
            if (f >= m.start() && f <= m.end()) {
                lines.add("label " + m.label() + " (" + m.start() + "–" + m.end() + ")");
            }
        }
        for (Mark m : ratedMarks.get()) {
            if (f >= m.start() && f <= m.end()) {
                lines.add("rated " + m.label() + " (" + m.start() + "–" + m.end() + ")");
            }
        }
        ScoreLanes sc = scores.get();
        if (sc != null) {
            for (int k = 0; k < sc.labels().size(); k++) {
                float v = f < sc.values()[k].length ? sc.values()[k][f] : Float.NaN;
                if (!Float.isNaN(v)) {
                    lines.add(String.format(java.util.Locale.ROOT, "%s %.3f", sc.labels().get(k), v));
                }
            }
            for (int[] seg : sc.segments()) {
                if (f >= seg[0] && f <= seg[1]) {
                    lines.add("segment " + sc.allLabels().get(seg[2]) + " (" + seg[0] + "–" + seg[1] + ")");
                }
            }
        }
        CompareLanes cmp = comparison.get();
        if (cmp != null) {
            for (CompareLane l : cmp.lanes()) {
                float v = f < l.values().length ? l.values()[f] : Float.NaN;
                if (!Float.isNaN(v)) {
                    lines.add(String.format(java.util.Locale.ROOT, "%s %.3f", l.name(), v));
                }
            }
            for (CompareHeat ht : cmp.heat()) { // per strip, its joint furthest apart in the frame
                int worst = -1;
                for (int j = 0; j < ht.joints().size(); j++) {
                    float v = f < ht.values()[j].length ? ht.values()[j][f] : Float.NaN;
                    if (!Float.isNaN(v) && (worst < 0 || v > ht.values()[worst][f])) {
                        worst = j;
                    }
                }
                if (worst >= 0) {
                    lines.add(String.format(java.util.Locale.ROOT, "%s largest: %s %.1f px", ht.name(), ht.joints().get(worst), ht.values()[worst][f]));
                }
            }
        }
        measureHover(f, lines);
        hoverLines.set(List.copyOf(lines));
        hover.set(lines.get(0) + ":" + lines.stream().skip(1).map(l -> "  " + l).collect(java.util.stream.Collectors.joining()));
    }

    /** The pointer left the timeline: no hover values. */
    public void clearHover() {
        hoverLines.set(List.of());
        hover.set("");
    }

    /** The hover values as lines: the frame first, then one line per value (empty when the pointer is elsewhere). */
    public ReadOnlyObjectProperty<List<String>> hoverLinesProperty() {
        return hoverLines;
    }

    /**
     * The palette index (for {@code Palette.category}) of a label in the timeline: a classifier's label by its place
     * in the model's labels, so a labelled range and the segments of the same label share a colour; any other
     * labelled range by its place among the other range labels (sorted), after the model's, so every label has a
     * colour of its own.
     */
    public int colorIndexOf(String label) {
        ScoreLanes sc = scores.get();
        List<String> known = sc == null ? List.of() : sc.allLabels();
        int k = known.indexOf(label);
        if (k >= 0) {
            return k;
        }
        List<String> others = marks.get().stream().map(Mark::label).filter(l -> !known.contains(l)).distinct().sorted().toList();
        return known.size() + Math.max(0, others.indexOf(label));
    }

    /** Confidence lanes of an unnamed pose run (dancers read {@code #3}). */
    public void setSeries(List<Series> s, int frames) {
        setSeries(s, frames, null);
    }

    /**
     * Confidence lanes of a pose run, its dancers named with the run's pose model ({@code movenet-multipose #3}).
     * What the pointer read before is cleared: it was about other lanes.
     */
    public void setSeries(List<Series> s, int frames, String poseModel) {
        this.poseModel = poseModel;
        frameCount.set(frames);
        series.set(s);
        dancerBeats.set(Map.of()); // they were of the dancers before
        clearHover();
    }

    /** The title of the confidence lanes: the pose run's model (whose dancers the lanes' numbers are), or "poses". */
    public String poseLanesTitle() {
        return poseModel == null || poseModel.isBlank() ? "poses" : poseModel;
    }

    /** The name a dancer's lane is labelled with, e.g. {@code movenet-multipose #3}. */
    public String laneLabel(Series s) {
        return org.dancelens.core.DancerNames.dancer(poseModel, s.trackId());
    }

    /** An importance lane (0..1 per video frame, NaN where none; null to remove it), e.g. occlusion attribution. */
    public void setImportance(float[] perFrame) {
        importance.set(perFrame);
        clearHover();
    }

    public ReadOnlyObjectProperty<float[]> importanceProperty() {
        return importance;
    }

    /** Shows labelled ranges as markers. */
    public void setMarks(List<Mark> m) {
        marks.set(m == null ? List.of() : List.copyOf(m));
    }

    public ReadOnlyObjectProperty<List<Mark>> marksProperty() {
        return marks;
    }

    /** Shows rated ranges as markers in a lane of their own (see {@link #ratedMarks}). */
    public void setRatedMarks(List<Mark> m) {
        ratedMarks.set(m == null ? List.of() : List.copyOf(m));
    }

    public ReadOnlyObjectProperty<List<Mark>> ratedMarksProperty() {
        return ratedMarks;
    }

    /**
     * One marker per rated range (by start frame), reading each criterion's mean rating and how many raters gave it,
     * e.g. "fluidity 5.75 (2) · precision 4 (1)" (criteria in the order they first appear).
     */
    public static List<Mark> ratedMarks(List<org.dancelens.analysis.store.RatedRanges.RatedRange> ratings) {
        Map<List<Integer>, Map<String, double[]>> byRange = new java.util.TreeMap<>(
                java.util.Comparator.<List<Integer>>comparingInt(k -> k.get(0)).thenComparingInt(k -> k.get(1)));
        for (var r : ratings) {
            double[] sumCount = byRange.computeIfAbsent(List.of(r.startFrame(), r.endFrame()), k -> new java.util.LinkedHashMap<>())
                    .computeIfAbsent(r.criterion(), c -> new double[2]);
            sumCount[0] += r.value();
            sumCount[1]++;
        }
        List<Mark> out = new ArrayList<>();
        byRange.forEach((range, criteria) -> {
            StringBuilder text = new StringBuilder();
            criteria.forEach((c, sc) -> text.append(text.length() == 0 ? "" : " · ").append(c).append(' ')
                    .append(org.dancelens.analysis.store.RatedRanges.number(Math.round(sc[0] / sc[1] * 100) / 100.0))
                    .append(" (").append((int) sc[1]).append(')'));
            out.add(new Mark(range.get(0), range.get(1), text.toString()));
        });
        return out;
    }

    /** Shows a classifier's lanes (null: none). */
    public void setScores(ScoreLanes lanes) {
        scores.set(lanes);
        clearHover();
    }

    public ReadOnlyObjectProperty<ScoreLanes> scoresProperty() {
        return scores;
    }

    /** Shows the lanes of a comparison of two runs (null: none). */
    public void setComparison(CompareLanes lanes) {
        comparison.set(lanes);
        clearHover();
    }

    public ReadOnlyObjectProperty<CompareLanes> comparisonProperty() {
        return comparison;
    }

    // ---- movement measures ----

    /** Shows movement measures as lanes (null: none). */
    public void setMeasures(MeasureLanes lanes) {
        measures.set(lanes);
        clearHover();
    }

    public ReadOnlyObjectProperty<MeasureLanes> measuresProperty() {
        return measures;
    }

    /** The hover lines of the measure lanes at frame {@code f}: each lane's value with its unit (a gap says so). */
    private void measureHover(int f, List<String> lines) {
        MeasureLanes ml = measures.get();
        if (ml == null) {
            return;
        }
        for (MeasureLane l : ml.lanes()) {
            float v = f < l.values().length ? l.values()[f] : Float.NaN;
            lines.add(l.name() + (Float.isNaN(v) ? ": no value" : " " + measureText(v) + " " + l.unit()));
        }
    }

    /** A measure's value as the hover shows it: three significant digits, at least the units. */
    public static String measureText(double v) {
        double a = Math.abs(v);
        if (a >= 100 || a == 0) {
            return String.format(java.util.Locale.ROOT, "%.0f", v);
        }
        if (a >= 1) {
            return String.format(java.util.Locale.ROOT, a >= 10 ? "%.1f" : "%.2f", v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }

    public javafx.beans.property.ReadOnlyDoubleProperty viewFromProperty() {
        return viewFrom;
    }

    public javafx.beans.property.ReadOnlyDoubleProperty viewToProperty() {
        return viewTo;
    }

    public ReadOnlyObjectProperty<List<Series>> seriesProperty() {
        return series;
    }

    public javafx.beans.property.ReadOnlyIntegerProperty frameCountProperty() {
        return frameCount.getReadOnlyProperty();
    }

    /** The frame the player shows, drawn as the playhead. */
    public javafx.beans.property.ReadOnlyIntegerProperty playheadProperty() {
        return playhead.getReadOnlyProperty();
    }

    /** The player moved: the playhead follows. */
    public void movePlayhead(int frame) {
        playhead.set(frame);
    }

    public ReadOnlyStringProperty hoverProperty() {
        return hover;
    }
    // ---- the audio lane and the dancers' beats ----

    /** Shows the audio lane group (null: none). */
    public void setAudio(AudioLane lane) {
        audio.set(lane);
        clearHover();
    }

    public ReadOnlyObjectProperty<AudioLane> audioProperty() {
        return audio;
    }

    /** Shows how each dancer of the pose lanes meets the music (empty: nothing), by track id. */
    public void setDancerBeats(Map<Integer, DancerBeats> beats) {
        dancerBeats.set(beats == null ? Map.of() : Map.copyOf(beats));
        clearHover();
    }

    public ReadOnlyObjectProperty<Map<Integer, DancerBeats>> dancerBeatsProperty() {
        return dancerBeats;
    }

    /** A dancer's tag in the pose lanes: {@code #3}, with the beat alignment score when known ({@code #3 · BAS 0.62}). */
    public String dancerTag(int trackId) {
        DancerBeats b = dancerBeats.get().get(trackId);
        return "#" + trackId + (b == null || Double.isNaN(b.score()) ? "" : String.format(java.util.Locale.ROOT, " · BAS %.2f", b.score()));
    }

    /**
     * The waveform's envelope over the visible range in {@code columns} pixel columns ({@code [2][columns]}: least and
     * greatest sample, NaN where there is no audio), from the lane's peak summary.
     */
    public float[][] visibleWaveform(AudioLane lane, int columns) {
        return lane.summary().columns(lane.frameTimes(), viewFrom.get(), viewTo.get(), columns);
    }

    /** The fractional frame under a horizontal position. */
    private double positionAt(double x, double width) {
        double from = viewFrom.get();
        return from + x / Math.max(1e-9, width) * Math.max(1e-9, viewTo.get() - from);
    }

    /** The audio's and the dancers' beat values at the pointer: time, onset strength, nearest beat; each dancer's score. */
    private void audioHover(double x, double width, List<String> lines) {
        AudioLane a = audio.get();
        int f = frameAt(x, width);
        if (a != null && a.hasMusic()) {
            double t = AudioSummary.timeAt(a.frameTimes(), positionAt(x, width));
            double onset = a.onsetEnvelope() == null ? Double.NaN : AudioSummary.onsetAt(a.onsetEnvelope(), t);
            double beat = AudioSummary.nearest(a.beatTimes(), t);
            lines.add(String.format(java.util.Locale.ROOT, "audio %.3f s%s%s", t, Double.isNaN(onset) ? "" : String.format(java.util.Locale.ROOT, " · onset %.2f", onset),
                    Double.isNaN(beat) ? "" : String.format(java.util.Locale.ROOT, " · beat %.3f s (%+d ms)", beat, Math.round((beat - t) * 1000))));
        }
        for (DancerBeats b : dancerBeats.get().values().stream().sorted(java.util.Comparator.comparingInt(DancerBeats::trackId)).toList()) {
            float w = f < b.overTime().length ? b.overTime()[f] : Float.NaN;
            if (!Float.isNaN(w)) {
                lines.add(String.format(java.util.Locale.ROOT, "#%d beat alignment %.2f (%.0f s window; all %.2f)", b.trackId(), w, b.windowSeconds(), b.score()));
            }
        }
    }
}
