package org.dancelens.classify;

import ai.onnx.proto.OnnxMl;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dancelens.classify.ratings.ScoreAgreement;
import org.dancelens.core.AtomicFiles;
import org.dancelens.core.DanceLensException;
import org.dancelens.inference.ModelCard;
import org.dancelens.inference.ModelRegistry;
import org.tribuo.MutableDataset;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.sgd.linear.LinearSGDModel;
import org.tribuo.regression.sgd.linear.LinearSGDTrainer;
import org.tribuo.regression.sgd.objectives.SquaredLoss;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

/**
 * Teaching a scorer: a linear regression (Tribuo's SGD, squared loss) from the skeleton summary that teaching a style
 * uses ({@link StyleTrainer#samples}: mean and spread of normalised joint positions and velocities per window) to
 * people's rating of the rated range the window lies in. Features and ratings are standardised on the training set;
 * a range's predicted score is the mean over its windows. The model is exported to ONNX by Tribuo, with the window
 * summary and the standardisation as graph nodes in front and the rating scale behind, and gets a card with the
 * scorer task, so it runs like any other scorer ({@code dancelens classify}, {@code dancelens evaluate --ratings}).
 * <p>
 * The learning curve: for k = 1, 5, 10 and all rated ranges, random subsets of k ranges (seeded) are each
 * cross-validated leave-one-range-out, and the Pearson r between held-out predictions and ratings is reported
 * with its spread over subsets. Below three ranges a correlation cannot be estimated and none is reported.
 */
public final class ScorerTrainer {
    /** The subset sizes of the learning curve (all rated ranges are added). */
    public static final List<Integer> CURVE = List.of(1, 5, 10);
    /** Random subsets per point of the curve. */
    public static final int REPEATS = 10;
    /** The fewest ranges a correlation is estimated from. */
    public static final int MIN_FOR_R = 3;
    public static final String TOO_FEW = "too few rated examples to estimate a correlation";
    /**
     * The movement measures a taught scorer uses unless told otherwise: all of them ({@link MovementFeatures#NAMES}).
     * Ratings judge movement qualities, and on generated dancers whose rating follows their elbows' range of motion the
     * joint angles lift the cross-validated r well above what position summaries reach (ScorerTrainerTest).
     */
    public static final List<String> DEFAULT_MOVEMENT = MovementFeatures.NAMES;

    /** One dancer over one rated range: {@code item} names the range, {@code rating} is the raters' mean. */
    public record Example(String item, double rating, PoseTrack track) {
    }

    /**
     * One point of the learning curve: k ranges, how many subsets gave a correlation, mean and standard deviation of
     * the cross-validated r over them; {@code note} says why there is no number (then r is NaN).
     */
    public record CurvePoint(int k, int subsets, double meanR, double sdR, String note) {
    }

    public record Report(String criterion, int ranges, int windows, List<CurvePoint> curve) {
    }

    public record Trained(ModelRegistry.Entry entry, Report report) {
    }

    /** The final learner of the latest training, kept for the export-agreement test. */
    static volatile Learned lastLearned;

    private ScorerTrainer() {
    }

    /** A learned scorer: predicts a window summary's score in Java and writes itself as ONNX. */
    interface Learned {
        double predict(double[] x);

        OnnxMl.ModelProto onnx(SkeletonRecipe recipe, String id);
    }

    /**
     * Trains on the rated ranges and writes {@code id.onnx} and {@code id.yaml} into {@code folder}.
     *
     * @throws DanceLensException when fewer than two ranges have a usable stretch of poses, or all ratings are equal
     */
    public static Trained train(List<Example> examples, String criterion, StyleTrainer.Settings settings, String id, String name, Path folder) {
        SkeletonRecipe recipe = StyleTrainer.recipe(id, settings);
        Map<String, Double> ratings = new LinkedHashMap<>();
        List<StyleTrainer.Example> asStyle = new ArrayList<>();
        for (Example e : examples) {
            ratings.put(e.item(), e.rating());
            asStyle.add(new StyleTrainer.Example(e.item(), e.item(), e.track()));
        }
        List<StyleTrainer.Sample> samples = StyleTrainer.samples(asStyle, recipe);
        List<String> items = samples.stream().map(StyleTrainer.Sample::group).distinct().toList();
        if (items.size() < 2) {
            throw DanceLensException.badInput("Teaching a scorer needs at least two rated ranges with a tracked dancer for "
                    + String.format(java.util.Locale.ROOT, "%.1f", recipe.length() / 2 / recipe.fps()) + " s; " + items.size() + " of the "
                    + ratings.size() + " rated ranges had one.");
        }
        if (items.stream().mapToDouble(ratings::get).distinct().count() < 2) {
            throw DanceLensException.badInput("All " + items.size() + " rated ranges have the same " + criterion
                    + " rating; a scorer can only learn from ratings that differ.");
        }
        List<CurvePoint> curve = new ArrayList<>();
        List<Integer> ks = new ArrayList<>(CURVE);
        if (!ks.contains(items.size())) {
            ks.add(items.size());
        }
        ks.sort(null);
        for (int k : ks) {
            if (k > items.size()) {
                curve.add(new CurvePoint(k, 0, Double.NaN, Double.NaN, "only " + items.size() + " rated ranges"));
            } else {
                curve.add(curvePoint(samples, ratings, items, k, settings));
            }
        }
        Learned finalModel = learn(samples, ratings, settings);
        lastLearned = finalModel;
        Path onnx = folder.resolve(id + ".onnx");
        Path cardFile = folder.resolve(id + ".yaml");
        AtomicFiles.write(finalModel.onnx(recipe, id).toByteArray(), onnx);
        Map<String, Object> options = new LinkedHashMap<>();
        if (settings.poseModel() != null) {
            options.put("poseModel", settings.poseModel());
        }
        options.put("trainedWindows", samples.size());
        options.put("trainedRatedRanges", items.size());
        ModelCard card = StyleTrainer.skeletonCard(id, name, ModelCard.Task.SCORER,
                "A linear regression (Tribuo SGD) of the '" + criterion + "' rating on the mean and spread of " + StyleTrainer.featureWords(recipe) + " over "
                        + recipe.length() + " frames at " + recipe.fps() + " fps, taught from rated ranges.",
                "DanceLens scorer training (linear regression)", "Tribuo 4.3.2 ONNX export", onnx, ModelRegistry.sha256(onnx),
                List.of(criterion), "score", options, recipe);
        card.write(cardFile);
        ModelRegistry.verify(card, onnx);
        return new Trained(new ModelRegistry.Entry(card, cardFile, onnx), new Report(criterion, items.size(), samples.size(), curve));
    }

    private static CurvePoint curvePoint(List<StyleTrainer.Sample> samples, Map<String, Double> ratings, List<String> items, int k,
                                         StyleTrainer.Settings settings) {
        if (k < MIN_FOR_R) {
            return new CurvePoint(k, 0, Double.NaN, Double.NaN, TOO_FEW);
        }
        int repeats = k == items.size() ? 1 : REPEATS;
        List<Double> rs = new ArrayList<>();
        Random random = new Random(settings.seed() + 1000L * k);
        for (int rep = 0; rep < repeats; rep++) {
            List<String> subset = new ArrayList<>(items);
            java.util.Collections.shuffle(subset, random);
            subset = subset.subList(0, k);
            double[] predicted = new double[k];
            double[] rated = new double[k];
            for (int i = 0; i < k; i++) {
                String held = subset.get(i);
                java.util.Set<String> train = new java.util.HashSet<>(subset);
                train.remove(held);
                Learned m = learn(samples.stream().filter(s -> train.contains(s.group())).toList(), ratings, settings);
                predicted[i] = predictRange(m, samples, held);
                rated[i] = ratings.get(held);
            }
            double r = ScoreAgreement.pearson(predicted, rated);
            if (Double.isFinite(r)) {
                rs.add(r);
            }
        }
        if (rs.isEmpty()) {
            return new CurvePoint(k, 0, Double.NaN, Double.NaN, "no subset of " + k + " ranges had ratings and predictions that vary");
        }
        double mean = rs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double var = rs.stream().mapToDouble(r -> (r - mean) * (r - mean)).sum() / Math.max(1, rs.size() - 1);
        return new CurvePoint(k, rs.size(), mean, rs.size() > 1 ? Math.sqrt(var) : Double.NaN, null);
    }

    /** The mean of the model's predictions over the windows of one range. */
    static double predictRange(Learned m, List<StyleTrainer.Sample> samples, String item) {
        return samples.stream().filter(s -> s.group().equals(item)).mapToDouble(s -> m.predict(s.x())).average().orElse(Double.NaN);
    }

    private static String featureName(int i) {
        return String.format(java.util.Locale.ROOT, "f%05d", i); // Tribuo orders features by name
    }

    static Learned learn(List<StyleTrainer.Sample> samples, Map<String, Double> ratings, StyleTrainer.Settings s) {
        int d = samples.get(0).x().length;
        int n = samples.size();
        double[] mu = new double[d];
        double[] sd = new double[d];
        double ym = 0;
        double ys = 0;
        for (StyleTrainer.Sample x : samples) {
            ym += ratings.get(x.group()) / n;
            for (int i = 0; i < d; i++) {
                mu[i] += x.x()[i] / n;
            }
        }
        for (StyleTrainer.Sample x : samples) {
            double dy = ratings.get(x.group()) - ym;
            ys += dy * dy / n;
            for (int i = 0; i < d; i++) {
                sd[i] += (x.x()[i] - mu[i]) * (x.x()[i] - mu[i]) / n;
            }
        }
        for (int i = 0; i < d; i++) {
            sd[i] = Math.sqrt(sd[i]) + 1e-6;
        }
        ys = ys > 0 ? Math.sqrt(ys) : 1;
        RegressionFactory rf = new RegressionFactory();
        MutableDataset<Regressor> ds = new MutableDataset<>(new SimpleDataSourceProvenance("DanceLens rated ranges", rf), rf);
        String[] names = new String[d];
        for (int i = 0; i < d; i++) {
            names[i] = featureName(i);
        }
        for (StyleTrainer.Sample x : samples) {
            ds.add(new ArrayExample<>(new Regressor("score", (ratings.get(x.group()) - ym) / ys), names, standardise(x.x(), mu, sd)));
        }
        LinearSGDTrainer trainer = new LinearSGDTrainer(new SquaredLoss(), new AdaGrad(0.05, 0.1), s.epochs(), s.seed());
        LinearSGDModel model = (LinearSGDModel) trainer.train(ds);
        if (model.getFeatureIDMap().size() != d) {
            throw DanceLensException.badInput("Teaching a scorer failed: " + (d - model.getFeatureIDMap().size())
                    + " pose features never varied over the rated ranges (are the dancers' poses all zero?).");
        }
        final double yMean = ym;
        final double ySd = ys;
        return new Learned() {
            @Override
            public double predict(double[] x) {
                org.tribuo.Example<Regressor> ex = new ArrayExample<>(RegressionFactory.UNKNOWN_REGRESSOR, names, standardise(x, mu, sd));
                return yMean + ySd * model.predict(ex).getOutput().getValues()[0];
            }

            @Override
            public OnnxMl.ModelProto onnx(SkeletonRecipe recipe, String id) {
                ONNXContext ctx = new ONNXContext();
                ONNXPlaceholder input = ctx.floatInput("features", recipe.features());
                ONNXRef<?> summary = StyleTrainer.summaryGraph(ctx, input, false); // [N, D]
                ONNXNode z = ctx.operation(ONNXOperators.DIV, List.of(
                        ctx.operation(ONNXOperators.SUB, List.of(summary, ctx.array("mu", mu)), "centred_summary"), ctx.array("sd", sd)), "z");
                ONNXNode standardScore = model.writeONNXGraph(z); // [N, 1]
                ONNXNode scaled = ctx.operation(ONNXOperators.MUL, List.of(standardScore, ctx.constant("rating_sd", (float) ySd)), "scaled");
                ONNXPlaceholder output = ctx.floatOutput("scores", 1);
                ctx.operation(ONNXOperators.ADD, List.of(scaled, ctx.constant("rating_mean", (float) yMean)), "rating").assignTo(output);
                return StyleTrainer.threeDimensionalInput(org.tribuo.ONNXExportable.buildModel(ctx, "org.dancelens.trained", 1, model), recipe);
            }
        };
    }

    private static double[] standardise(double[] x, double[] mu, double[] sd) {
        double[] z = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            z[i] = (x[i] - mu[i]) / sd[i];
        }
        return z;
    }
}
