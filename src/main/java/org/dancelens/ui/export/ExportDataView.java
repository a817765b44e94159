package org.dancelens.ui.export;

import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
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

        Label problem = new Label();
        problem.setId("export-data-problem");
        problem.getStyleClass().add("verdict-warning");
        problem.setWrapText(true);
        problem.textProperty().bind(vm.problemProperty());
        problem.visibleProperty().bind(vm.problemProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());
        ProgressBar progress = new ProgressBar();
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.progressProperty().bind(vm.progressProperty());
        progress.visibleProperty().bind(vm.runningProperty());
        Label status = new Label();
        status.setId("export-data-status");
        status.setWrapText(true);
        status.textProperty().bind(vm.statusProperty());
        status.setMinHeight(Region.USE_PREF_SIZE);
        status.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(status, Priority.ALWAYS);
        Button cancel = new Button("Cancel Export", new FontIcon("mdi2s-stop-circle-outline"));
        cancel.setOnAction(e -> vm.cancel());
        cancel.visibleProperty().bind(vm.runningProperty());
        cancel.managedProperty().bind(vm.runningProperty());
        Button export = new Button("_Export", new FontIcon("mdi2d-database-export-outline"));
        export.setId("export-data-start");
        export.setDefaultButton(true);
        export.setOnAction(e -> vm.export());
        export.disableProperty().bind(vm.canExportProperty().not());
        cancel.setMinWidth(Region.USE_PREF_SIZE);
        export.setMinWidth(Region.USE_PREF_SIZE);
        javafx.scene.control.Hyperlink openFolder = new javafx.scene.control.Hyperlink("Open Folder");
        openFolder.setId("export-data-open-folder");
        openFolder.setOnAction(e -> vm.openFolder());
        openFolder.visibleProperty().bind(vm.writtenProperty().isNotNull().and(vm.runningProperty().not()));
        openFolder.managedProperty().bind(openFolder.visibleProperty());
        openFolder.setMinWidth(Region.USE_PREF_SIZE);
        HBox buttons = new HBox(10, status, openFolder, cancel, export);
        buttons.setAlignment(Pos.CENTER_LEFT);
        VBox bottom = new VBox(6, problem, progress, buttons);
        bottom.setPadding(new Insets(10, 18, 10, 18));
        setBottom(bottom);
    }
}
