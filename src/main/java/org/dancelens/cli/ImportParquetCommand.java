package org.dancelens.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.dancelens.analysis.ParquetImport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "parquet", mixinStandardHelpOptions = true,
        description = {"Import the pose runs of the Spark job (its --out folder: Parquet tables runs/ and poses/)",
            "into the videos' results stores, so the workbench and the exports show them with nothing",
            "recomputed. A video is imported when its file is on this machine and is the file the cluster",
            "analysed (size and sha256), and its data is whole; otherwise a line says why. Importing again",
            "adds nothing. Exit code 2 when any video was not imported."})
final class ImportParquetCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "the Spark job's --out folder")
    Path dir;

    @Option(names = "--video-root", paramLabel = "OLD=NEW",
            description = "where the cluster's videos are on this machine: a prefix of the videos' paths or URIs in the runs table and"
                    + " the folder that replaces it (repeatable; the first that matches is used)")
    List<String> videoRoots = new ArrayList<>();

    @Mixin
    StoreOption stores;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<ParquetImport.Root> roots = videoRoots.stream().map(ParquetImport.Root::parse).toList();
        long t0 = System.nanoTime();
        List<ParquetImport.Outcome> outcomes;
        try (CliProgress progress = new CliProgress("Importing")) {
            outcomes = ParquetImport.run(dir, roots, stores::storeFor, progress);
        }
        PrintWriter err = spec.commandLine().getErr();
        for (ParquetImport.Outcome o : outcomes) {
            if (!o.ok()) {
                err.println(o.sentence());
            }
        }
        err.flush();
        spec.commandLine().getOut().println(ParquetImport.summary(outcomes, (System.nanoTime() - t0) / 1e9));
        return outcomes.stream().allMatch(ParquetImport.Outcome::ok) ? 0 : 2;
    }
}
