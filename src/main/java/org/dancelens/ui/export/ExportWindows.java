package org.dancelens.ui.export;

import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.dancelens.ui.SecondaryWindows;
import org.dancelens.ui.session.VideoSession;

/**
 * The two export dialogs beside the workbench: Export Annotated Clip and Export Data. Each is created on first use,
 * set to the video on screen each time it is shown (unless its export is still running), and closes with Esc or its
 * Close button; an export keeps running when its dialog is closed and says how it ended in a notification.
 */
public final class ExportWindows {
    private final Window owner;
    private final ExportClipViewModel clip;
    private final ExportDataViewModel data;
    private Stage clipStage;
    private Stage dataStage;

    public ExportWindows(Window owner, ExportClipViewModel clip, ExportDataViewModel data) {
        this.owner = owner;
        this.clip = clip;
        this.data = data;
    }

    /**
     * Shows the clip dialog for a video.
     *
     * @param posesFrom the Poses panel's first frame
     * @param posesTo   the end of the Poses panel's range (exclusive), -1 for the end of the video
     */
    public void showClip(VideoSession s, int posesFrom, int posesTo) {
        if (s == null) {
            return;
        }
        if (clipStage == null) {
            clipStage = stage("Export Annotated Clip — DanceLens", new ExportClipView(clip), 680);
        }
        if (!clip.runningProperty().get()) {
            clip.open(s, posesFrom, posesTo);
        }
        front(clipStage);
    }

    /** Shows the data dialog for a video. */
    public void showData(VideoSession s) {
        if (s == null) {
            return;
        }
        if (dataStage == null) {
            dataStage = stage("Export Data — DanceLens", new ExportDataView(data), 620);
        }
        if (!data.runningProperty().get()) {
            data.open(s);
        }
        front(dataStage);
    }

    public ExportClipViewModel clip() {
        return clip;
    }

    public ExportDataViewModel data() {
        return data;
    }

    public Stage clipStage() {
        return clipStage;
    }

    public Stage dataStage() {
        return dataStage;
    }

    /** A window as wide as {@code width} and as tall as its content. */
    private Stage stage(String title, javafx.scene.layout.Region root, double width) {
        Stage s = new Stage();
        s.initOwner(owner);
        s.setTitle(title);
        root.setPrefWidth(width);
        Scene scene = new Scene(SecondaryWindows.closable(s, root));
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().addAll(owner.getScene().getStylesheets());
        }
        s.setScene(scene);
        s.sizeToScene();
        s.setMinWidth(480);
        s.setMinHeight(240);
        return s;
    }

    private static void front(Stage s) {
        s.show();
        s.toFront();
    }
}
