package org.dancelens.analysis;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.analysis.store.RunKind;
import org.dancelens.compare.PoseAlignment;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.Pose;
import org.dancelens.core.TaskContext;

/**
 * A dancer against a reference, read from the results stores: one dancer (a track) of a pose run of each of two videos,
 * or two dancers of one run (unison), each from its sync point on, handed to {@link PoseAlignment}. Window-free: the
 * command line writes the outcome, a view-model would show it.
 *
 * <p>The keypoints are the stored <b>raw</b> ones (what the model saw, as the comparison of runs uses) unless
 * {@code smoothed} asks for the smoothed ones the player draws by default.
 */
public final class DancerAlignment {
    /**
     * One side as compared.
     *
     * @param fromFrame the first frame of the range (the first stored frame at or after the sync point)
     * @param toFrame   the last frame of the range, inclusive
     * @param seen      frames of the range where the dancer was found
     */
    public record Side(Run run, int track, double syncS, int fromFrame, int toFrame, int seen) {
    }

    public record Outcome(Side a, Side b, boolean smoothed, PoseAlignment.Result result) {
    }

    /** A pose run's stored frames (times) and its dancers' poses by track and frame. */
    public record Loaded(Run run, NavigableMap<Integer, Double> times, Map<Integer, Map<Integer, Pose>> byTrack) {
        /** The track seen in most frames (the lower id on a tie). */
        public int longestTrack() {
            return byTrack.entrySet().stream().max(java.util.Comparator.<Map.Entry<Integer, Map<Integer, Pose>>>comparingInt(e -> e.getValue().size())
                    .thenComparing(e -> -e.getKey())).orElseThrow(() -> DanceLensException.badInput("Pose run " + run.id() + " of "
                            + Path.of(run.videoPath()).getFileName() + " found no dancer, so there is no one to compare.")).getKey();
        }
    }

    private DancerAlignment() {
    }

    /** The newest finished pose run of {@code model} for the video, if any. */
    public static Optional<Run> newestPoseRun(ResultsStore store, String videoPath, String model) {
        return store.runs().list(videoPath, RunKind.POSE).stream().filter(r -> r.modelId().equals(model) && r.finished()).findFirst();
    }

    /** Reads a pose run's frame times and poses (raw or smoothed keypoints). */
    public static Loaded load(ResultsStore store, Run run, boolean smoothed) {
        NavigableMap<Integer, Double> times = new TreeMap<>(store.poses().frameTimes(run.id()));
        Map<Integer, Map<Integer, Pose>> byTrack = new TreeMap<>();
        store.poses().read(run.id(), run.spec().fromFrame(), run.spec().toFrame(), smoothed)
                .forEach((frame, poses) -> poses.forEach(p -> byTrack.computeIfAbsent(p.trackId(), k -> new HashMap<>()).put(frame, p)));
        return new Loaded(run, times, byTrack);
    }

    /**
     * Aligns dancer {@code trackB} of B to dancer {@code trackA} of A, each from its sync point (seconds) for
     * {@code durationS} seconds (NaN: to the end of its run).
     */
    public static Outcome align(Loaded a, int trackA, double syncA, Loaded b, int trackB, double syncB, double durationS, boolean smoothed,
                                PoseAlignment.Settings settings, TaskContext ctx) {
        PoseAlignment.Side sa = side(a, trackA, syncA, durationS, "A");
        PoseAlignment.Side sb = side(b, trackB, syncB, durationS, "B");
        PoseAlignment.Result r = PoseAlignment.align(sa, sb, settings, ctx);
        return new Outcome(info(a, trackA, sa), info(b, trackB, sb), smoothed, r);
    }

    private static Side info(Loaded l, int track, PoseAlignment.Side s) {
        return new Side(l.run(), track, s.originS(), s.times().firstKey(), s.times().lastKey(), s.poses().size());
    }

    private static PoseAlignment.Side side(Loaded l, int track, double sync, double durationS, String which) {
        String video = Path.of(l.run().videoPath()).getFileName().toString();
        Map<Integer, Pose> poses = l.byTrack().get(track);
        if (poses == null) {
            throw DanceLensException.badInput("Dancer " + track + " is not in pose run " + l.run().id() + " of " + video + " (its dancers: "
                    + l.byTrack().keySet().stream().map(String::valueOf).collect(Collectors.joining(", ")) + ").");
        }
        NavigableMap<Integer, Double> range = new TreeMap<>();
        for (Map.Entry<Integer, Double> e : l.times().entrySet()) {
            double t = e.getValue();
            if (t >= sync - 1e-6 && (Double.isNaN(durationS) || t < sync + durationS - 1e-6)) {
                range.put(e.getKey(), t);
            }
        }
        if (range.isEmpty()) {
            throw DanceLensException.badInput("The sync point of " + which + " (" + sync + " s) is after the last analysed frame of " + video + " ("
                    + String.format(java.util.Locale.ROOT, "%.3f", l.times().isEmpty() ? 0 : l.times().lastEntry().getValue()) + " s).");
        }
        Map<Integer, Pose> inRange = new HashMap<>();
        poses.forEach((f, p) -> {
            if (range.containsKey(f)) {
                inRange.put(f, p);
            }
        });
        if (inRange.isEmpty()) {
            throw DanceLensException.badInput("Dancer " + track + " of " + video + " is not seen after the sync point " + sync + " s.");
        }
        return new PoseAlignment.Side(range, inRange, sync);
    }

    /** The dancers of a loaded run, by id. */
    public static List<Integer> tracks(Loaded l) {
        return List.copyOf(l.byTrack().keySet());
    }
}
