package org.dancelens.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A per-joint heat strip drawn without a window (for the comparison report), as the workbench's timeline draws it:
 * a title row with the colour scale (0 to its top in pixels), then one row per joint, its name at the left, each pixel
 * column the largest distance of the frames {@code [from, to)} it covers in {@link #COLORS} (viridis: perceptually
 * uniform, dark for agreement, yellow for distance); empty (the row's background) where there is no distance.
 */
public final class JointHeatStrip {
    /** The colour map of the distances (the workbench's too). */
    public static final Palette.ColorMap COLORS = Palette.ColorMap.VIRIDIS;
    /** Height of a joint's row. */
    public static final int ROW = 10;
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 9);
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
    private static final Color TEXT = new Color(0x2d333b);
    private static final Color MUTED = new Color(0x5b6470);

    /**
     * One dancer's distances to its partner in the other run.
     *
     * @param name   what the strip is (e.g. "A #1 ~ B #2")
     * @param joints the rows, top to bottom
     * @param values {@code values[joint][frame]}, pixels, NaN where there is none
     * @param max    the top of the colour scale, pixels (larger distances take its colour)
     */
    public record Heat(String name, List<String> joints, float[][] values, double max) {
        public Heat {
            joints = List.copyOf(joints);
            if (values.length != joints.size()) {
                throw new IllegalArgumentException(values.length + " rows for " + joints.size() + " joints");
            }
        }
    }

    private final Heat heat;
    private final int from;
    private final int to;
    private final int width;

    /**
     * @param from  first frame shown
     * @param to    frame after the last shown (more than {@code from})
     * @param width pixels, the names' column ({@link TimelineStrip#LABEL_W}) included
     */
    public JointHeatStrip(Heat heat, int from, int to, int width) {
        if (to <= from || width <= TimelineStrip.LABEL_W) {
            throw new IllegalArgumentException("frames " + from + ":" + to + " in " + width + " px");
        }
        this.heat = heat;
        this.from = from;
        this.to = to;
        this.width = width;
    }

    /** Packed ARGB of a distance on a scale topping at {@code max} (opaque). */
    public static int color(double px, double max) {
        return 0xff000000 | COLORS.rgb(px / max);
    }

    public int height() {
        return TimelineStrip.TITLE + heat.joints().size() * ROW;
    }

    /** The strip as a picture. */
    public BufferedImage picture() {
        BufferedImage img = new BufferedImage(width, height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            draw(g);
        } finally {
            g.dispose();
        }
        return img;
    }

    public void draw(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        int title = TimelineStrip.TITLE;
        int lw = TimelineStrip.LABEL_W;
        g.setColor(new Color(0xf1e6f4));
        g.fillRect(0, 0, width, title);
        g.setFont(TITLE_FONT);
        FontMetrics fm = g.getFontMetrics();
        String top = LaneLayout.tickText(heat.max()) + " px or more";
        int legendW = 90;
        int legendX = width - 8 - fm.stringWidth(top) - 4 - legendW;
        g.setColor(TEXT);
        text(g, fit(g, heat.name() + " · distance per joint", legendX - 20), 6, title / 2.0);
        text(g, "0", legendX - fm.stringWidth("0") - 3, title / 2.0);
        for (int i = 0; i < legendW; i++) {
            g.setColor(new Color(color(i / (legendW - 1.0), 1)));
            g.fillRect(legendX + i, 3, 1, title - 6);
        }
        g.setColor(TEXT);
        text(g, top, legendX + legendW + 4, title / 2.0);
        int columns = width - lw;
        g.setFont(FONT);
        for (int j = 0; j < heat.joints().size(); j++) {
            int y = title + j * ROW;
            g.setColor(new Color(j % 2 == 0 ? 0xeef0f3 : 0xf7f8fa));
            g.fillRect(0, y, width, ROW);
            g.setColor(MUTED);
            String name = fit(g, heat.joints().get(j).replace('_', ' '), lw - 10);
            text(g, name, lw - 6 - g.getFontMetrics().stringWidth(name), y + ROW / 2.0);
            float[] max = TimelineStrip.minMax(slice(heat.values()[j]), columns)[1];
            for (int c = 0; c < columns; c++) {
                if (!Float.isNaN(max[c])) {
                    g.setColor(new Color(color(max[c], heat.max())));
                    g.fillRect(lw + c, y, 1, ROW);
                }
            }
        }
        g.setColor(new Color(0xd5d9df));
        g.setStroke(new BasicStroke(1));
        g.draw(new Line2D.Double(lw - 0.5, 0, lw - 0.5, height()));
    }

    private float[] slice(float[] values) {
        int a = Math.max(0, Math.min(values.length, from));
        int b = Math.max(a, Math.min(values.length, to));
        return java.util.Arrays.copyOfRange(values, a, b);
    }

    private static void text(Graphics2D g, String s, double x, double cy) {
        FontMetrics fm = g.getFontMetrics();
        g.drawString(s, (float) x, (float) (cy + (fm.getAscent() - fm.getDescent()) / 2.0));
    }

    private static String fit(Graphics2D g, String s, double max) {
        FontMetrics fm = g.getFontMetrics();
        if (fm.stringWidth(s) <= max) {
            return s;
        }
        for (int n = s.length() - 1; n > 0; n--) {
            String t = s.substring(0, n) + "…";
            if (fm.stringWidth(t) <= max) {
                return t;
            }
        }
        return "";
    }
}
