package org.dancelens.export;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.VideoFrame;

/**
 * Heat maps as files: a PNG of the frame with the map laid over the region the model saw (colour map, opacity), and
 * the map itself as a NumPy {@code .npy} float32 array (row-major {@code [height, width]}). Files are written beside
 * and moved into place.
 */
public final class HeatMapExport {
    private HeatMapExport() {
    }

    /** Colour maps: jet (exact piecewise-linear), viridis and inferno (9-point approximations of matplotlib's). */
    public enum ColorMap {
        JET, VIRIDIS, INFERNO;

        private static final int[][] VIRIDIS_PTS = {{68, 1, 84}, {71, 44, 122}, {59, 81, 139}, {44, 113, 142}, {33, 144, 141},
            {39, 173, 129}, {92, 200, 99}, {170, 220, 50}, {253, 231, 37}};
        private static final int[][] INFERNO_PTS = {{0, 0, 4}, {31, 12, 72}, {85, 15, 109}, {136, 34, 106}, {186, 54, 85},
            {227, 89, 51}, {249, 140, 10}, {249, 201, 50}, {252, 255, 164}};

        public static ColorMap of(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw DanceLensException.badInput("Unknown colour map '" + name + "' (jet, viridis or inferno).");
            }
        }

        /** Packed RGB of a value in [0, 1]. */
        public int rgb(double v) {
            double x = Math.max(0, Math.min(1, Double.isNaN(v) ? 0 : v));
            if (this == JET) {
                double r = clamp(1.5 - Math.abs(4 * x - 3));
                double g = clamp(1.5 - Math.abs(4 * x - 2));
                double b = clamp(1.5 - Math.abs(4 * x - 1));
                return (int) Math.round(r * 255) << 16 | (int) Math.round(g * 255) << 8 | (int) Math.round(b * 255);
            }
            int[][] p = this == VIRIDIS ? VIRIDIS_PTS : INFERNO_PTS;
            double t = x * (p.length - 1);
            int i = Math.min(p.length - 2, (int) Math.floor(t));
            double u = t - i;
            int r = (int) Math.round(p[i][0] + u * (p[i + 1][0] - p[i][0]));
            int g = (int) Math.round(p[i][1] + u * (p[i + 1][1] - p[i][1]));
            int b = (int) Math.round(p[i][2] + u * (p[i + 1][2] - p[i][2]));
            return r << 16 | g << 8 | b;
        }

        private static double clamp(double v) {
            return Math.max(0, Math.min(1, v));
        }
    }

    /**
     * The frame with the map over {@code region} (normalised {y0, x0, y1, x1} of the frame, as the model's input
     * was cut; it may reach past the frame), blended with {@code opacity} times the map value, so low values stay
     * see-through.
     */
    public static BufferedImage overlay(VideoFrame f, float[] map, int mapH, int mapW, double[] region, ColorMap cmap, double opacity) {
        int w = f.width();
        int h = f.height();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        byte[] px = f.bgra();
        double y0 = region[0] * h;
        double x0 = region[1] * w;
        double sy = (region[2] - region[0]) * h / mapH;
        double sx = (region[3] - region[1]) * w / mapW;
        for (int y = 0; y < h; y++) {
            int my = (int) Math.floor((y + 0.5 - y0) / sy);
            for (int x = 0; x < w; x++) {
                int o = (y * w + x) * 4;
                int r = px[o + 2] & 0xff;
                int g = px[o + 1] & 0xff;
                int b = px[o] & 0xff;
                int mx = (int) Math.floor((x + 0.5 - x0) / sx);
                if (mx >= 0 && my >= 0 && mx < mapW && my < mapH) {
                    float v = map[my * mapW + mx];
                    double a = opacity * Math.max(0, Math.min(1, v));
                    int c = cmap.rgb(v);
                    r = (int) Math.round(r * (1 - a) + (c >> 16 & 0xff) * a);
                    g = (int) Math.round(g * (1 - a) + (c >> 8 & 0xff) * a);
                    b = (int) Math.round(b * (1 - a) + (c & 0xff) * a);
                }
                img.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return img;
    }

    public static void png(BufferedImage img, Path out) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", bytes);
        } catch (IOException e) {
            throw DanceLensException.internal("Could not encode " + out.getFileName() + " as PNG.", e);
        }
        write(bytes.toByteArray(), out);
    }

    /** A NumPy .npy file (format 1.0) holding a little-endian float32 array of shape {@code [height, width]}. */
    public static void npy(float[] map, int height, int width, Path out) {
        if (map.length != height * width) {
            throw new IllegalArgumentException(map.length + " values for " + height + " x " + width);
        }
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + height + ", " + width + "), }";
        int unpadded = 10 + dict.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + 4 * map.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.US_ASCII));
        for (float v : map) {
            b.putFloat(v);
        }
        write(b.array(), out);
    }

    private static void write(byte[] data, Path out) {
        AtomicFiles.write(data, out);
    }
}
