package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.dancelens.inference.OrtRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The workbench's one device setting. On this machine (CPU-only onnxruntime, no GPU) the real probe offers only the
 * CPU and says why; with a probe outcome given for a machine with two usable GPUs, both are offered.
 */
class DeviceViewModelTest {
    UiHarness h;

    @BeforeEach
    void setUp() {
        h = new UiHarness();
    }

    @AfterEach
    void tearDown() throws Exception {
        h.close();
    }

    @Test
    void hereOnlyTheCpuIsOfferedAndAKeptGpuChoiceIsSetBackSayingWhy() {
        DeviceViewModel vm = new DeviceViewModel(h.tasks);
        vm.choiceProperty().set("gpu:0"); // as kept from a session on a machine with a GPU, before the probe answers
        assertThat(vm.runsOnProperty().get()).isEqualTo("Models run on: gpu:0 (not tried yet)");
        h.pumpUntil(() -> vm.probedProperty().get(), Duration.ofSeconds(30));
        assertThat(vm.devices()).containsExactly("cpu");
        assertThat(vm.unavailableProperty().get()).isEqualTo(OrtRuntime.gpuProblem(0))
                .startsWith("GPU 0 cannot be used: this build of DanceLens has the CPU-only ONNX Runtime");
        assertThat(vm.helpProperty().get()).isEqualTo(vm.unavailableProperty().get());
        assertThat(vm.choiceProperty().get()).isEqualTo("cpu");
        assertThat(vm.runsOnProperty().get()).isEqualTo("Models run on: cpu (gpu:0 was chosen before, but cannot be used here)");
        assertThat(vm.chosen()).isEqualTo(OrtRuntime.Device.CPU);
        vm.choiceProperty().set("CPU"); // the older spelling, as an older settings file keeps it
        assertThat(vm.choiceProperty().get()).isEqualTo("cpu");
        assertThat(vm.runsOnProperty().get()).isEqualTo("Models run on: cpu");
    }

    @Test
    void gpusThatPassTheirProbeAreOfferedAndChosen() {
        DeviceViewModel vm = new DeviceViewModel(h.tasks, n -> n < 2 ? new OrtRuntime.GpuProbe(true, null)
                : new OrtRuntime.GpuProbe(true, "CUDA failure 101: invalid device ordinal ; GPU=" + n));
        h.pumpUntil(() -> vm.probedProperty().get(), Duration.ofSeconds(30));
        assertThat(vm.devices()).containsExactly("cpu", "gpu:0", "gpu:1");
        assertThat(vm.unavailableProperty().get()).isEmpty();
        assertThat(vm.helpProperty().get()).startsWith("Where every model runs");
        vm.choiceProperty().set("gpu:1");
        assertThat(vm.chosen()).isEqualTo(OrtRuntime.Device.gpu(1));
        assertThat(vm.runsOnProperty().get()).isEqualTo("Models run on: gpu:1");
        vm.choiceProperty().set("CUDA");
        assertThat(vm.choiceProperty().get()).isEqualTo("gpu:0");
        vm.choiceProperty().set("banana"); // edited by hand in the settings file
        assertThat(vm.choiceProperty().get()).isEqualTo("cpu");
        assertThat(vm.runsOnProperty().get()).startsWith("Models run on: cpu (the setting was not a device: 'banana' is not a device");
    }
}
