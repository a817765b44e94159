package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.dancelens.core.ExecutorTaskRunner;
import org.dancelens.testsupport.FakeDialogs;
import org.dancelens.testsupport.PumpedExecutor;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.ui.player.PlayerViewModel;
import org.dancelens.ui.player.SyncViewModel;
import org.dancelens.video.PatternVideoWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two videos in sync without a toolkit (File ▸ Compare with Video…): real decoding on worker threads, the frames
 * checked by the index each generated frame carries in its pixels.
 */
class SyncViewModelTest {
    PumpedExecutor ui;
    ExecutorTaskRunner tasks;
    FakeDialogs dialogs;
    Path settingsDir;
    SettingsFile prefs;
    WorkbenchViewModel wb;

    @BeforeEach
    void setUp() throws Exception {
        ui = new PumpedExecutor();
        tasks = new ExecutorTaskRunner(2, ui);
        dialogs = new FakeDialogs();
        settingsDir = UiHarness.tempDir();
        prefs = SettingsFile.open(settingsDir.resolve(SettingsFile.NAME));
        wb = new WorkbenchViewModel(tasks, ui, dialogs, new RecentFiles(prefs));
    }

    @AfterEach
    void tearDown() throws Exception {
        wb.close();
        tasks.close();
        prefs.close();
        UiHarness.deleteTree(settingsDir);
    }

    static Path video30() {
        return TestMedia.generated("sync-vm-a30.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 160, 120, 90, 30).gop(10));
    }

    static Path video25() {
        return TestMedia.generated("sync-vm-b25.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 160, 120, 75, 25).gop(10));
    }

    private void shows(PlayerViewModel p, int n) {
        ui.pumpUntil(() -> p.frameProperty().get() != null && p.frameProperty().get().index() == n, Duration.ofSeconds(10));
        assertThat(PatternVideoWriter.readIndex(p.frameProperty().get(), 160, 120, 0)).as("the picture of frame %d", n).isEqualTo(n);
        assertThat(p.currentFrameProperty().get()).isEqualTo(n);
    }

    private SyncViewModel compare() {
        wb.open(video30());
        ui.pumpUntil(() -> wb.session() != null && wb.session().player().frameProperty().get() != null, Duration.ofSeconds(20));
        wb.session().player().seek(30);
        shows(wb.session().player(), 30);
        wb.compareWith(video25());
        ui.pumpUntil(() -> wb.syncProperty().get() != null && wb.sessions().get(1).player().frameProperty().get() != null, Duration.ofSeconds(20));
        return wb.syncProperty().get();
    }

    @Test
    void setSyncPointsLinkAndStepTogetherFrameExact() {
        SyncViewModel sync = compare();
        PlayerViewModel a = sync.playerA();
        PlayerViewModel b = sync.playerB();
        assertThat(wb.sessions()).hasSize(2);
        assertThat(a.videoPath()).isEqualTo(video30());
        assertThat(b.videoPath()).isEqualTo(video25());
        assertThat(sync.linkedProperty().get()).isTrue();
        assertThat(sync.syncFrameAProperty().get()).isEqualTo(30);
        assertThat(sync.syncFrameBProperty().get()).isZero();

        // Unlink to find the same moment in B (its frame 20, 0.8 s), set both sync points, link again.
        sync.linkedProperty().set(false);
        b.seek(20);
        shows(b, 20);
        shows(a, 30);
        sync.setSyncPointA();
        sync.setSyncPointB();
        assertThat(sync.offsetTextProperty().get()).isEqualTo("offset -0.200 s");
        sync.linkedProperty().set(true);

        // Step together: A (30 fps, the finer) steps one frame, B (25 fps) is at 0.8 s + k/30 s, frame 20 + floor(5k/6).
        for (int k = 1; k <= 7; k++) {
            a.step(1);
            shows(a, 30 + k);
            shows(b, 20 + 5 * k / 6);
        }
        // The transport of B moves both as well (still stepping the finer side, A).
        b.step(-2);
        shows(a, 35);
        shows(b, 24);
        // Seeking B to its frame 50 (2.0 s, clock 1.2 s) puts A at 1.0 + 1.2 s = frame 66.
        b.seek(50);
        shows(b, 50);
        shows(a, 66);
        // Speed is shared.
        a.setSpeed(0.5);
        assertThat(b.speedProperty().get()).isEqualTo(0.5);

        // Unlinked, one side moves alone.
        sync.linkedProperty().set(false);
        a.step(3);
        shows(a, 69);
        ui.pumpFor(Duration.ofMillis(300));
        assertThat(b.currentFrameProperty().get()).isEqualTo(50);
        assertThat(b.frameProperty().get().index()).isEqualTo(50);
        b.setSpeed(2.0);
        assertThat(a.speedProperty().get()).isEqualTo(0.5);

        // Relinking keeps the sync points: B takes its place on A's clock (A 69: clock 1.3 s, B at 2.1 s, frame 52).
        sync.linkedProperty().set(true);
        assertThat(sync.syncFrameAProperty().get()).isEqualTo(30);
        assertThat(sync.syncFrameBProperty().get()).isEqualTo(20);
        shows(a, 69);
        shows(b, 52);
    }

    @Test
    void playingLinkedKeepsBothOnTheClockAndSaysWhenASideHasEnded() {
        SyncViewModel sync = compare();
        PlayerViewModel a = sync.playerA();
        PlayerViewModel b = sync.playerB();
        // Sync points A 30 (1.0 s), B 0: B ends (3.0 s) at clock 3.0, A at 4.0 s of its 3.0 s: A ends first, at clock 2.0.
        b.seek(60); // clock 2.4: A past its end
        shows(b, 60);
        shows(a, 89);
        assertThat(sync.coverageProperty().get()).isEqualTo("A has ended (its last frame is shown).");
        a.seek(45); // clock 0.5
        shows(a, 45);
        shows(b, 12);
        assertThat(sync.coverageProperty().get()).isEmpty();
        a.togglePlay();
        ui.pumpUntil(() -> a.playingProperty().get() && b.playingProperty().get(), Duration.ofSeconds(5));
        // A (1.0 s of it left from clock 0.5) ends first and stops at its last frame; B goes on to its own end.
        ui.pumpUntil(() -> !a.playingProperty().get() && !b.playingProperty().get(), Duration.ofSeconds(10));
        assertThat(a.currentFrameProperty().get()).isEqualTo(89);
        assertThat(b.currentFrameProperty().get()).isEqualTo(74);
        assertThat(sync.coverageProperty().get()).isEqualTo("A has ended (its last frame is shown).");
        // Both at their ends: playing again starts where the first of them starts (clock -1.0: A's frame 0, B before its start).
        a.togglePlay();
        ui.pumpUntil(() -> a.playingProperty().get() || b.playingProperty().get(), Duration.ofSeconds(5));
        a.togglePlay();
        ui.pumpUntil(() -> !a.playingProperty().get() && !b.playingProperty().get(), Duration.ofSeconds(5));
        assertThat(a.currentFrameProperty().get()).isLessThan(60);
        assertThat(b.currentFrameProperty().get()).isLessThan(30);
    }

    @Test
    void closingOneComparedVideoEndsTheSyncAndTheOtherMovesAlone() {
        SyncViewModel sync = compare();
        PlayerViewModel a = sync.playerA();
        PlayerViewModel b = sync.playerB();
        b.step(3); // linked: A (the finer) steps 3 frames, B follows
        shows(a, 33);
        wb.activate(wb.sessions().get(1));
        wb.closeActive(); // B
        assertThat(wb.syncProperty().get()).isNull();
        assertThat(sync.linkedProperty().get()).isFalse();
        a.step(1);
        shows(a, 34);
        // opening beside (not comparing) links nothing
        wb.openBeside(video25());
        ui.pumpUntil(() -> wb.sessions().size() == 2 && wb.session().player().frameProperty().get() != null, Duration.ofSeconds(20));
        assertThat(wb.syncProperty().get()).isNull();
    }
}
