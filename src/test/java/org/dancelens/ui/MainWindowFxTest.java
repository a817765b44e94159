package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.video.PatternVideoWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Drives the real workbench window in headless Monocle: open, step with the keyboard, play, bad input. */
// IsolatedData first: the window (made in @Start) reads the data and model folders while it is being built
@ExtendWith({IsolatedData.class, ApplicationExtension.class})
class MainWindowFxTest {
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

    private static Path video() {
        return TestMedia.generated("fx-60.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 320, 240, 60, 30).gop(15));
    }

    private String position(FxRobot robot) {
        return robot.lookup("#position").queryAs(Label.class).getText();
    }

    private void waitUntil(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, condition);
    }

    @Test
    void openStepPlayAndSurviveABadFile(FxRobot robot) throws Exception {
        assertThat(window.stage().getTitle()).isEqualTo("DanceLens");
        robot.interact(() -> window.workbench().open(video()));
        waitUntil(() -> fx.shownIndex() == 0);
        assertThat(window.stage().getTitle()).isEqualTo("DanceLens — fx-60.mkv");
        assertThat(position(robot)).startsWith("frame 0 / 59");
        assertThat(robot.lookup("#video-details").queryAs(Label.class).getText()).contains("320×240").contains("60 frames");

        robot.type(KeyCode.RIGHT);
        waitUntil(() -> fx.shownIndex() == 1);
        assertThat(position(robot)).startsWith("frame 1 / 59");
        assertThat(PatternVideoWriter.readIndex(window.player().frameProperty().get(), 320, 240, 0)).isEqualTo(1);

        robot.press(KeyCode.SHIFT).type(KeyCode.RIGHT).release(KeyCode.SHIFT);
        waitUntil(() -> fx.shownIndex() == 31);

        robot.type(KeyCode.END);
        waitUntil(() -> fx.shownIndex() == 59);
        robot.type(KeyCode.HOME);
        waitUntil(() -> fx.shownIndex() == 0);

        robot.type(KeyCode.SPACE);
        waitUntil(() -> fx.shownIndex() >= 10);
        robot.type(KeyCode.SPACE);
        waitUntil(() -> !window.player().playingProperty().get());

        Path bad = Files.writeString(dir.resolve("rehearsal notes.mp4"), "not a video\n".repeat(30));
        robot.interact(() -> window.workbench().open(bad));
        waitUntil(() -> window.dialogs().lastError() != null && window.dialogs().lastError().contains("rehearsal notes.mp4"));
        assertThat(window.dialogs().lastError()).contains("rehearsal notes.mp4").contains("not a video");
        // The notification is on screen and the window keeps its video.
        waitUntil(() -> robot.lookup(n -> n instanceof javafx.scene.control.Label l && l.getText() != null
                && l.getText().contains("not a video")).tryQuery().isPresent());
        assertThat(window.stage().getTitle()).isEqualTo("DanceLens — fx-60.mkv");
        robot.type(KeyCode.RIGHT);
        waitUntil(() -> fx.shownIndex() >= 1);
    }

    @Test
    void aKeypointLandsOnThePixelItNames(FxRobot robot) throws Exception {
        robot.interact(() -> window.workbench().open(video()));
        waitUntil(() -> fx.shownIndex() == 0);
        java.util.List<org.dancelens.core.Keypoint> kps = new java.util.ArrayList<>();
        for (int j = 0; j < 17; j++) {
            kps.add(new org.dancelens.core.Keypoint(0, 0, 0f)); // not drawn (below the threshold)
        }
        kps.set(0, new org.dancelens.core.Keypoint(200, 60, 1f));
        org.dancelens.core.Pose p = new org.dancelens.core.Pose(1, org.dancelens.core.SkeletonSchema.COCO_17, kps, null, 1f, null);
        robot.interact(() -> {
            window.workbench().overlay().showBoxesProperty().set(false);
            window.player().setOverlay(java.util.Map.of(0, java.util.List.of(p)), java.util.Map.of(0, java.util.List.of(p)));
        });
        waitUntil(() -> !window.player().shownPosesProperty().get().isEmpty());
        javafx.scene.canvas.Canvas canvas = robot.lookup(n -> n instanceof javafx.scene.canvas.Canvas).queryAs(javafx.scene.canvas.Canvas.class);
        double scale = Math.min(canvas.getWidth() / 320, canvas.getHeight() / 240);
        double x0 = (canvas.getWidth() - 320 * scale) / 2;
        double y0 = (canvas.getHeight() - 240 * scale) / 2;
        int px = (int) Math.round(x0 + 200 * scale);
        int py = (int) Math.round(y0 + 60 * scale);
        javafx.scene.paint.Color joint = FxColors.of(org.dancelens.render.Palette.jointConfidence(1.0));
        // The overlay is drawn on the next animation pulse: poll the canvas until the joint is there.
        waitUntil(() -> {
            final javafx.scene.paint.Color[] at = new javafx.scene.paint.Color[1];
            robot.interact(() -> at[0] = canvas.snapshot(null, null).getPixelReader().getColor(px, py));
            return Math.abs(at[0].getRed() - joint.getRed()) < 0.05 && Math.abs(at[0].getGreen() - joint.getGreen()) < 0.05
                    && Math.abs(at[0].getBlue() - joint.getBlue()) < 0.05;
        });
        // And nowhere else: a point 20 px away is the video, not the joint colour.
        final javafx.scene.paint.Color[] away = new javafx.scene.paint.Color[1];
        robot.interact(() -> away[0] = canvas.snapshot(null, null).getPixelReader().getColor(px + 20, py + 20));
        assertThat(Math.abs(away[0].getGreen() - joint.getGreen()) + Math.abs(away[0].getRed() - joint.getRed())).isGreaterThan(0.05);
    }

    @Test
    void canvasFitsTheFrameKeepingItsAspect(FxRobot robot) throws Exception {
        robot.interact(() -> window.workbench().open(video()));
        waitUntil(() -> fx.shownIndex() == 0);
        javafx.scene.canvas.Canvas canvas = robot.lookup(n -> n instanceof javafx.scene.canvas.Canvas).queryAs(javafx.scene.canvas.Canvas.class);
        assertThat(canvas.getWidth()).isGreaterThan(100);
        WaitForAsyncUtils.waitForFxEvents();
        // Sample the drawn picture: the frame's top-left code cell (bit 15 of index 0 is 0 -> black) must be where
        // the letterboxed frame puts it, and the letterbox bars must be the dark background.
        final javafx.scene.image.Image[] img = new javafx.scene.image.Image[1];
        robot.interact(() -> img[0] = canvas.snapshot(null, null));
        double cw = canvas.getWidth();
        double ch = canvas.getHeight();
        double scale = Math.min(cw / 320, ch / 240);
        double x0 = (cw - 320 * scale) / 2;
        double y0 = (ch - 240 * scale) / 2;
        // Centre of code row 1 (inverted bits): for frame 0 every inverted bit is 1 -> white.
        int px = (int) (x0 + (320 * 0.04 + 320 * 0.92 / 16 * 0.5) * scale);
        int py = (int) (y0 + (240 * (0.06 + 0.13 + 0.065)) * scale);
        javafx.scene.paint.Color white = img[0].getPixelReader().getColor(px, py);
        assertThat(white.getBrightness()).isGreaterThan(0.9);
        int pyBlack = (int) (y0 + (240 * (0.06 + 0.065)) * scale);
        assertThat(img[0].getPixelReader().getColor(px, pyBlack).getBrightness()).isLessThan(0.1);
    }
}
