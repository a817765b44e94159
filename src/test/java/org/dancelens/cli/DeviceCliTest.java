package org.dancelens.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dancelens.testsupport.CliRun;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.TestRgbMeans;
import org.dancelens.video.PatternVideoWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --device cpu|gpu[:N]}: a GPU that cannot be used is one line saying why (exit 2), never a silent run on the
 * CPU; AUTO (an older spelling) falls back to the CPU and says so; the run's provenance records the device.
 *
 * <p>These tests run on the CPU build (onnxruntime without CUDA) on machines without a GPU, which is all this project
 * is built and tested on: they check the refusal (the real probe: the CPU-only runtime) and the fallback. The CUDA path itself (the {@code cuda} Maven
 * profile's onnxruntime_gpu on a machine with an NVIDIA GPU) is built and selected by the same code but has not been
 * run; on such a machine these tests skip.
 */
class DeviceCliTest {
    @RegisterExtension
    final IsolatedData data = new IsolatedData();

    @TempDir
    Path dir;
    Path models;
    Path video;

    @BeforeEach
    void setUp() throws IOException {
        assumeTrue(!ai.onnxruntime.OrtEnvironment.getAvailableProviders().contains(ai.onnxruntime.OrtProvider.CUDA),
                "This ONNX Runtime has CUDA: the refusal tested below does not apply.");
        models = Files.createDirectories(dir.resolve("models"));
        TestRgbMeans.install(models, "rgb", 0);
        video = TestMedia.generated("device-64x48.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 64, 48, 3, 25).gop(3));
    }

    private CliRun classify(String device) {
        return CliRun.of("classify", video.toString(), "--model", "rgb", "--models", models.toString(), "--store", dir.resolve("s.db").toString(),
                "--device", device);
    }

    @Test
    void aGpuThatCannotBeUsedIsOneLineOnStderrAndExit2() throws IOException {
        for (String gpu : new String[] {"gpu", "GPU:1", "CUDA"}) {
            CliRun r = classify(gpu);
            assertThat(r.code()).as(gpu + ": " + r.out() + r.err()).isEqualTo(2);
            int n = gpu.equals("GPU:1") ? 1 : 0;
            assertThat(r.err().strip()).as(gpu).doesNotContain("\n").isEqualTo("dancelens: " + org.dancelens.inference.OrtRuntime.gpuProblem(n))
                    .startsWith("dancelens: GPU " + n + " cannot be used: this build of DanceLens has the CPU-only ONNX Runtime").contains("mvn -Pcuda")
                    .contains("--device cpu");
            assertThat(r.out()).as(gpu).isEmpty();
        }
        for (String[] args : new String[][] {
            {"analyze", video.toString(), "--pose", "rgb", "--models", models.toString(), "--store", dir.resolve("s.db").toString(), "--device", "gpu"},
            {"explain", video.toString(), "--model", "rgb", "--models", models.toString(), "--store", dir.resolve("s.db").toString(), "--device", "gpu:0"},
            {"bench", "explain-run", video.toString(), "--model", "rgb", "--models", models.toString(), "--device", "gpu"}}) {
            CliRun o = CliRun.of(args);
            assertThat(o.code()).as(args[0] + o.err()).isEqualTo(2);
            assertThat(o.err().strip()).as(args[0]).doesNotContain("\n").startsWith("dancelens: GPU 0 cannot be used: this build of DanceLens has the CPU-only");
        }
    }

    @Test
    void aDeviceThatIsNotOneIsOneLineAndExit2() {
        CliRun r = classify("tpu");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("dancelens: 'tpu' is not a device: write cpu, gpu (GPU 0) or gpu:N (N the GPU's number, from 0).");
    }

    @Test
    void autoFallsBackToTheCpuAndSaysSoAndTheCpuIsRecordedInTheProvenance() throws IOException {
        CliRun r = classify("AUTO");
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("device: cpu (AUTO: GPU 0 cannot be used: this build of DanceLens has the CPU-only ONNX Runtime")
                .contains("device-64x48.mkv");
        CliRun cpu = classify("cpu");
        assertThat(cpu.code()).as(cpu.err()).isZero();
        assertThat(cpu.out()).doesNotContain("device:");
        try (org.dancelens.analysis.store.ResultsStore s = org.dancelens.analysis.store.ResultsStore.open(dir.resolve("s.db"))) {
            assertThat(s.runs().all()).isNotEmpty().allSatisfy(run -> assertThat(run.devices()).isEqualTo("cpu"));
        }
    }

    @Test
    void helpSaysWhatDeviceTakes() {
        CliRun r = CliRun.of("classify", "--help");
        assertThat(r.out().replaceAll("\\s+", " ")).contains("--device=cpu|gpu[:N]").contains("CUDA = gpu:0");
    }
}
