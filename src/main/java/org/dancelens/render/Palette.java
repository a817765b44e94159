package org.dancelens.render;

import java.util.Locale;
import org.dancelens.core.DanceLensException;

/**
 * Every colour DanceLens draws with, as packed ARGB ({@code 0xAARRGGBB}): a dancer's identity colour (bones, box,
 * label) with its lighter tint for the dancer's segmentation mask, joint confidence (red to green) with the dark ring
 * round every joint, joint importance (pale yellow to orange-red), the colours of classifier labels, and the heat-map
 * colour maps (cividis by default: perceptually uniform, blue to yellow, so neither end looks like a joint's red or
 * green). The player, the timeline and the exports take their colours from here, so a dancer has the
 * same colour everywhere.
 */
public final class Palette {
    private static final int[] CATEGORIES = {0xff4e79a7, 0xfff28e2b, 0xff59a14f, 0xffe15759, 0xff76b7b2, 0xffedc948, 0xffb07aa1,
        0xffff9da7, 0xff9c755f, 0xffbab0ac};

    private Palette() {
    }

    /** The colour of a dancer's identity, stable per track id. */
    public static int identity(int trackId) {
        return hsb((trackId * 47) % 360, 0.85, 1.0);
    }

    /** How far a dancer's mask colour is moved from the identity colour towards white. */
    static final double MASK_TINT = 0.5;
    /** The ring round every joint: near black, nearly opaque, so a joint reads on any background (and on its own bones). */
    public static final int JOINT_OUTLINE = 0xe6141414;
    /**
     * The colour of a second run's dancers drawn over the first's when two pose runs are compared: pure magenta, more
     * saturated than any identity colour (the nearest, pink and purple, are muted).
     */
    public static final int COMPARE = 0xffff00ff;

    /**
     * The colour of a dancer's segmentation mask: the identity colour lightened halfway to white, so the mask (drawn
     * translucent) reads as the same dancer as the bones and the box, and stays apart from them where they cross it.
     */
    public static int maskTint(int trackId) {
        int c = identity(trackId);
        int r = (int) Math.round((c >> 16 & 0xff) + MASK_TINT * (255 - (c >> 16 & 0xff)));
        int g = (int) Math.round((c >> 8 & 0xff) + MASK_TINT * (255 - (c >> 8 & 0xff)));
        int b = (int) Math.round((c & 0xff) + MASK_TINT * (255 - (c & 0xff)));
        return 0xff000000 | r << 16 | g << 8 | b;
    }

    /** The colour of a joint by confidence: red (0) through yellow to green (1). */
    public static int jointConfidence(double score) {
        return hsb(120 * clamp(score), 0.9, 1.0);
    }

    /** The colour of a joint by importance: pale yellow (0, none) to deep orange-red (1, most). */
    public static int importance(double value) {
        double x = clamp(value);
        return hsb(50 - 45 * x, 0.25 + 0.75 * x, 1.0);
    }

    /** The colour of a classifier label by its index in the model's label list (ten colours, then again). */
    public static int category(int index) {
        return CATEGORIES[Math.floorMod(index, CATEGORIES.length)];
    }

    /**
     * An opaque colour from hue (degrees, any value, taken modulo 360), saturation and brightness (0..1), with the
     * same arithmetic as JavaFX's {@code Color.hsb}, each channel rounded to 8 bits.
     */
    public static int hsb(double hue, double saturation, double brightness) {
        double h = ((hue % 360) + 360) % 360 / 360;
        double r;
        double g;
        double b;
        if (saturation == 0) {
            r = brightness;
            g = brightness;
            b = brightness;
        } else {
            double sector = (h - Math.floor(h)) * 6.0;
            double f = sector - Math.floor(sector);
            double p = brightness * (1.0 - saturation);
            double q = brightness * (1.0 - saturation * f);
            double t = brightness * (1.0 - saturation * (1.0 - f));
            switch ((int) sector) {
                case 0 -> { r = brightness; g = t; b = p; }
                case 1 -> { r = q; g = brightness; b = p; }
                case 2 -> { r = p; g = brightness; b = t; }
                case 3 -> { r = p; g = q; b = brightness; }
                case 4 -> { r = t; g = p; b = brightness; }
                default -> { r = brightness; g = p; b = q; }
            }
        }
        return 0xff000000 | channel(r) << 16 | channel(g) << 8 | channel(b);
    }

    private static int channel(double v) {
        return (int) Math.round(clamp(v) * 255);
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    /**
     * Heat-map colour maps: cividis (the default), viridis and inferno (9-point approximations of matplotlib's, the
     * perceptually uniform ones: lightness grows evenly with the value), and jet (exact piecewise-linear; not uniform,
     * and its reds, yellows and greens are those of the joint-confidence colours).
     */
    public enum ColorMap {
        JET, VIRIDIS, INFERNO, CIVIDIS;

        /** The colour map a heat map gets unless the user picks another. */
        public static final ColorMap DEFAULT = CIVIDIS;

        private static final int[][] VIRIDIS_PTS = {{68, 1, 84}, {71, 44, 122}, {59, 81, 139}, {44, 113, 142}, {33, 144, 141},
            {39, 173, 129}, {92, 200, 99}, {170, 220, 50}, {253, 231, 37}};
        private static final int[][] INFERNO_PTS = {{0, 0, 4}, {31, 12, 72}, {85, 15, 109}, {136, 34, 106}, {186, 54, 85},
            {227, 89, 51}, {249, 140, 10}, {249, 201, 50}, {252, 255, 164}};
        /** matplotlib's cividis at 0, 1/8, ..., 1 (entries 0, 32, 64, 96, 128, 159, 191, 223, 255 of its 256), rounded to 8 bits. */
        private static final int[][] CIVIDIS_PTS = {{0, 34, 78}, {26, 56, 111}, {67, 78, 108}, {97, 101, 111}, {125, 124, 120},
            {154, 147, 118}, {187, 173, 109}, {221, 200, 88}, {254, 232, 56}};

        /** The colour map called {@code name} (cividis, viridis, inferno or jet, any case). */
        public static ColorMap of(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw DanceLensException.badInput("Unknown colour map '" + name + "' (cividis, viridis, inferno or jet).");
            }
        }

        /** Packed RGB (no alpha) of a value in [0, 1]; NaN counts as 0. */
        public int rgb(double v) {
            double x = clamp(Double.isNaN(v) ? 0 : v);
            if (this == JET) {
                double r = clamp(1.5 - Math.abs(4 * x - 3));
                double g = clamp(1.5 - Math.abs(4 * x - 2));
                double b = clamp(1.5 - Math.abs(4 * x - 1));
                return (int) Math.round(r * 255) << 16 | (int) Math.round(g * 255) << 8 | (int) Math.round(b * 255);
            }
            int[][] p = switch (this) {
                case VIRIDIS -> VIRIDIS_PTS;
                case INFERNO -> INFERNO_PTS;
                default -> CIVIDIS_PTS;
            };
            double t = x * (p.length - 1);
            int i = Math.min(p.length - 2, (int) Math.floor(t));
            double u = t - i;
            int r = (int) Math.round(p[i][0] + u * (p[i + 1][0] - p[i][0]));
            int g = (int) Math.round(p[i][1] + u * (p[i + 1][1] - p[i][1]));
            int b = (int) Math.round(p[i][2] + u * (p[i + 1][2] - p[i][2]));
            return r << 16 | g << 8 | b;
        }
    }
}
