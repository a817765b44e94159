package org.dancelens.movement.music;

import org.dancelens.core.AudioTrack;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Ellis's dynamic-programming beat tracker (D. P. W. Ellis, "Beat Tracking by Dynamic Programming", J. New Music
 * Research 36(1):51–60, 2007), with the details of librosa's {@code beat.beat_track} (McFee et al. 2015; version 0.10):
 *
 * <ol>
 * <li>the onset envelope is divided by its standard deviation and smoothed with a Gaussian of standard deviation
 * {@code period/32} frames (librosa's local score {@code O});</li>
 * <li>the cumulative score {@code C(t) = O(t) + max_{τ ∈ [t−2p, t−p/2]} (C(τ) − α·(log((t−τ)/p))²)}, with the target
 * period {@code p = 60·frameRate/bpm} frames and tightness α (Ellis's transition cost {@code F(Δt, p) = −(log(Δt/p))²});
 * a predecessor before the first frame counts with {@code C = 0} and ends the chain (as in librosa 0.9, so that a
 * beat near the start is not penalised for the silence before it); no chain starts before the first frame whose local
 * score reaches 1% of its maximum;</li>
 * <li>the last beat is the last local maximum of {@code C} (inside the envelope, not at its ends) that reaches half the
 * median of {@code C}'s local maxima;
 * the beats are read back through the best predecessors;</li>
 * <li>trimming: the local scores at the beats, smoothed over neighbouring beats, are compared with half their root mean
 * square; the beats before the first and after the last that exceed it are dropped (weak beats before the music
 * starts or after it ends; see {@link #trim}).</li>
 * </ol>
 *
 * <p>Unlike librosa, the period is not rounded to whole frames. {@link #refine} optionally moves each beat to its
 * onset in the signal, finer than the envelope's frames.
 */
public final class BeatTracker {
    /** librosa's default tightness α. */
    public static final double DEFAULT_TIGHTNESS = 100.0;

    private BeatTracker() {
    }

    /** Beat times (seconds on the video's clock) at the given tempo, trimmed; empty when the envelope is silent. */
    public static double[] beats(OnsetEnvelope env, double bpm) {
        return beats(env, bpm, DEFAULT_TIGHTNESS, true);
    }

    public static double[] beats(OnsetEnvelope env, double bpm, double tightness, boolean trim) {
        int[] frames = beatFrames(env.strength(), env.frameRate(), bpm, tightness, trim);
        double[] t = new double[frames.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = env.timeOf(frames[i]);
        }
        return t;
    }

    /** The beats as frame indices of the envelope. */
    static int[] beatFrames(double[] onset, double frameRate, double bpm, double tightness, boolean trim) {
        int n = onset.length;
        if (n < 3 || !(bpm > 0) || Double.isNaN(bpm) || Arrays.stream(onset).noneMatch(v -> v > 0)) {
            return new int[0];
        }
        double period = 60.0 * frameRate / bpm;
        double[] local = localScore(normalise(onset), period);
        double[] cum = new double[n];
        int[] back = new int[n];
        double thresh = 0.01 * Arrays.stream(local).max().orElse(0);
        boolean firstBeat = true;
        int nearest = (int) Math.round(period / 2);
        int farthest = (int) Math.round(2 * period);
        for (int i = 0; i < n; i++) {
            double best = Double.NEGATIVE_INFINITY;
            int where = -1;
            for (int loc = i - Math.max(1, nearest); loc >= i - farthest; loc--) {
                // a predecessor before the start counts with score 0: a chain may start at any frame (librosa 0.9)
                double d = Math.log((i - loc) / period);
                double score = (loc >= 0 ? cum[loc] : 0.0) - tightness * d * d;
                if (score > best) {
                    best = score;
                    where = loc;
                }
            }
            cum[i] = local[i] + best;
            if (where < 0 || firstBeat && local[i] < thresh) {
                back[i] = -1;
            } else {
                back[i] = where;
                firstBeat = false;
            }
        }
        int last = lastBeat(cum);
        List<Integer> beats = new ArrayList<>();
        for (int b = last; b >= 0; b = back[b]) {
            beats.add(b);
        }
        int[] out = new int[beats.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = beats.get(out.length - 1 - i);
        }
        return trim(local, out, trim);
    }

    /** The envelope divided by its standard deviation (sample, n−1). */
    static double[] normalise(double[] onset) {
        double mean = Arrays.stream(onset).average().orElse(0);
        double ss = 0;
        for (double v : onset) {
            ss += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(ss / Math.max(1, onset.length - 1));
        double[] out = new double[onset.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = onset[i] / (sd + Double.MIN_NORMAL);
        }
        return out;
    }

    /** The onset envelope convolved with {@code exp(−½·(32k/period)²)} for {@code |k| ≤ period} ("same" size). */
    static double[] localScore(double[] onset, double period) {
        int half = (int) Math.round(period);
        double[] w = new double[2 * half + 1];
        for (int k = -half; k <= half; k++) {
            double z = k * 32.0 / period;
            w[k + half] = Math.exp(-0.5 * z * z);
        }
        int n = onset.length;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int k = -half; k <= half; k++) {
                int j = i - k;
                if (j >= 0 && j < n) {
                    s += onset[j] * w[k + half];
                }
            }
            out[i] = s;
        }
        return out;
    }

    /** The last local maximum of the cumulative score that reaches half the median of its local maxima. */
    static int lastBeat(double[] cum) {
        int n = cum.length;
        boolean[] max = new boolean[n];
        List<Double> values = new ArrayList<>();
        for (int i = 1; i < n - 1; i++) {
            // librosa's util.localmax (greater than the left neighbour, at least the right one), but only inside: librosa
            // pads the ends, which lets the last frame count as a maximum when the score merely rises into it, and the
            // chain read back from there can miss the last onset (measured on click tracks)
            if (cum[i] > cum[i - 1] && cum[i] >= cum[i + 1]) {
                max[i] = true;
                values.add(cum[i]);
            }
        }
        if (values.isEmpty()) {
            return n - 1;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = v.length % 2 == 1 ? v[v.length / 2] : 0.5 * (v[v.length / 2 - 1] + v[v.length / 2]);
        for (int i = n - 1; i >= 0; i--) {
            if (max[i] && cum[i] >= 0.5 * median) {
                return i;
            }
        }
        return n - 1;
    }

    /**
     * Drops weak leading and trailing beats (see the class comment): the local score at the beats is smoothed with
     * the 5-point Hann window ({@code [0, ½, 1, ½, 0]}, so at the first and last beat only one neighbour adds), and the
     * beats before the first and after the last whose smoothed score exceeds half its root mean square are dropped.
     * librosa 0.9 does the same with scipy's periodic Hann window and also drops the last beat above the threshold
     * (an exclusive slice end); here it is kept.
     */
    static int[] trim(double[] local, int[] beats, boolean trim) {
        if (beats.length == 0 || !trim) {
            return beats;
        }
        double[] smooth = new double[beats.length];
        double ss = 0;
        for (int i = 0; i < beats.length; i++) {
            double s = local[beats[i]];
            if (i > 0) {
                s += 0.5 * local[beats[i - 1]];
            }
            if (i + 1 < beats.length) {
                s += 0.5 * local[beats[i + 1]];
            }
            smooth[i] = s;
            ss += s * s;
        }
        double threshold = 0.5 * Math.sqrt(ss / beats.length);
        int from = 0;
        while (from < beats.length && smooth[from] <= threshold) {
            from++;
        }
        int to = beats.length - 1;
        while (to >= from && smooth[to] <= threshold) {
            to--;
        }
        return Arrays.copyOfRange(beats, from, to + 1);
    }

    /** Samples in the energy window of {@link #refine}, at 22 050 Hz (scaled with the sample rate). */
    static final int REFINE_WINDOW = 128;
    /** Samples between energy windows of {@link #refine}, at 22 050 Hz. */
    static final int REFINE_HOP = 16;

    /**
     * Places each beat at its onset in the signal, finer than the envelope's frames (an addition of DanceLens, not part
     * of Ellis's or librosa's tracker): the onset envelope's frames are {@code hop/sr} apart (23 ms at 512 / 22 050 Hz),
     * and with librosa's alignment a sharp onset at {@code c} shows at a frame between {@code c} and about a frame
     * later. Each beat moves to the steepest rise of the signal's short-time energy (sum of squares over
     * {@value #REFINE_WINDOW} samples, hop {@value #REFINE_HOP}, at 22 050 Hz; the rise dated at the end of the window,
     * where the new samples enter) between {@code 2·hop} before and {@code hop/2} after the beat frame; a beat where the
     * energy does not rise stays where it is.
     *
     * @param beats the tracker's beat times (video clock)
     * @param hop   the envelope's hop in samples
     */
    public static double[] refine(double[] beats, AudioTrack audio, int hop) {
        float[] x = audio.samples();
        int rate = audio.sampleRate();
        double scale = rate / 22_050.0;
        int win = Math.max(8, (int) Math.round(REFINE_WINDOW * scale));
        int step = Math.max(1, (int) Math.round(REFINE_HOP * scale));
        double[] out = beats.clone();
        for (int b = 0; b < beats.length; b++) {
            long centre = Math.round((beats[b] - audio.startSeconds()) * rate);
            long lo = centre - 2L * hop;
            long hi = centre + hop / 2;
            double prev = Double.NaN;
            double bestRise = 0;
            long bestEnd = -1;
            // windows whose end runs from lo to hi (the end is where the rise is dated)
            for (long end = lo - step; end <= hi; end += step) {
                long from = end - win;
                if (from < 0 || end > x.length) {
                    prev = Double.NaN;
                    continue;
                }
                double e = 0;
                for (long i = from; i < end; i++) {
                    e += (double) x[(int) i] * x[(int) i];
                }
                if (!Double.isNaN(prev) && e - prev > bestRise && end >= lo) {
                    bestRise = e - prev;
                    bestEnd = end;
                }
                prev = e;
            }
            if (bestEnd >= 0) {
                out[b] = audio.timeOf(bestEnd);
            }
        }
        return out;
    }
}
