package org.dancelens.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dancelens.analysis.ExplainRun;
import org.dancelens.analysis.store.ExplainSettings;
import org.dancelens.analysis.store.Maps;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.TaskContext;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OrtRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "explain-run", mixinStandardHelpOptions = true,
        description = {"Seconds per frame of a whole-run explanation (the Explain tab's whole run, and `explain` on a video): the map of",
            "every frame of a stretch made and stored, decoding included; opening the video and preparing the model reported apart.",
            "Each run goes into a fresh temporary store, so nothing is reused."})
final class BenchExplainRunCommand implements Callable<Integer> {
    @Parameters(paramLabel = "VIDEO")
    Path video;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "model id, or the path of a model card (.yaml)")
    String model;

    @Option(names = "--layer", description = "the layer explained (default: the card's, or the deepest candidate)")
    String layer;

    @Option(names = "--method", defaultValue = "gradcam", description = "gradcam, gradcampp, xgradcam, hirescam, layercam, eigencam or scorecam"
            + " (default ${DEFAULT-VALUE})")
    String method;

    @Option(names = "--from", defaultValue = "0", description = "first frame (default ${DEFAULT-VALUE})")
    int from;

    @Option(names = "--frames", defaultValue = "40", description = "frames a run (default ${DEFAULT-VALUE})")
    int frames;

    @Option(names = "--batch", defaultValue = "1", paramLabel = "N",
            description = "frames explained per model run where the model allows it (default ${DEFAULT-VALUE}; 1 to 256)")
    int batch;

    @Option(names = "--runs", defaultValue = "1", description = "runs, each into a fresh store (default ${DEFAULT-VALUE})")
    int runs;

    @picocli.CommandLine.Mixin
    ModelsOption models;

    @picocli.CommandLine.Mixin
    DeviceOption devices;

    /** The device resolved from --device when the command starts. */
    OrtRuntime.Device device;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (from < 0 || frames < 1 || runs < 1) {
            throw DanceLensException.badInput("--from is at least 0, --frames and --runs at least 1.");
        }
        device = devices.resolve(spec.commandLine().getOut());
        ModelRegistry.Entry entry = models.resolve(model);
        if (batch < 1 || batch > ExplainRun.MAX_BATCH) {
            throw DanceLensException.badInput("--batch: The batch size must be between 1 and " + ExplainRun.MAX_BATCH + " frames per model run, not "
                    + batch + ".");
        }
        ExplainRun.Settings settings = new ExplainRun.Settings(layer, method, null, 1, List.of(), batch);
        List<Double> perFrame = new ArrayList<>();
        StringBuilder each = new StringBuilder();
        String what = null;
        for (int k = 0; k < runs; k++) {
            Path tmp = Files.createTempDirectory("dancelens-bench");
            try (ResultsStore store = ResultsStore.open(tmp.resolve("bench.db"))) {
                ExplainRun.Result r = ExplainRun.run(video, entry, store, from, from + frames, settings, device, TaskContext.NONE);
                if (what == null) {
                    Maps.MapFrame first = store.maps().read(r.runId(), r.fromFrame(), r.fromFrame() + 1).get(r.fromFrame());
                    what = String.format(Locale.ROOT, "%s frames %d-%d with %s (%s, layer %s, maps %dx%d), device %s, %d cores, batch %d%s",
                            video.getFileName(), r.fromFrame(), r.toFrame() - 1, entry.card().id(), method,
                            ExplainSettings.of(store.runs().find(r.runId()).orElseThrow()).layer(), first.height(), first.width(), device,
                            Runtime.getRuntime().availableProcessors(), r.batch(), r.batchNote() == null ? "" : " (" + r.batchNote() + ")");
                }
                perFrame.add(r.secondsPerFrame());
                each.append(String.format(Locale.ROOT, "%s%.4f s/frame (setup %.2f s)", k == 0 ? "" : ", ", r.secondsPerFrame(), r.setupSeconds()));
            } finally {
                try (var s = Files.walk(tmp)) {
                    s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
        double[] v = perFrame.stream().mapToDouble(Double::doubleValue).toArray();
        spec.commandLine().getOut().printf(Locale.ROOT, "%s: %s; median %.4f s/frame over %d run%s%n", what, each, BenchExplainCommand.median(v), runs,
                runs == 1 ? "" : "s");
        return 0;
    }
}
