package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.testsupport.RealClips;
import org.dancelens.testsupport.TestZoo;
import org.dancelens.video.VideoSource;
import org.dancelens.ui.export.ExportClipViewModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * File ▸ Export Annotated Clip… in the real window (headless Monocle) on real footage (30 frames of vtest.avi) with a
 * pose run of the real MoveNet Lightning stored through the Poses panel: the menu item is off without a video, the
 * dialog opens set to what is on screen, a few frames are exported into the file chosen in the save dialog, and the
 * dialog ends with the sentence naming them.
 */
// IsolatedData first: the window (made in @Start) reads the data and model folders while it is being built
@ExtendWith({IsolatedData.class, ApplicationExtension.class})
class ExportClipFxTest {
    private FxWindow fx;
    private MainWindow window;
    @TempDir
    Path out;

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

    private MenuItem fileItem(FxRobot robot, String id) {
        MenuBar bar = robot.lookup(".menu-bar").queryAs(MenuBar.class);
        return bar.getMenus().get(0).getItems().stream().filter(i -> id.equals(i.getId())).findFirst().orElseThrow();
    }

    @Test
    void exportsAFewFramesWithTheSkeletonsOnScreen(FxRobot robot) throws Exception {
        assertThat(fileItem(robot, "export-clip").isDisable()).isTrue();
        assertThat(fileItem(robot, "export-data").isDisable()).isTrue();
        assertThat(fileItem(robot, "export-clip").getText()).isEqualTo("_Export Annotated Clip…");
        assertThat(fileItem(robot, "export-data").getText()).isEqualTo("Export _Data…");

        Path clip = RealClips.vtest(240, 30);
        Path zoo = TestZoo.registry("movenet-lightning").find("movenet-lightning").cardFile().getParent();
        robot.interact(() -> window.modelsWindow().models().addFolder(zoo));
        waitUntil(30, () -> window.analysis().models().contains("movenet-lightning"));
        robot.interact(() -> window.workbench().open(clip));
        waitUntil(30, () -> window.player() != null && window.player().frameProperty().get() != null);
        robot.interact(() -> window.analysis().selectedModelProperty().set("movenet-lightning"));
        robot.clickOn("#run-analysis");
        waitUntil(180, () -> !window.analysis().runningProperty().get() && window.workbench().session().posesProperty().get() != null);
        assertThat(fileItem(robot, "export-clip").isDisable()).isFalse();

        // File ▸ Export Annotated Clip…
        robot.clickOn("File");
        robot.clickOn("Export Annotated Clip…");
        waitUntil(10, () -> window.exportWindows().clipStage() != null && window.exportWindows().clipStage().isShowing());
        Stage dialog = window.exportWindows().clipStage();
        assertThat(robot.from(dialog.getScene().getRoot()).lookup("#overlay-skeleton").queryAs(CheckBox.class).isSelected()).isTrue();
        assertThat(robot.from(dialog.getScene().getRoot()).lookup("#overlay-boxes").queryAs(CheckBox.class).isSelected()).isTrue();
        assertThat(robot.from(dialog.getScene().getRoot()).lookup("#overlay-heat").queryAs(CheckBox.class).isDisabled()).isTrue();
        TextField to = robot.from(dialog.getScene().getRoot()).lookup("#export-to").queryAs(TextField.class);
        assertThat(to.getText()).isEqualTo("29");
        assertThat(robot.from(dialog.getScene().getRoot()).lookup("#export-runs").queryAs(Label.class).getText())
                .startsWith("Poses: movenet-lightning · whole video · ");

        // frames 0 to 4, into the file chosen in the save dialog (answered here: no file dialogs without a screen)
        robot.doubleClickOn(to).write("4");
        waitUntil(5, () -> "frames 0–4 · 00:00.000–00:00.400 · 5 frames".equals(
                robot.from(dialog.getScene().getRoot()).lookup("#export-range-summary").queryAs(Label.class).getText()));
        Path file = out.resolve("walkers.mp4");
        String[] offered = new String[2];
        window.dialogs().answerSaveDialogsWith(fc -> {
            offered[0] = fc.getInitialFileName();
            offered[1] = fc.getInitialDirectory() == null ? null : fc.getInitialDirectory().toString();
            return file.toFile();
        });
        robot.clickOn("#export-choose");
        assertThat(offered[0]).isEqualTo("vtest-240-30-annotated.mp4");
        assertThat(offered[1]).isEqualTo(clip.toAbsolutePath().getParent().toString());
        assertThat(robot.from(dialog.getScene().getRoot()).lookup("#export-out").queryAs(TextField.class).getText()).isEqualTo(file.toString());

        // a bitrate instead of the quantiser: the radio button takes it, the bitrate field wakes and the quality field sleeps
        javafx.scene.Node mbits = robot.from(dialog.getScene().getRoot()).lookup("#export-bitrate").query();
        javafx.scene.Node quality = robot.from(dialog.getScene().getRoot()).lookup("#export-quality").query();
        assertThat(mbits.isDisabled()).isTrue();
        robot.clickOn("#export-by-bitrate");
        assertThat(window.exportWindows().clip().byBitrateProperty().get()).isTrue();
        assertThat(mbits.isDisabled()).isFalse();
        assertThat(quality.isDisabled()).isTrue();
        assertThat(window.exportWindows().clip().request().encoding().bitrate()).isEqualTo(Math.round(ExportClipViewModel.DEFAULT_MBITS * 1e6));

        robot.clickOn("#export-start");
        waitUntil(60, () -> !window.exportWindows().clip().runningProperty().get());
        WaitForAsyncUtils.waitForFxEvents(); // the job's ending callback runs to its end on the FX thread
        String status = robot.from(dialog.getScene().getRoot()).lookup("#export-status").queryAs(Label.class).getText();
        assertThat(status).matches("vtest-240-30\\.mkv: Exported 5 frames to walkers\\.mp4 in \\d+\\.\\d s \\(\\d+\\.\\d frames/s\\)\\.");
        assertThat(window.dialogs().lastError()).isNull();
        // the folder can be shown in the file manager now (not clicked here: no desktop in a test)
        assertThat(robot.from(dialog.getScene().getRoot()).lookup("#export-open-folder").queryAs(javafx.scene.control.Hyperlink.class).isVisible()).isTrue();
        assertThat(file).exists();
        try (VideoSource v = VideoSource.open(file)) {
            assertThat(v.frameCount()).isEqualTo(5);
            assertThat(v.info().width()).isEqualTo(768);
            assertThat(v.info().height()).isEqualTo(576);
        }
        assertThat(out.toFile().list()).containsExactly("walkers.mp4"); // nothing else left beside it
        assertThat(new File(out.toFile(), "walkers.mp4").length()).isPositive();
    }
}
