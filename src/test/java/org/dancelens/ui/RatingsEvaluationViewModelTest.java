package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.dancelens.core.ExecutorTaskRunner;
import org.dancelens.inference.ModelCatalog;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.testsupport.FakeDialogs;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.testsupport.PlantedRatings;
import org.dancelens.testsupport.PumpedExecutor;
import org.dancelens.testsupport.TestRgbMeans;
import org.dancelens.ui.evaluate.EvaluationViewModel;
import org.dancelens.ui.evaluate.RatingsEvaluationViewModel;
import org.dancelens.ui.models.InstalledModels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluation window's ratings mode: the brightness scorer on the planted ratings of {@link PlantedRatings} (two
 * criteria), run through the real job; the numbers shown are those of the report's metrics.json, and the planted
 * relations come out (the first criterion rises with the score, the second falls with it).
 */
class RatingsEvaluationViewModelTest {
    @RegisterExtension
    final IsolatedData data = new IsolatedData();
    @TempDir
    Path dir;
    PumpedExecutor ui;
    ExecutorTaskRunner tasks;
    FakeDialogs dialogs;
    InstalledModels installed;
    PlantedRatings.Planted planted;

    @BeforeEach
    void setUp() throws Exception {
        ui = new PumpedExecutor();
        tasks = new ExecutorTaskRunner(2, ui);
        dialogs = new FakeDialogs();
        planted = PlantedRatings.write(dir, "aesthetics", "fluidity");
        TestRgbMeans.install(dir, "rgb", 0);
        installed = new InstalledModels(ModelCatalog.of(List.of(dir)), ui);
        installed.load();
    }

    @AfterEach
    void tearDown() {
        tasks.close();
    }

    private RatingsEvaluationViewModel evaluated() {
        RatingsEvaluationViewModel vm = new RatingsEvaluationViewModel(tasks, dialogs, installed, () -> OrtRuntime.Device.CPU);
        dialogs.manifest = planted.manifest();
        vm.chooseRatings();
        vm.run();
        ui.pumpUntil(() -> !vm.runningProperty().get(), Duration.ofSeconds(120));
        assertThat(dialogs.errors).isEmpty();
        return vm;
    }

    private static String n(JsonNode v) {
        return v == null || v.isNull() ? "–" : String.format(Locale.ROOT, "%.3f", v.asDouble());
    }

    @Test
    void eachModeOffersOnlyItsKindOfModel() {
        RatingsEvaluationViewModel ratings = new RatingsEvaluationViewModel(tasks, dialogs, installed, () -> OrtRuntime.Device.CPU);
        EvaluationViewModel labels = new EvaluationViewModel(tasks, dialogs, installed, () -> OrtRuntime.Device.CPU);
        assertThat(ratings.models()).containsExactly("brightness");
        assertThat(labels.models()).containsExactly("rgb");
    }

    @Test
    void showsTheChosenCriterionAsTheReportHasIt() throws Exception {
        RatingsEvaluationViewModel vm = evaluated();
        Path folder = vm.reportFolderProperty().get();
        assertThat(folder).startsWith(data.dir().resolve("evaluations"));
        assertThat(vm.statusProperty().get()).isEqualTo("Report in " + folder + ".");
        JsonNode metrics = new ObjectMapper().readTree(folder.resolve("metrics.json").toFile());
        assertThat(vm.criteria()).containsExactly("aesthetics", "fluidity");
        assertThat(vm.selectedCriterionProperty().get()).isEqualTo("aesthetics");
        for (int c = 0; c < 2; c++) {
            vm.selectedCriterionProperty().set(vm.criteria().get(c));
            JsonNode m = metrics.at("/criteria/" + c);
            assertThat(m.get("criterion").asText()).isEqualTo(vm.criteria().get(c));
            assertThat(vm.statistics()).extracting(RatingsEvaluationViewModel.Statistic::value).containsExactly(
                    "8",
                    n(m.at("/pearson/r")) + " [" + n(m.at("/pearson/ci95Low")) + ", " + n(m.at("/pearson/ci95High")) + "]",
                    n(m.get("spearman")), n(m.get("mse")), n(m.get("mae")), n(m.get("bias")),
                    n(m.at("/blandAltman/lowerLimit")) + " to " + n(m.at("/blandAltman/upperLimit")),
                    n(m.at("/ratersAmongThemselves/icc/icc21")), n(m.at("/ratersAmongThemselves/icc/icc2k")),
                    n(m.at("/ratersAmongThemselves/krippendorffAlphaInterval")));
            assertThat(vm.statistics().get(8).name()).isEqualTo("ICC(2,3) (mean of the raters)");
            assertThat(vm.leaveOneOut()).hasSize(3);
            for (int j = 0; j < 3; j++) {
                JsonNode l = m.at("/leaveOneRaterOut/" + j);
                var row = vm.leaveOneOut().get(j);
                assertThat(row.rater()).isEqualTo(PlantedRatings.RATERS[j]).isEqualTo(l.get("rater").asText());
                assertThat(RatingsEvaluationViewModel.number(row.modelPearson())).isEqualTo(n(l.get("modelPearson")));
                assertThat(RatingsEvaluationViewModel.number(row.raterMae())).isEqualTo(n(l.get("raterMae")));
            }
            // the plots' data: the model's scores (worked out from the decoded frames) against the planted raters' means
            var shown = vm.criterionProperty().get();
            assertThat(shown.criterion()).isEqualTo(vm.criteria().get(c));
            for (int s = 0; s < PlantedRatings.SEGMENTS; s++) {
                assertThat(shown.model()[s]).isCloseTo(planted.score()[s], org.assertj.core.api.Assertions.within(1e-5));
                assertThat(shown.reference()[s]).isCloseTo(planted.reference()[c][s], org.assertj.core.api.Assertions.within(1e-9));
            }
        }
        // planted: aesthetics rises with the score, fluidity falls with it; the raters agree closely with one another
        vm.selectedCriterionProperty().set("aesthetics");
        assertThat(vm.criterionProperty().get().comparison().pearson()).isGreaterThan(0.9);
        vm.selectedCriterionProperty().set("fluidity");
        assertThat(vm.criterionProperty().get().comparison().pearson()).isLessThan(-0.9);
        // a model scoring the opposite way agrees worse with the others than any rater does
        assertThat(vm.verdictProperty().get()).startsWith("No, not as good as a rater: the model's r with the other raters' mean (-");
        vm.openReport();
        assertThat(dialogs.openedFiles).containsExactly(folder.resolve("report.html"));
    }

    @Test
    void anotherManifestOrScorerClearsWhatIsShown() throws Exception {
        Files.writeString(dir.resolve("brightness2.yaml"), Files.readString(dir.resolve("brightness.yaml")).replace("id: brightness", "id: brightness2"));
        installed.load();
        ui.pumpUntil(() -> installed.ids(c -> true).contains("brightness2"), Duration.ofSeconds(20));
        RatingsEvaluationViewModel vm = evaluated();
        assertThat(vm.statistics()).isNotEmpty();
        vm.selectedModelProperty().set("brightness2");
        assertThat(vm.resultProperty().get()).isNull();
        assertThat(vm.statistics()).isEmpty();
        assertThat(vm.leaveOneOut()).isEmpty();
        assertThat(vm.criteria()).isEmpty();
        assertThat(vm.criterionProperty().get()).isNull();
        assertThat(vm.verdictProperty().get()).isEmpty();
        assertThat(vm.reportFolderProperty().get()).isNull();

        vm.selectedModelProperty().set("brightness");
        vm.run();
        ui.pumpUntil(() -> !vm.runningProperty().get(), Duration.ofSeconds(120));
        assertThat(vm.statistics()).isNotEmpty();
        vm.ratingsProperty().set(dir.resolve("other.csv"));
        assertThat(vm.statistics()).isEmpty();
        assertThat(vm.criterionProperty().get()).isNull();
        assertThat(vm.reportFolderProperty().get()).isNull();
    }

    @Test
    void aBadRatingIsOneSentenceAndNoFolder() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.csv"), "video,start_s,end_s,ana,ben\n" + planted.video() + ",0,0.5,3,4\n"
                + planted.video() + ",3,4,3,5\n");
        Path out = dir.resolve("report");
        RatingsEvaluationViewModel vm = new RatingsEvaluationViewModel(tasks, dialogs, installed, () -> OrtRuntime.Device.CPU);
        dialogs.manifest = bad;
        dialogs.folder = out;
        vm.chooseRatings();
        vm.chooseOutputFolder();
        assertThat(vm.outputFolderProperty().get()).isEqualTo(out);
        vm.run();
        ui.pumpUntil(() -> !vm.runningProperty().get(), Duration.ofSeconds(60));
        assertThat(dialogs.errors).containsExactly("The manifest " + bad + " line 3 has start_s 3, at or after the end of"
                + " classify-64x48.mkv, which is 1.60 s long.");
        assertThat(vm.statusProperty().get()).isEqualTo("The evaluation stopped.");
        assertThat(vm.statistics()).isEmpty();
        assertThat(out).doesNotExist();
        assertThat(data.dir().resolve("evaluations")).doesNotExist();
    }

    @Test
    void aCancelledRunSaysSoAndWritesNothing() throws Exception {
        RatingsEvaluationViewModel vm = new RatingsEvaluationViewModel(tasks, dialogs, installed, () -> OrtRuntime.Device.CPU);
        Path out = dir.resolve("report");
        vm.ratingsProperty().set(planted.manifest());
        vm.outputFolderProperty().set(out);
        vm.run();
        assertThat(vm.runningProperty().get()).isTrue();
        vm.cancel();
        ui.pumpUntil(() -> !vm.runningProperty().get(), Duration.ofSeconds(60));
        assertThat(dialogs.errors).isEmpty();
        assertThat(vm.statusProperty().get()).isEqualTo("Cancelled.");
        assertThat(vm.resultProperty().get()).isNull();
        assertThat(vm.statistics()).isEmpty();
        assertThat(out).doesNotExist();
    }
}
