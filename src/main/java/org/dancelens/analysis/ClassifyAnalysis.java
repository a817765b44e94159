package org.dancelens.analysis;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.analysis.store.RunKind;
import org.dancelens.analysis.store.RunLocks;
import org.dancelens.analysis.store.RunSpec;
import org.dancelens.analysis.store.RunStatus;
import org.dancelens.classify.PoseTrack;
import org.dancelens.classify.SequenceClassifier;
import org.dancelens.classify.VideoClassifier;
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
 * pose run, which is run first (or reused) with the pose model given; the classify run records which pose run (and
 * which revision of it) it read, so an identity correction made afterwards makes a new classification. A finished
 * run is reused; a cancelled one keeps nothing of its scores (the pose run it started keeps its frames).
 */
public final class ClassifyAnalysis {
    private static final Pattern POSE_RUN = Pattern.compile("\"poseRun\"\\s*:\\s*(\\d+)");

    /**
     * What a run produced. {@code batch} is the number of pictures per model run it used (0 when a stored run was reused
     * or the model is a sequence model), {@code batchNote} why the batch asked for was not used (or null).
     */
    public record Result(Run run, Long poseRunId, List<ScoreSeries> series, boolean reused, double seconds, int frames, int videoFrames,
                         List<Integer> undecodable, String damageNote, int batch, String batchNote) {
        public long runId() {
            return run.id();
        }

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

    /** The pose run a classify (or attribution) run read, from its settings ({@code "poseRun": N}), or null. */
    public static Long poseRunOf(String settings) {
        Matcher m = POSE_RUN.matcher(settings == null ? "" : settings);
        return m.find() ? Long.valueOf(m.group(1)) : null;
    }

    /** The pose run a classify (or attribution) run read, or null when it read none. */
    public static Long poseRunOf(Run run) {
        return poseRunOf(run.spec().settings());
    }

    private static final Pattern POSE_REVISION = Pattern.compile("\"poseRevision\"\\s*:\\s*(\\d+)");

    /**
     * True when a classify (or attribution) run read a pose run whose identities were corrected since: its per-dancer
     * results no longer match the dancers on screen and must not be shown as if they did.
     */
    public static boolean isStale(ResultsStore store, Run run) {
        Long poseRun = poseRunOf(run);
        if (poseRun == null) {
            return false;
        }
        Matcher m = POSE_REVISION.matcher(run.spec().settings());
        int read = m.find() ? Integer.parseInt(m.group(1)) : 0;
        return store.runs().find(poseRun).map(p -> p.revision() != read).orElse(true);
    }

    /** The part of a run's settings naming the pose run it reads: id and, once corrected, its revision. */
    static String poseRunSettings(Run poseRun) {
        return String.format(Locale.ROOT, "\"poseModel\":\"%s\",\"poseRun\":%d%s", poseRun.modelId(), poseRun.id(),
                poseRun.revision() > 0 ? ",\"poseRevision\":" + poseRun.revision() : "");
    }

    /**
     * Like {@link #run(Path, ModelRegistry.Entry, ModelRegistry.Entry, ResultsStore, int, int, OrtRuntime.Device, int, TaskContext)}
     * with the default batch size ({@link VideoClassifier#DEFAULT_BATCH}).
     */
    public static Result run(Path video, ModelRegistry.Entry given, ModelRegistry.Entry poseModel, ResultsStore store, int from, int to,
                             OrtRuntime.Device device, TaskContext ctx) {
        return run(video, given, poseModel, store, from, to, device, VideoClassifier.DEFAULT_BATCH, ctx);
    }

    /**
     * @param poseModel the pose model for models that need poses (null otherwise)
     * @param to        exclusive end frame, or -1 for the end of the video
     * @param batch     consecutive frames (or dancers' boxes) per model run for image models whose batch dimension is
     *                  open; it does not change the scores (within float rounding), so it is not part of the run's identity
     */
    public static Result run(Path video, ModelRegistry.Entry given, ModelRegistry.Entry poseModel, ResultsStore store, int from, int to,
                             OrtRuntime.Device device, int batch, TaskContext ctx) {
        String badBatch = VideoClassifier.badBatch(batch);
        if (badBatch != null) {
            throw DanceLensException.badInput(badBatch);
        }
        long t0 = System.nanoTime();
        ModelRegistry.Entry model = given.pinned(); // the run is filed under the file's hash, and the model loaded must have it
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
                    ctx.scaled(0, 0.5, "poses: "));
            poseRunId = pr.runId();
            settings = "{" + poseRunSettings(store.runs().find(poseRunId).orElseThrow()) + "}";
        }
        int frames;
        try (VideoSource src = VideoSource.open(video, ctx, 64L << 20, 0)) {
            frames = src.frameCount();
            int end = to < 0 ? frames : Math.min(to, frames);
            if (from < 0 || from >= end) {
                throw FrameRanges.empty(from, to, src.info().fileName(), frames);
            }
            RunSpec spec = new RunSpec(video.toAbsolutePath().toString(), frames, RunKind.CLASSIFY, card.id(), model.card().provenance().onnxSha256(), card.toYaml(),
                    settings, from, end);
            Run run = store.runs().findOrCreate(spec);
            if (run.finished()) {
                return new Result(run, poseRunId, store.scores().read(run.id()), true, (System.nanoTime() - t0) / 1e9, 0, frames,
                        store.undecodable().list(run.id()), src.info().damageNote(), 0, null);
            }
            // One job per run: a second one would write the same scores twice over.
            try (RunLocks.RunLock lock = store.locks().claim(run.id(), "the classification of " + src.info().fileName() + " with " + card.id())) {
                store.runs().ranOn(run.id(), OrtRuntime.resolve(device).toString()); // the run's provenance names its device
                store.runs().setStatus(run.id(), RunStatus.RUNNING);
                TaskContext rest = poses ? ctx.scaled(0.5, 1, "") : ctx;
                Long read = poseRunId;
                java.util.SortedSet<Integer> gaps = new java.util.TreeSet<>();
                Object[] used = {0, null}; // the batch used, and why not the one asked for
                List<ScoreSeries> series = store.runs().working(run.id(), () -> {
                    List<ScoreSeries> s = card.sequence() != null
                            ? runSequenceModel(src, model, store, poseModel, read, from, end, device, rest)
                            : runImageModel(src, model, store, read, from, end, device, batch, used, rest, t0, gaps);
                    if (read != null) {
                        // Frames the pose run could not decode are gaps of this run too.
                        store.undecodable().list(read).stream().filter(f -> f >= from && f < end).forEach(gaps::add);
                    }
                    store.undecodable().add(run.id(), gaps);
                    store.scores().write(run.id(), s);
                    return s;
                });
                store.runs().setStatus(run.id(), RunStatus.COMPLETE);
                return new Result(store.runs().find(run.id()).orElseThrow(), poseRunId, series, false, (System.nanoTime() - t0) / 1e9, end - from,
                        frames, List.copyOf(gaps), src.info().damageNote(), (Integer) used[0], (String) used[1]);
            }
        }
    }

    private static List<ScoreSeries> runSequenceModel(VideoSource src, ModelRegistry.Entry model, ResultsStore store, ModelRegistry.Entry poseModel,
                                                      long poseRunId, int from, int end, OrtRuntime.Device device, TaskContext ctx) {
        try (SequenceClassifier sc = SequenceClassifier.open(model, device)) {
            List<PoseTrack> tracks = PoseTrack.fromPoses(store.poses().read(poseRunId, from, end, true), store.poses().frameTimes(poseRunId),
                    sc.recipe().world());
            if (tracks.isEmpty()) {
                throw DanceLensException.badInput("The pose model " + poseModel.card().id() + " found no " + (sc.recipe().world() ? "3-D " : "")
                        + "poses in " + src.info().fileName() + ", so " + model.card().id() + " has nothing to classify.");
            }
            List<ScoreSeries> series = new ArrayList<>();
            for (int i = 0; i < tracks.size(); i++) {
                ctx.checkCancelled();
                ctx.progress((double) i / tracks.size(), "dancer " + (i + 1) + " of " + tracks.size());
                ScoreSeries s = sc.classify(tracks.get(i));
                if (s.size() > 0) {
                    series.add(s);
                }
            }
            return series;
        }
    }

    private static List<ScoreSeries> runImageModel(VideoSource src, ModelRegistry.Entry model, ResultsStore store, Long poseRunId, int from,
                                                   int end, OrtRuntime.Device device, int batch, Object[] used, TaskContext ctx, long t0,
                                                   java.util.Set<Integer> gaps) {
        try (VideoClassifier vc = VideoClassifier.open(model, device, src.info().fps(), batch)) {
            used[0] = vc.batch();
            used[1] = vc.batchNote();
            Map<Integer, List<Pose>> poses = vc.needsPoses() ? store.poses().read(poseRunId, from, end, true) : Map.of();
            feed(src, vc, poses, from, end, ctx, t0, gaps);
            return vc.finish();
        }
    }

    /**
     * Feeds frames {@code [from, end)} (with their dancers' poses) to a classifier, reporting frames/s and time left;
     * frames that cannot be decoded go to the classifier as gaps and into {@code gaps}.
     */
    static void feed(VideoSource src, VideoClassifier vc, Map<Integer, List<Pose>> poses, int from, int end, TaskContext ctx, long t0,
                     java.util.Set<Integer> gaps) {
        int[] done = {0};
        src.read(from, end, f -> {
            vc.accept(f, poses.getOrDefault(f.index(), List.of()), ctx);
            done[0]++;
            if ((done[0] & 7) == 0 || f.index() == end - 1) {
                double secs = (System.nanoTime() - t0) / 1e9;
                double fps = done[0] / Math.max(1e-9, secs);
                ctx.progress((double) (f.index() - from + 1) / (end - from), String.format(Locale.ROOT, "%s, %.1f frames/s, %s left",
                        Timecode.framesDone(f.index(), from, end, src.frameCount()), fps, Timecode.remaining((end - 1 - f.index()) / Math.max(1e-9, fps))));
            }
            return true;
        }, n -> {
            vc.undecodable(n);
            gaps.add(n);
        }, ctx);
    }
}
