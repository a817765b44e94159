package org.dancelens.core;

/**
 * One decoded frame, rotation applied, as 8-bit BGRA pixels (alpha is always 255), row-major without padding.
 * The pixel array is owned by the frame and must not be modified (frames are shared through caches).
 *
 * @param index       frame number in presentation order (0-based), the same everywhere in DanceLens
 * @param timeSeconds presentation time relative to the first frame
 * @param width       width in pixels
 * @param height      height in pixels
 * @param bgra        {@code width * height * 4} bytes
 */
public record VideoFrame(int index, double timeSeconds, int width, int height, byte[] bgra) {
    public VideoFrame {
        if (bgra.length != (long) width * height * 4) {
            throw new IllegalArgumentException("pixel buffer has " + bgra.length + " bytes, expected " + (long) width * height * 4);
        }
    }

    /** Bytes held by this frame, for cache accounting. */
    public long sizeBytes() {
        return bgra.length;
    }

    /** Packed ARGB of one pixel. */
    public int argb(int x, int y) {
        int o = (y * width + x) * 4;
        return (bgra[o + 3] & 0xff) << 24 | (bgra[o + 2] & 0xff) << 16 | (bgra[o + 1] & 0xff) << 8 | (bgra[o] & 0xff);
    }
}
