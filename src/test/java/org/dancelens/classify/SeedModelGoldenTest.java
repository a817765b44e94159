package org.dancelens.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.dancelens.inference.ModelCard;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.testsupport.SharedFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The seed project's AIST++ genre LSTM (../shared/fixtures/aist-genre-lstm): DanceLens reproduces every golden
 * feature and logit from the raw keypoints through the card-driven recipe. The weights are never copied: the card
 * (written here) points at the fixture's ONNX file in place.
 */
class SeedModelGoldenTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path cards;
    private static SequenceClassifier model;

    @BeforeAll
    static void open() throws IOException {
        Path fixture = SharedFixtures.dir("aist-genre-lstm");
        Path card = cards.resolve("aist.yaml");
        Files.writeString(card, SharedFixtures.aistGenreCard("aist-genre-lstm", "aist_genre_lstm_vel.onnx", "whole"));
        Files.createSymbolicLink(cards.resolve("aist_genre_lstm_vel.onnx"), fixture.resolve("aist_genre_lstm_vel.onnx"));
        ModelRegistry registry = ModelRegistry.scan(List.of(cards));
        assertThat(registry.problems()).isEmpty();
        model = SequenceClassifier.open(registry.find("aist-genre-lstm"), OrtRuntime.Device.CPU);
    }

    @AfterAll
    static void close() {
        if (model != null) {
            model.close();
        }
    }

    static Stream<String> sequences() {
        return Stream.of("seq01_T120_armwave", "seq02_T300_bounce", "seq03_T301_fastarms", "seq04_T720_turning", "seq05_T1093_mixed",
                "seq06_T450_nearstill");
    }

    @ParameterizedTest
    @MethodSource("sequences")
    void reproducesGoldenFeaturesAndLogits(String name) throws IOException {
        JsonNode g = JSON.readTree(SharedFixtures.dir("aist-genre-lstm").resolve(name + ".json").toFile());
        JsonNode kpNode = g.get("keypoints");
        int t = kpNode.size();
        assertThat(t).isEqualTo(g.get("num_frames_raw").asInt());
        // The fixture is y-up, facing +z (AIST++); DanceLens's world convention is BlazePose's (y down, z away), and
        // the card's axis signs [1, -1, -1] turn it back: an exact sign flip either way.
        double[][][] kp = new double[t][17][3];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < 17; j++) {
                for (int c = 0; c < 3; c++) {
                    kp[i][j][c] = kpNode.get(i).get(j).get(c).asDouble() * (c == 0 ? 1 : -1);
                }
            }
        }
        if (!g.get("sample_indices").isNull()) {
            int[] want = new int[300];
            for (int k = 0; k < 300; k++) {
                want[k] = g.get("sample_indices").get(k).asInt();
            }
            assertThat(SkeletonRecipe.sampleIndices(t, 300)).containsExactly(want);
        }
        double[][][] signed = new double[t][17][3];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < 17; j++) {
                for (int c = 0; c < 3; c++) {
                    signed[i][j][c] = kp[i][j][c] * (c == 0 ? 1 : -1);
                }
            }
        }
        float[] features = model.recipe().features(signed);
        JsonNode gf = g.get("features");
        double maxFeature = 0;
        for (int i = 0; i < 300; i++) {
            for (int f = 0; f < 102; f++) {
                maxFeature = Math.max(maxFeature, Math.abs(features[i * 102 + f] - Float.parseFloat(gf.get(i).get(f).asText())));
            }
        }
        assertThat(maxFeature).as("features of %s", name).isLessThanOrEqualTo(1e-6);

        SequenceClassifier.Prediction p = model.predict(kp);
        JsonNode vel = g.get("vel");
        double maxLogit = 0;
        for (int c = 0; c < 10; c++) {
            maxLogit = Math.max(maxLogit, Math.abs(p.raw()[c] - vel.get("logits").get(c).asDouble()));
        }
        System.out.printf("%s: max |feature - golden| %.2e, max |logit - golden| %.2e%n", name, maxFeature, maxLogit);
        for (int c = 0; c < 10; c++) {
            assertThat((double) p.raw()[c]).as("logit %d of %s", c, name).isCloseTo(vel.get("logits").get(c).asDouble(), within(1e-4));
            assertThat((double) p.scores()[c]).as("softmax %d of %s", c, name).isCloseTo(vel.get("softmax").get(c).asDouble(), within(1e-5));
        }
        int argmax = 0;
        for (int c = 1; c < 10; c++) {
            argmax = p.scores()[c] > p.scores()[argmax] ? c : argmax;
        }
        assertThat(argmax).isEqualTo(vel.get("argmax").asInt());
        assertThat(model.head().labels().get(argmax)).isEqualTo(vel.get("label").asText());
    }

    @Test
    void modelProbesMatchWithoutPreprocessing() throws IOException {
        JsonNode probes = JSON.readTree(SharedFixtures.dir("aist-genre-lstm").resolve("model_probes.json").toFile()).get("vel");
        float[] zeros = new float[300 * 102];
        float[] sin = new float[300 * 102];
        for (int t = 0; t < 300; t++) {
            for (int f = 0; f < 102; f++) {
                sin[t * 102 + f] = (float) (0.5 * Math.sin(0.01 * (t * 102 + f)));
            }
        }
        List<SequenceClassifier.Prediction> p = model.predictFeatures(List.of(zeros, sin), "probes");
        for (int c = 0; c < 10; c++) {
            assertThat((double) p.get(0).raw()[c]).isCloseTo(probes.get("zeros_logits").get(c).asDouble(), within(1e-4));
            assertThat((double) p.get(1).raw()[c]).isCloseTo(probes.get("sin_logits").get(c).asDouble(), within(1e-4));
        }
    }

    @Test
    void cardAgreesWithTheModelsOwnMetadata() throws IOException {
        Path fixture = SharedFixtures.dir("aist-genre-lstm");
        assertThat(ModelRegistry.sha256(fixture.resolve("aist_genre_lstm_vel.onnx")))
                .isEqualTo(ModelCard.read(cards.resolve("aist.yaml")).provenance().onnxSha256());
    }
}
