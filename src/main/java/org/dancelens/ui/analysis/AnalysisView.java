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
import org.dancelens.ui.session.OverlaySettings;
import org.kordamp.ikonli.javafx.FontIcon;

/** Side panel: pose analysis (model, run, cancel, progress) and the overlay switches. Bindings only. */
public final class AnalysisView extends VBox {
    public AnalysisView(AnalysisViewModel vm, OverlaySettings overlay) {
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
        run.disableProperty().bind(vm.runningProperty().or(vm.videoOpenProperty().not()).or(vm.selectedModelProperty().isNull()));
        Button cancel = new Button("Cancel", new FontIcon("mdi2s-stop"));
        cancel.setId("cancel-analysis");
        cancel.setOnAction(e -> vm.cancel());
        cancel.disableProperty().bind(vm.runningProperty().not());
        HBox buttons = new HBox(6, run, cancel);
        javafx.scene.control.TextField range = new javafx.scene.control.TextField();
        range.setId("pose-range");
        range.setPromptText("all, or FROM:TO");
        range.textProperty().bindBidirectional(vm.rangeProperty());
        range.setTooltip(new Tooltip("Frames to analyse, e.g. 100:500 (500 excluded); empty for the whole video"));
        ComboBox<String> smoothing = new ComboBox<>(vm.smoothings());
        smoothing.valueProperty().bindBidirectional(vm.smoothingProperty());
        smoothing.setTooltip(new Tooltip("one-euro: causal; savgol, butterworth: offline, zero-phase; raw keypoints are always kept"));
        javafx.scene.layout.GridPane form = new javafx.scene.layout.GridPane();
        form.setHgap(8);
        form.setVgap(6);
        Label framesLabel = new Label("Frames");
        Label smoothingLabel = new Label("Smoothing");
        for (Label l : new Label[] {framesLabel, smoothingLabel}) {
            l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        form.addRow(0, framesLabel, range);
        form.addRow(1, smoothingLabel, smoothing);
        javafx.scene.layout.ColumnConstraints grow = new javafx.scene.layout.ColumnConstraints();
        grow.setHgrow(javafx.scene.layout.Priority.ALWAYS);
        grow.setFillWidth(true);
        form.getColumnConstraints().addAll(new javafx.scene.layout.ColumnConstraints(), grow);
        smoothing.setMaxWidth(Double.MAX_VALUE);

        ProgressBar progress = new ProgressBar();
        progress.setId("analysis-progress");
        progress.progressProperty().bind(vm.progressProperty());
        progress.visibleProperty().bind(vm.runningProperty());
        progress.setMaxWidth(Double.MAX_VALUE);
        Label status = new Label();
        status.setId("analysis-status");
        status.textProperty().bind(vm.statusProperty());
        status.setWrapText(true);

        Label shownTitle = new Label("On display");
        shownTitle.getStyleClass().add("panel-title");
        ComboBox<org.dancelens.ui.session.RunChoice> runs = new ComboBox<>(vm.poseRuns().runs());
        runs.setId("pose-runs");
        runs.valueProperty().bindBidirectional(vm.poseRuns().chosenProperty());
        runs.setMaxWidth(Double.MAX_VALUE);
        runs.setPromptText("stored pose runs");
        runs.setTooltip(new Tooltip("Every stored pose run of this video; choosing one shows it"));
        runs.disableProperty().bind(javafx.beans.binding.Bindings.isEmpty(vm.poseRuns().runs()));
        Label shown = new Label();
        shown.setId("pose-run-shown");
        shown.setWrapText(true);
        shown.textProperty().bind(vm.poseRuns().descriptionProperty());

        Label overlays = new Label("Overlay");
        overlays.getStyleClass().add("panel-title");
        CheckBox skeletons = new CheckBox("Skeletons");
        skeletons.selectedProperty().bindBidirectional(overlay.showSkeletonsProperty());
        CheckBox boxes = new CheckBox("Boxes and identities");
        boxes.selectedProperty().bindBidirectional(overlay.showBoxesProperty());
        CheckBox masks = new CheckBox("Segmentation masks");
        masks.selectedProperty().bindBidirectional(overlay.showMasksProperty());
        CheckBox smoothed = new CheckBox("Smoothed keypoints");
        smoothed.selectedProperty().bindBidirectional(overlay.useSmoothedProperty());
        Label conf = new Label();
        Slider min = new Slider(0, 1, 0.3);
        min.valueProperty().bindBidirectional(overlay.minConfidenceProperty());
        conf.textProperty().bind(min.valueProperty().asString("Joints with confidence ≥ %.2f"));
        Label bones = new Label();
        Slider boneWidth = new Slider(0.5, 6, 1.5);
        boneWidth.valueProperty().bindBidirectional(overlay.boneWidthProperty());
        bones.textProperty().bind(boneWidth.valueProperty().asString("Bone width %.1f px"));

        Label anglesLabel = new Label("Angles");
        anglesLabel.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        org.controlsfx.control.CheckComboBox<String> angles = angleChooser(overlay);
        HBox angleRow = new HBox(8, anglesLabel, angles);
        angleRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        HBox.setHgrow(angles, javafx.scene.layout.Priority.ALWAYS);

        Label dancers = new Label("Dancers");
        dancers.getStyleClass().add("panel-title");
        Label selected = new Label();
        selected.setId("selected-dancer");
        selected.setWrapText(true);
        selected.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> vm.selectedTrackProperty().get() < 0
                ? "Click a dancer in the video to select it." : "Selected: " + vm.selectedNameProperty().get(), vm.selectedTrackProperty(),
                vm.selectedNameProperty()));
        javafx.scene.control.CheckBox hide = new javafx.scene.control.CheckBox("Hide selected");
        hide.setId("hide-dancer");
        hide.disableProperty().bind(vm.selectedTrackProperty().lessThan(0));
        vm.selectedHiddenProperty().addListener((o, a, b) -> hide.setSelected(b));
        hide.setOnAction(e -> vm.hideSelected(hide.isSelected()));
        Button showAll = new Button("Show all");
        showAll.setOnAction(e -> vm.showAllDancers());
        showAll.disableProperty().bind(vm.anyHiddenProperty().not());
        HBox visibility = new HBox(8, hide, showAll);
        visibility.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        ComboBox<Integer> other = new ComboBox<>(vm.dancers());
        other.setId("other-dancer");
        other.setPromptText("dancer");
        other.setMaxWidth(Double.MAX_VALUE);
        other.valueProperty().bindBidirectional(vm.otherDancerProperty());
        other.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Integer track) {
                return vm.dancerName(track);
            }

            @Override
            public Integer fromString(String text) {
                return null; // not editable
            }
        });
        Button swap = new Button("Swap");
        swap.setId("swap-dancers");
        swap.setTooltip(new Tooltip("The selected dancer and the other trade identities from this frame on"));
        swap.setOnAction(e -> vm.swapSelectedWith(other.getValue()));
        Button merge = new Button("Merge");
        merge.setId("merge-dancers");
        merge.setTooltip(new Tooltip("The selected dancer becomes the other from this frame on"));
        merge.setOnAction(e -> vm.mergeSelectedInto(other.getValue()));
        swap.disableProperty().bind(vm.selectedTrackProperty().lessThan(0).or(other.valueProperty().isNull()).or(vm.runningProperty()));
        merge.disableProperty().bind(swap.disableProperty());
        HBox identity = new HBox(6, swap, merge);
        identity.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        getChildren().addAll(title, model, form, buttons, progress, status, new Separator(), shownTitle, runs, shown, new Separator(), overlays, skeletons, boxes, masks, smoothed, conf, min,
                bones, boneWidth, angleRow, new Separator(), dancers, selected, visibility, other, identity);
    }

    /**
     * The joint angles drawn on the dancers, checked in a drop-down list and kept in step with the overlay settings both
     * ways (the settings may change elsewhere, e.g. read from the settings file).
     */
    private static org.controlsfx.control.CheckComboBox<String> angleChooser(OverlaySettings overlay) {
        org.controlsfx.control.CheckComboBox<String> box = new org.controlsfx.control.CheckComboBox<>(
                javafx.collections.FXCollections.observableArrayList(OverlaySettings.angleNames()));
        box.setId("angles");
        box.setMaxWidth(Double.MAX_VALUE);
        box.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(String name) {
                return name == null ? "" : name.replace('_', ' ');
            }

            @Override
            public String fromString(String text) {
                return null; // not editable
            }
        });
        box.setTooltip(new Tooltip("Joint angles drawn on every dancer: an arc at the joint and its degrees in the image plane,"
                + " where the angle's joints are above the confidence threshold"));
        box.titleProperty().bind(javafx.beans.binding.Bindings.when(javafx.beans.binding.Bindings.isEmpty(overlay.angles()))
                .then("none").otherwise((String) null));
        var checks = box.getCheckModel();
        boolean[] copying = {false}; // while the settings are copied into the checks, the checks are not copied back
        Runnable fromSettings = () -> {
            copying[0] = true;
            try {
                copyChecks(overlay, checks);
            } finally {
                copying[0] = false;
            }
        };
        fromSettings.run();
        overlay.angles().addListener((javafx.beans.Observable o) -> fromSettings.run());
        checks.getCheckedItems().addListener((javafx.beans.Observable o) -> {
            if (copying[0]) {
                return;
            }
            java.util.List<String> chosen = OverlaySettings.angleNames().stream().filter(checks::isChecked).toList();
            if (!chosen.equals(overlay.angles())) {
                overlay.angles().setAll(chosen);
            }
        });
        return box;
    }

    private static void copyChecks(OverlaySettings overlay, org.controlsfx.control.IndexedCheckModel<String> checks) {
        for (String a : OverlaySettings.angleNames()) {
            boolean on = overlay.angles().contains(a);
            if (on && !checks.isChecked(a)) {
                checks.check(a);
            } else if (!on && checks.isChecked(a)) {
                checks.clearCheck(a);
            }
        }
    }
}
