package org.dancelens.ui.align;

import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import org.dancelens.render.Palette;

/**
 * Draws the alignment over A's aligned frames: a lane of B's lag (bars up: B behind, down: ahead, in frames) and a heat
 * strip per body part (the deviation after alignment, darkest none, brightest the largest), with where A is. A click
 * asks to show that frame. Drawing only.
 */
final class AlignLanes extends Region {
    private static final double LABEL = 64;
    private static final double LAG_HEIGHT = 40;
    private static final double ROW = 13;
    private final Canvas canvas = new Canvas();
    private AlignDancersViewModel.Shown shown;
    private int cursorA = -1;
    private java.util.function.IntConsumer onClick = f -> { };

    AlignLanes() {
        getChildren().add(canvas);
        setId("align-lanes");
        setMinHeight(LAG_HEIGHT + 6 * ROW + 16);
        setPrefHeight(LAG_HEIGHT + 6 * ROW + 16);
        canvas.setOnMouseClicked(e -> {
            int f = frameAt(e.getX());
            if (f >= 0) {
                onClick.accept(f);
            }
        });
    }

    void onClick(java.util.function.IntConsumer c) {
        onClick = c;
    }

    void show(AlignDancersViewModel.Shown s, int cursor) {
        shown = s;
        cursorA = cursor;
        if (s != null) {
            double h = LAG_HEIGHT + s.groups().size() * ROW + 16;
            setMinHeight(h);
            setPrefHeight(h);
        }
        draw();
    }

    private int frameAt(double px) {
        if (shown == null || px < LABEL) {
            return -1;
        }
        int a0 = shown.path().firstA();
        int a1 = Math.max(a0 + 1, shown.path().lastA());
        return (int) Math.round(a0 + (px - LABEL) / (canvas.getWidth() - LABEL) * (a1 - a0));
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
        if (shown == null || w < LABEL + 20) {
            return;
        }
        int a0 = shown.path().firstA();
        int a1 = Math.max(a0 + 1, shown.path().lastA());
        double pw = w - LABEL;
        double col = pw / (a1 - a0 + 1);
        g.setFont(Font.font(10));
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.LEFT);
        // the lag lane: bars from the middle, up when B is behind
        float[] lag = shown.lag();
        double maxLag = 1;
        for (int f = a0; f <= a1 && f < lag.length; f++) {
            if (!Float.isNaN(lag[f])) {
                maxLag = Math.max(maxLag, Math.abs(lag[f]));
            }
        }
        double mid = LAG_HEIGHT / 2;
        g.setFill(Color.web("#f7f7f7"));
        g.fillRect(LABEL, 0, pw, LAG_HEIGHT);
        for (int f = a0; f <= a1 && f < lag.length; f++) {
            if (Float.isNaN(lag[f]) || lag[f] == 0) {
                continue;
            }
            double bar = lag[f] / maxLag * (mid - 2);
            g.setFill(lag[f] > 0 ? Color.web("#c0392b") : Color.web("#2e6fd8"));
            double x = LABEL + (f - a0) * col;
            g.fillRect(x, lag[f] > 0 ? mid - bar : mid, Math.max(1, col), Math.abs(bar));
        }
        g.setStroke(Color.web("#999999"));
        g.strokeLine(LABEL, mid, w, mid);
        g.setFill(Color.web("#333333"));
        g.fillText("B behind", 2, 8);
        g.fillText("B ahead", 2, LAG_HEIGHT - 8);
        g.setTextAlign(TextAlignment.RIGHT);
        g.fillText(String.format(java.util.Locale.ROOT, "±%.0f fr", maxLag), w - 2, 8);
        g.setTextAlign(TextAlignment.LEFT);
        // one heat strip per body part
        double max = shown.maxDeviation() > 0 ? shown.maxDeviation() : 1;
        for (int r = 0; r < shown.groups().size(); r++) {
            double y = LAG_HEIGHT + 4 + r * ROW;
            float[] v = shown.deviation()[r];
            g.setFill(Color.web("#333333"));
            g.fillText(shown.groups().get(r), 2, y + ROW / 2);
            for (int f = a0; f <= a1 && f < v.length; f++) {
                if (Float.isNaN(v[f])) {
                    g.setFill(Color.web("#e8e8e8"));
                } else {
                    int rgb = Palette.ColorMap.DEFAULT.rgb(v[f] / max);
                    g.setFill(Color.rgb(rgb >> 16 & 0xff, rgb >> 8 & 0xff, rgb & 0xff));
                }
                g.fillRect(LABEL + (f - a0) * col, y, Math.max(1, col + 0.5), ROW - 1);
            }
        }
        double bottom = LAG_HEIGHT + 4 + shown.groups().size() * ROW;
        g.setFill(Color.web("#333333"));
        g.setTextBaseline(VPos.TOP);
        g.fillText(String.valueOf(a0), LABEL, bottom + 1);
        g.setTextAlign(TextAlignment.RIGHT);
        g.fillText(String.format(java.util.Locale.ROOT, "A frame %d · largest: %.2f torso lengths", a1, shown.maxDeviation()), w - 2, bottom + 1);
        if (cursorA >= a0 && cursorA <= a1) {
            double cx = LABEL + (cursorA - a0 + 0.5) * col;
            g.setStroke(Color.web("#d0021b"));
            g.setLineWidth(1.5);
            g.strokeLine(cx, 0, cx, bottom);
            g.setLineWidth(1);
        }
    }
}
