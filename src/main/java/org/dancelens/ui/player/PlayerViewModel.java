package org.dancelens.ui.player;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ChangeListener;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
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
import org.dancelens.ui.DialogService;
import org.dancelens.ui.RecentFiles;
import org.dancelens.video.FramePlayer;
import org.dancelens.video.VideoSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * State and commands of the player. JavaFX properties only; all decoding happens on background threads and
 * results come back through the UI executor given at construction ({@code Platform::runLater} in the app).
 */
public class PlayerViewModel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PlayerViewModel.class);
    public static final double MIN_SPEED = 0.1;
    public static final double MAX_SPEED = 2.0;
    public static final List<Double> SPEEDS = List.of(0.1, 0.25, 0.5, 1.0, 1.5, 2.0);

    private final TaskRunner tasks;
    private final Executor ui;
    private final DialogService dialogs;
    private final RecentFiles recentStore;

    private final StringProperty title = new SimpleStringProperty("DanceLens");
    private final ObjectProperty<VideoFrame> frame = new SimpleObjectProperty<>();
    private final IntegerProperty currentFrame = new SimpleIntegerProperty(0);
    private final IntegerProperty frameCount = new SimpleIntegerProperty(0);
    private final BooleanProperty playing = new SimpleBooleanProperty(false);
    private final BooleanProperty videoOpen = new SimpleBooleanProperty(false);
    private final DoubleProperty speed = new SimpleDoubleProperty(1.0);
    private final DoubleProperty fps = new SimpleDoubleProperty(0);
    private final StringProperty positionText = new SimpleStringProperty("");
    private final StringProperty videoDetails = new SimpleStringProperty("No video open. Open one with File ▸ Open… or drop it here.");
    private final StringProperty busyMessage = new SimpleStringProperty("");
    private final DoubleProperty busyProgress = new SimpleDoubleProperty(0);
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final StringProperty playbackStats = new SimpleStringProperty("");
    private final ObservableList<Path> recentFiles = FXCollections.observableArrayList();
    private final ObjectProperty<Map<Integer, List<Pose>>> rawOverlay = new SimpleObjectProperty<>(Map.of());
    private final ObjectProperty<Map<Integer, List<Pose>>> smoothedOverlay = new SimpleObjectProperty<>(Map.of());
    private final BooleanProperty showSkeletons = new SimpleBooleanProperty(true);
    private final BooleanProperty showBoxes = new SimpleBooleanProperty(true);
    private final BooleanProperty useSmoothed = new SimpleBooleanProperty(true);
    private final BooleanProperty showMasks = new SimpleBooleanProperty(true);
    private final DoubleProperty minConfidence = new SimpleDoubleProperty(OverlayScene.DEFAULT_MIN_CONFIDENCE);
    private final ObjectProperty<List<Pose>> shownPoses = new SimpleObjectProperty<>(List.of());
    private final IntegerProperty selectedTrack = new SimpleIntegerProperty(-1);
    private final javafx.collections.ObservableSet<Integer> hiddenTracks = FXCollections.observableSet(new java.util.TreeSet<>());
    private final ObservableList<Integer> overlayTracks = FXCollections.observableArrayList();
    private final DoubleProperty boneWidth = new SimpleDoubleProperty(OverlayScene.DEFAULT_BONE_WIDTH);
    private final ObjectProperty<HeatOverlay> heatOverlay = new SimpleObjectProperty<>();
    private final ObjectProperty<JointImportance> jointImportance = new SimpleObjectProperty<>();
    private final ObjectProperty<OverlayScene> overlay = new SimpleObjectProperty<>();
    /** The heat overlay as the renderer takes it, made once per heat overlay set. */
    private HeatMapLayer heatLayer;
    private final ObjectProperty<Path> videoPath = new SimpleObjectProperty<>();

    private VideoSource source;
    private FramePlayer player;
    private TaskRunner.Handle opening;
    /** Counts opens, so the result of an open that a later one superseded is closed, not shown. */
    private long openGeneration;
    /** Newest frame from the player thread, handed to the UI thread at most once per UI pulse. */
    private final AtomicReference<Object[]> pendingFrame = new AtomicReference<>();
    private final AtomicBoolean frameQueued = new AtomicBoolean();

    public PlayerViewModel(TaskRunner tasks, Executor uiExecutor, DialogService dialogs, RecentFiles recent) {
        this.tasks = tasks;
        this.ui = uiExecutor;
        this.dialogs = dialogs;
        this.recentStore = recent;
        recentFiles.setAll(recent.load());
        speed.addListener((o, a, b) -> {
            if (player != null) {
                player.setSpeed(b.doubleValue());
            }
        });
        javafx.beans.InvalidationListener refresh = o -> updateShownPoses();
        rawOverlay.addListener(refresh);
        smoothedOverlay.addListener(refresh);
        useSmoothed.addListener(refresh);
        currentFrame.addListener(refresh);
        hiddenTracks.addListener((javafx.collections.SetChangeListener<Integer>) c -> updateShownPoses());
        heatOverlay.addListener((o, a, h) -> {
            heatLayer = h == null ? null
                    : new HeatMapLayer(h.map(), h.height(), h.width(), h.region(), Palette.ColorMap.of(h.colorMap()), h.opacity());
            updateOverlay();
        });
        ChangeListener<Object> sceneChanged = (o, a, b) -> updateOverlay();
        frame.addListener(sceneChanged);
        shownPoses.addListener(sceneChanged);
        showSkeletons.addListener(sceneChanged);
        showBoxes.addListener(sceneChanged);
        showMasks.addListener(sceneChanged);
        minConfidence.addListener(sceneChanged);
        selectedTrack.addListener(sceneChanged);
        boneWidth.addListener(sceneChanged);
        jointImportance.addListener(sceneChanged);
    }

    // ---- commands ----

    /** Asks the user for a file and opens it. */
    public void openChosen() {
        dialogs.chooseVideo().ifPresent(this::open);
    }

    /** Opens a video in the background; the current one stays until the new one is ready. */
    public void open(Path path) {
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
                        install(opened);
                    }

                    @Override
                    public void failed(DanceLensException error) {
                        if (generation == openGeneration) {
                            busy.set(false);
                        }
                        if (error.kind() == DanceLensException.Kind.CANCELLED) {
                            return;
                        }
                        LOG.warn("Could not open {}: {}", path, error.getMessage(), error);
                        dialogs.showError(error.getMessage());
                    }
                });
    }

    private void install(VideoSource opened) {
        closeVideo();
        source = opened;
        VideoInfo info = opened.info();
        player = new FramePlayer(opened, new FramePlayer.Listener() {
            @Override
            public void frame(VideoFrame f, int requested, boolean exact) {
                pendingFrame.set(new Object[] {f, requested});
                if (frameQueued.compareAndSet(false, true)) {
                    ui.execute(() -> {
                        frameQueued.set(false);
                        Object[] p = pendingFrame.getAndSet(null);
                        if (p != null && player != null) {
                            showFrame((VideoFrame) p[0], (Integer) p[1]);
                        }
                    });
                }
            }

            @Override
            public void playingChanged(boolean isPlaying) {
                ui.execute(() -> playing.set(isPlaying));
            }

            @Override
            public void failed(DanceLensException error) {
                LOG.warn("Playback error: {}", error.getMessage(), error);
                ui.execute(() -> dialogs.showError(error.getMessage()));
            }
        });
        player.setSpeed(speed.get());
        frameCount.set(info.frameCount());
        fps.set(info.fps());
        currentFrame.set(0);
        videoOpen.set(true);
        title.set("DanceLens — " + info.fileName());
        setOverlay(Map.of(), Map.of());
        heatOverlay.set(null);
        jointImportance.set(null);
        videoPath.set(info.path());
        videoDetails.set(String.format(Locale.ROOT, "%s · %s %d×%d%s · %.3f fps%s · %d frames · %s",
                info.fileName(), info.codec(), info.width(), info.height(),
                info.rotation() != 0 ? " (rotated " + info.rotation() + "°)" : "",
                info.fps(), info.variableFrameRate() ? " (variable)" : "", info.frameCount(),
                Timecode.format(info.durationSeconds())));
        updatePosition(0);
        remember(info.path());
        player.show(0);
    }

    /** Analysis results to draw over the video (from the results store), keyed by frame. */
    public void setOverlay(Map<Integer, List<Pose>> raw, Map<Integer, List<Pose>> smoothed) {
        java.util.TreeSet<Integer> ids = new java.util.TreeSet<>();
        raw.values().forEach(l -> l.forEach(p -> ids.add(p.trackId())));
        overlayTracks.setAll(ids);
        hiddenTracks.retainAll(ids);
        if (!ids.contains(selectedTrack.get())) {
            selectedTrack.set(-1);
        }
        rawOverlay.set(raw);
        smoothedOverlay.set(smoothed);
    }

    /** The scene over the frame shown: its poses, the layers on, and the heat map when it belongs to this frame. */
    private void updateOverlay() {
        VideoFrame f = frame.get();
        if (f == null) {
            overlay.set(null);
            return;
        }
        EnumSet<OverlayScene.Layer> layers = EnumSet.of(OverlayScene.Layer.HEAT_MAP, OverlayScene.Layer.JOINT_IMPORTANCE);
        if (showSkeletons.get()) {
            layers.add(OverlayScene.Layer.SKELETONS);
        }
        if (showBoxes.get()) {
            layers.add(OverlayScene.Layer.BOXES);
        }
        if (showMasks.get()) {
            layers.add(OverlayScene.Layer.MASKS);
        }
        HeatOverlay h = heatOverlay.get();
        overlay.set(new OverlayScene(f.width(), f.height(), shownPoses.get(), layers, minConfidence.get(), boneWidth.get(), selectedTrack.get(),
                h != null && h.frame() == f.index() ? heatLayer : null, jointImportance.get()));
    }

    private void updateShownPoses() {
        Map<Integer, List<Pose>> m = useSmoothed.get() ? smoothedOverlay.get() : rawOverlay.get();
        List<Pose> all = m.getOrDefault(currentFrame.get(), List.of());
        shownPoses.set(hiddenTracks.isEmpty() ? all : all.stream().filter(p -> !hiddenTracks.contains(p.trackId())).toList());
    }

    /**
     * Selects the dancer at a point of the frame (video pixels): the smallest box holding it among the dancers
     * shown; nothing when the point is in no box.
     *
     * @return the selected identity, or -1
     */
    public int selectAt(double x, double y) {
        int best = -1;
        double bestArea = Double.MAX_VALUE;
        for (Pose p : shownPoses.get()) {
            float[] b = p.box() != null ? p.box() : p.keypointBox((float) minConfidence.get());
            double area = (b[2] - b[0]) * (double) (b[3] - b[1]);
            if (x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3] && area < bestArea) {
                best = p.trackId();
                bestArea = area;
            }
        }
        selectedTrack.set(best);
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

    /**
     * A class-activation map of one frame, drawn over the region of the frame the model saw (normalised
     * {y0, x0, y1, x1}); values 0..1, row-major {@code height x width}.
     */
    public record HeatOverlay(int frame, float[] map, int height, int width, double[] region, String colorMap, double opacity) {
    }

    /** Joint importance drawn on one dancer instead of joint confidence; null for none. */
    public ObjectProperty<JointImportance> jointImportanceProperty() {
        return jointImportance;
    }

    /**
     * What is drawn over the frame shown now (poses, layers, threshold, bone width, selection, heat map, joint
     * importance), for the {@link org.dancelens.render.OverlayRenderer}; null before a frame is shown.
     */
    public ReadOnlyObjectProperty<OverlayScene> overlayProperty() {
        return overlay;
    }

    /** The heat map shown over the video (only on the frame it belongs to); null for none. */
    public ObjectProperty<HeatOverlay> heatOverlayProperty() {
        return heatOverlay;
    }

    /** The dancer selected on the canvas (-1: none). */
    public IntegerProperty selectedTrackProperty() {
        return selectedTrack;
    }

    /** Dancers whose overlay is hidden. */
    public javafx.collections.ObservableSet<Integer> hiddenTracks() {
        return hiddenTracks;
    }

    /** Every identity in the current overlay, ascending. */
    public ObservableList<Integer> overlayTracks() {
        return overlayTracks;
    }

    /** Bone width in video pixels (scaled with the zoom like the picture). */
    public DoubleProperty boneWidthProperty() {
        return boneWidth;
    }

    private void showFrame(VideoFrame f, int requested) {
        frame.set(f);
        currentFrame.set(requested);
        updatePosition(requested);
        if (player != null) {
            long dropped = player.droppedFrames();
            playbackStats.set(dropped == 1 ? "1 frame dropped" : dropped > 0 ? dropped + " frames dropped" : "");
        }
    }

    private void updatePosition(int n) {
        if (source == null) {
            positionText.set("");
            return;
        }
        positionText.set(String.format(Locale.ROOT, "frame %d / %d   %s / %s", n, source.frameCount() - 1,
                Timecode.format(source.index().timeOf(n)), Timecode.format(source.info().durationSeconds())));
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

    public void togglePlay() {
        if (player == null) {
            return;
        }
        if (playing.get()) {
            player.pause();
        } else {
            player.play();
        }
    }

    /** Shows frame n exactly (clamped to the video). */
    public void seek(int n) {
        if (player == null) {
            return;
        }
        int clamped = Math.max(0, Math.min(frameCount.get() - 1, n));
        currentFrame.set(clamped);
        updatePosition(clamped);
        player.show(clamped);
    }

    /** While the scrub bar is dragged: a quick stand-in frame; {@link #seek(int)} when released. */
    public void scrub(int n) {
        if (player == null) {
            return;
        }
        int clamped = Math.max(0, Math.min(frameCount.get() - 1, n));
        currentFrame.set(clamped);
        updatePosition(clamped);
        player.preview(clamped);
    }

    public void step(int frames) {
        seek(currentFrame.get() + frames);
    }

    public void jumpSeconds(double seconds) {
        if (source == null) {
            return;
        }
        double t = source.index().timeOf(currentFrame.get()) + seconds;
        seek(source.index().frameAt(Math.max(0, t)));
    }

    public void toStart() {
        seek(0);
    }

    public void toEnd() {
        seek(frameCount.get() - 1);
    }

    /** Sets the playback speed, clamped to 0.1x..2x. */
    public void setSpeed(double s) {
        speed.set(Math.max(MIN_SPEED, Math.min(MAX_SPEED, s)));
    }

    private void closeVideo() {
        if (player != null) {
            player.close();
            player = null;
        }
        if (source != null) {
            VideoSource old = source;
            source = null;
            tasks.submit("Closing", ctx -> {
                old.close();
                return null;
            }, TaskRunner.Callbacks.of(x -> { }, e -> LOG.warn("Closing failed", e)));
        }
    }

    @Override
    public void close() {
        closeVideo();
    }

    // ---- properties ----

    public ReadOnlyStringProperty titleProperty() {
        return title;
    }

    public ReadOnlyObjectProperty<VideoFrame> frameProperty() {
        return frame;
    }

    public ReadOnlyIntegerProperty currentFrameProperty() {
        return currentFrame;
    }

    public ReadOnlyIntegerProperty frameCountProperty() {
        return frameCount;
    }

    public ReadOnlyBooleanProperty playingProperty() {
        return playing;
    }

    public ReadOnlyBooleanProperty videoOpenProperty() {
        return videoOpen;
    }

    /** The open video's nominal frame rate (0 when none is open). */
    public ReadOnlyDoubleProperty fpsProperty() {
        return fps;
    }

    public DoubleProperty speedProperty() {
        return speed;
    }

    public ReadOnlyStringProperty positionTextProperty() {
        return positionText;
    }

    public ReadOnlyStringProperty videoDetailsProperty() {
        return videoDetails;
    }

    public ReadOnlyStringProperty busyMessageProperty() {
        return busyMessage;
    }

    public ReadOnlyDoubleProperty busyProgressProperty() {
        return busyProgress;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }

    public ReadOnlyStringProperty playbackStatsProperty() {
        return playbackStats;
    }

    public ObservableList<Path> recentFiles() {
        return recentFiles;
    }

    /** The poses to draw on the frame shown now. */
    public ReadOnlyObjectProperty<List<Pose>> shownPosesProperty() {
        return shownPoses;
    }

    /** The open video (null before one is open). */
    public ReadOnlyObjectProperty<Path> videoPathProperty() {
        return videoPath;
    }

    public BooleanProperty showSkeletonsProperty() {
        return showSkeletons;
    }

    public BooleanProperty showBoxesProperty() {
        return showBoxes;
    }

    /** Segmentation masks (BlazePose) as a translucent layer. */
    public BooleanProperty showMasksProperty() {
        return showMasks;
    }

    public BooleanProperty useSmoothedProperty() {
        return useSmoothed;
    }

    public DoubleProperty minConfidenceProperty() {
        return minConfidence;
    }
}
