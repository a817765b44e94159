package org.dancelens.ui.explain;

import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Separator;
import javafx.scene.control.Slider;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/** Side panel: the class-activation map of the frame on screen. Bindings only. */
public final class ExplainView extends VBox {
    public ExplainView(ExplainViewModel vm) {
        super(8);
        getStyleClass().add("side-panel");
        setPadding(new Insets(12));
        setMinWidth(230);
        Label title = new Label("Why this verdict?");
        title.getStyleClass().add("panel-title");
        ComboBox<String> model = combo(vm.models(), vm.selectedModelProperty(), "explain-model");
        ComboBox<String> layer = combo(vm.layers(), vm.selectedLayerProperty(), "explain-layer");
        layer.setButtonCell(shortCell(vm));
        layer.setTooltip(new Tooltip("The layer whose activations make the map: deep layers are coarse and about classes, early ones fine"));
        ComboBox<String> method = combo(vm.methods(), vm.methodProperty(), "explain-method");
        ComboBox<String> cls = combo(vm.classes(), vm.selectedClassProperty(), "explain-class");
        ComboBox<String> cmap = combo(vm.colorMaps(), vm.colorMapProperty(), "explain-colormap");
        Slider opacity = new Slider(0, 1, 0.6);
        opacity.valueProperty().bindBidirectional(vm.opacityProperty());
        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(6);
        ComboBox<String> leaveOut = combo(vm.blocks(), vm.leftOutBlockProperty(), "explain-leave-out");
        leaveOut.setButtonCell(shortCell(vm));
        leaveOut.setTooltip(new Tooltip("A residual block to leave out: Depth-wise then shows each layer's map beside the map without the block"));
        String[] names = {"Model", "Layer", "Method", "Class", "Colours", "Opacity", "Without"};
        javafx.scene.Node[] fields = {model, layer, method, cls, cmap, opacity, leaveOut};
        for (int i = 0; i < names.length; i++) {
            Label l = new Label(names[i]);
            l.setMinWidth(Region.USE_PREF_SIZE);
            form.addRow(i, l, fields[i]);
            javafx.scene.layout.GridPane.setHgrow(fields[i], Priority.ALWAYS);
        }
        Button explain = new Button("Explain this frame", new FontIcon("mdi2e-eye-outline"));
        explain.setId("explain-frame");
        explain.setOnAction(e -> vm.explainFrame());
        explain.disableProperty().bind(vm.runningProperty().or(vm.videoOpenProperty().not()).or(vm.selectedModelProperty().isNull()));
        Button depth = new Button("Depth-wise", new FontIcon("mdi2l-layers-outline"));
        depth.setId("explain-depth");
        depth.setTooltip(new Tooltip("Grad-CAM of this frame at an early, a middle and the deepest layer; with a block under Without, each beside the map without it"));
        depth.setOnAction(e -> vm.depthWise());
        depth.disableProperty().bind(explain.disableProperty());
        VBox depthBox = new VBox(6);
        vm.depthMaps().addListener((javafx.collections.ListChangeListener<ExplainViewModel.DepthMap>) c -> {
            depthBox.getChildren().clear();
            for (ExplainViewModel.DepthMap d : vm.depthMaps()) {
                if (d.withoutCaption() == null) {
                    depthBox.getChildren().add(picture(d.png(), d.caption(), 220));
                } else {
                    depthBox.getChildren().add(new HBox(6, picture(d.png(), d.caption(), 132), picture(d.withoutPng(), d.withoutCaption(), 132)));
                }
            }
        });
        Button clear = new Button("Clear");
        clear.setOnAction(e -> vm.clear());
        Label status = new Label();
        status.setId("explain-status");
        status.setWrapText(true);
        status.textProperty().bind(vm.statusProperty());
        Label wholeTitle = new Label("Whole run");
        wholeTitle.getStyleClass().add("panel-title");
        ComboBox<String> range = combo(vm.rangeChoices(), vm.rangeChoiceProperty(), "explain-range");
        range.setTooltip(new Tooltip("Every frame of the video, or the frames set in the Poses tab"));
        Button whole = new Button("Explain whole run", new FontIcon("mdi2m-movie-open-outline"));
        whole.setId("explain-whole");
        whole.setTooltip(new Tooltip("Maps of every frame with the choices above, stored with the video's results; a stopped run continues"));
        whole.setOnAction(e -> vm.explainWholeRun());
        whole.disableProperty().bind(explain.disableProperty());
        Button cancel = new Button("", new FontIcon("mdi2s-stop"));
        cancel.setId("explain-cancel");
        cancel.setTooltip(new Tooltip("Cancel the whole run (the maps made so far are kept)"));
        cancel.setOnAction(e -> vm.cancelWholeRun());
        cancel.disableProperty().bind(vm.wholeRunningProperty().not());
        ProgressBar bar = new ProgressBar();
        bar.setId("explain-progress");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(vm.progressProperty());
        bar.visibleProperty().bind(vm.wholeRunningProperty());
        bar.managedProperty().bind(bar.visibleProperty());
        CheckBox follow = new CheckBox("Overlay follows stored maps");
        follow.setId("explain-follow");
        follow.selectedProperty().bindBidirectional(vm.followStoredProperty());
        CheckBox faithful = new CheckBox("Also measure faithfulness (8 frames)");
        faithful.setWrapText(true);
        faithful.setTooltip(new Tooltip("Deletion and insertion curves on 8 sampled frames: runs the model about 22 times a frame"));
        faithful.selectedProperty().bindBidirectional(vm.faithfulnessProperty());
        ComboBox<String> maskFrom = combo(vm.maskModels(), vm.maskModelProperty(), "explain-mask-model");
        maskFrom.setTooltip(new Tooltip("The dancers' outline for the FG/BG ratio: the pose runs' masks or hulls, or a person segmentation model"
                + " (decodes the frames again)"));
        Label maskFromLabel = new Label("Dancers from");
        maskFromLabel.setMinWidth(Region.USE_PREF_SIZE);
        HBox maskRow = new HBox(6, maskFromLabel, maskFrom);
        maskRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        HBox.setHgrow(maskFrom, Priority.ALWAYS);
        maskFrom.setMaxWidth(Double.MAX_VALUE);
        ComboBox<org.dancelens.ui.session.RunChoice> runs = new ComboBox<>(vm.mapsRuns().runs());
        runs.setId("explain-runs");
        runs.valueProperty().bindBidirectional(vm.mapsRuns().chosenProperty());
        runs.setMaxWidth(Double.MAX_VALUE);
        runs.setPromptText("stored maps");
        runs.setTooltip(new Tooltip("Every stored explain run of this video; choosing one shows its maps"));
        runs.disableProperty().bind(javafx.beans.binding.Bindings.isEmpty(vm.mapsRuns().runs()));
        Label shown = new Label();
        shown.setId("explain-run-shown");
        shown.setWrapText(true);
        shown.textProperty().bind(vm.mapsRuns().descriptionProperty());
        GridPane metrics = new GridPane();
        metrics.setId("explain-metrics");
        metrics.setHgap(8);
        metrics.setVgap(4);
        String[] mNames = {"Maps", "Frames done", "FG/BG ratio", "Dancer mask", "Consecutive IoU", "Faithfulness"};
        javafx.beans.value.ObservableValue<?>[] mValues = {vm.storedRunProperty(), vm.framesDoneProperty(), vm.meanFgBgProperty(),
            vm.maskSourceProperty(), vm.meanIouProperty(), vm.faithfulnessSummaryProperty()};
        for (int i = 0; i < mNames.length; i++) {
            Label n = new Label(mNames[i]);
            n.setMinWidth(Region.USE_PREF_SIZE);
            Label v = new Label();
            v.setWrapText(true);
            v.setId("explain-metric-" + i);
            v.textProperty().bind(javafx.beans.binding.Bindings.convert(mValues[i]));
            metrics.addRow(i, n, v);
            GridPane.setHgrow(v, Priority.ALWAYS);
        }
        Button measure = new Button("Measure");
        measure.setTooltip(new Tooltip("Measure the stored maps again (with faithfulness when ticked)"));
        measure.setOnAction(e -> vm.measure());
        measure.disableProperty().bind(vm.hasStoredProperty().not().or(vm.runningProperty()));
        Button export = new Button("Export metrics…", new FontIcon("mdi2f-file-export-outline"));
        export.setId("explain-export-metrics");
        export.setOnAction(e -> vm.exportMetrics());
        export.disableProperty().bind(vm.hasStoredProperty().not());
        getChildren().addAll(title, form, new HBox(6, explain, clear), depth, status, bar, depthBox, new Separator(), wholeTitle, range,
                new HBox(6, whole, cancel), runs, shown, follow, faithful, maskRow, metrics, new HBox(6, measure, export));
    }

    private static VBox picture(byte[] png, String caption, double width) {
        Label cap = new Label(caption);
        cap.setWrapText(true);
        cap.setMaxWidth(width);
        cap.setStyle("-fx-font-size: 11px;");
        if (png == null) {
            return new VBox(2, cap);
        }
        javafx.scene.image.ImageView iv = new javafx.scene.image.ImageView(new javafx.scene.image.Image(new java.io.ByteArrayInputStream(png)));
        iv.setPreserveRatio(true);
        iv.setFitWidth(width);
        return new VBox(2, iv, cap);
    }

    /** Shows the chosen layer without the path all layers share (the list shows the full names). */
    private static javafx.scene.control.ListCell<String> shortCell(ExplainViewModel vm) {
        return new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : vm.displayName(item));
            }
        };
    }

    private static ComboBox<String> combo(javafx.collections.ObservableList<String> items, javafx.beans.property.StringProperty value, String id) {
        ComboBox<String> c = new ComboBox<>(items);
        c.valueProperty().bindBidirectional(value);
        c.setMaxWidth(Double.MAX_VALUE);
        c.setId(id);
        return c;
    }
}
