package org.dancelens.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.dancelens.core.DanceLensException;
import org.junit.jupiter.api.Test;

/**
 * {@code cpu|gpu[:N]} as written, and the sentence for a GPU that cannot be used, made from a probe's raw outcome alone
 * (so every case is tested without a GPU). The provider errors below have the shape of ONNX Runtime's own messages for
 * each cause; none of them was produced on this machine, which has no GPU and the CPU-only runtime (that real case is
 * tested in {@link OrtRuntimeTest}).
 */
class DeviceTest {
    @Test
    void devicesAreWrittenCpuOrGpuNInAnyCaseWithTheOlderSpellings() {
        assertThat(OrtRuntime.Device.parse("cpu")).isEqualTo(OrtRuntime.Device.CPU);
        assertThat(OrtRuntime.Device.parse(" CPU ")).isEqualTo(OrtRuntime.Device.CPU);
        assertThat(OrtRuntime.Device.parse("gpu")).isEqualTo(OrtRuntime.Device.gpu(0));
        assertThat(OrtRuntime.Device.parse("GPU:0")).isEqualTo(OrtRuntime.Device.gpu(0));
        assertThat(OrtRuntime.Device.parse("gpu:3").gpu()).isEqualTo(3);
        assertThat(OrtRuntime.Device.parse("CUDA")).isEqualTo(OrtRuntime.Device.gpu(0));
        assertThat(OrtRuntime.Device.CPU.isGpu()).isFalse();
        assertThat(OrtRuntime.Device.gpu(1).isGpu()).isTrue();
        assertThat(OrtRuntime.Device.CPU).hasToString("cpu");
        assertThat(OrtRuntime.Device.gpu(2)).hasToString("gpu:2");
        assertThat(OrtRuntime.Device.parse(OrtRuntime.Device.gpu(12).toString())).isEqualTo(OrtRuntime.Device.gpu(12));
        for (String bad : new String[] {"", "tpu", "gpu:", "gpu:-1", "gpu:x", "gpu:1:2", "gpu 1", "auto", "gpu:99999"}) {
            assertThatThrownBy(() -> OrtRuntime.Device.parse(bad)).as(bad).isInstanceOf(DanceLensException.class)
                    .hasMessage("'" + bad.strip() + "' is not a device: write cpu, gpu (GPU 0) or gpu:N (N the GPU's number, from 0).");
        }
        assertThatThrownBy(() -> OrtRuntime.Device.gpu(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static String sentence(int gpu, String providerError) {
        return OrtRuntime.gpuProblem(gpu, new OrtRuntime.GpuProbe(true, providerError));
    }

    @Test
    void eachReasonAGpuCannotBeUsedIsOneSentenceSayingWhy() {
        assertThat(OrtRuntime.gpuProblem(0, new OrtRuntime.GpuProbe(true, null))).isNull();
        assertThat(OrtRuntime.gpuProblem(1, new OrtRuntime.GpuProbe(false, null))).isEqualTo("GPU 1 cannot be used: this build of DanceLens has"
                + " the CPU-only ONNX Runtime (build it with 'mvn -Pcuda' for onnxruntime_gpu, which needs an NVIDIA GPU with CUDA 12 and"
                + " cuDNN 9); use the CPU (--device cpu).");
        assertThat(sentence(0, "CUDA failure 100: no CUDA-capable device is detected ; GPU=32767 ; hostname=h ; expr=cudaSetDevice(info_.device_id);"))
                .isEqualTo("GPU 0 cannot be used: no NVIDIA GPU was found; use the CPU (--device cpu).");
        assertThat(sentence(2, "CUDA failure 101: invalid device ordinal ; GPU=2 ; hostname=h ; expr=cudaSetDevice(info_.device_id);"))
                .isEqualTo("GPU 2 cannot be used: there is no GPU 2 (CUDA numbers the GPUs from 0); use the CPU (--device cpu).");
        assertThat(sentence(0, "CUDA failure 35: CUDA driver version is insufficient for CUDA runtime version ; GPU=0"))
                .startsWith("GPU 0 cannot be used: the NVIDIA driver is missing or too old for CUDA 12 (CUDA failure 35");
        assertThat(sentence(0, "Failed to load library libonnxruntime_providers_cuda.so with error: libcuda.so.1: cannot open shared object file:"
                + " No such file or directory")).startsWith("GPU 0 cannot be used: the NVIDIA driver is missing or too old");
        assertThat(sentence(0, "Failed to load library libonnxruntime_providers_cuda.so with error: libcudnn.so.9: cannot open shared object file:"
                + " No such file or directory")).startsWith("GPU 0 cannot be used: the cuDNN 9 library is missing (Failed to load library")
                .endsWith("No such file or directory); use the CPU (--device cpu).");
        assertThat(sentence(0, "Failed to load library libonnxruntime_providers_cuda.so with error: libcublasLt.so.12: cannot open shared object"
                + " file: No such file or directory")).startsWith("GPU 0 cannot be used: a CUDA 12 library is missing (");
        assertThat(sentence(0, "something else\nat line two")).isEqualTo("GPU 0 cannot be used: ONNX Runtime's CUDA provider failed"
                + " (something else); use the CPU (--device cpu).");
        for (String e : new String[] {"CUDA failure 100: no CUDA-capable device is detected", "libcudnn.so.9: x\ny", "z"}) {
            assertThat(sentence(0, e)).doesNotContain("\n").endsWith("; use the CPU (--device cpu).");
        }
        assertThat(OrtRuntime.gpuReason(0, new OrtRuntime.GpuProbe(true, null))).isNull();
        assertThat(OrtRuntime.gpuReason(0, new OrtRuntime.GpuProbe(true, "CUDA failure 100: no CUDA-capable device is detected")))
                .isEqualTo("no NVIDIA GPU was found");
    }
}
