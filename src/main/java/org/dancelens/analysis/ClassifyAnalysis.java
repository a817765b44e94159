package org.dancelens.analysis;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dancelens.classify.PoseTrack;
import org.dancelens.classify.SequenceClassifier;
import org.dancelens.classify.VideoClassifier;
import org.dancelens.core.CancelledException;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.Pose;
import org.dancelens.core.ScoreSeries;
import org.dancelens.core.TaskContext;
import org.dancelens.core.Timecode;
import org.dancelens.inference.ModelCard;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.video.VideoSource;

/**
 * The classification job: runs a frame, clip or sequence classifier (or a scorer) over a video or a frame range
 * and stores its per-frame scores with full provenance. Skeleton models and person-crop models read the poses of a
 * pose run, which is run first (or reused) with the pose model given. A finished run is reused; a cancelled one
 * keeps nothing of its scores (the pose run it started keeps its frames).
 */
public final class ClassifyAnalysis {

    /** What a run produced. */
    public record Result(long runId, Long poseRunId, List<ScoreSeries> series, boolean reused, double seconds, int frames, int videoFrames) {
        public double framesPerSecond() {
            return seconds > 0 ? frames / seconds : 0;
        }
    }

    private ClassifyAnalysis() {
    }

    /** True when the model needs poses (skeleton models, and image models that crop each dancer). */
    public static boolean needsPoses(ModelCard card) {
        if (card.task() == ModelCard.Task.SEQUENCE_CLASSIFIER || card.task() == ModelCard.Task.SCORER && card.sequence() != null) {
            return true;
        }
        ModelCard.Preprocess p = card.inputs().get(0).preprocess();
        return p != null && "person".equals(p.crop());
    }

    /**
     * @param poseModel the pose model for models that need poses (null otherwise)
     * @param to        exclusive end frame, or -1 for the end of the video
     */
    public static Result run(Path video, ModelRegistry.Entry model, ModelRegistry.Entry poseModel, ResultsStore store, int from, int to,
                             OrtRuntime.Device device, TaskContext ctx) {
        long t0 = System.nanoTime();
        ModelCard card = model.card();
        if (card.task() == ModelCard.Task.POSE || card.task() == ModelCard.Task.DETECTOR || card.task() == ModelCard.Task.SEGMENTER) {
            throw DanceLensException.badInput("The model " + card.id() + " is a " + card.task().label()
                    + " model; classify runs classifiers and scorers (use analyze for pose models).");
        }
        boolean poses = needsPoses(card);
        if (poses && poseModel == null) {
            throw DanceLensException.badInput("The model " + card.id() + " works on dancers' poses: choose a pose model to run first"
                    + (card.sequence() != null && !"image".equals(card.sequence().keypoints()) ? " (one with 3-D output, e.g. blazepose-full)" : "") + ".");
        }
        Long poseRunId = null;
        String settings = "{}";
        if (poses) {
            PoseAnalysis.Result pr = PoseAnalysis.run(video, poseModel, store, from, to, PoseAnalysis.Settings.defaults(), device,
                    scaled(ctx, 0, 0.5, "poses: "));
            poseRunId = pr.runId();
            settings = String.format(Locale.ROOT, "{\"poseModel\":\"%s\",\"poseRun\":%d}", poseModel.card().id(), poseRunId);
        }
        int frames;
        try (VideoSource src = VideoSource.open(video, ctx, 64L << 20, 0)) {
            frames = src.frameCount();
            int end = to < 0 ? frames : Math.min(to, frames);
            if (from < 0 || from >= end) {
                throw DanceLensException.badInput("The frame range " + from + ":" + to + " is empty for " + src.info().fileName()
                        + " (frames 0 to " + (frames - 1) + ").");
            }
            ResultsStore.RunSpec spec = new ResultsStore.RunSpec(video.toAbsolutePath().toString(), frames, "classify", card.id(),
                    card.provenance().onnxSha256() == null ? ModelRegistry.sha256(model.onnxFile()) : card.provenance().onnxSha256(),
                    card.toYaml(), settings, from, end);
            ResultsStore.Run run = store.findOrCreateRun(spec);
            if ("complete".equals(run.status())) {
                return new Result(run.id(), poseRunId, store.scores(run.id()), true, (System.nanoTime() - t0) / 1e9, 0, frames);
            }
            store.setStatus(run.id(), "running");
            TaskContext rest = poses ? scaled(ctx, 0.5, 1, "") : ctx;
            List<ScoreSeries> series;
            try {
                if (card.sequence() != null) {
                    try (SequenceClassifier sc = SequenceClassifier.open(model, device)) {
                        List<PoseTrack> tracks = PoseTrack.fromPoses(store.poses(poseRunId, from, end, true), store.frameTimes(poseRunId),
                                sc.recipe().world());
                        series = new java.util.ArrayList<>();
                        for (int i = 0; i < tracks.size(); i++) {
                            rest.checkCancelled();
                            rest.progress((double) i / tracks.size(), "dancer " + (i + 1) + " of " + tracks.size());
                            ScoreSeries s = sc.classify(tracks.get(i));
                            if (s.size() > 0) {
                                series.add(s);
                            }
                        }
                        if (tracks.isEmpty()) {
                            throw DanceLensException.badInput("The pose model " + poseModel.card().id() + " found no "
                                    + (sc.recipe().world() ? "3-D " : "") + "poses in " + src.info().fileName() + ", so " + card.id()
                                    + " has nothing to classify.");
                        }
                    }
                } else {
                    series = runImageModel(src, model, store, poseRunId, from, end, device, rest, t0);
                }
            } catch (CancelledException e) {
                store.setStatus(run.id(), "cancelled");
                throw e;
            } catch (RuntimeException e) {
                store.setStatus(run.id(), "failed");
                throw e;
            }
            store.writeScores(run.id(), series);
            store.setStatus(run.id(), "complete");
            return new Result(run.id(), poseRunId, series, false, (System.nanoTime() - t0) / 1e9, end - from, frames);
        }
    }

    private static List<ScoreSeries> runImageModel(VideoSource src, ModelRegistry.Entry model, ResultsStore store, Long poseRunId, int from,
                                                   int end, OrtRuntime.Device device, TaskContext ctx, long t0) {
        try (VideoClassifier vc = VideoClassifier.open(model, device, src.info().fps())) {
            Map<Integer, List<Pose>> poses = vc.needsPoses() ? store.poses(poseRunId, from, end, true) : Map.of();
            feed(src, vc, poses, from, end, ctx, t0);
            return vc.finish();
        }
    }

    private static void feed(VideoSource src, VideoClassifier vc, Map<Integer, List<Pose>> poses, int from, int end, TaskContext ctx, long t0) {
        int[] done = {0};
        src.read(from, end, f -> {
            vc.accept(f, poses.getOrDefault(f.index(), List.of()), ctx);
            done[0]++;
            if ((done[0] & 7) == 0 || f.index() == end - 1) {
                double secs = (System.nanoTime() - t0) / 1e9;
                double fps = done[0] / Math.max(1e-9, secs);
                ctx.progress((double) (f.index() - from + 1) / (end - from), String.format(Locale.ROOT, "frame %d/%d, %.1f frames/s, %s left",
                        f.index() + 1, end, fps, Timecode.format((end - 1 - f.index()) / Math.max(1e-9, fps))));
            }
            return true;
        }, ctx);
    }

    /**
     * Occlusion attribution over time of a clip model on a frame range (see {@link VideoClassifier#attribution}):
     * the clips are run again with each stretch of {@code span} sampled pictures blanked. Nothing is stored.
     *
     * @param label the class explained, or -1 for the range's top label
     * @param to    exclusive end frame, or -1 for the end of the video
     */
    public static SequenceClassifier.Attribution attributeClip(Path video, ModelRegistry.Entry model, int from, int to, int span, int label,
                                                              OrtRuntime.Device device, TaskContext ctx) {
        ModelCard card = model.card();
        if (card.task() != ModelCard.Task.CLIP_CLASSIFIER && card.clip() == null) {
            throw DanceLensException.badInput("The model " + card.id() + " is a " + card.task().label()
                    + "; occlusion over time of pictures is made for clip models.");
        }
        long t0 = System.nanoTime();
        try (VideoSource src = VideoSource.open(video, ctx, 64L << 20, 0);
             VideoClassifier vc = VideoClassifier.open(model, device, src.info().fps())) {
            int end = to < 0 ? src.frameCount() : Math.min(to, src.frameCount());
            if (from < 0 || from >= end) {
                throw DanceLensException.badInput("The frame range " + from + ":" + to + " is empty for " + src.info().fileName() + ".");
            }
            vc.attributeOverTime(span);
            feed(src, vc, Map.of(), from, end, ctx, t0);
            vc.finish();
            return vc.attribution(label);
        }
    }

    /** A context reporting progress into [lo, hi] of the parent's bar. */
    static TaskContext scaled(TaskContext parent, double lo, double hi, String prefix) {
        return new TaskContext() {
            @Override
            public void progress(double fraction, String message) {
                parent.progress(fraction < 0 ? fraction : lo + (hi - lo) * fraction, prefix + message);
            }

            @Override
            public boolean isCancelled() {
                return parent.isCancelled();
            }
        };
    }
}
