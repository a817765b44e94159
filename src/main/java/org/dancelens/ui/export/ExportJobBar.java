package org.dancelens.ui.export;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The foot of an export dialog ({@link ExportClipView}, {@link ExportDataView}): the sentence that keeps the export from
 * starting, the progress bar, the status line, Open Folder, Cancel Export and Export. Ids: {@code PREFIX-problem},
 * {@code -progress}, {@code -status}, {@code -open-folder}, {@code -cancel}, {@code -start}. Bindings only.
 */
final class ExportJobBar extends VBox {
    private final Button export;

    ExportJobBar(ExportJobViewModel vm, String idPrefix, String exportIcon, Runnable onExport) {
        super(6);
        Label problem = new Label();
        problem.setId(idPrefix + "-problem");
        problem.getStyleClass().add("verdict-warning");
        problem.setWrapText(true);
        problem.textProperty().bind(vm.problemProperty());
        problem.visibleProperty().bind(vm.problemProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());
        ProgressBar progress = new ProgressBar();
        progress.setId(idPrefix + "-progress");
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.progressProperty().bind(vm.progressProperty());
        progress.visibleProperty().bind(vm.runningProperty());
        Label status = new Label();
        status.setId(idPrefix + "-status");
        status.setWrapText(true);
        status.textProperty().bind(vm.statusProperty());
        status.setMinHeight(Region.USE_PREF_SIZE);
        status.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(status, Priority.ALWAYS);
        Button cancel = new Button("Cancel Export", new FontIcon("mdi2s-stop-circle-outline"));
        cancel.setId(idPrefix + "-cancel");
        cancel.setOnAction(e -> vm.cancel());
        cancel.visibleProperty().bind(vm.runningProperty());
        cancel.managedProperty().bind(vm.runningProperty());
        export = new Button("_Export", new FontIcon(exportIcon));
        export.setId(idPrefix + "-start");
        export.setDefaultButton(true);
        export.setOnAction(e -> onExport.run());
        export.disableProperty().bind(vm.canExportProperty().not());
        cancel.setMinWidth(Region.USE_PREF_SIZE);
        export.setMinWidth(Region.USE_PREF_SIZE);
        Hyperlink openFolder = new Hyperlink("Open Folder");
        openFolder.setId(idPrefix + "-open-folder");
        openFolder.setOnAction(e -> vm.openFolder());
        openFolder.visibleProperty().bind(vm.writtenProperty().isNotNull().and(vm.runningProperty().not()));
        openFolder.managedProperty().bind(openFolder.visibleProperty());
        openFolder.setMinWidth(Region.USE_PREF_SIZE);
        HBox buttons = new HBox(10, status, openFolder, cancel, export);
        buttons.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(problem, progress, buttons);
        setPadding(new Insets(10, 18, 10, 18));
    }

    /** The Export button. */
    Button exportButton() {
        return export;
    }
}
