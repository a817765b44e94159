package org.dancelens.movement;

/**
 * Left/right symmetry index after Robinson, Herzog and Nigg, "Use of force platform variables to quantify the effects of
 * chiropractic manipulation on gait symmetry", Journal of Manipulative and Physiological Therapeutics 10(4):172–176,
 * 1987: {@code SI = (L - R) / (0.5 (L + R)) * 100}, in percent. 0 is perfect symmetry; positive means the left value
 * is the larger. (Robinson et al. wrote right minus left; DanceLens puts left first, so the sign is flipped.) The index
 * is only meaningful for quantities that are positive (ranges of motion, speeds, angles); it is NaN when L + R is 0 or
 * either value is a gap.
 */
public final class Symmetry {
    private Symmetry() {
    }

    /** The symmetry index of one pair of values, in percent. */
    public static double index(double left, double right) {
        double mean = 0.5 * (left + right);
        if (!Double.isFinite(mean) || mean == 0) {
            return Double.NaN;
        }
        return (left - right) / mean * 100;
    }

    /** The symmetry index per sample of two aligned series; NaN where either is a gap. */
    public static double[] index(double[] left, double[] right) {
        if (left.length != right.length) {
            throw new IllegalArgumentException("Left and right series must be equally long, got " + left.length + " and " + right.length + ".");
        }
        double[] out = new double[left.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = index(left[i], right[i]);
        }
        return out;
    }
}
