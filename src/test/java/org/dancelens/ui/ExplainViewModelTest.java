package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.testsupport.FakeDialogs;
import org.dancelens.ui.explain.ExplainViewModel;
import org.dancelens.ui.player.PlayerViewModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Explain tab's view-model: layers and classes of the chosen model, a map of the frame on screen, restyling. */
class ExplainViewModelTest {
    @TempDir
    Path models;
    UiHarness h;
    FakeDialogs dialogs;
    /** Every heat map the player of the video on screen was given (null: taken off). */
    final List<PlayerViewModel.HeatOverlay> shown = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        org.dancelens.testsupport.TestCnn.install(models, 11, List.of("ballet", "hiphop", "folk"), null);
    }

    /** The harness (with this runner in it), whose videos report each heat map their player gets. */
    private void harness(java.util.function.Function<org.dancelens.core.TaskRunner, org.dancelens.core.TaskRunner> wrap) {
        h = new UiHarness(wrap);
        dialogs = h.dialogs;
        h.workbench.sessionProperty().addListener((o, a, b) -> {
            if (b != null) {
                b.player().heatOverlayProperty().addListener((oo, x, y) -> shown.add(y));
            }
        });
    }

    private ExplainViewModel vm(DialogService d) {
        return new ExplainViewModel(h.tasks, d, h.models(List.of(models)), h.workbench.sessionProperty(), () -> OrtRuntime.Device.CPU, h.overlay);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void explainsTheFrameOnScreenAndRestylesWithoutRecomputing() throws Exception {
        harness(t -> t);
        // frame 12 of an 80 x 60 video on screen
        h.open(org.dancelens.testsupport.TestMedia.generated("explain-80x60.mkv",
                org.dancelens.video.PatternVideoWriter.Spec.of("matroska", "ffv1", 80, 60, 20, 25).gop(5)));
        h.seek(12);
        ExplainViewModel vm = vm(dialogs);
        assertThat(vm.selectedModelProperty().get()).isEqualTo("cnn");
        h.pumpUntil(() -> vm.classes().size() == 4, Duration.ofSeconds(20));
        assertThat(vm.classes()).containsExactly("top label", "ballet", "hiphop", "folk");
        assertThat(vm.layers()).containsExactly("deepest (default)", "feat", "conv");

        vm.explainFrame();
        h.pumpUntil(() -> !vm.runningProperty().get() && !shown.isEmpty(), Duration.ofSeconds(30));
        assertThat(dialogs.errors).isEmpty();
        PlayerViewModel.HeatOverlay heat = shown.get(0);
        assertThat(heat.frame()).isEqualTo(12);
        assertThat(heat.width()).isEqualTo(32);
        assertThat(heat.map()).hasSize(32 * 32);
        assertThat(heat.region()).containsExactly(0.0, 0.0, 1.0, 1.0);
        assertThat(vm.statusProperty().get()).startsWith("explain-80x60.mkv: Frame 12: ").contains("gradcam");

        vm.selectedClassProperty().set("folk");
        vm.selectedLayerProperty().set("conv");
        vm.explainFrame();
        h.pumpUntil(() -> !vm.runningProperty().get() && shown.size() == 2, Duration.ofSeconds(30));
        assertThat(vm.statusProperty().get()).startsWith("explain-80x60.mkv: Frame 12: folk");
        assertThat(shown.get(1).map()).isNotEqualTo(heat.map());

        vm.colorMapProperty().set("viridis");
        assertThat(shown).hasSize(3);
        assertThat(shown.get(2).map()).isSameAs(shown.get(1).map());
        assertThat(shown.get(2).colorMap()).isEqualTo("viridis");
        vm.clear();
        assertThat(shown.get(3)).isNull();

        vm.depthWise();
        h.pumpUntil(() -> !vm.runningProperty().get() && !vm.depthMaps().isEmpty(), Duration.ofSeconds(30));
        assertThat(vm.depthMaps()).extracting(ExplainViewModel.DepthMap::layer).containsExactly("conv", "feat"); // early first
        assertThat(vm.depthMaps().get(0).caption()).contains("(16x16)").contains("folk");
        assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(vm.depthMaps().get(0).png())).getWidth()).isEqualTo(80);
    }

    @Test
    void depthWiseWithAndWithoutAResidualBlock() throws Exception {
        org.dancelens.testsupport.TestResidualCnn.graph(false, false).write(models.resolve("res.onnx"));
        Files.writeString(models.resolve("res.yaml"), """
                id: res
                name: Residual CNN
                task: frame-classifier
                license: test
                provenance: {onnx: res.onnx}
                inputs: [{name: x, layout: NCHW, shape: [1, 3, 16, 16]}]
                outputs: [{name: logits, shape: [1, 4], decoding: logits}]
                labels: [a, b, c, d]
                """);
        harness(t -> t);
        // frame 3 of a 40 x 30 video on screen
        h.open(org.dancelens.testsupport.TestMedia.generated("explain-40x30.mkv",
                org.dancelens.video.PatternVideoWriter.Spec.of("matroska", "ffv1", 40, 30, 8, 25).gop(4)));
        h.seek(3);
        ExplainViewModel vm = vm(dialogs);
        vm.selectedModelProperty().set("res");
        h.pumpUntil(() -> vm.blocks().size() == 2 || vm.statusProperty().get().contains("layers can be explained"), Duration.ofSeconds(20));
        assertThat(vm.statusProperty().get()).contains("1 residual block can be left out");
        assertThat(vm.blocks()).containsExactly("none", "sum");
        // layers deepest first: y, sum, f, r1, c1, t, c0 -> early c0, middle r1 (on the block's main path), deep y
        vm.leftOutBlockProperty().set("sum");
        vm.depthWise();
        h.pumpUntil(() -> !vm.runningProperty().get() && (!vm.depthMaps().isEmpty() || !dialogs.errors.isEmpty()), Duration.ofSeconds(30));
        assertThat(dialogs.errors).isEmpty();
        assertThat(vm.depthMaps()).extracting(ExplainViewModel.DepthMap::layer).containsExactly("c0", "r1", "y");
        ExplainViewModel.DepthMap early = vm.depthMaps().get(0);
        ExplainViewModel.DepthMap inside = vm.depthMaps().get(1);
        ExplainViewModel.DepthMap deep = vm.depthMaps().get(2);
        assertThat(early.withoutCaption()).startsWith("without sum: c0");
        assertThat(early.withoutPng()).isNotNull();
        assertThat(early.withoutPng()).as("the map of a layer before the block changes when the block is left out, since the score"
                + " then reads it through the skip only").isNotEqualTo(early.png());
        assertThat(inside.withoutPng()).isNull();
        assertThat(inside.withoutCaption()).isEqualTo("without sum: The model res.onnx without sum has no tensor named r1."); // pruned with its block
        assertThat(deep.withoutPng()).isNotNull().isNotEqualTo(deep.png());
        String cls = deep.caption().replaceAll(".* · (\\w+) .*", "$1");
        assertThat(deep.withoutCaption()).as("both sides explain the same class").contains(" · " + cls + " ");
        assertThat(vm.statusProperty().get()).contains("right: without sum");
    }

    @org.junit.jupiter.api.extension.RegisterExtension
    final org.dancelens.testsupport.IsolatedData data = new org.dancelens.testsupport.IsolatedData();

    /** Counts the jobs handed to the runner, to show that following stored maps starts none. */
    static final class CountingRunner implements org.dancelens.core.TaskRunner {
        final org.dancelens.core.TaskRunner inner;
        final java.util.concurrent.atomic.AtomicInteger submitted = new java.util.concurrent.atomic.AtomicInteger();

        CountingRunner(org.dancelens.core.TaskRunner inner) {
            this.inner = inner;
        }

        @Override
        public <T> Handle submit(String title, Job<T> job, Callbacks<T> callbacks) {
            submitted.incrementAndGet();
            return inner.submit(title, job, callbacks);
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    @Test
    void wholeRunStoresMapsAndTheOverlayFollowsThemWithoutRunningTheModel() throws Exception {
        Path video = org.dancelens.testsupport.TestMedia.generated("explain-vm.mkv",
                org.dancelens.video.PatternVideoWriter.Spec.of("matroska", "ffv1", 64, 48, 20, 25).gop(10));
        Path exportDir = Files.createDirectories(data.dir().resolve("export"));
        CountingRunner[] counting = new CountingRunner[1];
        harness(t -> counting[0] = new CountingRunner(t));
        dialogs.folder = exportDir; // "Export metrics…" writes here
        ExplainViewModel vm = vm(dialogs);
        vm.setAnalysisRange(() -> 4, () -> 16);
        h.pumpUntil(() -> vm.classes().size() == 4, Duration.ofSeconds(20));
        // What the panel shows at the moment a video comes on screen (before its stored maps are read).
        List<Boolean> storedOnSwitch = new ArrayList<>();
        h.workbench.sessionProperty().addListener((o, a, b) -> storedOnSwitch.add(vm.hasStoredProperty().get()));
        h.open(video);
        assertThat(storedOnSwitch).containsExactly(false);
        assertThat(vm.hasStoredProperty().get()).isFalse();

        vm.rangeChoiceProperty().set("Poses tab range");
        vm.selectedClassProperty().set("hiphop");
        vm.explainWholeRun();
        assertThat(vm.wholeRunningProperty().get()).isTrue();
        h.pumpUntil(() -> !vm.runningProperty().get(), Duration.ofSeconds(60));
        assertThat(dialogs.errors).isEmpty();
        assertThat(vm.hasStoredProperty().get()).isTrue();
        assertThat(vm.statusProperty().get()).startsWith("explain-vm.mkv: Stored the maps of 12 frames");
        assertThat(vm.framesDoneProperty().get()).startsWith("12 of 12 (frames 4–15, complete)");
        assertThat(vm.maskSourceProperty().get()).startsWith("unavailable");
        assertThat(vm.storedRunProperty().get()).contains("cnn").contains("gradcam").contains("hiphop");

        // What the store holds, read independently.
        java.util.Map<Integer, org.dancelens.analysis.store.Maps.MapFrame> maps;
        org.dancelens.analysis.ExplainMetrics.RunMetrics metrics;
        try (org.dancelens.analysis.store.ResultsStore store = org.dancelens.analysis.store.ResultsStore.open(org.dancelens.analysis.Workspace.storeFor(video))) {
            var run = store.runs().list(video.toAbsolutePath().toString(), org.dancelens.analysis.store.RunKind.EXPLAIN).get(0);
            assertThat(org.dancelens.analysis.store.ExplainSettings.of(run).classChoice()).isEqualTo("hiphop");
            maps = store.maps().read(run.id(), 0, 100);
            metrics = org.dancelens.analysis.ExplainMetrics.ofRun(store, run.id(), org.dancelens.core.TaskContext.NONE);
        }
        assertThat(maps.keySet()).hasSize(12).allMatch(f -> f >= 4 && f < 16);
        assertThat(vm.meanIouProperty().get()).isEqualTo(String.format(java.util.Locale.ROOT, "%.3f over 11 pairs",
                metrics.summary().meanConsistencyIou()));

        // Scrubbing: each frame shown gets its stored map, upsampled to the input, at once and without a job.
        int jobs = counting[0].submitted.get();
        int before = shown.size();
        for (int f : new int[] {7, 15, 4}) {
            h.seek(f);
            PlayerViewModel.HeatOverlay heat = shown.get(shown.size() - 1);
            assertThat(heat.frame()).isEqualTo(f);
            assertThat(heat.height()).isEqualTo(32);
            assertThat(heat.map()).containsExactly(org.dancelens.explain.GradCam.resizeBilinear(maps.get(f).map(), 16, 16, 32, 32));
            assertThat(heat.region()).containsExactly(maps.get(f).region());
        }
        assertThat(shown).hasSize(before + 3);
        h.seek(2); // no stored map: the overlay goes
        assertThat(shown.get(shown.size() - 1)).isNull();
        assertThat(counting[0].submitted.get()).isEqualTo(jobs);
        // Not following: frames shown change nothing.
        h.seek(7);
        vm.followStoredProperty().set(false);
        assertThat(shown.get(shown.size() - 1)).isNull();
        int n = shown.size();
        h.seek(8);
        assertThat(shown).hasSize(n);
        vm.followStoredProperty().set(true);

        // Reopening the video shows its stored run again.
        h.open(org.dancelens.testsupport.TestMedia.generated("explain-vm.mkv",
                org.dancelens.video.PatternVideoWriter.Spec.of("matroska", "ffv1", 64, 48, 20, 25).gop(10)));
        assertThat(storedOnSwitch).containsExactly(false, false);
        h.pumpUntil(() -> vm.hasStoredProperty().get(), Duration.ofSeconds(20));
        assertThat(vm.framesDoneProperty().get()).startsWith("12 of 12");

        // Faithfulness on sampled frames, on demand: the numbers the analysis gives for the stored run.
        assertThat(vm.faithfulnessSummaryProperty().get()).isEqualTo("not measured");
        vm.faithfulnessProperty().set(true);
        vm.measure();
        assertThat(vm.wholeRunningProperty().get()).isTrue();
        h.pumpUntil(() -> !vm.runningProperty().get(), Duration.ofSeconds(60));
        org.dancelens.analysis.ExplainMetrics.Summary withF;
        try (org.dancelens.analysis.store.ResultsStore store = org.dancelens.analysis.store.ResultsStore.open(org.dancelens.analysis.Workspace.storeFor(video))) {
            var run = store.runs().list(video.toAbsolutePath().toString(), org.dancelens.analysis.store.RunKind.EXPLAIN).get(0);
            withF = org.dancelens.analysis.ExplainMetrics.withFaithfulness(org.dancelens.analysis.ExplainMetrics.ofRun(store, run.id(),
                    org.dancelens.core.TaskContext.NONE), store, org.dancelens.inference.ModelRegistry.scan(List.of(models)).find("cnn"), 8,
                    OrtRuntime.Device.CPU, org.dancelens.core.TaskContext.NONE).summary();
        }
        assertThat(withF.faithfulnessFrames()).isEqualTo(8);
        assertThat(vm.faithfulnessSummaryProperty().get()).isEqualTo(String.format(java.util.Locale.ROOT,
                "deletion %.3f, insertion %.3f (8 frames)", withF.meanDeletionAuc(), withF.meanInsertionAuc()));

        // The dancers' outline from a person segmentation model instead: here one built for the test, which calls
        // the bright pixels "person" (mean of R, G, B scaled to 0..1)
        new org.dancelens.testsupport.GraphOnnx().input("img", 1, 48, 64, 3).output("mask", 1, 48, 64, 1)
                .node("ReduceMean", new String[] {"img"}, "mask", "axes", new long[] {3}, "keepdims", 1L).write(models.resolve("bright.onnx"));
        Files.writeString(models.resolve("bright.yaml"), """
                id: bright
                name: Bright pixels
                task: segmenter
                license: test
                provenance: {onnx: bright.onnx}
                inputs: [{name: img, layout: NHWC, shape: [1, 48, 64, 3], preprocess: {resize: stretch}}]
                outputs: [{name: mask, shape: [1, 48, 64, 1], decoding: mask-probability}]
                """);
        h.pumpUntil(() -> vm.maskModels().size() == 2, Duration.ofSeconds(20)); // the new card is noticed: the lists follow
        assertThat(vm.maskModels()).containsExactly("pose run", "bright");
        vm.maskModelProperty().set("bright");
        vm.faithfulnessProperty().set(false);
        vm.measure();
        h.pumpUntil(() -> !vm.runningProperty().get(), Duration.ofSeconds(60));
        assertThat(dialogs.errors).isEmpty();
        org.dancelens.analysis.ExplainMetrics.Summary seg;
        try (org.dancelens.analysis.store.ResultsStore store = org.dancelens.analysis.store.ResultsStore.open(org.dancelens.analysis.Workspace.storeFor(video))) {
            var run = store.runs().list(video.toAbsolutePath().toString(), org.dancelens.analysis.store.RunKind.EXPLAIN).get(0);
            seg = org.dancelens.analysis.ExplainMetrics.withSegmenter(org.dancelens.analysis.ExplainMetrics.ofRun(store, run.id(),
                    org.dancelens.core.TaskContext.NONE), store, org.dancelens.inference.ModelRegistry.scan(List.of(models)).find("bright"),
                    OrtRuntime.Device.CPU, org.dancelens.core.TaskContext.NONE).summary();
        }
        assertThat(seg.fgBgFrames()).isPositive();
        assertThat(vm.maskSourceProperty().get()).isEqualTo("person segmentation model bright");
        assertThat(vm.meanFgBgProperty().get()).isEqualTo(String.format(java.util.Locale.ROOT, "%.3f over %d frames", seg.meanFgBgRatio(),
                seg.fgBgFrames()));

        vm.exportMetrics();
        h.pumpUntil(() -> vm.statusProperty().get().startsWith("Metrics written"), Duration.ofSeconds(20));
        List<String> csv = Files.readAllLines(exportDir.resolve("explain-vm-explain-metrics.csv"));
        assertThat(csv).hasSize(13);
        assertThat(csv.get(1)).startsWith("4,hiphop,");
        assertThat(csv.stream().skip(1).filter(l -> !l.endsWith(",,")).count()).as("faithfulness was not asked for the last measurement").isZero();
        assertThat(exportDir.resolve("explain-vm-explain-metrics.json")).exists();
    }

    @Test
    void layerNamesAreShownWithoutThePathAllLayersShare() {
        assertThat(ExplainViewModel.commonPrefix(List.of("S/model_1/add_1/add", "S/model_1/conv2d_5/BiasAdd", "S/model_1/add_2/add")))
                .isEqualTo("S/model_1/");
        assertThat(ExplainViewModel.commonPrefix(List.of("S/model_1/add", "S/model_2/add"))).isEqualTo("S/");
        assertThat(ExplainViewModel.commonPrefix(List.of("conv", "feat"))).isEmpty();
        assertThat(ExplainViewModel.commonPrefix(List.of())).isEmpty();
    }
}
