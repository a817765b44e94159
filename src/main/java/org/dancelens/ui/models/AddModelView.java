package org.dancelens.ui.models;

import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/** The "Add ONNX model" form: the file's tensors, the card to complete, try and add. Bindings only. */
public final class AddModelView extends BorderPane {
    public AddModelView(AddModelViewModel vm) {
        getStyleClass().add("add-model");

        Label title = new Label("Add an ONNX model");
        title.getStyleClass().add("details-title");
        TextField file = new TextField();
        file.setId("onnx-file");
        file.setEditable(false);
        file.setFocusTraversable(false);
        file.setPromptText("No file chosen");
        file.textProperty().bind(vm.onnxFileProperty());
        HBox.setHgrow(file, Priority.ALWAYS);
        Button choose = new Button("Choose file…", new FontIcon("mdi2f-file-upload-outline"));
        choose.setId("choose-onnx");
        choose.setOnAction(e -> vm.chooseFile());
        choose.disableProperty().bind(vm.busyProperty());
        HBox fileRow = new HBox(8, file, choose);
        fileRow.setAlignment(Pos.CENTER_LEFT);
        Label tensors = new Label();
        tensors.setId("onnx-tensors");
        tensors.getStyleClass().add("tensor-list");
        tensors.textProperty().bind(vm.tensorsProperty());
        tensors.visibleProperty().bind(vm.loadedProperty());
        tensors.managedProperty().bind(vm.loadedProperty());
        VBox header = new VBox(8, title, fileRow, tensors);
        header.setPadding(new Insets(14, 18, 10, 18));
        setTop(header);

        // The card: identity and labels on the left, the first input and output on the right.
        GridPane card = grid();
        int r = 0;
        card.add(section("Card"), 0, r++, 2, 1);
        r = row(card, r, "Id", text(vm.idProperty(), "lower-case letters, digits, '.', '_', '-'", "card-id"));
        r = row(card, r, "Name", text(vm.nameProperty(), "shown in the workbench", "card-name"));
        r = row(card, r, "Task", combo(vm.taskChoices(), vm.taskProperty(), false, "card-task"));
        r = row(card, r, "Licence", text(vm.licenseProperty(), "e.g. Apache-2.0, MIT, CC-BY-4.0", "card-license"));
        ComboBox<String> keypoints = combo(FXCollections.observableArrayList(AddModelViewModel.KEYPOINTS), vm.keypointsProperty(), true,
                "card-keypoints");
        keypoints.setPromptText("pose models: their skeleton, e.g. coco-17");
        r = row(card, r, "Keypoints", keypoints);
        TextArea labels = new TextArea();
        labels.setId("card-labels");
        labels.textProperty().bindBidirectional(vm.labelsProperty());
        labels.setPrefRowCount(6);
        labels.setWrapText(true);
        Label labelsHint = new Label();
        labelsHint.textProperty().bind(vm.labelsHintProperty());
        labelsHint.setWrapText(true);
        labelsHint.getStyleClass().add("field-hint");
        Label labelsKey = new Label("Labels");
        labelsKey.getStyleClass().add("field-label");
        GridPane.setValignment(labelsKey, javafx.geometry.VPos.TOP);
        card.add(labelsKey, 0, r);
        card.add(new VBox(4, labels, labelsHint), 1, r++);

        GridPane io = grid();
        r = 0;
        Label inTitle = section("");
        inTitle.textProperty().bind(vm.inputTitleProperty());
        io.add(inTitle, 0, r++, 2, 1);
        r = row(io, r, "Shape", text(vm.inputShapeProperty(), "e.g. 1, 3, 224, 224 (-1 for an open size)", "input-shape"));
        Node[] image = {
            combo(FXCollections.observableArrayList(AddModelViewModel.LAYOUTS), vm.layoutProperty(), false, "input-layout"),
            combo(vm.resizeChoices(), vm.resizeProperty(), false, "input-resize"),
            combo(FXCollections.observableArrayList(AddModelViewModel.COLOR_ORDERS), vm.colorOrderProperty(), false, "input-color-order"),
            text(vm.scaleProperty(), "pixel (0-255) × scale, e.g. 1/255", "input-scale"),
            text(vm.meanProperty(), "per channel, e.g. 0.485, 0.456, 0.406", "input-mean"),
            text(vm.stdProperty(), "per channel, e.g. 0.229, 0.224, 0.225", "input-std"),
        };
        String[] names = {"Layout", "Resize", "Colour order", "Scale", "Mean", "Std"};
        for (int k = 0; k < image.length; k++) {
            image[k].disableProperty().bind(vm.imageInputProperty().not());
            r = row(io, r, names[k], image[k]);
        }
        Label imageNote = new Label("value = (pixel × scale − mean) / std, per channel");
        imageNote.getStyleClass().add("field-hint");
        imageNote.setWrapText(true);
        io.add(imageNote, 1, r++);
        Label outTitle = section("");
        outTitle.textProperty().bind(vm.outputTitleProperty());
        GridPane.setMargin(outTitle, new Insets(10, 0, 0, 0));
        io.add(outTitle, 0, r++, 2, 1);
        r = row(io, r, "Decoding", combo(FXCollections.observableArrayList(AddModelViewModel.DECODINGS), vm.decodingProperty(), true,
                "output-decoding"));

        card.setPrefWidth(440);
        io.setPrefWidth(400);
        HBox form = new HBox(28, card, io);
        HBox.setHgrow(card, Priority.ALWAYS);
        HBox.setHgrow(io, Priority.ALWAYS);
        form.setPadding(new Insets(6, 18, 14, 18));
        form.disableProperty().bind(vm.loadedProperty().not().or(vm.busyProperty()));
        ScrollPane scroll = new ScrollPane(form);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().addAll("edge-to-edge", "white-scroll");
        setCenter(scroll);

        // How the last step went, and the commands.
        FontIcon ok = new FontIcon("mdi2c-check-circle-outline");
        ok.getStyleClass().add("model-ok");
        ok.visibleProperty().bind(vm.resultOkProperty());
        FontIcon failed = new FontIcon("mdi2a-alert-circle-outline");
        failed.getStyleClass().add("model-problem");
        failed.visibleProperty().bind(vm.resultFailedProperty());
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(18, 18);
        busy.visibleProperty().bind(vm.busyProperty());
        StackPane icon = new StackPane(ok, failed, busy);
        icon.setMinWidth(22);
        ok.setIconSize(20);
        failed.setIconSize(20);
        Label result = new Label();
        result.setId("add-model-result");
        result.textProperty().bind(vm.resultProperty());
        result.setWrapText(true);
        result.setMinHeight(Region.USE_PREF_SIZE);
        HBox.setHgrow(result, Priority.ALWAYS);
        result.setMaxWidth(Double.MAX_VALUE);
        Button tryIt = new Button("Try on frame", new FontIcon("mdi2p-play-circle-outline"));
        tryIt.setId("try-model");
        tryIt.setTooltip(new Tooltip("Run the model once on the frame shown in the player (or a generated test frame) and check its outputs"));
        tryIt.setOnAction(e -> vm.tryCard());
        tryIt.disableProperty().bind(vm.loadedProperty().not().or(vm.busyProperty()));
        Button add = new Button("Add model", new FontIcon("mdi2p-plus-box-outline"));
        add.setId("add-model");
        add.setDefaultButton(true);
        add.setTooltip(new Tooltip("Try the model, then copy it with its card into the user's model folder"));
        add.setOnAction(e -> vm.add());
        add.disableProperty().bind(vm.loadedProperty().not().or(vm.busyProperty()).or(vm.addedProperty()));
        tryIt.setMinWidth(Region.USE_PREF_SIZE);
        add.setMinWidth(Region.USE_PREF_SIZE);
        HBox bottom = new HBox(10, icon, result, tryIt, add);
        bottom.setAlignment(Pos.CENTER_LEFT);
        bottom.setPadding(new Insets(10, 18, 10, 18));
        bottom.getStyleClass().add("transport");
        setBottom(bottom);
    }

    private static GridPane grid() {
        GridPane g = new GridPane();
        g.setHgap(10);
        g.setVgap(6);
        ColumnConstraints key = new ColumnConstraints();
        key.setMinWidth(96);
        ColumnConstraints value = new ColumnConstraints();
        value.setHgrow(Priority.ALWAYS);
        value.setMinWidth(200);
        g.getColumnConstraints().addAll(key, value);
        return g;
    }

    private static Label section(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("section-title");
        return l;
    }

    private static int row(GridPane g, int r, String label, Node field) {
        Label k = new Label(label);
        k.getStyleClass().add("field-label");
        g.add(k, 0, r);
        g.add(field, 1, r);
        return r + 1;
    }

    private static TextField text(StringProperty p, String prompt, String id) {
        TextField t = new TextField();
        t.setId(id);
        t.textProperty().bindBidirectional(p);
        t.setPromptText(prompt);
        return t;
    }

    private static ComboBox<String> combo(javafx.collections.ObservableList<String> items, StringProperty p, boolean editable, String id) {
        ComboBox<String> c = new ComboBox<>(items);
        c.setId(id);
        c.setEditable(editable);
        c.valueProperty().bindBidirectional(p);
        c.setMaxWidth(Double.MAX_VALUE);
        return c;
    }
}
