package org.dancelens.analysis;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dancelens.analysis.store.PoseFrames;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.analysis.store.RunKind;
import org.dancelens.analysis.store.RunLocks;
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
import org.dancelens.pose.StateCodec;
import org.dancelens.video.DecodeAhead;
import org.dancelens.video.VideoSource;

/**
 * The pose job: decode -> infer -> track -> smooth -> store, over a whole video or a frame range. Decoding runs on
 * its own thread ahead of inference (a bounded queue), results are committed at least every second of work and every
 * second of video ({@link CommitPolicy}), cancellation stops within a frame keeping what was done, and running the
 * same job again resumes where it stopped.
 *
 * <p>A run over a longer range with the same start (a whole-video run after one over its first frames) continues the
 * stored run with the same video, model and settings instead of starting again: the run keeps the state it had at the
 * end of its range (before the tracker let go of the frames it held back), so the continuation drops those frames,
 * goes on from that state and ends exactly as an uninterrupted run over the longer range would, identities included.
 * The run itself grows (same id, range and key updated in one transaction). Stored runs that cannot be continued (they
 * start elsewhere, or kept no state) stay as they are, and the new run says so ({@link Result#note()}).
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

    /**
     * What a run did.
     *
     * @param continuedFrom when a stored run over a shorter range was continued: the end of that range (its frames before
     *                      it were kept, up to the ones its end-of-range flush had stored), otherwise -1
     * @param note          one sentence about stored runs of the same model and settings whose frames overlap this one
     *                      but are not part of it (identities not carried over), or null
     */
    public record Result(long runId, int fromFrame, int toFrame, int processed, boolean reusedAll, boolean resumed,
                         double seconds, double inferenceSeconds, double setupSeconds, List<Integer> undecodable, String damageNote,
                         int continuedFrom, String note) {
        /** True when a stored run over a shorter range was continued. */
        public boolean continued() {
            return continuedFrom >= 0;
        }

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

    private PoseAnalysis() {
    }

    /** What identifies a pose run of a (pinned) model with these settings over frames {@code [from, end)} of a video. */
    private static RunSpec spec(Path video, int frames, ModelRegistry.Entry pinned, Settings settings, int from, int end) {
        return new RunSpec(video.toAbsolutePath().toString(), frames, RunKind.POSE, pinned.card().id(), pinned.card().provenance().onnxSha256(),
                pinned.card().toYaml(), settings.json(), from, end);
    }

    /**
     * The stored run a pose run of this model with these settings over frames {@code [from, end)} would continue or
     * reuse (the model as its file is now), if the store has one. Reads the model file's hash; runs nothing.
     *
     * @param frames the video's frame count
     */
    public static java.util.Optional<Run> stored(ResultsStore store, Path video, int frames, ModelRegistry.Entry given, Settings settings, int from,
                                                 int end) {
        return store.runs().find(spec(video, frames, given.pinned(), settings, from, end));
    }

    public static Result run(Path video, ModelRegistry.Entry given, ResultsStore store, int from, int to, Settings settings,
                             OrtRuntime.Device device, TaskContext ctx) {
        return run(video, given, store, from, to, settings, device, 0, ctx);
    }

    /**
     * @param threads the threads the run may use for inference and decoding (when several runs share the machine);
     *                0 for the defaults
     */
    public static Result run(Path video, ModelRegistry.Entry given, ResultsStore store, int from, int to, Settings settings,
                             OrtRuntime.Device device, int threads, TaskContext ctx) {
        return run(video, given, store, from, to, settings, device, threads, null, ctx);
    }

    /**
     * @param threads    the threads the run may use for inference and decoding (when several runs share the machine);
     *                   0 for the defaults
     * @param estimators where the estimator comes from and goes back to (a batch loads each model once); null: the run
     *                   loads its own and closes it
     */
    public static Result run(Path video, ModelRegistry.Entry given, ResultsStore store, int from, int to, Settings settings,
                             OrtRuntime.Device device, int threads, EstimatorPool estimators, TaskContext ctx) {
        ModelRegistry.Entry model = given.pinned(); // the run is filed under the file's hash, and the model loaded must have it
        if (!List.of("one-euro", "savgol", "butterworth", "none").contains(settings.smoothing())) {
            throw DanceLensException.badInput("Unknown smoothing '" + settings.smoothing() + "' (one-euro, savgol, butterworth or none).");
        }
        long t0 = System.nanoTime();
        // The model loads on its own thread while the video is opened and indexed: the two take similar time.
        java.util.concurrent.CompletableFuture<EstimatorPool.Lease> loading = new java.util.concurrent.CompletableFuture<>();
        Thread loader = new Thread(null, () -> {
            try {
                loading.complete(estimators != null
                        ? estimators.lease(model, device, settings.minPersonScore(), settings.maxPeople(), threads)
                        : EstimatorPool.oneOff(PoseEstimators.create(model, device, settings.minPersonScore(), settings.maxPeople(), threads)));
            } catch (Throwable e) {
                loading.completeExceptionally(e);
            }
        }, "dancelens-model-load", 16L << 20);
        loader.setDaemon(true);
        loader.start();
        VideoSource opened;
        try {
            opened = VideoSource.open(video, ctx, 64L << 20, threads);
        } catch (RuntimeException e) {
            loading.thenAccept(EstimatorPool.Lease::close);
            throw e;
        }
        try (VideoSource src = opened;
             EstimatorPool.Lease lease = loaded(loading)) {
            try {
                return analyse(video, model, store, from, to, settings, device, ctx, t0, src, lease.estimator());
            } catch (RuntimeException | Error e) {
                lease.discard(); // a failed or cancelled job's estimator is not lent again
                throw e;
            }
        }
    }

    private static Result analyse(Path video, ModelRegistry.Entry model, ResultsStore store, int from, int to, Settings settings,
                                  OrtRuntime.Device device, TaskContext ctx, long t0, VideoSource src, PoseEstimator est) {
        int frames = src.frameCount();
        int end = to < 0 ? frames : Math.min(to, frames);
        if (from < 0 || from >= end) {
            throw FrameRanges.empty(from, to, src.info().fileName(), frames);
        }
        RunSpec spec = spec(video, frames, model, settings, from, end);
        String doing = "the pose analysis of " + src.info().fileName() + " with " + model.card().id();
        String note = null;
        if (store.runs().find(spec).isEmpty()) {
            java.util.Optional<Run> shorter = continuable(store, spec);
            if (shorter.isPresent()) {
                Run old = shorter.get();
                // Claimed before the run changes: a job still working on the shorter run keeps it to itself.
                try (RunLocks.RunLock lock = store.locks().claim(old.id(), doing)) {
                    if (store.poses().extendRange(old, spec)) {
                        store.runs().ranOn(old.id(), OrtRuntime.resolve(device).toString()); // the run's provenance names its device
                        Run run = store.runs().find(old.id()).orElseThrow();
                        return store.runs().working(run.id(),
                                () -> new Pass(src, est, store, run, from, end, settings, ctx, lock, t0, old.spec().toFrame(), null).run());
                    }
                }
            }
            note = separateRuns(store, spec);
        }
        Run run = store.runs().findOrCreate(spec);
        if (store.poses().firstMissingFrame(run.id(), from, end) >= end) {
            store.runs().setStatus(run.id(), RunStatus.COMPLETE);
            return new Result(run.id(), from, end, 0, true, false, (System.nanoTime() - t0) / 1e9, 0, (System.nanoTime() - t0) / 1e9,
                    store.undecodable().list(run.id()), src.info().damageNote(), -1, note);
        }
        String said = note;
        // One job per run: a second one (another command, or the window) would track the same dancers a second time.
        try (RunLocks.RunLock lock = store.locks().claim(run.id(), doing)) {
            store.runs().ranOn(run.id(), OrtRuntime.resolve(device).toString()); // the run's provenance names its device
            return store.runs().working(run.id(), () -> new Pass(src, est, store, run, from, end, settings, ctx, lock, t0, -1, said).run());
        }
    }

    /** True when two pose runs analyse the same video with the same model and settings (any range). */
    private static boolean sameAnalysis(RunSpec a, RunSpec b) {
        return a.kind() == b.kind() && a.videoPath().equals(b.videoPath()) && a.videoFrames() == b.videoFrames() && a.modelId().equals(b.modelId())
                && a.onnxSha256().equals(b.onnxSha256()) && a.settings().equals(b.settings());
    }

    /**
     * The stored run this one can continue: same video, model and settings, same start, a shorter range, and the state
     * to go on from (the longest such run).
     */
    private static java.util.Optional<Run> continuable(ResultsStore store, RunSpec spec) {
        return store.runs().list(spec.videoPath(), RunKind.POSE).stream()
                .filter(r -> sameAnalysis(r.spec(), spec) && r.spec().fromFrame() == spec.fromFrame() && r.spec().toFrame() < spec.toFrame())
                .filter(r -> store.poses().checkpoint(r.id()).isPresent())
                .max(java.util.Comparator.comparingInt((Run r) -> r.spec().toFrame()).thenComparingLong(Run::id));
    }

    /**
     * The sentence about stored runs of the same model and settings that overlap a new run but are not continued by it,
     * or null: their identities are their own, and a user comparing dancers across them must know.
     */
    private static String separateRuns(ResultsStore store, RunSpec spec) {
        List<String> separate = new ArrayList<>();
        String stuck = null;
        for (Run r : store.runs().list(spec.videoPath(), RunKind.POSE)) {
            RunSpec o = r.spec();
            if (!sameAnalysis(o, spec) || o.key().equals(spec.key()) || o.toFrame() <= spec.fromFrame() || o.fromFrame() >= spec.toFrame()
                    || r.framesDone() == 0) {
                continue;
            }
            String range = String.format(Locale.ROOT, "frames %d-%d (run %d)", o.fromFrame(), o.toFrame() - 1, r.id());
            if (stuck == null && o.fromFrame() == spec.fromFrame() && o.toFrame() < spec.toFrame()) {
                stuck = range;
            } else {
                separate.add(range);
            }
        }
        StringBuilder out = new StringBuilder();
        if (stuck != null) {
            out.append("The stored run over ").append(stuck).append(" cannot be continued, as it kept no tracker state (it was made by an older"
                    + " DanceLens, or its identities were corrected), so this is a new run; identities are not carried over.");
        }
        if (!separate.isEmpty()) {
            String list = String.join(", ", separate) + (separate.size() == 1 ? " was analysed in a separate run" : " were analysed in separate runs")
                    + "; identities are not carried over.";
            out.append(out.length() == 0 ? Character.toUpperCase(list.charAt(0)) + list.substring(1) : " Also " + list);
        }
        return out.length() == 0 ? null : out.toString();
    }

    /** One pass of the job over the frames not done yet, from the saved state (or afresh), until the end, a cancel or a failure. */
    private static final class Pass {
        private final VideoSource src;
        private final PoseEstimator est;
        private final ResultsStore store;
        private final long runId;
        private final int from;
        private final int end;
        private final Settings settings;
        private final TaskContext ctx;
        private final RunLocks.RunLock lock;
        private final long t0;
        private final int continuedFrom;
        private final String note;
        private final PoseTracker.Settings trackerSettings;
        private final List<PoseFrames.FrameResult> batch = new ArrayList<>();
        private final List<Integer> gaps = new ArrayList<>();
        private PoseTracker tracker;
        private Smoother smoother;
        /** The last frame taken from the decoder (decoded or undecodable): the saved state is the state after it. */
        private int lastConsumed;
        private int processed;
        private long inferNanos;

        Pass(VideoSource src, PoseEstimator est, ResultsStore store, Run run, int from, int end, Settings settings, TaskContext ctx,
             RunLocks.RunLock lock, long t0, int continuedFrom, String note) {
            this.src = src;
            this.est = est;
            this.store = store;
            this.runId = run.id();
            this.from = from;
            this.end = end;
            this.settings = settings;
            this.ctx = ctx;
            this.lock = lock;
            this.t0 = t0;
            this.continuedFrom = continuedFrom;
            this.note = note;
            this.trackerSettings = PoseTracker.Settings.defaults(src.info().fps());
        }

        Result run() {
            int start = resumePoint();
            boolean resumed = start > from;
            store.runs().setStatus(runId, RunStatus.RUNNING);
            double setupSeconds = (System.nanoTime() - t0) / 1e9;
            boolean cancelled = false;
            RuntimeException decodeError = null;
            // Commit after a second of work or a second of video, whichever comes first (CommitPolicy).
            CommitPolicy commits = new CommitPolicy(src.info().fps(), System::nanoTime);
            int savedUpTo = start;
            try (DecodeAhead reader = start < end ? DecodeAhead.start(src, start, end, 4, ctx) : null) {
                while (reader != null) {
                    DecodeAhead.Item item = reader.next(100, TimeUnit.MILLISECONDS);
                    if (ctx.isCancelled()) {
                        cancelled = true;
                        break;
                    }
                    if (item == null) {
                        continue;
                    }
                    if (item instanceof DecodeAhead.End e) {
                        decodeError = e.error();
                        break;
                    }
                    if (item instanceof DecodeAhead.Undecodable u) {
                        gaps.add(u.frame());
                        lastConsumed = u.frame();
                    } else if (item instanceof DecodeAhead.Frame fr) {
                        analyse(fr.frame());
                    }
                    if (commits.due(lastConsumed + 1 - savedUpTo)) {
                        save(true);
                        commits.committed();
                        savedUpTo = lastConsumed + 1;
                    }
                    report();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancelled = true;
            } catch (RuntimeException e) {
                // A model or store failure. The reader has stopped (closing it always ends its thread); keep what was
                // computed if the store still takes it.
                try {
                    save(true);
                } catch (RuntimeException again) {
                    e.addSuppressed(again);
                }
                throw e;
            }
            // Save the rest with the state after it. Only at the end of the range does the tracker let go of the frames it
            // holds back; after a cancel or a failure they stay in the saved state, so every stored frame is final and a
            // resumed run computes exactly what an uninterrupted one would. At the end the state before the flush is kept
            // (with the first frame the flush stored), so a longer run can continue from it.
            save(true);
            if (!cancelled && decodeError == null) {
                flush();
            }
            if (decodeError != null) {
                throw decodeError;
            }
            if (cancelled) {
                throw new CancelledException("The pose analysis of " + src.info().fileName());
            }
            int missing = store.poses().firstMissingFrame(runId, from, end);
            if (missing >= end && (settings.smoothing().equals("savgol") || settings.smoothing().equals("butterworth"))) {
                smoothOffline(store, runId, from, end, settings.smoothing(), src.info().fps());
            }
            store.runs().setStatus(runId, missing >= end ? RunStatus.COMPLETE : RunStatus.INCOMPLETE);
            return new Result(runId, from, end, processed, false, resumed, (System.nanoTime() - t0) / 1e9, inferNanos / 1e9, setupSeconds,
                    store.undecodable().list(runId), src.info().damageNote(), continuedFrom, note);
        }

        /** Restores the state saved with the last batch, or starts after the last stored frame with identities seeded from it. */
        private int resumePoint() {
            java.util.Optional<PoseFrames.Checkpoint> cp = store.poses().checkpoint(runId);
            if (cp.isPresent() && cp.get().frame() >= from - 1 && cp.get().frame() < end) {
                restore(cp.get().state());
                lastConsumed = cp.get().frame();
                return cp.get().frame() + 1;
            }
            int start = store.poses().firstMissingFrame(runId, from, end);
            tracker = new PoseTracker(trackerSettings);
            smoother = new Smoother(settings);
            if (start > from) {
                tracker.seed(start - 1, store.poses().read(runId, start - 1, start, false).getOrDefault(start - 1, List.of()));
            }
            lastConsumed = start - 1;
            return start;
        }

        private void analyse(VideoFrame f) {
            long q = System.nanoTime();
            List<Pose> poses = est.estimate(f);
            inferNanos += System.nanoTime() - q;
            for (PoseTracker.Emission e : tracker.update(f.index(), poses)) {
                batch.add(smoother.apply(e, src.index().timeOf(e.frame())));
            }
            lastConsumed = f.index();
            processed++;
        }

        private void report() {
            if ((processed & 7) == 0 || lastConsumed == end - 1) {
                double secs = (System.nanoTime() - t0) / 1e9;
                double fps = processed / Math.max(1e-9, secs);
                int left = end - 1 - lastConsumed;
                String text = String.format(Locale.ROOT, "%s, %.1f frames/s, %s left", Timecode.framesDone(lastConsumed, from, end, src.frameCount()),
                        fps, Timecode.remaining(left / Math.max(1e-9, fps)));
                ctx.progress((double) (lastConsumed - from + 1) / (end - from), text);
                lock.progress(text);
            }
        }

        /** Writes the batch and the undecodable frames found, with the state after them, in one transaction. */
        private void save(boolean withState) {
            store.poses().write(runId, batch, gaps, withState ? new PoseFrames.Checkpoint(lastConsumed, state()) : null);
            batch.clear();
            gaps.clear();
        }

        /**
         * At the end of the range: stores the frames the tracker still holds back, marking the state saved just before as
         * the one at the range end.
         */
        private void flush() {
            for (PoseTracker.Emission e : tracker.flush()) {
                batch.add(smoother.apply(e, src.index().timeOf(e.frame())));
            }
            store.poses().writeFlushed(runId, batch);
            batch.clear();
        }

        private byte[] state() {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try (java.io.DataOutputStream o = new java.io.DataOutputStream(bytes)) {
                o.writeInt(STATE_VERSION);
                List<double[]> regions = est.carryOver();
                o.writeInt(regions.size());
                for (double[] r : regions) {
                    StateCodec.writeDoubles(o, r);
                }
                tracker.save(o);
                smoother.save(o);
            } catch (java.io.IOException e) {
                throw DanceLensException.internal("Could not encode the pose job's state: " + e.getMessage(), e);
            }
            return bytes.toByteArray();
        }

        private void restore(byte[] state) {
            try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(state))) {
                int version = in.readInt();
                if (version != STATE_VERSION) {
                    throw new java.io.IOException("state version " + version);
                }
                int n = in.readInt();
                List<double[]> regions = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    regions.add(StateCodec.readDoubles(in));
                }
                est.carryOver(regions);
                tracker = PoseTracker.restore(trackerSettings, in);
                smoother = Smoother.restore(settings, in);
            } catch (java.io.IOException | RuntimeException e) {
                throw DanceLensException.internal("The saved state of pose run " + runId + " cannot be read: " + e.getMessage(), e);
            }
        }
    }

    /** Version of the checkpoint encoding (tracker, filters, estimator regions). */
    private static final int STATE_VERSION = 1;

    private static EstimatorPool.Lease loaded(java.util.concurrent.CompletableFuture<EstimatorPool.Lease> loading) {
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

        void save(java.io.DataOutputStream o) throws java.io.IOException {
            o.writeInt(filters.size());
            for (Map.Entry<Integer, OneEuroFilter[]> e : new java.util.TreeMap<>(filters).entrySet()) {
                o.writeInt(e.getKey());
                o.writeInt(e.getValue().length);
                for (OneEuroFilter f : e.getValue()) {
                    StateCodec.writeDoubles(o, f.state());
                }
            }
        }

        static Smoother restore(Settings settings, java.io.DataInputStream in) throws java.io.IOException {
            Smoother s = new Smoother(settings);
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                int track = in.readInt();
                OneEuroFilter[] fs = new OneEuroFilter[in.readInt()];
                for (int k = 0; k < fs.length; k++) {
                    fs[k] = new OneEuroFilter(settings.oneEuroMinCutoff(), settings.oneEuroBeta(), 1.0);
                    fs[k].restore(StateCodec.readDoubles(in));
                }
                s.filters.put(track, fs);
            }
            return s;
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
