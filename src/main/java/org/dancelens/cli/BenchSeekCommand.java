package org.dancelens.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import org.dancelens.core.TaskContext;
import org.dancelens.core.VideoFrame;
import org.dancelens.core.VideoInfo;
import org.dancelens.video.DisplayCache;
import org.dancelens.video.PatternVideoWriter;
import org.dancelens.video.VideoSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "seek", mixinStandardHelpOptions = true,
        description = {"Random-seek latency (p50/p95/max over random frames, frame cache off) and sequential decode "
            + "frames/s (every frame converted to pixels) on one video; then the display cache: exact seeks while it fills, "
            + "its fill time, and random reads from it once filled (warm)."})
final class BenchSeekCommand implements Callable<Integer> {
    @Parameters(paramLabel = "VIDEO")
    Path video;

    @Option(names = "--samples", defaultValue = "200", description = "random frames to seek to (default ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--seed", defaultValue = "42", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--threads", defaultValue = "0", description = "decoder threads, 0 = FFmpeg's choice (default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--display", defaultValue = "1280x720", paramLabel = "WxH",
            description = "the display cache's largest frame size (default ${DEFAULT-VALUE}); 'off' skips the display cache rows")
    String display;

    @Option(names = "--json", description = "print the results as one JSON object")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        long t0 = System.nanoTime();
        VideoInfo info;
        double openMs;
        double[] lat = new double[samples];
        double[] preview = new double[samples];
        long seeks;
        long decoded;
        CacheRows cache;
        int seqFrames;
        int[] undecodable = {0};
        int patternChecked = 0;
        double seqSeconds;
        try (CliProgress progress = new CliProgress("Indexing");
             VideoSource source = VideoSource.open(video, progress, 0, threads)) {
            openMs = (System.nanoTime() - t0) / 1e6;
            info = source.info();
            // Pattern videos (bench make-video) carry each frame's index: then every seek is checked, not just timed.
            boolean pattern = PatternVideoWriter.readIndex(source.frame(0), info.codedWidth(), info.codedHeight(), info.rotation()) == 0
                    && info.frameCount() > 1
                    && PatternVideoWriter.readIndex(source.frame(1), info.codedWidth(), info.codedHeight(), info.rotation()) == 1;
            Random random = new Random(seed);
            long seeks0 = source.seekCount();
            long decoded0 = source.decodedPictureCount();
            for (int i = 0; i < samples; i++) {
                int n = random.nextInt(info.frameCount());
                long q = System.nanoTime();
                VideoFrame f = source.frame(n);
                lat[i] = (System.nanoTime() - q) / 1e6;
                if (f.index() != n) {
                    throw new IllegalStateException("asked for frame " + n + ", got " + f.index());
                }
                if (pattern) {
                    int carried = PatternVideoWriter.readIndex(f, info.codedWidth(), info.codedHeight(), info.rotation());
                    if (carried != n) {
                        throw new IllegalStateException("seek to frame " + n + " returned a picture carrying index " + carried);
                    }
                    patternChecked++;
                }
            }
            seeks = source.seekCount() - seeks0;
            decoded = source.decodedPictureCount() - decoded0;
            // Scrub previews (the key frame at or before each target), same targets.
            random = new Random(seed);
            for (int i = 0; i < samples; i++) {
                int n = random.nextInt(info.frameCount());
                long q = System.nanoTime();
                VideoFrame f = source.previewFrame(n);
                preview[i] = (System.nanoTime() - q) / 1e6;
                if (f.index() > n) {
                    throw new IllegalStateException("preview of frame " + n + " returned later frame " + f.index());
                }
            }
            long s = System.nanoTime();
            seqFrames = source.read(0, info.frameCount(), f -> true, n -> undecodable[0]++, TaskContext.NONE);
            seqSeconds = (System.nanoTime() - s) / 1e9;
            cache = displayCache(source, info);
        }
        double[] sorted = lat.clone();
        Arrays.sort(sorted);
        double p50 = percentile(sorted, 0.50);
        double p95 = percentile(sorted, 0.95);
        double max = sorted[sorted.length - 1];
        double mean = Arrays.stream(lat).average().orElse(0);
        double fps = seqFrames / seqSeconds;
        double[] psorted = preview.clone();
        Arrays.sort(psorted);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = new ObjectMapper().createObjectNode();
            o.set("video", ProbeCommand.toJson(info));
            o.put("openMs", openMs);
            o.put("samples", samples);
            o.put("seed", seed);
            o.put("seekP50Ms", p50);
            o.put("seekP95Ms", p95);
            o.put("seekMaxMs", max);
            o.put("seekMeanMs", mean);
            o.put("previewP50Ms", percentile(psorted, 0.50));
            o.put("previewP95Ms", percentile(psorted, 0.95));
            o.put("previewMaxMs", psorted[psorted.length - 1]);
            o.put("demuxerSeeks", seeks);
            o.put("picturesDecodedForSeeks", decoded);
            o.put("sequentialFrames", seqFrames);
            o.put("undecodableFrames", undecodable[0]);
            o.put("sequentialFps", fps);
            o.put("patternChecked", patternChecked);
            o.put("cores", Runtime.getRuntime().availableProcessors());
            if (cache != null) {
                ObjectNode c = o.putObject("displayCache");
                c.put("width", cache.width());
                c.put("height", cache.height());
                c.put("fillSeconds", cache.fillSeconds());
                c.put("fillFps", info.frameCount() / cache.fillSeconds());
                c.put("megabytes", cache.bytes() / 1e6);
                c.put("duringFillSeekP50Ms", percentile(cache.during(), 0.50));
                c.put("duringFillSeekP95Ms", percentile(cache.during(), 0.95));
                c.put("warmP50Ms", percentile(cache.warm(), 0.50));
                c.put("warmP95Ms", percentile(cache.warm(), 0.95));
                c.put("warmMaxMs", cache.warm()[cache.warm().length - 1]);
            }
            out.println(o);
        } else {
            out.printf(Locale.ROOT, "video        %s: %s %dx%d, %d frames, %.3f fps, %d key frames%n", info.fileName(), info.codec(),
                    info.width(), info.height(), info.frameCount(), info.fps(), info.keyFrameCount());
            out.printf(Locale.ROOT, "machine      %d cores, Java %s%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            out.printf(Locale.ROOT, "open+index   %.1f ms%n", openMs);
            out.printf(Locale.ROOT, "random seek  %d frames (seed %d, cache off): p50 %.1f ms, p95 %.1f ms, max %.1f ms, mean %.1f ms%n",
                    samples, seed, p50, p95, max, mean);
            out.printf(Locale.ROOT, "             %d demuxer seeks, %d pictures decoded (%.1f per seek)%s%n", seeks, decoded, decoded / (double) samples,
                    patternChecked > 0 ? "; every sought frame carried its own index" : "");
            out.printf(Locale.ROOT, "preview      key frame at or before each target (scrubbing): p50 %.1f ms, p95 %.1f ms, max %.1f ms%n",
                    percentile(psorted, 0.50), percentile(psorted, 0.95), psorted[psorted.length - 1]);
            out.printf(Locale.ROOT, "sequential   %d frames in %.2f s: %.1f frames/s%s%n", seqFrames, seqSeconds, fps,
                    undecodable[0] == 0 ? "" : " (" + undecodable[0] + " frames could not be decoded)");
            if (cache != null) {
                out.printf(Locale.ROOT, "during fill  exact seeks while the display cache fills (%d): p50 %.1f ms, p95 %.1f ms%n", cache.during().length,
                        percentile(cache.during(), 0.50), percentile(cache.during(), 0.95));
                out.printf(Locale.ROOT, "cache fill   %d frames at %dx%d in %.1f s (%.1f frames/s), %.0f MB of JPEG in memory%n", info.frameCount(),
                        cache.width(), cache.height(), cache.fillSeconds(), info.frameCount() / cache.fillSeconds(), cache.bytes() / 1e6);
                out.printf(Locale.ROOT, "warm         display cache, same random frames: p50 %.1f ms, p95 %.1f ms, max %.1f ms%n", percentile(cache.warm(), 0.50),
                        percentile(cache.warm(), 0.95), cache.warm()[cache.warm().length - 1]);
            }
        }
        return 0;
    }

    /** The display cache's rows: seeks during its fill, how long the fill took, and cached reads (sorted latencies). */
    record CacheRows(int width, int height, double fillSeconds, long bytes, double[] during, double[] warm) {
    }

    private CacheRows displayCache(VideoSource source, VideoInfo info) {
        if (display.equalsIgnoreCase("off")) {
            return null;
        }
        String[] wh = display.toLowerCase(Locale.ROOT).split("x");
        int w;
        int h;
        try {
            w = Integer.parseInt(wh[0].trim());
            h = Integer.parseInt(wh[1].trim());
        } catch (RuntimeException e) {
            throw org.dancelens.core.DanceLensException.badInput("--display takes WIDTHxHEIGHT (e.g. 1280x720) or off, not " + display + ".");
        }
        DisplayCache.Settings settings = new DisplayCache.Settings(w, h, 4L << 30, null, 0, 0.8f);
        long t = System.nanoTime();
        try (DisplayCache cache = DisplayCache.start(source, settings, null)) {
            Random random = new Random(seed + 1);
            java.util.List<Double> during = new java.util.ArrayList<>();
            while (!cache.isComplete() && cache.failure() == null && during.size() < samples) {
                int n = random.nextInt(info.frameCount());
                long q = System.nanoTime();
                source.frame(n);
                during.add((System.nanoTime() - q) / 1e6);
            }
            while (!cache.isComplete() && cache.failure() == null) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new org.dancelens.core.DanceLensException(org.dancelens.core.DanceLensException.Kind.CANCELLED, "Interrupted.");
                }
            }
            if (cache.failure() != null) {
                throw org.dancelens.core.DanceLensException.badInput("The display cache of " + info.fileName() + " stopped: " + cache.failure());
            }
            double fill = (System.nanoTime() - t) / 1e9;
            random = new Random(seed);
            double[] warm = new double[samples];
            for (int i = 0; i < samples; i++) {
                int n = random.nextInt(info.frameCount());
                long q = System.nanoTime();
                VideoFrame f = cache.get(n);
                warm[i] = (System.nanoTime() - q) / 1e6;
                if (f == null || f.index() != n) {
                    throw new IllegalStateException("the display cache gave " + (f == null ? "nothing" : "frame " + f.index()) + " for frame " + n);
                }
            }
            Arrays.sort(warm);
            double[] d = during.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return new CacheRows(cache.width(), cache.height(), fill, cache.memoryBytes(), d.length == 0 ? new double[] {Double.NaN} : d, warm);
        }
    }

    static double percentile(double[] sorted, double p) {
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
