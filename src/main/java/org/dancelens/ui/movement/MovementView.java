package org.dancelens.ui.movement;

import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Separator;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.control.cell.CheckBoxListCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Side panel: the movement of the dancers of the pose run on display — a summary row per dancer (units in the
 * headers, "—" where a measure could not be taken), the measures to show as timeline lanes and for whom, and the
 * video's calibration (mark a known length on the video, type its real length). Bindings only.
 */
public final class MovementView extends VBox {
    public MovementView(MovementViewModel vm) {
        super(8);
        getStyleClass().add("side-panel");
        setPadding(new Insets(12));
        setMinWidth(230);

        Label title = new Label("Movement");
        title.getStyleClass().add("panel-title");
        Label status = new Label();
        status.setWrapText(true);
        status.setId("movement-status");
        status.textProperty().bind(vm.statusProperty());
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(16, 16);
        busy.visibleProperty().bind(vm.runningProperty());
        busy.managedProperty().bind(vm.runningProperty());
        HBox statusRow = new HBox(6, busy, status);
        statusRow.setAlignment(Pos.CENTER_LEFT);

        TableView<MovementViewModel.Row> table = new TableView<>(vm.rows());
        table.setId("movement-table");
        table.getStyleClass().add("movement-table");
        table.setPrefHeight(200);
        table.setMinHeight(110);
        table.setPlaceholder(new Label("No dancers measured."));
        columns(table, vm);
        vm.columns().addListener((ListChangeListener<MovementViewModel.Column>) c -> columns(table, vm));

        Label lanesTitle = new Label("Timeline lanes");
        lanesTitle.getStyleClass().add("panel-title");
        ComboBox<MovementViewModel.Dancer> dancer = new ComboBox<>(vm.dancers());
        dancer.setId("movement-dancer");
        dancer.setMaxWidth(Double.MAX_VALUE);
        dancer.setTooltip(new Tooltip("Whose measures are drawn under the video"));
        dancer.valueProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.laneDancerProperty().set(b.track());
            }
        });
        vm.dancers().addListener((ListChangeListener<MovementViewModel.Dancer>) c -> selectDancer(dancer, vm));
        vm.laneDancerProperty().addListener(o -> selectDancer(dancer, vm));
        HBox.setHgrow(dancer, Priority.ALWAYS);
        Label forLabel = new Label("for");
        HBox dancerRow = new HBox(6, forLabel, dancer);
        dancerRow.setAlignment(Pos.CENTER_LEFT);
        ListView<String> measures = new ListView<>(vm.measures());
        measures.setId("movement-measures");
        measures.setPrefHeight(150);
        measures.setCellFactory(CheckBoxListCell.forListView(vm::chosenProperty));
        measures.setPlaceholder(new Label("The measures appear once the dancers are measured."));

        Label calTitle = new Label("Calibration");
        calTitle.getStyleClass().add("panel-title");
        Label cal = new Label();
        cal.setId("movement-calibration");
        cal.setWrapText(true);
        cal.textProperty().bind(vm.calibrationTextProperty());
        Button calibrate = new Button("Calibrate…", new FontIcon("mdi2r-ruler"));
        calibrate.setId("movement-calibrate");
        calibrate.setTooltip(new Tooltip("Click the two ends of a length you know on the video (a dancer's height, a floor marking), then type it in metres"));
        calibrate.setOnAction(e -> vm.startMarking());
        calibrate.disableProperty().bind(vm.markingProperty());
        Button clear = new Button("Clear");
        clear.setId("movement-calibration-clear");
        clear.setOnAction(e -> vm.clearCalibration());
        clear.disableProperty().bind(vm.calibratedProperty().not());
        HBox calRow = new HBox(6, calibrate, clear);
        Label mark = new Label();
        mark.setWrapText(true);
        mark.textProperty().bind(vm.markTextProperty());
        TextField metres = new TextField();
        metres.setId("movement-metres");
        metres.setPrefColumnCount(5);
        metres.textProperty().bindBidirectional(vm.knownMetresProperty());
        metres.setOnAction(e -> vm.applyMarked());
        Button apply = new Button("Apply");
        apply.setId("movement-calibration-apply");
        apply.setOnAction(e -> vm.applyMarked());
        apply.disableProperty().bind(Bindings.createBooleanBinding(() -> !(vm.markedPixelsProperty().get() > 0), vm.markedPixelsProperty()));
        Button cancel = new Button("Cancel");
        cancel.setOnAction(e -> vm.cancelMarking());
        HBox metresRow = new HBox(6, new Label("real length"), metres, new Label("m"), apply, cancel);
        metresRow.setAlignment(Pos.CENTER_LEFT);
        VBox marking = new VBox(6, mark, metresRow);
        marking.visibleProperty().bind(vm.markingProperty());
        marking.managedProperty().bind(vm.markingProperty());
        Label problem = new Label();
        problem.setWrapText(true);
        problem.getStyleClass().add("problem");
        problem.textProperty().bind(vm.calibrationProblemProperty());
        problem.visibleProperty().bind(vm.calibrationProblemProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());

        getChildren().addAll(title, statusRow, table, new Separator(), lanesTitle, dancerRow, measures, new Separator(), calTitle, cal, calRow,
                marking, problem);
    }

    private static void selectDancer(ComboBox<MovementViewModel.Dancer> box, MovementViewModel vm) {
        int want = vm.laneDancerProperty().get();
        box.setValue(vm.dancers().stream().filter(d -> d.track() == want).findFirst().orElse(null));
    }

    /** The table's columns: the dancer, then one per column of the view-model, headed with its unit. */
    private static void columns(TableView<MovementViewModel.Row> table, MovementViewModel vm) {
        table.getColumns().clear();
        TableColumn<MovementViewModel.Row, String> who = new TableColumn<>("dancer");
        who.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().label()));
        who.setPrefWidth(56);
        table.getColumns().add(who);
        for (int i = 0; i < vm.columns().size(); i++) {
            int k = i;
            TableColumn<MovementViewModel.Row, String> col = new TableColumn<>(vm.columns().get(i).lines());
            col.setId("movement-col-" + vm.columns().get(i).key());
            col.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().cells().get(k)));
            col.setStyle("-fx-alignment: CENTER-RIGHT;");
            col.setPrefWidth(100);
            table.getColumns().add(col);
        }
    }
}
