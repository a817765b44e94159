package org.dancelens.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGRA;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import java.awt.Rectangle;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Converts a rectangle of a {@link YuvFrame} to BGRA by swscale with the video core's colour details: the
 * BGRA pixels of a rectangle are those {@link VideoSource} gives for the same frame at the same place. The rectangle
 * must lie on even coordinates with an even size (4:2:0 chroma covers 2x2 pixels); its pixels equal those of the whole
 * frame's conversion when it also starts on a multiple of {@link #ALIGN} and is a multiple of {@link #ALIGN} wide or
 * reaches the frame's right edge (swscale converts rows in runs of pixels and the rest one by one, rounding
 * differently). Not thread-safe: one per thread.
 */
public final class YuvRegion implements AutoCloseable {
    /** The run of pixels a rectangle's start and width keep to for the whole frame's pixels. */
    public static final int ALIGN = 16;

    /** Room after the pictures: swscale's vector code may write a few pixels past a row's end. */
    private static final int SLACK = 64 * 4;

    /** Contexts by size, the most recently used kept (making one costs more than a conversion). */
    private final java.util.LinkedHashMap<Key, SwsContext> contexts = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<Key, SwsContext> eldest) {
            if (size() > MAX_CONTEXTS) {
                sws_freeContext(eldest.getValue());
                return true;
            }
            return false;
        }
    };
    private static final int MAX_CONTEXTS = 16;
    private BytePointer yuv = new BytePointer(0L);
    private BytePointer rgb = new BytePointer(0L);
    private final PointerPointer<BytePointer> srcData = new PointerPointer<>(4);
    private final PointerPointer<BytePointer> dstData = new PointerPointer<>(4);
    private final IntPointer srcLines = new IntPointer(4);
    private final IntPointer dstLines = new IntPointer(4);

    /** The rectangle {@code r} of the frame as B, G, R, A bytes, rows of {@code 4 x r.width}, into {@code out}. */
    public void toBgra(YuvFrame f, Rectangle r, byte[] out) {
        convert(f, r);
        rgb.position(0).get(out, 0, r.width * r.height * 4);
    }

    private void convert(YuvFrame f, Rectangle r) {
        check(f, r);
        SwsContext toRgb = contexts.get(new Key(r.width, r.height, f.coefficients(), f.fullRange()));
        if (toRgb == null) {
            toRgb = sws_getCachedContext(null, r.width, r.height, AV_PIX_FMT_YUV420P, r.width, r.height, AV_PIX_FMT_BGRA, SWS_BILINEAR, null, null,
                    (DoublePointer) null);
            FfmpegDecoder.toRgbDetails(toRgb, f.coefficients(), f.fullRange());
            contexts.put(new Key(r.width, r.height, f.coefficients(), f.fullRange()), toRgb);
        }
        loadPlanes(f, r);
        int bytes = r.width * r.height * 4;
        ensureRgb(bytes);
        dstData.put(0, rgb);
        dstLines.put(0, r.width * 4);
        sws_scale(toRgb, srcData, srcLines, 0, r.height, dstData, dstLines);
    }

    /** The frame's planes cut to {@code r}, into the source pointers. */
    private void loadPlanes(YuvFrame f, Rectangle r) {
        int cw = r.width / 2;
        int ch = r.height / 2;
        int ySize = r.width * r.height;
        ensureYuv(ySize + 2 * cw * ch);
        for (int y = 0; y < r.height; y++) {
            yuv.position((long) y * r.width).put(f.y(), (r.y + y) * f.width() + r.x, r.width);
        }
        for (int y = 0; y < ch; y++) {
            int at = (r.y / 2 + y) * (f.width() / 2) + r.x / 2;
            yuv.position(ySize + (long) y * cw).put(f.u(), at, cw);
            yuv.position(ySize + (long) cw * ch + (long) y * cw).put(f.v(), at, cw);
        }
        yuv.position(0);
        srcData.put(0, yuv.getPointer(0));
        srcData.put(1, yuv.getPointer(ySize));
        srcData.put(2, yuv.getPointer(ySize + (long) cw * ch));
        srcLines.put(0, r.width);
        srcLines.put(1, cw);
        srcLines.put(2, cw);
    }

    private void ensureYuv(long bytes) {
        if (yuv.capacity() < bytes + SLACK) {
            yuv.close();
            yuv = new BytePointer(bytes + SLACK);
        }
    }

    private void ensureRgb(long bytes) {
        if (rgb.capacity() < bytes + SLACK) {
            rgb.close();
            rgb = new BytePointer(bytes + SLACK);
        }
        rgb.position(0).limit(rgb.capacity());
    }

    /** What a conversion context is made for. */
    private record Key(int width, int height, int coefficients, boolean fullRange) {
    }

    private static void check(YuvFrame f, Rectangle r) {
        if (((r.x | r.y | r.width | r.height) & 1) != 0 || r.x < 0 || r.y < 0 || r.x + r.width > f.width() || r.y + r.height > f.height()
                || r.width <= 0 || r.height <= 0) {
            throw new IllegalArgumentException("rectangle " + r + " is not on even coordinates inside " + f.width() + "x" + f.height());
        }
    }

    @Override
    public void close() {
        for (SwsContext c : contexts.values()) {
            sws_freeContext(c);
        }
        contexts.clear();
        yuv.close();
        rgb.close();
        srcData.close();
        dstData.close();
        srcLines.close();
        dstLines.close();
    }
}
