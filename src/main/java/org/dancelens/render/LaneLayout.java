package org.dancelens.render;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where the timeline puts what it writes, so that nothing is drawn over anything else: names over ranges and
 * dancers' tracks placed without overlapping one another, the ticks of a lane's value scale, the hover box kept
 * inside the visible area. Pure arithmetic on pixel positions (the view measures the texts and draws).
 */
public final class LaneLayout {
    private LaneLayout() {
    }

    /**
     * A text to write over a range of pixels {@code [x0, x1)}.
     *
     * @param width  the text's width in pixels
     * @param inside the text must lie within its range (a label of a segment); otherwise it starts at the range's
     *               start (or the visible part's start) and may run past its end (a dancer's name at the start of a
     *               short track)
     */
    public record Tag(double x0, double x1, double width, boolean inside) {
    }

    /**
     * The left edge of each tag (in the order given), or NaN for a tag left out because it would overlap one
     * placed before it or does not fit. Tags are placed from left to right, at least {@code gap} pixels apart, all
     * within {@code [minX, maxX)}: an inside tag is centred in the visible part of its range, moved right past the
     * previous tag when they would overlap (if it still fits in its range), and left out otherwise.
     */
    public static double[] place(List<Tag> tags, double gap, double minX, double maxX) {
        double[] out = new double[tags.size()];
        java.util.Arrays.fill(out, Double.NaN);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < tags.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble((Integer i) -> tags.get(i).x0()).thenComparingInt(i -> i));
        double lastRight = Double.NEGATIVE_INFINITY;
        for (int i : order) {
            Tag t = tags.get(i);
            double lo = Math.max(t.x0(), minX);
            double hi = t.inside() ? Math.min(t.x1(), maxX) : maxX;
            double left = t.inside() ? (lo + Math.min(t.x1(), maxX)) / 2 - t.width() / 2 : lo;
            left = Math.max(left, lastRight + gap);
            left = Math.max(left, lo);
            // an outside tag may run past its range's end but must begin before it (over its own track)
            boolean offRange = t.inside() ? left + t.width() > hi : left >= t.x1() || left + t.width() > hi;
            if (offRange || t.x1() <= minX || t.x0() >= maxX) {
                continue;
            }
            out[i] = left;
            lastRight = left + t.width();
        }
        return out;
    }

    /**
     * The values (0..1) to mark on a lane's value scale of {@code height} pixels: 0, 0.5 and 1 (and the quarters)
     * as room allows, ticks at least {@code minSpacing} pixels apart; none when even 0 and 1 would not be.
     */
    public static double[] ticks(double height, double minSpacing) {
        for (double step : new double[] {0.25, 0.5, 1}) {
            if (step * height >= minSpacing) {
                int n = (int) Math.round(1 / step);
                double[] out = new double[n + 1];
                for (int k = 0; k <= n; k++) {
                    out[k] = k * step;
                }
                return out;
            }
        }
        return new double[0];
    }

    /**
     * The top-left corner {@code {x, y}} of a box {@code w x h} shown beside the pointer at {@code (px, py)}, kept
     * within the area {@code [ax, ax + aw) x [ay, ay + ah)}: right of and below the pointer by {@code offset}, on its
     * left when it would cross the right edge, above it when it would cross the bottom, then clamped (a box larger
     * than the area starts at the area's corner).
     */
    public static double[] beside(double px, double py, double w, double h, double ax, double ay, double aw, double ah, double offset) {
        double x = px + offset;
        if (x + w > ax + aw) {
            x = px - offset - w;
        }
        double y = py + offset;
        if (y + h > ay + ah) {
            y = py - offset - h;
        }
        x = Math.max(ax, Math.min(x, ax + aw - w));
        y = Math.max(ay, Math.min(y, ay + ah - h));
        return new double[] {x, y};
    }

    /** The smallest and largest lane heights the user can choose, in pixels. */
    public static final double MIN_LANE = 16;
    public static final double MAX_LANE = 120;

    /** A lane height within {@link #MIN_LANE}..{@link #MAX_LANE} (NaN: the smallest). */
    public static double laneHeight(double wanted) {
        return Double.isNaN(wanted) ? MIN_LANE : Math.max(MIN_LANE, Math.min(MAX_LANE, wanted));
    }

    /**
     * The range a lane's value scale shows: 0..1 when every value lies there (confidences, probabilities,
     * importance), otherwise widened to the values' own least and greatest (a scorer's raw scores); NaNs are
     * ignored.
     */
    public static double[] range(float[] values) {
        double lo = 0;
        double hi = 1;
        for (float v : values) {
            if (!Float.isNaN(v) && !Float.isInfinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        return new double[] {lo, hi};
    }

    /** A tick's value as written on the scale: "0", "0.5", "1", "0.25", "-3", "12.5" (at most two decimals). */
    public static String tickText(double v) {
        String s = String.format(java.util.Locale.ROOT, "%.2f", v);
        s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        return s.equals("-0") ? "0" : s;
    }

    /** How many columns {@code lines} lines of {@code lineHeight} need to fit in {@code height} pixels (at least one). */
    public static int columns(int lines, double lineHeight, double height) {
        int perColumn = (int) Math.max(1, Math.floor(height / lineHeight));
        return Math.max(1, (lines + perColumn - 1) / perColumn);
    }
}
