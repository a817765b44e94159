package org.dancelens.convert;

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

    /** One node of the TensorFlow graph. */
    record Node(String name, String op, List<String> inputs, JsonNode attr) {
        String attrString(String key, String dflt) {
            JsonNode a = attr.get(key);
            if (a == null || a.get("s") == null) {
                return dflt;
            }
            return new String(Base64.getDecoder().decode(a.get("s").asText()), java.nio.charset.StandardCharsets.UTF_8);
        }

        long attrInt(String key, long dflt) {
            JsonNode a = attr.get(key);
            return a == null || a.get("i") == null ? dflt : Long.parseLong(a.get("i").asText());
        }

        double attrFloat(String key, double dflt) {
            JsonNode a = attr.get(key);
            return a == null || a.get("f") == null ? dflt : a.get("f").asDouble();
        }

        boolean attrBool(String key, boolean dflt) {
            JsonNode a = attr.get(key);
            return a == null || a.get("b") == null ? dflt : a.get("b").asBoolean();
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
            long[] out = new long[l.size()];
            for (int k = 0; k < out.length; k++) {
                out[k] = Long.parseLong(l.get(k).asText());
            }
            return out;
        }

        List<String> attrStrings(String key) {
            JsonNode a = attr.get(key);
            List<String> out = new ArrayList<>();
            if (a == null || a.get("list") == null || a.get("list").get("s") == null) {
                return out;
            }
            for (JsonNode s : a.get("list").get("s")) {
                out.add(new String(Base64.getDecoder().decode(s.asText()), java.nio.charset.StandardCharsets.UTF_8));
            }
            return out;
        }
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
        } catch (IOException e) {
            throw DanceLensException.badInput("The model file " + file + " is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !"graph-model".equals(root.path("format").asText()) || !root.has("modelTopology")) {
            throw DanceLensException.badInput("The file " + file + " is not a TensorFlow.js graph model (its format is not \"graph-model\").");
        }
        TfjsGraphModel m = new TfjsGraphModel(modelJson, root.path("convertedBy").asText(""), root.path("generatedBy").asText(""));
        for (JsonNode n : root.path("modelTopology").path("node")) {
            List<String> ins = new ArrayList<>();
            for (JsonNode in : n.path("input")) {
                String s = in.asText();
                if (!s.startsWith("^")) { // control dependencies carry no data
                    ins.add(s);
                }
            }
            m.nodes.add(new Node(n.path("name").asText(), n.path("op").asText(), ins, n.path("attr")));
        }
        if (m.nodes.isEmpty()) {
            throw DanceLensException.badInput("The model " + file + " has no nodes.");
        }
        JsonNode sig = root.has("signature") ? root.get("signature") : root.path("userDefinedMetadata").path("signature");
        readSignature(sig.path("inputs"), m.inputs);
        readSignature(sig.path("outputs"), m.outputs);
        m.readWeights(root.path("weightsManifest"));
        return m;
    }

    private static void readSignature(JsonNode part, List<SignatureTensor> out) {
        part.fields().forEachRemaining(e -> {
            JsonNode t = e.getValue();
            JsonNode dims = t.path("tensorShape").path("dim");
            long[] shape = new long[dims.size()];
            for (int k = 0; k < shape.length; k++) {
                shape[k] = dims.get(k).has("size") ? Long.parseLong(dims.get(k).get("size").asText()) : -1;
            }
            out.add(new SignatureTensor(e.getKey(), t.path("name").asText(e.getKey()), t.path("dtype").asText("DT_FLOAT"), shape));
        });
    }

    private void readWeights(JsonNode manifest) {
        Path folder = jsonFile.toAbsolutePath().getParent();
        for (JsonNode group : manifest) {
            // The group's shards, concatenated.
            List<Path> shards = new ArrayList<>();
            long total = 0;
            for (JsonNode p : group.path("paths")) {
                Path shard = folder.resolve(p.asText()).normalize();
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
                weights.put(w.path("name").asText(), decode(w, data));
            }
        }
    }

    private long weightBytes(JsonNode w) {
        long n = 1;
        for (JsonNode d : w.path("shape")) {
            long v = d.asLong();
            if (v < 0) {
                throw DanceLensException.badInput("The weight " + w.path("name").asText() + " of " + jsonFile.getFileName() + " has a negative dimension.");
            }
            n *= v;
            if (n > MAX_ELEMENTS) {
                throw DanceLensException.badInput("The weight " + w.path("name").asText() + " of " + jsonFile.getFileName() + " is implausibly large.");
            }
        }
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
        JsonNode shapeNode = w.path("shape");
        long[] shape = new long[shapeNode.size()];
        for (int k = 0; k < shape.length; k++) {
            shape[k] = shapeNode.get(k).asLong();
        }
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
