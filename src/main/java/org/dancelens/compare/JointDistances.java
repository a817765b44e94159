package org.dancelens.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Two pose runs compared, joint by joint over time: per dancer of run A that was matched, the pixel distance of each
 * joint both skeletons have to the matched B dancer's ({@link PoseComparison.Pair#distancePx()}) in every frame — the
 * data of the per-joint heat strips of the workbench and the report. NaN where there is no distance: frames where the
 * dancer has no partner, joints A does not see (below the comparison's confidence threshold) or B gives no position
 * for; never 0 for "no value".
 */
public final class JointDistances {
    /**
     * One dancer of A over the video.
     *
     * @param trackA  the dancer of A
     * @param trackB  the dancer of B matched with it in most frames
     * @param others  how many other dancers of B it was matched with in some frames
     * @param joints  the rows' joint names (A's order)
     * @param values  {@code values[joint][frame]}, pixels, NaN where there is no distance
     */
    public record Strip(int trackA, int trackB, int others, List<String> joints, float[][] values) {
    }

    private JointDistances() {
    }

    /** One strip per dancer of A that was matched, by A's identity, over frames {@code [0, frames)}. */
    public static List<Strip> of(PoseComparison.Result r, int frames) {
        Map<Integer, float[][]> byTrack = new TreeMap<>();
        Map<Integer, Map<Integer, Integer>> partners = new TreeMap<>(); // track of A -> track of B -> frames
        int joints = r.joints().size();
        for (PoseComparison.Pair pr : r.pairs()) {
            if (pr.frame() < 0 || pr.frame() >= frames) {
                continue;
            }
            float[][] v = byTrack.computeIfAbsent(pr.trackA(), t -> {
                float[][] rows = new float[joints][frames];
                for (float[] row : rows) {
                    Arrays.fill(row, Float.NaN);
                }
                return rows;
            });
            for (int j = 0; j < joints; j++) {
                v[j][pr.frame()] = (float) pr.distancePx()[j];
            }
            partners.computeIfAbsent(pr.trackA(), t -> new TreeMap<>()).merge(pr.trackB(), 1, Integer::sum);
        }
        List<Strip> out = new ArrayList<>();
        byTrack.forEach((t, v) -> {
            Map<Integer, Integer> bs = partners.get(t);
            int main = bs.entrySet().stream().max(Map.Entry.<Integer, Integer>comparingByValue()
                    .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder()))).orElseThrow().getKey();
            out.add(new Strip(t, main, bs.size() - 1, r.joints().names(), v));
        });
        return out;
    }

    /**
     * The top of a colour scale for the distances: their 95th percentile rounded up to 1, 2 or 5 times a power of ten
     * (so one far-off joint does not wash the others out; larger distances take the top colour), at least 1 px.
     */
    public static double scale(List<PoseComparison.Pair> pairs) {
        double[] d = pairs.stream().flatMapToDouble(p -> Arrays.stream(p.distancePx())).filter(Double::isFinite).sorted().toArray();
        if (d.length == 0) {
            return 1;
        }
        double p95 = d[Math.min(d.length - 1, (int) Math.ceil(0.95 * d.length) - 1)];
        if (!(p95 > 1)) {
            return 1;
        }
        double pow = Math.pow(10, Math.floor(Math.log10(p95)));
        for (double m : new double[] {1, 2, 5}) {
            if (m * pow >= p95) {
                return m * pow;
            }
        }
        return 10 * pow;
    }
}
