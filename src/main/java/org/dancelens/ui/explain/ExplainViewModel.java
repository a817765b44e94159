package org.dancelens.ui.explain;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.dancelens.analysis.ExplainMetrics;
import org.dancelens.analysis.ExplainRun;
import org.dancelens.analysis.FrameExplainer;
import org.dancelens.analysis.ResultsStore;
import org.dancelens.analysis.Workspace;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.TaskRunner;
import org.dancelens.core.VideoFrame;
import org.dancelens.explain.GradCam;
import org.dancelens.export.ExplainMetricsExport;
import org.dancelens.inference.ModelCard;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OnnxGraph;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.ui.DialogService;
import org.dancelens.ui.player.PlayerViewModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Explain tab: a class-activation map of the frame on screen for an image classifier — model, layer, method,
 * class (its top label or a chosen one), colour map and opacity — computed in the background and laid over the video.
 * The prepared model (its gradient graph) is kept while model and layer stay the same.
 * <p>
 * Whole runs: the same choices over every frame of the video (or the Poses tab's range) in the background, stored
 * at low resolution in the video's results store; while the overlay follows stored maps, each frame shown gets its
 * stored map, upsampled, without running the model. The run's metrics (foreground/background ratio, consecutive-frame
 * overlap, optionally faithfulness on sampled frames) are shown and can be exported.
 */
public class ExplainViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(ExplainViewModel.class);
    static final String TOP = "top label";
    static final String DEFAULT_LAYER = "deepest (default)";

    private final TaskRunner tasks;
    private final DialogService dialogs;
    private final List<Path> modelFolders;
    private final Supplier<VideoFrame> frame;
    private final Supplier<OrtRuntime.Device> device;
    private final Consumer<PlayerViewModel.HeatOverlay> sink;
    private final ObservableList<String> models = FXCollections.observableArrayList();
    private final StringProperty selectedModel = new SimpleStringProperty();
    private final ObservableList<String> layers = FXCollections.observableArrayList();
    private final StringProperty selectedLayer = new SimpleStringProperty(DEFAULT_LAYER);
    private final ObservableList<String> methods = FXCollections.observableArrayList(ExplainRun.METHODS);
    private final StringProperty method = new SimpleStringProperty("gradcam");
    private final ObservableList<String> classes = FXCollections.observableArrayList(TOP);
    private final StringProperty selectedClass = new SimpleStringProperty(TOP);
    private final ObservableList<String> colorMaps = FXCollections.observableArrayList("jet", "viridis", "inferno");
    private final StringProperty colorMap = new SimpleStringProperty("jet");
    private final DoubleProperty opacity = new SimpleDoubleProperty(0.6);
    private final BooleanProperty running = new SimpleBooleanProperty(false);
    private final StringProperty status = new SimpleStringProperty("Pick an image classifier and explain the frame on screen.");
    /**
     * One layer of the depth-wise view: the frame with its map, as PNG bytes, and — when a block is left out — the
     * same layer's map of the model without that block and its caption (both null otherwise; the picture alone is null
     * when the layer has no map without the block, and the caption says why).
     */
    public record DepthMap(String layer, String caption, byte[] png, String withoutCaption, byte[] withoutPng) {
    }

    static final String NO_BLOCK = "none";
    private String namePrefix = "";
    static final String POSE_RUN_MASKS = "pose run";
    private final ObservableList<String> maskModels = FXCollections.observableArrayList(POSE_RUN_MASKS);
    private final StringProperty maskModel = new SimpleStringProperty(POSE_RUN_MASKS);
    private final ObservableList<String> blocks = FXCollections.observableArrayList(NO_BLOCK);
    private final StringProperty leftOut = new SimpleStringProperty(NO_BLOCK);

    private final ObservableList<DepthMap> depthMaps = FXCollections.observableArrayList();
    static final String WHOLE_VIDEO = "whole video";
    static final String POSES_RANGE = "Poses tab range";
    /** Frames measured for faithfulness when it is asked for. */
    static final int FAITHFULNESS_SAMPLE = 8;

    /** A stored map run, loaded for the overlay: its maps by frame, the input size they upsample to, and its metrics. */
    public record StoredRun(ResultsStore.CamRun run, Map<Integer, ResultsStore.CamFrame> maps, int inputHeight, int inputWidth,
                            ExplainMetrics.RunMetrics metrics) {
    }

    private final ObservableList<String> rangeChoices = FXCollections.observableArrayList(WHOLE_VIDEO, POSES_RANGE);
    private final StringProperty rangeChoice = new SimpleStringProperty(WHOLE_VIDEO);
    private final BooleanProperty wholeRunning = new SimpleBooleanProperty(false);
    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    private final BooleanProperty followStored = new SimpleBooleanProperty(true);
    private final BooleanProperty faithfulness = new SimpleBooleanProperty(false);
    private final BooleanProperty hasStored = new SimpleBooleanProperty(false);
    private final StringProperty storedRun = new SimpleStringProperty("No stored maps for this video.");
    private final StringProperty framesDone = new SimpleStringProperty("–");
    private final StringProperty meanFgBg = new SimpleStringProperty("–");
    private final StringProperty maskSource = new SimpleStringProperty("–");
    private final StringProperty meanIou = new SimpleStringProperty("–");
    private final StringProperty faithfulnessSummary = new SimpleStringProperty("–");
    private Path video;
    private IntSupplier analysisFrom = () -> 0;
    private IntSupplier analysisTo = () -> -1;
    private StoredRun stored;
    private int shownFrame = -1;
    private boolean overlayFromStore;
    private TaskRunner.Handle wholeJob;
    private PlayerViewModel.HeatOverlay last;
    private FrameExplainer explainer; // used on the task thread only, one task at a time
    private String explainerKey;

    public ExplainViewModel(TaskRunner tasks, DialogService dialogs, List<Path> modelFolders, Supplier<VideoFrame> frame,
                            Supplier<OrtRuntime.Device> device, Consumer<PlayerViewModel.HeatOverlay> sink) {
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.modelFolders = modelFolders;
        this.frame = frame;
        this.device = device;
        this.sink = sink;
        selectedModel.addListener((o, a, b) -> modelChosen(b));
        colorMap.addListener((o, a, b) -> restyle());
        opacity.addListener((o, a, b) -> restyle());
        followStored.addListener((o, a, b) -> {
            if (b) {
                frameShown(shownFrame);
            } else if (overlayFromStore) {
                clear();
            }
        });
    }

    /** Where the Poses tab's frame range comes from (FROM inclusive, TO exclusive or -1 for the end). */
    public void setAnalysisRange(IntSupplier from, IntSupplier to) {
        this.analysisFrom = from;
        this.analysisTo = to;
    }

    /** A video was opened: its newest stored map run, if any, is loaded for the overlay and the metrics panel. */
    public void videoOpened(Path path) {
        video = path;
        showStored(null);
        Path storeFile = Workspace.storeFor(path);
        if (!Files.exists(storeFile)) {
            return;
        }
        tasks.submit("Loading stored maps", ctx -> loadStored(storeFile, path, -1, false, null, null, ctx), TaskRunner.Callbacks.of(r -> {
            if (r != null && path.equals(video)) {
                showStored(r);
                status.set("Stored maps of " + r.run().framesDone() + " frames by " + r.run().spec().modelId() + " are shown as you play.");
            }
        }, e -> LOG.warn("Loading stored maps failed: {}", e.getMessage(), e)));
    }

    /**
     * The newest map run of the video (or run {@code camRunId}) with its maps and metrics; faithfulness is measured
     * when {@code model} is given. Null when there is none.
     */
    static StoredRun loadStored(Path storeFile, Path video, long camRunId, boolean measureFaithfulness, ModelRegistry.Entry model,
                                OrtRuntime.Device device, org.dancelens.core.TaskContext ctx) {
        return loadStored(storeFile, video, camRunId, measureFaithfulness, model, null, device, ctx);
    }

    /** As above; with a {@code segmenter}, the foreground/background ratios are measured against its person masks. */
    static StoredRun loadStored(Path storeFile, Path video, long camRunId, boolean measureFaithfulness, ModelRegistry.Entry model,
                                ModelRegistry.Entry segmenter, OrtRuntime.Device device, org.dancelens.core.TaskContext ctx) {
        try (ResultsStore store = ResultsStore.open(storeFile)) {
            ResultsStore.CamRun run = camRunId >= 0 ? store.camRun(camRunId)
                    : store.camRuns(video.toAbsolutePath().toString()).stream().filter(r -> r.framesDone() > 0).findFirst().orElse(null);
            if (run == null) {
                return null;
            }
            ExplainMetrics.RunSettings rs = ExplainMetrics.RunSettings.of(run);
            ExplainMetrics.RunMetrics m = ExplainMetrics.ofRun(store, run.id(), ctx);
            if (segmenter != null) {
                m = ExplainMetrics.withSegmenter(m, store, segmenter, device, ctx);
            }
            if (measureFaithfulness && model != null) {
                m = ExplainMetrics.withFaithfulness(m, store, model, FAITHFULNESS_SAMPLE, device, ctx);
            }
            return new StoredRun(store.camRun(run.id()), store.camFrames(run.id(), run.spec().fromFrame(), run.spec().toFrame()), rs.inputHeight(),
                    rs.inputWidth(), m);
        }
    }

    private void showStored(StoredRun r) {
        stored = r;
        if (r == null) {
            hasStored.set(false);
            storedRun.set("No stored maps for this video.");
            framesDone.set("–");
            meanFgBg.set("–");
            maskSource.set("–");
            meanIou.set("–");
            faithfulnessSummary.set("–");
            if (overlayFromStore) {
                clear();
            }
            return;
        }
        ResultsStore.CamRunSpec s = r.run().spec();
        storedRun.set(String.format(Locale.ROOT, "%s · %s · %s · class %s", s.modelId(), s.method(), shortName(s.layer()), s.classChoice()));
        framesDone.set(String.format(Locale.ROOT, "%d of %d (frames %d–%d, %s)", r.run().framesDone(), s.toFrame() - s.fromFrame(), s.fromFrame(),
                s.toFrame() - 1, r.run().status()));
        ExplainMetrics.Summary m = r.metrics().summary();
        maskSource.set(m.maskSource() == ExplainMetrics.MaskSource.NONE ? "unavailable (no pose run for this video)"
                : m.maskSource() == ExplainMetrics.MaskSource.MODEL ? m.maskSource().label() + " " + maskModel.get()
                : m.maskSource().label() + " (pose run " + m.poseRunId() + ")");
        meanFgBg.set(m.maskSource() == ExplainMetrics.MaskSource.NONE ? "unavailable"
                : Double.isNaN(m.meanFgBgRatio()) ? "unavailable (no dancers found)"
                : String.format(Locale.ROOT, "%.3f over %d frames", m.meanFgBgRatio(), m.fgBgFrames()));
        meanIou.set(Double.isNaN(m.meanConsistencyIou()) ? "unavailable (no consecutive frames)"
                : String.format(Locale.ROOT, "%.3f over %d pairs", m.meanConsistencyIou(), m.consistencyPairs()));
        faithfulnessSummary.set(m.faithfulnessFrames() == 0 ? "not measured"
                : String.format(Locale.ROOT, "deletion %.3f, insertion %.3f (%d frames)", m.meanDeletionAuc(), m.meanInsertionAuc(), m.faithfulnessFrames()));
        hasStored.set(true); // last: the panel's values are in place
        frameShown(shownFrame);
    }

    /**
     * The player shows frame {@code index}: while the overlay follows stored maps, that frame's stored map (upsampled
     * to the model's input, as an on-demand map is) goes over it; frames without one show none. Never runs a model.
     */
    public void frameShown(int index) {
        shownFrame = index;
        if (!followStored.get() || stored == null || index < 0) {
            return;
        }
        ResultsStore.CamFrame f = stored.maps().get(index);
        if (f == null) {
            if (overlayFromStore && last != null) {
                last = null;
                sink.accept(null);
            }
            return;
        }
        int h = stored.inputHeight() > 0 ? stored.inputHeight() : f.height();
        int w = stored.inputWidth() > 0 ? stored.inputWidth() : f.width();
        last = new PlayerViewModel.HeatOverlay(index, ExplainMetrics.upsampled(f, h, w), h, w, f.region(), colorMap.get(), opacity.get());
        overlayFromStore = true;
        sink.accept(last);
    }

    /**
     * Explains every frame of the video (or of the Poses tab's range) with the chosen model, layer, method and
     * class in the background, storing the maps; a stopped run continues where it stopped.
     */
    public void explainWholeRun() {
        Path v = video;
        String id = selectedModel.get();
        if (v == null || id == null || running.get()) {
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
        running.set(true);
        wholeRunning.set(true);
        progress.set(-1);
        status.set("Explaining " + (range ? "frames " + from + ":" + (to < 0 ? "end" : to) : "the whole video") + " with " + id + "…");
        wholeJob = tasks.submit("Explaining the whole run", ctx -> {
            ModelRegistry.Entry e = ModelRegistry.scan(modelFolders).find(id);
            Path storeFile = Workspace.storeFor(v);
            ExplainRun.Result r;
            try (ResultsStore store = ResultsStore.open(storeFile)) {
                r = ExplainRun.run(v, e, store, from, to, settings, dev, ctx);
            }
            ctx.progress(-1, "measuring the maps…");
            return new Object[] {r, loadStored(storeFile, v, r.camRunId(), measure, e, segmenterEntry(mask), dev, ctx)};
        }, new TaskRunner.Callbacks<Object[]>() {
            @Override
            public void progress(double fraction, String message) {
                progress.set(fraction);
                status.set(message);
            }

            @Override
            public void succeeded(Object[] o) {
                running.set(false);
                wholeRunning.set(false);
                progress.set(1);
                ExplainRun.Result r = (ExplainRun.Result) o[0];
                if (v.equals(video)) {
                    showStored((StoredRun) o[1]);
                }
                status.set(r.reusedAll() ? "These maps were already stored: the overlay follows them."
                        : String.format(Locale.ROOT, "Stored the maps of %d frames (%.3f s a frame); the overlay follows them as you play.",
                        r.processed(), r.secondsPerFrame()));
            }

            @Override
            public void failed(DanceLensException error) {
                wholeRunning.set(false);
                org.dancelens.ui.JobFailure.report(error, "whole-run explanation",
                        "Cancelled; the maps stored so far are kept and the next run continues from there.", running, progress, status, dialogs, LOG);
                if (error.kind() == DanceLensException.Kind.CANCELLED && v.equals(video)) {
                    reloadStored(v);
                }
            }
        });
    }

    private void reloadStored(Path v) {
        Path storeFile = Workspace.storeFor(v);
        tasks.submit("Loading stored maps", ctx -> loadStored(storeFile, v, -1, false, null, null, ctx), TaskRunner.Callbacks.of(r -> {
            if (v.equals(video)) {
                showStored(r);
            }
        }, e -> LOG.warn("Loading stored maps failed: {}", e.getMessage(), e)));
    }

    /** Stops a whole run (what it stored is kept) or a measurement. */
    public void cancelWholeRun() {
        if (wholeJob != null) {
            wholeJob.cancel();
        }
    }

    /** Measures the shown stored run again (with faithfulness on sampled frames when that is asked for). */
    public void measure() {
        StoredRun r = stored;
        Path v = video;
        if (r == null || v == null || running.get()) {
            return;
        }
        boolean measure = faithfulness.get();
        String mask = maskModel.get();
        OrtRuntime.Device dev = device.get();
        running.set(true);
        wholeRunning.set(true);
        progress.set(-1);
        status.set("Measuring the stored maps…");
        wholeJob = tasks.submit("Measuring maps", ctx -> {
            ModelRegistry.Entry e = measure ? ModelRegistry.scan(modelFolders).find(r.run().spec().modelId()) : null;
            return loadStored(Workspace.storeFor(v), v, r.run().id(), measure, e, segmenterEntry(mask), dev, ctx);
        }, new TaskRunner.Callbacks<StoredRun>() {
            @Override
            public void progress(double fraction, String message) {
                progress.set(fraction);
                status.set(message);
            }

            @Override
            public void succeeded(StoredRun s) {
                running.set(false);
                wholeRunning.set(false);
                progress.set(1);
                if (v.equals(video)) {
                    showStored(s);
                }
                status.set("Measured " + s.metrics().frames().size() + " stored maps.");
            }

            @Override
            public void failed(DanceLensException error) {
                wholeRunning.set(false);
                org.dancelens.ui.JobFailure.report(error, "measurement", "Measuring cancelled.", running, progress, status, dialogs, LOG);
            }
        });
    }

    /** Writes the shown run's metrics as CSV and JSON into a folder the user picks. */
    public void exportMetrics() {
        StoredRun r = stored;
        Path v = video;
        if (r == null || v == null) {
            return;
        }
        java.util.Optional<Path> dir = dialogs.chooseFolder("Export explanation metrics");
        if (dir.isEmpty()) {
            return;
        }
        String name = v.getFileName().toString().replaceFirst("\\.[^.]+$", "") + "-explain-metrics";
        tasks.submit("Exporting metrics", ctx -> ExplainMetricsExport.write(r.metrics(), dir.get(), name), TaskRunner.Callbacks.of(files -> {
            status.set("Metrics written to " + files[0].getFileName() + " and " + files[1].getFileName() + " in " + dir.get() + ".");
        }, e -> {
            LOG.warn("Exporting metrics failed: {}", e.getMessage(), e);
            dialogs.showError(e.getMessage());
        }));
    }

    public ObservableList<String> rangeChoices() {
        return rangeChoices;
    }

    public StringProperty rangeChoiceProperty() {
        return rangeChoice;
    }

    /** True while a whole run or a measurement goes on (either can be cancelled). */
    public ReadOnlyBooleanProperty wholeRunningProperty() {
        return wholeRunning;
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress;
    }

    /** When on, the overlay shows the stored map of each frame as it is shown. */
    public BooleanProperty followStoredProperty() {
        return followStored;
    }

    /** When on, whole runs and measuring also measure faithfulness on a few sampled frames (this runs the model). */
    public BooleanProperty faithfulnessProperty() {
        return faithfulness;
    }

    public ReadOnlyBooleanProperty hasStoredProperty() {
        return hasStored;
    }

    public ReadOnlyStringProperty storedRunProperty() {
        return storedRun;
    }

    public ReadOnlyStringProperty framesDoneProperty() {
        return framesDone;
    }

    public ReadOnlyStringProperty meanFgBgProperty() {
        return meanFgBg;
    }

    public ReadOnlyStringProperty maskSourceProperty() {
        return maskSource;
    }

    public ReadOnlyStringProperty meanIouProperty() {
        return meanIou;
    }

    public ReadOnlyStringProperty faithfulnessSummaryProperty() {
        return faithfulnessSummary;
    }

    /** Reads the installed image models (frame classifiers and image scorers). */
    public void refreshModels() {
        List<String> ids = ModelRegistry.scan(modelFolders).entries().stream().map(ModelRegistry.Entry::card)
                .filter(c -> c.task() == ModelCard.Task.FRAME_CLASSIFIER || c.task() == ModelCard.Task.SCORER && c.sequence() == null && c.clip() == null)
                .map(ModelCard::id).sorted().toList();
        models.setAll(ids);
        maskModels.setAll(POSE_RUN_MASKS);
        ModelRegistry.scan(modelFolders).entries().stream().map(ModelRegistry.Entry::card)
                .filter(c -> c.task() == ModelCard.Task.SEGMENTER && "mask-probability".equals(c.outputs().get(0).decoding()))
                .map(ModelCard::id).sorted().forEach(maskModels::add);
        if (!maskModels.contains(maskModel.get())) {
            maskModel.set(POSE_RUN_MASKS);
        }
        if (selectedModel.get() == null || !models.contains(selectedModel.get())) {
            selectedModel.set(models.isEmpty() ? null : models.get(0));
        }
        if (models.isEmpty()) {
            status.set("No image classifier installed: add one with Models ▸ Add ONNX Model….");
        }
    }

    private void modelChosen(String id) {
        layers.setAll(DEFAULT_LAYER);
        selectedLayer.set(DEFAULT_LAYER);
        blocks.setAll(NO_BLOCK);
        leftOut.set(NO_BLOCK);
        classes.setAll(TOP);
        selectedClass.set(TOP);
        if (id == null) {
            return;
        }
        tasks.submit("Reading layers", ctx -> {
            ModelRegistry.Entry e = ModelRegistry.scan(modelFolders).find(id);
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
            layers.setAll(DEFAULT_LAYER);
            for (int i = names.size() - 1; i >= 0; i--) {
                layers.add(names.get(i)); // deepest first
            }
            namePrefix = commonPrefix(names);
            classes.setAll(TOP);
            classes.addAll(labels);
            @SuppressWarnings("unchecked")
            List<String> blockNames = (List<String>) r[2];
            blocks.setAll(NO_BLOCK);
            blocks.addAll(blockNames);
            status.set(names.size() + " layers can be explained; the deepest is the usual choice."
                    + (blockNames.isEmpty() ? "" : " " + blockNames.size() + " residual block" + (blockNames.size() == 1 ? "" : "s")
                    + " can be left out in the depth-wise view."));
        }, e -> {
            LOG.warn("Reading the layers of {} failed: {}", id, e.getMessage(), e);
            status.set(e.getMessage());
        }));
    }

    /** Explains the frame on screen in the background and shows the map over it. */
    public void explainFrame() {
        VideoFrame f = frame.get();
        String id = selectedModel.get();
        if (f == null || id == null || running.get()) {
            return;
        }
        String layer = DEFAULT_LAYER.equals(selectedLayer.get()) ? null : selectedLayer.get();
        GradCam.Method m = ExplainRun.method(method.get());
        int cls = TOP.equals(selectedClass.get()) ? -1 : classes.indexOf(selectedClass.get()) - 1;
        OrtRuntime.Device dev = device.get();
        running.set(true);
        status.set("Explaining frame " + f.index() + "…");
        tasks.submit("Explaining a frame", ctx -> {
            String key = id + "|" + layer + "|" + dev;
            if (explainer == null || !key.equals(explainerKey)) {
                if (explainer != null) {
                    explainer.close();
                    explainer = null;
                }
                explainer = FrameExplainer.open(ModelRegistry.scan(modelFolders).find(id), layer, dev);
                explainerKey = key;
            }
            long t0 = System.nanoTime();
            FrameExplainer.Result r = m == null ? explainer.scoreCam(f, cls) : explainer.explain(f, cls, m);
            return new Object[] {r, (System.nanoTime() - t0) / 1e6, explainer.layer()};
        }, new TaskRunner.Callbacks<Object[]>() {
            @Override
            public void succeeded(Object[] o) {
                running.set(false);
                FrameExplainer.Result r = (FrameExplainer.Result) o[0];
                last = new PlayerViewModel.HeatOverlay(f.index(), r.cam().map(), r.cam().height(), r.cam().width(), r.region(), colorMap.get(),
                        opacity.get());
                overlayFromStore = false;
                sink.accept(last);
                float best = r.scores()[r.classIndex()];
                status.set(String.format(Locale.ROOT, "Frame %d: %s (score %.3f), %s at %s, %.0f ms.", f.index(), r.label(), best, method.get(),
                        shortName((String) o[2]), (Double) o[1]));
            }

            @Override
            public void failed(DanceLensException error) {
                running.set(false);
                LOG.warn("Explaining failed: {}", error.getMessage(), error);
                status.set("No map: see the message.");
                dialogs.showError(error.getMessage());
            }
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
        VideoFrame f = frame.get();
        String id = selectedModel.get();
        List<String> names = layers.stream().filter(l -> !DEFAULT_LAYER.equals(l)).toList(); // deepest first
        if (f == null || id == null || running.get() || names.isEmpty()) {
            return;
        }
        List<String> order = new java.util.ArrayList<>(names.size() <= 3 ? names
                : List.of(names.get(names.size() - 1), names.get(names.size() / 2), names.get(0)));
        if (names.size() <= 3) {
            java.util.Collections.reverse(order); // early first
        }
        int cls = TOP.equals(selectedClass.get()) ? -1 : classes.indexOf(selectedClass.get()) - 1;
        String cmapName = colorMap.get();
        double alpha = opacity.get();
        String block = NO_BLOCK.equals(leftOut.get()) ? null : leftOut.get();
        OrtRuntime.Device dev = device.get();
        running.set(true);
        status.set("Maps at " + order.size() + " depths" + (block == null ? "" : ", with and without " + shortName(block)) + "…");
        tasks.submit("Depth-wise maps", ctx -> {
            ModelRegistry.Entry e = ModelRegistry.scan(modelFolders).find(id);
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
                        without[0] = ex.getMessage(); // a layer on the block's main path is gone with it
                    }
                }
                out.add(new DepthMap(l, (String) with[0], (byte[]) with[1], block == null ? null : "without " + shortName(block) + ": " + without[0],
                        (byte[]) without[1]));
            }
            return out;
        }, TaskRunner.Callbacks.of(list -> {
            running.set(false);
            depthMaps.setAll(list);
            status.set("Grad-CAM of frame " + f.index() + " at " + list.size() + " depths, early to deep"
                    + (block == null ? "." : "; right: without " + shortName(block) + "."));
        }, e -> {
            running.set(false);
            dialogs.showError(e.getMessage());
        }));
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

    /** Where the dancers' outline for the foreground/background ratio comes from: the pose runs, or a person segmenter. */
    public ObservableList<String> maskModels() {
        return maskModels;
    }

    public StringProperty maskModelProperty() {
        return maskModel;
    }

    /** The segmenter chosen (looked up on the worker thread), or null for the pose runs' masks and hulls. */
    private ModelRegistry.Entry segmenterEntry(String id) {
        return id == null || POSE_RUN_MASKS.equals(id) ? null : ModelRegistry.scan(modelFolders).find(id);
    }

    /** The model's residual blocks ("none" first), for leaving one out in the depth-wise view. */
    public ObservableList<String> blocks() {
        return blocks;
    }

    public StringProperty leftOutBlockProperty() {
        return leftOut;
    }

    public ObservableList<DepthMap> depthMaps() {
        return depthMaps;
    }

    /** Takes the map off the video. */
    public void clear() {
        last = null;
        overlayFromStore = false;
        sink.accept(null);
    }

    private void restyle() {
        if (last != null) {
            last = new PlayerViewModel.HeatOverlay(last.frame(), last.map(), last.height(), last.width(), last.region(), colorMap.get(), opacity.get());
            sink.accept(last);
        }
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

    public StringProperty colorMapProperty() {
        return colorMap;
    }

    public DoubleProperty opacityProperty() {
        return opacity;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status;
    }
}
