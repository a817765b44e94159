package org.dancelens.ui.export;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntToDoubleFunction;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.TaskRunner;
import org.dancelens.core.VideoInfo;
import org.dancelens.export.DataExport;
import org.dancelens.ui.BackgroundJob;
import org.dancelens.ui.DialogService;
import org.dancelens.ui.Failures;
import org.dancelens.ui.session.VideoSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The File ▸ Export Data… dialog: everything stored for the video on screen, in open formats ({@link DataExport}: poses
 * CSV and COCO JSON, scores and segments, maps as .npy, provenance per run), into a folder the user chooses, as a
 * background job of that video with progress and cancel. The set is complete or absent: its {@code export.json} is
 * written last.
 */
public final class ExportDataViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(ExportDataViewModel.class);

    private final DialogService dialogs;
    private final BackgroundJob job;
    private final ReadOnlyStringWrapper videoName = new ReadOnlyStringWrapper("");
    private final StringProperty folderText = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final BooleanBinding canExport;
    private VideoSession session;
    /** Whether the dialog is set to an open video (the Export button's other condition). */
    private final javafx.beans.property.BooleanProperty ready = new javafx.beans.property.SimpleBooleanProperty(false);
    /** The folder the last export wrote to, while it is what the dialog shows (null: none). */
    private final javafx.beans.property.ReadOnlyObjectWrapper<Path> written = new javafx.beans.property.ReadOnlyObjectWrapper<>();
    private VideoInfo info;
    /** The parent of the last folder written (the next export is offered there). */
    private Path lastParent;

    public ExportDataViewModel(TaskRunner tasks, DialogService dialogs) {
        this.dialogs = dialogs;
        this.job = new BackgroundJob(tasks, dialogs, LOG, "");
        folderText.addListener((o, a, b) -> check());
        canExport = Bindings.createBooleanBinding(() -> problem.get().isEmpty() && !job.runningProperty().get() && ready.get(),
                problem, job.runningProperty(), ready);
    }

    /** Sets the dialog to the video of {@code s}: its data offered into {@code <video>-data} beside it (or beside the last export). */
    public void open(VideoSession s) {
        session = s;
        written.set(null);
        job.showFor(s);
        s.whenClosed(() -> {
            if (session == s) {
                ready.set(false);
                problem.set(s.name() + " was closed: open it again to export its data.");
            }
        });
        info = s.player().info();
        videoName.set(info.fileName());
        Path parent = lastParent != null && Files.isDirectory(lastParent) ? lastParent : info.path().toAbsolutePath().getParent();
        folderText.set(parent.resolve(info.fileName().replaceFirst("\\.[^.]*$", "") + "-data").toString());
        check();
        ready.set(true);
    }

    private void check() {
        if (session != null && session.isClosed()) {
            return;
        }
        String t = folderText.get() == null ? "" : folderText.get().strip();
        if (t.isEmpty()) {
            problem.set("Choose the folder the files go to.");
            return;
        }
        Path dir = Path.of(t).toAbsolutePath().normalize();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            problem.set(dir.getFileName() + " is a file: choose a folder for the files.");
        } else if (!Files.isDirectory(dir) && (dir.getParent() == null || !Files.isDirectory(dir.getParent()))) {
            problem.set("The folder " + dir.getParent() + " does not exist: choose a folder that does (the last part is made if missing).");
        } else {
            problem.set("");
        }
    }

    /** Asks for the folder the files go to. */
    public void chooseFolder() {
        if (info != null) {
            dialogs.chooseFolder("Export the data of " + info.fileName() + " into a folder").ifPresent(p -> folderText.set(p.toString()));
        }
    }

    /** Writes the set in the background. */
    public void export() {
        VideoSession s = session;
        check();
        if (s == null || s.isClosed() || !problem.get().isEmpty()) {
            return;
        }
        job.showFor(s);
        Path dir = Path.of(folderText.get().strip()).toAbsolutePath().normalize();
        Path storeFile = s.storeFile();
        VideoInfo video = info;
        IntToDoubleFunction timeOf = s.player()::timeOf;
        job.start("data export", "Exporting the data of " + video.fileName() + "…", "Cancelled: no data was exported.", ctx -> {
            if (!Files.exists(storeFile)) {
                throw nothingStored(video);
            }
            try (ResultsStore store = ResultsStore.open(storeFile)) {
                if (DataExport.runsWithResults(store, video.path().toAbsolutePath().toString()).isEmpty()) {
                    throw nothingStored(video);
                }
                return DataExport.write(store, video, timeOf, dir, ctx);
            }
        }, summary -> {
            lastParent = dir.getParent();
            String sentence = finished(summary, dir);
            job.say(sentence);
            dialogs.showInfo(sentence);
            written.set(dir);
        }, (error, cancelled) -> {
            if (!cancelled) {
                job.say(Failures.sentence(error));
            }
        });
    }

    private static DanceLensException nothingStored(VideoInfo video) {
        return DanceLensException.badInput("Nothing is stored for " + video.fileName() + " yet: analyse it in the Poses panel first.");
    }

    /** {@code Wrote 9 files for 2 runs (1 classify, 1 pose) into /x/vtest-data.} */
    static String finished(DataExport.Summary s, Path dir) {
        Map<String, Integer> kinds = new TreeMap<>();
        for (Run r : s.runs()) {
            kinds.merge(r.kind().key(), 1, Integer::sum);
        }
        StringBuilder k = new StringBuilder();
        kinds.forEach((kind, n) -> k.append(k.length() == 0 ? "" : ", ").append(n).append(' ').append(kind));
        return String.format(Locale.ROOT, "Wrote %d files for %d run%s (%s) into %s.", s.files().size(), s.runs().size(), s.runs().size() == 1 ? "" : "s",
                k, dir);
    }

    /** Shows the folder the last export wrote to in the desktop's file manager. */
    public void openFolder() {
        if (written.get() != null) {
            dialogs.openFolder(written.get());
        }
    }

    /** The folder the last export wrote to (null before one, or once the dialog is set to another export). */
    public javafx.beans.property.ReadOnlyObjectProperty<Path> writtenProperty() {
        return written.getReadOnlyProperty();
    }

    public void cancel() {
        job.cancel();
    }

    // ---- properties ----

    public ReadOnlyStringProperty videoNameProperty() {
        return videoName.getReadOnlyProperty();
    }

    /** The folder the files go to (made when missing, if its parent exists). */
    public StringProperty folderTextProperty() {
        return folderText;
    }

    /** What keeps the export from starting; "" when it can start. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public BooleanBinding canExportProperty() {
        return canExport;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return job.runningProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return job.progressProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return job.statusProperty();
    }
}
