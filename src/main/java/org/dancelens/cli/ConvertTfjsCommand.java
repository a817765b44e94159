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

    @Option(names = "--batch", defaultValue = "1", description = "batch size to fix where the model leaves it open (default ${DEFAULT-VALUE})")
    int batch;

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
        TfjsToOnnx.ConversionReport r = TfjsToOnnx.convert(model, out, batch, prov);
        spec.commandLine().getOut().printf("converted %s -> %s: %d TensorFlow nodes -> %d ONNX nodes (%d transposes); inputs %s, outputs %s%n",
                model.getFileName(), out, r.tfNodes(), r.onnxNodes(), r.transposes(), r.inputs(), r.outputs());
        return 0;
    }
}
