package org.dancelens.video;

/** Rotation of BGRA pixel buffers by multiples of 90 degrees (clockwise). */
final class Rotation {
    private Rotation() {
    }

    /** Rotates a {@code w x h} BGRA picture clockwise by 90, 180 or 270 degrees into a new array. */
    static byte[] rotate(byte[] src, int w, int h, int clockwise) {
        byte[] dst = new byte[src.length];
        switch (clockwise) {
            case 90 -> { // new size h x w: (x, y) -> (h - 1 - y, x)
                for (int y = 0; y < h; y++) {
                    int dx = h - 1 - y;
                    for (int x = 0; x < w; x++) {
                        copyPixel(src, (y * w + x) * 4, dst, (x * h + dx) * 4);
                    }
                }
            }
            case 180 -> {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        copyPixel(src, (y * w + x) * 4, dst, ((h - 1 - y) * w + (w - 1 - x)) * 4);
                    }
                }
            }
            case 270 -> { // new size h x w: (x, y) -> (y, w - 1 - x)
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        copyPixel(src, (y * w + x) * 4, dst, ((w - 1 - x) * h + y) * 4);
                    }
                }
            }
            default -> throw new IllegalArgumentException("rotation must be 90, 180 or 270, not " + clockwise);
        }
        return dst;
    }

    private static void copyPixel(byte[] src, int s, byte[] dst, int d) {
        dst[d] = src[s];
        dst[d + 1] = src[s + 1];
        dst[d + 2] = src[s + 2];
        dst[d + 3] = src[s + 3];
    }
}
