package org.dancelens.analysis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.dancelens.analysis.store.LabelledRanges;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.classify.PoseTrack;
import org.dancelens.classify.StyleTrainer;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.Pose;
import org.dancelens.core.TaskContext;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OrtRuntime;

/**
 * Teaching a style from the labelled ranges of one or more videos: each video's poses come from its results store
 * (the pose model is run over the whole video first when it has not been), every dancer inside a labelled range
 * becomes a training example, and {@link StyleTrainer} learns and writes the model.
 */
public final class StyleTraining {
    private StyleTraining() {
    }

    /**
     * @param storeFor where each video's results store is (the workbench's {@code Workspace::storeFor})
     * @param folder   the model folder the trained model is written into
     */
    public static StyleTrainer.Trained train(List<Path> videos, ModelRegistry.Entry poseModel, StyleTrainer.Method method, String id, String name,
                                             Path folder, Function<Path, Path> storeFor, OrtRuntime.Device device, TaskContext ctx) {
        List<StyleTrainer.Example> examples = new ArrayList<>();
        Boolean world = null;
        int ranges = 0;
        for (int v = 0; v < videos.size(); v++) {
            Path video = videos.get(v);
            Path storeFile = storeFor.apply(video);
            if (!Files.exists(storeFile)) {
                continue;
            }
            try (ResultsStore store = ResultsStore.open(storeFile)) {
                List<LabelledRanges.LabelledRange> labelled = store.labels().list(video.toAbsolutePath().toString());
                if (labelled.isEmpty()) {
                    continue;
                }
                double lo = (double) v / videos.size();
                double hi = (double) (v + 1) / videos.size();
                PoseAnalysis.Result pr = PoseAnalysis.run(video, poseModel, store, 0, -1, PoseAnalysis.Settings.defaults(), device,
                        ctx.scaled(lo, hi, video.getFileName() + ": "));
                Map<Integer, Double> times = store.poses().frameTimes(pr.runId());
                for (LabelledRanges.LabelledRange r : labelled) {
                    ranges++;
                    Map<Integer, List<Pose>> poses = store.poses().read(pr.runId(), r.startFrame(), r.endFrame() + 1, true);
                    if (world == null) {
                        world = poses.values().stream().flatMap(List::stream).findFirst().map(p -> p.world() != null).orElse(null);
                    }
                    if (world == null) {
                        continue;
                    }
                    for (PoseTrack t : PoseTrack.fromPoses(poses, times, world)) {
                        examples.add(new StyleTrainer.Example(r.label(), video.getFileName() + "#" + r.id(), t));
                    }
                }
            }
        }
        if (ranges == 0) {
            throw DanceLensException.badInput("None of the " + videos.size() + " video" + (videos.size() == 1 ? "" : "s")
                    + " has labelled ranges: mark ranges with a style first ('dancelens label add' or the Styles panel).");
        }
        if (world == null) {
            throw DanceLensException.badInput("The pose model " + poseModel.card().id() + " found nobody in the " + ranges + " labelled ranges.");
        }
        ctx.checkCancelled();
        ctx.progress(-1, "training " + id);
        return StyleTrainer.train(examples, method, StyleTrainer.Settings.defaults(world).withPoseModel(poseModel.card().id()), id, name, folder);
    }
}
