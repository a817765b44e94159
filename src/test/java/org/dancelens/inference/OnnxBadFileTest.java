package org.dancelens.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.dancelens.core.DanceLensException;
import org.dancelens.testsupport.CliRun;
import org.dancelens.testsupport.FuzzChecks;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.testsupport.TestCnn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ONNX file that is empty, cut off or not ONNX at all is refused in one plain sentence that says so, wherever
 * DanceLens opens it (the inspector, a model run, the graph tools); ONNX Runtime's own text (its error code, C++
 * source paths and function signatures) stays in the log.
 */
class OnnxBadFileTest {
    @RegisterExtension
    final IsolatedData data = new IsolatedData();

    @TempDir
    Path dir;

    private Path cnnBytes(int keep) throws IOException {
        Path whole = TestCnn.graph(3, 4).write(dir.resolve("whole.onnx"));
        byte[] b = Files.readAllBytes(whole);
        return Files.write(dir.resolve("model.onnx"), Arrays.copyOf(b, keep < 0 ? b.length : keep));
    }

    @Test
    void anEmptyFileIsSaidToBeEmpty() throws IOException {
        Path empty = Files.write(dir.resolve("model.onnx"), new byte[0]);
        for (Runnable open : new Runnable[] {() -> ModelInspector.inspect(empty), () -> OnnxModel.open(empty, OrtRuntime.Device.CPU, 1).close(),
            () -> OnnxGraph.load(empty)}) {
            assertThatThrownBy(open::run).isInstanceOfSatisfying(DanceLensException.class, e -> {
                FuzzChecks.assertPlainRefusal(e);
                assertThat(e.getMessage()).contains("model.onnx").contains("empty").doesNotContain("onnxruntime");
            });
        }
    }

    @Test
    void aCutOffFileIsSaidToBeCutOffOrDamaged() throws IOException {
        long size = Files.size(cnnBytes(-1));
        for (int keep : new int[] {1, 2, 700, (int) size - 10}) {
            Path cut = cnnBytes(keep);
            for (Runnable open : new Runnable[] {() -> ModelInspector.inspect(cut), () -> OnnxModel.open(cut, OrtRuntime.Device.CPU, 1).close(),
                () -> OnnxGraph.load(cut)}) {
                assertThatThrownBy(open::run).as("cut after %d bytes", keep).isInstanceOfSatisfying(DanceLensException.class, e -> {
                    FuzzChecks.assertPlainRefusal(e);
                    assertThat(e.getMessage()).contains("model.onnx").containsAnyOf("cut off", "cannot be loaded by ONNX Runtime");
                });
            }
        }
    }

    @Test
    void theCommandLineSaysOneLineAndExits2ForAnEmptyModel() throws IOException {
        Files.write(dir.resolve("cnn.onnx"), new byte[0]);
        Files.writeString(dir.resolve("cnn.yaml"), """
                id: cnn
                name: Empty CNN
                task: frame-classifier
                license: test
                provenance:
                  onnx: cnn.onnx
                inputs:
                  - name: x
                    layout: NCHW
                    shape: [1, 3, 32, 32]
                outputs:
                  - name: logits
                    shape: [1, 2]
                    decoding: logits
                labels: [a, b]
                """);
        Path picture = org.dancelens.testsupport.TestMedia.realFootage("messi5.jpg");
        CliRun r = CliRun.of("explain", picture.toString(), "--model", dir.resolve("cnn.yaml").toString(), "--out", dir.resolve("x").toString());
        assertThat(r.code()).isEqualTo(2);
        String line = r.err().strip();
        assertThat(line).doesNotContain("\n").startsWith("dancelens: ").contains("cnn.onnx").contains("empty")
                .doesNotContain("onnxruntime").doesNotContain(".cc:");
    }

    @Test
    void onnxRuntimeReasonsLoseTheirCodeSourcePathAndSignature() {
        assertThat(OrtErrors.reason("Error code - ORT_FAIL - message: Load model from /tmp/m.onnx failed:/onnxruntime_src/onnxruntime/core/graph/"
                + "model.cc:177 onnxruntime::Model::Model(onnx::ModelProto&&, const onnxruntime::PathString&, const "
                + "onnxruntime::logging::Logger&, const onnxruntime::ModelOptions&) ModelProto does not have a graph.\n"))
                .isEqualTo("ModelProto does not have a graph");
        assertThat(OrtErrors.reason("Error code - ORT_FAIL - message: Exception during initialization: /onnxruntime_src/onnxruntime/core/"
                + "framework/session_state_utils.cc:264 onnxruntime::common::Status onnxruntime::session_state_utils::SaveInitializedTensors("
                + "const onnxruntime::Env&, const std::__cxx11::basic_string<char>&, const SaveTensorFunction&) "
                + "ort_value_name_idx_map.MaxIdx() > -1 was false. OrtValue indexes should have been populated."))
                .isEqualTo("ort_value_name_idx_map.MaxIdx() > -1 was false");
        assertThat(OrtErrors.reason("Error code - ORT_INVALID_PROTOBUF - message: Load model from a.onnx failed:Protobuf parsing failed."))
                .isEqualTo("Protobuf parsing failed");
        assertThat(OrtErrors.reason("[ONNXRuntimeError] : 10 : INVALID_GRAPH : This is an invalid model.\nIn Node, (\"n\", Conv, \"\", -1) :"))
                .isEqualTo("This is an invalid model");
        assertThat(OrtErrors.reason(null)).isEmpty();
    }
}
