package org.dancelens.ui.align;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.dancelens.analysis.DancerAlignment;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.analysis.store.RunKind;
import org.dancelens.compare.PoseAlignment;
import org.dancelens.compare.WarpPath;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.TaskContext;
import org.dancelens.core.TaskRunner;
import org.dancelens.ui.BackgroundJob;
import org.dancelens.ui.DialogService;
import org.dancelens.ui.ListenerScope;
import org.dancelens.ui.player.SyncViewModel;
import org.dancelens.ui.session.RunChoice;
import org.dancelens.ui.session.VideoSession;
import org.dancelens.video.SyncClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Align tab: a dancer against a reference. With two videos in sync (File ▸ Compare with Video…) a dancer of A (the
 * reference) and one of B, each from its sync point on; with one video, two of its dancers (unison). Each side's dancer
 * comes from a stored pose run of its video (by default the newest; the dancer seen in most frames, for unison the
 * second such on B). {@link DancerAlignment} aligns them in the background (time warping on the size- and
 * place-independent {@link org.dancelens.compare.PoseDescription}), and the tab shows the warping path, the lag of B
 * over A's frames, the deviation per body part after alignment and the moments of largest difference, ranked, each a
 * click away ({@link Moment#jump()} shows both frames). Two videos: {@link #alignedPlaybackProperty() aligned
 * playback} lets B follow the path.
 *
 * <p>Nothing stale: another video, run, dancer or mirror choice, a sync point moved, or the videos no longer in sync
 * take the result (and aligned playback) off; a result that arrives for choices no longer made is dropped.
 */
public class AlignDancersViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(AlignDancersViewModel.class);

    /** A dancer of a pose run: its track and in how many frames it was found. */
    public record Dancer(int track, int frames) {
        @Override
        public String toString() {
            return "dancer #" + track + " · " + frames + " frames";
        }
    }

    /** A moment of large difference, ranked (1 the largest): the two frames the path pairs there. */
    public record Moment(int rank, String text, int aFrame, int bFrame, Runnable show) {
        /** Shows A's frame on the left and B's on the right (one video: A's frame). */
        public void jump() {
            show.run();
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /**
     * What the charts draw.
     *
     * @param lag        per frame of A ({@code framesA} of them), B's lag in frames (positive: B behind), NaN off the path
     * @param groups     the body parts of {@code deviation}
     * @param deviation  per body part and frame of A, the mean joint distance after alignment in torso lengths (NaN: none)
     * @param maxDeviation the largest value of {@code deviation} (for a shared colour scale)
     */
    public record Shown(WarpPath path, int framesA, int framesB, float[] lag, List<String> groups, float[][] deviation, double maxDeviation,
                        PoseAlignment.Result result) {
    }

    private final TaskRunner tasks;
    private final ReadOnlyObjectProperty<SyncViewModel> sync;
    private final ReadOnlyObjectProperty<VideoSession> active;
    private final ObservableList<VideoSession> sessions;
    private final BackgroundJob job;
    private final ListenerScope sidesScope = new ListenerScope();
    private final ObservableList<RunChoice> runsA = FXCollections.observableArrayList();
    private final ObservableList<RunChoice> runsAView = FXCollections.unmodifiableObservableList(runsA);
    private final ObservableList<RunChoice> runsB = FXCollections.observableArrayList();
    private final ObservableList<RunChoice> runsBView = FXCollections.unmodifiableObservableList(runsB);
    private final ObjectProperty<RunChoice> runA = new SimpleObjectProperty<>();
    private final ObjectProperty<RunChoice> runB = new SimpleObjectProperty<>();
    private final ObservableList<Dancer> dancersA = FXCollections.observableArrayList();
    private final ObservableList<Dancer> dancersAView = FXCollections.unmodifiableObservableList(dancersA);
    private final ObservableList<Dancer> dancersB = FXCollections.observableArrayList();
    private final ObservableList<Dancer> dancersBView = FXCollections.unmodifiableObservableList(dancersB);
    private final ObjectProperty<Dancer> dancerA = new SimpleObjectProperty<>();
    private final ObjectProperty<Dancer> dancerB = new SimpleObjectProperty<>();
    private final BooleanProperty mirrorB = new SimpleBooleanProperty(false);
    private final BooleanProperty alignedPlayback = new SimpleBooleanProperty(false);
    private final ReadOnlyBooleanWrapper canAlign = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper canPlayAligned = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper twoVideos = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper sidesText = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Shown> shown = new ReadOnlyObjectWrapper<>();
    private final ObservableList<String> summary = FXCollections.observableArrayList();
    private final ObservableList<String> summaryView = FXCollections.unmodifiableObservableList(summary);
    private final ObservableList<Moment> moments = FXCollections.observableArrayList();
    private final ObservableList<Moment> momentsView = FXCollections.unmodifiableObservableList(moments);
    private final ReadOnlyIntegerWrapper cursorA = new ReadOnlyIntegerWrapper(-1);
    private final ReadOnlyIntegerWrapper cursorB = new ReadOnlyIntegerWrapper(-1);
    private final ReadOnlyStringWrapper lagText = new ReadOnlyStringWrapper("");
    private VideoSession sideA;
    private VideoSession sideB;
    private SyncViewModel linkedTo;
    /** Counts choices: a listing or result made for earlier choices is dropped. */
    private long generation;
    private boolean filling;

    /**
     * @param sessions the open videos; {@code active} the one on screen; {@code sync} the two in sync (null: none)
     */
    public AlignDancersViewModel(TaskRunner tasks, DialogService dialogs, ObservableList<VideoSession> sessions, ReadOnlyObjectProperty<VideoSession> active,
                                 ReadOnlyObjectProperty<SyncViewModel> sync) {
        this.tasks = tasks;
        this.sessions = sessions;
        this.active = active;
        this.sync = sync;
        this.job = new BackgroundJob(tasks, dialogs, LOG, "Open two videos with File ▸ Compare with Video… (or one with two dancers), choose a dancer on"
                + " each side and align them.");
        runA.addListener((o, x, r) -> runChosen(true, r));
        runB.addListener((o, x, r) -> runChosen(false, r));
        dancerA.addListener((o, x, d) -> choiceChanged());
        dancerB.addListener((o, x, d) -> choiceChanged());
        mirrorB.addListener((o, x, d) -> choiceChanged());
        job.runningProperty().addListener((o, x, r) -> updateCanAlign());
        alignedPlayback.addListener((o, x, on) -> {
            if (linkedTo != null && linkedTo.alignedProperty().get() != on) {
                linkedTo.alignedProperty().set(on);
                alignedPlayback.set(linkedTo.alignedProperty().get()); // refused when the two are unlinked
            }
        });
        javafx.beans.InvalidationListener lagAt = o -> describeLag();
        cursorA.addListener(lagAt);
        shown.addListener(lagAt);
        sync.addListener((o, x, s) -> follow());
        active.addListener((o, x, s) -> follow());
        follow();
    }

    /** Two videos in sync: A and B; otherwise the video on screen on both sides (unison). */
    private void follow() {
        SyncViewModel s = sync.get();
        VideoSession a = s == null ? active.get() : sessionOf(s.playerA());
        VideoSession b = s == null ? a : sessionOf(s.playerB());
        if (a == sideA && b == sideB && s == linkedTo) {
            return;
        }
        clear();
        sidesScope.close();
        sideA = a;
        sideB = b;
        linkedTo = s;
        twoVideos.set(a != null && b != null && a != b);
        job.showFor(a);
        filling = true;
        try {
            runsA.clear();
            runsB.clear();
            runA.set(null);
            runB.set(null);
            dancersA.clear();
            dancersB.clear();
            dancerA.set(null);
            dancerB.set(null);
        } finally {
            filling = false;
        }
        cursorA.set(-1);
        cursorB.set(-1);
        if (a == null) {
            sidesText.set("");
            updateCanAlign();
            return;
        }
        sidesText.set(a == b ? "Two dancers of " + a.name() + " (unison)" : "A: " + a.name() + "   B: " + b.name() + " (each from its sync point)");
        sidesScope.onChange(a.player().currentFrameProperty(), (o, x, n) -> cursorA.set(n.intValue()));
        sidesScope.onChange(b.player().currentFrameProperty(), (o, x, n) -> cursorB.set(n.intValue()));
        cursorA.set(a.player().currentFrameProperty().get());
        cursorB.set(b.player().currentFrameProperty().get());
        if (s != null) {
            // the dancers were aligned from the sync points: moving one makes the result stale
            sidesScope.onChange(s.syncFrameAProperty(), (o, x, n) -> syncMoved());
            sidesScope.onChange(s.syncFrameBProperty(), (o, x, n) -> syncMoved());
            sidesScope.onChange(s.alignedProperty(), (o, x, on) -> alignedPlayback.set(on));
        }
        refresh();
    }

    private VideoSession sessionOf(org.dancelens.ui.player.PlayerViewModel p) {
        return sessions.stream().filter(v -> v.player() == p).findFirst().orElse(null);
    }

    private void syncMoved() {
        if (shown.get() != null) {
            clear();
            job.say("A sync point moved, so the alignment (made from the old ones) was taken off: align again.");
        }
    }

    /** Lists the stored pose runs of both sides again (in the background), keeping the choices where they still exist. */
    public void refresh() {
        VideoSession a = sideA;
        VideoSession b = sideB;
        if (a == null) {
            return;
        }
        long gen = generation;
        Path fa = a.storeFile();
        Path fb = b.storeFile();
        String va = a.video().toAbsolutePath().toString();
        String vb = b.video().toAbsolutePath().toString();
        tasks.submit("Listing pose runs to align", ctx -> new List<?>[] {poseRuns(fa, va), a == b ? null : poseRuns(fb, vb)},
                TaskRunner.Callbacks.of(l -> {
                    if (a != sideA || b != sideB) {
                        return;
                    }
                    @SuppressWarnings("unchecked")
                    List<RunChoice> la = (List<RunChoice>) l[0];
                    @SuppressWarnings("unchecked")
                    List<RunChoice> lb = l[1] == null ? la : (List<RunChoice>) l[1];
                    offer(runsA, runA, la);
                    offer(runsB, runB, lb);
                    if (la.isEmpty() || lb.isEmpty()) {
                        VideoSession none = la.isEmpty() ? a : b;
                        job.say("No stored pose run of " + none.name() + ": show it, run Analyse video in the Poses tab, then align.");
                    } else if (gen == generation && shown.get() == null && !job.runningProperty().get()) {
                        job.say("Choose a dancer on each side and align them.");
                    }
                    updateCanAlign();
                }, e -> job.say(e.getMessage())));
    }

    /**
     * Offers the runs listed. A list read again that holds the same runs is left as it is (the same objects: a chooser
     * showing one sees no change, and the dancers and result shown of it stay); a chosen run still listed stays chosen.
     */
    private static void offer(ObservableList<RunChoice> list, ObjectProperty<RunChoice> chosen, List<RunChoice> runs) {
        RunChoice now = chosen.get();
        boolean same = list.size() == runs.size();
        for (int i = 0; same && i < runs.size(); i++) {
            same = list.get(i).run().equals(runs.get(i).run());
        }
        if (!same) {
            list.setAll(runs); // (a chooser showing the list may let go of its value here)
        }
        RunChoice keep = now == null ? null : list.stream().filter(r -> r.run().equals(now.run())).findFirst().orElse(null);
        RunChoice want = keep != null ? keep : list.isEmpty() ? null : list.get(0);
        if (chosen.get() != want) {
            chosen.set(want);
        }
    }

    /** The finished pose runs of a video that hold frames, newest first. */
    static List<RunChoice> poseRuns(Path storeFile, String video) {
        if (!Files.exists(storeFile)) {
            return List.of();
        }
        try (ResultsStore store = ResultsStore.open(storeFile)) {
            return store.runs().list(video, RunKind.POSE).stream().filter(r -> r.framesDone() > 0).map(RunChoice::of).toList();
        }
    }

    /** A run chosen on one side: its dancers are listed (in the background), the one seen in most frames chosen. */
    private void runChosen(boolean isA, RunChoice r) {
        if (filling) {
            return;
        }
        clear();
        ObservableList<Dancer> list = isA ? dancersA : dancersB;
        ObjectProperty<Dancer> chosen = isA ? dancerA : dancerB;
        list.clear();
        chosen.set(null);
        updateCanAlign();
        if (r == null || sideA == null) {
            return;
        }
        VideoSession s = isA ? sideA : sideB;
        Path file = s.storeFile();
        tasks.submit("Listing the dancers of run " + r.id(), ctx -> dancers(file, r.run()), TaskRunner.Callbacks.of(ds -> {
            if (!r.equals(isA ? runA.get() : runB.get())) {
                return;
            }
            list.setAll(ds);
            boolean unison = sideA == sideB;
            // unison: B defaults to the second dancer, so the two sides are two people
            chosen.set(ds.isEmpty() ? null : ds.get(0));
            if (unison && runA.get() != null && runA.get().equals(runB.get()) && dancerB.get() != null && dancerB.get().equals(dancerA.get())
                    && dancersB.size() > 1) {
                dancerB.set(dancersB.get(1)); // unison: B defaults to the second dancer, so the two sides are two people
            }
            if (ds.isEmpty()) {
                job.say("Pose run " + r.id() + " of " + s.name() + " found no dancer, so there is no one to align.");
            }
            updateCanAlign();
        }, e -> job.say(e.getMessage())));
    }

    /** A pose run's dancers, the one seen in most frames first (the lower id on a tie). */
    static List<Dancer> dancers(Path storeFile, Run run) {
        try (ResultsStore store = ResultsStore.open(storeFile)) {
            DancerAlignment.Loaded l = DancerAlignment.load(store, run, false);
            return l.byTrack().entrySet().stream().map(e -> new Dancer(e.getKey(), e.getValue().size()))
                    .sorted(Comparator.comparingInt(Dancer::frames).reversed().thenComparingInt(Dancer::track)).toList();
        }
    }

    private void choiceChanged() {
        if (!filling) {
            clear();
        }
        updateCanAlign();
    }

    private void updateCanAlign() {
        canAlign.set(sideA != null && dancerA.get() != null && dancerB.get() != null && !job.runningProperty().get()
                && !(sideA == sideB && runA.get() != null && runA.get().equals(runB.get()) && dancerA.get().equals(dancerB.get())));
        canPlayAligned.set(shown.get() != null && linkedTo != null);
    }

    /** Aligns the chosen dancers in the background (A the reference). */
    public void align() {
        if (!canAlign.get()) {
            return;
        }
        VideoSession a = sideA;
        VideoSession b = sideB;
        Run ra = runA.get().run();
        Run rb = runB.get().run();
        int ta = dancerA.get().track();
        int tb = dancerB.get().track();
        SyncClock clock = linkedTo == null ? null : linkedTo.clock();
        // from the sync points (one video: from its start)
        double syncA = clock == null ? 0 : clock.syncTime(SyncClock.Side.A);
        double syncB = clock == null ? 0 : clock.syncTime(SyncClock.Side.B);
        boolean mirror = mirrorB.get();
        int framesA = a.player().frameCount();
        int framesB = b.player().frameCount();
        clear();
        long gen = generation;
        Path fa = a.storeFile();
        Path fb = b.storeFile();
        job.start("alignment", "Aligning dancer #" + ta + " of " + a.name() + " and dancer #" + tb + " of " + b.name() + "…", "The alignment was cancelled.",
                ctx -> compute(fa, ra, ta, syncA, fb, rb, tb, syncB, mirror, framesA, framesB, ctx), s -> {
                    if (gen != generation || a != sideA || b != sideB) {
                        return; // made for choices no longer made
                    }
                    show(s, a, b);
                }, null);
    }

    static Shown compute(Path fa, Run ra, int ta, double syncA, Path fb, Run rb, int tb, double syncB, boolean mirror, int framesA, int framesB,
                         TaskContext ctx) {
        DancerAlignment.Loaded la;
        DancerAlignment.Loaded lb;
        try (ResultsStore sa = ResultsStore.open(fa)) {
            la = DancerAlignment.load(sa, sa.runs().find(ra.id()).orElseThrow(() -> gone(ra)), false);
            if (fb.equals(fa)) {
                lb = DancerAlignment.load(sa, sa.runs().find(rb.id()).orElseThrow(() -> gone(rb)), false);
            } else {
                try (ResultsStore sb = ResultsStore.open(fb)) {
                    lb = DancerAlignment.load(sb, sb.runs().find(rb.id()).orElseThrow(() -> gone(rb)), false);
                }
            }
        }
        ctx.checkCancelled();
        PoseAlignment.Settings settings = PoseAlignment.Settings.defaults(PoseAlignment.Method.DTW, Double.NaN).mirrored(mirror);
        DancerAlignment.Outcome o = DancerAlignment.align(la, ta, syncA, lb, tb, syncB, Double.NaN, false, settings, ctx);
        WarpPath path = WarpPath.of(o.result());
        List<WarpPath.JointGroup> groups = WarpPath.JointGroup.of(o.result().joints());
        float[][] dev = path.deviationLanes(groups, framesA);
        double max = 0;
        for (float[] lane : dev) {
            for (float v : lane) {
                if (!Float.isNaN(v)) {
                    max = Math.max(max, v);
                }
            }
        }
        return new Shown(path, framesA, framesB, path.lagLane(framesA), groups.stream().map(WarpPath.JointGroup::name).toList(), dev, max, o.result());
    }

    private static DanceLensException gone(Run r) {
        return DanceLensException.badInput("Pose run " + r.id() + " is no longer in the results store: list the runs again.");
    }

    private void show(Shown s, VideoSession a, VideoSession b) {
        shown.set(s);
        PoseAlignment.Result r = s.result();
        summary.setAll(summaryOf(s, a, b, dancerA.get().track(), dancerB.get().track()));
        List<Moment> ms = new ArrayList<>();
        for (PoseAlignment.Moment m : r.moments()) {
            PoseAlignment.Step st = m.step();
            String text = String.format(Locale.ROOT, "%d. A frame %d ~ B frame %d · %s · %s off by %.2f torso lengths (mean %.2f)", m.rank(), st.aFrame(),
                    st.bFrame(), lagWords(st.lagFrames()), m.worstJoint().replace('_', ' '), m.worstDeviation(), st.cost());
            int fa = st.aFrame();
            int fb = st.bFrame();
            ms.add(new Moment(m.rank(), text, fa, fb, () -> showPair(fa, fb)));
        }
        moments.setAll(ms);
        if (linkedTo != null) {
            linkedTo.setWarp(s.path());
        }
        updateCanAlign();
        job.say(String.format(Locale.ROOT, "Aligned: %d steps along the warping path; %d moments of largest difference ranked.", r.steps().size(),
                ms.size()));
    }

    /** "B behind by 3 frames", "B ahead by 2 frames", "level". */
    static String lagWords(double lag) {
        long n = Math.round(Math.abs(lag));
        return n == 0 ? "level" : "B " + (lag > 0 ? "behind" : "ahead") + " by " + n + (n == 1 ? " frame" : " frames");
    }

    private static List<String> summaryOf(Shown s, VideoSession a, VideoSession b, int ta, int tb) {
        PoseAlignment.Result r = s.result();
        PoseAlignment.Summary sum = r.summary();
        List<String> l = new ArrayList<>();
        l.add(String.format(Locale.ROOT, "A: dancer #%d of %s, frames %d–%d · B: dancer #%d of %s, frames %d–%d", ta, a.name(), s.path().firstA(),
                s.path().lastA(), tb, b.name(), s.path().firstB(), s.path().lastB()));
        l.add(String.format(Locale.ROOT, "%d of %d frames of A and %d of %d of B with a torso to compare; %d steps%s", sum.usedA(), sum.framesA(),
                sum.usedB(), sum.framesB(), sum.steps(), sum.notComparable() > 0 ? " (" + sum.notComparable() + " sharing too few joints)" : ""));
        int[] lags = r.steps().stream().mapToInt(PoseAlignment.Step::lagFrames).toArray();
        double mean = java.util.Arrays.stream(lags).average().orElse(0);
        l.add(String.format(Locale.ROOT, "Lag of B: mean %+.1f frames (%+.2f s), from %+d to %+d frames (positive: B behind)", mean, sum.meanLagS(),
                java.util.Arrays.stream(lags).min().orElse(0), java.util.Arrays.stream(lags).max().orElse(0)));
        List<String> joints = r.joints();
        double[] jd = sum.meanJointDeviation();
        int worst = -1;
        for (int j = 0; j < jd.length; j++) {
            if (!Double.isNaN(jd[j]) && (worst < 0 || jd[j] > jd[worst])) {
                worst = j;
            }
        }
        l.add(String.format(Locale.ROOT, "Mean distance after alignment %.3f torso lengths per joint%s", sum.meanStepCost(), worst < 0 ? ""
                : String.format(Locale.ROOT, "; largest on average: %s (%.3f)", joints.get(worst).replace('_', ' '), jd[worst])));
        return l;
    }

    /** Shows two aligned frames: A's on the left, B's on the right (one video: A's). */
    private void showPair(int fa, int fb) {
        if (linkedTo != null && sideA != sideB) {
            linkedTo.showPair(fa, fb);
        } else if (sideA != null) {
            sideA.player().seek(fa);
        }
    }

    /** Stops the alignment running. */
    public void cancel() {
        job.cancel();
    }

    /** Takes the result off (and aligned playback with it). */
    private void clear() {
        generation++;
        if (shown.get() != null && linkedTo != null && Objects.equals(linkedTo.warp(), shown.get().path())) {
            linkedTo.setWarp(null);
        }
        shown.set(null);
        summary.clear();
        moments.clear();
        alignedPlayback.set(false);
        updateCanAlign();
    }

    private void describeLag() {
        Shown s = shown.get();
        int f = cursorA.get();
        if (s == null || f < 0) {
            lagText.set("");
        } else if (!s.path().coversA(f)) {
            lagText.set(String.format(Locale.ROOT, "A frame %d is outside the aligned stretch (A frames %d–%d)", f, s.path().firstA(), s.path().lastA()));
        } else {
            lagText.set(String.format(Locale.ROOT, "A frame %d ~ B frame %d: %s", f, s.path().bOf(f), lagWords(s.path().lagFrames(f))));
        }
    }

    /** Shows A's frame and the B frame the path pairs with it (one video: A's frame); clamped to the aligned stretch. */
    public void showAlignedAt(int frameA) {
        Shown s = shown.get();
        if (s != null) {
            int f = Math.max(s.path().firstA(), Math.min(s.path().lastA(), frameA));
            showPair(f, s.path().bOf(f));
        }
    }

    // ---- properties ----

    /** What is aligned: "A: x.mp4   B: y.mp4 (each from its sync point)" or "Two dancers of x.mp4 (unison)"; empty: nothing open. */
    public ReadOnlyStringProperty sidesTextProperty() {
        return sidesText.getReadOnlyProperty();
    }

    public ObservableList<RunChoice> runsA() {
        return runsAView;
    }

    public ObservableList<RunChoice> runsB() {
        return runsBView;
    }

    public ObjectProperty<RunChoice> runAProperty() {
        return runA;
    }

    public ObjectProperty<RunChoice> runBProperty() {
        return runB;
    }

    /** The dancers of run A, the one seen in most frames first. */
    public ObservableList<Dancer> dancersA() {
        return dancersAView;
    }

    public ObservableList<Dancer> dancersB() {
        return dancersBView;
    }

    public ObjectProperty<Dancer> dancerAProperty() {
        return dancerA;
    }

    public ObjectProperty<Dancer> dancerBProperty() {
        return dancerB;
    }

    /** B's dancer mirrored (left and right swapped), for a dancer who learned facing the other way. */
    public BooleanProperty mirrorBProperty() {
        return mirrorB;
    }

    /** Aligned playback of the two videos (B follows the warping path): only with a result and two videos in sync. */
    public BooleanProperty alignedPlaybackProperty() {
        return alignedPlayback;
    }

    public ReadOnlyBooleanProperty canAlignProperty() {
        return canAlign.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canPlayAlignedProperty() {
        return canPlayAligned.getReadOnlyProperty();
    }

    /** Two videos (not two dancers of one). */
    public ReadOnlyBooleanProperty twoVideosProperty() {
        return twoVideos.getReadOnlyProperty();
    }

    /** The alignment shown (null: none). */
    public ReadOnlyObjectProperty<Shown> shownProperty() {
        return shown.getReadOnlyProperty();
    }

    public ObservableList<String> summary() {
        return summaryView;
    }

    /** The moments of largest difference, largest first. */
    public ObservableList<Moment> moments() {
        return momentsView;
    }

    /** Where B is against A at the frame A shows: "A frame 120 ~ B frame 131: B behind by 11 frames" (empty: no result). */
    public ReadOnlyStringProperty lagTextProperty() {
        return lagText.getReadOnlyProperty();
    }

    /** The frame A shows (-1: none). */
    public ReadOnlyIntegerProperty cursorAProperty() {
        return cursorA.getReadOnlyProperty();
    }

    /** The frame B shows (-1: none). */
    public ReadOnlyIntegerProperty cursorBProperty() {
        return cursorB.getReadOnlyProperty();
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
