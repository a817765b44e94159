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
import org.dancelens.video.YuvFrame;
import org.dancelens.video.YuvRegion;

/**
 * Lays a scene over frame after frame for the encoder, drawing and compositing only where the scene draws
 * ({@link OverlayRenderer#bounds}): the frame's pixels are copied as they are into the encoder's buffer (B, G, R and a
 * byte the encoder ignores, {@code AV_PIX_FMT_BGR0}), and only the rectangle the overlay may touch is blended. The
 * overlay buffer is kept transparent by clearing what the last scene touched (its rectangle, or after {@link #paintYuv} the spans of its touched blocks). The pixels are those of
 * {@link ClipExporter#composite} over a whole-frame {@link OverlayRenderer#render}; a frame that gets more drawn over the
 * composited picture (the classify labels) takes that whole-frame way. One painter per thread; the buffer it returns is
 * the caller's.
 */
final class FramePainter {
    private final OverlayRenderer renderer = new OverlayRenderer();
    private BufferedImage overlay;
    /** What {@link #overlay} may hold that is not transparent. */
    private Rectangle dirty = new Rectangle();
    /**
     * When {@link #spansValid}: per pair of rows from {@link #dirty}'s top, the start and end column of the 2x2 blocks
     * {@link #writeBack} found touched (start {@code -1}: none), which then hold all that {@link #overlay} holds.
     */
    private int[] spans = new int[0];
    private boolean spansValid;
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
        clearLast(ov, w);
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

    /** Converts the overlay's rectangle of a {@link YuvFrame} to RGB and back (made on first use). */
    private YuvRegion region;
    /** The last rectangle {@link #paintYuv} converted and its composited B, G, R, A bytes (what it encoded there). */
    Rectangle lastRegion = new Rectangle();
    /** A view of native memory, valid until the next frame. */
    ByteBuffer lastRegionPixels = ByteBuffer.allocate(0);

    /**
     * The frame with the scene over it, into {@code planes} as yuv420p (Y, U, V without padding): the decoder's planes as
     * they are, except in the rectangle the overlay may touch (widened to even coordinates), which is converted to BGRA
     * as the video core converts frames, composited as {@link #paint} composites, and converted back with the same
     * colour details. The composited pixels there are those {@link #paint} makes for the same frame.
     *
     * @param planes a buffer of at least {@code 1.5 x width x height} bytes (direct for the encoder)
     * @return {@code planes}
     */
    ByteBuffer paintYuv(YuvFrame f, OverlayScene scene, ByteBuffer planes) {
        int w = f.width();
        int h = f.height();
        int[] ov = drawOverlay(w, h, scene);
        planes.clear();
        planes.put(0, f.y());
        planes.put(w * h, f.u());
        planes.put(w * h + w * h / 4, f.v());
        Rectangle area = dirty;
        if (area.isEmpty()) {
            lastRegion = new Rectangle();
            return planes;
        }
        // swscale converts rows in runs of 16 pixels and the rest one by one, rounding differently: the rectangle starts
        // on a multiple of 16 and is a multiple of 16 wide or reaches the frame's right edge, so its pixels are those of
        // the whole frame's conversion
        int x0 = area.x & ~(YuvRegion.ALIGN - 1);
        int y0 = area.y & ~1;
        int x1 = Math.min(w, x0 + ((area.x + area.width - x0 + YuvRegion.ALIGN - 1) & ~(YuvRegion.ALIGN - 1)));
        int y1 = Math.min(h, (area.y + area.height + 1) & ~1);
        // sizes in steps (64 across, 32 down), so the conversions' contexts are made once for a few sizes, not each frame
        int rw = (x1 - x0 + 63) & ~63;
        if (x0 + rw > w) {
            x0 = Math.max(0, (w - rw) & ~(YuvRegion.ALIGN - 1));
            rw = w - x0;
        }
        int rh = (y1 - y0 + 31) & ~31;
        if (y0 + rh > h) {
            y0 = Math.max(0, (h - rh) & ~1);
            rh = h - y0;
        }
        Rectangle r = new Rectangle(x0, y0, rw, rh);
        if (region == null) {
            region = new YuvRegion();
        }
        // composited in place, in swscale's output (no copy into the Java heap)
        ByteBuffer px = region.toBgraView(f, r);
        // writeBack composites each 2x2 block the overlay touches as it goes: a pixel the overlay left transparent keeps
        // its converted value either way, and every pixel it did not leave so lies in such a block
        if (spans.length < r.height) {
            spans = new int[r.height];
        }
        writeBack(px, r, ov, w, h, f.coefficients(), f.fullRange(), planes, spans);
        // all the overlay holds now lies in the touched blocks: the next frame clears only those
        dirty = r;
        spansValid = true;
        lastRegionPixels = px;
        lastRegion = r;
        blended += (long) r.width * r.height;
        return planes;
    }

    /** The whole frame as the video core's BGRA frame (for the frames {@link #paintYuv} does not take). */
    VideoFrame toFrame(YuvFrame f) {
        if (region == null) {
            region = new YuvRegion();
        }
        byte[] bgra = new byte[f.width() * f.height() * 4];
        region.toBgra(f, new Rectangle(0, 0, f.width(), f.height()), bgra);
        return new VideoFrame(f.index(), f.timeSeconds(), f.width(), f.height(), bgra);
    }

    /** The overlay buffer's pixels (premultiplied ARGB, the last frame's size), for the tests. */
    int[] overlayPixels() {
        return ((DataBufferInt) overlay.getRaster().getDataBuffer()).getData();
    }

    /** Frees the native conversion state, if any. */
    void close() {
        if (region != null) {
            region.close();
            region = null;
        }
    }

    /** Clears what the last scene drew, draws {@code scene} into the overlay buffer and returns its pixels. */
    private int[] drawOverlay(int w, int h, OverlayScene scene) {
        Viewport vp = Viewport.frame(w, h);
        if (overlay == null || overlay.getWidth() != w || overlay.getHeight() != h) {
            overlay = OverlayRenderer.newBuffer(vp);
            dirty = new Rectangle();
            pic = null;
        }
        int[] ov = ((DataBufferInt) overlay.getRaster().getDataBuffer()).getData();
        clearLast(ov, w);
        dirty = OverlayRenderer.bounds(scene, vp);
        renderer.draw(scene, vp, overlay);
        painted++;
        return ov;
    }

    /**
     * Composites the overlay over the rectangle {@code px} (the frame's B, G, R, A bytes there) in each 2x2 block the
     * overlay touches, with the arithmetic of {@link #composite} (the blocks it leaves alone have nothing to composite), and writes
     * it into the planes where the overlay drew: the luma of every pixel the overlay touched, and the chroma of every 2x2
     * block with such a pixel (from the block's four composited pixels, averaged); everything else keeps the decoder's
     * values. RGB to YUV with the frame's matrix and range (the inverse of the video core's conversion).
     */
    static void writeBack(ByteBuffer px, Rectangle r, int[] overlay, int w, int h, int coefficients, boolean fullRange, ByteBuffer planes,
            int[] spans) {
        double[] k = YuvMatrix.of(coefficients, fullRange);
        double kr = k[0];
        double kb = k[1];
        double kg = 1 - kr - kb;
        double ys = k[2];
        double yo = k[3];
        double cs = k[4];
        double cbScale = cs / (2 * (1 - kb));
        double crScale = cs / (2 * (1 - kr));
        int uBase = w * h;
        int vBase = uBase + w * h / 4;
        for (int by = 0; by < r.height; by += 2) {
            int row0 = (r.y + by) * w + r.x;
            int first = -1;
            int end = -1;
            for (int bx = 0; bx < r.width; bx += 2) {
                int i0 = row0 + bx;
                if ((overlay[i0] | overlay[i0 + 1] | overlay[i0 + w] | overlay[i0 + w + 1]) >>> 24 == 0) {
                    continue; // nothing drawn in this block
                }
                if (first < 0) {
                    first = r.x + bx;
                }
                end = r.x + bx + 2;
                boolean touched = false;
                double sumB = 0;
                double sumR = 0;
                for (int dy = 0; dy < 2; dy++) {
                    for (int dx = 0; dx < 2; dx++) {
                        int fx = r.x + bx + dx;
                        int fy = r.y + by + dy;
                        int o = 4 * ((by + dy) * r.width + bx + dx);
                        int ov = overlay[fy * w + fx];
                        int a = ov >>> 24;
                        int b8;
                        int g8;
                        int r8;
                        if (a == 0xff) {
                            b8 = ov & 0xff;
                            g8 = ov >> 8 & 0xff;
                            r8 = ov >> 16 & 0xff;
                        } else {
                            b8 = px.get(o) & 0xff;
                            g8 = px.get(o + 1) & 0xff;
                            r8 = px.get(o + 2) & 0xff;
                            if (a != 0) {
                                int keep = 0xff - a;
                                b8 = (ov & 0xff) + ClipExporter.mul8(keep, b8);
                                g8 = (ov >> 8 & 0xff) + ClipExporter.mul8(keep, g8);
                                r8 = (ov >> 16 & 0xff) + ClipExporter.mul8(keep, r8);
                            }
                        }
                        if (a != 0) {
                            px.put(o, (byte) b8);
                            px.put(o + 1, (byte) g8);
                            px.put(o + 2, (byte) r8);
                        }
                        double b = b8 & 0xff;
                        double g = g8 & 0xff;
                        double red = r8 & 0xff;
                        double luma = kr * red + kg * g + kb * b;
                        sumB += b - luma;
                        sumR += red - luma;
                        if (a != 0) {
                            touched = true;
                            planes.put(fy * w + fx, clip(yo + ys * luma));
                        }
                    }
                }
                if (touched) {
                    int c = (r.y + by) / 2 * (w / 2) + (r.x + bx) / 2;
                    planes.put(uBase + c, clip(128 + cbScale * sumB / 4));
                    planes.put(vBase + c, clip(128 + crScale * sumR / 4));
                }
            }
            if (spans != null) {
                spans[by] = first;
                spans[by + 1] = end;
            }
        }
    }

    private static byte clip(double v) {
        return (byte) Math.max(0, Math.min(255, (int) Math.round(v)));
    }

    /** Makes transparent what the last scene may have drawn: the touched blocks' spans if known, else {@link #dirty}. */
    private void clearLast(int[] ov, int w) {
        if (spansValid) {
            spansValid = false;
            for (int by = 0; by < dirty.height; by += 2) {
                int first = spans[by];
                if (first >= 0) {
                    int row = (dirty.y + by) * w;
                    Arrays.fill(ov, row + first, row + spans[by + 1], 0);
                    Arrays.fill(ov, row + w + first, row + w + spans[by + 1], 0);
                }
            }
            return;
        }
        clear(ov, w, dirty);
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
