package org.dancelens.ui.align;

import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import org.dancelens.compare.PoseAlignment;
import org.dancelens.compare.WarpPath;

/**
 * Draws the warping path: A's frames across, B's up; the dashed diagonal where B is level with A (above it B is
 * behind, below it ahead), the path, and where the two players are. Drawing only.
 */
final class WarpChart extends Region {
    private static final double LEFT = 40;
    private static final double BOTTOM = 28;
    private static final double TOP = 8;
    private static final double RIGHT = 8;
    private final Canvas canvas = new Canvas();
    private WarpPath path;
    private int cursorA = -1;
    private int cursorB = -1;

    WarpChart() {
        getChildren().add(canvas);
        setMinHeight(120);
        setPrefHeight(200);
        setId("align-warp-chart");
    }

    void show(WarpPath p, int a, int b) {
        path = p;
        cursorA = a;
        cursorB = b;
        draw();
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        draw();
    }

    private void draw() {
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, w, h);
        if (path == null || w < LEFT + RIGHT + 10 || h < TOP + BOTTOM + 10) {
            return;
        }
        int a0 = path.firstA();
        int a1 = Math.max(a0 + 1, path.lastA());
        int b0 = path.firstB();
        int b1 = Math.max(b0 + 1, path.lastB());
        double pw = w - LEFT - RIGHT;
        double ph = h - TOP - BOTTOM;
        java.util.function.DoubleUnaryOperator x = a -> LEFT + (a - a0) / (a1 - a0) * pw;
        java.util.function.DoubleUnaryOperator y = b -> TOP + ph - (b - b0) / (b1 - b0) * ph;
        g.setFill(Color.web("#f7f7f7"));
        g.fillRect(LEFT, TOP, pw, ph);
        g.setStroke(Color.web("#bbbbbb"));
        g.setLineWidth(1);
        g.strokeRect(LEFT + 0.5, TOP + 0.5, pw - 1, ph - 1);
        // the diagonal: B level with A
        g.save();
        g.beginPath();
        g.rect(LEFT, TOP, pw, ph);
        g.clip();
        g.setLineDashes(5, 4);
        g.setStroke(Color.web("#888888"));
        g.strokeLine(x.applyAsDouble(a0), y.applyAsDouble(path.levelB(a0)), x.applyAsDouble(a1), y.applyAsDouble(path.levelB(a1)));
        g.setLineDashes();
        g.setStroke(Color.web("#1f5fbf"));
        g.setLineWidth(2);
        g.beginPath();
        boolean first = true;
        for (PoseAlignment.Step s : path.steps()) {
            double px = x.applyAsDouble(s.aFrame());
            double py = y.applyAsDouble(s.bFrame());
            if (first) {
                g.moveTo(px, py);
                first = false;
            } else {
                g.lineTo(px, py);
            }
        }
        g.stroke();
        if (cursorA >= 0 && cursorB >= 0) {
            double cx = x.applyAsDouble(cursorA);
            double cy = y.applyAsDouble(cursorB);
            g.setStroke(Color.web("#d0021b"));
            g.setLineWidth(1);
            g.strokeLine(cx, TOP, cx, TOP + ph);
            g.setFill(Color.web("#d0021b"));
            g.fillOval(cx - 4, cy - 4, 8, 8);
        }
        g.restore();
        g.setFill(Color.web("#333333"));
        g.setFont(Font.font(10));
        g.setTextBaseline(VPos.TOP);
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText(String.valueOf(a0), LEFT, TOP + ph + 2);
        g.setTextAlign(TextAlignment.RIGHT);
        g.fillText(String.valueOf(a1), LEFT + pw, TOP + ph + 2);
        g.setTextAlign(TextAlignment.CENTER);
        g.fillText("frame of A →", LEFT + pw / 2, TOP + ph + 2);
        g.fillText("dashed: level · above: B behind · below: B ahead", LEFT + pw / 2, TOP + ph + 14);
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(String.valueOf(b1), LEFT - 3, TOP + 6);
        g.fillText(String.valueOf(b0), LEFT - 3, TOP + ph - 6);
        g.save();
        g.translate(10, TOP + ph / 2);
        g.rotate(-90);
        g.setTextAlign(TextAlignment.CENTER);
        g.fillText("frame of B →", 0, 0);
        g.restore();
    }
}
