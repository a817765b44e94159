package org.dancelens.movement;

/**
 * A scale that turns image lengths into metres: {@code metresPerPixel} metres per pixel, taken from a length the user
 * marked in the picture whose real length is known (the dancer's height, a floor marking). It is one number for the
 * whole picture, so it holds only for movement at about the depth of the marked length and roughly parallel to the
 * image plane.
 *
 * @param metresPerPixel metres per pixel, finite and positive
 */
public record Calibration(double metresPerPixel) {
    public Calibration {
        if (!(metresPerPixel > 0) || Double.isInfinite(metresPerPixel)) {
            throw new IllegalArgumentException("A calibration needs a positive, finite number of metres per pixel, got " + metresPerPixel + ".");
        }
    }

    /** The calibration from a marked length: {@code pixels} in the picture are {@code metres} in the world. */
    public static Calibration fromKnownLength(double pixels, double metres) {
        if (!(pixels > 0) || !(metres > 0) || Double.isInfinite(pixels) || Double.isInfinite(metres)) {
            throw new IllegalArgumentException("A calibration needs a marked length of more than 0 pixels and a real length of more than 0 metres, got "
                    + pixels + " px and " + metres + " m.");
        }
        return new Calibration(metres / pixels);
    }

    /** A length or speed in pixels (per second) in metres (per second). */
    public double toMetres(double pixels) {
        return pixels * metresPerPixel;
    }
}
