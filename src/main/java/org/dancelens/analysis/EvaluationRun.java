package org.dancelens.analysis;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.classify.Manifest;
import org.dancelens.classify.Metrics;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.ScoreSeries;
import org.dancelens.core.TaskContext;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.video.FrameIndex;
import org.dancelens.video.VideoSource;

/**
 * Scores a classifier against a manifest of labelled videos (or segments): the model runs over each video through
 * the classify job, reusing whatever its results store already holds, and an item's prediction is the model's
 * labels ranked by their mean score over the item's frames (all dancers' frames pooled). Items on which the model
 * scored no frame (e.g. a skeleton model where nobody was found) are left out and listed.
 */
public final class EvaluationRun {

    /** The evaluation and the items left out, with why. */
    public record Result(Metrics.Evaluation evaluation, List<String> skipped, List<String> labels) {
    }

    private EvaluationRun() {
    }

    public static Result run(List<Manifest.Item> items, ModelRegistry.Entry model, ModelRegistry.Entry poseModel, Function<Path, Path> storeFor,
                             OrtRuntime.Device device, TaskContext ctx) {
        List<String> labels = model.card().labels();
        if (labels == null || labels.size() < 2) {
            throw DanceLensException.badInput("The model " + model.card().id() + " has " + (labels == null ? "no" : "one")
                    + " label; evaluation needs a classifier with at least two.");
        }
        List<Metrics.Prediction> predictions = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            ctx.checkCancelled();
            Manifest.Item item = items.get(i);
            TaskContext part = ctx.scaled((double) i / items.size(), (double) (i + 1) / items.size(),
                    item.name() + " (" + (i + 1) + "/" + items.size() + "): ");
            List<ScoreSeries> series;
            try (ResultsStore store = ResultsStore.open(storeFor.apply(item.video()))) {
                series = ClassifyAnalysis.run(item.video(), model, poseModel, store, 0, -1, device, part).series();
            }
            int from;
            int to;
            try (VideoSource src = VideoSource.open(item.video(), TaskContext.NONE, 0, 1)) {
                FrameIndex idx = src.index();
                from = item.startS() == null ? 0 : idx.frameAt(item.startS());
                to = item.endS() == null ? src.frameCount() - 1 : idx.frameAt(item.endS());
            }
            double[] sum = new double[labels.size()];
            int n = 0;
            for (ScoreSeries s : series) {
                for (int k = 0; k < s.size(); k++) {
                    if (s.frames()[k] >= from && s.frames()[k] <= to) {
                        for (int c = 0; c < sum.length; c++) {
                            sum[c] += s.scores()[k][c];
                        }
                        n++;
                    }
                }
            }
            if (n == 0) {
                skipped.add(item.name() + " (manifest line " + item.line() + "): the model scored no frame of it");
                continue;
            }
            List<Integer> order = new ArrayList<>();
            for (int c = 0; c < labels.size(); c++) {
                order.add(c);
            }
            order.sort(Comparator.comparingDouble((Integer c) -> -sum[c]));
            predictions.add(new Metrics.Prediction(item.name(), item.label(), order.stream().map(labels::get).toList()));
        }
        if (predictions.isEmpty()) {
            throw DanceLensException.badInput("The model " + model.card().id() + " scored none of the " + items.size() + " manifest items.");
        }
        return new Result(Metrics.evaluate(labels, predictions), skipped, labels);
    }
}
