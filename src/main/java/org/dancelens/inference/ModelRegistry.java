package org.dancelens.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dancelens.core.DanceLensException;

/** The models DanceLens knows: every card (*.yaml) in the model folders, with its ONNX file beside it. */
public final class ModelRegistry {

    /** A card together with where its ONNX file is. */
    public record Entry(ModelCard card, Path cardFile, Path onnxFile) {
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
                    ModelCard card = ModelCard.read(c);
                    Path onnx = c.resolveSibling(card.provenance().onnx()).normalize();
                    if (!onnx.startsWith(folder.toAbsolutePath().normalize()) && !onnx.startsWith(folder.normalize())) {
                        r.problems.add(new Problem(c, "The model card " + c.getFileName() + " points outside its folder."));
                    } else if (!Files.isRegularFile(onnx)) {
                        r.problems.add(new Problem(c, "The model card " + c.getFileName() + " names " + card.provenance().onnx()
                                + ", which is not there."));
                    } else {
                        r.entries.add(new Entry(card, c, onnx));
                    }
                } catch (DanceLensException e) {
                    r.problems.add(new Problem(c, e.getMessage()));
                }
            }
        }
        return r;
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
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions();
             OrtSession s = OrtRuntime.environment().createSession(onnx.toString(), o)) {
            check(card, "input", card.inputs().stream().map(t -> Map.entry(t.name(), t.shape() == null ? List.<Long>of() : t.shape())).toList(),
                    s.getInputInfo());
            check(card, "output", card.outputs().stream().map(t -> Map.entry(t.name(), t.shape() == null ? List.<Long>of() : t.shape())).toList(),
                    s.getOutputInfo());
        } catch (OrtException e) {
            throw OrtErrors.cannotLoad(onnx, "The model " + card.id() + " (" + onnx.getFileName() + ")", e);
        }
    }

    private static void check(ModelCard card, String kind, List<Map.Entry<String, List<Long>>> named, Map<String, NodeInfo> actual) {
        for (Map.Entry<String, List<Long>> t : named) {
            NodeInfo info = actual.get(t.getKey());
            if (info == null) {
                throw DanceLensException.badInput("The card of " + card.id() + " names the " + kind + " tensor '" + t.getKey()
                        + "', which the model does not have (it has " + actual.keySet() + ").");
            }
            if (!t.getValue().isEmpty() && info.getInfo() instanceof TensorInfo ti) {
                long[] found = ti.getShape();
                List<Long> want = t.getValue();
                boolean ok = found.length == want.size();
                for (int k = 0; ok && k < found.length; k++) {
                    ok = want.get(k) == -1 || found[k] == -1 || want.get(k) == found[k];
                }
                if (!ok) {
                    throw DanceLensException.badInput("The " + kind + " tensor '" + t.getKey() + "' of " + card.id() + " has shape "
                            + Arrays.toString(found) + ", but its card expects " + want + ".");
                }
            }
        }
    }

    public static String sha256(Path file) {
        try (var in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (Exception e) {
            throw DanceLensException.badInput("Cannot read " + file.getFileName() + ".", e);
        }
    }

    /** The default model folders: the installation's models/ (or $DANCELENS_MODELS) and the user's own. */
    public static List<Path> defaultFolders() {
        List<Path> l = new ArrayList<>();
        String env = System.getenv("DANCELENS_MODELS");
        if (env != null && !env.isBlank()) {
            l.add(Path.of(env));
        }
        l.add(Path.of("models"));
        l.add(userFolder());
        return l;
    }

    /** The user's own model folder, where the workbench installs the models the user adds. */
    public static Path userFolder() {
        return Path.of(System.getProperty("user.home"), ".local", "share", "dancelens", "models");
    }
}
