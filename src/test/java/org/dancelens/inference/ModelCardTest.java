package org.dancelens.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.dancelens.convert.ZooImporter;
import org.dancelens.core.DanceLensException;
import org.junit.jupiter.api.Test;

class ModelCardTest {
    private static final String GOOD = """
            id: tiny-classifier
            name: Tiny classifier
            task: frame-classifier
            license: Apache-2.0
            provenance:
              onnx: tiny.onnx
            inputs:
              - name: image
                layout: NCHW
                dtype: float32
                shape: [1, 3, 224, 224]
                preprocess:
                  resize: center-crop
                  colorOrder: RGB
                  scale: 0.00392156862745098
                  mean: [0.485, 0.456, 0.406]
                  std: [0.229, 0.224, 0.225]
            outputs:
              - name: logits
                shape: [1, 3]
                decoding: logits
            labels: [ballet, hip-hop, folk]
            """;

    @Test
    void parsesAWellFormedCard() {
        ModelCard c = ModelCard.parse(GOOD, "tiny.yaml");
        assertThat(c.task()).isEqualTo(ModelCard.Task.FRAME_CLASSIFIER);
        assertThat(c.inputs().get(0).preprocess().mean()).containsExactly(0.485, 0.456, 0.406);
        assertThat(c.labels()).containsExactly("ballet", "hip-hop", "folk");
        // Round trip through YAML keeps everything.
        assertThat(ModelCard.parse(c.toYaml(), "again.yaml")).isEqualTo(c);
    }

    @Test
    void malformedYamlNamesTheLine() {
        String bad = GOOD.replace("    shape: [1, 3]\n", "    shape: [1, 3\n");
        assertThatThrownBy(() -> ModelCard.parse(bad, "tiny.yaml"))
                .isInstanceOf(DanceLensException.class)
                .hasMessageStartingWith("The model card tiny.yaml line ")
                .hasMessageContaining("malformed");
    }

    @Test
    void unknownFieldNamesTheLineAndTheField() {
        String bad = GOOD.replace("license: Apache-2.0\n", "license: Apache-2.0\nlicence: MIT\n");
        assertThatThrownBy(() -> ModelCard.parse(bad, "tiny.yaml"))
                .isInstanceOf(DanceLensException.class)
                .hasMessageContaining("line 5").hasMessageContaining("licence");
    }

    @Test
    void unknownNestedFieldNamesItsLine() {
        String bad = GOOD.replace("    layout: NCHW\n", "    layot: NCHW\n");
        assertThatThrownBy(() -> ModelCard.parse(bad, "tiny.yaml"))
                .isInstanceOf(DanceLensException.class)
                .hasMessageContaining("line 9").hasMessageContaining("layot");
        String bad2 = GOOD.replace("      colorOrder: RGB\n", "      colourOrder: RGB\n");
        assertThatThrownBy(() -> ModelCard.parse(bad2, "tiny.yaml"))
                .isInstanceOf(DanceLensException.class)
                .hasMessageContaining("line 14").hasMessageContaining("colourOrder");
    }

    @Test
    void unknownTaskIsRefused() {
        String bad = GOOD.replace("task: frame-classifier", "task: dance-oracle");
        assertThatThrownBy(() -> ModelCard.parse(bad, "tiny.yaml"))
                .isInstanceOf(DanceLensException.class).hasMessageContaining("line 3").hasMessageContaining("dance-oracle");
    }

    @Test
    void missingPartsAreListed() {
        String bad = GOOD.replace("labels: [ballet, hip-hop, folk]\n", "").replace("license: Apache-2.0\n", "");
        assertThatThrownBy(() -> ModelCard.parse(bad, "tiny.yaml"))
                .isInstanceOf(DanceLensException.class)
                .hasMessageContaining("'license' is missing")
                .hasMessageContaining("needs 'labels'");
    }

    @Test
    void everyZooTemplateIsAValidCard() {
        assertThat(ZooImporter.ids()).contains("movenet-lightning", "movenet-thunder", "movenet-multipose", "blazepose-detector",
                "blazepose-lite", "blazepose-full", "blazepose-heavy", "selfie-segmentation", "emotion");
        for (String id : ZooImporter.ids()) {
            ModelCard c = ZooImporter.template(id);
            assertThat(c.id()).isEqualTo(id);
            assertThat(c.problems()).isEmpty();
            // Google's MediaPipe/MoveNet models are Apache-2.0; the emotion CNN comes under the npm package's MIT licence
            assertThat(c.license()).isEqualTo(id.equals("emotion") ? "MIT" : "Apache-2.0");
            // each says what it looks at and what it was trained on; none of them is a dance model
            assertThat(c.looksAt()).as(id).isEqualTo(id.equals("emotion") ? ModelCard.LooksAt.FACES : ModelCard.LooksAt.FRAMES);
            assertThat(c.content()).as(id).isNotBlank();
            assertThat(c.isAboutDance()).as(id).isFalse();
        }
        assertThat(ZooImporter.template("emotion").content()).isEqualTo("facial expressions");
        assertThat(ZooImporter.template("movenet-multipose").content()).isEqualTo("people");
    }

    @Test
    void whatAModelLooksAtAndWasTrainedOnIsReadWrittenAndShownNearTheTop() {
        String card = GOOD.replace("license: Apache-2.0\n", "license: Apache-2.0\nlooksAt: person-crops\ncontent: dance styles\n");
        ModelCard c = ModelCard.parse(card, "tiny.yaml");
        assertThat(c.looksAt()).isEqualTo(ModelCard.LooksAt.PERSON_CROPS);
        assertThat(c.content()).isEqualTo("dance styles");
        assertThat(c.isAboutDance()).isTrue();
        assertThat(ModelCard.parse(c.toYaml(), "again.yaml")).isEqualTo(c);
        assertThat(c.toYaml()).contains("license: Apache-2.0\nlooksAt: person-crops\ncontent: dance styles\n");
        // both are optional: a card without them is as before
        ModelCard old = ModelCard.parse(GOOD, "tiny.yaml");
        assertThat(old.looksAt()).isNull();
        assertThat(old.content()).isNull();
        assertThat(old.isAboutDance()).isFalse();
        assertThat(old.toYaml()).doesNotContain("looksAt").doesNotContain("content");
        // "dance" only as a word of its own at the start
        assertThat(ModelCard.parse(GOOD.replace("license: Apache-2.0\n", "license: Apache-2.0\ncontent: Dance\n"), "t.yaml").isAboutDance()).isTrue();
        assertThat(ModelCard.parse(GOOD.replace("license: Apache-2.0\n", "license: Apache-2.0\ncontent: dancers' faces\n"), "t.yaml").isAboutDance())
                .isFalse();
        assertThat(ModelCard.parse(GOOD.replace("license: Apache-2.0\n", "license: Apache-2.0\ncontent: not dance\n"), "t.yaml").isAboutDance())
                .isFalse();
    }

    @Test
    void anUnknownLooksAtNamesItsLineAndBadContentIsListed() {
        String bad = GOOD.replace("license: Apache-2.0\n", "license: Apache-2.0\nlooksAt: hands\n");
        assertThatThrownBy(() -> ModelCard.parse(bad, "tiny.yaml"))
                .isInstanceOf(DanceLensException.class).hasMessageContaining("line 5").hasMessageContaining("hands");
        String longContent = GOOD.replace("license: Apache-2.0\n", "license: Apache-2.0\ncontent: " + "very ".repeat(15) + "long\n");
        assertThatThrownBy(() -> ModelCard.parse(longContent, "tiny.yaml"))
                .isInstanceOf(DanceLensException.class).hasMessageContaining("'content' must be a few words on one line");
        String twoLines = GOOD.replace("license: Apache-2.0\n", "license: Apache-2.0\ncontent: \"dance\\nstyles\"\n");
        assertThatThrownBy(() -> ModelCard.parse(twoLines, "tiny.yaml"))
                .isInstanceOf(DanceLensException.class).hasMessageContaining("'content' must be a few words on one line");
    }

    @Test
    void looksAtMustAgreeWithTheSequenceBlock() {
        String skeletonsWithout = GOOD.replace("license: Apache-2.0\n", "license: Apache-2.0\nlooksAt: skeletons\n");
        assertThatThrownBy(() -> ModelCard.parse(skeletonsWithout, "tiny.yaml"))
                .isInstanceOf(DanceLensException.class).hasMessageContaining("'looksAt' is skeletons, but the card has no 'sequence' block");
        String framesWith = GOOD.replace("license: Apache-2.0\n", "license: Apache-2.0\nlooksAt: frames\n") + "sequence: {fps: 30}\n";
        assertThat(ModelCard.parse(GOOD + "sequence: {fps: 30}\n", "ok.yaml").problems()).isEmpty();
        assertThatThrownBy(() -> ModelCard.parse(framesWith, "tiny.yaml"))
                .isInstanceOf(DanceLensException.class).hasMessageContaining("looks at skeletons, not frames");
    }
}
