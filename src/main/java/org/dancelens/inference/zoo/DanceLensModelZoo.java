package org.dancelens.inference.zoo;

import ai.djl.repository.zoo.ModelLoader;
import ai.djl.repository.zoo.ModelZoo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.dancelens.inference.ModelCatalog;
import org.dancelens.inference.ModelRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DanceLens's installed models as a DJL model zoo (group id {@value #GROUP_ID}): a Java program loads them with plain
 * DJL code ({@code Criteria.builder().optGroupId("org.dancelens").optArtifactId("movenet-lightning")...loadModel()}).
 *
 * <p>The zoo lists what the command line and the workbench list: the cards of the default model folders
 * ({@link ModelRegistry#defaultFolders()}: {@code $DANCELENS_MODELS}, the installation's {@code models/}, the user's
 * own folder), read by the same rules ({@link ModelCatalog}, every ONNX file checked against its card). The folders
 * are looked at again at every listing (cheaply: a {@code stat} per file unless something changed), so a model added
 * or removed meanwhile is seen. A card that cannot be used is left out of the zoo with one log line saying why; an id
 * found in an earlier folder hides the same id in a later one, as in the application.
 */
public final class DanceLensModelZoo extends ModelZoo {
    /** The group id of DanceLens's models in DJL. */
    public static final String GROUP_ID = "org.dancelens";
    /** The DJL engine every DanceLens model runs on. */
    public static final String ENGINE = "OnnxRuntime";

    // No other static state: DJL's ModelZoo, initialising, asks DanceLensZooProvider for this zoo, which may be while
    // this class itself is being initialised (when a program touches it before ModelZoo); a static field would still
    // be null then.

    private final Supplier<List<Path>> folders;
    private final ModelCatalog catalog;
    private ModelRegistry reported;

    private DanceLensModelZoo(Supplier<List<Path>> folders) {
        this.folders = folders;
        this.catalog = ModelCatalog.of(folders.get(), true);
    }

    /** A zoo over the default model folders ({@link ModelRegistry#defaultFolders()}, looked up at every listing). */
    static DanceLensModelZoo defaults() {
        return new DanceLensModelZoo(ModelRegistry::defaultFolders);
    }

    /**
     * A zoo over these folders instead of the default ones, to hand to {@code Criteria.Builder.optModelZoo} (DJL's
     * registered zoo for {@value #GROUP_ID} always reads the default folders).
     */
    public static DanceLensModelZoo of(List<Path> folders) {
        List<Path> fixed = List.copyOf(folders);
        return new DanceLensModelZoo(() -> fixed);
    }

    @Override
    public String getGroupId() {
        return GROUP_ID;
    }

    @Override
    public Set<String> getSupportedEngines() {
        return Set.of(ENGINE);
    }

    /** The folders read, in order, as they are now. */
    public List<Path> folders() {
        return folders.get();
    }

    /**
     * The models of the folders as they are now; the cards that cannot be used are logged (once per change of the
     * folders), each with the sentence that says why.
     */
    public ModelRegistry registry() {
        catalog.setFolders(folders.get());
        ModelRegistry r = catalog.current();
        synchronized (this) {
            if (r != reported) {
                reported = r;
                Logger log = LoggerFactory.getLogger(DanceLensModelZoo.class);
                for (ModelRegistry.Problem p : r.problems()) {
                    log.warn("The DJL model zoo leaves out {}: {}", p.cardFile(), p.message());
                }
            }
        }
        return r;
    }

    /** One loader per installed model (the first card of an id; a later one with the same id is hidden). */
    @Override
    public Collection<ModelLoader> getModelLoaders() {
        List<ModelLoader> loaders = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (ModelRegistry.Entry e : registry().entries()) {
            if (ids.add(e.card().id())) {
                loaders.add(new DanceLensModelLoader(e));
            }
        }
        return loaders;
    }

    /** The loader of the installed model with this id, or null when there is none. */
    @Override
    public ModelLoader getModelLoader(String name) {
        return getModelLoaders().stream().filter(l -> l.getArtifactId().equals(name)).findFirst().orElse(null);
    }
}
