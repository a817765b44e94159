package org.dancelens.movement.music;

import org.dancelens.core.AudioTrack;
import org.dancelens.core.CancelledException;
import org.dancelens.core.TaskContext;
import org.hipparchus.transform.DftNormalization;
import org.hipparchus.transform.FastFourierTransformer;
import org.hipparchus.transform.TransformType;

/**
 * Onset strength envelope: the half-wave-rectified spectral flux of a log-power mel spectrogram, as librosa's
 * {@code onset_strength} computes it (McFee et al., "librosa: Audio and Music Signal Analysis in Python", Proc. 14th
 * Python in Science Conf., 2015; {@code librosa.onset.onset_strength}, defaults of version 0.10), which is the
 * spectral flux of Böck &amp; Widmer ("Maximum filter vibrato suppression for onset detection", Proc. DAFx-13, 2013)
 * with their maximum filter of width 1 (none) by default:
 *
 * <pre>
 *   S[t, m]  = 10·log10(max(1e-10, Σ_k M[m, k]·|X_t(k)|²)),  floored at max(S) − 80 dB
 *   S'[t, m] = max(S[t, m−w..m+w])                            (Böck–Widmer's maximum filter; w = 0 by default)
 *   O[t]     = (1/M) Σ_m max(0, S[t, m] − S'[t−lag, m])        (mean over the M mel bands, lag 1)
 * </pre>
 *
 * <p>{@code X_t} is the FFT (Hipparchus) of frame {@code t}: {@value #DEFAULT_FFT} samples under a periodic Hann window,
 * hop {@value #DEFAULT_HOP}, frames centred on {@code t·hop} (the signal padded with zeros by half a frame at both
 * ends). {@code M} is Slaney's mel filter bank ({@value #DEFAULT_MELS} bands from 0 Hz to half the sample rate, each
 * triangle normalised to unit area, Slaney's mel scale: linear below 1 kHz, logarithmic above; M. Slaney, "Auditory
 * Toolbox", Interval Research Technical Report 1998-010), as librosa's {@code filters.mel} builds it.
 *
 * <p>As in librosa, the envelope is shifted by {@code lag + nFft/(2·hop)} frames so that the value at frame {@code t}
 * (time {@code t·hop/sr}) measures the change seen by the window whose leading edge has just reached that time:
 * a sharp onset at time {@code c} peaks at the first frame at or after {@code c} (on click tracks, 4 to 27 ms after
 * the click: the frame spacing of 23 ms plus the few milliseconds the Hann window's edge needs), not half a window
 * earlier. {@link BeatTracker#refine} places beats finer than that.
 */
public final class OnsetStrength {
    public static final int DEFAULT_FFT = 2048;
    public static final int DEFAULT_HOP = 512;
    public static final int DEFAULT_MELS = 128;
    static final double TOP_DB = 80.0;
    static final double AMIN = 1e-10;

    /**
     * The settings: frame length {@code nFft} (a power of two), {@code hop}, mel bands, {@code lag} (frames between the
     * compared spectra) and the half-width {@code maxFilter} of Böck–Widmer's maximum filter over mel bands (0 = none).
     */
    public record Settings(int nFft, int hop, int mels, int lag, int maxFilter) {
        public Settings {
            if (nFft < 16 || Integer.bitCount(nFft) != 1) {
                throw new IllegalArgumentException("frame length must be a power of two >= 16: " + nFft);
            }
            if (hop <= 0 || mels <= 0 || lag <= 0 || maxFilter < 0) {
                throw new IllegalArgumentException("hop, mel bands and lag must be positive, the maximum filter not negative");
            }
        }

        /** librosa's defaults: 2048, 512, 128 bands, lag 1, no maximum filter. */
        public static Settings defaults() {
            return new Settings(DEFAULT_FFT, DEFAULT_HOP, DEFAULT_MELS, 1, 0);
        }
    }

    private OnsetStrength() {
    }

    public static OnsetEnvelope compute(AudioTrack audio) {
        return compute(audio, Settings.defaults(), TaskContext.NONE);
    }

    public static OnsetEnvelope compute(AudioTrack audio, Settings s, TaskContext ctx) {
        double[][] logMel = logMelSpectrogram(audio, s, ctx);
        int frames = logMel.length;
        double[] onset = new double[frames];
        int shift = s.lag() + s.nFft() / (2 * s.hop());
        for (int t = s.lag(); t < frames; t++) {
            int out = t - s.lag() + shift;
            if (out >= frames) {
                break;
            }
            double[] cur = logMel[t];
            double[] ref = logMel[t - s.lag()];
            double sum = 0;
            for (int m = 0; m < s.mels(); m++) {
                double r = ref[m];
                for (int d = 1; d <= s.maxFilter(); d++) {
                    if (m - d >= 0) {
                        r = Math.max(r, ref[m - d]);
                    }
                    if (m + d < s.mels()) {
                        r = Math.max(r, ref[m + d]);
                    }
                }
                sum += Math.max(0, cur[m] - r);
            }
            onset[out] = sum / s.mels();
        }
        return new OnsetEnvelope(onset, audio.startSeconds(), audio.sampleRate() / (double) s.hop());
    }

    /**
     * The log-power mel spectrogram in dB, one row per frame ({@code 1 + samples/hop} frames centred on
     * {@code t·hop}), floored {@value #TOP_DB} dB below its maximum.
     */
    static double[][] logMelSpectrogram(AudioTrack audio, Settings s, TaskContext ctx) {
        float[] x = audio.samples();
        int n = s.nFft();
        int half = n / 2;
        int frames = 1 + x.length / s.hop();
        double[] window = hann(n);
        MelBank bank = MelBank.slaney(audio.sampleRate(), n, s.mels(), 0, audio.sampleRate() / 2.0);
        double[][] out = new double[frames][];
        double[][] ri = new double[2][n];
        double[] power = new double[half + 1];
        double max = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < frames; t++) {
            if ((t & 255) == 0) {
                if (ctx.isCancelled()) {
                    throw new CancelledException("The onset analysis");
                }
                ctx.progress(t / (double) frames, "Onset strength: frame " + t + " / " + frames);
            }
            int from = t * s.hop() - half;
            double[] re = ri[0];
            double[] im = ri[1];
            for (int i = 0; i < n; i++) {
                int j = from + i;
                re[i] = j >= 0 && j < x.length ? x[j] * window[i] : 0.0;
                im[i] = 0.0;
            }
            FastFourierTransformer.transformInPlace(ri, DftNormalization.STANDARD, TransformType.FORWARD);
            for (int k = 0; k <= half; k++) {
                power[k] = re[k] * re[k] + im[k] * im[k];
            }
            double[] mel = bank.apply(power);
            for (int m = 0; m < mel.length; m++) {
                mel[m] = 10 * Math.log10(Math.max(AMIN, mel[m]));
                max = Math.max(max, mel[m]);
            }
            out[t] = mel;
        }
        double floor = max - TOP_DB;
        for (double[] row : out) {
            for (int m = 0; m < row.length; m++) {
                row[m] = Math.max(floor, row[m]);
            }
        }
        ctx.progress(1.0, "Onset strength: " + frames + " frames");
        return out;
    }

    /** The periodic Hann window (scipy's {@code get_window('hann', n)}): {@code 0.5 − 0.5·cos(2πi/n)}. */
    static double[] hann(int n) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);
        }
        return w;
    }

    /** A mel filter bank stored sparsely: for each band, its first FFT bin and its weights. */
    record MelBank(int[] first, double[][] weights) {
        double[] apply(double[] power) {
            double[] out = new double[first.length];
            for (int m = 0; m < first.length; m++) {
                double s = 0;
                double[] w = weights[m];
                int f = first[m];
                for (int i = 0; i < w.length; i++) {
                    s += w[i] * power[f + i];
                }
                out[m] = s;
            }
            return out;
        }

        /** Slaney's mel scale: linear (3 per 200 Hz) below 1 kHz, logarithmic (27 per factor 6.4) above. */
        static double hzToMel(double hz) {
            double fSp = 200.0 / 3;
            double minLogHz = 1000.0;
            double minLogMel = minLogHz / fSp;
            double logStep = Math.log(6.4) / 27.0;
            return hz < minLogHz ? hz / fSp : minLogMel + Math.log(hz / minLogHz) / logStep;
        }

        static double melToHz(double mel) {
            double fSp = 200.0 / 3;
            double minLogHz = 1000.0;
            double minLogMel = minLogHz / fSp;
            double logStep = Math.log(6.4) / 27.0;
            return mel < minLogMel ? mel * fSp : minLogHz * Math.exp(logStep * (mel - minLogMel));
        }

        /** Triangles between {@code bands + 2} points equally spaced in mel, each scaled to unit area (Slaney's norm). */
        static MelBank slaney(int sampleRate, int nFft, int bands, double fMin, double fMax) {
            int bins = nFft / 2 + 1;
            double[] hz = new double[bands + 2];
            double lo = hzToMel(fMin);
            double hi = hzToMel(fMax);
            for (int i = 0; i < hz.length; i++) {
                hz[i] = melToHz(lo + (hi - lo) * i / (bands + 1));
            }
            int[] first = new int[bands];
            double[][] weights = new double[bands][];
            for (int m = 0; m < bands; m++) {
                double left = hz[m];
                double centre = hz[m + 1];
                double right = hz[m + 2];
                double norm = 2.0 / (right - left);
                double[] w = new double[bins];
                int a = -1;
                int b = -1;
                for (int k = 0; k < bins; k++) {
                    double f = k * (double) sampleRate / nFft;
                    double v = Math.max(0, Math.min((f - left) / (centre - left), (right - f) / (right - centre)));
                    if (v > 0) {
                        w[k] = v * norm;
                        if (a < 0) {
                            a = k;
                        }
                        b = k;
                    }
                }
                if (a < 0) {
                    // a band narrower than one FFT bin (many bands, short frames): it stays empty, as in librosa
                    first[m] = 0;
                    weights[m] = new double[0];
                } else {
                    first[m] = a;
                    weights[m] = java.util.Arrays.copyOfRange(w, a, b + 1);
                }
            }
            return new MelBank(first, weights);
        }
    }
}
