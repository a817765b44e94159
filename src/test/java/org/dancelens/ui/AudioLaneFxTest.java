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
import org.dancelens.ui.timeline.AudioSummary;
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

    /** A dancer whose right wrist swings and comes to rest once a beat period, {@code offset} seconds after each click. */
    private static org.dancelens.core.Pose dancer(int track, double t, double offset) {
        org.dancelens.core.SkeletonSchema s = org.dancelens.core.SkeletonSchema.COCO_17;
        org.dancelens.core.Keypoint[] k = new org.dancelens.core.Keypoint[s.size()];
        for (int j = 0; j < k.length; j++) {
            k[j] = new org.dancelens.core.Keypoint(100 + 7 * j, 50 + 11 * j, 0.9f);
        }
        int w = s.index("right_wrist");
        k[w] = new org.dancelens.core.Keypoint((float) (100 - 40 * Math.cos(Math.PI * (t - FIRST - offset) / (60 / BPM))), 300, 0.9f);
        return new org.dancelens.core.Pose(track, s, java.util.List.of(k), null, 0.9f, null);
    }

    /**
     * With a stored pose run of two dancers, one coming to rest on every click and one half a beat later: their lanes
     * get kinematic beats on the clicks' frames and beat alignment scores high and low; taking the run off takes them off.
     */
    @Test
    void theDancersOfTheShownPoseRunGetTheirBeatsAndAlignment(FxRobot robot) throws Exception {
        double fps = 25;
        double[] clicks = ClickTracks.clickTimes(BPM, FIRST, SECONDS);
        Path video = dir.resolve("dance.mp4");
        ClickTracks.writeVideo(video, "mp4", ClickTracks.render(clicks, SECONDS, RATE), RATE, avcodec.AV_CODEC_ID_AAC, SECONDS, fps, 0.0, true);
        int frames = (int) Math.round(SECONDS * fps);
        try (org.dancelens.analysis.store.ResultsStore s = org.dancelens.analysis.store.ResultsStore.open(org.dancelens.analysis.Workspace.storeFor(video))) {
            long run = s.runs().findOrCreate(new org.dancelens.analysis.store.RunSpec(video.toAbsolutePath().toString(), frames,
                    org.dancelens.analysis.store.RunKind.POSE, "movenet-lightning", "abc", "card", "{}", 0, frames)).id();
            java.util.List<org.dancelens.analysis.store.PoseFrames.FrameResult> rows = new java.util.ArrayList<>();
            for (int f = 0; f < frames; f++) {
                double t = f / fps;
                java.util.List<org.dancelens.core.Pose> p = java.util.List.of(dancer(1, t, 0), dancer(2, t, 30 / BPM));
                rows.add(new org.dancelens.analysis.store.PoseFrames.FrameResult(f, t, p, p));
            }
            s.poses().write(run, rows);
            s.runs().setStatus(run, org.dancelens.analysis.store.RunStatus.COMPLETE);
        }
        WorkbenchViewModel wb = window.workbench();
        robot.interact(() -> wb.open(video));
        waitUntil(() -> wb.session() != null && wb.session().timeline().dancerBeatsProperty().get().size() == 2);
        VideoSession session = wb.session();
        TimelineViewModel tl = session.timeline();
        var on = tl.dancerBeatsProperty().get().get(1);
        var off = tl.dancerBeatsProperty().get().get(2);
        assertThat(on.score()).as("stops on the clicks").isGreaterThan(0.7);
        assertThat(off.score()).as("stops between the clicks").isLessThan(0.2);
        assertThat(tl.dancerTag(1)).isEqualTo(String.format(java.util.Locale.ROOT, "#1 · BAS %.2f", on.score()));
        assertThat(on.beats()).isNotEmpty();
        for (double b : on.beats()) {
            double click = AudioSummary.nearest(clicks, b / fps);
            assertThat(Math.abs(click - b / fps)).as("kinematic beat at frame %.2f", b).isLessThanOrEqualTo(0.021);
        }
        assertThat(on.overTime()).hasSize(frames);
        VideoSession.PoseResults shown = session.posesProperty().get();
        robot.interact(() -> session.showPoses(null));
        assertThat(tl.dancerBeatsProperty().get()).as("the pose run taken off: its dancers' beats too").isEmpty();
        robot.interact(() -> session.showPoses(shown));
        waitUntil(() -> tl.dancerBeatsProperty().get().size() == 2);
        assertThat(tl.dancerBeatsProperty().get().get(1).score()).isEqualTo(on.score());
    }
}
