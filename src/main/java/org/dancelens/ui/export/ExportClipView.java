package org.dancelens.ui.export;

import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/** The Export Annotated Clip dialog: range, overlays, runs, size, quality, file; progress, time left and cancel. Bindings only. */
public final class ExportClipView extends BorderPane {
    public ExportClipView(ExportClipViewModel vm) {
        getStyleClass().add("export-dialog");
        Label title = new Label();
        title.getStyleClass().add("details-title");
        title.textProperty().bind(Bindings.concat("Export an annotated clip of ", vm.videoNameProperty()));

        GridPane g = new GridPane();
        g.setHgap(10);
        g.setVgap(8);
        ColumnConstraints key = new ColumnConstraints();
        key.setMinWidth(96);
        ColumnConstraints value = new ColumnConstraints();
        value.setHgrow(Priority.ALWAYS);
        g.getColumnConstraints().addAll(key, value);
        int r = 0;

        TextField from = field(vm.fromTextProperty(), "export-from", "frame or time");
        TextField to = field(vm.toTextProperty(), "export-to", "frame or time");
        from.setPrefColumnCount(7);
        to.setPrefColumnCount(7);
        Label toLabel = new Label("to");
        toLabel.setMinWidth(Region.USE_PREF_SIZE);
        Label rangeSummary = new Label();
        rangeSummary.setId("export-range-summary");
        rangeSummary.getStyleClass().add("field-value");
        rangeSummary.setMinWidth(Region.USE_PREF_SIZE);
        rangeSummary.textProperty().bind(vm.rangeSummaryProperty());
        HBox range = new HBox(8, from, toLabel, to, rangeSummary);
        range.setAlignment(Pos.CENTER_LEFT);
        r = row(g, r, "Frames", new VBox(4, range, hint("Frame numbers (e.g. 120) or times (e.g. 1:23.4 or 83.4s); both frames are in the clip.")));

        VBox boxes = new VBox(5);
        for (ExportClipViewModel.OverlayChoice c : vm.overlays()) {
            CheckBox cb = new CheckBox(c.label());
            cb.setId("overlay-" + c.key());
            cb.selectedProperty().bindBidirectional(c.selectedProperty());
            cb.disableProperty().bind(c.availableProperty().not());
            Label note = hint("");
            note.textProperty().bind(c.noteProperty());
            HBox line = new HBox(8, cb, note);
            line.setAlignment(Pos.CENTER_LEFT);
            boxes.getChildren().add(line);
        }
        r = row(g, r, "Overlays", boxes);

        Label runs = new Label();
        runs.setId("export-runs");
        runs.getStyleClass().add("field-value");
        runs.setWrapText(true);
        runs.textProperty().bind(vm.runsProperty());
        runs.setMinHeight(Region.USE_PREF_SIZE);
        r = row(g, r, "Drawn from", runs);

        Label look = new Label();
        look.setId("export-look");
        look.getStyleClass().add("field-value");
        look.setWrapText(true);
        look.textProperty().bind(vm.lookProperty());
        look.setMinHeight(Region.USE_PREF_SIZE);
        r = row(g, r, "Look", look);

        ChoiceBox<String> size = new ChoiceBox<>(vm.sizes());
        size.setId("export-size");
        size.valueProperty().bindBidirectional(vm.sizeProperty());
        r = row(g, r, "Size", size);

        Spinner<Integer> quality = new Spinner<>(new SpinnerValueFactory.IntegerSpinnerValueFactory(1, 51, vm.qualityProperty().get()));
        quality.setId("export-quality");
        quality.setEditable(true);
        quality.setPrefWidth(80);
        quality.getValueFactory().valueProperty().bindBidirectional(vm.qualityProperty().asObject());
        HBox q = new HBox(8, quality, hint("H.264 quantiser: 1 is best and biggest, 51 smallest"));
        q.setAlignment(Pos.CENTER_LEFT);
        r = row(g, r, "Quality", q);

        TextField out = field(vm.outTextProperty(), "export-out", "the clip to write (.mp4)");
        HBox.setHgrow(out, Priority.ALWAYS);
        Button choose = new Button("_Choose…", new FontIcon("mdi2f-folder-outline"));
        choose.setId("export-choose");
        choose.setOnAction(e -> vm.chooseOut());
        Label outNote = hint("");
        outNote.textProperty().bind(vm.outNoteProperty());
        HBox outRow = new HBox(8, out, choose);
        outRow.setAlignment(Pos.CENTER_LEFT);
        r = row(g, r, "Save as", new VBox(4, outRow, outNote));
        g.disableProperty().bind(vm.runningProperty());

        VBox top = new VBox(12, title, g);
        top.setPadding(new Insets(14, 18, 10, 18));
        setCenter(top);

        ExportJobBar bottom = new ExportJobBar(vm, "export", "mdi2m-movie-open-outline", vm::export);
        bottom.exportButton().setTooltip(new Tooltip("Write the clip in the background; it is written whole or not at all"));
        setBottom(bottom);
    }

    static Label hint(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("field-hint");
        l.setWrapText(true);
        return l;
    }

    static TextField field(javafx.beans.property.StringProperty p, String id, String prompt) {
        TextField t = new TextField();
        t.setId(id);
        t.setPromptText(prompt);
        t.textProperty().bindBidirectional(p);
        return t;
    }

    static int row(GridPane g, int r, String label, Node field) {
        Label k = new Label(label);
        k.getStyleClass().add("field-label");
        GridPane.setValignment(k, VPos.TOP);
        GridPane.setMargin(k, new Insets(4, 0, 0, 0));
        g.add(k, 0, r);
        g.add(field, 1, r);
        return r + 1;
    }
}
