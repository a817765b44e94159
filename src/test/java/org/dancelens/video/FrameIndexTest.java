package org.dancelens.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FrameIndexTest {

    /** Packets arrive in decode order (I P B B P B B ...); the index must be in presentation order. */
    @Test
    void sortsDecodeOrderIntoPresentationOrder() {
        FrameIndex.Builder b = new FrameIndex.Builder(1, 90000);
        long d = 3600; // 25 fps
        long[] decodeOrderPts = {0, 3 * d, d, 2 * d, 6 * d, 4 * d, 5 * d};
        boolean[] key = {true, false, false, false, true, false, false};
        for (int i = 0; i < decodeOrderPts.length; i++) {
            b.add(decodeOrderPts[i], key[i]);
        }
        FrameIndex idx = b.build(d);
        assertThat(idx.size()).isEqualTo(7);
        for (int i = 0; i < 7; i++) {
            assertThat(idx.pts(i)).isEqualTo(i * d);
            assertThat(idx.timeOf(i)).isCloseTo(i * 0.04, within(1e-9));
        }
        assertThat(idx.isKeyFrame(0)).isTrue();
        assertThat(idx.isKeyFrame(6)).isTrue();
        assertThat(idx.keyFrameAtOrBefore(5)).isEqualTo(0);
        assertThat(idx.keyFrameAtOrBefore(6)).isEqualTo(6);
        assertThat(idx.keyFrameBefore(6)).isEqualTo(0);
        assertThat(idx.keyFrameBefore(0)).isEqualTo(-1);
        assertThat(idx.durationSeconds()).isCloseTo(0.28, within(1e-9));
        assertThat(idx.averageFps()).isCloseTo(25, within(1e-9));
        assertThat(idx.isVariableFrameRate()).isFalse();
    }

    @Test
    void duplicateTimestampsCountOnce() {
        FrameIndex.Builder b = new FrameIndex.Builder(1, 1000);
        b.add(0, true);
        b.add(40, false);
        b.add(40, false);
        b.add(80, false);
        assertThat(b.build(40).size()).isEqualTo(3);
    }

    @Test
    void frameAtMapsTimesBackToFrames() {
        FrameIndex.Builder b = new FrameIndex.Builder(1001, 30000); // 29.97 fps, one tick per frame
        for (int i = 0; i < 100; i++) {
            b.add(1000 + i, i % 30 == 0);
        }
        FrameIndex idx = b.build(1);
        for (int i = 0; i < 100; i++) {
            assertThat(idx.frameAt(idx.timeOf(i))).isEqualTo(i);
            assertThat(idx.frameAt(idx.timeOf(i) + 0.5 * idx.frameDurationSeconds(i) - 1e-6)).isEqualTo(i);
        }
        assertThat(idx.frameAt(-5)).isEqualTo(0);
        assertThat(idx.frameAt(1e6)).isEqualTo(99);
        assertThat(idx.averageFps()).isCloseTo(30000.0 / 1001, within(1e-9));
    }

    @Test
    void roundingOfAFixedRateIsNotVariable() {
        // 29.97 fps in a 1 ms time base: intervals alternate 33 and 34 ms.
        FrameIndex.Builder b = new FrameIndex.Builder(1, 1000);
        for (int i = 0; i < 300; i++) {
            b.add(Math.round(i * 1001 / 30.0), i == 0);
        }
        assertThat(b.build(33).isVariableFrameRate()).isFalse();
    }

    @Test
    void phoneStyleJitterIsVariable() {
        FrameIndex.Builder b = new FrameIndex.Builder(1, 90000);
        long t = 0;
        for (int i = 0; i < 100; i++) {
            b.add(t, i == 0);
            t += i % 10 == 0 ? 4500 : 3000; // mostly 30 fps with 20 fps gaps
        }
        assertThat(b.build(3000).isVariableFrameRate()).isTrue();
    }

    @Test
    void nearestTimestampLookup() {
        FrameIndex.Builder b = new FrameIndex.Builder(1, 100);
        for (int i = 0; i < 10; i++) {
            b.add(i * 10L, i == 0);
        }
        FrameIndex idx = b.build(10);
        assertThat(idx.indexOfPts(30)).isEqualTo(3);
        assertThat(idx.indexOfPts(31)).isEqualTo(-1);
        assertThat(idx.nearestIndexOfPts(31)).isEqualTo(3);
        assertThat(idx.nearestIndexOfPts(36)).isEqualTo(4);
        assertThat(idx.nearestIndexOfPts(-100)).isEqualTo(0);
        assertThat(idx.nearestIndexOfPts(1000)).isEqualTo(9);
    }
}
