package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.ui.session.VideoSession;
import org.dancelens.video.PatternVideoWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Two videos side by side in one window (two sessions): each has its own player, the panels and the keyboard work on
 * the one last clicked, and closing one leaves the other.
 */
// IsolatedData first: the window (made in @Start) reads the data and model folders while it is being built
@ExtendWith({IsolatedData.class, ApplicationExtension.class})
class TwoVideosFxTest {
    @TempDir
    Path dir;
    private FxWindow fx;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        fx = new FxWindow(stage, 1280, 720);
        window = fx.window;
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    private static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, condition);
    }

    @Test
    void twoVideosSideBySideEachWithItsOwnPlayer(FxRobot robot) throws Exception {
        Path a = TestMedia.generated("fx-60.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 320, 240, 60, 30).gop(15));
        Path b = Files.copy(a, dir.resolve("student.mkv"));
        WorkbenchViewModel wb = window.workbench();
        robot.interact(() -> wb.open(a));
        waitUntil(() -> fx.shownIndex() == 0);
        VideoSession first = wb.session();
        robot.interact(() -> wb.openBeside(b));
        waitUntil(() -> wb.sessions().size() == 2 && wb.session() != first && fx.shownIndex() == 0);
        VideoSession second = wb.session();
        assertThat(wb.sessions()).containsExactly(first, second);
        assertThat(window.stage().getTitle()).isEqualTo("DanceLens — student.mkv");
        assertThat(robot.lookup(".player").queryAll()).as("two players").hasSize(2);

        // Two players side by side at 1280x720: each scrub bar has a row of its own, long enough to scrub, and each
        // position label is shown whole inside its player.
        WaitForAsyncUtils.waitForFxEvents();
        for (javafx.scene.Node player : robot.lookup(".player").queryAll()) {
            Bounds pb = player.localToScreen(player.getBoundsInLocal());
            javafx.scene.Node row = player.lookup("#scrub-row");
            assertThat(row.isVisible()).as("the scrub bar on its own row").isTrue();
            assertThat(row.getBoundsInLocal().getWidth()).as("scrub row width").isGreaterThan(pb.getWidth() * 0.8);
            javafx.scene.control.Label position = (javafx.scene.control.Label) player.lookup("#position");
            Bounds posb = position.localToScreen(position.getBoundsInLocal());
            assertThat(position.getWidth()).as("the position label's full width").isGreaterThanOrEqualTo(position.prefWidth(-1) - 0.5);
            assertThat(posb.getMaxX()).as("the position label inside its player").isLessThanOrEqualTo(pb.getMaxX() + 0.5);
        }

        // The keyboard steps the video on screen (the second); the first stays where it is.
        robot.type(KeyCode.RIGHT).type(KeyCode.RIGHT);
        waitUntil(() -> second.player().frameProperty().get().index() == 2);
        assertThat(first.player().currentFrameProperty().get()).isZero();

        // Clicking in the first video brings it on screen for the panels and the keyboard.
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.Node left = robot.lookup(".player").queryAll().stream()
                .min(java.util.Comparator.comparingDouble(n -> n.localToScreen(n.getBoundsInLocal()).getMinX())).orElseThrow();
        Bounds lb = left.localToScreen(left.getBoundsInLocal());
        robot.clickOn(lb.getMinX() + lb.getWidth() / 2, lb.getMinY() + lb.getHeight() / 2);
        waitUntil(() -> wb.session() == first);
        assertThat(window.stage().getTitle()).isEqualTo("DanceLens — fx-60.mkv");
        robot.type(KeyCode.END);
        waitUntil(() -> first.player().frameProperty().get().index() == 59);
        assertThat(second.player().currentFrameProperty().get()).isEqualTo(2);

        // Closing the video on screen leaves the other, which the panels then follow.
        robot.interact(wb::closeActive);
        waitUntil(() -> wb.sessions().size() == 1);
        assertThat(first.isClosed()).isTrue();
        assertThat(wb.session()).isSameAs(second);
        assertThat(second.isClosed()).isFalse();
        assertThat(window.analysis().videoOpenProperty().get()).isTrue();
        assertThat(robot.lookup(".player").queryAll()).hasSize(1);
    }
}
