package org.dancelens.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dancelens.analysis.PoseAnalysis;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.core.TaskContext;
import org.dancelens.inference.OrtRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "End-to-end pose analysis frames/s and, in the same run on the same frames, the model's inference-only frames/s.")
final class BenchAnalyzeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "VIDEO")
    Path video;

    @Option(names = "--pose", required = true, paramLabel = "MODEL_ID")
    String pose;

    @Option(names = "--frames", defaultValue = "-1", description = "analyse only the first N frames (default: all)")
    int frames;

    @picocli.CommandLine.Mixin
    ModelsOption models;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path tmp = Files.createTempDirectory("dancelens-bench");
        try (ResultsStore store = ResultsStore.open(tmp.resolve("bench.db"))) {
            PoseAnalysis.Result r = PoseAnalysis.run(video, models.find(pose), store, 0, frames, PoseAnalysis.Settings.defaults(),
                    OrtRuntime.Device.CPU, TaskContext.NONE);
            spec.commandLine().getOut().printf(Locale.ROOT,
                    "%s with %s, %d frames, %d cores: end to end %.1f frames/s (%.2f s, of which %.2f s opening the video and loading the model;"
                            + " %.1f frames/s after that), inference only %.1f frames/s (%.2f s); ratio %.2f (%.2f after setup)%n",
                    video.getFileName(), pose, r.processed(), Runtime.getRuntime().availableProcessors(), r.framesPerSecond(), r.seconds(),
                    r.setupSeconds(), r.steadyFramesPerSecond(), r.inferenceFramesPerSecond(), r.inferenceSeconds(),
                    r.framesPerSecond() / r.inferenceFramesPerSecond(), r.steadyFramesPerSecond() / r.inferenceFramesPerSecond());
        } finally {
            try (var s = Files.walk(tmp)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return 0;
    }
}
