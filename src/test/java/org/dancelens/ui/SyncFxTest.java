package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.ui.player.PlayerViewModel;
import org.dancelens.ui.player.SyncViewModel;
import org.dancelens.video.PatternVideoWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Two videos in sync in the real window: Compare with Video, sync points set from the sync bar, the arrow key steps
 * both (each frame checked by the index in its pixels), unlinked one alone, and superposition in one panel.
 */
@ExtendWith({IsolatedData.class, ApplicationExtension.class})
class SyncFxTest {
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

    private static boolean shows(PlayerViewModel p, int n) {
        var f = p.frameProperty().get();
        return f != null && f.index() == n && PatternVideoWriter.readIndex(f, 320, 240, 0) == n;
    }

    @Test
    void setSyncPointsStepTogetherUnlinkAndSuperpose(FxRobot robot) throws Exception {
        Path a = TestMedia.generated("sync-fx-a30.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 320, 240, 60, 30).gop(15));
        Path b = TestMedia.generated("sync-fx-b25.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 320, 240, 50, 25).gop(10));
        WorkbenchViewModel wb = window.workbench();
        robot.interact(() -> wb.open(a));
        waitUntil(() -> fx.shownIndex() == 0);
        robot.interact(() -> wb.compareWith(b));
        waitUntil(() -> wb.syncProperty().get() != null && fx.shownIndex() == 0);
        SyncViewModel sync = wb.syncProperty().get();
        PlayerViewModel pa = sync.playerA();
        PlayerViewModel pb = sync.playerB();
        assertThat(robot.lookup("#sync-bar").tryQuery()).isPresent();
        // the bar offers the two videos as one clip (SyncClipViewModelTest writes one)
        assertThat(robot.lookup("#sync-export-clip").query().isDisabled()).isFalse();
        assertThat(robot.lookup("#sync-export-progress").query().isVisible()).isFalse();
        assertThat(robot.lookup(".player").queryAll()).hasSize(2);

        // Unlink, move B to the moment that matches A's frame 0 (B's frame 10, 0.4 s), set both sync points, link.
        robot.clickOn("#sync-link");
        assertThat(sync.linkedProperty().get()).isFalse();
        robot.type(KeyCode.RIGHT, 10); // B is on screen (opened last): it steps alone
        waitUntil(() -> shows(pb, 10));
        assertThat(pa.currentFrameProperty().get()).isZero();
        robot.clickOn("#sync-set-a").clickOn("#sync-set-b");
        assertThat(robot.lookup("#sync-b").queryAs(Label.class).getText()).isEqualTo("B: frame 10 (00:00.400)");
        assertThat(robot.lookup("#sync-offset").queryAs(Label.class).getText()).isEqualTo("offset +0.400 s");
        robot.clickOn("#sync-link");
        assertThat(sync.linkedProperty().get()).isTrue();

        // Step together: A (30 fps) steps a frame at a time, B (25 fps) follows: at A's frame k, B's frame 10 + floor(5k/6).
        robot.type(KeyCode.RIGHT, 6);
        waitUntil(() -> shows(pa, 6) && shows(pb, 15));
        robot.type(KeyCode.RIGHT);
        waitUntil(() -> shows(pa, 7) && shows(pb, 15));
        robot.type(KeyCode.LEFT, 4);
        waitUntil(() -> shows(pa, 3) && shows(pb, 12));

        // Unlinked, the arrow moves the video on screen alone.
        robot.clickOn("#sync-link");
        robot.type(KeyCode.RIGHT, 2);
        waitUntil(() -> shows(pb, 14));
        WaitForAsyncUtils.sleep(200, TimeUnit.MILLISECONDS);
        assertThat(pa.currentFrameProperty().get()).isEqualTo(3);
        robot.clickOn("#sync-link");
        waitUntil(() -> shows(pa, 3) && shows(pb, 12)); // relinked: B back on A's clock, sync points kept

        // Superposed: B over A in one panel, then side by side again.
        robot.clickOn("#sync-superpose");
        waitUntil(() -> robot.lookup(".session").queryAll().size() == 1);
        assertThat(sync.superposedProperty().get()).isTrue();
        robot.clickOn("#sync-mirror-b");
        assertThat(pb.mirroredProperty().get()).isTrue();
        robot.clickOn("#sync-superpose");
        waitUntil(() -> robot.lookup(".session").queryAll().size() == 2);
    }

    @Test
    void aMirroredPictureSelectsTheDancerUnderThePointer(FxRobot robot) throws Exception {
        Path a = TestMedia.generated("sync-fx-a30.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 320, 240, 60, 30).gop(15));
        WorkbenchViewModel wb = window.workbench();
        robot.interact(() -> wb.open(a));
        waitUntil(() -> fx.shownIndex() == 0);
        PlayerViewModel p = window.player();
        java.util.Map<Integer, java.util.List<org.dancelens.core.Pose>> poses = new java.util.HashMap<>();
        for (int f = 0; f < 60; f++) {
            poses.put(f, java.util.List.of(org.dancelens.testsupport.TestPoses.boxed(1, 20, 60, 80, 200))); // on the left of the frame
        }
        robot.interact(() -> {
            p.setOverlay(poses, poses);
            p.mirroredProperty().set(true);
        });
        WaitForAsyncUtils.waitForFxEvents();
        org.dancelens.ui.player.PlayerView view = robot.lookup(".player").queryAs(org.dancelens.ui.player.PlayerView.class);
        waitUntil(() -> view.shownViewport() != null);
        javafx.scene.Node canvas = robot.lookup("#player-canvas").query();
        javafx.geometry.Bounds cb = canvas.localToScreen(canvas.getBoundsInLocal());
        org.dancelens.render.Viewport vp = view.shownViewport();
        double unmirroredX = vp.offsetX() + 50 * vp.scale(); // the dancer's middle, were the picture not mirrored
        double y = cb.getMinY() + vp.offsetY() + 130 * vp.scale();
        // where the unmirrored dancer would be there is nobody now
        robot.clickOn(cb.getMinX() + unmirroredX, y);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(p.selectedTrackProperty().get()).isEqualTo(-1);
        // the dancer is drawn on the other side, and a click there selects it
        robot.clickOn(cb.getMinX() + cb.getWidth() - unmirroredX, y);
        waitUntil(() -> p.selectedTrackProperty().get() == 1);
    }
}
