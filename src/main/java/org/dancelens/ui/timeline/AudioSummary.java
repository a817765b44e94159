package org.dancelens.ui.timeline;

import org.dancelens.core.AudioTrack;
import org.dancelens.movement.music.OnsetEnvelope;

/**
 * What the timeline's audio lane draws, worked out once off the UI thread and read cheaply at every redraw: a
 * multi-resolution peak summary of the samples (the least and greatest sample of every {@value #BUCKET} samples, and
 * of every 2, 4, 8… of those), so that the waveform's min/max per pixel column costs a few look-ups per column at any
 * zoom; and the placing of the music's times (onsets, beats) on the video's frames. Pure; no JavaFX.
 *
 * <p>Frame positions are fractional frames: frame {@code f} spans {@code [frameTimes[f], frameTimes[f + 1])} on the
 * video's clock, so {@code frameTimes} holds one more time than the video has frames (the end of the last frame).
 */
public final class AudioSummary {
    /** Samples per bucket of the finest level (1.5 ms at 22 050 Hz). */
    public static final int BUCKET = 32;

    private final int sampleRate;
    private final double startSeconds;
    private final int samples;
    /** {@code min[k][i]}: the least sample of the {@code 2^k} buckets from {@code i·2^k}. */
    private final float[][] min;
    private final float[][] max;

    private AudioSummary(int sampleRate, double startSeconds, int samples, float[][] min, float[][] max) {
        this.sampleRate = sampleRate;
        this.startSeconds = startSeconds;
        this.samples = samples;
        this.min = min;
        this.max = max;
    }

    /** The summary of decoded audio (one pass over the samples, then halving levels). */
    public static AudioSummary of(AudioTrack audio) {
        float[] x = audio.samples();
        int buckets = (x.length + BUCKET - 1) / BUCKET;
        java.util.List<float[]> mins = new java.util.ArrayList<>();
        java.util.List<float[]> maxs = new java.util.ArrayList<>();
        float[] lo = new float[buckets];
        float[] hi = new float[buckets];
        for (int b = 0; b < buckets; b++) {
            float l = Float.POSITIVE_INFINITY;
            float h = Float.NEGATIVE_INFINITY;
            for (int i = b * BUCKET; i < Math.min(x.length, (b + 1) * BUCKET); i++) {
                l = Math.min(l, x[i]);
                h = Math.max(h, x[i]);
            }
            lo[b] = l;
            hi[b] = h;
        }
        mins.add(lo);
        maxs.add(hi);
        while (lo.length > 1) {
            int n = (lo.length + 1) / 2;
            float[] l2 = new float[n];
            float[] h2 = new float[n];
            for (int i = 0; i < n; i++) {
                int j = Math.min(lo.length - 1, 2 * i + 1);
                l2[i] = Math.min(lo[2 * i], lo[j]);
                h2[i] = Math.max(hi[2 * i], hi[j]);
            }
            lo = l2;
            hi = h2;
            mins.add(lo);
            maxs.add(hi);
        }
        return new AudioSummary(audio.sampleRate(), audio.startSeconds(), x.length, mins.toArray(float[][]::new), maxs.toArray(float[][]::new));
    }

    public int sampleRate() {
        return sampleRate;
    }

    /** Where the audio starts on the video's clock, seconds. */
    public double startSeconds() {
        return startSeconds;
    }

    public int samples() {
        return samples;
    }

    /** The finest bucket holding the sample at a time (may lie outside {@code [0, buckets)}). */
    double bucketAt(double seconds) {
        return (seconds - startSeconds) * sampleRate / BUCKET;
    }

    /**
     * The least and greatest sample of buckets {@code [from, to)} of the finest level ({@code {NaN, NaN}} when none of
     * them holds audio): the range is cut into whole blocks of the coarser levels, so it costs {@code O(log n)}.
     */
    public float[] range(int from, int to) {
        from = Math.max(0, from);
        to = Math.min(min[0].length, to);
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        if (from >= to) {
            return new float[] {Float.NaN, Float.NaN};
        }
        int k = 0;
        while (from < to) {
            if ((from & 1) == 1) {
                lo = Math.min(lo, min[k][from]);
                hi = Math.max(hi, max[k][from]);
                from++;
            }
            if ((to & 1) == 1) {
                to--;
                lo = Math.min(lo, min[k][to]);
                hi = Math.max(hi, max[k][to]);
            }
            from >>= 1;
            to >>= 1;
            k++;
        }
        return new float[] {lo, hi};
    }

    /**
     * The waveform's envelope over the fractional frames {@code [fromFrame, toFrame)} in {@code columns} pixel columns:
     * column {@code c} covers the frames {@code [from + c·span/columns, from + (c+1)·span/columns)} and shows the least
     * and greatest sample of the buckets those times touch ({@code [2][columns]}, NaN where there is no audio).
     */
    public float[][] columns(double[] frameTimes, double fromFrame, double toFrame, int columns) {
        float[][] out = new float[2][columns];
        double span = (toFrame - fromFrame) / columns;
        double b0 = bucketAt(timeAt(frameTimes, fromFrame));
        for (int c = 0; c < columns; c++) {
            double b1 = bucketAt(timeAt(frameTimes, fromFrame + (c + 1) * span));
            int a = (int) Math.floor(b0);
            int b = Math.max(a + 1, (int) Math.ceil(b1));
            float[] r = range(a, b);
            out[0][c] = r[0];
            out[1][c] = r[1];
            b0 = b1;
        }
        return out;
    }

    /** The time of a fractional frame position (straight between the frames' start times; clamped to the video). */
    public static double timeAt(double[] frameTimes, double frame) {
        int n = frameTimes.length - 1;
        if (n < 1) {
            return n == 0 ? frameTimes[0] : 0;
        }
        if (frame <= 0) {
            return frameTimes[0];
        }
        if (frame >= n) {
            return frameTimes[n];
        }
        int f = (int) Math.floor(frame);
        return frameTimes[f] + (frame - f) * (frameTimes[f + 1] - frameTimes[f]);
    }

    /**
     * The fractional frame position of a time ({@code f + (t − t_f)/(t_{f+1} − t_f)} for the frame {@code f} whose
     * span holds it), NaN outside the video.
     */
    public static double frameOf(double[] frameTimes, double seconds) {
        int n = frameTimes.length - 1;
        if (n < 1 || !(seconds >= frameTimes[0]) || seconds >= frameTimes[n]) {
            return Double.NaN;
        }
        int f = java.util.Arrays.binarySearch(frameTimes, seconds);
        f = f >= 0 ? f : -f - 2;
        f = Math.max(0, Math.min(n - 1, f));
        while (f + 1 < n && frameTimes[f + 1] <= seconds) {
            f++; // equal times (a repeated stamp): the last frame starting there
        }
        double d = frameTimes[f + 1] - frameTimes[f];
        return f + (d > 0 ? (seconds - frameTimes[f]) / d : 0);
    }

    /** The frame positions of times (beats) on the video, in order; times outside the video are left out. */
    public static double[] positions(double[] frameTimes, double[] times) {
        return java.util.Arrays.stream(times).map(t -> frameOf(frameTimes, t)).filter(p -> !Double.isNaN(p)).toArray();
    }

    /**
     * The onset strength per video frame: the greatest value of the envelope's frames that fall in the video frame's
     * span, or the envelope at the frame's start when none does (a video frame shorter than the envelope's step); NaN
     * where the envelope does not reach.
     */
    public static float[] perFrame(OnsetEnvelope env, double[] frameTimes) {
        int n = Math.max(0, frameTimes.length - 1);
        float[] out = new float[n];
        double[] s = env.strength();
        for (int f = 0; f < n; f++) {
            double a = (frameTimes[f] - env.startSeconds()) * env.frameRate();
            double b = (frameTimes[f + 1] - env.startSeconds()) * env.frameRate();
            int i0 = (int) Math.ceil(a);
            int i1 = (int) Math.ceil(b); // envelope frames [i0, i1) lie in the span
            float v = Float.NaN;
            for (int i = Math.max(0, i0); i < Math.min(s.length, i1); i++) {
                v = Float.isNaN(v) ? (float) s[i] : Math.max(v, (float) s[i]);
            }
            if (Float.isNaN(v)) {
                int i = (int) Math.round(a);
                v = i >= 0 && i < s.length ? (float) s[i] : Float.NaN;
            }
            out[f] = v;
        }
        return out;
    }

    /** The onset strength at a time (the envelope's nearest frame), NaN outside it. */
    public static double onsetAt(OnsetEnvelope env, double seconds) {
        int i = (int) Math.round((seconds - env.startSeconds()) * env.frameRate());
        return i >= 0 && i < env.length() ? env.strength()[i] : Double.NaN;
    }

    /** The nearest of sorted times to {@code t}, NaN when there are none. */
    public static double nearest(double[] sorted, double t) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = java.util.Arrays.binarySearch(sorted, t);
        if (i >= 0) {
            return sorted[i];
        }
        int k = -i - 1;
        if (k == 0) {
            return sorted[0];
        }
        if (k == sorted.length) {
            return sorted[k - 1];
        }
        return t - sorted[k - 1] <= sorted[k] - t ? sorted[k - 1] : sorted[k];
    }
}
