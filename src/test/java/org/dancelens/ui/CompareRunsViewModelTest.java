package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.dancelens.analysis.RunComparison;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.compare.ClassifierComparison;
import org.dancelens.compare.MapComparison;
import org.dancelens.compare.PoseComparison;
import org.dancelens.core.Pose;
import org.dancelens.core.TaskContext;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.ui.compare.CompareRunsViewModel;
import org.dancelens.ui.session.VideoSession;
import org.dancelens.ui.timeline.TimelineViewModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Compare tab's view-model on real stored runs (two pose models, two CNN classifiers and two explanations of
 * frames 600–619 of vtest.avi): the defaults (A the run on display, B the newest other), the numbers against
 * {@link RunComparison} itself, jumping to a disagreement, the lanes and B's skeletons appearing with the comparison
 * and going with it (kind changed, closed), and a result for choices no longer made dropped.
 */
class CompareRunsViewModelTest {
    static final Duration LONG = Duration.ofSeconds(120);

    @RegisterExtension
    final IsolatedData data = new IsolatedData();

    UiHarness h;
    Path clip;
    VideoSession s;
    CompareRunsViewModel vm;

    @BeforeEach
    void setUp() throws Exception {
        clip = StoredRunPairs.install();
        h = new UiHarness();
        s = h.open(clip);
        // the newest stored runs are shown when the video opens
        h.pumpUntil(() -> s.posesProperty().get() != null && s.classificationProperty().get() != null && s.mapsProperty().get() != null, LONG);
        vm = new CompareRunsViewModel(h.tasks, h.dialogs, h.workbench.sessionProperty());
    }

    @AfterEach
    void tearDown() throws Exception {
        h.close();
    }

    private RunComparison.Outcome expected(long a, long b) {
        try (ResultsStore store = ResultsStore.open(s.storeFile())) {
            return RunComparison.compare(store, RunComparison.find(store, a, "A"), RunComparison.find(store, b, "B"), TaskContext.NONE);
        }
    }

    private void compare() {
        vm.compare();
        h.pumpUntil(() -> !vm.runningProperty().get() && vm.outcomeProperty().get() != null, LONG);
    }

    private static String f3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    @Test
    void twoPoseRunsComparedWithTheirNumbersLanesAndSkeletons() {
        h.pumpUntil(() -> vm.runsA().size() == 2 && vm.runBProperty().get() != null, LONG);
        Run shown = s.posesProperty().get().run();
        assertThat(shown.modelId()).isEqualTo("movenet-multipose");
        assertThat(vm.runAProperty().get().id()).as("A: the run on display").isEqualTo(shown.id());
        assertThat(vm.runBProperty().get().run().modelId()).isEqualTo("movenet-lightning");
        assertThat(s.timeline().comparisonProperty().get()).isNull();

        compare();
        assertThat(h.dialogs.errors).isEmpty();
        RunComparison.PoseOutcome want = (RunComparison.PoseOutcome) expected(vm.runAProperty().get().id(), vm.runBProperty().get().id());
        RunComparison.PoseOutcome got = (RunComparison.PoseOutcome) vm.outcomeProperty().get();
        assertThat(vm.comparedPoseRunProperty().get().id()).as("run B, for the Movement tab").isEqualTo(vm.runBProperty().get().id());
        PoseComparison.Summary sum = want.result().summary();
        assertThat(got.result().summary()).isEqualTo(sum);
        System.out.println(String.join("\n", vm.summary()));
        assertThat(sum.pairs()).isPositive();
        assertThat(sum.framesWithMissed()).isPositive(); // multipose sees walkers the single-pose model misses
        assertThat(vm.summary()).contains("Mean OKS " + f3(sum.meanOks()), "PCK@0.05 " + f3(sum.pck05()) + " · PCK@0.1 " + f3(sum.pck10()));
        assertThat(vm.summary()).anyMatch(l -> l.startsWith("Frames with a missed dancer: " + sum.framesWithMissed() + " ("));
        assertThat(vm.summary()).anyMatch(l -> l.startsWith("Track pairs: A #"));

        // the stretches: every missed dancer and every pair below OKS 0.5 is in one, listed by first frame
        List<CompareRunsViewModel.Entry> entries = List.copyOf(vm.entries());
        assertThat(entries).isNotEmpty();
        for (PoseComparison.Missed m : want.result().missed()) {
            String who = m.seenBy() == PoseComparison.Side.ONLY_A ? "A #" + m.track() + " missed by B" : "B #" + m.track() + " missed by A";
            assertThat(entries).anyMatch(e -> e.text().endsWith(who) && e.firstFrame() <= m.frame() && m.frame() <= e.lastFrame());
        }
        for (PoseComparison.Pair p : want.result().pairs()) {
            boolean listed = entries.stream().anyMatch(e -> e.text().contains(" · A #" + p.trackA() + " ~ B #" + p.trackB() + ": OKS below") && e.firstFrame() <= p.frame()
                    && p.frame() <= e.lastFrame());
            assertThat(listed).as("pair in frame %d with OKS %.3f", p.frame(), p.oks()).isEqualTo(p.oks() < CompareRunsViewModel.LOW_OKS);
        }
        assertThat(entries).extracting(CompareRunsViewModel.Entry::firstFrame).isSorted();

        // a click jumps the player to the stretch's first frame
        CompareRunsViewModel.Entry last = entries.get(entries.size() - 1);
        h.seek(0);
        last.jump();
        h.pumpUntil(() -> s.frame().index() == last.firstFrame(), Duration.ofSeconds(20));
        assertThat(s.player().currentFrameProperty().get()).isEqualTo(last.firstFrame());

        // the lanes: one OKS lane per dancer of A, its values the pairs' OKS
        TimelineViewModel.CompareLanes lanes = s.timeline().comparisonProperty().get();
        assertThat(lanes).isSameAs(vm.lanesProperty().get());
        for (PoseComparison.Pair p : want.result().pairs()) {
            TimelineViewModel.CompareLane lane = lanes.lanes().stream().filter(l -> l.name().equals("OKS A #" + p.trackA())).findFirst().orElseThrow();
            assertThat(lane.values()[p.frame()]).isEqualTo((float) p.oks());
        }
        TimelineViewModel.CompareLane missed = lanes.lanes().stream().filter(l -> l.name().equals("missed")).findFirst().orElseThrow();
        int frame = want.result().missed().get(0).frame();
        assertThat(missed.values()[frame]).isEqualTo((float) want.result().missed().stream().filter(m -> m.frame() == frame).count());

        // B's skeletons over A's on the frame shown, exactly B's stored poses of that frame
        h.seek(frame);
        List<Pose> bPoses;
        try (ResultsStore store = ResultsStore.open(s.storeFile())) {
            bPoses = store.poses().read(got.b().id(), frame, frame + 1, false).getOrDefault(frame, List.of());
        }
        assertThat(bPoses).isNotEmpty();
        h.pumpUntil(() -> s.player().overlayProperty().get() != null && s.player().overlayProperty().get().comparePoses().size() == bPoses.size(),
                Duration.ofSeconds(10));
        assertThat(s.player().overlayProperty().get().comparePoses()).extracting(Pose::trackId).containsExactlyElementsOf(
                bPoses.stream().map(Pose::trackId).toList());
        assertThat(s.player().overlayProperty().get().poses()).as("A's dancers stay").isNotEmpty();
        vm.showBProperty().set(false);
        assertThat(s.player().overlayProperty().get().comparePoses()).isEmpty();
        vm.showBProperty().set(true);
        assertThat(s.player().overlayProperty().get().comparePoses()).isNotEmpty();

        // another kind: the comparison goes, with its lanes and skeletons
        vm.kindProperty().set(CompareRunsViewModel.STYLES);
        assertThat(s.timeline().comparisonProperty().get()).isNull();
        assertThat(s.player().overlayProperty().get().comparePoses()).isEmpty();
        assertThat(vm.summary()).isEmpty();
        assertThat(vm.entries()).isEmpty();
        assertThat(vm.outcomeProperty().get()).isNull();
        assertThat(vm.comparedPoseRunProperty().get()).isNull();
    }

    @Test
    void theComparisonOnShowIsExportedAsAClipAsTheTabLaysItOut(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        h.pumpUntil(() -> vm.runsA().size() == 2 && vm.runBProperty().get() != null, LONG);
        compare();
        long a = vm.runAProperty().get().id();
        long b = vm.runBProperty().get().id();
        int width = s.player().info().width();
        int height = s.player().info().height();
        // the chooser is offered a name beside the video; the user's answer is where the clip goes
        Path side = dir.resolve("side.mp4");
        h.dialogs.clipToSave = side;
        vm.sideBySideProperty().set(true);
        vm.exportClip();
        h.pumpUntil(() -> !vm.runningProperty().get(), LONG);
        assertThat(h.dialogs.errors).isEmpty();
        assertThat(h.dialogs.suggestedClips).last().isEqualTo(clip.toAbsolutePath().resolveSibling(
                clip.getFileName().toString().replaceFirst("\\.[^.]*$", "") + "-run" + a + "-vs-run" + b + ".mp4"));
        String said = h.dialogs.infos.get(h.dialogs.infos.size() - 1);
        assertThat(said).matches("Exported " + StoredRunPairs.FRAMES + " frames \\(side by side\\) to side\\.mp4 in \\d+\\.\\d s\\.");
        assertThat(vm.statusProperty().get()).isEqualTo(clip.getFileName() + ": " + said);
        try (org.dancelens.video.VideoSource v = org.dancelens.video.VideoSource.open(side)) {
            assertThat(v.frameCount()).isEqualTo(StoredRunPairs.FRAMES);
            assertThat(v.info().width()).as("A and B side by side").isEqualTo(2 * width);
            assertThat(v.info().height()).as("the picture and the lanes under it").isGreaterThan(height);
        }
        // overlaid, as the tab shows it then: one picture wide
        Path over = dir.resolve("over.mp4");
        h.dialogs.clipToSave = over;
        vm.sideBySideProperty().set(false);
        vm.exportClip();
        h.pumpUntil(() -> !vm.runningProperty().get(), LONG);
        assertThat(vm.statusProperty().get()).startsWith(clip.getFileName() + ": Exported " + StoredRunPairs.FRAMES + " frames (overlaid) to over.mp4 in ");
        try (org.dancelens.video.VideoSource v = org.dancelens.video.VideoSource.open(over)) {
            assertThat(v.info().width()).isEqualTo(width);
        }
        // the comparison is still on show, and its runs are the ones exported
        assertThat(vm.outcomeProperty().get()).isNotNull();
        assertThat(vm.outcomeProperty().get().a().id()).isEqualTo(a);
        assertThat(vm.outcomeProperty().get().b().id()).isEqualTo(b);
        // no file chosen: nothing happens
        h.dialogs.clipToSave = null;
        vm.exportClip();
        assertThat(vm.runningProperty().get()).isFalse();
    }

    @Test
    void twoClassifiersComparedWithTheirConfusionAndSegments() {
        vm.kindProperty().set(CompareRunsViewModel.STYLES);
        h.pumpUntil(() -> vm.runsA().size() == 2 && vm.runBProperty().get() != null, LONG);
        assertThat(vm.runAProperty().get().id()).isEqualTo(s.classificationProperty().get().run().id());
        compare();
        RunComparison.ClassifyOutcome want = (RunComparison.ClassifyOutcome) expected(vm.runAProperty().get().id(), vm.runBProperty().get().id());
        ClassifierComparison.Summary sum = want.result().summary();
        RunComparison.ClassifyOutcome got = (RunComparison.ClassifyOutcome) vm.outcomeProperty().get();
        assertThat(got.result().summary()).isEqualTo(sum);
        assertThat(sum.frames()).isEqualTo(StoredRunPairs.FRAMES);
        System.out.println(String.join("\n", vm.summary()));
        assertThat(vm.summary()).anyMatch(l -> l.endsWith("top label agrees on " + sum.agreeing() + ": agreement rate " + f3(sum.agreement())));
        assertThat(vm.summary()).anyMatch(l -> l.startsWith("Cohen's kappa " + (Double.isNaN(sum.kappa()) ? "undefined" : f3(sum.kappa()))));
        // krump and tango have no partner in the other model: listed, not dropped (A is the newest run, the second CNN's)
        ClassifierComparison.LabelMatch labels = want.result().labels();
        assertThat(labels.matched()).isEqualTo(3);
        assertThat(List.of(labels.unmatchedA(), labels.unmatchedB())).containsExactlyInAnyOrder(List.of("krump"), List.of("tango"));
        assertThat(vm.summary()).contains("Labels matched by name: 3; only in A: " + labels.unmatchedA().get(0) + "; only in B: "
                + labels.unmatchedB().get(0));

        ClassifierComparison.Confusion c = vm.confusionProperty().get();
        assertThat(c.labelsA()).isEqualTo(want.result().confusion().labelsA());
        assertThat(c.labelsB()).isEqualTo(want.result().confusion().labelsB());
        assertThat(c.counts()).isDeepEqualTo(want.result().confusion().counts());
        long total = java.util.Arrays.stream(c.counts()).flatMapToLong(java.util.Arrays::stream).sum();
        assertThat(total).isEqualTo(sum.frames());
        // the cells where the two agree: the same label name (ballet and Ballet, jazz and JAZZ, waltz and Waltz), no other
        int agreeing = 0;
        for (int i = 0; i < c.labelsA().size(); i++) {
            for (int j = 0; j < c.labelsB().size(); j++) {
                boolean same = c.labelsA().get(i).equalsIgnoreCase(c.labelsB().get(j));
                assertThat(vm.agreeingCell(i, j)).as(c.labelsA().get(i) + " x " + c.labelsB().get(j)).isEqualTo(same);
                agreeing += same ? 1 : 0;
            }
        }
        assertThat(agreeing).isEqualTo(3);

        // one entry per disagreement segment, each jumping to its first frame
        assertThat(vm.entries()).hasSize(want.result().segments().size());
        for (int i = 0; i < want.result().segments().size(); i++) {
            ClassifierComparison.Segment seg = want.result().segments().get(i);
            assertThat(vm.entries()).anyMatch(e -> e.firstFrame() == seg.startFrame() && e.lastFrame() == seg.endFrame()
                    && e.text().contains("A " + seg.topA() + " / B " + seg.topB()));
        }
        TimelineViewModel.CompareLanes lanes = s.timeline().comparisonProperty().get();
        assertThat(lanes.lanes()).extracting(TimelineViewModel.CompareLane::name).containsExactly("JS", "agree");
        for (ClassifierComparison.Frame f : want.result().frames()) {
            assertThat(lanes.lanes().get(0).values()[f.frame()]).isEqualTo((float) f.js());
            assertThat(lanes.lanes().get(1).values()[f.frame()]).isEqualTo(f.agree() ? 1f : 0f);
        }
        if (!vm.entries().isEmpty()) {
            CompareRunsViewModel.Entry e = vm.entries().get(vm.entries().size() - 1);
            e.jump();
            h.pumpUntil(() -> s.frame().index() == e.firstFrame(), Duration.ofSeconds(20));
        }

        vm.close();
        assertThat(s.timeline().comparisonProperty().get()).isNull();
        assertThat(vm.confusionProperty().get()).isNull();
    }

    @Test
    void twoExplanationsComparedAsLanes() {
        vm.kindProperty().set(CompareRunsViewModel.EXPLAIN);
        h.pumpUntil(() -> vm.runsA().size() == 2 && vm.runBProperty().get() != null, LONG);
        compare();
        RunComparison.ExplainOutcome want = (RunComparison.ExplainOutcome) expected(vm.runAProperty().get().id(), vm.runBProperty().get().id());
        MapComparison.Summary sum = want.result().summary();
        assertThat(((RunComparison.ExplainOutcome) vm.outcomeProperty().get()).result().summary()).isEqualTo(sum);
        assertThat(sum.frames()).isEqualTo(4);
        assertThat(vm.summary()).anyMatch(l -> l.startsWith("Mean IoU of the strongest 20 % " + f3(sum.meanIou())));
        TimelineViewModel.CompareLanes lanes = s.timeline().comparisonProperty().get();
        assertThat(lanes.lanes()).extracting(TimelineViewModel.CompareLane::name).containsExactly("IoU", "Spearman");
        for (MapComparison.Frame f : want.result().frames()) {
            assertThat(lanes.lanes().get(0).values()[f.frame()]).isEqualTo((float) f.iou());
        }
        assertThat(lanes.lanes().get(0).values()[10]).isNaN(); // not explained there
    }

    @Test
    void runARedisplayedAsItWasKeepsTheComparisonChangedSinceTakesItOff() {
        h.pumpUntil(() -> vm.runsA().size() == 2 && vm.runBProperty().get() != null, LONG);
        compare();
        VideoSession.PoseResults p = s.posesProperty().get();
        assertThat(p.runId()).isEqualTo(vm.outcomeProperty().get().a().id());
        s.showPoses(new VideoSession.PoseResults(p.run(), p.raw(), p.smoothed(), p.confidence())); // loaded again, unchanged
        assertThat(vm.outcomeProperty().get()).isNotNull();
        assertThat(s.timeline().comparisonProperty().get()).isNotNull();
        Run r = p.run(); // as after an identity correction: the next revision
        s.showPoses(new VideoSession.PoseResults(new Run(r.id(), r.spec(), r.status(), r.framesDone(), r.undecodable(), r.revision() + 1, r.created(),
                r.updated()), p.raw(), p.smoothed(), p.confidence()));
        assertThat(vm.outcomeProperty().get()).isNull();
        assertThat(s.timeline().comparisonProperty().get()).isNull();
        assertThat(s.player().showsCompareOverlay()).isFalse();
        assertThat(vm.statusProperty().get()).isEqualTo("Run " + r.id() + " changed since it was compared, so the comparison was taken off: compare again.");
    }

    @Test
    void aResultForRunsNoLongerChosenIsNotShown() {
        h.pumpUntil(() -> vm.runsA().size() == 2 && vm.runBProperty().get() != null, LONG);
        var a = vm.runAProperty().get();
        var b = vm.runBProperty().get();
        vm.compare();
        assertThat(vm.runningProperty().get()).isTrue();
        vm.runAProperty().set(b); // B and A swapped while it runs
        h.pumpUntil(() -> vm.runBProperty().get() != null && vm.runBProperty().get().id() == a.id(), LONG);
        h.pumpUntil(() -> !vm.runningProperty().get(), LONG);
        h.ui.pumpFor(Duration.ofMillis(200));
        assertThat(vm.outcomeProperty().get()).isNull();
        assertThat(s.timeline().comparisonProperty().get()).isNull();
        assertThat(s.player().showsCompareOverlay()).isFalse();
    }
}
