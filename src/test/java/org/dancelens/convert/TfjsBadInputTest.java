package org.dancelens.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dancelens.core.DanceLensException;
import org.dancelens.testsupport.CliRun;
import org.dancelens.testsupport.FuzzChecks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TensorFlow.js model.json that does not parse, or whose values are not what their kind says, is refused in one
 * sentence naming the file (and the line and column, for JSON that does not parse), never with the JSON parser's own
 * text or a Java exception.
 */
class TfjsBadInputTest {
    @TempDir
    Path dir;

    /** x [1, 2] -> Mul by w [2] -> Identity; w in w.bin. */
    private static final String MODEL = """
            {"format": "graph-model",
             "modelTopology": {"node": [
               {"name": "x", "op": "Placeholder", "attr": {"dtype": {"type": "DT_FLOAT"}}},
               {"name": "w", "op": "Const", "attr": {"dtype": {"type": "DT_FLOAT"}}},
               {"name": "mm", "op": "Mul", "input": ["x", "w"], "attr": {"keep": {"b": false}, "T": {"type": "DT_FLOAT"}}},
               {"name": "Identity", "op": "Identity", "input": ["mm"]}
             ]},
             "signature": {"inputs": {"x:0": {"name": "x:0", "dtype": "DT_FLOAT", "tensorShape": {"dim": [{"size": "1"}, {"size": "2"}]}}},
                           "outputs": {"Identity:0": {"name": "Identity:0", "dtype": "DT_FLOAT", "tensorShape": {"dim": [{"size": "1"}, {"size": "2"}]}}}},
             "weightsManifest": [{"paths": ["w.bin"], "weights": [{"name": "w", "shape": [2], "dtype": "float32"}]}]}
            """;

    private Path model(String json) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(2).putFloat(3);
        Files.write(dir.resolve("w.bin"), b.array());
        return Files.writeString(dir.resolve("model.json"), json);
    }

    private DanceLensException refused(String json) throws IOException {
        Path m = model(json);
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> TfjsToOnnx.convert(m, dir.resolve("m.onnx"), 1, null));
        assertThat(t).isInstanceOf(DanceLensException.class);
        FuzzChecks.assertPlainRefusal((DanceLensException) t);
        assertThat(t.getMessage()).contains("model.json");
        return (DanceLensException) t;
    }

    @Test
    void theModelConvertsAsItIs() throws IOException {
        TfjsToOnnx.ConversionReport r = TfjsToOnnx.convert(model(MODEL), dir.resolve("m.onnx"), 1, null);
        assertThat(r.tfNodes()).isEqualTo(4);
    }

    @Test
    void jsonThatDoesNotParseNamesTheLineAndColumn() throws IOException {
        assertThat(refused(MODEL.replace("\"op\": \"Const\",", "\"op\": \"Const\"")).getMessage())
                .startsWith("The model file model.json is not valid JSON at line 4, column ")
                .contains("was expecting comma to separate Object entries");
        assertThat(refused(MODEL.substring(0, 200)).getMessage())
                .matches("The model file model\\.json is not valid JSON at line \\d+, column \\d+: the text ends too early \\(is the file cut off\\?\\)\\.");
        assertThat(refused(MODEL.replace("\"1\"", "NaN")).getMessage()).contains("\"NaN\" is not a number JSON allows");
    }

    @Test
    void valuesOfTheWrongKindAreRefusedNamingTheirPlace() throws IOException {
        assertThat(refused(MODEL.replace("{\"size\": \"1\"}, {\"size\": \"2\"}]}}},\n", "{\"size\": \"one\"}, {\"size\": \"2\"}]}}},\n"))
                .getMessage()).isEqualTo("The signature's tensor \"x:0\" of model.json has the size \"one\"; a size is a whole number from -1 up.");
        TfjsGraphModel m = TfjsGraphModel.read(model(MODEL.replace("\"keep\": {\"b\": false}", "\"keep\": {\"b\": \"no\"}")));
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> m.nodes.get(2).attrBool("keep", true));
        assertThat(t).isInstanceOf(DanceLensException.class)
                .hasMessage("Cannot convert model.json: node mm (op Mul) has the attribute 'keep', which is not true or false.");
        assertThat(refused(MODEL.replace("\"shape\": [2]", "\"shape\": [2.5]")).getMessage())
                .contains("has the dimension \"2.5\"; a dimension is a whole number from 0 up");
        assertThat(refused(MODEL.replace("[\"w.bin\"]", "[\"w\\u0000.bin\"]")).getMessage()).contains("which is not a file name");
        assertThat(refused(MODEL.replace("{\"name\": \"Identity\", \"op\": \"Identity\"", "{\"name\": \"mm\", \"op\": \"Identity\""))
                .getMessage()).isEqualTo("The model model.json has two nodes named \"mm\".");
    }

    @Test
    void aWeightListedTwiceIsRefusedRatherThanTheLastOneWinning() throws IOException {
        String twice = MODEL.replace("[{\"name\": \"w\", \"shape\": [2], \"dtype\": \"float32\"}]",
                "[{\"name\": \"w\", \"shape\": [1], \"dtype\": \"float32\"}, {\"name\": \"w\", \"shape\": [1], \"dtype\": \"float32\"}]");
        assertThat(refused(twice).getMessage()).isEqualTo("The weights manifest of model.json lists the weight \"w\" twice.");
    }

    @Test
    void theCommandLineSaysOneLineAndExits2() throws IOException {
        Path m = model(MODEL.replace("\"op\": \"Const\",", "\"op\": \"Const\""));
        CliRun r = CliRun.of("convert", "tfjs", m.toString(), "--out", dir.resolve("m.onnx").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").startsWith("dancelens: The model file model.json is not valid JSON at line 4, column ")
                .doesNotContain("Source").doesNotContain("com.fasterxml");
    }
}
