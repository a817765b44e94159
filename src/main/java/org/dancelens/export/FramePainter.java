package org.dancelens.export;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Consumer;
import org.dancelens.core.VideoFrame;
import org.dancelens.render.OverlayRenderer;
import org.dancelens.render.OverlayScene;
import org.dancelens.render.Viewport;

/**
 * Lays a scene over frame after frame for the encoder, drawing and compositing only where the scene draws
 * ({@link OverlayRenderer#bounds}): the frame's pixels are copied as they are into the encoder's buffer (B, G, R and a
 * byte the encoder ignores, {@code AV_PIX_FMT_BGR0}), and only the rectangle the overlay may touch is blended. The
 * overlay buffer is kept transparent by clearing the rectangle the last scene touched. The pixels are those of
 * {@link ClipExporter#composite} over a whole-frame {@link OverlayRenderer#render}; a frame that gets more drawn over the
 * composited picture (the classify labels) takes that whole-frame way. One painter per thread; the buffer it returns is
 * the caller's.
 */
final class FramePainter {
    private final OverlayRenderer renderer = new OverlayRenderer();
    private BufferedImage overlay;
    /** What {@link #overlay} may hold that is not transparent. */
    private Rectangle dirty = new Rectangle();
    private BufferedImage pic;
    /** Pixels blended (for the measure of how much less is drawn), and frames painted. */
    long blended;
    long painted;

    /**
     * The frame with the scene over it, into {@code pixels} as {@code 4 x width x height} bytes B, G, R, x.
     *
     * @param more   what else to draw over the composited picture (an opaque RGB image of the frame's size), or null
     * @param pixels a little-endian buffer of at least {@code 4 x width x height} bytes (direct for the encoder)
     * @return {@code pixels}
     */
    ByteBuffer paint(VideoFrame f, OverlayScene scene, Consumer<BufferedImage> more, ByteBuffer pixels) {
        int w = f.width();
        int h = f.height();
        Viewport vp = Viewport.frame(w, h);
        if (overlay == null || overlay.getWidth() != w || overlay.getHeight() != h) {
            overlay = OverlayRenderer.newBuffer(vp);
            dirty = new Rectangle();
            pic = null;
        }
        int[] ov = ((DataBufferInt) overlay.getRaster().getDataBuffer()).getData();
        clear(ov, w, dirty);
        Rectangle area = OverlayRenderer.bounds(scene, vp);
        dirty = area;
        renderer.draw(scene, vp, overlay);
        painted++;
        if (more != null) {
            if (pic == null) {
                pic = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            }
            int[] px = ((DataBufferInt) pic.getRaster().getDataBuffer()).getData();
            ClipExporter.composite(f, ov, px);
            more.accept(pic);
            pixels.clear();
            pixels.order(java.nio.ByteOrder.LITTLE_ENDIAN).asIntBuffer().put(px); // 0x00RRGGBB little-endian: the bytes B, G, R, 0
            blended += (long) w * h;
            return pixels;
        }
        pixels.clear();
        pixels.put(0, f.bgra());
        composite(f.bgra(), w, ov, area, pixels);
        blended += (long) area.width * area.height;
        return pixels;
    }

    /** Makes {@code r} of the overlay transparent. */
    private static void clear(int[] ov, int w, Rectangle r) {
        for (int y = r.y; y < r.y + r.height; y++) {
            Arrays.fill(ov, y * w + r.x, y * w + r.x + r.width, 0);
        }
    }

    /**
     * Lays the overlay's {@code area} over the frame's pixels already in {@code out} (B, G, R, x per pixel): the
     * arithmetic of {@link ClipExporter#composite}, on that rectangle alone.
     */
    static void composite(byte[] bgra, int w, int[] overlay, Rectangle area, ByteBuffer out) {
        for (int y = area.y; y < area.y + area.height; y++) {
            int i = y * w + area.x;
            for (int end = i + area.width; i < end; i++) {
                int ov = overlay[i];
                int a = ov >>> 24;
                if (a == 0) {
                    continue;
                }
                int o = 4 * i;
                if (a == 0xff) {
                    out.put(o, (byte) ov);
                    out.put(o + 1, (byte) (ov >> 8));
                    out.put(o + 2, (byte) (ov >> 16));
                } else {
                    int keep = 0xff - a;
                    out.put(o, (byte) ((ov & 0xff) + ClipExporter.mul8(keep, bgra[o] & 0xff)));
                    out.put(o + 1, (byte) ((ov >> 8 & 0xff) + ClipExporter.mul8(keep, bgra[o + 1] & 0xff)));
                    out.put(o + 2, (byte) ((ov >> 16 & 0xff) + ClipExporter.mul8(keep, bgra[o + 2] & 0xff)));
                }
            }
        }
    }
}
