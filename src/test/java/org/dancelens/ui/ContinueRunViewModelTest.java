package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.testsupport.RealClips;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.TestZoo;
import org.dancelens.ui.analysis.AnalysisViewModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Poses panel says when a whole-video run continued the stored run over a range. */
class ContinueRunViewModelTest {
    @RegisterExtension
    final IsolatedData data = new IsolatedData();

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
    void aWholeVideoRunAfterARangeSaysItContinuedTheStoredRun() {
        Path clip = RealClips.vtest(300, 120);
        TestZoo.registry("movenet-lightning");
        AnalysisViewModel vm = new AnalysisViewModel(h.tasks, h.dialogs, h.models(List.of(TestMedia.generatedDir().resolve("zoo"))),
                h.workbench.sessionProperty(), () -> org.dancelens.inference.OrtRuntime.Device.CPU);
        vm.selectedModelProperty().set("movenet-lightning");
        h.open(clip);
        vm.rangeProperty().set("0:40");
        vm.run();
        h.pumpUntil(() -> !vm.runningProperty().get(), Duration.ofSeconds(120));
        assertThat(h.dialogs.errors).isEmpty();
        assertThat(vm.statusProperty().get()).startsWith(clip.getFileName() + ": 40 frames analysed with movenet-lightning");

        vm.rangeProperty().set("");
        vm.run();
        h.pumpUntil(() -> !vm.runningProperty().get(), Duration.ofSeconds(120));
        assertThat(h.dialogs.errors).isEmpty();
        assertThat(vm.statusProperty().get()).startsWith(clip.getFileName() + ": continued run 1 from frame 40: 80 frames analysed with movenet-lightning (");
        assertThat(h.workbench.sessionProperty().get().posesProperty().get().smoothed().keySet()).as("the whole clip is shown")
                .contains(0, 119);
    }
}
