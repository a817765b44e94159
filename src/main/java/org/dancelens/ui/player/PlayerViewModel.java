package org.dancelens.ui.player;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableSet;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.Pose;
import org.dancelens.core.TaskRunner;
import org.dancelens.core.Timecode;
import org.dancelens.core.VideoFrame;
import org.dancelens.core.VideoInfo;
import org.dancelens.render.HeatMapLayer;
import org.dancelens.render.JointImportance;
import org.dancelens.render.OverlayScene;
import org.dancelens.render.Palette;
import org.dancelens.render.SceneBuilder;
import org.dancelens.ui.DialogService;
import org.dancelens.ui.Failures;
import org.dancelens.ui.ListenerScope;
import org.dancelens.ui.session.OverlaySettings;
import org.dancelens.video.DisplayCache;
import org.dancelens.video.AudioPlayback;
import org.dancelens.video.AudioSink;
import org.dancelens.video.FramePlayer;
import org.dancelens.video.JavaSoundSink;
import org.dancelens.video.VideoSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The player of one open video: the frame shown, stepping, seeking, scrubbing and playback, and what is drawn over
 * the frame (the dancers' poses, the selected and hidden dancers, a heat map, joint importance). JavaFX properties
 * only; decoding happens on the player's own thread and frames come back through the UI executor given at
 * construction ({@code Platform::runLater} in the app). The video is opened before, by the workbench; closing the
 * player closes it.
 */
public class PlayerViewModel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PlayerViewModel.class);
    public static final double MIN_SPEED = 0.1;
    public static final double MAX_SPEED = 2.0;
    public static final double MAX_ZOOM = 16;
    /** One Zoom In or Zoom Out step. */
    public static final double ZOOM_STEP = 1.25;
    public static final List<Double> SPEEDS = List.of(0.1, 0.25, 0.5, 1.0, 1.5, 2.0);

    /**
     * A class-activation map of one frame, drawn over the region of the frame the model saw (normalised
     * {y0, x0, y1, x1}); values 0..1, row-major {@code height x width}.
     */
    public record HeatOverlay(int frame, float[] map, int height, int width, double[] region, String colorMap, double opacity) {
    }

    private final TaskRunner tasks;
    private final Executor ui;
    private final DialogService dialogs;
    private final OverlaySettings overlay;
    private final VideoSource source;
    private final VideoInfo info;
    private final ListenerScope scope = new ListenerScope();

    private final ReadOnlyObjectWrapper<VideoFrame> frame = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyIntegerWrapper currentFrame = new ReadOnlyIntegerWrapper(0);
    private final ReadOnlyBooleanWrapper playing = new ReadOnlyBooleanWrapper(false);
    private final DoubleProperty speed = new SimpleDoubleProperty(1.0);
    /** How far the frame is magnified over fitting it into the view (1: fit, up to {@link #MAX_ZOOM}). */
    private final javafx.beans.property.ReadOnlyDoubleWrapper zoom = new javafx.beans.property.ReadOnlyDoubleWrapper(1);
    /** The sentence saying why the text typed into the go-to field leads nowhere, or empty. */
    private final ReadOnlyStringWrapper goToProblem = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper positionText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper playbackStats = new ReadOnlyStringWrapper("");
    /** The sentence saying why the current frame cannot be shown (a damaged stretch of the file), or empty. */
    private final ReadOnlyStringWrapper frameProblem = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Map<Integer, List<Pose>>> rawOverlay = new ReadOnlyObjectWrapper<>(Map.of());
    private final ReadOnlyObjectWrapper<Map<Integer, List<Pose>>> smoothedOverlay = new ReadOnlyObjectWrapper<>(Map.of());
    private final ReadOnlyObjectWrapper<List<Pose>> shownPoses = new ReadOnlyObjectWrapper<>(List.of());
    /** A second pose run drawn over the first when two runs are compared ({raw, smoothed} by frame; null: none). */
    private final ReadOnlyObjectWrapper<Map<Integer, List<Pose>>[]> compareOverlay = new ReadOnlyObjectWrapper<>();
    /** B's model (names its dancers in the right panel) and what the two panels of a side-by-side comparison say they show. */
    private String compareModel;
    private final ReadOnlyStringWrapper panelCaptionA = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper panelCaptionB = new ReadOnlyStringWrapper("");
    /** Two runs compared side by side: the frame twice, A's dancers on the left, B's on the right (one zoom and pan). */
    private final javafx.beans.property.BooleanProperty sideBySide = new javafx.beans.property.SimpleBooleanProperty(false);
    /** The right panel's scene while side by side (B's dancers drawn as a run of their own); null otherwise. */
    private final ReadOnlyObjectWrapper<OverlayScene> compareScene = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyIntegerWrapper selectedTrack = new ReadOnlyIntegerWrapper(-1);
    private final ObservableSet<Integer> hiddenTracks = FXCollections.observableSet(new TreeSet<>());
    /** The read-only view handed out (one object: a listener added to it lives as long as this). */
    private final ObservableSet<Integer> hiddenTracksView = FXCollections.unmodifiableObservableSet(hiddenTracks);
    private final ObservableList<Integer> overlayTracks = FXCollections.observableArrayList();
    /** The read-only view handed out (one object: a listener added to it lives as long as this). */
    private final ObservableList<Integer> overlayTracksView = FXCollections.unmodifiableObservableList(overlayTracks);
    private final ReadOnlyObjectWrapper<HeatOverlay> heatOverlay = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<JointImportance> jointImportance = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<OverlayScene> scene = new ReadOnlyObjectWrapper<>();
    /** The pose model whose run the overlay's dancers belong to (null: unnamed). */
    private final ReadOnlyStringWrapper overlayModel = new ReadOnlyStringWrapper();
    /** The heat overlay as the renderer takes it, made once per heat overlay set. */
    private HeatMapLayer heatLayer;

    private FramePlayer player;
    /** The video's sound, following the player's clock (a thread of its own; none started for a video without sound). */
    private AudioPlayback audio;
    /** Why the sound cannot be heard, as one sentence (no sound in the video, no audio device, a damaged track), or empty. */
    private final ReadOnlyStringWrapper soundStatus = new ReadOnlyStringWrapper("");
    /** Whether the video's sound can be heard: the mute and volume controls do something. */
    private final ReadOnlyBooleanWrapper soundAvailable = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyObjectWrapper<AudioPlayback.Status.Kind> soundKind = new ReadOnlyObjectWrapper<>(AudioPlayback.Status.Kind.LOADING);
    /** Silenced by a comparison (side B of two linked videos: only A's sound plays). */
    private boolean silenced;
    /** The first time a workbench finds no audio device it says why in the log; later videos do not repeat it. */
    private static final AtomicBoolean NO_DEVICE_LOGGED = new AtomicBoolean();
    /** Drawn mirrored (left and right swapped, the overlays with the picture): dancers learn mirrored. */
    private final javafx.beans.property.BooleanProperty mirrored = new javafx.beans.property.SimpleBooleanProperty(false);

    /**
     * Where the transport goes while this player is linked with another ({@link SyncViewModel}): play, seek, scrub,
     * step and speed move both. Null: this player alone.
     */
    interface Link {
        void togglePlay();

        void seek(PlayerViewModel from, int frame, boolean preview);

        void step(PlayerViewModel from, int frames);

        void setSpeed(double speed);
    }

    private Link link;
    private volatile DisplayCache displayCache;
    private final javafx.beans.property.ReadOnlyObjectWrapper<List<int[]>> cachedRanges = new javafx.beans.property.ReadOnlyObjectWrapper<>(List.of());
    private final javafx.beans.property.ReadOnlyBooleanWrapper standIn = new javafx.beans.property.ReadOnlyBooleanWrapper();
    /** Newest frame from the player thread, handed to the UI thread at most once per UI pulse. */
    private final AtomicReference<Object[]> pendingFrame = new AtomicReference<>();
    private final AtomicBoolean frameQueued = new AtomicBoolean();

    /** Starts playing-ready on an opened video, showing frame 0. */
    public PlayerViewModel(VideoSource opened, TaskRunner tasks, Executor uiExecutor, DialogService dialogs, OverlaySettings overlay) {
        this(opened, tasks, uiExecutor, dialogs, overlay, JavaSoundSink::open);
    }

    /** As above, playing the sound on the sinks {@code sound} opens (the default output line in the app). */
    public PlayerViewModel(VideoSource opened, TaskRunner tasks, Executor uiExecutor, DialogService dialogs, OverlaySettings overlay,
                           AudioSink.Opener sound) {
        this.tasks = tasks;
        this.ui = uiExecutor;
        this.dialogs = dialogs;
        this.overlay = overlay;
        this.source = opened;
        this.info = opened.info();
        speed.addListener((o, a, b) -> {
            if (player != null) {
                player.setSpeed(b.doubleValue());
            }
            if (audio != null) {
                audio.wake();
            }
        });
        javafx.beans.InvalidationListener refresh = o -> updateShownPoses();
        rawOverlay.addListener(refresh);
        smoothedOverlay.addListener(refresh);
        currentFrame.addListener(refresh);
        hiddenTracks.addListener((javafx.collections.SetChangeListener<Integer>) c -> updateShownPoses());
        scope.onInvalidate(overlay.useSmoothedProperty(), refresh); // shared by every open video: removed on close
        heatOverlay.addListener((o, a, h) -> {
            heatLayer = h == null ? null
                    : new HeatMapLayer(h.map(), h.height(), h.width(), h.region(), Palette.ColorMap.of(h.colorMap()), h.opacity());
            updateScene();
        });
        javafx.beans.InvalidationListener sceneChanged = o -> updateScene();
        frame.addListener(sceneChanged);
        shownPoses.addListener(sceneChanged);
        selectedTrack.addListener(sceneChanged);
        jointImportance.addListener(sceneChanged);
        overlayModel.addListener(sceneChanged);
        compareOverlay.addListener(sceneChanged);
        sideBySide.addListener(sceneChanged);
        // (raw or smoothed: the shown poses follow it, and so does a compared run's, even on a frame where the first has none)
        for (javafx.beans.Observable setting : List.of(overlay.showSkeletonsProperty(), overlay.showBoxesProperty(), overlay.showMasksProperty(),
                overlay.minConfidenceProperty(), overlay.boneWidthProperty(), overlay.useSmoothedProperty(), overlay.angles())) {
            scope.onInvalidate(setting, sceneChanged);
        }
        player = new FramePlayer(opened, new FramePlayer.Listener() {
            @Override
            public void frame(VideoFrame f, int requested, boolean exact) {
                pendingFrame.set(new Object[] {f, requested, exact && f.width() == info.width()});
                if (frameQueued.compareAndSet(false, true)) {
                    ui.execute(() -> {
                        frameQueued.set(false);
                        Object[] p = pendingFrame.getAndSet(null);
                        if (p != null && player != null) {
                            showFrame((VideoFrame) p[0], (Integer) p[1], (Boolean) p[2]);
                        }
                    });
                }
            }

            @Override
            public void playingChanged(boolean isPlaying) {
                AudioPlayback a = audio;
                if (a != null) {
                    a.wake();
                }
                ui.execute(() -> playing.set(isPlaying));
            }

            @Override
            public void undecodable(int n, DanceLensException error) {
                LOG.info("Frame {} cannot be decoded: {}", n, error.getMessage());
                ui.execute(() -> {
                    if (player != null) {
                        frameProblem.set(error.getMessage());
                        currentFrame.set(n);
                        updatePosition(n);
                    }
                });
            }

            @Override
            public void failed(DanceLensException error) {
                String sentence = Failures.logged(LOG, "Playing " + info.path(), error);
                ui.execute(() -> dialogs.reportError(info.fileName(), sentence));
            }
        });
        player.setSpeed(speed.get());
        startDisplayCache();
        FramePlayer clockOf = player;
        audio = AudioPlayback.forVideo(info, clockOf::clock, sound, status -> ui.execute(() -> soundStatusChanged(status)));
        scope.onInvalidate(overlay.mutedProperty(), o -> applySound());
        scope.onInvalidate(overlay.volumeProperty(), o -> applySound());
        applySound();
        updatePosition(0);
        player.show(0);
    }

    /**
     * Starts the video's display cache (see {@link DisplayCache}): frames at up to 1280x720 in memory (512 MiB) and
     * under the user's cache folder (4 GiB for all videos; {@code -Ddancelens.displayCacheDir} for another folder,
     * {@code -Ddancelens.displayCacheMiB} and {@code -Ddancelens.displayCacheDiskMiB} for other caps),
     * unless {@code -Ddancelens.displayCache=off}. Its cached
     * stretches are shown on the scrub bar.
     */
    private void startDisplayCache() {
        if ("off".equals(System.getProperty("dancelens.displayCache", "on")) || source.frameCount() < 2) {
            return;
        }
        try {
            String dir = System.getProperty("dancelens.displayCacheDir");
            java.nio.file.Path disk = dir != null ? java.nio.file.Path.of(dir) : org.dancelens.core.UserFolders.cache().resolve("display-frames");
            long memoryMiB = Long.getLong("dancelens.displayCacheMiB", 512);
            long diskMiB = Long.getLong("dancelens.displayCacheDiskMiB", 4096);
            DisplayCache.Settings s = DisplayCache.Settings.defaults().withMemory(Math.max(0, memoryMiB) << 20).withDisk(disk, Math.max(0, diskMiB) << 20);
            displayCache = DisplayCache.start(source, s, c -> {
                List<int[]> ranges = c.cachedRanges();
                ui.execute(() -> cachedRanges.set(ranges));
            });
            player.setDisplayCache(displayCache);
            DisplayCache c = displayCache;
            // while any panel's job runs (an analysis, an export), the pass waits: it never takes cores from one
            scope.onInvalidate(org.dancelens.ui.BackgroundJob.underwayProperty(), o -> c.setJobRunning(org.dancelens.ui.BackgroundJob.underwayProperty().get() > 0));
            c.setJobRunning(org.dancelens.ui.BackgroundJob.underwayProperty().get() > 0);
        } catch (RuntimeException e) {
            LOG.info("No display cache for {}: {}", info.fileName(), e.toString()); // scrubbing decodes, as without one
        }
    }

    // ---- sound ----

    private void soundStatusChanged(AudioPlayback.Status status) {
        if (player == null) {
            return; // closed meanwhile
        }
        if (status.kind() == AudioPlayback.Status.Kind.NO_DEVICE && NO_DEVICE_LOGGED.compareAndSet(false, true)) {
            LOG.info("No audio device, videos play without sound: {}", status.detail());
        } else if (status.kind() == AudioPlayback.Status.Kind.FAILED) {
            LOG.warn("The sound of {} cannot be played: {}", info.fileName(), status.detail());
        }
        soundStatus.set(status.sentence());
        soundAvailable.set(status.playable());
        soundKind.set(status.kind());
    }

    private void applySound() {
        if (audio != null) {
            audio.setMuted(overlay.mutedProperty().get() || silenced);
            audio.setVolume(overlay.volumeProperty().get());
        }
    }

    /** Silences this video's sound while it is side B of a comparison (only A's plays), or lets it play again. */
    void setSilenced(boolean silenced) {
        this.silenced = silenced;
        applySound();
    }

    /** Whether this video's sound is silenced by a comparison. */
    boolean isSilenced() {
        return silenced;
    }

    /** Mutes or unmutes the sound (every open video: the setting is shared and kept). */
    public void toggleMute() {
        overlay.mutedProperty().set(!overlay.mutedProperty().get());
    }

    /** Whether the sound is muted (shared by every open video, kept between runs). */
    public javafx.beans.property.BooleanProperty mutedProperty() {
        return overlay.mutedProperty();
    }

    /** The volume, 0..1 (shared by every open video, kept between runs). */
    public DoubleProperty volumeProperty() {
        return overlay.volumeProperty();
    }

    /** Why the sound cannot be heard ("This video has no sound", "No audio device: playing without sound", ...), or empty. */
    public ReadOnlyStringProperty soundStatusProperty() {
        return soundStatus.getReadOnlyProperty();
    }

    /** Whether the video's sound can be heard (false: no sound in the video, no device, or it cannot be decoded). */
    public ReadOnlyBooleanProperty soundAvailableProperty() {
        return soundAvailable.getReadOnlyProperty();
    }

    /** What the sound is doing: loading (decoding), ready, or why there is none. */
    public ReadOnlyObjectProperty<AudioPlayback.Status.Kind> soundKindProperty() {
        return soundKind.getReadOnlyProperty();
    }

    /** The video's sound playback (for tests and measurements); null once closed. */
    AudioPlayback audio() {
        return audio;
    }

    // ---- what is drawn ----

    /** Poses to draw over the video (from the results store), raw and smoothed, keyed by frame; their run unnamed. */
    public void setOverlay(Map<Integer, List<Pose>> raw, Map<Integer, List<Pose>> smoothed) {
        setOverlay(raw, smoothed, null);
    }

    /**
     * Poses to draw over the video (from the results store), raw and smoothed, keyed by frame, with the pose model
     * whose run they are (dancers are labelled {@code movenet-multipose #3}; null: {@code #3}).
     */
    public void setOverlay(Map<Integer, List<Pose>> raw, Map<Integer, List<Pose>> smoothed, String poseModel) {
        overlayModel.set(poseModel);
        TreeSet<Integer> ids = new TreeSet<>();
        raw.values().forEach(l -> l.forEach(p -> ids.add(p.trackId())));
        overlayTracks.setAll(ids);
        hiddenTracks.retainAll(ids);
        if (!ids.contains(selectedTrack.get())) {
            selectedTrack.set(-1);
        }
        rawOverlay.set(raw);
        smoothedOverlay.set(smoothed);
    }

    /**
     * Saves the frame on screen with its overlays as they are drawn now (dancers hidden or selected, heat map) as a PNG
     * at the video's resolution, by the same renderer, written atomically; the file is chosen by the user.
     */
    public void saveFrameAsPicture() {
        VideoFrame f = frame.get();
        OverlayScene shown = scene.get();
        if (f == null) {
            return;
        }
        String stem = videoPath().getFileName().toString().replaceFirst("\\.[^.]*$", "");
        java.util.Optional<Path> out = dialogs.choosePngToSave("Save frame " + f.index() + " as a picture",
                String.format(Locale.ROOT, "%s-frame-%06d.png", stem, f.index()));
        if (out.isEmpty()) {
            return;
        }
        OverlayScene drawn = shown != null && shown.frameWidth() == info.width() && shown.frameHeight() == info.height() ? shown
                : SceneBuilder.scene(info.width(), info.height(), f.index(), List.of(), SceneBuilder.layers(false, false, false), 0, 0, -1, null, -1,
                        null, null);
        String name = videoPath().getFileName().toString();
        tasks.submit("Saving a frame as a picture", ctx -> {
            // a display-size stand-in is never saved: the frame itself is decoded
            VideoFrame exact = f.width() == info.width() && f.height() == info.height() ? f : source.frame(f.index());
            org.dancelens.export.FrameExport.png(org.dancelens.export.FrameExport.picture(exact, drawn), out.get());
            return out.get();
        }, TaskRunner.Callbacks.of(p -> dialogs.showInfo("Frame " + f.index() + " of " + name + " saved as " + p.getFileName() + "."),
                e -> dialogs.reportFailure(name, LOG, "Saving frame " + f.index() + " of " + name + " as a picture", e)));
    }

    /** The heat map to draw (only on the frame it belongs to); null for none. */
    public void showHeat(HeatOverlay h) {
        heatOverlay.set(h);
    }

    /** Joint importance to draw on one dancer instead of joint confidence; null for none. */
    public void showJointImportance(JointImportance j) {
        jointImportance.set(j);
    }

    /** The scene over the frame shown: its poses, the layers on, and the heat map when it belongs to this frame. */
    private void updateScene() {
        VideoFrame f = frame.get();
        if (f == null) {
            scene.set(null);
            return;
        }
        HeatOverlay h = heatOverlay.get();
        var layers = SceneBuilder.layers(overlay.showSkeletonsProperty().get(), overlay.showBoxesProperty().get(), overlay.showMasksProperty().get());
        boolean apart = isSideBySide();
        // the video's own size: a display-size stand-in is drawn stretched to it, with the same overlay
        scene.set(SceneBuilder.scene(info.width(), info.height(), f.index(), shownPoses.get(), layers,
                overlay.minConfidenceProperty().get(), overlay.boneWidthProperty().get(), selectedTrack.get(), heatLayer, h == null ? -1 : h.frame(),
                jointImportance.get(), overlayModel.get()).withComparePoses(apart ? List.of() : comparePoses(f.index())).withAngles(overlay.angles()));
        // side by side: B's dancers in a scene of their own, drawn as a run's dancers are (identity colours, B's model naming them)
        compareScene.set(apart ? SceneBuilder.scene(info.width(), info.height(), f.index(), comparePoses(f.index()), layers,
                overlay.minConfidenceProperty().get(), overlay.boneWidthProperty().get(), -1, null, -1, null, compareModel).withAngles(overlay.angles()) : null);
    }

    /** Whether the frame is shown twice, A's dancers left and B's right: side by side chosen and a second run to show. */
    public boolean isSideBySide() {
        return sideBySide.get() && compareOverlay.get() != null;
    }

    /** The second run's dancers of a frame, raw or smoothed as the first run's are drawn (none when no second run is shown). */
    private List<Pose> comparePoses(int index) {
        Map<Integer, List<Pose>>[] c = compareOverlay.get();
        return c == null ? List.of() : c[overlay.useSmoothedProperty().get() ? 1 : 0].getOrDefault(index, List.of());
    }

    /**
     * A second pose run's poses (raw and smoothed, keyed by frame) drawn over the same frames as the overlay's, in one
     * contrasting colour with dashed bones, when two pose runs are compared; null takes them off.
     */
    public void setCompareOverlay(Map<Integer, List<Pose>> raw, Map<Integer, List<Pose>> smoothed) {
        setCompareOverlay(raw, smoothed, null, "", "");
    }

    /**
     * As {@link #setCompareOverlay(Map, Map)}, with B's pose model (naming its dancers when drawn side by side) and
     * what the left and right panel show (e.g. "A · run 3 · movenet-multipose"), written over them side by side.
     */
    @SuppressWarnings("unchecked")
    public void setCompareOverlay(Map<Integer, List<Pose>> raw, Map<Integer, List<Pose>> smoothed, String modelB, String captionA, String captionB) {
        compareModel = modelB;
        panelCaptionA.set(raw == null || captionA == null ? "" : captionA);
        panelCaptionB.set(raw == null || captionB == null ? "" : captionB);
        compareOverlay.set(raw == null ? null : new Map[] {raw, smoothed == null ? raw : smoothed});
    }

    /**
     * Two runs compared: shown side by side (true: the frame twice, run A's dancers on the left, B's on the right,
     * one zoom and pan) or overlaid in one panel (false: B's dashed over A's). Without a second run, one panel.
     */
    public javafx.beans.property.BooleanProperty sideBySideProperty() {
        return sideBySide;
    }

    /** The right panel's scene while side by side (B's dancers on the frame shown); null when one panel is shown. */
    public ReadOnlyObjectProperty<OverlayScene> compareSceneProperty() {
        return compareScene.getReadOnlyProperty();
    }

    /** What the left panel shows while side by side (empty: nothing said). */
    public ReadOnlyStringProperty panelCaptionAProperty() {
        return panelCaptionA.getReadOnlyProperty();
    }

    /** What the right panel shows while side by side. */
    public ReadOnlyStringProperty panelCaptionBProperty() {
        return panelCaptionB.getReadOnlyProperty();
    }

    /** Whether a second pose run is drawn over the overlay. */
    public boolean showsCompareOverlay() {
        return compareOverlay.get() != null;
    }

    private void updateShownPoses() {
        Map<Integer, List<Pose>> m = overlay.useSmoothedProperty().get() ? smoothedOverlay.get() : rawOverlay.get();
        shownPoses.set(SceneBuilder.shown(m, currentFrame.get(), hiddenTracks));
    }

    /**
     * Selects the dancer at a point of the frame (video pixels): the smallest box holding it among the dancers
     * shown; nothing when the point is in no box.
     *
     * @return the selected identity, or -1
     */
    public int selectAt(double x, double y) {
        int best = trackAt(x, y);
        selectedTrack.set(best);
        return best;
    }

    /** Selects a dancer of the overlay (-1 or an identity not in it: none). */
    public void select(int track) {
        selectedTrack.set(overlayTracks.contains(track) ? track : -1);
    }

    /**
     * The dancer at a point of the frame (video pixels): the smallest box holding it among the dancers shown; -1 when
     * the point is in no box. Selects nothing.
     */
    public int trackAt(double x, double y) {
        int best = -1;
        double bestArea = Double.MAX_VALUE;
        for (Pose p : shownPoses.get()) {
            float[] b = p.box() != null ? p.box() : p.keypointBox((float) overlay.minConfidenceProperty().get());
            double area = (b[2] - b[0]) * (double) (b[3] - b[1]);
            if (x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3] && area < bestArea) {
                best = p.trackId();
                bestArea = area;
            }
        }
        return best;
    }

    /** Shows or hides one dancer's overlay. */
    public void setTrackHidden(int track, boolean hidden) {
        if (hidden) {
            hiddenTracks.add(track);
        } else {
            hiddenTracks.remove(track);
        }
    }

    /** Shows every dancer again. */
    public void showAllTracks() {
        hiddenTracks.clear();
    }

    // ---- playback ----

    private void showFrame(VideoFrame f, int requested, boolean exact) {
        frameProblem.set("");
        standIn.set(!exact);
        frame.set(f);
        currentFrame.set(requested);
        updatePosition(requested);
        if (player != null) {
            long dropped = player.droppedFrames();
            playbackStats.set(dropped == 1 ? "1 frame dropped" : dropped > 0 ? dropped + " frames dropped" : "");
        }
    }

    private void updatePosition(int n) {
        positionText.set(String.format(Locale.ROOT, "frame %d / %d\n%s / %s", n, source.frameCount() - 1,
                Timecode.format(source.index().timeOf(n)), Timecode.format(info.durationSeconds())));
    }

    public void togglePlay() {
        if (player == null) {
            return;
        }
        if (link != null) {
            link.togglePlay();
            return;
        }
        if (playing.get()) {
            player.pause();
        } else {
            player.play();
        }
    }

    /** Shows frame n exactly (clamped to the video); linked, the other video follows. */
    public void seek(int n) {
        if (player != null && link != null) {
            link.seek(this, n, false);
        } else {
            seekAlone(n);
        }
    }

    /** Shows frame n exactly (clamped to the video), whether linked or not. */
    void seekAlone(int n) {
        if (player == null) {
            return;
        }
        int clamped = Math.max(0, Math.min(info.frameCount() - 1, n));
        currentFrame.set(clamped);
        updatePosition(clamped);
        player.show(clamped);
    }

    /** While the scrub bar is dragged: a quick stand-in frame; {@link #seek(int)} when released. */
    public void scrub(int n) {
        if (player != null && link != null) {
            link.seek(this, n, true);
        } else {
            scrubAlone(n);
        }
    }

    void scrubAlone(int n) {
        if (player == null) {
            return;
        }
        int clamped = Math.max(0, Math.min(info.frameCount() - 1, n));
        currentFrame.set(clamped);
        updatePosition(clamped);
        player.preview(clamped);
    }

    /** Steps frames; linked, the finer-rate video steps and the other follows the clock. */
    public void step(int frames) {
        if (player != null && link != null) {
            link.step(this, frames);
        } else {
            seekAlone(currentFrame.get() + frames);
        }
    }

    void setLink(Link l) {
        this.link = l;
    }

    boolean isLinked() {
        return link != null;
    }

    /** Plays on a clock shared with the other video: presentation time {@code seconds} is due at {@code atNanos}. */
    void playAt(double seconds, long atNanos) {
        if (player != null) {
            player.playAt(seconds, atNanos);
        }
    }

    void pause() {
        if (player != null) {
            player.pause();
        }
    }

    /** The frame index (presentation times of every frame). */
    org.dancelens.video.FrameIndex index() {
        return source.index();
    }

    public void jumpSeconds(double seconds) {
        double t = source.index().timeOf(currentFrame.get()) + seconds;
        seek(source.index().frameAt(Math.max(0, t)));
    }

    public void toStart() {
        seek(0);
    }

    public void toEnd() {
        seek(info.frameCount() - 1);
    }

    /**
     * Shows the frame a text names: a frame number ({@code 120}) or a time ({@code 1:23.4}, {@code 83.4s}). Text that
     * names neither, or a place outside the video, leaves the frame as it is and says why in {@link #goToProblemProperty()}.
     *
     * @return whether it seeked
     */
    public boolean goTo(String text) {
        String t = text == null ? "" : text.strip();
        int last = info.frameCount() - 1;
        int n;
        if (t.matches("\\d{1,9}")) {
            n = Integer.parseInt(t);
            if (n > last) {
                goToProblem.set("Frame " + n + " is past the end: this video has frames 0 to " + last + ".");
                return false;
            }
        } else {
            double seconds = Timecode.parse(t);
            if (seconds < 0) {
                goToProblem.set("Type a frame number (e.g. 120) or a time (e.g. 1:23.4 or 83.4s).");
                return false;
            }
            if (seconds > info.durationSeconds()) {
                goToProblem.set(Timecode.format(seconds) + " is past the end: this video lasts " + Timecode.format(info.durationSeconds()) + ".");
                return false;
            }
            n = Math.min(last, source.index().frameAt(seconds));
        }
        goToProblem.set("");
        seek(n);
        return true;
    }

    /** Forgets what was said about the go-to text (the field was left). */
    public void clearGoToProblem() {
        goToProblem.set("");
    }

    /**
     * Magnifies by a factor, kept within 1 (fit) and {@link #MAX_ZOOM}.
     *
     * @return the factor applied (1 when already at the limit)
     */
    public double zoomBy(double factor) {
        double was = zoom.get();
        zoom.set(Math.max(1, Math.min(MAX_ZOOM, was * factor)));
        return zoom.get() / was;
    }

    public void zoomIn() {
        zoomBy(ZOOM_STEP);
    }

    public void zoomOut() {
        zoomBy(1 / ZOOM_STEP);
    }

    /** The whole frame fits the view again. */
    public void zoomToFit() {
        zoom.set(1);
    }

    /** Sets the playback speed, clamped to 0.1x..2x; linked, of both videos. */
    public void setSpeed(double s) {
        if (link != null) {
            link.setSpeed(s);
        } else {
            setSpeedAlone(s);
        }
    }

    void setSpeedAlone(double s) {
        speed.set(Math.max(MIN_SPEED, Math.min(MAX_SPEED, s)));
    }

    /** Stops playback, removes what it registered on shared objects and closes the video (in the background). */
    @Override
    public void close() {
        scope.close();
        if (player != null) {
            player.close();
            player = null;
        }
        DisplayCache c = displayCache;
        displayCache = null;
        if (c != null) {
            tasks.submit("Closing the display cache", ctx -> {
                c.close();
                return null;
            }, TaskRunner.Callbacks.of(x -> { }, e -> LOG.warn("Closing the display cache of {} failed", info.fileName(), e)));
        }
        if (audio != null) {
            audio.close(); // the thread ends (a decode in progress is cancelled) and the line is closed
            audio = null;
        }
        tasks.submit("Closing", ctx -> {
            source.close();
            return null;
        }, TaskRunner.Callbacks.of(x -> { }, e -> LOG.warn("Closing {} failed", info.fileName(), e)));
    }

    // ---- properties ----

    public VideoInfo info() {
        return info;
    }

    /** The stretches of frames the display cache holds, {@code {from, to}} inclusive (for the scrub bar). */
    public ReadOnlyObjectProperty<List<int[]>> cachedRangesProperty() {
        return cachedRanges.getReadOnlyProperty();
    }

    /** True while the frame shown is the display cache's scaled stand-in, not the decoded frame itself. */
    public ReadOnlyBooleanProperty standInProperty() {
        return standIn.getReadOnlyProperty();
    }

    /** The frame on screen when it is the decoded frame itself (null while a scaled stand-in is shown): for analysis. */
    public VideoFrame exactFrame() {
        return standIn.get() ? null : frame.get();
    }

    /** The open video. */
    public Path videoPath() {
        return info.path();
    }

    /** The frame index (presentation times of every frame). */
    public double timeOf(int frame) {
        return source.index().timeOf(frame);
    }

    public ReadOnlyObjectProperty<VideoFrame> frameProperty() {
        return frame.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty currentFrameProperty() {
        return currentFrame.getReadOnlyProperty();
    }

    public int frameCount() {
        return info.frameCount();
    }

    /** The video's nominal frame rate. */
    public double fps() {
        return info.fps();
    }

    /** Whether the picture and its overlays are drawn mirrored (left and right swapped). */
    public javafx.beans.property.BooleanProperty mirroredProperty() {
        return mirrored;
    }

    public ReadOnlyBooleanProperty playingProperty() {
        return playing.getReadOnlyProperty();
    }

    /** Playback speed; the transport bar edits it (clamped by {@link #setSpeed}). */
    public ReadOnlyDoubleProperty speedProperty() {
        return speed;
    }

    /** Magnification over fitting the frame into the view (1 to {@link #MAX_ZOOM}). */
    public ReadOnlyDoubleProperty zoomProperty() {
        return zoom.getReadOnlyProperty();
    }

    /** Non-empty when the text typed to go to a frame names none of the video: why, as one sentence. */
    public ReadOnlyStringProperty goToProblemProperty() {
        return goToProblem.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty positionTextProperty() {
        return positionText.getReadOnlyProperty();
    }

    /** Non-empty while the current frame cannot be decoded: the view shows this sentence instead of any picture. */
    public ReadOnlyStringProperty frameProblemProperty() {
        return frameProblem.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty playbackStatsProperty() {
        return playbackStats.getReadOnlyProperty();
    }

    /** The poses to draw on the frame shown now. */
    public ReadOnlyObjectProperty<List<Pose>> shownPosesProperty() {
        return shownPoses.getReadOnlyProperty();
    }

    /** The dancer selected on the canvas (-1: none). */
    public ReadOnlyIntegerProperty selectedTrackProperty() {
        return selectedTrack.getReadOnlyProperty();
    }

    /** Dancers whose overlay is hidden. */
    public ObservableSet<Integer> hiddenTracks() {
        return hiddenTracksView;
    }

    /** The pose model whose run the overlay's dancers belong to (null when unnamed or none). */
    public javafx.beans.property.ReadOnlyStringProperty overlayModelProperty() {
        return overlayModel.getReadOnlyProperty();
    }

    /** Every identity in the current overlay, ascending. */
    public ObservableList<Integer> overlayTracks() {
        return overlayTracksView;
    }

    /**
     * What is drawn over the frame shown now (poses, layers, threshold, bone width, selection, heat map, joint
     * importance), for the {@link org.dancelens.render.OverlayRenderer}; null before a frame is shown.
     */
    public ReadOnlyObjectProperty<OverlayScene> overlayProperty() {
        return scene.getReadOnlyProperty();
    }

    /** The heat map shown over the video (only on the frame it belongs to); null for none. */
    public ReadOnlyObjectProperty<HeatOverlay> heatOverlayProperty() {
        return heatOverlay.getReadOnlyProperty();
    }

    /** Joint importance drawn on one dancer instead of joint confidence; null for none. */
    public ReadOnlyObjectProperty<JointImportance> jointImportanceProperty() {
        return jointImportance.getReadOnlyProperty();
    }

    /** How overlays are drawn (shared by every open video). */
    public OverlaySettings overlay() {
        return overlay;
    }

    // ---- marking points on the frame (e.g. a length for a calibration) ----

    /** While set, a click on the video marks a point (video pixels) for it instead of selecting a dancer. */
    private final javafx.beans.property.ReadOnlyObjectWrapper<java.util.function.BiConsumer<Double, Double>> picker =
            new javafx.beans.property.ReadOnlyObjectWrapper<>();
    /** Points marked on the frame, drawn over it: {x0, y0} or {x0, y0, x1, y1} in video pixels; null for none. */
    private final javafx.beans.property.ReadOnlyObjectWrapper<double[]> marked = new javafx.beans.property.ReadOnlyObjectWrapper<>();

    /** Clicks on the video mark points for {@code onPoint} from now on (null: they select dancers again). */
    public void setPicker(java.util.function.BiConsumer<Double, Double> onPoint) {
        picker.set(onPoint);
    }

    /** A click at a point of the frame (video pixels) while points are being marked: handed on; false when none are. */
    public boolean pick(double x, double y) {
        java.util.function.BiConsumer<Double, Double> p = picker.get();
        if (p == null) {
            return false;
        }
        p.accept(x, y);
        return true;
    }

    public ReadOnlyObjectProperty<java.util.function.BiConsumer<Double, Double>> pickerProperty() {
        return picker.getReadOnlyProperty();
    }

    /** Shows marked points over the frame: {x0, y0} or {x0, y0, x1, y1} in video pixels; null for none. */
    public void setMarked(double[] points) {
        marked.set(points == null ? null : points.clone());
    }

    public ReadOnlyObjectProperty<double[]> markedProperty() {
        return marked.getReadOnlyProperty();
    }
}
