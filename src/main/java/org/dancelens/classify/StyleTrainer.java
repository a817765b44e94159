package org.dancelens.classify;

import ai.onnx.proto.OnnxMl;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.dancelens.core.AtomicFiles;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.SkeletonSchema;
import org.dancelens.inference.ModelCard;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.graph.GraphBuilder;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

/**
 * Teaching a style: a skeleton classifier trained on the researcher's labelled time ranges. Each range's dancers
 * are cut into windows exactly as a sequence model's input is built ({@link SkeletonRecipe}: COCO-17 joints,
 * centred on the hips, scaled per window, with velocities); a window is summarised by the mean and standard
 * deviation of every feature over time. Two learners: logistic regression (Tribuo's SGD, exported to ONNX by
 * Tribuo) and, for one to five examples per class, nearest prototype (the class means of the standardised
 * summaries; logits are minus the mean squared distance). Either way the result is an ONNX model whose input is
 * the window {@code [N, T, F]} and whose summary is computed inside the graph, plus a card: it runs like any other
 * sequence classifier. Accuracy is estimated by k-fold cross-validation over whole labelled ranges (windows of one
 * range never sit on both sides of a split).
 */
public final class StyleTrainer {
    static final double EPS = 1e-8;
    /** Tribuo reports training progress through java.util.logging; users see only our own summary. */
    private static final java.util.logging.Logger TRIBUO_LOG = java.util.logging.Logger.getLogger("org.tribuo");

    static {
        TRIBUO_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    /** How to learn. */
    public enum Method { LOGISTIC, PROTOTYPE }

    /**
     * One labelled stretch of one dancer: {@code group} names the labelled range it came from (for the folds).
     */
    public record Example(String label, String group, PoseTrack track) {
    }

    /**
     * Window sampling: {@code length} frames at {@code fps}, a window every {@code hop} frames; {@code movement}: the
     * movement measures appended to each frame's features ({@link MovementFeatures#NAMES}; empty: none).
     */
    public record Settings(boolean world, double fps, int length, int hop, int epochs, long seed, String poseModel, List<String> movement) {
        public Settings {
            movement = movement == null ? List.of() : List.copyOf(movement);
        }

        public Settings(boolean world, double fps, int length, int hop, int epochs, long seed, String poseModel) {
            this(world, fps, length, hop, epochs, seed, poseModel, List.of());
        }

        public static Settings defaults(boolean world) {
            return new Settings(world, 15, 30, 8, 40, 12345L, null);
        }

        /** The same settings, noting the pose model the examples came from (written into the card). */
        public Settings withPoseModel(String id) {
            return new Settings(world, fps, length, hop, epochs, seed, id, movement);
        }

        /** The same settings with these movement measures as features. */
        public Settings withMovement(List<String> measures) {
            return new Settings(world, fps, length, hop, epochs, seed, poseModel, measures);
        }
    }

    /** What the training saw and how well it generalises. */
    public record Report(Method method, List<String> labels, Map<String, Integer> windowsPerLabel, Map<String, Integer> rangesPerLabel,
                         int folds, double cvAccuracy, int[][] confusion) {
    }

    /** The trained model: its card, its ONNX file, its registry entry and the report. */
    public record Trained(ModelRegistry.Entry entry, Report report) {
    }

    /** The final learner of the latest training, kept for the export-agreement test. */
    static volatile Learned lastLearned;

    private StyleTrainer() {
    }

    /** The per-frame features a taught model summarises, for its card's description. */
    static String featureWords(SkeletonRecipe r) {
        return "normalised joint positions and velocities" + (r.movement().isEmpty() ? "" : " and the movement measures "
                + String.join(", ", r.movement()));
    }

    static SkeletonRecipe recipe(String id, Settings s) {
        SkeletonSchema schema = SkeletonSchema.COCO_17;
        int channels = s.world() ? 3 : 2;
        double[] signs = new double[channels];
        java.util.Arrays.fill(signs, 1);
        List<String> movement = MovementFeatures.check(s.movement(), schema, id);
        return new SkeletonRecipe(id, "features", schema, s.world(), channels, signs, s.fps(), s.length(), true, s.hop(),
                new int[] {schema.index("left_hip"), schema.index("right_hip")}, true, true, true, 0.5,
                schema.size() * channels * 2 + MovementFeatures.width(movement), movement);
    }

    /** The summary the ONNX graph computes: per feature, the mean over the window's frames, then the std. */
    static double[] summary(float[] window, int length, int features) {
        double[] out = new double[2 * features];
        for (int f = 0; f < features; f++) {
            double m = 0;
            for (int t = 0; t < length; t++) {
                m += window[t * features + f];
            }
            m /= length;
            double v = 0;
            for (int t = 0; t < length; t++) {
                double d = window[t * features + f] - m;
                v += d * d;
            }
            out[f] = m;
            out[features + f] = Math.sqrt(v / length + EPS);
        }
        return out;
    }

    record Sample(String label, String group, double[] x) {
    }

    static List<Sample> samples(List<Example> examples, SkeletonRecipe recipe) {
        List<Sample> out = new ArrayList<>();
        for (Example e : examples) {
            if (e.track().world() != recipe.world()) {
                throw DanceLensException.badInput("The labelled range '" + e.group() + "' has " + (e.track().world() ? "3-D" : "2-D")
                        + " poses, but the training was asked for " + (recipe.world() ? "3-D world" : "2-D image") + " keypoints.");
            }
            for (SequenceClassifier.Window w : SequenceClassifier.windows(e.track(), recipe, recipe.modelId())) {
                if (w.frames().length < Math.max(2, recipe.length() / 2)) {
                    continue; // too short a stretch to say anything about movement
                }
                float[] feats = recipe.features(SequenceClassifier.applySigns(w.frames(), recipe, recipe.modelId()));
                out.add(new Sample(e.label(), e.group(), summary(feats, recipe.length(), recipe.features())));
            }
        }
        return out;
    }

    /**
     * Trains on the examples and writes {@code id.onnx} and {@code id.yaml} into {@code folder}.
     *
     * @throws DanceLensException when there are fewer than two labels or a label has no usable window
     */
    public static Trained train(List<Example> examples, Method method, Settings settings, String id, String name, Path folder) {
        SkeletonRecipe recipe = recipe(id, settings);
        List<Sample> samples = samples(examples, recipe);
        TreeSet<String> labelSet = new TreeSet<>();
        examples.forEach(e -> labelSet.add(e.label()));
        Map<String, Integer> perLabel = new TreeMap<>();
        Map<String, java.util.Set<String>> rangesPer = new TreeMap<>();
        labelSet.forEach(l -> perLabel.put(l, 0));
        for (Sample s : samples) {
            perLabel.merge(s.label(), 1, Integer::sum);
            rangesPer.computeIfAbsent(s.label(), k -> new TreeSet<>()).add(s.group());
        }
        if (labelSet.size() < 2) {
            throw DanceLensException.badInput("Teaching a style needs labelled ranges of at least two labels; there " + (labelSet.size() == 1
                    ? "is only '" + labelSet.first() + "'." : "are none."));
        }
        for (Map.Entry<String, Integer> e : perLabel.entrySet()) {
            if (e.getValue() == 0) {
                throw DanceLensException.badInput("The label '" + e.getKey() + "' has no usable stretch of poses (at least "
                        + String.format(java.util.Locale.ROOT, "%.1f", recipe.length() / 2 / recipe.fps()) + " s of a tracked dancer).");
            }
        }
        List<String> labels = new ArrayList<>(labelSet);
        Map<String, Integer> ranges = new TreeMap<>();
        rangesPer.forEach((k, v) -> ranges.put(k, v.size()));

        // k-fold over whole ranges
        List<String> groups = samples.stream().map(Sample::group).distinct().sorted().toList();
        int folds = Math.min(5, groups.size());
        int[][] confusion = new int[labels.size()][labels.size()];
        int correct = 0;
        int tested = 0;
        if (folds >= 2) {
            for (int k = 0; k < folds; k++) {
                final int fold = k;
                java.util.Set<String> testGroups = new java.util.HashSet<>();
                for (int g = 0; g < groups.size(); g++) {
                    if (g % folds == fold) {
                        testGroups.add(groups.get(g));
                    }
                }
                List<Sample> train = samples.stream().filter(s -> !testGroups.contains(s.group())).toList();
                List<Sample> test = samples.stream().filter(s -> testGroups.contains(s.group())).toList();
                if (train.stream().map(Sample::label).distinct().count() < 2 || test.isEmpty()) {
                    continue;
                }
                Learned m = learn(train, labels, method, settings);
                for (Sample s : test) {
                    int predicted = m.predict(s.x());
                    int truth = labels.indexOf(s.label());
                    confusion[truth][predicted]++;
                    correct += predicted == truth ? 1 : 0;
                    tested++;
                }
            }
        }
        Learned finalModel = learn(samples, labels, method, settings);
        lastLearned = finalModel;
        Path onnx = folder.resolve(id + ".onnx");
        Path cardFile = folder.resolve(id + ".yaml");
        AtomicFiles.write(finalModel.onnx(recipe, id).toByteArray(), onnx);
        ModelCard card = card(id, name, method, recipe, finalModel.labels(), onnx, samples.size(), ranges, settings.poseModel());
        card.write(cardFile);
        ModelRegistry.verify(card, onnx);
        Report report = new Report(method, finalModel.labels(), perLabel, ranges, tested == 0 ? 0 : folds, tested == 0 ? Double.NaN : (double) correct / tested,
                reorder(confusion, labels, finalModel.labels()));
        return new Trained(new ModelRegistry.Entry(card, cardFile, onnx), report);
    }

    private static int[][] reorder(int[][] c, List<String> from, List<String> to) {
        int[][] out = new int[to.size()][to.size()];
        for (int i = 0; i < to.size(); i++) {
            for (int j = 0; j < to.size(); j++) {
                out[i][j] = c[from.indexOf(to.get(i))][from.indexOf(to.get(j))];
            }
        }
        return out;
    }

    private static ModelCard card(String id, String name, Method method, SkeletonRecipe r, List<String> labels, Path onnx, int windows,
                                  Map<String, Integer> ranges, String poseModel) {
        String sha = ModelRegistry.sha256(onnx);
        Map<String, Object> options = new LinkedHashMap<>();
        if (poseModel != null) {
            options.put("poseModel", poseModel);
        }
        options.put("trainedWindows", windows);
        options.put("trainedRangesPerLabel", ranges);
        return skeletonCard(id, name, ModelCard.Task.SEQUENCE_CLASSIFIER,
                "A " + (method == Method.LOGISTIC ? "logistic-regression (Tribuo SGD)" : "nearest-prototype")
                        + " classifier of the mean and spread of " + featureWords(r) + " over " + r.length() + " frames at "
                        + r.fps() + " fps, taught from labelled ranges.",
                "DanceLens style training (" + method.name().toLowerCase(java.util.Locale.ROOT) + ")",
                method == Method.LOGISTIC ? "Tribuo 4.3.2 ONNX export" : "DanceLens", onnx, sha, labels,
                method == Method.LOGISTIC ? "probabilities" : "logits", options, r);
    }

    /** The card of a model trained in DanceLens on skeleton windows (taught styles and taught scorers). */
    static ModelCard skeletonCard(String id, String name, ModelCard.Task task, String description, String source, String converter, Path onnx,
                                  String sha, List<String> labels, String decoding, Map<String, Object> options, SkeletonRecipe r) {
        return new ModelCard(id, name, "1", task, "trained by the user in DanceLens", description,
                new ModelCard.Provenance(source, null, converter, onnx.getFileName().toString(), sha),
                List.of(new ModelCard.TensorSpec("features", "NTF", "float32", List.of(-1L, (long) r.length(), (long) r.features()), null)),
                List.of(new ModelCard.OutputSpec("scores", List.of(-1L, (long) labels.size()), decoding, null)),
                labels, null, null, options,
                new ModelCard.SequenceSpec(r.world() ? "world" : "image", r.schema().id(), null, r.fps(), r.length(), "sliding", r.hop(),
                        List.of("left_hip", "right_hip"), "sequence-max-norm", true, "joint-major", r.maxGap(),
                        r.movement().isEmpty() ? null : r.movement()),
                null, ModelCard.LooksAt.SKELETONS, "dance");
    }

    /** A learned classifier: predicts in Java (for cross-validation) and writes itself as ONNX. */
    interface Learned {
        int predict(double[] x);

        List<String> labels();

        OnnxMl.ModelProto onnx(SkeletonRecipe recipe, String id);
    }

    private static Learned learn(List<Sample> samples, List<String> labels, Method method, Settings s) {
        return method == Method.LOGISTIC ? logistic(samples, s) : prototype(samples, labels);
    }

    private static String featureName(int i) {
        return String.format(java.util.Locale.ROOT, "f%05d", i); // Tribuo orders features by name
    }

    private static Learned logistic(List<Sample> samples, Settings s) {
        LabelFactory lf = new LabelFactory();
        MutableDataset<Label> ds = new MutableDataset<>(new SimpleDataSourceProvenance("DanceLens labelled ranges", lf), lf);
        int d = samples.get(0).x().length;
        String[] names = new String[d];
        for (int i = 0; i < d; i++) {
            names[i] = featureName(i);
        }
        for (Sample x : samples) {
            ds.add(new ArrayExample<>(new Label(x.label()), names, x.x()));
        }
        LinearSGDTrainer trainer = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(0.5, 0.1), s.epochs(), s.seed());
        LinearSGDModel model = (LinearSGDModel) trainer.train(ds);
        if (model.getFeatureIDMap().size() != d) {
            throw DanceLensException.badInput("Teaching a style failed: " + (d - model.getFeatureIDMap().size())
                    + " pose features never varied over the labelled ranges (are the dancers' poses all zero?).");
        }
        ImmutableOutputInfo<Label> out = model.getOutputIDInfo();
        List<String> order = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            order.add(out.getOutput(i).getLabel());
        }
        return new Learned() {
            @Override
            public int predict(double[] x) {
                org.tribuo.Example<Label> ex = new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, names, x);
                return order.indexOf(model.predict(ex).getOutput().getLabel());
            }

            @Override
            public List<String> labels() {
                return order;
            }

            @Override
            public OnnxMl.ModelProto onnx(SkeletonRecipe recipe, String id) {
                ONNXContext ctx = new ONNXContext();
                ONNXPlaceholder input = ctx.floatInput("features", recipe.features());
                ONNXRef<?> summary = summaryGraph(ctx, input, false);
                ONNXPlaceholder output = ctx.floatOutput("scores", order.size());
                model.writeONNXGraph(summary).assignTo(output);
                return threeDimensionalInput(org.tribuo.ONNXExportable.buildModel(ctx, "org.dancelens.trained", 1, model), recipe);
            }
        };
    }

    /** mean and std over axis 1 of {@code [N, T, F]}, concatenated: {@code [N, 2F]} (or {@code [N, 1, 2F]} with keepdims). */
    static ONNXRef<?> summaryGraph(ONNXContext ctx, ONNXRef<?> x, boolean keep) {
        Map<String, Object> keepAttr = Map.of("axes", new int[] {1}, "keepdims", 1);
        ONNXNode meanKeep = x.apply(ONNXOperators.REDUCE_MEAN, keepAttr);
        ONNXNode centred = ctx.operation(ONNXOperators.SUB, List.of(x, meanKeep), "centred");
        ONNXNode sq = ctx.operation(ONNXOperators.MUL, List.of(centred, centred), "squared");
        ONNXNode var = sq.apply(ONNXOperators.REDUCE_MEAN, Map.of("axes", new int[] {1}, "keepdims", keep ? 1 : 0));
        ONNXNode varEps = ctx.operation(ONNXOperators.ADD, List.of(var, ctx.constant("eps", (float) EPS)), "var_eps");
        ONNXNode std = ctx.operation(ONNXOperators.POW, List.of(varEps, ctx.constant("half", 0.5f)), "std");
        ONNXNode mean = keep ? meanKeep : x.apply(ONNXOperators.REDUCE_MEAN, Map.of("axes", new int[] {1}, "keepdims", 0));
        return ctx.operation(ONNXOperators.CONCAT, List.of(mean, std), "summary", Map.of("axis", keep ? 2 : 1));
    }

    /** Tribuo declares its inputs as {@code [N, F]}; ours is the window {@code [N, T, F]}. */
    static OnnxMl.ModelProto threeDimensionalInput(OnnxMl.ModelProto m, SkeletonRecipe recipe) {
        OnnxMl.ModelProto.Builder b = m.toBuilder();
        OnnxMl.ValueInfoProto.Builder in = b.getGraphBuilder().getInputBuilder(0);
        in.getTypeBuilder().getTensorTypeBuilder().setShape(GraphBuilder.shape("batch", -1, recipe.length(), recipe.features()));
        return b.build();
    }

    private static Learned prototype(List<Sample> samples, List<String> labels) {
        int d = samples.get(0).x().length;
        double[] mu = new double[d];
        double[] sd = new double[d];
        for (Sample s : samples) {
            for (int i = 0; i < d; i++) {
                mu[i] += s.x()[i] / samples.size();
            }
        }
        for (Sample s : samples) {
            for (int i = 0; i < d; i++) {
                sd[i] += (s.x()[i] - mu[i]) * (s.x()[i] - mu[i]) / samples.size();
            }
        }
        for (int i = 0; i < d; i++) {
            sd[i] = Math.sqrt(sd[i]) + 1e-6;
        }
        List<String> present = labels.stream().filter(l -> samples.stream().anyMatch(s -> s.label().equals(l))).toList();
        double[][] proto = new double[present.size()][d];
        int[] count = new int[present.size()];
        for (Sample s : samples) {
            int k = present.indexOf(s.label());
            count[k]++;
            for (int i = 0; i < d; i++) {
                proto[k][i] += (s.x()[i] - mu[i]) / sd[i];
            }
        }
        for (int k = 0; k < proto.length; k++) {
            for (int i = 0; i < d; i++) {
                proto[k][i] /= count[k];
            }
        }
        return new Learned() {
            @Override
            public int predict(double[] x) {
                int best = 0;
                double bestD = Double.MAX_VALUE;
                for (int k = 0; k < proto.length; k++) {
                    double dist = 0;
                    for (int i = 0; i < d; i++) {
                        double z = (x[i] - mu[i]) / sd[i] - proto[k][i];
                        dist += z * z;
                    }
                    if (dist < bestD) {
                        bestD = dist;
                        best = k;
                    }
                }
                return labels.indexOf(present.get(best));
            }

            @Override
            public List<String> labels() {
                return present;
            }

            @Override
            public OnnxMl.ModelProto onnx(SkeletonRecipe recipe, String id) {
                ONNXContext ctx = new ONNXContext();
                ONNXPlaceholder input = ctx.floatInput("features", recipe.features());
                ONNXRef<?> summary = summaryGraph(ctx, input, true); // [N, 1, D]
                ONNXNode z = ctx.operation(ONNXOperators.DIV, List.of(
                        ctx.operation(ONNXOperators.SUB, List.of(summary, ctx.array("mu", mu)), "centred_summary"), ctx.array("sd", sd)), "z");
                double[] flat = new double[proto.length * d];
                for (int k = 0; k < proto.length; k++) {
                    System.arraycopy(proto[k], 0, flat, k * d, d);
                }
                ONNXRef<?> protos = ctx.floatTensor("prototypes", List.of(proto.length, d), fb -> {
                    for (double v : flat) {
                        fb.put((float) v);
                    }
                });
                ONNXNode diff = ctx.operation(ONNXOperators.SUB, List.of(z, protos), "diff"); // [N, K, D]
                ONNXNode sq = ctx.operation(ONNXOperators.MUL, List.of(diff, diff), "diff_sq");
                ONNXNode mean = sq.apply(ONNXOperators.REDUCE_MEAN, Map.of("axes", new int[] {2}, "keepdims", 0));
                ONNXPlaceholder output = ctx.floatOutput("scores", proto.length);
                mean.apply(ONNXOperators.NEG).assignTo(output);
                OnnxMl.ModelProto m = GraphBuilder.edit(ctx.buildGraph().toBuilder().setName(id).build()).model(ONNXOperators.getOpsetVersion())
                        .setProducerName("DanceLens").setDomain("org.dancelens.trained").setModelVersion(1).build();
                return threeDimensionalInput(m, recipe);
            }
        };
    }
}
