package org.dancelens.ui.explain;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.dancelens.analysis.ExplainMetrics;
import org.dancelens.analysis.ExplainRun;
import org.dancelens.analysis.FrameExplainer;
import org.dancelens.analysis.store.ExplainSettings;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.analysis.store.RunSpec;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.TaskContext;
import org.dancelens.core.TaskRunner;
import org.dancelens.core.VideoFrame;
import org.dancelens.explain.GradCam;
import org.dancelens.export.ExplainMetricsExport;
import org.dancelens.inference.ModelCard;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OnnxGraph;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.ui.BackgroundJob;
import org.dancelens.ui.Choices;
import org.dancelens.ui.DialogService;
import org.dancelens.ui.Failures;
import org.dancelens.ui.ListenerScope;
import org.dancelens.ui.models.InstalledModels;
import org.dancelens.ui.session.OverlaySettings;
import org.dancelens.ui.session.StoredRuns;
import org.dancelens.ui.session.VideoSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Explain tab: a class-activation map of the frame on screen for an image classifier — model, layer, method,
 * class (its top label or a chosen one) — computed in the background and laid over the video (colour map, opacity
 * and whether stored maps are followed are display settings shared by every video). The prepared model (its
 * gradient graph) is kept while model and layer stay the same.
 * <p>
 * Whole runs: the same choices over every frame of the video (or the Poses tab's range) in the background, stored
 * at low resolution in the video's results store; the video's session then shows each frame's stored map as it is
 * shown, without running the model. The metrics of the run on display (foreground/background ratio,
 * consecutive-frame overlap, optionally faithfulness on sampled frames) are shown and can be exported.
 */
public class ExplainViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(ExplainViewModel.class);
    static final String TOP = "top label";
    static final String DEFAULT_LAYER = "deepest (default)";
    static final String NO_BLOCK = "none";
    static final String POSE_RUN_MASKS = "pose run";
    static final String WHOLE_VIDEO = "whole video";
    static final String POSES_RANGE = "Poses tab range";
    private static final String WHOLE_RUN = "whole-run explanation";
    private static final String MEASUREMENT = "measurement";
    /** Frames measured for faithfulness when it is asked for. */
    static final int FAITHFULNESS_SAMPLE = 8;

    /**
     * One layer of the depth-wise view: the frame with its map, as PNG bytes, and — when a block is left out — the
     * same layer's map of the model without that block and its caption (both null otherwise; the picture alone is null
     * when the layer has no map without the block, and the caption says why).
     */
    public record DepthMap(String layer, String caption, byte[] png, String withoutCaption, byte[] withoutPng) {
    }

    private final TaskRunner tasks;
    private final DialogService dialogs;
    private final InstalledModels installed;
    private final ReadOnlyObjectProperty<VideoSession> session;
    private final Supplier<OrtRuntime.Device> device;
    private final OverlaySettings overlay;
    private final BackgroundJob job;
    private final ListenerScope sessionScope = new ListenerScope();
    private final ObservableList<String> models = FXCollections.observableArrayList();
    private final StringProperty selectedModel = new SimpleStringProperty();
    private final ObservableList<String> layers = FXCollections.observableArrayList();
    private final StringProperty selectedLayer = new SimpleStringProperty(DEFAULT_LAYER);
    private final ObservableList<String> methods = FXCollections.observableArrayList(ExplainRun.METHODS);
    private final StringProperty method = new SimpleStringProperty("gradcam");
    private final ObservableList<String> classes = FXCollections.observableArrayList(TOP);
    private final StringProperty selectedClass = new SimpleStringProperty(TOP);
    private final ObservableList<String> colorMaps = FXCollections.observableArrayList(OverlaySettings.COLOR_MAPS);
    private final ObservableList<String> maskModels = FXCollections.observableArrayList(POSE_RUN_MASKS);
    private final StringProperty maskModel = new SimpleStringProperty(POSE_RUN_MASKS);
    private final ObservableList<String> blocks = FXCollections.observableArrayList(NO_BLOCK);
    private final StringProperty leftOut = new SimpleStringProperty(NO_BLOCK);
    private final ObservableList<DepthMap> depthMaps = FXCollections.observableArrayList();
    /** The read-only view handed out (one object: a listener added to it lives as long as this). */
    private final ObservableList<DepthMap> depthMapsView = FXCollections.unmodifiableObservableList(depthMaps);
    private final ObservableList<String> rangeChoices = FXCollections.observableArrayList(WHOLE_VIDEO, POSES_RANGE);
    private final StringProperty rangeChoice = new SimpleStringProperty(WHOLE_VIDEO);
    private final ReadOnlyBooleanWrapper wholeRunning = new ReadOnlyBooleanWrapper(false);
    private final BooleanProperty faithfulness = new SimpleBooleanProperty(false);
    private final ReadOnlyBooleanWrapper hasStored = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper videoOpen = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper storedRun = new ReadOnlyStringWrapper("No stored maps for this video.");
    private final ReadOnlyStringWrapper framesDone = new ReadOnlyStringWrapper("–");
    private final ReadOnlyStringWrapper meanFgBg = new ReadOnlyStringWrapper("–");
    private final ReadOnlyStringWrapper maskSource = new ReadOnlyStringWrapper("–");
    private final ReadOnlyStringWrapper meanIou = new ReadOnlyStringWrapper("–");
    private final ReadOnlyStringWrapper faithfulnessSummary = new ReadOnlyStringWrapper("–");
    private final StoredRuns mapsRuns;
    /** True while the model chooser is set to the model of the maps on display (not a choice of the user's). */
    private boolean followingDisplay;
    private String namePrefix = "";
    private IntSupplier analysisFrom = () -> 0;
    private IntSupplier analysisTo = () -> -1;
    /** The metrics of the explain run on display, once measured. */
    private ExplainMetrics.RunMetrics metrics;
    private FrameExplainer explainer; // used on the task thread only, one task at a time
    private String explainerKey;

    /**
     * @param session the video the workbench shows (null when none); the panel follows it
     * @param device  the device chosen for inference (the Poses panel's choice)
     * @param overlay the display settings shared by every video (colour map, opacity, following stored maps)
     */
    public ExplainViewModel(TaskRunner tasks, DialogService dialogs, InstalledModels installed, ReadOnlyObjectProperty<VideoSession> session,
                            Supplier<OrtRuntime.Device> device, OverlaySettings overlay) {
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.installed = installed;
        this.session = session;
        this.device = device;
        this.overlay = overlay;
        this.job = new BackgroundJob(tasks, dialogs, LOG, "Pick an image classifier and explain the frame on screen.");
        // the job of the video on screen is a whole run or a measurement: those can be cancelled and show progress
        wholeRunning.bind(job.kindProperty().isEqualTo(WHOLE_RUN).or(job.kindProperty().isEqualTo(MEASUREMENT)));
        this.mapsRuns = new StoredRuns(tasks, org.dancelens.analysis.store.RunKind.EXPLAIN, "No stored maps shown.", e -> {
            VideoSession s = session.get();
            dialogs.reportFailure(VideoSession.nameOf(s), LOG, "Listing the stored maps of " + VideoSession.nameOf(s), e);
        });
        job.runningProperty().addListener((o, a, b) -> {
            if (!b) {
                mapsRuns.refresh(); // a job ended: its run is listed as it now is
            }
        });
        selectedModel.addListener((o, a, b) -> modelChosen(b));
        installed.entries().addListener((ListChangeListener<ModelRegistry.Entry>) c -> refreshModels());
        refreshModels();
        session.addListener((o, a, b) -> follow(b));
        follow(session.get());
    }

    /** Where the Poses tab's frame range comes from (FROM inclusive, TO exclusive or -1 for the end). */
    public void setAnalysisRange(IntSupplier from, IntSupplier to) {
        this.analysisFrom = from;
        this.analysisTo = to;
    }

    private static boolean isImageModel(ModelCard c) {
        return c.task() == ModelCard.Task.FRAME_CLASSIFIER || c.task() == ModelCard.Task.SCORER && c.sequence() == null && c.clip() == null;
    }

    /** The installed image models (frame classifiers and image scorers) and person segmenters. */
    private void refreshModels() {
        List<String> ids = installed.ids(ExplainViewModel::isImageModel);
        List<String> masks = new java.util.ArrayList<>(List.of(POSE_RUN_MASKS));
        masks.addAll(installed.ids(c -> c.task() == ModelCard.Task.SEGMENTER && "mask-probability".equals(c.outputs().get(0).decoding())));
        Choices.offer(maskModels, masks, maskModel, POSE_RUN_MASKS);
        Choices.offer(models, ids, selectedModel, ids.isEmpty() ? null : ids.get(0));
        if (models.isEmpty()) {
            job.say("No image classifier installed: add one with Models ▸ Add ONNX Model….");
        }
    }

    /** The workbench shows another video (or none): show the metrics of its explain run on display. */
    private void follow(VideoSession s) {
        sessionScope.close();
        boolean jobSays = job.showFor(s); // the video's own job: running, or what it ended with
        videoOpen.set(s != null);
        depthMaps.clear();
        showMetrics(null);
        mapsRuns.follow(s, VideoSession::mapsProperty, VideoSession.StoredMaps::run, id -> s.showMapsRun(id));
        if (s == null) {
            return;
        }
        sessionScope.onChange(s.mapsProperty(), (o, a, b) -> mapsShown(s, b, true));
        mapsShown(s, s.mapsProperty().get(), !jobSays);
    }

    /**
     * The session shows (other) stored maps: measure them unless this panel just did.
     *
     * @param describe whether the status line says what is shown (not while it holds the video's job's sentence)
     */
    private void mapsShown(VideoSession s, VideoSession.StoredMaps m, boolean describe) {
        if (m != null && !m.run().modelId().equals(selectedModel.get()) && models.contains(m.run().modelId())) {
            followingDisplay = true;
            try {
                selectedModel.set(m.run().modelId()); // the chooser shows the model of the maps on display
            } finally {
                followingDisplay = false;
            }
        }
        if (m == null) {
            showMetrics(null);
            return;
        }
        if (metrics != null && metrics.run().id() == m.run().id() && metrics.run().updated().equals(m.run().updated())) {
            return;
        }
        tasks.submit("Measuring stored maps", ctx -> measureRun(s.storeFile(), m.run().id(), false, null, null, null, ctx),
                TaskRunner.Callbacks.of(mm -> {
                    if (s == session.get() && s.mapsProperty().get() == m) {
                        showMetrics(mm);
                        if (describe && !job.runningProperty().get()) {
                            job.say("Stored maps of " + m.run().framesDone() + " frames by " + m.run().modelId() + " are shown as you play.");
                        }
                    }
                }, e -> dialogs.reportFailure(s.name(), LOG, "Measuring the stored maps of " + s.name(), e)));
    }

    /** The metrics of a stored explain run; faithfulness is measured with {@code model}, the FG/BG ratio against {@code segmenter}'s masks. */
    static ExplainMetrics.RunMetrics measureRun(Path storeFile, long runId, boolean measureFaithfulness, ModelRegistry.Entry model,
                                                ModelRegistry.Entry segmenter, OrtRuntime.Device device, TaskContext ctx) {
        try (ResultsStore store = ResultsStore.open(storeFile)) {
            ExplainMetrics.RunMetrics m = ExplainMetrics.ofRun(store, runId, ctx);
            if (segmenter != null) {
                m = ExplainMetrics.withSegmenter(m, store, segmenter, device, ctx);
            }
            if (measureFaithfulness && model != null) {
                m = ExplainMetrics.withFaithfulness(m, store, model, FAITHFULNESS_SAMPLE, device, ctx);
            }
            return m;
        }
    }

    private void showMetrics(ExplainMetrics.RunMetrics m) {
        metrics = m;
        if (m == null) {
            hasStored.set(false);
            storedRun.set("No stored maps for this video.");
            framesDone.set("–");
            meanFgBg.set("–");
            maskSource.set("–");
            meanIou.set("–");
            faithfulnessSummary.set("–");
            return;
        }
        Run run = m.run();
        RunSpec s = run.spec();
        ExplainSettings es = ExplainSettings.of(run);
        storedRun.set(String.format(Locale.ROOT, "%s · %s · %s · class %s", s.modelId(), es.method(), shortName(es.layer()), es.classChoice()));
        framesDone.set(String.format(Locale.ROOT, "%d of %d (frames %d–%d, %s)", run.framesDone(), (s.frames() + es.every() - 1) / es.every(),
                s.fromFrame(), s.toFrame() - 1, run.status().key()));
        ExplainMetrics.Summary sum = m.summary();
        maskSource.set(sum.maskSource() == ExplainMetrics.MaskSource.NONE ? "unavailable (no pose run for this video)"
                : sum.maskSource() == ExplainMetrics.MaskSource.MODEL ? sum.maskSource().label() + " " + maskModel.get()
                : sum.maskSource().label() + " (pose run " + sum.poseRunId() + ")");
        meanFgBg.set(sum.maskSource() == ExplainMetrics.MaskSource.NONE ? "unavailable"
                : Double.isNaN(sum.meanFgBgRatio()) ? "unavailable (no dancers found)"
                : String.format(Locale.ROOT, "%.3f over %d frames", sum.meanFgBgRatio(), sum.fgBgFrames()));
        meanIou.set(Double.isNaN(sum.meanConsistencyIou()) ? "unavailable (no consecutive frames)"
                : String.format(Locale.ROOT, "%.3f over %d pairs", sum.meanConsistencyIou(), sum.consistencyPairs()));
        faithfulnessSummary.set(sum.faithfulnessFrames() == 0 ? "not measured"
                : String.format(Locale.ROOT, "deletion %.3f, insertion %.3f (%d frames)", sum.meanDeletionAuc(), sum.meanInsertionAuc(),
                sum.faithfulnessFrames()));
        hasStored.set(true); // last: the panel's values are in place
    }

    /**
     * Explains every frame of the video (or of the Poses tab's range) with the chosen model, layer, method and
     * class in the background, storing the maps; a stopped run continues where it stopped.
     */
    public void explainWholeRun() {
        VideoSession s = session.get();
        String id = selectedModel.get();
        if (s == null || id == null || job.runningProperty().get()) {
            return;
        }
        String layer = DEFAULT_LAYER.equals(selectedLayer.get()) ? null : selectedLayer.get();
        String label = TOP.equals(selectedClass.get()) ? null : selectedClass.get();
        ExplainRun.Settings settings = new ExplainRun.Settings(layer, method.get(), label);
        boolean range = POSES_RANGE.equals(rangeChoice.get());
        int from = range ? Math.max(0, analysisFrom.getAsInt()) : 0;
        int to = range ? analysisTo.getAsInt() : -1;
        boolean measure = faithfulness.get();
        String mask = maskModel.get();
        OrtRuntime.Device dev = device.get();
        Path v = s.video();
        job.start(WHOLE_RUN, "Explaining " + (range ? "frames " + from + ":" + (to < 0 ? "end" : to) : "the whole video") + " with "
                + id + "…", "Cancelled; the maps stored so far are kept and the next run continues from there.", ctx -> {
                    ModelRegistry.Entry e = installed.catalog().find(id);
                    ExplainRun.Result r;
                    VideoSession.StoredMaps maps;
                    try (ResultsStore store = ResultsStore.open(s.storeFile())) {
                        r = ExplainRun.run(v, e, store, from, to, settings, dev, ctx);
                        maps = VideoSession.loadMaps(store, r.run());
                    }
                    ctx.progress(-1, "measuring the maps…");
                    return new Object[] {r, maps, measureRun(s.storeFile(), r.runId(), measure, e, segmenterEntry(mask), dev, ctx)};
                }, o -> {
                    ExplainRun.Result r = (ExplainRun.Result) o[0];
                    if (s == session.get()) {
                        showMetrics((ExplainMetrics.RunMetrics) o[2]);
                    }
                    if (!s.isClosed()) {
                        s.showMaps((VideoSession.StoredMaps) o[1]);
                    }
                    String said = r.reusedAll() ? "These maps were already stored: the overlay follows them."
                            : String.format(Locale.ROOT, "Stored the maps of %d frames (%.3f s a frame); the overlay follows them as you play.",
                            r.processed(), r.secondsPerFrame());
                    String gaps = org.dancelens.analysis.Undecodable.sentence(v.getFileName().toString(), r.undecodable(), r.damageNote());
                    job.say(gaps == null ? said : said + " " + gaps);
                }, (error, cancelled) -> {
                    if (cancelled && !s.isClosed()) {
                        reloadStored(s);
                    }
                });
    }

    /** After a cancel: what the run stored so far is shown. */
    private void reloadStored(VideoSession s) {
        String abs = s.video().toAbsolutePath().toString();
        tasks.submit("Loading stored maps", ctx -> {
            try (ResultsStore store = ResultsStore.open(s.storeFile())) {
                return store.runs().newestWithResults(abs, org.dancelens.analysis.store.RunKind.EXPLAIN).map(r -> VideoSession.loadMaps(store, r))
                        .orElse(null);
            }
        }, TaskRunner.Callbacks.of(m -> {
            if (!s.isClosed() && m != null) {
                s.showMaps(m);
            }
        }, e -> dialogs.reportFailure(s.name(), LOG, "Loading the stored maps of " + s.name(), e)));
    }

    /** Stops a whole run (what it stored is kept) or a measurement. */
    public void cancelWholeRun() {
        if (wholeRunning.get()) {
            job.cancel();
        }
    }

    /** Measures the run on display again (with faithfulness on sampled frames when that is asked for). */
    public void measure() {
        VideoSession s = session.get();
        ExplainMetrics.RunMetrics shown = metrics;
        if (s == null || shown == null || job.runningProperty().get()) {
            return;
        }
        boolean measure = faithfulness.get();
        String mask = maskModel.get();
        OrtRuntime.Device dev = device.get();
        long runId = shown.run().id();
        String modelId = shown.run().modelId();
        job.start(MEASUREMENT, "Measuring the stored maps…", "Measuring cancelled.", ctx -> {
            ModelRegistry.Entry e = measure ? installed.catalog().find(modelId) : null;
            return measureRun(s.storeFile(), runId, measure, e, segmenterEntry(mask), dev, ctx);
        }, m -> {
            if (s == session.get()) {
                showMetrics(m);
            }
            job.say("Measured " + m.frames().size() + " stored maps.");
        }, null);
    }

    /** Writes the shown run's metrics as CSV and JSON into a folder the user picks. */
    public void exportMetrics() {
        VideoSession s = session.get();
        ExplainMetrics.RunMetrics m = metrics;
        if (s == null || m == null) {
            return;
        }
        java.util.Optional<Path> dir = dialogs.chooseFolder("Export explanation metrics");
        if (dir.isEmpty()) {
            return;
        }
        String name = s.video().getFileName().toString().replaceFirst("\\.[^.]+$", "") + "-explain-metrics";
        tasks.submit("Exporting metrics", ctx -> ExplainMetricsExport.write(m, dir.get(), name),
                TaskRunner.Callbacks.of(files -> job.say("Metrics written to " + files[0].getFileName() + " and "
                        + files[1].getFileName() + " in " + dir.get() + "."), e -> dialogs.reportFailure(s.name(), LOG, "Exporting the metrics of " + s.name(), e)));
    }

    private void modelChosen(String id) {
        VideoSession shown = session.get();
        if (!followingDisplay && shown != null && id != null && !job.runningProperty().get()) {
            // what the other model showed is not this model's: its map of the frame, its thumbnails, its stored maps
            shown.clearHeat();
            depthMaps.clear();
            mapsRuns.showNewestOf(id, () -> {
                if (shown == session.get() && id.equals(selectedModel.get()) && !job.runningProperty().get() && !shown.isClosed()) {
                    shown.showMaps(null);
                    storedRun.set("No stored maps from " + id + " for this video yet.");
                }
            });
        }
        Choices.offer(layers, List.of(DEFAULT_LAYER), selectedLayer, DEFAULT_LAYER);
        Choices.offer(blocks, List.of(NO_BLOCK), leftOut, NO_BLOCK);
        Choices.offer(classes, List.of(TOP), selectedClass, TOP);
        if (id == null) {
            return;
        }
        tasks.submit("Reading layers", ctx -> {
            ModelRegistry.Entry e = installed.catalog().find(id);
            // layout-only tensors (the input transposed, casts) are not layers a researcher means
            List<String> names = FrameExplainer.layers(e).stream()
                    .filter(l -> !List.of("Transpose", "Identity", "Cast", "Reshape").contains(l.opType()))
                    .map(OnnxGraph.Layer::tensor).toList();
            List<String> labels = e.card().labels() != null ? e.card().labels() : List.of();
            List<String> blockNames = FrameExplainer.blocks(e).stream().map(org.dancelens.inference.ResidualBlocks.Block::name).toList();
            return new Object[] {names, labels, blockNames};
        }, TaskRunner.Callbacks.of(r -> {
            if (!id.equals(selectedModel.get())) {
                return;
            }
            @SuppressWarnings("unchecked")
            List<String> names = (List<String>) r[0];
            @SuppressWarnings("unchecked")
            List<String> labels = (List<String>) r[1];
            @SuppressWarnings("unchecked")
            List<String> blockNames = (List<String>) r[2];
            List<String> deepestFirst = new java.util.ArrayList<>(List.of(DEFAULT_LAYER));
            for (int i = names.size() - 1; i >= 0; i--) {
                deepestFirst.add(names.get(i));
            }
            namePrefix = commonPrefix(names);
            Choices.offer(layers, deepestFirst, selectedLayer, DEFAULT_LAYER);
            List<String> classChoices = new java.util.ArrayList<>(List.of(TOP));
            classChoices.addAll(labels);
            Choices.offer(classes, classChoices, selectedClass, TOP);
            List<String> blockChoices = new java.util.ArrayList<>(List.of(NO_BLOCK));
            blockChoices.addAll(blockNames);
            Choices.offer(blocks, blockChoices, leftOut, NO_BLOCK);
            job.say(names.size() + " layers can be explained; the deepest is the usual choice."
                    + (blockNames.isEmpty() ? "" : " " + blockNames.size() + " residual block" + (blockNames.size() == 1 ? "" : "s")
                    + " can be left out in the depth-wise view."));
        }, e -> {
            String sentence = Failures.logged(LOG, "Reading the layers of " + id, e);
            job.say(sentence);
            dialogs.reportError("Explain · " + id, sentence);
        }));
    }

    /** Explains the frame on screen in the background and shows the map over it. */
    public void explainFrame() {
        VideoSession s = session.get();
        VideoFrame f = s == null ? null : s.frame();
        String id = selectedModel.get();
        if (f == null || id == null || job.runningProperty().get()) {
            return;
        }
        String layer = DEFAULT_LAYER.equals(selectedLayer.get()) ? null : selectedLayer.get();
        GradCam.Method m = ExplainRun.method(method.get());
        int cls = TOP.equals(selectedClass.get()) ? -1 : classes.indexOf(selectedClass.get()) - 1;
        OrtRuntime.Device dev = device.get();
        String methodName = method.get();
        job.start("explanation", "Explaining frame " + f.index() + "…", ctx -> {
            String key = id + "|" + layer + "|" + dev + "|" + FrameExplainer.needsGradients(m);
            if (explainer == null || !key.equals(explainerKey)) {
                if (explainer != null) {
                    explainer.close();
                    explainer = null;
                }
                explainer = FrameExplainer.open(installed.catalog().find(id), layer, List.of(), FrameExplainer.needsGradients(m), dev);
                explainerKey = key;
            }
            long t0 = System.nanoTime();
            FrameExplainer.Result r = m == null ? explainer.scoreCam(f, cls) : explainer.explain(f, cls, m);
            return new Object[] {r, (System.nanoTime() - t0) / 1e6, explainer.layer()};
        }, o -> {
            FrameExplainer.Result r = (FrameExplainer.Result) o[0];
            if (!s.isClosed()) {
                s.showHeat(f.index(), r.cam().map(), r.cam().height(), r.cam().width(), r.region());
            }
            float best = r.scores()[r.classIndex()];
            job.say(String.format(Locale.ROOT, "Frame %d: %s (score %.3f), %s at %s, %.0f ms.", f.index(), r.label(), best, methodName,
                    shortName((String) o[2]), (Double) o[1]));
        });
    }

    /**
     * A layer or block name as the choosers show it: without the path all of the model's layers share (e.g.
     * "StatefulPartitionedCall/model_1/"), so that the part that tells them apart fits.
     */
    public String displayName(String tensor) {
        return tensor != null && !namePrefix.isEmpty() && tensor.startsWith(namePrefix) && tensor.length() > namePrefix.length()
                ? "…/" + tensor.substring(namePrefix.length()) : tensor;
    }

    /** The longest path prefix (up to and including a '/') that all names share; "" when there is none. */
    public static String commonPrefix(List<String> names) {
        if (names.isEmpty()) {
            return "";
        }
        String p = names.get(0);
        for (String n : names) {
            int k = 0;
            while (k < p.length() && k < n.length() && p.charAt(k) == n.charAt(k)) {
                k++;
            }
            p = p.substring(0, k);
        }
        int slash = p.lastIndexOf('/');
        return slash < 0 ? "" : p.substring(0, slash + 1);
    }

    /** A tensor's last two path segments (e.g. "…/add_2/add"): enough to tell layers apart in a caption. */
    static String shortName(String tensor) {
        int slash = tensor.lastIndexOf('/', tensor.length() - 2);
        int before = slash <= 0 ? -1 : tensor.lastIndexOf('/', slash - 1);
        return before < 0 ? tensor : "…" + tensor.substring(before);
    }

    /**
     * The depth-wise view: the same frame's map at an early, a middle and the deepest layer, side by side (the
     * comparison researchers otherwise make by hand); with a block chosen in {@link #leftOutBlockProperty()}, each
     * layer's map beside the map, for the same class, of the model with that block's main path left out.
     */
    public void depthWise() {
        VideoSession s = session.get();
        VideoFrame f = s == null ? null : s.frame();
        String id = selectedModel.get();
        List<String> names = layers.stream().filter(l -> !DEFAULT_LAYER.equals(l)).toList(); // deepest first
        if (f == null || id == null || job.runningProperty().get() || names.isEmpty()) {
            return;
        }
        List<String> order = new java.util.ArrayList<>(names.size() <= 3 ? names
                : List.of(names.get(names.size() - 1), names.get(names.size() / 2), names.get(0)));
        if (names.size() <= 3) {
            java.util.Collections.reverse(order); // early first
        }
        int cls = TOP.equals(selectedClass.get()) ? -1 : classes.indexOf(selectedClass.get()) - 1;
        String cmapName = overlay.colorMapProperty().get();
        double alpha = overlay.heatOpacityProperty().get();
        String block = NO_BLOCK.equals(leftOut.get()) ? null : leftOut.get();
        OrtRuntime.Device dev = device.get();
        job.start("depth-wise view", "Maps at " + order.size() + " depths" + (block == null ? "" : ", with and without " + shortName(block)) + "…",
                ctx -> {
                    ModelRegistry.Entry e = installed.catalog().find(id);
                    List<DepthMap> out = new java.util.ArrayList<>();
                    for (String l : order) {
                        ctx.checkCancelled();
                        Object[] with = depthMap(e, l, List.of(), f, cls, cmapName, alpha, dev);
                        Object[] without = new Object[3];
                        if (block != null) {
                            try {
                                // the same class on both sides, or the maps would answer different questions
                                without = depthMap(e, l, List.of(block), f, (Integer) with[2], cmapName, alpha, dev);
                            } catch (DanceLensException ex) {
                                without[0] = Failures.sentence(ex); // a layer on the block's main path is gone with it
                            }
                        }
                        out.add(new DepthMap(l, (String) with[0], (byte[]) with[1], block == null ? null : "without " + shortName(block) + ": " + without[0],
                                (byte[]) without[1]));
                    }
                    return out;
                }, list -> {
                    if (s != session.get()) { // the maps are of this video's frame: not shown beside another video
                        job.say("The depth-wise view of frame " + f.index() + " was made while another video was on screen: ask for it again to see it.");
                        return;
                    }
                    depthMaps.setAll(list);
                    job.say("Grad-CAM of frame " + f.index() + " at " + list.size() + " depths, early to deep"
                            + (block == null ? "." : "; right: without " + shortName(block) + "."));
                });
    }

    /** One layer's Grad-CAM over the frame: {caption, PNG bytes, class explained}. */
    private static Object[] depthMap(ModelRegistry.Entry e, String layer, List<String> without, VideoFrame f, int cls, String cmapName, double alpha,
                                     OrtRuntime.Device dev) throws java.io.IOException {
        try (FrameExplainer fe = FrameExplainer.open(e, layer, without, dev)) {
            FrameExplainer.Result r = fe.explain(f, cls, GradCam.Method.GRAD_CAM);
            java.awt.image.BufferedImage img = org.dancelens.export.HeatMapExport.overlay(f, new org.dancelens.render.HeatMapLayer(r.cam().map(),
                    r.cam().height(), r.cam().width(), r.region(), org.dancelens.render.Palette.ColorMap.of(cmapName), alpha));
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(img, "png", bytes);
            return new Object[] {shortName(layer) + " (" + r.cam().lowHeight() + "x" + r.cam().lowWidth() + ") · "
                    + String.format(java.util.Locale.ROOT, "%s %.2f", r.label(), r.scores()[r.classIndex()]), bytes.toByteArray(), r.classIndex()};
        }
    }

    /** The segmenter chosen (looked up on the worker thread), or null for the pose runs' masks and hulls. */
    private ModelRegistry.Entry segmenterEntry(String id) {
        return id == null || POSE_RUN_MASKS.equals(id) ? null : installed.catalog().find(id);
    }

    /**
     * The Explain tab was left: the map made on demand for the frame on screen and the depth-wise thumbnails go
     * (their choices are no longer in sight); stored maps the overlay follows stay, as the overlay setting says.
     */
    public void tabLeft() {
        VideoSession s = session.get();
        if (s != null) {
            s.clearHeatMadeOnDemand();
        }
        depthMaps.clear();
    }

    /** Takes the map off the video on screen. */
    public void clear() {
        VideoSession s = session.get();
        if (s != null) {
            s.clearHeat();
        }
    }

    // ---- properties ----

    /** Where the dancers' outline for the foreground/background ratio comes from: the pose runs, or a person segmenter. */
    public ObservableList<String> maskModels() {
        return maskModels;
    }

    public StringProperty maskModelProperty() {
        return maskModel;
    }

    /** The model's residual blocks ("none" first), for leaving one out in the depth-wise view. */
    public ObservableList<String> blocks() {
        return blocks;
    }

    public StringProperty leftOutBlockProperty() {
        return leftOut;
    }

    public ObservableList<DepthMap> depthMaps() {
        return depthMapsView;
    }

    public ObservableList<String> rangeChoices() {
        return rangeChoices;
    }

    public StringProperty rangeChoiceProperty() {
        return rangeChoice;
    }

    /** True while a whole run or a measurement goes on (either can be cancelled). */
    public ReadOnlyBooleanProperty wholeRunningProperty() {
        return wholeRunning.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return job.progressProperty();
    }

    /** When on, the overlay shows the stored map of each frame as it is shown (a display setting of every video). */
    public BooleanProperty followStoredProperty() {
        return overlay.followStoredMapsProperty();
    }

    /** When on, whole runs and measuring also measure faithfulness on a few sampled frames (this runs the model). */
    public BooleanProperty faithfulnessProperty() {
        return faithfulness;
    }

    public ReadOnlyBooleanProperty hasStoredProperty() {
        return hasStored.getReadOnlyProperty();
    }

    /** The stored explain runs of the video on screen, the one on display chosen; choosing another shows it. */
    public StoredRuns mapsRuns() {
        return mapsRuns;
    }

    public ReadOnlyBooleanProperty videoOpenProperty() {
        return videoOpen.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty storedRunProperty() {
        return storedRun.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty framesDoneProperty() {
        return framesDone.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty meanFgBgProperty() {
        return meanFgBg.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty maskSourceProperty() {
        return maskSource.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty meanIouProperty() {
        return meanIou.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty faithfulnessSummaryProperty() {
        return faithfulnessSummary.getReadOnlyProperty();
    }

    public ObservableList<String> models() {
        return models;
    }

    public StringProperty selectedModelProperty() {
        return selectedModel;
    }

    public ObservableList<String> layers() {
        return layers;
    }

    public StringProperty selectedLayerProperty() {
        return selectedLayer;
    }

    public ObservableList<String> methods() {
        return methods;
    }

    public StringProperty methodProperty() {
        return method;
    }

    public ObservableList<String> classes() {
        return classes;
    }

    public StringProperty selectedClassProperty() {
        return selectedClass;
    }

    public ObservableList<String> colorMaps() {
        return colorMaps;
    }

    /** The heat maps' colour map (a display setting of every video). */
    public StringProperty colorMapProperty() {
        return overlay.colorMapProperty();
    }

    /** The heat maps' strongest opacity (a display setting of every video). */
    public DoubleProperty opacityProperty() {
        return overlay.heatOpacityProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return job.runningProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return job.statusProperty();
    }
}
