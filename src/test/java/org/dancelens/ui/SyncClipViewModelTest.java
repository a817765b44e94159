package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.dancelens.core.VideoFrame;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.ui.compare.SyncClipViewModel;
import org.dancelens.ui.player.PlayerViewModel;
import org.dancelens.ui.player.SyncViewModel;
import org.dancelens.video.PatternVideoWriter;
import org.dancelens.video.VideoSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sync bar's Clip…: two generated videos whose pixels carry their frame index, opened in sync with sync points A 10 and B 20; the clip written from the bar's choices holds the
 * frames of A that B has a frame for on the one clock and, beside them (or under them, superposed), the B frame the
 * clock names.
 */
class SyncClipViewModelTest {
    private static final Duration LONG = Duration.ofSeconds(120);
    private static final int W = 160;
    private static final int H = 120;

    @RegisterExtension
    final IsolatedData data = new IsolatedData();

    @TempDir
    Path dir;

    UiHarness h;

    @BeforeEach
    void setUp() throws Exception {
        h = new UiHarness();
    }

    @AfterEach
    void tearDown() throws Exception {
        h.close();
    }

    /** A 30 fps video of 90 frames whose pixels carry their index (no results stored: the pictures alone are drawn). */
    private static Path videoA() {
        return org.dancelens.testsupport.TestMedia.generated("syncclip-a.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", W, H, 90, 30).gop(10));
    }

    /** A 30 fps video of 80 frames whose pixels carry their index. */
    private static Path videoB() {
        return org.dancelens.testsupport.TestMedia.generated("syncclip-b.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", W, H, 80, 30).gop(10));
    }

    /** The {@code w x h} picture at {@code (x0, y0)} of a clip frame. */
    private static VideoFrame half(VideoFrame f, int x0, int y0, int w, int h) {
        byte[] out = new byte[w * h * 4];
        for (int y = 0; y < h; y++) {
            System.arraycopy(f.bgra(), ((y0 + y) * f.width() + x0) * 4, out, y * w * 4, w * 4);
        }
        return new VideoFrame(f.index(), f.timeSeconds(), w, h, out);
    }

    private void shows(PlayerViewModel p, int n) {
        h.pumpUntil(() -> p.frameProperty().get() != null && p.frameProperty().get().index() == n, Duration.ofSeconds(20));
    }

    @Test
    void theTwoVideosAreExportedAsTheBarShowsThemFromTheSyncPoints() throws Exception {
        h.open(videoA());
        h.workbench.compareWith(videoB());
        h.pumpUntil(() -> h.workbench.syncProperty().get() != null && h.workbench.sessions().get(1).player().frameProperty().get() != null, LONG);
        SyncViewModel sync = h.workbench.syncProperty().get();
        sync.linkedProperty().set(false);
        sync.playerA().seek(10);
        sync.playerB().seek(20);
        shows(sync.playerA(), 10);
        shows(sync.playerB(), 20);
        sync.setSyncPointA();
        sync.setSyncPointB();
        sync.linkedProperty().set(true);
        SyncClipViewModel clip = new SyncClipViewModel(h.tasks, h.dialogs, h.workbench);

        Path side = dir.resolve("side.mp4");
        h.dialogs.clipToSave = side;
        clip.exportClip();
        h.pumpUntil(() -> !clip.runningProperty().get(), LONG);
        assertThat(h.dialogs.errors).isEmpty();
        assertThat(h.dialogs.suggestedClips).last().isEqualTo(videoA().toAbsolutePath().resolveSibling("syncclip-a-vs-syncclip-b.mp4"));
        String said = h.dialogs.infos.get(h.dialogs.infos.size() - 1);
        assertThat(said).matches("Exported \\d+ frames \\(side by side\\) to side\\.mp4 in \\d+\\.\\d s\\.");
        int frames;
        try (VideoSource v = VideoSource.open(side)) {
            frames = v.frameCount();
            // both videos are 30 fps and B's sync point is 10 frames later: A's frame i meets B's i + 10, so A's frames 0 to 69
            // (B has 80 frames) are in the clip
            assertThat(frames).isEqualTo(70);
            assertThat(said).startsWith("Exported " + frames + " frames");
            assertThat(v.info().width()).isEqualTo(2 * W);
            for (int i : new int[] {0, 1, 50, frames - 1}) {
                VideoFrame f = v.frame(i);
                assertThat(PatternVideoWriter.readIndex(half(f, 0, 0, W, H), W, H, 0)).as("A at clip frame %d", i).isEqualTo(i);
                assertThat(PatternVideoWriter.readIndex(half(f, W, 0, W, H), W, H, 0)).as("B at clip frame %d", i).isEqualTo(10 + i);
            }
        }

        // superposed, as the bar shows it then: one picture wide
        Path over = dir.resolve("over.mp4");
        h.dialogs.clipToSave = over;
        sync.superposedProperty().set(true);
        sync.opacityProperty().set(0.4);
        clip.exportClip();
        h.pumpUntil(() -> !clip.runningProperty().get(), LONG);
        assertThat(h.dialogs.infos.get(h.dialogs.infos.size() - 1)).startsWith("Exported " + frames + " frames (B superposed) to over.mp4 in ");
        try (VideoSource v = VideoSource.open(over)) {
            assertThat(v.info().width()).isEqualTo(W);
            assertThat(v.frameCount()).isEqualTo(frames);
        }

        // no file chosen: nothing runs
        h.dialogs.clipToSave = null;
        clip.exportClip();
        assertThat(clip.runningProperty().get()).isFalse();
    }
}
