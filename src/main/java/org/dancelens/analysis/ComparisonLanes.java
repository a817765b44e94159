package org.dancelens.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.dancelens.compare.ClassifierComparison;
import org.dancelens.compare.MapComparison;
import org.dancelens.compare.PoseComparison;

/**
 * The lanes of a comparison of two runs over the video's frames, one rule for the Compare tab's timeline and the
 * comparison clip's strip: pose runs, the OKS of each matched dancer of A (the ones matched longest when there are
 * more than asked for) and, when a run missed a dancer the other saw, the count of missed dancers per frame; classify
 * runs, the Jensen-Shannon divergence and the top label's agreement (1 agree, 0 not) per pair of dancers (or the whole
 * frame), and the disagreement segments; explain runs, the IoU of the maps' strongest 20 % and their Spearman
 * correlation. Frames a lane has no value for are NaN.
 */
public final class ComparisonLanes {
    private ComparisonLanes() {
    }

    /** One lane: its name, a value per video frame (NaN: none) and the range it is drawn on. */
    public record Lane(String name, float[] values, double min, double max) {
    }

    /**
     * The lanes and what they compare.
     *
     * @param title    "run 1 (model) vs run 2 (model) · what the lanes show"
     * @param segments the classifiers' disagreement segments, {first frame, last frame} (none for other kinds)
     */
    public record Lanes(String title, List<Lane> lanes, List<int[]> segments) {
        public Lanes {
            lanes = List.copyOf(lanes);
            segments = List.copyOf(segments);
        }
    }

    /**
     * @param frames     the video's frame count
     * @param maxDancers at most this many dancers' lanes (pose runs: the dancers of A matched longest; classify runs: pairs
     *                   of dancers in the order first seen), said in the title when there are more
     */
    public static Lanes of(RunComparison.Outcome o, int frames, int maxDancers) {
        List<Lane> l = new ArrayList<>();
        List<int[]> segments = new ArrayList<>();
        String title = String.format(Locale.ROOT, "run %d (%s) vs run %d (%s)", o.a().id(), o.a().modelId(), o.b().id(), o.b().modelId());
        if (o instanceof RunComparison.PoseOutcome p) {
            Map<Integer, float[]> byTrack = new TreeMap<>();
            Map<Integer, Integer> count = new TreeMap<>();
            for (PoseComparison.Pair pr : p.result().pairs()) {
                if (pr.frame() >= 0 && pr.frame() < frames) {
                    byTrack.computeIfAbsent(pr.trackA(), t -> nan(frames))[pr.frame()] = (float) pr.oks();
                    count.merge(pr.trackA(), 1, Integer::sum);
                }
            }
            List<Integer> shown = count.entrySet().stream().sorted(Map.Entry.<Integer, Integer>comparingByValue().reversed()
                    .thenComparing(Map.Entry.comparingByKey())).limit(maxDancers).map(Map.Entry::getKey).sorted().toList();
            title += " · OKS per matched dancer of A" + (byTrack.size() > shown.size() ? " (the " + shown.size() + " matched longest of "
                    + byTrack.size() + ")" : "");
            for (int t : shown) {
                l.add(new Lane("OKS A #" + t, byTrack.get(t), 0, 1));
            }
            if (!p.result().missed().isEmpty()) {
                float[] missed = nan(frames);
                TreeMap<Integer, Integer> perFrame = new TreeMap<>();
                p.result().missed().forEach(m -> perFrame.merge(m.frame(), 1, Integer::sum));
                for (PoseComparison.Pair pr : p.result().pairs()) {
                    perFrame.putIfAbsent(pr.frame(), 0);
                }
                perFrame.forEach((f, n) -> {
                    if (f >= 0 && f < frames) {
                        missed[f] = n;
                    }
                });
                l.add(new Lane("missed", missed, 0, Math.max(1, perFrame.values().stream().mapToInt(Integer::intValue).max().orElse(1))));
            }
        } else if (o instanceof RunComparison.ClassifyOutcome c) {
            title += " · JS divergence and top-label agreement";
            Map<String, float[][]> byPair = new LinkedHashMap<>();
            for (ClassifierComparison.Frame f : c.result().frames()) {
                if (f.frame() < 0 || f.frame() >= frames) {
                    continue;
                }
                String name = f.trackA() < 0 ? "" : String.format(Locale.ROOT, " A#%d~B#%d", f.trackA(), f.trackB());
                float[][] v = byPair.computeIfAbsent(name, k -> new float[][] {nan(frames), nan(frames)});
                v[0][f.frame()] = (float) f.js();
                v[1][f.frame()] = f.agree() ? 1 : 0;
            }
            byPair.entrySet().stream().limit(maxDancers).forEach(e -> {
                l.add(new Lane("JS" + e.getKey(), e.getValue()[0], 0, 1));
                l.add(new Lane("agree" + e.getKey(), e.getValue()[1], 0, 1));
            });
            if (byPair.size() > maxDancers) {
                title += " (" + maxDancers + " of " + byPair.size() + " pairs)";
            }
            for (ClassifierComparison.Segment s : c.result().segments()) {
                segments.add(new int[] {s.startFrame(), s.endFrame()});
            }
        } else if (o instanceof RunComparison.ExplainOutcome e) {
            title += " · IoU of the strongest 20 % and Spearman";
            float[] iou = nan(frames);
            float[] rho = nan(frames);
            for (MapComparison.Frame f : e.result().frames()) {
                if (f.frame() >= 0 && f.frame() < frames) {
                    iou[f.frame()] = (float) f.iou();
                    rho[f.frame()] = (float) f.spearman();
                }
            }
            l.add(new Lane("IoU", iou, 0, 1));
            l.add(new Lane("Spearman", rho, -1, 1));
        }
        return new Lanes(title, l, segments);
    }

    private static float[] nan(int frames) {
        float[] v = new float[frames];
        Arrays.fill(v, Float.NaN);
        return v;
    }
}
