package org.dancelens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import org.dancelens.testsupport.CliRun;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.testsupport.TestCnn;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.TestRgbMeans;
import org.dancelens.video.PatternVideoWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model is the file that is loaded, not what its card says: runs are filed under the ONNX file's own sha256, a card
 * whose declared sha256 is not its file's is an error naming both, a file that cannot be loaded is one sentence, and
 * every way of giving a card ({@code models list}, a model folder, a path on the command line) follows one rule.
 */
class ModelFilesCliTest {
    @RegisterExtension
    final IsolatedData data = new IsolatedData();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Path models;
    Path video;

    @BeforeEach
    void setUp() throws IOException {
        models = Files.createDirectories(dir.resolve("models"));
        video = TestMedia.generated("model-files-64x48.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 64, 48, 6, 25).gop(3));
    }

    /** Replaces a file the way an installer does: a new file moved over the old one. */
    static void replace(Path file, byte[] bytes) throws IOException {
        Path tmp = Files.write(file.resolveSibling(file.getFileName() + ".new"), bytes);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The sha256 of a file, computed here (not by the code under test). */
    static String sha(Path file) throws IOException {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private CliRun classify(String out) {
        return CliRun.of("classify", video.toString(), "--model", "rgb", "--models", models.toString(), "--store", dir.resolve("s.db").toString(),
                "--out", dir.resolve(out).toString());
    }

    private JsonNode summary(String out) throws IOException {
        return JSON.readTree(dir.resolve(out).resolve("summary.json").toFile());
    }

    /** scores.csv as "frame,label" to score. */
    private java.util.Map<String, Double> scores(String out) throws IOException {
        java.util.Map<String, Double> m = new java.util.TreeMap<>();
        for (String l : Files.readAllLines(dir.resolve(out).resolve("scores.csv")).subList(1, 1 + 6 * 3)) {
            String[] f = l.split(",");
            m.put(f[0] + "," + f[3], Double.parseDouble(f[4]));
        }
        return m;
    }

    @Test
    void aReplacedModelFileMakesANewRunFiledUnderTheNewFilesHash() throws IOException {
        TestRgbMeans.install(models, "rgb", 0);
        Path onnx = models.resolve("rgb.onnx");
        CliRun a = classify("a");
        assertThat(a.err()).isEmpty();
        assertThat(a.code()).isZero();
        assertThat(summary("a").at("/provenance/onnxSha256").asText()).isEqualTo(sha(onnx));

        TestRgbMeans.writeDoubled(onnx);
        CliRun b = classify("b");
        assertThat(b.err()).isEmpty();
        assertThat(b.code()).isZero();
        assertThat(summary("b").at("/provenance/run").asLong()).as("a new run, not the stored one").isNotEqualTo(summary("a").at("/provenance/run").asLong());
        assertThat(summary("b").at("/provenance/onnxSha256").asText()).isEqualTo(sha(onnx))
                .isNotEqualTo(summary("a").at("/provenance/onnxSha256").asText());
        // The card decodes logits as a softmax: model B's scores are softmax(2 l) = p^2 / sum(p^2) of model A's p.
        java.util.Map<String, Double> before = scores("a");
        java.util.Map<String, Double> after = scores("b");
        assertThat(after.keySet()).isEqualTo(before.keySet()).hasSize(6 * 3);
        for (int f = 0; f < 6; f++) {
            double sum = 0;
            for (String l : List.of("red", "green", "blue")) {
                sum += before.get(f + "," + l) * before.get(f + "," + l);
            }
            for (String l : List.of("red", "green", "blue")) {
                double p = before.get(f + "," + l);
                assertThat(after.get(f + "," + l)).as("frame %d %s", f, l).isCloseTo(p * p / sum, org.assertj.core.data.Offset.offset(2e-5));
            }
        }
        assertThat(after.get("0,red")).isNotCloseTo(before.get("0,red"), org.assertj.core.data.Offset.offset(1e-3));
    }

    @Test
    void aCardWhoseDeclaredShaIsNotItsFilesIsAnErrorNamingBoth() throws IOException {
        Path card = TestRgbMeans.install(models, "rgb", 0);
        Path onnx = models.resolve("rgb.onnx");
        String shaA = sha(onnx);
        Files.writeString(card, Files.readString(card).replace("provenance: {onnx: rgb.onnx}", "provenance: {onnx: rgb.onnx, onnxSha256: " + shaA + "}"));
        CliRun a = classify("a");
        assertThat(a.err()).isEmpty();
        assertThat(a.code()).isZero();

        TestRgbMeans.writeDoubled(onnx); // the card still declares model A's hash
        String shaB = sha(onnx);
        CliRun b = classify("b");
        assertThat(b.code()).as(b.out() + b.err()).isEqualTo(2);
        assertThat(b.err().strip()).doesNotContain("\n").contains(shaA).contains(shaB).contains("rgb.yaml").contains("rgb.onnx");
        assertThat(dir.resolve("b")).doesNotExist();

        CliRun list = CliRun.of("models", "list", "--dir", models.toString());
        assertThat(list.code()).isEqualTo(2);
        assertThat(list.err().strip()).doesNotContain("\n").contains(shaA).contains(shaB);
    }

    @Test
    void aModelFileThatCannotBeLoadedIsOneSentence() throws IOException {
        TestRgbMeans.install(models, "rgb", 0);
        Path onnx = models.resolve("rgb.onnx");
        assertThat(classify("a").code()).isZero();
        byte[] garbage = new byte[4000];
        new java.util.Random(7).nextBytes(garbage);
        for (byte[] bad : List.of(garbage, new byte[0], Arrays.copyOf(Files.readAllBytes(onnx), 100))) {
            replace(onnx, bad);
            CliRun r = classify("b");
            assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
            String line = r.err().strip();
            assertThat(line).doesNotContain("\n").startsWith("dancelens: ").contains("rgb.onnx")
                    .doesNotContain("ORT_").doesNotContain("Error code").doesNotContain(".cc:").doesNotContain("onnxruntime::");
            assertThat(r.out()).doesNotContain("red").doesNotContain("green").doesNotContain("blue");
        }
    }

    @Test
    void modelsListNamesEveryBadFileAndStillListsTheGoodOnes() throws IOException {
        TestCnn.install(models, 1, List.of("a", "b"), null);
        Path rgb = TestRgbMeans.install(models, "rgb", 0);
        byte[] model = Files.readAllBytes(models.resolve("rgb.onnx"));
        String sha = sha(models.resolve("rgb.onnx"));
        String card = Files.readString(rgb);
        // missing: a card naming a file that is not there
        Files.writeString(models.resolve("missing.yaml"), card.replace("id: rgb", "id: missing").replace("rgb.onnx", "missing.onnx"));
        // cut off, no hash declared: only reading the file shows it
        Files.write(models.resolve("cut.onnx"), Arrays.copyOf(model, model.length / 2));
        Files.writeString(models.resolve("cut.yaml"), card.replace("id: rgb", "id: cut").replace("rgb.onnx", "cut.onnx"));
        // mismatched: the card declares another file's hash
        Files.write(models.resolve("other.onnx"), Arrays.copyOf(model, model.length + 10));
        Files.writeString(models.resolve("other.yaml"), card.replace("id: rgb", "id: other")
                .replace("provenance: {onnx: rgb.onnx}", "provenance: {onnx: other.onnx, onnxSha256: " + sha + "}"));

        CliRun r = CliRun.of("models", "list", "--dir", models.toString());
        assertThat(r.code()).isEqualTo(2);
        List<String> problems = r.err().strip().lines().toList();
        assertThat(problems).hasSize(3);
        assertThat(problems).anySatisfy(l -> assertThat(l).contains("missing.yaml").contains("missing.onnx").contains("not there"));
        assertThat(problems).anySatisfy(l -> assertThat(l).contains("cut.onnx").contains("cut off"));
        assertThat(problems).anySatisfy(l -> assertThat(l).contains("other.yaml").contains(sha)
                .contains(sha(models.resolve("other.onnx"))));
        assertThat(r.out()).contains("cnn").contains("rgb").doesNotContain("missing").doesNotContain("cut ").doesNotContain("other");

        CliRun json = CliRun.of("models", "list", "--dir", models.toString(), "--json");
        assertThat(json.code()).isEqualTo(2);
        JsonNode root = JSON.readTree(json.out());
        assertThat(root.get("models")).hasSize(2);
        assertThat(root.get("problems")).hasSize(3);
    }

    @Test
    void aCardNamingAFileOutsideItsFolderIsRefusedHoweverItIsGiven() throws IOException {
        TestRgbMeans.install(models, "rgb", 0);
        Path cards = Files.createDirectories(dir.resolve("cards"));
        Path card = cards.resolve("outside.yaml");
        Files.writeString(card, Files.readString(models.resolve("rgb.yaml")).replace("id: rgb", "id: outside")
                .replace("provenance: {onnx: rgb.onnx}", "provenance: {onnx: ../models/rgb.onnx}"));
        CliRun list = CliRun.of("models", "list", "--dir", cards.toString());
        assertThat(list.code()).isEqualTo(2);
        assertThat(list.err().strip()).doesNotContain("\n").contains("outside.yaml").contains("outside");

        CliRun byPath = CliRun.of("classify", video.toString(), "--model", card.toString(), "--store", dir.resolve("s.db").toString());
        assertThat(byPath.code()).as(byPath.out() + byPath.err()).isEqualTo(2);
        assertThat(byPath.err().strip()).doesNotContain("\n").contains("outside.yaml").contains("outside the card's folder");
        CliRun explain = CliRun.of("explain", video.toString(), "--model", card.toString(), "--store", dir.resolve("s.db").toString());
        assertThat(explain.code()).isEqualTo(2);
        assertThat(explain.err()).contains("outside the card's folder");
    }
}
