package org.dancelens.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
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
            "DIR/poses.json. Running it again reuses what is stored, or resumes."})
final class AnalyzeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "VIDEO")
    Path video;

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
}
