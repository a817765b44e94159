package org.dancelens.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.inference.Predictor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.dancelens.core.DanceLensException;
import org.dancelens.testsupport.TestCnn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A card kind's own translator ({@link OnnxModel#newPredictor}) runs the real model on ONNX Runtime through DJL with
 * the same values and messages as the generic named-tensor run.
 */
class KindTranslatorTest {
    @TempDir
    Path dir;

    /** A picture in, its logits out: the smallest kind translator. */
    private static final class Logits extends OnnxModel.KindTranslator<float[], float[]> {
        private final String inputName;

        Logits(String inputName) {
            this.inputName = inputName;
        }

        @Override
        protected Map<String, TensorData> encode(float[] picture) {
            return Map.of(inputName, TensorData.of(picture, new long[] {1, 3, 32, 32}));
        }

        @Override
        protected float[] decode(float[] picture, Map<String, TensorData> outputs) {
            float[] v = outputs.get("logits").asFloats();
            if (java.util.stream.IntStream.range(0, v.length).anyMatch(i -> Math.abs(v[i]) > 1e6)) {
                throw DanceLensException.badInput("The logits of this picture are too large.");
            }
            return v;
        }
    }

    private static float[] picture(long seed, float scale) {
        Random r = new Random(seed);
        float[] p = new float[3 * 32 * 32];
        for (int i = 0; i < p.length; i++) {
            p[i] = r.nextFloat() * scale;
        }
        return p;
    }

    private Path cnn() throws IOException {
        return TestCnn.graph(7, 5).write(dir.resolve("cnn.onnx"));
    }

    @Test
    void aKindTranslatorGivesWhatTheGenericRunGives() throws IOException {
        try (OnnxModel m = OnnxModel.open(cnn(), OrtRuntime.Device.CPU, 1);
             Predictor<float[], float[]> p = m.newPredictor(new Logits("x"))) {
            for (long seed = 1; seed <= 3; seed++) { // the staging buffers are reused from run to run
                float[] pic = picture(seed, 1);
                float[] viaKind = m.predict(p, pic);
                float[] viaRun = m.run(Map.of("x", TensorData.of(pic, new long[] {1, 3, 32, 32}))).get("logits").asFloats();
                assertThat(viaKind).hasSize(5).containsExactly(viaRun);
            }
            assertThat(m.predict(p, picture(1, 1))).isNotEqualTo(m.predict(p, picture(2, 1)));
        }
    }

    @Test
    void wrongInputsAndDecodingErrorsAreTheSameSentences() throws IOException {
        try (OnnxModel m = OnnxModel.open(cnn(), OrtRuntime.Device.CPU, 1);
             Predictor<float[], float[]> wrong = m.newPredictor(new Logits("image"));
             Predictor<float[], float[]> right = m.newPredictor(new Logits("x"))) {
            float[] pic = picture(1, 1);
            assertThatThrownBy(() -> m.predict(wrong, pic)).isInstanceOf(DanceLensException.class)
                    .hasMessage("Running cnn.onnx failed: it needs the input x and it has no input image.");
            assertThatThrownBy(() -> m.run(Map.of("image", TensorData.of(pic, new long[] {1, 3, 32, 32})))).isInstanceOf(DanceLensException.class)
                    .hasMessage("Running cnn.onnx failed: it needs the input x and it has no input image.");
            assertThatThrownBy(() -> m.predict(right, picture(1, 1e9f))).isInstanceOf(DanceLensException.class)
                    .hasMessage("The logits of this picture are too large.");
        }
    }

    @Test
    void aTranslatorServesOnePredictor() throws IOException {
        Logits t = new Logits("x");
        try (OnnxModel m = OnnxModel.open(cnn(), OrtRuntime.Device.CPU, 1); Predictor<float[], float[]> p = m.newPredictor(t)) {
            assertThat(m.predict(p, picture(1, 1))).hasSize(5);
            assertThatThrownBy(() -> m.newPredictor(t)).isInstanceOf(IllegalStateException.class);
        }
    }
}
