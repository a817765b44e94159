package org.dancelens.ui.timeline;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleIntegerProperty;
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

    private final ObjectProperty<List<Series>> series = new SimpleObjectProperty<>(List.of());
    private final IntegerProperty frameCount = new SimpleIntegerProperty(0);
    private final IntegerProperty playhead = new SimpleIntegerProperty(0);
    private final StringProperty hover = new SimpleStringProperty("");
    private final java.util.function.IntConsumer seek;

    public TimelineViewModel(java.util.function.IntConsumer seek) {
        this.seek = seek;
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
        float[][] out = new float[2][columns];
        int n = values.length;
        for (int c = 0; c < columns; c++) {
            int a = (int) ((long) c * n / columns);
            int b = Math.max(a + 1, (int) ((long) (c + 1) * n / columns));
            float lo = Float.NaN;
            float hi = Float.NaN;
            for (int i = a; i < Math.min(b, n); i++) {
                float v = values[i];
                if (Float.isNaN(v)) {
                    continue;
                }
                lo = Float.isNaN(lo) ? v : Math.min(lo, v);
                hi = Float.isNaN(hi) ? v : Math.max(hi, v);
            }
            out[0][c] = lo;
            out[1][c] = hi;
        }
        return out;
    }

    /** The frame under a horizontal position of a timeline {@code width} pixels wide. */
    public int frameAt(double x, double width) {
        int n = frameCount.get();
        if (n <= 0 || width <= 0) {
            return 0;
        }
        return (int) Math.max(0, Math.min(n - 1, Math.floor(x / width * n)));
    }

    /** Click or drag on the timeline. */
    public void seekTo(double x, double width) {
        seek.accept(frameAt(x, width));
    }

    /** Hover: the exact values at the frame under the pointer. */
    public void hoverAt(double x, double width) {
        int f = frameAt(x, width);
        StringBuilder sb = new StringBuilder("frame " + f + ":");
        for (Series s : series.get()) {
            float v = s.values()[f];
            if (!Float.isNaN(v)) {
                sb.append(String.format(java.util.Locale.ROOT, "  #%d %.2f", s.trackId(), v));
            }
        }
        hover.set(sb.toString());
    }

    public void setSeries(List<Series> s, int frames) {
        frameCount.set(frames);
        series.set(s);
    }

    public ReadOnlyObjectProperty<List<Series>> seriesProperty() {
        return series;
    }

    public IntegerProperty frameCountProperty() {
        return frameCount;
    }

    public IntegerProperty playheadProperty() {
        return playhead;
    }

    public ReadOnlyStringProperty hoverProperty() {
        return hover;
    }
}
