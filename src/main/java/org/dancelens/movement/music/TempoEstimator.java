package org.dancelens.movement.music;

import org.dancelens.core.CancelledException;
import org.dancelens.core.TaskContext;
import org.hipparchus.transform.DftNormalization;
import org.hipparchus.transform.FastFourierTransformer;
import org.hipparchus.transform.TransformType;

/**
 * Tempo from the onset envelope's autocorrelation weighted by a log-Gaussian preference over tempi, after D. P. W.
 * Ellis, "Beat Tracking by Dynamic Programming", J. New Music Research 36(1):51–60, 2007 (the "tempo period strength":
 * the autocorrelation of the onset envelope times a Gaussian window on a log-period axis), in the form librosa's
 * {@code feature.tempo} computes it (McFee et al. 2015; version 0.10):
 *
 * <ol>
 * <li>the autocorrelation tempogram: for every frame {@code t}, the onset envelope in a window of
 * {@link Settings#windowSeconds} (8 s) centred on {@code t} (the ends padded by a linear ramp to 0), times a periodic
 * Hann window, autocorrelated and divided by its value at lag 0;</li>
 * <li>the global tempo: the mean of those rows over all frames; the tempo at a time: the row of that frame;</li>
 * <li>the chosen lag maximises {@code log(1 + 10⁶·A(τ)) − ½·((log₂ bpm(τ) − log₂ start)/σ)²} over the lags whose tempo
 * {@code bpm(τ) = 60·frameRate/τ} is at most {@link Settings#maxBpm} (librosa's defaults: start 120 BPM, σ 1 octave,
 * at most 320 BPM).</li>
 * </ol>
 *
 * <p>One addition to librosa: the chosen lag is refined to a fraction of a frame, as the centroid of the
 * autocorrelation's peak ({@link #refineLag}). Without it the tempo is quantised to the lag grid: at 22 050 Hz and hop
 * 512 the lags next to 128 BPM are 129.2 and 123.0 BPM.
 */
public final class TempoEstimator {
    /**
     * @param startBpm      the centre of the tempo preference
     * @param stdOctaves    its standard deviation, octaves
     * @param windowSeconds the autocorrelation window
     * @param maxBpm        the fastest tempo considered
     */
    public record Settings(double startBpm, double stdOctaves, double windowSeconds, double maxBpm) {
        public Settings {
            if (!(startBpm > 0) || !(stdOctaves > 0) || !(windowSeconds > 0) || !(maxBpm > 0)) {
                throw new IllegalArgumentException("tempo settings must be positive");
            }
        }

        public static Settings defaults() {
            return new Settings(120.0, 1.0, 8.0, 320.0);
        }
    }

    /** Tempo over time: the tempo (BPM, NaN where the window is silent) at each time on the video's clock. */
    public record TempoCurve(double[] times, double[] bpm) {
    }

    private TempoEstimator() {
    }

    /** The global tempo in BPM, or NaN when the envelope is silent (all zero) or shorter than two frames. */
    public static double tempo(OnsetEnvelope env, Settings s) {
        return tempo(env, s, TaskContext.NONE);
    }

    public static double tempo(OnsetEnvelope env, Settings s, TaskContext ctx) {
        int win = windowFrames(env, s);
        int n = env.length();
        if (n < 2) {
            return Double.NaN;
        }
        Acf acf = new Acf(env.strength(), win);
        double[] mean = new double[win];
        for (int t = 0; t < n; t++) {
            if ((t & 1023) == 0 && ctx.isCancelled()) {
                throw new CancelledException("The tempo estimation");
            }
            double[] row = acf.row(t);
            for (int k = 0; k < win; k++) {
                mean[k] += row[k] / n;
            }
        }
        return bestBpm(mean, env.frameRate(), s);
    }

    /**
     * Tempo over time: the tempo of the {@link Settings#windowSeconds} window centred on every {@code stepSeconds}
     * from the envelope's start.
     */
    public static TempoCurve overTime(OnsetEnvelope env, Settings s, double stepSeconds) {
        if (!(stepSeconds > 0)) {
            throw new IllegalArgumentException("step must be positive: " + stepSeconds);
        }
        int win = windowFrames(env, s);
        int n = env.length();
        int count = n == 0 ? 0 : 1 + (int) Math.floor((n - 1) / env.frameRate() / stepSeconds);
        double[] times = new double[count];
        double[] bpm = new double[count];
        Acf acf = new Acf(env.strength(), win);
        for (int i = 0; i < count; i++) {
            int t = (int) Math.min(n - 1, Math.round(i * stepSeconds * env.frameRate()));
            times[i] = env.timeOf(t);
            bpm[i] = bestBpm(acf.row(t), env.frameRate(), s);
        }
        return new TempoCurve(times, bpm);
    }

    static int windowFrames(OnsetEnvelope env, Settings s) {
        return Math.max(4, (int) Math.round(s.windowSeconds() * env.frameRate()));
    }

    /** The preferred tempo of one autocorrelation row (lag 0 = 1, or all zero when silent). */
    static double bestBpm(double[] acf, double frameRate, Settings s) {
        if (!(acf[0] > 0)) {
            return Double.NaN;
        }
        double log2Start = Math.log(s.startBpm()) / Math.log(2);
        int best = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int k = 1; k < acf.length; k++) {
            double bpm = 60.0 * frameRate / k;
            if (bpm > s.maxBpm()) {
                continue;
            }
            double z = (Math.log(bpm) / Math.log(2) - log2Start) / s.stdOctaves();
            double score = Math.log1p(1e6 * Math.max(0, acf[k])) - 0.5 * z * z;
            if (score > bestScore) {
                bestScore = score;
                best = k;
            }
        }
        if (best < 0) {
            return Double.NaN;
        }
        return 60.0 * frameRate / refineLag(acf, best);
    }

    /**
     * The lag of the autocorrelation peak at {@code best}, to a fraction of a frame: the centroid of the five values
     * around it above their minimum. (A click train whose period falls between frames puts its autocorrelation on the
     * two neighbouring lags in proportion to how often each spacing occurs, so their weighted mean is the period; a
     * parabola through three points is biased towards the larger one.)
     */
    static double refineLag(double[] acf, int best) {
        int lo = Math.max(1, best - 2);
        int hi = Math.min(acf.length - 1, best + 2);
        double base = Double.POSITIVE_INFINITY;
        for (int k = lo; k <= hi; k++) {
            base = Math.min(base, acf[k]);
        }
        double w = 0;
        double m = 0;
        for (int k = lo; k <= hi; k++) {
            double v = acf[k] - base;
            w += v;
            m += v * k;
        }
        return w > 0 ? m / w : best;
    }

    /** Rows of the autocorrelation tempogram, by FFT (Hipparchus). */
    static final class Acf {
        private final double[] padded;
        private final int win;
        private final double[] window;
        private final int size;
        private final double[][] ri;

        Acf(double[] onset, int win) {
            this.win = win;
            int half = win / 2;
            int n = onset.length;
            // librosa pads with np.pad(mode="linear_ramp", end_values=0): a straight line from 0 to the edge value
            padded = new double[n + 2 * half];
            System.arraycopy(onset, 0, padded, half, n);
            if (n > 0) {
                for (int i = 0; i < half; i++) {
                    padded[i] = onset[0] * i / (double) half;
                    padded[half + n + i] = onset[n - 1] * (half - i) / (double) half;
                }
            }
            window = OnsetStrength.hann(win);
            int sz = 1;
            while (sz < 2 * win) {
                sz <<= 1;
            }
            size = sz;
            ri = new double[2][size];
        }

        /** The normalised autocorrelation (lags 0..win−1) of the window centred on frame {@code t}. */
        double[] row(int t) {
            double[] re = ri[0];
            double[] im = ri[1];
            java.util.Arrays.fill(re, 0);
            java.util.Arrays.fill(im, 0);
            for (int i = 0; i < win; i++) {
                int j = t + i;
                re[i] = j < padded.length ? padded[j] * window[i] : 0;
            }
            FastFourierTransformer.transformInPlace(ri, DftNormalization.STANDARD, TransformType.FORWARD);
            for (int k = 0; k < size; k++) {
                re[k] = re[k] * re[k] + im[k] * im[k];
                im[k] = 0;
            }
            FastFourierTransformer.transformInPlace(ri, DftNormalization.STANDARD, TransformType.INVERSE);
            double[] out = new double[win];
            double zero = re[0];
            if (zero > 1e-12) {
                for (int k = 0; k < win; k++) {
                    out[k] = re[k] / zero;
                }
            }
            return out;
        }
    }
}
