package org.dancelens.classify;

import ai.djl.inference.Predictor;
import java.util.ArrayList;
import java.util.List;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.ScoreSeries;
import org.dancelens.core.SkeletonSchema;
import org.dancelens.inference.ModelCard;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OnnxModel;
import org.dancelens.inference.OrtRuntime;

/**
 * A skeleton-sequence model (e.g. an LSTM over 3-D keypoints) run over pose tracks as its card describes: joints
 * mapped by name to the model's schema, axis signs applied, the track resampled to the model's frame rate (linear
 * interpolation; gaps longer than {@code maxGap} split it), cut into windows, each window's features built by
 * {@link SkeletonRecipe}, and the window scores spread back over the video frames each window covers (the mean of
 * all windows covering a frame). Not thread-safe.
 */
public final class SequenceClassifier implements AutoCloseable {
    private static final int BATCH = 8;

    /** One window's outputs: the model's raw row and the decoded scores. */
    public record Prediction(float[] raw, float[] scores) {
    }

    private final ModelCard card;
    private final SkeletonRecipe recipe;
    private final ModelHead head;
    private final OnnxModel model;
    private final Predictor<ScoresTranslator.Batch, List<Prediction>> predictor;
    private final boolean dynamicBatch;

    private SequenceClassifier(ModelCard card, OnnxModel model) {
        this.card = card;
        this.recipe = SkeletonRecipe.of(card);
        this.head = ModelHead.of(card);
        this.model = model;
        this.predictor = model.newPredictor(new ScoresTranslator(recipe.inputName(), n -> new long[] {n, recipe.length(), recipe.features()}, head));
        long[] declared = model.inputShapes().get(recipe.inputName());
        if (declared == null) {
            close();
            throw DanceLensException.badInput("The card of " + card.id() + " names the input tensor '" + recipe.inputName()
                    + "', which the model does not have (it has " + model.inputNames() + ").");
        }
        this.dynamicBatch = declared.length > 0 && declared[0] == -1;
    }

    public static SequenceClassifier open(ModelRegistry.Entry entry, OrtRuntime.Device device) {
        ModelCard card = entry.card();
        if (card.task() != ModelCard.Task.SEQUENCE_CLASSIFIER && !(card.task() == ModelCard.Task.SCORER && card.sequence() != null)) {
            throw DanceLensException.badInput("The model " + card.id() + " is a " + card.task().label() + ", not a skeleton model.");
        }
        SkeletonRecipe.of(card); // card errors before loading the model
        return new SequenceClassifier(card, OnnxModel.open(entry, device, 0));
    }

    /** The model's card. */
    public ModelCard card() {
        return card;
    }

    public SkeletonRecipe recipe() {
        return recipe;
    }

    public ModelHead head() {
        return head;
    }

    /** The whole sequence {@code kp[t][j][c]} (model joints, DanceLens axes) as one input, whatever its length. */
    public Prediction predict(double[][][] kp) {
        return predictFeatures(List.of(recipe.features(applySigns(kp))), "one sequence").get(0);
    }

    /** Runs prepared feature windows ({@code length * features} each), batched where the model allows. */
    public List<Prediction> predictFeatures(List<float[]> windows, String what) {
        List<Prediction> out = new ArrayList<>(windows.size());
        int batch = dynamicBatch ? BATCH : 1;
        for (int start = 0; start < windows.size(); start += batch) {
            int n = Math.min(batch, windows.size() - start);
            float[] in = new float[n * recipe.length() * recipe.features()];
            for (int b = 0; b < n; b++) {
                System.arraycopy(windows.get(start + b), 0, in, b * recipe.length() * recipe.features(), recipe.length() * recipe.features());
            }
            out.addAll(model.predict(predictor, new ScoresTranslator.Batch(in, n, what)));
        }
        return out;
    }

    /** Per-frame scores for one dancer's track (empty when the track has no usable frames). */
    public ScoreSeries classify(PoseTrack track) {
        if (track.world() != recipe.world()) {
            throw DanceLensException.badInput("The model " + card.id() + " takes " + (recipe.world() ? "3-D world" : "2-D image")
                    + " keypoints, but the poses give " + (track.world() ? "3-D world" : "2-D image") + " keypoints"
                    + (recipe.world() ? " (choose a pose model with 3-D output, e.g. BlazePose)" : "") + ".");
        }
        List<Window> cut = windows(track, recipe, card.id());
        List<float[]> windows = new ArrayList<>();
        List<double[]> windowTimes = new ArrayList<>(); // {from, to} seconds
        for (Window w : cut) {
            windows.add(recipe.features(applySigns(w.frames())));
            windowTimes.add(new double[] {w.from(), w.to()});
        }
        List<Prediction> preds = predictFeatures(windows, "track " + track.track());
        int labels = head.labels().size();
        List<Integer> frames = new ArrayList<>();
        List<float[]> scores = new ArrayList<>();
        int w0 = 0;
        for (int i = 0; i < track.size(); i++) {
            double t = track.times()[i];
            double[] sum = new double[labels];
            int n = 0;
            while (w0 < windowTimes.size() && windowTimes.get(w0)[1] < t - 1e-9) {
                w0++;
            }
            for (int w = w0; w < windowTimes.size() && windowTimes.get(w)[0] <= t + 1e-9; w++) {
                if (windowTimes.get(w)[1] >= t - 1e-9) {
                    float[] s = preds.get(w).scores();
                    for (int c = 0; c < labels; c++) {
                        sum[c] += s[c];
                    }
                    n++;
                }
            }
            if (n > 0) {
                float[] mean = new float[labels];
                for (int c = 0; c < labels; c++) {
                    mean[c] = (float) (sum[c] / n);
                }
                frames.add(track.frames()[i]);
                scores.add(mean);
            }
        }
        return new ScoreSeries(track.track(), head.labels(), frames.stream().mapToInt(Integer::intValue).toArray(), scores.toArray(new float[0][]));
    }

    /**
     * One window of a track at the model's rate: frames in the model's joint order (not yet sign-flipped), and the
     * time span in seconds it stands for (half a model frame beyond its first and last frame).
     */
    public record Window(double[][][] frames, double from, double to) {
    }

    /**
     * Cuts a track into the recipe's windows: joints mapped by name, resampled to the recipe's rate by linear
     * interpolation, split where the track is absent for longer than {@code maxGap}.
     */
    public static List<Window> windows(PoseTrack track, SkeletonRecipe recipe, String modelId) {
        int[] map = jointMap(track.schema(), recipe.schema(), modelId);
        double step = 1 / recipe.fps();
        List<Window> out = new ArrayList<>();
        List<int[]> segments = new ArrayList<>(); // {first, last} track index
        int first = 0;
        for (int i = 1; i <= track.size(); i++) {
            if (i == track.size() || track.times()[i] - track.times()[i - 1] > recipe.maxGap()) {
                segments.add(new int[] {first, i - 1});
                first = i;
            }
        }
        for (int[] seg : segments) {
            double t0 = track.times()[seg[0]];
            int k = (int) Math.floor((track.times()[seg[1]] - t0) * recipe.fps() + 1e-6) + 1;
            double[][][] resampled = new double[k][][];
            int src = seg[0];
            for (int m = 0; m < k; m++) {
                double t = t0 + m * step;
                while (src < seg[1] && track.times()[src + 1] <= t) {
                    src++;
                }
                resampled[m] = interpolate(track, src, Math.min(src + 1, seg[1]), t, map, recipe.channels());
            }
            for (int[] w : bounds(k, recipe)) {
                out.add(new Window(java.util.Arrays.copyOfRange(resampled, w[0], w[1]), t0 + w[0] * step - step / 2,
                        t0 + (w[1] - 1) * step + step / 2));
            }
        }
        return out;
    }

    /**
     * Temporal and joint attribution of a skeleton model by occlusion: for every window of the track, the explained
     * class's score is compared with the score when a stretch of {@code span} model frames is blanked (its features
     * set to 0, as padding is), and when one joint is blanked over the whole window (positions and velocities).
     *
     * @param label     the class index explained, or -1 for the track's top label (by mean score)
     * @param frames    the track's video frames
     * @param frameDrop per video frame, the mean drop of the class's score when the stretch holding it is blanked
     * @param jointDrop per joint of the model's schema, the mean drop over the windows when it is blanked
     */
    public record Attribution(int label, String labelName, int[] frames, float[] frameDrop, float[] jointDrop) {
    }

    /** Occlusion attribution of one track (see {@link Attribution}). */
    public Attribution attribute(PoseTrack track, int label, int span) {
        if (span < 1) {
            throw DanceLensException.badInput("The occlusion span must be at least one frame.");
        }
        List<Window> cut = windows(track, recipe, card.id());
        if (cut.isEmpty()) {
            throw DanceLensException.badInput("The track " + track.track() + " has no frames for " + card.id() + ".");
        }
        List<float[]> base = new ArrayList<>();
        for (Window w : cut) {
            base.add(recipe.features(applySigns(w.frames())));
        }
        List<Prediction> plain = predictFeatures(base, "track " + track.track());
        int cls = label;
        if (cls < 0) {
            double[] sum = new double[head.labels().size()];
            for (Prediction p : plain) {
                for (int c = 0; c < sum.length; c++) {
                    sum[c] += p.scores()[c];
                }
            }
            cls = 0;
            for (int c = 1; c < sum.length; c++) {
                cls = sum[c] > sum[cls] ? c : cls;
            }
        }
        int len = recipe.length();
        int feats = recipe.features();
        int joints = recipe.schema().size();
        int perJoint = recipe.keypointFeatures() / joints; // movement features (after the keypoints) are left as they are
        double[] frameSum = new double[track.size()];
        int[] frameCount = new int[track.size()];
        double[] jointSum = new double[joints];
        double step = 1 / recipe.fps();
        for (int w = 0; w < cut.size(); w++) {
            Window win = cut.get(w);
            float[] x = base.get(w);
            int used = Math.min(len, win.frames().length);
            List<float[]> variants = new ArrayList<>();
            List<int[]> stretches = new ArrayList<>();
            for (int s0 = 0; s0 < used; s0 += span) {
                float[] v = x.clone();
                int s1 = Math.min(used, s0 + span);
                java.util.Arrays.fill(v, s0 * feats, s1 * feats, 0f);
                variants.add(v);
                stretches.add(new int[] {s0, s1});
            }
            for (int j = 0; j < joints; j++) {
                float[] v = x.clone();
                for (int t = 0; t < len; t++) {
                    for (int c = 0; c < perJoint; c++) {
                        int idx = recipe.jointMajor() ? t * feats + j * perJoint + c : t * feats + c * joints + j;
                        v[idx] = 0f;
                    }
                }
                variants.add(v);
            }
            List<Prediction> occluded = predictFeatures(variants, "occlusions of track " + track.track());
            double ref = plain.get(w).scores()[cls];
            // model frame k of this window stands for the time win.from() + (k + 0.5) * step (the whole window when
            // it was linspace-sampled: then every stretch covers its share of the window's time)
            double scale = win.frames().length > len ? (double) win.frames().length / len : 1;
            for (int k = 0; k < stretches.size(); k++) {
                int[] st = stretches.get(k);
                double drop = ref - occluded.get(k).scores()[cls];
                double ta = win.from() + st[0] * scale * step;
                double tb = win.from() + st[1] * scale * step;
                for (int i = 0; i < track.size(); i++) {
                    double t = track.times()[i];
                    if (t >= ta - 1e-9 && t < tb - 1e-9) {
                        frameSum[i] += drop;
                        frameCount[i]++;
                    }
                }
            }
            for (int j = 0; j < joints; j++) {
                jointSum[j] += ref - occluded.get(stretches.size() + j).scores()[cls];
            }
        }
        float[] frameDrop = new float[track.size()];
        for (int i = 0; i < frameDrop.length; i++) {
            frameDrop[i] = frameCount[i] == 0 ? Float.NaN : (float) (frameSum[i] / frameCount[i]);
        }
        float[] jointDrop = new float[joints];
        for (int j = 0; j < joints; j++) {
            jointDrop[j] = (float) (jointSum[j] / cut.size());
        }
        return new Attribution(cls, head.labels().get(cls), track.frames().clone(), frameDrop, jointDrop);
    }

    /** Window bounds {from, to (exclusive)} over k resampled frames. */
    static List<int[]> bounds(int k, SkeletonRecipe recipe) {
        int len = recipe.length();
        List<int[]> w = new ArrayList<>();
        if (!recipe.sliding() || k <= len) {
            w.add(new int[] {0, k});
            return w;
        }
        for (int s = 0; s + len <= k; s += recipe.hop()) {
            w.add(new int[] {s, s + len});
        }
        if (w.get(w.size() - 1)[1] < k) {
            w.add(new int[] {k - len, k});
        }
        return w;
    }

    private static double[][] interpolate(PoseTrack track, int a, int b, double t, int[] map, int c) {
        double ta = track.times()[a];
        double tb = track.times()[b];
        double u = b == a || tb <= ta ? 0 : Math.min(1, Math.max(0, (t - ta) / (tb - ta)));
        double[][] out = new double[map.length][c];
        for (int j = 0; j < map.length; j++) {
            float[] pa = track.points()[a][map[j]];
            float[] pb = track.points()[b][map[j]];
            for (int q = 0; q < c; q++) {
                out[j][q] = pa[q] + u * (pb[q] - pa[q]);
            }
        }
        return out;
    }

    double[][][] applySigns(double[][][] kp) {
        return applySigns(kp, recipe, card.id());
    }

    /** Multiplies each coordinate by the recipe's axis sign (checking the joint count). */
    public static double[][][] applySigns(double[][][] kp, SkeletonRecipe recipe, String modelId) {
        double[] s = recipe.axisSigns();
        double[][][] out = new double[kp.length][][];
        for (int t = 0; t < kp.length; t++) {
            if (kp[t].length != recipe.schema().size()) {
                throw DanceLensException.badInput("A skeleton frame for " + modelId + " has " + kp[t].length + " joints; the model takes "
                        + recipe.schema().size() + " (" + recipe.schema().id() + ").");
            }
            out[t] = new double[kp[t].length][s.length];
            for (int j = 0; j < kp[t].length; j++) {
                for (int c = 0; c < s.length; c++) {
                    out[t][j][c] = kp[t][j][c] * s[c];
                }
            }
        }
        return out;
    }

    /** For each joint of the model's schema, the joint of the same name in the source schema. */
    static int[] jointMap(SkeletonSchema source, SkeletonSchema model, String modelId) {
        int[] map = new int[model.size()];
        for (int j = 0; j < map.length; j++) {
            String name = model.joints().get(j);
            map[j] = source.joints().indexOf(name);
            if (map[j] < 0) {
                throw DanceLensException.badInput("The model " + modelId + " needs the joint '" + name + "' (" + model.id()
                        + "), which " + source.id() + " poses do not have.");
            }
        }
        return map;
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }
}
