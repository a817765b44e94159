package org.dancelens.video;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.VideoFrame;
import org.junit.jupiter.api.Test;

/**
 * The player with a display cache: a seek shows the cached stand-in at once and then the decoded frame; a scrub shows
 * only the stand-in; a frame the decoder already holds is shown as itself.
 */
class FramePlayerStandInTest {
    record Shown(int requested, int index, int width, boolean exact) {
    }

    /** A listener that notes every frame shown. */
    static FramePlayer.Listener recorder(List<Shown> shown) {
        return new FramePlayer.Listener() {
            @Override
            public void frame(VideoFrame f, int requested, boolean exact) {
                shown.add(new Shown(requested, f.index(), f.width(), exact));
            }

            @Override
            public void playingChanged(boolean playing) {
            }

            @Override
            public void undecodable(int frame, DanceLensException error) {
            }

            @Override
            public void failed(DanceLensException error) {
            }
        };
    }

    static List<Shown> waitFor(List<Shown> shown, int count) throws InterruptedException {
        long end = System.nanoTime() + 20_000_000_000L;
        while (shown.size() < count && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        Thread.sleep(200); // nothing more should come
        return List.copyOf(shown);
    }

    @Test
    void aSeekShowsTheStandInThenTheDecodedFrame() throws Exception {
        List<Shown> shown = new CopyOnWriteArrayList<>();
        try (VideoSource src = VideoSource.open(DisplayCacheTest.video(), org.dancelens.core.TaskContext.NONE, 0, 0);
             DisplayCache cache = DisplayCache.start(src, DisplayCacheTest.small(), null);
             FramePlayer player = new FramePlayer(src, recorder(shown))) {
            DisplayCacheTest.waitComplete(cache);
            player.setDisplayCache(cache);

            player.show(61);
            assertThat(waitFor(shown, 2)).containsExactly(new Shown(61, 61, 320, false), new Shown(61, 61, 640, true));

            shown.clear();
            player.preview(20);
            assertThat(waitFor(shown, 1)).as("scrubbing: the stand-in only").containsExactly(new Shown(20, 20, 320, false));

            shown.clear();
            player.show(61); // held by the decoder's frame cache? not with a 0-byte cache: the stand-in first again
            assertThat(waitFor(shown, 2)).extracting(Shown::exact).containsExactly(false, true);
        }
    }

    @Test
    void aFrameTheDecoderHoldsIsShownAsItself() throws Exception {
        List<Shown> shown = new CopyOnWriteArrayList<>();
        try (VideoSource src = VideoSource.open(DisplayCacheTest.video(), org.dancelens.core.TaskContext.NONE, 64L << 20, 0);
             DisplayCache cache = DisplayCache.start(src, DisplayCacheTest.small(), null);
             FramePlayer player = new FramePlayer(src, recorder(shown))) {
            DisplayCacheTest.waitComplete(cache);
            src.frame(33); // now in the decoder's frame cache
            player.setDisplayCache(cache);
            player.show(33);
            assertThat(waitFor(shown, 1)).containsExactly(new Shown(33, 33, 640, true));
        }
    }
}
