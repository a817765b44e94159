package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.bytedeco.ffmpeg.global.avcodec;
import org.dancelens.movement.music.ClickTracks;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.ui.session.VideoSession;
import org.dancelens.ui.timeline.TimelineViewModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The audio lane in the window: a video with a click track at 100 BPM gets an audio lane with its tempo and one beat
 * per click; opening a video without sound in its place shows no music (a lane saying so), never the first one's.
 */
@ExtendWith({IsolatedData.class, ApplicationExtension.class})
class AudioLaneFxTest {
    static final int RATE = 22_050;
    static final double SECONDS = 10;
    static final double BPM = 100;
    static final double FIRST = 0.4;

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
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, condition);
    }

    @Test
    void aClickTrackGetsAnAudioLaneWithItsTempoAndAVideoWithoutSoundClearsIt(FxRobot robot) throws Exception {
        double[] clicks = ClickTracks.clickTimes(BPM, FIRST, SECONDS);
        Path music = dir.resolve("clicks.mp4");
        ClickTracks.writeVideo(music, "mp4", ClickTracks.render(clicks, SECONDS, RATE), RATE, avcodec.AV_CODEC_ID_AAC, SECONDS, 25, 0.0, true);
        Path silent = dir.resolve("silent.mp4");
        ClickTracks.writeVideo(silent, "mp4", new float[0], RATE, 0, 4, 25, 0, false);

        WorkbenchViewModel wb = window.workbench();
        robot.interact(() -> wb.open(music));
        waitUntil(() -> wb.session() != null && wb.session().timeline().audioProperty().get() != null
                && wb.session().timeline().audioProperty().get().hasMusic());
        VideoSession first = wb.session();
        TimelineViewModel.AudioLane lane = first.timeline().audioProperty().get();
        assertThat(lane.bpm()).isCloseTo(BPM, within(1.0));
        assertThat(lane.beats().length).as("one beat per click, the edges perhaps trimmed").isBetween(clicks.length - 2, clicks.length);
        assertThat(lane.title()).startsWith("Audio · 100.").endsWith(" BPM · " + lane.beats().length + " beats");
        assertThat(lane.onset()).hasSize(first.player().frameCount());
        // hover at 30 % of the video (3.0 s): the nearest beat is the click at 2.8 s or 3.4 s
        robot.interact(() -> first.timeline().hoverAt(300, 1000));
        String audioLine = first.timeline().hoverLinesProperty().get().stream().filter(l -> l.startsWith("audio ")).findFirst().orElseThrow();
        assertThat(audioLine).startsWith("audio 3.000 s · onset ").containsPattern(" · beat (2\\.8|3\\.4)\\d\\d s \\([+-]\\d+ ms\\)$");

        robot.interact(() -> wb.open(silent));
        waitUntil(() -> wb.session() != first && wb.session() != null && wb.session().timeline().audioProperty().get() != null);
        TimelineViewModel.AudioLane none = wb.session().timeline().audioProperty().get();
        assertThat(none.hasMusic()).isFalse();
        assertThat(none.beats()).isEmpty();
        assertThat(none.title()).isEqualTo("Audio · no sound in this video");
        assertThat(first.isClosed()).isTrue();
    }
}
