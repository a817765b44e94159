package org.dancelens.ui.timeline;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import javafx.animation.AnimationTimer;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.Slider;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.paint.Color;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.shape.StrokeLineJoin;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import org.dancelens.render.LaneLayout;
import org.dancelens.render.Palette;
import org.dancelens.ui.FxColors;

/**
 * Time-aligned lanes sharing the playhead: the lanes of a comparison of two runs while one is shown, pose confidence
 * per dancer, then a classifier's top labels and its segment strip, the "why" lane and the labelled ranges. Each value lane has its scale at the left; lanes are as high
 * as the user chooses (the slider below, or Ctrl+wheel) and scroll inside the timeline (wheel over the names, or the
 * scroll bar), so the video above never changes size. Click or drag to seek, wheel to zoom in time around the
 * pointer, right-drag (or shift-drag) to pan, double-click to see the whole video; hover for the exact values.
 */
public final class TimelineView extends BorderPane {
    /** Height of the strips (segments, labelled ranges). */
    static final double ROW = 22;
    /** The colour of rated ranges (one lane, one colour: the text says what was rated). */
    private static final Color RATED = Color.web("#2a9d8f");
    /** Height of a classifier's title row. */
    static final double TITLE = 16;
    /** Width of the column of names and scales at the left. */
    /** Width of the lane names and value scales left of the plot. */
    public static final double LABEL_W = 104;
    /** Gaps up to this many pixel columns are drawn as a faint link between the values either side. */
    private static final int GAP_LINK = 8;
    private static final Font FONT = Font.font(11);
    private static final Font SMALL = Font.font(9);
    private static final Color TEXT = Color.web("#2d333b");
    private static final Color MUTED = Color.web("#5b6470");
    private final TimelineViewModel vm;
    private final DoubleProperty laneHeight;
    private final Canvas canvas = new Canvas();
    private final Pane holder;
    private final ScrollBar vbar = new ScrollBar();
    private final Text measure = new Text();
    /** The value range of each lane's values (computed once per array). */
    private final Map<float[], double[]> ranges = new IdentityHashMap<>();
    /** Each heat strip's cells as drawn last, and for which visible frames and width. */
    private final Map<TimelineViewModel.CompareHeat, javafx.scene.image.WritableImage> heatImages = new IdentityHashMap<>();
    private final Map<TimelineViewModel.CompareHeat, String> heatKeys = new IdentityHashMap<>();
    /** Where the title rows were drawn in the last drawing (content heights, top to bottom). */
    private final List<Double> titleRows = new ArrayList<>();
    /** Where each heat strip's title row was drawn (content heights). */
    private final List<Double> heatTops = new ArrayList<>();
    private boolean dirty = true;
    private double panFromX = Double.NaN;
    private double hoverX = Double.NaN;
    private double hoverY = Double.NaN;
    private final AnimationTimer timer;
    private final javafx.beans.InvalidationListener onLaneHeight = o -> relayout();
    private final Slider lane;

    /** With a lane height of its own. */
    public TimelineView(TimelineViewModel vm) {
        this(vm, new SimpleDoubleProperty(36));
    }

    /** @param laneHeight the height of a value lane in pixels, the user's choice (shared by the open videos, kept) */
    public TimelineView(TimelineViewModel vm, DoubleProperty laneHeight) {
        this.vm = vm;
        this.laneHeight = laneHeight;
        getStyleClass().add("timeline");
        canvas.getStyleClass().add("timeline-canvas");
        holder = new Pane(canvas);
        holder.setMinHeight(ROW * 2);
        holder.setPrefHeight(ROW * 6);
        holder.setMinWidth(0);
        canvas.widthProperty().bind(holder.widthProperty());
        canvas.heightProperty().bind(holder.heightProperty());
        canvas.widthProperty().addListener(o -> dirty = true);
        canvas.heightProperty().addListener(o -> relayout());
        vbar.setOrientation(Orientation.VERTICAL);
        vbar.setMin(0);
        vbar.valueProperty().addListener(o -> dirty = true);
        vbar.setVisible(false);
        vbar.managedProperty().bind(vbar.visibleProperty());
        vm.seriesProperty().addListener(o -> relayout());
        vm.scoresProperty().addListener(o -> relayout());
        vm.marksProperty().addListener(o -> relayout());
        vm.ratedMarksProperty().addListener(o -> relayout());
        vm.importanceProperty().addListener(o -> relayout());
        vm.comparisonProperty().addListener(o -> relayout());
        vm.audioProperty().addListener(o -> relayout());
        vm.dancerBeatsProperty().addListener(o -> relayout());
        vm.measuresProperty().addListener(o -> relayout());
        vm.playheadProperty().addListener(o -> dirty = true);
        vm.viewFromProperty().addListener(o -> dirty = true);
        vm.viewToProperty().addListener(o -> dirty = true);
        vm.hoverLinesProperty().addListener(o -> dirty = true);
        laneHeight.addListener(onLaneHeight); // shared by the open videos: removed when this view goes
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
            if (e.getDeltaY() == 0) {
                return;
            }
            if (e.isControlDown() || e.isShortcutDown()) {
                laneHeight.set(LaneLayout.laneHeight(laneHeight.get() + (e.getDeltaY() > 0 ? 4 : -4)));
            } else if (e.getX() < LABEL_W) {
                vbar.setValue(Math.max(0, Math.min(vbar.getMax(), vbar.getValue() - e.getDeltaY())));
            } else {
                vm.zoomAt(e.getX() - LABEL_W, plotWidth(), e.getDeltaY() > 0 ? 0.8 : 1.25);
            }
            e.consume();
        });
        canvas.setOnMouseMoved(e -> {
            hoverX = e.getX();
            hoverY = e.getY();
            if (e.getX() >= LABEL_W) {
                int[] row = heatRowAt(e.getY() + vbar.getValue());
                vm.hoverAt(e.getX() - LABEL_W, plotWidth(), row[0], row[1]);
            } else {
                vm.clearHover();
            }
            dirty = true;
        });
        canvas.setOnMouseExited(e -> {
            hoverX = Double.NaN;
            vm.clearHover();
            dirty = true;
        });
        lane = new Slider(LaneLayout.MIN_LANE, LaneLayout.MAX_LANE, laneHeight.get());
        lane.setId("lane-height");
        lane.valueProperty().bindBidirectional(laneHeight);
        lane.setPrefWidth(90);
        lane.setFocusTraversable(false);
        lane.setTooltip(new Tooltip("Height of the timeline's lanes (or Ctrl+wheel over the timeline)"));
        Label laneLabel = new Label("Lane height");
        laneLabel.getStyleClass().add("timeline-hint");
        Label range = new Label();
        range.getStyleClass().add("timeline-hint");
        range.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> String.format(java.util.Locale.ROOT,
                "frames %d–%d of %d · wheel: zoom · right-drag: pan · double-click: all", (long) vm.viewFromProperty().get(),
                Math.max(0, (long) Math.ceil(vm.viewToProperty().get()) - 1), vm.frameCountProperty().get()),
                vm.viewFromProperty(), vm.viewToProperty(), vm.frameCountProperty()));
        range.setMinWidth(0);
        Pane spacer = new Pane();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bottom = new HBox(6, laneLabel, lane, spacer, range);
        bottom.setAlignment(Pos.CENTER_LEFT);
        bottom.setPadding(new Insets(0, 8, 2, 8));
        bottom.setMinWidth(0);
        HBox.setHgrow(holder, Priority.ALWAYS);
        setCenter(new HBox(holder, vbar));
        setBottom(bottom);
        setMinHeight(0);
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
        laneHeight.removeListener(onLaneHeight);
        lane.valueProperty().unbindBidirectional(laneHeight);
    }

    /** The height of one joint's row in a heat strip: a quarter of a lane (the lane-height slider scales it), 4 to 14 px. */
    private double heatRow() {
        return Math.max(4, Math.min(14, Math.round(lane() / 4)));
    }

    private double plotWidth() {
        return Math.max(1, canvas.getWidth() - LABEL_W);
    }

    private double lane() {
        return LaneLayout.laneHeight(laneHeight.get());
    }

    /** The height of all lanes together (they scroll when the timeline is lower). */
    private double contentHeight() {
        var sc = vm.scoresProperty().get();
        int poseLanes = TimelineViewModel.lanes(vm.seriesProperty().get());
        double h = poseLanes == 0 ? 0 : TITLE + poseLanes * lane();
        if (sc != null) {
            h += TITLE + sc.labels().size() * lane() + ROW;
        }
        if (vm.importanceProperty().get() != null) {
            h += lane();
        }
        var cmp = vm.comparisonProperty().get();
        if (cmp != null) {
            h += TITLE + cmp.lanes().size() * lane();
            for (var ht : cmp.heat()) {
                h += TITLE + ht.joints().size() * heatRow();
            }
        }
        h += audioHeight();
        h += measuresHeight();
        if (!vm.marksProperty().get().isEmpty()) {
            h += ROW;
        }
        if (!vm.ratedMarksProperty().get().isEmpty()) {
            h += ROW;
        }
        return h;
    }

    private void relayout() {
        ranges.clear();
        heatImages.clear();
        heatKeys.clear();
        double over = Math.max(0, contentHeight() - canvas.getHeight());
        vbar.setMax(over);
        vbar.setVisibleAmount(over <= 0 ? 1 : over * canvas.getHeight() / Math.max(1, contentHeight()));
        vbar.setValue(Math.min(vbar.getValue(), over));
        vbar.setVisible(over > 0);
        dirty = true;
    }

    static Color labelColor(int index) {
        return FxColors.of(Palette.category(index));
    }

    private double textWidth(String s, Font f) {
        measure.setText(s);
        measure.setFont(f);
        return measure.getLayoutBounds().getWidth();
    }

    /** The text cut with an ellipsis to {@code max} pixels. */
    private String fit(String s, Font f, double max) {
        if (textWidth(s, f) <= max) {
            return s;
        }
        for (int n = s.length() - 1; n > 0; n--) {
            String t = s.substring(0, n) + "…";
            if (textWidth(t, f) <= max) {
                return t;
            }
        }
        return "";
    }

    /** A lane of ranges: a box over each range's frames and its text, placed where it fits. */
    private void drawMarks(GraphicsContext g, double y, double w, String name, List<TimelineViewModel.Mark> marks,
                           java.util.function.Function<TimelineViewModel.Mark, Color> colour) {
        strip(g, y, w, name);
        List<LaneLayout.Tag> markTags = new ArrayList<>();
        List<String> markTexts = new ArrayList<>();
        for (var m : marks) {
            double x0 = Math.max(LABEL_W, LABEL_W + vm.xOf(m.start(), plotWidth()));
            double x1 = Math.min(w, LABEL_W + vm.xOf(m.end() + 1, plotWidth()));
            String text = shortened(m.label(), x1 - x0 - 7);
            markTexts.add(text);
            markTags.add(new LaneLayout.Tag(x0, x1 - 1, textWidth(text, FONT) + 6, true));
            if (x1 <= x0) {
                continue;
            }
            Color col = colour.apply(m);
            g.setFill(col.deriveColor(0, 1, 1, 0.45));
            g.fillRect(x0, y + 3, Math.max(1, x1 - x0 - 1), ROW - 6);
            g.setStroke(col.darker());
            g.setLineWidth(1);
            g.strokeRect(x0 + 0.5, y + 3.5, Math.max(1, x1 - x0 - 2), ROW - 7);
        }
        double[] at = LaneLayout.place(markTags, 4, LABEL_W, w);
        g.setFill(Color.web("#1d2126"));
        g.setTextAlign(TextAlignment.LEFT);
        for (int i = 0; i < at.length; i++) {
            if (!Double.isNaN(at[i])) {
                g.fillText(markTexts.get(i), at[i] + 3, y + ROW / 2);
            }
        }
    }

    /**
     * A range's label as it fits in {@code room} pixels: whole, or cut with an ellipsis when at least three of its
     * characters stay (the whole label is in the hover text); the whole label otherwise (then it is left out).
     */
    private String shortened(String label, double room) {
        String cut = fit(label, FONT, room);
        return cut.equals(label) || cut.length() >= 4 ? cut : label;
    }

    private double[] rangeOf(float[] values) {
        return ranges.computeIfAbsent(values, LaneLayout::range);
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.setFill(Color.web("#f7f8fa"));
        g.fillRect(0, 0, w, h);
        var series = vm.seriesProperty().get();
        var sc = vm.scoresProperty().get();
        var marks = vm.marksProperty().get();
        var rated = vm.ratedMarksProperty().get();
        float[] importance = vm.importanceProperty().get();
        var cmp = vm.comparisonProperty().get();
        g.setTextBaseline(VPos.CENTER);
        g.setFont(FONT);
        if (series.isEmpty() && sc == null && marks.isEmpty() && rated.isEmpty() && importance == null && cmp == null && vm.audioProperty().get() == null
                && vm.measuresProperty().get() == null) {
            g.setFill(Color.web("#7a828e"));
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText("Pose confidence per dancer and classifier scores appear here after an analysis.", 8, ROW / 2 + 2);
            return;
        }
        double lh = lane();
        titleRows.clear();
        g.save();
        g.beginPath();
        g.rect(0, 0, w, h);
        g.clip();
        g.translate(0, -vbar.getValue());
        double y = 0;
        if (cmp != null) { // two runs compared (what the user just asked for, so first): one lane per measure, on its fixed scale
            titleRows.add(y);
            g.setFill(Color.web("#f1e6f4"));
            g.fillRect(0, y, w, TITLE);
            g.setFill(TEXT);
            g.setTextAlign(TextAlignment.LEFT);
            g.setFont(Font.font(10));
            g.fillText(fit(cmp.title(), Font.font(10), w - 12), 6, y + TITLE / 2);
            g.setFont(FONT);
            y += TITLE;
            for (int k = 0; k < cmp.lanes().size(); k++) {
                var l = cmp.lanes().get(k);
                double[] r = {l.min(), l.max()};
                Color col = Color.web("#8e44ad");
                laneBackground(g, y, lh, w, k);
                laneName(g, l.name(), col, y, lh, r);
                trace(g, l.values(), y, lh, r, col, true);
                y += lh;
            }
            heatTops.clear();
            for (var ht : cmp.heat()) {
                heatTops.add(y);
                y = heatStrip(g, ht, y, w);
            }
        }
        y = drawMeasures(g, y, w, lh); // what the Movement tab chose: under a comparison, above the confidence lanes
        int lanes = TimelineViewModel.lanes(series);
        if (lanes > 0) { // the run whose dancers the lanes' numbers are
            titleRows.add(y);
            g.setFill(Color.web("#e4e8ee"));
            g.fillRect(0, y, w, TITLE);
            g.setFill(TEXT);
            g.setTextAlign(TextAlignment.LEFT);
            g.setFont(Font.font(10));
            g.fillText(fit(vm.poseLanesTitle() + " · pose confidence per dancer", Font.font(10), w - 12), 6, y + TITLE / 2);
            g.setFont(FONT);
            y += TITLE;
        }
        for (int k = 0; k < lanes; k++) {
            laneBackground(g, y + k * lh, lh, w, k);
            laneName(g, "", MUTED, y + k * lh, lh, new double[] {0, 1});
        }
        List<List<LaneLayout.Tag>> tags = new ArrayList<>();
        List<List<Integer>> tagTracks = new ArrayList<>();
        List<List<String>> tagTexts = new ArrayList<>();
        for (int k = 0; k < lanes; k++) {
            tags.add(new ArrayList<>());
            tagTracks.add(new ArrayList<>());
            tagTexts.add(new ArrayList<>());
        }
        g.setFont(SMALL);
        for (var s : series) {
            trace(g, s.values(), y + s.lane() * lh, lh, new double[] {0, 1}, FxColors.of(Palette.identity(s.trackId())), false);
            dancerBeats(g, s, y + s.lane() * lh, lh);
            tags.get(s.lane()).add(new LaneLayout.Tag(LABEL_W + vm.xOf(s.first(), plotWidth()), LABEL_W + vm.xOf(s.last() + 1, plotWidth()),
                    textWidth(vm.dancerTag(s.trackId()), SMALL) + 6, false));
            tagTracks.get(s.lane()).add(s.trackId());
            tagTexts.get(s.lane()).add(vm.dancerTag(s.trackId())); // the lanes' title names the run; hover text names both
        }
        for (int k = 0; k < lanes; k++) {
            double[] at = LaneLayout.place(tags.get(k), 3, LABEL_W + 1, w);
            for (int i = 0; i < at.length; i++) {
                if (!Double.isNaN(at[i])) {
                    int id = tagTracks.get(k).get(i);
                    Color c = FxColors.of(Palette.identity(id));
                    double top = y + k * lh + 1;
                    g.setFill(Color.web("#ffffff", 0.8));
                    g.fillRoundRect(at[i], top, tags.get(k).get(i).width(), 12, 4, 4);
                    g.setFill(c.darker());
                    g.setTextAlign(TextAlignment.LEFT);
                    g.fillText(tagTexts.get(k).get(i), at[i] + 3, top + 6);
                }
            }
        }
        g.setFont(FONT);
        y += lanes * lh;
        if (sc != null) {
            titleRows.add(y);
            g.setFill(Color.web("#e4e8ee"));
            g.fillRect(0, y, w, TITLE);
            g.setFill(TEXT);
            g.setTextAlign(TextAlignment.LEFT);
            g.setFont(Font.font(10));
            g.fillText(fit(sc.title(), Font.font(10), w - 12), 6, y + TITLE / 2);
            g.setFont(FONT);
            y += TITLE;
            for (int k = 0; k < sc.labels().size(); k++) {
                Color col = labelColor(sc.allLabels().indexOf(sc.labels().get(k)));
                double[] r = rangeOf(sc.values()[k]);
                laneBackground(g, y, lh, w, k);
                laneName(g, sc.labels().get(k), col.darker(), y, lh, r);
                trace(g, sc.values()[k], y, lh, r, col, false);
                y += lh;
            }
            strip(g, y, w, "segments");
            List<LaneLayout.Tag> segTags = new ArrayList<>();
            List<String> segTexts = new ArrayList<>();
            for (int[] seg : sc.segments()) {
                double x0 = Math.max(LABEL_W, LABEL_W + vm.xOf(seg[0], plotWidth()));
                double x1 = Math.min(w, LABEL_W + vm.xOf(seg[1] + 1, plotWidth()));
                String text = shortened(sc.allLabels().get(seg[2]), x1 - x0 - 7);
                segTexts.add(text);
                segTags.add(new LaneLayout.Tag(x0, x1 - 1, textWidth(text, FONT) + 6, true));
                if (x1 <= x0) {
                    continue;
                }
                Color col = labelColor(seg[2]);
                g.setFill(col.deriveColor(0, 0.8, 1.1, 0.85));
                g.fillRect(x0, y + 3, Math.max(1, x1 - x0 - 1), ROW - 6);
            }
            double[] at = LaneLayout.place(segTags, 4, LABEL_W, w);
            g.setFill(Color.web("#1d2126"));
            g.setTextAlign(TextAlignment.LEFT);
            for (int i = 0; i < at.length; i++) {
                if (!Double.isNaN(at[i])) {
                    g.fillText(segTexts.get(i), at[i] + 3, y + ROW / 2);
                }
            }
            y += ROW;
        }
        if (importance != null) {
            g.setFill(Color.web("#fff4ea"));
            g.fillRect(0, y, w, lh);
            double[] r = rangeOf(importance);
            laneName(g, "why", MUTED, y, lh, r);
            trace(g, importance, y, lh, r, Color.web("#e8702a"), true);
            y += lh;
        }
        y = drawAudio(g, y, w, lh);
        if (series.isEmpty() && sc == null && marks.isEmpty() && rated.isEmpty() && importance == null && cmp == null) { // only the audio lane: the hint under it
            g.setFill(Color.web("#7a828e"));
            g.setTextAlign(TextAlignment.LEFT);
            titleRows.add(y); // the names' column line stops there, as at a title row
            g.fillText("Pose confidence per dancer and classifier scores appear here after an analysis.", 8, y + TITLE / 2 + 2);
        }
        if (!marks.isEmpty()) {
            drawMarks(g, y, w, "labels", marks, m -> labelColor(vm.colorIndexOf(m.label())));
            y += ROW;
        }
        if (!rated.isEmpty()) {
            drawMarks(g, y, w, "ratings", rated, m -> RATED);
        }
        g.restore();
        g.setStroke(Color.web("#d5d9df"));
        g.setLineWidth(1);
        // the names' column ends in a line, broken where a title row's text runs across it
        double from = 0;
        for (double t : titleRows) {
            double top = t - vbar.getValue();
            if (top > from) {
                g.strokeLine(LABEL_W - 0.5, from, LABEL_W - 0.5, Math.min(h, top));
            }
            from = Math.max(from, top + TITLE);
        }
        if (from < h) {
            g.strokeLine(LABEL_W - 0.5, from, LABEL_W - 0.5, h);
        }
        int n = vm.frameCountProperty().get();
        if (n > 0) {
            double x = LABEL_W + vm.xOf(vm.playheadProperty().get() + 0.5, plotWidth());
            if (x >= LABEL_W && x <= w) {
                g.setStroke(Color.web("#3d7bd9"));
                g.setLineWidth(2);
                g.strokeLine(x, 0, x, h);
            }
        }
        hoverBox(g, w, h);
    }

    // ---- the audio lane group and the dancers' beats ----

    private static final Color AUDIO_TITLE = Color.web("#e2eef0");
    private static final Color WAVE = Color.web("#2f7f8f");
    private static final Color ONSET = Color.web("#c0632b");
    private static final Color BEAT = Color.web("#b0182a", 0.8);

    /** The height of the audio lane group: its title row and, with music, the waveform and onset lanes. */
    private double audioHeight() {
        var a = vm.audioProperty().get();
        return a == null ? 0 : TITLE + (a.hasMusic() ? 2 * lane() : 0);
    }

    /**
     * The audio lane group: a title row (tempo and beats, or why there is nothing), the waveform's envelope (each pixel
     * column from the least to the greatest sample it covers, on a scale symmetric around 0), the onset strength, and
     * the beats as vertical lines across both.
     *
     * @return the height below it
     */
    private double drawAudio(GraphicsContext g, double y, double w, double lh) {
        var a = vm.audioProperty().get();
        if (a == null) {
            return y;
        }
        titleRows.add(y);
        g.setFill(AUDIO_TITLE);
        g.fillRect(0, y, w, TITLE);
        g.setFill(TEXT);
        g.setTextAlign(TextAlignment.LEFT);
        g.setFont(Font.font(10));
        g.fillText(fit(a.title(), Font.font(10), w - 12), 6, y + TITLE / 2);
        g.setFont(FONT);
        y += TITLE;
        if (!a.hasMusic()) {
            return y;
        }
        int columns = (int) Math.max(1, plotWidth());
        float[] all = a.summary().range(0, Integer.MAX_VALUE);
        double peak = Math.max(1e-6, Math.max(Math.abs(all[0]), Math.abs(all[1])));
        double[] r = {-peak, peak};
        laneBackground(g, y, lh, w, 0);
        laneName(g, "waveform", WAVE.darker(), y, lh, r);
        float[][] mm = vm.visibleWaveform(a, columns);
        g.setFill(WAVE);
        for (int c = 0; c < columns; c++) {
            if (Float.isNaN(mm[0][c])) {
                continue;
            }
            double y0 = yOf(mm[1][c], y, lh, r);
            double y1 = yOf(mm[0][c], y, lh, r);
            g.fillRect(LABEL_W + c, y0, 1, Math.max(1, y1 - y0));
        }
        double[] ro = rangeOf(a.onset());
        laneBackground(g, y + lh, lh, w, 1);
        laneName(g, "onset", ONSET.darker(), y + lh, lh, ro);
        trace(g, a.onset(), y + lh, lh, ro, ONSET, true);
        g.setStroke(BEAT);
        g.setFill(BEAT);
        g.setLineWidth(1);
        for (double b : a.beats()) {
            double x = Math.round(LABEL_W + vm.xOf(b, plotWidth())) + 0.5;
            if (x >= LABEL_W && x <= w) {
                g.strokeLine(x, y, x, y + 2 * lh);
                g.fillPolygon(new double[] {x - 3, x + 3, x}, new double[] {y, y, y + 4}, 3); // a mark at the top: where the line is
            }
        }
        return y + 2 * lh;
    }

    /** A dancer's kinematic beats (its movement's stops) as short ticks along the bottom of its lane, in its colour. */
    private void dancerBeats(GraphicsContext g, TimelineViewModel.Series s, double top, double lh) {
        var b = vm.dancerBeatsProperty().get().get(s.trackId());
        if (b == null) {
            return;
        }
        g.setStroke(FxColors.of(Palette.identity(s.trackId())).darker());
        g.setLineWidth(1.5);
        double w = canvas.getWidth();
        for (double p : b.beats()) {
            double x = Math.round(LABEL_W + vm.xOf(p, plotWidth())) + 0.5;
            if (x >= LABEL_W && x <= w) {
                g.strokeLine(x, top + lh - Math.min(8, lh / 3), x, top + lh - 1);
            }
        }
    }

    // ---- movement measures ----

    /** The height of the movement measure lanes with their title row (0 without). */
    private double measuresHeight() {
        var ml = vm.measuresProperty().get();
        return ml == null ? 0 : TITLE + ml.lanes().size() * lane();
    }

    /**
     * The movement measure lanes from {@code y}: a title row, then one lane per dancer and measure on its own scale,
     * named with its unit; a gap is left empty (no line across it).
     *
     * @return the height below them
     */
    private double drawMeasures(GraphicsContext g, double y, double w, double lh) {
        var ml = vm.measuresProperty().get();
        if (ml == null) {
            return y;
        }
        titleRows.add(y);
        g.setFill(Color.web("#e6f2ea"));
        g.fillRect(0, y, w, TITLE);
        g.setFill(TEXT);
        g.setTextAlign(TextAlignment.LEFT);
        g.setFont(Font.font(10));
        g.fillText(fit(ml.title(), Font.font(10), w - 12), 6, y + TITLE / 2);
        g.setFont(FONT);
        y += TITLE;
        for (int k = 0; k < ml.lanes().size(); k++) {
            var l = ml.lanes().get(k);
            double[] r = {l.min(), l.max()};
            Color col = FxColors.of(Palette.identity(l.track()));
            laneBackground(g, y, lh, w, k);
            laneName(g, "#" + l.track() + " " + l.unit(), col.darker(), y, lh, r); // the title names the run; hover names both
            int columns = (int) Math.max(1, plotWidth());
            MeasureTrace.draw(g, vm.visibleMinMax(l.values(), columns), LABEL_W, y, lh, r, col);
            // the measure's name at the lane's top left, over the curve
            g.setFont(SMALL);
            String m = fit(l.measure(), SMALL, w - LABEL_W - 12);
            g.setFill(Color.web("#ffffff", 0.8));
            g.fillRoundRect(LABEL_W + 3, y + 1, textWidth(m, SMALL) + 6, 12, 4, 4);
            g.setFill(col.darker());
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText(m, LABEL_W + 6, y + 7);
            g.setFont(FONT);
            y += lh;
        }
        return y;
    }

    /** Heat strip and joint row under a height of the content (scrolled in), {-1, -1} when none. */
    private int[] heatRowAt(double y) {
        var cmp = vm.comparisonProperty().get();
        if (cmp == null) {
            return new int[] {-1, -1};
        }
        for (int k = 0; k < Math.min(heatTops.size(), cmp.heat().size()); k++) {
            double top = heatTops.get(k) + TITLE;
            int j = (int) Math.floor((y - top) / heatRow());
            if (y >= top && j < cmp.heat().get(k).joints().size()) {
                return new int[] {k, j};
            }
        }
        return new int[] {-1, -1};
    }

    /**
     * One heat strip: its title row with the colour scale (0 to its top in px), then a row per joint, each pixel
     * column the largest distance of the frames it covers in the perceptual colour map; empty where there is none.
     * The cells are one image per strip, made again only when the visible frames or the width change.
     *
     * @return the height below it
     */
    private double heatStrip(GraphicsContext g, TimelineViewModel.CompareHeat ht, double y, double w) {
        titleRows.add(y);
        g.setFill(Color.web("#f1e6f4"));
        g.fillRect(0, y, w, TITLE);
        g.setFill(TEXT);
        g.setTextAlign(TextAlignment.LEFT);
        Font tf = Font.font(10);
        g.setFont(tf);
        String scaleMax = LaneLayout.tickText(ht.max()) + " px or more";
        double legendW = 90;
        double legendRight = w - 8;
        double maxW = textWidth(scaleMax, tf);
        double legendX = legendRight - maxW - 4 - legendW;
        double zeroW = textWidth("0", tf);
        g.fillText(fit(ht.name() + " · distance per joint", tf, Math.max(0, legendX - zeroW - 16)), 6, y + TITLE / 2);
        if (legendX - zeroW - 4 > LABEL_W) {
            g.fillText("0", legendX - zeroW - 3, y + TITLE / 2);
            for (int i = 0; i < legendW; i++) {
                g.setFill(heatColor(i / (legendW - 1)));
                g.fillRect(legendX + i, y + 3, 1, TITLE - 6);
            }
            g.setFill(TEXT);
            g.fillText(scaleMax, legendX + legendW + 4, y + TITLE / 2);
        }
        y += TITLE;
        double hr = heatRow();
        int columns = (int) Math.max(1, plotWidth());
        javafx.scene.image.WritableImage img = heatImages.get(ht);
        String key = vm.viewFromProperty().get() + ":" + vm.viewToProperty().get() + ":" + columns;
        if (img == null || !key.equals(heatKeys.get(ht))) {
            img = new javafx.scene.image.WritableImage(columns, ht.joints().size());
            var pw = img.getPixelWriter();
            for (int j = 0; j < ht.joints().size(); j++) {
                float[] max = vm.visibleMinMax(ht.values()[j], columns)[1];
                for (int c = 0; c < columns; c++) {
                    pw.setArgb(c, j, Float.isNaN(max[c]) ? 0 : org.dancelens.render.JointHeatStrip.color(max[c], ht.max()));
                }
            }
            heatImages.put(ht, img);
            heatKeys.put(ht, key);
        }
        g.setFont(SMALL);
        for (int j = 0; j < ht.joints().size(); j++) {
            laneBackground(g, y + j * hr, hr, w, j);
            if (hr >= 8) {
                g.setFill(MUTED);
                g.setTextAlign(TextAlignment.RIGHT);
                g.fillText(fit(ht.joints().get(j).replace('_', ' '), SMALL, LABEL_W - 10), LABEL_W - 6, y + j * hr + hr / 2);
            }
        }
        g.setImageSmoothing(false);
        g.drawImage(img, LABEL_W, y, columns, ht.joints().size() * hr);
        g.setImageSmoothing(true);
        g.setFont(FONT);
        return y + ht.joints().size() * hr;
    }

    private static Color heatColor(double f) {
        return FxColors.of(org.dancelens.render.JointHeatStrip.color(f, 1));
    }

    private static void laneBackground(GraphicsContext g, double y, double lh, double w, int k) {
        g.setFill(Color.web(k % 2 == 0 ? "#eef0f3" : "#f7f8fa"));
        g.fillRect(0, y, w, lh);
    }

    /** A strip's background and name (segments, labelled ranges). */
    private static void strip(GraphicsContext g, double y, double w, String name) {
        g.setFill(Color.web("#fbf6e9"));
        g.fillRect(0, y, w, ROW);
        g.setFill(MUTED);
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText(name, 6, y + ROW / 2);
    }

    /** Where a value lands in a lane {@code [top, top + lh)} showing {@code range}. */
    static double yOf(double v, double top, double lh, double[] range) {
        double pad = 3;
        double f = (v - range[0]) / Math.max(1e-12, range[1] - range[0]);
        return top + lh - pad - f * (lh - 2 * pad);
    }

    /** A lane's name (cut to the room left by its scale) and its value scale: ticks, their values and faint grid lines. */
    private void laneName(GraphicsContext g, String name, Color color, double top, double lh, double[] range) {
        double[] ticks = LaneLayout.ticks(lh - 6, 11);
        double scaleW = 0;
        g.setFont(SMALL);
        for (double t : ticks) {
            scaleW = Math.max(scaleW, textWidth(LaneLayout.tickText(range[0] + t * (range[1] - range[0])), SMALL));
        }
        for (double t : ticks) {
            double v = range[0] + t * (range[1] - range[0]);
            double ty = yOf(v, top, lh, range);
            g.setStroke(Color.web("#d5d9df"));
            g.setLineWidth(1);
            g.strokeLine(LABEL_W - 4, Math.round(ty) + 0.5, canvas.getWidth(), Math.round(ty) + 0.5);
            g.setFill(Color.web("#7a828e"));
            g.setTextAlign(TextAlignment.RIGHT);
            g.fillText(LaneLayout.tickText(v), LABEL_W - 6, Math.max(top + 5, Math.min(top + lh - 5, ty)));
        }
        g.setFont(FONT);
        if (!name.isEmpty()) {
            g.setFill(color);
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText(fit(name, FONT, LABEL_W - 16 - scaleW), 6, top + Math.min(lh, ROW) / 2);
        }
    }

    /**
     * A lane's values as a solid 2-px line through each pixel column's middle value, with the column's spread from
     * least to greatest as a vertical stroke; a lone column as a dot; gaps (no value) left empty. With
     * {@code area}, the area under the line is filled too.
     */
    private void trace(GraphicsContext g, float[] values, double top, double lh, double[] range, Color col, boolean area) {
        int columns = (int) Math.max(1, plotWidth());
        float[][] mm = vm.visibleMinMax(values, columns);
        g.setStroke(col);
        g.setFill(col);
        g.setLineWidth(2);
        g.setLineCap(StrokeLineCap.ROUND);
        g.setLineJoin(StrokeLineJoin.ROUND);
        double base = yOf(range[0] <= 0 && range[1] >= 0 ? 0 : range[0], top, lh, range);
        int c = 0;
        int lastEnd = -1; // the column after the previous run of values
        while (c < columns) {
            if (Float.isNaN(mm[0][c])) {
                c++;
                continue;
            }
            int start = c;
            if (lastEnd > 0 && start - lastEnd <= GAP_LINK) {
                // a short gap (no value there) stays visible as a thin faint link, so one dancer reads as one line
                g.setStroke(col.deriveColor(0, 1, 1, 0.35));
                g.setLineWidth(1);
                g.strokeLine(LABEL_W + lastEnd - 0.5, yOf((mm[0][lastEnd - 1] + mm[1][lastEnd - 1]) / 2.0, top, lh, range),
                        LABEL_W + start + 0.5, yOf((mm[0][start] + mm[1][start]) / 2.0, top, lh, range));
                g.setStroke(col);
                g.setLineWidth(2);
            }
            while (c < columns && !Float.isNaN(mm[0][c])) {
                c++;
            }
            int end = c; // [start, end) has values
            lastEnd = end;
            if (end - start == 1) {
                double x = LABEL_W + start + 0.5;
                double y0 = yOf(mm[0][start], top, lh, range);
                double y1 = yOf(mm[1][start], top, lh, range);
                g.fillOval(x - 2, Math.min(y0, y1) - 2, 4, Math.abs(y0 - y1) + 4);
                continue;
            }
            if (area) {
                g.setFill(col.deriveColor(0, 1, 1, 0.25));
                g.beginPath();
                g.moveTo(LABEL_W + start + 0.5, base);
                for (int i = start; i < end; i++) {
                    g.lineTo(LABEL_W + i + 0.5, yOf((mm[0][i] + mm[1][i]) / 2.0, top, lh, range));
                }
                g.lineTo(LABEL_W + end - 0.5, base);
                g.closePath();
                g.fill();
            }
            g.beginPath();
            for (int i = start; i < end; i++) {
                double x = LABEL_W + i + 0.5;
                double mid = yOf((mm[0][i] + mm[1][i]) / 2.0, top, lh, range);
                if (i == start) {
                    g.moveTo(x, mid);
                } else {
                    g.lineTo(x, mid);
                }
            }
            g.stroke();
            for (int i = start; i < end; i++) {
                double y0 = yOf(mm[0][i], top, lh, range);
                double y1 = yOf(mm[1][i], top, lh, range);
                if (y0 - y1 > 2) {
                    g.strokeLine(LABEL_W + i + 0.5, y0, LABEL_W + i + 0.5, y1);
                }
            }
        }
        g.setLineCap(StrokeLineCap.SQUARE);
        g.setLineJoin(StrokeLineJoin.MITER);
    }

    /** The values under the pointer, in a box beside it that stays inside the timeline (in columns when they are many). */
    private void hoverBox(GraphicsContext g, double w, double h) {
        List<String> lines = vm.hoverLinesProperty().get();
        if (lines.isEmpty() || Double.isNaN(hoverX)) {
            return;
        }
        g.setStroke(Color.web("#5b6470", 0.6));
        g.setLineWidth(1);
        g.strokeLine(Math.round(hoverX) + 0.5, 0, Math.round(hoverX) + 0.5, h);
        double lineH = 14;
        double pad = 5;
        int cols = LaneLayout.columns(lines.size(), lineH, h - 2 * pad);
        int perCol = (lines.size() + cols - 1) / cols;
        double colW = 0;
        for (String l : lines) {
            colW = Math.max(colW, textWidth(l, FONT));
        }
        colW = Math.min(colW, Math.max(40, (w - 2 * pad) / cols - 10));
        double bw = cols * (colW + 10) - 10 + 2 * pad;
        double bh = perCol * lineH + 2 * pad;
        double[] at = LaneLayout.beside(hoverX, hoverY, bw, bh, 0, 0, w, h, 12);
        g.setFill(Color.web("#ffffff", 0.95));
        g.fillRoundRect(at[0], at[1], bw, bh, 6, 6);
        g.setStroke(Color.web("#b9c0ca"));
        g.strokeRoundRect(at[0] + 0.5, at[1] + 0.5, bw - 1, bh - 1, 6, 6);
        g.setFont(FONT);
        g.setTextAlign(TextAlignment.LEFT);
        for (int i = 0; i < lines.size(); i++) {
            int col = i / perCol;
            int row = i % perCol;
            g.setFill(i == 0 ? TEXT : MUTED);
            g.fillText(fit(lines.get(i), FONT, colW), at[0] + pad + col * (colW + 10), at[1] + pad + row * lineH + lineH / 2);
        }
    }
}
