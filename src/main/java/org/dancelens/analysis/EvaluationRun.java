package org.dancelens.analysis;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 *
 * <p>A segment must lie in its video: one that starts at or after the video's end, or ends more than a frame after it,
 * is an error naming the manifest line (checked for every item before the model runs), never clamped to the last frame:
 * such a row is a typo or the wrong video, and scoring whatever frames remain would count an item that was never seen.
 */
public final class EvaluationRun {

    /** The evaluation, the items left out with why, and the model's best label of each manifest item (null: left out). */
    public record Result(Metrics.Evaluation evaluation, List<String> skipped, List<String> labels, String[] predicted) {
    }

    private EvaluationRun() {
    }

    /**
     * @param manifest the manifest the items come from, named in errors
     * @throws DanceLensException bad input naming the manifest line, for a segment outside its video
     */
    public static Result run(Path manifest, List<Manifest.Item> items, ModelRegistry.Entry model, ModelRegistry.Entry poseModel,
                             Function<Path, Path> storeFor, OrtRuntime.Device device, TaskContext ctx) {
        List<String> labels = model.card().labels();
        if (labels == null || labels.size() < 2) {
            throw DanceLensException.badInput("The model " + model.card().id() + " has " + (labels == null ? "no" : "one")
                    + " label; evaluation needs a classifier with at least two.");
        }
        int[][] ranges = frameRanges(manifest, items, ctx);
        List<Metrics.Prediction> predictions = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        String[] predicted = new String[items.size()];
        for (int i = 0; i < items.size(); i++) {
            ctx.checkCancelled();
            Manifest.Item item = items.get(i);
            TaskContext part = ctx.scaled((double) i / items.size(), (double) (i + 1) / items.size(),
                    item.name() + " (" + (i + 1) + "/" + items.size() + "): ");
            List<ScoreSeries> series;
            try (ResultsStore store = ResultsStore.open(storeFor.apply(item.video()))) {
                series = ClassifyAnalysis.run(item.video(), model, poseModel, store, 0, -1, device, part).series();
            }
            int from = ranges[i][0];
            int to = ranges[i][1];
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
            predicted[i] = labels.get(order.get(0));
        }
        if (predictions.isEmpty()) {
            throw DanceLensException.badInput("The model " + model.card().id() + " scored none of the " + items.size() + " manifest items.");
        }
        return new Result(Metrics.evaluate(labels, predictions), skipped, labels, predicted);
    }

    /**
     * Each item's frames, first and last (inclusive): the frames shown from its start to its end. A segment that starts
     * at or after the end of its video, or ends more than one frame after it (more than rounding), is refused with a
     * sentence naming the manifest line. Each video is opened once.
     */
    static int[][] frameRanges(Path manifest, List<Manifest.Item> items, TaskContext ctx) {
        Map<Path, FrameIndex> indexes = new HashMap<>();
        int[][] ranges = new int[items.size()][];
        for (int i = 0; i < items.size(); i++) {
            ctx.checkCancelled();
            Manifest.Item item = items.get(i);
            FrameIndex idx = indexes.computeIfAbsent(item.video(), v -> {
                try (VideoSource src = VideoSource.open(v, TaskContext.NONE, 0, 1)) {
                    return src.index();
                }
            });
            String where = "The manifest " + (manifest == null ? "" : manifest + " ") + "line " + item.line();
            double length = idx.durationSeconds();
            String video = item.video().getFileName() + ", which is " + String.format(Locale.ROOT, "%.2f", length) + " s long";
            if (idx.size() == 0) {
                throw DanceLensException.badInput(where + " names " + item.video().getFileName() + ", which has no frames.");
            }
            if (item.startS() != null && item.startS() >= length) {
                throw DanceLensException.badInput(where + " has start_s " + seconds(item.startS()) + ", at or after the end of " + video + ".");
            }
            double slack = idx.frameDurationSeconds(idx.size() - 1); // a time rounded up past the last frame's end
            if (item.endS() != null && item.endS() > length + slack) {
                throw DanceLensException.badInput(where + " has end_s " + seconds(item.endS()) + ", after the end of " + video
                        + " (an empty end_s means to the end).");
            }
            int from = item.startS() == null ? 0 : idx.frameAt(item.startS());
            int to = item.endS() == null ? idx.size() - 1 : idx.frameAt(item.endS());
            ranges[i] = new int[] {from, to};
        }
        return ranges;
    }

    private static String seconds(double s) {
        return java.math.BigDecimal.valueOf(s).stripTrailingZeros().toPlainString();
    }
}
