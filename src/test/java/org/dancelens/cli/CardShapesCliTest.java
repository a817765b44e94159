package org.dancelens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dancelens.testsupport.CliRun;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.testsupport.TestCnn;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.TinyOnnx;
import org.dancelens.video.PatternVideoWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A card whose tensor sizes disagree with its model is one sentence naming the model, the tensor and both sizes, before
 * anything runs — for pose models (which used to reach ONNX Runtime's multi-line text) and explanations as for
 * classifiers.
 */
class CardShapesCliTest {
    @RegisterExtension
    final IsolatedData data = new IsolatedData();

    @TempDir
    Path dir;
    Path video;

    @BeforeEach
    void setUp() {
        video = TestMedia.generated("card-shapes-64x48.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 64, 48, 4, 25).gop(2));
    }

    /** A MoveNet-style pose card for a model whose input is {@code modelInput}; the card says [1, side, side, 3]. */
    private Path poseModel(long[] modelInput, long side) throws IOException {
        Path models = Files.createDirectories(dir.resolve("m" + side + "-" + modelInput.length));
        TinyOnnx.constantOutputs(models.resolve("pose.onnx"), "input", modelInput, new String[] {"kp"}, new long[][] {{1, 1, 17, 3}},
                new float[][] {new float[51]});
        Files.writeString(models.resolve("tiny-pose.yaml"), """
                id: tiny-pose
                name: Tiny pose
                task: pose
                license: test
                provenance: {onnx: pose.onnx}
                inputs: [{name: input, layout: NHWC, dtype: float32, shape: [1, %d, %d, 3], preprocess: {resize: letterbox}}]
                outputs: [{name: kp, shape: [1, 1, 17, 3], decoding: movenet-singlepose}]
                keypoints: coco-17
                """.formatted(side, side));
        return models;
    }

    private static void oneSentence(CliRun r, String... parts) {
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
        String line = r.err().strip();
        assertThat(line).doesNotContain("\n").startsWith("dancelens: ").doesNotContain("ORT_").doesNotContain("Got invalid dimensions");
        for (String p : parts) {
            assertThat(line).contains(p);
        }
    }

    @Test
    void aPoseCardWithAnotherInputSizeThanItsModel() throws IOException {
        Path models = poseModel(new long[] {1, 192, 192, 3}, 160);
        CliRun r = CliRun.of("analyze", video.toString(), "--pose", "tiny-pose", "--models", models.toString(), "--store",
                dir.resolve("s.db").toString());
        oneSentence(r, "tiny-pose", "'input'", "[1, 192, 192, 3]", "[1, 160, 160, 3]");
    }

    @Test
    void aPoseCardWhoseModelInputIsNotAPicture() throws IOException {
        Path models = poseModel(new long[] {1, 100}, 192);
        CliRun r = CliRun.of("analyze", video.toString(), "--pose", "tiny-pose", "--models", models.toString(), "--store",
                dir.resolve("s.db").toString());
        oneSentence(r, "tiny-pose", "'input'", "[1, 100]", "[1, 192, 192, 3]", "not one");
    }

    @Test
    void anImageClassifierWithOneLabelTooManyCannotBeExplained() throws IOException {
        Path models = Files.createDirectories(dir.resolve("cnn"));
        Path card = TestCnn.install(models, 3, List.of("a", "b"), null);
        Files.writeString(card, Files.readString(card).replace("labels: [a, b]", "labels: [a, b, c]"));
        CliRun r = CliRun.of("explain", video.toString(), "--model", card.toString(), "--store", dir.resolve("s.db").toString());
        oneSentence(r, "cnn", "3 labels", "'logits'", "2 classes");
        r = CliRun.of("classify", video.toString(), "--model", card.toString(), "--store", dir.resolve("s.db").toString());
        oneSentence(r, "cnn", "3 labels", "'logits'", "2 classes");
    }
}
