package org.dancelens.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * A classifier's timeline drawn without a window, on any {@link Graphics2D} (a {@link BufferedImage} for PNG and
 * clips, an SVG graphics for vector pictures): the title row, one confidence lane per label shown (its value scale
 * and name at the left, the label's colour from {@link Palette#category} by its place in the model's labels, as the
 * workbench draws it), the strip of segments with their names placed by {@link LaneLayout}, and the playhead. The
 * frames {@code [from, to)} span the plot from the left column of names to the right edge; each pixel column shows the
 * least to greatest value of the frames it covers, as the workbench's timeline does.
 */
public final class TimelineStrip {
    /** Width of the lane names and value scales left of the plot (the workbench's). */
    public static final int LABEL_W = 104;
    /** Height of the title row. */
    public static final int TITLE = 16;
    /** Height of the segments strip. */
    public static final int ROW = 22;
    /** The workbench's default lane height. */
    public static final double DEFAULT_LANE = 36;
    /** The playhead's colour (the workbench's). */
    public static final Color PLAYHEAD = new Color(0x3d7bd9);
    /** Gaps up to this many pixel columns are drawn as a faint link between the values either side. */
    private static final int GAP_LINK = 8;
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 9);
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
    private static final Color TEXT = new Color(0x2d333b);
    private static final Color MUTED = new Color(0x5b6470);
    private static final Color SCALE = new Color(0x7a828e);
    private static final Color GRID = new Color(0xd5d9df);

    /**
     * A classifier's lanes over a video.
     *
     * @param title     what the lanes are (model and dancer), written in the title row
     * @param labels    the labels shown, one lane each (the top few by mean score)
     * @param values    per label shown, one value per video frame (NaN where the model did not score)
     * @param allLabels the model's labels (a label's colour is its place here)
     * @param segments  {start frame, end frame (inclusive), index into {@code allLabels}}
     */
    public record Lanes(String title, List<String> labels, float[][] values, List<String> allLabels, List<int[]> segments) {
        public Lanes {
            labels = List.copyOf(labels);
            allLabels = List.copyOf(allLabels);
            segments = List.copyOf(segments);
            if (values.length != labels.size()) {
                throw new IllegalArgumentException(values.length + " value rows for " + labels.size() + " labels");
            }
        }
    }

    private final Lanes lanes;
    private final int from;
    private final int to;
    private final int width;
    private final int height;
    private final double laneHeight;

    /**
     * @param from   first frame shown
     * @param to     frame after the last shown (more than {@code from})
     * @param width  pixels, the names' column included
     * @param height pixels: the title row, the lanes (sharing what the title and the segments leave) and the segments
     */
    public TimelineStrip(Lanes lanes, int from, int to, int width, int height) {
        if (to <= from || width <= LABEL_W || height < TITLE + ROW + lanes.labels().size()) {
            throw new IllegalArgumentException("frames " + from + ":" + to + " in " + width + "x" + height);
        }
        this.lanes = lanes;
        this.from = from;
        this.to = to;
        this.width = width;
        this.height = height;
        this.laneHeight = lanes.labels().isEmpty() ? 0 : (double) (height - TITLE - ROW) / lanes.labels().size();
    }

    /** The height for {@code lanes} lanes of {@code laneHeight} pixels (rounded up to an even number, as videos need). */
    public static int height(int lanes, double laneHeight) {
        int h = (int) Math.ceil(TITLE + lanes * laneHeight + ROW);
        return h + (h & 1);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The horizontal position of the start of a frame. */
    public double xOf(double frame) {
        return LABEL_W + (frame - from) / (to - from) * (width - LABEL_W);
    }

    /**
     * The first of the two pixel columns the playhead covers at {@code frame}: the pair holding the frame's middle,
     * starting at an even column, so that in a clip (colour at half resolution, 4:2:0) the line keeps its colour.
     */
    public int playheadColumn(int frame) {
        return 2 * (int) Math.floor(xOf(frame + 0.5) / 2);
    }

    /** Draws the strip with the playhead at {@code playhead} (none when outside the frames shown). */
    public void draw(Graphics2D g, int playhead) {
        drawLanes(g);
        drawPlayhead(g, playhead);
    }

    /** The strip as a picture. */
    public BufferedImage picture(int playhead) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            draw(g, playhead);
        } finally {
            g.dispose();
        }
        return img;
    }

    /** The playhead alone, over lanes drawn before: a 2-pixel line down the strip, nothing outside the frames shown. */
    public void drawPlayhead(Graphics2D g, int frame) {
        if (frame < from || frame >= to) {
            return;
        }
        int x = playheadColumn(frame);
        g.setColor(PLAYHEAD);
        g.fillRect(x, 0, 2, height);
    }

    /** Everything but the playhead. */
    public void drawLanes(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(new Color(0xf7f8fa));
        g.fillRect(0, 0, width, height);
        double y = 0;
        g.setColor(new Color(0xe4e8ee));
        g.fill(new java.awt.geom.Rectangle2D.Double(0, y, width, TITLE));
        g.setFont(TITLE_FONT);
        g.setColor(TEXT);
        text(g, fit(g, lanes.title(), TITLE_FONT, width - 12), 6, y + TITLE / 2.0);
        y += TITLE;
        for (int k = 0; k < lanes.labels().size(); k++) {
            Color col = new Color(Palette.category(lanes.allLabels().indexOf(lanes.labels().get(k))));
            double[] r = LaneLayout.range(slice(lanes.values()[k]));
            g.setColor(new Color(k % 2 == 0 ? 0xeef0f3 : 0xf7f8fa));
            g.fill(new java.awt.geom.Rectangle2D.Double(0, y, width, laneHeight));
            laneName(g, lanes.labels().get(k), col.darker(), y, r);
            trace(g, lanes.values()[k], y, r, col);
            y += laneHeight;
        }
        g.setColor(new Color(0xfbf6e9));
        g.fill(new java.awt.geom.Rectangle2D.Double(0, y, width, ROW));
        g.setFont(FONT);
        g.setColor(MUTED);
        text(g, "segments", 6, y + ROW / 2.0);
        List<LaneLayout.Tag> tags = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (int[] seg : lanes.segments()) {
            double x0 = Math.max(LABEL_W, xOf(seg[0]));
            double x1 = Math.min(width, xOf(seg[1] + 1));
            String label = seg[2] >= 0 && seg[2] < lanes.allLabels().size() ? lanes.allLabels().get(seg[2]) : "?";
            String t = shortened(g, label, x1 - x0 - 7);
            texts.add(t);
            tags.add(new LaneLayout.Tag(x0, x1 - 1, g.getFontMetrics(FONT).stringWidth(t) + 6, true));
            if (x1 <= x0) {
                continue;
            }
            g.setColor(segmentColor(new Color(Palette.category(seg[2]))));
            g.fill(new java.awt.geom.Rectangle2D.Double(x0, y + 3, Math.max(1, x1 - x0 - 1), ROW - 6));
        }
        double[] at = LaneLayout.place(tags, 4, LABEL_W, width);
        g.setColor(new Color(0x1d2126));
        for (int i = 0; i < at.length; i++) {
            if (!Double.isNaN(at[i])) {
                text(g, texts.get(i), at[i] + 3, y + ROW / 2.0);
            }
        }
        g.setColor(GRID);
        g.setStroke(new BasicStroke(1));
        g.draw(new Line2D.Double(LABEL_W - 0.5, 0, LABEL_W - 0.5, height));
    }

    /** The workbench's segment fill: the label's colour a little paler and brighter, 85 % opaque. */
    private static Color segmentColor(Color c) {
        float[] hsb = Color.RGBtoHSB(c.getRed(), c.getGreen(), c.getBlue(), null);
        int rgb = Color.HSBtoRGB(hsb[0], hsb[1] * 0.8f, Math.min(1f, hsb[2] * 1.1f));
        return new Color(rgb & 0xffffff | Math.round(0.85f * 255) << 24, true);
    }

    /** The values of the frames shown. */
    private float[] slice(float[] values) {
        int a = Math.max(0, Math.min(values.length, from));
        int b = Math.max(a, Math.min(values.length, to));
        return java.util.Arrays.copyOfRange(values, a, b);
    }

    /** Text whose vertical middle is at {@code cy}. */
    private static void text(Graphics2D g, String s, double x, double cy) {
        if (s.isEmpty()) {
            return;
        }
        FontMetrics fm = g.getFontMetrics();
        g.drawString(s, (float) x, (float) (cy + (fm.getAscent() - fm.getDescent()) / 2.0));
    }

    /** The text cut with an ellipsis to {@code max} pixels. */
    private static String fit(Graphics2D g, String s, Font f, double max) {
        FontMetrics fm = g.getFontMetrics(f);
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

    /** A segment's label as it fits: whole, or cut when at least three characters stay; whole otherwise (then left out). */
    private static String shortened(Graphics2D g, String label, double room) {
        String cut = fit(g, label, FONT, room);
        return cut.equals(label) || cut.length() >= 4 ? cut : label;
    }

    /** Where a value lands in a lane starting at {@code top} showing {@code range}. */
    private double yOf(double v, double top, double[] range) {
        double pad = 3;
        double f = (v - range[0]) / Math.max(1e-12, range[1] - range[0]);
        return top + laneHeight - pad - f * (laneHeight - 2 * pad);
    }

    /** A lane's name (cut to the room its scale leaves) and its value scale: ticks, their values and faint grid lines. */
    private void laneName(Graphics2D g, String name, Color color, double top, double[] range) {
        double[] ticks = LaneLayout.ticks(laneHeight - 6, 11);
        FontMetrics small = g.getFontMetrics(SMALL);
        double scaleW = 0;
        for (double t : ticks) {
            scaleW = Math.max(scaleW, small.stringWidth(LaneLayout.tickText(range[0] + t * (range[1] - range[0]))));
        }
        g.setFont(SMALL);
        g.setStroke(new BasicStroke(1));
        for (double t : ticks) {
            double v = range[0] + t * (range[1] - range[0]);
            double ty = yOf(v, top, range);
            g.setColor(GRID);
            g.draw(new Line2D.Double(LABEL_W - 4, Math.round(ty) + 0.5, width, Math.round(ty) + 0.5));
            g.setColor(SCALE);
            String s = LaneLayout.tickText(v);
            text(g, s, LABEL_W - 6 - small.stringWidth(s), Math.max(top + 5, Math.min(top + laneHeight - 5, ty)));
        }
        g.setFont(FONT);
        g.setColor(color);
        text(g, fit(g, name, FONT, LABEL_W - 16 - scaleW), 6, top + Math.min(laneHeight, ROW) / 2);
    }

    /**
     * A lane's values as a 2-px line through each pixel column's middle value, with the column's spread from least to
     * greatest as a vertical stroke; a lone column as a dot; gaps left empty (short ones as a faint link).
     */
    private void trace(Graphics2D g, float[] values, double top, double[] range, Color col) {
        int columns = Math.max(1, width - LABEL_W);
        float[][] mm = minMax(slice(values), columns);
        BasicStroke line = new BasicStroke(2, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
        Color faint = new Color(col.getRed(), col.getGreen(), col.getBlue(), Math.round(0.35f * 255));
        g.setStroke(line);
        g.setColor(col);
        int c = 0;
        int lastEnd = -1;
        while (c < columns) {
            if (Float.isNaN(mm[0][c])) {
                c++;
                continue;
            }
            int start = c;
            if (lastEnd > 0 && start - lastEnd <= GAP_LINK) {
                g.setColor(faint);
                g.setStroke(new BasicStroke(1));
                g.draw(new Line2D.Double(LABEL_W + lastEnd - 0.5, yOf((mm[0][lastEnd - 1] + mm[1][lastEnd - 1]) / 2.0, top, range),
                        LABEL_W + start + 0.5, yOf((mm[0][start] + mm[1][start]) / 2.0, top, range)));
                g.setColor(col);
                g.setStroke(line);
            }
            while (c < columns && !Float.isNaN(mm[0][c])) {
                c++;
            }
            int end = c;
            lastEnd = end;
            if (end - start == 1) {
                double x = LABEL_W + start + 0.5;
                double y0 = yOf(mm[0][start], top, range);
                double y1 = yOf(mm[1][start], top, range);
                g.fill(new Ellipse2D.Double(x - 2, Math.min(y0, y1) - 2, 4, Math.abs(y0 - y1) + 4));
                continue;
            }
            Path2D.Double p = new Path2D.Double();
            for (int i = start; i < end; i++) {
                double x = LABEL_W + i + 0.5;
                double mid = yOf((mm[0][i] + mm[1][i]) / 2.0, top, range);
                if (i == start) {
                    p.moveTo(x, mid);
                } else {
                    p.lineTo(x, mid);
                }
            }
            g.draw(p);
            for (int i = start; i < end; i++) {
                double y0 = yOf(mm[0][i], top, range);
                double y1 = yOf(mm[1][i], top, range);
                if (y0 - y1 > 2) {
                    g.draw(new Line2D.Double(LABEL_W + i + 0.5, y0, LABEL_W + i + 0.5, y1));
                }
            }
        }
    }

    /**
     * Level of detail: for each of {@code columns} pixel columns, the least and greatest of the values it covers
     * ({@code [2][columns]}, NaN where there is none in the whole column).
     */
    public static float[][] minMax(float[] values, int columns) {
        float[][] out = new float[2][columns];
        int n = values.length;
        for (int c = 0; c < columns; c++) {
            int a = (int) ((long) c * n / columns);
            int b = Math.max(a + 1, (int) ((long) (c + 1) * n / columns));
            float lo = Float.NaN;
            float hi = Float.NaN;
            for (int i = a; i < Math.min(b, n); i++) {
                float v = values[i];
                if (Float.isNaN(v)) {
                    continue;
                }
                lo = Float.isNaN(lo) ? v : Math.min(lo, v);
                hi = Float.isNaN(hi) ? v : Math.max(hi, v);
            }
            out[0][c] = lo;
            out[1][c] = hi;
        }
        return out;
    }
}
