package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.scene.paint.Color;
import org.dancelens.render.Palette;
import org.junit.jupiter.api.Test;

/** The palette's colours are the ones the player and the timeline drew with JavaFX before the renderer existed. */
class FxColorsTest {
    static void assertSame(Color actual, Color expected) {
        assertThat(actual.getRed()).isCloseTo(expected.getRed(), org.assertj.core.data.Offset.offset(0.5 / 255));
        assertThat(actual.getGreen()).isCloseTo(expected.getGreen(), org.assertj.core.data.Offset.offset(0.5 / 255));
        assertThat(actual.getBlue()).isCloseTo(expected.getBlue(), org.assertj.core.data.Offset.offset(0.5 / 255));
        assertThat(actual.getOpacity()).isEqualTo(expected.getOpacity());
    }

    @Test
    void paletteColoursMatchJavaFxs() {
        for (int track = -3; track < 60; track++) {
            assertSame(FxColors.of(Palette.identity(track)), Color.hsb((track * 47) % 360, 0.85, 1.0));
        }
        for (double v = -0.5; v <= 1.5; v += 0.01) {
            double x = Math.max(0, Math.min(1, v));
            assertSame(FxColors.of(Palette.jointConfidence(v)), Color.hsb(120 * x, 0.9, 1.0));
            assertSame(FxColors.of(Palette.importance(v)), Color.hsb(50 - 45 * x, 0.25 + 0.75 * x, 1.0));
        }
        String[] labels = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};
        for (int i = -10; i < 20; i++) {
            assertSame(FxColors.of(Palette.category(i)), Color.web(labels[Math.floorMod(i, 10)]));
        }
        assertSame(FxColors.of(0x80ff0000), Color.rgb(255, 0, 0, 128 / 255.0));
    }
}
