package org.dancelens.ui.compare;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.core.TaskRunner;
import org.dancelens.export.CompareClip;
import org.dancelens.ui.BackgroundJob;
import org.dancelens.ui.DialogService;
import org.dancelens.ui.Failures;
import org.dancelens.ui.WorkbenchViewModel;
import org.dancelens.ui.player.PlayerViewModel;
import org.dancelens.ui.player.SyncViewModel;
import org.dancelens.ui.session.VideoSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sync bar's Clip…: the two videos in sync exported as one annotated clip ({@link CompareClip#videos}) as they are
 * shown — side by side or B superposed over A with its opacity, each side mirrored or not, each side's pose run on
 * display drawn over it (none: the picture alone), the frames of A that B has a frame for on one clock in seconds from
 * the two sync points (what the linked players show together) — into a file the user chooses, as a background job of video A with progress and cancel.
 */
public final class SyncClipViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(SyncClipViewModel.class);

    private final DialogService dialogs;
    private final WorkbenchViewModel workbench;
    private final BackgroundJob job;

    public SyncClipViewModel(TaskRunner tasks, DialogService dialogs, WorkbenchViewModel workbench) {
        this.dialogs = dialogs;
        this.workbench = workbench;
        this.job = new BackgroundJob(tasks, dialogs, LOG, "");
    }

    /** Asks where to write the clip, then writes it in the background (nothing when no two videos are in sync). */
    public void exportClip() {
        SyncViewModel sync = workbench.syncProperty().get();
        if (sync == null || workbench.sessions().size() < 2 || job.runningProperty().get()) {
            return;
        }
        VideoSession a = workbench.sessions().get(0);
        VideoSession b = workbench.sessions().get(1);
        if (a.isClosed() || b.isClosed()) {
            return;
        }
        PlayerViewModel pa = sync.playerA();
        PlayerViewModel pb = sync.playerB();
        Path videoA = pa.info().path().toAbsolutePath();
        Path videoB = pb.info().path().toAbsolutePath();
        Path suggested = videoA.resolveSibling(stem(videoA) + "-vs-" + stem(videoB) + ".mp4");
        Optional<Path> chosen = dialogs.chooseClipToSave("Export the two videos in sync as a clip", suggested);
        if (chosen.isEmpty()) {
            return;
        }
        Path out = chosen.get();
        boolean superposed = sync.superposedProperty().get();
        CompareClip.Look look = CompareClip.Look.defaults().layout(superposed ? CompareClip.Layout.OVERLAID : CompareClip.Layout.SIDE_BY_SIDE)
                .opacity(sync.opacityProperty().get())
                .mirrored(pa.mirroredProperty().get(), pb.mirroredProperty().get());
        Long runA = a.posesProperty().get() == null ? null : a.posesProperty().get().runId();
        Long runB = b.posesProperty().get() == null ? null : b.posesProperty().get().runId();
        if (runA == null && runB == null) {
            look = look.layers(java.util.Set.of());
        }
        CompareClip.Look chosenLook = look;
        double syncA = pa.timeOf(sync.syncFrameAProperty().get());
        double syncB = pb.timeOf(sync.syncFrameBProperty().get());
        Path storeA = a.storeFile();
        Path storeB = b.storeFile();
        job.showFor(a);
        job.start("comparison clip", "Exporting " + a.name() + " and " + b.name() + " in sync as a clip…", "Cancelled: no clip was written.", ctx -> {
            try (ResultsStore sa = runA == null ? null : ResultsStore.open(storeA); ResultsStore sb = runB == null ? null : ResultsStore.open(storeB)) {
                return CompareClip.videos(new CompareClip.SyncSide(videoA, sa, runA, syncA), new CompareClip.SyncSide(videoB, sb, runB, syncB), out,
                        chosenLook, ctx);
            }
        }, done -> {
            String sentence = String.format(Locale.ROOT, "Exported %d frames (%s) to %s in %.1f s.%s", done.frames(), superposed ? "B superposed" : "side by side",
                    out.getFileName(), done.seconds(), done.bMissing() > 0 ? String.format(Locale.ROOT, " B has no frame for %d of them.", done.bMissing()) : "");
            job.say(sentence);
            dialogs.showInfo(sentence);
        }, (error, cancelled) -> {
            if (!cancelled) {
                job.say(Failures.sentence(error));
            }
        });
    }

    private static String stem(Path p) {
        return p.getFileName().toString().replaceFirst("\\.[^.]*$", "");
    }

    /** Stops the export that runs; nothing is written. */
    public void cancel() {
        job.cancel();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return job.runningProperty();
    }

    /** The export's progress, 0..1 (-1: unknown). */
    public ReadOnlyDoubleProperty progressProperty() {
        return job.progressProperty();
    }

    /** The export's progress and the sentence it ended with. */
    public ReadOnlyStringProperty statusProperty() {
        return job.statusProperty();
    }
}
