package org.dancelens.convert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dancelens.core.DanceLensException;
import org.dancelens.inference.ParseErrors;
import org.dancelens.inference.graph.Tensors;

/**
 * A TensorFlow.js graph model read from its {@code model.json} and weight shards: the nodes of the TensorFlow
 * graph, the signature, and every weight dequantised to float32 (or int32/bool). Model files are untrusted input:
 * weight paths must stay inside the model's folder and sizes are checked against shapes before anything is
 * allocated.
 */
final class TfjsGraphModel {
    /** The most elements one weight may have (a guard against hostile manifests): 512 M. */
    static final long MAX_ELEMENTS = 512L << 20;

    /**
     * One node of the TensorFlow graph. Its attributes are read when an op rule asks for them; an attribute that does
     * not hold what its kind says (base64 text, whole numbers, a number, true or false) is refused with a sentence
     * naming the model, the node and the attribute.
     */
    record Node(String name, String op, List<String> inputs, JsonNode attr, String file) {
        String attrString(String key, String dflt) {
            JsonNode a = attr.get(key);
            if (a == null || a.get("s") == null) {
                return dflt;
            }
            return base64(a.get("s"), key);
        }

        long attrInt(String key, long dflt) {
            JsonNode a = attr.get(key);
            return a == null || a.get("i") == null ? dflt : whole(a.get("i"), key);
        }

        double attrFloat(String key, double dflt) {
            JsonNode a = attr.get(key);
            if (a == null || a.get("f") == null) {
                return dflt;
            }
            JsonNode f = a.get("f");
            if (f.isNumber()) {
                return f.asDouble();
            }
            if (f.isTextual()) {
                try {
                    return Double.parseDouble(f.asText());
                } catch (NumberFormatException e) {
                    // refused below
                }
            }
            throw bad(key, "is not a number");
        }

        boolean attrBool(String key, boolean dflt) {
            JsonNode a = attr.get(key);
            if (a == null || a.get("b") == null) {
                return dflt;
            }
            JsonNode b = a.get("b");
            if (b.isBoolean() || b.isTextual() && (b.asText().equals("true") || b.asText().equals("false"))) {
                return b.asBoolean();
            }
            throw bad(key, "is not true or false");
        }

        String attrType(String key, String dflt) {
            JsonNode a = attr.get(key);
            return a == null || a.get("type") == null ? dflt : a.get("type").asText();
        }

        long[] attrInts(String key) {
            JsonNode a = attr.get(key);
            if (a == null || a.get("list") == null || a.get("list").get("i") == null) {
                return new long[0];
            }
            JsonNode l = a.get("list").get("i");
            if (!l.isArray()) {
                throw bad(key, "is not a list of whole numbers");
            }
            long[] out = new long[l.size()];
            for (int k = 0; k < out.length; k++) {
                out[k] = whole(l.get(k), key);
            }
            return out;
        }

        List<String> attrStrings(String key) {
            JsonNode a = attr.get(key);
            List<String> out = new ArrayList<>();
            if (a == null || a.get("list") == null || a.get("list").get("s") == null) {
                return out;
            }
            JsonNode l = a.get("list").get("s");
            if (!l.isArray()) {
                throw bad(key, "is not a list of base64 texts");
            }
            for (JsonNode s : l) {
                out.add(base64(s, key));
            }
            return out;
        }

        private String base64(JsonNode v, String key) {
            try {
                return new String(Base64.getDecoder().decode(v.asText()), java.nio.charset.StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw bad(key, "is not base64 text");
            }
        }

        private long whole(JsonNode v, String key) {
            Long l = TfjsGraphModel.whole(v);
            if (l == null) {
                throw bad(key, "holds " + ParseErrors.quote(v.asText()) + " where a whole number belongs");
            }
            return l;
        }

        private DanceLensException bad(String key, String what) {
            return DanceLensException.badInput("Cannot convert " + file + ": node " + name + " (op " + op + ") has the attribute '" + key
                    + "', which " + what + ".");
        }
    }

    /** A whole number given as a JSON number or as text (TF.js writes 64-bit integers as text), or null. */
    static Long whole(JsonNode v) {
        if (v == null) {
            return null;
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.asLong();
        }
        if (v.isTextual()) {
            try {
                return Long.parseLong(v.asText().strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** A tensor named by the signature. */
    record SignatureTensor(String key, String tensorName, String dtype, long[] shape) {
    }

    final Path jsonFile;
    final List<Node> nodes = new ArrayList<>();
    final Map<String, TfTensor> weights = new LinkedHashMap<>();
    final List<SignatureTensor> inputs = new ArrayList<>();
    final List<SignatureTensor> outputs = new ArrayList<>();
    final String convertedBy;
    final String generatedBy;

    private TfjsGraphModel(Path jsonFile, String convertedBy, String generatedBy) {
        this.jsonFile = jsonFile;
        this.convertedBy = convertedBy;
        this.generatedBy = generatedBy;
    }

    static TfjsGraphModel read(Path modelJson) {
        String file = modelJson.getFileName().toString();
        if (!Files.isRegularFile(modelJson)) {
            throw DanceLensException.badInput("The model file " + modelJson + " does not exist.");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(modelJson.toFile());
        } catch (JsonProcessingException e) {
            String where = ParseErrors.where(e);
            throw DanceLensException.badInput("The model file " + file + " is not valid JSON" + (where.isEmpty() ? "" : " at " + where) + ": "
                    + ParseErrors.syntax(e) + ".", e);
        } catch (IOException e) {
            throw DanceLensException.badInput("The model file " + file + " cannot be read.", e);
        }
        if (root == null || !"graph-model".equals(root.path("format").asText()) || !root.has("modelTopology")) {
            throw DanceLensException.badInput("The file " + file + " is not a TensorFlow.js graph model (its format is not \"graph-model\").");
        }
        TfjsGraphModel m = new TfjsGraphModel(modelJson, root.path("convertedBy").asText(""), root.path("generatedBy").asText(""));
        java.util.Set<String> names = new java.util.HashSet<>();
        JsonNode nodes = root.path("modelTopology").path("node");
        if (!nodes.isMissingNode() && !nodes.isArray()) {
            throw DanceLensException.badInput("The model " + file + " has a 'node' entry that is not a list of nodes.");
        }
        for (JsonNode n : nodes) {
            if (!n.isObject() || !n.path("name").isTextual() || n.path("name").asText().isEmpty() || !n.path("op").isTextual()) {
                throw DanceLensException.badInput("The model " + file + " has a node without a name or an op (node " + (m.nodes.size() + 1) + ").");
            }
            String name = n.get("name").asText();
            if (!names.add(name)) {
                throw DanceLensException.badInput("The model " + file + " has two nodes named " + ParseErrors.quote(name) + ".");
            }
            List<String> ins = new ArrayList<>();
            for (JsonNode in : n.path("input")) {
                if (!in.isTextual()) {
                    throw DanceLensException.badInput("The model " + file + " has the node " + ParseErrors.quote(name) + " with an input that is not a name.");
                }
                String s = in.asText();
                if (!s.startsWith("^")) { // control dependencies carry no data
                    ins.add(s);
                }
            }
            JsonNode attr = n.path("attr");
            if (!attr.isMissingNode() && !attr.isObject()) {
                throw DanceLensException.badInput("The model " + file + " has the node " + ParseErrors.quote(name) + " whose 'attr' is not a mapping.");
            }
            m.nodes.add(new Node(name, n.get("op").asText(), ins, attr.isObject() ? attr : com.fasterxml.jackson.databind.node.MissingNode.getInstance(), file));
        }
        if (m.nodes.isEmpty()) {
            throw DanceLensException.badInput("The model " + file + " has no nodes.");
        }
        JsonNode sig = root.has("signature") ? root.get("signature") : root.path("userDefinedMetadata").path("signature");
        readSignature(sig.path("inputs"), m.inputs, file);
        readSignature(sig.path("outputs"), m.outputs, file);
        m.readWeights(root.path("weightsManifest"));
        return m;
    }

    private static void readSignature(JsonNode part, List<SignatureTensor> out, String file) {
        part.fields().forEachRemaining(e -> {
            JsonNode t = e.getValue();
            long[] shape = dims(t.path("tensorShape").path("dim"), "The signature's tensor " + ParseErrors.quote(e.getKey()) + " of " + file);
            out.add(new SignatureTensor(e.getKey(), t.path("name").asText(e.getKey()), t.path("dtype").asText("DT_FLOAT"), shape));
        });
    }

    /**
     * A TensorFlow shape ({@code [{"size": "1"}, {}, ...]}: a missing size is an open dimension, -1); {@code what}
     * names the tensor in the sentence when a size is not a whole number from -1 up.
     */
    static long[] dims(JsonNode dims, String what) {
        long[] shape = new long[dims.size()];
        for (int k = 0; k < shape.length; k++) {
            JsonNode size = dims.get(k).get("size");
            if (size == null) {
                shape[k] = -1;
                continue;
            }
            Long v = whole(size);
            if (v == null || v < -1) {
                throw DanceLensException.badInput(what + " has the size " + ParseErrors.quote(size.asText()) + "; a size is a whole number from -1 up.");
            }
            shape[k] = v;
        }
        return shape;
    }

    private void readWeights(JsonNode manifest) {
        Path folder = jsonFile.toAbsolutePath().getParent();
        if (!manifest.isMissingNode() && !manifest.isArray()) {
            throw DanceLensException.badInput("The weights manifest of " + jsonFile.getFileName() + " is not a list of weight groups.");
        }
        for (JsonNode group : manifest) {
            // The group's shards, concatenated.
            List<Path> shards = new ArrayList<>();
            long total = 0;
            for (JsonNode p : group.path("paths")) {
                Path shard;
                try {
                    shard = p.isTextual() ? folder.resolve(p.asText()).normalize() : null;
                } catch (java.nio.file.InvalidPathException e) {
                    shard = null;
                }
                if (shard == null) {
                    throw DanceLensException.badInput("The model " + jsonFile.getFileName() + " names the weight file " + ParseErrors.quote(p.asText())
                            + ", which is not a file name.");
                }
                if (!shard.startsWith(folder)) {
                    throw DanceLensException.badInput("The model " + jsonFile.getFileName() + " names a weight file outside its folder ("
                            + p.asText() + "); refusing to read it.");
                }
                if (!Files.isRegularFile(shard)) {
                    throw DanceLensException.badInput("The weight file " + p.asText() + " of " + jsonFile.getFileName() + " is missing.");
                }
                try {
                    total += Files.size(shard);
                } catch (IOException e) {
                    throw DanceLensException.badInput("The weight file " + p.asText() + " cannot be read.", e);
                }
                shards.add(shard);
            }
            // Check every weight's size against the shards before reading anything.
            long need = 0;
            for (JsonNode w : group.path("weights")) {
                need += weightBytes(w);
            }
            if (need != total) {
                throw DanceLensException.badInput("The weights of " + jsonFile.getFileName() + " do not match their manifest: the shards hold "
                        + total + " bytes, the manifest describes " + need + ".");
            }
            if (total > Integer.MAX_VALUE) {
                throw DanceLensException.badInput("A weight group of " + jsonFile.getFileName() + " is larger than 2 GB.");
            }
            ByteBuffer data = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
            for (Path shard : shards) {
                try {
                    data.put(Files.readAllBytes(shard));
                } catch (IOException e) {
                    throw DanceLensException.badInput("The weight file " + shard.getFileName() + " cannot be read.", e);
                }
            }
            data.flip();
            for (JsonNode w : group.path("weights")) {
                if (weights.put(w.path("name").asText(), decode(w, data)) != null) {
                    throw DanceLensException.badInput("The weights manifest of " + jsonFile.getFileName() + " lists the weight "
                            + ParseErrors.quote(w.path("name").asText()) + " twice.");
                }
            }
        }
    }

    /** A weight's shape: whole numbers from 0 up, at most {@link #MAX_ELEMENTS} elements in all. */
    private long[] weightShape(JsonNode w) {
        if (!w.isObject() || !w.path("name").isTextual()) {
            throw DanceLensException.badInput("The weights manifest of " + jsonFile.getFileName() + " has an entry that is not a named weight.");
        }
        JsonNode shapeNode = w.path("shape");
        if (!shapeNode.isArray()) {
            throw DanceLensException.badInput("The weight " + ParseErrors.quote(w.path("name").asText()) + " of " + jsonFile.getFileName()
                    + " has no shape (a list of whole numbers).");
        }
        long[] shape = new long[shapeNode.size()];
        long n = 1;
        for (int k = 0; k < shape.length; k++) {
            JsonNode d = shapeNode.get(k);
            long v = d.isIntegralNumber() && d.canConvertToLong() ? d.asLong() : -1;
            if (v < 0) {
                throw DanceLensException.badInput("The weight " + ParseErrors.quote(w.path("name").asText()) + " of " + jsonFile.getFileName()
                        + " has the dimension " + ParseErrors.quote(d.asText()) + "; a dimension is a whole number from 0 up.");
            }
            shape[k] = v;
            n = v > MAX_ELEMENTS ? MAX_ELEMENTS + 1 : n * v;
            if (n > MAX_ELEMENTS) {
                throw DanceLensException.badInput("The weight " + ParseErrors.quote(w.path("name").asText()) + " of " + jsonFile.getFileName()
                        + " is implausibly large.");
            }
        }
        return shape;
    }

    private long weightBytes(JsonNode w) {
        long n = Tensors.numel(weightShape(w));
        JsonNode q = w.get("quantization");
        String dt = q != null ? q.path("dtype").asText() : w.path("dtype").asText();
        int bytes = switch (dt) {
            case "float32", "int32" -> 4;
            case "float16", "uint16", "int16" -> 2;
            case "uint8", "bool", "int8" -> 1;
            default -> throw DanceLensException.badInput("The weight " + w.path("name").asText() + " of " + jsonFile.getFileName()
                    + " has the unsupported data type " + dt + ".");
        };
        return n * bytes;
    }

    private TfTensor decode(JsonNode w, ByteBuffer data) {
        long[] shape = weightShape(w);
        int n = (int) Tensors.numel(shape);
        String dtype = w.path("dtype").asText();
        JsonNode q = w.get("quantization");
        if (q != null) {
            String qd = q.path("dtype").asText();
            float[] out = new float[n];
            switch (qd) {
                case "float16" -> {
                    for (int k = 0; k < n; k++) {
                        out[k] = Float.float16ToFloatCompat(data.getShort());
                    }
                }
                case "uint8", "uint16" -> {
                    if (!q.path("scale").isNumber() || !q.path("min").isNumber()) {
                        throw DanceLensException.badInput("The weight " + ParseErrors.quote(w.path("name").asText()) + " of " + jsonFile.getFileName()
                                + " is quantised without a numeric scale and min.");
                    }
                    double scale = q.path("scale").asDouble();
                    double min = q.path("min").asDouble();
                    for (int k = 0; k < n; k++) {
                        int v = qd.equals("uint8") ? data.get() & 0xff : data.getShort() & 0xffff;
                        out[k] = (float) (v * scale + min);
                    }
                }
                default -> throw DanceLensException.badInput("The weight " + w.path("name").asText() + " uses the unsupported quantisation " + qd + ".");
            }
            return dtype.equals("int32") ? TfTensor.floats(shape, out).cast(TfTensor.DType.INT32) : TfTensor.floats(shape, out);
        }
        return switch (dtype) {
            case "float32" -> {
                float[] out = new float[n];
                data.asFloatBuffer().get(out);
                data.position(data.position() + 4 * n);
                yield TfTensor.floats(shape, out);
            }
            case "int32" -> {
                int[] out = new int[n];
                data.asIntBuffer().get(out);
                data.position(data.position() + 4 * n);
                yield TfTensor.ints(shape, out);
            }
            case "bool" -> {
                int[] out = new int[n];
                for (int k = 0; k < n; k++) {
                    out[k] = data.get() != 0 ? 1 : 0;
                }
                yield TfTensor.bools(shape, out);
            }
            default -> throw DanceLensException.badInput("The weight " + w.path("name").asText() + " has the unsupported data type " + dtype + ".");
        };
    }

    /** IEEE half precision to float (Java 17 has no Float.float16ToFloat). */
    static final class Float {
        private Float() {
        }

        static float float16ToFloatCompat(short h) {
            int bits = h & 0xffff;
            int sign = (bits >>> 15) << 31;
            int exp = (bits >>> 10) & 0x1f;
            int mant = bits & 0x3ff;
            if (exp == 0) {
                if (mant == 0) {
                    return java.lang.Float.intBitsToFloat(sign);
                }
                // subnormal
                float v = mant / 1024.0f * (float) Math.pow(2, -14);
                return sign != 0 ? -v : v;
            }
            if (exp == 31) {
                return java.lang.Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
            }
            return java.lang.Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
        }
    }
}
