package org.dancelens.inference;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import org.dancelens.testsupport.FuzzChecks;
import org.junit.jupiter.api.AfterEach;

/**
 * Fuzzes ONNX files as DanceLens first meets them: the inspector that lists a file's tensors and drafts its card
 * ({@link ModelInspector#inspect}, through ONNX Runtime) and the graph tools' protobuf reading ({@link OnnxGraph#parse}
 * and the questions the explanations ask of a graph). A file either opens or is refused in one plain sentence; ONNX
 * Runtime's and protobuf's own texts (C++ source paths, several lines) must not come through. Seeds: small models
 * built by the tests, {@code src/test/resources/org/dancelens/inference/OnnxFuzzTestInputs/fuzz}.
 */
class OnnxFuzzTest {
    private static final Path FILE = FuzzChecks.scratch("onnx").resolve("model.onnx");

    @FuzzTest(maxDuration = "30s")
    void fuzz(byte[] data) {
        FuzzChecks.input(data);
        FuzzChecks.write(FILE, data);
        ModelInspector.Inspection in = FuzzChecks.parseOrRefuse(() -> ModelInspector.inspect(FILE));
        if (in != null) {
            assertThat(in.draft().id()).isEqualTo("model");
            assertThat(in.sha256()).hasSize(64);
        }
        OnnxGraph g = FuzzChecks.parseOrRefuse(() -> OnnxGraph.parse(data, "model.onnx"));
        if (g != null) {
            FuzzChecks.parseOrRefuse(() -> {
                g.opset();
                g.outputNames();
                for (String name : g.inputNames()) {
                    g.declaredInputShape(name);
                }
                g.initializerNames().forEach(g::initializer);
            });
        }
    }

    @AfterEach
    void forgetInput() {
        FuzzChecks.input(null);
    }
}
