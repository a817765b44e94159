package org.dancelens.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.dancelens.analysis.store.Maps;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.analysis.store.RunKind;
import org.dancelens.compare.ClassifierComparison;
import org.dancelens.compare.MapComparison;
import org.dancelens.compare.PoseComparison;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.Pose;
import org.dancelens.core.ScoreSeries;
import org.dancelens.core.TaskContext;

/**
 * Two stored runs of one video compared: reads them from the video's results store and hands them to the comparison of
 * their kind ({@link PoseComparison}, {@link ClassifierComparison}, {@link MapComparison}). Window-free: a view-model
 * calls {@link #compare} in a background task and shows the records it returns; the command line writes them.
 *
 * <p>Per-dancer classifier runs are compared dancer by dancer: when both scored the dancers of the same pose run (at the
 * same revision), a dancer is paired with the same track; when they scored different pose runs, the two pose runs are
 * compared and each track is paired with the one most often matched to it ({@link ClassifierComparison#pairsFromIdentities}).
 */
public final class RunComparison {
    /** What was compared: the two runs (A the reference) and the result of their kind. */
    public sealed interface Outcome permits PoseOutcome, ClassifyOutcome, ExplainOutcome {
        Run a();

        Run b();

        default RunKind kind() {
            return a().kind();
        }
    }

    public record PoseOutcome(Run a, Run b, PoseComparison.Result result) implements Outcome {
    }

    /** @param pairing how the dancers were paired (one sentence), empty for whole-frame runs */
    public record ClassifyOutcome(Run a, Run b, String pairing, ClassifierComparison.Result result) implements Outcome {
    }

    public record ExplainOutcome(Run a, Run b, MapComparison.Result result) implements Outcome {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunComparison() {
    }

    /**
     * Run {@code id} of the store, or one sentence saying there is none.
     *
     * @param which how the run was named, e.g. "Run A"
     */
    public static Run find(ResultsStore store, long id, String which) {
        return store.runs().find(id).orElseThrow(() -> DanceLensException.badInput(which + " (" + id + ") is not in the results store "
                + store.file().getFileName() + "."));
    }

    /**
     * The runs run A can be compared with: the other runs of its video and kind that hold results, oldest first (empty
     * for attribution runs, which have no comparison).
     */
    public static List<Run> comparableWith(ResultsStore store, Run a) {
        if (a.kind() == RunKind.ATTRIBUTION) {
            return List.of();
        }
        return store.runs().list(a.videoPath(), a.kind()).stream().filter(r -> r.id() != a.id() && r.framesDone() > 0)
                .sorted(java.util.Comparator.comparingLong(Run::id)).toList();
    }

    /**
     * Refuses two runs that cannot be compared, with one sentence: the same run twice, runs of different videos or
     * kinds, a kind without a comparison (attribution), or a run without results.
     */
    public static void check(Run a, Run b) {
        if (a.id() == b.id()) {
            throw DanceLensException.badInput("Runs A and B are both run " + a.id() + ": choose two different runs.");
        }
        if (!a.videoPath().equals(b.videoPath())) {
            throw DanceLensException.badInput("Run " + a.id() + " is of " + Path.of(a.videoPath()).getFileName() + " and run " + b.id() + " of "
                    + Path.of(b.videoPath()).getFileName() + ": compare two runs of the same video.");
        }
        if (a.kind() != b.kind()) {
            throw DanceLensException.badInput("Run " + a.id() + " is a " + a.kind().key() + " run and run " + b.id() + " a " + b.kind().key()
                    + " run: compare two runs of the same kind.");
        }
        if (a.kind() == RunKind.ATTRIBUTION) {
            throw DanceLensException.badInput("Runs " + a.id() + " and " + b.id() + " are attribution runs, which cannot be compared yet: compare pose, "
                    + "classify or explain runs.");
        }
        for (Run r : List.of(a, b)) {
            if (r.framesDone() == 0) {
                throw DanceLensException.badInput("Run " + r.id() + " (" + r.modelId() + ") holds no results yet, so there is nothing to compare.");
            }
        }
    }

    /** Compares two runs of the store (see {@link #check} for what is refused). */
    public static Outcome compare(ResultsStore store, Run a, Run b, TaskContext ctx) {
        check(a, b);
        return switch (a.kind()) {
            case POSE -> poses(store, a, b, ctx);
            case CLASSIFY -> scores(store, a, b, ctx);
            case EXPLAIN -> maps(store, a, b, ctx);
            default -> throw new IllegalStateException(a.kind().toString());
        };
    }

    private static PoseOutcome poses(ResultsStore store, Run a, Run b, TaskContext ctx) {
        ctx.progress(0, "reading run " + a.id());
        Map<Integer, List<Pose>> pa = store.poses().read(a.id(), a.spec().fromFrame(), a.spec().toFrame(), false);
        ctx.checkCancelled();
        ctx.progress(0.2, "reading run " + b.id());
        Map<Integer, List<Pose>> pb = store.poses().read(b.id(), b.spec().fromFrame(), b.spec().toFrame(), false);
        ctx.checkCancelled();
        PoseComparison.Result r = PoseComparison.compare(new TreeSet<>(store.poses().frameTimes(a.id()).keySet()), pa,
                new TreeSet<>(store.poses().frameTimes(b.id()).keySet()), pb, PoseComparison.Settings.defaults(), ctx.scaled(0.4, 1, ""));
        return new PoseOutcome(a, b, r);
    }

    private static ClassifyOutcome scores(ResultsStore store, Run a, Run b, TaskContext ctx) {
        ctx.progress(0, "reading the scores");
        List<ScoreSeries> sa = store.scores().read(a.id());
        List<ScoreSeries> sb = store.scores().read(b.id());
        ctx.checkCancelled();
        Map<Integer, Integer> pairs = Map.of();
        String pairing = "";
        if (ClassifierComparison.perDancer(sa) && ClassifierComparison.perDancer(sb)) {
            long poseA = poseRun(a);
            long poseB = poseRun(b);
            if (poseA == poseB) {
                if (poseRevision(a) != poseRevision(b)) {
                    throw DanceLensException.badInput("Runs " + a.id() + " and " + b.id() + " scored the dancers of pose run " + poseA
                            + " before and after its identities were corrected, so their dancers cannot be paired: classify again.");
                }
                pairs = ClassifierComparison.sameTracks(sa, sb);
                pairing = "the same tracks of pose run " + poseA;
            } else {
                Run ra = current(store, a, poseA);
                Run rb = current(store, b, poseB);
                PoseComparison.Result pose = poses(store, ra, rb, ctx.scaled(0.05, 0.8, "pairing dancers: ")).result();
                pairs = ClassifierComparison.pairsFromIdentities(pose.identities());
                pairing = "tracks of pose runs " + poseA + " and " + poseB + " most often matched (OKS)";
            }
        }
        ClassifierComparison.Result r = ClassifierComparison.compare(sa, sb, pairs, ctx.scaled(0.8, 1, ""));
        return new ClassifyOutcome(a, b, pairing, r);
    }

    /** The pose run a per-dancer classify run scored, as it still is (its identities not corrected since). */
    private static Run current(ResultsStore store, Run classify, long poseRunId) {
        Run pose = store.runs().find(poseRunId).orElseThrow(() -> DanceLensException.badInput("Run " + classify.id() + " scored the dancers of pose run "
                + poseRunId + ", which is no longer in the store, so its dancers cannot be paired."));
        if (pose.revision() != poseRevision(classify)) {
            throw DanceLensException.badInput("The identities of pose run " + poseRunId + " were corrected after run " + classify.id()
                    + " scored its dancers, so they cannot be paired: classify again.");
        }
        return pose;
    }

    private static JsonNode settings(Run r) {
        try {
            return JSON.readTree(r.spec().settings());
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static long poseRun(Run classify) {
        JsonNode n = settings(classify).get("poseRun");
        if (n == null || !n.canConvertToLong()) {
            throw DanceLensException.badInput("Run " + classify.id() + " scores dancers but does not record which pose run they came from,"
                    + " so its dancers cannot be paired.");
        }
        return n.asLong();
    }

    private static int poseRevision(Run classify) {
        JsonNode n = settings(classify).get("poseRevision");
        return n == null ? 0 : n.asInt();
    }

    private static ExplainOutcome maps(ResultsStore store, Run a, Run b, TaskContext ctx) {
        ctx.progress(0, "reading run " + a.id());
        Map<Integer, MapComparison.ExplainMap> ma = maps(store, a);
        ctx.checkCancelled();
        ctx.progress(0.3, "reading run " + b.id());
        Map<Integer, MapComparison.ExplainMap> mb = maps(store, b);
        ctx.checkCancelled();
        return new ExplainOutcome(a, b, MapComparison.compare(ma, mb, ctx.scaled(0.6, 1, "")));
    }

    private static Map<Integer, MapComparison.ExplainMap> maps(ResultsStore store, Run r) {
        Map<Integer, MapComparison.ExplainMap> out = new TreeMap<>();
        for (Maps.MapFrame m : store.maps().read(r.id(), r.spec().fromFrame(), r.spec().toFrame()).values()) {
            out.put(m.frame(), new MapComparison.ExplainMap(m.frame(), m.classIndex(), m.height(), m.width(), m.map(), m.region()));
        }
        return out;
    }
}
