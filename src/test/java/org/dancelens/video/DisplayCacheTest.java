package org.dancelens.video;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dancelens.core.VideoFrame;
import org.dancelens.testsupport.TestMedia;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The display cache on a generated 640x360 video: filled whole, the right pictures, the byte cap, the disk, pausing. */
class DisplayCacheTest {
    static final int FRAMES = 90;

    @TempDir
    Path dir;

    static Path video() {
        return TestMedia.generated("display-cache-640x360.mp4", PatternVideoWriter.Spec.of("mp4", "libopenh264", 640, 360, FRAMES, 30));
    }

    static DisplayCache.Settings small() {
        return new DisplayCache.Settings(320, 240, 64L << 20, null, 1L << 30, 0.85f);
    }

    static void waitComplete(DisplayCache c) throws InterruptedException {
        long end = System.nanoTime() + 60_000_000_000L;
        while (!c.isComplete() && System.nanoTime() < end && c.failure() == null) {
            Thread.sleep(20);
        }
        assertThat(c.failure()).isNull();
        assertThat(c.isComplete()).as("filled within a minute").isTrue();
    }

    /** Mean absolute difference per channel between a cached frame and the exact frame box-filtered by 2. */
    static double difference(VideoFrame cached, VideoFrame exact) {
        long sum = 0;
        for (int y = 0; y < cached.height(); y++) {
            for (int x = 0; x < cached.width(); x++) {
                for (int ch = 0; ch < 3; ch++) {
                    int s = 0;
                    for (int dy = 0; dy < 2; dy++) {
                        for (int dx = 0; dx < 2; dx++) {
                            s += exact.bgra()[((2 * y + dy) * exact.width() + 2 * x + dx) * 4 + ch] & 0xff;
                        }
                    }
                    sum += Math.abs((cached.bgra()[(y * cached.width() + x) * 4 + ch] & 0xff) - s / 4);
                }
            }
        }
        return (double) sum / (cached.width() * cached.height() * 3);
    }

    @Test
    void everyFrameIsCachedAtDisplaySizeAndLooksLikeTheExactOne() throws Exception {
        try (VideoSource src = VideoSource.open(video());
             DisplayCache c = DisplayCache.start(src, small(), null)) {
            assertThat(c.width()).isEqualTo(320);
            assertThat(c.height()).isEqualTo(180);
            waitComplete(c);
            assertThat(c.cachedRanges()).hasSize(1);
            assertThat(c.cachedRanges().get(0)).containsExactly(0, FRAMES - 1);
            for (int n : new int[] {0, 37, FRAMES - 1}) {
                VideoFrame cached = c.get(n);
                VideoFrame exact = src.frame(n);
                assertThat(cached.index()).isEqualTo(n);
                assertThat(cached.timeSeconds()).isEqualTo(exact.timeSeconds());
                assertThat(cached.width()).isEqualTo(320);
                assertThat(difference(cached, exact)).as("frame %d: JPEG at 0.85 of the half-size picture", n).isLessThan(6);
                // and not any frame: another frame of the moving pattern differs more
                VideoFrame other = src.frame((n + 45) % FRAMES);
                assertThat(difference(cached, other)).isGreaterThan(difference(cached, exact));
            }
            // random reads: printed, not judged (a benchmark's number, not a test's)
            java.util.Random r = new java.util.Random(7);
            long[] nanos = new long[100];
            for (int i = 0; i < nanos.length; i++) {
                long t = System.nanoTime();
                assertThat(c.get(r.nextInt(FRAMES))).isNotNull();
                nanos[i] = System.nanoTime() - t;
            }
            java.util.Arrays.sort(nanos);
            System.out.printf("display cache get 320x180: median %.1f ms, p95 %.1f ms; %d frames in %d KiB%n", nanos[50] / 1e6, nanos[95] / 1e6,
                    c.cachedCount(), c.memoryBytes() / 1024);
        }
    }

    @Test
    void pastTheCapTheFarthestFramesLeaveMemoryFirst() throws Exception {
        DisplayCache.Settings s = small().withMemory(0);
        try (VideoSource src = VideoSource.open(video())) {
            byte[] one;
            try (DisplayCache probe = DisplayCache.start(src, small(), null)) {
                waitComplete(probe);
                one = probe.encode(src.frame(80));
            }
            long cap = one.length * 10L; // about ten frames
            try (DisplayCache c = DisplayCache.start(src, s.withMemory(cap), null)) {
                c.setFocus(80);
                long end = System.nanoTime() + 30_000_000_000L;
                while (c.cachedCount() < 8 && System.nanoTime() < end) { // filled from the playhead on
                    Thread.sleep(10);
                }
                Thread.sleep(1500); // then from the start, each frame there farther than all held: it leaves, and filling waits
                assertThat(c.memoryBytes()).isLessThanOrEqualTo(cap);
                assertThat(c.has(80)).as("the playhead's frame stays").isTrue();
                assertThat(c.has(40)).as("a frame far from the playhead left").isFalse();
                assertThat(c.cachedCount()).isBetween(5, 15);
                // and it stays so: no frame decoded only to be dropped again while the playhead stays
                long bytes = c.memoryBytes();
                Thread.sleep(700);
                assertThat(c.memoryBytes()).isEqualTo(bytes);
                // the playhead moves: the frames near it come
                c.setFocus(10);
                long until = System.nanoTime() + 20_000_000_000L;
                while (!c.has(12) && System.nanoTime() < until) {
                    Thread.sleep(10);
                }
                assertThat(c.has(12)).isTrue();
            }
        }
    }

    @Test
    void framesKeptOnDiskAreThereAtTheNextOpeningAndOnlyForTheSameVideo() throws Exception {
        Path disk = dir.resolve("cache");
        DisplayCache.Settings s = small().withDisk(disk, 1L << 30);
        try (VideoSource src = VideoSource.open(video())) {
            try (DisplayCache c = DisplayCache.start(src, s, null)) {
                waitComplete(c);
            }
            try (DisplayCache again = DisplayCache.start(src, s.withMemory(0), null)) {
                assertThat(again.cachedCount()).as("all there before any decoding").isEqualTo(FRAMES);
                assertThat(difference(again.get(12), src.frame(12))).isLessThan(6);
            }
        }
        try (java.util.stream.Stream<Path> folders = Files.list(disk)) {
            assertThat(folders.toList()).hasSize(1);
        }
        Path other = TestMedia.generated("display-cache-other.mp4", PatternVideoWriter.Spec.of("mp4", "libopenh264", 640, 360, 30, 30));
        try (VideoSource src = VideoSource.open(other); DisplayCache c = DisplayCache.start(src, s.withMemory(0), null)) {
            assertThat(c.cachedCount()).as("another video has its own folder").isLessThan(30);
            waitComplete(c);
        }
        // the disk cap: only the video opened last is kept
        DisplayCache.prune(disk, 1, disk.resolve(DisplayCache.key(other, s)));
        try (java.util.stream.Stream<Path> folders = Files.list(disk)) {
            assertThat(folders.toList()).extracting(p -> p.getFileName().toString()).containsExactly(DisplayCache.key(other, s));
        }
    }

    @Test
    void aPausedCacheDecodesNothingUntilResumed() throws Exception {
        try (VideoSource src = VideoSource.open(video()); DisplayCache c = DisplayCache.start(src, small(), null)) {
            c.setPaused(true);
            Thread.sleep(300);
            int a = c.cachedCount();
            Thread.sleep(700);
            int b = c.cachedCount();
            assertThat(b - a).as("at most the frame that was being compressed when the pause came").isLessThanOrEqualTo(1);
            // played no more, but a job runs: still waiting
            c.setJobRunning(true);
            c.setPaused(false);
            Thread.sleep(300);
            int d = c.cachedCount();
            Thread.sleep(700);
            assertThat(c.cachedCount() - d).isLessThanOrEqualTo(1);
            c.setJobRunning(false);
            waitComplete(c);
        }
    }

}
