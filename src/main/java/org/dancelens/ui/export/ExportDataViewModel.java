package org.dancelens.ui.export;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntToDoubleFunction;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.TaskRunner;
import org.dancelens.core.VideoInfo;
import org.dancelens.export.DataExport;
import org.dancelens.ui.DialogService;
import org.dancelens.ui.session.VideoSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The File ▸ Export Data… dialog: everything stored for the video on screen, in open formats ({@link DataExport}: poses
 * CSV and COCO JSON, scores and segments, maps as .npy, provenance per run), into a folder the user chooses, as a
 * background job of that video with progress and cancel. The set is complete or absent: its {@code export.json} is
 * written last.
 */
public final class ExportDataViewModel extends ExportJobViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(ExportDataViewModel.class);

    private final StringProperty folderText = new SimpleStringProperty("");
    private VideoInfo info;
    /** The parent of the last folder written (the next export is offered there). */
    private Path lastParent;

    public ExportDataViewModel(TaskRunner tasks, DialogService dialogs) {
        super(tasks, dialogs, LOG);
        folderText.addListener((o, a, b) -> check());
    }

    /** Sets the dialog to the video of {@code s}: its data offered into {@code <video>-data} beside it (or beside the last export). */
    public void open(VideoSession s) {
        setTo(s, s.name() + " was closed: open it again to export its data.", () -> { });
        info = s.player().info();
        videoName.set(info.fileName());
        Path parent = lastParent != null && Files.isDirectory(lastParent) ? lastParent : info.path().toAbsolutePath().getParent();
        folderText.set(parent.resolve(info.fileName().replaceFirst("\\.[^.]*$", "") + "-data").toString());
        check();
        ready();
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
        Path dir = Path.of(folderText.get().strip()).toAbsolutePath().normalize();
        Path storeFile = s.storeFile();
        VideoInfo video = info;
        IntToDoubleFunction timeOf = s.player()::timeOf;
        start(s, "data export", "Exporting the data of " + video.fileName() + "…", "Cancelled: no data was exported.", ctx -> {
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
            wrote(finished(summary, dir), dir);
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

    // ---- properties ----

    /** The folder the files go to (made when missing, if its parent exists). */
    public StringProperty folderTextProperty() {
        return folderText;
    }
}
