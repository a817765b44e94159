package org.dancelens.ui.export;

import java.nio.file.Path;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.TaskRunner;
import org.dancelens.ui.BackgroundJob;
import org.dancelens.ui.DialogService;
import org.dancelens.ui.Failures;
import org.dancelens.ui.session.VideoSession;
import org.slf4j.Logger;

/**
 * What the export dialogs ({@link ExportClipViewModel}, {@link ExportDataViewModel}) share: the video they are set to,
 * the one sentence that keeps the export from starting, the export as a background job of that video (progress, status,
 * cancel, the failure's sentence), and the folder the last export wrote to with Open Folder.
 */
public abstract class ExportJobViewModel {
    final DialogService dialogs;
    final BackgroundJob job;
    final ReadOnlyStringWrapper videoName = new ReadOnlyStringWrapper("");
    final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    /** The video the dialog is set to (null before the first). */
    VideoSession session;
    /** Whether the dialog is set to an open video (the Export button's other condition). */
    private final BooleanProperty ready = new SimpleBooleanProperty(false);
    /** The folder the last export wrote to, while it is what the dialog shows (null: none). */
    private final ReadOnlyObjectWrapper<Path> written = new ReadOnlyObjectWrapper<>();
    private final BooleanBinding canExport;

    ExportJobViewModel(TaskRunner tasks, DialogService dialogs, Logger log) {
        this.dialogs = dialogs;
        this.job = new BackgroundJob(tasks, dialogs, log, "");
        canExport = Bindings.createBooleanBinding(() -> problem.get().isEmpty() && !job.runningProperty().get() && ready.get(),
                problem, job.runningProperty(), ready);
    }

    /**
     * Sets the dialog to the video of {@code s} (the caller then fills its choices and calls {@link #ready()}); should
     * {@code s} close while the dialog is set to it, {@code onClose} runs and the export is off, {@code closedSentence}
     * saying why.
     */
    void setTo(VideoSession s, String closedSentence, Runnable onClose) {
        session = s;
        written.set(null);
        job.showFor(s);
        s.whenClosed(() -> {
            if (session == s) {
                onClose.run();
                ready.set(false);
                problem.set(closedSentence);
            }
        });
    }

    /** The dialog's choices are filled: the export can start once they have no problem. */
    void ready() {
        ready.set(true);
    }

    /** Starts {@code work} as the background job of {@code s}; a failure is said in the status line, a cancel as {@code cancelledText}. */
    <T> void start(VideoSession s, String what, String starting, String cancelledText, TaskRunner.Job<T> work, java.util.function.Consumer<T> onSuccess) {
        job.showFor(s);
        job.start(what, starting, cancelledText, work, onSuccess, this::ended);
    }

    private void ended(DanceLensException error, boolean cancelled) {
        if (!cancelled) {
            job.say(Failures.sentence(error));
        }
    }

    /** The export wrote into {@code folder}: says {@code sentence} in the status line and a message, and offers the folder. */
    void wrote(String sentence, Path folder) {
        job.say(sentence);
        dialogs.showInfo(sentence);
        written.set(folder);
    }

    /** Shows the folder the last export wrote to in the desktop's file manager. */
    public void openFolder() {
        if (written.get() != null) {
            dialogs.openFolder(written.get());
        }
    }

    /** The folder the last export wrote to (null before one, or once the dialog is set to another export). */
    public ReadOnlyObjectProperty<Path> writtenProperty() {
        return written.getReadOnlyProperty();
    }

    /** Asks the running export to stop; nothing is written. */
    public void cancel() {
        job.cancel();
    }

    /** The video the dialog exports from (its file name). */
    public ReadOnlyStringProperty videoNameProperty() {
        return videoName.getReadOnlyProperty();
    }

    /** What keeps the export from starting, in one sentence; "" when it can start. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public BooleanBinding canExportProperty() {
        return canExport;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return job.runningProperty();
    }

    /** The export's progress, 0..1 (-1: unknown). */
    public ReadOnlyDoubleProperty progressProperty() {
        return job.progressProperty();
    }

    /** The export's status line: its progress, and the sentence it ended with. */
    public ReadOnlyStringProperty statusProperty() {
        return job.statusProperty();
    }
}
