package org.dancelens.pose;

/**
 * Offline (non-causal) smoothing of complete time series: Savitzky-Golay (local polynomial fit) and zero-phase
 * Butterworth (second-order low-pass run forwards and backwards, so there is no lag).
 */
public final class OfflineSmoothing {
    private OfflineSmoothing() {
    }

    /**
     * Savitzky-Golay smoothing: each sample becomes the value at its position of the least-squares polynomial of
     * {@code order} over the {@code window} samples around it (at the ends, the first/last full window).
     * Series shorter than the window are returned unchanged.
     */
    public static double[] savitzkyGolay(double[] x, int window, int order) {
        if (window % 2 == 0 || order >= window) {
            throw new IllegalArgumentException("window must be odd and larger than the order");
        }
        int n = x.length;
        if (n < window) {
            return x.clone();
        }
        int m = window / 2;
        double[] out = new double[n];
        for (int t = 0; t < n; t++) {
            int s = Math.max(0, Math.min(n - window, t - m));
            out[t] = polyFitEval(x, s, window, order, t - s - m);
        }
        return out;
    }

    /** Fits a polynomial in u = i - m (i = 0..w-1, centred) to x[s..s+w-1] and evaluates it at u = at. */
    private static double polyFitEval(double[] x, int s, int w, int order, double at) {
        int m = w / 2;
        int p = order + 1;
        double[][] ata = new double[p][p];
        double[] aty = new double[p];
        for (int i = 0; i < w; i++) {
            double u = i - m;
            double[] pow = new double[p];
            pow[0] = 1;
            for (int k = 1; k < p; k++) {
                pow[k] = pow[k - 1] * u;
            }
            for (int a = 0; a < p; a++) {
                aty[a] += pow[a] * x[s + i];
                for (int b = 0; b < p; b++) {
                    ata[a][b] += pow[a] * pow[b];
                }
            }
        }
        double[] c = solve(ata, aty);
        double v = 0;
        double pw = 1;
        for (int k = 0; k < p; k++) {
            v += c[k] * pw;
            pw *= at;
        }
        return v;
    }

    private static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n] = b[i];
        }
        for (int col = 0; col < n; col++) {
            int piv = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[piv][col])) {
                    piv = r;
                }
            }
            double[] tmp = m[col];
            m[col] = m[piv];
            m[piv] = tmp;
            for (int r = 0; r < n; r++) {
                if (r != col) {
                    double f = m[r][col] / m[col][col];
                    for (int k = col; k <= n; k++) {
                        m[r][k] -= f * m[col][k];
                    }
                }
            }
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = m[i][n] / m[i][i];
        }
        return x;
    }

    /**
     * Zero-phase second-order Butterworth low-pass: filtered forwards and backwards (cut-off {@code cutoffHz} at
     * {@code sampleHz}), the ends extended by odd reflection to tame start-up transients.
     */
    public static double[] butterworth(double[] x, double cutoffHz, double sampleHz) {
        int n = x.length;
        if (n < 4 || cutoffHz <= 0 || cutoffHz >= sampleHz / 2) {
            return x.clone();
        }
        // Bilinear transform of the analogue prototype with pre-warping.
        double k = Math.tan(Math.PI * cutoffHz / sampleHz);
        double q = 1 / Math.sqrt(2); // Butterworth quality factor
        double norm = 1 / (1 + k / q + k * k);
        double b0 = k * k * norm;
        double b1 = 2 * b0;
        double b2 = b0;
        double a1 = 2 * (k * k - 1) * norm;
        double a2 = (1 - k / q + k * k) * norm;
        int pad = Math.min(n - 1, 9);
        double[] ext = new double[n + 2 * pad];
        for (int i = 0; i < pad; i++) {
            ext[i] = 2 * x[0] - x[pad - i];
            ext[n + pad + i] = 2 * x[n - 1] - x[n - 2 - i];
        }
        System.arraycopy(x, 0, ext, pad, n);
        double[] f = biquad(ext, b0, b1, b2, a1, a2);
        reverse(f);
        double[] g = biquad(f, b0, b1, b2, a1, a2);
        reverse(g);
        double[] out = new double[n];
        System.arraycopy(g, pad, out, 0, n);
        return out;
    }

    private static double[] biquad(double[] x, double b0, double b1, double b2, double a1, double a2) {
        double[] y = new double[x.length];
        // Start in the steady state of the first sample (unit DC gain).
        double x1 = x[0];
        double x2 = x[0];
        double y1 = x[0];
        double y2 = x[0];
        for (int i = 0; i < x.length; i++) {
            double v = b0 * x[i] + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
            x2 = x1;
            x1 = x[i];
            y2 = y1;
            y1 = v;
            y[i] = v;
        }
        return y;
    }

    private static void reverse(double[] a) {
        for (int i = 0, j = a.length - 1; i < j; i++, j--) {
            double t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
