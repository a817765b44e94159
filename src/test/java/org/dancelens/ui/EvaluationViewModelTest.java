package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.dancelens.core.ExecutorTaskRunner;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.testsupport.FakeDialogs;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.testsupport.PumpedExecutor;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.ui.evaluate.EvaluationViewModel;
import org.dancelens.video.PatternVideoWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The evaluation window's view-model: a manifest and a model give a summary, a per-class table and a report. */
class EvaluationViewModelTest {
    @RegisterExtension
    final IsolatedData data = new IsolatedData();
    @TempDir
    Path models;
    PumpedExecutor ui;
    ExecutorTaskRunner tasks;
    FakeDialogs dialogs;

    @BeforeEach
    void setUp() throws Exception {
        ui = new PumpedExecutor();
        tasks = new ExecutorTaskRunner(2, ui);
        dialogs = new FakeDialogs();
        org.dancelens.testsupport.TestRgbMeans.install(models, "rgb", 0);
    }

    @AfterEach
    void tearDown() {
        tasks.close();
    }

    @Test
    void evaluatesAndShowsSummaryTableAndReport() throws Exception {
        Path video = TestMedia.generated("classify-64x48.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 64, 48, 40, 25).gop(10));
        Path manifest = models.resolve("labels.csv");
        Files.writeString(manifest, "video,label,start_s,end_s\n" + video + ",red,0,0.7\n" + video + ",green,0.8,1.5\n");
        var installed = new org.dancelens.ui.models.InstalledModels(org.dancelens.inference.ModelCatalog.of(List.of(models)), ui);
        installed.load();
        EvaluationViewModel vm = new EvaluationViewModel(tasks, dialogs, installed, () -> OrtRuntime.Device.CPU);
        assertThat(vm.models()).containsExactly("rgb");
        vm.manifestProperty().set(manifest);
        vm.run();
        ui.pumpUntil(() -> !vm.runningProperty().get(), Duration.ofSeconds(60));
        assertThat(dialogs.errors).isEmpty();
        assertThat(vm.summaryProperty().get()).startsWith("2 items: accuracy ").contains("top-3 1.000");
        assertThat(vm.perClass()).extracting(m -> m.label()).containsExactly("red", "green", "blue");
        assertThat(vm.reportFolderProperty().get().resolve("report.html")).exists();
        assertThat(vm.reportFolderProperty().get().resolve("confusion.png")).exists();
        assertThat(vm.reportFolderProperty().get()).startsWith(data.dir().resolve("evaluations"));
    }

    @Test
    void aSegmentBeyondTheVideoIsOneErrorAndNoReport() throws Exception {
        Path video = TestMedia.generated("classify-64x48.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 64, 48, 40, 25).gop(10));
        Path manifest = models.resolve("labels.csv");
        Files.writeString(manifest, "video,label,start_s,end_s\n" + video + ",red,0,0.7\n" + video + ",green,3,4\n");
        var installed = new org.dancelens.ui.models.InstalledModels(org.dancelens.inference.ModelCatalog.of(List.of(models)), ui);
        installed.load();
        EvaluationViewModel vm = new EvaluationViewModel(tasks, dialogs, installed, () -> OrtRuntime.Device.CPU);
        vm.manifestProperty().set(manifest);
        vm.run();
        ui.pumpUntil(() -> !vm.runningProperty().get(), Duration.ofSeconds(60));
        assertThat(dialogs.errors).containsExactly("The manifest " + manifest + " line 3 has start_s 3, at or after the end of"
                + " classify-64x48.mkv, which is 1.60 s long.");
        assertThat(vm.summaryProperty().get()).isEmpty();
        assertThat(vm.reportFolderProperty().get()).isNull();
        assertThat(data.dir().resolve("evaluations")).doesNotExist();
    }
}
