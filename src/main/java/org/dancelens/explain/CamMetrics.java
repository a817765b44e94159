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

    /**
     * Foreground/background activation ratio: the map's mean inside the dancers' regions over its mean outside them.
     * The map covers {@code region} (normalised {y0, x0, y1, x1}) of a {@code frameW x frameH} frame; the dancers
     * are polygons in frame pixels ({@code [n][2]} points each, e.g. the convex hulls of their keypoints). NaN when
     * the map has no pixel inside or none outside.
     */
    public static double foregroundRatio(float[] map, int h, int w, double[] region, int frameW, int frameH, java.util.List<double[][]> dancers) {
        return foregroundRatio(map, h, w, region, frameW, frameH, (x, y) -> {
            for (double[][] poly : dancers) {
                if (contains(poly, x, y)) {
                    return true;
                }
            }
            return false;
        });
    }

    /** Which frame pixels belong to the dancers (e.g. a segmentation mask, or keypoint hulls). */
    @FunctionalInterface
    public interface Foreground {
        boolean contains(double frameX, double frameY);
    }

    /**
     * Foreground/background activation ratio with any foreground test (frame pixel coordinates): the map's mean
     * over the map cells whose centres are foreground, over its mean elsewhere in the frame. NaN when the map has
     * no cell inside or none outside.
     */
    public static double foregroundRatio(float[] map, int h, int w, double[] region, int frameW, int frameH, Foreground dancers) {
        double in = 0;
        double out = 0;
        int nin = 0;
        int nout = 0;
        for (int y = 0; y < h; y++) {
            double fy = (region[0] + (y + 0.5) / h * (region[2] - region[0])) * frameH;
            for (int x = 0; x < w; x++) {
                double fx = (region[1] + (x + 0.5) / w * (region[3] - region[1])) * frameW;
                if (fx < 0 || fy < 0 || fx >= frameW || fy >= frameH) {
                    continue; // letterbox padding is neither
                }
                if (dancers.contains(fx, fy)) {
                    in += map[y * w + x];
                    nin++;
                } else {
                    out += map[y * w + x];
                    nout++;
                }
            }
        }
        if (nin == 0 || nout == 0) {
            return Double.NaN;
        }
        double meanOut = out / nout;
        return meanOut == 0 ? Double.POSITIVE_INFINITY : (in / nin) / meanOut;
    }

    /** Even-odd rule point-in-polygon test. */
    public static boolean contains(double[][] poly, double x, double y) {
        boolean c = false;
        for (int i = 0, j = poly.length - 1; i < poly.length; j = i++) {
            if ((poly[i][1] > y) != (poly[j][1] > y)
                    && x < (poly[j][0] - poly[i][0]) * (y - poly[i][1]) / (poly[j][1] - poly[i][1]) + poly[i][0]) {
                c = !c;
            }
        }
        return c;
    }

    /** Convex hull (monotone chain) of points {@code [n][2]}, grown by {@code grow} (a fraction) around its centre. */
    public static double[][] hull(double[][] pts, double grow) {
        double[][] p = pts.clone();
        java.util.Arrays.sort(p, (a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
        int n = p.length;
        if (n < 3) {
            return p;
        }
        double[][] h = new double[2 * n][];
        int k = 0;
        for (int i = 0; i < n; i++) {
            while (k >= 2 && cross(h[k - 2], h[k - 1], p[i]) <= 0) {
                k--;
            }
            h[k++] = p[i];
        }
        for (int i = n - 2, t = k + 1; i >= 0; i--) {
            while (k >= t && cross(h[k - 2], h[k - 1], p[i]) <= 0) {
                k--;
            }
            h[k++] = p[i];
        }
        double[][] out = java.util.Arrays.copyOf(h, k - 1);
        double cx = 0;
        double cy = 0;
        for (double[] q : out) {
            cx += q[0] / out.length;
            cy += q[1] / out.length;
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = new double[] {cx + (out[i][0] - cx) * (1 + grow), cy + (out[i][1] - cy) * (1 + grow)};
        }
        return out;
    }

    private static double cross(double[] o, double[] a, double[] b) {
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
    }
}
