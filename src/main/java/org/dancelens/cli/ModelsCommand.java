package org.dancelens.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dancelens.convert.ZooImporter;
import org.dancelens.inference.ModelCard;
import org.dancelens.inference.ModelRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "models", mixinStandardHelpOptions = true, description = "The installed models and the model zoo.",
        subcommands = {ModelsCommand.ListCommand.class, ModelsCommand.ImportZooCommand.class})
final class ModelsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List installed models with task, inputs, outputs and provenance.")
    static final class ListCommand implements Callable<Integer> {
        @Option(names = "--dir", description = "model folder(s) to read (default: models/, $DANCELENS_MODELS, ~/.local/share/dancelens/models)")
        List<Path> dirs;

        @Option(names = "--json", description = "print one JSON object")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            // Every ONNX file is read and checked against its card: a missing, cut-off or replaced file is a problem.
            ModelRegistry r = ModelRegistry.scan(dirs == null || dirs.isEmpty() ? ModelRegistry.defaultFolders() : dirs, true);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                ObjectMapper m = new ObjectMapper();
                ObjectNode root = m.createObjectNode();
                ArrayNode models = root.putArray("models");
                for (ModelRegistry.Entry e : r.entries()) {
                    ObjectNode o = m.valueToTree(e.card());
                    o.put("task", e.card().task().label());
                    o.put("cardFile", e.cardFile().toAbsolutePath().toString());
                    o.put("onnxFile", e.onnxFile().toAbsolutePath().toString());
                    o.put("onnxFileSha256", e.onnxSha256());
                    models.add(o);
                }
                ArrayNode problems = root.putArray("problems");
                for (ModelRegistry.Problem p : r.problems()) {
                    problems.addObject().put("card", p.cardFile().toString()).put("message", p.message());
                }
                out.println(root);
            } else {
                if (r.entries().isEmpty() && r.problems().isEmpty()) {
                    out.println("No models installed. Build the zoo with src/scripts/build-model-zoo.sh.");
                }
                for (ModelRegistry.Entry e : r.entries()) {
                    ModelCard c = e.card();
                    out.printf(Locale.ROOT, "%-20s %-12s %s%n", c.id(), c.task().label(), c.name());
                    List<String> ins = new ArrayList<>();
                    c.inputs().forEach(t -> ins.add(t.name() + " " + t.dtype() + " " + t.shape()));
                    List<String> outs = new ArrayList<>();
                    c.outputs().forEach(t -> outs.add(t.name() + " " + t.shape()));
                    out.printf(Locale.ROOT, "%-20s inputs:  %s%n", "", String.join(", ", ins));
                    out.printf(Locale.ROOT, "%-20s outputs: %s%n", "", String.join(", ", outs));
                    out.printf(Locale.ROOT, "%-20s from %s (%s), sha256 %s%n", "", c.provenance().source(), c.license(),
                            e.onnxSha256().substring(0, 12) + "…"); // the file's own (checked against the card's by the scan)
                }
                for (ModelRegistry.Problem p : r.problems()) {
                    spec.commandLine().getErr().println("dancelens: " + p.message());
                }
            }
            return r.problems().isEmpty() ? 0 : 2;
        }
    }

    @Command(name = "import-zoo", mixinStandardHelpOptions = true,
            description = "Convert the zoo's TF.js models (from the unpacked npm package) to ONNX and write their model cards.")
    static final class ImportZooCommand implements Callable<Integer> {
        @Option(names = "--from", required = true, description = "the package's models folder (src/scripts/fetch-model-package.sh prints it)")
        Path from;

        @Option(names = "--out", defaultValue = "models", description = "where to write ONNX files and cards (default ${DEFAULT-VALUE})")
        Path out;

        @Option(names = "--only", split = ",", description = "only these model ids")
        List<String> only;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            OutPaths.checkFolder(out, "--out");
            List<ModelCard> cards;
            try (CliProgress progress = new CliProgress("Converting")) {
                cards = ZooImporter.importZoo(from, out, only, progress);
            }
            for (ModelCard c : cards) {
                spec.commandLine().getOut().printf(Locale.ROOT, "%-20s %s -> %s%n", c.id(), c.provenance().source(),
                        out.resolve(c.provenance().onnx()));
            }
            return 0;
        }
    }
}
