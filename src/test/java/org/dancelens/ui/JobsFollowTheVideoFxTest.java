package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.stage.Stage;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.TestZoo;
import org.dancelens.ui.session.VideoSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Two videos side by side, a pose run on one: the Poses panel's status line, progress bar and buttons show the job of
 * the video clicked last, and the run's ending is there when its video comes back on screen.
 */
// IsolatedData first: the window (made in @Start) reads the data and model folders while it is being built
@ExtendWith({IsolatedData.class, ApplicationExtension.class})
class JobsFollowTheVideoFxTest {
    @TempDir
    Path dir;
    private FxWindow fx;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        fx = new FxWindow(stage, 1280, 800);
        window = fx.window;
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    private static void waitUntil(int seconds, Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
    }

    /** Clicks the middle of the left (0) or right (1) player. */
    private static void clickPlayer(FxRobot robot, int which) {
        WaitForAsyncUtils.waitForFxEvents();
        Node p = robot.lookup(".player").queryAll().stream()
                .sorted(Comparator.comparingDouble(n -> n.localToScreen(n.getBoundsInLocal()).getMinX())).toList().get(which);
        Bounds b = p.localToScreen(p.getBoundsInLocal());
        robot.clickOn(b.getMinX() + b.getWidth() / 2, b.getMinY() + b.getHeight() / 2);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Whether the video shows a finished pose run (while one runs, what it stored so far is shown too). */
    private static boolean finished(VideoSession s) {
        VideoSession.PoseResults p = s.posesProperty().get();
        return p != null && p.run().status().finished();
    }

    private static String status(FxRobot robot) {
        return robot.lookup("#analysis-status").queryAs(Label.class).getText();
    }

    @Test
    void thePosesPanelShowsTheJobOfTheVideoOnScreen(FxRobot robot) throws Exception {
        Path vtest = TestMedia.realFootage("vtest.avi");
        Path rehearsal = Files.copy(vtest, dir.resolve("rehearsal.avi"));
        Path zoo = TestZoo.registry("movenet-lightning").find("movenet-lightning").cardFile().getParent();
        WorkbenchViewModel wb = window.workbench();
        robot.interact(() -> window.modelsWindow().models().addFolder(zoo));
        waitUntil(30, () -> window.analysis().models().contains("movenet-lightning"));
        robot.interact(() -> {
            window.analysis().selectedModelProperty().set("movenet-lightning");
            window.analysis().rangeProperty().set("0:200");
            wb.open(vtest);
        });
        waitUntil(30, () -> wb.session() != null && wb.session().frame() != null);
        VideoSession a = wb.session();
        robot.interact(() -> wb.openBeside(rehearsal));
        waitUntil(30, () -> wb.sessions().size() == 2 && wb.session() != a && wb.session().frame() != null);
        VideoSession b = wb.session();

        clickPlayer(robot, 0);
        waitUntil(10, () -> wb.session() == a);
        robot.clickOn("#run-analysis");
        waitUntil(60, () -> status(robot).startsWith("vtest.avi: frame "));
        assertThat(robot.lookup("#analysis-progress").queryAs(ProgressBar.class).isVisible()).isTrue();
        assertThat(robot.lookup("#run-analysis").query().isDisabled()).isTrue();

        // the other video on screen: its own (idle) state
        clickPlayer(robot, 1);
        waitUntil(10, () -> wb.session() == b);
        assertThat(finished(a)).as("the run on vtest.avi has not finished").isFalse();
        assertThat(status(robot)).isEqualTo("No pose results for this video yet.");
        assertThat(robot.lookup("#analysis-progress").queryAs(ProgressBar.class).isVisible()).isFalse();
        assertThat(robot.lookup("#run-analysis").query().isDisabled()).isFalse();
        assertThat(robot.lookup("#cancel-analysis").query().isDisabled()).isTrue();

        // the run finishes while rehearsal.avi is on screen: nothing of it appears there
        waitUntil(180, () -> finished(a));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(status(robot)).isEqualTo("No pose results for this video yet.");
        assertThat(b.posesProperty().get() == null).as("nothing shown over rehearsal.avi").isTrue();

        // back to vtest.avi: its ending, naming it
        clickPlayer(robot, 0);
        waitUntil(10, () -> wb.session() == a);
        assertThat(status(robot)).startsWith("vtest.avi: 200 frames analysed with movenet-lightning (");
        assertThat(robot.lookup("#analysis-progress").queryAs(ProgressBar.class).isVisible()).isFalse();
        assertThat(robot.lookup("#run-analysis").query().isDisabled()).isFalse();
    }
}
