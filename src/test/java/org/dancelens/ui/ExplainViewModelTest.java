package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dancelens.core.ExecutorTaskRunner;
import org.dancelens.core.VideoFrame;
import org.dancelens.inference.OrtRuntime;
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
    PlayerViewModelTest.PumpedExecutor ui;
    ExecutorTaskRunner tasks;
    PlayerViewModelTest.FakeDialogs dialogs;
    final List<PlayerViewModel.HeatOverlay> shown = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        ui = new PlayerViewModelTest.PumpedExecutor();
        tasks = new ExecutorTaskRunner(2, ui);
        dialogs = new PlayerViewModelTest.FakeDialogs();
        org.dancelens.testsupport.TestCnn.graph(11, 3).write(models.resolve("cnn.onnx"));
        Files.writeString(models.resolve("cnn.yaml"), """
                id: cnn
                name: Test CNN
                task: frame-classifier
                license: test
                provenance: {onnx: cnn.onnx}
                inputs: [{name: x, layout: NCHW, shape: [1, 3, 32, 32]}]
                outputs: [{name: logits, shape: [1, 3], decoding: logits}]
                labels: [ballet, hiphop, folk]
                """);
    }

    @AfterEach
    void tearDown() {
        tasks.close();
    }

    @Test
    void explainsTheFrameOnScreenAndRestylesWithoutRecomputing() throws Exception {
        byte[] px = new byte[80 * 60 * 4];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 7 % 251);
        }
        VideoFrame frame = new VideoFrame(12, 0.48, 80, 60, px);
        ExplainViewModel vm = new ExplainViewModel(tasks, dialogs, List.of(models), () -> frame, () -> OrtRuntime.Device.CPU, shown::add);
        vm.refreshModels();
        assertThat(vm.selectedModelProperty().get()).isEqualTo("cnn");
        ui.pumpUntil(() -> vm.classes().size() == 4, Duration.ofSeconds(20));
        assertThat(vm.classes()).containsExactly("top label", "ballet", "hiphop", "folk");
        assertThat(vm.layers()).containsExactly("deepest (default)", "feat", "conv");

        vm.explainFrame();
        ui.pumpUntil(() -> !vm.runningProperty().get() && !shown.isEmpty(), Duration.ofSeconds(30));
        assertThat(dialogs.errors).isEmpty();
        PlayerViewModel.HeatOverlay h = shown.get(0);
        assertThat(h.frame()).isEqualTo(12);
        assertThat(h.width()).isEqualTo(32);
        assertThat(h.map()).hasSize(32 * 32);
        assertThat(h.region()).containsExactly(0.0, 0.0, 1.0, 1.0);
        assertThat(vm.statusProperty().get()).startsWith("Frame 12: ").contains("gradcam");

        vm.selectedClassProperty().set("folk");
        vm.selectedLayerProperty().set("conv");
        vm.explainFrame();
        ui.pumpUntil(() -> !vm.runningProperty().get() && shown.size() == 2, Duration.ofSeconds(30));
        assertThat(vm.statusProperty().get()).startsWith("Frame 12: folk");
        assertThat(shown.get(1).map()).isNotEqualTo(h.map());

        vm.colorMapProperty().set("viridis");
        assertThat(shown).hasSize(3);
        assertThat(shown.get(2).map()).isSameAs(shown.get(1).map());
        assertThat(shown.get(2).colorMap()).isEqualTo("viridis");
        vm.clear();
        assertThat(shown.get(3)).isNull();

        vm.depthWise();
        ui.pumpUntil(() -> !vm.runningProperty().get() && !vm.depthMaps().isEmpty(), Duration.ofSeconds(30));
        assertThat(vm.depthMaps()).extracting(ExplainViewModel.DepthMap::layer).containsExactly("conv", "feat"); // early first
        assertThat(vm.depthMaps().get(0).caption()).contains("(16x16)").contains("folk");
        assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(vm.depthMaps().get(0).png())).getWidth()).isEqualTo(80);
    }
}
