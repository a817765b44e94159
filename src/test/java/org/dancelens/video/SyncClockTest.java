package org.dancelens.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import org.dancelens.core.TaskContext;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.video.SyncClock.Frames;
import org.dancelens.video.SyncClock.Side;
import org.junit.jupiter.api.Test;

/**
 * Two videos on one clock from their sync points: with a known offset, every frame of one side must meet the frame of
 * the other worked out independently (in integer ticks), for constant and variable frame rates, on indexes and on
 * generated videos whose every frame carries its own index.
 */
class SyncClockTest {

    private static FrameIndex cfr(int frames, long tbDen, long ticksPerFrame) {
        FrameIndex.Builder b = new FrameIndex.Builder(1, tbDen);
        for (int i = 0; i < frames; i++) {
            b.add(i * ticksPerFrame, i % 12 == 0);
        }
        return b.build(ticksPerFrame);
    }

    /** The last frame starting at or before {@code t} (the one whose interval holds it), from the timestamps themselves. */
    private static int frameHolding(long[] startTicks, long t) {
        int found = 0;
        for (int i = 0; i < startTicks.length; i++) {
            if (startTicks[i] <= t) {
                found = i;
            }
        }
        return found;
    }

    @Test
    void cfr30AndCfr25WithAKnownOffsetMeetFrameExactly() {
        // A: 30 fps in a 1/90000 time base; B: 25 fps in a 1/1000 time base.
        FrameIndex a = cfr(300, 90000, 3000);
        FrameIndex b = cfr(250, 1000, 40);
        // The same movement is frame 60 of A (2.000 s) and frame 25 of B (1.000 s): B is 1 s earlier in its video.
        SyncClock clock = new SyncClock(a, b, 60, 25);
        assertThat(clock.offsetSeconds()).isCloseTo(-1.0, within(1e-12));
        assertThat(clock.finer()).isEqualTo(Side.A);
        assertThat(clock.at(0)).isEqualTo(new Frames(60, 25, 0));
        for (int n = 0; n < a.size(); n++) {
            Frames f = clock.seek(Side.A, n);
            assertThat(f.a()).isEqualTo(n);
            // A's frame n starts at n/30 s; B is there at n/30 - 1 s = (100 n - 3000) / 3 ms; B's frame k starts at 40 k ms.
            long bMillisTimes3 = 100L * n - 3000;
            int expected = bMillisTimes3 < 0 ? 0 : (int) Math.min(249, Math.floorDiv(bMillisTimes3, 120));
            assertThat(f.b()).as("B's frame at A's frame %d", n).isEqualTo(expected);
            assertThat(clock.covers(Side.B, f.clock())).as("B has a frame at A's frame %d", n).isEqualTo(bMillisTimes3 >= 0);
        }
        // And the other way: B's frame k at clock (k - 25) / 25 s is A's frame at 2 + (k - 25)/25 s = (40 k + 1000) ms.
        for (int k = 0; k < b.size(); k++) {
            Frames f = clock.seek(Side.B, k);
            assertThat(f.b()).isEqualTo(k);
            long aMillis = 40L * k + 1000;
            int expected = (int) Math.min(299, Math.floorDiv(aMillis * 3, 100));
            assertThat(f.a()).as("A's frame at B's frame %d", k).isEqualTo(expected);
        }
    }

    @Test
    void steppingMovesTheFinerSideOneFrameAndTheOtherFollows() {
        FrameIndex a = cfr(100, 1000, 40); // 25 fps
        FrameIndex b = cfr(200, 90000, 1500); // 60 fps: the finer
        SyncClock clock = new SyncClock(a, b, 10, 30); // A at 0.4 s, B at 0.5 s
        assertThat(clock.finer()).isEqualTo(Side.B);
        Frames f = clock.at(0);
        for (int i = 1; i <= 60; i++) {
            f = clock.step(f.clock(), 1);
            assertThat(f.b()).isEqualTo(30 + i);
            // B's frame 30+i starts at i/60 s on the clock; A is at 0.4 + i/60 s = (24 + i) / 60 s; A's frames last 1/25 s.
            assertThat(f.a()).isEqualTo((24 + i) * 25 / 60);
        }
        f = clock.step(f.clock(), -5);
        assertThat(f.b()).isEqualTo(85);
        // Before the sync points both still show: clock -0.3 is B at 0.2 s (frame 12), clock -0.4 (A's frame 0) B at 0.1 s.
        Frames early = clock.at(-0.3);
        assertThat(clock.covers(Side.B, -0.3)).isTrue();
        assertThat(clock.seek(Side.A, 0).b()).isEqualTo(6);
        // While the finer side has no frame (B before its start), the other side steps.
        SyncClock late = new SyncClock(a, b, 10, 0); // B's sync point at its start: B has no frame before clock 0
        Frames beforeB = late.seek(Side.A, 5); // clock -0.2
        assertThat(late.covers(Side.B, beforeB.clock())).isFalse();
        Frames stepped = late.step(beforeB.clock(), 1);
        assertThat(stepped.a()).as("A steps while B has not started").isEqualTo(6);
        assertThat(stepped.b()).isZero();
        assertThat(early.b()).isEqualTo(12);
        // moving a sync point keeps the other
        SyncClock moved = clock.withSyncPoint(Side.A, 20);
        assertThat(moved.syncFrame(Side.A)).isEqualTo(20);
        assertThat(moved.syncFrame(Side.B)).isEqualTo(30);
        assertThat(moved.offsetSeconds()).isCloseTo(0.5 - 0.8, within(1e-12));
    }

    @Test
    void cfrAgainstVfrIndexIsFrameExact() {
        long[] vfrMillis = new long[120];
        java.util.Random r = new java.util.Random(3);
        for (int i = 1; i < vfrMillis.length; i++) {
            vfrMillis[i] = vfrMillis[i - 1] + 20 + r.nextInt(41); // 20..60 ms
        }
        FrameIndex.Builder vb = new FrameIndex.Builder(1, 1000);
        for (long t : vfrMillis) {
            vb.add(t, false);
        }
        FrameIndex vfr = vb.build(40);
        assertThat(vfr.isVariableFrameRate()).isTrue();
        FrameIndex cfr = cfr(200, 1000, 40); // 25 fps
        int syncA = 17;
        int syncB = 50;
        SyncClock clock = new SyncClock(cfr, vfr, syncA, syncB);
        for (int n = 0; n < cfr.size(); n++) {
            Frames f = clock.seek(Side.A, n);
            long bTime = vfrMillis[syncB] + 40L * (n - syncA);
            int expected = bTime < 0 ? 0 : frameHolding(vfrMillis, bTime);
            assertThat(f.b()).as("VFR frame at CFR frame %d", n).isEqualTo(expected);
        }
        for (int k = 0; k < vfr.size(); k++) {
            Frames f = clock.seek(Side.B, k);
            long aTime = 40L * syncA + vfrMillis[k] - vfrMillis[syncB];
            int expected = aTime < 0 ? 0 : (int) Math.min(199, aTime / 40);
            assertThat(f.a()).as("CFR frame at VFR frame %d", k).isEqualTo(expected);
        }
    }

    @Test
    void generatedCfrAndVfrVideosShowTheFramesTheClockNames() {
        long[] micros = new long[70];
        java.util.Random r = new java.util.Random(7);
        for (int i = 1; i < micros.length; i++) {
            micros[i] = micros[i - 1] + 1000L * (20 + r.nextInt(41));
        }
        Path cfrFile = TestMedia.generated("sync-cfr30.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 256, 144, 90, 30).gop(10));
        Path vfrFile = TestMedia.generated("sync-vfr.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 256, 144, 0, 30).gop(8).timestamps(micros));
        try (VideoSource a = VideoSource.open(cfrFile, TaskContext.NONE, 64L << 20, 0);
             VideoSource b = VideoSource.open(vfrFile, TaskContext.NONE, 64L << 20, 0)) {
            assertThat(b.info().variableFrameRate()).isTrue();
            SyncClock clock = new SyncClock(a.index(), b.index(), 30, 20); // A at 1.000 s; B at micros[20]
            int checked = 0;
            for (int n = 0; n < 90; n++) {
                Frames f = clock.seek(Side.A, n);
                // clock time in ms: A's frame n starts at n * 1000 / 30 ms (1 ms time base: rounded as the muxer does)
                long aMs = a.index().pts(n) - a.index().pts(0);
                long bMs = micros[20] / 1000 + aMs - (a.index().pts(30) - a.index().pts(0));
                int expected = bMs < 0 ? 0 : frameHolding(java.util.Arrays.stream(micros).map(u -> u / 1000).toArray(), bMs);
                assertThat(f.b()).as("B at A's frame %d", n).isEqualTo(expected);
                if (clock.covers(Side.B, f.clock()) && n % 7 == 0) {
                    assertThat(PatternVideoWriter.readIndex(a.frame(f.a()), 256, 144, 0)).isEqualTo(n);
                    assertThat(PatternVideoWriter.readIndex(b.frame(f.b()), 256, 144, 0)).as("decoded B frame at A's %d", n).isEqualTo(expected);
                    checked++;
                }
            }
            assertThat(checked).isGreaterThan(5);
        }
    }
}
