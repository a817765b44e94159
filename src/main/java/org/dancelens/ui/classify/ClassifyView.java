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
import org.kordamp.ikonli.javafx.FontIcon;

/** Side panel: dance-style classification (model, pose model for skeleton models, run, cancel, dancer, summary). Bindings only. */
public final class ClassifyView extends VBox {
    public ClassifyView(ClassifyViewModel vm) {
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
        // dance models first; the others marked with what they were trained on ("emotion — facial expressions, not dance")
        model.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(String id) {
                return vm.modelLabel(id);
            }

            @Override
            public String fromString(String text) {
                return text;
            }
        });
        model.setTooltip(new Tooltip("Classifier or scorer (frame, clip or skeleton model)"));

        Label poseLabel = new Label("Poses from");
        ComboBox<String> pose = new ComboBox<>(vm.poseModels());
        pose.valueProperty().bindBidirectional(vm.selectedPoseModelProperty());
        pose.setMaxWidth(Double.MAX_VALUE);
        pose.setId("style-pose-model");
        pose.setTooltip(new Tooltip("Skeleton models read the poses of this pose model (run first, or reused)"));
        Label posesPlan = new Label();
        posesPlan.setId("style-poses-plan");
        posesPlan.setWrapText(true);
        posesPlan.textProperty().bind(vm.posesPlanProperty());
        VBox poseBox = new VBox(4, poseLabel, pose, posesPlan);
        poseBox.visibleProperty().bind(vm.needsPoseProperty());
        poseBox.managedProperty().bind(vm.needsPoseProperty());

        Button run = new Button("Classify video", new FontIcon("mdi2t-tag-multiple-outline"));
        run.setId("run-classify");
        run.setOnAction(e -> vm.run());
        run.disableProperty().bind(vm.runningProperty().or(vm.videoOpenProperty().not()).or(vm.selectedModelProperty().isNull()));
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

        ComboBox<org.dancelens.ui.session.RunChoice> runs = new ComboBox<>(vm.classifyRuns().runs());
        runs.setId("classify-runs");
        runs.valueProperty().bindBidirectional(vm.classifyRuns().chosenProperty());
        runs.setMaxWidth(Double.MAX_VALUE);
        runs.setPromptText("stored classifications");
        runs.setTooltip(new Tooltip("Every stored classification of this video; choosing one shows it (with the poses it read)"));
        runs.disableProperty().bind(javafx.beans.binding.Bindings.isEmpty(vm.classifyRuns().runs()));
        Label shown = new Label();
        shown.setId("classify-run-shown");
        shown.setWrapText(true);
        shown.textProperty().bind(vm.classifyRuns().descriptionProperty());
        Label verdictPoses = new Label();
        verdictPoses.setId("verdict-poses");
        verdictPoses.setWrapText(true);
        verdictPoses.textProperty().bind(vm.verdictPosesProperty());
        verdictPoses.visibleProperty().bind(vm.verdictPosesProperty().isNotEmpty());
        verdictPoses.managedProperty().bind(verdictPoses.visibleProperty());

        Label whose = new Label("Timeline shows");
        whose.getStyleClass().add("panel-title");
        ComboBox<String> dancer = new ComboBox<>(vm.dancers());
        dancer.valueProperty().bindBidirectional(vm.selectedDancerProperty());
        dancer.setMaxWidth(Double.MAX_VALUE);
        dancer.setId("style-dancer");
        dancer.disableProperty().bind(javafx.beans.binding.Bindings.isEmpty(vm.dancers()));
        Label misfit = new Label();
        misfit.setId("style-warning");
        misfit.getStyleClass().add("verdict-warning");
        misfit.setGraphic(new FontIcon("mdi2a-alert-circle-outline"));
        misfit.setWrapText(true);
        misfit.textProperty().bind(vm.verdictWarningProperty());
        misfit.visibleProperty().bind(vm.verdictWarningProperty().isNotEmpty());
        misfit.managedProperty().bind(misfit.visibleProperty());
        Label summary = new Label();
        summary.setId("style-summary");
        summary.textProperty().bind(vm.summaryProperty());
        summary.setWrapText(true);
        Button why = new Button("Why this verdict?", new FontIcon("mdi2e-eye-outline"));
        why.setId("explain-dancer");
        why.setTooltip(new Tooltip("Blank moments and joints of this dancer and see how the verdict drops (skeleton models), or moments of the clips (clip models)"));
        why.setOnAction(e -> vm.explainDancer());
        why.disableProperty().bind(vm.canExplainProperty().not().or(vm.runningProperty()));
        Label teach = new Label("Teach a style");
        teach.getStyleClass().add("panel-title");
        javafx.scene.control.TextField label = new javafx.scene.control.TextField();
        label.setPromptText("style label, e.g. waltz");
        label.textProperty().bindBidirectional(vm.rangeLabelProperty());
        label.setId("range-label");
        Button start = new Button("Start", new FontIcon("mdi2r-ray-start"));
        start.setId("range-start");
        start.setOnAction(e -> vm.markStart());
        start.setTooltip(new Tooltip("The current frame starts the range"));
        Button end = new Button("End", new FontIcon("mdi2r-ray-end"));
        end.setId("range-end");
        end.setOnAction(e -> vm.markEnd());
        end.setTooltip(new Tooltip("The current frame ends the range"));
        Button add = new Button("Add", new FontIcon("mdi2p-plus"));
        add.setId("range-add");
        add.setOnAction(e -> vm.addRange());
        add.disableProperty().bind(vm.videoOpenProperty().not());
        HBox marks = new HBox(6, start, end, add);
        Label marked = new Label();
        marked.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> "Range: "
                + (vm.rangeStartProperty().get() < 0 ? "…" : String.valueOf(vm.rangeStartProperty().get())) + " – "
                + (vm.rangeEndProperty().get() < 0 ? "…" : String.valueOf(vm.rangeEndProperty().get())), vm.rangeStartProperty(), vm.rangeEndProperty()));
        javafx.scene.control.ListView<org.dancelens.analysis.store.LabelledRanges.LabelledRange> ranges = new javafx.scene.control.ListView<>(vm.ranges());
        ranges.setId("ranges");
        ranges.setPrefHeight(96);
        ranges.setPlaceholder(new Label("No labelled ranges yet."));
        ranges.setCellFactory(l -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(org.dancelens.analysis.store.LabelledRanges.LabelledRange r, boolean empty) {
                super.updateItem(r, empty);
                setText(empty || r == null ? null : r.label() + "   " + r.startFrame() + "–" + r.endFrame());
            }
        });
        Button remove = new Button("Remove", new FontIcon("mdi2d-delete-outline"));
        remove.setId("range-remove");
        remove.disableProperty().bind(ranges.getSelectionModel().selectedItemProperty().isNull());
        remove.setOnAction(e -> vm.removeRange(ranges.getSelectionModel().getSelectedItem()));
        javafx.scene.control.TextField modelId = new javafx.scene.control.TextField();
        modelId.textProperty().bindBidirectional(vm.newModelIdProperty());
        modelId.setId("train-id");
        modelId.setTooltip(new Tooltip("Id of the new model"));
        javafx.scene.control.ChoiceBox<String> method = new javafx.scene.control.ChoiceBox<>(javafx.collections.FXCollections.observableArrayList("logistic", "prototype"));
        method.valueProperty().bindBidirectional(vm.trainMethodProperty());
        method.setTooltip(new Tooltip("logistic regression, or nearest prototype for 1–5 examples per style"));
        Button train = new Button("Train", new FontIcon("mdi2s-school-outline"));
        train.setId("train");
        train.setOnAction(e -> vm.train());
        train.disableProperty().bind(vm.runningProperty().or(vm.videoOpenProperty().not()).or(javafx.beans.binding.Bindings.isEmpty(vm.ranges())));
        modelId.setMaxWidth(Double.MAX_VALUE);
        Label methodLabel = new Label("learner");
        methodLabel.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox trainRow = new HBox(6, methodLabel, method, train);
        trainRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        Label idLabel = new Label("New model id");
        Label trainPoseLabel = new Label("Poses from");
        trainPoseLabel.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        ComboBox<String> trainPose = new ComboBox<>(vm.poseModels());
        trainPose.valueProperty().bindBidirectional(vm.selectedPoseModelProperty());
        trainPose.setMaxWidth(Double.MAX_VALUE);
        trainPose.setId("train-pose-model");
        trainPose.setTooltip(new Tooltip("The examples are the dancers' poses from this pose model's whole-video run (run first when not stored)"));
        HBox trainPoseRow = new HBox(6, trainPoseLabel, trainPose);
        trainPoseRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        HBox.setHgrow(trainPose, javafx.scene.layout.Priority.ALWAYS);
        Label trainPlan = new Label();
        trainPlan.setId("train-poses-plan");
        trainPlan.setWrapText(true);
        trainPlan.textProperty().bind(vm.posesPlanProperty());
        Label report = new Label();
        report.setId("train-report");
        report.textProperty().bind(vm.trainReportProperty());
        report.setWrapText(true);
        report.setStyle("-fx-font-family: monospace; -fx-font-size: 11px;");
        getChildren().addAll(title, model, poseBox, buttons, progress, status, new Separator(), runs, shown, whose, dancer, misfit, summary, verdictPoses, why,
                new Separator(), teach, label, marks, marked, ranges, remove, idLabel, modelId, trainPoseRow, trainPlan, trainRow, report,
                new Separator(), ratingsPanel(vm));
    }

    /** Rating the marked range (the same range as a style label): rater, criterion, value; the video's ratings. */
    private static VBox ratingsPanel(ClassifyViewModel classify) {
        RatingsViewModel vm = classify.ratings();
        Label title = new Label("Rate the range");
        title.getStyleClass().add("panel-title");
        Button start = new Button("Start", new FontIcon("mdi2r-ray-start"));
        start.setId("rate-start");
        start.setOnAction(e -> classify.markStart());
        start.setTooltip(new Tooltip("The current frame starts the range"));
        Button end = new Button("End", new FontIcon("mdi2r-ray-end"));
        end.setId("rate-end");
        end.setOnAction(e -> classify.markEnd());
        end.setTooltip(new Tooltip("The current frame ends the range"));
        Label marked = new Label();
        marked.setId("rate-range");
        marked.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> "Range: "
                + (classify.rangeStartProperty().get() < 0 ? "…" : String.valueOf(classify.rangeStartProperty().get())) + " – "
                + (classify.rangeEndProperty().get() < 0 ? "…" : String.valueOf(classify.rangeEndProperty().get())),
                classify.rangeStartProperty(), classify.rangeEndProperty()));
        HBox marks = new HBox(6, start, end, marked);
        marks.setAlignment(javafx.geometry.Pos.CENTER_LEFT);

        javafx.scene.control.TextField rater = new javafx.scene.control.TextField();
        rater.setId("rate-rater");
        rater.setPromptText("rater, e.g. judge1");
        rater.textProperty().bindBidirectional(vm.raterProperty());
        rater.setTooltip(new Tooltip("Who rates (remembered)"));
        ComboBox<String> criterion = new ComboBox<>(vm.criteria());
        criterion.setId("rate-criterion");
        criterion.setEditable(true);
        criterion.setPromptText("criterion");
        criterion.setMaxWidth(Double.MAX_VALUE);
        criterion.valueProperty().bindBidirectional(vm.criterionProperty());
        criterion.setTooltip(new Tooltip("What is rated: one of this video's criteria, or type a new one"));
        javafx.scene.control.TextField value = new javafx.scene.control.TextField();
        value.setId("rate-value");
        value.setPromptText("value");
        value.setPrefColumnCount(4);
        value.textProperty().bindBidirectional(vm.valueProperty());
        value.setOnAction(e -> vm.add());
        Button add = new Button("Rate", new FontIcon("mdi2s-star-outline"));
        add.setId("rate-add");
        add.setOnAction(e -> vm.add());
        add.disableProperty().bind(vm.videoOpenProperty().not().or(vm.busyProperty()));
        HBox valueRow = new HBox(6, criterion, value, add);
        valueRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        HBox.setHgrow(criterion, javafx.scene.layout.Priority.ALWAYS);

        javafx.scene.control.TableView<org.dancelens.analysis.store.RatedRanges.RatedRange> table = new javafx.scene.control.TableView<>(vm.ratings());
        table.setId("ratings");
        table.setPrefHeight(150);
        table.setPlaceholder(new Label("No ratings of this video yet."));
        table.setColumnResizePolicy(javafx.scene.control.TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("range", 120, RatingsViewModel::rangeText));
        table.getColumns().add(column("rater", 60, org.dancelens.analysis.store.RatedRanges.RatedRange::rater));
        table.getColumns().add(column("criterion", 70, org.dancelens.analysis.store.RatedRanges.RatedRange::criterion));
        table.getColumns().add(column("value", 40, RatingsViewModel::valueText));
        Button remove = new Button("Remove", new FontIcon("mdi2d-delete-outline"));
        remove.setId("rate-remove");
        remove.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull().or(vm.busyProperty()));
        remove.setOnAction(e -> vm.remove(table.getSelectionModel().getSelectedItem()));
        Label status = new Label();
        status.setId("rate-status");
        status.setWrapText(true);
        status.textProperty().bind(vm.statusProperty());
        VBox box = new VBox(6, title, marks, rater, valueRow, table, remove, status);
        return box;
    }

    private static javafx.scene.control.TableColumn<org.dancelens.analysis.store.RatedRanges.RatedRange, String> column(String name, double width,
            java.util.function.Function<org.dancelens.analysis.store.RatedRanges.RatedRange, String> text) {
        javafx.scene.control.TableColumn<org.dancelens.analysis.store.RatedRanges.RatedRange, String> c = new javafx.scene.control.TableColumn<>(name);
        c.setPrefWidth(width);
        c.setSortable(false);
        c.setCellValueFactory(d -> new javafx.beans.property.ReadOnlyStringWrapper(text.apply(d.getValue())));
        return c;
    }
}
