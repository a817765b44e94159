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
import org.dancelens.video.VideoSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "play", mixinStandardHelpOptions = true,
        description = "Play a video headless at its own pace (decoding and pixel conversion, no drawing) and count dropped frames.")
final class BenchPlayCommand implements java.util.concurrent.Callable<Integer> {
    @Parameters(paramLabel = "VIDEO")
    Path video;

    @Option(names = "--seconds", defaultValue = "10", description = "how long to play (default ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--speed", defaultValue = "1.0", description = "playback speed (default ${DEFAULT-VALUE})")
    double speed;

    @Option(names = "--from", defaultValue = "0", description = "first frame (default ${DEFAULT-VALUE})")
    int from;

    @Option(names = "--display-cache", description = "fill the display cache (1280x720) first; playback takes its frames when decoding falls behind")
    boolean displayCache;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (VideoSource source = VideoSource.open(video, TaskContext.NONE, VideoSource.DEFAULT_CACHE_BYTES, 0)) {
            VideoInfo info = source.info();
            AtomicInteger shown = new AtomicInteger();
            AtomicInteger standIns = new AtomicInteger();
            AtomicInteger undecodable = new AtomicInteger();
            AtomicInteger last = new AtomicInteger(-1);
            AtomicLong lateNanos = new AtomicLong();
            CountDownLatch ended = new CountDownLatch(1);
            long[] t0 = new long[1];
            FramePlayer player = new FramePlayer(source, new FramePlayer.Listener() {
                @Override
                public void frame(VideoFrame f, int requested, boolean exact) {
                    if (t0[0] == 0) {
                        return; // the initial show(from)
                    }
                    shown.incrementAndGet();
                    if (!exact) {
                        standIns.incrementAndGet();
                    }
                    last.set(f.index());
                    double due = (source.index().timeOf(f.index()) - source.index().timeOf(from)) / speed;
                    long lateness = System.nanoTime() - t0[0] - (long) (due * 1e9);
                    lateNanos.accumulateAndGet(lateness, Math::max);
                }

                @Override
                public void playingChanged(boolean playing) {
                    if (!playing && t0[0] != 0) {
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
            });
            org.dancelens.video.DisplayCache cache = null;
            double fillSeconds = 0;
            try {
                if (displayCache) {
                    long f0 = System.nanoTime();
                    cache = org.dancelens.video.DisplayCache.start(source, org.dancelens.video.DisplayCache.Settings.defaults().withMemory(4L << 30), null);
                    while (!cache.isComplete() && cache.failure() == null) {
                        Thread.sleep(10);
                    }
                    fillSeconds = (System.nanoTime() - f0) / 1e9;
                    player.setDisplayCache(cache);
                }
                player.show(from);
                // wait for the first frame to be decoded before starting the clock
                while (source.cachedFrame(from) == null) {
                    Thread.sleep(5);
                }
                player.setSpeed(speed);
                t0[0] = System.nanoTime();
                player.play();
                ended.await((long) (seconds * 1000), TimeUnit.MILLISECONDS);
                player.pause();
                double elapsed = (System.nanoTime() - t0[0]) / 1e9;
                long dropped = player.droppedFrames();
                spec.commandLine().getOut().printf(Locale.ROOT,
                        "%s: %dx%d %s, %.3f fps, speed %.2fx, %.1f s played: frames %d..%d, %d shown, %d dropped (%.1f%%), worst lateness %.1f ms%n",
                        info.fileName(), info.width(), info.height(), info.codec(), info.fps(), speed, elapsed, from, last.get(),
                        shown.get(), dropped, 100.0 * dropped / Math.max(1, shown.get() + dropped), lateNanos.get() / 1e6);
                if (cache != null) {
                    spec.commandLine().getOut().printf(Locale.ROOT, "display cache: %dx%d, filled in %.1f s; %d of the frames shown were its scaled frames%n",
                            cache.width(), cache.height(), fillSeconds, standIns.get());
                }
                if (undecodable.get() > 0) {
                    spec.commandLine().getOut().printf(Locale.ROOT, "%d frames could not be decoded (damaged file)%n", undecodable.get());
                }
            } finally {
                player.close();
                if (cache != null) {
                    cache.close();
                }
            }
        }
        return 0;
    }
}
