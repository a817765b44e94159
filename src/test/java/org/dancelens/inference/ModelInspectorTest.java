package org.dancelens.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.VideoFrame;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.TestZoo;
import org.dancelens.testsupport.TinyOnnx;
import org.dancelens.video.PatternVideoWriter;
import org.dancelens.video.VideoSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Adding an ONNX model: its tensors, the draft card, the dry run on a real frame and what each mismatch says. */
class ModelInspectorTest {
    @TempDir
    Path dir;

    /** A frame classifier: image [1, 3, 32, 32] -> scores [1, 3] = (0.1, 0.7, 0.2), or the given values. */
    private Path classifier(String file, float... scores) throws Exception {
        return TinyOnnx.constantOutputs(dir.resolve(file), "image", new long[] {1, 3, 32, 32}, new String[] {"scores"},
                new long[][] {{1, 3}}, new float[][] {scores.length == 0 ? new float[] {0.1f, 0.7f, 0.2f} : scores});
    }

    private static ModelCard complete(ModelCard draft, List<String> labels) {
        return new ModelCard(draft.id(), draft.name(), draft.version(), draft.task(), "Apache-2.0", null, draft.provenance(),
                draft.inputs(), draft.outputs(), labels, null, null, null, null, null);
    }

    private static VideoFrame realFrame() {
        Path video = TestMedia.generated("inspector-20.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 160, 120, 20, 10));
        try (VideoSource v = VideoSource.open(video)) {
            return v.frame(7);
        }
    }

    @Test
    void draftsACardAndADryRunOnARealFramePasses() throws Exception {
        Path onnx = classifier("Tiny Frame_Classifier.onnx");
        ModelInspector.Inspection in = ModelInspector.inspect(onnx);
        assertThat(in.inputs()).containsExactly(new ModelInspector.Tensor("image", "float32", List.of(1L, 3L, 32L, 32L)));
        assertThat(in.outputs()).containsExactly(new ModelInspector.Tensor("scores", "float32", List.of(1L, 3L)));
        ModelCard d = in.draft();
        assertThat(d.id()).isEqualTo("tiny-frame_classifier");
        assertThat(d.name()).isEqualTo("Tiny Frame Classifier");
        assertThat(d.task()).isEqualTo(ModelCard.Task.FRAME_CLASSIFIER);
        assertThat(d.inputs().get(0).layout()).isEqualTo("NCHW");
        assertThat(d.inputs().get(0).shape()).containsExactly(1L, 3L, 32L, 32L);
        assertThat(d.inputs().get(0).preprocess().scale()).isEqualTo(1.0 / 255);
        assertThat(d.outputs().get(0).decoding()).isEqualTo("logits");
        assertThat(d.provenance().onnx()).isEqualTo("tiny-frame_classifier.onnx");
        assertThat(d.provenance().onnxSha256()).isEqualTo(ModelRegistry.sha256(onnx)).hasSize(64);
        // A draft lacks what only the user knows.
        assertThat(d.problems()).anySatisfy(p -> assertThat(p).contains("license")).anySatisfy(p -> assertThat(p).contains("labels"));

        ModelCard card = complete(d, List.of("ballet", "hip-hop", "folk"));
        ModelInspector.DryRun run = ModelInspector.dryRun(card, onnx, realFrame());
        assertThat(run.outputShapes()).containsEntry("scores", List.of(1L, 3L));
        assertThat(run.summary()).startsWith("tiny-frame_classifier ran in ").contains("'scores' [1, 3]").endsWith("it says 'hip-hop'.");

        // Installed: the ONNX copy and the card, found by the registry with the copy's sha256.
        Path folder = dir.resolve("user-models");
        ModelRegistry.Entry e = ModelInspector.install(card, onnx, folder);
        assertThat(e.cardFile()).isEqualTo(folder.resolve("tiny-frame_classifier.yaml"));
        ModelRegistry reg = ModelRegistry.scan(List.of(folder));
        assertThat(reg.problems()).isEmpty();
        assertThat(reg.find("tiny-frame_classifier").card().provenance().onnxSha256()).isEqualTo(ModelRegistry.sha256(onnx));
        assertThat(Files.readString(e.cardFile())).contains("labels:").contains("- hip-hop");
        assertThatThrownBy(() -> ModelInspector.install(card, onnx, folder)).hasMessageContaining("already installed");
    }

    @Test
    void fourLabelsForThreeClassesNamesTheModelTheTensorAndBothCounts() throws Exception {
        Path onnx = classifier("tiny.onnx");
        ModelCard card = complete(ModelInspector.inspect(onnx).draft(), List.of("ballet", "hip-hop", "folk", "tango"));
        assertThatThrownBy(() -> ModelInspector.dryRun(card, onnx, ModelInspector.testFrame(64, 48)))
                .isInstanceOf(DanceLensException.class)
                .hasMessage("The card of tiny lists 4 labels, but its output tensor 'scores' has 3 classes (shape [1, 3]): give one label per class.");
    }

    @Test
    void aTensorTheModelLacksOrAWrongShapeIsNamed() throws Exception {
        Path onnx = classifier("tiny.onnx");
        ModelCard good = complete(ModelInspector.inspect(onnx).draft(), List.of("a", "b", "c"));
        ModelCard missing = new ModelCard(good.id(), good.name(), null, good.task(), good.license(), null, good.provenance(), good.inputs(),
                List.of(new ModelCard.OutputSpec("logits", List.of(1L, 3L), "logits", null)), good.labels(), null, null, null, null, null);
        assertThatThrownBy(() -> ModelInspector.dryRun(missing, onnx, ModelInspector.testFrame(64, 48)))
                .isInstanceOf(DanceLensException.class)
                .hasMessage("The card of tiny names the output tensor 'logits', which the model does not have (it has [scores]).");
        ModelCard wrongShape = new ModelCard(good.id(), good.name(), null, good.task(), good.license(), null, good.provenance(), good.inputs(),
                List.of(new ModelCard.OutputSpec("scores", List.of(1L, 5L), "logits", null)), good.labels(), null, null, null, null, null);
        assertThatThrownBy(() -> ModelInspector.dryRun(wrongShape, onnx, ModelInspector.testFrame(64, 48)))
                .hasMessage("The output tensor 'scores' of tiny has shape [1, 3], but its card expects [1, 5].");
        ModelCard.TensorSpec in = good.inputs().get(0);
        ModelCard wrongInput = new ModelCard(good.id(), good.name(), null, good.task(), good.license(), null, good.provenance(),
                List.of(new ModelCard.TensorSpec("image", "NHWC", "float32", List.of(1L, 64L, 64L, 3L), in.preprocess())), good.outputs(),
                good.labels(), null, null, null, null, null);
        assertThatThrownBy(() -> ModelInspector.dryRun(wrongInput, onnx, ModelInspector.testFrame(64, 48)))
                .hasMessage("The input tensor 'image' of tiny has shape [1, 3, 32, 32], but its card expects [1, 64, 64, 3].");
    }

    @Test
    void anOutputWithNaNIsRefused() throws Exception {
        Path onnx = classifier("broken.onnx", 0.2f, Float.NaN, 0.1f);
        ModelCard card = complete(ModelInspector.inspect(onnx).draft(), List.of("a", "b", "c"));
        assertThatThrownBy(() -> ModelInspector.dryRun(card, onnx, ModelInspector.testFrame(64, 48)))
                .isInstanceOf(DanceLensException.class)
                .hasMessage("The output tensor 'scores' of broken holds NaN (1 of 3 values) on this frame: the model or its input scaling is broken.");
    }

    @Test
    void anIncompleteCardIsRefusedBeforeRunning() throws Exception {
        Path onnx = classifier("tiny.onnx");
        assertThatThrownBy(() -> ModelInspector.dryRun(ModelInspector.inspect(onnx).draft(), onnx, ModelInspector.testFrame(64, 48)))
                .hasMessageStartingWith("The card of tiny is incomplete: 'license' is missing; a frame-classifier needs 'labels'");
    }

    @Test
    void tasksAreGuessedFromShapes() {
        var out2 = List.of(new ModelInspector.Tensor("y", "float32", List.of(1L, 5L)));
        assertThat(ModelInspector.guessTask(List.of(new ModelInspector.Tensor("x", "float32", List.of(-1L, 224L, 224L, 3L))), out2))
                .isEqualTo(ModelCard.Task.FRAME_CLASSIFIER);
        assertThat(ModelInspector.guessTask(List.of(new ModelInspector.Tensor("x", "float32", List.of(1L, 30L, 34L))), out2))
                .isEqualTo(ModelCard.Task.SEQUENCE_CLASSIFIER);
        assertThat(ModelInspector.guessTask(List.of(new ModelInspector.Tensor("x", "float32", List.of(1L, 3L, 16L, 112L, 112L))), out2))
                .isEqualTo(ModelCard.Task.CLIP_CLASSIFIER);
        // An image model with a spatial output (segmenter, detector, pose...) is left to the user.
        assertThat(ModelInspector.guessTask(List.of(new ModelInspector.Tensor("x", "float32", List.of(1L, 3L, 256L, 256L))),
                List.of(new ModelInspector.Tensor("y", "float32", List.of(1L, 17L, 64L, 48L))))).isNull();
        assertThat(ModelInspector.idFromFileName(Path.of("My Model (v2).ONNX"))).isEqualTo("my-model-v2");
    }

    @Test
    void theZoosPoseCardsDryRunWithTheInputsTheirEstimatorsFill() {
        // MoveNet takes int32 pixels; BlazePose's landmark model a rotated square (on a whole frame: the upright square around it).
        ModelRegistry zoo = TestZoo.registry("movenet-lightning", "blazepose-full");
        for (String id : List.of("movenet-lightning", "blazepose-full")) {
            ModelRegistry.Entry e = zoo.find(id);
            ModelInspector.DryRun run = ModelInspector.dryRun(e.card(), e.onnxFile(), realFrame());
            assertThat(run.summary()).startsWith(id + " ran in ");
            assertThat(run.outputShapes()).containsEntry(e.card().outputs().get(0).name(), e.card().outputs().get(0).shape());
        }
    }
}
