package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dancelens.core.ExecutorTaskRunner;
import org.dancelens.core.Pose;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.TestZoo;
import org.dancelens.ui.analysis.AnalysisViewModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The analysis panel's view-model: run a pose model over a video, results to the overlay, reloaded on reopening. */
class AnalysisViewModelTest {
    @RegisterExtension
    final IsolatedData data = new IsolatedData();

    PlayerViewModelTest.PumpedExecutor ui;
    ExecutorTaskRunner tasks;
    PlayerViewModelTest.FakeDialogs dialogs;
    final List<Map<Integer, List<Pose>>> overlays = new ArrayList<>();

    @BeforeEach
    void setUp() {
        ui = new PlayerViewModelTest.PumpedExecutor();
        tasks = new ExecutorTaskRunner(2, ui);
        dialogs = new PlayerViewModelTest.FakeDialogs();
    }

    @AfterEach
    void tearDown() {
        tasks.close();
    }

    private AnalysisViewModel vm() {
        TestZoo.registry("movenet-multipose", "movenet-lightning");
        return new AnalysisViewModel(tasks, dialogs, List.of(TestMedia.generatedDir().resolve("zoo")), r -> overlays.add(r.smoothed()));
    }

    @Test
    void runsTheSelectedModelAndHandsTheResultsToTheOverlay() {
        Path vtest = TestMedia.realFootage("vtest.avi");
        AnalysisViewModel vm = vm();
        assertThat(vm.models()).contains("movenet-multipose", "movenet-lightning");
        assertThat(vm.selectedModelProperty().get()).isEqualTo("movenet-multipose");
        vm.videoOpened(vtest);
        assertThat(vm.statusProperty().get()).contains("No pose results");
        vm.fromFrameProperty().set(240);
        vm.toFrameProperty().set(270);
        vm.run();
        assertThat(vm.runningProperty().get()).isTrue();
        ui.pumpUntil(() -> !vm.runningProperty().get(), Duration.ofSeconds(120));
        assertThat(dialogs.errors).isEmpty();
        assertThat(vm.statusProperty().get()).contains("30 frames analysed with movenet-multipose");
        // While it ran, results stored so far may have been shown too; the last hand-over is the finished run.
        int afterRun = overlays.size();
        assertThat(afterRun).isPositive();
        Map<Integer, List<Pose>> finished = overlays.get(afterRun - 1);
        // Frames where nobody was found have no entry.
        assertThat(finished.keySet()).allSatisfy(f -> assertThat(f).isBetween(240, 269)).hasSizeGreaterThan(20);
        assertThat(finished.values().stream().mapToInt(List::size).sum()).isPositive();

        // Reopening the video (a new panel, as after a restart) shows the stored results without running anything.
        AnalysisViewModel again = vm();
        again.videoOpened(vtest);
        ui.pumpUntil(() -> overlays.size() == afterRun + 1, Duration.ofSeconds(30));
        assertThat(overlays.get(afterRun).keySet()).isEqualTo(finished.keySet());
        assertThat(again.statusProperty().get()).contains("stored poses from movenet-multipose");

        // Identity correction from a frame on: two dancers of the run trade identities from frame 255, not before.
        java.util.Map<Integer, List<Pose>> before = overlays.get(afterRun);
        java.util.TreeSet<Integer> ids = new java.util.TreeSet<>();
        before.values().forEach(l -> l.forEach(p -> ids.add(p.trackId())));
        assertThat(ids).as("dancers in frames 240-269 of vtest.avi").hasSizeGreaterThanOrEqualTo(2);
        {
            int a = ids.first();
            int b = ids.higher(a);
            again.swapIdentities(a, b, 255);
            ui.pumpUntil(() -> overlays.size() == afterRun + 2, Duration.ofSeconds(30));
            java.util.Map<Integer, List<Pose>> after = overlays.get(afterRun + 1);
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
            assertThat(again.statusProperty().get()).isEqualTo("Dancers #" + a + " and #" + b + " swapped from frame 255 on.");
        }
    }

    @Test
    void cancelStopsTheRunAndSaysSo() {
        Path vtest = TestMedia.realFootage("vtest.avi");
        AnalysisViewModel vm = vm();
        vm.selectedModelProperty().set("movenet-lightning");
        vm.videoOpened(vtest);
        vm.run();
        ui.pumpUntil(() -> vm.statusProperty().get().startsWith("frame "), Duration.ofSeconds(60));
        vm.cancel();
        ui.pumpUntil(() -> !vm.runningProperty().get(), Duration.ofSeconds(10));
        assertThat(vm.statusProperty().get()).startsWith("Cancelled");
        assertThat(dialogs.errors).isEmpty();
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
        assertThat(vm.chosenDevice()).isEqualTo(org.dancelens.inference.OrtRuntime.Device.CPU);
        vm.deviceProperty().set("CUDA");
        // CUDA is not offered without the cuda build and a GPU (neither is here): the choice falls back to the CPU
        assertThat(vm.devices()).containsExactly("CPU");
        assertThat(vm.chosenDevice()).isEqualTo(org.dancelens.inference.OrtRuntime.Device.CPU);
    }
}
