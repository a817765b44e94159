package org.dancelens.video;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.VideoFrame;

/** A still picture (PNG, JPEG, BMP, GIF) read as a one-frame input, in the same BGRA layout as decoded video. */
public final class StillImage {
    private StillImage() {
    }

    /** True for the file names ImageIO reads. */
    public static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".bmp") || n.endsWith(".gif");
    }

    public static VideoFrame read(Path p) {
        BufferedImage img;
        try {
            img = Files.isRegularFile(p) ? ImageIO.read(p.toFile()) : null;
        } catch (IOException e) {
            throw DanceLensException.badInput(p.getFileName() + " cannot be read as a picture: " + e.getMessage() + ".", e);
        }
        if (img == null) {
            throw DanceLensException.badInput(p.getFileName() + " is not a picture DanceLens can read (PNG, JPEG, BMP or GIF).");
        }
        return of(img, 0, 0);
    }

    public static VideoFrame of(BufferedImage img, int index, double time) {
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] bgra = new byte[w * h * 4];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = img.getRGB(x, y);
                int o = (y * w + x) * 4;
                bgra[o] = (byte) argb;
                bgra[o + 1] = (byte) (argb >> 8);
                bgra[o + 2] = (byte) (argb >> 16);
                bgra[o + 3] = (byte) 0xff;
            }
        }
        return new VideoFrame(index, time, w, h, bgra);
    }
}
