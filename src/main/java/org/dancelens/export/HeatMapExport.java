package org.dancelens.export;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.dancelens.core.AtomicFiles;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.VideoFrame;
import org.dancelens.render.HeatMapLayer;
import org.dancelens.render.OverlayRenderer;
import org.dancelens.render.OverlayScene;
import org.dancelens.render.Viewport;

/**
 * Heat maps as files: a PNG of the frame with the map laid over the region the model saw (colour map, opacity), and
 * the map itself as a NumPy {@code .npy} float32 array (row-major {@code [height, width]}). Files are written
 * atomically ({@link AtomicFiles}).
 */
public final class HeatMapExport {
    private HeatMapExport() {
    }

    /**
     * The frame with the heat map laid over it, drawn by the {@link OverlayRenderer} at the frame's resolution (the
     * same drawing as the player's heat-map layer).
     */
    public static BufferedImage overlay(VideoFrame f, HeatMapLayer heat) {
        OverlayScene scene = OverlayScene.of(f.width(), f.height()).withHeatMap(heat);
        return OverlayRenderer.composite(f, new OverlayRenderer().render(scene, Viewport.frame(f.width(), f.height())));
    }

    public static void png(BufferedImage img, Path out) {
        AtomicFiles.write(png(img), out);
    }

    /** The image as PNG bytes. */
    public static byte[] png(BufferedImage img) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", bytes);
        } catch (IOException e) {
            throw DanceLensException.internal("Could not encode a picture as PNG.", e);
        }
        return bytes.toByteArray();
    }

    /** A NumPy .npy file (format 1.0) holding a little-endian float32 array of shape {@code [height, width]}. */
    public static void npy(float[] map, int height, int width, Path out) {
        AtomicFiles.write(npy(map, height, width), out);
    }

    /** The bytes of that .npy file. */
    public static byte[] npy(float[] map, int height, int width) {
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
        return b.array();
    }
}
