package org.dancelens.ui.session;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.dancelens.analysis.ClassifyAnalysis;
import org.dancelens.analysis.ExplainMetrics;
import org.dancelens.analysis.store.ExplainSettings;
import org.dancelens.analysis.store.LabelledRanges;
import org.dancelens.analysis.store.RatedRanges;
import org.dancelens.analysis.store.Maps;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.analysis.store.RunKind;
import org.dancelens.classify.Aggregation;
import org.dancelens.core.Pose;
import org.dancelens.core.ScoreSeries;
import org.dancelens.core.TaskRunner;
import org.dancelens.core.VideoFrame;
import org.dancelens.ui.BackgroundJob;
import org.dancelens.ui.DialogService;
import org.dancelens.ui.Failures;
import org.dancelens.ui.ListenerScope;
import org.dancelens.ui.player.PlayerViewModel;
import org.dancelens.ui.timeline.TimelineViewModel;
import org.dancelens.video.VideoSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open video in the workbench: its player, its timeline, and what is on display over it — the pose run, the
 * classification and the explain run chosen for display (the newest stored ones when the video opens), the labelled
 * ranges, an attribution, a heat map. Panels run jobs and choose runs; the session loads and shows them. Two
 * sessions can be open side by side; {@link #close()} removes every listener the session registered on shared
 * objects and closes its video.
 */
public final class VideoSession implements AutoCloseable, BackgroundJob.Owner {
    private static final Logger LOG = LoggerFactory.getLogger(VideoSession.class);

    /** A pose run on display: its poses raw and smoothed by frame, and each dancer's confidence over the video. */
    public record PoseResults(Run run, Map<Integer, List<Pose>> raw, Map<Integer, List<Pose>> smoothed,
                              List<TimelineViewModel.Series> confidence) {
        public long runId() {
            return run.id();
        }

        public String modelId() {
            return run.modelId();
        }
    }

    /** A classify run on display: its score series, segments per track and the pose run it read (or null). */
    public record Classification(Run run, List<ScoreSeries> series, Map<Integer, List<Aggregation.Segment>> segments, Long poseRunId) {
        public String modelId() {
            return run.modelId();
        }
    }

    /** An explain run on display: its stored maps by frame and the model input size they upsample to. */
    public record StoredMaps(Run run, Map<Integer, Maps.MapFrame> maps, int inputHeight, int inputWidth) {
    }

    /** Occlusion attribution of one dancer (track -1: whole frames), ready to draw: per video frame (NaN where none) and per joint, 0..1. */
    public record Importance(int track, String label, float[] perFrame, Map<String, Float> perJoint) {
    }

    /** What the store holds for a video when it is opened: the newest run of each kind (null where none), the labels and the ratings. */
    record Stored(PoseResults poses, Classification classification, StoredMaps maps, List<LabelledRanges.LabelledRange> ranges,
                  List<RatedRanges.RatedRange> ratings) {
    }

    private final TaskRunner tasks;
    private final DialogService dialogs;
    private final OverlaySettings overlay;
    private final Path storeFile;
    private final PlayerViewModel player;
    private final TimelineViewModel timeline;
    /** The music of the video on the timeline, and how the dancers on display meet it. */
    private final SessionMusic music;
    private final ListenerScope scope = new ListenerScope();
    private final ReadOnlyObjectWrapper<PoseResults> poses = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Classification> classification = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<StoredMaps> maps = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Importance> importance = new ReadOnlyObjectWrapper<>();
    private final ObservableList<LabelledRanges.LabelledRange> ranges = FXCollections.observableArrayList();
    /** The read-only view handed out (one object: a listener added to it lives as long as this). */
    private final ObservableList<LabelledRanges.LabelledRange> rangesView = FXCollections.unmodifiableObservableList(ranges);
    private final ObservableList<RatedRanges.RatedRange> ratings = FXCollections.observableArrayList();
    /** The read-only view handed out (one object: a listener added to it lives as long as this). */
    private final ObservableList<RatedRanges.RatedRange> ratingsView = FXCollections.unmodifiableObservableList(ratings);
    /** True while the heat map on screen is a stored map following the frame (not one made on demand). */
    private boolean heatFromStore;
    private volatile boolean closed;
    /** What runs when the session closes (the panels' jobs for it are abandoned). */
    private final List<Runnable> onClose = new java.util.ArrayList<>();

    /**
     * @param opened    the video, opened (the session owns it from now on)
     * @param storeFile the video's results store
     */
    public VideoSession(VideoSource opened, Path storeFile, TaskRunner tasks, Executor ui, DialogService dialogs, OverlaySettings overlay) {
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.overlay = overlay;
        this.storeFile = storeFile;
        this.player = new PlayerViewModel(opened, tasks, ui, dialogs, overlay);
        this.timeline = new TimelineViewModel(player::seek);
        timeline.setSeries(List.of(), player.frameCount());
        this.music = new SessionMusic(tasks, player, timeline, storeFile);
        // The session's own objects: they go with it.
        player.currentFrameProperty().addListener((o, a, b) -> {
            timeline.movePlayhead(b.intValue());
            timeline.follow(b.intValue());
        });
        player.frameProperty().addListener((o, a, b) -> {
            if (b != null) {
                frameShown(b.index());
            }
        });
        ranges.addListener((ListChangeListener<LabelledRanges.LabelledRange>) c -> timeline.setMarks(
                ranges.stream().map(r -> new TimelineViewModel.Mark(r.startFrame(), r.endFrame(), r.label())).toList()));
        ratings.addListener((ListChangeListener<RatedRanges.RatedRange>) c -> timeline.setRatedMarks(TimelineViewModel.ratedMarks(ratings)));
        // Shared display settings: registered in the scope, removed on close.
        scope.onInvalidate(overlay.followStoredMapsProperty(), o -> {
            if (overlay.followStoredMapsProperty().get()) {
                frameShown(player.currentFrameProperty().get());
            } else if (heatFromStore) {
                clearHeat();
            }
        });
        scope.onInvalidate(overlay.colorMapProperty(), o -> restyleHeat());
        scope.onInvalidate(overlay.heatOpacityProperty(), o -> restyleHeat());
    }

    // ---- loading what the store holds ----

    /**
     * Loads the newest stored results of the video (in the background) and shows them; analyses its music for the
     * timeline's audio lane, also in the background.
     */
    public void loadStored() {
        music.start();
        Path v = video();
        double fps = player.fps();
        tasks.submit("Loading stored results", ctx -> {
            if (!Files.exists(storeFile)) {
                return new Stored(null, null, null, List.of(), List.of());
            }
            try (ResultsStore store = ResultsStore.open(storeFile)) {
                String abs = v.toAbsolutePath().toString();
                // the newest finished classification still true to its poses (not made before an identity correction)
                Classification c = store.runs().list(abs, RunKind.CLASSIFY).stream().filter(Run::finished)
                        .filter(r -> !ClassifyAnalysis.isStale(store, r)).findFirst().map(r -> loadClassification(store, r, fps)).orElse(null);
                // the newest pose run, unless the classification is newer and read another one: then the poses it read,
                // so that the dancers over the video are the ones its lanes name
                Run newestPoses = store.runs().newestWithResults(abs, RunKind.POSE).orElse(null);
                Run poseRun = newestPoses;
                if (c != null && c.poseRunId() != null && (newestPoses == null || c.run().id() > newestPoses.id())) {
                    poseRun = store.runs().find(c.poseRunId()).filter(r -> r.framesDone() > 0).orElse(newestPoses);
                }
                PoseResults p = poseRun == null ? null : loadPoses(store, poseRun);
                StoredMaps m = store.runs().newestWithResults(abs, RunKind.EXPLAIN).map(r -> loadMaps(store, r)).orElse(null);
                return new Stored(p, c, m, store.labels().list(abs), store.ratings().list(abs));
            }
        }, TaskRunner.Callbacks.of(s -> {
            if (closed) {
                return;
            }
            if (s.poses() != null) {
                showPoses(s.poses());
            }
            if (s.classification() != null) {
                showClassification(s.classification());
            }
            if (s.maps() != null) {
                showMaps(s.maps());
            }
            ranges.setAll(s.ranges());
            ratings.setAll(s.ratings());
        }, e -> storeFailed("Loading the stored results of " + v.getFileName(), e)));
    }

    /** A pose run's poses (its whole range) and each dancer's confidence lane. */
    public static PoseResults loadPoses(ResultsStore store, Run run) {
        Map<Integer, List<Pose>> raw = store.poses().read(run.id(), run.spec().fromFrame(), run.spec().toFrame(), false);
        Map<Integer, List<Pose>> smoothed = store.poses().read(run.id(), run.spec().fromFrame(), run.spec().toFrame(), true);
        return new PoseResults(run, raw, smoothed, TimelineViewModel.confidence(raw, run.spec().videoFrames()));
    }

    /** A classify run's scores with segments (0.5 s smoothing, a label held at least 1 s). */
    public static Classification loadClassification(ResultsStore store, Run run, double fps) {
        return classification(run, store.scores().read(run.id()), fps);
    }

    /** Scores of a classify run with their segments (0.5 s smoothing, a label held at least 1 s). */
    public static Classification classification(Run run, List<ScoreSeries> series, double fps) {
        Map<Integer, List<Aggregation.Segment>> segs = new TreeMap<>();
        for (ScoreSeries s : series) {
            segs.put(s.track(), org.dancelens.export.TimelineExport.segments(s, fps)); // the exports' rule too
        }
        return new Classification(run, series, segs, ClassifyAnalysis.poseRunOf(run));
    }

    /** An explain run's stored maps and the input size they upsample to. */
    public static StoredMaps loadMaps(ResultsStore store, Run run) {
        ExplainSettings es = ExplainSettings.of(run);
        return new StoredMaps(run, store.maps().read(run.id(), run.spec().fromFrame(), run.spec().toFrame()), es.inputHeight(), es.inputWidth());
    }

    // ---- what is on display ----

    /**
     * Shows a pose run: skeletons over the video, each dancer's confidence lane under it, its dancers named with the
     * run's pose model; null takes them off. Joint importance drawn on a dancer of another run is taken off: its
     * number names another identity now.
     */
    public void showPoses(PoseResults p) {
        PoseResults before = poses.get();
        poses.set(p);
        String model = p == null ? null : p.modelId();
        player.setOverlay(p == null ? Map.of() : p.raw(), p == null ? Map.of() : p.smoothed(), model);
        timeline.setSeries(p == null ? List.of() : p.confidence(), player.frameCount(), model);
        music.posesShown(p == null ? null : p.run());
        Importance imp = importance.get();
        if (imp != null && imp.track() >= 0 && (p == null || before == null || before.runId() != p.runId())) {
            showImportance(null);
        }
    }

    /** Loads a stored pose run (in the background) and shows it. */
    public void showPoseRun(long runId) {
        tasks.submit("Loading poses", ctx -> {
            try (ResultsStore store = ResultsStore.open(storeFile)) {
                return store.runs().find(runId).map(r -> loadPoses(store, r)).orElse(null);
            }
        }, TaskRunner.Callbacks.of(p -> {
            if (!closed && p != null) {
                showPoses(p);
            }
        }, e -> storeFailed("Loading pose run " + runId + " of " + video().getFileName(), e)));
    }

    /**
     * Loads a stored classify run (in the background) and shows it, with the pose run it read when that is not the
     * one on display: the dancers its verdicts name are then the dancers on screen.
     */
    public void showClassificationRun(long runId) {
        double fps = player.fps();
        PoseResults shownPoses = poses.get();
        tasks.submit("Loading a classification", ctx -> {
            try (ResultsStore store = ResultsStore.open(storeFile)) {
                Classification c = store.runs().find(runId).map(r -> loadClassification(store, r, fps)).orElse(null);
                PoseResults p = c == null || c.poseRunId() == null || shownPoses != null && shownPoses.runId() == c.poseRunId() ? null
                        : store.runs().find(c.poseRunId()).map(r -> loadPoses(store, r)).orElse(null);
                return new Object[] {c, p};
            }
        }, TaskRunner.Callbacks.of(o -> {
            if (!closed && o[0] != null) {
                if (o[1] != null) {
                    showPoses((PoseResults) o[1]);
                }
                showClassification((Classification) o[0]);
            }
        }, e -> storeFailed("Loading classify run " + runId + " of " + video().getFileName(), e)));
    }

    /** Loads a stored explain run's maps (in the background) and shows them. */
    public void showMapsRun(long runId) {
        tasks.submit("Loading maps", ctx -> {
            try (ResultsStore store = ResultsStore.open(storeFile)) {
                return store.runs().find(runId).map(r -> loadMaps(store, r)).orElse(null);
            }
        }, TaskRunner.Callbacks.of(m -> {
            if (!closed && m != null) {
                showMaps(m);
            }
        }, e -> storeFailed("Loading explain run " + runId + " of " + video().getFileName(), e)));
    }

    /** Reading the store failed: logged, and said (the video stays open without what could not be read). */
    private void storeFailed(String doing, Throwable e) {
        if (closed) {
            Failures.logged(LOG, doing, e);
        } else {
            dialogs.reportFailure(name(), LOG, doing, e);
        }
    }

    /**
     * The identities of a pose run were corrected (and {@code corrected} is the run as it now is): it is shown again,
     * and a classification or attribution made from it before is taken off, since its dancers no longer match.
     *
     * @return whether a classification was taken off
     */
    public boolean posesCorrected(PoseResults corrected) {
        showPoses(corrected);
        Classification c = classification.get();
        boolean stale = c != null && c.poseRunId() != null && c.poseRunId() == corrected.runId();
        if (stale) {
            showClassification(null);
        }
        Importance imp = importance.get();
        if (stale || imp != null && imp.track() >= 0) {
            showImportance(null);
        }
        return stale;
    }

    /** Shows a classification (the timeline lanes follow {@link #showScoreLanes}). */
    public void showClassification(Classification c) {
        classification.set(c);
        if (c == null) {
            timeline.setScores(null);
        }
    }

    /** The score lanes under the video (null: none). */
    public void showScoreLanes(TimelineViewModel.ScoreLanes lanes) {
        timeline.setScores(lanes);
    }

    /** An attribution on display: an importance lane in the timeline and joint colours on its dancer; null for none. */
    public void showImportance(Importance imp) {
        importance.set(imp);
        timeline.setImportance(imp == null ? null : imp.perFrame());
        player.showJointImportance(imp == null || imp.track() < 0 ? null : new org.dancelens.render.JointImportance(imp.track(), imp.perJoint()));
    }

    /** The labelled ranges of the video (shown as marks in the timeline). */
    public void showRanges(List<LabelledRanges.LabelledRange> list) {
        ranges.setAll(list);
    }

    /** People's ratings of ranges of the video (shown as a lane of rated ranges in the timeline). */
    public void showRatings(List<RatedRanges.RatedRange> list) {
        ratings.setAll(list);
    }

    /** Shows an explain run's stored maps: while the overlay follows stored maps, each frame shown gets its map. */
    public void showMaps(StoredMaps m) {
        maps.set(m);
        if (m == null && heatFromStore) {
            clearHeat();
        }
        frameShown(player.currentFrameProperty().get());
    }

    /** A map made on demand for the frame on screen (it stays until cleared, a stored map replaces it, or the frame changes to one with a stored map). */
    public void showHeat(int frame, float[] map, int height, int width, double[] region) {
        heatFromStore = false;
        player.showHeat(new PlayerViewModel.HeatOverlay(frame, map, height, width, region, overlay.colorMapProperty().get(),
                overlay.heatOpacityProperty().get()));
    }

    /** Takes the heat map off the video. */
    public void clearHeat() {
        heatFromStore = false;
        player.showHeat(null);
    }

    /** Takes a heat map made on demand off the video; a stored map the overlay follows stays. */
    public void clearHeatMadeOnDemand() {
        if (!heatFromStore && player.heatOverlayProperty().get() != null) {
            clearHeat();
        }
    }

    private void restyleHeat() {
        PlayerViewModel.HeatOverlay h = player.heatOverlayProperty().get();
        if (h != null) {
            player.showHeat(new PlayerViewModel.HeatOverlay(h.frame(), h.map(), h.height(), h.width(), h.region(), overlay.colorMapProperty().get(),
                    overlay.heatOpacityProperty().get()));
        }
    }

    /**
     * Frame {@code index} is shown: while the overlay follows stored maps, that frame's stored map (upsampled to the
     * model's input, as an on-demand map is) goes over it; a frame without one shows none. Never runs a model.
     */
    void frameShown(int index) {
        StoredMaps m = maps.get();
        if (!overlay.followStoredMapsProperty().get() || m == null || index < 0) {
            return;
        }
        Maps.MapFrame f = m.maps().get(index);
        if (f == null) {
            if (heatFromStore) {
                clearHeat();
            }
            return;
        }
        int h = m.inputHeight() > 0 ? m.inputHeight() : f.height();
        int w = m.inputWidth() > 0 ? m.inputWidth() : f.width();
        heatFromStore = true;
        player.showHeat(new PlayerViewModel.HeatOverlay(index, ExplainMetrics.upsampled(f, h, w), h, w, f.region(), overlay.colorMapProperty().get(),
                overlay.heatOpacityProperty().get()));
    }

    // ---- what the session is ----

    /** The open video. */
    public Path video() {
        return player.videoPath();
    }

    /** The open video's file name (what a problem with it is about in the list of problems, and its jobs' sentences name). */
    @Override
    public String name() {
        return player.videoPath().getFileName().toString();
    }

    /** The file name of a session's video, or null for none. */
    public static String nameOf(VideoSession s) {
        return s == null ? null : s.name();
    }

    /** The video's results store (shared with the command line). */
    public Path storeFile() {
        return storeFile;
    }

    public PlayerViewModel player() {
        return player;
    }

    public TimelineViewModel timeline() {
        return timeline;
    }

    /** The frame on screen, decoded (null before the first is, and while a scaled display stand-in is shown). */
    public VideoFrame frame() {
        return player.exactFrame();
    }

    public ReadOnlyObjectProperty<PoseResults> posesProperty() {
        return poses.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Classification> classificationProperty() {
        return classification.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<StoredMaps> mapsProperty() {
        return maps.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Importance> importanceProperty() {
        return importance.getReadOnlyProperty();
    }

    public ObservableList<LabelledRanges.LabelledRange> ranges() {
        return rangesView;
    }

    /** The ratings of ranges of the video, by start frame. */
    public ObservableList<RatedRanges.RatedRange> ratings() {
        return ratingsView;
    }

    /** Registrations this session holds on shared objects (0 once closed). */
    public int sharedListeners() {
        return scope.size();
    }

    public boolean isClosed() {
        return closed;
    }

    /** Runs the action when the session closes (at once if it is closed). */
    @Override
    public void whenClosed(Runnable action) {
        if (closed) {
            action.run();
        } else {
            onClose.add(action);
        }
    }

    /** Removes the session's listeners from shared objects and closes its video. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        music.close();
        scope.close();
        player.close();
        List<Runnable> actions = List.copyOf(onClose);
        onClose.clear();
        actions.forEach(Runnable::run);
    }
}
