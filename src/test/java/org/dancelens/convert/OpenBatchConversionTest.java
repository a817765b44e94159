package org.dancelens.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.TaskContext;
import org.dancelens.inference.ModelCard;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OnnxModel;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.inference.TensorData;
import org.dancelens.testsupport.CliRun;
import org.dancelens.testsupport.TfjsReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The importer keeps a batch dimension open where the graph does not depend on the batch size (the emotion CNN), and
 * refuses it with the reason where it does (BlazePose's folded resize sizes) or where the TF.js model fixes it
 * (MoveNet MultiPose).
 */
class OpenBatchConversionTest {
    @TempDir
    Path dir;

    @Test
    void emotionKeepsAnOpenBatchAndGivesEachPictureTheScoresOfTheBatch1Model() {
        Path pkg = TfjsReference.humanModels();
        TfjsToOnnx.ConversionReport open = TfjsToOnnx.convert(pkg.resolve("emotion.json"), dir.resolve("open.onnx"), TfjsToOnnx.OPEN_BATCH, null);
        TfjsToOnnx.convert(pkg.resolve("emotion.json"), dir.resolve("one.onnx"), 1, null);
        assertThat(open.metadata()).containsEntry("batch", "open");
        Random rnd = new Random(17);
        int n = 5;
        float[] pics = new float[n * 64 * 64];
        for (int i = 0; i < pics.length; i++) {
            pics[i] = rnd.nextFloat() * 2 - 1;
        }
        try (OnnxModel batched = OnnxModel.open(dir.resolve("open.onnx"), OrtRuntime.Device.CPU, 1);
             OnnxModel single = OnnxModel.open(dir.resolve("one.onnx"), OrtRuntime.Device.CPU, 1)) {
            assertThat(batched.inputShapes().get("input_1_0")).containsExactly(-1, 64, 64, 1);
            assertThat(single.inputShapes().get("input_1_0")).containsExactly(1, 64, 64, 1);
            float[] all = batched.run(Map.of("input_1_0", TensorData.of(pics, new long[] {n, 64, 64, 1}))).get("Identity_0").asFloats();
            assertThat(all).hasSize(n * 7);
            for (int b = 0; b < n; b++) {
                float[] one = new float[64 * 64];
                System.arraycopy(pics, b * one.length, one, 0, one.length);
                float[] s = single.run(Map.of("input_1_0", TensorData.of(one, new long[] {1, 64, 64, 1}))).get("Identity_0").asFloats();
                for (int c = 0; c < 7; c++) {
                    assertThat(all[b * 7 + c]).as("picture %d class %d", b, c).isCloseTo(s[c], org.assertj.core.data.Offset.offset(1e-5f));
                }
            }
        }
    }

    @Test
    void graphsThatDependOnTheBatchAreRefusedWithTheReason() {
        Path pkg = TfjsReference.humanModels();
        assertThatThrownBy(() -> TfjsToOnnx.convert(pkg.resolve("blazepose-full.json"), dir.resolve("b.onnx"), TfjsToOnnx.OPEN_BATCH, null))
                .isInstanceOf(DanceLensException.class)
                .hasMessage("The model blazepose-full.json cannot keep an open batch dimension: the constant"
                        + " StatefulPartitionedCall/model/up_sampling2d/resize/ResizeBilinear/sizes depends on the batch size (a shape folded"
                        + " into the graph); convert it with a fixed batch size.");
        assertThatThrownBy(() -> TfjsToOnnx.convert(pkg.resolve("movenet-multipose.json"), dir.resolve("m.onnx"), TfjsToOnnx.OPEN_BATCH, null))
                .isInstanceOf(DanceLensException.class)
                .hasMessageContaining("the model itself fixes the batch size of all its inputs and outputs");
        CliRun bad = CliRun.of("convert", "tfjs", pkg.resolve("emotion.json").toString(), "--out", dir.resolve("x.onnx").toString(), "--batch", "0");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err().strip()).isEqualTo("dancelens: --batch must be a whole number of at least 1 or 'open', not '0'.");
        CliRun ok = CliRun.of("convert", "tfjs", pkg.resolve("emotion.json").toString(), "--out", dir.resolve("x.onnx").toString(), "--batch", "open");
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("batch dimension: open");
    }

    @Test
    void theZooImportOpensTheBatchOfFrameClassifiersOnly() {
        Path pkg = TfjsReference.humanModels();
        ZooImporter.importZoo(pkg, dir, List.of("emotion", "movenet-lightning"), TaskContext.NONE);
        ModelRegistry reg = ModelRegistry.scan(List.of(dir));
        ModelCard emotion = reg.find("emotion").card();
        assertThat(emotion.inputs().get(0).shape()).containsExactly(-1L, 64L, 64L, 1L);
        try (OnnxModel e = OnnxModel.open(reg.find("emotion"), OrtRuntime.Device.CPU, 1);
             OnnxModel m = OnnxModel.open(reg.find("movenet-lightning"), OrtRuntime.Device.CPU, 1)) {
            assertThat(e.inputShapes().get("input_1_0")[0]).isEqualTo(-1);
            assertThat(m.inputShapes().get("input_0")[0]).isEqualTo(1);
        }
    }
}
