package org.dancelens.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dancelens.analysis.ClassifyAnalysis;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.classify.VideoClassifier;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.ScoreSeries;
import org.dancelens.core.TaskContext;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OrtRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "classify", mixinStandardHelpOptions = true,
        description = {"End-to-end frames/s of a classify run (decoding, pre-processing, the model, storing the scores) at each batch size",
            "given. Every run goes into a fresh temporary store, so nothing is reused; the batch sizes take turns in each round after one",
            "warm-up run, and the median round is printed with the largest score difference from batch 1 (or the first size given)."})
final class BenchClassifyCommand implements Callable<Integer> {
    @Parameters(paramLabel = "VIDEO")
    Path video;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "a frame classifier or image scorer: id, or the path of a card")
    String model;

    @Option(names = "--from", defaultValue = "0", description = "first frame (default ${DEFAULT-VALUE})")
    int from;

    @Option(names = "--frames", defaultValue = "120", description = "frames a run (default ${DEFAULT-VALUE})")
    int frames;

    @Option(names = "--batch", defaultValue = "1,2,4,8,16", split = ",", paramLabel = "N[,N...]",
            description = "batch sizes to compare (default ${DEFAULT-VALUE})")
    int[] batches;

    @Option(names = "--rounds", defaultValue = "3", description = "rounds, each running every batch size once (default ${DEFAULT-VALUE})")
    int rounds;

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
        device = devices.resolve(spec.commandLine().getOut());
        if (frames < 1 || rounds < 1 || from < 0) {
            throw DanceLensException.badInput("--frames and --rounds are at least 1, --from at least 0.");
        }
        for (int b : batches) {
            String bad = VideoClassifier.badBatch(b);
            if (bad != null) {
                throw DanceLensException.badInput("--batch: " + bad);
            }
        }
        ModelRegistry.Entry entry = models.resolve(model).pinned();
        if (ClassifyAnalysis.needsPoses(entry.card()) || entry.card().sequence() != null) {
            throw DanceLensException.badInput("bench classify times image models that need no poses; " + entry.card().id() + " needs a pose run.");
        }
        Path tmp = Files.createTempDirectory("dancelens-bench");
        var o = spec.commandLine().getOut();
        try {
            run(tmp.resolve("warmup.db"), entry, batches[0]);
            Map<Integer, List<Double>> fps = new LinkedHashMap<>();
            Map<Integer, Integer> used = new LinkedHashMap<>();
            Map<Integer, List<ScoreSeries>> scores = new LinkedHashMap<>();
            int n = 0;
            for (int r = 0; r < rounds; r++) {
                for (int b : batches) {
                    ClassifyAnalysis.Result res = run(tmp.resolve("run" + n++ + ".db"), entry, b);
                    fps.computeIfAbsent(b, k -> new ArrayList<>()).add(res.framesPerSecond());
                    used.put(b, res.batch());
                    scores.putIfAbsent(b, res.series());
                }
            }
            List<ScoreSeries> reference = scores.get(batches[0]);
            o.printf(Locale.ROOT, "classify %s with %s, frames %d to %d (%d frames), device %s, %d cores, 1 warm-up run and %d round(s)%n",
                    video.getFileName(), entry.card().id(), from, from + frames - 1, frames, device, Runtime.getRuntime().availableProcessors(), rounds);
            o.println("batch  used  frames/s (median)  min..max        max |score - batch " + batches[0] + "|");
            double base = median(fps.get(batches[0]));
            for (int b : fps.keySet()) {
                double[] v = fps.get(b).stream().mapToDouble(Double::doubleValue).sorted().toArray();
                double med = median(fps.get(b));
                o.printf(Locale.ROOT, "%5d  %4d  %8.1f (x%.2f)     %6.1f..%-6.1f  %.2e%n", b, used.get(b), med, med / base, v[0], v[v.length - 1],
                        maxDiff(reference, scores.get(b)));
            }
        } finally {
            try (var s = Files.walk(tmp)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return 0;
    }

    private ClassifyAnalysis.Result run(Path db, ModelRegistry.Entry entry, int batch) {
        try (ResultsStore store = ResultsStore.open(db)) {
            return ClassifyAnalysis.run(video, entry, null, store, from, from + frames, device, batch, TaskContext.NONE);
        }
    }

    private static double median(List<Double> v) {
        double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** The largest difference between two runs' scores of the same frame and label (infinite when they scored different frames). */
    static double maxDiff(List<ScoreSeries> a, List<ScoreSeries> b) {
        if (a.size() != b.size()) {
            return Double.POSITIVE_INFINITY;
        }
        double max = 0;
        for (int i = 0; i < a.size(); i++) {
            ScoreSeries x = a.get(i);
            ScoreSeries y = b.get(i);
            if (x.track() != y.track() || !Arrays.equals(x.frames(), y.frames())) {
                return Double.POSITIVE_INFINITY;
            }
            for (int f = 0; f < x.size(); f++) {
                for (int c = 0; c < x.scores()[f].length; c++) {
                    max = Math.max(max, Math.abs(x.scores()[f][c] - y.scores()[f][c]));
                }
            }
        }
        return max;
    }
}
