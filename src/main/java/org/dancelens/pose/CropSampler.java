package org.dancelens.pose;

import org.dancelens.core.VideoFrame;
import org.dancelens.inference.TensorData;

/**
 * Turns a region of a video frame into a model input tensor (NHWC, RGB) the way TensorFlow's
 * {@code crop_and_resize} does: the region is given in normalised coordinates {@code [y0, x0, y1, x1]} (it may
 * extend past the frame, where the input is black), output pixel (i, j) samples the frame bilinearly at
 * {@code x = x0 * (W - 1) + i * (x1 - x0) * (W - 1) / (width - 1)} (likewise y), then
 * {@code value = pixel * scale + offset}.
 */
public final class CropSampler {
    private CropSampler() {
    }

    /** The crop as float32 [1, height, width, 3]. */
    public static TensorData floats(VideoFrame f, double y0, double x0, double y1, double x1, int width, int height,
                                    double scale, double offset) {
        float[] out = new float[width * height * 3];
        sample(f, x0, y0, x1, y1, width, height, (o, r, g, b) -> {
            out[o] = (float) (r * scale + offset);
            out[o + 1] = (float) (g * scale + offset);
            out[o + 2] = (float) (b * scale + offset);
        });
        return TensorData.of(out, 1, height, width, 3);
    }

    /**
     * The crop normalised per channel, {@code (pixel * scale - mean[c]) / std[c]} in RGB order, as NHWC
     * [1, height, width, 3] or NCHW [1, 3, height, width]; outside the frame the pixel is black before normalising.
     */
    public static TensorData normalized(VideoFrame f, double y0, double x0, double y1, double x1, int width, int height,
                                        double scale, double[] mean, double[] std, boolean nchw) {
        float[] out = new float[width * height * 3];
        normalized(f, y0, x0, y1, x1, width, height, scale, 0, mean, std, nchw, false, out, 0);
        return nchw ? TensorData.of(out, 1, 3, height, width) : TensorData.of(out, 1, height, width, 3);
    }

    /**
     * The crop normalised per channel, {@code (pixel * scale + offset - mean[c]) / std[c]}, written into {@code out}
     * from {@code at} as CHW or HWC, channels in RGB or BGR order (mean and std given in that order).
     */
    public static void normalized(VideoFrame f, double y0, double x0, double y1, double x1, int width, int height, double scale,
                                  double offset, double[] mean, double[] std, boolean chw, boolean bgr, float[] out, int at) {
        int plane = width * height;
        sample(f, x0, y0, x1, y1, width, height, (o, r, g, b) -> {
            double[] c = bgr ? new double[] {b, g, r} : new double[] {r, g, b};
            int pix = o / 3;
            for (int k = 0; k < 3; k++) {
                float v = (float) ((c[k] * scale + offset - mean[k]) / std[k]);
                out[at + (chw ? k * plane + pix : o + k)] = v;
            }
        });
    }

    /** The crop as int32 [1, height, width, 3] in 0..255 (MoveNet's input), values truncated like {@code tf.cast}. */
    public static TensorData ints(VideoFrame f, double y0, double x0, double y1, double x1, int width, int height) {
        int[] out = new int[width * height * 3];
        sample(f, x0, y0, x1, y1, width, height, (o, r, g, b) -> {
            // Truncation, as tf.cast(float -> int32) does in the MoveNet reference pipeline.
            out[o] = (int) r;
            out[o + 1] = (int) g;
            out[o + 2] = (int) b;
        });
        return TensorData.ofInts(out, 1, height, width, 3);
    }

    /**
     * A rotated square region as float32 [1, size, size, 3]: centre (cx, cy) and side in frame pixels, rotated by
     * {@code angle} radians (the region's "up" turned clockwise), black outside the frame.
     * Output pixel (i, j) samples the frame at centre + R(angle) * ((i + 0.5) / size - 0.5, (j + 0.5) / size - 0.5) * side.
     */
    public static TensorData rotated(VideoFrame f, double cx, double cy, double side, double angle, int size, double scale,
                                     double offset) {
        float[] out = new float[size * size * 3];
        byte[] px = f.bgra();
        int fw = f.width();
        int fh = f.height();
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        Sink sink = (o, r, g, b) -> {
            out[o] = (float) (r * scale + offset);
            out[o + 1] = (float) (g * scale + offset);
            out[o + 2] = (float) (b * scale + offset);
        };
        for (int j = 0; j < size; j++) {
            double v = ((j + 0.5) / size - 0.5) * side;
            for (int i = 0; i < size; i++) {
                double u = ((i + 0.5) / size - 0.5) * side;
                double x = cx + u * cos - v * sin - 0.5;
                double y = cy + u * sin + v * cos - 0.5;
                sampleAt(px, fw, fh, x, y, (j * size + i) * 3, sink);
            }
        }
        return TensorData.of(out, 1, size, size, 3);
    }

    private static double lerp(byte[] px, int p00, int p01, int p10, int p11, int ch, double ax, double ay) {
        double top = (px[p00 + ch] & 0xff) * (1 - ax) + (px[p01 + ch] & 0xff) * ax;
        double bot = (px[p10 + ch] & 0xff) * (1 - ax) + (px[p11 + ch] & 0xff) * ax;
        return top * (1 - ay) + bot * ay;
    }

    private interface Sink {
        void put(int offset, double r, double g, double b);
    }

    private static void sample(VideoFrame f, double x0, double y0, double x1, double y1, int width, int height, Sink sink) {
        // (x0, y0, x1, y1) normalised
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
                sampleAt(px, fw, fh, x, y, (j * width + i) * 3, sink);
            }
        }
    }

    /** Bilinear RGB of a BGRA frame at (x, y), black outside the frame, handed to the sink at output offset o. */
    private static void sampleAt(byte[] px, int fw, int fh, double x, double y, int o, Sink sink) {
        if (x < 0 || y < 0 || x > fw - 1 || y > fh - 1) {
            sink.put(o, 0, 0, 0);
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
        sink.put(o, lerp(px, p00, p01, p10, p11, 2, ax, ay), lerp(px, p00, p01, p10, p11, 1, ax, ay),
                lerp(px, p00, p01, p10, p11, 0, ax, ay)); // BGRA -> R, G, B
    }
}
