package org.dancelens.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.dancelens.core.DanceLensException;
import org.dancelens.inference.OnnxModel;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.inference.TensorData;
import org.dancelens.testsupport.TfjsConvModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The importer on small TF.js graph models written by the test, whose outputs are computed here in closed form:
 * weight layouts (HWIO -> OIHW, depthwise), TF SAME padding with stride 2, fused bias and activations, float16
 * dequantisation, reductions after NCHW layout. And every way a model file can be bad.
 */
class TfjsImporterTest {
    @TempDir
    Path dir;

    private static String b64(String s) {
        return TfjsConvModel.b64(s);
    }

    /** Writes {@link TfjsConvModel} with the given weights into model.bin; its manifest names {@code binName}. */
    private Path writeConvModel(float[] w1, float[] b1, float[] w2, float[] b2, String binName) throws IOException {
        Files.write(dir.resolve("model.bin"), TfjsConvModel.weights(w1, b1, w2, b2));
        Path json = dir.resolve("model.json");
        Files.writeString(json, TfjsConvModel.json(binName));
        return json;
    }

    @Test
    void convolutionModelMatchesAHandComputedReference() throws IOException {
        Random r = new Random(5);
        float[] w1 = new float[3 * 3 * 2 * 4];
        for (int k = 0; k < w1.length; k++) {
            w1[k] = (r.nextInt(129) - 64) / 64f;
        }
        float[] b1 = {0.1f, -0.2f, 0.3f, 5f};
        float[] w2 = new float[3 * 3 * 4];
        for (int k = 0; k < w2.length; k++) {
            w2[k] = r.nextFloat() - 0.5f;
        }
        float[] b2 = {0.01f, 0.02f, -0.03f, 0.04f};
        Path json = writeConvModel(w1, b1, w2, b2, "model.bin");
        Path onnx = dir.resolve("model.onnx");
        TfjsToOnnx.ConversionReport report = TfjsToOnnx.convert(json, onnx, 1, null);
        assertThat(report.transposes()).as("one transpose at the input, none inside").isEqualTo(1);

        float[] x = new float[6 * 6 * 2];
        for (int k = 0; k < x.length; k++) {
            x[k] = r.nextFloat() * 2 - 1;
        }
        // Reference in NHWC, as TensorFlow computes it. SAME with stride 2 on 6: output 3, pad 0 before, 1 after.
        float[] c1 = new float[3 * 3 * 4];
        for (int oy = 0; oy < 3; oy++) {
            for (int ox = 0; ox < 3; ox++) {
                for (int o = 0; o < 4; o++) {
                    double s = b1[o];
                    for (int ky = 0; ky < 3; ky++) {
                        for (int kx = 0; kx < 3; kx++) {
                            int iy = oy * 2 + ky;
                            int ix = ox * 2 + kx;
                            if (iy >= 6 || ix >= 6) {
                                continue;
                            }
                            for (int i = 0; i < 2; i++) {
                                s += x[(iy * 6 + ix) * 2 + i] * w1[((ky * 3 + kx) * 2 + i) * 4 + o];
                            }
                        }
                    }
                    c1[(oy * 3 + ox) * 4 + o] = (float) Math.min(6, Math.max(0, s));
                }
            }
        }
        // Depthwise 3x3 SAME stride 1 on 3x3: pad 1 each side.
        double[] mean = new double[4];
        for (int oy = 0; oy < 3; oy++) {
            for (int ox = 0; ox < 3; ox++) {
                for (int c = 0; c < 4; c++) {
                    double s = b2[c];
                    for (int ky = 0; ky < 3; ky++) {
                        for (int kx = 0; kx < 3; kx++) {
                            int iy = oy + ky - 1;
                            int ix = ox + kx - 1;
                            if (iy < 0 || ix < 0 || iy >= 3 || ix >= 3) {
                                continue;
                            }
                            s += c1[(iy * 3 + ix) * 4 + c] * w2[(ky * 3 + kx) * 4 + c];
                        }
                    }
                    mean[c] += Math.max(0, s) / 9.0;
                }
            }
        }
        try (OnnxModel m = OnnxModel.open(onnx, OrtRuntime.Device.CPU, 1)) {
            assertThat(m.inputShapes().get("x_0")).containsExactly(1, 6, 6, 2);
            TensorData out = m.run(Map.of("x_0", TensorData.of(x, 1, 6, 6, 2))).get("Identity_0");
            assertThat(out.shape()).containsExactly(1, 4);
            for (int c = 0; c < 4; c++) {
                assertThat((double) out.floats()[c]).as("channel %d", c).isCloseTo(mean[c], org.assertj.core.data.Offset.offset(1e-5));
            }
        }
    }

    @Test
    void weightPathOutsideTheModelFolderIsRefused() throws IOException {
        Path json = writeConvModel(new float[72], new float[4], new float[36], new float[4], "../evil.bin");
        assertThatThrownBy(() -> TfjsToOnnx.convert(json, dir.resolve("m.onnx"), 1, null))
                .isInstanceOf(DanceLensException.class).hasMessageContaining("outside its folder");
    }

    @Test
    void weightFileThatDoesNotMatchItsManifestIsRefused() throws IOException {
        Path json = writeConvModel(new float[72], new float[4], new float[36], new float[4], "model.bin");
        byte[] bin = Files.readAllBytes(dir.resolve("model.bin"));
        Files.write(dir.resolve("model.bin"), java.util.Arrays.copyOf(bin, bin.length - 8));
        assertThatThrownBy(() -> TfjsToOnnx.convert(json, dir.resolve("m.onnx"), 1, null))
                .isInstanceOf(DanceLensException.class).hasMessageContaining("do not match their manifest");
    }

    @Test
    void missingWeightFileIsNamed() throws IOException {
        Path json = writeConvModel(new float[72], new float[4], new float[36], new float[4], "model.bin");
        Files.delete(dir.resolve("model.bin"));
        assertThatThrownBy(() -> TfjsToOnnx.convert(json, dir.resolve("m.onnx"), 1, null))
                .isInstanceOf(DanceLensException.class).hasMessageContaining("model.bin").hasMessageContaining("missing");
    }

    @Test
    void unsupportedOpNamesTheNodeAndTheOp() throws IOException {
        Path json = writeConvModel(new float[72], new float[4], new float[36], new float[4], "model.bin");
        Files.writeString(json, Files.readString(json).replace("\"op\": \"Mean\"", "\"op\": \"Einsum\""));
        assertThatThrownBy(() -> TfjsToOnnx.convert(json, dir.resolve("m.onnx"), 1, null))
                .isInstanceOf(DanceLensException.class)
                .hasMessageContaining("Node mean (op Einsum)").hasMessageContaining("does not support");
    }

    @Test
    void notAGraphModel() throws IOException {
        Path json = dir.resolve("layers.json");
        Files.writeString(json, "{\"format\": \"layers-model\", \"modelTopology\": {}}");
        assertThatThrownBy(() -> TfjsToOnnx.convert(json, dir.resolve("m.onnx"), 1, null))
                .isInstanceOf(DanceLensException.class).hasMessageContaining("not a TensorFlow.js graph model");
        Files.writeString(json, "{ this is not json");
        assertThatThrownBy(() -> TfjsToOnnx.convert(json, dir.resolve("m.onnx"), 1, null))
                .isInstanceOf(DanceLensException.class).hasMessageContaining("not valid JSON");
    }

    @Test
    void implausiblyLargeWeightIsRefusedBeforeAllocation() throws IOException {
        Path json = writeConvModel(new float[72], new float[4], new float[36], new float[4], "model.bin");
        Files.writeString(json, Files.readString(json).replace("\"shape\": [3, 3, 4, 1]", "\"shape\": [100000, 100000, 4, 1]"));
        assertThatThrownBy(() -> TfjsToOnnx.convert(json, dir.resolve("m.onnx"), 1, null))
                .isInstanceOf(DanceLensException.class).hasMessageContaining("implausibly large");
    }

    /**
     * x [1, 64, 64, 16] -> 1x1 convolution with the identity matrix (so that, as in selfie segmentation, the pool's
     * input is a convolution's output) -> AvgPool over the whole 64 x 64 picture (VALID) -> Identity [1, 1, 1, 16].
     */
    private Path writeWholePicturePoolModel() throws IOException {
        String json = """
                {"format": "graph-model", "generatedBy": "test", "convertedBy": "test",
                 "modelTopology": {"node": [
                   {"name": "x", "op": "Placeholder", "attr": {"dtype": {"type": "DT_FLOAT"}, "shape": {"shape": {"dim": [{"size": "1"}, {"size": "64"}, {"size": "64"}, {"size": "16"}]}}}},
                   {"name": "w", "op": "Const", "attr": {"dtype": {"type": "DT_FLOAT"}}},
                   {"name": "conv", "op": "Conv2D", "input": ["x", "w"], "attr": {"strides": {"list": {"i": ["1", "1", "1", "1"]}},
                      "padding": {"s": "%1$s"}, "data_format": {"s": "%2$s"}, "dilations": {"list": {"i": ["1", "1", "1", "1"]}}}},
                   {"name": "pool", "op": "AvgPool", "input": ["conv"], "attr": {"ksize": {"list": {"i": ["1", "64", "64", "1"]}},
                      "strides": {"list": {"i": ["1", "64", "64", "1"]}}, "padding": {"s": "%1$s"}, "data_format": {"s": "%2$s"}}},
                   {"name": "Identity", "op": "Identity", "input": ["pool"]}
                 ]},
                 "signature": {"inputs": {"x:0": {"name": "x:0", "dtype": "DT_FLOAT", "tensorShape": {"dim": [{"size": "1"}, {"size": "64"}, {"size": "64"}, {"size": "16"}]}}},
                               "outputs": {"Identity:0": {"name": "Identity:0", "dtype": "DT_FLOAT", "tensorShape": {"dim": [{"size": "1"}, {"size": "1"}, {"size": "1"}, {"size": "16"}]}}}},
                 "weightsManifest": [{"paths": ["pool.bin"], "weights": [{"name": "w", "shape": [1, 1, 16, 16], "dtype": "float32"}]}]}
                """.formatted(b64("VALID"), b64("NHWC"));
        ByteBuffer buf = ByteBuffer.allocate(16 * 16 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 16; i++) {
            for (int o = 0; o < 16; o++) {
                buf.putFloat(i == o ? 1f : 0f);
            }
        }
        Files.write(dir.resolve("pool.bin"), buf.array());
        Path p = dir.resolve("pool.json");
        Files.writeString(p, json);
        return p;
    }

    @Test
    void averageOverTheWholePictureIsAsExactAsFloat32Allows() throws IOException {
        Path onnx = dir.resolve("pool.onnx");
        TfjsToOnnx.convert(writeWholePicturePoolModel(), onnx, 1, null);
        Random r = new Random(11);
        float[] x = new float[64 * 64 * 16];
        for (int k = 0; k < x.length; k++) {
            x[k] = (float) (r.nextDouble() * (1 + k % 16));
        }
        double[] mean = new double[16];
        for (int k = 0; k < x.length; k++) {
            mean[k % 16] += x[k] / (64.0 * 64.0);
        }
        double worst = 0;
        try (OnnxModel m = OnnxModel.open(onnx, OrtRuntime.Device.CPU, 1)) {
            float[] got = m.run(Map.of("x_0", TensorData.of(x, 1, 64, 64, 16))).get("Identity_0").floats();
            for (int c = 0; c < 16; c++) {
                worst = Math.max(worst, Math.abs(got[c] - mean[c]) / mean[c]);
            }
        }
        // Measured: 3.3e-7 (about 5 float32 ulps) as ReduceMean; 2.0e-6 when converted to ONNX AveragePool, whose
        // float32 sum drifts further from the exact mean (TF.js's CPU backend sums in double).
        assertThat(worst).as("worst relative error of the 16 channel means").isLessThanOrEqualTo(1e-6);
    }

    @Test
    void halfPrecisionDecoding() {
        assertThat(TfjsGraphModel.Float.float16ToFloatCompat((short) 0x3c00)).isEqualTo(1.0f);
        assertThat(TfjsGraphModel.Float.float16ToFloatCompat((short) 0xc000)).isEqualTo(-2.0f);
        assertThat(TfjsGraphModel.Float.float16ToFloatCompat((short) 0x3555)).isCloseTo(0.33325195f, org.assertj.core.data.Offset.offset(1e-8f));
        assertThat(TfjsGraphModel.Float.float16ToFloatCompat((short) 0x0001)).isCloseTo(5.96e-8f, org.assertj.core.data.Offset.offset(1e-10f));
        assertThat(TfjsGraphModel.Float.float16ToFloatCompat((short) 0x7c00)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(TfjsGraphModel.Float.float16ToFloatCompat((short) 0x8000)).isEqualTo(-0.0f);
    }
}
