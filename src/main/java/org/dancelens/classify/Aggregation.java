package org.dancelens.classify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.dancelens.core.ScoreSeries;

/** From per-frame scores to a verdict: smoothing, segments (a label held long enough) and video-level top-k. */
public final class Aggregation {
    private Aggregation() {
    }

    /** A stretch of frames {@code [startFrame, endFrame]} (inclusive) with one label and its mean score there. */
    public record Segment(int track, int startFrame, int endFrame, String label, double meanScore) {
    }

    /** A label with its mean score over the frames that have scores. */
    public record Ranked(String label, double score) {
    }

    /**
     * Centred moving average over {@code window} frames (odd; 1 = unchanged); the average never reaches across a
     * gap in the frame numbers.
     */
    public static ScoreSeries smooth(ScoreSeries s, int window) {
        if (window <= 1 || s.size() == 0) {
            return s;
        }
        int half = window / 2;
        int k = s.labels().size();
        float[][] out = new float[s.size()][k];
        for (int i = 0; i < s.size(); i++) {
            double[] sum = new double[k];
            int n = 0;
            for (int j = i - half; j <= i + half; j++) {
                if (j < 0 || j >= s.size() || Math.abs(s.frames()[j] - s.frames()[i]) != Math.abs(j - i)) {
                    continue;
                }
                for (int c = 0; c < k; c++) {
                    sum[c] += s.scores()[j][c];
                }
                n++;
            }
            for (int c = 0; c < k; c++) {
                out[i][c] = (float) (sum[c] / n);
            }
        }
        return new ScoreSeries(s.track(), s.labels(), s.frames(), out);
    }

    /**
     * Segments of the best label per frame. A run shorter than {@code minFrames} joins the run before it (the
     * first run joins the one after), so every segment holds its label at least that long unless the series is
     * shorter; a gap of more than {@code minFrames} missing frames ends a segment.
     */
    public static List<Segment> segments(ScoreSeries s, int minFrames) {
        List<int[]> runs = new ArrayList<>(); // {first index, last index, label}
        for (int i = 0; i < s.size(); i++) {
            int best = argmax(s.scores()[i]);
            int[] last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            boolean gap = last != null && s.frames()[i] - s.frames()[i - 1] > minFrames + 1;
            if (last != null && last[2] == best && !gap) {
                last[1] = i;
            } else {
                runs.add(new int[] {i, i, best, gap ? 1 : 0});
            }
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int r = 0; r < runs.size(); r++) {
                int[] run = runs.get(r);
                if (frames(s, run) >= minFrames) {
                    continue;
                }
                int into = r > 0 && run[3] == 0 ? r - 1 : r + 1 < runs.size() && runs.get(r + 1)[3] == 0 ? r + 1 : -1;
                if (into < 0) {
                    continue;
                }
                int[] other = runs.get(into);
                other[0] = Math.min(other[0], run[0]);
                other[1] = Math.max(other[1], run[1]);
                other[3] = into < r ? other[3] : run[3];
                runs.remove(r);
                changed = true;
                break;
            }
            // neighbours with the same label after a merge become one
            for (int r = 1; r < runs.size(); r++) {
                if (runs.get(r)[2] == runs.get(r - 1)[2] && runs.get(r)[3] == 0) {
                    runs.get(r - 1)[1] = runs.get(r)[1];
                    runs.remove(r);
                    changed = true;
                    break;
                }
            }
        }
        List<Segment> out = new ArrayList<>();
        for (int[] run : runs) {
            double sum = 0;
            for (int i = run[0]; i <= run[1]; i++) {
                sum += s.scores()[i][run[2]];
            }
            out.add(new Segment(s.track(), s.frames()[run[0]], s.frames()[run[1]], s.labels().get(run[2]), sum / (run[1] - run[0] + 1)));
        }
        return out;
    }

    private static int frames(ScoreSeries s, int[] run) {
        return s.frames()[run[1]] - s.frames()[run[0]] + 1;
    }

    /** The k labels with the highest mean score over all scored frames, best first. */
    public static List<Ranked> topK(ScoreSeries s, int k) {
        int n = s.labels().size();
        double[] mean = new double[n];
        for (float[] v : s.scores()) {
            for (int c = 0; c < n; c++) {
                mean[c] += v[c] / (double) s.size();
            }
        }
        List<Ranked> all = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            all.add(new Ranked(s.labels().get(c), s.size() == 0 ? 0 : mean[c]));
        }
        all.sort(Comparator.comparingDouble(Ranked::score).reversed());
        return all.subList(0, Math.min(k, n));
    }

    static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
