package org.dancelens.ui;

import javafx.scene.paint.Color;

/** The render package's colours (packed ARGB, see {@link org.dancelens.render.Palette}) as JavaFX colours. */
public final class FxColors {
    private FxColors() {
    }

    /** The JavaFX colour of a packed {@code 0xAARRGGBB} colour. */
    public static Color of(int argb) {
        return Color.rgb(argb >> 16 & 0xff, argb >> 8 & 0xff, argb & 0xff, (argb >>> 24) / 255.0);
    }
}
