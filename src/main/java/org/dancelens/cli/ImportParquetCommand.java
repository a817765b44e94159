package org.dancelens.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.dancelens.analysis.ParquetImport;
import org.dancelens.inference.ModelRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "parquet", mixinStandardHelpOptions = true,
        description = {"Import the pose runs of the Spark job (its --out folder: Parquet tables runs/ and poses/)",
            "and its classifications by frame models (scores/) into the videos' results stores, so the",
            "workbench and the exports show them with nothing recomputed. A video is imported when its file",
            "is on this machine and is the file the cluster analysed (size and sha256), and its data is whole;",
            "a classification when its model is installed here with the same ONNX file (--models) and its",
            "scores are whole; otherwise a line says why. Importing again adds nothing. Exit code 2 when",
            "anything was not imported."})
final class ImportParquetCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "the Spark job's --out folder")
    Path dir;

    @Option(names = "--video-root", paramLabel = "OLD=NEW",
            description = "where the cluster's videos are on this machine: a prefix of the videos' paths or URIs in the runs table and"
                    + " the folder that replaces it (repeatable; the first that matches is used)")
    List<String> videoRoots = new ArrayList<>();

    @Mixin
    StoreOption stores;

    @Mixin
    ModelsOption models;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<ParquetImport.Root> roots = videoRoots.stream().map(ParquetImport.Root::parse).toList();
        long t0 = System.nanoTime();
        List<ParquetImport.Outcome> outcomes;
        try (CliProgress progress = new CliProgress("Importing")) {
            outcomes = ParquetImport.run(dir, roots, stores::storeFor, this::installed, progress);
        }
        PrintWriter err = spec.commandLine().getErr();
        for (ParquetImport.Outcome o : outcomes) {
            if (!o.ok()) {
                err.println(o.sentence());
            }
            o.classifications().stream().filter(c -> !c.ok()).forEach(c -> err.println(c.sentence()));
        }
        err.flush();
        spec.commandLine().getOut().println(ParquetImport.summary(outcomes, (System.nanoTime() - t0) / 1e9));
        return outcomes.stream().allMatch(ParquetImport.Outcome::allOk) ? 0 : 2;
    }

    /** The installed model with this id, or null when there is none. */
    private ModelRegistry.Entry installed(String id) {
        return models.catalog().current().entries().stream().filter(e -> e.card().id().equals(id)).findFirst().orElse(null);
    }
}
