package org.dancelens.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dancelens.analysis.StyleTraining;
import org.dancelens.analysis.Workspace;
import org.dancelens.analysis.ScorerTraining;
import org.dancelens.classify.ScorerTrainer;
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
            "Teach a scorer: with --ratings RATINGS.csv (as 'dancelens evaluate --ratings' reads) instead of videos, train a skeleton",
            "regression on the rated ranges' mean rating of one criterion and print its cross-validated learning curve.",
            "Writes ID.onnx and ID.yaml into the model folder; the model then runs like any other ('dancelens classify --model ID')."})
final class TrainCommand implements Callable<Integer> {
    @Parameters(paramLabel = "VIDEO", arity = "0..*")
    List<Path> videos;

    @Option(names = "--pose", required = true, paramLabel = "MODEL_ID", description = "pose model whose keypoints are learnt from (e.g. blazepose-full)")
    String pose;

    @Option(names = "--ratings", paramLabel = "RATINGS.csv", description = "teach a scorer from these ratings instead of a style from labelled ranges")
    Path ratings;

    @Option(names = "--criterion", paramLabel = "NAME", description = "the rated criterion a scorer learns (--ratings; default: the manifest's first)")
    String criterion;

    @Option(names = "--movement", paramLabel = "MEASURES", split = ",",
            description = "movement measures a scorer learns from besides the skeleton (--ratings): angles, angular_speeds, speeds, energy, "
                    + "or none; default: all four")
    List<String> movement;

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
        if (ratings != null && videos != null && !videos.isEmpty()) {
            throw org.dancelens.core.DanceLensException.badInput("Give either videos (to teach a style) or --ratings (to teach a scorer), not both.");
        }
        if (ratings == null && (videos == null || videos.isEmpty())) {
            throw org.dancelens.core.DanceLensException.badInput("Give the videos whose labelled ranges teach a style, or --ratings RATINGS.csv to teach a scorer.");
        }
        if (ratings == null && movement != null) {
            throw org.dancelens.core.DanceLensException.badInput("--movement chooses the movement features of a scorer; it needs --ratings.");
        }
        if (movement != null && !movement.equals(List.of("none"))) {
            for (String mv : movement) {
                if (!org.dancelens.classify.MovementFeatures.NAMES.contains(mv)) {
                    throw org.dancelens.core.DanceLensException.badInput("--movement takes " + String.join(", ", org.dancelens.classify.MovementFeatures.NAMES)
                            + " or none, not '" + mv + "'.");
                }
            }
            if (movement.stream().distinct().count() != movement.size()) {
                throw org.dancelens.core.DanceLensException.badInput("--movement names a measure twice: " + String.join(",", movement) + ".");
            }
        }
        if (ratings == null && criterion != null) {
            throw org.dancelens.core.DanceLensException.badInput("--criterion chooses what a scorer learns; it needs --ratings.");
        }
        ModelRegistry.Entry poseEntry = models.find(pose);
        Path out = outModels != null ? outModels : ModelRegistry.defaultFolders().get(ModelRegistry.defaultFolders().size() - 1);
        if (ratings != null) {
            return scorer(poseEntry, out);
        }
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

    private Integer scorer(ModelRegistry.Entry poseEntry, Path out) {
        ScorerTrainer.Trained t;
        try (CliProgress progress = new CliProgress("Training")) {
            List<String> measures = movement == null ? ScorerTrainer.DEFAULT_MOVEMENT : movement.equals(List.of("none")) ? List.of() : movement;
            t = ScorerTraining.train(ratings, criterion, measures, poseEntry, id, name == null ? id : name, out, Workspace::storeFor, device,
                    progress);
        }
        ScorerTrainer.Report r = t.report();
        var o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "%s (scorer of '%s', linear regression): %d windows from %d rated ranges%n", id, r.criterion(), r.windows(), r.ranges());
        List<String> used = t.entry().card().sequence().movement();
        o.println("features: skeleton summary" + (used == null || used.isEmpty() ? " only" : " and movement measures " + String.join(", ", used)));
        o.println("learning curve: Pearson r of held-out predictions with the ratings (leave one range out, random subsets of k ranges)");
        o.println("  k      subsets  mean r   sd");
        for (ScorerTrainer.CurvePoint p : r.curve()) {
            if (p.note() != null) {
                o.printf(Locale.ROOT, "  %-6d %s%n", p.k(), p.note());
            } else {
                o.printf(Locale.ROOT, "  %-6d %-8d %-8.3f %s%n", p.k(), p.subsets(), p.meanR(), Double.isNaN(p.sdR()) ? "-" : String.format(Locale.ROOT, "%.3f", p.sdR()));
            }
        }
        o.println("model written: " + t.entry().cardFile());
        return 0;
    }
}
