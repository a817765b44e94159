package org.dancelens.movement;

/**
 * A series put on equal time steps, for the measures that need them (spectra, autocorrelation, cross-correlation):
 * sample k is at {@code start + k * step}, its value linearly interpolated between the two input samples around that
 * time, and a gap when either of them is one (nothing is interpolated across a gap).
 *
 * @param start  time of sample 0 in seconds
 * @param step   seconds between samples
 * @param values the values, NaN in gaps
 */
public record Resampled(double start, double step, double[] values) {
    /** The median step of increasing times (the frame period of a variable-rate video's typical frame). */
    public static double medianStep(double[] t) {
        if (t.length < 2) {
            throw new IllegalArgumentException("A step needs at least two times, got " + t.length + ".");
        }
        double[] d = new double[t.length - 1];
        for (int i = 1; i < t.length; i++) {
            d[i - 1] = t[i] - t[i - 1];
        }
        return Stats.median(d);
    }

    /** The series on steps of {@code step} seconds from its first time to its last. */
    public static Resampled of(double[] t, double[] values, double step) {
        if (t.length != values.length || t.length < 2) {
            throw new IllegalArgumentException("Resampling needs at least two samples and one time per value, got " + t.length + " times and "
                    + values.length + " values.");
        }
        if (!(step > 0)) {
            throw new IllegalArgumentException("The resampling step must be positive, got " + step + ".");
        }
        if (SavitzkyGolay.uniform(t) && Math.abs((t[1] - t[0]) - step) <= 1e-6 * step) {
            return new Resampled(t[0], step, values.clone());
        }
        int n = (int) Math.floor((t[t.length - 1] - t[0]) / step + 1e-9) + 1;
        double[] out = new double[n];
        int j = 0;
        for (int k = 0; k < n; k++) {
            double tk = t[0] + k * step;
            while (j < t.length - 2 && t[j + 1] < tk) {
                j++;
            }
            double f = (tk - t[j]) / (t[j + 1] - t[j]);
            f = Math.max(0, Math.min(1, f));
            out[k] = values[j] + f * (values[j + 1] - values[j]);
        }
        return new Resampled(t[0], step, out);
    }

    public int size() {
        return values.length;
    }

    public double time(int k) {
        return start + k * step;
    }
}
