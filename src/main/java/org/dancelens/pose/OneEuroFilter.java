package org.dancelens.pose;

/**
 * The One Euro filter (Casiez, Roussel, Vogel, CHI 2012): a causal low-pass filter whose cut-off rises with speed,
 * so still poses are steady and fast moves keep up. One instance filters one coordinate.
 */
public final class OneEuroFilter {
    private final double minCutoff;
    private final double beta;
    private final double dCutoff;
    private double xPrev;
    private double dxPrev;
    private double tPrev = Double.NaN;

    /**
     * @param minCutoff cut-off frequency at rest, Hz (lower: smoother)
     * @param beta      how much the cut-off rises with speed (higher: less lag on fast moves)
     * @param dCutoff   cut-off for the speed estimate, Hz
     */
    public OneEuroFilter(double minCutoff, double beta, double dCutoff) {
        this.minCutoff = minCutoff;
        this.beta = beta;
        this.dCutoff = dCutoff;
    }

    private static double alpha(double cutoff, double dt) {
        double tau = 1.0 / (2 * Math.PI * cutoff);
        return 1.0 / (1.0 + tau / dt);
    }

    /** The filter's memory {previous value, previous speed, previous time} (time NaN before the first value), for checkpoints. */
    public double[] state() {
        return new double[] {xPrev, dxPrev, tPrev};
    }

    /** Puts back what {@link #state()} gave. */
    public void restore(double[] state) {
        xPrev = state[0];
        dxPrev = state[1];
        tPrev = state[2];
    }

    /** Filters the value observed at time t (seconds, increasing). */
    public double filter(double x, double t) {
        if (Double.isNaN(tPrev) || t <= tPrev) {
            tPrev = t;
            xPrev = x;
            dxPrev = 0;
            return x;
        }
        double dt = t - tPrev;
        double dx = (x - xPrev) / dt;
        double aD = alpha(dCutoff, dt);
        double dxHat = aD * dx + (1 - aD) * dxPrev;
        double cutoff = minCutoff + beta * Math.abs(dxHat);
        double a = alpha(cutoff, dt);
        double xHat = a * x + (1 - a) * xPrev;
        xPrev = xHat;
        dxPrev = dxHat;
        tPrev = t;
        return xHat;
    }
}
