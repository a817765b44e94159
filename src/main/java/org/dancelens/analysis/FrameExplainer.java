package org.dancelens.analysis;

import java.util.List;
import java.util.Map;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.VideoFrame;
import org.dancelens.explain.GradCam;
import org.dancelens.inference.ModelCard;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OnnxGraph;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.inference.ResidualBlocks;
import org.dancelens.inference.TensorData;
import org.dancelens.inference.image.ImageInput;

/**
 * Class-activation maps of an image model on whole frames, with the model's own pre-processing from its card: the
 * frame is cut and normalised as the classifier sees it, the gradients belong to the class explained (each frame's
 * top label, or a fixed one), and the map comes with the region of the frame it covers. Not thread-safe.
 */
public final class FrameExplainer implements AutoCloseable {

    /** One frame's explanation: the class, all scores, the map at the input size and the frame region it covers. */
    public record Result(int classIndex, String label, float[] scores, GradCam.Cam cam, double[] region) {
    }

    private final ModelCard card;
    private final ImageInput recipe;
    private final GradCam cam;
    private final List<String> labels;
    private final long[] shape;
    private boolean scoresAreProbabilities;
    /** Whether the model's (and the explanation graph's) input takes any number of pictures. */
    private boolean openBatch;

    private FrameExplainer(ModelCard card, ImageInput recipe, GradCam cam, long[] shape) {
        this.card = card;
        this.recipe = recipe;
        this.cam = cam;
        this.shape = shape;
        this.labels = card.labels() != null && !card.labels().isEmpty() ? card.labels() : List.of(card.outputs().get(0).name());
    }

    /** The image input of an explainable model (frame classifiers and image scorers): how a frame becomes its input. */
    public static ImageInput recipe(ModelCard card) {
        if (card.task() != ModelCard.Task.FRAME_CLASSIFIER && !(card.task() == ModelCard.Task.SCORER && card.sequence() == null && card.clip() == null)) {
            throw DanceLensException.badInput("The model " + card.id() + " is a " + card.task().label()
                    + "; class-activation maps are made for image models (frame classifiers and image scorers).");
        }
        return ImageInput.of(card, false);
    }

    /** The candidate layers of a model, last (deepest) last; token sequences too when the card's explain hints give a grid. */
    public static List<OnnxGraph.Layer> layers(ModelRegistry.Entry entry) {
        ImageInput r = recipe(entry.card());
        OnnxGraph g = OnnxGraph.load(entry);
        return g.candidateLayers(g.probeShapes(Map.of(r.inputName(), r.shape(1))), OnnxGraph.TokenGrid.fromHints(entry.card().explain()));
    }

    /**
     * @param layer the tensor to explain, or null for the card's {@code explain.layer} or the last candidate; the
     *              score tensor is the card's {@code explain.scores} or its first output, and a transformer's token
     *              layer is laid on the card's {@code explain.grid} (after {@code explain.classTokens})
     */
    public static FrameExplainer open(ModelRegistry.Entry entry, String layer, OrtRuntime.Device device) {
        return open(entry, layer, List.of(), device);
    }

    /** The residual blocks of an explainable model (see {@link ResidualBlocks}), in graph order. */
    public static List<ResidualBlocks.Block> blocks(ModelRegistry.Entry entry) {
        ImageInput r = recipe(entry.card());
        OnnxGraph g = OnnxGraph.load(entry);
        return ResidualBlocks.find(g, g.probeShapes(Map.of(r.inputName(), r.shape(1))));
    }

    /**
     * As {@link #open(ModelRegistry.Entry, String, OrtRuntime.Device)}, on the model with the named residual blocks
     * left out ({@link ResidualBlocks#without}): the "without" half of a with/without comparison.
     */
    public static FrameExplainer open(ModelRegistry.Entry entry, String layer, List<String> without, OrtRuntime.Device device) {
        return open(entry, layer, without, true, device);
    }

    /**
     * Whether a method needs the gradient graph: every Grad-CAM relative but Eigen-CAM; Score-CAM ({@code null}) does
     * not either.
     */
    public static boolean needsGradients(GradCam.Method method) {
        return method != null && method != GradCam.Method.EIGEN_CAM;
    }

    /**
     * As {@link #open(ModelRegistry.Entry, String, List, OrtRuntime.Device)}; without {@code gradients} the model is not
     * differentiated (see {@link GradCam#open(OnnxGraph, String, String, String, long[], boolean, OnnxGraph.TokenGrid,
     * boolean, OrtRuntime.Device, int)}): enough for Eigen-CAM, Score-CAM and the metrics (which only read the scores),
     * and possible on any layer, whatever ops without a gradient rule follow it.
     */
    public static FrameExplainer open(ModelRegistry.Entry entry, String layer, List<String> without, boolean gradients, OrtRuntime.Device device) {
        ModelCard card = entry.card();
        ImageInput r = recipe(card);
        Map<String, Object> hints = card.explain() == null ? Map.of() : card.explain();
        String scores = hints.get("scores") != null ? hints.get("scores").toString() : card.outputs().get(0).name();
        String l = layer != null ? layer : hints.get("layer") != null ? hints.get("layer").toString() : null;
        long[] shape = r.shape(1);
        OnnxGraph g = OnnxGraph.load(entry);
        if (!without.isEmpty()) {
            g = ResidualBlocks.without(g, ResidualBlocks.find(g, g.probeShapes(Map.of(r.inputName(), shape))), without);
        }
        FrameExplainer fe = new FrameExplainer(card, r, GradCam.open(g, r.inputName(), l, scores, shape,
                !r.channelsFirst(), OnnxGraph.TokenGrid.fromHints(hints), gradients, device, 0), shape);
        fe.scoresAreProbabilities = scores.equals(card.outputs().get(0).name()) && "probabilities".equals(card.outputs().get(0).decoding());
        long[] declared = g.declaredInputShape(r.inputName());
        fe.openBatch = declared.length > 0 && declared[0] == -1;
        return fe;
    }

    /**
     * Why frames of this model cannot be explained several per run, or null when they can: the model's input must have
     * an open batch dimension, and two different pictures explained in one run must give what each gives alone (the
     * explanation graph is built from the shapes of one picture, so this is checked once, on a black and a grey ramp
     * picture, before any batch is trusted).
     */
    public String batchProblem() {
        if (!openBatch) {
            return card.id() + " takes one picture per run (its input '" + recipe.inputName() + "' has a fixed batch dimension)";
        }
        if (batchChecked == null) {
            int size = recipe.pictureSize();
            float[] two = new float[2 * size];
            for (int i = 0; i < size; i++) {
                two[size + i] = (float) i / size - 0.5f;
            }
            long[] s2 = shape.clone();
            s2[0] = 2;
            try {
                int[] classes = {0, Math.min(1, labels.size() - 1)};
                List<GradCam.Maps> both = cam.runBatch(TensorData.of(two, s2), classes);
                String differs = null;
                for (int b = 0; b < 2 && differs == null; b++) {
                    GradCam.Maps one = cam.run(TensorData.of(java.util.Arrays.copyOfRange(two, b * size, (b + 1) * size), shape), classes[b]);
                    if (maxDiff(one.scores(), both.get(b).scores()) > 1e-4 || maxDiff(one.activations(), both.get(b).activations()) > 1e-4
                            || one.gradients() != null && maxDiff(one.gradients(), both.get(b).gradients()) > 1e-4) {
                        differs = card.id() + "'s explanation graph gives other values for a picture in a batch than alone";
                    }
                }
                batchChecked = differs == null ? "" : differs;
            } catch (DanceLensException e) {
                batchChecked = card.id() + "'s explanation graph does not run on two pictures at once (" + e.getMessage() + ")";
            }
        }
        return batchChecked.isEmpty() ? null : batchChecked;
    }

    private String batchChecked;

    private static double maxDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            return Double.POSITIVE_INFINITY;
        }
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    /** A frame laid out as the model's input, with what its result needs of the frame. */
    public record Picture(int frame, int frameWidth, int frameHeight, float[] input) {
    }

    /** Lays out a frame as the model's input (the frame itself is not kept). */
    public Picture picture(VideoFrame f) {
        float[] in = new float[recipe.pictureSize()];
        recipe.fill(f, null, in, 0, 0);
        return new Picture(f.index(), f.width(), f.height(), in);
    }

    /**
     * Explains several frames in one run of the model (two when a frame's top label is not the first one and the
     * method needs gradients, as {@link #explain} does for one frame): each result is the one {@link #explain} gives
     * for that frame alone. Only when {@link #batchProblem()} is null.
     */
    public List<Result> explainBatch(List<Picture> pictures, int classIndex, GradCam.Method method) {
        if (needsGradients(method) && !cam.hasGradients()) {
            throw DanceLensException.internal("This explainer of " + card.id() + " was opened without gradients; " + method + " needs them.", null);
        }
        if (classIndex >= labels.size()) {
            throw DanceLensException.badInput("The model " + card.id() + " has " + labels.size() + " labels; class " + classIndex + " does not exist.");
        }
        int n = pictures.size();
        int size = recipe.pictureSize();
        float[] in = new float[n * size];
        for (int b = 0; b < n; b++) {
            System.arraycopy(pictures.get(b).input(), 0, in, b * size, size);
        }
        long[] sn = shape.clone();
        sn[0] = n;
        TensorData t = TensorData.of(in, sn);
        int[] classes = new int[n];
        java.util.Arrays.fill(classes, Math.max(0, classIndex));
        List<GradCam.Maps> maps = cam.runBatch(t, classes);
        if (classIndex < 0) {
            boolean again = false;
            for (int b = 0; b < n; b++) {
                float[] sc = maps.get(b).scores();
                int cls = 0;
                for (int k = 1; k < sc.length; k++) {
                    cls = sc[k] > sc[cls] ? k : cls;
                }
                classes[b] = cls;
                again |= cls != 0;
            }
            if (again && cam.hasGradients()) {
                maps = cam.runBatch(t, classes); // the gradients must belong to each frame's class
            }
        }
        List<Result> out = new java.util.ArrayList<>(n);
        for (int b = 0; b < n; b++) {
            Picture p = pictures.get(b);
            GradCam.Cam c = GradCam.cam(maps.get(b), classes[b], method, recipe.height(), recipe.width());
            out.add(new Result(classes[b], labels.get(classes[b]), maps.get(b).scores(), c, recipe.region(p.frameWidth(), p.frameHeight(), null)));
        }
        return out;
    }

    public String layer() {
        return cam.layer();
    }

    public List<String> labels() {
        return labels;
    }

    /** How a frame becomes the model's input, as its card says. */
    public ImageInput recipe() {
        return recipe;
    }

    /** One run's maps for the class explained (the given one, or the frame's top label when negative). */
    private record ClassMaps(int classIndex, GradCam.Maps maps, float[] input) {
    }

    private ClassMaps run(VideoFrame f, int classIndex) {
        if (classIndex >= labels.size()) {
            throw DanceLensException.badInput("The model " + card.id() + " has " + labels.size() + " labels; class " + classIndex + " does not exist.");
        }
        float[] in = new float[recipe.pictureSize()];
        recipe.fill(f, null, in, 0, 0);
        TensorData t = TensorData.of(in, shape);
        GradCam.Maps maps = cam.run(t, Math.max(0, classIndex));
        int cls = classIndex;
        if (cls < 0) {
            cls = 0;
            for (int k = 1; k < maps.scores().length; k++) {
                cls = maps.scores()[k] > maps.scores()[cls] ? k : cls;
            }
            if (cls != 0 && cam.hasGradients()) {
                maps = cam.run(t, cls); // the gradients must belong to the class explained
            }
        }
        return new ClassMaps(cls, maps, in);
    }

    /** Explains one frame for {@code classIndex}, or for its top label when negative. */
    public Result explain(VideoFrame f, int classIndex, GradCam.Method method) {
        if (needsGradients(method) && !cam.hasGradients()) {
            throw DanceLensException.internal("This explainer of " + card.id() + " was opened without gradients; " + method + " needs them.", null);
        }
        ClassMaps r = run(f, classIndex);
        GradCam.Cam c = GradCam.cam(r.maps(), r.classIndex(), method, recipe.height(), recipe.width());
        return new Result(r.classIndex(), labels.get(r.classIndex()), r.maps().scores(), c, recipe.region(f.width(), f.height(), null));
    }

    /**
     * Score-CAM (Wang et al. 2020), gradient-free: each channel of the layer, upsampled to the input and scaled to
     * [0, 1], masks the picture (in the card's normalised values, so masked-out pixels become the mean colour); the
     * explained class's probability on each masked picture, softmaxed over the channels, weighs the channels. One
     * model run per channel, plus one for the activations and the class.
     */
    public Result scoreCam(VideoFrame f, int classIndex) {
        ClassMaps top = run(f, classIndex); // the class, and the activations
        float[] in = top.input();
        GradCam.Maps maps = top.maps();
        int cls = top.classIndex();
        int c = maps.channels();
        int lh = maps.height();
        int lw = maps.width();
        int h = recipe.height();
        int w = recipe.width();
        int ch = recipe.channels();
        double[] probs = new double[c];
        for (int k = 0; k < c; k++) {
            float[] a = java.util.Arrays.copyOfRange(maps.activations(), k * lh * lw, (k + 1) * lh * lw);
            float[] mask = GradCam.normalise(GradCam.resizeBilinear(a, lh, lw, h, w));
            float[] masked = in.clone();
            for (int p = 0; p < h * w; p++) {
                for (int q = 0; q < ch; q++) {
                    int idx = recipe.channelsFirst() ? q * h * w + p : p * ch + q;
                    masked[idx] *= mask[p];
                }
            }
            probs[k] = probability(masked, cls);
        }
        double max = java.util.Arrays.stream(probs).max().orElse(0);
        double sum = 0;
        double[] wts = new double[c];
        for (int k = 0; k < c; k++) {
            wts[k] = Math.exp(probs[k] - max);
            sum += wts[k];
        }
        double[] low = new double[lh * lw];
        for (int k = 0; k < c; k++) {
            for (int p = 0; p < lh * lw; p++) {
                low[p] += wts[k] / sum * maps.activations()[k * lh * lw + p];
            }
        }
        float[] lowMap = new float[lh * lw];
        for (int p = 0; p < lowMap.length; p++) {
            lowMap[p] = (float) Math.max(0, low[p]);
        }
        lowMap = GradCam.normalise(lowMap);
        GradCam.Cam cm = new GradCam.Cam(null, cls, lowMap, lh, lw, GradCam.resizeBilinear(lowMap, lh, lw, h, w), h, w);
        return new Result(cls, labels.get(cls), maps.scores(), cm, recipe.region(f.width(), f.height(), null));
    }

    /** Deletion and insertion curves: the class's probability as the map's strongest pixels are removed or added. */
    public record Faithfulness(double deletionAuc, double insertionAuc, double[] deletion, double[] insertion) {
    }

    /**
     * Faithfulness of a map (deletion / insertion, as in RISE): the picture's pixels are ordered by the map, and in
     * {@code steps} steps the strongest are set to the baseline (deletion) or put back onto the baseline (insertion);
     * the curve is the explained class's probability (softmax of the scores; the raw score for a one-output
     * scorer). The baseline is 0 after the card's normalisation, i.e. the mean colour. A faithful map makes the
     * deletion area small and the insertion area large. See {@link #road} for ROAD's variant.
     */
    public Faithfulness faithfulness(VideoFrame f, Result r, int steps) {
        float[] in = new float[recipe.pictureSize()];
        recipe.fill(f, null, in, 0, 0);
        float[] map = r.cam().map();
        int hw = recipe.width() * recipe.height();
        Integer[] order = new Integer[hw];
        for (int i = 0; i < hw; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Float.compare(map[b], map[a]));
        double[] del = new double[steps + 1];
        double[] ins = new double[steps + 1];
        int ch = recipe.channels();
        for (int k = 0; k <= steps; k++) {
            int n = (int) Math.round((double) k * hw / steps);
            float[] d = in.clone();
            float[] a = new float[in.length];
            for (int j = 0; j < n; j++) {
                int p = order[j];
                for (int c = 0; c < ch; c++) {
                    int idx = recipe.channelsFirst() ? c * hw + p : p * ch + c;
                    d[idx] = 0;
                    a[idx] = in[idx];
                }
            }
            del[k] = probability(d, r.classIndex());
            ins[k] = probability(a, r.classIndex());
        }
        return new Faithfulness(org.dancelens.explain.CamMetrics.auc(del), org.dancelens.explain.CamMetrics.auc(ins), del, ins);
    }

    /**
     * ROAD curves: the explained class's probability when the given fractions of the picture's pixels are removed,
     * most relevant first (MoRF: a faithful map makes it fall fast) and least relevant first (LeRF: it should hold).
     */
    public record Road(double[] fractions, double[] morf, double[] lerf) {
        /** Mean MoRF probability over the fractions (lower: more faithful). */
        public double morfMean() {
            return java.util.Arrays.stream(morf).average().orElse(Double.NaN);
        }

        /** Mean LeRF probability over the fractions (higher: more faithful). */
        public double lerfMean() {
            return java.util.Arrays.stream(lerf).average().orElse(Double.NaN);
        }
    }

    /** The removal fractions ROAD reports: 10 % to 90 %. */
    public static final double[] ROAD_FRACTIONS = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};

    /**
     * ROAD (Rong et al. 2022): as {@link #faithfulness}, but the removed pixels are filled by
     * {@link org.dancelens.explain.NoisyLinearImputer noisy linear imputation} from the pixels kept, so the model sees
     * no tell-tale blank shape. The noise's standard deviation is 1 % of the picture's (ROAD adds 0.01 to
     * ImageNet-normalised pictures, whose spread is about 1); its seed is fixed, so a map's score is repeatable.
     * Costs one model run per fraction and order.
     */
    public Road road(VideoFrame f, Result r, double[] fractions) {
        float[] in = new float[recipe.pictureSize()];
        recipe.fill(f, null, in, 0, 0);
        float[] map = r.cam().map();
        int h = recipe.height();
        int w = recipe.width();
        int hw = h * w;
        Integer[] order = new Integer[hw];
        for (int i = 0; i < hw; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Float.compare(map[b], map[a]));
        double mean = 0;
        for (float v : in) {
            mean += v;
        }
        mean /= in.length;
        double var = 0;
        for (float v : in) {
            var += (v - mean) * (v - mean);
        }
        double noise = 0.01 * Math.sqrt(var / in.length);
        double[] morf = new double[fractions.length];
        double[] lerf = new double[fractions.length];
        for (int k = 0; k < fractions.length; k++) {
            int n = (int) Math.round(fractions[k] * hw);
            boolean[] most = new boolean[hw];
            boolean[] least = new boolean[hw];
            for (int j = 0; j < n; j++) {
                most[order[j]] = true;
                least[order[hw - 1 - j]] = true;
            }
            morf[k] = probability(org.dancelens.explain.NoisyLinearImputer.impute(in, recipe.channels(), h, w, recipe.channelsFirst(), most, noise, 17 + k),
                    r.classIndex());
            lerf[k] = probability(org.dancelens.explain.NoisyLinearImputer.impute(in, recipe.channels(), h, w, recipe.channelsFirst(), least, noise, 17 + k),
                    r.classIndex());
        }
        return new Road(fractions.clone(), morf, lerf);
    }

    private double probability(float[] input, int cls) {
        float[] s = cam.run(TensorData.of(input, shape), Math.max(0, cls)).scores();
        if (s.length == 1 || scoresAreProbabilities) {
            return s[cls];
        }
        double max = Double.NEGATIVE_INFINITY;
        for (float v : s) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (float v : s) {
            sum += Math.exp(v - max);
        }
        return Math.exp(s[cls] - max) / sum;
    }

    @Override
    public void close() {
        cam.close();
    }
}
