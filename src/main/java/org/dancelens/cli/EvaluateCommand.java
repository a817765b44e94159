package org.dancelens.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dancelens.analysis.EvaluationRun;
import org.dancelens.analysis.RatingsRun;
import org.dancelens.analysis.Workspace;
import org.dancelens.classify.Manifest;
import org.dancelens.classify.RatingsManifest;
import org.dancelens.classify.ratings.LabelAgreement;
import org.dancelens.classify.ratings.RatingsEvaluation;
import org.dancelens.export.EvaluationReport;
import org.dancelens.export.RatingsReport;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OrtRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Scores a style classifier against labelled videos (--manifest: video,label[,start_s,end_s]), or a scorer against",
            "people's ratings (--ratings: video[,start_s,end_s][,criterion], a column per rater; or video,start_s,end_s,rater,criterion,value).",
            "Classifier: writes DIR/metrics.json, DIR/confusion.csv, DIR/confusion.png, DIR/confusion.svg and DIR/report.html.",
            "Scorer: writes DIR/metrics.json, DIR/ratings.csv, a scatter and a Bland-Altman plot per criterion (PNG, SVG) and",
            "DIR/report.html. Results stored with each video (the workbench's results store) are reused."})
final class EvaluateCommand implements Callable<Integer> {
    @picocli.CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    /** What the model is evaluated against: labels or ratings, one of the two. */
    static final class Input {
        @Option(names = "--manifest", required = true, paramLabel = "LABELS.csv", description = "labelled videos, for a classifier")
        Path manifest;

        @Option(names = "--ratings", required = true, paramLabel = "RATINGS.csv", description = "people's ratings of videos, for a scorer")
        Path ratings;
    }

    @Option(names = "--resamples", defaultValue = "2000", paramLabel = "N",
            description = "bootstrap resamples for the interval of Pearson's r (--ratings; default ${DEFAULT-VALUE})")
    int resamples;

    @Option(names = "--seed", defaultValue = "20261204", paramLabel = "SEED",
            description = "the bootstrap's random seed, recorded in metrics.json (--ratings; default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "model id, or the path of a model card (.yaml)")
    String model;

    @Option(names = "--pose", paramLabel = "MODEL_ID", description = "pose model for skeleton and person-crop models")
    String pose;

    @picocli.CommandLine.Mixin
    ModelsOption models;

    @picocli.CommandLine.Mixin
    DeviceOption devices;

    /** The device resolved from --device when the command starts. */
    OrtRuntime.Device device;

    @Option(names = "--out", required = true, paramLabel = "DIR")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OutPaths.checkFolder(out, "--out");
        if (input.ratings != null) {
            return ratings();
        }
        Path manifest = input.manifest;
        device = devices.resolve(spec.commandLine().getOut());
        Manifest.Labelled labelled = Manifest.readLabelled(manifest);
        List<Manifest.Item> items = labelled.items();
        ModelRegistry.Entry entry = models.resolve(model).pinned(); // its file's hash, which every load of it checks
        ModelRegistry.Entry poseEntry = models.findOrNull(pose);
        EvaluationRun.Result r;
        try (CliProgress progress = new CliProgress("Evaluating")) {
            r = EvaluationRun.run(manifest, items, entry, poseEntry, Workspace::storeFor, device, progress);
        }
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("modelId", entry.card().id());
        provenance.put("onnxSha256", entry.card().provenance().onnxSha256());
        provenance.put("device", device.toString());
        provenance.put("manifest", manifest.toAbsolutePath().toString());
        provenance.put("date", java.time.Instant.now().toString());
        if (poseEntry != null) {
            provenance.put("poseModel", poseEntry.card().id());
        }
        if (!r.skipped().isEmpty()) {
            provenance.put("skipped", String.join("; ", r.skipped()));
        }
        OutPaths.createFolder(out, "--out");
        LabelAgreement.Result raters = labelled.raters().isEmpty() ? null : LabelAgreement.of(labelled.raters(), labelled.labels(), r.predicted());
        EvaluationReport.write(r.evaluation(), provenance, raters, out);
        var o = spec.commandLine().getOut();
        var ev = r.evaluation();
        o.printf(Locale.ROOT, "%s on %d items: accuracy %.3f, balanced accuracy %.3f, macro F1 %.3f%s%n", entry.card().id(), ev.n(), ev.accuracy(),
                ev.balancedAccuracy(), ev.macroF1(), ev.topK().containsKey(3) ? String.format(Locale.ROOT, ", top-3 %.3f", ev.topK().get(3)) : "");
        if (raters != null) {
            o.printf(Locale.ROOT, "raters: Fleiss' kappa %.3f (%d raters, %d items labelled by all)%n", raters.kappa(), raters.raters().size(),
                    raters.itemsRatedByAll());
            for (LabelAgreement.LeftOut l : raters.leftOut()) {
                o.printf(Locale.ROOT, "  %s left out (%d items): rater %.3f, model %.3f agree with the others' majority%n", l.rater(), l.n(),
                        l.raterAgreement(), l.modelAgreement());
            }
        }
        for (String s : r.skipped()) {
            o.println("left out: " + s);
        }
        o.println("report: " + out.resolve(EvaluationReport.REPORT_HTML));
        return 0;
    }

    /** A scorer against people's ratings. */
    private int ratings() {
        if (resamples < 100 || resamples > 1_000_000) {
            throw org.dancelens.core.DanceLensException.badInput("--resamples must be from 100 to 1000000 (it is " + resamples + ").");
        }
        Path manifest = input.ratings;
        RatingsManifest.Table table = RatingsManifest.read(manifest);
        ModelRegistry.Entry entry = models.resolve(model).pinned();
        ModelRegistry.Entry poseEntry = models.findOrNull(pose);
        device = devices.resolve(spec.commandLine().getOut());
        RatingsRun.Result r;
        try (CliProgress progress = new CliProgress("Evaluating")) {
            r = RatingsRun.run(manifest, table, entry, poseEntry, Workspace::storeFor, device, resamples, seed, progress);
        }
        OutPaths.createFolder(out, "--out");
        RatingsReport.write(r.evaluation(), RatingsRun.provenance(manifest, entry, poseEntry, device, r.skipped()), out);
        var o = spec.commandLine().getOut();
        for (RatingsEvaluation.Criterion c : r.evaluation().criteria()) {
            var m = c.comparison();
            o.printf(Locale.ROOT, "%s on %s (%d items): Pearson r %.3f [%.3f, %.3f], Spearman %.3f, MAE %.3f, bias %.3f%s%n", entry.card().id(),
                    c.criterion(), m.n(), m.pearson(), m.pearsonLow(), m.pearsonHigh(), m.spearman(), m.mae(), m.bias(),
                    c.icc() == null ? "" : String.format(Locale.ROOT, "; raters ICC(2,1) %.3f, ICC(2,k) %.3f", c.icc().single(), c.icc().average()));
        }
        for (String s : r.skipped()) {
            o.println("left out: " + s);
        }
        o.println("report: " + out.resolve(RatingsReport.REPORT_HTML));
        return 0;
    }
}
