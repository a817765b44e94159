package org.dancelens.inference;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.dancelens.testsupport.FuzzChecks;
import org.junit.jupiter.api.AfterEach;

/**
 * Fuzzes model cards (YAML, untrusted: users add cards by hand and download them): {@link ModelCard#parse} and the
 * model folders read by {@link ModelCatalog}. Each input is a card's text; a card either reads or is refused in one
 * plain sentence, and a card that reads survives a round trip through its own YAML unchanged. The seeds are the zoo's
 * cards and the cards of the tests ({@code src/test/resources/org/dancelens/inference/ModelCardFuzzTestInputs/fuzz}).
 * <p>
 * {@code mvn test} replays the seeds and every crash found so far; {@code mvn verify} also fuzzes for a few seconds;
 * a longer run by hand: see README, "Fuzzing".
 */
class ModelCardFuzzTest {
    private static final Path DIR = FuzzChecks.scratch("cards");

    @FuzzTest(maxDuration = "30s")
    void fuzz(byte[] data) {
        FuzzChecks.input(data);
        String text = new String(data, StandardCharsets.UTF_8);
        ModelCard card = FuzzChecks.parseOrRefuse(() -> ModelCard.parse(text, "card.yaml"));
        if (card != null) {
            // What was read is what the card says: writing it back and reading it again gives the same card.
            ModelCard again = FuzzChecks.parseOrRefuse(() -> ModelCard.parse(card.toYaml(), "again.yaml"));
            assertThat(again).as("the card read back from its own YAML").isEqualTo(card);
        }
        // The same text as a card in a model folder: the catalog lists it, or lists its problem in a sentence.
        FuzzChecks.write(DIR.resolve("card.yaml"), data);
        ModelRegistry registry = FuzzChecks.parseOrRefuse(() -> ModelCatalog.of(List.of(DIR)).current());
        assertThat(registry).as("the catalog never refuses a folder because of one card").isNotNull();
        assertThat(registry.entries().size() + registry.problems().size()).isEqualTo(1);
        for (ModelRegistry.Problem p : registry.problems()) {
            FuzzChecks.assertPlainSentence(p.message(), null);
        }
    }

    @AfterEach
    void forgetInput() {
        FuzzChecks.input(null);
    }
}
