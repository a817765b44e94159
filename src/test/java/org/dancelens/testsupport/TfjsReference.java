package org.dancelens.testsupport;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dancelens.inference.TensorData;

/**
 * Runs an original TensorFlow.js graph model in Node (src/test/node/run-tfjs.mjs, pure-JS CPU or WASM backend)
 * and returns its outputs: the reference the TF.js importer is checked against.
 */
public final class TfjsReference {
    private TfjsReference() {
    }

    /** Outputs of every run (in request order), keyed by TF tensor name, plus the measured time per inference. */
    public record Result(List<Map<String, TensorData>> runs, double msPerInference, double loadMs) {
    }

    public static Path harnessDir() {
        return Path.of("src", "test", "node").toAbsolutePath();
    }

    /** Skips the test with a clear message when Node or the harness's packages are missing. */
    public static void assumeAvailable() {
        boolean node;
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            node = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            node = false;
        }
        assumeTrue(node, "Node.js is not installed: the TF.js reference cannot run; skipping.");
        assumeTrue(Files.isDirectory(harnessDir().resolve("node_modules/@tensorflow/tfjs-converter")),
                "The TF.js reference packages are missing: run `npm ci --prefix src/test/node` (the build does); skipping.");
    }

    /** The folder of the npm model package, or a skip with a clear message. */
    public static Path humanModels() {
        String cache = org.dancelens.core.UserFolders.cache().toString();
        Path dir = Path.of(System.getProperty("dancelens.humanModels", cache + "/npm/human-models-3.0.4/package/models"));
        assumeTrue(Files.isRegularFile(dir.resolve("movenet-lightning.json")),
                "The model package is missing: run src/scripts/fetch-model-package.sh (the build does); skipping.");
        return dir;
    }

    /**
     * Runs the model once per input map (after one warm-up run per input) and returns the outputs.
     *
     * @param inputs      per run: TF tensor name (e.g. {@code input:0}) to tensor
     * @param outputNames TF tensor names to fetch (empty: the signature's outputs)
     */
    public static Result run(Path modelJson, List<Map<String, TensorData>> inputs, List<String> outputNames, String backend, int repeat)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("tfjs-ref");
        try {
            ObjectMapper m = new ObjectMapper();
            ObjectNode req = m.createObjectNode();
            ArrayNode outs = req.putArray("outputs");
            outputNames.forEach(outs::add);
            ArrayNode runs = req.putArray("runs");
            for (int r = 0; r < inputs.size(); r++) {
                ArrayNode ins = runs.addObject().putArray("inputs");
                int k = 0;
                for (Map.Entry<String, TensorData> e : inputs.get(r).entrySet()) {
                    String file = "r" + r + "_i" + k++ + ".bin";
                    TensorData t = e.getValue();
                    ByteBuffer b = ByteBuffer.allocate(4 * t.size()).order(ByteOrder.LITTLE_ENDIAN);
                    if (t.isFloat()) {
                        b.asFloatBuffer().put(t.floats());
                    } else {
                        b.asIntBuffer().put(t.ints());
                    }
                    Files.write(dir.resolve(file), b.array());
                    ObjectNode o = ins.addObject().put("name", e.getKey()).put("dtype", t.isFloat() ? "float32" : "int32").put("file", file);
                    ArrayNode shape = o.putArray("shape");
                    for (long d : t.shape()) {
                        shape.add(d);
                    }
                }
            }
            m.writeValue(dir.resolve("request.json").toFile(), req);
            Process p = new ProcessBuilder("node", harnessDir().resolve("run-tfjs.mjs").toString(), "--model", modelJson.toAbsolutePath().toString(),
                    "--dir", dir.toString(), "--backend", backend, "--repeat", String.valueOf(repeat))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("node.log").toFile()).start();
            if (!p.waitFor(15, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("the TF.js reference did not finish within 15 minutes");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("the TF.js reference failed: " + Files.readString(dir.resolve("node.log")).strip());
            }
            JsonNode resp = m.readTree(dir.resolve("response.json").toFile());
            List<Map<String, TensorData>> results = new ArrayList<>();
            for (JsonNode run : resp.get("runs")) {
                Map<String, TensorData> o = new LinkedHashMap<>();
                for (JsonNode t : run.get("outputs")) {
                    long[] shape = new long[t.get("shape").size()];
                    for (int k = 0; k < shape.length; k++) {
                        shape[k] = t.get("shape").get(k).asLong();
                    }
                    byte[] bytes = Files.readAllBytes(dir.resolve(t.get("file").asText()));
                    float[] f = new float[bytes.length / 4];
                    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
                    o.put(t.get("name").asText(), TensorData.of(f, shape));
                }
                results.add(o);
            }
            return new Result(results, resp.get("msPerInference").asDouble(), resp.get("loadMs").asDouble());
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
