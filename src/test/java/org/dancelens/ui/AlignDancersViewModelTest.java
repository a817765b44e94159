package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.dancelens.analysis.Workspace;
import org.dancelens.compare.WarpPath;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.ui.align.AlignDancersViewModel;
import org.dancelens.ui.player.PlayerViewModel;
import org.dancelens.ui.player.SyncViewModel;
import org.dancelens.video.PatternVideoWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Align tab's view-model on two generated videos with stored pose runs at a known time warp ({@link WarpedPair}):
 * the default dancers (the longest tracks), the alignment following the warp, a ranked moment showing both frames,
 * aligned playback (B follows the path when A steps, seeks and plays; off, B is back on the clock), the result taken off
 * when a sync point moves; two dancers of one video (unison); a side without a pose run said in one sentence.
 */
class AlignDancersViewModelTest {
    static final Duration LONG = Duration.ofSeconds(60);

    @RegisterExtension
    final IsolatedData data = new IsolatedData();

    UiHarness h;
    AlignDancersViewModel vm;

    @BeforeEach
    void setUp() throws Exception {
        WarpedPair.store();
        h = new UiHarness();
    }

    @AfterEach
    void tearDown() throws Exception {
        h.close();
    }

    private SyncViewModel compare() {
        h.open(WarpedPair.videoA());
        h.workbench.compareWith(WarpedPair.videoB());
        h.pumpUntil(() -> h.workbench.syncProperty().get() != null && h.workbench.sessions().get(1).player().frameProperty().get() != null, LONG);
        vm = new AlignDancersViewModel(h.tasks, h.dialogs, h.workbench.sessions(), h.workbench.sessionProperty(), h.workbench.syncProperty());
        return h.workbench.syncProperty().get();
    }

    private void shows(PlayerViewModel p, int n) {
        h.pumpUntil(() -> p.frameProperty().get() != null && p.frameProperty().get().index() == n, Duration.ofSeconds(20));
        assertThat(PatternVideoWriter.readIndex(p.frameProperty().get(), 160, 120, 0)).as("the picture of frame %d", n).isEqualTo(n);
    }

    private void aligned() {
        h.pumpUntil(() -> vm.canAlignProperty().get(), LONG);
        vm.align();
        h.pumpUntil(() -> !vm.runningProperty().get() && vm.shownProperty().get() != null, LONG);
    }

    @Test
    void twoVideosAlignAlongTheKnownWarpAndPlayAligned() {
        SyncViewModel sync = compare();
        PlayerViewModel a = sync.playerA();
        PlayerViewModel b = sync.playerB();
        assertThat(vm.sidesTextProperty().get()).isEqualTo("A: align-a.mkv   B: align-b.mkv (each from its sync point)");
        h.pumpUntil(() -> vm.dancerAProperty().get() != null && vm.dancerBProperty().get() != null, LONG);
        // the dancers seen in most frames
        assertThat(vm.dancersA()).containsExactly(new AlignDancersViewModel.Dancer(1, 121), new AlignDancersViewModel.Dancer(2, 116));
        assertThat(vm.dancersB()).containsExactly(new AlignDancersViewModel.Dancer(5, 124), new AlignDancersViewModel.Dancer(7, 10));
        assertThat(vm.dancerAProperty().get().track()).isEqualTo(1);
        assertThat(vm.dancerBProperty().get().track()).isEqualTo(5);
        assertThat(vm.canPlayAlignedProperty().get()).isFalse();

        aligned();
        AlignDancersViewModel.Shown s = vm.shownProperty().get();
        WarpPath w = s.path();
        int worst = 0;
        for (int f = 0; f < WarpedPair.FRAMES_A; f++) {
            int expected = (int) Math.round(WarpedPair.INVERSE.applyAsDouble(f));
            worst = Math.max(worst, Math.abs(w.bOf(f) - expected));
        }
        System.out.printf("Align tab on a known warp: worst B frame error %d; lag at A frame 60: %.1f frames%n", worst, s.lag()[60]);
        assertThat(worst).isLessThanOrEqualTo(1);
        assertThat(s.lag()).hasSize(WarpedPair.FRAMES_A);
        assertThat((double) s.lag()[60]).as("B 15 frames behind where its tempo changes").isBetween(14.0, 16.0);
        assertThat(s.groups()).containsExactly("head", "left arm", "right arm", "torso", "left leg", "right leg");
        assertThat(s.deviation()).hasNumberOfRows(6);
        assertThat(vm.summary()).hasSize(4);
        assertThat(vm.summary().get(0)).isEqualTo("A: dancer #1 of align-a.mkv, frames 0–120 · B: dancer #5 of align-b.mkv, frames 0–123");
        assertThat(vm.statusProperty().get()).startsWith("align-a.mkv: Aligned: ");
        // the moments, ranked by their distance after alignment
        List<AlignDancersViewModel.Moment> ms = vm.moments();
        assertThat(ms).isNotEmpty();
        for (int i = 0; i < ms.size(); i++) {
            assertThat(ms.get(i).rank()).isEqualTo(i + 1);
            assertThat(ms.get(i).text()).startsWith((i + 1) + ". A frame " + ms.get(i).aFrame() + " ~ B frame " + ms.get(i).bFrame());
        }
        List<Double> costs = s.result().moments().stream().map(m -> m.step().cost()).toList();
        assertThat(costs).isSortedAccordingTo(java.util.Comparator.reverseOrder());

        // a moment a click away: both sides show its frames
        AlignDancersViewModel.Moment m = ms.get(ms.size() - 1);
        m.jump();
        shows(a, m.aFrame());
        shows(b, m.bFrame());

        // aligned playback: B follows the path from A's frame
        assertThat(vm.canPlayAlignedProperty().get()).isTrue();
        vm.alignedPlaybackProperty().set(true);
        assertThat(sync.alignedProperty().get()).isTrue();
        a.seek(60);
        shows(a, 60);
        shows(b, w.bOf(60));
        assertThat(w.bOf(60)).isBetween(74, 76);
        a.step(4);
        shows(a, 64);
        shows(b, w.bOf(64));
        b.seek(100); // B moved: A goes where the path takes it
        shows(b, 100);
        shows(a, w.aOf(100));
        // playing: A plays, B follows it frame by frame
        a.seek(10);
        shows(a, 10);
        a.togglePlay();
        h.pumpUntil(() -> a.currentFrameProperty().get() >= 40, Duration.ofSeconds(20));
        a.togglePlay();
        h.pumpUntil(() -> !a.playingProperty().get(), Duration.ofSeconds(5));
        int stopped = a.currentFrameProperty().get();
        shows(b, w.bOf(stopped));
        assertThat(b.playingProperty().get()).isFalse();

        // off: B is back on the clock (both sync points at frame 0, both 30 fps: the same frame)
        vm.alignedPlaybackProperty().set(false);
        assertThat(sync.alignedProperty().get()).isFalse();
        shows(b, stopped);
        a.step(1);
        shows(a, stopped + 1);
        shows(b, stopped + 1);

        // a sync point moved: the result (made from the old one) is taken off, aligned playback with it
        vm.alignedPlaybackProperty().set(true);
        sync.setSyncPointA();
        assertThat(vm.shownProperty().get()).isNull();
        assertThat(vm.moments()).isEmpty();
        assertThat(sync.alignedProperty().get()).isFalse();
        assertThat(sync.warp()).isNull();
        assertThat(vm.statusProperty().get()).contains("A sync point moved");
    }

    @Test
    void twoDancersOfOneVideoInUnison() {
        h.open(WarpedPair.videoA());
        vm = new AlignDancersViewModel(h.tasks, h.dialogs, h.workbench.sessions(), h.workbench.sessionProperty(), h.workbench.syncProperty());
        assertThat(vm.sidesTextProperty().get()).isEqualTo("Two dancers of align-a.mkv (unison)");
        assertThat(vm.twoVideosProperty().get()).isFalse();
        h.pumpUntil(() -> vm.dancerAProperty().get() != null && vm.dancerBProperty().get() != null && vm.canAlignProperty().get(), LONG);
        assertThat(vm.dancerAProperty().get().track()).isEqualTo(1);
        assertThat(vm.dancerBProperty().get().track()).as("the second dancer, not the first again").isEqualTo(2);
        aligned();
        WarpPath w = vm.shownProperty().get().path();
        // dancer 2 does at frame f + 5 what dancer 1 does at f: 5 frames behind once both move
        for (int f = 10; f <= 110; f++) {
            assertThat(w.lagFrames(f)).as("A frame %d", f).isBetween(WarpedPair.UNISON_DELAY - 1, WarpedPair.UNISON_DELAY + 1);
        }
        assertThat(vm.canPlayAlignedProperty().get()).isFalse();
        vm.alignedPlaybackProperty().set(true); // one video: nothing to play aligned
        assertThat(vm.alignedPlaybackProperty().get()).isTrue(); // the view disables it; the workbench has no sync
        AlignDancersViewModel.Moment m = vm.moments().get(0);
        m.jump();
        shows(h.session().player(), m.aFrame());
        // another dancer chosen: the result is taken off
        vm.dancerBProperty().set(vm.dancersB().get(0));
        assertThat(vm.shownProperty().get()).isNull();
        assertThat(vm.canAlignProperty().get()).as("a dancer against himself").isFalse();
    }

    @Test
    void aSideWithoutAPoseRunIsSaidInOneSentence() throws Exception {
        Files.delete(Workspace.storeFor(WarpedPair.videoB()));
        compare();
        h.pumpUntil(() -> vm.statusProperty().get().contains("No stored pose run"), LONG);
        assertThat(vm.statusProperty().get())
                .isEqualTo("No stored pose run of align-b.mkv: show it, run Analyse video in the Poses tab, then align.");
        assertThat(vm.canAlignProperty().get()).isFalse();
    }
}
