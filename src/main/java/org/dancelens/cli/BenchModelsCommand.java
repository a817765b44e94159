package org.dancelens.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dancelens.core.DanceLensException;
import org.dancelens.inference.ModelFiles;
import org.dancelens.inference.ModelRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "models", mixinStandardHelpOptions = true,
        description = {"What knowing the model files costs: the sha256 of the largest ONNX file of the folders, and a",
            "checked read of all the folders' cards (hash, whole file, tensors: what 'models list' and the",
            "workbench's model-folder watch do), each cold (nothing cached in this process) and cached.",
            "With --inference VIDEO: instead, every model's per-inference time through DJL (as DanceLens runs it) against a",
            "plain ONNX Runtime session with the same options, interleaved after warm-up, on one frame of VIDEO."})
final class BenchModelsCommand implements Callable<Integer> {
    @Option(names = "--dir", description = "model folder(s) (default: models/, $DANCELENS_MODELS, ~/.local/share/dancelens/models)")
    List<Path> dirs;

    @Option(names = "--runs", defaultValue = "5", description = "cached repetitions, median reported (default ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--inference", paramLabel = "VIDEO", description = "time inference through DJL against a plain ONNX Runtime session"
            + " on a frame of this video (or picture)")
    Path inference;

    @Option(names = "--frame", defaultValue = "0", description = "with --inference: the video frame used (default ${DEFAULT-VALUE})")
    int frame;

    @Option(names = "--warmup", defaultValue = "10", description = "with --inference: untimed runs of each first (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--iterations", defaultValue = "40", description = "with --inference: timed runs of each, interleaved (default ${DEFAULT-VALUE})")
    int iterations;

    @Option(names = "--threads", defaultValue = "1", description = "with --inference: intra-op threads of both (0: ONNX Runtime's default;"
            + " default ${DEFAULT-VALUE})")
    int threads;

    @picocli.CommandLine.Mixin
    DeviceOption devices;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (runs < 1) {
            throw DanceLensException.badInput("--runs is at least 1.");
        }
        List<Path> folders = dirs == null || dirs.isEmpty() ? ModelRegistry.defaultFolders() : dirs;
        ModelRegistry plain = ModelRegistry.scan(folders);
        if (plain.entries().isEmpty()) {
            throw DanceLensException.badInput("No model cards with their ONNX files in " + folders + ".");
        }
        if (inference != null) {
            if (iterations < 1 || warmup < 0 || threads < 0) {
                throw DanceLensException.badInput("--iterations is at least 1, --warmup and --threads at least 0.");
            }
            return new InferenceBench(spec.commandLine().getOut(), devices.resolve(spec.commandLine().getOut()), threads, warmup, iterations)
                    .run(plain.entries(), BenchInputs.picture(inference, frame), inference.getFileName() + " frame " + frame);
        }
        ModelRegistry.Entry largest = plain.entries().stream()
                .max(Comparator.comparingLong(e -> e.onnxFile().toFile().length())).orElseThrow();
        Path file = largest.onnxFile();
        long bytes = Files.size(file);
        long total = plain.entries().stream().mapToLong(e -> e.onnxFile().toFile().length()).sum();
        var o = spec.commandLine().getOut();

        ModelFiles.clearCache();
        long t0 = System.nanoTime();
        ModelFiles.sha256(file);
        double coldHash = (System.nanoTime() - t0) / 1e6;
        double cachedHash = median(() -> ModelFiles.sha256(file));
        ModelFiles.clearCache();
        t0 = System.nanoTime();
        ModelRegistry checked = ModelRegistry.scan(folders, true);
        double coldScan = (System.nanoTime() - t0) / 1e6;
        double cachedScan = median(() -> ModelRegistry.scan(folders, true));
        double plainScan = median(() -> ModelRegistry.scan(folders));
        o.printf(Locale.ROOT, "largest file %s (%.1f MB): sha256 cold %.1f ms (first hash in this process), cached %.3f ms (median of %d)%n",
                file.getFileName(), bytes / 1e6, coldHash, cachedHash, runs);
        o.printf(Locale.ROOT, "%d cards, %d ONNX files (%.1f MB) in %s: checked read cold %.1f ms, cached %.2f ms; unchecked read %.2f ms"
                        + " (medians of %d); %d problem(s)%n", plain.entries().size() + plain.problems().size(), plain.entries().size(), total / 1e6,
                folders, coldScan, cachedScan, plainScan, runs, checked.problems().size());
        o.printf(Locale.ROOT, "%d cores; cold times include the JIT warming up the digest code%n", Runtime.getRuntime().availableProcessors());
        return 0;
    }

    private double median(Runnable r) {
        double[] t = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            r.run();
            t[i] = (System.nanoTime() - t0) / 1e6;
        }
        java.util.Arrays.sort(t);
        return t[runs / 2];
    }
}
