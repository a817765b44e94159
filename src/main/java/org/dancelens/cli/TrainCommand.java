package org.dancelens.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dancelens.analysis.StyleTraining;
import org.dancelens.analysis.Workspace;
import org.dancelens.classify.StyleTrainer;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OrtRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Teach a style: train a skeleton classifier on the labelled ranges of the videos ('dancelens label add').",
            "Writes ID.onnx and ID.yaml into the model folder; the model then runs like any other ('dancelens classify --model ID')."})
final class TrainCommand implements Callable<Integer> {
    @Parameters(paramLabel = "VIDEO", arity = "1..*")
    List<Path> videos;

    @Option(names = "--pose", required = true, paramLabel = "MODEL_ID", description = "pose model whose keypoints are learnt from (e.g. blazepose-full)")
    String pose;

    @Option(names = "--id", required = true, description = "id of the new model (lower-case letters, digits, '.', '_' or '-')")
    String id;

    @Option(names = "--name", description = "display name (default: the id)")
    String name;

    @Option(names = "--method", defaultValue = "logistic",
            description = "logistic (regression, Tribuo) or prototype (nearest class mean; for 1-5 examples per label); default ${DEFAULT-VALUE}")
    String method;

    @picocli.CommandLine.Mixin
    ModelsOption models;

    @Option(names = "--out-models", paramLabel = "DIR", description = "where the new model goes (default: ~/.local/share/dancelens/models)")
    Path outModels;

    @picocli.CommandLine.Mixin
    DeviceOption devices;

    /** The device resolved from --device when the command starts. */
    OrtRuntime.Device device;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        OutPaths.checkFolder(outModels, "--out-models");
        device = devices.resolve(spec.commandLine().getOut());
        StyleTrainer.Method m = switch (method) {
            case "logistic" -> StyleTrainer.Method.LOGISTIC;
            case "prototype" -> StyleTrainer.Method.PROTOTYPE;
            default -> throw org.dancelens.core.DanceLensException.badInput("--method is logistic or prototype, not " + method + ".");
        };
        if (id == null || !id.matches("[a-z0-9][a-z0-9._-]*")) {
            throw org.dancelens.core.DanceLensException.badInput("--id must be lower-case letters, digits, '.', '_' or '-', not " + id + ".");
        }
        ModelRegistry.Entry poseEntry = models.find(pose);
        Path out = outModels != null ? outModels : ModelRegistry.defaultFolders().get(ModelRegistry.defaultFolders().size() - 1);
        StyleTrainer.Trained t;
        try (CliProgress progress = new CliProgress("Training")) {
            t = StyleTraining.train(videos, poseEntry, m, id, name == null ? id : name, out, Workspace::storeFor, device, progress);
        }
        StyleTrainer.Report r = t.report();
        var o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "%s (%s): %d windows from %s labelled ranges per label%n", id, method,
                r.windowsPerLabel().values().stream().mapToInt(Integer::intValue).sum(), r.rangesPerLabel());
        if (r.folds() == 0) {
            o.println("cross-validation: not possible (a label has a single labelled range); label more ranges to measure accuracy");
        } else {
            o.printf(Locale.ROOT, "cross-validated accuracy (%d folds over whole ranges): %.3f%n", r.folds(), r.cvAccuracy());
            o.println("confusion (rows: truth, columns: predicted): " + r.labels());
            for (int i = 0; i < r.labels().size(); i++) {
                o.printf(Locale.ROOT, "  %-12s %s%n", r.labels().get(i), java.util.Arrays.toString(r.confusion()[i]));
            }
        }
        o.println("model written: " + t.entry().cardFile());
        return 0;
    }
}
