package org.dancelens.compare;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.ScoreSeries;
import org.dancelens.core.TaskContext;

/**
 * Two classifier runs of one video compared frame by frame: whole-frame runs (track -1) frame against frame,
 * per-dancer runs dancer against dancer (the track pairs the caller gives).
 *
 * <p><b>Labels</b> are matched by name, trimmed and compared without case; a label of one run the other lacks is listed
 * in {@link LabelMatch}, never dropped: its frames still count (as a disagreement when it is a top label).
 *
 * <p>Per frame: each run's <b>top label</b> (over all its labels; the first of tied ones) and whether the two are the same
 * label; the <b>Jensen–Shannon divergence</b> (bits, in [0, 1]) of the two score vectors restricted to the matched labels
 * and renormalised to sum 1 there (NaN when fewer than two labels match, or a vector has a negative value or sums to 0
 * there, as logits can). <b>Disagreement segments</b>: runs of consecutive frames whose top labels differ. The
 * <b>confusion table</b> counts A's top label (rows, A's labels) against B's (columns, B's labels). <b>Cohen's kappa</b>
 * is computed over one set of categories: the matched labels, A's unmatched ones and B's unmatched ones.
 */
public final class ClassifierComparison {
    /**
     * Labels matched by name.
     *
     * @param bOfA for each of A's labels the index of B's label with the same name, or -1
     */
    public record LabelMatch(List<String> labelsA, List<String> labelsB, int[] bOfA, List<String> unmatchedA, List<String> unmatchedB) {
        public int matched() {
            return (int) java.util.Arrays.stream(bOfA).filter(j -> j >= 0).count();
        }
    }

    /** One frame of one dancer pair (tracks -1 for whole-frame runs). */
    public record Frame(int trackA, int trackB, int frame, String topA, String topB, boolean agree, double js) {
    }

    /** Consecutive frames of one dancer pair whose top labels differ; {@code topA}/{@code topB} the most frequent there. */
    public record Segment(int trackA, int trackB, int startFrame, int endFrame, String topA, String topB) {
        public int frames() {
            return endFrame - startFrame + 1;
        }
    }

    /** {@code counts[i][j]}: frames where A's top label was {@code labelsA[i]} and B's {@code labelsB[j]}. */
    public record Confusion(List<String> labelsA, List<String> labelsB, long[][] counts) {
    }

    /**
     * @param frames     frames compared (over all dancer pairs)
     * @param agreement  share of them with the same top label (NaN when none)
     * @param meanJs     mean JS divergence over the frames where it is defined (NaN when none)
     * @param jsUndefined frames without a JS divergence
     * @param framesOnlyA frames (of the paired dancers) scored by A only, not compared
     * @param framesOnlyB frames scored by B only
     */
    public record Summary(int frames, int agreeing, double agreement, double kappa, double meanJs, int jsUndefined, int segments, int framesOnlyA,
                          int framesOnlyB) {
    }

    /** The dancer pairs compared ({@code -1, -1} for whole-frame runs) and the tracks of either run left without a partner. */
    public record Tracks(Map<Integer, Integer> pairs, List<Integer> unpairedA, List<Integer> unpairedB) {
    }

    public record Result(LabelMatch labels, Tracks tracks, List<Frame> frames, List<Segment> segments, Confusion confusion, Summary summary) {
    }

    private ClassifierComparison() {
    }

    static String norm(String label) {
        return label.trim().toLowerCase(Locale.ROOT);
    }

    /** A's labels matched to B's by name (trimmed, case-insensitive); each label of B is used once. */
    public static LabelMatch matchLabels(List<String> a, List<String> b) {
        int[] bOfA = new int[a.size()];
        boolean[] used = new boolean[b.size()];
        List<String> unA = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            bOfA[i] = -1;
            for (int j = 0; j < b.size(); j++) {
                if (!used[j] && norm(a.get(i)).equals(norm(b.get(j)))) {
                    bOfA[i] = j;
                    used[j] = true;
                    break;
                }
            }
            if (bOfA[i] < 0) {
                unA.add(a.get(i));
            }
        }
        List<String> unB = new ArrayList<>();
        for (int j = 0; j < b.size(); j++) {
            if (!used[j]) {
                unB.add(b.get(j));
            }
        }
        return new LabelMatch(List.copyOf(a), List.copyOf(b), bOfA, List.copyOf(unA), List.copyOf(unB));
    }

    /** True when the run scores dancers (tracks other than -1), false when it scores whole frames. */
    public static boolean perDancer(List<ScoreSeries> run) {
        return run.stream().anyMatch(s -> s.track() != -1);
    }

    /**
     * One-to-one dancer pairs from a pose comparison's identity pairs: the most often matched pairs first, each track
     * used once.
     */
    public static Map<Integer, Integer> pairsFromIdentities(List<PoseComparison.IdentityPair> identities) {
        List<PoseComparison.IdentityPair> sorted = new ArrayList<>(identities);
        sorted.sort(java.util.Comparator.comparingInt(PoseComparison.IdentityPair::frames).reversed()
                .thenComparing(java.util.Comparator.comparingDouble(PoseComparison.IdentityPair::meanOks).reversed()));
        Map<Integer, Integer> out = new LinkedHashMap<>();
        Set<Integer> usedB = new HashSet<>();
        for (PoseComparison.IdentityPair p : sorted) {
            if (!out.containsKey(p.trackA()) && usedB.add(p.trackB())) {
                out.put(p.trackA(), p.trackB());
            }
        }
        return out;
    }

    /** The identity pairs of tracks both runs have (for per-dancer runs made from the same pose run). */
    public static Map<Integer, Integer> sameTracks(List<ScoreSeries> a, List<ScoreSeries> b) {
        Set<Integer> inB = new HashSet<>();
        b.forEach(s -> inB.add(s.track()));
        Map<Integer, Integer> out = new LinkedHashMap<>();
        a.stream().map(ScoreSeries::track).filter(inB::contains).forEach(t -> out.put(t, t));
        return out;
    }

    /**
     * Compares two classifier runs.
     *
     * @param trackPairs A's track to B's for per-dancer runs; ignored (the whole-frame series are paired) when both runs
     *                   score whole frames
     * @throws DanceLensException (bad input) when one run scores dancers and the other whole frames
     */
    public static Result compare(List<ScoreSeries> a, List<ScoreSeries> b, Map<Integer, Integer> trackPairs, TaskContext ctx) {
        if (a.isEmpty() || b.isEmpty()) {
            throw DanceLensException.badInput("Run " + (a.isEmpty() ? "A" : "B") + " holds no scores, so there is nothing to compare.");
        }
        boolean dancersA = perDancer(a);
        if (dancersA != perDancer(b)) {
            throw DanceLensException.badInput("Run " + (dancersA ? "A" : "B") + " scores each dancer and run " + (dancersA ? "B" : "A")
                    + " whole frames, so their scores cannot be compared frame by frame.");
        }
        LabelMatch labels = matchLabels(a.get(0).labels(), b.get(0).labels());
        Map<Integer, ScoreSeries> byA = new HashMap<>();
        a.forEach(s -> byA.put(s.track(), s));
        Map<Integer, ScoreSeries> byB = new HashMap<>();
        b.forEach(s -> byB.put(s.track(), s));
        Map<Integer, Integer> pairs = new LinkedHashMap<>();
        if (!dancersA) {
            pairs.put(-1, -1);
        } else {
            trackPairs.forEach((ta, tb) -> {
                if (byA.containsKey(ta) && byB.containsKey(tb)) {
                    pairs.put(ta, tb);
                }
            });
        }
        List<Integer> unA = a.stream().map(ScoreSeries::track).filter(t -> !pairs.containsKey(t)).toList();
        List<Integer> unB = b.stream().map(ScoreSeries::track).filter(t -> !pairs.containsValue(t)).toList();
        Tracks tracks = new Tracks(pairs, unA, unB);

        int nA = labels.labelsA().size();
        int nB = labels.labelsB().size();
        // Kappa's categories: A's labels (matched ones stand for both), then B's unmatched labels.
        int[] catOfB = new int[nB];
        java.util.Arrays.fill(catOfB, -1);
        for (int i = 0; i < nA; i++) {
            if (labels.bOfA()[i] >= 0) {
                catOfB[labels.bOfA()[i]] = i;
            }
        }
        int k = nA;
        for (int j = 0; j < nB; j++) {
            if (catOfB[j] < 0) {
                catOfB[j] = k++;
            }
        }
        long[][] kappaTable = new long[k][k];
        long[][] confusion = new long[nA][nB];
        List<Frame> frames = new ArrayList<>();
        List<Segment> segments = new ArrayList<>();
        int onlyA = 0;
        int onlyB = 0;
        int p = 0;
        for (Map.Entry<Integer, Integer> pair : pairs.entrySet()) {
            ctx.checkCancelled();
            ctx.progress((double) p++ / pairs.size(), pairs.size() == 1 ? "scores" : "dancer " + p + " of " + pairs.size());
            ScoreSeries sa = byA.get(pair.getKey());
            ScoreSeries sb = byB.get(pair.getValue());
            Map<Integer, Integer> rowB = new HashMap<>();
            for (int i = 0; i < sb.size(); i++) {
                rowB.put(sb.frames()[i], i);
            }
            Set<Integer> seenB = new HashSet<>();
            List<Frame> mine = new ArrayList<>();
            for (int i = 0; i < sa.size(); i++) {
                Integer r = rowB.get(sa.frames()[i]);
                if (r == null) {
                    onlyA++;
                    continue;
                }
                seenB.add(r);
                float[] va = sa.scores()[i];
                float[] vb = sb.scores()[r];
                int ta = argmax(va);
                int tb = argmax(vb);
                boolean agree = ta >= 0 && tb >= 0 && labels.bOfA()[ta] == tb;
                if (ta >= 0 && tb >= 0) {
                    confusion[ta][tb]++;
                    kappaTable[ta][catOfB[tb]]++;
                }
                mine.add(new Frame(pair.getKey(), pair.getValue(), sa.frames()[i], ta >= 0 ? labels.labelsA().get(ta) : "", tb >= 0 ? labels.labelsB().get(tb) : "",
                        agree, js(va, vb, labels)));
            }
            onlyB += sb.size() - seenB.size();
            frames.addAll(mine);
            segments.addAll(segments(mine));
        }
        ctx.progress(1, "done");
        int agreeing = (int) frames.stream().filter(Frame::agree).count();
        double jsSum = 0;
        int jsN = 0;
        for (Frame f : frames) {
            if (!Double.isNaN(f.js())) {
                jsSum += f.js();
                jsN++;
            }
        }
        Summary summary = new Summary(frames.size(), agreeing, frames.isEmpty() ? Double.NaN : (double) agreeing / frames.size(),
                Agreement.cohenKappa(kappaTable), jsN == 0 ? Double.NaN : jsSum / jsN, frames.size() - jsN, segments.size(), onlyA, onlyB);
        return new Result(labels, tracks, List.copyOf(frames), List.copyOf(segments), new Confusion(labels.labelsA(), labels.labelsB(), confusion), summary);
    }

    /** Index of the largest finite score (the first of tied ones), -1 when none is finite. */
    static int argmax(float[] v) {
        int best = -1;
        for (int i = 0; i < v.length; i++) {
            if (Float.isFinite(v[i]) && (best < 0 || v[i] > v[best])) {
                best = i;
            }
        }
        return best;
    }

    /** JS divergence over the matched labels, renormalised; NaN with fewer than two matched labels. */
    static double js(float[] va, float[] vb, LabelMatch labels) {
        if (labels.matched() < 2) {
            return Double.NaN;
        }
        double[] p = new double[labels.matched()];
        double[] q = new double[p.length];
        int n = 0;
        for (int i = 0; i < labels.bOfA().length; i++) {
            int j = labels.bOfA()[i];
            if (j >= 0) {
                p[n] = va[i];
                q[n++] = vb[j];
            }
        }
        return Agreement.jensenShannon(p, q);
    }

    /** Runs of consecutive frames (frame numbers one apart) that disagree. */
    static List<Segment> segments(List<Frame> frames) {
        List<Segment> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= frames.size(); i++) {
            boolean open = i < frames.size() && !frames.get(i).agree() && (start >= 0 ? frames.get(i).frame() == frames.get(i - 1).frame() + 1 : true);
            if (start >= 0 && !open) {
                out.add(segment(frames.subList(start, i)));
                start = -1;
                if (i < frames.size() && !frames.get(i).agree()) {
                    start = i; // a gap in the frame numbers starts a new segment
                }
            } else if (start < 0 && open) {
                start = i;
            }
        }
        return out;
    }

    private static Segment segment(List<Frame> run) {
        Map<String, Integer> a = new LinkedHashMap<>();
        Map<String, Integer> b = new LinkedHashMap<>();
        for (Frame f : run) {
            a.merge(f.topA(), 1, Integer::sum);
            b.merge(f.topB(), 1, Integer::sum);
        }
        Frame first = run.get(0);
        return new Segment(first.trackA(), first.trackB(), first.frame(), run.get(run.size() - 1).frame(), mostFrequent(a), mostFrequent(b));
    }

    private static String mostFrequent(Map<String, Integer> counts) {
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("");
    }
}
