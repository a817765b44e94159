package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.dancelens.convert.ZooImporter;
import org.dancelens.inference.ModelCard;
import org.dancelens.testsupport.GraphOnnx;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.TestZoo;
import org.dancelens.ui.classify.ClassifyViewModel;
import org.dancelens.ui.evaluate.EvaluationViewModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Styles tab offers dance models first and marks the others with what they were trained on; the zoo's
 * facial-expression CNN run on whole frames of real footage shows a warning beside its verdicts.
 */
class StyleModelFitTest {
    @RegisterExtension
    final IsolatedData data = new IsolatedData();
    @TempDir
    Path models;
    UiHarness h;

    @BeforeEach
    void setUp() throws IOException {
        h = new UiHarness();
        // the zoo's emotion CNN with the card the zoo writes for it today (what it looks at, what it was trained on)
        Path zoo = TestMedia.generatedDir().resolve("zoo");
        TestZoo.registry("emotion");
        assumeTrue(Files.isRegularFile(zoo.resolve("emotion.onnx")), "the converted test zoo");
        ModelCard built = ModelCard.read(zoo.resolve("emotion.yaml"));
        Files.copy(zoo.resolve("emotion.onnx"), models.resolve("emotion.onnx"));
        ZooImporter.template("emotion").withProvenance(built.provenance()).write(models.resolve("emotion.yaml"));
        // a frame classifier that says nothing of its training, and a skeleton model taught on dance
        org.dancelens.testsupport.TestRgbMeans.install(models, "rgb-means", 0.05);
        new GraphOnnx().input("x", -1, 8, 51).output("logits", -1, 2).constant("w", new float[102], 51, 2)
                .node("ReduceMean", new String[] {"x"}, "m", "axes", new long[] {1}, "keepdims", 0L)
                .node("MatMul", new String[] {"m", "w"}, "logits").write(models.resolve("waltz-or-tango.onnx"));
        Files.writeString(models.resolve("waltz-or-tango.yaml"), """
                id: waltz-or-tango
                name: Waltz or tango
                task: sequence-classifier
                license: test
                looksAt: skeletons
                content: dance
                provenance: {onnx: waltz-or-tango.onnx}
                inputs: [{name: x, shape: [-1, 8, 51]}]
                outputs: [{name: logits, shape: [-1, 2]}]
                labels: [waltz, tango]
                sequence: {fps: 30}
                """);
    }

    @AfterEach
    void tearDown() throws Exception {
        h.close();
    }

    @Test
    void theEvaluationWindowOffersDanceModelsFirstToo() {
        EvaluationViewModel vm = new EvaluationViewModel(h.tasks, h.dialogs, h.models(List.of(models)),
                () -> org.dancelens.inference.OrtRuntime.Device.CPU);
        assertThat(vm.models()).containsExactly("waltz-or-tango", "emotion", "rgb-means");
        assertThat(vm.selectedModelProperty().get()).isEqualTo("waltz-or-tango");
    }

    @Test
    void danceModelsComeFirstTheOthersAreMarkedAndAFaceModelOnWholeFramesIsWarnedAbout() {
        ClassifyViewModel vm = new ClassifyViewModel(h.tasks, h.dialogs, h.models(List.of(models)), h.workbench.sessionProperty(),
                () -> org.dancelens.inference.OrtRuntime.Device.CPU);
        assertThat(vm.models()).containsExactly("waltz-or-tango", "emotion", "rgb-means");
        assertThat(vm.selectedModelProperty().get()).as("a dance model is offered first").isEqualTo("waltz-or-tango");
        assertThat(vm.modelLabel("waltz-or-tango")).isEqualTo("waltz-or-tango");
        assertThat(vm.modelLabel("emotion")).isEqualTo("emotion — facial expressions, not dance");
        assertThat(vm.modelLabel("rgb-means")).isEqualTo("rgb-means — its card does not say what it was trained on");

        h.open(TestMedia.realFootage("vtest.avi"));
        vm.selectedModelProperty().set("emotion");
        vm.run();
        h.pumpUntil(() -> !vm.runningProperty().get(), Duration.ofSeconds(180));
        assertThat(h.dialogs.errors).isEmpty();
        assertThat(vm.statusProperty().get()).contains("795 frames classified with emotion");
        assertThat(vm.summaryProperty().get()).startsWith("whole frame over 795 frames");
        assertThat(vm.verdictWarningProperty().get()).isEqualTo("emotion looks at faces; on whole dance frames its verdict means little.");

        // a model whose card does not say what it looks at: its verdict is shown without the warning
        vm.selectedModelProperty().set("rgb-means");
        vm.run();
        h.pumpUntil(() -> !vm.runningProperty().get() && vm.statusProperty().get().contains("rgb-means"), Duration.ofSeconds(180));
        h.pumpUntil(() -> vm.summaryProperty().get().startsWith("whole frame"), Duration.ofSeconds(10));
        assertThat(vm.verdictWarningProperty().get()).isEmpty();
    }
}
