package org.dancelens.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dancelens.analysis.EvaluationRun;
import org.dancelens.analysis.Workspace;
import org.dancelens.classify.Manifest;
import org.dancelens.export.EvaluationReport;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OrtRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Scores a style classifier against labelled videos (a manifest: video,label[,start_s,end_s]).",
            "Writes DIR/metrics.json, DIR/confusion.csv, DIR/confusion.png, DIR/confusion.svg and DIR/report.html. Results stored",
            "with each video (the workbench's results store) are reused."})
final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--manifest", required = true, paramLabel = "LABELS.csv")
    Path manifest;

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
        device = devices.resolve(spec.commandLine().getOut());
        List<Manifest.Item> items = Manifest.read(manifest);
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
        EvaluationReport.write(r.evaluation(), provenance, out);
        var o = spec.commandLine().getOut();
        var ev = r.evaluation();
        o.printf(Locale.ROOT, "%s on %d items: accuracy %.3f, balanced accuracy %.3f, macro F1 %.3f%s%n", entry.card().id(), ev.n(), ev.accuracy(),
                ev.balancedAccuracy(), ev.macroF1(), ev.topK().containsKey(3) ? String.format(Locale.ROOT, ", top-3 %.3f", ev.topK().get(3)) : "");
        for (String s : r.skipped()) {
            o.println("left out: " + s);
        }
        o.println("report: " + out.resolve(EvaluationReport.REPORT_HTML));
        return 0;
    }
}
