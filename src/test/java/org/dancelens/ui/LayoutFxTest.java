package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.geometry.Orientation;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.ui.timeline.TimelineViewModel;
import org.dancelens.video.PatternVideoWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The workbench's layout in headless Monocle: the divider between a video and its timeline (there, and restored),
 * a video that keeps its size when lanes appear, the window's size and minimum with every panel visible, and windows
 * beside the workbench that close with Esc and their Close button.
 */
@ExtendWith({IsolatedData.class, ApplicationExtension.class})
class LayoutFxTest {
    private final Path settingsFile = tempSettings();
    private SettingsFile lastFile;
    private Stage stage;
    private MainWindow window;

    @Start
    void start(Stage primary) {
        // a window of its own (the primary stage is shared by the tests, and would keep the last test's listeners)
        this.stage = new Stage();
        window = newWindow(stage);
        stage.show();
    }

    @AfterEach
    void tearDown() throws Exception {
        FxToolkit.cleanupStages();
    }

    private static Path tempSettings() {
        try {
            return java.nio.file.Files.createTempDirectory("dancelens-layout-fxtest").resolve(SettingsFile.NAME);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A workbench window on this test's settings file (read again by each window, as at a new start). */
    private MainWindow newWindow(Stage s) {
        if (lastFile != null) {
            lastFile.close(); // written, as when the application stops
        }
        SettingsFile file = SettingsFile.open(settingsFile);
        lastFile = file;
        return new MainWindow(s, new RecentFiles(file), new UiSettings(file));
    }

    private static Path video() {
        return TestMedia.generated("fx-60.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 320, 240, 60, 30).gop(15));
    }

    private static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, condition);
    }

    private static int shown(MainWindow w) {
        var p = w.player();
        var f = p == null ? null : p.frameProperty().get();
        return f == null ? -1 : f.index();
    }

    private void open(FxRobot robot, MainWindow w) throws Exception {
        robot.interact(() -> w.workbench().open(video()));
        waitUntil(() -> shown(w) == 0);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static SplitPane split(FxRobot robot) {
        return robot.lookup(".session").queryAs(SplitPane.class);
    }

    private static Bounds onScreen(Node n) {
        return n.localToScreen(n.getBoundsInLocal());
    }

    @Test
    void aDividerBetweenVideoAndTimelineIsRememberedForTheNextSession(FxRobot robot) throws Exception {
        open(robot, window);
        SplitPane split = split(robot);
        assertThat(split.getOrientation()).isEqualTo(Orientation.VERTICAL);
        assertThat(split.getItems()).hasSize(2);
        assertThat(split.getItems().get(0).getStyleClass()).contains("player");
        assertThat(split.getItems().get(1).getId()).isEqualTo("timeline");
        assertThat(split.getDividerPositions()[0]).as("the default").isCloseTo(0.72, within(0.02));

        robot.interact(() -> split.setDividerPositions(0.55));
        WaitForAsyncUtils.waitForFxEvents();
        double timelineHeight = split.getItems().get(1).getBoundsInParent().getHeight();
        assertThat(timelineHeight / split.getHeight()).isCloseTo(0.45, within(0.03));
        robot.interact(stage::close);

        // The next session: a new window on the same settings.
        MainWindow[] again = new MainWindow[1];
        robot.interact(() -> {
            Stage s = new Stage();
            again[0] = newWindow(s);
            s.show();
        });
        open(robot, again[0]);
        SplitPane restored = robot.lookup(".session").queryAll().stream().filter(n -> n.getScene() == again[0].stage().getScene())
                .map(SplitPane.class::cast).findFirst().orElseThrow();
        assertThat(restored.getDividerPositions()[0]).isCloseTo(0.55, within(0.01));
    }

    @Test
    void theVideoKeepsItsSizeWhenLanesAppearAndTheLanesScroll(FxRobot robot) throws Exception {
        open(robot, window);
        Node player = robot.lookup(".player").query();
        Bounds before = onScreen(player);
        ScrollBar lanesBar = robot.lookup("#timeline").lookup((java.util.function.Predicate<Node>) n -> n instanceof ScrollBar).queryAs(ScrollBar.class);
        assertThat(lanesBar.isVisible()).as("no lanes: nothing to scroll").isFalse();

        // 20 dancers in 20 lanes, far more than the timeline's height holds.
        int frames = 60;
        List<TimelineViewModel.Series> series = new java.util.ArrayList<>();
        for (int k = 0; k < 20; k++) {
            float[] v = new float[frames];
            java.util.Arrays.fill(v, 0.5f + k / 100f);
            series.add(new TimelineViewModel.Series(k + 1, v, 0, frames - 1, k));
        }
        robot.interact(() -> window.timeline().setSeries(series, frames));
        WaitForAsyncUtils.waitForFxEvents();
        waitUntil(lanesBar::isVisible);
        Bounds after = onScreen(player);
        assertThat(after.getHeight()).isEqualTo(before.getHeight());
        assertThat(after.getWidth()).isEqualTo(before.getWidth());
        assertThat(after.getMinY()).isEqualTo(before.getMinY());
        // Taller lanes (the user's choice): still the same video size, more to scroll.
        double max = lanesBar.getMax();
        robot.interact(() -> robot.lookup("#lane-height").queryAs(javafx.scene.control.Slider.class).setValue(80));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(lanesBar.getMax()).isGreaterThan(max);
        assertThat(onScreen(player).getHeight()).isEqualTo(before.getHeight());
    }

    @Test
    void theWindowOpensAtMostOfTheScreenAndStaysUsableAtItsMinimumSize(FxRobot robot) throws Exception {
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        assertThat(stage.getWidth()).isEqualTo(Math.min(1600, Math.floor(screen.getWidth() * 0.85)));
        assertThat(stage.getHeight()).isEqualTo(Math.min(screen.getHeight(), Math.max(600, Math.min(1000, Math.floor(screen.getHeight() * 0.85)))));
        assertThat(stage.getMinWidth()).isEqualTo(Math.min(MainWindow.MIN_WIDTH, screen.getWidth()));
        assertThat(stage.getMinHeight()).isEqualTo(Math.min(MainWindow.MIN_HEIGHT, screen.getHeight()));
        open(robot, window);
        for (double[] size : new double[][] {{1280, 720}, {stage.getMinWidth(), stage.getMinHeight()}}) {
            robot.interact(() -> {
                stage.setX(0); // within the (headless) screen
                stage.setY(0);
                stage.setWidth(size[0]);
                stage.setHeight(size[1]);
            });
            WaitForAsyncUtils.waitForFxEvents();
            Bounds sceneBounds = stage.getScene().getRoot().localToScreen(stage.getScene().getRoot().getBoundsInLocal());
            String at = (int) size[0] + "x" + (int) size[1];
            Node video = robot.lookup(".player").query();
            Node timeline = robot.lookup("#timeline").query();
            Node side = robot.lookup(n -> n instanceof TabPane).query();
            Node status = robot.lookup(".status-bar").query();
            Node menu = robot.lookup(".menu-bar").query();
            for (Node n : List.of(video, timeline, side, status, menu)) {
                Bounds b = onScreen(n);
                assertThat(sceneBounds.contains(b)).as("%s is wholly inside the window at %s: %s", n.getStyleClass(), at, b).isTrue();
            }
            assertThat(onScreen(video).getHeight()).as("video at %s", at).isGreaterThan(250);
            assertThat(onScreen(timeline).getHeight()).as("timeline at %s", at).isGreaterThan(90);
            assertThat(onScreen(side).getWidth()).as("side panels at %s", at).isGreaterThanOrEqualTo(250);
            assertThat(onScreen(video).getWidth()).as("video at %s", at).isGreaterThan(500);
            assertThat(onScreen(status).getHeight()).as("status bar at %s", at).isGreaterThan(15);
            // The one device setting sits in the status bar, wholly in the window, and says where models run.
            javafx.scene.control.Labeled runsOn = robot.lookup("#device-runs-on").queryAs(javafx.scene.control.Labeled.class);
            javafx.scene.control.ComboBox<?> chooser = robot.lookup("#device-choice").queryAs(javafx.scene.control.ComboBox.class);
            for (Node n : List.<Node>of(runsOn, chooser)) {
                assertThat(sceneBounds.contains(onScreen(n))).as("%s inside the window at %s: %s", n.getId(), at, onScreen(n)).isTrue();
            }
            waitUntil(() -> chooser.getTooltip().getText().startsWith("GPU 0")); // the probe answers in the background
            assertThat(runsOn.getText()).isEqualTo("Models run on: cpu");
            assertThat(new java.util.ArrayList<Object>(chooser.getItems())).as("no GPU can be used here").containsExactly("cpu");
            assertThat(chooser.getTooltip().getText()).startsWith("GPU 0 cannot be used: this build of DanceLens has the CPU-only");
        }
    }

    private static Stage windowTitled(String start) {
        return Window.getWindows().stream().filter(w -> w instanceof Stage s && s.getTitle() != null && s.getTitle().startsWith(start))
                .map(Stage.class::cast).findFirst().orElseThrow();
    }

    @Test
    void windowsBesideTheWorkbenchCloseWithEscAndTheirCloseButton(FxRobot robot) throws Exception {
        robot.interact(window::showEvaluation);
        Stage evaluation = windowTitled("Evaluate a Classifier");
        waitUntil(evaluation::isShowing);
        robot.interact(evaluation::requestFocus);
        WaitForAsyncUtils.waitForFxEvents();
        robot.type(KeyCode.ESCAPE);
        waitUntil(() -> !evaluation.isShowing());
        assertThat(stage.isShowing()).as("the workbench stays").isTrue();

        robot.interact(window::showEvaluation);
        waitUntil(evaluation::isShowing);
        robot.clickOn(robot.from(evaluation.getScene().getRoot()).lookup("#close-window").queryButton());
        waitUntil(() -> !evaluation.isShowing());

        robot.interact(() -> window.modelsWindow().showModels());
        Stage models = window.modelsWindow().modelsStage();
        waitUntil(models::isShowing);
        robot.interact(models::requestFocus);
        WaitForAsyncUtils.waitForFxEvents();
        robot.type(KeyCode.ESCAPE);
        waitUntil(() -> !models.isShowing());
        assertThat(robot.from(models.getScene().getRoot()).lookup("#close-window").queryButton().getText()).isEqualTo("Close");
    }
}
