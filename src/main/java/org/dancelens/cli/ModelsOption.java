package org.dancelens.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dancelens.core.DanceLensException;
import org.dancelens.inference.ModelCard;
import org.dancelens.inference.ModelCatalog;
import org.dancelens.inference.ModelRegistry;
import picocli.CommandLine.Option;

/** {@code --models DIR...}: the model folders a command reads, as one catalog read once per command. */
final class ModelsOption {
    @Option(names = "--models", paramLabel = "DIR", description = "model folder(s) (default: models/, $DANCELENS_MODELS, ~/.local/share/dancelens/models)")
    List<Path> folders;

    private ModelCatalog catalog;

    /** The installed models of the folders given (or the default ones). */
    ModelCatalog catalog() {
        if (catalog == null) {
            catalog = folders == null || folders.isEmpty() ? ModelCatalog.defaults() : ModelCatalog.of(folders);
        }
        return catalog;
    }

    /** The installed model with this id. */
    ModelRegistry.Entry find(String id) {
        return catalog().find(id);
    }

    /** The installed model with this id, or null when none is asked for. */
    ModelRegistry.Entry findOrNull(String id) {
        return id == null ? null : find(id);
    }

    /** An installed model's id, or the path of a model card with its ONNX file beside it. */
    ModelRegistry.Entry resolve(String model) {
        Path asPath = Path.of(model);
        if (model.endsWith(".yaml") || model.endsWith(".yml") || Files.isRegularFile(asPath)) {
            if (!Files.isRegularFile(asPath)) {
                throw DanceLensException.badInput("The model card " + model + " does not exist.");
            }
            ModelCard card = ModelCard.read(asPath);
            Path onnx = asPath.toAbsolutePath().resolveSibling(card.provenance().onnx()).normalize();
            if (!Files.isRegularFile(onnx)) {
                throw DanceLensException.badInput("The model card " + asPath.getFileName() + " names " + card.provenance().onnx() + ", which is not there.");
            }
            return new ModelRegistry.Entry(card, asPath, onnx);
        }
        return find(model);
    }
}
