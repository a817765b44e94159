package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dancelens.core.Pose;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.TestPoses;
import org.dancelens.testsupport.TestZoo;
import org.dancelens.ui.analysis.AnalysisViewModel;
import org.dancelens.ui.session.VideoSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Poses panel's view-model: run a pose model over the video on screen, results shown in its session, reloaded on reopening. */
class AnalysisViewModelTest {
    @RegisterExtension
    final IsolatedData data = new IsolatedData();

    UiHarness h;
    /** Every pose result the video on screen was given to show (smoothed keypoints by frame). */
    final List<Map<Integer, List<Pose>>> overlays = new ArrayList<>();

    @BeforeEach
    void setUp() {
        h = new UiHarness();
        h.workbench.sessionProperty().addListener((o, a, b) -> {
            if (b != null) {
                b.posesProperty().addListener((oo, x, y) -> {
                    if (y != null) {
                        overlays.add(y.smoothed());
                    }
                });
            }
        });
    }

    @AfterEach
    void tearDown() throws Exception {
        h.close();
    }

    private AnalysisViewModel vm() {
        TestZoo.registry("movenet-multipose", "movenet-lightning");
        return new AnalysisViewModel(h.tasks, h.dialogs, h.models(List.of(TestMedia.generatedDir().resolve("zoo"))), h.workbench.sessionProperty(), () -> org.dancelens.inference.OrtRuntime.Device.CPU);
    }

    @Test
    void runsTheSelectedModelAndHandsTheResultsToTheOverlay() {
        Path vtest = TestMedia.realFootage("vtest.avi");
        AnalysisViewModel vm = vm();
        assertThat(vm.models()).contains("movenet-multipose", "movenet-lightning");
        assertThat(vm.selectedModelProperty().get()).isEqualTo("movenet-multipose");
        h.open(vtest);
        assertThat(vm.statusProperty().get()).contains("No pose results");
        vm.rangeProperty().set("240:270");
        vm.run();
        assertThat(vm.runningProperty().get()).isTrue();
        h.pumpUntil(() -> !vm.runningProperty().get(), Duration.ofSeconds(120));
        assertThat(h.dialogs.errors).isEmpty();
        assertThat(vm.statusProperty().get()).contains("30 frames analysed with movenet-multipose");
        // While it ran, results stored so far may have been shown too; the last hand-over is the finished run.
        int afterRun = overlays.size();
        assertThat(afterRun).isPositive();
        Map<Integer, List<Pose>> finished = overlays.get(afterRun - 1);
        // Frames where nobody was found have no entry.
        assertThat(finished.keySet()).allSatisfy(f -> assertThat(f).isBetween(240, 269)).hasSizeGreaterThan(20);
        assertThat(finished.values().stream().mapToInt(List::size).sum()).isPositive();

        // Reopening the video (a new session and a new panel, as after a restart) shows the stored results without running anything.
        AnalysisViewModel again = vm();
        h.open(TestMedia.realFootage("vtest.avi"));
        h.pumpUntil(() -> overlays.size() == afterRun + 1, Duration.ofSeconds(30));
        assertThat(overlays.get(afterRun).keySet()).isEqualTo(finished.keySet());
        assertThat(again.statusProperty().get()).contains("stored poses from movenet-multipose");

        // Identity correction from a frame on: two dancers of the run trade identities from frame 255, not before.
        Map<Integer, List<Pose>> before = overlays.get(afterRun);
        java.util.TreeSet<Integer> ids = new java.util.TreeSet<>();
        before.values().forEach(l -> l.forEach(p -> ids.add(p.trackId())));
        assertThat(ids).as("dancers in frames 240-269 of vtest.avi").hasSizeGreaterThanOrEqualTo(2);
        {
            int a = ids.first();
            int b = ids.higher(a);
            again.swapIdentities(a, b, 255);
            h.pumpUntil(() -> overlays.size() == afterRun + 2, Duration.ofSeconds(30));
            Map<Integer, List<Pose>> after = overlays.get(afterRun + 1);
            for (int f : before.keySet()) {
                List<Integer> was = before.get(f).stream().map(p -> p.trackId() == a ? b : p.trackId() == b ? a : p.trackId())
                        .sorted().toList();
                List<Integer> now = after.get(f).stream().map(Pose::trackId).sorted().toList();
                if (f >= 255) {
                    assertThat(now).as("frame %d", f).isEqualTo(was);
                } else {
                    assertThat(now).as("frame %d", f).isEqualTo(before.get(f).stream().map(Pose::trackId).sorted().toList());
                }
            }
            h.pumpUntil(() -> again.statusProperty().get().contains("swapped"), Duration.ofSeconds(10));
            assertThat(again.statusProperty().get()).isEqualTo("Dancers movenet-multipose #" + a + " and #" + b + " swapped from frame 255 on.");
        }
    }

    @Test
    void cancelStopsTheRunAndSaysSo() {
        Path vtest = TestMedia.realFootage("vtest.avi");
        AnalysisViewModel vm = vm();
        vm.selectedModelProperty().set("movenet-lightning");
        h.open(vtest);
        vm.run();
        h.pumpUntil(() -> vm.statusProperty().get().startsWith("vtest.avi: frame "), Duration.ofSeconds(60));
        vm.cancel();
        h.pumpUntil(() -> !vm.runningProperty().get(), Duration.ofSeconds(10));
        assertThat(vm.statusProperty().get()).startsWith("vtest.avi: Cancelled");
        assertThat(h.dialogs.errors).isEmpty();
    }

    @Test
    void frameRangeTextIsParsedAndAMalformedOneIsSaid() {
        AnalysisViewModel vm = vm();
        vm.rangeProperty().set("240:270");
        assertThat(vm.fromFrameProperty().get()).isEqualTo(240);
        assertThat(vm.toFrameProperty().get()).isEqualTo(270);
        vm.rangeProperty().set("100:");
        assertThat(vm.fromFrameProperty().get()).isEqualTo(100);
        assertThat(vm.toFrameProperty().get()).isEqualTo(-1);
        vm.rangeProperty().set("50:20");
        assertThat(vm.statusProperty().get()).startsWith("Frames are FROM:TO");
        assertThat(vm.fromFrameProperty().get()).isEqualTo(100);
        vm.rangeProperty().set("");
        assertThat(vm.fromFrameProperty().get()).isZero();
        assertThat(vm.toFrameProperty().get()).isEqualTo(-1);
        assertThat(vm.smoothings()).containsExactly("one-euro", "savgol", "butterworth", "none");
    }

    @Test
    void correctingIdentitiesTakesOffAClassificationMadeFromThoseDancers() {
        VideoSession s = h.open(TestMedia.generated("vm-40.avi", org.dancelens.video.PatternVideoWriter.Spec.of("avi", "mpeg4", 160, 120, 40, 20).gop(10)));
        java.util.function.LongFunction<org.dancelens.analysis.store.Run> run = id -> new org.dancelens.analysis.store.Run(id,
                new org.dancelens.analysis.store.RunSpec("/v", 40, org.dancelens.analysis.store.RunKind.POSE, "m", "x", "", "{}", 0, 40),
                org.dancelens.analysis.store.RunStatus.COMPLETE, 40, 0, 1, "t", "t");
        VideoSession.Classification fromRun7 = new VideoSession.Classification(run.apply(100), List.of(), Map.of(), 7L);
        s.showClassification(fromRun7);
        assertThat(s.posesCorrected(new VideoSession.PoseResults(run.apply(8), Map.of(), Map.of(), List.of()))).isFalse();
        assertThat(s.classificationProperty().get()).as("made from another pose run: still true").isSameAs(fromRun7);
        assertThat(s.posesCorrected(new VideoSession.PoseResults(run.apply(7), Map.of(), Map.of(), List.of()))).isTrue();
        assertThat(s.classificationProperty().get()).as("its dancers no longer match").isNull();
        assertThat(s.posesProperty().get().runId()).isEqualTo(7);
    }

    @Test
    void theSelectedDancerCanBeHiddenAndShownAgainFromThePanel() {
        AnalysisViewModel vm = vm();
        VideoSession s = h.open(TestMedia.generated("vm-40.avi", org.dancelens.video.PatternVideoWriter.Spec.of("avi", "mpeg4", 160, 120, 40, 20).gop(10)));
        var frame0 = List.of(TestPoses.boxed(1, 0, 0, 100, 100), TestPoses.boxed(2, 40, 40, 60, 60));
        s.player().setOverlay(Map.of(0, frame0), Map.of(0, frame0));
        assertThat(vm.dancers()).containsExactly(1, 2);
        s.player().selectAt(50, 50);
        assertThat(vm.selectedTrackProperty().get()).isEqualTo(2);
        vm.hideSelected(true);
        assertThat(vm.selectedHiddenProperty().get()).isTrue();
        assertThat(vm.anyHiddenProperty().get()).isTrue();
        assertThat(s.player().shownPosesProperty().get()).extracting(Pose::trackId).containsExactly(1);
        vm.showAllDancers();
        assertThat(vm.anyHiddenProperty().get()).isFalse();
        assertThat(s.player().shownPosesProperty().get()).hasSize(2);
    }

    /** Opens a second video beside the one on screen and waits until it is on screen. */
    private VideoSession openBeside(Path video) {
        VideoSession first = h.session();
        h.workbench.openBeside(video);
        h.pumpUntil(() -> h.workbench.sessions().size() == 2 && h.session() != first && h.session().frame() != null, Duration.ofSeconds(30));
        return h.session();
    }

    @Test
    void aJobBelongsToItsVideoWhileAnotherIsOnScreen(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path vtest = TestMedia.realFootage("vtest.avi");
        Path rehearsal = java.nio.file.Files.copy(vtest, dir.resolve("rehearsal.avi"));
        AnalysisViewModel vm = vm();
        vm.selectedModelProperty().set("movenet-lightning");
        VideoSession a = h.open(vtest);
        VideoSession b = openBeside(rehearsal);
        assertThat(vm.statusProperty().get()).isEqualTo("No pose results for this video yet.");

        // a run on A; its progress names it
        h.workbench.activate(a);
        vm.rangeProperty().set("200:320");
        vm.run();
        h.pumpUntil(() -> vm.statusProperty().get().startsWith("vtest.avi: frame "), Duration.ofSeconds(60));
        assertThat(vm.runningProperty().get()).isTrue();

        // B on screen: the panel shows B's state, not A's job
        h.workbench.activate(b);
        assertThat(vm.runningProperty().get()).isFalse();
        assertThat(vm.progressProperty().get()).isZero();
        assertThat(vm.statusProperty().get()).isEqualTo("No pose results for this video yet.");

        // B's own run waits for A's (one analysis at a time) and says for which
        vm.rangeProperty().set("0:10");
        vm.run();
        assertThat(vm.runningProperty().get()).isTrue();
        assertThat(vm.statusProperty().get()).isEqualTo("rehearsal.avi: waiting for the analysis of vtest.avi to finish (one analysis at a time)…");
        // while B stays on screen, A finishes (its result goes to A's session), then B's run goes and finishes
        h.pumpUntil(() -> !vm.runningProperty().get(), Duration.ofSeconds(180));
        assertThat(h.dialogs.errors).isEmpty();
        assertThat(vm.statusProperty().get()).startsWith("rehearsal.avi: 10 frames analysed with movenet-lightning");
        assertThat(b.posesProperty().get().smoothed().keySet()).allSatisfy(f -> assertThat(f).isBetween(0, 9));
        assertThat(a.posesProperty().get().run().status().finished()).as("A's result, shown in A's session while B was on screen").isTrue();
        assertThat(a.posesProperty().get().smoothed().keySet()).allSatisfy(f -> assertThat(f).isBetween(200, 319)).hasSizeGreaterThan(100);

        // back to A: its completion sentence, naming it
        h.workbench.activate(a);
        assertThat(vm.runningProperty().get()).isFalse();
        assertThat(vm.progressProperty().get()).isEqualTo(1.0);
        assertThat(vm.statusProperty().get()).startsWith("vtest.avi: 120 frames analysed with movenet-lightning (");
        // and B kept its own
        h.workbench.activate(b);
        assertThat(vm.statusProperty().get()).startsWith("rehearsal.avi: 10 frames analysed");
    }

    @Test
    void aFailureNamesItsVideoAndStaysWithIt(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path vtest = TestMedia.realFootage("vtest.avi");
        Path rehearsal = java.nio.file.Files.copy(vtest, dir.resolve("rehearsal.avi"));
        List<String> problems = new java.util.concurrent.CopyOnWriteArrayList<>();
        DialogService dialogs = new DialogService() {
            @Override
            public java.util.Optional<Path> chooseVideo() {
                return java.util.Optional.empty();
            }

            @Override
            public void showError(String sentence) {
                reportError(null, sentence);
            }

            @Override
            public void reportError(String about, String sentence) {
                problems.add(about + " | " + sentence);
            }

            @Override
            public void showInfo(String sentence) {
            }
        };
        TestZoo.registry("movenet-lightning");
        AnalysisViewModel vm = new AnalysisViewModel(h.tasks, dialogs, h.models(List.of(TestMedia.generatedDir().resolve("zoo"))),
                h.workbench.sessionProperty(), () -> org.dancelens.inference.OrtRuntime.Device.CPU);
        vm.selectedModelProperty().set("movenet-lightning");
        VideoSession a = h.open(vtest);
        VideoSession b = openBeside(rehearsal);
        // the file of B goes away (the open player keeps its copy): B's run cannot read it
        java.nio.file.Files.delete(rehearsal);
        vm.rangeProperty().set("0:10");
        vm.run();
        h.workbench.activate(a);
        h.pumpUntil(() -> !problems.isEmpty(), Duration.ofSeconds(60));
        h.pumpUntil(() -> !vm.runningProperty().get() && !problems.isEmpty(), Duration.ofSeconds(5));
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).startsWith("Analysis · rehearsal.avi | ").contains("rehearsal.avi");
        assertThat(vm.statusProperty().get()).as("A's line is A's").isEqualTo("No pose results for this video yet.");
        h.workbench.activate(b);
        assertThat(vm.statusProperty().get()).isEqualTo("The analysis of rehearsal.avi stopped.");
        assertThat(vm.runningProperty().get()).isFalse();
    }

    @Test
    void closingAVideoAbandonsItsRunAndTheOtherVideosRunGoes(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path vtest = TestMedia.realFootage("vtest.avi");
        Path rehearsal = java.nio.file.Files.copy(vtest, dir.resolve("rehearsal.avi"));
        AnalysisViewModel vm = vm();
        vm.selectedModelProperty().set("movenet-lightning");
        VideoSession a = h.open(vtest);
        VideoSession b = openBeside(rehearsal);
        h.workbench.activate(a);
        vm.run(); // the whole video
        h.pumpUntil(() -> vm.statusProperty().get().startsWith("vtest.avi: frame "), Duration.ofSeconds(60));
        h.workbench.activate(b);
        vm.rangeProperty().set("0:10");
        vm.run();
        assertThat(vm.statusProperty().get()).startsWith("rehearsal.avi: waiting for the analysis of vtest.avi");
        h.workbench.activate(a);
        h.workbench.closeActive(); // A closes: its run is abandoned, B's goes at once
        assertThat(h.session()).isSameAs(b);
        assertThat(a.isClosed()).isTrue();
        h.pumpUntil(() -> !vm.runningProperty().get(), Duration.ofSeconds(60));
        assertThat(vm.statusProperty().get()).startsWith("rehearsal.avi: 10 frames analysed");
        assertThat(h.dialogs.errors).isEmpty();
    }
}
