package org.dancelens.analysis;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.analysis.store.RunKind;
import org.dancelens.analysis.store.RunSpec;
import org.dancelens.analysis.store.RunStatus;
import org.dancelens.core.AudioTrack;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.Pose;
import org.dancelens.core.TaskContext;
import org.dancelens.movement.Calibration;
import org.dancelens.movement.Kinematics;
import org.dancelens.movement.KinematicsResult;
import org.dancelens.movement.Track;
import org.dancelens.movement.music.BeatAlignment;
import org.dancelens.movement.music.KinematicBeats;
import org.dancelens.movement.music.MusicAnalysis;
import org.dancelens.video.AudioDecoder;

/**
 * Movement and music from a video's stored results: the kinematics of every dancer of a stored pose run (its smoothed
 * keypoints on the run's stored frame times), and the music of the video's audio with each dancer's kinematic beats
 * and beat alignment score. The command line and the workbench share it.
 */
public final class MovementAnalysis {
    /** The beat alignment score's windows over time: 8 s, every second. */
    public static final double ALIGNMENT_WINDOW_SECONDS = 8.0;
    public static final double ALIGNMENT_STEP_SECONDS = 1.0;
    /** Joints scoring under this are gaps unless the user says otherwise (the commands' {@code --min-score}, the workbench). */
    public static final double DEFAULT_MIN_SCORE = 0.3;

    private MovementAnalysis() {
    }

    /**
     * Every dancer's measures.
     *
     * @param poseRun   the pose run measured
     * @param minScore  joints scoring under this are gaps
     * @param options   the kinematics options (space, calibration...)
     * @param dancers   one result per dancer, by track id
     * @param skipped   dancers seen in fewer than two frames (not measured)
     */
    public record KinematicsRun(Run poseRun, double minScore, Kinematics.Options options, List<KinematicsResult> dancers, List<Integer> skipped) {
    }

    /** The music and how each dancer meets it ({@code alignments} empty without a pose run). */
    public record MusicRun(MusicAnalysis.Settings settings, MusicAnalysis.Result music, KinematicsRun movement,
                           Map<Integer, MusicAnalysis.Alignment> alignments) {
    }

    /**
     * Two dancers' synchrony on one series: the windows of {@link org.dancelens.movement.Synchrony}, or why there are
     * none ({@code windows} empty, {@code reason} a sentence).
     */
    public record SynchronyPair(int a, int b, String series, List<org.dancelens.movement.Synchrony.Window> windows, String reason) {
        public SynchronyPair {
            windows = List.copyOf(windows);
        }
    }

    /** The kinematics of every dancer of a stored pose run, in image coordinates. */
    public static KinematicsRun kinematics(ResultsStore store, Run poseRun, double minScore, Calibration calibration, TaskContext ctx) {
        return kinematics(store, poseRun, minScore, calibration, org.dancelens.movement.Space.IMAGE, ctx);
    }

    /**
     * The kinematics of every dancer of a stored pose run, in image coordinates (pixels, or metres through a
     * calibration) or in the model's 3D world coordinates (metres; only for models that give them).
     */
    public static KinematicsRun kinematics(ResultsStore store, Run poseRun, double minScore, Calibration calibration,
                                           org.dancelens.movement.Space space, TaskContext ctx) {
        if (space == org.dancelens.movement.Space.WORLD && calibration != null) {
            throw DanceLensException.badInput("A calibration turns image pixels into metres; world (3D) keypoints are in metres already, so use one or the other.");
        }
        if (poseRun.kind() != RunKind.POSE) {
            throw new IllegalArgumentException("run " + poseRun.id() + " is not a pose run");
        }
        if (!(minScore >= 0 && minScore <= 1)) {
            throw DanceLensException.badInput("--min-score takes a confidence from 0 to 1, not " + minScore + ".");
        }
        Kinematics.Options options = Kinematics.Options.DEFAULT.withCalibration(calibration).withSpace(space);
        ctx.progress(0, "Reading poses");
        Map<Integer, List<Pose>> byFrame = store.poses().read(poseRun.id(), poseRun.spec().fromFrame(), poseRun.spec().toFrame(), true);
        double[] times = frameTimes(store.poses().frameTimes(poseRun.id()), poseRun.spec().toFrame());
        Map<Integer, Map<Integer, Pose>> byDancer = new TreeMap<>();
        byFrame.forEach((f, poses) -> poses.forEach(p -> byDancer.computeIfAbsent(p.trackId(), k -> new HashMap<>()).put(f, p)));
        List<KinematicsResult> dancers = new ArrayList<>();
        List<Integer> skipped = new ArrayList<>();
        int i = 0;
        for (Map.Entry<Integer, Map<Integer, Pose>> e : byDancer.entrySet()) {
            ctx.checkCancelled();
            ctx.progress(0.05 + 0.95 * i++ / byDancer.size(), "Dancer " + e.getKey());
            if (e.getValue().size() < 2) {
                skipped.add(e.getKey());
                continue;
            }
            Track track = Track.of(e.getValue(), times, minScore);
            if (space == org.dancelens.movement.Space.WORLD && !track.hasWorld()) {
                throw DanceLensException.badInput("Pose run " + poseRun.id() + " (" + poseRun.modelId() + ") holds no world (3D) keypoints, so its movement"
                        + " cannot be measured in metres: measure it in image coordinates, or analyse with a model that gives 3D keypoints (BlazePose).");
            }
            dancers.add(Kinematics.measure(track, options));
        }
        ctx.progress(1, dancers.size() + " dancers measured");
        return new KinematicsRun(poseRun, minScore, options, dancers, skipped);
    }

    /**
     * The synchrony of every pair of dancers on one of their series (e.g. {@code energy}): windowed cross-correlation
     * over the frames both were measured in. A pair sharing too few frames for one window gets the reason instead.
     */
    public static List<SynchronyPair> synchrony(KinematicsRun k, String series, org.dancelens.movement.Synchrony.Options options, TaskContext ctx) {
        List<KinematicsResult> ds = k.dancers();
        if (!ds.isEmpty() && !ds.get(0).names().contains(series)) {
            throw DanceLensException.badInput("There is no measure called '" + series + "'; choose one of the kinematics CSV's columns, e.g. energy or angle.left_knee.");
        }
        List<SynchronyPair> out = new ArrayList<>();
        for (int i = 0; i < ds.size(); i++) {
            for (int j = i + 1; j < ds.size(); j++) {
                ctx.checkCancelled();
                KinematicsResult a = ds.get(i);
                KinematicsResult b = ds.get(j);
                int first = Math.max(a.frames()[0], b.frames()[0]);
                int last = Math.min(a.frames()[a.size() - 1], b.frames()[b.size() - 1]);
                double shared = last < first ? 0 : a.times()[last - a.frames()[0]] - a.times()[first - a.frames()[0]];
                if (last < first + 2 || shared < options.windowSeconds()) {
                    out.add(new SynchronyPair(a.trackId(), b.trackId(), series, List.of(), String.format(java.util.Locale.ROOT,
                            "dancers %d and %d share %.2f s, less than one %.1f s window", a.trackId(), b.trackId(), Math.max(0, shared), options.windowSeconds())));
                    continue;
                }
                out.add(new SynchronyPair(a.trackId(), b.trackId(), series, Kinematics.synchrony(a, b, series, options), ""));
            }
        }
        return out;
    }

    /**
     * The time of every frame {@code [0, frames)} from the stored times of a run's finished frames; frames without a
     * stored time (outside the run's range, undecodable) are placed on the straight line through their neighbours, or
     * at the median frame step past the ends.
     */
    static double[] frameTimes(Map<Integer, Double> stored, int frames) {
        TreeMap<Integer, Double> known = new TreeMap<>();
        stored.forEach((f, t) -> {
            if (t != null && Double.isFinite(t)) {
                known.put(f, t);
            }
        });
        int n = Math.max(frames, known.isEmpty() ? 0 : known.lastKey() + 1);
        double[] out = new double[n];
        if (known.isEmpty()) {
            throw DanceLensException.badInput("The pose run holds no frame times, so its movement cannot be measured: run 'dancelens analyze' again.");
        }
        List<Double> steps = new ArrayList<>();
        Map.Entry<Integer, Double> prev = null;
        for (Map.Entry<Integer, Double> e : known.entrySet()) {
            if (prev != null) {
                steps.add((e.getValue() - prev.getValue()) / (e.getKey() - prev.getKey()));
            }
            prev = e;
        }
        steps.sort(null);
        double step = steps.isEmpty() ? 1 / 30.0 : steps.get(steps.size() / 2);
        for (int f = 0; f < n; f++) {
            Map.Entry<Integer, Double> lo = known.floorEntry(f);
            Map.Entry<Integer, Double> hi = known.ceilingEntry(f);
            if (lo != null && lo.getKey() == f) {
                out[f] = lo.getValue();
            } else if (lo != null && hi != null) {
                out[f] = lo.getValue() + (hi.getValue() - lo.getValue()) * (f - lo.getKey()) / (hi.getKey() - lo.getKey());
            } else if (lo != null) {
                out[f] = lo.getValue() + step * (f - lo.getKey());
            } else {
                out[f] = hi.getValue() - step * (hi.getKey() - f);
            }
        }
        return out;
    }

    /**
     * The music of a video: its audio decoded and analysed; with a pose run's kinematics, each dancer's kinematic beats
     * (local minima of the movement energy) and beat alignment score against the music's beats.
     */
    public static MusicRun music(Path video, KinematicsRun movement, TaskContext ctx) {
        AudioTrack audio = audio(video, ctx.scaled(0, 0.4, "Decoding audio: "));
        ctx.checkCancelled();
        return music(audio, movement, ctx.scaled(0.4, 1, ""));
    }

    /** The video's audio decoded for the music analysis (mono, at the analysis rate). */
    public static AudioTrack audio(Path video, TaskContext ctx) {
        return AudioDecoder.decode(video, MusicAnalysis.Settings.defaults().sampleRate(), ctx);
    }

    /** The music of decoded audio ({@link #audio}) and, with a pose run's kinematics, how each dancer meets it. */
    public static MusicRun music(AudioTrack audio, KinematicsRun movement, TaskContext ctx) {
        MusicAnalysis.Settings settings = MusicAnalysis.Settings.defaults();
        MusicAnalysis.Result r = MusicAnalysis.analyze(audio, settings, ctx.scaled(0, 0.95, ""));
        Map<Integer, MusicAnalysis.Alignment> alignments = movement == null ? new TreeMap<>() : alignments(r.beatTimes(), movement, ctx);
        ctx.progress(1, r.beatTimes().length + " beats");
        return new MusicRun(settings, r, movement, alignments);
    }

    /** Every measured dancer's kinematic beats and beat alignment score ({@link #align}), by track id. */
    public static Map<Integer, MusicAnalysis.Alignment> alignments(double[] musicBeats, KinematicsRun movement, TaskContext ctx) {
        Map<Integer, MusicAnalysis.Alignment> alignments = new TreeMap<>();
        for (KinematicsResult d : movement.dancers()) {
            ctx.checkCancelled();
            alignments.put(d.trackId(), align(musicBeats, d));
        }
        return alignments;
    }

    /**
     * Records a kinematics or music run with its files (as its command wrote them), complete. Every call records a new
     * run (the time it was recorded is part of its settings), so a re-run never replaces an earlier one silently.
     *
     * @param poseRun  the pose run the measures came from, or null (music without dancers)
     * @param settings the run's settings (the pose run's id and revision are added)
     */
    public static Run record(ResultsStore store, RunKind kind, Path video, int videoFrames, Run poseRun, Map<String, Object> settings,
                             Map<String, byte[]> files) {
        if (kind != RunKind.KINEMATICS && kind != RunKind.MUSIC) {
            throw new IllegalArgumentException(kind.toString());
        }
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode s = json.valueToTree(settings);
        if (poseRun != null) {
            s.put("poseRun", poseRun.id());
            s.put("poseRevision", poseRun.revision());
        }
        s.put("recorded", java.time.Instant.now().toString() + "#" + java.util.UUID.randomUUID());
        String text;
        try {
            text = json.writeValueAsString(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw DanceLensException.internal("Could not record the " + kind.key() + " run's settings.", e);
        }
        int frames = poseRun != null ? poseRun.spec().videoFrames() : videoFrames;
        RunSpec spec = new RunSpec(video.toAbsolutePath().toString(), frames, kind, poseRun != null ? poseRun.modelId() : kind.key(),
                poseRun != null ? poseRun.spec().onnxSha256() : "", "", text, poseRun != null ? poseRun.spec().fromFrame() : 0,
                poseRun != null ? poseRun.spec().toFrame() : frames);
        Run run = store.runs().findOrCreate(spec);
        store.files().write(run.id(), files);
        store.runs().setStatus(run.id(), RunStatus.COMPLETE);
        return store.runs().find(run.id()).orElseThrow();
    }

    /** One dancer's kinematic beats (of the energy) and beat alignment score (Bailando's direction, σ = 0.05 s). */
    public static MusicAnalysis.Alignment align(double[] musicBeats, KinematicsResult dancer) {
        return MusicAnalysis.align(musicBeats, dancer.times(), dancer.values("energy"), KinematicBeats.Settings.defaults(),
                BeatAlignment.DEFAULT_SIGMA_SECONDS, BeatAlignment.Direction.MUSIC_BEATS, ALIGNMENT_WINDOW_SECONDS, ALIGNMENT_STEP_SECONDS);
    }
}
