package org.dancelens.render;

import java.awt.geom.AffineTransform;
import java.awt.geom.NoninvertibleTransformException;

/**
 * Lays a small raster (a heat map's colours, a mask's opacities) over a premultiplied ARGB buffer through an affine
 * transform: each buffer pixel whose centre falls on the raster takes the raster's bilinear sample there (edges
 * clamped, as a texture), blended source-over. Positions step in 16.16 fixed point and blending is integer, so the
 * same inputs give the same pixels; several times faster than Java2D's transformed-image path, which matters at
 * screen size.
 */
final class Resampler {
    private static final double ONE = 65536;
    private static final long HALF = 32768;

    private Resampler() {
    }

    /** A premultiplied ARGB buffer ({@code width x height}) and the part of it that may change, {@code [x0, x1) x [y0, y1)}. */
    record Target(int[] pixels, int width, int height, int clipX0, int clipY0, int clipX1, int clipY1) {
    }

    /**
     * Draws premultiplied ARGB {@code src} ({@code sw x sh}) stretched over the buffer rectangle at ({@code left},
     * {@code top}) of {@code width x height} pixels. Axis-aligned, so it interpolates each buffer row's source row
     * once and then only across.
     */
    static void drawArgb(Target t, int[] src, int sw, int sh, double left, double top, double width, double height) {
        int x0 = Math.max(t.clipX0(), (int) Math.ceil(left - 0.5));
        int x1 = Math.min(t.clipX1(), (int) Math.ceil(left + width - 0.5));
        int y0 = Math.max(t.clipY0(), (int) Math.ceil(top - 0.5));
        int y1 = Math.min(t.clipY1(), (int) Math.ceil(top + height - 0.5));
        if (x0 >= x1 || y0 >= y1 || !(width > 0) || !(height > 0)) {
            return;
        }
        int n = x1 - x0;
        int[] col0 = new int[n];
        int[] col1 = new int[n];
        int[] fxs = new int[n];
        for (int k = 0; k < n; k++) {
            long su = Math.round(((x0 + k + 0.5 - left) * sw / width - 0.5) * ONE);
            int i0 = (int) (su >> 16);
            fxs[k] = (int) (su >> 8) & 0xff;
            col1[k] = Math.min(sw - 1, Math.max(0, i0 + 1));
            col0[k] = Math.min(sw - 1, Math.max(0, i0));
        }
        int[] row = new int[sw];
        int[] px = t.pixels();
        for (int y = y0; y < y1; y++) {
            long sv = Math.round(((y + 0.5 - top) * sh / height - 0.5) * ONE);
            int j0 = (int) (sv >> 16);
            int fy = (int) (sv >> 8) & 0xff;
            int r0 = Math.min(sh - 1, Math.max(0, j0)) * sw;
            int r1 = Math.min(sh - 1, Math.max(0, j0 + 1)) * sw;
            for (int i = 0; i < sw; i++) {
                row[i] = lerp(src[r0 + i], src[r1 + i], fy);
            }
            int at = y * t.width() + x0;
            for (int k = 0; k < n; k++, at++) {
                int c = lerp(row[col0[k]], row[col1[k]], fxs[k]);
                if (c != 0) {
                    px[at] = over(c, px[at]);
                }
            }
        }
    }

    /**
     * Draws one colour ({@code rgb}) with opacities {@code alpha} (0..255 per raster cell, {@code sw x sh}), placed by
     * {@code toBuffer}, only where pixel centres fall in cells {@code [u0, u1) x [v0, v1)}: outside them every cell's
     * opacity must be 0.
     */
    static void drawAlpha(Target t, int[] alpha, int sw, int sh, int u0, int v0, int u1, int v1, int rgb, AffineTransform toBuffer) {
        Span s = Span.of(t, toBuffer, u0, v0, u1, v1);
        if (s == null) {
            return;
        }
        int[] tint = new int[256]; // the colour at each opacity, premultiplied
        for (int a = 0; a < 256; a++) {
            tint[a] = a << 24 | div255((rgb >> 16 & 0xff) * a) << 16 | div255((rgb >> 8 & 0xff) * a) << 8 | div255((rgb & 0xff) * a);
        }
        int[] px = t.pixels();
        for (int y = s.y0; y < s.y1; y++) {
            long u = s.rowU(y);
            long v = s.rowV(y);
            // the pixels of this row whose centres are on the region: k steps from x0 with uMin <= u + k du < uMax, same for v
            int from = Math.max(first(u, s.du, s.uMin, s.uMax), first(v, s.dv, s.vMin, s.vMax));
            int to = Math.min(Math.min(end(u, s.du, s.uMin, s.uMax), end(v, s.dv, s.vMin, s.vMax)), s.x1 - s.x0);
            if (from >= to) {
                continue;
            }
            u += from * s.du;
            v += from * s.dv;
            int at = y * t.width() + s.x0 + from;
            for (int k = from; k < to; k++, at++, u += s.du, v += s.dv) {
                long su = u - HALF;
                long sv = v - HALF;
                int i0 = (int) (su >> 16);
                int j0 = (int) (sv >> 16);
                int fx = (int) (su >> 8) & 0xff;
                int fy = (int) (sv >> 8) & 0xff;
                int i1 = Math.min(sw - 1, i0 + 1);
                int j1 = Math.min(sh - 1, j0 + 1);
                i0 = Math.max(0, i0);
                j0 = Math.max(0, j0);
                int top = (alpha[j0 * sw + i0] << 8) + (alpha[j0 * sw + i1] - alpha[j0 * sw + i0]) * fx;
                int bottom = (alpha[j1 * sw + i0] << 8) + (alpha[j1 * sw + i1] - alpha[j1 * sw + i0]) * fx;
                int a = ((top << 8) + (bottom - top) * fy + 32768) >> 16;
                if (a > 0) {
                    px[at] = over(tint[a], px[at]);
                }
            }
        }
    }

    /** The least k >= 0 with {@code min <= start + k * step < max} (a huge number when there is none). */
    private static int first(long start, long step, long min, long max) {
        long k;
        if (step > 0) {
            k = -Math.floorDiv(start - min, step);
        } else if (step < 0) {
            k = Math.floorDiv(start - max, -step) + 1;
        } else {
            k = start >= min && start < max ? 0 : Integer.MAX_VALUE;
        }
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, k));
    }

    /** One past the greatest k with {@code min <= start + k * step < max} (0 when there is none). */
    private static int end(long start, long step, long min, long max) {
        long k;
        if (step > 0) {
            k = -Math.floorDiv(start - max, step);
        } else if (step < 0) {
            k = Math.floorDiv(start - min, -step) + 1;
        } else {
            k = start >= min && start < max ? Integer.MAX_VALUE : 0;
        }
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, k));
    }

    /**
     * The buffer rectangle a raster region can touch, and raster positions (16.16 fixed point) of pixel centres: at
     * the start of each row and their step from one pixel to the next.
     */
    private static final class Span {
        int x0;
        int y0;
        int x1;
        int y1;
        long du;
        long dv;
        long uMin;
        long vMin;
        long uMax;
        long vMax;
        private AffineTransform inv;

        static Span of(Target t, AffineTransform toBuffer, int u0, int v0, int u1, int v1) {
            Span s = new Span();
            try {
                s.inv = toBuffer.createInverse();
            } catch (NoninvertibleTransformException e) {
                return null; // a raster squashed to nothing draws nothing
            }
            double[] c = {u0, v0, u1, v0, u0, v1, u1, v1};
            toBuffer.transform(c, 0, c, 0, 4);
            s.x0 = Math.max(t.clipX0(), (int) Math.floor(Math.min(Math.min(c[0], c[2]), Math.min(c[4], c[6]))));
            s.x1 = Math.min(t.clipX1(), (int) Math.ceil(Math.max(Math.max(c[0], c[2]), Math.max(c[4], c[6]))));
            s.y0 = Math.max(t.clipY0(), (int) Math.floor(Math.min(Math.min(c[1], c[3]), Math.min(c[5], c[7]))));
            s.y1 = Math.min(t.clipY1(), (int) Math.ceil(Math.max(Math.max(c[1], c[3]), Math.max(c[5], c[7]))));
            if (s.x0 >= s.x1 || s.y0 >= s.y1) {
                return null;
            }
            s.du = Math.round(s.inv.getScaleX() * ONE);
            s.dv = Math.round(s.inv.getShearY() * ONE);
            s.uMin = (long) u0 << 16;
            s.vMin = (long) v0 << 16;
            s.uMax = (long) u1 << 16;
            s.vMax = (long) v1 << 16;
            return s;
        }

        /** Raster u of the centre of pixel (x0, y). */
        long rowU(int y) {
            return Math.round((inv.getScaleX() * (x0 + 0.5) + inv.getShearX() * (y + 0.5) + inv.getTranslateX()) * ONE);
        }

        /** Raster v of the centre of pixel (x0, y). */
        long rowV(int y) {
            return Math.round((inv.getShearY() * (x0 + 0.5) + inv.getScaleY() * (y + 0.5) + inv.getTranslateY()) * ONE);
        }
    }

    /** Premultiplied source over premultiplied destination. */
    private static int over(int src, int dst) {
        int sa = src >>> 24;
        if (sa == 255 || dst == 0) {
            return src;
        }
        int k = 255 - sa;
        int rb = (dst & 0x00ff00ff) * k;
        int ag = (dst >>> 8 & 0x00ff00ff) * k;
        rb = (rb + 0x00800080 + (rb >>> 8 & 0x00ff00ff)) >>> 8 & 0x00ff00ff;
        ag = (ag + 0x00800080 + (ag >>> 8 & 0x00ff00ff)) & 0xff00ff00;
        return src + (ag | rb);
    }

    /** Two packed ARGB pixels mixed, {@code f}/256 of the way from {@code a} to {@code b}. */
    private static int lerp(int a, int b, int f) {
        int rbA = a & 0x00ff00ff;
        int agA = a >>> 8 & 0x00ff00ff;
        int rb = (rbA + (((b & 0x00ff00ff) - rbA) * f >> 8)) & 0x00ff00ff;
        int ag = (agA + (((b >>> 8 & 0x00ff00ff) - agA) * f >> 8)) & 0x00ff00ff;
        return ag << 8 | rb;
    }

    /** Round(v / 255) for v in 0..255*255. */
    private static int div255(int v) {
        int t = v + 128;
        return (t + (t >> 8)) >> 8;
    }
}
