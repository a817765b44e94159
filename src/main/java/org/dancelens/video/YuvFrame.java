package org.dancelens.video;

/**
 * One decoded frame as the decoder gave it: 8-bit 4:2:0 planes (yuv420p), even width and height, rows without padding,
 * with the colour details {@link VideoSource}'s BGRA frames are converted with. Read by the clip export, which passes
 * the planes to the encoder as they are and lays its overlay over them in YUV where it draws ({@link YuvRegion}
 * converts a frame to BGRA where RGB is needed). The arrays are the frame's and must not be modified.
 *
 * @param coefficients the swscale YUV matrix ({@code SWS_CS_*}) of the conversion to RGB
 * @param fullRange    whether the YUV values use the full 0-255 range
 */
public record YuvFrame(int index, double timeSeconds, int width, int height, byte[] y, byte[] u, byte[] v, int coefficients, boolean fullRange) {
    public YuvFrame {
        if ((width & 1) != 0 || (height & 1) != 0 || y.length != width * height || u.length != width * height / 4 || v.length != u.length) {
            throw new IllegalArgumentException("planes of " + y.length + ", " + u.length + ", " + v.length + " bytes do not fit " + width + "x" + height);
        }
    }

    /** Bytes of the three planes: {@code 1.5 x width x height}. */
    public int sizeBytes() {
        return width * height * 3 / 2;
    }
}
