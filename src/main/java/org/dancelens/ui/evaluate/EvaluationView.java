package org.dancelens.ui.evaluate;

import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.property.SimpleStringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.dancelens.classify.Metrics;
import org.kordamp.ikonli.javafx.FontIcon;

/** The evaluation window: manifest, model, run; summary, per-class table and confusion matrix. Bindings only. */
public final class EvaluationView extends BorderPane {
    public EvaluationView(EvaluationViewModel vm) {
        setPadding(new Insets(12));
        Label manifest = new Label();
        manifest.textProperty().bind(Bindings.createStringBinding(() -> vm.manifestProperty().get() == null ? "no manifest chosen"
                : vm.manifestProperty().get().toString(), vm.manifestProperty()));
        manifest.setId("eval-manifest");
        Button choose = new Button("Manifest…", new FontIcon("mdi2f-file-table-outline"));
        choose.setOnAction(e -> vm.chooseManifest());
        ComboBox<String> model = new ComboBox<>(vm.models());
        model.valueProperty().bindBidirectional(vm.selectedModelProperty());
        model.setId("eval-model");
        ComboBox<String> pose = new ComboBox<>(vm.poseModels());
        pose.valueProperty().bindBidirectional(vm.selectedPoseModelProperty());
        pose.disableProperty().bind(vm.needsPoseProperty().not());
        Button run = new Button("Evaluate", new FontIcon("mdi2c-check-decagram"));
        run.setId("run-evaluation");
        run.setOnAction(e -> vm.run());
        run.disableProperty().bind(vm.runningProperty().or(vm.manifestProperty().isNull()).or(vm.selectedModelProperty().isNull()));
        Button cancel = new Button("Cancel", new FontIcon("mdi2s-stop"));
        cancel.setOnAction(e -> vm.cancel());
        cancel.disableProperty().bind(vm.runningProperty().not());
        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(6);
        form.addRow(0, new Label("Labelled videos"), new HBox(8, choose, manifest));
        form.addRow(1, new Label("Model"), model);
        form.addRow(2, new Label("Poses from"), pose);
        form.addRow(3, new Label(""), new HBox(6, run, cancel));
        ProgressBar progress = new ProgressBar();
        progress.progressProperty().bind(vm.progressProperty());
        progress.visibleProperty().bind(vm.runningProperty());
        progress.setMaxWidth(Double.MAX_VALUE);
        Label status = new Label();
        status.textProperty().bind(vm.statusProperty());
        status.setWrapText(true);
        Label summary = new Label();
        summary.setId("eval-summary");
        summary.textProperty().bind(vm.summaryProperty());
        summary.setWrapText(true);
        summary.setStyle("-fx-font-weight: bold;");
        VBox top = new VBox(8, form, progress, status, summary);
        top.setPadding(new Insets(0, 0, 10, 0));

        TableView<Metrics.ClassMetrics> table = new TableView<>(vm.perClass());
        table.setId("eval-table");
        table.getColumns().add(column("label", m -> m.label()));
        table.getColumns().add(column("precision", m -> number(m.precision())));
        table.getColumns().add(column("recall", m -> number(m.recall())));
        table.getColumns().add(column("F1", m -> number(m.f1())));
        table.getColumns().add(column("support", m -> String.valueOf(m.support())));
        table.getColumns().add(column("predicted", m -> String.valueOf(m.predicted())));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        table.setPlaceholder(new Label("Per-class precision, recall and F1 appear here."));
        table.setPrefWidth(420);

        ImageView confusion = new ImageView();
        confusion.setPreserveRatio(true);
        confusion.setFitWidth(460);
        confusion.imageProperty().bind(Bindings.createObjectBinding(() -> vm.reportFolderProperty().get() == null ? null
                : new Image(vm.reportFolderProperty().get().resolve("confusion.png").toUri().toString(), true), vm.reportFolderProperty()));
        HBox results = new HBox(12, table, confusion);
        HBox.setHgrow(table, Priority.ALWAYS);
        results.setAlignment(Pos.TOP_LEFT);
        setTop(top);
        setCenter(results);
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static TableColumn<Metrics.ClassMetrics, String> column(String title, java.util.function.Function<Metrics.ClassMetrics, String> f) {
        TableColumn<Metrics.ClassMetrics, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new SimpleStringProperty(f.apply(d.getValue())));
        return c;
    }
}
