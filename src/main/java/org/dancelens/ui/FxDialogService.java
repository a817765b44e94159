package org.dancelens.ui;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import javafx.geometry.Pos;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;

/** File chooser and ControlsFX notifications for a window. */
public final class FxDialogService implements DialogService {
    private final Window owner;
    private File lastFolder;
    private String lastError;

    public FxDialogService(Window owner) {
        this.owner = owner;
    }

    @Override
    public Optional<Path> chooseVideo() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open a video");
        fc.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Videos", "*.mp4", "*.m4v", "*.mov", "*.avi", "*.mkv", "*.webm", "*.mpg",
                        "*.mpeg", "*.ts", "*.mts", "*.3gp", "*.wmv", "*.flv", "*.MP4", "*.MOV", "*.AVI", "*.MKV"),
                new FileChooser.ExtensionFilter("All files", "*"));
        if (lastFolder != null && lastFolder.isDirectory()) {
            fc.setInitialDirectory(lastFolder);
        }
        File f = fc.showOpenDialog(owner);
        if (f == null) {
            return Optional.empty();
        }
        lastFolder = f.getParentFile();
        return Optional.of(f.toPath());
    }

    @Override
    public Optional<Path> chooseFolder(String title) {
        javafx.stage.DirectoryChooser dc = new javafx.stage.DirectoryChooser();
        dc.setTitle(title);
        if (lastFolder != null && lastFolder.isDirectory()) {
            dc.setInitialDirectory(lastFolder);
        }
        File f = dc.showDialog(owner);
        if (f == null) {
            return Optional.empty();
        }
        lastFolder = f;
        return Optional.of(f.toPath());
    }

    @Override
    public Optional<Path> chooseManifest() {
        return chooseFile("Evaluation manifest (video,label[,start_s,end_s])", "CSV files", "*.csv", "*.CSV");
    }

    @Override
    public Optional<Path> chooseOnnxFile() {
        return chooseFile("Add an ONNX model", "ONNX models", "*.onnx", "*.ONNX");
    }

    /** An open-file dialog with one filter (and "All files"), starting in the last folder used. */
    private Optional<Path> chooseFile(String title, String filterName, String... patterns) {
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter(filterName, patterns), new FileChooser.ExtensionFilter("All files", "*"));
        if (lastFolder != null && lastFolder.isDirectory()) {
            fc.setInitialDirectory(lastFolder);
        }
        File f = fc.showOpenDialog(owner);
        if (f == null) {
            return Optional.empty();
        }
        lastFolder = f.getParentFile();
        return Optional.of(f.toPath());
    }

    @Override
    public void showError(String sentence) {
        lastError = sentence;
        Notifications.create().owner(owner).title("DanceLens").text(sentence).position(Pos.TOP_RIGHT)
                .hideAfter(Duration.seconds(8)).showError();
    }

    @Override
    public void showInfo(String sentence) {
        Notifications.create().owner(owner).title("DanceLens").text(sentence).position(Pos.TOP_RIGHT)
                .hideAfter(Duration.seconds(4)).showInformation();
    }

    /** The last error sentence shown (for tests and the status bar). */
    public String lastError() {
        return lastError;
    }
}
