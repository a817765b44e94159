package org.dancelens.inference;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.dancelens.core.DanceLensException;
import org.dancelens.inference.graph.GraphBuilder;
import org.dancelens.inference.graph.Tensors;

/**
 * An ONNX model as a protobuf graph, for the graph tools of the explanations: which tensors a model computes and with
 * what shapes, which of them are candidate layers for a class-activation map, and a copy of the model that also
 * returns chosen intermediate tensors. Immutable: every edit returns a new instance.
 *
 * <p>Shapes are learned by running the model once on a constant input with every node output exposed (the Java
 * protobuf classes have no ONNX shape inference), so they are exact for the input shape used.
 */
public final class OnnxGraph {
    /** A tensor's shape and whether it holds float32 values. */
    public record Value(long[] shape, boolean isFloat) {
        public int rank() {
            return shape.length;
        }

        @Override
        public String toString() {
            return Arrays.toString(shape) + (isFloat ? "" : " (not float)");
        }
    }

    /** A candidate layer for a CAM: a node output of shape {@code [N, C, H, W]} with {@code H * W > 1}. */
    public record Layer(String tensor, String nodeName, String opType, long[] shape) {
        @Override
        public String toString() {
            return tensor + " (" + opType + " " + nodeName + ", " + Arrays.toString(shape) + ")";
        }
    }

    /**
     * How a token sequence {@code [N, T, D]} of a transformer lies on the image: {@code classTokens} leading tokens
     * (class, distillation...) and then {@code height * width} patch tokens in row-major order, so {@code T = height *
     * width + classTokens}. From a model card's explain hints {@code grid: [h, w]} and {@code classTokens} (default 0).
     */
    public record TokenGrid(int height, int width, int classTokens) {
        public TokenGrid {
            if (height < 1 || width < 1 || classTokens < 0) {
                throw DanceLensException.badInput("A token grid needs a positive height and width and no negative class tokens, not "
                        + height + "x" + width + " with " + classTokens + ".");
            }
        }

        /** The sequence length T the grid describes. */
        public long tokens() {
            return (long) height * width + classTokens;
        }

        /** The grid of a card's explain hints, or null when they give none; malformed hints are an error. */
        public static TokenGrid fromHints(Map<String, Object> hints) {
            List<String> p = problems(hints);
            if (!p.isEmpty()) {
                throw DanceLensException.badInput("The explain hints are malformed: " + String.join("; ", p) + ".");
            }
            if (hints == null || hints.get("grid") == null) {
                return null;
            }
            List<?> g = (List<?>) hints.get("grid");
            Object c = hints.get("classTokens");
            return new TokenGrid(((Number) g.get(0)).intValue(), ((Number) g.get(1)).intValue(), c == null ? 0 : ((Number) c).intValue());
        }

        /** What is wrong with the grid hints (empty when they are absent or valid). */
        public static List<String> problems(Map<String, Object> hints) {
            List<String> p = new ArrayList<>();
            if (hints == null) {
                return p;
            }
            Object g = hints.get("grid");
            Object c = hints.get("classTokens");
            if (g != null && !(g instanceof List<?> l && l.size() == 2 && l.stream().allMatch(v -> isInt(v) && ((Number) v).longValue() >= 1))) {
                p.add("'explain.grid' must be two positive whole numbers [h, w], not " + g);
            }
            if (c != null && !(isInt(c) && ((Number) c).longValue() >= 0)) {
                p.add("'explain.classTokens' must be a whole number, 0 or more, not " + c);
            }
            if (c != null && g == null) {
                p.add("'explain.classTokens' needs 'explain.grid'");
            }
            return p;
        }

        private static boolean isInt(Object v) {
            return v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof java.math.BigInteger;
        }

        @Override
        public String toString() {
            return height + "x" + width + (classTokens > 0 ? " after " + classTokens + " class token" + (classTokens > 1 ? "s" : "") : "");
        }
    }

    private final OnnxMl.ModelProto model;
    private final String label;

    private OnnxGraph(OnnxMl.ModelProto model, String label) {
        this.model = model;
        this.label = label;
    }

    public static OnnxGraph load(Path onnx) {
        try {
            return parse(Files.readAllBytes(onnx), String.valueOf(onnx.getFileName()));
        } catch (IOException e) {
            throw DanceLensException.badInput("The model " + onnx.getFileName() + " cannot be read" + (Files.isDirectory(onnx) ? " (it is a folder)." : Files.exists(onnx) ? "." : " (it does not exist)."), e);
        }
    }

    /**
     * A model card's ONNX file, checked as every load of a card is (see
     * {@link OnnxModel#open(ModelRegistry.Entry, OrtRuntime.Device, int)}): the sha256 of exactly the bytes read against
     * the one the card declares, and the card's tensors against the ones the graph declares.
     */
    public static OnnxGraph load(ModelRegistry.Entry entry) {
        ModelFiles.Contents c = ModelFiles.read(entry.onnxFile());
        String mismatch = ModelFiles.shaMismatch(entry, c.sha256());
        if (mismatch != null) {
            throw DanceLensException.badInput(mismatch);
        }
        String name = String.valueOf(entry.onnxFile().getFileName());
        OnnxGraph g;
        try {
            g = new OnnxGraph(OnnxMl.ModelProto.parseFrom(c.bytes()), name);
        } catch (InvalidProtocolBufferException e) {
            throw DanceLensException.badInput("The model file " + name + " (of the card " + entry.cardFile().getFileName()
                    + ") is not a whole ONNX model: " + ModelFiles.why(e), e);
        }
        if (!ModelFiles.hasGraph(g.model)) {
            throw DanceLensException.badInput("The model file " + name + " (of the card " + entry.cardFile().getFileName()
                    + ") is not a whole ONNX model: " + ModelFiles.NO_GRAPH);
        }
        List<Map<String, long[]>> io = ModelFiles.declaredShapes(g.model.getGraph());
        ModelFiles.checkTensors(entry.card(), io.get(0), io.get(1));
        return g;
    }

    public static OnnxGraph parse(byte[] onnx, String label) {
        try {
            OnnxMl.ModelProto m = OnnxMl.ModelProto.parseFrom(onnx);
            if (!m.hasGraph()) {
                throw DanceLensException.badInput("The model " + label + (onnx.length == 0 ? " is empty (0 bytes)" : " holds no ONNX graph")
                        + ": it is not an ONNX model, or it is cut off or damaged.");
            }
            return new OnnxGraph(m, label);
        } catch (InvalidProtocolBufferException e) {
            throw DanceLensException.badInput("The model " + label + " is not an ONNX model, or it is cut off or damaged.", e);
        }
    }

    public static OnnxGraph of(OnnxMl.ModelProto model, String label) {
        return new OnnxGraph(model, label);
    }

    public OnnxMl.ModelProto model() {
        return model;
    }

    /** The name used in messages (the file name, usually). */
    public String label() {
        return label;
    }

    public byte[] toBytes() {
        return model.toByteArray();
    }

    /** The version of the default ONNX operator set the model imports. */
    public int opset() {
        for (OnnxMl.OperatorSetIdProto o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                return (int) o.getVersion();
            }
        }
        return 1;
    }

    /** Graph inputs that are fed at run time (not initializers). */
    public List<String> inputNames() {
        Set<String> inits = initializerNames();
        List<String> out = new ArrayList<>();
        for (OnnxMl.ValueInfoProto v : model.getGraph().getInputList()) {
            if (!inits.contains(v.getName())) {
                out.add(v.getName());
            }
        }
        return out;
    }

    public List<String> outputNames() {
        return model.getGraph().getOutputList().stream().map(OnnxMl.ValueInfoProto::getName).toList();
    }

    public Set<String> initializerNames() {
        Set<String> s = new LinkedHashSet<>();
        model.getGraph().getInitializerList().forEach(t -> s.add(t.getName()));
        return s;
    }

    public Optional<OnnxMl.TensorProto> initializer(String name) {
        return model.getGraph().getInitializerList().stream().filter(t -> t.getName().equals(name)).findFirst();
    }

    /** The values of a float32 initializer, or empty when there is none by that name. */
    public Optional<float[]> initializerFloats(String name) {
        return initializer(name).map(Tensors::floats);
    }

    /** The values of an int64 initializer, or empty when there is none by that name. */
    public Optional<long[]> initializerLongs(String name) {
        return initializer(name).map(Tensors::longs);
    }

    /** The node that computes a tensor, if any. */
    public Optional<OnnxMl.NodeProto> producer(String tensor) {
        return model.getGraph().getNodeList().stream().filter(n -> n.getOutputList().contains(tensor)).findFirst();
    }

    /** The declared shape of a graph input (-1 for open dimensions). */
    public long[] declaredInputShape(String input) {
        for (OnnxMl.ValueInfoProto v : model.getGraph().getInputList()) {
            if (v.getName().equals(input)) {
                List<OnnxMl.TensorShapeProto.Dimension> dims = v.getType().getTensorType().getShape().getDimList();
                long[] s = new long[dims.size()];
                for (int k = 0; k < s.length; k++) {
                    s[k] = dims.get(k).hasDimValue() && dims.get(k).getDimValue() > 0 ? dims.get(k).getDimValue() : -1;
                }
                return s;
            }
        }
        throw DanceLensException.badInput("The model " + label + " has no input named " + input + ".");
    }

    /** A copy that also returns the given tensors as graph outputs (those already outputs are kept once). */
    public OnnxGraph withOutputs(List<String> tensors) {
        Set<String> known = new LinkedHashSet<>(outputNames());
        Set<String> produced = new LinkedHashSet<>();
        model.getGraph().getNodeList().forEach(n -> produced.addAll(n.getOutputList()));
        produced.addAll(inputNames());
        OnnxMl.GraphProto.Builder g = model.getGraph().toBuilder();
        for (String t : tensors) {
            if (!produced.contains(t)) {
                throw DanceLensException.badInput("The model " + label + " has no tensor named " + t + ".");
            }
            if (known.add(t)) {
                // ONNX Runtime infers the type and shape of an output declared by name only.
                g.addOutput(GraphBuilder.valueInfo(t));
            }
        }
        return new OnnxGraph(model.toBuilder().setGraph(g).build(), label);
    }

    /**
     * Runs the model once with every node output exposed and returns the shape of every graph input and node output.
     * Open input dimensions take the value in {@code inputShapes} when given, 1 otherwise. Inputs are filled with 0.5.
     */
    public Map<String, Value> probeShapes(Map<String, long[]> inputShapes) {
        List<String> all = new ArrayList<>();
        for (OnnxMl.NodeProto n : model.getGraph().getNodeList()) {
            for (String o : n.getOutputList()) {
                if (!o.isEmpty()) {
                    all.add(o);
                }
            }
        }
        OnnxGraph exposed = withOutputs(all);
        Map<String, Value> shapes = new LinkedHashMap<>();
        Map<String, TensorData> feeds = new LinkedHashMap<>();
        try (OnnxModel m = OnnxModel.open(exposed.toBytes(), label, OrtRuntime.Device.CPU, 1)) {
            Map<String, String> types = m.inputTypes();
            for (String in : inputNames()) {
                long[] shape = inputShapes.containsKey(in) ? inputShapes.get(in).clone() : declaredInputShape(in);
                long[] declared = declaredInputShape(in);
                for (int k = 0; k < shape.length; k++) {
                    if (shape[k] <= 0) {
                        shape[k] = k < declared.length && declared[k] > 0 ? declared[k] : 1;
                    }
                }
                if (!"float32".equals(types.get(in))) {
                    throw DanceLensException.badInput("The input " + in + " of " + label + " is " + types.get(in)
                            + "; the graph tools only feed float32 inputs.");
                }
                float[] v = new float[Math.toIntExact(Tensors.numel(shape))];
                Arrays.fill(v, 0.5f);
                feeds.put(in, TensorData.of(v, shape));
                shapes.put(in, new Value(shape, true));
            }
            shapes.putAll(m.runForShapes(feeds));
        }
        return shapes;
    }

    /** Node outputs of shape {@code [N, C, H, W]} (float, {@code H * W > 1}) in graph order: candidate CAM layers. */
    public List<Layer> candidateLayers(Map<String, Value> shapes) {
        return candidateLayers(shapes, null);
    }

    /**
     * As {@link #candidateLayers(Map)}, and with a token grid also the token sequences {@code [N, T, D]} (float) whose
     * length T is the grid's {@link TokenGrid#tokens()}.
     */
    public List<Layer> candidateLayers(Map<String, Value> shapes, TokenGrid grid) {
        List<Layer> out = new ArrayList<>();
        for (OnnxMl.NodeProto n : model.getGraph().getNodeList()) {
            for (String o : n.getOutputList()) {
                Value v = shapes.get(o);
                if (v != null && v.isFloat() && (v.rank() == 4 && v.shape()[2] * v.shape()[3] > 1
                        || grid != null && v.rank() == 3 && v.shape()[1] == grid.tokens())) {
                    out.add(new Layer(o, n.getName(), n.getOpType(), v.shape()));
                }
            }
        }
        return out;
    }
}
