package org.dancelens.inference;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.dancelens.core.DanceLensException;

/**
 * What DanceLens knows about a model file on disk: its sha256 and the tensors it declares, read from the file itself
 * and cached by the file's absolute path, size, modification time and file key (inode), so the model-folder watch and
 * repeated loads cost a {@code stat} once a file version has been read. A replaced file (even of the same size) has a
 * new modification time or inode and is read again.
 *
 * <p>Also the checks every way of loading a card shares ({@link #check(ModelRegistry.Entry)}): the card's declared
 * sha256 against the file's, and the card's tensors against the ones the model declares, each failure one sentence
 * naming the card, the file and both values.
 */
public final class ModelFiles {
    /** The identity of one version of a file: a change of any field means the file must be read again. */
    record Stamp(long size, FileTime modified, Object fileKey) {
    }

    private record Hashed(Stamp stamp, String sha256) {
    }

    /** The tensors a model declares (graph inputs that are not initializers, and graph outputs), or why it cannot be read. */
    private record Declared(Stamp stamp, Map<String, long[]> inputs, Map<String, long[]> outputs, String unreadable) {
    }

    private static final Map<Path, Hashed> HASHES = new ConcurrentHashMap<>();
    private static final Map<Path, Declared> DECLARED = new ConcurrentHashMap<>();
    private static final int BUFFER = 1 << 20;

    private ModelFiles() {
    }

    private static Path key(Path file) {
        return file.toAbsolutePath().normalize();
    }

    /** The file's current stamp (following symbolic links: the stamp of what a reader gets). */
    static Stamp stamp(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(a.size(), a.lastModifiedTime(), a.fileKey());
        } catch (NoSuchFileException e) {
            throw DanceLensException.badInput("The model file " + file + " is not there.", e);
        } catch (IOException e) {
            throw DanceLensException.badInput("The model file " + file + " cannot be read: " + e.getMessage() + ".", e);
        }
    }

    /**
     * The sha256 of the file as it is now (lower-case hex), computed once per version of the file. A file that changes
     * while it is being read is read again (twice at most, then it is an error).
     */
    public static String sha256(Path file) {
        Path k = key(file);
        for (int attempt = 0; attempt < 3; attempt++) {
            Stamp before = stamp(file);
            Hashed h = HASHES.get(k);
            if (h != null && h.stamp().equals(before)) {
                return h.sha256();
            }
            String sha = digest(file);
            if (stamp(file).equals(before)) {
                HASHES.put(k, new Hashed(before, sha));
                return sha;
            }
        }
        throw DanceLensException.badInput("The model file " + file + " keeps changing while DanceLens reads it; try again once it is written.");
    }

    /** The sha256 of bytes (lower-case hex). */
    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha().digest(bytes));
    }

    /**
     * The bytes of a model file and their sha256 (the hash of exactly these bytes; the cache is used when the file did
     * not change while it was read).
     */
    public record Contents(byte[] bytes, String sha256) {
    }

    public static Contents read(Path file) {
        Path k = key(file);
        Stamp before = stamp(file);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw DanceLensException.badInput("The model file " + file + " cannot be read: " + e.getMessage() + ".", e);
        }
        Hashed h = HASHES.get(k);
        if (h != null && h.stamp().equals(before) && stamp(file).equals(before)) {
            return new Contents(bytes, h.sha256());
        }
        String sha = sha256(bytes);
        if (stamp(file).equals(before)) {
            HASHES.put(k, new Hashed(before, sha));
        }
        return new Contents(bytes, sha);
    }

    private static MessageDigest sha() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw DanceLensException.internal("This Java has no SHA-256.", e);
        }
    }

    private static String digest(Path file) {
        MessageDigest md = sha();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[BUFFER];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw DanceLensException.badInput("The model file " + file + " cannot be read: " + e.getMessage() + ".", e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Forgets every cached hash and tensor list (for measurements of the cold cost). */
    public static void clearCache() {
        HASHES.clear();
        DECLARED.clear();
    }

    /**
     * The sentence for a card whose declared sha256 is not its file's, naming the card, the file and both hashes; null
     * when they agree or the card declares none.
     */
    static String shaMismatch(ModelRegistry.Entry e, String actual) {
        String declared = e.card().provenance().onnxSha256();
        if (declared == null || declared.strip().equalsIgnoreCase(actual)) {
            return null;
        }
        return "The model card " + e.cardFile().getFileName() + " declares sha256 " + declared.strip().toLowerCase(Locale.ROOT) + " for "
                + e.onnxFile().toAbsolutePath() + ", but that file's sha256 is " + actual
                + " (the file was replaced or damaged: put the right file back, or correct 'provenance.onnxSha256' in the card).";
    }

    /**
     * The sha256 of the entry's ONNX file, checked against the one its card declares.
     *
     * @throws DanceLensException naming the card, the file and both hashes when they differ
     */
    static String checkedSha256(ModelRegistry.Entry e) {
        String actual = sha256(e.onnxFile());
        String mismatch = shaMismatch(e, actual);
        if (mismatch != null) {
            throw DanceLensException.badInput(mismatch);
        }
        return actual;
    }

    /**
     * Everything that can be checked without running the model: the declared sha256 against the file's, that the file
     * is an ONNX model (not cut off, not something else), and the card's tensors against the ones the model declares
     * ({@link #checkTensors}). Cached per file version, so the model-folder watch can afford it.
     *
     * @throws DanceLensException one sentence naming what is wrong
     */
    public static void check(ModelRegistry.Entry e) {
        checkedSha256(e);
        Declared d = declared(e.onnxFile());
        if (d.unreadable() != null) {
            throw DanceLensException.badInput("The model file " + e.onnxFile().getFileName() + " (of the card " + e.cardFile().getFileName()
                    + ") is not a whole ONNX model: " + d.unreadable());
        }
        checkTensors(e.card(), d.inputs(), d.outputs());
    }

    private static Declared declared(Path file) {
        Path k = key(file);
        Stamp before = stamp(file);
        Declared d = DECLARED.get(k);
        if (d != null && d.stamp().equals(before)) {
            return d;
        }
        d = parseDeclared(file, before);
        if (stamp(file).equals(before)) {
            DECLARED.put(k, d);
        }
        return d;
    }

    /**
     * Reads the graph's inputs and outputs. Every field of the file is walked (a length that runs past the end of the
     * file is noticed, so a file cut off anywhere is), but the weights and nodes are skipped rather than copied, so it
     * costs little more than reading the file.
     */
    private static Declared parseDeclared(Path file, Stamp stamp) {
        try (InputStream in = Files.newInputStream(file)) {
            CodedInputStream cis = CodedInputStream.newInstance(in, BUFFER);
            cis.setSizeLimit(Integer.MAX_VALUE);
            List<OnnxMl.ValueInfoProto> inputs = new java.util.ArrayList<>();
            List<OnnxMl.ValueInfoProto> outputs = new java.util.ArrayList<>();
            Set<String> inits = new LinkedHashSet<>();
            boolean graph = false;
            int nodes = 0;
            for (int tag = cis.readTag(); tag != 0; tag = cis.readTag()) {
                if (tag != GRAPH_TAG) {
                    if (!cis.skipField(tag)) {
                        break;
                    }
                    continue;
                }
                graph = true;
                int limit = cis.pushLimit(cis.readRawVarint32());
                for (int g = cis.readTag(); g != 0; g = cis.readTag()) {
                    switch (g) {
                        case GRAPH_INPUT_TAG -> inputs.add(OnnxMl.ValueInfoProto.parseFrom(cis.readBytes()));
                        case GRAPH_OUTPUT_TAG -> outputs.add(OnnxMl.ValueInfoProto.parseFrom(cis.readBytes()));
                        case GRAPH_INITIALIZER_TAG -> inits.add(tensorName(cis));
                        default -> {
                            nodes += g == GRAPH_NODE_TAG ? 1 : 0;
                            if (!cis.skipField(g)) {
                                throw new InvalidProtocolBufferException("Protocol message end-group tag did not match expected tag.");
                            }
                        }
                    }
                }
                if (cis.getBytesUntilLimit() > 0) {
                    throw new InvalidProtocolBufferException("While parsing a protocol message, the input ended unexpectedly in the middle of a field.");
                }
                cis.popLimit(limit);
            }
            if (!graph || nodes == 0 && outputs.isEmpty()) {
                return new Declared(stamp, Map.of(), Map.of(), NO_GRAPH);
            }
            Map<String, long[]> ins = new LinkedHashMap<>();
            for (OnnxMl.ValueInfoProto v : inputs) {
                if (!inits.contains(v.getName())) {
                    ins.put(v.getName(), shapeOf(v));
                }
            }
            Map<String, long[]> outs = new LinkedHashMap<>();
            outputs.forEach(v -> outs.put(v.getName(), shapeOf(v)));
            return new Declared(stamp, ins, outs, null);
        } catch (InvalidProtocolBufferException ex) {
            org.slf4j.LoggerFactory.getLogger(ModelFiles.class).info("The model file {} does not parse: {}", file, ex.getMessage());
            return new Declared(stamp, Map.of(), Map.of(), why(ex));
        } catch (IOException ex) {
            throw DanceLensException.badInput("The model file " + file + " cannot be read: " + ex.getMessage() + ".", ex);
        }
    }

    // Field numbers of onnx.proto3 (ModelProto.graph = 7; GraphProto.node = 1, initializer = 5, input = 11, output = 12;
    // TensorProto.name = 8), as wire tags: field << 3 | wire type 2 (length-delimited).
    private static final int GRAPH_TAG = 7 << 3 | 2;
    private static final int GRAPH_NODE_TAG = 1 << 3 | 2;
    private static final int GRAPH_INITIALIZER_TAG = 5 << 3 | 2;
    private static final int GRAPH_INPUT_TAG = 11 << 3 | 2;
    private static final int GRAPH_OUTPUT_TAG = 12 << 3 | 2;
    private static final int TENSOR_NAME_TAG = 8 << 3 | 2;

    /** The name of the initializer at the stream's position; its values are skipped. */
    private static String tensorName(CodedInputStream cis) throws IOException {
        int limit = cis.pushLimit(cis.readRawVarint32());
        String name = "";
        for (int t = cis.readTag(); t != 0; t = cis.readTag()) {
            if (t == TENSOR_NAME_TAG) {
                name = cis.readStringRequireUtf8();
            } else if (!cis.skipField(t)) {
                throw new InvalidProtocolBufferException("Protocol message end-group tag did not match expected tag.");
            }
        }
        if (cis.getBytesUntilLimit() > 0) {
            throw new InvalidProtocolBufferException("While parsing a protocol message, the input ended unexpectedly in the middle of a field.");
        }
        cis.popLimit(limit);
        return name;
    }

    static final String NO_GRAPH = "it holds no graph (an empty file?).";

    /** Whether a parsed model has a graph to run (an empty or foreign file parses as a model without one). */
    static boolean hasGraph(OnnxMl.ModelProto m) {
        return m.hasGraph() && (m.getGraph().getNodeCount() > 0 || m.getGraph().getOutputCount() > 0);
    }

    /** Why protobuf could not read a model file, as a plain fragment (the parser's own text goes to the log). */
    static String why(InvalidProtocolBufferException ex) {
        return ex.getMessage() != null && ex.getMessage().contains("ended unexpectedly")
                ? "it ends in the middle (cut off?)." : "its bytes are not an ONNX model.";
    }

    /**
     * The tensors a graph declares: its inputs that are not initializers, and its outputs, each with its shape (-1 for
     * open dimensions, null when none is declared).
     */
    static List<Map<String, long[]>> declaredShapes(OnnxMl.GraphProto g) {
        Set<String> inits = new LinkedHashSet<>();
        g.getInitializerList().forEach(t -> inits.add(t.getName()));
        Map<String, long[]> ins = new LinkedHashMap<>();
        for (OnnxMl.ValueInfoProto v : g.getInputList()) {
            if (!inits.contains(v.getName())) {
                ins.put(v.getName(), shapeOf(v));
            }
        }
        Map<String, long[]> outs = new LinkedHashMap<>();
        for (OnnxMl.ValueInfoProto v : g.getOutputList()) {
            outs.put(v.getName(), shapeOf(v));
        }
        return List.of(ins, outs);
    }

    /** A declared shape, -1 for open dimensions; null when the model declares no shape at all. */
    private static long[] shapeOf(OnnxMl.ValueInfoProto v) {
        if (!v.getType().hasTensorType() || !v.getType().getTensorType().hasShape()) {
            return null;
        }
        List<OnnxMl.TensorShapeProto.Dimension> dims = v.getType().getTensorType().getShape().getDimList();
        long[] s = new long[dims.size()];
        for (int k = 0; k < s.length; k++) {
            s[k] = dims.get(k).hasDimValue() && dims.get(k).getDimValue() > 0 ? dims.get(k).getDimValue() : -1;
        }
        return s;
    }

    /**
     * Checks the card's tensors against the ones a model declares, before anything runs: every tensor the card names
     * exists; where both give a shape, the ranks agree and so does every dimension fixed in both; a classifier's number
     * of labels is the size of its first output's last dimension. (An image input the model does not take as a
     * picture, e.g. rank 2, fails the shape check with a sentence saying so.)
     *
     * @param inputs  the model's inputs and their shapes (-1 open; a null shape is unknown)
     * @param outputs the model's outputs and their shapes
     * @throws DanceLensException one sentence naming the card, the tensor and both sizes
     */
    public static void checkTensors(ModelCard card, Map<String, long[]> inputs, Map<String, long[]> outputs) {
        for (ModelCard.TensorSpec t : card.inputs()) {
            checkOne(card, "input", t.name(), t.shape(), inputs);
        }
        for (ModelCard.OutputSpec t : card.outputs()) {
            checkOne(card, "output", t.name(), t.shape(), outputs);
        }
        List<String> labels = card.labels();
        boolean classifier = card.task() == ModelCard.Task.FRAME_CLASSIFIER || card.task() == ModelCard.Task.SEQUENCE_CLASSIFIER
                || card.task() == ModelCard.Task.CLIP_CLASSIFIER || card.task() == ModelCard.Task.SCORER;
        if (classifier && labels != null && !labels.isEmpty()) {
            String scores = card.outputs().get(0).name();
            long[] out = outputs.get(scores);
            if (out != null && out.length > 0 && out[out.length - 1] > 0 && out[out.length - 1] != labels.size()) {
                throw DanceLensException.badInput("The card of " + card.id() + " lists " + labels.size() + " labels, but its output tensor '"
                        + scores + "' has " + out[out.length - 1] + " classes (shape " + Arrays.toString(out) + "): give one label per class.");
            }
        }
    }

    private static void checkOne(ModelCard card, String kind, String name, List<Long> want, Map<String, long[]> actual) {
        if (!actual.containsKey(name)) {
            throw DanceLensException.badInput("The card of " + card.id() + " names the " + kind + " tensor '" + name
                    + "', which the model does not have (it has " + actual.keySet() + ").");
        }
        long[] found = actual.get(name);
        if (want == null || want.isEmpty() || found == null) {
            return;
        }
        boolean ok = found.length == want.size();
        for (int k = 0; ok && k < found.length; k++) {
            ok = want.get(k) == -1 || found[k] == -1 || want.get(k) == found[k];
        }
        if (!ok) {
            String picture = kind.equals("input") && want.size() >= 4 && found.length != want.size()
                    ? " (the card describes a picture; the model's input is not one)" : "";
            throw DanceLensException.badInput("The " + kind + " tensor '" + name + "' of " + card.id() + " has shape " + Arrays.toString(found)
                    + ", but its card expects " + want + picture + ".");
        }
    }

    /** For tests: whether a hash of this file version is cached. */
    static boolean cached(Path file) {
        Hashed h = HASHES.get(key(file));
        return h != null && Objects.equals(h.stamp(), stamp(file));
    }
}
