package org.dancelens.ui.classify;

import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Separator;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.dancelens.ui.player.PlayerViewModel;
import org.kordamp.ikonli.javafx.FontIcon;

/** Side panel: dance-style classification (model, pose model for skeleton models, run, cancel, dancer, summary). Bindings only. */
public final class ClassifyView extends VBox {
    public ClassifyView(ClassifyViewModel vm, PlayerViewModel player) {
        super(8);
        getStyleClass().add("side-panel");
        setPadding(new Insets(12));
        setMinWidth(230);

        Label title = new Label("Dance style");
        title.getStyleClass().add("panel-title");
        ComboBox<String> model = new ComboBox<>(vm.models());
        model.valueProperty().bindBidirectional(vm.selectedModelProperty());
        model.setMaxWidth(Double.MAX_VALUE);
        model.setId("style-model");
        model.setTooltip(new Tooltip("Classifier or scorer (frame, clip or skeleton model)"));

        Label poseLabel = new Label("Poses from");
        ComboBox<String> pose = new ComboBox<>(vm.poseModels());
        pose.valueProperty().bindBidirectional(vm.selectedPoseModelProperty());
        pose.setMaxWidth(Double.MAX_VALUE);
        pose.setId("style-pose-model");
        pose.setTooltip(new Tooltip("Skeleton models read the poses of this pose model (run first, or reused)"));
        VBox poseBox = new VBox(4, poseLabel, pose);
        poseBox.visibleProperty().bind(vm.needsPoseProperty());
        poseBox.managedProperty().bind(vm.needsPoseProperty());

        Button run = new Button("Classify video", new FontIcon("mdi2t-tag-multiple-outline"));
        run.setId("run-classify");
        run.setOnAction(e -> vm.run());
        run.disableProperty().bind(vm.runningProperty().or(player.videoOpenProperty().not()).or(vm.selectedModelProperty().isNull()));
        Button cancel = new Button("Cancel", new FontIcon("mdi2s-stop"));
        cancel.setId("cancel-classify");
        cancel.setOnAction(e -> vm.cancel());
        cancel.disableProperty().bind(vm.runningProperty().not());
        HBox buttons = new HBox(6, run, cancel);

        ProgressBar progress = new ProgressBar();
        progress.progressProperty().bind(vm.progressProperty());
        progress.visibleProperty().bind(vm.runningProperty());
        progress.setMaxWidth(Double.MAX_VALUE);
        Label status = new Label();
        status.setId("classify-status");
        status.textProperty().bind(vm.statusProperty());
        status.setWrapText(true);

        Label whose = new Label("Timeline shows");
        whose.getStyleClass().add("panel-title");
        ComboBox<String> dancer = new ComboBox<>(vm.dancers());
        dancer.valueProperty().bindBidirectional(vm.selectedDancerProperty());
        dancer.setMaxWidth(Double.MAX_VALUE);
        dancer.setId("style-dancer");
        dancer.disableProperty().bind(javafx.beans.binding.Bindings.isEmpty(vm.dancers()));
        Label summary = new Label();
        summary.setId("style-summary");
        summary.textProperty().bind(vm.summaryProperty());
        summary.setWrapText(true);
        for (var c : new javafx.scene.Node[] {model, pose, run, cancel, dancer}) {
            c.setFocusTraversable(false);
        }
        getChildren().addAll(title, model, poseBox, buttons, progress, status, new Separator(), whose, dancer, summary);
    }
}
