package org.dancelens.ui.models;

import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The two windows of the model workbench, beside the main window: the Models panel and the "Add ONNX model" form.
 * Each is created on first use and brought to the front afterwards; each closes with Esc or its Close button.
 */
public final class ModelsWindow {
    private final Window owner;
    private final ModelsViewModel models;
    private final AddModelViewModel add;
    private Stage modelsStage;
    private Stage addStage;

    public ModelsWindow(Window owner, ModelsViewModel models, AddModelViewModel add) {
        this.owner = owner;
        this.models = models;
        this.add = add;
    }

    /** Shows the Models panel and rescans the folders. */
    public void showModels() {
        if (modelsStage == null) {
            modelsStage = stage("Models — DanceLens", new ModelsView(models, this::showAddModel), 1000, 680);
        }
        models.rescan();
        front(modelsStage);
    }

    /** Shows the "Add ONNX model" form; asks for a file when none is loaded yet. */
    public void showAddModel() {
        if (addStage == null) {
            addStage = stage("Add ONNX Model — DanceLens", new AddModelView(add), 940, 620);
        }
        front(addStage);
        if (!add.loadedProperty().get() && !add.busyProperty().get()) {
            add.chooseFile();
        }
    }

    public ModelsViewModel models() {
        return models;
    }

    public AddModelViewModel addModel() {
        return add;
    }

    public Stage modelsStage() {
        return modelsStage;
    }

    public Stage addStage() {
        return addStage;
    }

    private Stage stage(String title, javafx.scene.Parent root, double w, double h) {
        Stage s = new Stage();
        s.initOwner(owner);
        s.setTitle(title);
        Scene scene = new Scene(org.dancelens.ui.SecondaryWindows.closable(s, root), w, h);
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().addAll(owner.getScene().getStylesheets());
        }
        s.setScene(scene);
        s.setMinWidth(560);
        s.setMinHeight(380);
        if (owner instanceof Stage o) {
            for (Image i : o.getIcons()) {
                s.getIcons().add(i);
            }
        }
        return s;
    }

    private static void front(Stage s) {
        s.show();
        s.toFront();
        s.requestFocus();
    }
}
