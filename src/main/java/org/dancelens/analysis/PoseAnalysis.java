package org.dancelens.analysis;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.dancelens.analysis.store.PoseFrames;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.analysis.store.RunKind;
import org.dancelens.analysis.store.RunSpec;
import org.dancelens.analysis.store.RunStatus;
import org.dancelens.core.CancelledException;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;
import org.dancelens.core.TaskContext;
import org.dancelens.core.Timecode;
import org.dancelens.core.VideoFrame;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.pose.OfflineSmoothing;
import org.dancelens.pose.OneEuroFilter;
import org.dancelens.pose.PoseEstimator;
import org.dancelens.pose.PoseEstimators;
import org.dancelens.pose.PoseTracker;
import org.dancelens.video.VideoSource;

/**
 * The pose job: decode -> infer -> track -> smooth -> store, over a whole video or a frame range. Decoding runs on
 * its own thread ahead of inference (a bounded queue), results are committed at least every second of work and every
 * second of video ({@link CommitPolicy}), cancellation stops within a frame keeping what was done, and running the
 * same job again resumes where it stopped.
 */
public final class PoseAnalysis {

    /** How to run. Part of the run's identity in the store. */
    public record Settings(String smoothing, float minPersonScore, double oneEuroMinCutoff, double oneEuroBeta, int maxPeople) {
        public Settings(String smoothing, float minPersonScore, double oneEuroMinCutoff, double oneEuroBeta) {
            this(smoothing, minPersonScore, oneEuroMinCutoff, oneEuroBeta, 0);
        }

        public static Settings defaults() {
            return new Settings("one-euro", 0.2f, 1.0, 0.05, 0);
        }

        String json() {
            return String.format(Locale.ROOT,
                    "{\"smoothing\":\"%s\",\"minPersonScore\":%s,\"oneEuroMinCutoff\":%s,\"oneEuroBeta\":%s,\"maxPeople\":%d}",
                    smoothing, minPersonScore, oneEuroMinCutoff, oneEuroBeta, maxPeople);
        }
    }

    /** What a run did. */
    public record Result(long runId, int fromFrame, int toFrame, int processed, boolean reusedAll, boolean resumed,
                         double seconds, double inferenceSeconds, double setupSeconds) {
        /** Frames per second over the whole job, opening the video and loading the model included. */
        public double framesPerSecond() {
            return seconds > 0 ? processed / seconds : 0;
        }

        /** Frames per second once the video is open and the model loaded. */
        public double steadyFramesPerSecond() {
            return seconds - setupSeconds > 0 ? processed / (seconds - setupSeconds) : 0;
        }

        public double inferenceFramesPerSecond() {
            return inferenceSeconds > 0 ? processed / inferenceSeconds : 0;
        }
    }

    private static final VideoFrame END = new VideoFrame(-1, 0, 0, 0, new byte[0]);

    private PoseAnalysis() {
    }

    public static Result run(Path video, ModelRegistry.Entry model, ResultsStore store, int from, int to, Settings settings,
                             OrtRuntime.Device device, TaskContext ctx) {
        if (!List.of("one-euro", "savgol", "butterworth", "none").contains(settings.smoothing())) {
            throw DanceLensException.badInput("Unknown smoothing '" + settings.smoothing() + "' (one-euro, savgol, butterworth or none).");
        }
        long t0 = System.nanoTime();
        // The model loads on its own thread while the video is opened and indexed: the two take similar time.
        java.util.concurrent.CompletableFuture<PoseEstimator> loading = new java.util.concurrent.CompletableFuture<>();
        Thread loader = new Thread(null, () -> {
            try {
                loading.complete(PoseEstimators.create(model, device, settings.minPersonScore(), settings.maxPeople()));
            } catch (Throwable e) {
                loading.completeExceptionally(e);
            }
        }, "dancelens-model-load", 16L << 20);
        loader.setDaemon(true);
        loader.start();
        VideoSource opened;
        try {
            opened = VideoSource.open(video, ctx, 64L << 20, 0);
        } catch (RuntimeException e) {
            loading.thenAccept(PoseEstimator::close);
            throw e;
        }
        try (VideoSource src = opened;
             PoseEstimator est = loaded(loading)) {
            int frames = src.frameCount();
            int end = to < 0 ? frames : Math.min(to, frames);
            if (from < 0 || from >= end) {
                throw DanceLensException.badInput("The frame range " + from + ":" + to + " is empty for " + src.info().fileName()
                        + " (frames 0 to " + (frames - 1) + ").");
            }
            RunSpec spec = new RunSpec(video.toAbsolutePath().toString(), frames, RunKind.POSE, model.card().id(),
                    model.card().provenance().onnxSha256() == null ? ModelRegistry.sha256(model.onnxFile()) : model.card().provenance().onnxSha256(),
                    model.card().toYaml(), settings.json(), from, end);
            Run run = store.runs().findOrCreate(spec);
            int start = store.poses().firstMissingFrame(run.id(), from, end);
            if (start >= end) {
                store.runs().setStatus(run.id(), RunStatus.COMPLETE);
                return new Result(run.id(), from, end, 0, true, false, (System.nanoTime() - t0) / 1e9, 0, (System.nanoTime() - t0) / 1e9);
            }
            PoseTracker tracker = new PoseTracker(PoseTracker.Settings.defaults(src.info().fps()));
            if (start > from) {
                tracker.seed(start - 1, store.poses().read(run.id(), start - 1, start, false).getOrDefault(start - 1, List.of()));
            }
            store.runs().setStatus(run.id(), RunStatus.RUNNING);
            double setupSeconds = (System.nanoTime() - t0) / 1e9;
            Smoother smoother = new Smoother(settings);

            BlockingQueue<VideoFrame> queue = new ArrayBlockingQueue<>(4);
            AtomicReference<Throwable> decodeError = new AtomicReference<>();
            Thread decoder = new Thread(null, () -> {
                try {
                    src.read(start, end, f -> {
                        try {
                            while (!queue.offer(f, 100, TimeUnit.MILLISECONDS)) {
                                if (ctx.isCancelled()) {
                                    return false;
                                }
                            }
                            return !ctx.isCancelled();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return false;
                        }
                    }, TaskContext.NONE);
                } catch (Throwable e) {
                    decodeError.set(e);
                } finally {
                    try {
                        queue.put(END);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }, "dancelens-decode", 16L << 20);
            decoder.setDaemon(true);
            decoder.start();

            List<PoseFrames.FrameResult> batch = new ArrayList<>();
            CommitPolicy commits = new CommitPolicy(src.info().fps(), System::nanoTime);
            int stored = start; // the frames before this one are in the store
            long inferNanos = 0;
            int processed = 0;
            boolean cancelled = false;
            try {
                while (true) {
                    VideoFrame f = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (ctx.isCancelled()) {
                        cancelled = true;
                        break;
                    }
                    if (f == null) {
                        continue;
                    }
                    if (f == END) {
                        break;
                    }
                    long q = System.nanoTime();
                    List<Pose> poses = est.estimate(f);
                    inferNanos += System.nanoTime() - q;
                    for (PoseTracker.Emission e : tracker.update(f.index(), poses)) {
                        batch.add(smoother.apply(e, src.index().timeOf(e.frame())));
                    }
                    processed++;
                    if (commits.due(f.index() + 1 - stored)) {
                        store.poses().write(run.id(), batch);
                        stored = batch.isEmpty() ? stored : batch.get(batch.size() - 1).frame() + 1;
                        batch.clear();
                        commits.committed();
                    }
                    if ((processed & 7) == 0 || f.index() == end - 1) {
                        double secs = (System.nanoTime() - t0) / 1e9;
                        double fps = processed / Math.max(1e-9, secs);
                        int left = end - 1 - f.index();
                        ctx.progress((double) (f.index() - from + 1) / (end - from), String.format(Locale.ROOT,
                                "frame %d/%d, %.1f frames/s, %s left", f.index() + 1, end, fps, Timecode.format(left / Math.max(1e-9, fps))));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancelled = true;
            } finally {
                // Keep everything that was computed, including the frames the tracker still held back.
                for (PoseTracker.Emission e : tracker.flush()) {
                    batch.add(smoother.apply(e, src.index().timeOf(e.frame())));
                }
                store.poses().write(run.id(), batch);
                decoder.interrupt();
                try {
                    decoder.join(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (decodeError.get() != null) {
                store.runs().setStatus(run.id(), RunStatus.FAILED);
                throw decodeError.get() instanceof DanceLensException d ? d
                        : DanceLensException.internal("Decoding failed: " + decodeError.get().getMessage(), decodeError.get());
            }
            int missing = store.poses().firstMissingFrame(run.id(), from, end);
            if (cancelled) {
                store.runs().setStatus(run.id(), RunStatus.CANCELLED);
                throw new CancelledException("The pose analysis of " + src.info().fileName());
            }
            if (missing >= end && (settings.smoothing().equals("savgol") || settings.smoothing().equals("butterworth"))) {
                smoothOffline(store, run.id(), from, end, settings.smoothing(), src.info().fps());
            }
            store.runs().setStatus(run.id(), missing >= end ? RunStatus.COMPLETE : RunStatus.INCOMPLETE);
            return new Result(run.id(), from, end, processed, false, start > from, (System.nanoTime() - t0) / 1e9, inferNanos / 1e9,
                    setupSeconds);
        }
    }

    private static PoseEstimator loaded(java.util.concurrent.CompletableFuture<PoseEstimator> loading) {
        try {
            return loading.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw DanceLensException.internal("Loading the pose model failed: " + e.getCause(), e.getCause());
        }
    }

    /**
     * Offline smoothing of a finished run: each track's keypoint series, split where the track is absent, goes
     * through Savitzky-Golay (window 9, quadratic) or a zero-phase Butterworth low-pass (6 Hz, or 0.4 x the frame
     * rate for slow videos).
     */
    static void smoothOffline(ResultsStore store, long runId, int from, int end, String method, double fps) {
        // 6 Hz keeps dance movement; below the Nyquist frequency of slow videos (e.g. 4 Hz at 10 fps).
        double cutoff = Math.min(6, 0.4 * fps);
        Map<Integer, List<Pose>> raw = store.poses().read(runId, from, end, false);
        Map<Integer, java.util.TreeMap<Integer, Pose>> byTrack = new HashMap<>();
        raw.forEach((frame, poses) -> poses.forEach(p -> byTrack.computeIfAbsent(p.trackId(), t -> new java.util.TreeMap<>()).put(frame, p)));
        Map<Integer, List<Pose>> out = new java.util.TreeMap<>();
        for (java.util.TreeMap<Integer, Pose> series : byTrack.values()) {
            List<Integer> frames = new ArrayList<>(series.keySet());
            int s = 0;
            while (s < frames.size()) {
                int e = s + 1;
                while (e < frames.size() && frames.get(e) == frames.get(e - 1) + 1) {
                    e++;
                }
                List<Pose> seg = new ArrayList<>();
                for (int i = s; i < e; i++) {
                    seg.add(series.get(frames.get(i)));
                }
                int joints = seg.get(0).keypoints().size();
                double[][] xs = new double[joints][seg.size()];
                double[][] ys = new double[joints][seg.size()];
                for (int i = 0; i < seg.size(); i++) {
                    for (int j = 0; j < joints; j++) {
                        xs[j][i] = seg.get(i).keypoints().get(j).x();
                        ys[j][i] = seg.get(i).keypoints().get(j).y();
                    }
                }
                for (int j = 0; j < joints; j++) {
                    xs[j] = method.equals("savgol") ? OfflineSmoothing.savitzkyGolay(xs[j], 9, 2) : OfflineSmoothing.butterworth(xs[j], cutoff, fps);
                    ys[j] = method.equals("savgol") ? OfflineSmoothing.savitzkyGolay(ys[j], 9, 2) : OfflineSmoothing.butterworth(ys[j], cutoff, fps);
                }
                for (int i = 0; i < seg.size(); i++) {
                    List<Keypoint> kps = new ArrayList<>(joints);
                    for (int j = 0; j < joints; j++) {
                        kps.add(new Keypoint((float) xs[j][i], (float) ys[j][i], seg.get(i).keypoints().get(j).score()));
                    }
                    out.computeIfAbsent(frames.get(s + i), f -> new ArrayList<>()).add(seg.get(i).withKeypoints(kps));
                }
                s = e;
            }
        }
        store.poses().updateSmoothed(runId, out);
    }

    /** One Euro per track and coordinate (or none). */
    private static final class Smoother {
        private final Settings settings;
        private final Map<Integer, OneEuroFilter[]> filters = new HashMap<>();

        Smoother(Settings settings) {
            this.settings = settings;
        }

        PoseFrames.FrameResult apply(PoseTracker.Emission e, double time) {
            List<Pose> smoothed = new ArrayList<>();
            for (Pose p : e.poses()) {
                if (!settings.smoothing().equals("one-euro")) { // none, or offline smoothing after the run
                    smoothed.add(p);
                    continue;
                }
                OneEuroFilter[] fs = filters.computeIfAbsent(p.trackId(), id -> {
                    OneEuroFilter[] a = new OneEuroFilter[p.keypoints().size() * 2];
                    for (int k = 0; k < a.length; k++) {
                        a[k] = new OneEuroFilter(settings.oneEuroMinCutoff(), settings.oneEuroBeta(), 1.0);
                    }
                    return a;
                });
                List<Keypoint> kps = new ArrayList<>();
                for (int k = 0; k < p.keypoints().size(); k++) {
                    Keypoint kp = p.keypoints().get(k);
                    kps.add(new Keypoint((float) fs[2 * k].filter(kp.x(), time), (float) fs[2 * k + 1].filter(kp.y(), time), kp.score()));
                }
                smoothed.add(p.withKeypoints(kps));
            }
            return new PoseFrames.FrameResult(e.frame(), time, e.poses(), smoothed);
        }
    }
}
