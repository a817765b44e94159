package org.dancelens.render;

/**
 * How frame pixels map onto a pixel buffer: buffer point = frame point x {@code scale} + offset, in a buffer of
 * {@code width x height} pixels. The player's viewport is its canvas (fitted, zoomed and panned); an exporter's is the
 * frame itself ({@link #frame}).
 *
 * @param scale   buffer pixels per frame pixel
 * @param offsetX where the frame's left edge lands in the buffer, pixels
 * @param offsetY where the frame's top edge lands in the buffer, pixels
 * @param width   buffer width in pixels
 * @param height  buffer height in pixels
 */
public record Viewport(double scale, double offsetX, double offsetY, int width, int height) {
    public Viewport {
        if (!(scale > 0) || width < 1 || height < 1) {
            throw new IllegalArgumentException("a viewport needs a positive scale and size, got scale " + scale + ", " + width + "x" + height);
        }
    }

    /** The frame at its own resolution: scale 1, no offset, a buffer the frame's size. */
    public static Viewport frame(int frameWidth, int frameHeight) {
        return new Viewport(1, 0, 0, frameWidth, frameHeight);
    }

    /**
     * A frame fitted into an area keeping its aspect, centred, then zoomed by {@code zoom} about the area's centre and
     * moved by ({@code panX}, {@code panY}). The buffer covers the area (its size rounded up to whole pixels).
     */
    public static Viewport fit(int frameWidth, int frameHeight, double areaWidth, double areaHeight, double zoom, double panX, double panY) {
        double scale = Math.min(areaWidth / frameWidth, areaHeight / frameHeight) * zoom;
        double x = (areaWidth - frameWidth * scale) / 2 + panX;
        double y = (areaHeight - frameHeight * scale) / 2 + panY;
        return new Viewport(scale, x, y, Math.max(1, (int) Math.ceil(areaWidth)), Math.max(1, (int) Math.ceil(areaHeight)));
    }

    /** The same view on a buffer {@code factor} times as dense (a screen's output scale, e.g. 2 on a HiDPI screen). */
    public Viewport scaled(double factor) {
        return new Viewport(scale * factor, offsetX * factor, offsetY * factor, Math.max(1, (int) Math.ceil(width * factor)),
                Math.max(1, (int) Math.ceil(height * factor)));
    }

    /** The buffer x of a frame x. */
    public double x(double frameX) {
        return offsetX + frameX * scale;
    }

    /** The buffer y of a frame y. */
    public double y(double frameY) {
        return offsetY + frameY * scale;
    }

    /** The frame x under a buffer x. */
    public double frameX(double bufferX) {
        return (bufferX - offsetX) / scale;
    }

    /** The frame y under a buffer y. */
    public double frameY(double bufferY) {
        return (bufferY - offsetY) / scale;
    }
}
