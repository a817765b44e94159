package org.dancelens.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.OrtException;
import java.nio.file.Path;
import org.dancelens.core.DanceLensException;
import org.dancelens.testsupport.TestRgbMeans;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device choice and ONNX Runtime's error text. Run on the CPU build without a GPU (all this project is tested on):
 * CUDA is refused, AUTO is the CPU. The CUDA path (the cuda profile on an NVIDIA GPU) is selected by the same code but
 * has not been run here.
 */
class OrtRuntimeTest {
    @TempDir
    Path dir;

    @Test
    void cudaThatCannotBeHadIsRefusedAndAutoIsTheCpu() throws Exception {
        assumeTrue(OrtRuntime.cudaProblem() != null, "CUDA can be had here.");
        assertThat(OrtRuntime.resolve(OrtRuntime.Device.CPU)).isEqualTo(OrtRuntime.Device.CPU);
        assertThat(OrtRuntime.resolve(OrtRuntime.Device.AUTO)).isEqualTo(OrtRuntime.Device.CPU);
        assertThatThrownBy(() -> OrtRuntime.resolve(OrtRuntime.Device.CUDA)).isInstanceOf(DanceLensException.class)
                .hasMessageContaining("mvn -Pcuda").hasMessageContaining(OrtRuntime.cudaProblem());
        TestRgbMeans.install(dir, "rgb", 0);
        Path onnx = dir.resolve("rgb.onnx");
        try (OnnxModel m = OnnxModel.open(onnx, OrtRuntime.Device.AUTO, 1)) {
            assertThat(m.device()).isEqualTo(OrtRuntime.Device.CPU);
        }
        // No caller can end up on the CPU when it asked for CUDA: the session is refused.
        assertThatThrownBy(() -> OnnxModel.open(onnx, OrtRuntime.Device.CUDA, 1)).isInstanceOf(DanceLensException.class)
                .hasMessageContaining("mvn -Pcuda");
        assertThatThrownBy(() -> OrtRuntime.options(OrtRuntime.Device.CUDA, 1)).isInstanceOf(DanceLensException.class);
    }

    @Test
    void onnxRuntimesReasonIsOnePlainLine() {
        assertThat(OrtRuntime.reason(new OrtException(OrtException.OrtErrorCode.ORT_INVALID_PROTOBUF,
                "Load model from /tmp/x/m.onnx failed:Protobuf parsing failed."))).isEqualTo("Protobuf parsing failed.");
        assertThat(OrtRuntime.reason(new OrtException(OrtException.OrtErrorCode.ORT_FAIL, "Load model from z.onnx failed:"
                + "/onnxruntime_src/onnxruntime/core/graph/model.cc:177 onnxruntime::Model::Model(onnx::ModelProto&&, const onnxruntime::PathString&,"
                + " const onnxruntime::logging::Logger&, const onnxruntime::ModelOptions&) ModelProto does not have a graph.\n")))
                .isEqualTo("ModelProto does not have a graph.");
        assertThat(OrtRuntime.reason(new OrtException(OrtException.OrtErrorCode.ORT_INVALID_ARGUMENT,
                "Got invalid dimensions for input: input_0 for the following indices\n index: 1 Got: 160 Expected: 192\n Please fix either the"
                        + " inputs/outputs or the model."))).doesNotContain("\n").startsWith("Got invalid dimensions for input: input_0");
    }
}
