package org.dancelens.explain;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dancelens.core.DanceLensException;
import org.dancelens.inference.OnnxGraph;
import org.dancelens.inference.OnnxModel;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.inference.TensorData;

/**
 * Class-activation maps for one layer of an ONNX image model, computed without PyTorch: the model is extended with
 * a {@link GradientGraph}, so one ONNX Runtime run gives the layer's activations {@code A} and the gradients
 * {@code G} of the chosen class score, for one picture or a batch ({@link #runBatch}). Not thread-safe (one session). The layer
 * is an {@code [N, C, H, W]} feature map or, given a {@link OnnxGraph.TokenGrid}, a transformer's token sequence
 * {@code [N, T, D]} read as a {@code [D, h, w]} map of its patch tokens.
 *
 * <ul>
 * <li>Grad-CAM: {@code ReLU(sum_c mean(G_c) * A_c)};</li>
 * <li>HiResCAM: {@code ReLU(sum_c G_c * A_c)} (element-wise);</li>
 * <li>LayerCAM: {@code ReLU(sum_c ReLU(G_c) * A_c)};</li>
 * <li>Eigen-CAM (gradient-free): the projection of the centred activations on their first principal component.</li>
 * </ul>
 * Maps are normalised to [0, 1] (min-max) and upsampled bilinearly (half-pixel centres) to the input size.
 */
public final class GradCam implements AutoCloseable {
    /** Which map. */
    public enum Method { GRAD_CAM, GRAD_CAM_PP, XGRAD_CAM, HIRES_CAM, LAYER_CAM, EIGEN_CAM }

    /**
     * Raw result of one run: the layer's activations and gradients ({@code [C, h, w]}, first image; the gradients are
     * null when the explainer was opened without them) and the scores.
     */
    public record Maps(float[] activations, float[] gradients, int channels, int height, int width, float[] scores) {
    }

    /** A map at the layer's resolution and at the input's, both in [0, 1], row-major. */
    public record Cam(Method method, int classIndex, float[] lowRes, int lowHeight, int lowWidth, float[] map, int height, int width) {
    }

    private final GradientGraph gradients;
    private final OnnxModel session;
    private final String input;
    private final String layer;
    private final String scores;
    private final int classes;
    private final int inputHeight;
    private final int inputWidth;
    private final OnnxGraph.TokenGrid grid;

    private GradCam(GradientGraph gradients, OnnxModel session, String input, String layer, String scores, int classes, int inputHeight,
                    int inputWidth, OnnxGraph.TokenGrid grid) {
        this.grid = grid;
        this.gradients = gradients;
        this.scores = scores;
        this.session = session;
        this.input = input;
        this.layer = layer;
        this.classes = classes;
        this.inputHeight = inputHeight;
        this.inputWidth = inputWidth;
    }

    /**
     * Prepares the explanations of {@code layer} (null: the last candidate layer, see {@link #defaultLayer}) for the
     * class scores {@code scoreTensor} ({@code [N, K]}; logits are usual) of a model with one NCHW image input of
     * shape {@code inputShape}. The model is run once to learn its tensor shapes.
     */
    public static GradCam open(OnnxGraph model, String input, String layer, String scoreTensor, long[] inputShape,
                               OrtRuntime.Device device, int intraOpThreads) {
        return open(model, input, layer, scoreTensor, inputShape, false, device, intraOpThreads);
    }

    /** As {@link #open(OnnxGraph, String, String, String, long[], OrtRuntime.Device, int)}, for an NHWC input when {@code channelsLast}. */
    public static GradCam open(OnnxGraph model, String input, String layer, String scoreTensor, long[] inputShape, boolean channelsLast,
                               OrtRuntime.Device device, int intraOpThreads) {
        return open(model, input, layer, scoreTensor, inputShape, channelsLast, null, device, intraOpThreads);
    }

    /**
     * As {@link #open(OnnxGraph, String, String, String, long[], boolean, OrtRuntime.Device, int)}; with a token
     * {@code grid} (may be null) the layer may also be a transformer's token sequence {@code [N, T, D]}, whose patch
     * tokens are laid out on the grid as a {@code [D, h, w]} map (class tokens dropped) before the CAM formulas.
     */
    public static GradCam open(OnnxGraph model, String input, String layer, String scoreTensor, long[] inputShape, boolean channelsLast,
                               OnnxGraph.TokenGrid grid, OrtRuntime.Device device, int intraOpThreads) {
        return open(model, input, layer, scoreTensor, inputShape, channelsLast, grid, true, device, intraOpThreads);
    }

    /**
     * As {@link #open(OnnxGraph, String, String, String, long[], boolean, OnnxGraph.TokenGrid, OrtRuntime.Device, int)};
     * without {@code gradients} the model only exposes the layer's activations beside the scores (no
     * {@link GradientGraph}), which is all the gradient-free methods need (Eigen-CAM, and Score-CAM's forward runs): it
     * works on any layer, whatever ops without a gradient rule lie between the layer and the scores. Its
     * {@link Maps#gradients()} are null, and {@link #cam} refuses the gradient methods on them.
     */
    public static GradCam open(OnnxGraph model, String input, String layer, String scoreTensor, long[] inputShape, boolean channelsLast,
                               OnnxGraph.TokenGrid grid, boolean gradients, OrtRuntime.Device device, int intraOpThreads) {
        Map<String, OnnxGraph.Value> shapes = model.probeShapes(Map.of(input, inputShape));
        String l = layer != null ? layer : defaultLayer(model, shapes, grid);
        OnnxGraph.Value lv = shapes.get(l);
        if (lv == null) {
            throw DanceLensException.badInput("The model " + model.label() + " has no tensor named " + l + ".");
        }
        boolean tokens = lv.rank() == 3;
        if (tokens && grid == null) {
            throw DanceLensException.badInput("The layer " + l + " of " + model.label() + " is a token sequence " + lv
                    + "; its card needs a token grid (explain: {grid: [h, w], classTokens: n}) to lay it on the image.");
        }
        if (tokens && lv.shape()[1] != grid.tokens()) {
            throw DanceLensException.badInput("The layer " + l + " of " + model.label() + " has " + lv.shape()[1] + " tokens " + lv
                    + ", but the grid " + grid + " needs " + grid.tokens() + " (h * w + classTokens).");
        }
        if (!tokens && lv.rank() != 4) {
            throw DanceLensException.badInput("The layer " + l + " of " + model.label() + " is not a [N, C, H, W] tensor"
                    + (grid != null ? " nor a [N, T, D] token sequence" : "") + " but " + lv + ".");
        }
        OnnxGraph.Value yv = shapes.get(scoreTensor);
        if (yv == null || yv.rank() != 2) {
            throw DanceLensException.badInput("The score tensor " + scoreTensor + " of " + model.label() + " is not [N, K].");
        }
        GradientGraph gg = gradients ? GradientGraph.buildWithShapes(model, List.of(l), scoreTensor, shapes) : null;
        byte[] graph = gg != null ? gg.graph().toBytes() : model.withOutputs(List.of(l, scoreTensor)).toBytes();
        OnnxModel session = OnnxModel.open(graph, model.label(), device, intraOpThreads);
        long[] is = shapes.get(input).shape();
        int h = (int) (channelsLast ? is[1] : is[2]);
        int w = (int) (channelsLast ? is[2] : is[3]);
        return new GradCam(gg, session, input, l, scoreTensor, (int) yv.shape()[1], h, w, tokens ? grid : null);
    }

    /** The last candidate layer ({@code [N, C, H, W]} with H * W > 1) of the model. */
    public static String defaultLayer(OnnxGraph model, Map<String, OnnxGraph.Value> shapes) {
        return defaultLayer(model, shapes, null);
    }

    /**
     * The last candidate layer of the model, token sequences of the grid included. (For a ViT the last one is usually
     * a block output whose patch tokens no longer reach the class token's score; name the layer, e.g. the input of
     * the last block's first LayerNormalization, in the card.)
     */
    public static String defaultLayer(OnnxGraph model, Map<String, OnnxGraph.Value> shapes, OnnxGraph.TokenGrid grid) {
        List<OnnxGraph.Layer> c = model.candidateLayers(shapes, grid);
        if (c.isEmpty()) {
            throw DanceLensException.badInput("The model " + model.label() + " has no layer with a spatial [N, C, H, W] output"
                    + (grid != null ? " or a token sequence of the grid " + grid : "") + " to explain.");
        }
        return c.get(c.size() - 1).tensor();
    }

    /** The token grid of the layer, or null for an {@code [N, C, H, W]} layer. */
    public OnnxGraph.TokenGrid grid() {
        return grid;
    }

    public String layer() {
        return layer;
    }

    public int classes() {
        return classes;
    }

    /** The gradient graph, or null when this was opened without gradients (for the gradient-free methods). */
    public GradientGraph gradientGraph() {
        return gradients;
    }

    /** Whether runs give gradients (false: opened for the gradient-free methods only). */
    public boolean hasGradients() {
        return gradients != null;
    }

    /** One run: activations and gradients of the score of {@code classIndex} for the first image of {@code image}. */
    public Maps run(TensorData image, int classIndex) {
        int n = (int) image.shape()[0];
        int[] classes = new int[n];
        java.util.Arrays.fill(classes, classIndex);
        return runBatch(image, classes).get(0);
    }

    /**
     * One run over a batch ({@code image} holds {@code N} pictures; the model's batch dimension must be open, or N
     * its fixed size): for picture {@code b}, the activations and the gradients of the score of {@code classes[b]}.
     * The seed row of each picture selects its own class, and pictures do not mix in an image model, so each
     * picture's gradients are those of its own class's score.
     */
    public List<Maps> runBatch(TensorData image, int[] classIndex) {
        int n = (int) image.shape()[0];
        if (classIndex.length != n) {
            throw new IllegalArgumentException(n + " pictures but " + classIndex.length + " classes");
        }
        float[] seed = new float[n * classes];
        for (int b = 0; b < n; b++) {
            if (classIndex[b] < 0 || classIndex[b] >= classes) {
                throw DanceLensException.badInput("The class index " + classIndex[b] + " is outside 0.." + (classes - 1) + ".");
            }
            seed[b * classes + classIndex[b]] = 1f;
        }
        Map<String, TensorData> feeds = new HashMap<>();
        feeds.put(input, image);
        if (gradients != null) {
            feeds.put(gradients.seedInput(), TensorData.of(seed, n, classes));
        }
        Map<String, TensorData> out = session.run(feeds);
        TensorData a = out.get(layer);
        TensorData g = gradients != null ? out.get(gradients.gradientOf(layer)) : null;
        long[] s = a.shape();
        float[] allScores = out.get(gradients != null ? gradients.scoreOutput() : scores).floats();
        int per = (int) (a.size() / s[0]);
        List<Maps> maps = new java.util.ArrayList<>(n);
        for (int b = 0; b < n; b++) {
            float[] scores = java.util.Arrays.copyOfRange(allScores, b * classes, (b + 1) * classes);
            float[] act = java.util.Arrays.copyOfRange(a.floats(), b * per, (b + 1) * per);
            float[] grad = g == null ? null : java.util.Arrays.copyOfRange(g.floats(), b * per, (b + 1) * per);
            if (grid != null) {
                int d = (int) s[2];
                maps.add(new Maps(tokenMap(act, grid, d), grad == null ? null : tokenMap(grad, grid, d), d, grid.height(), grid.width(), scores));
            } else {
                maps.add(new Maps(act, grad, (int) s[1], (int) s[2], (int) s[3], scores));
            }
        }
        return maps;
    }

    /**
     * The first image's token sequence ({@code [T, D]}, row-major at the start of {@code tokens}) as a
     * {@code [D, h, w]} map: the class tokens dropped, patch token {@code y * w + x} at cell (y, x).
     */
    public static float[] tokenMap(float[] tokens, OnnxGraph.TokenGrid grid, int d) {
        int hw = grid.height() * grid.width();
        float[] out = new float[d * hw];
        for (int p = 0; p < hw; p++) {
            int t = (grid.classTokens() + p) * d;
            for (int c = 0; c < d; c++) {
                out[c * hw + p] = tokens[t + c];
            }
        }
        return out;
    }

    /** One run and the map of {@code method} for {@code classIndex}, at the layer's and the input's resolution. */
    public Cam explain(TensorData image, int classIndex, Method method) {
        return cam(run(image, classIndex), classIndex, method, inputHeight, inputWidth);
    }

    /** The map of {@code method} from a run's maps, upsampled to {@code height x width}. */
    public static Cam cam(Maps m, int classIndex, Method method, int height, int width) {
        if (m.gradients() == null && method != Method.EIGEN_CAM) {
            throw new IllegalStateException(method + " needs gradients; these maps were made without (a gradient-free explainer)");
        }
        float[] low = normalise(combine(method, m.activations(), m.gradients(), m.channels(), m.height(), m.width()));
        return new Cam(method, classIndex, low, m.height(), m.width(), resizeBilinear(low, m.height(), m.width(), height, width), height, width);
    }

    /** The unnormalised map ({@code [h * w]}) of a method from activations and gradients {@code [C, h, w]}. */
    public static float[] combine(Method method, float[] act, float[] grad, int c, int h, int w) {
        int hw = h * w;
        double[] map = new double[hw];
        switch (method) {
            case GRAD_CAM -> {
                for (int ch = 0; ch < c; ch++) {
                    double mean = 0;
                    for (int p = 0; p < hw; p++) {
                        mean += grad[ch * hw + p];
                    }
                    mean /= hw;
                    for (int p = 0; p < hw; p++) {
                        map[p] += mean * act[ch * hw + p];
                    }
                }
            }
            case GRAD_CAM_PP -> {
                // Grad-CAM++ (Chattopadhyay et al. 2018) in its usual closed form for an exponential score:
                // alpha = g^2 / (2 g^2 + sum_hw(A) g^3), weight_c = sum_hw alpha * relu(g)
                for (int ch = 0; ch < c; ch++) {
                    double sumA = 0;
                    for (int p = 0; p < hw; p++) {
                        sumA += act[ch * hw + p];
                    }
                    double weight = 0;
                    for (int p = 0; p < hw; p++) {
                        double g = grad[ch * hw + p];
                        double g2 = g * g;
                        double denom = 2 * g2 + sumA * g2 * g;
                        double alpha = g != 0 && denom != 0 ? g2 / denom : 0;
                        weight += alpha * Math.max(0, g);
                    }
                    for (int p = 0; p < hw; p++) {
                        map[p] += weight * act[ch * hw + p];
                    }
                }
            }
            case XGRAD_CAM -> {
                // XGrad-CAM (Fu et al. 2020): weight_c = sum_hw(g * A) / sum_hw(A)
                for (int ch = 0; ch < c; ch++) {
                    double sumA = 0;
                    double sumGA = 0;
                    for (int p = 0; p < hw; p++) {
                        sumA += act[ch * hw + p];
                        sumGA += grad[ch * hw + p] * act[ch * hw + p];
                    }
                    double weight = sumA == 0 ? 0 : sumGA / sumA;
                    for (int p = 0; p < hw; p++) {
                        map[p] += weight * act[ch * hw + p];
                    }
                }
            }
            case HIRES_CAM, LAYER_CAM -> {
                for (int i = 0; i < c * hw; i++) {
                    double gr = method == Method.LAYER_CAM ? Math.max(0, grad[i]) : grad[i];
                    map[i % hw] += gr * act[i];
                }
            }
            case EIGEN_CAM -> map = eigen(act, c, hw);
        }
        float[] out = new float[hw];
        for (int p = 0; p < hw; p++) {
            out[p] = (float) Math.max(0, map[p]);
        }
        return out;
    }

    /** Projection of the centred {@code [hw, C]} activations on their first principal component (power iteration). */
    private static double[] eigen(float[] act, int c, int hw) {
        double[] mean = new double[c];
        for (int ch = 0; ch < c; ch++) {
            for (int p = 0; p < hw; p++) {
                mean[ch] += act[ch * hw + p];
            }
            mean[ch] /= hw;
        }
        double[][] cov = new double[c][c];
        for (int i = 0; i < c; i++) {
            for (int j = i; j < c; j++) {
                double s = 0;
                for (int p = 0; p < hw; p++) {
                    s += (act[i * hw + p] - mean[i]) * (act[j * hw + p] - mean[j]);
                }
                cov[i][j] = s;
                cov[j][i] = s;
            }
        }
        double[] v = new double[c];
        java.util.Arrays.fill(v, 1.0 / Math.sqrt(c));
        for (int it = 0; it < 200; it++) {
            double[] nv = new double[c];
            for (int i = 0; i < c; i++) {
                for (int j = 0; j < c; j++) {
                    nv[i] += cov[i][j] * v[j];
                }
            }
            double norm = 0;
            for (double x : nv) {
                norm += x * x;
            }
            norm = Math.sqrt(norm);
            if (norm == 0) {
                break;
            }
            for (int i = 0; i < c; i++) {
                nv[i] /= norm;
            }
            v = nv;
        }
        double[] proj = new double[hw];
        double[] total = new double[hw];
        for (int ch = 0; ch < c; ch++) {
            for (int p = 0; p < hw; p++) {
                proj[p] += (act[ch * hw + p] - mean[ch]) * v[ch];
                total[p] += act[ch * hw + p];
            }
        }
        // The sign of a principal component is arbitrary: orient it with the summed activations.
        double dot = 0;
        for (int p = 0; p < hw; p++) {
            dot += proj[p] * total[p];
        }
        if (dot < 0) {
            for (int p = 0; p < hw; p++) {
                proj[p] = -proj[p];
            }
        }
        return proj;
    }

    /** Min-max normalisation to [0, 1]; a constant map becomes all zeros. */
    public static float[] normalise(float[] map) {
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float v : map) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        float[] out = new float[map.length];
        if (hi > lo) {
            for (int k = 0; k < map.length; k++) {
                out[k] = (map[k] - lo) / (hi - lo);
            }
        }
        return out;
    }

    /** Bilinear resize with half-pixel centres and clamped edges (as OpenCV's and PyTorch's align_corners=false). */
    public static float[] resizeBilinear(float[] map, int h, int w, int outH, int outW) {
        float[] out = new float[outH * outW];
        for (int y = 0; y < outH; y++) {
            double sy = Math.max(0, Math.min(h - 1, (y + 0.5) * h / outH - 0.5));
            int y0 = (int) Math.floor(sy);
            int y1 = Math.min(h - 1, y0 + 1);
            double fy = sy - y0;
            for (int x = 0; x < outW; x++) {
                double sx = Math.max(0, Math.min(w - 1, (x + 0.5) * w / outW - 0.5));
                int x0 = (int) Math.floor(sx);
                int x1 = Math.min(w - 1, x0 + 1);
                double fx = sx - x0;
                double top = map[y0 * w + x0] * (1 - fx) + map[y0 * w + x1] * fx;
                double bottom = map[y1 * w + x0] * (1 - fx) + map[y1 * w + x1] * fx;
                out[y * outW + x] = (float) (top * (1 - fy) + bottom * fy);
            }
        }
        return out;
    }

    @Override
    public void close() {
        session.close();
    }
}
