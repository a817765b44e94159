package org.dancelens.ui.timeline;

import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.shape.StrokeLineJoin;

/**
 * A movement measure's curve in its lane: a 2-px line through each pixel column's middle value with the column's
 * spread as a vertical stroke, a lone column as a dot, and nothing at all across a gap — a measure's gap means the
 * joint was not seen, and a line drawn over it would show a value nobody measured.
 */
final class MeasureTrace {
    private MeasureTrace() {
    }

    /**
     * @param mm    {@code [2][columns]} min and max per pixel column (NaN: no value in the column)
     * @param x0    where the plot starts
     * @param range the lane's scale {min, max}
     */
    static void draw(GraphicsContext g, float[][] mm, double x0, double top, double lh, double[] range, Color col) {
        int columns = mm[0].length;
        g.setStroke(col);
        g.setFill(col);
        g.setLineWidth(2);
        g.setLineCap(StrokeLineCap.ROUND);
        g.setLineJoin(StrokeLineJoin.ROUND);
        int c = 0;
        while (c < columns) {
            if (Float.isNaN(mm[0][c])) {
                c++;
                continue;
            }
            int start = c;
            while (c < columns && !Float.isNaN(mm[0][c])) {
                c++;
            }
            int end = c; // [start, end) has values
            if (end - start == 1) {
                double x = x0 + start + 0.5;
                double y0 = TimelineView.yOf(mm[0][start], top, lh, range);
                double y1 = TimelineView.yOf(mm[1][start], top, lh, range);
                g.fillOval(x - 2, Math.min(y0, y1) - 2, 4, Math.abs(y0 - y1) + 4);
                continue;
            }
            g.beginPath();
            for (int i = start; i < end; i++) {
                double mid = TimelineView.yOf((mm[0][i] + mm[1][i]) / 2.0, top, lh, range);
                if (i == start) {
                    g.moveTo(x0 + i + 0.5, mid);
                } else {
                    g.lineTo(x0 + i + 0.5, mid);
                }
            }
            g.stroke();
            for (int i = start; i < end; i++) {
                double y0 = TimelineView.yOf(mm[0][i], top, lh, range);
                double y1 = TimelineView.yOf(mm[1][i], top, lh, range);
                if (y0 - y1 > 2) {
                    g.strokeLine(x0 + i + 0.5, y0, x0 + i + 0.5, y1);
                }
            }
        }
        g.setLineCap(StrokeLineCap.SQUARE);
        g.setLineJoin(StrokeLineJoin.MITER);
    }
}
