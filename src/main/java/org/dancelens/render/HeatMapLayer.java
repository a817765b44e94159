package org.dancelens.render;

/**
 * A heat map (e.g. a class-activation map) to lay over a frame: values 0..1, row-major {@code height x width}, spread
 * over {@code region} of the frame (normalised {y0, x0, y1, x1}, as the model's input was cut from the frame; it may
 * reach past the frame, which clips it), coloured by {@code colorMap} and blended with {@code opacity} times the value,
 * so low values stay see-through. The renderer keeps the arrays as given: do not change them after handing them over.
 */
public record HeatMapLayer(float[] values, int height, int width, double[] region, Palette.ColorMap colorMap, double opacity) {
    public HeatMapLayer {
        if (height < 1 || width < 1 || values.length != height * width) {
            throw new IllegalArgumentException("a " + height + "x" + width + " heat map needs " + (long) height * width + " values, got " + values.length);
        }
        if (region.length != 4) {
            throw new IllegalArgumentException("a heat map region is {y0, x0, y1, x1}, got " + region.length + " numbers");
        }
    }
}
