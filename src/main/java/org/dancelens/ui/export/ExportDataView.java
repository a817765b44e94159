package org.dancelens.ui.export;

import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/** The Export Data dialog: the folder, progress and cancel. Bindings only. */
public final class ExportDataView extends BorderPane {
    public ExportDataView(ExportDataViewModel vm) {
        getStyleClass().add("export-dialog");
        Label title = new Label();
        title.getStyleClass().add("details-title");
        title.textProperty().bind(Bindings.concat("Export the data of ", vm.videoNameProperty()));
        Label what = ExportClipView.hint("Everything stored for the video, in open formats: poses as CSV and COCO keypoints JSON, classifier scores and"
                + " segments as CSV, explanation maps as .npy, and each run's provenance (model, settings, software, date) as JSON."
                + " export.json, written last, lists the files.");
        TextField folder = ExportClipView.field(vm.folderTextProperty(), "export-folder", "the folder the files go to");
        HBox.setHgrow(folder, Priority.ALWAYS);
        Button choose = new Button("_Choose…", new FontIcon("mdi2f-folder-outline"));
        choose.setId("export-choose-folder");
        choose.setOnAction(e -> vm.chooseFolder());
        HBox row = new HBox(8, new Label("Into"), folder, choose);
        row.setAlignment(Pos.CENTER_LEFT);
        row.disableProperty().bind(vm.runningProperty());
        VBox top = new VBox(12, title, what, row);
        top.setPadding(new Insets(14, 18, 10, 18));
        setCenter(top);

        setBottom(new ExportJobBar(vm, "export-data", "mdi2d-database-export-outline", vm::export));
    }
}
