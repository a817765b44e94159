package org.dancelens.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dancelens.convert.TfjsToOnnx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "tfjs", mixinStandardHelpOptions = true,
        description = "Convert a TensorFlow.js graph model (model.json + weight shards) to ONNX.")
final class ConvertTfjsCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL.json")
    Path model;

    @Option(names = "--out", required = true, paramLabel = "MODEL.onnx")
    Path out;

    @Option(names = "--batch", defaultValue = "1", paramLabel = "N|open",
            description = "batch size to fix where the model leaves it open (default ${DEFAULT-VALUE}), or 'open' to keep the batch"
                    + " dimension open (refused, with the reason, when the graph depends on the batch size)")
    String batch;

    @Option(names = "--source-package", description = "provenance: the package the model came from")
    String sourcePackage;

    @Option(names = "--source-version", description = "provenance: that package's version")
    String sourceVersion;

    @Option(names = "--license", description = "provenance: the model's licence")
    String license;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        OutPaths.checkFile(out, "--out");
        TfjsToOnnx.Provenance prov = sourcePackage == null ? null
                : new TfjsToOnnx.Provenance(sourcePackage, sourceVersion == null ? "" : sourceVersion, license == null ? "" : license);
        int n;
        if ("open".equalsIgnoreCase(batch.strip())) {
            n = TfjsToOnnx.OPEN_BATCH;
        } else {
            try {
                n = Integer.parseInt(batch.strip());
            } catch (NumberFormatException e) {
                n = 0;
            }
            if (n < 1) {
                throw org.dancelens.core.DanceLensException.badInput("--batch must be a whole number of at least 1 or 'open', not '" + batch + "'.");
            }
        }
        TfjsToOnnx.ConversionReport r = TfjsToOnnx.convert(model, out, n, prov);
        spec.commandLine().getOut().printf("converted %s -> %s: %d TensorFlow nodes -> %d ONNX nodes (%d transposes); inputs %s, outputs %s%n",
                model.getFileName(), out, r.tfNodes(), r.onnxNodes(), r.transposes(), r.inputs(), r.outputs());
        if (n == TfjsToOnnx.OPEN_BATCH) {
            spec.commandLine().getOut().println("batch dimension: open");
        }
        return 0;
    }
}
