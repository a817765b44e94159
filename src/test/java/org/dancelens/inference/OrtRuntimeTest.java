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
 * the real probe finds the CPU-only runtime and a GPU is refused with that sentence. The CUDA path (the cuda profile on
 * an NVIDIA GPU) is selected by the same code but has not been run here; its sentences are tested in {@link DeviceTest}.
 */
class OrtRuntimeTest {
    @TempDir
    Path dir;

    @Test
    void aGpuThatCannotBeUsedIsRefusedWithTheProbesSentenceNeverTheCpu() throws Exception {
        // The real probe on this machine: the CPU-only onnxruntime (no cuda profile), so it never gets to open a session.
        assumeTrue(!OrtRuntime.cudaBuild(), "This is the cuda build: the CPU-only sentence does not apply.");
        OrtRuntime.GpuProbe probe = OrtRuntime.probe(0);
        assertThat(probe.cudaBuild()).isFalse();
        assertThat(probe.usable()).isFalse();
        assertThat(OrtRuntime.probe(0)).isSameAs(probe); // asked once per device
        String sentence = OrtRuntime.gpuProblem(0);
        assertThat(sentence).isEqualTo(OrtRuntime.gpuProblem(0, new OrtRuntime.GpuProbe(false, null)))
                .startsWith("GPU 0 cannot be used: this build of DanceLens has the CPU-only ONNX Runtime").contains("mvn -Pcuda");
        assertThat(OrtRuntime.gpuProblem(3)).startsWith("GPU 3 cannot be used: this build of DanceLens has the CPU-only ONNX Runtime");
        assertThat(OrtRuntime.resolve(OrtRuntime.Device.CPU)).isEqualTo(OrtRuntime.Device.CPU);
        assertThatThrownBy(() -> OrtRuntime.resolve(OrtRuntime.Device.gpu(0))).isInstanceOf(DanceLensException.class).hasMessage(sentence);
        TestRgbMeans.install(dir, "rgb", 0);
        Path onnx = dir.resolve("rgb.onnx");
        try (OnnxModel m = OnnxModel.open(onnx, OrtRuntime.Device.CPU, 1)) {
            assertThat(m.device()).isEqualTo(OrtRuntime.Device.CPU);
        }
        // No caller can end up on the CPU when it asked for a GPU: the model, the plain session and the options are refused.
        assertThatThrownBy(() -> OnnxModel.open(onnx, OrtRuntime.Device.gpu(0), 1)).isInstanceOf(DanceLensException.class).hasMessage(sentence);
        assertThatThrownBy(() -> OrtRuntime.PlainSession.open(onnx, OrtRuntime.Device.gpu(0), 1)).isInstanceOf(DanceLensException.class)
                .hasMessage(sentence);
        assertThatThrownBy(() -> OrtRuntime.options(OrtRuntime.Device.gpu(0), 1)).isInstanceOf(DanceLensException.class);
    }

    @Test
    void theProbesTinyModelRunsOnTheCpuHere() {
        // The model the GPU probe opens, run here on the CPU through the same ONNX Runtime: y = x + x.
        try (OnnxModel m = OnnxModel.open(OrtRuntime.tinyModel(), "gpu-probe", OrtRuntime.Device.CPU, 1)) {
            float[] y = m.run(java.util.Map.of("x", TensorData.of(new float[] {1f, 2f}, new long[] {2}))).get("y").floats();
            assertThat(y).containsExactly(2f, 4f);
        }
    }

    @Test
    void djlGetsTheDeviceAskedFor() {
        assertThat(OnnxModel.djlDevice(OrtRuntime.Device.CPU)).isEqualTo(ai.djl.Device.cpu());
        assertThat(OnnxModel.djlDevice(OrtRuntime.Device.gpu(0))).isEqualTo(ai.djl.Device.gpu(0));
        assertThat(OnnxModel.djlDevice(OrtRuntime.Device.gpu(2))).isEqualTo(ai.djl.Device.gpu(2));
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
