package org.dancelens.ui.timeline;

import javafx.animation.AnimationTimer;
import javafx.geometry.Insets;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import org.dancelens.ui.player.PlayerView;

/** Stacked per-dancer confidence tracks sharing the playhead; click or drag to seek, hover for values. */
public final class TimelineView extends BorderPane {
    static final double ROW = 22;
    private final TimelineViewModel vm;
    private final Canvas canvas = new Canvas();
    private boolean dirty = true;

    public TimelineView(TimelineViewModel vm) {
        this.vm = vm;
        getStyleClass().add("timeline");
        Pane holder = new Pane(canvas);
        holder.setMinHeight(ROW * 2);
        holder.setPrefHeight(ROW * 4);
        canvas.widthProperty().bind(holder.widthProperty());
        canvas.heightProperty().bind(holder.heightProperty());
        canvas.widthProperty().addListener(o -> dirty = true);
        canvas.heightProperty().addListener(o -> dirty = true);
        vm.seriesProperty().addListener(o -> dirty = true);
        vm.playheadProperty().addListener(o -> dirty = true);
        canvas.setOnMousePressed(e -> vm.seekTo(e.getX(), canvas.getWidth()));
        canvas.setOnMouseDragged(e -> vm.seekTo(e.getX(), canvas.getWidth()));
        canvas.setOnMouseMoved(e -> vm.hoverAt(e.getX(), canvas.getWidth()));
        Label hover = new Label();
        hover.textProperty().bind(vm.hoverProperty());
        hover.getStyleClass().add("timeline-hover");
        hover.setPadding(new Insets(0, 8, 2, 8));
        setCenter(holder);
        setBottom(hover);
        new AnimationTimer() {
            @Override
            public void handle(long now) {
                if (dirty) {
                    dirty = false;
                    draw();
                }
            }
        }.start();
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.setFill(Color.web("#f7f8fa"));
        g.fillRect(0, 0, w, h);
        var series = vm.seriesProperty().get();
        int columns = (int) Math.max(1, w);
        if (series.isEmpty()) {
            g.setFill(Color.web("#7a828e"));
            g.setFont(Font.font(12));
            g.fillText("Pose confidence per dancer appears here after an analysis.", 8, 16);
        }
        int lanes = TimelineViewModel.lanes(series);
        double rowH = lanes == 0 ? h : Math.max(8, Math.min(ROW, h / lanes));
        for (int lane = 0; lane < lanes; lane++) {
            g.setFill(Color.web(lane % 2 == 0 ? "#eef0f3" : "#f7f8fa"));
            g.fillRect(0, lane * rowH, w, rowH);
        }
        int n0 = Math.max(1, vm.frameCountProperty().get());
        for (var s : series) {
            float[][] mm = TimelineViewModel.minMax(s.values(), columns);
            double top = s.lane() * rowH;
            g.setStroke(PlayerView.trackColor(s.trackId()));
            g.setLineWidth(1);
            for (int c = 0; c < columns; c++) {
                if (Float.isNaN(mm[0][c])) {
                    continue;
                }
                double y0 = top + rowH - 2 - mm[0][c] * (rowH - 4);
                double y1 = top + rowH - 2 - mm[1][c] * (rowH - 4);
                g.strokeLine(c + 0.5, y0, c + 0.5, Math.min(y0 - 1, y1));
            }
            g.setFill(PlayerView.trackColor(s.trackId()).darker());
            g.setFont(Font.font(10));
            g.fillText("#" + s.trackId(), (double) s.first() / n0 * w + 2, top + 10);
        }
        int n = vm.frameCountProperty().get();
        if (n > 0) {
            double x = (vm.playheadProperty().get() + 0.5) / n * w;
            g.setStroke(Color.web("#3d7bd9"));
            g.setLineWidth(2);
            g.strokeLine(x, 0, x, h);
        }
    }
}
