package org.dancelens.movement;

/**
 * How fast a point moves, from the Savitzky–Golay derivatives of its position (never from plain differences): the
 * magnitudes of the velocity, acceleration and jerk vectors (first, second and third derivatives of position). Units:
 * the position's unit (pixels, or metres for world keypoints and calibrated images) per second, per second squared,
 * per second cubed. A gap wherever the filter's window touches one (see {@link SavitzkyGolay}).
 *
 * @param position     the smoothed position {@code [dimension][sample]} (derivative 0 of the filter)
 * @param velocity     the velocity vector {@code [dimension][sample]}
 * @param speed        |velocity|
 * @param acceleration |second derivative| (the full acceleration, not only its component along the path)
 * @param jerk         |third derivative|, or null when the filter's order is under 3
 */
public record Motion(double[][] position, double[][] velocity, double[] speed, double[] acceleration, double[] jerk) {
    /**
     * The motion of a point sampled at times {@code t}.
     *
     * @param scale multiplies every length (a calibration's metres per pixel, or 1)
     */
    public static Motion of(double[] t, JointSeries point, SavitzkyGolay filter, double scale) {
        int maxK = Math.min(3, filter.order());
        if (maxK < 2) {
            throw new IllegalArgumentException("Speeds and accelerations need a Savitzky-Golay order of at least 2, got " + filter.order() + ".");
        }
        double[][] coords = point.coordinates();
        for (double[] c : coords) {
            for (int i = 0; i < c.length; i++) {
                c[i] *= scale;
            }
        }
        double[][][] d = filter.derivatives(t, coords, maxK);
        return new Motion(d[0], d[1], norm(d[1]), norm(d[2]), maxK >= 3 ? norm(d[3]) : null);
    }

    /** The length of a vector series per sample; NaN in gaps. */
    static double[] norm(double[][] v) {
        int n = v[0].length;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (double[] vd : v) {
                s += vd[i] * vd[i];
            }
            out[i] = Math.sqrt(s);
        }
        return out;
    }
}
