package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.stage.Stage;
import org.dancelens.core.Pose;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.TestZoo;
import org.dancelens.ui.session.RunChoice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Which run is on screen, in the real window (headless Monocle) on real footage: the Poses panel lists both stored
 * runs, describes the one on display, shows the other when it is picked in the list, and names the selected dancer
 * and the dancer chooser's choice with the run's model.
 */
// IsolatedData first: the window (made in @Start) reads the data and model folders while it is being built
@ExtendWith({IsolatedData.class, ApplicationExtension.class})
class RunsOnScreenFxTest {
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

    private static String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    /** What a combo box shows as its value (its button cell: the value's text, or the prompt when there is none), read on the FX thread. */
    private static String shownIn(FxRobot robot, String id) throws Exception {
        ComboBox<?> box = robot.lookup(id).queryAs(ComboBox.class);
        return WaitForAsyncUtils.asyncFx(() -> ((ListCell<?>) ((javafx.scene.control.skin.ComboBoxListViewSkin<?>) box.getSkin()).getDisplayNode())
                .getText()).get(10, TimeUnit.SECONDS);
    }

    private void analyse(FxRobot robot, String model, int listed) throws Exception {
        robot.interact(() -> {
            window.analysis().selectedModelProperty().set(model);
            window.analysis().rangeProperty().set("240:270");
        });
        robot.clickOn("#run-analysis");
        waitUntil(180, () -> !window.analysis().runningProperty().get() && window.analysis().poseRuns().runs().size() == listed);
    }

    @Test
    void thePosesPanelShowsWhichRunIsOnScreenAndNamesItsDancers(FxRobot robot) throws Exception {
        Path vtest = TestMedia.realFootage("vtest.avi");
        Path zoo = TestZoo.registry("movenet-lightning", "movenet-multipose").find("movenet-lightning").cardFile().getParent();
        robot.interact(() -> window.modelsWindow().models().addFolder(zoo));
        waitUntil(30, () -> window.analysis().models().contains("movenet-lightning") && window.analysis().models().contains("movenet-multipose"));
        robot.interact(() -> window.workbench().open(vtest));
        waitUntil(30, () -> window.player() != null && window.player().frameProperty().get() != null);
        assertThat(text(robot, "#pose-run-shown")).isEqualTo("No stored poses shown.");

        analyse(robot, "movenet-lightning", 1);
        analyse(robot, "movenet-multipose", 2);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(text(robot, "#pose-run-shown")).startsWith("movenet-multipose · frames 240–269 of 795 · smoothing one-euro").contains("complete (run ");
        @SuppressWarnings("unchecked")
        ComboBox<RunChoice> runs = robot.lookup("#pose-runs").queryAs(ComboBox.class);
        assertThat(runs.getItems()).hasSize(2);
        assertThat(shownIn(robot, "#pose-runs")).startsWith("run ").contains(" · movenet-multipose · frames 240–269 of 795 · ");

        // picking the older run in the list shows it, and the panel says which it is
        robot.interact(() -> runs.getSelectionModel().select(1));
        waitUntil(20, () -> text(robot, "#pose-run-shown").startsWith("movenet-lightning · frames 240–269 of 795"));
        assertThat(shownIn(robot, "#pose-runs")).contains(" · movenet-lightning · ");
        assertThat(shownIn(robot, "#pose-model")).isEqualTo("movenet-lightning");
        assertThat(window.player().overlayProperty().get().poseModel()).isEqualTo("movenet-lightning");

        // a dancer selected in the video (at the middle of its box) is named with the run everywhere in the panel
        robot.interact(() -> window.player().seek(250));
        waitUntil(20, () -> window.player().frameProperty().get().index() == 250 && !window.player().shownPosesProperty().get().isEmpty());
        Pose p = window.player().shownPosesProperty().get().get(0);
        float[] b = p.box() != null ? p.box() : p.keypointBox(0.3f);
        robot.interact(() -> window.player().selectAt((b[0] + b[2]) / 2, (b[1] + b[3]) / 2));
        waitUntil(10, () -> window.player().selectedTrackProperty().get() >= 0);
        int track = window.player().selectedTrackProperty().get();
        assertThat(text(robot, "#selected-dancer")).isEqualTo("Selected: movenet-lightning #" + track);
        robot.interact(() -> window.analysis().otherDancerProperty().set(track));
        assertThat(shownIn(robot, "#other-dancer")).isEqualTo("movenet-lightning #" + track);

        // the model chooser alone, to a model with no stored run: no skeletons, and the panel says why
        robot.interact(() -> window.analysis().selectedModelProperty().set("movenet-thunder"));
        waitUntil(20, () -> text(robot, "#analysis-status").equals("No stored poses from movenet-thunder for this video yet."));
        assertThat(window.player().shownPosesProperty().get()).isEmpty();
        assertThat(text(robot, "#pose-run-shown")).isEqualTo("No stored poses shown.");
        assertThat(shownIn(robot, "#other-dancer")).isEqualTo("dancer"); // the choice went with the run: the prompt again
    }

    @Test
    void leavingTheExplainTabTakesItsMapOfTheFrameOffTheVideo(FxRobot robot) throws Exception {
        Path zoo = TestZoo.registry("emotion").find("emotion").cardFile().getParent();
        robot.interact(() -> window.modelsWindow().models().addFolder(zoo));
        waitUntil(30, () -> window.explain().models().contains("emotion"));
        robot.interact(() -> window.workbench().open(TestMedia.realFootage("vtest.avi")));
        waitUntil(30, () -> window.player() != null && window.player().frameProperty().get() != null);
        clickTab(robot, "Explain");
        robot.interact(() -> {
            window.explain().followStoredProperty().set(false);
            window.explain().selectedModelProperty().set("emotion");
        });
        waitUntil(30, () -> window.explain().layers().size() > 1);
        robot.interact(() -> window.explain().explainFrame());
        waitUntil(60, () -> !window.explain().runningProperty().get() && window.player().heatOverlayProperty().get() != null);
        clickTab(robot, "Poses");
        waitUntil(10, () -> window.player().heatOverlayProperty().get() == null);
        assertThat(window.explain().depthMaps()).isEmpty();
    }

    /** Clicks a side-panel tab's header (the Compare tab has buttons named Poses, Styles and Explain too). */
    private static void clickTab(FxRobot robot, String name) {
        javafx.scene.Node header = robot.lookup(".tab-header-area .tab")
                .match((javafx.scene.Node n) -> n.lookup(".tab-label") instanceof javafx.scene.control.Labeled l && name.equals(l.getText())).query();
        robot.clickOn(header);
    }
}
