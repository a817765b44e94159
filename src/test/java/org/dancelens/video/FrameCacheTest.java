package org.dancelens.video;

import static org.assertj.core.api.Assertions.assertThat;

import org.dancelens.core.VideoFrame;
import org.junit.jupiter.api.Test;

class FrameCacheTest {
    private static VideoFrame frame(int index, int w, int h) {
        return new VideoFrame(index, index / 25.0, w, h, new byte[w * h * 4]);
    }

    @Test
    void evictsLeastRecentlyUsedToStayWithinItsByteBudget() {
        FrameCache cache = new FrameCache(3 * 400); // room for three 10x10 frames
        cache.put(frame(0, 10, 10));
        cache.put(frame(1, 10, 10));
        cache.put(frame(2, 10, 10));
        assertThat(cache.get(0)).isNotNull(); // 0 is now the most recently used
        cache.put(frame(3, 10, 10));
        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.sizeBytes()).isEqualTo(1200);
        assertThat(cache.get(1)).isNull();
        assertThat(cache.get(0)).isNotNull();
        assertThat(cache.get(2)).isNotNull();
        assertThat(cache.get(3)).isNotNull();
    }

    @Test
    void aFrameLargerThanTheBudgetIsNotKept() {
        FrameCache cache = new FrameCache(100);
        cache.put(frame(0, 10, 10));
        assertThat(cache.size()).isZero();
        assertThat(cache.sizeBytes()).isZero();
    }

    @Test
    void replacingAFrameKeepsTheAccountingRight() {
        FrameCache cache = new FrameCache(10_000);
        cache.put(frame(5, 10, 10));
        cache.put(frame(5, 20, 10));
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.sizeBytes()).isEqualTo(800);
        assertThat(cache.hits()).isZero();
        cache.get(5);
        cache.get(6);
        assertThat(cache.hits()).isEqualTo(1);
        assertThat(cache.misses()).isEqualTo(1);
    }
}
