package org.dancelens.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.TaskContext;
import org.dancelens.core.VideoFrame;
import org.dancelens.core.VideoInfo;
import org.dancelens.video.FramePlayer;
import org.dancelens.video.SyncClock;
import org.dancelens.video.VideoSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "play-sync", mixinStandardHelpOptions = true,
        description = "Play two videos together on one clock from their sync points, as the linked players of Compare with Video do "
                + "(each its own player thread, decoding and pixel conversion, no drawing), and count dropped frames per side.")
final class BenchPlaySyncCommand implements java.util.concurrent.Callable<Integer> {
    @Parameters(index = "0", paramLabel = "A")
    Path videoA;

    @Parameters(index = "1", paramLabel = "B")
    Path videoB;

    @Option(names = "--seconds", defaultValue = "10", description = "how long to play (default ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--speed", defaultValue = "1.0", description = "playback speed (default ${DEFAULT-VALUE})")
    double speed;

    @Option(names = "--sync", defaultValue = "0:0", paramLabel = "A_FRAME:B_FRAME",
            description = "the sync points, a frame of each video (default ${DEFAULT-VALUE}); playing starts there")
    String sync;

    @Spec
    CommandSpec spec;

    /** One side: its player and what it counted. */
    private static final class Side implements FramePlayer.Listener {
        final VideoSource source;
        final int from;
        final CountDownLatch ended;
        volatile long t0;
        volatile double startTime;
        final AtomicInteger shown = new AtomicInteger();
        final AtomicInteger undecodable = new AtomicInteger();
        final AtomicInteger last = new AtomicInteger(-1);
        final AtomicLong lateNanos = new AtomicLong();
        volatile boolean playing;
        double speed;
        FramePlayer player;

        Side(VideoSource source, int from, CountDownLatch ended) {
            this.source = source;
            this.from = from;
            this.ended = ended;
        }

        @Override
        public void frame(VideoFrame f, int requested, boolean exact) {
            if (t0 == 0) {
                return; // the initial show(from)
            }
            shown.incrementAndGet();
            last.set(f.index());
            double due = (source.index().timeOf(f.index()) - startTime) / speed;
            lateNanos.accumulateAndGet(System.nanoTime() - t0 - (long) (due * 1e9), Math::max);
        }

        @Override
        public void playingChanged(boolean isPlaying) {
            playing = isPlaying;
            if (!isPlaying && t0 != 0) {
                ended.countDown();
            }
        }

        @Override
        public void undecodable(int frame, DanceLensException error) {
            undecodable.incrementAndGet();
        }

        @Override
        public void failed(DanceLensException error) {
            ended.countDown();
        }
    }

    @Override
    public Integer call() throws Exception {
        String[] parts = sync.split(":", -1);
        if (parts.length != 2 || !parts[0].matches("\\d{1,9}") || !parts[1].matches("\\d{1,9}")) {
            spec.commandLine().getErr().println("--sync takes two frame numbers, A's and B's, as A_FRAME:B_FRAME (e.g. 120:95).");
            return 2;
        }
        if (!(seconds > 0) || !(speed > 0)) {
            spec.commandLine().getErr().println("--seconds and --speed must be above 0.");
            return 2;
        }
        try (VideoSource a = VideoSource.open(videoA, TaskContext.NONE, VideoSource.DEFAULT_CACHE_BYTES, 0);
             VideoSource b = VideoSource.open(videoB, TaskContext.NONE, VideoSource.DEFAULT_CACHE_BYTES, 0)) {
            int syncA = Integer.parseInt(parts[0]);
            int syncB = Integer.parseInt(parts[1]);
            if (syncA >= a.frameCount() || syncB >= b.frameCount()) {
                spec.commandLine().getErr().printf(Locale.ROOT, "--sync %s is past an end: A has frames 0 to %d, B 0 to %d.%n", sync,
                        a.frameCount() - 1, b.frameCount() - 1);
                return 2;
            }
            SyncClock clock = new SyncClock(a.index(), b.index(), syncA, syncB);
            CountDownLatch ended = new CountDownLatch(2);
            Side sa = new Side(a, syncA, ended);
            Side sb = new Side(b, syncB, ended);
            sa.player = new FramePlayer(a, sa);
            sb.player = new FramePlayer(b, sb);
            try {
                for (Side s : new Side[] {sa, sb}) {
                    s.speed = speed;
                    s.player.setSpeed(speed);
                    s.player.show(s.from);
                }
                // both first frames decoded before the clock starts
                while (a.cachedFrame(syncA) == null || b.cachedFrame(syncB) == null) {
                    Thread.sleep(5);
                }
                long at = System.nanoTime() + 20_000_000L;
                for (Side s : new Side[] {sa, sb}) {
                    s.startTime = s.source.index().timeOf(s.from);
                    s.t0 = at;
                }
                sa.player.playAt(clock.sideTime(SyncClock.Side.A, 0), at);
                sb.player.playAt(clock.sideTime(SyncClock.Side.B, 0), at);
                ended.await((long) (seconds * 1000) + 20, TimeUnit.MILLISECONDS);
                sa.player.pause();
                sb.player.pause();
                double elapsed = (System.nanoTime() - at) / 1e9;
                var out = spec.commandLine().getOut();
                out.printf(Locale.ROOT, "play-sync at %.2fx for %.1f s, sync points A %d, B %d (offset %+.3f s):%n", speed, elapsed, syncA, syncB,
                        clock.offsetSeconds());
                for (Side s : new Side[] {sa, sb}) {
                    VideoInfo info = s.source.info();
                    long dropped = s.player.droppedFrames();
                    out.printf(Locale.ROOT, "  %s %s: %dx%d %s, %.3f fps: frames %d..%d, %d shown, %d dropped (%.1f%%), worst lateness %.1f ms%n",
                            s == sa ? "A" : "B", info.fileName(), info.width(), info.height(), info.codec(), info.fps(), s.from, s.last.get(),
                            s.shown.get(), dropped, 100.0 * dropped / Math.max(1, s.shown.get() + dropped), s.lateNanos.get() / 1e6);
                    if (s.undecodable.get() > 0) {
                        out.printf(Locale.ROOT, "  %d frames of %s could not be decoded (damaged file)%n", s.undecodable.get(), info.fileName());
                    }
                }
            } finally {
                sa.player.close();
                sb.player.close();
            }
        }
        return 0;
    }
}
