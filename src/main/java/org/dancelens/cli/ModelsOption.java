package org.dancelens.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
            // Only the model a command loads is read (and checked, when it is loaded), not every file of the folders.
            catalog = ModelCatalog.of(folders == null || folders.isEmpty() ? ModelRegistry.defaultFolders() : folders, false);
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

    /**
     * An installed model's id, or the path of a model card with its ONNX file beside it — a card given by path follows
     * the same rule as one found in a model folder ({@link ModelRegistry#entryOf}).
     */
    ModelRegistry.Entry resolve(String model) {
        Path asPath = Path.of(model);
        if (model.endsWith(".yaml") || model.endsWith(".yml") || Files.isRegularFile(asPath)) {
            return ModelRegistry.entryOf(asPath);
        }
        return find(model);
    }
}
