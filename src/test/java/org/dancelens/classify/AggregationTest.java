package org.dancelens.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.dancelens.core.ScoreSeries;
import org.junit.jupiter.api.Test;

class AggregationTest {

    /** Frames 0..n-1 whose best label follows the pattern string ('a' or 'b'), best score 0.8. */
    static ScoreSeries series(String pattern) {
        int n = pattern.length();
        int[] frames = new int[n];
        float[][] s = new float[n][];
        for (int i = 0; i < n; i++) {
            frames[i] = i;
            s[i] = pattern.charAt(i) == 'a' ? new float[] {0.8f, 0.2f} : new float[] {0.2f, 0.8f};
        }
        return new ScoreSeries(3, List.of("a", "b"), frames, s);
    }

    @Test
    void shortFlickersJoinTheSegmentBeforeThem() {
        List<Aggregation.Segment> seg = Aggregation.segments(series("aaaaabbaaaaabbbbbb"), 3);
        assertThat(seg).extracting(Aggregation.Segment::label).containsExactly("a", "b");
        assertThat(seg.get(0).startFrame()).isEqualTo(0);
        assertThat(seg.get(0).endFrame()).isEqualTo(11);
        assertThat(seg.get(1).startFrame()).isEqualTo(12);
        assertThat(seg.get(1).endFrame()).isEqualTo(17);
        // frames 5 and 6 say b (0.2 for a): mean of a over 0..11 = (10 * 0.8 + 2 * 0.2) / 12
        assertThat(seg.get(0).meanScore()).isCloseTo((10 * 0.8 + 2 * 0.2) / 12, within(1e-6));
        assertThat(seg.get(1).meanScore()).isCloseTo(0.8, within(1e-6));
        assertThat(seg.get(0).track()).isEqualTo(3);
    }

    @Test
    void aShortFirstRunJoinsTheOneAfterIt() {
        List<Aggregation.Segment> seg = Aggregation.segments(series("bbaaaaaa"), 3);
        assertThat(seg).hasSize(1);
        assertThat(seg.get(0).label()).isEqualTo("a");
        assertThat(seg.get(0).startFrame()).isZero();
        assertThat(seg.get(0).endFrame()).isEqualTo(7);
    }

    @Test
    void aLongGapInTheFramesEndsASegment() {
        ScoreSeries s = new ScoreSeries(-1, List.of("a", "b"), new int[] {0, 1, 2, 3, 50, 51, 52, 53},
                new float[][] {{1, 0}, {1, 0}, {1, 0}, {1, 0}, {1, 0}, {1, 0}, {1, 0}, {1, 0}});
        List<Aggregation.Segment> seg = Aggregation.segments(s, 2);
        assertThat(seg).extracting(Aggregation.Segment::startFrame).containsExactly(0, 50);
        assertThat(seg).extracting(Aggregation.Segment::endFrame).containsExactly(3, 53);
    }

    @Test
    void smoothingIsACentredMeanThatStopsAtGaps() {
        ScoreSeries s = new ScoreSeries(-1, List.of("x"), new int[] {0, 1, 2, 10, 11},
                new float[][] {{0}, {3}, {6}, {100}, {200}});
        ScoreSeries m = Aggregation.smooth(s, 3);
        assertThat(m.scores()[0][0]).isEqualTo(1.5f);   // (0 + 3) / 2
        assertThat(m.scores()[1][0]).isEqualTo(3f);     // (0 + 3 + 6) / 3
        assertThat(m.scores()[2][0]).isEqualTo(4.5f);   // (3 + 6) / 2: frame 10 is not a neighbour
        assertThat(m.scores()[3][0]).isEqualTo(150f);
    }

    @Test
    void topKRanksByMeanScore() {
        ScoreSeries s = new ScoreSeries(-1, List.of("a", "b", "c"), new int[] {0, 1},
                new float[][] {{0.5f, 0.1f, 0.4f}, {0.1f, 0.2f, 0.7f}});
        List<Aggregation.Ranked> top = Aggregation.topK(s, 2);
        assertThat(top).extracting(Aggregation.Ranked::label).containsExactly("c", "a");
        assertThat(top.get(0).score()).isCloseTo(0.55, within(1e-6));
        assertThat(top.get(1).score()).isCloseTo(0.3, within(1e-6));
    }
}
