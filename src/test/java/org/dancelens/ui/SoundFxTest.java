package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.ui.player.PlayerViewModel;
import org.dancelens.video.AudioPlayback;
import org.dancelens.video.PatternVideoWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The sound controls in the real window (headless Monocle, where there is no audio device): a video with sound plays
 * on silently, its frames advancing, and says why it is silent; the mute button, the M key and the volume slider are
 * bound to the player's properties; a video without sound disables them and says so.
 */
@ExtendWith({IsolatedData.class, ApplicationExtension.class})
class SoundFxTest {
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

    private void open(FxRobot robot, Path video) throws Exception {
        robot.interact(() -> window.workbench().open(video));
        waitUntil(30, () -> window.player() != null && window.player().videoPath().equals(video) && window.player().frameProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static Tooltip tooltipOf(Node n) {
        Object t = n.getProperties().get("javafx.scene.control.Tooltip");
        return t instanceof Tooltip tip ? tip : null;
    }

    @Test
    void aVideoWithSoundPlaysOnWithoutADeviceAndTheControlsAreBoundToThePlayer(FxRobot robot) throws Exception {
        Path video = TestMedia.generated("sound-fx.mp4", PatternVideoWriter.Spec.of("mp4", "libopenh264", 64, 48, 90, 30).gop(15).audio(44_100));
        open(robot, video);
        PlayerViewModel p = window.player();
        // the sound settles one of two ways: no device (the test machine has no sound card), or a device and the decode
        waitUntil(30, () -> p.soundKindProperty().get() != AudioPlayback.Status.Kind.LOADING);
        WaitForAsyncUtils.waitForFxEvents();
        ToggleButton mute = robot.lookup("#mute").queryAs(ToggleButton.class);
        Slider volume = robot.lookup("#volume").queryAs(Slider.class);
        Node box = robot.lookup("#sound-controls").query();
        boolean device = p.soundKindProperty().get() == AudioPlayback.Status.Kind.READY;
        System.out.println("sound status in the headless window: '" + p.soundStatusProperty().get() + "'");
        if (!device) {
            assertThat(p.soundStatusProperty().get()).isEqualTo("No audio device: playing without sound");
            assertThat(mute.isDisabled()).isTrue();
            assertThat(volume.isDisabled()).isTrue();
            assertThat(tooltipOf(box)).isNotNull();
            assertThat(tooltipOf(box).getText()).isEqualTo("No audio device: playing without sound");
        } else {
            assertThat(mute.isDisabled()).isFalse();
        }
        assertThat(tooltipOf(mute).getText()).contains("below 0.5× it is silent");

        // playback is not held up by the sound: frames advance
        robot.interact(p::togglePlay);
        waitUntil(10, () -> p.currentFrameProperty().get() >= 20);
        robot.interact(p::togglePlay);
        waitUntil(5, () -> !p.playingProperty().get());

        // bound both ways: the M key and the property move the button; the slider moves the property and back
        boolean was = p.mutedProperty().get();
        assertThat(mute.isSelected()).isEqualTo(was);
        robot.clickOn("#player-canvas");
        robot.type(KeyCode.M);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(p.mutedProperty().get()).isEqualTo(!was);
        assertThat(mute.isSelected()).isEqualTo(!was);
        robot.interact(() -> p.mutedProperty().set(was));
        assertThat(mute.isSelected()).isEqualTo(was);
        if (device) {
            robot.clickOn(mute);
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(p.mutedProperty().get()).isEqualTo(!was);
        }
        robot.interact(() -> volume.setValue(0.3));
        assertThat(p.volumeProperty().get()).isEqualTo(0.3);
        robot.interact(() -> p.volumeProperty().set(0.6));
        assertThat(volume.getValue()).isEqualTo(0.6);
    }

    @Test
    void aVideoWithoutSoundDisablesTheControlsAndSaysSo(FxRobot robot) throws Exception {
        Path video = TestMedia.generated("sound-fx-none.mp4", PatternVideoWriter.Spec.of("mp4", "libopenh264", 64, 48, 30, 30));
        open(robot, video);
        PlayerViewModel p = window.player();
        assertThat(p.soundStatusProperty().get()).isEqualTo("This video has no sound");
        assertThat(p.soundAvailableProperty().get()).isFalse();
        assertThat(robot.lookup("#mute").query().isDisabled()).isTrue();
        assertThat(robot.lookup("#volume").query().isDisabled()).isTrue();
        assertThat(tooltipOf(robot.lookup("#sound-controls").query()).getText()).isEqualTo("This video has no sound");
    }
}
