package org.dancelens.explain;

import java.util.SplittableRandom;

/**
 * ROAD's noisy linear imputation (Rong et al., "A Consistent and Efficient Evaluation Strategy for Attribution
 * Methods", ICML 2022): the removed pixels of a picture are not set to a constant, which a model can recognise as a
 * shape, but filled from their surroundings. Every removed pixel takes the weighted mean of its eight neighbours
 * (weight 1/6 for the four direct ones, 1/12 for the diagonals; at the picture's border the weights of the neighbours
 * that exist), known pixels stay as they are, and the resulting sparse linear system is solved per channel by
 * conjugate gradients; then Gaussian noise is added to the filled pixels. A removed region with no known pixel next to
 * it keeps 0 (the baseline) before the noise.
 */
public final class NoisyLinearImputer {
    private static final int[] DX = {-1, 0, 1, -1, 1, -1, 0, 1};
    private static final int[] DY = {-1, -1, -1, 0, 0, 1, 1, 1};
    private static final double[] WEIGHT = {1 / 12.0, 1 / 6.0, 1 / 12.0, 1 / 6.0, 1 / 6.0, 1 / 12.0, 1 / 6.0, 1 / 12.0};

    private NoisyLinearImputer() {
    }

    /**
     * @param picture       {@code channels} planes of {@code h * w} values, channel-first or interleaved (channel-last)
     * @param remove        per pixel ({@code h * w}), true where the pixel is removed
     * @param noise         standard deviation of the noise added to each filled value, in the picture's units
     * @param seed          seed of the noise (the same seed gives the same picture)
     * @return a new picture, the removed pixels filled
     */
    public static float[] impute(float[] picture, int channels, int h, int w, boolean channelsFirst, boolean[] remove, double noise, long seed) {
        int hw = h * w;
        if (picture.length != channels * hw || remove.length != hw) {
            throw new IllegalArgumentException("picture of " + picture.length + " values and mask of " + remove.length + " for " + channels + "x" + h + "x" + w);
        }
        int[] unknown = new int[hw]; // pixel -> unknown index, or -1
        int n = 0;
        for (int p = 0; p < hw; p++) {
            unknown[p] = remove[p] ? n++ : -1;
        }
        float[] out = picture.clone();
        if (n == 0) {
            return out;
        }
        int[] pixelOf = new int[n];
        double[] diag = new double[n];
        for (int p = 0; p < hw; p++) {
            if (unknown[p] >= 0) {
                pixelOf[unknown[p]] = p;
                int x = p % w;
                int y = p / w;
                for (int k = 0; k < 8; k++) {
                    int xx = x + DX[k];
                    int yy = y + DY[k];
                    if (xx >= 0 && xx < w && yy >= 0 && yy < h) {
                        diag[unknown[p]] += WEIGHT[k];
                    }
                }
            }
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] b = new double[n];
        for (int c = 0; c < channels; c++) {
            final int ch = c;
            java.util.function.IntUnaryOperator at = p -> channelsFirst ? ch * hw + p : p * channels + ch;
            // right-hand side: the known neighbours' weighted values (rows scaled by the weight sum keep A symmetric)
            for (int i = 0; i < n; i++) {
                int p = pixelOf[i];
                int x = p % w;
                int y = p / w;
                double s = 0;
                for (int k = 0; k < 8; k++) {
                    int xx = x + DX[k];
                    int yy = y + DY[k];
                    if (xx >= 0 && xx < w && yy >= 0 && yy < h && unknown[yy * w + xx] < 0) {
                        s += WEIGHT[k] * picture[at.applyAsInt(yy * w + xx)];
                    }
                }
                b[i] = s;
            }
            double[] v = conjugateGradient(b, diag, unknown, pixelOf, w, h);
            for (int i = 0; i < n; i++) {
                out[at.applyAsInt(pixelOf[i])] = (float) (v[i] + (noise > 0 ? noise * gaussian(rnd) : 0));
            }
        }
        return out;
    }

    /** Solves A v = b where (A v)_i = diag_i v_i - sum over unknown neighbours j of w_ij v_j (symmetric, semi-definite). */
    private static double[] conjugateGradient(double[] b, double[] diag, int[] unknown, int[] pixelOf, int w, int h) {
        int n = b.length;
        double[] v = new double[n];
        double[] r = b.clone();
        double[] d = r.clone();
        double[] ad = new double[n];
        double rr = dot(r, r);
        double stop = 1e-12 * Math.max(1e-30, rr);
        for (int it = 0; it < 4 * n + 100 && rr > stop; it++) {
            for (int i = 0; i < n; i++) {
                int p = pixelOf[i];
                int x = p % w;
                int y = p / w;
                double s = diag[i] * d[i];
                for (int k = 0; k < 8; k++) {
                    int xx = x + DX[k];
                    int yy = y + DY[k];
                    if (xx >= 0 && xx < w && yy >= 0 && yy < h) {
                        int j = unknown[yy * w + xx];
                        if (j >= 0) {
                            s -= WEIGHT[k] * d[j];
                        }
                    }
                }
                ad[i] = s;
            }
            double dad = dot(d, ad);
            if (dad <= 0) {
                break; // only a region with no known neighbour is left: it keeps its value
            }
            double alpha = rr / dad;
            for (int i = 0; i < n; i++) {
                v[i] += alpha * d[i];
                r[i] -= alpha * ad[i];
            }
            double rr2 = dot(r, r);
            double beta = rr2 / rr;
            rr = rr2;
            for (int i = 0; i < n; i++) {
                d[i] = r[i] + beta * d[i];
            }
        }
        return v;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double gaussian(SplittableRandom rnd) {
        double u = 1 - rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
