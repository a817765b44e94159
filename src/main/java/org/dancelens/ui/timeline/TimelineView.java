package org.dancelens.ui.timeline;

import javafx.animation.AnimationTimer;
import javafx.geometry.Insets;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import org.dancelens.render.Palette;
import org.dancelens.ui.FxColors;

/**
 * Time-aligned tracks sharing the playhead: pose confidence per dancer, then a classifier's top labels and its
 * segment strip. Click or drag to seek, wheel to zoom in time around the pointer, right-drag (or shift-drag) to
 * pan, double-click to see the whole video; hover for the exact values.
 */
public final class TimelineView extends BorderPane {
    static final double ROW = 22;
    static final double LABEL_W = 64;
    private final TimelineViewModel vm;
    private final Canvas canvas = new Canvas();
    private final Pane holder;
    private boolean dirty = true;
    private double panFromX = Double.NaN;
    private final AnimationTimer timer;

    public TimelineView(TimelineViewModel vm) {
        this.vm = vm;
        getStyleClass().add("timeline");
        holder = new Pane(canvas);
        holder.setMinHeight(ROW * 2);
        holder.setPrefHeight(ROW * 4);
        canvas.widthProperty().bind(holder.widthProperty());
        canvas.heightProperty().bind(holder.heightProperty());
        canvas.widthProperty().addListener(o -> dirty = true);
        canvas.heightProperty().addListener(o -> dirty = true);
        vm.seriesProperty().addListener(o -> relayout());
        vm.scoresProperty().addListener(o -> relayout());
        vm.marksProperty().addListener(o -> relayout());
        vm.importanceProperty().addListener(o -> relayout());
        vm.playheadProperty().addListener(o -> dirty = true);
        vm.viewFromProperty().addListener(o -> dirty = true);
        vm.viewToProperty().addListener(o -> dirty = true);
        canvas.setOnMousePressed(e -> {
            if (e.getButton() == MouseButton.SECONDARY || e.getButton() == MouseButton.MIDDLE || e.isShiftDown()) {
                panFromX = e.getX();
            } else if (e.getX() >= LABEL_W) {
                vm.seekTo(e.getX() - LABEL_W, plotWidth());
            }
        });
        canvas.setOnMouseDragged(e -> {
            if (!Double.isNaN(panFromX)) {
                vm.panBy(panFromX - e.getX(), plotWidth());
                panFromX = e.getX();
            } else if (e.getX() >= LABEL_W) {
                vm.seekTo(e.getX() - LABEL_W, plotWidth());
            }
        });
        canvas.setOnMouseReleased(e -> panFromX = Double.NaN);
        canvas.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2 && e.getButton() == MouseButton.PRIMARY) {
                vm.resetView();
            }
        });
        canvas.setOnScroll(e -> {
            if (e.getX() >= LABEL_W && e.getDeltaY() != 0) {
                vm.zoomAt(e.getX() - LABEL_W, plotWidth(), e.getDeltaY() > 0 ? 0.8 : 1.25);
            }
        });
        canvas.setOnMouseMoved(e -> vm.hoverAt(Math.max(0, e.getX() - LABEL_W), plotWidth()));
        Label hover = new Label();
        hover.textProperty().bind(vm.hoverProperty());
        hover.getStyleClass().add("timeline-hover");
        Label range = new Label();
        range.getStyleClass().add("timeline-hover");
        range.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> String.format(java.util.Locale.ROOT,
                "frames %d–%d of %d · wheel: zoom · right-drag: pan · double-click: all", (long) vm.viewFromProperty().get(),
                Math.max(0, (long) Math.ceil(vm.viewToProperty().get()) - 1), vm.frameCountProperty().get()),
                vm.viewFromProperty(), vm.viewToProperty(), vm.frameCountProperty()));
        Pane spacer = new Pane();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bottom = new HBox(8, hover, spacer, range);
        bottom.setPadding(new Insets(0, 8, 2, 8));
        setCenter(holder);
        setBottom(bottom);
        timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                if (dirty) {
                    dirty = false;
                    draw();
                }
            }
        };
        timer.start();
    }

    /** The view is taken off the window: it stops drawing (a running timer would keep it alive). */
    public void dispose() {
        timer.stop();
    }

    private double plotWidth() {
        return Math.max(1, canvas.getWidth() - LABEL_W);
    }

    private void relayout() {
        int rows = Math.max(1, Math.min(6, TimelineViewModel.lanes(vm.seriesProperty().get())));
        var sc = vm.scoresProperty().get();
        if (sc != null) {
            rows += sc.labels().size() + 1;
        }
        if (!vm.marksProperty().get().isEmpty()) {
            rows++;
        }
        if (vm.importanceProperty().get() != null) {
            rows++;
        }
        holder.setPrefHeight(Math.max(ROW * 2, rows * ROW + (sc != null ? 14 : 0)));
        dirty = true;
    }

    static Color labelColor(int index) {
        return FxColors.of(Palette.category(index));
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        double pw = plotWidth();
        g.setFill(Color.web("#f7f8fa"));
        g.fillRect(0, 0, w, h);
        var series = vm.seriesProperty().get();
        var sc = vm.scoresProperty().get();
        int columns = (int) Math.max(1, pw);
        g.setFont(Font.font(11));
        g.setTextBaseline(VPos.CENTER);
        var marks = vm.marksProperty().get();
        float[] importance = vm.importanceProperty().get();
        double impH = importance == null ? 0 : ROW;
        double marksH = (marks.isEmpty() ? 0 : ROW) + impH;
        if (series.isEmpty() && sc == null && marks.isEmpty() && importance == null) {
            g.setFill(Color.web("#7a828e"));
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText("Pose confidence per dancer and classifier scores appear here after an analysis.", 8, ROW / 2 + 2);
            return;
        }
        int lanes = TimelineViewModel.lanes(series);
        double scoreRows = sc == null ? 0 : sc.labels().size() + 1;
        double poseH = h - marksH - (sc == null ? 0 : scoreRows * ROW + 14);
        double rowH = lanes == 0 ? 0 : Math.max(6, Math.min(ROW, poseH / lanes));
        double y = 0;
        for (int lane = 0; lane < lanes; lane++) {
            g.setFill(Color.web(lane % 2 == 0 ? "#eef0f3" : "#f7f8fa"));
            g.fillRect(0, lane * rowH, w, rowH);
        }
        if (lanes > 0) {
            g.setFill(Color.web("#5b6470"));
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText("poses", 6, Math.min(rowH, ROW) / 2);
        }
        for (var s : series) {
            float[][] mm = vm.visibleMinMax(s.values(), columns);
            double top = s.lane() * rowH;
            g.setStroke(FxColors.of(Palette.identity(s.trackId())));
            g.setLineWidth(1);
            for (int c = 0; c < columns; c++) {
                if (Float.isNaN(mm[0][c])) {
                    continue;
                }
                double y0 = top + rowH - 2 - mm[0][c] * (rowH - 4);
                double y1 = top + rowH - 2 - mm[1][c] * (rowH - 4);
                g.strokeLine(LABEL_W + c + 0.5, y0, LABEL_W + c + 0.5, Math.min(y0 - 1, y1));
            }
            double lx = LABEL_W + vm.xOf(s.first(), pw) + 2;
            if (lx >= LABEL_W && lx < w - 10) {
                g.setFill(FxColors.of(Palette.identity(s.trackId())).darker());
                g.setFont(Font.font(10));
                g.fillText(vm.laneLabel(s), lx, top + Math.min(rowH, 12) / 2 + 1);
                g.setFont(Font.font(11));
            }
        }
        y = lanes * rowH;
        if (sc != null) {
            g.setFill(Color.web("#e4e8ee"));
            g.fillRect(0, y, w, 14);
            g.setFill(Color.web("#2d333b"));
            g.setTextAlign(TextAlignment.LEFT);
            g.setFont(Font.font(10));
            g.fillText(sc.title(), 6, y + 7);
            g.setFont(Font.font(11));
            y += 14;
            for (int k = 0; k < sc.labels().size(); k++) {
                int labelIndex = sc.allLabels().indexOf(sc.labels().get(k));
                Color col = labelColor(labelIndex);
                g.setFill(Color.web(k % 2 == 0 ? "#f1f3f6" : "#f7f8fa"));
                g.fillRect(0, y, w, ROW);
                g.setFill(col.darker());
                g.fillText(sc.labels().get(k), 6, y + ROW / 2);
                float[][] mm = vm.visibleMinMax(sc.values()[k], columns);
                g.setStroke(col);
                g.setLineWidth(1.5);
                double prevY = Double.NaN;
                for (int c = 0; c < columns; c++) {
                    if (Float.isNaN(mm[0][c])) {
                        prevY = Double.NaN;
                        continue;
                    }
                    double y0 = y + ROW - 2 - mm[0][c] * (ROW - 4);
                    double y1 = y + ROW - 2 - mm[1][c] * (ROW - 4);
                    double x = LABEL_W + c + 0.5;
                    if (!Double.isNaN(prevY)) {
                        g.strokeLine(x - 1, prevY, x, (y0 + y1) / 2);
                    }
                    if (y0 - y1 > 1) {
                        g.strokeLine(x, y0, x, y1);
                    }
                    prevY = (y0 + y1) / 2;
                }
                y += ROW;
            }
            g.setFill(Color.web("#5b6470"));
            g.fillText("segments", 6, y + ROW / 2);
            for (int[] seg : sc.segments()) {
                double x0 = Math.max(LABEL_W, LABEL_W + vm.xOf(seg[0], pw));
                double x1 = Math.min(w, LABEL_W + vm.xOf(seg[1] + 1, pw));
                if (x1 <= x0) {
                    continue;
                }
                Color col = labelColor(seg[2]);
                g.setFill(col.deriveColor(0, 0.8, 1.1, 0.85));
                g.fillRect(x0, y + 3, x1 - x0 - 1, ROW - 6);
                if (x1 - x0 > 24) {
                    g.setFill(Color.web("#1d2126"));
                    g.setTextAlign(TextAlignment.CENTER);
                    g.fillText(sc.allLabels().get(seg[2]), (x0 + x1) / 2, y + ROW / 2);
                    g.setTextAlign(TextAlignment.LEFT);
                }
            }
        }
        if (importance != null) {
            double iy = h - marksH;
            g.setFill(Color.web("#fff4ea"));
            g.fillRect(0, iy, w, ROW);
            g.setFill(Color.web("#5b6470"));
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText("why", 6, iy + ROW / 2);
            float[][] mm = vm.visibleMinMax(importance, columns);
            g.setStroke(Color.web("#e8702a"));
            g.setLineWidth(1);
            for (int c = 0; c < columns; c++) {
                if (!Float.isNaN(mm[1][c])) {
                    g.strokeLine(LABEL_W + c + 0.5, iy + ROW - 2, LABEL_W + c + 0.5, iy + ROW - 2 - mm[1][c] * (ROW - 4));
                }
            }
        }
        if (!marks.isEmpty()) {
            double my = h - marksH + impH;
            g.setFill(Color.web("#fbf6e9"));
            g.fillRect(0, my, w, marksH);
            g.setFill(Color.web("#5b6470"));
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText("labels", 6, my + ROW / 2);
            for (var m : marks) {
                double x0 = Math.max(LABEL_W, LABEL_W + vm.xOf(m.start(), pw));
                double x1 = Math.min(w, LABEL_W + vm.xOf(m.end() + 1, pw));
                if (x1 <= x0) {
                    continue;
                }
                g.setFill(Color.web("#e8b44c", 0.55));
                g.fillRect(x0, my + 3, Math.max(1, x1 - x0 - 1), ROW - 6);
                g.setStroke(Color.web("#b07d12"));
                g.setLineWidth(1);
                g.strokeRect(x0 + 0.5, my + 3.5, Math.max(1, x1 - x0 - 2), ROW - 7);
                if (x1 - x0 > 24) {
                    g.setFill(Color.web("#3b2a05"));
                    g.setTextAlign(TextAlignment.CENTER);
                    g.fillText(m.label(), (x0 + x1) / 2, my + ROW / 2);
                    g.setTextAlign(TextAlignment.LEFT);
                }
            }
        }
        g.setStroke(Color.web("#d5d9df"));
        g.setLineWidth(1);
        g.strokeLine(LABEL_W - 0.5, 0, LABEL_W - 0.5, h);
        int n = vm.frameCountProperty().get();
        if (n > 0) {
            double x = LABEL_W + vm.xOf(vm.playheadProperty().get() + 0.5, pw);
            if (x >= LABEL_W && x <= w) {
                g.setStroke(Color.web("#3d7bd9"));
                g.setLineWidth(2);
                g.strokeLine(x, 0, x, h);
            }
        }
    }
}
