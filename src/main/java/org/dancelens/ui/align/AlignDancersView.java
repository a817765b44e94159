package org.dancelens.ui.align;

import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Separator;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.dancelens.ui.session.RunChoice;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Side panel: a dancer against a reference (the Align tab). The pose run and dancer of each side, mirror B, align and
 * cancel; the summary, the warping path, the lag and deviation lanes, aligned playback, and the moments of largest
 * difference (a click shows both frames). Bindings and drawing only.
 */
public final class AlignDancersView extends VBox {
    public AlignDancersView(AlignDancersViewModel vm) {
        super(8);
        getStyleClass().add("side-panel");
        setPadding(new Insets(12));
        setMinWidth(230);

        Label title = new Label("A dancer against a reference");
        title.getStyleClass().add("panel-title");
        Label sides = new Label();
        sides.setId("align-sides");
        sides.setWrapText(true);
        sides.textProperty().bind(vm.sidesTextProperty());
        ComboBox<RunChoice> runA = box(vm.runsA(), "pose run of A (the reference)", "align-run-a");
        runA.valueProperty().bindBidirectional(vm.runAProperty());
        ComboBox<AlignDancersViewModel.Dancer> dancerA = box(vm.dancersA(), "dancer of A", "align-dancer-a");
        dancerA.valueProperty().bindBidirectional(vm.dancerAProperty());
        ComboBox<RunChoice> runB = box(vm.runsB(), "pose run of B", "align-run-b");
        runB.valueProperty().bindBidirectional(vm.runBProperty());
        ComboBox<AlignDancersViewModel.Dancer> dancerB = box(vm.dancersB(), "dancer of B", "align-dancer-b");
        dancerB.valueProperty().bindBidirectional(vm.dancerBProperty());
        Button refresh = new Button(null, new FontIcon("mdi2r-refresh"));
        refresh.setId("align-refresh");
        refresh.setTooltip(new Tooltip("List the videos' pose runs again"));
        refresh.setOnAction(e -> vm.refresh());
        CheckBox mirror = new CheckBox("Mirror B's dancer");
        mirror.setId("align-mirror-b");
        mirror.setTooltip(new Tooltip("Left and right swapped: for a dancer who learned facing the other way"));
        mirror.selectedProperty().bindBidirectional(vm.mirrorBProperty());

        Button align = new Button("Align", new FontIcon("mdi2v-vector-polyline"));
        align.setId("align-run");
        align.setTooltip(new Tooltip("Dynamic time warping of B's dancer to A's, each from its sync point"));
        align.setOnAction(e -> vm.align());
        align.disableProperty().bind(vm.canAlignProperty().not());
        Button cancel = new Button(null, new FontIcon("mdi2s-stop"));
        cancel.setTooltip(new Tooltip("Cancel the alignment"));
        cancel.setOnAction(e -> vm.cancel());
        cancel.disableProperty().bind(vm.runningProperty().not());
        HBox buttons = new HBox(6, align, cancel, refresh, mirror);
        buttons.setAlignment(Pos.CENTER_LEFT);
        ProgressBar progress = new ProgressBar();
        progress.progressProperty().bind(vm.progressProperty());
        progress.visibleProperty().bind(vm.runningProperty());
        progress.managedProperty().bind(vm.runningProperty());
        progress.setMaxWidth(Double.MAX_VALUE);
        Label status = new Label();
        status.setId("align-status");
        status.textProperty().bind(vm.statusProperty());
        status.setWrapText(true);

        VBox summary = new VBox(2);
        summary.setId("align-summary");
        Runnable fillSummary = () -> summary.getChildren().setAll(vm.summary().stream().map(s -> {
            Label l = new Label(s);
            l.setWrapText(true);
            return l;
        }).toList());
        vm.summary().addListener((ListChangeListener<String>) c -> fillSummary.run());

        WarpChart chart = new WarpChart();
        AlignLanes lanes = new AlignLanes();
        lanes.onClick(vm::showAlignedAt);
        Runnable redraw = () -> {
            chart.show(vm.shownProperty().get() == null ? null : vm.shownProperty().get().path(), vm.cursorAProperty().get(), vm.cursorBProperty().get());
            lanes.show(vm.shownProperty().get(), vm.cursorAProperty().get());
        };
        vm.shownProperty().addListener(o -> redraw.run());
        vm.cursorAProperty().addListener(o -> redraw.run());
        vm.cursorBProperty().addListener(o -> redraw.run());
        Label lag = new Label();
        lag.setId("align-lag");
        lag.textProperty().bind(vm.lagTextProperty());
        ToggleButton aligned = new ToggleButton("Aligned playback", new FontIcon("mdi2s-sync"));
        aligned.setId("align-playback");
        aligned.setTooltip(new Tooltip("B follows the warping path from A's frame, so the two dancers move together; off: B follows the clock again"));
        aligned.selectedProperty().bindBidirectional(vm.alignedPlaybackProperty());
        aligned.disableProperty().bind(vm.canPlayAlignedProperty().not());
        aligned.visibleProperty().bind(vm.twoVideosProperty());
        aligned.managedProperty().bind(aligned.visibleProperty());
        Label pathTitle = new Label("Warping path");
        pathTitle.getStyleClass().add("panel-title");
        Label lanesTitle = new Label("Lag and deviation per body part over A's frames");
        lanesTitle.getStyleClass().add("panel-title");
        lanesTitle.setWrapText(true);
        VBox result = new VBox(6, summary, pathTitle, chart, lag, aligned, lanesTitle, lanes);
        result.visibleProperty().bind(vm.shownProperty().isNotNull());
        result.managedProperty().bind(result.visibleProperty());

        Label where = new Label("Moments of largest difference");
        where.getStyleClass().add("panel-title");
        ListView<AlignDancersViewModel.Moment> moments = new ListView<>(vm.moments());
        moments.setId("align-moments");
        moments.setPrefHeight(200);
        moments.setPlaceholder(new Label("Align two dancers to rank where they differ most."));
        moments.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(AlignDancersViewModel.Moment m, boolean empty) {
                super.updateItem(m, empty);
                setText(empty || m == null ? null : m.text());
                setTooltip(empty || m == null ? null : new Tooltip(m.text() + "\nClick to show A's frame " + m.aFrame() + " and B's frame " + m.bFrame()));
            }
        });
        moments.setOnMouseClicked(e -> {
            AlignDancersViewModel.Moment sel = moments.getSelectionModel().getSelectedItem();
            if (sel != null) {
                sel.jump();
            }
        });
        moments.getSelectionModel().selectedItemProperty().addListener((o, x, y) -> {
            if (y != null) {
                y.jump();
            }
        });

        getChildren().addAll(title, sides, row("A", runA), row("", dancerA), row("B", runB), row("", dancerB), buttons, progress, status, new Separator(),
                result, where, moments);
    }

    private static HBox row(String label, javafx.scene.Node n) {
        Label l = new Label(label);
        l.setMinWidth(14);
        HBox r = new HBox(6, l, n);
        r.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(n, Priority.ALWAYS);
        return r;
    }

    private static <T> ComboBox<T> box(javafx.collections.ObservableList<T> items, String prompt, String id) {
        ComboBox<T> c = new ComboBox<>(items);
        c.setId(id);
        c.setPromptText(prompt);
        c.setMaxWidth(Double.MAX_VALUE);
        c.setMinWidth(0);
        c.disableProperty().bind(Bindings.isEmpty(items));
        return c;
    }
}
