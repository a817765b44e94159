package org.dancelens.ui.compare;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntConsumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.dancelens.analysis.ClassifyAnalysis;
import org.dancelens.analysis.ComparisonLanes;
import org.dancelens.export.CompareClip;
import org.dancelens.analysis.RunComparison;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.analysis.store.RunKind;
import org.dancelens.compare.ClassifierComparison;
import org.dancelens.compare.JointDistances;
import org.dancelens.compare.MapComparison;
import org.dancelens.compare.PoseComparison;
import org.dancelens.core.Pose;
import org.dancelens.core.TaskRunner;
import org.dancelens.ui.BackgroundJob;
import org.dancelens.ui.DialogService;
import org.dancelens.ui.ListenerScope;
import org.dancelens.ui.session.RunChoice;
import org.dancelens.ui.session.VideoSession;
import org.dancelens.ui.timeline.TimelineViewModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Compare tab: two stored runs of the video on screen, of one kind (poses, styles or explanations), compared with
 * {@link RunComparison} in the background. Run A defaults to the run on display in the matching panel, run B to the
 * newest other run A can be compared with. The result is shown as summary lines, a list of stretches where the runs
 * disagree (each a click away: {@link Entry#jump()}), the confusion table of two classifiers, lanes in the video's
 * timeline and — for two pose runs — B's skeletons over A's in one contrasting colour.
 *
 * <p>Nothing stale: choosing another kind, run or video, or closing the comparison takes the result, its lanes and
 * B's skeletons off; a result that arrives for choices no longer made is dropped.
 */
public class CompareRunsViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(CompareRunsViewModel.class);
    /** The kinds of run that can be compared, as the tab offers them (the side panels' names). */
    public static final String POSES = "Poses";
    public static final String STYLES = "Styles";
    public static final String EXPLAIN = "Explain";
    /** A matched pair below this OKS is listed as a stretch where the runs disagree. */
    public static final double LOW_OKS = 0.5;
    /** Frames whose maps' strongest 20 % overlap less than this are listed (explanation runs). */
    public static final double LOW_IOU = 0.5;
    private static final String COMPARISON = "comparison";

    /**
     * A stretch of frames where the two runs disagree (a classifier disagreement segment, a pair of dancers whose OKS
     * is below {@link #LOW_OKS}, a dancer one run missed, maps that overlap little).
     *
     * @param firstFrame its first frame (where {@link #jump()} goes)
     * @param lastFrame  its last frame (inclusive)
     */
    public record Entry(String text, int firstFrame, int lastFrame, IntConsumer seek) {
        /** Shows the stretch's first frame in the player. */
        public void jump() {
            seek.accept(firstFrame);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** What a comparison shows, made off the UI thread. */
    record Shown(RunComparison.Outcome outcome, List<String> summary, List<Stretch> stretches, TimelineViewModel.CompareLanes lanes,
                 Map<Integer, List<Pose>> bRaw, Map<Integer, List<Pose>> bSmoothed) {
    }

    /** An entry before it is tied to a player. */
    record Stretch(String text, int first, int last) {
    }

    private final TaskRunner tasks;
    private final DialogService dialogs;
    private final ReadOnlyObjectProperty<VideoSession> session;
    private final BackgroundJob job;
    private final ListenerScope sessionScope = new ListenerScope();
    private final ObservableList<String> kinds = FXCollections.observableArrayList(POSES, STYLES, EXPLAIN);
    private final StringProperty kind = new SimpleStringProperty(POSES);
    private final ObservableList<RunChoice> runsA = FXCollections.observableArrayList();
    private final ObservableList<RunChoice> runsAView = FXCollections.unmodifiableObservableList(runsA);
    private final ObservableList<RunChoice> runsB = FXCollections.observableArrayList();
    private final ObservableList<RunChoice> runsBView = FXCollections.unmodifiableObservableList(runsB);
    private final ObjectProperty<RunChoice> runA = new SimpleObjectProperty<>();
    private final ObjectProperty<RunChoice> runB = new SimpleObjectProperty<>();
    private final javafx.beans.property.ReadOnlyObjectWrapper<org.dancelens.analysis.store.Run> comparedPoseRun = new javafx.beans.property.ReadOnlyObjectWrapper<>();
    private final BooleanProperty showB = new SimpleBooleanProperty(true);
    private final BooleanProperty sideBySide = new SimpleBooleanProperty(false);
    private final ReadOnlyObjectWrapper<RunComparison.Outcome> outcome = new ReadOnlyObjectWrapper<>();
    private final ObservableList<String> summary = FXCollections.observableArrayList();
    private final ObservableList<String> summaryView = FXCollections.unmodifiableObservableList(summary);
    private final ObservableList<Entry> entries = FXCollections.observableArrayList();
    private final ObservableList<Entry> entriesView = FXCollections.unmodifiableObservableList(entries);
    private final ReadOnlyObjectWrapper<ClassifierComparison.Confusion> confusion = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<TimelineViewModel.CompareLanes> lanes = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper canCompare = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper posesCompared = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper heading = new ReadOnlyStringWrapper("");
    /** run id of A → the runs it can be compared with (RunComparison.comparableWith), newest first. */
    private Map<Long, List<RunChoice>> comparable = Map.of();
    /** The session the result's lanes and skeletons are on (null: none shown). */
    private VideoSession shownOn;
    private Shown shown;
    private long listGeneration;
    /** True while the choosers are filled by the panel (not a choice of the user's). */
    private boolean filling;

    /** @param session the video the workbench shows (null when none); the tab follows it */
    public CompareRunsViewModel(TaskRunner tasks, DialogService dialogs, ReadOnlyObjectProperty<VideoSession> session) {
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.session = session;
        this.job = new BackgroundJob(tasks, dialogs, LOG, "Choose two runs of the video on screen and compare them.");
        kind.addListener((o, a, b) -> {
            clear();
            refresh();
        });
        runA.addListener((o, a, b) -> {
            clear();
            if (!filling) {
                offerB(b, null);
            }
            updateCanCompare();
        });
        runB.addListener((o, a, b) -> {
            clear();
            updateCanCompare();
        });
        showB.addListener((o, a, b) -> showOverlay());
        sideBySide.addListener((o, a, b) -> showOverlay());
        job.runningProperty().addListener((o, a, b) -> updateCanCompare());
        session.addListener((o, a, b) -> follow(b));
        follow(session.get());
    }

    private static RunKind kindOf(String k) {
        return STYLES.equals(k) ? RunKind.CLASSIFY : EXPLAIN.equals(k) ? RunKind.EXPLAIN : RunKind.POSE;
    }

    /** The workbench shows another video (or none): what was compared on the other is taken off, this one's runs listed. */
    private void follow(VideoSession s) {
        sessionScope.close();
        clear();
        job.showFor(s);
        fill(List.of(), Map.of(), null, null);
        if (s == null) {
            return;
        }
        // the run on display changes (another run chosen in its panel): a pose comparison drawn over it is taken off
        sessionScope.onChange(s.posesProperty(), (o, a, b) -> displayedChanged(RunKind.POSE, b == null ? null : b.run()));
        sessionScope.onChange(s.classificationProperty(), (o, a, b) -> displayedChanged(RunKind.CLASSIFY, b == null ? null : b.run()));
        sessionScope.onChange(s.mapsProperty(), (o, a, b) -> displayedChanged(RunKind.EXPLAIN, b == null ? null : b.run()));
        refresh();
    }

    private void displayedChanged(RunKind k, Run r) {
        if (k != kindOf(kind.get())) {
            return;
        }
        Shown sh = shown;
        Run a = sh == null ? null : sh.outcome().a();
        Run b = sh == null ? null : sh.outcome().b();
        if (sh != null && k == RunKind.POSE && (r == null || r.id() != a.id())) {
            clear(); // B's skeletons were drawn over run A's: A is no longer the run on display
            job.say("The pose run on display changed, so the comparison was taken off.");
        } else if (sh != null && r != null && (r.id() == a.id() && !r.equals(a) || r.id() == b.id() && !r.equals(b))) {
            clear(); // the run shown again is not as it was compared (continued, identities corrected)
            job.say("Run " + r.id() + " changed since it was compared, so the comparison was taken off: compare again.");
        }
        if (shown == null && !job.runningProperty().get()) {
            refresh(); // run A follows the run on display
        }
    }

    /** The run of the kind on display in its panel for the video (null: none). */
    private static Run displayed(VideoSession s, RunKind k) {
        return switch (k) {
            case POSE -> s.posesProperty().get() == null ? null : s.posesProperty().get().run();
            case CLASSIFY -> s.classificationProperty().get() == null ? null : s.classificationProperty().get().run();
            case EXPLAIN -> s.mapsProperty().get() == null ? null : s.mapsProperty().get().run();
            default -> null;
        };
    }

    /** Lists the video's runs of the kind again (in the background), keeping the choices where they still exist. */
    public void refresh() {
        VideoSession s = session.get();
        if (s == null) {
            return;
        }
        RunKind k = kindOf(kind.get());
        long gen = ++listGeneration;
        Path storeFile = s.storeFile();
        String abs = s.video().toAbsolutePath().toString();
        Run onDisplay = displayed(s, k);
        tasks.submit("Listing runs to compare", ctx -> list(storeFile, abs, k), TaskRunner.Callbacks.of(l -> {
            if (gen != listGeneration || s != session.get()) {
                return;
            }
            List<RunChoice> as = l.keySet().stream().toList();
            Map<Long, List<RunChoice>> bs = new java.util.HashMap<>();
            l.forEach((a, b) -> bs.put(a.id(), b));
            RunChoice keepA = runA.get() == null ? null : find(as, runA.get().id());
            RunChoice a = keepA != null ? keepA : onDisplay == null ? null : find(as, onDisplay.id());
            if (a == null && !as.isEmpty()) {
                a = as.get(0);
            }
            fill(as, bs, a, runB.get());
            if (as.isEmpty()) {
                job.say("No stored " + k.key() + " runs of " + s.name() + " to compare: run the " + kindWord(k) + " first.");
            } else if (as.size() == 1) {
                job.say("Only one stored " + k.key() + " run of " + s.name() + " holds results: run another to compare with it.");
            }
        }, e -> {
            if (s == session.get()) {
                dialogs.reportFailure(s.name(), LOG, "Listing the runs of " + s.name(), e);
            }
        }));
    }

    private static String kindWord(RunKind k) {
        return switch (k) {
            case POSE -> "pose analysis";
            case CLASSIFY -> "classification";
            default -> "explanation";
        };
    }

    /** The runs of a kind that hold results (newest first; no classification made before its poses were corrected), each with those it compares with. */
    static Map<RunChoice, List<RunChoice>> list(Path storeFile, String videoPath, RunKind kind) {
        Map<RunChoice, List<RunChoice>> out = new LinkedHashMap<>();
        if (!Files.exists(storeFile)) {
            return out;
        }
        try (ResultsStore store = ResultsStore.open(storeFile)) {
            for (Run r : store.runs().list(videoPath, kind)) {
                if (r.framesDone() == 0 || kind == RunKind.CLASSIFY && ClassifyAnalysis.isStale(store, r)) {
                    continue;
                }
                List<RunChoice> with = new ArrayList<>(RunComparison.comparableWith(store, r).stream()
                        .filter(b -> kind != RunKind.CLASSIFY || !ClassifyAnalysis.isStale(store, b)).map(RunChoice::of).toList());
                java.util.Collections.reverse(with); // newest first, as the lists show runs
                out.put(RunChoice.of(r), with);
            }
        }
        return out;
    }

    private static RunChoice find(List<RunChoice> l, long id) {
        return l.stream().filter(c -> c.id() == id).findFirst().orElse(null);
    }

    /**
     * Offers the runs listed. A list read again that holds the same runs as they were is left as it is (the same
     * objects: a chooser showing one sees no change, and a comparison shown of them stays).
     */
    private void fill(List<RunChoice> as, Map<Long, List<RunChoice>> bs, RunChoice a, RunChoice keepB) {
        filling = true;
        try {
            comparable = bs;
            if (!sameRuns(runsA, as)) {
                runsA.setAll(as);
            }
            RunChoice now = runA.get();
            if (a == null || now == null || !now.run().equals(a.run())) {
                runA.set(a == null ? null : find(runsA, a.id()));
            }
        } finally {
            filling = false;
        }
        offerB(runA.get(), keepB);
        updateCanCompare();
    }

    private static boolean sameRuns(List<RunChoice> x, List<RunChoice> y) {
        if (x.size() != y.size()) {
            return false;
        }
        for (int i = 0; i < x.size(); i++) {
            if (!x.get(i).run().equals(y.get(i).run())) {
                return false;
            }
        }
        return true;
    }

    /** The runs A compares with; B stays when it is among them (as it was), else the newest of them. */
    private void offerB(RunChoice a, RunChoice keepB) {
        List<RunChoice> bs = a == null ? List.of() : comparable.getOrDefault(a.id(), List.of());
        if (!sameRuns(runsB, bs)) {
            runsB.setAll(bs);
        }
        RunChoice b = keepB == null ? null : find(runsB, keepB.id());
        RunChoice chosen = b != null ? b : runsB.isEmpty() ? null : runsB.get(0);
        if (chosen == null || runB.get() == null || !runB.get().run().equals(chosen.run())) {
            runB.set(chosen);
        }
    }

    private void updateCanCompare() {
        canCompare.set(session.get() != null && runA.get() != null && runB.get() != null && runA.get().id() != runB.get().id()
                && !job.runningProperty().get());
    }

    /** Compares run A with run B in the background and shows the result. */
    public void compare() {
        VideoSession s = session.get();
        RunChoice a = runA.get();
        RunChoice b = runB.get();
        if (s == null || a == null || b == null || job.runningProperty().get()) {
            return;
        }
        clear();
        Path storeFile = s.storeFile();
        int frames = s.player().frameCount();
        long idA = a.id();
        long idB = b.id();
        job.start(COMPARISON, "Comparing run " + idA + " with run " + idB + "…", "Cancelled; nothing is shown.", ctx -> {
            try (ResultsStore store = ResultsStore.open(storeFile)) {
                Run ra = RunComparison.find(store, idA, "Run A");
                Run rb = RunComparison.find(store, idB, "Run B");
                RunComparison.Outcome o = RunComparison.compare(store, ra, rb, ctx.scaled(0, 0.9, ""));
                ctx.progress(0.9, "preparing the lanes…");
                Map<Integer, List<Pose>> bRaw = null;
                Map<Integer, List<Pose>> bSmoothed = null;
                if (o instanceof RunComparison.PoseOutcome) {
                    bRaw = store.poses().read(rb.id(), rb.spec().fromFrame(), rb.spec().toFrame(), false);
                    bSmoothed = store.poses().read(rb.id(), rb.spec().fromFrame(), rb.spec().toFrame(), true);
                }
                return new Shown(o, summaryOf(o), stretchesOf(o), lanesOf(o, frames), bRaw, bSmoothed);
            }
        }, r -> {
            RunChoice nowA = runA.get();
            RunChoice nowB = runB.get();
            if (s != session.get() || s.isClosed() || nowA == null || nowB == null || nowA.id() != idA || nowB.id() != idB) {
                return; // the choices changed while it ran: not shown
            }
            show(s, r);
            job.say(String.format(Locale.ROOT, "Compared %s run %d with run %d.", r.outcome().kind().key(), idA, idB));
        }, (error, cancelled) -> {
            if (!cancelled && error.kind() == org.dancelens.core.DanceLensException.Kind.BAD_INPUT) {
                job.say(error.getMessage()); // a refusal, in the status line too (it is in the list of problems)
            }
        });
    }

    /**
     * Exports the comparison on show as one annotated clip ({@link CompareClip#runs}: the frames both runs cover, the
     * layout the tab shows — overlaid only for pose runs — and the comparison's lanes under the picture), into a file the
     * user chooses, as this tab's background job with progress and cancel.
     */
    public void exportClip() {
        VideoSession s = shownOn;
        Shown r = shown;
        if (s == null || s.isClosed() || r == null || job.runningProperty().get()) {
            return;
        }
        long idA = r.outcome().a().id();
        long idB = r.outcome().b().id();
        Path video = s.player().info().path().toAbsolutePath();
        String stem = video.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        Path suggested = video.resolveSibling(String.format(Locale.ROOT, "%s-run%d-vs-run%d.mp4", stem, idA, idB));
        java.util.Optional<Path> chosen = dialogs.chooseClipToSave("Export the comparison as a clip", suggested);
        if (chosen.isEmpty()) {
            return;
        }
        Path out = chosen.get();
        boolean overlaid = !sideBySide.get() && r.outcome() instanceof RunComparison.PoseOutcome;
        CompareClip.Look look = CompareClip.Look.defaults().layout(overlaid ? CompareClip.Layout.OVERLAID : CompareClip.Layout.SIDE_BY_SIDE);
        Path storeFile = s.storeFile();
        job.start("comparison clip", "Exporting run " + idA + " against run " + idB + " as a clip…", "Cancelled: no clip was written.", ctx -> {
            try (ResultsStore store = ResultsStore.open(storeFile)) {
                return CompareClip.runs(store, idA, idB, out, look, ctx);
            }
        }, done -> {
            String sentence = String.format(Locale.ROOT, "Exported %d frames (%s) to %s in %.1f s.", done.frames(),
                    overlaid ? "overlaid" : "side by side", out.getFileName(), done.seconds());
            job.say(sentence);
            dialogs.showInfo(sentence);
        }, (error, cancelled) -> {
            if (!cancelled) {
                job.say(org.dancelens.ui.Failures.sentence(error));
            }
        });
    }

    /** Stops the comparison that runs. */
    public void cancel() {
        job.cancel();
    }

    private void show(VideoSession s, Shown r) {
        shown = r;
        shownOn = s;
        outcome.set(r.outcome());
        posesCompared.set(r.outcome() instanceof RunComparison.PoseOutcome);
        comparedPoseRun.set(r.outcome() instanceof RunComparison.PoseOutcome ? r.outcome().b() : null);
        heading.set(String.format(Locale.ROOT, "A: run %d · %s%nB: run %d · %s", r.outcome().a().id(), r.outcome().a().modelId(), r.outcome().b().id(),
                r.outcome().b().modelId()));
        // the lanes first: whoever sees the entries sees the timeline's lanes too
        lanes.set(r.lanes());
        s.timeline().setComparison(r.lanes());
        summary.setAll(r.summary());
        IntConsumer seek = f -> s.player().seek(f);
        entries.setAll(r.stretches().stream().map(st -> new Entry(st.text(), st.first(), st.last(), seek)).toList());
        confusion.set(r.outcome() instanceof RunComparison.ClassifyOutcome c ? c.result().confusion() : null);
        if (r.outcome() instanceof RunComparison.PoseOutcome) {
            VideoSession.PoseResults p = s.posesProperty().get();
            if (p == null || p.runId() != r.outcome().a().id()) {
                s.showPoseRun(r.outcome().a().id()); // B's skeletons are drawn over A's
            }
        }
        showOverlay();
    }

    /** B's skeletons over A's, when two pose runs are compared and the toggle is on. */
    private void showOverlay() {
        VideoSession s = shownOn;
        if (s == null || s.isClosed()) {
            return;
        }
        Shown r = shown;
        if (r != null && r.bRaw() != null && showB.get()) {
            Run a = r.outcome().a();
            Run b = r.outcome().b();
            s.player().sideBySideProperty().set(sideBySide.get());
            s.player().setCompareOverlay(r.bRaw(), r.bSmoothed(), b.modelId(), String.format(Locale.ROOT, "A · run %d · %s", a.id(), a.modelId()),
                    String.format(Locale.ROOT, "B · run %d · %s", b.id(), b.modelId()));
        } else {
            s.player().setCompareOverlay(null, null);
        }
    }

    /** Takes the comparison off: its lanes, B's skeletons and what the tab shows of it. */
    public void close() {
        clear();
    }

    private void clear() {
        VideoSession s = shownOn;
        if (s != null && !s.isClosed()) {
            s.timeline().setComparison(null);
            s.player().setCompareOverlay(null, null);
        }
        shownOn = null;
        shown = null;
        outcome.set(null);
        posesCompared.set(false);
        comparedPoseRun.set(null);
        heading.set("");
        summary.clear();
        entries.clear();
        confusion.set(null);
        lanes.set(null);
    }

    // ---- what a comparison shows (pure: off the UI thread) ----

    private static String f3(double v) {
        return Double.isNaN(v) ? "undefined" : String.format(Locale.ROOT, "%.3f", v);
    }

    /** The summary lines of a comparison. */
    static List<String> summaryOf(RunComparison.Outcome o) {
        List<String> l = new ArrayList<>();
        if (o instanceof RunComparison.PoseOutcome p) {
            PoseComparison.Summary s = p.result().summary();
            l.add(String.format(Locale.ROOT, "%d frames compared, %d matched pairs of dancers", s.framesCompared(), s.pairs()));
            l.add("Mean OKS " + f3(s.meanOks()));
            l.add("PCK@0.05 " + f3(s.pck05()) + " · PCK@0.1 " + f3(s.pck10()));
            l.add(String.format(Locale.ROOT, "Frames with a missed dancer: %d (%d dancers seen by A only, %d by B only)", s.framesWithMissed(),
                    s.missedByB(), s.missedByA()));
            List<String> tracks = p.result().identities().stream().filter(PoseComparison.IdentityPair::dominant)
                    .map(i -> String.format(Locale.ROOT, "A #%d ~ B #%d (%d frames, OKS %s)", i.trackA(), i.trackB(), i.frames(), f3(i.meanOks()))).toList();
            l.add("Track pairs: " + (tracks.isEmpty() ? "none" : String.join(", ", tracks)));
        } else if (o instanceof RunComparison.ClassifyOutcome c) {
            ClassifierComparison.Summary s = c.result().summary();
            ClassifierComparison.LabelMatch lm = c.result().labels();
            l.add(String.format(Locale.ROOT, "%d frames compared, top label agrees on %d: agreement rate %s", s.frames(), s.agreeing(), f3(s.agreement())));
            l.add("Cohen's kappa " + f3(s.kappa()) + " · mean JS divergence " + f3(s.meanJs()));
            l.add(String.format(Locale.ROOT, "Labels matched by name: %d; only in A: %s; only in B: %s", lm.matched(), names(lm.unmatchedA()),
                    names(lm.unmatchedB())));
            if (!c.pairing().isEmpty()) {
                l.add(String.format(Locale.ROOT, "Dancers paired by %s: %d pairs", c.pairing(), c.result().tracks().pairs().size()));
            }
        } else if (o instanceof RunComparison.ExplainOutcome e) {
            MapComparison.Summary s = e.result().summary();
            l.add(String.format(Locale.ROOT, "%d frames compared%s", s.frames(), s.resampled() > 0 ? " (" + s.resampled() + " resampled to a common grid)" : ""));
            l.add("Mean IoU of the strongest 20 % " + f3(s.meanIou()) + " · mean Spearman " + f3(s.meanSpearman()));
        }
        for (Run r : List.of(o.a(), o.b())) {
            if (!r.finished()) {
                l.add(String.format(Locale.ROOT, "Run %d is %s (%d of %d frames): only frames both runs hold are compared", r.id(), r.status().key(),
                        r.framesDone(), r.spec().frames()));
            }
        }
        return l;
    }

    private static String names(List<String> l) {
        return l.isEmpty() ? "none" : String.join(", ", l);
    }

    /** The stretches where the runs disagree, by first frame. */
    static List<Stretch> stretchesOf(RunComparison.Outcome o) {
        List<Stretch> out = new ArrayList<>();
        if (o instanceof RunComparison.PoseOutcome p) {
            // per pair of dancers: consecutive frames where their OKS is below the threshold
            Map<String, TreeMap<Integer, Double>> low = new TreeMap<>();
            for (PoseComparison.Pair pr : p.result().pairs()) {
                if (pr.oks() < LOW_OKS) {
                    low.computeIfAbsent(String.format(Locale.ROOT, "A #%d ~ B #%d", pr.trackA(), pr.trackB()), k -> new TreeMap<>()).put(pr.frame(), pr.oks());
                }
            }
            low.forEach((name, byFrame) -> runs(byFrame, (first, last, values) -> out.add(new Stretch(String.format(Locale.ROOT,
                    "%s · %s: OKS below %.1f (lowest %.3f)", frames(first, last), name, LOW_OKS, values.stream().mapToDouble(Double::doubleValue).min()
                    .orElse(0)), first, last))));
            // per dancer one run saw and the other missed
            Map<String, TreeMap<Integer, Double>> missed = new TreeMap<>();
            for (PoseComparison.Missed m : p.result().missed()) {
                String name = m.seenBy() == PoseComparison.Side.ONLY_A ? "A #" + m.track() + " missed by B" : "B #" + m.track() + " missed by A";
                missed.computeIfAbsent(name, k -> new TreeMap<>()).put(m.frame(), m.bestOks());
            }
            missed.forEach((name, byFrame) -> runs(byFrame, (first, last, values) -> out.add(new Stretch(frames(first, last) + " · " + name, first, last))));
        } else if (o instanceof RunComparison.ClassifyOutcome c) {
            for (ClassifierComparison.Segment s : c.result().segments()) {
                String dancers = s.trackA() < 0 ? "" : String.format(Locale.ROOT, " · A #%d ~ B #%d", s.trackA(), s.trackB());
                out.add(new Stretch(frames(s.startFrame(), s.endFrame()) + " · A " + s.topA() + " / B " + s.topB() + dancers, s.startFrame(), s.endFrame()));
            }
        } else if (o instanceof RunComparison.ExplainOutcome e) {
            TreeMap<Integer, Double> low = new TreeMap<>();
            for (MapComparison.Frame f : e.result().frames()) {
                if (f.iou() < LOW_IOU) {
                    low.put(f.frame(), f.iou());
                }
            }
            runs(low, (first, last, values) -> out.add(new Stretch(String.format(Locale.ROOT, "%s · IoU below %.1f (lowest %.3f)", frames(first, last),
                    LOW_IOU, values.stream().mapToDouble(Double::doubleValue).min().orElse(0)), first, last)));
        }
        out.sort(java.util.Comparator.comparingInt(Stretch::first).thenComparing(Stretch::text));
        return out;
    }

    private interface RunOf {
        void accept(int first, int last, List<Double> values);
    }

    /** Splits frames into runs of consecutive frames. */
    private static void runs(TreeMap<Integer, Double> byFrame, RunOf out) {
        int first = -1;
        int last = -2;
        List<Double> values = new ArrayList<>();
        for (Map.Entry<Integer, Double> e : byFrame.entrySet()) {
            if (e.getKey() != last + 1 && first >= 0) {
                out.accept(first, last, values);
                values = new ArrayList<>();
                first = -1;
            }
            if (first < 0) {
                first = e.getKey();
            }
            last = e.getKey();
            values.add(e.getValue());
        }
        if (first >= 0) {
            out.accept(first, last, values);
        }
    }

    private static String frames(int first, int last) {
        return first == last ? "frame " + first : "frames " + first + "–" + last;
    }

    /** The comparison's lanes over a video of {@code frames} frames ({@link ComparisonLanes}, every dancer). */
    static TimelineViewModel.CompareLanes lanesOf(RunComparison.Outcome o, int frames) {
        ComparisonLanes.Lanes c = ComparisonLanes.of(o, frames, Integer.MAX_VALUE);
        List<TimelineViewModel.CompareLane> l = c.lanes().stream().map(x -> new TimelineViewModel.CompareLane(x.name(), x.values(), x.min(), x.max())).toList();
        return o instanceof RunComparison.PoseOutcome p ? new TimelineViewModel.CompareLanes(c.title(), l, heatOf(p.result(), frames))
                : new TimelineViewModel.CompareLanes(c.title(), l);
    }

    /**
     * The heat strips of two pose runs compared ({@link JointDistances}): one per dancer of A that was matched, one row
     * per joint both skeletons have, one column per video frame, the pixel distance between A's joint and the matched
     * B dancer's; NaN (drawn empty) in frames where the dancer has no partner and where A does not see the joint. The
     * colour scale is shared by the strips: {@link #heatScale}.
     */
    public static List<TimelineViewModel.CompareHeat> heatOf(PoseComparison.Result r, int frames) {
        double max = heatScale(r.pairs());
        return JointDistances.of(r, frames).stream().map(st -> new TimelineViewModel.CompareHeat(String.format(Locale.ROOT, "A #%d ~ B #%d%s",
                st.trackA(), st.trackB(), st.others() > 0 ? " (+" + st.others() + " other)" : ""), st.joints(), st.values(), max)).toList();
    }

    /** The top of the heat strips' colour scale: {@link JointDistances#scale}. */
    public static double heatScale(List<PoseComparison.Pair> pairs) {
        return JointDistances.scale(pairs);
    }

    // ---- properties ----

    public ObservableList<String> kinds() {
        return kinds;
    }

    /** The kind of runs compared: {@link #POSES}, {@link #STYLES} or {@link #EXPLAIN}. */
    public StringProperty kindProperty() {
        return kind;
    }

    /** The video's runs of the kind that hold results, newest first. */
    public ObservableList<RunChoice> runsA() {
        return runsAView;
    }

    /** The runs run A can be compared with, newest first. */
    public ObservableList<RunChoice> runsB() {
        return runsBView;
    }

    public ObjectProperty<RunChoice> runAProperty() {
        return runA;
    }

    public ObjectProperty<RunChoice> runBProperty() {
        return runB;
    }

    /** Whether B's skeletons are drawn over A's (two pose runs compared). */
    public BooleanProperty showBProperty() {
        return showB;
    }

    /**
     * Two pose runs compared: shown side by side (true: two panels of the same frame, A's dancers left, B's right,
     * one zoom and pan) or overlaid (false, the default: B's dashed magenta over A's in one panel).
     */
    public BooleanProperty sideBySideProperty() {
        return sideBySide;
    }

    /** The comparison shown (null: none). */
    public ReadOnlyObjectProperty<RunComparison.Outcome> outcomeProperty() {
        return outcome.getReadOnlyProperty();
    }

    /** What is compared, one line ("A: run 3 · movenet-multipose   B: run 5 · movenet-lightning"; empty: nothing shown). */
    public ReadOnlyStringProperty headingProperty() {
        return heading.getReadOnlyProperty();
    }

    public ObservableList<String> summary() {
        return summaryView;
    }

    /** Where the runs disagree, by first frame. */
    public ObservableList<Entry> entries() {
        return entriesView;
    }

    /** The confusion table of two classifiers, A's labels by B's (null: none). */
    public ReadOnlyObjectProperty<ClassifierComparison.Confusion> confusionProperty() {
        return confusion.getReadOnlyProperty();
    }

    /** The lanes given to the video's timeline (null: none). */
    public ReadOnlyObjectProperty<TimelineViewModel.CompareLanes> lanesProperty() {
        return lanes.getReadOnlyProperty();
    }

    /** Whether the comparison shown is of two pose runs (B's skeletons can be drawn over A's). */
    /** Run B of the pose comparison on show (null: none): the Movement tab measures it beside the run on display. */
    public ReadOnlyObjectProperty<org.dancelens.analysis.store.Run> comparedPoseRunProperty() {
        return comparedPoseRun.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty posesComparedProperty() {
        return posesCompared.getReadOnlyProperty();
    }

    /** Whether cell (i, j) of the confusion table is where the two classifiers agree (the same label name). */
    public boolean agreeingCell(int i, int j) {
        if (outcome.get() instanceof RunComparison.ClassifyOutcome c) {
            int[] bOfA = c.result().labels().bOfA();
            return i >= 0 && i < bOfA.length && bOfA[i] == j;
        }
        return false;
    }

    public ReadOnlyBooleanProperty canCompareProperty() {
        return canCompare.getReadOnlyProperty();
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
}
