package org.dancelens.movement;

/**
 * A joint angle's range of motion over a track: the extremes and the 5th and 95th percentiles of the samples that are
 * not gaps ({@link Stats#percentile}, Hyndman–Fan definition 7). {@link #range()} is the robust range, 95th minus 5th
 * percentile, which one wrong frame cannot stretch; {@link #fullRange()} is max minus min.
 *
 * @param min     smallest value
 * @param p5      5th percentile
 * @param p95     95th percentile
 * @param max     largest value
 * @param samples how many samples were not gaps (all fields are NaN when none)
 */
public record RangeOfMotion(double min, double p5, double p95, double max, int samples) {
    public static RangeOfMotion of(double[] values) {
        double[] s = Stats.present(values);
        if (s.length == 0) {
            return new RangeOfMotion(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
        }
        return new RangeOfMotion(s[0], Stats.percentileOfSorted(s, 5), Stats.percentileOfSorted(s, 95), s[s.length - 1], s.length);
    }

    /** 95th minus 5th percentile. */
    public double range() {
        return p95 - p5;
    }

    /** Largest minus smallest. */
    public double fullRange() {
        return max - min;
    }
}
