package org.dancelens.ui.compare;

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
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.dancelens.compare.ClassifierComparison;
import org.dancelens.ui.session.RunChoice;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Side panel: two runs of the video on screen compared (kind, run A, run B, compare, cancel), the summary, the
 * stretches where they disagree (a click jumps the player there), the confusion table of two classifiers and the
 * switch for B's skeletons. Bindings only.
 */
public final class CompareRunsView extends VBox {
    public CompareRunsView(CompareRunsViewModel vm) {
        super(8);
        getStyleClass().add("side-panel");
        setPadding(new Insets(12));
        setMinWidth(230);

        Label title = new Label("Compare two runs");
        title.getStyleClass().add("panel-title");
        // the kind as a row of toggles (Poses / Styles / Explain), like the side panels' names
        ToggleGroup kinds = new ToggleGroup();
        HBox kindRow = new HBox(0);
        kindRow.getStyleClass().add("segmented");
        for (String k : vm.kinds()) {
            ToggleButton b = new ToggleButton(k);
            b.setId("compare-kind-" + k.toLowerCase(java.util.Locale.ROOT));
            b.setToggleGroup(kinds);
            b.setUserData(k);
            b.setSelected(k.equals(vm.kindProperty().get()));
            b.setMaxWidth(Double.MAX_VALUE);
            HBox.setHgrow(b, Priority.ALWAYS);
            kindRow.getChildren().add(b);
        }
        kinds.selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null) {
                a.setSelected(true); // one kind is always chosen
            } else {
                vm.kindProperty().set((String) b.getUserData());
            }
        });
        ComboBox<RunChoice> a = runBox(vm.runsA(), "run A (the reference)", "compare-run-a");
        a.valueProperty().bindBidirectional(vm.runAProperty());
        ComboBox<RunChoice> b = runBox(vm.runsB(), "run B", "compare-run-b");
        b.valueProperty().bindBidirectional(vm.runBProperty());
        Button refresh = new Button(null, new FontIcon("mdi2r-refresh"));
        refresh.setId("compare-refresh");
        refresh.setTooltip(new Tooltip("List the video's runs again"));
        refresh.setOnAction(e -> vm.refresh());
        Label la = new Label("A");
        Label lb = new Label("B");
        la.setMinWidth(14);
        lb.setMinWidth(14);
        HBox rowA = new HBox(6, la, a, refresh);
        HBox rowB = new HBox(6, lb, b);
        rowA.setAlignment(Pos.CENTER_LEFT);
        rowB.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(a, Priority.ALWAYS);
        HBox.setHgrow(b, Priority.ALWAYS);

        Button compare = new Button("Compare", new FontIcon("mdi2c-compare"));
        compare.setId("compare-runs");
        compare.setOnAction(e -> vm.compare());
        compare.disableProperty().bind(vm.canCompareProperty().not());
        compare.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        Button cancel = new Button(null, new FontIcon("mdi2s-stop"));
        cancel.setTooltip(new Tooltip("Cancel the comparison"));
        cancel.setOnAction(e -> vm.cancel());
        cancel.disableProperty().bind(vm.runningProperty().not());
        Button close = new Button(null, new FontIcon("mdi2c-close"));
        close.setId("compare-close");
        close.setTooltip(new Tooltip("Close the comparison: its lanes and run B's skeletons go"));
        close.setOnAction(e -> vm.close());
        close.disableProperty().bind(vm.headingProperty().isEmpty());
        Button clip = new Button("Clip…", new FontIcon("mdi2m-movie-open-outline"));
        clip.setId("compare-export-clip");
        clip.setTooltip(new Tooltip("Export the comparison as an annotated clip: both runs as shown (side by side or overlaid), its lanes under them"));
        clip.setOnAction(e -> vm.exportClip());
        clip.disableProperty().bind(vm.headingProperty().isEmpty().or(vm.runningProperty()));
        clip.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox buttons = new HBox(6, compare, cancel, close, clip);
        ProgressBar progress = new ProgressBar();
        progress.progressProperty().bind(vm.progressProperty());
        progress.visibleProperty().bind(vm.runningProperty());
        progress.managedProperty().bind(vm.runningProperty());
        progress.setMaxWidth(Double.MAX_VALUE);
        Label status = new Label();
        status.setId("compare-status");
        status.textProperty().bind(vm.statusProperty());
        status.setWrapText(true);

        Label heading = new Label();
        heading.setId("compare-heading");
        heading.getStyleClass().add("panel-title");
        heading.setWrapText(true);
        heading.textProperty().bind(vm.headingProperty());
        heading.visibleProperty().bind(vm.headingProperty().isNotEmpty());
        heading.managedProperty().bind(heading.visibleProperty());
        VBox summary = new VBox(2);
        summary.setId("compare-summary");
        Runnable fillSummary = () -> summary.getChildren().setAll(vm.summary().stream().map(s -> {
            Label l = new Label(s);
            l.setWrapText(true);
            return l;
        }).toList());
        vm.summary().addListener((ListChangeListener<String>) c -> fillSummary.run());
        fillSummary.run();
        CheckBox showB = new CheckBox();
        showB.setId("compare-show-b");
        showB.textProperty().bind(Bindings.when(vm.sideBySideProperty()).then("Show run B (right panel)").otherwise("Show run B (magenta, dashed)"));
        showB.selectedProperty().bindBidirectional(vm.showBProperty());
        showB.visibleProperty().bind(vm.posesComparedProperty());
        showB.managedProperty().bind(showB.visibleProperty());
        // the layout: B over A in one panel, or the frame twice side by side (one zoom and pan)
        ToggleGroup layouts = new ToggleGroup();
        ToggleButton overlaid = new ToggleButton("Overlaid", new FontIcon("mdi2l-layers-outline"));
        overlaid.setId("compare-overlaid");
        overlaid.setTooltip(new Tooltip("Run B's dancers dashed over run A's in one panel"));
        ToggleButton apart = new ToggleButton("Side by side", new FontIcon("mdi2v-view-split-vertical"));
        apart.setId("compare-side-by-side");
        apart.setTooltip(new Tooltip("The frame twice: run A's dancers on the left, run B's on the right; zoom and pan move both"));
        for (ToggleButton t : new ToggleButton[] {overlaid, apart}) {
            t.setToggleGroup(layouts);
            t.setMaxWidth(Double.MAX_VALUE);
            HBox.setHgrow(t, Priority.ALWAYS);
        }
        (vm.sideBySideProperty().get() ? apart : overlaid).setSelected(true);
        layouts.selectedToggleProperty().addListener((o, x, y) -> {
            if (y == null) {
                x.setSelected(true); // one layout is always chosen
            } else {
                vm.sideBySideProperty().set(y == apart);
            }
        });
        vm.sideBySideProperty().addListener((o, x, y) -> (y ? apart : overlaid).setSelected(true));
        HBox layoutRow = new HBox(0, overlaid, apart);
        layoutRow.getStyleClass().add("segmented");
        layoutRow.visibleProperty().bind(vm.posesComparedProperty());
        layoutRow.managedProperty().bind(layoutRow.visibleProperty());

        Label where = new Label("Where they disagree");
        where.getStyleClass().add("panel-title");
        ListView<CompareRunsViewModel.Entry> entries = new ListView<>(vm.entries());
        entries.setId("compare-entries");
        entries.setPrefHeight(180);
        entries.setPlaceholder(new Label("Compare two runs to list where they disagree."));
        entries.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(CompareRunsViewModel.Entry e, boolean empty) {
                super.updateItem(e, empty);
                setText(empty || e == null ? null : e.text());
                setTooltip(empty || e == null ? null : new Tooltip(e.text() + "\nClick to show frame " + e.firstFrame()));
            }
        });
        entries.setOnMouseClicked(e -> {
            CompareRunsViewModel.Entry sel = entries.getSelectionModel().getSelectedItem();
            if (sel != null) {
                sel.jump();
            }
        });
        entries.getSelectionModel().selectedItemProperty().addListener((o, x, y) -> {
            if (y != null) {
                y.jump(); // keys too: the arrows walk the list, the player follows
            }
        });

        Label confusionTitle = new Label("Confusion table (rows A, columns B)");
        confusionTitle.getStyleClass().add("panel-title");
        GridPane confusion = new GridPane();
        confusion.setId("compare-confusion");
        confusion.setHgap(8);
        confusion.setVgap(2);
        Runnable fillConfusion = () -> fillConfusion(confusion, vm.confusionProperty().get(), vm);
        vm.confusionProperty().addListener((o, x, y) -> fillConfusion.run());
        VBox confusionBox = new VBox(4, confusionTitle, confusion);
        confusionBox.visibleProperty().bind(vm.confusionProperty().isNotNull());
        confusionBox.managedProperty().bind(confusionBox.visibleProperty());

        getChildren().addAll(title, kindRow, rowA, rowB, buttons, progress, status, new Separator(), heading, summary, layoutRow, showB, where, entries, confusionBox);
    }

    private static ComboBox<RunChoice> runBox(javafx.collections.ObservableList<RunChoice> runs, String prompt, String id) {
        ComboBox<RunChoice> c = new ComboBox<>(runs);
        c.setId(id);
        c.setPromptText(prompt);
        c.setMaxWidth(Double.MAX_VALUE);
        c.setMinWidth(0);
        c.disableProperty().bind(Bindings.isEmpty(runs));
        return c;
    }

    /** The table's cells: A's labels down, B's across, the counts where they meet (agreeing labels in bold). */
    private static void fillConfusion(GridPane grid, ClassifierComparison.Confusion c, CompareRunsViewModel vm) {
        grid.getChildren().clear();
        if (c == null) {
            return;
        }
        grid.add(new Label("A \\ B"), 0, 0);
        for (int j = 0; j < c.labelsB().size(); j++) {
            Label h = new Label(c.labelsB().get(j));
            h.setStyle("-fx-font-weight: bold;");
            grid.add(h, j + 1, 0);
        }
        for (int i = 0; i < c.labelsA().size(); i++) {
            Label h = new Label(c.labelsA().get(i));
            h.setStyle("-fx-font-weight: bold;");
            grid.add(h, 0, i + 1);
            for (int j = 0; j < c.labelsB().size(); j++) {
                Label n = new Label(String.valueOf(c.counts()[i][j]));
                n.setMaxWidth(Double.MAX_VALUE);
                n.setAlignment(Pos.CENTER_RIGHT);
                if (vm.agreeingCell(i, j)) {
                    n.setStyle("-fx-font-weight: bold; -fx-background-color: #e6f0e6;");
                }
                grid.add(n, j + 1, i + 1);
            }
        }
    }
}
