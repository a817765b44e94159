package org.dancelens.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dancelens.analysis.EstimatorPool;
import org.dancelens.analysis.PoseAnalysis;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.TaskContext;
import org.dancelens.core.VideoInfo;
import org.dancelens.export.PoseExport;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.video.VideoSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {"Pose analysis of a video: every frame, every dancer with a stable identity.",
            "The results go to the video's results store, the one the workbench reads",
            "(--store PATH for another file); --out DIR also writes DIR/poses.csv and",
            "DIR/poses.json. Running it again reuses what is stored, or resumes.",
            "Many videos (several files, a folder, a quoted glob such as 'archive/**/*.mp4'):",
            "--jobs N at a time, a line per video, a summary CSV; a damaged video is",
            "reported and skipped, and running the batch again goes on where it stopped."})
final class AnalyzeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "VIDEO", arity = "1..*", description = "video files, folders of videos, or quoted glob patterns")
    List<String> inputs;

    /** The one video of a single-video run. */
    Path video;


    @picocli.CommandLine.Mixin
    BatchOptions many;

    @Option(names = "--pose", required = true, paramLabel = "MODEL_ID", description = "pose model id (see 'dancelens models list')")
    String pose;

    @Option(names = "--smooth", defaultValue = "one-euro", description = "one-euro (causal), savgol or butterworth (offline, zero-phase) or none (default ${DEFAULT-VALUE}); raw keypoints are always kept")
    String smooth;

    @Option(names = "--range", paramLabel = "FROM:TO", description = "frames FROM (inclusive) to TO (exclusive); either may be empty")
    String range;

    @Option(names = "--min-person-score", defaultValue = "0.2", description = "drop people below this score (default ${DEFAULT-VALUE})")
    float minPersonScore;

    @Option(names = "--max-people", defaultValue = "0",
            description = "people a single-person pipeline (BlazePose) follows; 0 = the model card's choice (1 for BlazePose)")
    int maxPeople;

    @picocli.CommandLine.Mixin
    ModelsOption models;

    @picocli.CommandLine.Mixin
    DeviceOption devices;

    /** The device resolved from --device when the command starts. */
    OrtRuntime.Device device;

    @Option(names = "--out", paramLabel = "DIR", description = "also write the poses as DIR/poses.csv and DIR/poses.json")
    Path out;

    @picocli.CommandLine.Mixin
    StoreOption stores;

    @Spec
    CommandSpec spec;

    /**
     * A frame range {@code FROM:TO} (TO exclusive; either may be empty: from the first frame, to the end) as
     * {@code {from, to}}, {@code to} -1 for the end of the video.
     *
     * @param option the option's name as the user typed it ({@code --range}, {@code --frames}), for the messages
     */
    static int[] parseRange(String range, String option) {
        if (range == null || range.isBlank()) {
            return new int[] {0, -1};
        }
        String[] p = range.split(":", -1);
        if (p.length != 2) {
            throw DanceLensException.badInput(option + " must look like FROM:TO (e.g. 100:500 or 100:), not " + range + ".");
        }
        int from;
        int to;
        try {
            from = p[0].isBlank() ? 0 : Integer.parseInt(p[0].trim());
            to = p[1].isBlank() ? -1 : Integer.parseInt(p[1].trim());
        } catch (NumberFormatException e) {
            throw DanceLensException.badInput(option + " must hold frame numbers (FROM:TO, e.g. 100:500 or 100:), not " + range + ".");
        }
        if (from < 0 || !p[1].isBlank() && to < 0) {
            throw DanceLensException.badInput(option + " takes frame numbers of 0 or more, not " + range + ".");
        }
        if (to >= 0 && to <= from) {
            throw DanceLensException.badInput(option + " " + range + " is empty: TO (" + to + ", not included) must be after FROM (" + from + ").");
        }
        return new int[] {from, to};
    }

    @Override
    public Integer call() throws Exception {
        if (VideoInputs.isBatch(inputs)) {
            return batch();
        }
        video = Path.of(inputs.get(0));
        int[] r = parseRange(range, "--range");
        OutPaths.checkFolder(out, "--out");
        device = devices.resolve(spec.commandLine().getOut());
        ModelRegistry.Entry model = models.find(pose);
        PoseAnalysis.Settings settings = new PoseAnalysis.Settings(smooth, minPersonScore, 1.0, 0.05, maxPeople);
        PoseAnalysis.Result result;
        Path storeFile = stores.storeFor(video);
        try (ResultsStore store = ResultsStore.open(storeFile)) {
            try (CliProgress progress = new CliProgress("Analysing")) {
                result = PoseAnalysis.run(video, model, store, r[0], r[1], settings, device, progress);
            }
            if (out != null) {
                OutPaths.createFolder(out, "--out");
                VideoInfo info;
                try (VideoSource src = VideoSource.open(video, TaskContext.NONE, 0, 1)) {
                    info = src.info();
                }
                Run run = store.runs().find(result.runId()).orElseThrow();
                PoseExport.write(store, run, info, out);
            }
        }
        Gaps.report(spec.commandLine().getErr(), video.getFileName().toString(), result.undecodable(), result.damageNote());
        var o = spec.commandLine().getOut();
        String where = "stored in " + storeFile + (out == null ? "" : ", files in " + out);
        if (result.reusedAll()) {
            o.printf(Locale.ROOT, "%s: frames %d-%d already analysed with %s (run %d); %s%n",
                    video.getFileName(), result.fromFrame(), result.toFrame() - 1, pose, result.runId(), where);
        } else {
            o.printf(Locale.ROOT, "%s: %s%d frames %s with %s in %.1f s (%.1f frames/s end to end, inference alone %.1f frames/s); %s%n",
                    video.getFileName(), result.continued()
                            ? String.format(Locale.ROOT, "continued run %d (frames %d-%d) from frame %d: ", result.runId(), result.fromFrame(),
                                    result.toFrame() - 1, result.continuedFrom())
                            : "",
                    result.processed(), result.resumed() && !result.continued() ? "analysed (resumed)" : "analysed", pose, result.seconds(),
                    result.framesPerSecond(), result.inferenceFramesPerSecond(), where);
        }
        if (result.note() != null) {
            o.println(result.note());
        }
        return 0;
    }

    /** Many videos: see {@link Batch}. Exit 0 when every video was analysed, 2 when one or more failed. */
    private int batch() {
        List<Path> videos = VideoInputs.expand(inputs, many.recursive);
        int[] r = parseRange(range, "--range");
        if (many.jobs < 1 || many.jobs > 64) {
            throw DanceLensException.badInput("--jobs takes 1 to 64 workers, not " + many.jobs + ".");
        }
        OutPaths.checkFolder(out, "--out");
        Path summaryFile = many.summaryOr(out != null ? out.resolve("summary.csv") : Path.of("analyze-summary.csv"));
        OutPaths.checkFolder(summaryFile.toAbsolutePath().getParent(), "--summary");
        device = devices.resolve(spec.commandLine().getOut());
        ModelRegistry.Entry model = models.find(pose).pinned();
        PoseAnalysis.Settings settings = new PoseAnalysis.Settings(smooth, minPersonScore, 1.0, 0.05, maxPeople);
        if (out != null) {
            OutPaths.createFolder(out, "--out");
        }
        OutPaths.createFolder(summaryFile.toAbsolutePath().getParent(), "--summary");
        Map<Path, String> folders = outFolders(videos);
        // each worker borrows a loaded model for each video: loaded once per worker, not once per video
        try (EstimatorPool estimators = new EstimatorPool()) {
            return analyseBatch(videos, r, summaryFile, model, settings, folders, estimators);
        }
    }

    private int analyseBatch(List<Path> videos, int[] r, Path summaryFile, ModelRegistry.Entry model, PoseAnalysis.Settings settings,
                             Map<Path, String> folders, EstimatorPool estimators) {
        List<Batch.Row> rows = Batch.run(videos, many.jobs, "Analysing", summaryFile, spec.commandLine().getOut(), spec.commandLine().getErr(),
                (v, threads, ctx) -> {
                    long t0 = System.nanoTime();
                    Path storeFile = stores.storeFor(v);
                    try (ResultsStore store = ResultsStore.open(storeFile)) {
                        PoseAnalysis.Result result = PoseAnalysis.run(v, model, store, r[0], r[1], settings, device, threads, estimators, ctx);
                        if (out != null) {
                            Path dir = out.resolve(folders.get(v));
                            OutPaths.createFolder(dir, "--out");
                            VideoInfo info;
                            try (VideoSource src = VideoSource.open(v, TaskContext.NONE, 0, 1)) {
                                info = src.info();
                            }
                            PoseExport.write(store, store.runs().find(result.runId()).orElseThrow(), info, dir);
                        }
                        String status = result.reusedAll() ? "reused" : result.continued() ? "continued" : result.resumed() ? "resumed" : "analysed";
                        String note = result.undecodable().isEmpty() ? ""
                                : result.undecodable().size() + " undecodable frame" + (result.undecodable().size() == 1 ? "" : "s") + " left as gaps";
                        return new Batch.Row(v, result.toFrame() - result.fromFrame(), store.poses().trackCount(result.runId()),
                                (System.nanoTime() - t0) / 1e9, status, note);
                    }
                });
        return rows.stream().anyMatch(Batch.Row::failed) ? 2 : 0;
    }

    /** Each video's folder under --out: its file name without the ending, made unique with its parent folder's name or a number. */
    static Map<Path, String> outFolders(List<Path> videos) {
        Map<Path, String> out = new java.util.LinkedHashMap<>();
        java.util.Set<String> used = new java.util.HashSet<>();
        for (Path v : videos) {
            String n = v.getFileName().toString();
            String stem = n.lastIndexOf('.') > 0 ? n.substring(0, n.lastIndexOf('.')) : n;
            String name = stem;
            if (used.contains(name) && v.getParent() != null && v.getParent().getFileName() != null) {
                name = v.getParent().getFileName() + "-" + stem;
            }
            String base = name;
            for (int i = 2; used.contains(name); i++) {
                name = base + "-" + i;
            }
            used.add(name);
            out.put(v, name);
        }
        return out;
    }
}
