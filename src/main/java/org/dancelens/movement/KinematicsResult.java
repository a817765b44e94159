package org.dancelens.movement;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dancelens.core.DanceLensException;

/**
 * One dancer's measures, ready to be written (CSV, JSON), stored or drawn as timeline lanes: named series with one
 * value per sample of the track (NaN in gaps), a summary of named numbers, the stillness segments and the tempo
 * windows. Immutable: arrays are copied out.
 */
public final class KinematicsResult {
    /** One named per-sample series and its unit ({@code deg}, {@code px/s}, {@code m/s^2}, {@code BPM}, {@code %}...). */
    public record Series(String name, String unit, double[] values) {
    }

    private final int trackId;
    private final String lengthUnit;
    private final int[] frames;
    private final double[] times;
    private final Map<String, Series> series;
    private final Map<String, Double> summary;
    private final List<Energy.Segment> stillness;
    private final List<Tempo.Estimate> tempo;

    KinematicsResult(int trackId, String lengthUnit, int[] frames, double[] times, Map<String, Series> series, Map<String, Double> summary,
                     List<Energy.Segment> stillness, List<Tempo.Estimate> tempo) {
        this.trackId = trackId;
        this.lengthUnit = lengthUnit;
        this.frames = frames.clone();
        this.times = times.clone();
        this.series = Collections.unmodifiableMap(new LinkedHashMap<>(series));
        this.summary = Collections.unmodifiableMap(new LinkedHashMap<>(summary));
        this.stillness = List.copyOf(stillness);
        this.tempo = List.copyOf(tempo);
    }

    public int trackId() {
        return trackId;
    }

    /** {@code px} or {@code m}. */
    public String lengthUnit() {
        return lengthUnit;
    }

    /** The video frame of each sample. */
    public int[] frames() {
        return frames.clone();
    }

    /** The time of each sample in seconds. */
    public double[] times() {
        return times.clone();
    }

    public int size() {
        return frames.length;
    }

    /** The series' names, in a stable order (angles, speeds, centre of mass, symmetry, energy, tempo). */
    public List<String> names() {
        return new ArrayList<>(series.keySet());
    }

    /** A copy of a series' values. */
    public double[] values(String name) {
        return find(name).values().clone();
    }

    public String unit(String name) {
        return find(name).unit();
    }

    private Series find(String name) {
        Series s = series.get(name);
        if (s == null) {
            throw DanceLensException.badInput("No kinematic series is called " + name + " (known: " + String.join(", ", series.keySet()) + ").");
        }
        return s;
    }

    /** The per-dancer summary: name to value (NaN where a measure could not be taken). */
    public Map<String, Double> summary() {
        return summary;
    }

    public List<Energy.Segment> stillness() {
        return stillness;
    }

    public List<Tempo.Estimate> tempo() {
        return tempo;
    }
}
