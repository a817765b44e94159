package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.dancelens.core.ExecutorTaskRunner;
import org.dancelens.testsupport.FakeDialogs;
import org.dancelens.testsupport.PumpedExecutor;
import org.dancelens.testsupport.RecordingSink;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.ui.player.PlayerViewModel;
import org.dancelens.ui.player.SyncViewModel;
import org.dancelens.ui.session.OverlaySettings;
import org.dancelens.video.AudioPlayback;
import org.dancelens.video.PatternVideoWriter;
import org.dancelens.video.VideoSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The player's sound without a toolkit: the player's view-model plays a video's sound on a recording sink (a real-time
 * stand-in for the sound card), muted by the shared setting, silent on side B of two linked videos, stopped on close;
 * without a device the picture plays on and the player says why it is silent.
 */
class PlayerSoundTest {
    PumpedExecutor ui;
    ExecutorTaskRunner tasks;
    FakeDialogs dialogs;
    OverlaySettings settings;

    @BeforeEach
    void setUp() {
        ui = new PumpedExecutor();
        tasks = new ExecutorTaskRunner(2, ui);
        dialogs = new FakeDialogs();
        settings = new OverlaySettings();
    }

    @AfterEach
    void tearDown() {
        tasks.close();
    }

    static Path tone() {
        return TestMedia.generated("sound-vm-3s.mp4", PatternVideoWriter.Spec.of("mp4", "libopenh264", 64, 48, 90, 30).gop(15).audio(44_100));
    }

    private PlayerViewModel open(Path video, RecordingSink[] sink) {
        PlayerViewModel p = new PlayerViewModel(VideoSource.open(video), tasks, ui, dialogs, settings, rate -> sink[0] = new RecordingSink(rate));
        ui.pumpUntil(() -> p.frameProperty().get() != null && p.soundKindProperty().get() == AudioPlayback.Status.Kind.READY, Duration.ofSeconds(30));
        return p;
    }

    private static int peak(short[] s, int from, int to) {
        int m = 0;
        for (int i = from; i < to; i++) {
            m = Math.max(m, Math.abs(s[i]));
        }
        return m;
    }

    @Test
    void playingWritesTheSoundMuteSilencesItPauseFlushesAndCloseStopsTheThread() {
        RecordingSink[] sink = new RecordingSink[1];
        PlayerViewModel p = open(tone(), sink);
        assertThat(p.soundStatusProperty().get()).isEmpty();
        assertThat(sink[0].count()).as("nothing before play").isZero();
        p.togglePlay();
        ui.pumpUntil(() -> sink[0].count() > 44_100 / 2, Duration.ofSeconds(10));
        // the pattern writer's tone: 440 Hz at 8000/32768 on the left, a sweep on the right, averaged to mono
        assertThat(peak(sink[0].samples(), 0, sink[0].count())).isGreaterThan(4000);

        settings.mutedProperty().set(true);
        assertThat(p.mutedProperty().get()).isTrue();
        ui.pumpFor(Duration.ofMillis(50)); // a chunk in flight may still carry sound
        int mark = sink[0].count();
        ui.pumpUntil(() -> sink[0].count() > mark + 44_100 / 5, Duration.ofSeconds(10));
        assertThat(peak(sink[0].samples(), mark, sink[0].count())).as("muted").isZero();
        settings.mutedProperty().set(false);

        int flushes = sink[0].flushes().size();
        p.togglePlay(); // pause
        ui.pumpUntil(() -> !p.playingProperty().get() && sink[0].flushes().size() > flushes, Duration.ofSeconds(10));
        int paused = sink[0].count();
        ui.pumpFor(Duration.ofMillis(200));
        assertThat(sink[0].count()).as("nothing written while paused").isLessThanOrEqualTo(paused + 441);

        p.close();
        // the line is closed by the sound's thread as it ends, and close() waits for that end
        assertThat(sink[0].closed).as("closing the player ends the thread and closes the line").isTrue();
    }

    @Test
    void twoLinkedVideosPlayOnlyAsSoundAndUnlinkedEachItsOwn() {
        RecordingSink[] sa = new RecordingSink[1];
        RecordingSink[] sb = new RecordingSink[1];
        PlayerViewModel a = open(tone(), sa);
        PlayerViewModel b = open(TestMedia.generated("sound-vm-b.mp4", PatternVideoWriter.Spec.of("mp4", "libopenh264", 64, 48, 60, 30).gop(15).audio(44_100)), sb);
        try (SyncViewModel sync = new SyncViewModel(a, b)) {
            assertThat(sync.linkedProperty().get()).isTrue();
            a.togglePlay(); // linked: both play
            ui.pumpUntil(() -> sa[0].count() > 44_100 / 2 && sb[0].count() > 44_100 / 2, Duration.ofSeconds(10));
            assertThat(peak(sa[0].samples(), 0, sa[0].count())).as("A is heard").isGreaterThan(4000);
            assertThat(peak(sb[0].samples(), 0, sb[0].count())).as("B is silent").isZero();
            a.togglePlay();
            ui.pumpUntil(() -> !a.playingProperty().get() && !b.playingProperty().get(), Duration.ofSeconds(10));

            sync.linkedProperty().set(false);
            int mark = sb[0].count();
            b.seek(0);
            ui.pumpUntil(() -> b.currentFrameProperty().get() == 0 && b.frameProperty().get().index() == 0, Duration.ofSeconds(10));
            b.togglePlay();
            ui.pumpUntil(() -> sb[0].count() > mark + 44_100 / 2, Duration.ofSeconds(10));
            assertThat(peak(sb[0].samples(), mark, sb[0].count())).as("unlinked, B is heard").isGreaterThan(4000);
            b.togglePlay();
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    void withoutAnAudioDeviceThePicturePlaysOnAndThePlayerSaysWhy() {
        PlayerViewModel p = new PlayerViewModel(VideoSource.open(tone()), tasks, ui, dialogs, settings, rate -> {
            throw new javax.sound.sampled.LineUnavailableException("No line matching interface SourceDataLine is supported.");
        });
        try {
            ui.pumpUntil(() -> p.frameProperty().get() != null && !p.soundStatusProperty().get().isEmpty(), Duration.ofSeconds(30));
            assertThat(p.soundStatusProperty().get()).isEqualTo("No audio device: playing without sound");
            assertThat(p.soundAvailableProperty().get()).isFalse();
            p.togglePlay();
            ui.pumpUntil(() -> p.currentFrameProperty().get() >= 20, Duration.ofSeconds(10));
            assertThat(dialogs.errors).isEmpty();
        } finally {
            p.close();
        }
    }
}
