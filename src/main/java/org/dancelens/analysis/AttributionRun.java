package org.dancelens.analysis;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.dancelens.analysis.store.Attributions.Attribution;
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
import org.dancelens.core.TaskContext;
import org.dancelens.inference.ModelCard;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.video.VideoSource;

/**
 * The attribution job — "why this verdict?" by occlusion — shared by {@code dancelens explain} and the Styles tab, its
 * results stored with the video's other results so they are computed once:
 * <ul>
 *   <li>a skeleton model over the dancers of a pose run: for each dancer, how much the class's score drops when
 *       {@code span} model frames are blanked (per video frame) and when each joint is blanked over the window;</li>
 *   <li>a clip model over a frame range: how much the class's score drops when {@code span} of each clip's pictures
 *       are blanked, per video frame (track -1).</li>
 * </ul>
 * A skeleton run can be asked for one dancer: the others are attributed when asked for, and the run is complete once
 * every dancer is stored. The run records the pose run (and its revision) it read, so an identity correction made
 * afterwards makes a new attribution rather than showing a stale one.
 */
public final class AttributionRun {

    /** What to attribute: blanked span (model frames, or clip pictures) and the class (null: the window's top label). */
    public record Settings(int span, String label) {
        public Settings {
            if (span < 1) {
                throw DanceLensException.badInput("The occlusion span must be at least one frame.");
            }
        }
    }

    /** A run's attributions by track, and whether nothing had to be computed. */
    public record Result(Run run, Map<Integer, Attribution> byTrack, boolean reused, double seconds) {
    }

    private AttributionRun() {
    }

    /**
     * Attributes a skeleton model's verdicts on the dancers of a stored pose run.
     *
     * @param track one dancer to attribute, or -1 for all of them
     */
    public static Result skeleton(ModelRegistry.Entry given, ResultsStore store, long poseRunId, int track, Settings settings,
                                  OrtRuntime.Device device, TaskContext ctx) {
        long t0 = System.nanoTime();
        ModelRegistry.Entry model = given.pinned(); // the run is filed under the file's hash, and the model loaded must have it
        ModelCard card = model.card();
        if (card.sequence() == null) {
            throw DanceLensException.badInput("The model " + card.id() + " is a " + card.task().label() + "; blanking joints and moments is made for"
                    + " skeleton models.");
        }
        Run poseRun = store.runs().find(poseRunId).filter(r -> r.kind() == RunKind.POSE)
                .orElseThrow(() -> DanceLensException.badInput("The results store has no pose run " + poseRunId + " to attribute."));
        String s = "{" + ClassifyAnalysis.poseRunSettings(poseRun) + String.format(Locale.ROOT, ",\"span\":%d,\"label\":%s}", settings.span(),
                quoted(settings.label()));
        RunSpec spec = new RunSpec(poseRun.videoPath(), poseRun.spec().videoFrames(), RunKind.ATTRIBUTION, card.id(), model.card().provenance().onnxSha256(),
                card.toYaml(), s, poseRun.spec().fromFrame(), poseRun.spec().toFrame());
        Run run = store.runs().findOrCreate(spec);
        Map<Integer, Attribution> stored = new TreeMap<>(store.attributions().read(run.id()));
        if (run.finished() || track >= 0 && stored.containsKey(track)) {
            return new Result(run, stored, true, (System.nanoTime() - t0) / 1e9);
        }
        try (SequenceClassifier sc = SequenceClassifier.open(model, device)) {
            int label = labelIndex(card, settings.label());
            List<PoseTrack> tracks = PoseTrack.fromPoses(store.poses().read(poseRunId, poseRun.spec().fromFrame(), poseRun.spec().toFrame(), true),
                    store.poses().frameTimes(poseRunId), sc.recipe().world()).stream().filter(t -> t.size() > 0).toList();
            List<PoseTrack> todo = tracks.stream().filter(t -> (track < 0 || t.track() == track) && !stored.containsKey(t.track())).toList();
            if (track >= 0 && todo.isEmpty()) {
                throw DanceLensException.badInput("Dancer " + track + " has no " + (sc.recipe().world() ? "3-D " : "") + "poses in pose run "
                        + poseRunId + ".");
            }
            try (RunLocks.RunLock lock = store.locks().claim(run.id(), "the attribution of pose run " + poseRunId + " with " + card.id())) {
                store.runs().ranOn(run.id(), OrtRuntime.resolve(device).toString()); // the run's provenance names its device
            store.runs().setStatus(run.id(), RunStatus.RUNNING);
            store.runs().working(run.id(), () -> {
                store.undecodable().add(run.id(), store.undecodable().list(poseRunId));
                for (int i = 0; i < todo.size(); i++) {
                    ctx.checkCancelled();
                    PoseTrack t = todo.get(i);
                    ctx.progress((double) i / todo.size(), "dancer " + t.track() + " (" + (i + 1) + " of " + todo.size() + ")");
                    SequenceClassifier.Attribution a = sc.attribute(t, label, settings.span());
                    Attribution at = new Attribution(t.track(), a.label(), a.labelName(), a.frames(), a.frameDrop(), sc.recipe().schema().joints(),
                            a.jointDrop());
                    store.attributions().write(run.id(), List.of(at)); // one dancer at a time: a cancel keeps the dancers done
                    stored.put(t.track(), at);
                }
                return null;
            });
            boolean all = tracks.stream().allMatch(t -> stored.containsKey(t.track()));
            store.runs().setStatus(run.id(), all ? RunStatus.COMPLETE : RunStatus.INCOMPLETE);
            }
        }
        return new Result(store.runs().find(run.id()).orElseThrow(), stored, false, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Attributes a clip model's verdict over time on frames {@code [from, to)} of a video ({@code to} -1: the end): the
     * clips are run again with each stretch of {@code span} sampled pictures blanked.
     */
    public static Result clip(Path video, ModelRegistry.Entry given, ResultsStore store, int from, int to, Settings settings, OrtRuntime.Device device,
                              TaskContext ctx) {
        long t0 = System.nanoTime();
        ModelRegistry.Entry model = given.pinned(); // the run is filed under the file's hash, and the model loaded must have it
        ModelCard card = model.card();
        if (card.task() != ModelCard.Task.CLIP_CLASSIFIER && card.clip() == null) {
            throw DanceLensException.badInput("The model " + card.id() + " is a " + card.task().label()
                    + "; occlusion over time of pictures is made for clip models.");
        }
        try (VideoSource src = VideoSource.open(video, ctx, 64L << 20, 0)) {
            int end = to < 0 ? src.frameCount() : Math.min(to, src.frameCount());
            if (from < 0 || from >= end) {
                throw FrameRanges.empty(from, to, src.info().fileName(), src.frameCount());
            }
            String s = String.format(Locale.ROOT, "{\"span\":%d,\"label\":%s}", settings.span(), quoted(settings.label()));
            RunSpec spec = new RunSpec(video.toAbsolutePath().toString(), src.frameCount(), RunKind.ATTRIBUTION, card.id(),
                    model.card().provenance().onnxSha256(), card.toYaml(), s, from, end);
            Run run = store.runs().findOrCreate(spec);
            Map<Integer, Attribution> stored = store.attributions().read(run.id());
            if (run.finished() && stored.containsKey(-1)) {
                return new Result(run, stored, true, (System.nanoTime() - t0) / 1e9);
            }
            int label = labelIndex(card, settings.label());
            Attribution at;
            try (RunLocks.RunLock lock = store.locks().claim(run.id(), "the attribution of " + src.info().fileName() + " with " + card.id())) {
                store.runs().ranOn(run.id(), OrtRuntime.resolve(device).toString()); // the run's provenance names its device
                store.runs().setStatus(run.id(), RunStatus.RUNNING);
                at = store.runs().working(run.id(), () -> {
                    java.util.Set<Integer> gaps = new java.util.TreeSet<>();
                    SequenceClassifier.Attribution a;
                    try (VideoClassifier vc = VideoClassifier.open(model, device, src.info().fps())) {
                        vc.attributeOverTime(settings.span());
                        ClassifyAnalysis.feed(src, vc, Map.of(), from, end, ctx, t0, gaps);
                        vc.finish();
                        a = vc.attribution(label);
                    }
                    Attribution made = new Attribution(-1, a.label(), a.labelName(), a.frames(), a.frameDrop(), List.of(), new float[0]);
                    store.undecodable().add(run.id(), gaps);
                    store.attributions().write(run.id(), List.of(made));
                    return made;
                });
                store.runs().setStatus(run.id(), RunStatus.COMPLETE);
            }
            Map<Integer, Attribution> out = new LinkedHashMap<>();
            out.put(-1, at);
            return new Result(store.runs().find(run.id()).orElseThrow(), out, false, (System.nanoTime() - t0) / 1e9);
        }
    }

    /** Attributions of tracks that are not in a store (e.g. read from a poses.json), computed and returned, nothing stored. */
    public static List<Attribution> unstored(SequenceClassifier sc, List<PoseTrack> tracks, String label, int span, TaskContext ctx) {
        int l = labelIndex(sc.card(), label);
        List<Attribution> out = new ArrayList<>();
        for (PoseTrack t : tracks) {
            if (t.size() == 0) {
                continue;
            }
            ctx.checkCancelled();
            SequenceClassifier.Attribution a = sc.attribute(t, l, span);
            out.add(new Attribution(t.track(), a.label(), a.labelName(), a.frames(), a.frameDrop(), sc.recipe().schema().joints(), a.jointDrop()));
        }
        return out;
    }

    /** The index of a label of the model (-1 for each window's top label when null). */
    static int labelIndex(ModelCard card, String label) {
        if (label == null) {
            return -1;
        }
        List<String> labels = card.labels() == null ? List.of() : card.labels();
        int i = labels.indexOf(label);
        if (i < 0) {
            throw DanceLensException.badInput("The model " + card.id() + " has no label '" + label + "' (it has " + labels + ").");
        }
        return i;
    }

    private static String quoted(String s) {
        return s == null ? "null" : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
