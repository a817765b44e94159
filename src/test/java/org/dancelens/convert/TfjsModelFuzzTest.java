package org.dancelens.convert;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import org.dancelens.testsupport.FuzzChecks;
import org.junit.jupiter.api.AfterEach;

/**
 * Fuzzes TensorFlow.js graph models: {@code model.json} with its weights manifest and weight shard
 * ({@link TfjsGraphModel#read}), the node attributes the op rules read, and the conversion to ONNX
 * ({@link TfjsToOnnx#convert}). An input is the model.json text, a zero byte, then the bytes of the weight file
 * {@code w.bin} (the seeds name that file in their manifests). A model either reads (and converts) or is refused in one
 * plain sentence. Reading must not merely catch a bug on the way; the conversion's op rules are held only to the
 * sentence (a rule that fails on a strange graph is reported as that node's failure). Seeds:
 * {@code src/test/resources/org/dancelens/convert/TfjsModelFuzzTestInputs/fuzz}.
 */
class TfjsModelFuzzTest {
    private static final Path DIR = FuzzChecks.scratch("tfjs");

    @FuzzTest(maxDuration = "30s")
    void fuzz(byte[] data) {
        FuzzChecks.input(data);
        int zero = 0;
        while (zero < data.length && data[zero] != 0) {
            zero++;
        }
        Path json = FuzzChecks.write(DIR.resolve("model.json"), Arrays.copyOf(data, zero));
        FuzzChecks.write(DIR.resolve("w.bin"), zero < data.length ? Arrays.copyOfRange(data, zero + 1, data.length) : new byte[0]);
        TfjsGraphModel m = FuzzChecks.parseOrRefuse(() -> TfjsGraphModel.read(json));
        if (m == null) {
            return;
        }
        for (TfjsGraphModel.Node n : m.nodes) {
            for (Iterator<String> it = n.attr().fieldNames(); it.hasNext(); ) {
                String key = it.next();
                FuzzChecks.parseOrRefuse(() -> {
                    n.attrString(key, "");
                    n.attrInt(key, 0);
                    n.attrFloat(key, 0);
                    n.attrBool(key, false);
                    n.attrType(key, "");
                    n.attrInts(key);
                    n.attrStrings(key);
                });
            }
        }
        FuzzChecks.parseOrRefuse(() -> TfjsToOnnx.convert(json, DIR.resolve("model.onnx"), 1, null), false);
    }

    @AfterEach
    void forgetInput() {
        FuzzChecks.input(null);
    }
}
