package org.dancelens.ui;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;
import org.dancelens.ui.problems.ProblemsViewModel;

/** File chooser and ControlsFX notifications for a window; every error shown is also kept in the list of recent problems. */
public final class FxDialogService implements DialogService {
    private final Window owner;
    private final ProblemsViewModel problems;
    private File lastFolder;
    private String lastError;
    /** Shows a save dialog (replaced in tests: a headless toolkit has no file dialogs). */
    private java.util.function.Function<FileChooser, File> saveDialog;
    /** Shows a folder dialog (replaced in tests, as the save dialog). */
    private java.util.function.Function<javafx.stage.DirectoryChooser, File> folderDialog;

    /** @param problems where every error shown is kept (the status bar's list of recent problems) */
    public FxDialogService(Window owner, ProblemsViewModel problems) {
        this.owner = owner;
        this.problems = problems;
        this.saveDialog = fc -> fc.showSaveDialog(owner);
        this.folderDialog = dc -> dc.showDialog(owner);
    }

    /** Replaces the folder dialog: given the chooser as set up (title, starting folder), it answers with a folder or null. */
    public void answerFolderDialogsWith(java.util.function.Function<javafx.stage.DirectoryChooser, File> dialog) {
        this.folderDialog = dialog;
    }

    /** Replaces the save dialog: given the chooser as set up (title, file name, filters), it answers with a file or null. */
    public void answerSaveDialogsWith(java.util.function.Function<FileChooser, File> dialog) {
        this.saveDialog = dialog;
    }

    @Override
    public Optional<Path> chooseCsvToSave(String title, String suggestedName) {
        return chooseToSave(title, suggestedName, new FileChooser.ExtensionFilter("CSV files", "*.csv"));
    }

    @Override
    public Optional<Path> choosePngToSave(String title, String suggestedName) {
        return chooseToSave(title, suggestedName, new FileChooser.ExtensionFilter("PNG pictures", "*.png"));
    }

    @Override
    public Optional<Path> choosePictureToSave(String title, String suggestedName) {
        FileChooser.ExtensionFilter pictures = new FileChooser.ExtensionFilter("PNG or SVG pictures", "*.png", "*.svg");
        return chooseToSave(title, suggestedName, pictures);
    }

    @Override
    public Optional<Path> chooseClipToSave(String title, Path suggested) {
        File folder = suggested.toAbsolutePath().getParent() == null ? null : suggested.toAbsolutePath().getParent().toFile();
        return chooseToSave(title, suggested.getFileName().toString(), new FileChooser.ExtensionFilter("MP4 videos", "*.mp4"), folder);
    }

    private Optional<Path> chooseToSave(String title, String suggestedName, FileChooser.ExtensionFilter kind) {
        return chooseToSave(title, suggestedName, kind, lastFolder);
    }

    /** A save dialog starting in {@code folder} (when it is one). */
    private Optional<Path> chooseToSave(String title, String suggestedName, FileChooser.ExtensionFilter kind, File folder) {
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        fc.setInitialFileName(suggestedName);
        fc.getExtensionFilters().addAll(kind, new FileChooser.ExtensionFilter("All files", "*"));
        if (folder != null && folder.isDirectory()) {
            fc.setInitialDirectory(folder);
        }
        File f = saveDialog.apply(fc);
        if (f == null) {
            return Optional.empty();
        }
        lastFolder = f.getParentFile();
        return Optional.of(f.toPath());
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
        File f = folderDialog.apply(dc);
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
    public Optional<Path> chooseRatings() {
        return chooseFile("Ratings manifest (video[,start_s,end_s][,criterion], a column per rater)", "CSV files", "*.csv", "*.CSV");
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
        reportError(null, sentence);
    }

    /** Shows the sentence for a few seconds and keeps it in the list of problems (on the FX thread). */
    @Override
    public void reportError(String about, String sentence) {
        if (!Platform.isFxApplicationThread()) {
            Platform.runLater(() -> reportError(about, sentence));
            return;
        }
        problems.add(about, sentence);
        notifyError(sentence);
    }

    /**
     * Keeps several problems about one thing in the list of problems and shows one notification: the sentence
     * when there is one, {@code summary} when there are several.
     */
    public void reportErrors(String about, List<String> sentences, String summary) {
        if (sentences.isEmpty()) {
            return;
        }
        if (!Platform.isFxApplicationThread()) {
            Platform.runLater(() -> reportErrors(about, sentences, summary));
            return;
        }
        sentences.forEach(s -> problems.add(about, s));
        notifyError(sentences.size() == 1 ? sentences.get(0) : summary);
    }

    private void notifyError(String sentence) {
        lastError = sentence;
        Notifications.create().owner(owner).title("DanceLens").text(sentence).position(Pos.TOP_RIGHT)
                .hideAfter(Duration.seconds(8)).showError();
    }

    /**
     * Shows a folder in the desktop's file manager through {@code xdg-open} (started on a thread of its own: it may
     * take a moment); when none answers, one sentence.
     */
    @Override
    public void openFolder(Path folder) {
        xdgOpen(folder, "the desktop has no file manager for folders");
    }

    /** Opens a file with the desktop's program for its type through {@code xdg-open}, as {@link #openFolder}. */
    @Override
    public void openFile(Path file) {
        xdgOpen(file, "the desktop has no program for it");
    }

    private void xdgOpen(Path path, String noProgram) {
        Thread t = new Thread(() -> {
            try {
                Process p = new ProcessBuilder("xdg-open", path.toAbsolutePath().toString()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (p.waitFor() != 0) {
                    reportError(null, "Could not open " + path + ": " + noProgram + " (xdg-open failed).");
                }
            } catch (java.io.IOException e) {
                reportError(null, "Could not open " + path + ": xdg-open is not installed.");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "open-folder");
        t.setDaemon(true);
        t.start();
    }

    /** The recent problems (the status bar's list). */
    public ProblemsViewModel problems() {
        return problems;
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
