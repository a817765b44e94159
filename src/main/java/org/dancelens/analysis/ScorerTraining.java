package org.dancelens.analysis;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.classify.Manifest;
import org.dancelens.classify.PoseTrack;
import org.dancelens.classify.RatingsManifest;
import org.dancelens.classify.ScorerTrainer;
import org.dancelens.classify.StyleTrainer;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.Pose;
import org.dancelens.core.TaskContext;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OrtRuntime;

/**
 * Teaching a scorer from a ratings manifest: each rated range's target is the mean of its raters on the chosen
 * criterion; its poses come from the video's results store (the pose model is run first when it has not been), every
 * dancer in the range becomes a training example, and {@link ScorerTrainer} learns and writes the model.
 */
public final class ScorerTraining {
    private ScorerTraining() {
    }

    /** As {@link #train(Path, String, List, ModelRegistry.Entry, String, String, Path, Function, OrtRuntime.Device, TaskContext)} with the default movement measures. */
    public static ScorerTrainer.Trained train(Path ratings, String criterion, ModelRegistry.Entry poseModel, String id, String name, Path folder,
                                              Function<Path, Path> storeFor, OrtRuntime.Device device, TaskContext ctx) {
        return train(ratings, criterion, ScorerTrainer.DEFAULT_MOVEMENT, poseModel, id, name, folder, storeFor, device, ctx);
    }

    /**
     * @param criterion the criterion learnt; null means the manifest's first
     * @param movement  the movement measures appended to the skeleton features (empty: none)
     */
    public static ScorerTrainer.Trained train(Path ratings, String criterion, List<String> movement, ModelRegistry.Entry poseModel, String id,
                                              String name, Path folder, Function<Path, Path> storeFor, OrtRuntime.Device device, TaskContext ctx) {
        RatingsManifest.Table table = RatingsManifest.read(ratings);
        String c = criterion != null ? criterion : table.criteria().get(0);
        if (!table.criteria().contains(c)) {
            throw DanceLensException.badInput("The ratings manifest " + ratings.getFileName() + " has no criterion '" + c + "'; it has "
                    + String.join(", ", table.criteria()) + ".");
        }
        double[][] values = table.of(c);
        List<Manifest.Item> segments = table.items().stream().map(RatingsManifest.Item::segment).toList();
        int[][] frames = EvaluationRun.frameRanges(ratings, segments, ctx);
        List<ScorerTrainer.Example> examples = new ArrayList<>();
        Boolean world = null;
        for (int i = 0; i < segments.size(); i++) {
            double sum = 0;
            int n = 0;
            for (double v : values[i]) {
                if (!Double.isNaN(v)) {
                    sum += v;
                    n++;
                }
            }
            if (n == 0) {
                continue; // nobody rated this range on this criterion
            }
            Manifest.Item item = segments.get(i);
            try (ResultsStore store = ResultsStore.open(storeFor.apply(item.video()))) {
                PoseAnalysis.Result pr = PoseAnalysis.run(item.video(), poseModel, store, 0, -1, PoseAnalysis.Settings.defaults(), device,
                        ctx.scaled((double) i / segments.size(), (double) (i + 1) / segments.size(), item.name() + ": "));
                Map<Integer, Double> times = store.poses().frameTimes(pr.runId());
                Map<Integer, List<Pose>> poses = store.poses().read(pr.runId(), frames[i][0], frames[i][1] + 1, true);
                if (world == null) {
                    world = poses.values().stream().flatMap(List::stream).findFirst().map(p -> p.world() != null).orElse(null);
                }
                if (world == null) {
                    continue;
                }
                for (PoseTrack t : PoseTrack.fromPoses(poses, times, world)) {
                    examples.add(new ScorerTrainer.Example(item.name() + "@" + item.line(), sum / n, t));
                }
            }
        }
        if (world == null) {
            throw DanceLensException.badInput("The pose model " + poseModel.card().id() + " found nobody in the " + segments.size() + " rated ranges.");
        }
        ctx.checkCancelled();
        ctx.progress(-1, "training " + id);
        return ScorerTrainer.train(examples, c, StyleTrainer.Settings.defaults(world).withPoseModel(poseModel.card().id()).withMovement(movement), id,
                name, folder);
    }
}
