package org.dancelens.explain;

/** Measures of class-activation maps that need no model: overlap of thresholded maps, area under a curve. */
public final class CamMetrics {
    private CamMetrics() {
    }

    /**
     * Intersection over union of the two maps' strongest regions: each keeps its {@code top} fraction of highest
     * values (ties at the cut included). Maps of different sizes are compared after resizing {@code b} to {@code a}'s.
     */
    public static double iou(float[] a, int ah, int aw, float[] b, int bh, int bw, double top) {
        float[] bb = ah == bh && aw == bw ? b : GradCam.resizeBilinear(b, bh, bw, ah, aw);
        boolean[] ma = strongest(a, top);
        boolean[] mb = strongest(bb, top);
        int inter = 0;
        int union = 0;
        for (int i = 0; i < ma.length; i++) {
            inter += ma[i] && mb[i] ? 1 : 0;
            union += ma[i] || mb[i] ? 1 : 0;
        }
        return union == 0 ? 1 : (double) inter / union;
    }

    static boolean[] strongest(float[] m, double top) {
        float[] sorted = m.clone();
        java.util.Arrays.sort(sorted);
        int keep = (int) Math.max(1, Math.round(top * m.length));
        float cut = sorted[m.length - keep];
        boolean[] out = new boolean[m.length];
        for (int i = 0; i < m.length; i++) {
            out[i] = m[i] >= cut && m[i] > 0;
        }
        return out;
    }

    /** Area under {@code y} sampled at evenly spaced x from 0 to 1 (trapezoids). */
    public static double auc(double[] y) {
        if (y.length < 2) {
            return y.length == 1 ? y[0] : 0;
        }
        double s = 0;
        for (int i = 1; i < y.length; i++) {
            s += (y[i - 1] + y[i]) / 2;
        }
        return s / (y.length - 1);
    }
}
