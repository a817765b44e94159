package org.dancelens.core;

/**
 * A person's segmentation mask over a rotated square region of the frame (as BlazePose gives it): centre and side
 * in frame pixels, rotation in radians, and {@code size x size} probabilities (0..1), row-major in the region's own
 * axes.
 */
public record RegionMask(float cx, float cy, float side, float angle, int size, float[] values) {
    public RegionMask {
        if (values.length != size * size) {
            throw new IllegalArgumentException("a " + size + "x" + size + " mask needs " + size * size + " values");
        }
    }

    /** The probability at a frame pixel (0 outside the region), nearest mask cell. */
    public float valueAt(double x, double y) {
        double dx = x - cx;
        double dy = y - cy;
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        // Inverse rotation: frame offset -> region axes.
        double u = dx * cos + dy * sin;
        double v = -dx * sin + dy * cos;
        int i = (int) Math.floor((u / side + 0.5) * size);
        int j = (int) Math.floor((v / side + 0.5) * size);
        if (i < 0 || j < 0 || i >= size || j >= size) {
            return 0;
        }
        return values[j * size + i];
    }
}
