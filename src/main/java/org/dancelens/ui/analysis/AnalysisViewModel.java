package org.dancelens.ui.analysis;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.SetChangeListener;
import org.dancelens.analysis.PoseAnalysis;
import org.dancelens.analysis.Undecodable;
import org.dancelens.analysis.store.PoseFrames;
import org.dancelens.analysis.store.ResultsStore;
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
import org.dancelens.ui.models.InstalledModels;
import org.dancelens.ui.player.PlayerViewModel;
import org.dancelens.ui.session.StoredRuns;
import org.dancelens.ui.session.VideoSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Poses panel: pick a pose model, run it over the video on screen (or a frame range) in the background with
 * progress and cancel, and show the stored results in that video's session; select, hide and re-identify dancers.
 * It follows whichever video the workbench shows, through listeners it removes when the video changes.
 */
public class AnalysisViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(AnalysisViewModel.class);

    private final TaskRunner tasks;
    private final DialogService dialogs;
    private final InstalledModels installed;
    private final ReadOnlyObjectProperty<VideoSession> session;
    private final BackgroundJob job;
    private final ListenerScope sessionScope = new ListenerScope();
    private final ObservableList<String> models = FXCollections.observableArrayList();
    private final StringProperty selectedModel = new SimpleStringProperty();
    private final ReadOnlyIntegerWrapper fromFrame = new ReadOnlyIntegerWrapper(0);
    private final ReadOnlyIntegerWrapper toFrame = new ReadOnlyIntegerWrapper(-1);
    private final StringProperty range = new SimpleStringProperty("");
    private final StringProperty smoothing = new SimpleStringProperty("one-euro");
    private final java.util.function.Supplier<OrtRuntime.Device> device;
    private final ObservableList<String> smoothings = FXCollections.observableArrayList("one-euro", "savgol", "butterworth", "none");
    private final ReadOnlyBooleanWrapper videoOpen = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyIntegerWrapper selectedTrack = new ReadOnlyIntegerWrapper(-1);
    private final ReadOnlyBooleanWrapper selectedHidden = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper anyHidden = new ReadOnlyBooleanWrapper(false);
    private final ObservableList<Integer> dancers = FXCollections.observableArrayList();
    /** The read-only view handed out (one object: a listener added to it lives as long as this). */
    private final ObservableList<Integer> dancersView = FXCollections.unmodifiableObservableList(dancers);
    /** Identity corrections that can be undone and redone, per pose run. */
    private final CorrectionHistory history = new CorrectionHistory();
    private final StoredRuns poseRuns;
    private final javafx.beans.property.ObjectProperty<Integer> otherDancer = new javafx.beans.property.SimpleObjectProperty<>();
    /** The pose run whose dancers the panel names and lists (-1: none). */
    private long namedRun = -1;
    private final javafx.beans.property.ReadOnlyStringWrapper selectedName = new javafx.beans.property.ReadOnlyStringWrapper("");
    /** True while the model chooser is set to the model of the run on display (not a choice of the user's). */
    private boolean followingDisplay;
    private volatile long lastPreview;
    private volatile boolean previewing;

    /**
     * @param session the video the workbench shows (null when none); the panel follows it
     * @param device  the device models run on (the workbench's one device setting)
     */
    public AnalysisViewModel(TaskRunner tasks, DialogService dialogs, InstalledModels installed, ReadOnlyObjectProperty<VideoSession> session,
                             java.util.function.Supplier<OrtRuntime.Device> device) {
        this.tasks = tasks;
        this.device = device;
        this.dialogs = dialogs;
        this.installed = installed;
        this.session = session;
        this.job = new BackgroundJob(tasks, dialogs, LOG, "Open a video, pick a pose model and run it.");
        this.poseRuns = new StoredRuns(tasks, RunKind.POSE, "No stored poses shown.", e -> {
            VideoSession s = session.get();
            dialogs.reportFailure(VideoSession.nameOf(s), LOG, "Listing the stored pose runs of " + VideoSession.nameOf(s), e);
        });
        job.runningProperty().addListener((o, a, b) -> {
            if (!b) {
                poseRuns.refresh(); // a job ended: its run is listed as it now is
            }
        });
        selectedModel.addListener((o, a, b) -> modelChosen(b));
        selectedTrack.addListener((o, a, b) -> nameSelected());
        range.addListener((o, a, b) -> parseRange(b));
        installed.entries().addListener((ListChangeListener<ModelRegistry.Entry>) c -> refreshModels());
        refreshModels();
        session.addListener((o, a, b) -> follow(b));
        follow(session.get());
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
            job.say("Frames are FROM:TO, e.g. 100:500 (TO excluded; either may be left out).");
        }
    }

    /** The installed pose models, the chosen one kept while it is installed. */
    private void refreshModels() {
        List<String> ids = installed.ids(c -> c.task() == ModelCard.Task.POSE);
        Choices.offer(models, ids, selectedModel, ids.contains("movenet-multipose") ? "movenet-multipose" : ids.isEmpty() ? null : ids.get(0));
        if (models.isEmpty()) {
            job.say("No pose models installed: build the zoo with src/scripts/build-model-zoo.sh.");
        }
    }

    /**
     * The model chooser changed: unless it only follows the run on display, the video shows that model's newest
     * stored run, or no skeletons and a sentence saying there are none yet (never another model's skeletons).
     */
    private void modelChosen(String id) {
        VideoSession s = session.get();
        if (followingDisplay || s == null || id == null || job.runningProperty().get()) {
            return;
        }
        poseRuns.showNewestOf(id, () -> {
            if (s == session.get() && id.equals(selectedModel.get()) && !job.runningProperty().get() && !s.isClosed()) {
                s.showPoses(null);
                job.say("No stored poses from " + id + " for this video yet.");
            }
        });
    }

    /** The run on display changed: the model chooser shows its model. */
    private void displayShown(VideoSession.PoseResults p) {
        long id = p == null ? -1 : p.runId();
        if (id != namedRun) {
            namedRun = id;
            otherDancer.set(null); // a number chosen among another run's dancers names someone else now
            dancers.clear(); // the run's own dancers follow from the overlay; cleared first, so none keeps its old name in a list
        }
        if (p != null && models.contains(p.modelId()) && !p.modelId().equals(selectedModel.get())) {
            followingDisplay = true;
            try {
                selectedModel.set(p.modelId());
            } finally {
                followingDisplay = false;
            }
        }
        nameSelected();
    }

    private void nameSelected() {
        selectedName.set(selectedTrack.get() < 0 ? "" : dancerName(selectedTrack.get()));
    }

    /** A dancer of the poses on display as it is named everywhere, e.g. {@code movenet-multipose #3}. */
    public String dancerName(Integer track) {
        VideoSession s = session.get();
        VideoSession.PoseResults p = s == null ? null : s.posesProperty().get();
        return track == null ? "" : DancerNames.dancer(p == null ? null : p.modelId(), track);
    }

    /** The workbench shows another video (or none): listen to it instead. */
    private void follow(VideoSession s) {
        sessionScope.close();
        boolean jobSays = job.showFor(s); // the video's own job: running, or what it ended with
        videoOpen.set(s != null);
        dancers.clear();
        selectedTrack.set(-1);
        selectedHidden.set(false);
        anyHidden.set(false);
        VideoSession.PoseResults onScreen = s == null ? null : s.posesProperty().get();
        history.show(s == null ? null : s.storeFile(), onScreen == null ? null : onScreen.runId(), onScreen == null ? null : onScreen.modelId());
        otherDancer.set(null);
        namedRun = -1;
        poseRuns.follow(s, VideoSession::posesProperty, VideoSession.PoseResults::run, id -> s.showPoseRun(id));
        if (s == null) {
            return;
        }
        PlayerViewModel p = s.player();
        sessionScope.onChange(s.posesProperty(), (o, a, b) -> {
            history.show(s.storeFile(), b == null ? null : b.runId(), b == null ? null : b.modelId());
            displayShown(b);
            // another run came on display (not the same run loaded again, e.g. after its job ended: its sentence stays)
            if (b != null && !job.runningProperty().get() && (a == null || a.runId() != b.runId())) {
                job.say("Showing stored poses from " + b.modelId() + ".");
            }
        });
        sessionScope.onChange(p.overlayTracks(), (ListChangeListener<Integer>) c -> dancers.setAll(p.overlayTracks()));
        sessionScope.onChange(p.selectedTrackProperty(), (o, a, b) -> {
            selectedTrack.set(b.intValue());
            selectedHidden.set(p.hiddenTracks().contains(b.intValue()));
        });
        sessionScope.onChange(p.hiddenTracks(), (SetChangeListener<Integer>) c -> {
            anyHidden.set(!p.hiddenTracks().isEmpty());
            selectedHidden.set(p.hiddenTracks().contains(selectedTrack.get()));
        });
        displayShown(s.posesProperty().get());
        dancers.setAll(p.overlayTracks());
        selectedTrack.set(p.selectedTrackProperty().get());
        anyHidden.set(!p.hiddenTracks().isEmpty());
        nameSelected();
        if (!jobSays) {
            job.say(s.posesProperty().get() != null ? "Showing stored poses from " + s.posesProperty().get().modelId() + "."
                    : "No pose results for this video yet.");
        }
    }

    /** Runs the selected model over the video on screen (or the frame range set), in the background. */
    public void run() {
        VideoSession s = session.get();
        String id = selectedModel.get();
        if (s == null || id == null || job.runningProperty().get()) {
            return;
        }
        Path v = s.video();
        Path storeFile = s.storeFile();
        int from = fromFrame.get();
        int to = toFrame.get();
        PoseAnalysis.Settings settings = new PoseAnalysis.Settings(smoothing.get(), 0.2f, 1.0, 0.05, 0);
        OrtRuntime.Device dev = device.get();
        lastPreview = System.nanoTime();
        job.start("analysis", "Starting " + id + "…", "Cancelled; the frames done so far are kept and the next run continues from there.",
                ctx -> {
                    ModelRegistry.Entry entry = installed.catalog().find(id);
                    try (ResultsStore store = ResultsStore.open(storeFile)) {
                        PoseAnalysis.Result r = PoseAnalysis.run(v, entry, store, from, to, settings, dev, new org.dancelens.core.TaskContext() {
                            @Override
                            public void progress(double fraction, String message) {
                                ctx.progress(fraction, message);
                                preview(s, id);
                            }

                            @Override
                            public boolean isCancelled() {
                                return ctx.isCancelled();
                            }
                        });
                        return new Object[] {r, VideoSession.loadPoses(store, store.runs().find(r.runId()).orElseThrow())};
                    }
                }, result -> {
                    PoseAnalysis.Result r = (PoseAnalysis.Result) result[0];
                    if (!s.isClosed()) {
                        s.showPoses((VideoSession.PoseResults) result[1]);
                    }
                    job.say(withGaps(withGaps(r.reusedAll() ? "Already analysed with " + id + ": showing the stored poses."
                            : (r.continued() ? String.format(Locale.ROOT, "continued run %d from frame %d: ", r.runId(), r.continuedFrom()) : "")
                                    + String.format(Locale.ROOT, "%d frames analysed with %s (%.1f frames/s).", r.processed(), id, r.framesPerSecond()),
                            r.note()), Undecodable.sentence(v.getFileName().toString(), r.undecodable(), r.damageNote())));
                }, null);
    }

    private static String withGaps(String said, String gaps) {
        return gaps == null ? said : said + " " + gaps;
    }

    public void cancel() {
        job.cancel();
    }

    /** While a run goes on (called on its worker thread), what it has stored so far is shown every two seconds. */
    private void preview(VideoSession s, String modelId) {
        if (previewing || System.nanoTime() - lastPreview < 2_000_000_000L) {
            return;
        }
        previewing = true;
        lastPreview = System.nanoTime();
        String abs = s.video().toAbsolutePath().toString();
        tasks.submit("Showing results so far", ctx -> {
            try (ResultsStore store = ResultsStore.open(s.storeFile())) {
                return store.runs().newestWithResults(abs, RunKind.POSE).filter(r -> r.modelId().equals(modelId))
                        .map(r -> VideoSession.loadPoses(store, r)).orElse(null);
            }
        }, TaskRunner.Callbacks.of(r -> {
            previewing = false;
            if (r != null && job.isRunningFor(s) && !s.isClosed()) {
                s.showPoses(r);
            }
        }, e -> previewing = false));
    }

    /** The pose model of the run the session shows (null: none). */
    private static String shownModel(VideoSession s) {
        VideoSession.PoseResults p = s == null ? null : s.posesProperty().get();
        return p == null ? null : p.modelId();
    }

    /** Identity correction: dancers {@code a} and {@code b} trade identities from {@code fromFrame} on. */
    public void swapIdentities(int a, int b, int fromFrame) {
        correct(a, b, fromFrame, true);
    }

    /** Identity correction: dancer {@code from} becomes {@code into} from {@code fromFrame} on. */
    public void mergeIdentity(int from, int into, int fromFrame) {
        correct(from, into, fromFrame, false);
    }

    /** Identity correction with the selected dancer, from the frame on screen. */
    public void swapSelectedWith(Integer other) {
        swapFromHere(selectedTrack.get(), other);
    }

    /** Identity correction: the selected dancer becomes the other from the frame on screen. */
    public void mergeSelectedInto(Integer other) {
        mergeFromHere(selectedTrack.get(), other);
    }

    private void correct(int a, int b, int fromFrame, boolean swap) {
        VideoSession s = session.get();
        VideoSession.PoseResults shown = s == null ? null : s.posesProperty().get();
        if (shown == null || a < 0 || b < 0 || a == b || job.runningProperty().get()) {
            if (a == b && a >= 0) {
                dialogs.showError("Pick another dancer to " + (swap ? "swap with." : "merge into."));
            }
            return;
        }
        long runId = shown.runId();
        tasks.submit("Correcting identities", ctx -> {
            try (ResultsStore store = ResultsStore.open(s.storeFile())) {
                PoseFrames.Correction made = swap ? store.poses().swapTracks(runId, a, b, fromFrame) : store.poses().mergeTracks(runId, a, b, fromFrame);
                return new Corrected(made, VideoSession.loadPoses(store, store.runs().find(runId).orElseThrow()));
            }
        }, TaskRunner.Callbacks.of(done -> {
            history.done(s.storeFile(), done.correction());
            VideoSession.PoseResults r = done.poses();
            boolean dropped = !s.isClosed() && s.posesCorrected(r);
            if (s == session.get()) {
                String first = DancerNames.dancer(shown.modelId(), a);
                job.say((swap ? String.format(Locale.ROOT, "Dancers %s and #%d swapped from frame %d on.", first, b, fromFrame)
                        : String.format(Locale.ROOT, "Dancer %s merged into #%d from frame %d on.", first, b, fromFrame))
                        + (dropped ? " The classification shown was made before: classify again to see it with these identities." : ""));
            }
        }, e -> dialogs.reportFailure(s.name(), LOG, "Correcting identities of " + s.name(), e)));
    }

    // ---- undo and redo of identity corrections; one dancer's actions (the video's right-click menu) ----

    /** A correction made in the store and the poses it left. */
    private record Corrected(PoseFrames.Correction correction, VideoSession.PoseResults poses) {
    }

    /** Takes back the last identity correction of the pose run on display (Edit ▸ Undo). */
    public void undo() {
        changeHistory(history.nextUndo(), true);
    }

    /** Makes the last undone identity correction of the pose run on display again (Edit ▸ Redo). */
    public void redo() {
        changeHistory(history.nextRedo(), false);
    }

    private void changeHistory(PoseFrames.Correction c, boolean undoing) {
        VideoSession s = session.get();
        if (c == null || s == null || job.runningProperty().get()) {
            return;
        }
        Path storeFile = s.storeFile();
        history.busy(true);
        tasks.submit(undoing ? "Undoing an identity correction" : "Redoing an identity correction", ctx -> {
            try (ResultsStore store = ResultsStore.open(storeFile)) {
                PoseFrames.Correction next = undoing ? store.poses().undo(c) : store.poses().redo(c);
                return new Corrected(next, VideoSession.loadPoses(store, store.runs().find(c.runId()).orElseThrow()));
            }
        }, TaskRunner.Callbacks.of(done -> {
            history.busy(false);
            if (undoing) {
                history.undone(storeFile, c, done.correction());
            } else {
                history.redone(storeFile, c, done.correction());
            }
            boolean dropped = !s.isClosed() && s.posesCorrected(done.poses());
            if (s == session.get()) {
                job.say((undoing ? "Undone: " : "Done again: ") + CorrectionHistory.describe(c, shownModel(s)) + "."
                        + (dropped ? " The classification shown was made before: classify again to see it with these identities." : ""));
            }
        }, e -> {
            history.busy(false);
            if (e.kind() == org.dancelens.core.DanceLensException.Kind.BAD_INPUT) {
                history.forget(storeFile, c.runId()); // the stored identities are not what the history says: none of it applies
            }
            dialogs.reportFailure(s.name(), LOG, (undoing ? "Undoing" : "Redoing") + " an identity correction of " + s.name(), e);
        }));
    }

    /** Whether Undo has a correction of the pose run on display to take back. */
    public ReadOnlyBooleanProperty canUndoProperty() {
        return history.canUndoProperty();
    }

    public ReadOnlyBooleanProperty canRedoProperty() {
        return history.canRedoProperty();
    }

    /** The Undo item's text, naming what it takes back. */
    public ReadOnlyStringProperty undoTextProperty() {
        return history.undoTextProperty();
    }

    public ReadOnlyStringProperty redoTextProperty() {
        return history.redoTextProperty();
    }

    /** Selects a dancer in the video on screen. */
    public void selectDancer(int track) {
        VideoSession s = session.get();
        if (s != null) {
            s.player().select(track);
        }
    }

    /** Hides a dancer's overlay in the video on screen. */
    public void hideDancer(int track) {
        VideoSession s = session.get();
        if (s != null) {
            s.player().setTrackHidden(track, true);
        }
    }

    /** Identity correction: the two dancers trade identities from the frame on screen. */
    public void swapFromHere(int a, Integer b) {
        VideoSession s = session.get();
        if (s != null && b != null) {
            swapIdentities(a, b, s.player().currentFrameProperty().get());
        }
    }

    /** Identity correction: dancer {@code a} becomes {@code b} from the frame on screen. */
    public void mergeFromHere(int a, Integer b) {
        VideoSession s = session.get();
        if (s != null && b != null) {
            mergeIdentity(a, b, s.player().currentFrameProperty().get());
        }
    }

    /** Writes one dancer's keypoints in the pose run on display to a CSV file the user picks (the columns of poses.csv). */
    public void exportDancer(int track) {
        VideoSession s = session.get();
        VideoSession.PoseResults shown = s == null ? null : s.posesProperty().get();
        if (shown == null || track < 0) {
            return;
        }
        String base = s.video().getFileName().toString().replaceFirst("\\.[^.]*$", "");
        java.util.Optional<Path> chosen = dialogs.chooseCsvToSave("Export the poses of " + DancerNames.dancer(shown.modelId(), track),
                base + "-" + shown.modelId() + "-dancer-" + track + ".csv");
        if (chosen.isEmpty()) {
            return;
        }
        Path out = chosen.get();
        long runId = shown.runId();
        tasks.submit("Exporting a dancer's poses", ctx -> {
            try (ResultsStore store = ResultsStore.open(s.storeFile())) {
                return org.dancelens.export.PoseExport.writeTrack(store, store.runs().find(runId).orElseThrow(), track, out);
            }
        }, TaskRunner.Callbacks.of(frames -> {
            if (s == session.get()) {
                job.say(String.format(Locale.ROOT, "Poses of %s (%d frames) written to %s.", DancerNames.dancer(shown.modelId(), track), frames, out.getFileName()));
            }
        }, e -> dialogs.reportFailure(s.name(), LOG, "Exporting dancer #" + track + " of " + s.name(), e)));
    }

    /** Hides (or shows again) the selected dancer's overlay. */
    public void hideSelected(boolean hide) {
        VideoSession s = session.get();
        if (s != null && selectedTrack.get() >= 0) {
            s.player().setTrackHidden(selectedTrack.get(), hide);
        }
    }

    /** Shows every dancer again. */
    public void showAllDancers() {
        VideoSession s = session.get();
        if (s != null) {
            s.player().showAllTracks();
        }
    }

    // ---- properties ----

    /** The frame range to analyse as the user types it ("FROM:TO", either may be empty). */
    public StringProperty rangeProperty() {
        return range;
    }

    public StringProperty smoothingProperty() {
        return smoothing;
    }

    public ObservableList<String> smoothings() {
        return smoothings;
    }


    public ObservableList<String> models() {
        return models;
    }

    public StringProperty selectedModelProperty() {
        return selectedModel;
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

    /** First frame of the range (parsed from {@link #rangeProperty()}). */
    public ReadOnlyIntegerProperty fromFrameProperty() {
        return fromFrame.getReadOnlyProperty();
    }

    /** End of the range, exclusive, or -1 for the end of the video. */
    public ReadOnlyIntegerProperty toFrameProperty() {
        return toFrame.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty videoOpenProperty() {
        return videoOpen.getReadOnlyProperty();
    }

    /** The dancer selected in the video on screen (-1: none). */
    public ReadOnlyIntegerProperty selectedTrackProperty() {
        return selectedTrack.getReadOnlyProperty();
    }

    /** Whether the selected dancer is hidden. */
    public ReadOnlyBooleanProperty selectedHiddenProperty() {
        return selectedHidden.getReadOnlyProperty();
    }

    /** Whether any dancer is hidden. */
    public ReadOnlyBooleanProperty anyHiddenProperty() {
        return anyHidden.getReadOnlyProperty();
    }

    /** The stored pose runs of the video on screen, the one on display chosen; choosing another shows it. */
    public StoredRuns poseRuns() {
        return poseRuns;
    }

    /** The other dancer chosen for a swap or merge (null: none); cleared when another run or video is shown. */
    public javafx.beans.property.ObjectProperty<Integer> otherDancerProperty() {
        return otherDancer;
    }

    /** The selected dancer's name (e.g. {@code movenet-multipose #3}), or "" when none is selected. */
    public ReadOnlyStringProperty selectedNameProperty() {
        return selectedName.getReadOnlyProperty();
    }

    /** Every identity in the poses on display, ascending. */
    public ObservableList<Integer> dancers() {
        return dancersView;
    }
}
