package org.dancelens.ui.analysis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.dancelens.analysis.PoseAnalysis;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.analysis.store.RunKind;
import org.dancelens.analysis.Workspace;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.Pose;
import org.dancelens.core.TaskRunner;
import org.dancelens.inference.ModelCard;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.ui.DialogService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pose analysis panel: pick a pose model, run it over the open video in the background (progress, cancel), and
 * hand the stored results to the player as overlays. Reopening a video loads its stored results.
 */
public class AnalysisViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(AnalysisViewModel.class);

    /** Stored poses of a run: raw and smoothed by frame, and each dancer's confidence over the video's frames. */
    public record Results(long runId, Map<Integer, List<Pose>> raw, Map<Integer, List<Pose>> smoothed, String modelId, int frames,
                          List<org.dancelens.ui.timeline.TimelineViewModel.Series> confidence) {
    }

    private final TaskRunner tasks;
    private final DialogService dialogs;
    private final List<Path> modelFolders;
    private final java.util.function.Consumer<Results> resultsSink;
    private final ObservableList<String> models = FXCollections.observableArrayList();
    private final StringProperty selectedModel = new SimpleStringProperty();
    private final BooleanProperty running = new SimpleBooleanProperty(false);
    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    private final StringProperty status = new SimpleStringProperty("Open a video, pick a pose model and run it.");
    private final IntegerProperty fromFrame = new SimpleIntegerProperty(0);
    private final IntegerProperty toFrame = new SimpleIntegerProperty(-1);
    private final ObjectProperty<Path> video = new SimpleObjectProperty<>();
    private final StringProperty range = new SimpleStringProperty("");
    private final StringProperty smoothing = new SimpleStringProperty("one-euro");
    private final StringProperty device = new SimpleStringProperty("CPU");
    private final ObservableList<String> devices = FXCollections.observableArrayList("CPU");
    private final ObservableList<String> smoothings = FXCollections.observableArrayList("one-euro", "savgol", "butterworth", "none");
    private volatile long lastPreview;
    private volatile boolean previewing;
    private TaskRunner.Handle job;
    private long shownRun = -1;

    public AnalysisViewModel(TaskRunner tasks, DialogService dialogs, List<Path> modelFolders, java.util.function.Consumer<Results> resultsSink) {
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.modelFolders = modelFolders;
        this.resultsSink = resultsSink;
        range.addListener((o, a, b) -> parseRange(b));
        refreshModels();
        // CUDA is offered only where ONNX Runtime has it (the cuda build on a machine with a GPU); asking loads the
        // native library, so not on the UI thread.
        tasks.submit("Devices", ctx -> OrtRuntime.cudaAvailable(), TaskRunner.Callbacks.of(cuda -> {
            if (Boolean.TRUE.equals(cuda) && !devices.contains("CUDA")) {
                devices.add("CUDA");
            }
            if (!devices.contains(device.get())) {
                device.set("CPU");
            }
        }, e -> LOG.warn("Could not ask ONNX Runtime for its devices: {}", e.getMessage(), e)));
    }

    /** The device chosen for inference (CUDA only when available). */
    public OrtRuntime.Device chosenDevice() {
        return "CUDA".equals(device.get()) && devices.contains("CUDA") ? OrtRuntime.Device.CUDA : OrtRuntime.Device.CPU;
    }

    /** "FROM:TO" frames (either may be empty; empty text: the whole video); a malformed range is said in the status. */
    private void parseRange(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            fromFrame.set(0);
            toFrame.set(-1);
            return;
        }
        String[] p = t.split(":", -1);
        try {
            if (p.length != 2) {
                throw new NumberFormatException();
            }
            int a = p[0].isBlank() ? 0 : Integer.parseInt(p[0].strip());
            int b = p[1].isBlank() ? -1 : Integer.parseInt(p[1].strip());
            if (a < 0 || b >= 0 && b <= a) {
                throw new NumberFormatException();
            }
            fromFrame.set(a);
            toFrame.set(b);
        } catch (NumberFormatException e) {
            status.set("Frames are FROM:TO, e.g. 100:500 (TO excluded; either may be left out).");
        }
    }

    /** Reads the installed pose models (in the background is not needed: cards are small files). */
    public final void refreshModels() {
        ModelRegistry reg = ModelRegistry.scan(modelFolders);
        models.setAll(reg.entries().stream().filter(e -> e.card().task() == ModelCard.Task.POSE).map(e -> e.card().id()).sorted().toList());
        if (selectedModel.get() == null || !models.contains(selectedModel.get())) {
            selectedModel.set(models.contains("movenet-multipose") ? "movenet-multipose" : models.isEmpty() ? null : models.get(0));
        }
        if (models.isEmpty()) {
            status.set("No pose models installed: build the zoo with src/scripts/build-model-zoo.sh.");
        }
    }

    /** A video was opened: show its stored results, if any. */
    public void videoOpened(Path path) {
        video.set(path);
        Path storeFile = Workspace.storeFor(path);
        if (!Files.exists(storeFile)) {
            status.set("No pose results for this video yet.");
            return;
        }
        tasks.submit("Loading results", ctx -> load(storeFile, path, -1), TaskRunner.Callbacks.of(r -> {
            if (r != null && path.equals(video.get())) {
                shownRun = r.runId();
                resultsSink.accept(r);
                status.set("Showing stored poses from " + r.modelId() + ".");
            }
        }, e -> LOG.warn("Loading stored results failed: {}", e.getMessage(), e)));
    }

    /** The newest pose run of the video in its store (or run {@code runId}), raw and smoothed. */
    static Results load(Path storeFile, Path video, long runId) {
        try (ResultsStore store = ResultsStore.open(storeFile)) {
            String abs = video.toAbsolutePath().toString();
            Run run = (runId < 0 ? store.runs().newestWithResults(abs, RunKind.POSE) : store.runs().find(runId)).orElse(null);
            if (run == null) {
                return null;
            }
            Map<Integer, List<Pose>> raw = store.poses().read(run.id(), run.spec().fromFrame(), run.spec().toFrame(), false);
            return new Results(run.id(), raw, store.poses().read(run.id(), run.spec().fromFrame(), run.spec().toFrame(), true), run.spec().modelId(),
                    run.spec().videoFrames(), org.dancelens.ui.timeline.TimelineViewModel.confidence(raw, run.spec().videoFrames()));
        }
    }

    /** Runs the selected model over the open video (or the frame range set), in the background. */
    public void run() {
        Path v = video.get();
        String id = selectedModel.get();
        if (v == null || id == null || running.get()) {
            return;
        }
        running.set(true);
        progress.set(-1);
        status.set("Starting " + id + "…");
        int from = fromFrame.get();
        int to = toFrame.get();
        PoseAnalysis.Settings settings = new PoseAnalysis.Settings(smoothing.get(), 0.2f, 1.0, 0.05, 0);
        OrtRuntime.Device dev = chosenDevice();
        lastPreview = System.nanoTime();
        job = tasks.submit("Pose analysis", ctx -> {
            ModelRegistry.Entry entry = ModelRegistry.scan(modelFolders).find(id);
            Path storeFile = Workspace.storeFor(v);
            long runId;
            PoseAnalysis.Result r;
            try (ResultsStore store = ResultsStore.open(storeFile)) {
                r = PoseAnalysis.run(v, entry, store, from, to, settings, dev, ctx);
                runId = r.runId();
            }
            Results res = load(storeFile, v, runId);
            return new Object[] {r, res};
        }, new TaskRunner.Callbacks<Object[]>() {
            @Override
            public void progress(double fraction, String message) {
                progress.set(fraction);
                status.set(message);
                preview(v, id);
            }

            @Override
            public void succeeded(Object[] result) {
                running.set(false);
                progress.set(1);
                PoseAnalysis.Result r = (PoseAnalysis.Result) result[0];
                Results res = (Results) result[1];
                if (res != null && v.equals(video.get())) {
                    shownRun = res.runId();
                    resultsSink.accept(res);
                }
                status.set(r.reusedAll() ? "Already analysed with " + id + ": showing the stored poses."
                        : String.format(Locale.ROOT, "%d frames analysed with %s (%.1f frames/s).", r.processed(), id, r.framesPerSecond()));
            }

            @Override
            public void failed(DanceLensException error) {
                org.dancelens.ui.JobFailure.report(error, "analysis", "Cancelled; the frames done so far are kept and the next run continues from there.", running, progress, status, dialogs, LOG);
            }
        });
    }

    public void cancel() {
        if (job != null) {
            job.cancel();
        }
    }

    /** While a run goes on, what it has stored so far is shown every two seconds. */
    private void preview(Path v, String modelId) {
        if (previewing || System.nanoTime() - lastPreview < 2_000_000_000L) {
            return;
        }
        previewing = true;
        lastPreview = System.nanoTime();
        Path storeFile = Workspace.storeFor(v);
        tasks.submit("Showing results so far", ctx -> load(storeFile, v, -1), TaskRunner.Callbacks.of(r -> {
            previewing = false;
            if (r != null && running.get() && v.equals(video.get()) && r.modelId().equals(modelId)) {
                shownRun = r.runId();
                resultsSink.accept(r);
            }
        }, e -> previewing = false));
    }

    public StringProperty rangeProperty() {
        return range;
    }

    public StringProperty smoothingProperty() {
        return smoothing;
    }

    public ObservableList<String> smoothings() {
        return smoothings;
    }

    public StringProperty deviceProperty() {
        return device;
    }

    public ObservableList<String> devices() {
        return devices;
    }

    /** Identity correction: dancers {@code a} and {@code b} trade identities from {@code fromFrame} on. */
    public void swapIdentities(int a, int b, int fromFrame) {
        correct(a, b, fromFrame, true);
    }

    /** Identity correction: dancer {@code from} becomes {@code into} from {@code fromFrame} on. */
    public void mergeIdentity(int from, int into, int fromFrame) {
        correct(from, into, fromFrame, false);
    }

    private void correct(int a, int b, int fromFrame, boolean swap) {
        Path v = video.get();
        long runId = shownRun;
        if (v == null || runId < 0 || a < 0 || b < 0 || a == b || running.get()) {
            if (a == b && a >= 0) {
                dialogs.showError("Pick another dancer to " + (swap ? "swap with." : "merge into."));
            }
            return;
        }
        Path storeFile = Workspace.storeFor(v);
        tasks.submit("Correcting identities", ctx -> {
            try (ResultsStore store = ResultsStore.open(storeFile)) {
                if (swap) {
                    store.poses().swapTracks(runId, a, b, fromFrame);
                } else {
                    store.poses().mergeTracks(runId, a, b, fromFrame);
                }
            }
            return load(storeFile, v, runId);
        }, TaskRunner.Callbacks.of(r -> {
            if (r != null && v.equals(video.get())) {
                resultsSink.accept(r);
                status.set(swap ? String.format(Locale.ROOT, "Dancers #%d and #%d swapped from frame %d on.", a, b, fromFrame)
                        : String.format(Locale.ROOT, "Dancer #%d merged into #%d from frame %d on.", a, b, fromFrame));
            }
        }, e -> dialogs.showError(e.getMessage())));
    }

    public ObservableList<String> models() {
        return models;
    }

    public StringProperty selectedModelProperty() {
        return selectedModel;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running;
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status;
    }

    public IntegerProperty fromFrameProperty() {
        return fromFrame;
    }

    public IntegerProperty toFrameProperty() {
        return toFrame;
    }
}
