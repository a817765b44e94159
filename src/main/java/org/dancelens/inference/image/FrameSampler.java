package org.dancelens.inference.image;

import org.dancelens.core.VideoFrame;

/**
 * Bilinear sampling of a BGRA video frame onto a grid of output pixels, the geometry behind every image input
 * ({@link ImageInput} turns the samples into model values). Two grids:
 * <ul>
 * <li>{@link #crop}: an axis-aligned region in normalised frame coordinates {@code [y0, x0, y1, x1]}, sampled the
 * way TensorFlow's {@code crop_and_resize} does: output pixel (i, j) reads the frame at
 * {@code x = x0 * (W - 1) + i * (x1 - x0) * (W - 1) / (width - 1)} (likewise y; a one-pixel-wide output reads the
 * region's centre);</li>
 * <li>{@link #rotated}: a square of {@code side} frame pixels around (cx, cy), turned by {@code angle} radians (the
 * region's "up" turned clockwise); output pixel (i, j) reads the frame at
 * {@code centre + R(angle) * ((i + 0.5) / size - 0.5, (j + 0.5) / size - 0.5) * side}, pixel centres at +0.5
 * (MediaPipe's region-of-interest warp, which BlazePose uses).</li>
 * </ul>
 * Outside the frame the sample is black. Samples are handed over as R, G, B doubles in 0..255.
 */
final class FrameSampler {
    private FrameSampler() {
    }

    /** Receives the sample of output pixel {@code pixel} ({@code j * width + i}). */
    interface Sink {
        void put(int pixel, double r, double g, double b);
    }

    /** Samples the normalised region {@code [y0, x0, y1, x1]} (it may extend past the frame) onto width x height pixels. */
    static void crop(VideoFrame f, double y0, double x0, double y1, double x1, int width, int height, Sink sink) {
        byte[] px = f.bgra();
        int fw = f.width();
        int fh = f.height();
        double sx = width > 1 ? (x1 - x0) * (fw - 1) / (width - 1) : 0;
        double sy = height > 1 ? (y1 - y0) * (fh - 1) / (height - 1) : 0;
        double bx = width > 1 ? x0 * (fw - 1) : 0.5 * (x0 + x1) * (fw - 1);
        double by = height > 1 ? y0 * (fh - 1) : 0.5 * (y0 + y1) * (fh - 1);
        for (int j = 0; j < height; j++) {
            double y = by + j * sy;
            for (int i = 0; i < width; i++) {
                double x = bx + i * sx;
                sampleAt(px, fw, fh, x, y, j * width + i, sink);
            }
        }
    }

    /** Samples the square of {@code side} frame pixels centred on (cx, cy), turned by {@code angle}, onto size x size pixels. */
    static void rotated(VideoFrame f, double cx, double cy, double side, double angle, int size, Sink sink) {
        byte[] px = f.bgra();
        int fw = f.width();
        int fh = f.height();
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        for (int j = 0; j < size; j++) {
            double v = ((j + 0.5) / size - 0.5) * side;
            for (int i = 0; i < size; i++) {
                double u = ((i + 0.5) / size - 0.5) * side;
                double x = cx + u * cos - v * sin - 0.5;
                double y = cy + u * sin + v * cos - 0.5;
                sampleAt(px, fw, fh, x, y, j * size + i, sink);
            }
        }
    }

    /** Bilinear R, G, B of a BGRA frame at pixel position (x, y), black outside the frame. */
    private static void sampleAt(byte[] px, int fw, int fh, double x, double y, int pixel, Sink sink) {
        if (x < 0 || y < 0 || x > fw - 1 || y > fh - 1) {
            sink.put(pixel, 0, 0, 0);
            return;
        }
        int xa = (int) Math.floor(x);
        int ya = (int) Math.floor(y);
        int xb = Math.min(xa + 1, fw - 1);
        int yb = Math.min(ya + 1, fh - 1);
        double ax = x - xa;
        double ay = y - ya;
        int p00 = (ya * fw + xa) * 4;
        int p01 = (ya * fw + xb) * 4;
        int p10 = (yb * fw + xa) * 4;
        int p11 = (yb * fw + xb) * 4;
        sink.put(pixel, lerp(px, p00, p01, p10, p11, 2, ax, ay), lerp(px, p00, p01, p10, p11, 1, ax, ay),
                lerp(px, p00, p01, p10, p11, 0, ax, ay)); // BGRA -> R, G, B
    }

    private static double lerp(byte[] px, int p00, int p01, int p10, int p11, int ch, double ax, double ay) {
        double top = (px[p00 + ch] & 0xff) * (1 - ax) + (px[p01 + ch] & 0xff) * ax;
        double bot = (px[p10 + ch] & 0xff) * (1 - ax) + (px[p11 + ch] & 0xff) * ax;
        return top * (1 - ay) + bot * ay;
    }
}
