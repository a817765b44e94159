package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.dancelens.ui.problems.ProblemsViewModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The status bar's list of recent problems in the real window (headless Monocle): a file that is not a video, and a
 * bug of ours on the FX thread, each end there as one sentence, reachable after the notification is gone.
 */
// IsolatedData first: the window (made in @Start) reads the data and model folders while it is being built
@ExtendWith({org.dancelens.testsupport.IsolatedData.class, ApplicationExtension.class})
class ProblemsFxTest {
    @TempDir
    Path dir;

    private FxWindow fx;
    private MainWindow window;
    private Thread.UncaughtExceptionHandler before;

    @Start
    void start(Stage stage) {
        fx = new FxWindow(stage);
        window = fx.window;
        before = window.catchUncaughtExceptions();
    }

    @AfterEach
    void tearDown() throws Exception {
        Thread.setDefaultUncaughtExceptionHandler(before);
        fx.close();
    }

    private static void waitUntil(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, condition);
    }

    /** The texts of the labels in the open list of problems, top to bottom (none while it is closed). */
    private static List<String> shownTexts(FxRobot robot) {
        return robot.lookup("#problems-list").tryQuery().filter(ProblemsFxTest::shown)
                .map(list -> robot.from(list).lookup((Node n) -> n instanceof Label).queryAllAs(Label.class).stream().map(Label::getText).toList())
                .orElse(List.of());
    }

    private static boolean shown(Node n) {
        return n.isVisible() && n.getScene() != null && n.getScene().getWindow() != null && n.getScene().getWindow().isShowing();
    }

    @Test
    void aFailedOpenAndABugOfOursStayInTheListAfterTheNotification(FxRobot robot) throws Exception {
        ProblemsViewModel problems = window.problems();
        Button indicator = robot.lookup("#problems-button").queryAs(Button.class);
        // whatever the model folders hold has been said by now or is not a problem; start from an empty list
        robot.interact(problems::clear);
        assertThat(indicator.isVisible()).as("nothing while there are no problems").isFalse();

        Path notes = Files.writeString(dir.resolve("rehearsal notes.mp4"), "not a video\n".repeat(30));
        robot.interact(() -> window.workbench().open(notes));
        waitUntil(() -> problems.problems().stream().anyMatch(p -> p.sentence().contains("rehearsal notes.mp4")));
        waitUntil(indicator::isVisible);
        String sentence = problems.problems().stream().filter(p -> p.sentence().contains("rehearsal notes.mp4")).findFirst().orElseThrow().sentence();
        assertThat(sentence).contains("not a video").doesNotContain("Exception");
        assertThat(indicator.getText()).isEqualTo(String.valueOf(problems.unreadProperty().get())).isNotEqualTo("0").isNotEmpty();

        // a bug of ours on the FX thread: logged, and the generic sentence in the list
        Platform.runLater(() -> {
            throw new IllegalStateException("a bug of ours");
        });
        waitUntil(() -> problems.problems().stream().anyMatch(p -> p.sentence().equals(Failures.generic())));

        robot.clickOn(indicator);
        waitUntil(() -> robot.lookup("#problems-list").tryQuery().map(ProblemsFxTest::shown).orElse(false));
        waitUntil(() -> shownTexts(robot).contains(sentence));
        List<String> texts = shownTexts(robot);
        assertThat(texts).contains(sentence, Failures.generic(), "rehearsal notes.mp4");
        assertThat(texts).noneMatch(t -> t.contains("IllegalStateException") || t.contains("a bug of ours") || t.contains("\tat "));
        assertThat(robot.lookup("#problems-footer").queryAs(Label.class).getText()).contains(Failures.logFileText());
        // newest first: the bug came after the file
        int bug = texts.indexOf(Failures.generic());
        assertThat(bug).isLessThan(texts.indexOf(sentence));
        // looked at: no count, the indicator stays so the list can be opened again
        waitUntil(() -> indicator.getText().isEmpty());
        assertThat(indicator.isVisible()).isTrue();
        // Close shuts the list; the indicator opens it again
        robot.clickOn("#problems-close");
        waitUntil(() -> robot.lookup("#problems-list").tryQuery().map(n -> !shown(n)).orElse(true));
        robot.clickOn(indicator);
        waitUntil(() -> robot.lookup("#problems-list").tryQuery().map(ProblemsFxTest::shown).orElse(false));

        robot.clickOn("#problems-clear");
        waitUntil(() -> !indicator.isVisible());
        assertThat(problems.problems()).isEmpty();
        waitUntil(() -> robot.lookup("#problems-list").tryQuery().map(n -> !shown(n)).orElse(true));
        // the window still works
        assertThat(window.stage().getTitle()).isEqualTo("DanceLens");
    }
}
