package org.dancelens.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.dancelens.analysis.store.PoseFrames;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.RunKind;
import org.dancelens.analysis.store.RunSpec;
import org.dancelens.analysis.store.RunStatus;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;
import org.dancelens.core.SkeletonSchema;
import org.dancelens.core.TaskContext;
import org.dancelens.core.VideoInfo;
import org.dancelens.export.ClipExporter;
import org.dancelens.video.VideoSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Time 'export clip' with skeleton overlays against a plain transcode of the same range by the ffmpeg command,",
            "side by side in one run (A B A B): first with the same encoder on both sides (FFmpeg's mpeg4, which JavaCV's FFmpeg and",
            "Debian's ffmpeg both have), then DanceLens's OpenH264 against ffmpeg's libx264 (veryfast, ultrafast) as context.",
            "The poses are synthetic (dancers standing side by side, swaying from frame to frame), stored in a temporary results store."})
final class BenchExportCommand implements Callable<Integer> {
    /** Debian's ffmpeg has no libopenh264 and JavaCV's FFmpeg no libx264: mpeg4 is the encoder both have. */
    static final String SHARED_ENCODER = "mpeg4";

    @Parameters(paramLabel = "VIDEO", description = "the input, e.g. a 1080p30 video made by 'bench make-video'")
    Path video;

    @Option(names = "--from", defaultValue = "0", description = "first frame (default ${DEFAULT-VALUE})")
    int from;

    @Option(names = "--frames", defaultValue = "150", description = "frames to export (default ${DEFAULT-VALUE})")
    int frames;

    @Option(names = "--dancers", defaultValue = "6", description = "synthetic COCO-17 dancers on every frame (default ${DEFAULT-VALUE})")
    int dancers;

    @Option(names = "--overlays", defaultValue = "skeleton,boxes", description = "what DanceLens draws (default ${DEFAULT-VALUE})")
    String overlays;

    @Option(names = "--bitrate", defaultValue = "8M", description = "video bitrate of every encoder (default ${DEFAULT-VALUE})")
    String bitrate;

    @Option(names = "--rounds", defaultValue = "2", description = "rounds of each, alternating (default ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--ffmpeg", defaultValue = "ffmpeg", description = "the ffmpeg command (default ${DEFAULT-VALUE})")
    String ffmpeg;

    @Option(names = "--no-context", description = "only the same-encoder comparison (no OpenH264 / libx264 rows)")
    boolean noContext;

    @Spec
    CommandSpec spec;

    /** One way of making the clip. */
    private record Side(String name, String encoder, boolean dancelens, String preset) {
        String label() {
            return (dancelens ? "dancelens " : "ffmpeg ") + encoder + (preset == null ? "" : " " + preset);
        }
    }

    @Override
    public Integer call() throws Exception {
        if (frames < 1 || dancers < 0 || rounds < 1 || from < 0) {
            throw DanceLensException.badInput("--frames and --rounds are at least 1, --from and --dancers at least 0.");
        }
        long bits = ExportClipCommand.parseBitrate(bitrate);
        String ffmpegVersion = ffmpegVersion();
        VideoInfo info;
        double start;
        try (VideoSource src = VideoSource.open(video)) {
            info = src.info();
            if (from + frames > src.frameCount()) {
                throw DanceLensException.badInput(video.getFileName() + " has " + src.frameCount() + " frames, fewer than " + from + " + " + frames + ".");
            }
            start = src.index().timeOf(from);
        }
        PrintWriter o = spec.commandLine().getOut();
        Path work = Files.createTempDirectory("dancelens-bench-export-");
        try {
            Path store = work.resolve("results.sqlite");
            writePoses(store, video, info, from, frames, dancers);
            List<Side> sides = new ArrayList<>(List.of(new Side("A", SHARED_ENCODER, true, null), new Side("B", SHARED_ENCODER, false, null)));
            if (!noContext) {
                sides.add(new Side("C", ClipExporter.VIDEO_ENCODER, true, null));
                sides.add(new Side("D", "libx264", false, "veryfast"));
                sides.add(new Side("E", "libx264", false, "ultrafast"));
            }
            o.printf(Locale.ROOT, "input: %s, %s %dx%d %.3f fps%s, frames %d to %d (%d), %d synthetic COCO-17 dancers stored in a temporary results store,"
                            + " overlays %s, video bitrate %d bits/s on every side%n", video.getFileName(), info.codec(), info.width(), info.height(),
                    info.fps(), info.hasAudio() ? " with audio" : "", from, from + frames - 1, frames, dancers, overlays, bits);
            o.printf(Locale.ROOT, "machine: %d cores, %s, Java %s; %s; JavaCV's FFmpeg for DanceLens%n", Runtime.getRuntime().availableProcessors(),
                    System.getProperty("os.arch"), System.getProperty("java.version"), ffmpegVersion);
            o.flush();
            // one untimed export first: class loading, JIT and the native libraries are not the export's speed
            dancelens(work.resolve("warmup.mp4"), store, SHARED_ENCODER, bits, Math.min(frames, 10));
            Map<Side, List<double[]>> measured = new LinkedHashMap<>();
            double[] decoding = new double[rounds];
            for (int round = 1; round <= rounds; round++) {
                decoding[round - 1] = decodeSeconds();
                for (Side s : sides) {
                    Path out = work.resolve(s.name() + round + ".mp4");
                    double[] m = s.dancelens() ? dancelens(out, store, s.encoder(), bits, frames) : ffmpeg(out, s, start, bits, info.hasAudio());
                    int written = framesOf(out);
                    if (written != frames) {
                        throw DanceLensException.badInput(s.label() + " wrote " + written + " frames, not " + frames + ".");
                    }
                    Files.delete(out);
                    measured.computeIfAbsent(s, k -> new ArrayList<>()).add(m);
                    o.printf(Locale.ROOT, "round %d  %-26s %d frames in %.3f s = %.2f frames/s%s%n", round, s.label(), frames, m[0], frames / m[0],
                            s.dancelens() ? String.format(Locale.ROOT, ", drawing %.2f ms a frame", 1000 * m[1] / frames) : "");
                    o.flush();
                }
            }
            o.println("same encoder (" + SHARED_ENCODER + ", " + bits + " bits/s), medians over " + rounds + " rounds:");
            double a = summary(o, sides.get(0), measured);
            double b = summary(o, sides.get(1), measured);
            o.printf(Locale.ROOT, "ratio dancelens/ffmpeg (same encoder %s): %.3f%n", SHARED_ENCODER, a / b);
            // the export decodes, draws and encodes on three threads at once: the parts overlap and do not add up to its time
            o.printf(Locale.ROOT, "DanceLens's time a frame %.2f ms; decoding alone (the video core reading the range, opening included, measured apart)"
                    + " %.2f ms, drawing and compositing %.2f ms (on the drawing thread while the next frame is decoded and the last encoded"
                    + " on threads of their own)%n", 1000 * median(measured.get(sides.get(0)), 0) / frames,
                    1000 * BenchExplainCommand.median(decoding) / frames, 1000 * median(measured.get(sides.get(0)), 1) / frames);
            if (!noContext) {
                o.println("different encoders (context only, not the same work per frame), medians over " + rounds + " rounds:");
                double c = summary(o, sides.get(2), measured);
                for (Side s : sides.subList(3, sides.size())) {
                    double x = summary(o, s, measured);
                    o.printf(Locale.ROOT, "ratio dancelens %s / ffmpeg %s (different encoders): %.3f%n", ClipExporter.VIDEO_ENCODER, s.encoder() + " " + s.preset(),
                            c / x);
                }
            }
            o.flush();
        } finally {
            try (Stream<Path> all = Files.walk(work)) {
                for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        return 0;
    }

    /** Prints a side's median frames/s (and drawing time) and returns the frames/s. */
    private double summary(PrintWriter o, Side s, Map<Side, List<double[]>> measured) {
        List<double[]> m = measured.get(s);
        double secs = BenchExplainCommand.median(m.stream().mapToDouble(x -> x[0]).toArray());
        double draw = BenchExplainCommand.median(m.stream().mapToDouble(x -> x[1]).toArray());
        o.printf(Locale.ROOT, "median %-26s %.2f frames/s%s%n", s.label(), frames / secs,
                s.dancelens() ? String.format(Locale.ROOT, ", drawing %.2f ms a frame (%.0f%% of the time)", 1000 * draw / frames, 100 * draw / secs) : "");
        return frames / secs;
    }

    private static double median(List<double[]> m, int column) {
        return BenchExplainCommand.median(m.stream().mapToDouble(x -> x[column]).toArray());
    }

    /** Seconds for DanceLens's video core to open the video and read the range (every frame decoded to its pixels). */
    private double decodeSeconds() {
        long t0 = System.nanoTime();
        try (VideoSource src = VideoSource.open(video)) {
            src.read(from, from + frames, f -> true, k -> { }, TaskContext.NONE);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** DanceLens's export of the range: wall seconds (of the whole call, opening the video included) and drawing seconds. */
    private double[] dancelens(Path out, Path storeFile, String encoder, long bits, int n) {
        ClipExporter.Request r = ClipExporter.Request.of(video, out).range(from, from + n).overlays(ClipExporter.Overlay.parse(overlays)).bitrate(bits)
                .encoder(encoder);
        long t0 = System.nanoTime();
        ClipExporter.Result res;
        try (ResultsStore store = ResultsStore.open(storeFile)) {
            res = ClipExporter.export(r, store, TaskContext.NONE);
        }
        return new double[] {(System.nanoTime() - t0) / 1e9, res.drawSeconds()};
    }

    /** The ffmpeg command's transcode of the same range: wall seconds of the process. */
    private double[] ffmpeg(Path out, Side s, double start, long bits, boolean audio) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(ffmpeg, "-nostdin", "-v", "error", "-y"));
        if (start > 0) {
            cmd.addAll(List.of("-ss", String.format(Locale.ROOT, "%.6f", start)));
        }
        cmd.addAll(List.of("-i", video.toString(), "-frames:v", String.valueOf(frames), "-c:v", s.encoder(), "-b:v", String.valueOf(bits)));
        if (s.preset() != null) {
            cmd.addAll(List.of("-preset", s.preset()));
        }
        cmd.addAll(List.of("-pix_fmt", "yuv420p"));
        cmd.addAll(audio ? List.of("-c:a", "aac", "-b:a", "192k") : List.of("-an"));
        cmd.addAll(List.of("-movflags", "+faststart", out.toString()));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw DanceLensException.badInput("ffmpeg could not transcode " + video.getFileName() + " with " + s.encoder() + ": "
                    + (said.isEmpty() ? "exit " + p.exitValue() : said.lines().findFirst().orElse("")) + ".");
        }
        return new double[] {(System.nanoTime() - t0) / 1e9, 0};
    }

    /** The first line of {@code ffmpeg -version}, or one sentence when the command is missing. */
    private String ffmpegVersion() throws InterruptedException {
        try {
            Process p = new ProcessBuilder(ffmpeg, "-version").redirectErrorStream(true).start();
            String first = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().findFirst().orElse("ffmpeg");
            p.waitFor(1, TimeUnit.MINUTES);
            int space = first.indexOf(" Copyright");
            return space > 0 ? first.substring(0, space) : first;
        } catch (IOException e) {
            throw DanceLensException.badInput("This bench needs the ffmpeg command ('" + ffmpeg + "' was not found; on Debian: apt-get install ffmpeg).");
        }
    }

    private static int framesOf(Path clip) {
        try (VideoSource v = VideoSource.open(clip)) {
            return v.frameCount();
        }
    }

    /**
     * A finished pose run over {@code [from, from + frames)} with {@code dancers} COCO-17 figures standing side by side
     * (60% of the frame high, joints of varied confidence), their arms and bodies swaying from frame to frame.
     */
    static void writePoses(Path storeFile, Path video, VideoInfo info, int from, int frames, int dancers) {
        try (ResultsStore s = ResultsStore.open(storeFile)) {
            long run = s.runs().findOrCreate(new RunSpec(video.toAbsolutePath().toString(), info.frameCount(), RunKind.POSE, "movenet-multipose",
                    "synthetic", "synthetic poses for bench export", "{}", from, from + frames)).id();
            List<Pose> still = BenchRenderCommand.scene(info.width(), info.height(), dancers).poses();
            List<PoseFrames.FrameResult> rows = new ArrayList<>();
            for (int f = from; f < from + frames; f++) {
                List<Pose> poses = new ArrayList<>();
                for (Pose p : still) {
                    float dx = (float) (0.02 * info.width() * Math.sin(f / 15.0 + p.trackId()));
                    List<Keypoint> k = new ArrayList<>();
                    for (int j = 0; j < p.keypoints().size(); j++) {
                        Keypoint q = p.keypoints().get(j);
                        float arm = j >= 7 && j <= 10 ? (float) (0.03 * info.height() * Math.sin(f / 5.0 + j)) : 0;
                        k.add(new Keypoint(q.x() + dx, q.y() + arm, q.score()));
                    }
                    float[] b = p.box();
                    poses.add(new Pose(p.trackId(), SkeletonSchema.COCO_17, k, new float[] {b[0] + dx, b[1], b[2] + dx, b[3]}, p.score(), null));
                }
                rows.add(new PoseFrames.FrameResult(f, f / Math.max(1e-9, info.fps()), poses, poses));
            }
            s.poses().write(run, rows);
            s.runs().setStatus(run, RunStatus.COMPLETE);
        }
    }
}
