package org.dancelens.ui.classify;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
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
import org.dancelens.analysis.ClassifyAnalysis;
import org.dancelens.analysis.ResultsStore;
import org.dancelens.analysis.Workspace;
import org.dancelens.classify.Aggregation;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.ScoreSeries;
import org.dancelens.core.TaskRunner;
import org.dancelens.inference.ModelCard;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.ui.DialogService;
import org.dancelens.ui.timeline.TimelineViewModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The style panel: pick a classifier or scorer (and, for skeleton models, the pose model that feeds it), run it
 * over the open video in the background, and show its verdicts: the top labels and segments of the chosen dancer
 * in the timeline, and a one-line summary. Reopening a video shows its newest stored classification.
 */
public class ClassifyViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(ClassifyViewModel.class);
    static final String WHOLE_FRAME = "whole frame";

    /** A stored classification: its series, segments per track and the video's frame count. */
    public record Loaded(String modelId, List<ScoreSeries> series, Map<Integer, List<Aggregation.Segment>> segments, int frames, Long poseRunId) {
    }

    /** Occlusion attribution of one dancer, ready to draw: per video frame (NaN where none) and per joint name, both 0..1. */
    public record Importance(int track, String label, float[] perFrame, Map<String, Float> perJoint) {
    }

    private final TaskRunner tasks;
    private final DialogService dialogs;
    private final List<Path> modelFolders;
    private final DoubleSupplier fps;
    private final java.util.function.IntSupplier currentFrame;
    private final Consumer<List<TimelineViewModel.Mark>> marksSink;
    private final Consumer<TimelineViewModel.ScoreLanes> lanesSink;
    private final ObservableList<String> models = FXCollections.observableArrayList();
    private final ObservableList<String> poseModels = FXCollections.observableArrayList();
    private final StringProperty selectedModel = new SimpleStringProperty();
    private final StringProperty selectedPoseModel = new SimpleStringProperty();
    private final BooleanProperty needsPose = new SimpleBooleanProperty(false);
    private final ObservableList<String> dancers = FXCollections.observableArrayList();
    private final StringProperty selectedDancer = new SimpleStringProperty();
    private final StringProperty summary = new SimpleStringProperty("");
    private final BooleanProperty running = new SimpleBooleanProperty(false);
    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    private final StringProperty status = new SimpleStringProperty("Pick a style model and run it on the open video.");
    private final Map<String, ModelCard> cards = new TreeMap<>();
    private final StringProperty rangeLabel = new SimpleStringProperty("");
    private final javafx.beans.property.IntegerProperty rangeStart = new javafx.beans.property.SimpleIntegerProperty(-1);
    private final javafx.beans.property.IntegerProperty rangeEnd = new javafx.beans.property.SimpleIntegerProperty(-1);
    private final ObservableList<ResultsStore.LabelledRange> ranges = FXCollections.observableArrayList();
    private final StringProperty newModelId = new SimpleStringProperty("my-styles");
    private final StringProperty trainMethod = new SimpleStringProperty("logistic");
    private final StringProperty trainReport = new SimpleStringProperty("");
    private Path video;
    private Loaded loaded;
    private java.util.function.Supplier<OrtRuntime.Device> device = () -> OrtRuntime.Device.CPU;
    private Consumer<Importance> importanceSink = i -> { };
    private final BooleanProperty canExplain = new SimpleBooleanProperty(false);
    private TaskRunner.Handle job;

    /**
     * @param currentFrame the player's frame (for marking ranges)
     * @param marksSink    receives the labelled ranges of the open video, for the timeline
     */
    public ClassifyViewModel(TaskRunner tasks, DialogService dialogs, List<Path> modelFolders, DoubleSupplier fps,
                             java.util.function.IntSupplier currentFrame, Consumer<TimelineViewModel.ScoreLanes> lanesSink,
                             Consumer<List<TimelineViewModel.Mark>> marksSink) {
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.modelFolders = modelFolders;
        this.fps = fps;
        this.currentFrame = currentFrame;
        this.lanesSink = lanesSink;
        this.marksSink = marksSink;
        ranges.addListener((javafx.collections.ListChangeListener<ResultsStore.LabelledRange>) c -> marksSink.accept(
                ranges.stream().map(r -> new TimelineViewModel.Mark(r.startFrame(), r.endFrame(), r.label())).toList()));
        selectedModel.addListener((o, a, b) -> {
            ModelCard c = b == null ? null : cards.get(b);
            needsPose.set(c != null && ClassifyAnalysis.needsPoses(c));
            // a taught model names the pose model its examples came from: use it
            String pose = c == null ? null : c.option("poseModel", (String) null);
            if (pose != null && poseModels.contains(pose)) {
                selectedPoseModel.set(pose);
            }
        });
        selectedDancer.addListener((o, a, b) -> showDancer());
        refreshModels();
    }

    /** Where an occlusion attribution goes (the timeline's importance lane and the player's joint colours). */
    public void setImportanceSink(Consumer<Importance> sink) {
        this.importanceSink = sink;
    }

    /** True when the shown classification is a skeleton model's on a dancer: then {@link #explainDancer()} works. */
    public ReadOnlyBooleanProperty canExplainProperty() {
        return canExplain;
    }

    /**
     * Why this verdict: for a skeleton model on a dancer, occlusion over time and over joints (blanking stretches of 6
     * model frames, and each joint), shown as an importance lane in the timeline and as joint colours on the dancer;
     * for a clip model on whole frames, occlusion over time (blanking a quarter of each clip's pictures at a time),
     * shown as the importance lane.
     */
    public void explainDancer() {
        Loaded l = loaded;
        String d = selectedDancer.get();
        Path v = video;
        if (l == null || d == null || v == null || running.get() || !canExplain.get()) {
            return;
        }
        ModelCard shown = cards.get(l.modelId());
        if (d.equals(WHOLE_FRAME)) {
            explainClip(l, v, shown);
            return;
        }
        int track = Integer.parseInt(d.substring("dancer ".length()));
        OrtRuntime.Device dev = device.get();
        running.set(true);
        status.set("Blanking moments and joints of dancer " + track + "…");
        tasks.submit("Why this verdict", ctx -> {
            ModelRegistry.Entry e = ModelRegistry.scan(modelFolders).find(l.modelId());
            try (ResultsStore store = ResultsStore.open(Workspace.storeFor(v));
                 org.dancelens.classify.SequenceClassifier sc = org.dancelens.classify.SequenceClassifier.open(e, dev)) {
                var poses = store.poses(l.poseRunId(), 0, Integer.MAX_VALUE, true);
                var t = org.dancelens.classify.PoseTrack.fromPoses(poses, store.frameTimes(l.poseRunId()), sc.recipe().world()).stream()
                        .filter(x -> x.track() == track).findFirst()
                        .orElseThrow(() -> DanceLensException.badInput("Dancer " + track + " has no poses in the stored run."));
                return importance(sc.attribute(t, -1, 6), sc.recipe().schema().joints(), l.frames(), track);
            }
        }, TaskRunner.Callbacks.of(imp -> {
            running.set(false);
            importanceSink.accept(imp);
            String top = imp.perJoint().entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("?");
            status.set("Dancer " + track + ", " + imp.label() + ": the orange lane shows when it mattered; joints coloured by importance ("
                    + top + " most).");
        }, err -> {
            running.set(false);
            dialogs.showError(err.getMessage());
        }));
    }

    private void explainClip(Loaded l, Path v, ModelCard card) {
        ScoreSeries s = l.series().stream().filter(x -> x.track() == -1).findFirst().orElse(null);
        if (s == null || s.size() == 0) {
            return;
        }
        int from = s.frames()[0];
        int to = s.frames()[s.size() - 1] + 1;
        int span = Math.max(1, org.dancelens.inference.image.ImageInput.of(card, true).frames() / 4);
        OrtRuntime.Device dev = device.get();
        running.set(true);
        progress.set(0);
        status.set("Blanking stretches of each clip…");
        job = tasks.submit("Why this verdict", ctx -> {
            ModelRegistry.Entry e = ModelRegistry.scan(modelFolders).find(l.modelId());
            return importance(ClassifyAnalysis.attributeClip(v, e, from, to, span, -1, dev, ctx), List.of(), l.frames(), -1);
        }, new TaskRunner.Callbacks<Importance>() {
            @Override
            public void progress(double fraction, String message) {
                progress.set(fraction);
                status.set("Blanking stretches of each clip: " + message);
            }

            @Override
            public void succeeded(Importance imp) {
                running.set(false);
                progress.set(1);
                importanceSink.accept(imp);
                status.set(imp.label() + ": the orange lane shows which moments of the clips mattered (" + span + " picture"
                        + (span == 1 ? "" : "s") + " blanked at a time).");
            }

            @Override
            public void failed(DanceLensException error) {
                org.dancelens.ui.JobFailure.report(error, "attribution", "Cancelled.", running, progress, status, dialogs, LOG);
            }
        });
    }

    /** Where the device choice comes from (the Poses panel's). */
    public void setDevice(java.util.function.Supplier<OrtRuntime.Device> d) {
        this.device = d;
    }

    /** Reads the installed classifiers, scorers and pose models. */
    public final void refreshModels() {
        ModelRegistry reg = ModelRegistry.scan(modelFolders);
        cards.clear();
        List<String> cls = new ArrayList<>();
        List<String> poses = new ArrayList<>();
        for (ModelRegistry.Entry e : reg.entries()) {
            ModelCard.Task t = e.card().task();
            if (t == ModelCard.Task.POSE) {
                poses.add(e.card().id());
            } else if (t == ModelCard.Task.FRAME_CLASSIFIER || t == ModelCard.Task.SEQUENCE_CLASSIFIER || t == ModelCard.Task.CLIP_CLASSIFIER
                    || t == ModelCard.Task.SCORER) {
                cls.add(e.card().id());
                cards.put(e.card().id(), e.card());
            }
        }
        cls.sort(null);
        poses.sort(null);
        models.setAll(cls);
        poseModels.setAll(poses);
        if (selectedModel.get() == null || !models.contains(selectedModel.get())) {
            selectedModel.set(models.isEmpty() ? null : models.get(0));
        } else {
            ModelCard c = cards.get(selectedModel.get());
            needsPose.set(c != null && ClassifyAnalysis.needsPoses(c));
        }
        if (selectedPoseModel.get() == null || !poseModels.contains(selectedPoseModel.get())) {
            selectedPoseModel.set(poseModels.contains("blazepose-full") ? "blazepose-full" : poseModels.isEmpty() ? null : poseModels.get(0));
        }
        if (models.isEmpty()) {
            status.set("No style models installed: add an ONNX classifier with its card to a model folder.");
        }
    }

    /** A video was opened: show its newest stored classification, if any. */
    public void videoOpened(Path path) {
        video = path;
        loaded = null;
        dancers.clear();
        summary.set("");
        trainReport.set("");
        ranges.clear();
        canExplain.set(false);
        importanceSink.accept(null);
        rangeStart.set(-1);
        rangeEnd.set(-1);
        lanesSink.accept(null);
        Path storeFile = Workspace.storeFor(path);
        if (!Files.exists(storeFile)) {
            return;
        }
        reloadRanges();
        double rate = fps.getAsDouble();
        tasks.submit("Loading classifications", ctx -> load(storeFile, path, -1, rate), TaskRunner.Callbacks.of(l -> {
            if (l != null && path.equals(video)) {
                show(l);
                status.set("Showing the stored classification by " + l.modelId() + ".");
            }
        }, e -> LOG.warn("Loading stored classifications failed: {}", e.getMessage(), e)));
    }

    /** The newest classify run of the video (or run {@code runId}) with segments (0.5 s smoothing, 1 s minimum). */
    static Loaded load(Path storeFile, Path video, long runId, double fps) {
        try (ResultsStore store = ResultsStore.open(storeFile)) {
            String abs = video.toAbsolutePath().toString();
            ResultsStore.Run run = store.runs().stream()
                    .filter(r -> runId < 0 ? r.spec().videoPath().equals(abs) && r.spec().kind().equals("classify") && "complete".equals(r.status())
                            : r.id() == runId)
                    .findFirst().orElse(null);
            if (run == null) {
                return null;
            }
            return withSegments(run.spec().modelId(), store.scores(run.id()), run.spec().videoFrames(), fps, poseRunOf(run.spec().settings()));
        }
    }

    /** The pose run a classify run read, from its settings ({@code "poseRun": N}), or null. */
    public static Long poseRunOf(String settings) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"poseRun\"\\s*:\\s*(\\d+)").matcher(settings == null ? "" : settings);
        return m.find() ? Long.valueOf(m.group(1)) : null;
    }

    /** Scales an attribution to 0..1 (drops below 0 — blanking helped the class — count as 0) for drawing. */
    public static Importance importance(org.dancelens.classify.SequenceClassifier.Attribution a, List<String> joints, int videoFrames, int track) {
        float max = 0;
        for (float v : a.frameDrop()) {
            max = Float.isNaN(v) ? max : Math.max(max, v);
        }
        float[] perFrame = new float[videoFrames];
        java.util.Arrays.fill(perFrame, Float.NaN);
        for (int i = 0; i < a.frames().length; i++) {
            int f = a.frames()[i];
            float v = a.frameDrop()[i];
            if (f >= 0 && f < videoFrames && !Float.isNaN(v)) {
                perFrame[f] = max > 0 ? Math.max(0, v) / max : 0;
            }
        }
        float jmax = 0;
        for (float v : a.jointDrop()) {
            jmax = Math.max(jmax, v);
        }
        Map<String, Float> perJoint = new java.util.LinkedHashMap<>();
        for (int j = 0; j < joints.size(); j++) {
            perJoint.put(joints.get(j), jmax > 0 ? Math.max(0, a.jointDrop()[j]) / jmax : 0f);
        }
        return new Importance(track, a.labelName(), perFrame, perJoint);
    }

    static Loaded withSegments(String modelId, List<ScoreSeries> series, int frames, double fps) {
        return withSegments(modelId, series, frames, fps, null);
    }

    static Loaded withSegments(String modelId, List<ScoreSeries> series, int frames, double fps, Long poseRunId) {
        double rate = fps > 0 ? fps : 25;
        int smooth = Math.max(1, (int) Math.round(0.5 * rate) | 1);
        int min = Math.max(1, (int) Math.round(rate));
        Map<Integer, List<Aggregation.Segment>> segs = new TreeMap<>();
        for (ScoreSeries s : series) {
            segs.put(s.track(), s.labels().size() > 1 ? Aggregation.segments(Aggregation.smooth(s, smooth), min) : List.of());
        }
        return new Loaded(modelId, series, segs, frames, poseRunId);
    }

    private void show(Loaded l) {
        loaded = l;
        List<String> names = l.series().stream().map(s -> s.track() < 0 ? WHOLE_FRAME : "dancer " + s.track()).toList();
        dancers.setAll(names);
        String keep = selectedDancer.get();
        selectedDancer.set(null);
        // default: the dancer the model scored longest
        String longest = l.series().stream().max(java.util.Comparator.comparingInt(ScoreSeries::size))
                .map(s -> s.track() < 0 ? WHOLE_FRAME : "dancer " + s.track()).orElse(null);
        selectedDancer.set(names.contains(keep) ? keep : longest);
        if (names.isEmpty()) {
            summary.set("The model scored no frames.");
            lanesSink.accept(null);
        }
    }

    private void showDancer() {
        Loaded l = loaded;
        String d = selectedDancer.get();
        if (l == null || d == null) {
            return;
        }
        int track = d.equals(WHOLE_FRAME) ? -1 : Integer.parseInt(d.substring("dancer ".length()));
        ScoreSeries s = l.series().stream().filter(x -> x.track() == track).findFirst().orElse(null);
        if (s == null) {
            return;
        }
        List<Aggregation.Segment> segs = l.segments().getOrDefault(track, List.of());
        ModelCard shownCard = cards.get(l.modelId());
        boolean clipModel = shownCard != null && (shownCard.task() == ModelCard.Task.CLIP_CLASSIFIER || shownCard.clip() != null);
        canExplain.set(track >= 0 && l.poseRunId() != null && shownCard != null && shownCard.sequence() != null || track < 0 && clipModel);
        importanceSink.accept(null);
        lanesSink.accept(TimelineViewModel.scoreLanes(l.modelId() + " · " + d, s, segs, l.frames(), Math.min(3, s.labels().size())));
        StringBuilder sb = new StringBuilder();
        for (Aggregation.Ranked r : Aggregation.topK(s, 3)) {
            sb.append(sb.length() == 0 ? "" : " · ").append(String.format(Locale.ROOT, "%s %.2f", r.label(), r.score()));
        }
        summary.set(String.format(Locale.ROOT, "%s over %d frames, %d segment%s: %s", d, s.size(), segs.size(), segs.size() == 1 ? "" : "s", sb));
    }

    /** Runs the selected model over the open video in the background. */
    public void run() {
        Path v = video;
        String id = selectedModel.get();
        String poseId = needsPose.get() ? selectedPoseModel.get() : null;
        if (v == null || id == null || running.get()) {
            return;
        }
        if (needsPose.get() && poseId == null) {
            dialogs.showError("The model " + id + " works on dancers' poses, and no pose model is installed.");
            return;
        }
        running.set(true);
        progress.set(-1);
        status.set("Starting " + id + "…");
        double rate = fps.getAsDouble();
        OrtRuntime.Device dev = device.get();
        job = tasks.submit("Classification", ctx -> {
            ModelRegistry reg = ModelRegistry.scan(modelFolders);
            ModelRegistry.Entry entry = reg.find(id);
            ModelRegistry.Entry pose = poseId == null ? null : reg.find(poseId);
            ClassifyAnalysis.Result r;
            try (ResultsStore store = ResultsStore.open(Workspace.storeFor(v))) {
                r = ClassifyAnalysis.run(v, entry, pose, store, 0, -1, dev, ctx);
            }
            return new Object[] {r, withSegments(id, r.series(), r.videoFrames(), rate, r.poseRunId())};
        }, new TaskRunner.Callbacks<Object[]>() {
            @Override
            public void progress(double fraction, String message) {
                progress.set(fraction);
                status.set(message);
            }

            @Override
            public void succeeded(Object[] result) {
                running.set(false);
                progress.set(1);
                ClassifyAnalysis.Result r = (ClassifyAnalysis.Result) result[0];
                if (v.equals(video)) {
                    show((Loaded) result[1]);
                }
                status.set(r.reused() ? "Already classified with " + id + ": showing the stored scores."
                        : String.format(Locale.ROOT, "%d frames classified with %s in %.1f s.", r.frames(), id, r.seconds()));
            }

            @Override
            public void failed(DanceLensException error) {
                org.dancelens.ui.JobFailure.report(error, "classification", "Cancelled.", running, progress, status, dialogs, LOG);
            }
        });
    }

    public void cancel() {
        if (job != null) {
            job.cancel();
        }
    }

    /** Marks the current frame as the start of the range to label. */
    public void markStart() {
        rangeStart.set(currentFrame.getAsInt());
        if (rangeEnd.get() >= 0 && rangeEnd.get() < rangeStart.get()) {
            rangeEnd.set(-1);
        }
    }

    /** Marks the current frame as the end of the range to label. */
    public void markEnd() {
        rangeEnd.set(currentFrame.getAsInt());
        if (rangeStart.get() > rangeEnd.get()) {
            rangeStart.set(-1);
        }
    }

    /** Stores the marked range with the label typed (in the background: it writes to the store). */
    public void addRange() {
        Path v = video;
        String label = rangeLabel.get() == null ? "" : rangeLabel.get().strip();
        int a = rangeStart.get();
        int b = rangeEnd.get();
        if (v == null) {
            return;
        }
        if (label.isEmpty() || a < 0 || b < a) {
            dialogs.showError("Mark a start and an end frame (start ≤ end) and type a style label first.");
            return;
        }
        tasks.submit("Labelling", ctx -> {
            try (ResultsStore store = ResultsStore.open(Workspace.storeFor(v))) {
                store.addLabelledRange(v.toAbsolutePath().toString(), a, b, label);
                return store.labelledRanges(v.toAbsolutePath().toString());
            }
        }, TaskRunner.Callbacks.of(list -> {
            if (v.equals(video)) {
                ranges.setAll(list);
                rangeStart.set(-1);
                rangeEnd.set(-1);
                status.set(String.format(Locale.ROOT, "Frames %d–%d labelled %s.", a, b, label));
            }
        }, e -> dialogs.showError(e.getMessage())));
    }

    /** Removes a labelled range. */
    public void removeRange(ResultsStore.LabelledRange r) {
        Path v = video;
        if (v == null || r == null) {
            return;
        }
        tasks.submit("Removing a label", ctx -> {
            try (ResultsStore store = ResultsStore.open(Workspace.storeFor(v))) {
                store.removeLabelledRange(r.id());
                return store.labelledRanges(v.toAbsolutePath().toString());
            }
        }, TaskRunner.Callbacks.of(list -> {
            if (v.equals(video)) {
                ranges.setAll(list);
            }
        }, e -> dialogs.showError(e.getMessage())));
    }

    private void reloadRanges() {
        Path v = video;
        tasks.submit("Loading labels", ctx -> {
            try (ResultsStore store = ResultsStore.open(Workspace.storeFor(v))) {
                return store.labelledRanges(v.toAbsolutePath().toString());
            }
        }, TaskRunner.Callbacks.of(list -> {
            if (v.equals(video)) {
                ranges.setAll(list);
            }
        }, e -> LOG.warn("Loading labelled ranges failed: {}", e.getMessage(), e)));
    }

    /**
     * Teaches a style from the open video's labelled ranges (poses from the chosen pose model), writes the model
     * into the user's model folder and selects it.
     */
    public void train() {
        Path v = video;
        String id = newModelId.get() == null ? "" : newModelId.get().strip();
        String poseId = selectedPoseModel.get();
        if (v == null || running.get()) {
            return;
        }
        if (!id.matches("[a-z0-9][a-z0-9._-]*")) {
            dialogs.showError("A model id is lower-case letters, digits, '.', '_' or '-' (e.g. my-styles).");
            return;
        }
        if (poseId == null) {
            dialogs.showError("Teaching a style needs a pose model, and none is installed.");
            return;
        }
        org.dancelens.classify.StyleTrainer.Method method = "prototype".equals(trainMethod.get())
                ? org.dancelens.classify.StyleTrainer.Method.PROTOTYPE : org.dancelens.classify.StyleTrainer.Method.LOGISTIC;
        Path user = ModelRegistry.userFolder();
        Path folder = modelFolders.contains(user) ? user : modelFolders.get(modelFolders.size() - 1);
        OrtRuntime.Device dev = device.get();
        running.set(true);
        progress.set(-1);
        status.set("Teaching " + id + "…");
        job = tasks.submit("Teaching a style", ctx -> org.dancelens.analysis.StyleTraining.train(List.of(v), ModelRegistry.scan(modelFolders).find(poseId),
                method, id, id, folder, Workspace::storeFor, dev, ctx), new TaskRunner.Callbacks<org.dancelens.classify.StyleTrainer.Trained>() {
                    @Override
                    public void progress(double fraction, String message) {
                        progress.set(fraction);
                        status.set(message);
                    }

                    @Override
                    public void succeeded(org.dancelens.classify.StyleTrainer.Trained t) {
                        running.set(false);
                        progress.set(1);
                        trainReport.set(reportText(t.report()));
                        refreshModels();
                        selectedModel.set(t.entry().card().id());
                        status.set("Taught " + id + ": run it with Classify video.");
                    }

                    @Override
                    public void failed(DanceLensException error) {
                        org.dancelens.ui.JobFailure.report(error, "training", "Cancelled.", running, progress, status, dialogs, LOG);
                    }
                });
    }

    static String reportText(org.dancelens.classify.StyleTrainer.Report r) {
        StringBuilder sb = new StringBuilder();
        int windows = r.windowsPerLabel().values().stream().mapToInt(Integer::intValue).sum();
        sb.append(String.format(Locale.ROOT, "%d windows from %s ranges per label. ", windows, r.rangesPerLabel()));
        if (r.folds() == 0) {
            sb.append("Accuracy cannot be estimated: some label has a single range.");
        } else {
            sb.append(String.format(Locale.ROOT, "Cross-validated accuracy %.0f%% (%d folds).", 100 * r.cvAccuracy(), r.folds()));
            sb.append("\nConfusion (rows truth, columns predicted ").append(r.labels()).append("):");
            for (int i = 0; i < r.labels().size(); i++) {
                sb.append("\n  ").append(r.labels().get(i)).append(' ').append(java.util.Arrays.toString(r.confusion()[i]));
            }
        }
        return sb.toString();
    }

    public StringProperty rangeLabelProperty() {
        return rangeLabel;
    }

    public javafx.beans.property.ReadOnlyIntegerProperty rangeStartProperty() {
        return rangeStart;
    }

    public javafx.beans.property.ReadOnlyIntegerProperty rangeEndProperty() {
        return rangeEnd;
    }

    public ObservableList<ResultsStore.LabelledRange> ranges() {
        return ranges;
    }

    public StringProperty newModelIdProperty() {
        return newModelId;
    }

    public StringProperty trainMethodProperty() {
        return trainMethod;
    }

    public ReadOnlyStringProperty trainReportProperty() {
        return trainReport;
    }

    public ObservableList<String> models() {
        return models;
    }

    public ObservableList<String> poseModels() {
        return poseModels;
    }

    public StringProperty selectedModelProperty() {
        return selectedModel;
    }

    public StringProperty selectedPoseModelProperty() {
        return selectedPoseModel;
    }

    public ReadOnlyBooleanProperty needsPoseProperty() {
        return needsPose;
    }

    public ObservableList<String> dancers() {
        return dancers;
    }

    public StringProperty selectedDancerProperty() {
        return selectedDancer;
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary;
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
}
