package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.testsupport.PlantedRatings;
import org.dancelens.ui.evaluate.RatingsChart;
import org.dancelens.ui.evaluate.RatingsEvaluationViewModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Models ▸ Evaluate a Scorer against Ratings in the real workbench (headless Monocle): the brightness scorer on the
 * planted ratings of {@link PlantedRatings}, run from the window's Evaluate button; the numbers the tables show are
 * those of the report's metrics.json, and the plots draw the criterion chosen.
 */
@ExtendWith({IsolatedData.class, ApplicationExtension.class})
class RatingsEvaluationFxTest {
    @TempDir
    Path dir;

    private FxWindow fx;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        fx = new FxWindow(stage);
        window = fx.window;
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    private static void waitUntil(long seconds, Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
    }

    private static String n(JsonNode v) {
        return v == null || v.isNull() ? "–" : String.format(Locale.ROOT, "%.3f", v.asDouble());
    }

    /** The texts of a table's cells as drawn, row by row (rows without an item left out). */
    private static List<List<String>> shownRows(FxRobot robot, Stage stage, String id) {
        TableView<?> table = robot.from(stage.getScene().getRoot()).lookup(id).queryAs(TableView.class);
        List<List<String>> rows = new ArrayList<>();
        for (Node r : table.lookupAll(".table-row-cell")) {
            TableRow<?> row = (TableRow<?>) r;
            if (row.getItem() == null) {
                continue;
            }
            while (rows.size() <= row.getIndex()) {
                rows.add(null);
            }
            List<String> cells = new ArrayList<>();
            for (Node c : row.lookupAll(".table-cell")) {
                cells.add(((TableCell<?, ?>) c).getText());
            }
            rows.set(row.getIndex(), cells);
        }
        return rows;
    }

    @Test
    void evaluatesAScorerInTheWindowAndShowsTheReportsNumbers(FxRobot robot) throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        PlantedRatings.Planted planted = PlantedRatings.write(models, "aesthetics", "fluidity");
        RatingsEvaluationViewModel vm = window.ratingsEvaluation();
        robot.interact(() -> window.modelsWindow().models().addFolder(models));
        waitUntil(20, () -> vm.models().contains("brightness"));

        robot.clickOn("Models").clickOn("Evaluate a Scorer against Ratings…");
        Stage stage = Window.getWindows().stream().filter(w -> w instanceof Stage s && s.getTitle() != null && s.getTitle().startsWith("Evaluate"))
                .map(Stage.class::cast).findFirst().orElseThrow();
        waitUntil(10, stage::isShowing);
        ComboBox<?> model = robot.from(stage.getScene().getRoot()).lookup("#ratings-model").queryComboBox();
        assertThat(new ArrayList<Object>(model.getItems())).as("scorers only").containsExactly("brightness");
        Path out = dir.resolve("report");
        robot.interact(() -> {
            vm.ratingsProperty().set(planted.manifest()); // as the file chooser would
            vm.outputFolderProperty().set(out);
        });
        robot.clickOn(robot.from(stage.getScene().getRoot()).lookup("#run-ratings-evaluation").queryButton());
        waitUntil(120, () -> !vm.runningProperty().get() && vm.resultProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();

        JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        ComboBox<?> criterion = robot.from(stage.getScene().getRoot()).lookup("#ratings-criterion").queryComboBox();
        assertThat(criterion.isVisible()).as("a chooser: the manifest has two criteria").isTrue();
        RatingsChart scatter = robot.from(stage.getScene().getRoot()).lookup("#ratings-scatter").queryAs(RatingsChart.class);
        RatingsChart blandAltman = robot.from(stage.getScene().getRoot()).lookup("#ratings-bland-altman").queryAs(RatingsChart.class);
        for (int c = 0; c < 2; c++) {
            String name = planted.criteria().get(c);
            if (c == 1) {
                robot.clickOn(criterion).clickOn(name);
                WaitForAsyncUtils.waitForFxEvents();
            }
            JsonNode m = metrics.at("/criteria/" + c);
            assertThat(m.get("criterion").asText()).isEqualTo(name);
            List<String> values = shownRows(robot, stage, "#ratings-statistics").stream().map(r -> r.get(1)).toList();
            assertThat(values).containsExactly("8",
                    n(m.at("/pearson/r")) + " [" + n(m.at("/pearson/ci95Low")) + ", " + n(m.at("/pearson/ci95High")) + "]",
                    n(m.get("spearman")), n(m.get("mse")), n(m.get("mae")), n(m.get("bias")),
                    n(m.at("/blandAltman/lowerLimit")) + " to " + n(m.at("/blandAltman/upperLimit")),
                    n(m.at("/ratersAmongThemselves/icc/icc21")), n(m.at("/ratersAmongThemselves/icc/icc2k")),
                    n(m.at("/ratersAmongThemselves/krippendorffAlphaInterval")));
            List<List<String>> raters = shownRows(robot, stage, "#ratings-leave-one-out");
            assertThat(raters).hasSize(3);
            for (int j = 0; j < 3; j++) {
                JsonNode l = m.at("/leaveOneRaterOut/" + j);
                assertThat(raters.get(j)).containsExactly(l.get("rater").asText(), l.get("n").asText(), n(l.get("raterPearson")),
                        n(l.get("modelPearson")), n(l.get("raterMae")), n(l.get("modelMae")));
            }
            // the plots draw this criterion: its line and limits are the report's
            assertThat(scatter.shown().criterion()).isEqualTo(name);
            assertThat(blandAltman.shown().criterion()).isEqualTo(name);
            assertThat(n(m.at("/fit/slope")))
                    .isEqualTo(RatingsEvaluationViewModel.number(scatter.shown().comparison().slope()));
            assertThat(scatter.shown().model()).hasSize(PlantedRatings.SEGMENTS);
        }
        Label verdict = robot.from(stage.getScene().getRoot()).lookup("#ratings-verdict").queryAs(Label.class);
        assertThat(verdict.getText()).startsWith("No, not as good as a rater:"); // fluidity falls as the score rises
        assertThat(robot.from(stage.getScene().getRoot()).lookup("#open-ratings-report").queryButton().isDisabled()).isFalse();

        // another manifest: nothing of the earlier one stays on screen
        robot.interact(() -> vm.ratingsProperty().set(dir.resolve("other.csv")));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(shownRows(robot, stage, "#ratings-statistics")).isEmpty();
        assertThat(shownRows(robot, stage, "#ratings-leave-one-out")).isEmpty();
        assertThat(scatter.shown()).isNull();
        assertThat(verdict.getText()).isEmpty();
        assertThat(robot.from(stage.getScene().getRoot()).lookup("#open-ratings-report").queryButton().isDisabled()).isTrue();
    }
}
