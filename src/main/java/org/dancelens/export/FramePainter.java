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
 * ({@link OverlayRenderer#bounds}). Two ways: {@link #paint} copies the frame's BGRA pixels as they are into the
 * encoder's buffer (B, G, R and a byte the encoder ignores, {@code AV_PIX_FMT_BGR0}) and blends the overlay's rectangle
 * with the arithmetic of {@link ClipExporter#composite} over a whole-frame {@link OverlayRenderer#render} (a frame that
 * gets more drawn over the composited picture, the classify labels, takes the whole frame); {@link #paintYuv} passes the
 * decoder's yuv420p planes as they are and lays the overlay over them in YUV in the 2x2 blocks it touched. The overlay
 * buffer is kept transparent by clearing what the last scene touched (its rectangle, or after {@link #paintYuv} the
 * spans of its touched blocks). One painter per thread; the buffer it returns is the caller's.
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

    /** Converts {@link YuvFrame}s to the video core's BGRA frames for {@link #toFrame} (made on first use). */
    private YuvRegion region;
    /** The rectangle {@link #paintYuv} last composited in (even coordinates; empty when the scene drew nothing). */
    Rectangle lastRegion = new Rectangle();

    /**
     * The frame with the scene over it, into {@code planes} as yuv420p (Y, U, V without padding): the decoder's planes as
     * they are, except where the overlay drew, where the overlay is laid over the frame in YUV (see {@link #writeBack}):
     * no pixel of the frame goes to RGB and back.
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
        // whole 2x2 blocks (the chroma's)
        int x0 = area.x & ~1;
        int y0 = area.y & ~1;
        int x1 = Math.min(w, (area.x + area.width + 1) & ~1);
        int y1 = Math.min(h, (area.y + area.height + 1) & ~1);
        Rectangle r = new Rectangle(x0, y0, x1 - x0, y1 - y0);
        if (spans.length < r.height) {
            spans = new int[r.height];
        }
        writeBack(f, r, ov, planes, spans);
        // all the overlay holds now lies in the touched blocks: the next frame clears only those
        dirty = r;
        spansValid = true;
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

    /** Columns {@link #writeBack} looks at at once for anything drawn (a power of two). */
    private static final int SKIP = 16;
    /** Fraction bits of {@link #writeBack}'s fixed-point arithmetic. */
    private static final int FIX = 16;

    /**
     * Lays the overlay over the frame in each 2x2 block of {@code r} the overlay touches, in YUV: compositing is linear
     * and so is RGB to YUV, so a pixel under overlay colour {@code o} (premultiplied) with alpha {@code a} becomes
     * {@code Y = off + scale x luma(o) + (1 - a) x (Y_frame - off)}, and the block's chroma
     * {@code U = 128 + mean over its four pixels of [chroma(o) + (1 - a) x (U_frame - 128)]} (V likewise), with the frame's
     * matrix and range (the inverse of the video core's conversion), in 16-bit fixed point. Only the luma of pixels the
     * overlay touched and the chroma of blocks holding such a pixel are written; everything else keeps the decoder's
     * values. Where the overlay is opaque this is the overlay's colour converted as the encoder converts RGB; where it is
     * translucent it is the player's {@link ClipExporter#composite} without the frame's detour through 8-bit RGB (and its
     * chroma interpolation).
     *
     * @param spans per row of {@code r}, the first and end column of the touched blocks there ({@code -1}: none), or null
     */
    static void writeBack(YuvFrame f, Rectangle r, int[] overlay, ByteBuffer planes, int[] spans) {
        int w = f.width();
        int h = f.height();
        byte[] fy = f.y();
        byte[] fu = f.u();
        byte[] fv = f.v();
        double[] k = YuvMatrix.of(f.coefficients(), f.fullRange());
        double kr = k[0];
        double kb = k[1];
        double kg = 1 - kr - kb;
        double one = 1 << FIX;
        // Y = offset + scale x (kr R + kg G + kb B); U - 128 = chroma scale x (B - luma) / (2 (1 - kb)); V likewise with R
        double cb = k[4] / (2 * (1 - kb));
        double cr = k[4] / (2 * (1 - kr));
        int yR = (int) Math.round(one * k[2] * kr);
        int yG = (int) Math.round(one * k[2] * kg);
        int yB = (int) Math.round(one * k[2] * kb);
        int uR = (int) Math.round(-one * cb * kr);
        int uG = (int) Math.round(-one * cb * kg);
        int uB = (int) Math.round(one * cb * (1 - kb));
        int vR = (int) Math.round(one * cr * (1 - kr));
        int vG = (int) Math.round(-one * cr * kg);
        int vB = (int) Math.round(-one * cr * kb);
        int yOff = (int) Math.round(k[3]);
        int half = 1 << (FIX - 1);
        // keep / 255 in fixed point
        int per255 = (int) Math.round(one / 255);
        int uBase = w * h;
        int vBase = uBase + w * h / 4;
        for (int by = 0; by < r.height; by += 2) {
            int row0 = (r.y + by) * w + r.x;
            int first = -1;
            int end = -1;
            for (int bx = 0; bx < r.width; bx += 2) {
                int i0 = row0 + bx;
                if ((bx & (SKIP - 1)) == 0 && bx + SKIP <= r.width) {
                    // most of the rectangle is empty: look at SKIP columns of both rows at once (a loop the compiler vectorises)
                    int any = 0;
                    for (int j = i0; j < i0 + SKIP; j++) {
                        any |= overlay[j] | overlay[j + w];
                    }
                    if (any >>> 24 == 0) {
                        bx += SKIP - 2;
                        continue;
                    }
                }
                if ((overlay[i0] | overlay[i0 + 1] | overlay[i0 + w] | overlay[i0 + w + 1]) >>> 24 == 0) {
                    continue; // nothing drawn in this block
                }
                if (first < 0) {
                    first = r.x + bx;
                }
                end = r.x + bx + 2;
                int sumU = 0;
                int sumV = 0;
                int sumKeep = 0;
                for (int d = 0; d < 4; d++) {
                    int i = i0 + (d >> 1) * w + (d & 1);
                    int ov = overlay[i];
                    int a = ov >>> 24;
                    if (a == 0) {
                        sumKeep += 0xff;
                        continue;
                    }
                    int b = ov & 0xff;
                    int g = ov >> 8 & 0xff;
                    int red = ov >> 16 & 0xff;
                    sumU += uR * red + uG * g + uB * b;
                    sumV += vR * red + vG * g + vB * b;
                    int keep = 0xff - a;
                    sumKeep += keep;
                    int y = yR * red + yG * g + yB * b + (yOff << FIX) + half + keep * ((fy[i] & 0xff) - yOff) * per255;
                    planes.put(i, clip(y >> FIX));
                }
                int c = (r.y + by) / 2 * (w / 2) + (r.x + bx) / 2;
                // the mean of four: two more fraction bits; the frame's chroma weighted by the block's summed keep / 255
                planes.put(uBase + c, clip((sumU + sumKeep * ((fu[c] & 0xff) - 128) * per255 + (128 << (FIX + 2)) + (half << 2)) >> (FIX + 2)));
                planes.put(vBase + c, clip((sumV + sumKeep * ((fv[c] & 0xff) - 128) * per255 + (128 << (FIX + 2)) + (half << 2)) >> (FIX + 2)));
            }
            if (spans != null) {
                spans[by] = first;
                spans[by + 1] = end;
            }
        }
    }

    private static byte clip(int v) {
        return (byte) (v < 0 ? 0 : Math.min(v, 255));
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
