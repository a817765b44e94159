package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.ui.movement.MovementViewModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Movement tab in the real window: a video with a stored pose run of two dancers ({@link MovementFixture}) opens,
 * the tab's table gets one row per dancer with their numbers, the timeline gets a measure's lanes once it is ticked, and
 * Calibrate… turns two clicks on the video into a marked line whose real length, applied, gives metres.
 */
@ExtendWith({IsolatedData.class, ApplicationExtension.class})
class MovementFxTest {
    private FxWindow fx;
    private MainWindow window;
    private Path video;

    @Start
    void start(Stage stage) {
        video = MovementFixture.video();
        MovementFixture.storeRun(video, "movenet-lightning", 45, true);
        fx = new FxWindow(stage, 1280, 720);
        window = fx.window;
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    private static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, condition);
    }

    /** Scrolls the side panel so that a node of it is in view. */
    private static void scrollTo(FxRobot robot, String query) {
        javafx.scene.Node n = robot.lookup(query).query();
        javafx.scene.control.ScrollPane scroll = robot.lookup(".scroll-pane")
                .match((javafx.scene.control.ScrollPane p) -> p.getContent() instanceof org.dancelens.ui.movement.MovementView).query();
        robot.interact(() -> {
            javafx.scene.Node content = scroll.getContent();
            double y = content.sceneToLocal(n.localToScene(n.getBoundsInLocal())).getMinY();
            double room = content.getBoundsInLocal().getHeight() - scroll.getViewportBounds().getHeight();
            scroll.setVvalue(room <= 0 ? 0 : Math.min(1, Math.max(0, (y - 20) / room)));
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theMovementTabShowsARowPerDancerAndCalibratesFromTwoClicksOnTheVideo(FxRobot robot) throws Exception {
        robot.interact(() -> {
            TabPane side = robot.lookup(".tab-pane").match((TabPane t) -> t.getTabs().stream().anyMatch(x -> "movement-tab".equals(x.getId()))).query();
            side.getSelectionModel().select(side.getTabs().stream().filter(x -> "movement-tab".equals(x.getId())).findFirst().orElseThrow());
            window.workbench().open(video);
        });
        waitUntil(() -> fx.shownIndex() == 0);
        TableView<MovementViewModel.Row> table = robot.lookup("#movement-table").queryAs(TableView.class);
        waitUntil(() -> table.getItems().size() == 2);
        assertThat(table.getItems()).extracting(MovementViewModel.Row::dancer).containsExactly("movenet-lightning #7", "movenet-lightning #9");
        assertThat(table.getColumns().get(0).getText()).isEqualTo("dancer");
        assertThat(table.getColumns()).hasSize(1 + window.movement().columns().size());
        assertThat(table.getColumns().get(0).getCellData(0)).isEqualTo("#7");
        assertThat(table.getColumns().get(1).getCellData(0)).as("frames measured").isEqualTo("60");
        assertThat(window.timeline().measuresProperty().get()).as("no lane until a measure is ticked").isNull();
        robot.interact(() -> window.movement().chosenMeasures().setAll("com_speed"));
        assertThat(window.timeline().measuresProperty().get().lanes()).hasSize(2);

        // Calibrate…: two clicks on the video mark a line, its real length makes metres
        scrollTo(robot, "#movement-calibrate");
        robot.clickOn("#movement-calibrate");
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.Node canvas = robot.lookup("#player-canvas").query();
        Bounds b = canvas.localToScreen(canvas.getBoundsInLocal());
        robot.clickOn(b.getMinX() + b.getWidth() * 0.45, b.getMinY() + b.getHeight() * 0.3);
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(b.getMinX() + b.getWidth() * 0.55, b.getMinY() + b.getHeight() * 0.7);
        waitUntil(() -> window.movement().markedPixelsProperty().get() > 0);
        double[] line = window.player().markedProperty().get();
        assertThat(line).hasSize(4);
        double px = Math.hypot(line[2] - line[0], line[3] - line[1]);
        assertThat(window.movement().markedPixelsProperty().get()).isEqualTo(px);
        assertThat(line[0]).isBetween(0.0, 320.0);
        assertThat(line[3]).isBetween(line[1], 240.0);
        robot.interact(() -> window.movement().knownMetresProperty().set("1.5"));
        scrollTo(robot, "#movement-calibration-apply");
        robot.clickOn("#movement-calibration-apply");
        waitUntil(() -> table.getItems().size() == 2 && !window.movement().runningProperty().get()
                && window.movement().columns().stream().anyMatch(c -> c.header().endsWith("(m/s)")));
        assertThat(robot.lookup("#movement-calibration").queryLabeled().getText())
                .isEqualTo("1 px = " + org.dancelens.ui.timeline.TimelineViewModel.measureText(1.5 / px) + " m (from a " + Math.round(px) + " px line)");
        assertThat(window.player().markedProperty().get()).as("the line goes when the calibration is set").isNull();
    }
}
