package org.dancelens.convert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.dancelens.core.TaskContext;
import org.dancelens.core.VideoFrame;
import org.dancelens.inference.ModelCard;
import org.dancelens.inference.OnnxModel;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.inference.TensorData;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.TfjsReference;
import org.dancelens.video.VideoSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every zoo model converted by DanceLens gives the same outputs under ONNX Runtime as the original TensorFlow.js
 * model under TF.js itself (pure-JS CPU backend), on real photographs, on {@value #VIDEO_FRAMES} frames spread evenly
 * over vtest.avi (people walking) and on random tensors: every output tensor within 1e-4 (absolute up to magnitude 1,
 * relative above: pixel coordinates and raw logits), or, where TF.js's own CPU and WASM backends already differ by
 * more, within twice that spread.
 */
class TfjsParityTest {
    static final double TOLERANCE = 1e-4;
    /** Frames of vtest.avi each model is checked on, spread evenly over the whole video. */
    static final int VIDEO_FRAMES = 24;
    static Path zooDir;
    static Path packageModels;
    static final Map<String, String> REPORT = new LinkedHashMap<>();

    @BeforeAll
    static void convertZoo() {
        TfjsReference.assumeAvailable();
        packageModels = TfjsReference.humanModels();
        TestMedia.realFootage("vtest.avi");
        zooDir = TestMedia.generatedDir().resolve("zoo");
        ZooImporter.importZoo(packageModels, zooDir, null, TaskContext.NONE);
    }

    static List<String> zoo() {
        return ZooImporter.ids();
    }

    /** Real pictures of people, by label: three photographs and {@value #VIDEO_FRAMES} frames spread over vtest.avi. */
    static Map<String, BufferedImage> realImages() throws IOException {
        Map<String, BufferedImage> images = new LinkedHashMap<>();
        for (String f : List.of("messi5.jpg", "basketball1.png", "basketball2.png")) {
            images.put(f, ImageIO.read(TestMedia.realFootage(f).toFile()));
        }
        try (VideoSource v = VideoSource.open(TestMedia.realFootage("vtest.avi"))) {
            for (int n : spreadFrames(v.frameCount(), VIDEO_FRAMES)) {
                images.put("vtest#" + n, toImage(v.frame(n)));
            }
        }
        return images;
    }

    /** {@code count} frame numbers spread evenly over a video of {@code frames} frames (the middles of equal parts). */
    static int[] spreadFrames(int frames, int count) {
        assertThat(frames).as("frames in the video").isGreaterThanOrEqualTo(count);
        int[] n = new int[count];
        for (int k = 0; k < count; k++) {
            n[k] = (int) ((2L * k + 1) * frames / (2L * count));
        }
        return n;
    }

    static BufferedImage toImage(VideoFrame f) {
        BufferedImage img = new BufferedImage(f.width(), f.height(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < f.height(); y++) {
            for (int x = 0; x < f.width(); x++) {
                img.setRGB(x, y, f.argb(x, y));
            }
        }
        return img;
    }

    /** The image resized to the model's input and scaled as its card says (NHWC). */
    static TensorData input(ModelCard.TensorSpec spec, BufferedImage src) {
        int h = spec.shape().get(1).intValue();
        int w = spec.shape().get(2).intValue();
        int c = spec.shape().get(3).intValue();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        double scale = spec.preprocess() == null || spec.preprocess().scale() == null ? 1 : spec.preprocess().scale();
        double offset = spec.preprocess() == null || spec.preprocess().offset() == null ? 0 : spec.preprocess().offset();
        boolean ints = "int32".equals(spec.dtype());
        float[] f = ints ? null : new float[h * w * c];
        int[] iv = ints ? new int[h * w * c] : null;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y);
                int[] ch = {rgb >> 16 & 0xff, rgb >> 8 & 0xff, rgb & 0xff};
                for (int k = 0; k < c; k++) {
                    int o = (y * w + x) * c + k;
                    if (ints) {
                        iv[o] = ch[k];
                    } else {
                        f[o] = (float) (ch[k] * scale + offset);
                    }
                }
            }
        }
        long[] shape = {1, h, w, c};
        return ints ? TensorData.ofInts(iv, shape) : TensorData.of(f, shape);
    }

    /** A random input within the range the model expects (one picture where the batch is open). */
    static TensorData randomInput(ModelCard.TensorSpec spec, long seed) {
        Random r = new Random(seed);
        long[] shape = spec.shape().stream().mapToLong(d -> d < 0 ? 1 : d).toArray();
        int n = 1;
        for (long d : shape) {
            n *= (int) d;
        }
        if ("int32".equals(spec.dtype())) {
            int[] v = new int[n];
            for (int k = 0; k < n; k++) {
                v[k] = r.nextInt(256);
            }
            return TensorData.ofInts(v, shape);
        }
        double scale = spec.preprocess().scale() == null ? 1 : spec.preprocess().scale();
        double offset = spec.preprocess().offset() == null ? 0 : spec.preprocess().offset();
        float[] v = new float[n];
        for (int k = 0; k < n; k++) {
            v[k] = (float) (r.nextInt(256) * scale + offset);
        }
        return TensorData.of(v, shape);
    }

    /** Signature of the original model: ONNX input/output name -> TF tensor name. */
    static Map<String, String> signature(Path modelJson, String part) throws IOException {
        JsonNode root = new ObjectMapper().readTree(modelJson.toFile());
        JsonNode sig = root.has("signature") ? root.get("signature") : root.path("userDefinedMetadata").path("signature");
        Map<String, String> m = new LinkedHashMap<>();
        sig.path(part).fields().forEachRemaining(e -> {
            String key = e.getKey();
            String tensor = e.getValue().path("name").asText(key);
            String onnx = key.matches("[A-Za-z_][A-Za-z0-9_]*") ? key : tensor.replace(':', '_');
            m.put(onnx, tensor);
        });
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("zoo")
    void convertedModelMatchesTfjs(String id) throws Exception {
        ModelCard card = ModelCard.read(zooDir.resolve(id + ".yaml"));
        Path json = packageModels.resolve(ZooImporter.sourceFile(card));
        ModelCard.TensorSpec spec = card.inputs().get(0);
        Map<String, String> ins = signature(json, "inputs");
        Map<String, String> outs = signature(json, "outputs");
        String tfInput = ins.get(spec.name());
        assertThat(tfInput).as("signature input for %s", spec.name()).isNotNull();

        List<Map<String, TensorData>> runs = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (Map.Entry<String, BufferedImage> e : realImages().entrySet()) {
            runs.add(Map.of(tfInput, input(spec, e.getValue())));
            labels.add(e.getKey());
        }
        runs.add(Map.of(tfInput, randomInput(spec, 17)));
        labels.add("random");

        TfjsReference.Result ref = TfjsReference.run(json, runs, new ArrayList<>(outs.values()), "cpu", 0);
        TfjsReference.Result wasm = TfjsReference.run(json, runs, new ArrayList<>(outs.values()), "wasm", 1);
        double worstOrt = 0;
        double worstWasm = 0;
        double ortMs = 0;
        int timed = 0;
        Map<String, double[]> perOutput = new LinkedHashMap<>(); // output -> {worst ONNX Runtime, worst TF.js WASM}
        StringBuilder detail = new StringBuilder();
        try (OnnxModel model = OnnxModel.open(zooDir.resolve(card.provenance().onnx()), OrtRuntime.Device.CPU, 0)) {
            for (int r = 0; r < runs.size(); r++) {
                Map<String, TensorData> feed = Map.of(spec.name(), runs.get(r).get(tfInput));
                Map<String, TensorData> got = model.run(feed);
                long t0 = System.nanoTime();
                model.run(feed);
                ortMs += (System.nanoTime() - t0) / 1e6;
                timed++;
                for (Map.Entry<String, String> o : outs.entrySet()) {
                    TensorData expected = ref.runs().get(r).get(o.getValue());
                    TensorData actual = got.get(o.getKey());
                    assertThat(actual).as("ONNX output %s", o.getKey()).isNotNull();
                    assertThat(actual.shape()).as("shape of %s", o.getKey()).containsExactly(expected.shape());
                    double dOrt = maxRelDiff(actual.asFloats(), expected.floats());
                    double dWasm = maxRelDiff(wasm.runs().get(r).get(o.getValue()).floats(), expected.floats());
                    worstOrt = Math.max(worstOrt, dOrt);
                    worstWasm = Math.max(worstWasm, dWasm);
                    detail.append(String.format(Locale.ROOT, "  %-16s %-24s ONNX Runtime %.2e   TF.js WASM %.2e%n", labels.get(r), o.getKey(), dOrt, dWasm));
                    double[] w = perOutput.computeIfAbsent(o.getKey(), x -> new double[2]);
                    w[0] = Math.max(w[0], dOrt);
                    w[1] = Math.max(w[1], dWasm);
                }
            }
        }
        String line = String.format(Locale.ROOT, "%-20s max difference from TF.js CPU: ONNX Runtime %.2e, TF.js WASM %.2e; ms/inference: ONNX Runtime %.1f, TF.js WASM %.1f",
                id, worstOrt, worstWasm, ortMs / timed, wasm.msPerInference());
        REPORT.put(id, line);
        System.out.println(line);
        System.out.print(detail);
        Files.writeString(TestMedia.generatedDir().resolve("tfjs-parity-" + id + ".txt"), line + "\n" + detail);
        // Every output within 1e-4 of TF.js; where even TF.js's own two backends differ by more than that (deep
        // BlazePose models, whose float32 rounding noise grows through ~100 layers), no further from the CPU backend
        // than twice the distance of TF.js's WASM backend.
        for (Map.Entry<String, double[]> e : perOutput.entrySet()) {
            double bound = Math.max(TOLERANCE, 2 * e.getValue()[1]);
            assertThat(e.getValue()[0]).as("%s output %s: max difference from TF.js CPU (TF.js WASM: %.2e)", id, e.getKey(), e.getValue()[1])
                    .isLessThanOrEqualTo(bound);
        }
    }

    /** Max |a - e| / max(1, |e|): absolute for values up to 1, relative for large ones (pixel coordinates, logits). */
    static double maxRelDiff(float[] a, float[] e) {
        double m = 0;
        for (int k = 0; k < e.length; k++) {
            if (Float.isNaN(a[k]) != Float.isNaN(e[k])) {
                return Double.POSITIVE_INFINITY;
            }
            m = Math.max(m, Math.abs(a[k] - e[k]) / Math.max(1.0, Math.abs(e[k])));
        }
        return m;
    }
}
