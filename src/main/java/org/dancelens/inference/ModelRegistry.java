package org.dancelens.inference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.UserFolders;

/** The models DanceLens knows: every card (*.yaml) in the model folders, with its ONNX file beside it. */
public final class ModelRegistry {

    /** A card together with where its ONNX file is. */
    public record Entry(ModelCard card, Path cardFile, Path onnxFile) {
        /**
         * The sha256 of the ONNX file as it is now (cached per file version), which identifies the runs the model makes.
         *
         * @throws DanceLensException naming the card, the file and both hashes when the card declares another one
         */
        public String onnxSha256() {
            return ModelFiles.checkedSha256(this);
        }

        /**
         * This entry with the sha256 of its ONNX file as it is now written into its card's provenance: a job identifies
         * its run by it, and every load of the entry ({@link OnnxModel#open(Entry, OrtRuntime.Device, int)},
         * {@link OnnxGraph#load(Entry)}) checks that the file it reads still has it, so a file replaced in between is
         * an error rather than results filed under the wrong model.
         */
        public Entry pinned() {
            String sha = onnxSha256();
            ModelCard.Provenance p = card.provenance();
            return new Entry(card.withProvenance(new ModelCard.Provenance(p.source(), p.sourceSha256(), p.converter(), p.onnx(), sha)),
                    cardFile, onnxFile);
        }
    }

    /** A card that could not be used, and why. */
    public record Problem(Path cardFile, String message) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();

    private ModelRegistry() {
    }

    /** Reads every card in the folders (missing folders are skipped). Bad cards are collected as problems. */
    public static ModelRegistry scan(List<Path> folders) {
        return scan(folders, false);
    }

    /**
     * As {@link #scan(List)}; with {@code checkFiles} every ONNX file is also read ({@link ModelFiles#check}: its
     * sha256 against the card's, whole, and its tensors against the card's), and a card that fails is a problem, not
     * an entry. The results are cached per file version, so reading the folders again costs little.
     */
    public static ModelRegistry scan(List<Path> folders, boolean checkFiles) {
        ModelRegistry r = new ModelRegistry();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            List<Path> cards;
            try (Stream<Path> s = Files.list(folder)) {
                cards = s.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
            } catch (IOException e) {
                r.problems.add(new Problem(folder, "The model folder " + folder + " cannot be read."));
                continue;
            }
            for (Path c : cards) {
                try {
                    Entry e = entryOf(c);
                    if (checkFiles) {
                        ModelFiles.check(e);
                    }
                    r.entries.add(e);
                } catch (DanceLensException e) {
                    r.problems.add(new Problem(c, e.getMessage()));
                }
            }
        }
        return r;
    }

    /**
     * The one rule for a card, however it is given (found in a model folder, or named by path on the command line):
     * it reads and validates, and its ONNX file lies in the card's own folder and is there.
     *
     * @throws DanceLensException one sentence naming the card and what is wrong
     */
    public static Entry entryOf(Path cardFile) {
        if (!Files.isRegularFile(cardFile)) {
            throw DanceLensException.badInput("The model card " + cardFile + " does not exist.");
        }
        ModelCard card = ModelCard.read(cardFile);
        Path folder = cardFile.toAbsolutePath().normalize().getParent();
        Path onnx = folder.resolve(card.provenance().onnx()).normalize();
        if (!onnx.startsWith(folder) || onnx.equals(folder)) {
            throw DanceLensException.badInput("The model card " + cardFile.getFileName() + " names the ONNX file " + card.provenance().onnx()
                    + ", which is outside the card's folder (" + folder + "); put the model beside its card.");
        }
        if (!Files.isRegularFile(onnx)) {
            throw DanceLensException.badInput("The model card " + cardFile.getFileName() + " names " + card.provenance().onnx()
                    + ", which is not there.");
        }
        return new Entry(card, cardFile, cardFile.resolveSibling(card.provenance().onnx()).normalize());
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    public List<Problem> problems() {
        return List.copyOf(problems);
    }

    public Entry find(String id) {
        return entries.stream().filter(e -> e.card().id().equals(id)).findFirst()
                .orElseThrow(() -> DanceLensException.badInput("No model with the id " + id + " is installed (see 'dancelens models list')."));
    }

    /**
     * Checks a card against its ONNX file: every tensor the card names exists, with a compatible shape.
     *
     * @throws DanceLensException naming the model, the tensor and what was expected vs found
     */
    public static void verify(ModelCard card, Path onnx) {
        try (OnnxModel m = OnnxModel.open(onnx, OrtRuntime.Device.CPU, 1)) {
            Map<String, long[]> ins = new java.util.LinkedHashMap<>(m.inputShapes());
            m.inputNames().forEach(n -> ins.putIfAbsent(n, null));
            ModelFiles.checkTensors(card, ins, m.outputShapes());
        }
    }

    /** The sha256 of a file (cached per file version, see {@link ModelFiles#sha256(Path)}). */
    public static String sha256(Path file) {
        return ModelFiles.sha256(file);
    }

    /**
     * The default model folders, in order: {@code $DANCELENS_MODELS}, the installed package's model zoo (the system
     * property {@code dancelens.models}, which the installers' launcher sets to its own {@code models} folder), the
     * working folder's {@code models/} (a source checkout), and the user's own.
     */
    public static List<Path> defaultFolders() {
        List<Path> l = new ArrayList<>();
        String env = System.getenv("DANCELENS_MODELS");
        if (env != null && !env.isBlank()) {
            l.add(Path.of(env));
        }
        String installed = System.getProperty("dancelens.models");
        if (installed != null && !installed.isBlank()) {
            l.add(Path.of(installed));
        }
        l.add(Path.of("models"));
        l.add(userFolder());
        return l;
    }

    /** The user's own model folder, where the workbench installs the models the user adds ({@link UserFolders#models()}). */
    public static Path userFolder() {
        return UserFolders.models();
    }
}
