package org.dancelens.ui.analysis;

import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Separator;
import javafx.scene.control.Slider;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.dancelens.ui.player.PlayerViewModel;
import org.kordamp.ikonli.javafx.FontIcon;

/** Side panel: pose analysis (model, run, cancel, progress) and the overlay switches. Bindings only. */
public final class AnalysisView extends VBox {
    public AnalysisView(AnalysisViewModel vm, PlayerViewModel player) {
        super(8);
        getStyleClass().add("side-panel");
        setPadding(new Insets(12));
        setMinWidth(230);

        Label title = new Label("Pose analysis");
        title.getStyleClass().add("panel-title");
        ComboBox<String> model = new ComboBox<>(vm.models());
        model.valueProperty().bindBidirectional(vm.selectedModelProperty());
        model.setMaxWidth(Double.MAX_VALUE);
        model.setId("pose-model");
        model.setTooltip(new Tooltip("Pose model (see 'dancelens models list')"));

        Button run = new Button("Analyse video", new FontIcon("mdi2r-run"));
        run.setId("run-analysis");
        run.setOnAction(e -> vm.run());
        run.disableProperty().bind(vm.runningProperty().or(player.videoOpenProperty().not()).or(vm.selectedModelProperty().isNull()));
        Button cancel = new Button("Cancel", new FontIcon("mdi2s-stop"));
        cancel.setId("cancel-analysis");
        cancel.setOnAction(e -> vm.cancel());
        cancel.disableProperty().bind(vm.runningProperty().not());
        HBox buttons = new HBox(6, run, cancel);

        ProgressBar progress = new ProgressBar();
        progress.progressProperty().bind(vm.progressProperty());
        progress.visibleProperty().bind(vm.runningProperty());
        progress.setMaxWidth(Double.MAX_VALUE);
        Label status = new Label();
        status.setId("analysis-status");
        status.textProperty().bind(vm.statusProperty());
        status.setWrapText(true);

        Label overlays = new Label("Overlay");
        overlays.getStyleClass().add("panel-title");
        CheckBox skeletons = new CheckBox("Skeletons");
        skeletons.selectedProperty().bindBidirectional(player.showSkeletonsProperty());
        CheckBox boxes = new CheckBox("Boxes and identities");
        boxes.selectedProperty().bindBidirectional(player.showBoxesProperty());
        CheckBox masks = new CheckBox("Segmentation masks");
        masks.selectedProperty().bindBidirectional(player.showMasksProperty());
        CheckBox smoothed = new CheckBox("Smoothed keypoints");
        smoothed.selectedProperty().bindBidirectional(player.useSmoothedProperty());
        Label conf = new Label();
        Slider min = new Slider(0, 1, 0.3);
        min.valueProperty().bindBidirectional(player.minConfidenceProperty());
        conf.textProperty().bind(min.valueProperty().asString("Joints with confidence ≥ %.2f"));
        for (var c : new javafx.scene.Node[] {model, run, cancel, skeletons, boxes, masks, smoothed, min}) {
            c.setFocusTraversable(false);
        }
        getChildren().addAll(title, model, buttons, progress, status, new Separator(), overlays, skeletons, boxes, masks, smoothed, conf, min);
    }
}
