package org.dancelens.ui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.dancelens.analysis.Workspace;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.TaskRunner;
import org.dancelens.core.Timecode;
import org.dancelens.core.VideoInfo;
import org.dancelens.ui.session.OverlaySettings;
import org.dancelens.ui.session.VideoSession;
import org.dancelens.video.VideoSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workbench window's state: the open videos (one {@link VideoSession} each; usually one, two side by side when
 * a second is opened beside the first), which one the panels work on, opening videos in the background, the recent
 * files, and the status bar. Opening a video that fails keeps the one that was open.
 */
public class WorkbenchViewModel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkbenchViewModel.class);
    /** At most this many videos side by side. */
    public static final int MAX_SESSIONS = 2;

    private final TaskRunner tasks;
    private final Executor ui;
    private final DialogService dialogs;
    private final RecentFiles recentStore;
    private final OverlaySettings overlay;
    private final Function<Path, Path> storeFor;
    private final ObservableList<VideoSession> sessions = FXCollections.observableArrayList();
    /** The read-only view handed out (one object: a listener added to it lives as long as this). */
    private final ObservableList<VideoSession> sessionsView = FXCollections.unmodifiableObservableList(sessions);
    private final ReadOnlyObjectWrapper<VideoSession> active = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("DanceLens");
    private final ReadOnlyStringWrapper videoDetails = new ReadOnlyStringWrapper("No video open. Open one with File ▸ Open… or drop it here.");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyDoubleWrapper busyProgress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper busyMessage = new ReadOnlyStringWrapper("");
    private final ObservableList<Path> recentFiles = FXCollections.observableArrayList();
    /** The read-only view handed out (one object: a listener added to it lives as long as this). */
    private final ObservableList<Path> recentFilesView = FXCollections.unmodifiableObservableList(recentFiles);
    /** The two videos in sync (File ▸ Compare with Video…); null when not comparing. */
    private final ReadOnlyObjectWrapper<org.dancelens.ui.player.SyncViewModel> sync = new ReadOnlyObjectWrapper<>();
    private TaskRunner.Handle opening;
    /** Counts opens, so the result of an open that a later one superseded is closed, not shown. */
    private long openGeneration;

    /** @param storeFor where a video's results store is ({@link Workspace#storeFor} in the app) */
    public WorkbenchViewModel(TaskRunner tasks, Executor uiExecutor, DialogService dialogs, RecentFiles recent, OverlaySettings overlay,
                              Function<Path, Path> storeFor) {
        this.tasks = tasks;
        this.ui = uiExecutor;
        this.dialogs = dialogs;
        this.recentStore = recent;
        this.overlay = overlay;
        this.storeFor = storeFor;
        recentFiles.setAll(recent.load());
        active.addListener((o, a, b) -> describe(b));
        // a compared video closed or replaced: the two are no longer in sync
        sessions.addListener((javafx.collections.ListChangeListener<VideoSession>) c -> {
            org.dancelens.ui.player.SyncViewModel s = sync.get();
            if (s != null && (sessions.size() != 2 || sessions.get(0).player() != s.playerA() || sessions.get(1).player() != s.playerB())) {
                s.close();
                sync.set(null);
            }
        });
    }

    public WorkbenchViewModel(TaskRunner tasks, Executor uiExecutor, DialogService dialogs, RecentFiles recent) {
        this(tasks, uiExecutor, dialogs, recent, new OverlaySettings(), Workspace::storeFor);
    }

    /** Asks the user for a file and opens it in place of the video on screen. */
    public void openChosen() {
        dialogs.chooseVideo().ifPresent(this::open);
    }

    /** Asks the user for a file and opens it beside the video on screen. */
    public void openChosenBeside() {
        dialogs.chooseVideo().ifPresent(this::openBeside);
    }

    /** Asks the user for a file, opens it beside the video on screen and links the two (File ▸ Compare with Video…). */
    public void compareChosen() {
        dialogs.chooseVideo().ifPresent(this::compareWith);
    }

    /** Opens a video in the background in place of the one the panels work on; that one stays until the new one is ready. */
    public void open(Path path) {
        open(path, false, false);
    }

    /** Opens a video beside the one on screen (at most {@link #MAX_SESSIONS}; beyond that it replaces the one on screen). */
    public void openBeside(Path path) {
        open(path, true, false);
    }

    /**
     * Opens a video beside the one on screen, like {@link #openBeside}, and links the two ({@link #syncProperty()}): their
     * sync points are the frames they show (the one on screen's frame, and the new video's first frame) until set.
     */
    public void compareWith(Path path) {
        open(path, true, true);
    }

    private void open(Path path, boolean beside, boolean compare) {
        if (opening != null) {
            opening.cancel();
        }
        long generation = ++openGeneration;
        busy.set(true);
        busyProgress.set(-1);
        busyMessage.set("Opening " + path.getFileName() + "…");
        opening = tasks.submit("Opening " + path.getFileName(),
                ctx -> VideoSource.open(path, ctx, VideoSource.DEFAULT_CACHE_BYTES, 0),
                new TaskRunner.Callbacks<VideoSource>() {
                    @Override
                    public void progress(double fraction, String message) {
                        busyProgress.set(fraction);
                        busyMessage.set(message);
                    }

                    @Override
                    public void succeeded(VideoSource opened) {
                        if (generation != openGeneration) {
                            // Superseded by a later open: this video is not wanted any more.
                            tasks.submit("Closing", ctx -> {
                                opened.close();
                                return null;
                            }, TaskRunner.Callbacks.of(x -> { }, e -> LOG.warn("Closing failed", e)));
                            return;
                        }
                        busy.set(false);
                        install(opened, beside);
                        if (compare && sessions.size() == 2 && sync.get() == null) {
                            sync.set(new org.dancelens.ui.player.SyncViewModel(sessions.get(0).player(), sessions.get(1).player()));
                        }
                    }

                    @Override
                    public void failed(DanceLensException error) {
                        if (generation == openGeneration) {
                            busy.set(false);
                        }
                        if (error.kind() == DanceLensException.Kind.CANCELLED) {
                            return;
                        }
                        dialogs.reportError(path.getFileName().toString(), Failures.logged(LOG, "Opening " + path, error));
                    }
                });
    }

    private void install(VideoSource opened, boolean beside) {
        VideoSession s = new VideoSession(opened, storeFor.apply(opened.info().path()), tasks, ui, dialogs, overlay);
        VideoSession old = active.get();
        if (old != null && (!beside || sessions.size() >= MAX_SESSIONS)) {
            int at = sessions.indexOf(old);
            sessions.set(at, s);
            active.set(s);
            old.close();
        } else {
            sessions.add(s);
            active.set(s);
        }
        remember(opened.info().path());
        s.loadStored();
    }

    /** The panels work on this session from now on (one of the open ones). */
    public void activate(VideoSession s) {
        if (sessions.contains(s)) {
            active.set(s);
        }
    }

    /** Closes the video on screen; the other one, if two are open, takes its place. */
    public void closeActive() {
        VideoSession s = active.get();
        if (s == null) {
            return;
        }
        sessions.remove(s);
        active.set(sessions.isEmpty() ? null : sessions.get(0));
        s.close();
    }

    private void describe(VideoSession s) {
        if (s == null) {
            title.set("DanceLens");
            videoDetails.set("No video open. Open one with File ▸ Open… or drop it here.");
            return;
        }
        VideoInfo info = s.player().info();
        title.set("DanceLens — " + info.fileName());
        videoDetails.set(String.format(Locale.ROOT, "%s · %s %d×%d%s · %.3f fps%s · %d frames · %s",
                info.fileName(), info.codec(), info.width(), info.height(),
                info.rotation() != 0 ? " (rotated " + info.rotation() + "°)" : "",
                info.fps(), info.variableFrameRate() ? " (variable)" : "", info.frameCount(),
                Timecode.format(info.durationSeconds())));
    }

    private void remember(Path p) {
        List<Path> list = new ArrayList<>(recentFiles);
        list.removeIf(x -> x.toAbsolutePath().equals(p.toAbsolutePath()));
        list.add(0, p.toAbsolutePath());
        while (list.size() > RecentFiles.MAX) {
            list.remove(list.size() - 1);
        }
        recentFiles.setAll(list);
        recentStore.save(list);
    }

    public void clearRecentFiles() {
        recentFiles.clear();
        recentStore.save(List.of());
    }

    /** Closes every open video. */
    @Override
    public void close() {
        if (opening != null) {
            opening.cancel();
        }
        List<VideoSession> all = new ArrayList<>(sessions);
        sessions.clear();
        active.set(null);
        all.forEach(VideoSession::close);
    }

    // ---- properties ----

    /** Saves the frame on screen of the video the panels work on, with its overlays, as a picture the user names. */
    public void saveFrameAsPicture() {
        VideoSession s = session();
        if (s != null) {
            s.player().saveFrameAsPicture();
        }
    }

    /**
     * Saves the classifier's confidence lanes under the video as they are on screen (the frames in view, the playhead) as
     * a PNG or SVG picture the user names, drawn by the exports' timeline renderer, in the background.
     */
    public void saveTimelineAsPicture() {
        VideoSession s = session();
        if (s == null) {
            return;
        }
        String name = s.name();
        org.dancelens.ui.timeline.TimelineViewModel tl = s.timeline();
        org.dancelens.ui.timeline.TimelineViewModel.ScoreLanes lanes = tl.scoresProperty().get();
        VideoSession.Classification c = s.classificationProperty().get();
        if (lanes == null || c == null) {
            dialogs.showInfo("No classification is on display for " + name + "; classify it in the Styles tab, then save its timeline.");
            return;
        }
        int frames = tl.frameCountProperty().get();
        int from = Math.max(0, (int) Math.floor(tl.viewFromProperty().get()));
        int to = Math.min(frames, (int) Math.ceil(tl.viewToProperty().get()));
        int playhead = tl.playheadProperty().get();
        String stem = name.replaceFirst("\\.[^.]*$", "");
        java.util.Optional<java.nio.file.Path> out = dialogs.choosePictureToSave("Save the timeline of " + name + " as a picture",
                stem + "-timeline-run" + c.run().id() + ".svg");
        if (out.isEmpty()) {
            return;
        }
        tasks.submit("Saving the timeline as a picture", ctx -> org.dancelens.export.TimelineExport.write(lanes.strip(), c.run().id(), from, to, 0, 0,
                        playhead >= from && playhead < to ? playhead : -1, out.get()),
                TaskRunner.Callbacks.of(r -> dialogs.showInfo("Timeline of " + name + " (frames " + r.from() + "–" + (r.to() - 1) + ", classify run "
                                + r.classifyRun() + ") saved as " + r.out().getFileName() + "."),
                        e -> dialogs.reportFailure(name, LOG, "Saving the timeline of " + name + " as a picture", e)));
    }

    /** The two videos in sync (File ▸ Compare with Video…), A the left; null when not comparing. */
    public ReadOnlyObjectProperty<org.dancelens.ui.player.SyncViewModel> syncProperty() {
        return sync.getReadOnlyProperty();
    }

    /** The open videos, left to right. */
    public ObservableList<VideoSession> sessions() {
        return sessionsView;
    }

    /** The video the panels work on (null when none is open). */
    public ReadOnlyObjectProperty<VideoSession> sessionProperty() {
        return active.getReadOnlyProperty();
    }

    public VideoSession session() {
        return active.get();
    }

    public OverlaySettings overlay() {
        return overlay;
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty videoDetailsProperty() {
        return videoDetails.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty busyProgressProperty() {
        return busyProgress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty busyMessageProperty() {
        return busyMessage.getReadOnlyProperty();
    }

    public ObservableList<Path> recentFiles() {
        return recentFilesView;
    }
}
