package org.dancelens.testsupport;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A small TensorFlow.js graph model for the importer's tests and the TF.js fuzz seed: input {@code x [1, 6, 6, 2]} NHWC
 * -> _FusedConv2D (3x3, stride 2, SAME, bias, relu6, weights {@code w1} stored as float16) -> FusedDepthwiseConv2dNative
 * (3x3 SAME, bias, relu) -> Mean over H and W -> {@code Identity [1, 4]}.
 */
public final class TfjsConvModel {
    private TfjsConvModel() {
    }

    /** Base64 of a string, as TF.js stores string attributes. */
    public static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static final String JSON = """
            {"format": "graph-model", "generatedBy": "test", "convertedBy": "test",
             "modelTopology": {"node": [
               {"name": "x", "op": "Placeholder", "attr": {"dtype": {"type": "DT_FLOAT"}, "shape": {"shape": {"dim": [{"size": "1"}, {"size": "6"}, {"size": "6"}, {"size": "2"}]}}}},
               {"name": "w1", "op": "Const", "attr": {"dtype": {"type": "DT_FLOAT"}}},
               {"name": "b1", "op": "Const", "attr": {"dtype": {"type": "DT_FLOAT"}}},
               {"name": "conv", "op": "_FusedConv2D", "input": ["x", "w1", "b1"], "attr": {
                  "strides": {"list": {"i": ["1", "2", "2", "1"]}}, "padding": {"s": "%1$s"}, "data_format": {"s": "%2$s"},
                  "dilations": {"list": {"i": ["1", "1", "1", "1"]}}, "fused_ops": {"list": {"s": ["%3$s", "%4$s"]}}, "num_args": {"i": "1"}}},
               {"name": "w2", "op": "Const", "attr": {"dtype": {"type": "DT_FLOAT"}}},
               {"name": "b2", "op": "Const", "attr": {"dtype": {"type": "DT_FLOAT"}}},
               {"name": "dw", "op": "FusedDepthwiseConv2dNative", "input": ["conv", "w2", "b2"], "attr": {
                  "strides": {"list": {"i": ["1", "1", "1", "1"]}}, "padding": {"s": "%1$s"}, "data_format": {"s": "%2$s"},
                  "dilations": {"list": {"i": ["1", "1", "1", "1"]}}, "fused_ops": {"list": {"s": ["%3$s", "%5$s"]}}, "num_args": {"i": "1"}}},
               {"name": "axes", "op": "Const", "attr": {"dtype": {"type": "DT_INT32"}}},
               {"name": "mean", "op": "Mean", "input": ["dw", "axes"], "attr": {"keep_dims": {"b": false}}},
               {"name": "Identity", "op": "Identity", "input": ["mean"]}
             ]},
             "signature": {"inputs": {"x:0": {"name": "x:0", "dtype": "DT_FLOAT", "tensorShape": {"dim": [{"size": "-1"}, {"size": "6"}, {"size": "6"}, {"size": "2"}]}}},
                           "outputs": {"Identity:0": {"name": "Identity:0", "dtype": "DT_FLOAT", "tensorShape": {"dim": [{"size": "-1"}, {"size": "4"}]}}}},
             "weightsManifest": [{"paths": ["%6$s"], "weights": [
               {"name": "w1", "shape": [3, 3, 2, 4], "dtype": "float32", "quantization": {"dtype": "float16", "original_dtype": "float32"}},
               {"name": "b1", "shape": [4], "dtype": "float32"},
               {"name": "w2", "shape": [3, 3, 4, 1], "dtype": "float32"},
               {"name": "b2", "shape": [4], "dtype": "float32"},
               {"name": "axes", "shape": [2], "dtype": "int32"}]}]}
            """;

    /** The model.json text, its weights manifest naming the weight file {@code binName}. */
    public static String json(String binName) {
        return JSON.formatted(b64("SAME"), b64("NHWC"), b64("BiasAdd"), b64("Relu6"), b64("Relu"), binName);
    }

    /**
     * The weight file: w1 [3, 3, 2, 4] HWIO as float16 (values exact in half precision, multiples of 1/64 in [-4, 4]),
     * b1 [4], w2 [3, 3, 4, 1] HWCM, b2 [4] as float32, then the Mean's axes {1, 2} as int32, all little-endian.
     */
    public static byte[] weights(float[] w1, float[] b1, float[] w2, float[] b2) {
        ByteBuffer buf = ByteBuffer.allocate(w1.length * 2 + (b1.length + w2.length + b2.length + 2) * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : w1) {
            buf.putShort(toHalf(v));
        }
        for (float v : b1) {
            buf.putFloat(v);
        }
        for (float v : w2) {
            buf.putFloat(v);
        }
        for (float v : b2) {
            buf.putFloat(v);
        }
        buf.putInt(1).putInt(2);
        return buf.array();
    }

    /** Float to IEEE half for values that are exact in half precision (multiples of 1/64 in [-4, 4]). */
    private static short toHalf(float v) {
        if (v == 0) {
            return 0;
        }
        int bits = Float.floatToIntBits(v);
        int sign = (bits >>> 16) & 0x8000;
        int exp = ((bits >>> 23) & 0xff) - 127 + 15;
        int mant = (bits >>> 13) & 0x3ff;
        return (short) (sign | exp << 10 | mant);
    }
}
