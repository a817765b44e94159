package org.dancelens.analysis;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import org.dancelens.analysis.store.ExplainSettings;
import org.dancelens.analysis.store.Maps;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.analysis.store.RunKind;
import org.dancelens.analysis.store.RunLocks;
import org.dancelens.analysis.store.RunSpec;
import org.dancelens.analysis.store.RunStatus;
import org.dancelens.core.CancelledException;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.TaskContext;
import org.dancelens.core.Timecode;
import org.dancelens.explain.GradCam;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.video.VideoSource;

/**
 * The explanation job, shared by {@code dancelens explain} (video frames) and the Explain tab's whole runs: a
 * class-activation map of every frame of a range (or every N-th), made with {@link FrameExplainer} and stored at the
 * layer's own (low) resolution with the class, all scores and the region of the frame the map covers. Maps are
 * committed at least every second; cancelling keeps what was stored, and running the same job again skips the stored
 * frames, so a map is computed once and then seen everywhere (the player shows stored maps without running the
 * model; the command line writes its files from them).
 */
public final class ExplainRun {

    /**
     * The frames explained per model run when none is asked for: measured with the emotion CNN on two CPU cores, 32 made
     * whole runs 1.37 times as fast as 1, and 64 no faster (README, "Batched inference").
     */
    public static final int DEFAULT_BATCH = 32;
    /** The largest batch accepted. */
    public static final int MAX_BATCH = 256;

    /**
     * What to explain: a layer (null: the card's or the deepest), a method name, a label (null: each frame's top), every
     * how many frames of the range, and residual blocks to leave out (see {@link org.dancelens.inference.ResidualBlocks});
     * and how many frames to explain per model run ({@code batch}: where the model's batch is open and the method is of
     * the Grad-CAM family; the maps are the same, so it is not part of the run's identity).
     */
    public record Settings(String layer, String method, String label, int every, List<String> without, int batch) {
        public Settings {
            without = List.copyOf(without);
            if (every < 1) {
                throw DanceLensException.badInput("Explain every N-th frame needs N of at least 1, not " + every + ".");
            }
            if (batch < 1 || batch > MAX_BATCH) {
                throw DanceLensException.badInput("The batch size must be between 1 and " + MAX_BATCH + " frames per model run, not " + batch + ".");
            }
        }

        public Settings(String layer, String method, String label, int every, List<String> without) {
            this(layer, method, label, every, without, DEFAULT_BATCH);
        }

        public Settings(String layer, String method, String label) {
            this(layer, method, label, 1, List.of());
        }

        public static Settings defaults() {
            return new Settings(null, "gradcam", null);
        }
    }

    /** What a run did. */
    public record Result(Run run, int fromFrame, int toFrame, int processed, boolean reusedAll, boolean resumed, double seconds,
                         double setupSeconds, List<Integer> undecodable, String damageNote, int batch, String batchNote) {
        public long runId() {
            return run.id();
        }

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

    /** Frames of {@code [from, end)} a run made every {@code every} frames explains. */
    static int covered(int from, int end, int every) {
        return (end - from + every - 1) / every;
    }

    /**
     * @param to exclusive end frame, or -1 for the end of the video
     */
    public static Result run(Path video, ModelRegistry.Entry given, ResultsStore store, int from, int to, Settings settings,
                             OrtRuntime.Device device, TaskContext ctx) {
        long t0 = System.nanoTime();
        ModelRegistry.Entry model = given.pinned(); // the run is filed under the file's hash, and the model loaded must have it
        GradCam.Method m = method(settings.method());
        try (VideoSource src = VideoSource.open(video, ctx, 64L << 20, 0);
             FrameExplainer ex = FrameExplainer.open(model, settings.layer(), settings.without(), FrameExplainer.needsGradients(m), device)) {
            int frames = src.frameCount();
            int end = to < 0 ? frames : Math.min(to, frames);
            if (from < 0 || from >= end) {
                throw FrameRanges.empty(from, to, src.info().fileName(), frames);
            }
            int fixed = -1;
            if (settings.label() != null) {
                fixed = ex.labels().indexOf(settings.label());
                if (fixed < 0) {
                    throw DanceLensException.badInput("The model " + model.card().id() + " has no label '" + settings.label() + "' (it has "
                            + ex.labels() + ").");
                }
            }
            ExplainSettings es = new ExplainSettings(ex.layer(), settings.method().toLowerCase(Locale.ROOT),
                    settings.label() == null ? "top" : settings.label(), settings.every(), settings.without(), ex.recipe().height(),
                    ex.recipe().width(), src.info().width(), src.info().height(), ex.labels());
            RunSpec spec = new RunSpec(video.toAbsolutePath().toString(), frames, RunKind.EXPLAIN, model.card().id(), model.card().provenance().onnxSha256(),
                    model.card().toYaml(), es.toJson(), from, end);
            Run run = store.runs().findOrCreate(spec);
            BitSet done = store.maps().framesDone(run.id(), from, end);
            int want = covered(from, end, settings.every());
            if (done.cardinality() >= want) {
                store.runs().setStatus(run.id(), RunStatus.COMPLETE);
                double secs = (System.nanoTime() - t0) / 1e9;
                return new Result(store.runs().find(run.id()).orElseThrow(), from, end, 0, true, false, secs, secs, store.undecodable().list(run.id()),
                        src.info().damageNote(), 0, null);
            }
            // One job per run: a second one would compute the same maps twice over.
            try (RunLocks.RunLock lock = store.locks().claim(run.id(), "the explanation of " + src.info().fileName() + " with " + model.card().id())) {
                store.runs().ranOn(run.id(), OrtRuntime.resolve(device).toString()); // the run's provenance names its device
                store.runs().setStatus(run.id(), RunStatus.RUNNING);
                int cls = fixed;
                String batchNote = null;
                int batch = 1;
                if (settings.batch() > 1) {
                    String problem = m == null ? "Score-CAM runs the model once per channel of each frame" : ex.batchProblem();
                    if (problem == null) {
                        batch = settings.batch();
                    } else {
                        batchNote = problem + ", so frames are explained one at a time, not in batches of " + settings.batch() + ".";
                    }
                }
                int perRun = batch;
                String note = batchNote;
                return store.runs().working(run.id(), () -> explainFrames(src, ex, m, store, run, es, done, from, end, want, cls, perRun, note, ctx,
                        lock, t0));
            }
        }
    }

    private static Result explainFrames(VideoSource src, FrameExplainer ex, GradCam.Method m, ResultsStore store, Run run, ExplainSettings es,
                                        BitSet done, int from, int end, int want, int cls, int perRun, String batchNote, TaskContext ctx,
                                        RunLocks.RunLock lock, long t0) {
        double setupSeconds = (System.nanoTime() - t0) / 1e9;
        long work0 = System.nanoTime();
        List<Maps.MapFrame> batch = new ArrayList<>();
        List<Integer> gaps = new ArrayList<>();
        long[] lastCommit = {System.nanoTime()};
        int[] processed = {0};
        int[] skipped = {0};
        boolean[] cancelled = {false};
        int todo = want - done.cardinality();
        int start = from;
        while (start < end && (done.get(start) || !es.covers(from, start))) {
            start++;
        }
        Runnable save = () -> {
            store.maps().write(run.id(), batch);
            store.undecodable().add(run.id(), gaps);
            batch.clear();
            gaps.clear();
        };
        // after each frame (or batch of frames) explained: commit every second, report progress
        java.util.function.IntConsumer afterFrames = last -> {
            if (System.nanoTime() - lastCommit[0] >= 1_000_000_000L) {
                save.run();
                lastCommit[0] = System.nanoTime();
            }
            double secs = (System.nanoTime() - work0) / 1e9;
            double perFrame = secs / processed[0];
            String text = String.format(Locale.ROOT, "map %d of %d (frame %d), %.2f s/frame, %s left", processed[0] + skipped[0], todo, last,
                    perFrame, Timecode.remaining((todo - processed[0] - skipped[0]) * perFrame));
            ctx.progress((double) (processed[0] + skipped[0]) / todo, text);
            lock.progress(text);
        };
        // frames laid out and waiting for their batch; a cancel drops them (nothing of them is stored)
        List<FrameExplainer.Picture> pending = new ArrayList<>();
        Runnable explainPending = () -> {
            if (pending.isEmpty()) {
                return;
            }
            List<FrameExplainer.Result> rs = ex.explainBatch(pending, cls, m);
            for (int b = 0; b < rs.size(); b++) {
                FrameExplainer.Result r = rs.get(b);
                GradCam.Cam c = r.cam();
                batch.add(new Maps.MapFrame(pending.get(b).frame(), r.classIndex(), r.scores()[r.classIndex()], c.lowHeight(), c.lowWidth(),
                        c.lowRes(), r.region(), r.scores()));
            }
            processed[0] += rs.size();
            int last = pending.get(pending.size() - 1).frame();
            pending.clear();
            afterFrames.accept(last);
        };
        try {
            src.read(start, end, f -> {
                if (ctx.isCancelled()) {
                    cancelled[0] = true;
                    return false;
                }
                if (done.get(f.index()) || !es.covers(from, f.index())) {
                    return true; // stored by an earlier run, or not one of the frames asked for
                }
                if (perRun > 1) {
                    pending.add(ex.picture(f));
                    if (pending.size() >= perRun) {
                        explainPending.run();
                    }
                } else {
                    FrameExplainer.Result r = m == null ? ex.scoreCam(f, cls) : ex.explain(f, cls, m);
                    GradCam.Cam c = r.cam();
                    batch.add(new Maps.MapFrame(f.index(), r.classIndex(), r.scores()[r.classIndex()], c.lowHeight(), c.lowWidth(), c.lowRes(),
                            r.region(), r.scores()));
                    processed[0]++;
                    afterFrames.accept(f.index());
                }
                return processed[0] + pending.size() + skipped[0] < todo;
            }, n -> {
                if (!done.get(n) && es.covers(from, n)) {
                    gaps.add(n); // a frame asked for that cannot be decoded: done, as a gap
                    skipped[0]++;
                }
            }, TaskContext.NONE);
        } catch (CancelledException e) {
            cancelled[0] = true;
        } catch (RuntimeException e) {
            try {
                save.run(); // keep the maps made before the failure, if the store still takes them
            } catch (RuntimeException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
        if (!cancelled[0]) {
            try {
                explainPending.run(); // the last, partial batch
            } catch (RuntimeException e) {
                try {
                    save.run();
                } catch (RuntimeException again) {
                    e.addSuppressed(again);
                }
                throw e;
            }
        }
        save.run();
        if (cancelled[0]) {
            throw new CancelledException("The explanation of " + src.info().fileName());
        }
        boolean complete = store.maps().framesDone(run.id(), from, end).cardinality() >= want;
        store.runs().setStatus(run.id(), complete ? RunStatus.COMPLETE : RunStatus.INCOMPLETE);
        return new Result(store.runs().find(run.id()).orElseThrow(), from, end, processed[0], false, !done.isEmpty(),
                (System.nanoTime() - t0) / 1e9, setupSeconds, store.undecodable().list(run.id()), src.info().damageNote(), perRun, batchNote);
    }
}
