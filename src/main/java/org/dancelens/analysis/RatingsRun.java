package org.dancelens.analysis;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.classify.Manifest;
import org.dancelens.classify.ModelHead;
import org.dancelens.classify.RatingsManifest;
import org.dancelens.classify.ratings.RatingsEvaluation;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.ScoreSeries;
import org.dancelens.core.TaskContext;
import org.dancelens.inference.ModelCard;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OrtRuntime;

/**
 * Scores a scorer against people's ratings: the model runs over each rated video through the classify job (reusing
 * what its results store holds), an item's score is the model's mean output over the item's frames (all dancers'
 * frames pooled, as {@link EvaluationRun} does for classifiers), and {@link RatingsEvaluation} compares the scores with
 * the ratings. Segments outside their video are refused before the model runs; items the model scored no frame of are
 * left out and listed.
 */
public final class RatingsRun {

    /** The evaluation, the model's outputs, and the items left out with why. */
    public record Result(RatingsEvaluation.Result evaluation, List<String> labels, List<String> skipped) {
    }

    private RatingsRun() {
    }

    public static Result run(Path manifest, RatingsManifest.Table table, ModelRegistry.Entry model, ModelRegistry.Entry poseModel,
                             Function<Path, Path> storeFor, OrtRuntime.Device device, int resamples, long seed, TaskContext ctx) {
        ModelCard card = model.card();
        if (card.task() != ModelCard.Task.SCORER) {
            throw DanceLensException.badInput("The model " + card.id() + " is not a scorer (its card's task is " + card.task().toString()
                    .toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "); ratings are compared with a scorer's scores.");
        }
        List<String> labels = ModelHead.of(card).labels();
        for (String criterion : table.criteria()) {
            RatingsEvaluation.outputOf(card.id(), labels, criterion); // a criterion the model has no score for: say so before running it
        }
        List<Manifest.Item> segments = table.items().stream().map(RatingsManifest.Item::segment).toList();
        int[][] ranges = EvaluationRun.frameRanges(manifest, segments, ctx);
        double[][] scores = new double[segments.size()][];
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            ctx.checkCancelled();
            Manifest.Item item = segments.get(i);
            TaskContext part = ctx.scaled((double) i / segments.size(), (double) (i + 1) / segments.size(),
                    item.name() + " (" + (i + 1) + "/" + segments.size() + "): ");
            List<ScoreSeries> series;
            try (ResultsStore store = ResultsStore.open(storeFor.apply(item.video()))) {
                series = ClassifyAnalysis.run(item.video(), model, poseModel, store, 0, -1, device, part).series();
            }
            double[] sum = new double[labels.size()];
            int n = 0;
            for (ScoreSeries s : series) {
                for (int k = 0; k < s.size(); k++) {
                    if (s.frames()[k] >= ranges[i][0] && s.frames()[k] <= ranges[i][1]) {
                        for (int c = 0; c < sum.length; c++) {
                            sum[c] += s.scores()[k][c];
                        }
                        n++;
                    }
                }
            }
            if (n == 0) {
                skipped.add(item.name() + " (ratings manifest line " + item.line() + "): the model scored no frame of it");
                continue;
            }
            for (int c = 0; c < sum.length; c++) {
                sum[c] /= n;
            }
            scores[i] = sum;
        }
        RatingsEvaluation.Result evaluation = RatingsEvaluation.evaluate(card.id(), labels, table, scores, resamples, seed);
        List<String> all = new ArrayList<>(skipped);
        all.addAll(evaluation.skipped());
        return new Result(evaluation, labels, List.copyOf(all));
    }

    /** What made a report: model, its ONNX's sha256, device, ratings manifest, date, pose model and the items left out. */
    public static java.util.Map<String, String> provenance(Path manifest, ModelRegistry.Entry model, ModelRegistry.Entry poseModel,
                                                          OrtRuntime.Device device, List<String> skipped) {
        java.util.Map<String, String> provenance = new java.util.LinkedHashMap<>();
        provenance.put("modelId", model.card().id());
        provenance.put("onnxSha256", model.card().provenance().onnxSha256());
        provenance.put("device", device.toString());
        provenance.put("ratings", manifest.toAbsolutePath().toString());
        provenance.put("date", java.time.Instant.now().toString());
        if (poseModel != null) {
            provenance.put("poseModel", poseModel.card().id());
        }
        if (!skipped.isEmpty()) {
            provenance.put("skipped", String.join("; ", skipped));
        }
        return provenance;
    }
}
