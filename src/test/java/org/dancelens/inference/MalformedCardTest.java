package org.dancelens.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dancelens.core.DanceLensException;
import org.dancelens.testsupport.CliRun;
import org.dancelens.testsupport.FuzzChecks;
import org.dancelens.testsupport.IsolatedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A malformed model card is refused in one sentence that names the card, the line and the field and says what the
 * field must be in a user's words ("must be a whole number"), never in Jackson's ("Cannot deserialize value of type
 * `java.lang.Long`"); values that would be silently misread (a decimal where a whole number belongs, a field given
 * twice, an empty list item) are refused too.
 */
class MalformedCardTest {
    @RegisterExtension
    final IsolatedData data = new IsolatedData();

    @TempDir
    Path dir;

    private static final String GOOD = """
            id: tiny
            name: Tiny classifier
            task: frame-classifier
            license: Apache-2.0
            provenance:
              onnx: tiny.onnx
            inputs:
              - name: image
                layout: NCHW
                shape: [1, 3, 224, 224]
                preprocess:
                  scale: 0.0039
            outputs:
              - name: logits
                shape: [1, 3]
            labels: [ballet, hip-hop, folk]
            sequence:
              length: 30
            """;

    private static DanceLensException refused(String card) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> ModelCard.parse(card, "tiny.yaml"));
        assertThat(t).isInstanceOf(DanceLensException.class);
        DanceLensException e = (DanceLensException) t;
        FuzzChecks.assertPlainRefusal(e);
        assertThat(e.getMessage()).startsWith("The model card tiny.yaml line ").doesNotContain("java").doesNotContain("`")
                .doesNotContain("deserialize");
        return e;
    }

    @Test
    void aWordWhereANumberBelongsNamesTheFieldAndTheKindOfValue() {
        assertThat(refused(GOOD.replace("shape: [1, 3, 224, 224]", "shape: [1, 3, abc, 224]")).getMessage())
                .isEqualTo("The model card tiny.yaml line 10 is malformed: 'inputs[0].shape[2]' must be a whole number, not \"abc\".");
        assertThat(refused(GOOD.replace("scale: 0.0039", "scale: half")).getMessage())
                .contains("line 12").contains("'inputs[0].preprocess.scale' must be a number, not \"half\"");
    }

    @Test
    void aFieldNameThatIsAMappingIsSaidToBeSoWithoutTheYamlLibrarysClassNames() {
        // Found by ModelCardFuzzTest (crash-yaml-mapping-as-field-name): the sentence named SnakeYAML's MappingStartEvent.
        assertThat(refused("{id: tiny, {name: x}: y}\n").getMessage())
                .contains("a field name must be plain text, not a list or a mapping").doesNotContain("org.yaml").doesNotContain("Event");
    }

    @Test
    void aVeryLongFieldNameIsShortenedInTheSentence() {
        // Found by ModelCardFuzzTest (crash-long-field-name-in-path): the whole name, twice, made a 465-character sentence.
        String name = "x".repeat(300);
        String message = refused(GOOD.replace("  onnx: tiny.onnx", "  onnx: tiny.onnx\n  " + name + ": 1")).getMessage();
        assertThat(message).contains("is not one a card can have").doesNotContain(name).hasSizeLessThan(FuzzChecks.MAX_LENGTH);
    }

    @Test
    void aCardWithManyProblemsNamesTheFirstThreeAndCountsTheRest() {
        // Found by ModelCardFuzzTest (crash-many-problems-make-a-long-sentence): every problem listed made 407 characters.
        DanceLensException e = (DanceLensException) org.assertj.core.api.Assertions.catchThrowable(
                () -> ModelCard.parse("id: Not Valid\n", "card.yaml"));
        assertThat(e).isNotNull();
        FuzzChecks.assertPlainRefusal(e);
        assertThat(e.getMessage()).startsWith("The model card card.yaml is incomplete: 'id' must be lower-case letters")
                .containsPattern("; and \\d+ more problems?\\.$").hasSizeLessThan(FuzzChecks.MAX_LENGTH);
        assertThat(ModelCard.problemList(java.util.List.of("a", "b", "c"))).isEqualTo("a; b; c");
        assertThat(ModelCard.problemList(java.util.List.of("a", "b", "c", "d"))).isEqualTo("a; b; c; and 1 more problem");
        assertThat(ModelCard.problemList(java.util.List.of("a", "b", "c", "d", "e"))).isEqualTo("a; b; c; and 2 more problems");
    }

    @Test
    void aDecimalWhereAWholeNumberBelongsIsNotRoundedDown() {
        assertThat(refused(GOOD.replace("length: 30", "length: 30.5")).getMessage())
                .contains("line 18").contains("'sequence.length' must be a whole number, not \"30.5\"");
    }

    @Test
    void anUnknownTaskListsTheTasks() {
        assertThat(refused(GOOD.replace("task: frame-classifier", "task: dance-oracle")).getMessage())
                .contains("line 3").contains("'task' must be one of pose, frame-classifier,").contains("not \"dance-oracle\"");
    }

    @Test
    void aMappingWhereAListBelongs() {
        assertThat(refused(GOOD.replace("labels: [ballet, hip-hop, folk]", "labels: {a: ballet}")).getMessage())
                .contains("line 16").contains("'labels' must be a list, not a mapping");
        assertThat(refused(GOOD.replace("inputs:\n", "inputs: 5\nx:\n")).getMessage()).contains("'inputs' must be a list");
    }

    @Test
    void aFieldGivenTwiceIsRefusedRatherThanTheLastOneWinning() {
        assertThat(refused(GOOD.replace("name: Tiny classifier\n", "name: Tiny classifier\nid: other\n")).getMessage())
                .contains("line 3").contains("the field \"id\" appears twice");
    }

    @Test
    void anEmptyListItemIsRefused() {
        assertThat(refused(GOOD.replace("shape: [1, 3]", "shape: [1, ~]")).getMessage()).contains("'outputs[0].shape[1]' is empty (null)");
        assertThat(refused(GOOD.replace("labels: [ballet, hip-hop, folk]", "labels: [ballet, null]")).getMessage()).contains("'labels[1]'");
    }

    @Test
    void yamlThatDoesNotParseSaysWhyOnOneLine() {
        assertThat(refused(GOOD.replace("shape: [1, 3]", "shape: [1, 3")).getMessage()).contains("is malformed: ");
        assertThat(refused("- just\n- a list\n").getMessage()).contains("a card must be a mapping of fields");
    }

    @Test
    void theCommandLineSaysOneLineAndExits2() throws IOException {
        Path card = Files.writeString(dir.resolve("tiny.yaml"), GOOD.replace("shape: [1, 3, 224, 224]", "shape: [1, 3, abc, 224]"));
        CliRun r = CliRun.of("classify", dir.resolve("clip.mp4").toString(), "--model", card.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").doesNotContain("java.")
                .isEqualTo("dancelens: The model card tiny.yaml line 10 is malformed: 'inputs[0].shape[2]' must be a whole number, not \"abc\".");
    }
}
