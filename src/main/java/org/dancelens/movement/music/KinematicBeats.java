package org.dancelens.movement.music;

import java.util.ArrayList;
import java.util.List;

/**
 * Kinematic beats: the moments where a movement-energy (or speed) series reaches a local minimum, the movement's
 * "stops" that dance research lines up with musical beats. The definition is that of R. Li, S. Yang, D. A. Ross and
 * A. Kanazawa, "AI Choreographer: Music Conditioned 3D Dance Generation with AIST++", ICCV 2021, §5 (kinematic beats
 * are the local minima of the kinetic velocity), as computed by L. Siyao et al., "Bailando: 3D Dance Generation by
 * Actor-Critic GPT with Choreographic Memory", CVPR 2022 (the velocity smoothed by a Gaussian of σ = 5 frames at
 * 60 fps, then its strict local minima, scipy's {@code argrelextrema(v, np.less)}). The AIST++ code itself takes the
 * unsmoothed velocity and minima over ±10 frames at 60 fps; both are settings here.
 *
 * <p>The series comes as times and values, NaN where the movement was not observed (a gap). Smoothing stays within a
 * run of observed samples (never across a gap; the run mirrored at its ends), weighting samples by their time distance
 * (so uneven frame times are fine); a minimum must lie inside a run with its whole neighbourhood observed, so the ends
 * of runs are never beats.
 */
public final class KinematicBeats {
    /**
     * @param smoothingSigmaSeconds standard deviation of the Gaussian smoothing (0 = none)
     * @param neighbourhoodSeconds  a minimum must be strictly smaller than every sample within this time on both sides
     *                              (0 = only its immediate neighbours)
     */
    public record Settings(double smoothingSigmaSeconds, double neighbourhoodSeconds) {
        public Settings {
            if (!(smoothingSigmaSeconds >= 0) || !(neighbourhoodSeconds >= 0)) {
                throw new IllegalArgumentException("smoothing and neighbourhood must be zero or positive");
            }
        }

        /** Bailando's: smoothing σ = 5/60 s, immediate neighbours. */
        public static Settings defaults() {
            return new Settings(5.0 / 60.0, 0.0);
        }

        /** The AIST++ code's: no smoothing, minima over ±10/60 s. */
        public static Settings aistpp() {
            return new Settings(0.0, 10.0 / 60.0);
        }
    }

    private KinematicBeats() {
    }

    /** The times of the kinematic beats of the series. */
    public static double[] beats(double[] times, double[] values, Settings s) {
        check(times, values);
        double[] v = smooth(times, values, s.smoothingSigmaSeconds());
        int n = v.length;
        List<Double> out = new ArrayList<>();
        for (int i = 1; i < n - 1; i++) {
            if (Double.isNaN(v[i])) {
                continue;
            }
            boolean min = true;
            for (int j = i - 1; min && j >= 0 && (j == i - 1 || times[i] - times[j] <= s.neighbourhoodSeconds()); j--) {
                min = !Double.isNaN(v[j]) && v[i] < v[j];
            }
            for (int j = i + 1; min && j < n && (j == i + 1 || times[j] - times[i] <= s.neighbourhoodSeconds()); j++) {
                min = !Double.isNaN(v[j]) && v[i] < v[j];
            }
            // the neighbourhood must not run off the ends of the series
            if (min && (times[i] - times[0] < s.neighbourhoodSeconds() || times[n - 1] - times[i] < s.neighbourhoodSeconds())) {
                min = false;
            }
            if (min) {
                out.add(times[i]);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * The series smoothed by a Gaussian of {@code sigma} seconds within each run of observed samples (gaps stay NaN),
     * weights {@code exp(−½((tⱼ − tᵢ)/σ)²)} over 4σ. At the ends of a run the run is mirrored, as scipy's
     * {@code gaussian_filter} does at the ends of a series ({@code mode="reflect"}: the sample k places beyond the end
     * takes the value of the sample k places inside, the end sample counted once on each side), so that a stop near a
     * gap is not pulled towards the observed side.
     */
    static double[] smooth(double[] times, double[] values, double sigma) {
        int n = values.length;
        double[] out = values.clone();
        if (sigma <= 0) {
            return out;
        }
        int a = 0;
        while (a < n) {
            if (Double.isNaN(values[a])) {
                a++;
                continue;
            }
            int b = a;
            while (b + 1 < n && !Double.isNaN(values[b + 1])) {
                b++;
            }
            smoothRun(times, values, out, a, b, sigma);
            a = b + 1;
        }
        return out;
    }

    private static double gauss(double d, double sigma) {
        double z = d / sigma;
        return Math.exp(-0.5 * z * z);
    }

    /** Smooths samples {@code [a, b]} (all observed) into {@code out}. */
    private static void smoothRun(double[] times, double[] values, double[] out, int a, int b, double sigma) {
        if (b == a) {
            return;
        }
        double reach = 4 * sigma;
        double dtStart = times[a + 1] - times[a];
        double dtEnd = times[b] - times[b - 1];
        for (int i = a; i <= b; i++) {
            double sw = 1;
            double s = values[i];
            // inside the run, outwards from i while within reach
            for (int j = i - 1; j >= a && times[i] - times[j] <= reach; j--) {
                double w = gauss(times[i] - times[j], sigma);
                sw += w;
                s += w * values[j];
            }
            for (int j = i + 1; j <= b && times[j] - times[i] <= reach; j++) {
                double w = gauss(times[j] - times[i], sigma);
                sw += w;
                s += w * values[j];
            }
            // mirrored before the start: sample j stands at t_a − (t_j − t_a) − dt
            for (int j = a; j <= b; j++) {
                double d = times[i] - (times[a] - (times[j] - times[a]) - dtStart);
                if (d > reach) {
                    break;
                }
                double w = gauss(d, sigma);
                sw += w;
                s += w * values[j];
            }
            // mirrored after the end: sample j stands at t_b + (t_b − t_j) + dt
            for (int j = b; j >= a; j--) {
                double d = times[b] + (times[b] - times[j]) + dtEnd - times[i];
                if (d > reach) {
                    break;
                }
                double w = gauss(d, sigma);
                sw += w;
                s += w * values[j];
            }
            out[i] = s / sw;
        }
    }

    /**
     * The beats (e.g. music beats) at which the movement was observed: inside the series' time span, with the nearest
     * sample not a gap. The beat alignment score of a dancer who left the picture averages over these only.
     */
    public static double[] observed(double[] beats, double[] times, double[] values) {
        check(times, values);
        List<Double> out = new ArrayList<>();
        int n = times.length;
        for (double b : beats) {
            if (n == 0 || b < times[0] || b > times[n - 1]) {
                continue;
            }
            int k = java.util.Arrays.binarySearch(times, b);
            int i = k >= 0 ? k : -k - 1;
            int nearest = i >= n ? n - 1 : i > 0 && b - times[i - 1] <= times[i] - b ? i - 1 : i;
            if (!Double.isNaN(values[nearest])) {
                out.add(b);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void check(double[] times, double[] values) {
        if (times.length != values.length) {
            throw new IllegalArgumentException("times and values differ in length: " + times.length + " vs " + values.length);
        }
        for (int i = 1; i < times.length; i++) {
            if (!(times[i] > times[i - 1])) {
                throw new IllegalArgumentException("times must increase: " + times[i - 1] + " then " + times[i] + " at " + i);
            }
        }
    }
}
