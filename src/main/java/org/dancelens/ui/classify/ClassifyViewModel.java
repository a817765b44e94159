package org.dancelens.ui.classify;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.dancelens.analysis.AttributionRun;
import org.dancelens.analysis.ClassifyAnalysis;
import org.dancelens.analysis.StyleTraining;
import org.dancelens.analysis.store.Attributions;
import org.dancelens.analysis.store.LabelledRanges;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.classify.Aggregation;
import org.dancelens.inference.image.ImageInput;
import org.dancelens.classify.StyleTrainer;
import org.dancelens.core.ScoreSeries;
import org.dancelens.analysis.store.RunKind;
import org.dancelens.core.DancerNames;
import org.dancelens.core.TaskRunner;
import org.dancelens.inference.ModelCard;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.ui.BackgroundJob;
import org.dancelens.ui.Choices;
import org.dancelens.ui.DialogService;
import org.dancelens.ui.ListenerScope;
import org.dancelens.classify.ModelFit;
import org.dancelens.ui.models.InstalledModels;
import org.dancelens.ui.session.RunChoice;
import org.dancelens.ui.session.StoredRuns;
import org.dancelens.ui.session.VideoSession;
import org.dancelens.ui.timeline.TimelineViewModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Styles panel: pick a classifier or scorer (and, for skeleton models, the pose model that feeds it), run it
 * over the video on screen in the background, and show its verdicts: the top labels and segments of the chosen
 * dancer in the video's timeline, and a one-line summary; "why this verdict?" by occlusion (stored, so asked once);
 * labelled ranges and teaching a style from them; rating a range ({@link #ratings()}). It follows whichever video the workbench shows.
 */
public class ClassifyViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(ClassifyViewModel.class);
    static final String WHOLE_FRAME = "whole frame";

    private final TaskRunner tasks;
    private final DialogService dialogs;
    private final InstalledModels installed;
    private final ReadOnlyObjectProperty<VideoSession> session;
    private final Supplier<OrtRuntime.Device> device;
    private final BackgroundJob job;
    private final ListenerScope sessionScope = new ListenerScope();
    private final ObservableList<String> models = FXCollections.observableArrayList();
    private final ObservableList<String> poseModels = FXCollections.observableArrayList();
    private final StringProperty selectedModel = new SimpleStringProperty();
    private final StringProperty selectedPoseModel = new SimpleStringProperty();
    private final ReadOnlyBooleanWrapper needsPose = new ReadOnlyBooleanWrapper(false);
    private final ObservableList<String> dancers = FXCollections.observableArrayList();
    /** The read-only view handed out (one object: a listener added to it lives as long as this). */
    private final ObservableList<String> dancersView = FXCollections.unmodifiableObservableList(dancers);
    private final StringProperty selectedDancer = new SimpleStringProperty();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    /** Beside the verdicts: the model on display was given pictures unlike those it was trained on (empty: none). */
    private final ReadOnlyStringWrapper verdictWarning = new ReadOnlyStringWrapper("");
    private final StringProperty rangeLabel = new SimpleStringProperty("");
    private final ReadOnlyIntegerWrapper rangeStart = new ReadOnlyIntegerWrapper(-1);
    private final ReadOnlyIntegerWrapper rangeEnd = new ReadOnlyIntegerWrapper(-1);
    private final ObservableList<LabelledRanges.LabelledRange> ranges = FXCollections.observableArrayList();
    /** The read-only view handed out (one object: a listener added to it lives as long as this). */
    private final ObservableList<LabelledRanges.LabelledRange> rangesView = FXCollections.unmodifiableObservableList(ranges);
    /** Rating the marked range (people's ratings, kept with the video's results). */
    private final RatingsViewModel ratings;
    private final StringProperty newModelId = new SimpleStringProperty("my-styles");
    private final StringProperty trainMethod = new SimpleStringProperty("logistic");
    private final ReadOnlyStringWrapper trainReport = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper canExplain = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper videoOpen = new ReadOnlyBooleanWrapper(false);
    private final StoredRuns classifyRuns;
    /** Where the verdicts on display read their poses, in words ("" for none shown). */
    private final ReadOnlyStringWrapper verdictPoses = new ReadOnlyStringWrapper("");
    /** Which pose run skeleton models and training will read (the chosen pose model's whole-video run), in words. */
    private final ReadOnlyStringWrapper posesPlan = new ReadOnlyStringWrapper("");
    /** The dancers' names in the chooser and the identities they stand for. */
    private final Map<String, Integer> tracks = new java.util.HashMap<>();
    /** True while the model chooser is set to the model of the classification on display (not a choice of the user's). */
    private boolean followingDisplay;

    /**
     * @param session the video the workbench shows (null when none); the panel follows it
     * @param device  the device chosen for inference (the Poses panel's choice)
     */
    public ClassifyViewModel(TaskRunner tasks, DialogService dialogs, InstalledModels installed, ReadOnlyObjectProperty<VideoSession> session,
                             Supplier<OrtRuntime.Device> device) {
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.installed = installed;
        this.session = session;
        this.device = device;
        this.job = new BackgroundJob(tasks, dialogs, LOG, "Pick a style model and run it on the open video.");
        this.ratings = new RatingsViewModel(tasks, dialogs, session, rangeStart.getReadOnlyProperty(), rangeEnd.getReadOnlyProperty());
        this.classifyRuns = new StoredRuns(tasks, RunKind.CLASSIFY, "No stored classification shown.", e -> {
            VideoSession s = session.get();
            dialogs.reportFailure(VideoSession.nameOf(s), LOG, "Listing the stored classifications of " + VideoSession.nameOf(s), e);
        });
        job.runningProperty().addListener((o, a, b) -> {
            if (!b) {
                classifyRuns.refresh(); // a job ended: its run is listed as it now is
                planPoses();
            }
        });
        selectedPoseModel.addListener((o, a, b) -> planPoses());
        selectedModel.addListener((o, a, b) -> {
            ModelCard c = b == null ? null : installed.card(b);
            needsPose.set(c != null && ClassifyAnalysis.needsPoses(c));
            // a taught model names the pose model its examples came from: use it
            String pose = c == null ? null : c.option("poseModel", (String) null);
            if (pose != null && poseModels.contains(pose)) {
                selectedPoseModel.set(pose);
            }
            modelChosen(b);
        });
        selectedDancer.addListener((o, a, b) -> showDancer());
        installed.entries().addListener((ListChangeListener<ModelRegistry.Entry>) c -> refreshModels());
        refreshModels();
        session.addListener((o, a, b) -> follow(b));
        follow(session.get());
    }

    private static boolean isStyleModel(ModelCard c) {
        ModelCard.Task t = c.task();
        return t == ModelCard.Task.FRAME_CLASSIFIER || t == ModelCard.Task.SEQUENCE_CLASSIFIER || t == ModelCard.Task.CLIP_CLASSIFIER
                || t == ModelCard.Task.SCORER;
    }

    /** The installed classifiers, scorers and pose models, the chosen ones kept while they are installed. */
    private void refreshModels() {
        // dance models first, the others after (marked by modelLabel)
        List<String> cls = installed.ids(ClassifyViewModel::isStyleModel).stream()
                .sorted(Comparator.comparing(id -> !installed.card(id).isAboutDance())).toList();
        List<String> poses = installed.ids(c -> c.task() == ModelCard.Task.POSE);
        Choices.offer(poseModels, poses, selectedPoseModel, poses.contains("blazepose-full") ? "blazepose-full" : poses.isEmpty() ? null : poses.get(0));
        Choices.offer(models, cls, selectedModel, cls.isEmpty() ? null : cls.get(0));
        ModelCard c = selectedModel.get() == null ? null : installed.card(selectedModel.get());
        needsPose.set(c != null && ClassifyAnalysis.needsPoses(c));
        if (models.isEmpty()) {
            job.say("No style models installed: add an ONNX classifier with its card to a model folder.");
        }
    }

    /**
     * The model chooser changed: unless it only follows the classification on display, the video shows that model's
     * newest stored classification, or none and a sentence saying there is none yet.
     */
    private void modelChosen(String id) {
        VideoSession s = session.get();
        if (followingDisplay || s == null || id == null || job.runningProperty().get()) {
            return;
        }
        classifyRuns.showNewestOf(id, () -> {
            if (s == session.get() && id.equals(selectedModel.get()) && !job.runningProperty().get() && !s.isClosed()) {
                s.showClassification(null);
                job.say("No stored classification by " + id + " for this video yet.");
            }
        });
    }

    /**
     * Which pose run a skeleton model or training will read: the chosen pose model's run over the whole video with
     * the default settings — stored (and reused), partly stored (continued), or not stored yet (made first).
     */
    private void planPoses() {
        VideoSession s = session.get();
        String id = selectedPoseModel.get();
        if (s == null || id == null) {
            posesPlan.set("");
            return;
        }
        Path v = s.video();
        Path storeFile = s.storeFile();
        int frames = s.player().frameCount();
        tasks.submit("Finding stored poses", ctx -> {
            if (!java.nio.file.Files.exists(storeFile)) {
                return java.util.Optional.<org.dancelens.analysis.store.Run>empty();
            }
            try (ResultsStore store = ResultsStore.open(storeFile)) {
                return org.dancelens.analysis.PoseAnalysis.stored(store, v, frames, installed.catalog().find(id),
                        org.dancelens.analysis.PoseAnalysis.Settings.defaults(), 0, frames).filter(r -> r.framesDone() > 0);
            }
        }, TaskRunner.Callbacks.of(r -> {
            if (s == session.get() && id.equals(selectedPoseModel.get())) {
                posesPlan.set(r.isEmpty() ? "Poses from " + id + ": none stored for the whole video yet; they are made first."
                        : r.get().finished() ? "Poses from " + id + ", run " + r.get().id() + " (whole video, stored)."
                        : String.format(Locale.ROOT, "Poses from %s, run %d (whole video, %d of %d frames stored; the rest is made first).", id,
                        r.get().id(), r.get().framesDone(), frames));
            }
        }, e -> {
            String sentence = org.dancelens.ui.Failures.logged(LOG, "Finding the stored poses of " + s.name(), e);
            if (s == session.get() && id.equals(selectedPoseModel.get())) {
                posesPlan.set("Poses from " + id + ": " + sentence);
            }
        }));
    }

    /** Where the verdicts on display read their poses, and whether the video shows those poses. */
    private void describePoses() {
        VideoSession s = session.get();
        VideoSession.Classification c = s == null ? null : s.classificationProperty().get();
        if (c == null) {
            verdictPoses.set("");
            return;
        }
        if (c.poseRunId() == null) {
            verdictPoses.set("Verdicts from the pictures (no poses read).");
            return;
        }
        String model = RunChoice.of(c.run()).poseModel();
        VideoSession.PoseResults shown = s.posesProperty().get();
        String from = "Poses from " + (model == null ? "" : model + ", ") + "run " + c.poseRunId() + ".";
        verdictPoses.set(shown != null && shown.runId() == c.poseRunId() ? from
                : from + " The video shows " + (shown == null ? "no poses" : "poses from " + shown.modelId() + ", run " + shown.runId())
                + ": its dancer numbers are other dancers.");
    }

    /** The workbench shows another video (or none): show its classification and ranges, listen to it instead. */
    private void follow(VideoSession s) {
        sessionScope.close();
        boolean jobSays = job.showFor(s); // the video's own job: running, or what it ended with
        classifyRuns.follow(s, VideoSession::classificationProperty, VideoSession.Classification::run, id -> s.showClassificationRun(id));
        verdictPoses.set("");
        planPoses();
        videoOpen.set(s != null);
        dancers.clear();
        summary.set("");
        verdictWarning.set("");
        trainReport.set("");
        ranges.clear();
        canExplain.set(false);
        rangeStart.set(-1);
        rangeEnd.set(-1);
        if (s == null) {
            return;
        }
        sessionScope.onChange(s.classificationProperty(), (o, a, b) -> show(b, true));
        sessionScope.onChange(s.posesProperty(), (o, a, b) -> {
            describePoses();
            if (b != null && b.modelId().equals(selectedPoseModel.get()) && (a == null || a.runId() != b.runId() || a.run().status() != b.run().status())) {
                planPoses(); // a run of the chosen pose model came on display: it may be the one to read now
            }
        });
        sessionScope.onChange(s.ranges(), (ListChangeListener<LabelledRanges.LabelledRange>) c -> ranges.setAll(s.ranges()));
        ranges.setAll(s.ranges());
        show(s.classificationProperty().get(), !jobSays);
    }

    /** @param describe whether the status line says what is shown (not while it holds the video's job's sentence) */
    private void show(VideoSession.Classification c, boolean describe) {
        String poseModel = c == null ? null : RunChoice.of(c.run()).poseModel();
        tracks.clear();
        if (c != null) {
            c.series().forEach(x -> tracks.put(dancerName(poseModel, x.track()), x.track()));
        }
        List<String> names = c == null ? List.of() : c.series().stream().map(x -> dancerName(poseModel, x.track())).toList();
        String keep = selectedDancer.get();
        Choices.offer(dancers, names, selectedDancer, null);
        selectedDancer.set(null); // chosen again below: the lanes of the new classification are drawn even for the same dancer
        describePoses();
        if (c == null) {
            summary.set("");
            verdictWarning.set("");
            canExplain.set(false);
            VideoSession s = session.get();
            if (s != null && s.importanceProperty().get() != null) {
                s.showImportance(null); // it explained a verdict no longer shown
            }
            return;
        }
        if (!c.modelId().equals(selectedModel.get()) && models.contains(c.modelId())) {
            followingDisplay = true;
            try {
                selectedModel.set(c.modelId());
            } finally {
                followingDisplay = false;
            }
        }
        if (describe && !job.runningProperty().get()) {
            job.say("Showing the stored classification by " + c.modelId() + ".");
        }
        // default: the dancer the model scored longest
        String longest = c.series().stream().max(Comparator.comparingInt(ScoreSeries::size))
                .map(x -> dancerName(poseModel, x.track())).orElse(null);
        selectedDancer.set(names.contains(keep) ? keep : longest);
        if (names.isEmpty()) {
            summary.set("The model scored no frames.");
            session.get().showScoreLanes(null);
        }
    }

    /** A dancer of a classification as the chooser names it: {@code movenet-multipose #3}, or "whole frame". */
    static String dancerName(String poseModel, int track) {
        return track < 0 ? WHOLE_FRAME : DancerNames.dancer(poseModel, track);
    }

    private int trackOf(String dancer) {
        return tracks.getOrDefault(dancer, -1);
    }

    private void showDancer() {
        VideoSession s = session.get();
        VideoSession.Classification c = s == null ? null : s.classificationProperty().get();
        String d = selectedDancer.get();
        if (c == null || d == null) {
            return;
        }
        if (!tracks.containsKey(d)) {
            return;
        }
        int track = trackOf(d);
        ScoreSeries series = c.series().stream().filter(x -> x.track() == track).findFirst().orElse(null);
        if (series == null) {
            return;
        }
        List<Aggregation.Segment> segs = c.segments().getOrDefault(track, List.of());
        ModelCard shownCard = installed.card(c.modelId());
        String misfit = shownCard == null ? null : ModelFit.warning(shownCard);
        verdictWarning.set(misfit == null ? "" : misfit);
        boolean clipModel = shownCard != null && (shownCard.task() == ModelCard.Task.CLIP_CLASSIFIER || shownCard.clip() != null);
        canExplain.set(track >= 0 && c.poseRunId() != null && shownCard != null && shownCard.sequence() != null || track < 0 && clipModel);
        s.showImportance(null);
        s.showScoreLanes(TimelineViewModel.scoreLanes(c.modelId() + " · " + d, series, segs, s.player().frameCount(),
                Math.min(3, series.labels().size())));
        StringBuilder sb = new StringBuilder();
        for (Aggregation.Ranked r : Aggregation.topK(series, 3)) {
            sb.append(sb.length() == 0 ? "" : " · ").append(String.format(Locale.ROOT, "%s %.2f", r.label(), r.score()));
        }
        summary.set(String.format(Locale.ROOT, "%s over %d frames, %d segment%s: %s", d, series.size(), segs.size(), segs.size() == 1 ? "" : "s", sb));
    }

    /** Runs the selected model over the video on screen in the background. */
    public void run() {
        VideoSession s = session.get();
        String id = selectedModel.get();
        String poseId = needsPose.get() ? selectedPoseModel.get() : null;
        if (s == null || id == null || job.runningProperty().get()) {
            return;
        }
        if (needsPose.get() && poseId == null) {
            dialogs.showError("The model " + id + " works on dancers' poses, and no pose model is installed.");
            return;
        }
        Path v = s.video();
        double rate = s.player().fps();
        OrtRuntime.Device dev = device.get();
        job.start("classification", "Starting " + id + "…", ctx -> {
            ModelRegistry.Entry entry = installed.catalog().find(id);
            ModelRegistry.Entry pose = poseId == null ? null : installed.catalog().find(poseId);
            try (ResultsStore store = ResultsStore.open(s.storeFile())) {
                ClassifyAnalysis.Result r = ClassifyAnalysis.run(v, entry, pose, store, 0, -1, dev, ctx);
                VideoSession.PoseResults poses = r.poseRunId() == null ? null
                        : VideoSession.loadPoses(store, store.runs().find(r.poseRunId()).orElseThrow());
                return new Object[] {r, VideoSession.classification(r.run(), r.series(), rate), poses};
            }
        }, result -> {
            ClassifyAnalysis.Result r = (ClassifyAnalysis.Result) result[0];
            if (!s.isClosed()) {
                if (result[2] != null) {
                    s.showPoses((VideoSession.PoseResults) result[2]); // the poses the verdicts are about
                }
                s.showClassification((VideoSession.Classification) result[1]);
            }
            String said = r.reused() ? "Already classified with " + id + ": showing the stored scores."
                    : String.format(Locale.ROOT, "%d frames classified with %s in %.1f s.", r.frames(), id, r.seconds());
            String gaps = org.dancelens.analysis.Undecodable.sentence(s.video().getFileName().toString(), r.undecodable(), r.damageNote());
            job.say(gaps == null ? said : said + " " + gaps);
        });
    }

    public void cancel() {
        job.cancel();
    }

    /** True when the shown classification is a skeleton model's on a dancer, or a clip model's: then {@link #explainDancer()} works. */
    public ReadOnlyBooleanProperty canExplainProperty() {
        return canExplain.getReadOnlyProperty();
    }

    /**
     * Why this verdict: for a skeleton model on a dancer, occlusion over time and over joints (blanking stretches of 6
     * model frames, and each joint), shown as an importance lane in the timeline and as joint colours on the dancer;
     * for a clip model on whole frames, occlusion over time (blanking a quarter of each clip's pictures at a time),
     * shown as the importance lane. The attribution is stored with the video's results: asking again shows it at once.
     */
    public void explainDancer() {
        VideoSession s = session.get();
        VideoSession.Classification c = s == null ? null : s.classificationProperty().get();
        String d = selectedDancer.get();
        if (c == null || d == null || job.runningProperty().get() || !canExplain.get()) {
            return;
        }
        int track = trackOf(d);
        ModelCard card = installed.card(c.modelId());
        OrtRuntime.Device dev = device.get();
        int frames = s.player().frameCount();
        if (track < 0) {
            ScoreSeries series = c.series().stream().filter(x -> x.track() == -1).findFirst().orElse(null);
            if (series == null || series.size() == 0) {
                return;
            }
            int from = series.frames()[0];
            int to = series.frames()[series.size() - 1] + 1;
            int span = Math.max(1, ImageInput.of(card, true).frames() / 4);
            job.start("attribution", "Blanking stretches of each clip…", ctx -> {
                ModelRegistry.Entry e = installed.catalog().find(c.modelId());
                try (ResultsStore store = ResultsStore.open(s.storeFile())) {
                    return importance(AttributionRun.clip(s.video(), e, store, from, to, new AttributionRun.Settings(span, null), dev, ctx)
                            .byTrack().get(-1), frames);
                }
            }, imp -> {
                if (!s.isClosed()) {
                    s.showImportance(imp);
                }
                job.say(imp.label() + ": the orange lane shows which moments of the clips mattered (" + span + " picture"
                        + (span == 1 ? "" : "s") + " blanked at a time).");
            });
            return;
        }
        long poseRun = c.poseRunId();
        VideoSession.PoseResults shownPoses = s.posesProperty().get();
        job.start("attribution", "Blanking moments and joints of " + d + "…", ctx -> {
            ModelRegistry.Entry e = installed.catalog().find(c.modelId());
            try (ResultsStore store = ResultsStore.open(s.storeFile())) {
                VideoSession.Importance imp = importance(AttributionRun.skeleton(e, store, poseRun, track, new AttributionRun.Settings(6, null), dev, ctx)
                        .byTrack().get(track), frames);
                // the joints are coloured on this dancer: the video must show the poses the verdict read
                VideoSession.PoseResults poses = shownPoses != null && shownPoses.runId() == poseRun ? null
                        : VideoSession.loadPoses(store, store.runs().find(poseRun).orElseThrow());
                return new Object[] {imp, poses};
            }
        }, o -> {
            VideoSession.Importance imp = (VideoSession.Importance) o[0];
            if (!s.isClosed()) {
                if (o[1] != null) {
                    s.showPoses((VideoSession.PoseResults) o[1]);
                }
                s.showImportance(imp);
            }
            String top = imp.perJoint().entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("?");
            job.say(d + ", " + imp.label() + ": the orange lane shows when it mattered; joints coloured by importance ("
                    + top + " most).");
        });
    }

    /** Scales an attribution to 0..1 (drops below 0 — blanking helped the class — count as 0) for drawing. */
    public static VideoSession.Importance importance(Attributions.Attribution a, int videoFrames) {
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
        for (int j = 0; j < a.joints().size(); j++) {
            perJoint.put(a.joints().get(j), jmax > 0 ? Math.max(0, a.jointDrop()[j]) / jmax : 0f);
        }
        return new VideoSession.Importance(a.track(), a.label(), perFrame, perJoint);
    }

    /** Marks the frame on screen as the start of the range to label. */
    public void markStart() {
        VideoSession s = session.get();
        if (s == null) {
            return;
        }
        rangeStart.set(s.player().currentFrameProperty().get());
        if (rangeEnd.get() >= 0 && rangeEnd.get() < rangeStart.get()) {
            rangeEnd.set(-1);
        }
    }

    /** Marks the frame on screen as the end of the range to label. */
    public void markEnd() {
        VideoSession s = session.get();
        if (s == null) {
            return;
        }
        rangeEnd.set(s.player().currentFrameProperty().get());
        if (rangeStart.get() > rangeEnd.get()) {
            rangeStart.set(-1);
        }
    }

    /** Stores the marked range with the label typed (in the background: it writes to the store). */
    public void addRange() {
        VideoSession s = session.get();
        String label = rangeLabel.get() == null ? "" : rangeLabel.get().strip();
        int a = rangeStart.get();
        int b = rangeEnd.get();
        if (s == null) {
            return;
        }
        if (label.isEmpty() || a < 0 || b < a) {
            dialogs.showError("Mark a start and an end frame (start ≤ end) and type a style label first.");
            return;
        }
        String abs = s.video().toAbsolutePath().toString();
        tasks.submit("Labelling", ctx -> {
            try (ResultsStore store = ResultsStore.open(s.storeFile())) {
                store.labels().add(abs, a, b, label);
                return store.labels().list(abs);
            }
        }, TaskRunner.Callbacks.of(list -> {
            s.showRanges(list);
            if (s == session.get()) {
                rangeStart.set(-1);
                rangeEnd.set(-1);
                job.say(String.format(Locale.ROOT, "Frames %d–%d labelled %s.", a, b, label));
            }
        }, e -> dialogs.reportFailure(s.name(), LOG, "Labelling a range of " + s.name(), e)));
    }

    /** Removes a labelled range. */
    public void removeRange(LabelledRanges.LabelledRange r) {
        VideoSession s = session.get();
        if (s == null || r == null) {
            return;
        }
        String abs = s.video().toAbsolutePath().toString();
        tasks.submit("Removing a label", ctx -> {
            try (ResultsStore store = ResultsStore.open(s.storeFile())) {
                store.labels().remove(r.id());
                return store.labels().list(abs);
            }
        }, TaskRunner.Callbacks.of(s::showRanges, e -> dialogs.reportFailure(s.name(), LOG, "Removing a labelled range of " + s.name(), e)));
    }

    /**
     * Teaches a style from the labelled ranges of the video on screen (poses from the chosen pose model), writes the
     * model into the user's model folder and selects it.
     */
    public void train() {
        VideoSession s = session.get();
        String id = newModelId.get() == null ? "" : newModelId.get().strip();
        String poseId = selectedPoseModel.get();
        if (s == null || job.runningProperty().get()) {
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
        StyleTrainer.Method method = "prototype".equals(trainMethod.get()) ? StyleTrainer.Method.PROTOTYPE : StyleTrainer.Method.LOGISTIC;
        Path user = ModelRegistry.userFolder().toAbsolutePath().normalize();
        List<Path> folders = installed.folders();
        Path folder = folders.contains(user) ? user : folders.get(folders.size() - 1);
        OrtRuntime.Device dev = device.get();
        Path video = s.video();
        Path storeFile = s.storeFile();
        job.start("training", "Teaching " + id + "…", ctx -> {
            StyleTrainer.Trained t = StyleTraining.train(List.of(video), installed.catalog().find(poseId), method, id, id, folder, v -> storeFile, dev,
                    ctx);
            installed.catalog().refresh(); // the new model is installed: every list shows it
            return t;
        }, t -> {
            if (s == session.get()) { // the report is about the video's ranges: not shown beside another video's
                trainReport.set(reportText(t.report()));
            }
            if (models.contains(t.entry().card().id())) {
                selectedModel.set(t.entry().card().id());
            }
            job.say("Taught " + id + ": run it with Classify video.");
        });
    }

    static String reportText(StyleTrainer.Report r) {
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

    // ---- properties ----

    public StringProperty rangeLabelProperty() {
        return rangeLabel;
    }

    public ReadOnlyIntegerProperty rangeStartProperty() {
        return rangeStart.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty rangeEndProperty() {
        return rangeEnd.getReadOnlyProperty();
    }

    /** The labelled ranges of the video on screen. */
    public ObservableList<LabelledRanges.LabelledRange> ranges() {
        return rangesView;
    }

    /** Rating the marked range: rater, criterion, value, and the video's ratings. */
    public RatingsViewModel ratings() {
        return ratings;
    }

    public StringProperty newModelIdProperty() {
        return newModelId;
    }

    public StringProperty trainMethodProperty() {
        return trainMethod;
    }

    public ReadOnlyStringProperty trainReportProperty() {
        return trainReport.getReadOnlyProperty();
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
        return needsPose.getReadOnlyProperty();
    }

    /** The dancers of the classification on display ("whole frame" for frame and clip models). */
    public ObservableList<String> dancers() {
        return dancersView;
    }

    /** The dancer whose verdicts the timeline shows. */
    public StringProperty selectedDancerProperty() {
        return selectedDancer;
    }

    /** The model as the chooser shows it: the id, and for a model not trained on dance what it was trained on. */
    public String modelLabel(String id) {
        ModelCard c = id == null ? null : installed.card(id);
        return c == null ? id : ModelFit.label(c);
    }

    /** A warning to show beside the verdicts (e.g. a face model on whole frames), or empty. */
    public ReadOnlyStringProperty verdictWarningProperty() {
        return verdictWarning.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return job.runningProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return job.progressProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return job.statusProperty();
    }

    /** The stored classifications of the video on screen, the one on display chosen; choosing another shows it. */
    public StoredRuns classifyRuns() {
        return classifyRuns;
    }

    /** Which pose run skeleton models and training will read, e.g. "Poses from movenet-multipose, run 3 (whole video, stored)." */
    public ReadOnlyStringProperty posesPlanProperty() {
        return posesPlan.getReadOnlyProperty();
    }

    /** Where the verdicts on display (and "Why this verdict?") read their poses, e.g. "Poses from movenet-multipose, run 3." */
    public ReadOnlyStringProperty verdictPosesProperty() {
        return verdictPoses.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty videoOpenProperty() {
        return videoOpen.getReadOnlyProperty();
    }
}
