package org.dancelens.analysis;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import org.dancelens.core.CancelledException;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.TaskContext;
import org.dancelens.core.Timecode;
import org.dancelens.explain.GradCam;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.video.VideoSource;

/**
 * The whole-run explanation job: a class-activation map of every frame of a range, made with {@link FrameExplainer}
 * and stored at the layer's own (low) resolution with the class, its score and the region of the frame the map
 * covers. Maps are committed at least every second; cancelling keeps what was stored, and running the same job again
 * skips the stored frames. The player then shows stored maps without running the model.
 */
public final class ExplainRun {

    /** What to explain: a layer (null: the card's or the deepest), a method name and a label (null: each frame's top). */
    public record Settings(String layer, String method, String label) {
        public static Settings defaults() {
            return new Settings(null, "gradcam", null);
        }
    }

    /** What a run did. */
    public record Result(long camRunId, int fromFrame, int toFrame, int processed, boolean reusedAll, boolean resumed, double seconds,
                         double setupSeconds) {
        /** Seconds per explained frame once the video is open and the model prepared. */
        public double secondsPerFrame() {
            return processed > 0 ? (seconds - setupSeconds) / processed : 0;
        }
    }

    /** The method names of {@code dancelens explain --method}, in order. */
    public static final List<String> METHODS = List.of("gradcam", "gradcampp", "xgradcam", "hirescam", "layercam", "eigencam", "scorecam");

    private ExplainRun() {
    }

    /** The Grad-CAM family member of a method name, or null for Score-CAM (gradient-free). */
    public static GradCam.Method method(String name) {
        return switch (name == null ? "" : name.toLowerCase(Locale.ROOT)) {
            case "gradcam" -> GradCam.Method.GRAD_CAM;
            case "gradcampp" -> GradCam.Method.GRAD_CAM_PP;
            case "xgradcam" -> GradCam.Method.XGRAD_CAM;
            case "hirescam" -> GradCam.Method.HIRES_CAM;
            case "layercam" -> GradCam.Method.LAYER_CAM;
            case "eigencam" -> GradCam.Method.EIGEN_CAM;
            case "scorecam" -> null;
            default -> throw DanceLensException.badInput("The method is one of " + String.join(", ", METHODS) + ", not '" + name + "'.");
        };
    }

    /**
     * @param to exclusive end frame, or -1 for the end of the video
     */
    public static Result run(Path video, ModelRegistry.Entry model, ResultsStore store, int from, int to, Settings settings,
                             OrtRuntime.Device device, TaskContext ctx) {
        long t0 = System.nanoTime();
        GradCam.Method m = method(settings.method());
        try (VideoSource src = VideoSource.open(video, ctx, 64L << 20, 0);
             FrameExplainer ex = FrameExplainer.open(model, settings.layer(), device)) {
            int frames = src.frameCount();
            int end = to < 0 ? frames : Math.min(to, frames);
            if (from < 0 || from >= end) {
                throw DanceLensException.badInput("The frame range " + from + ":" + to + " is empty for " + src.info().fileName()
                        + " (frames 0 to " + (frames - 1) + ").");
            }
            int fixed = -1;
            if (settings.label() != null) {
                fixed = ex.labels().indexOf(settings.label());
                if (fixed < 0) {
                    throw DanceLensException.badInput("The model " + model.card().id() + " has no label '" + settings.label() + "' (it has "
                            + ex.labels() + ").");
                }
            }
            ObjectMapper json = new ObjectMapper();
            ObjectNode s = json.createObjectNode();
            s.put("inputHeight", ex.recipe().height());
            s.put("inputWidth", ex.recipe().width());
            s.put("frameWidth", src.info().width());
            s.put("frameHeight", src.info().height());
            s.set("labels", json.valueToTree(ex.labels()));
            String sha = model.card().provenance().onnxSha256() == null ? ModelRegistry.sha256(model.onnxFile()) : model.card().provenance().onnxSha256();
            ResultsStore.CamRunSpec spec = new ResultsStore.CamRunSpec(video.toAbsolutePath().toString(), frames, model.card().id(), sha,
                    ex.layer(), settings.method().toLowerCase(Locale.ROOT), settings.label() == null ? "top" : settings.label(), s.toString(), from, end);
            ResultsStore.CamRun run = store.findOrCreateCamRun(spec);
            BitSet done = store.camFramesDone(run.id(), from, end);
            int start = done.nextClearBit(from);
            if (start >= end) {
                store.setCamStatus(run.id(), "complete");
                double secs = (System.nanoTime() - t0) / 1e9;
                return new Result(run.id(), from, end, 0, true, false, secs, secs);
            }
            store.setCamStatus(run.id(), "running");
            double setupSeconds = (System.nanoTime() - t0) / 1e9;
            long work0 = System.nanoTime();
            List<ResultsStore.CamFrame> batch = new ArrayList<>();
            long[] lastCommit = {System.nanoTime()};
            int[] processed = {0};
            boolean[] cancelled = {false};
            int cls = fixed;
            int todo = (end - start) - done.get(start, end).cardinality();
            try {
                src.read(start, end, f -> {
                    if (ctx.isCancelled()) {
                        cancelled[0] = true;
                        return false;
                    }
                    if (done.get(f.index())) {
                        return true; // stored by an earlier run
                    }
                    FrameExplainer.Result r = m == null ? ex.scoreCam(f, cls) : ex.explain(f, cls, m);
                    GradCam.Cam c = r.cam();
                    batch.add(new ResultsStore.CamFrame(f.index(), r.classIndex(), r.scores()[r.classIndex()], c.lowHeight(), c.lowWidth(),
                            c.lowRes(), r.region()));
                    processed[0]++;
                    if (System.nanoTime() - lastCommit[0] >= 1_000_000_000L) {
                        store.writeCamFrames(run.id(), batch);
                        batch.clear();
                        lastCommit[0] = System.nanoTime();
                    }
                    double secs = (System.nanoTime() - work0) / 1e9;
                    double perFrame = secs / processed[0];
                    ctx.progress((double) processed[0] / todo, String.format(Locale.ROOT, "map %d/%d (frame %d), %.2f s/frame, %s left",
                            processed[0], todo, f.index(), perFrame, Timecode.format((todo - processed[0]) * perFrame)));
                    return true;
                }, TaskContext.NONE);
            } catch (CancelledException e) {
                cancelled[0] = true;
            } catch (RuntimeException e) {
                store.writeCamFrames(run.id(), batch);
                store.setCamStatus(run.id(), "failed");
                throw e;
            }
            store.writeCamFrames(run.id(), batch);
            if (cancelled[0]) {
                store.setCamStatus(run.id(), "cancelled");
                throw new CancelledException("The explanation of " + src.info().fileName());
            }
            boolean complete = store.camFramesDone(run.id(), from, end).cardinality() == end - from;
            store.setCamStatus(run.id(), complete ? "complete" : "incomplete");
            return new Result(run.id(), from, end, processed[0], false, start > from || !done.isEmpty(), (System.nanoTime() - t0) / 1e9,
                    setupSeconds);
        }
    }
}
