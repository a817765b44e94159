package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListCell;
import javafx.stage.Stage;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.ui.compare.CompareRunsViewModel;
import org.dancelens.ui.session.RunChoice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Compare tab in the real window (headless Monocle) on real stored runs (two pose models over frames 600–619 of
 * vtest.avi): choose the two runs, compare, click a stretch where they disagree, and the player shows its first frame;
 * the comparison's lanes are in the timeline and B's skeletons over the video until it is closed.
 */
@ExtendWith({IsolatedData.class, ApplicationExtension.class})
class CompareRunsFxTest {
    private FxWindow fx;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        fx = new FxWindow(stage, 1200, 900);
        window = fx.window;
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    private static void waitUntil(int seconds, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
    }

    /** Opens a combo box and clicks the entry whose text contains {@code text}. */
    private static void choose(FxRobot robot, String id, String text) throws Exception {
        robot.clickOn(id);
        waitUntil(10, () -> robot.lookup(id).queryAs(ComboBox.class).isShowing());
        WaitForAsyncUtils.waitForFxEvents();
        Node cell = robot.fromAll().lookup(".list-cell").match((ListCell<?> c) -> c.getText() != null && c.getText().contains(text)
                && !(c.getParent() instanceof ComboBox)).query();
        robot.clickOn(cell);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void choosingTwoRunsAndClickingADisagreementJumpsThePlayer(FxRobot robot) throws Exception {
        Path clip = StoredRunPairs.install();
        robot.interact(() -> window.workbench().open(clip));
        waitUntil(60, () -> window.player() != null && window.player().frameProperty().get() != null
                && window.workbench().session().posesProperty().get() != null);
        Node tab = robot.lookup(".tab .tab-label").match((javafx.scene.control.Labeled l) -> "Compare".equals(l.getText())).query();
        robot.clickOn(tab);
        waitUntil(10, () -> robot.lookup("#compare-run-a").query().isVisible() && robot.lookup("#compare-run-a").query().getScene() != null
                && robot.lookup("#compare-run-a").query().localToScreen(0, 0) != null);
        CompareRunsViewModel vm = window.compareRuns();
        waitUntil(30, () -> vm.runsA().size() == 2);
        choose(robot, "#compare-run-a", "movenet-multipose");
        choose(robot, "#compare-run-b", "movenet-lightning");
        assertThat(vm.runAProperty().get().run().modelId()).isEqualTo("movenet-multipose");
        @SuppressWarnings("unchecked")
        ComboBox<RunChoice> b = robot.lookup("#compare-run-b").queryAs(ComboBox.class);
        assertThat(b.getValue().run().modelId()).isEqualTo("movenet-lightning");

        robot.clickOn("#compare-runs");
        // the view-model's state is set on the FX thread while this thread looks: wait for all of it
        waitUntil(60, () -> !vm.runningProperty().get() && !vm.entries().isEmpty() && window.timeline().comparisonProperty().get() != null);

        // from the last frame, a click on the first stretch that starts elsewhere shows that stretch's first frame
        robot.interact(() -> window.player().seek(StoredRunPairs.FRAMES - 1));
        waitUntil(20, () -> fx.shownIndex() == StoredRunPairs.FRAMES - 1);
        CompareRunsViewModel.Entry target = vm.entries().stream().filter(e -> e.firstFrame() != StoredRunPairs.FRAMES - 1).findFirst().orElseThrow();
        Node cell = robot.lookup("#compare-entries .list-cell").match((ListCell<?> c) -> c.getItem() == target).query();
        robot.clickOn(cell);
        waitUntil(20, () -> fx.shownIndex() == target.firstFrame());
        assertThat(window.player().currentFrameProperty().get()).isEqualTo(target.firstFrame());
        assertThat(window.player().showsCompareOverlay()).as("B's skeletons over A's").isTrue();

        // leaving the tab and coming back (the runs are listed again) keeps the comparison
        Node poses = robot.lookup(".tab .tab-label").match((javafx.scene.control.Labeled l) -> "Poses".equals(l.getText())).query();
        robot.clickOn(poses);
        robot.clickOn(tab);
        WaitForAsyncUtils.sleep(1, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.outcomeProperty().get()).isNotNull();
        assertThat(window.timeline().comparisonProperty().get()).isNotNull();

        // closing takes the lanes and B's skeletons off
        robot.clickOn("#compare-close");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.timeline().comparisonProperty().get()).isNull();
        assertThat(window.player().showsCompareOverlay()).isFalse();
        assertThat(vm.entries()).isEmpty();
    }
}
