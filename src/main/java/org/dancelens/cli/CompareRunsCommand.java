package org.dancelens.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dancelens.analysis.RunComparison;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.compare.ClassifierComparison;
import org.dancelens.compare.MapComparison;
import org.dancelens.compare.PoseComparison;
import org.dancelens.core.DanceLensException;
import org.dancelens.export.CompareExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "runs", mixinStandardHelpOptions = true,
        description = {"Compare two stored runs of VIDEO of the same kind, run A the reference. Pose runs: dancers matched",
            "per frame (Hungarian on OKS), OKS and per-joint distance per pair, dancers one run missed, mean OKS,",
            "PCK@0.05/@0.1. Classify runs: top-label agreement, Jensen-Shannon divergence, disagreement segments,",
            "confusion table, Cohen's kappa. Explain runs: IoU of the maps' strongest 20% and Spearman correlation.",
            "Writes CSV files and DIR/summary.json (last; it lists the files)."})
final class CompareRunsCommand implements Callable<Integer> {
    @Parameters(paramLabel = "VIDEO")
    Path video;

    @Option(names = "--a", paramLabel = "RUN", description = "run A (the reference), by its number")
    Long runA;

    @Option(names = "--b", paramLabel = "RUN", description = "run B, by its number")
    Long runB;

    @Option(names = "--out", paramLabel = "DIR", description = "the folder the files go to (created if its parent exists)")
    Path out;

    @Option(names = "--list", description = "list the runs of VIDEO that hold results (number, kind, model, status, frames) and stop")
    boolean list;

    @picocli.CommandLine.Mixin
    StoreOption stores;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ExportCommand.checkVideo(video);
        Path storeFile = stores.storeFor(video);
        String abs = video.toAbsolutePath().toString();
        if (list) {
            try (ResultsStore store = ExportCommand.openStore(storeFile, video)) {
                List<Run> runs = org.dancelens.export.DataExport.runsWithResults(store, abs);
                if (runs.isEmpty()) {
                    throw ExportCommand.noResults(video, storeFile);
                }
                for (Run r : runs) {
                    spec.commandLine().getOut().printf(Locale.ROOT, "%5d  %-9s %-24s %-10s %d of %d frames%n", r.id(), r.kind().key(), r.modelId(),
                            r.status().key(), r.framesDone(), r.spec().frames());
                }
            }
            return 0;
        }
        if (runA == null || runB == null || out == null) {
            throw DanceLensException.badInput("Give the two runs and the folder: --a RUN --b RUN --out DIR (--list shows the runs of "
                    + video.getFileName() + ").");
        }
        ExportDataCommand.checkOut(out);
        RunComparison.Outcome o;
        List<String> files;
        long t0 = System.nanoTime();
        try (ResultsStore store = ExportCommand.openStore(storeFile, video)) {
            Run a = RunComparison.find(store, runA, "Run A");
            Run b = RunComparison.find(store, runB, "Run B");
            RunComparison.check(a, b);
            if (!a.videoPath().equals(abs)) {
                throw DanceLensException.badInput("Runs " + a.id() + " and " + b.id() + " are of " + Path.of(a.videoPath()).getFileName() + ", not of "
                        + video.getFileName() + ".");
            }
            try (CliProgress progress = new CliProgress("Comparing")) {
                o = RunComparison.compare(store, a, b, progress);
                files = CompareExport.write(o, out);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "%s: %s run %d (%s) vs run %d (%s)%n", video.getFileName(), o.kind().key(), o.a().id(), o.a().modelId(), o.b().id(),
                o.b().modelId());
        for (Run r : List.of(o.a(), o.b())) {
            if (!r.finished()) {
                w.printf(Locale.ROOT, "  run %d is %s (%d of %d frames): only frames both runs hold are compared%n", r.id(), r.status().key(),
                        r.framesDone(), r.spec().frames());
            }
        }
        if (o instanceof RunComparison.PoseOutcome p) {
            PoseComparison.Summary s = p.result().summary();
            w.printf(Locale.ROOT, "  %d frames compared, %d matched pairs, mean OKS %s, PCK@0.05 %s, PCK@0.1 %s%n", s.framesCompared(), s.pairs(),
                    f3(s.meanOks()), f3(s.pck05()), f3(s.pck10()));
            w.printf(Locale.ROOT, "  %d frames with a missed dancer (%d dancers seen by A only, %d by B only); %d joints compared: %s%n",
                    s.framesWithMissed(), s.missedByB(), s.missedByA(), p.result().joints().size(),
                    p.result().joints().size() == 17 ? "COCO-17" : String.join(", ", p.result().joints().names()));
        } else if (o instanceof RunComparison.ClassifyOutcome c) {
            ClassifierComparison.Summary s = c.result().summary();
            ClassifierComparison.LabelMatch l = c.result().labels();
            w.printf(Locale.ROOT, "  %d frames compared, top label agrees on %d (%s), Cohen's kappa %s, mean JS divergence %s, %d disagreement segments%n",
                    s.frames(), s.agreeing(), f3(s.agreement()), f3(s.kappa()), f3(s.meanJs()), s.segments());
            w.printf(Locale.ROOT, "  labels matched by name: %d; only in A: %s; only in B: %s%n", l.matched(), list(l.unmatchedA()), list(l.unmatchedB()));
            if (!c.pairing().isEmpty()) {
                w.printf(Locale.ROOT, "  dancers paired by %s: %d pairs%n", c.pairing(), c.result().tracks().pairs().size());
            }
        } else if (o instanceof RunComparison.ExplainOutcome e) {
            MapComparison.Summary s = e.result().summary();
            w.printf(Locale.ROOT, "  %d frames compared, mean IoU of the strongest 20%% %s, mean Spearman %s%s%n", s.frames(), f3(s.meanIou()),
                    f3(s.meanSpearman()), s.resampled() > 0 ? " (" + s.resampled() + " frames resampled to a common grid)" : "");
        }
        w.printf(Locale.ROOT, "  %d files written into %s (listed in %s) in %.2f s%n", files.size(), out, CompareExport.SUMMARY, seconds);
        return 0;
    }

    private static String f3(double v) {
        return Double.isNaN(v) ? "undefined" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String list(List<String> l) {
        return l.isEmpty() ? "none" : String.join(", ", l);
    }
}
