package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dancelens.testsupport.FakeDialogs;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.testsupport.GraphOnnx;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.ui.classify.ClassifyViewModel;
import org.dancelens.ui.session.VideoSession;
import org.dancelens.ui.timeline.TimelineViewModel;
import org.dancelens.video.PatternVideoWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The style panel's view-model: run a classifier, see its lanes and summary, reload them on reopening. */
class ClassifyViewModelTest {
    @RegisterExtension
    final IsolatedData data = new IsolatedData();
    @TempDir
    Path models;

    UiHarness h;
    FakeDialogs dialogs;
    /** What the timeline of the video on screen was given: score lanes and labelled-range marks. */
    final List<TimelineViewModel.ScoreLanes> lanes = new ArrayList<>();
    final List<List<TimelineViewModel.Mark>> marks = new ArrayList<>();
    /** What the video on screen was given to show as an attribution. */
    final List<VideoSession.Importance> shown = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        h = new UiHarness();
        dialogs = h.dialogs;
        h.workbench.sessionProperty().addListener((o, a, b) -> {
            if (b != null) {
                b.timeline().scoresProperty().addListener((oo, x, y) -> lanes.add(y));
                b.timeline().marksProperty().addListener((oo, x, y) -> marks.add(y));
                b.importanceProperty().addListener((oo, x, y) -> shown.add(y));
            }
        });
        org.dancelens.testsupport.TestRgbMeans.install(models, "rgb-means", 0.05);
        new GraphOnnx().input("x", -1, 8, 51).output("logits", -1, 2).constant("w", new float[102], 51, 2)
                .node("ReduceMean", new String[] {"x"}, "m", "axes", new long[] {1}, "keepdims", 0L)
                .node("MatMul", new String[] {"m", "w"}, "logits").write(models.resolve("skel.onnx"));
        Files.writeString(models.resolve("skel.yaml"), """
                id: skel
                name: Skeleton
                task: sequence-classifier
                license: test
                provenance: {onnx: skel.onnx}
                inputs: [{name: x, shape: [-1, 8, 51]}]
                outputs: [{name: logits, shape: [-1, 2]}]
                labels: [a, b]
                sequence: {fps: 30}
                """);
    }

    @AfterEach
    void tearDown() throws Exception {
        h.close();
    }

    private ClassifyViewModel vm() {
        return new ClassifyViewModel(h.tasks, dialogs, h.models(List.of(models)), h.workbench.sessionProperty(),
                () -> org.dancelens.inference.OrtRuntime.Device.CPU);
    }

    @Test
    void runsTheModelAndShowsItsLanesAndSummaryThenReloadsThem() {
        Path video = TestMedia.generated("style-vm.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 64, 48, 30, 25).gop(10));
        ClassifyViewModel vm = vm();
        assertThat(vm.models()).containsExactly("rgb-means", "skel");
        vm.selectedModelProperty().set("rgb-means");
        assertThat(vm.needsPoseProperty().get()).isFalse();
        h.open(video);
        vm.run();
        h.pumpUntil(() -> !vm.runningProperty().get(), Duration.ofSeconds(60));
        assertThat(dialogs.errors).isEmpty();
        assertThat(vm.statusProperty().get()).contains("30 frames classified with rgb-means");
        assertThat(vm.dancers()).containsExactly("whole frame");
        TimelineViewModel.ScoreLanes l = lanes.get(lanes.size() - 1);
        assertThat(l).isNotNull();
        assertThat(l.title()).isEqualTo("rgb-means · whole frame");
        assertThat(l.labels()).hasSize(3);
        assertThat(l.values()[0]).hasSize(30).doesNotContain(Float.NaN);
        assertThat(l.segments()).isNotEmpty();
        assertThat(vm.summaryProperty().get()).startsWith("whole frame over 30 frames").contains(l.labels().get(0));

        lanes.clear();
        ClassifyViewModel again = vm();
        h.open(TestMedia.generated("style-vm.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 64, 48, 30, 25).gop(10)));
        // the reopened video's own stored classification (not the closed session's lanes, which the new panel saw first)
        h.pumpUntil(() -> h.session().classificationProperty().get() != null && !lanes.isEmpty() && lanes.get(lanes.size() - 1) != null,
                Duration.ofSeconds(30));
        assertThat(lanes.get(lanes.size() - 1).values()[0]).containsExactly(l.values()[0]);
        assertThat(again.statusProperty().get()).contains("stored classification by rgb-means");
    }

    @Test
    void whyThisVerdictOfAClipModelFillsTheImportanceLaneWithTheScaledOcclusionDrops() throws IOException {
        new GraphOnnx().input("clip", 1, 3, 4, 48, 64).output("logits", 1, 3)
                .node("ReduceMean", new String[] {"clip"}, "logits", "axes", new long[] {2, 3, 4}, "keepdims", 0L).write(models.resolve("clip.onnx"));
        Files.writeString(models.resolve("clip.yaml"), """
                id: clip-means
                name: Clip colour means
                task: clip-classifier
                license: test
                provenance: {onnx: clip.onnx}
                inputs: [{name: clip, layout: NCTHW, shape: [1, 3, 4, 48, 64], preprocess: {std: [0.05, 0.05, 0.05]}}]
                outputs: [{name: logits, shape: [1, 3], decoding: logits}]
                labels: [red, green, blue]
                clip: {hop: 2}
                """);
        Path video = TestMedia.generated("style-vm.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 64, 48, 30, 25).gop(10));
        ClassifyViewModel vm = vm();
        vm.selectedModelProperty().set("clip-means");
        h.open(video);
        vm.run();
        h.pumpUntil(() -> !vm.runningProperty().get(), Duration.ofSeconds(60));
        assertThat(dialogs.errors).isEmpty();
        assertThat(vm.canExplainProperty().get()).as("a clip model on whole frames can be explained").isTrue();
        vm.explainDancer();
        h.pumpUntil(() -> !vm.runningProperty().get(), Duration.ofSeconds(60));
        assertThat(dialogs.errors).isEmpty();
        VideoSession.Importance imp = shown.get(shown.size() - 1);
        assertThat(imp).isNotNull();
        assertThat(imp.perJoint()).isEmpty();
        org.dancelens.analysis.store.Attributions.Attribution a;
        // computed again, independently, into a store of its own (the video's store now holds the panel's)
        try (var store = org.dancelens.analysis.store.ResultsStore.open(data.dir().resolve("independent.db"))) {
            a = org.dancelens.analysis.AttributionRun.clip(video, org.dancelens.inference.ModelRegistry.scan(List.of(models)).find("clip-means"),
                    store, 0, 30, new org.dancelens.analysis.AttributionRun.Settings(1, null), org.dancelens.inference.OrtRuntime.Device.CPU,
                    org.dancelens.core.TaskContext.NONE).byTrack().get(-1);
        }
        assertThat(imp.label()).isEqualTo(a.label());
        float max = 0;
        for (float v : a.frameDrop()) {
            max = Math.max(max, v);
        }
        assertThat(imp.perFrame()).hasSize(30);
        for (int f = 0; f < 30; f++) {
            assertThat(imp.perFrame()[f]).as("frame %d", f).isCloseTo(Math.max(0, a.frameDrop()[f]) / max, org.assertj.core.api.Assertions.within(1e-5f));
        }
        assertThat(vm.statusProperty().get()).contains("1 picture blanked at a time");
    }

    @Test
    void aSkeletonModelAsksForAPoseModelAndSaysSoWhenThereIsNone() {
        Path video = TestMedia.generated("style-vm.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 64, 48, 30, 25).gop(10));
        ClassifyViewModel vm = vm();
        vm.selectedModelProperty().set("skel");
        assertThat(vm.needsPoseProperty().get()).isTrue();
        h.open(video);
        vm.run();
        assertThat(dialogs.errors).containsExactly("The model skel works on dancers' poses, and no pose model is installed.");
        assertThat(vm.runningProperty().get()).isFalse();
    }

    @Test
    void rangesAreMarkedAtThePlayheadStoredAndShownAsMarks() {
        Path video = TestMedia.generated("style-vm.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 64, 48, 30, 25).gop(10));
        ClassifyViewModel vm = vm();
        h.open(video);
        h.seek(12);
        vm.markEnd();
        h.seek(3);
        vm.markStart();
        vm.addRange();
        assertThat(dialogs.errors).containsExactly("Mark a start and an end frame (start ≤ end) and type a style label first.");
        vm.rangeLabelProperty().set("  waltz ");
        vm.addRange();
        h.pumpUntil(() -> vm.ranges().size() == 1, Duration.ofSeconds(10));
        assertThat(vm.ranges().get(0).label()).isEqualTo("waltz");
        assertThat(vm.ranges().get(0).startFrame()).isEqualTo(3);
        assertThat(vm.ranges().get(0).endFrame()).isEqualTo(12);
        assertThat(vm.rangeStartProperty().get()).isEqualTo(-1);
        assertThat(marks.get(marks.size() - 1)).containsExactly(new TimelineViewModel.Mark(3, 12, "waltz"));

        ClassifyViewModel again = vm();
        h.open(TestMedia.generated("style-vm.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 64, 48, 30, 25).gop(10)));
        h.pumpUntil(() -> again.ranges().size() == 1, Duration.ofSeconds(10));
        again.removeRange(again.ranges().get(0));
        h.pumpUntil(() -> again.ranges().isEmpty(), Duration.ofSeconds(10));
        assertThat(marks.get(marks.size() - 1)).isEmpty();

        again.train();
        assertThat(dialogs.errors).last().isEqualTo("Teaching a style needs a pose model, and none is installed.");
    }

    @Test
    void attributionIsScaledForDrawingAndThePoseRunIsFoundInTheSettings() {
        assertThat(org.dancelens.analysis.ClassifyAnalysis.poseRunOf("{\"poseModel\":\"blazepose-full\",\"poseRun\":12}")).isEqualTo(12L);
        assertThat(org.dancelens.analysis.ClassifyAnalysis.poseRunOf("{}")).isNull();
        var a = new org.dancelens.analysis.store.Attributions.Attribution(4, 1, "waltz", new int[] {2, 3, 5}, new float[] {0.2f, -0.1f, 0.4f},
                List.of("nose", "left_wrist", "right_wrist"), new float[] {0.5f, 1.0f, -0.2f});
        VideoSession.Importance imp = ClassifyViewModel.importance(a, 7);
        assertThat(imp.perFrame()).containsExactly(Float.NaN, Float.NaN, 0.5f, 0f, Float.NaN, 1f, Float.NaN);
        assertThat(imp.perJoint()).containsEntry("nose", 0.5f).containsEntry("left_wrist", 1f).containsEntry("right_wrist", 0f);
        assertThat(imp.track()).isEqualTo(4);
        assertThat(imp.label()).isEqualTo("waltz");

        TimelineViewModel t = new TimelineViewModel(f -> { });
        t.setSeries(List.of(), 7);
        t.setImportance(imp.perFrame());
        t.hoverAt(5.5 / 7 * 700, 700);
        assertThat(t.hoverProperty().get()).isEqualTo("frame 5:  importance 1.00");
    }
}
