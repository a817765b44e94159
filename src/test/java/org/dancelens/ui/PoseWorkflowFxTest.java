package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.TestZoo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The pose workflow in the real window (headless Monocle) on real footage: run a pose model from the panel, see
 * the overlay and the timeline fill, seek by clicking the timeline, and cancel a run.
 */
// IsolatedData first: the window (made in @Start) reads the data and model folders while it is being built
@ExtendWith({IsolatedData.class, ApplicationExtension.class})
class PoseWorkflowFxTest {
    private FxWindow fx;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        fx = new FxWindow(stage, 1200, 800);
        window = fx.window;
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    private static void waitUntil(int seconds, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
    }

    @Test
    void runAPoseModelSeeOverlaysAndTimelineSeekFromTheTimelineAndCancel(FxRobot robot) throws Exception {
        Path vtest = TestMedia.realFootage("vtest.avi");
        Path zoo = TestZoo.registry("movenet-lightning").find("movenet-lightning").cardFile().getParent();
        robot.interact(() -> window.modelsWindow().models().addFolder(zoo));
        waitUntil(30, () -> window.analysis().models().contains("movenet-lightning"));
        robot.interact(() -> {
            window.analysis().selectedModelProperty().set("movenet-lightning");
            window.analysis().rangeProperty().set("0:40");
            window.workbench().open(vtest);
        });
        waitUntil(30, () -> window.player() != null && window.player().frameProperty().get() != null);

        robot.clickOn("#run-analysis");
        waitUntil(120, () -> window.analysis().statusProperty().get().contains("frames analysed"));
        assertThat(window.analysis().statusProperty().get()).contains("40 frames analysed with movenet-lightning");
        waitUntil(10, () -> !window.player().shownPosesProperty().get().isEmpty());
        assertThat(window.timeline().seriesProperty().get()).isNotEmpty();
        assertThat(window.timeline().frameCountProperty().get()).isEqualTo(795);

        // click the middle of the timeline's plot: the player seeks there (bounds read once the layout has settled)
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.sleep(500, TimeUnit.MILLISECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        Node timeline = robot.lookup(".timeline-canvas").query();
        Bounds b = timeline.localToScreen(timeline.getBoundsInLocal());
        double plotLeft = b.getMinX() + org.dancelens.ui.timeline.TimelineView.LABEL_W;
        robot.clickOn(plotLeft + (b.getMaxX() - plotLeft) / 2, b.getMinY() + 10);
        waitUntil(20, () -> Math.abs(window.player().currentFrameProperty().get() - 397) <= 3);

        // a run over the whole video, cancelled: the panel says so and keeps what was done
        robot.interact(() -> window.analysis().rangeProperty().set(""));
        robot.clickOn("#run-analysis");
        waitUntil(60, () -> window.analysis().progressProperty().get() > 0.06);
        robot.clickOn("#cancel-analysis");
        waitUntil(30, () -> !window.analysis().runningProperty().get());
        assertThat(robot.lookup("#analysis-status").queryAs(Label.class).getText()).startsWith("vtest.avi: Cancelled");
        assertThat(robot.lookup("#run-analysis").query().isDisabled()).isFalse();
    }
}
