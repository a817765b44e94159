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
 * {@code --device}: CUDA that cannot be had is an error saying how to get it, never a silent run on the CPU; AUTO falls
 * back to the CPU and says so.
 *
 * <p>These tests run on the CPU build (onnxruntime without CUDA) on machines without a GPU, which is all this project
 * is built and tested on: they check the refusal and the fallback. The CUDA path itself (the {@code cuda} Maven
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
    void explicitCudaThatCannotBeHadIsAnErrorSayingHowToGetIt() throws IOException {
        CliRun r = classify("CUDA");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").contains("CUDA").contains("mvn -Pcuda").contains("onnxruntime_gpu")
                .contains("--device CPU");
        assertThat(r.out()).isEmpty();
        for (String[] args : new String[][] {
            {"analyze", video.toString(), "--pose", "rgb", "--models", models.toString(), "--store", dir.resolve("s.db").toString(), "--device", "CUDA"},
            {"explain", video.toString(), "--model", "rgb", "--models", models.toString(), "--store", dir.resolve("s.db").toString(), "--device", "CUDA"}}) {
            CliRun o = CliRun.of(args);
            assertThat(o.code()).as(args[0]).isEqualTo(2);
            assertThat(o.err()).as(args[0]).contains("mvn -Pcuda");
        }
    }

    @Test
    void autoFallsBackToTheCpuAndSaysSo() {
        CliRun r = classify("AUTO");
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("device: CPU (AUTO: ").contains("device-64x48.mkv");
        CliRun cpu = classify("CPU");
        assertThat(cpu.code()).isZero();
        assertThat(cpu.out()).doesNotContain("device:");
    }
}
