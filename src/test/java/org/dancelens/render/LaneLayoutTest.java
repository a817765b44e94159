package org.dancelens.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class LaneLayoutTest {
    private static boolean overlap(double a, double aw, double b, double bw) {
        return a < b + bw && b < a + aw;
    }

    @Test
    void tagsInsideTheirRangesAreCentredAndNeverOverlap() {
        // Three ranges: [100, 200) and [150, 260) overlap; [300, 310) is too narrow for its 30-px text.
        List<LaneLayout.Tag> tags = List.of(new LaneLayout.Tag(100, 200, 40, true), new LaneLayout.Tag(150, 260, 40, true),
                new LaneLayout.Tag(300, 310, 30, true));
        double[] x = LaneLayout.place(tags, 4, 0, 1000);
        assertThat(x[0]).isCloseTo(130, within(1e-9)); // centred: 150 - 20
        // centred it would be at 185, clear of the first (which ends at 170 + 4): it stays centred
        assertThat(x[1]).isCloseTo(185, within(1e-9));
        assertThat(x[2]).as("does not fit in its range").isNaN();
    }

    @Test
    void aTagThatWouldOverlapIsMovedRightWithinItsRangeOrLeftOut() {
        // Same centre for both: the second moves right past the first (it still fits), a third one does not.
        List<LaneLayout.Tag> tags = List.of(new LaneLayout.Tag(100, 200, 40, true), new LaneLayout.Tag(100, 220, 40, true),
                new LaneLayout.Tag(100, 200, 40, true));
        double[] x = LaneLayout.place(tags, 4, 0, 1000);
        assertThat(x[0]).isCloseTo(130, within(1e-9));
        assertThat(x[1]).isCloseTo(174, within(1e-9)); // 170 + 4, ends at 214 < 220
        assertThat(x[2]).as("no room left in its range").isNaN();
        assertThat(overlap(x[0], 40, x[1], 40)).isFalse();
    }

    @Test
    void namesAtTheStartOfTracksMayRunPastShortTracksButNotOverEachOther() {
        // Dancer names (40 px) at track starts 10, 20 and 100 px: the second would overlap the first and its track
        // [20, 30) ends before a place clear of the first (54): left out; the third is placed at its start.
        List<LaneLayout.Tag> tags = List.of(new LaneLayout.Tag(10, 15, 40, false), new LaneLayout.Tag(20, 30, 40, false),
                new LaneLayout.Tag(100, 400, 40, false));
        double[] x = LaneLayout.place(tags, 4, 0, 1000);
        assertThat(x[0]).isEqualTo(10);
        assertThat(x[1]).isNaN();
        assertThat(x[2]).isEqualTo(100);
        // A track that began before the visible part keeps its name at the visible part's start.
        double[] pinned = LaneLayout.place(List.of(new LaneLayout.Tag(-500, 300, 40, false)), 4, 64, 1000);
        assertThat(pinned[0]).isEqualTo(64);
        // Not past the right edge.
        assertThat(LaneLayout.place(List.of(new LaneLayout.Tag(980, 1200, 40, false)), 4, 0, 1000)[0]).isNaN();
    }

    @Test
    void manyCrowdedTagsNeverOverlap() {
        java.util.Random r = new java.util.Random(7);
        List<LaneLayout.Tag> tags = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            double x0 = r.nextDouble() * 900;
            tags.add(new LaneLayout.Tag(x0, x0 + 5 + r.nextDouble() * 120, 20 + r.nextDouble() * 30, r.nextBoolean()));
        }
        double[] x = LaneLayout.place(tags, 3, 0, 1000);
        int placed = 0;
        for (int i = 0; i < x.length; i++) {
            if (Double.isNaN(x[i])) {
                continue;
            }
            placed++;
            LaneLayout.Tag t = tags.get(i);
            assertThat(x[i]).isGreaterThanOrEqualTo(t.x0());
            assertThat(x[i] + t.width()).isLessThanOrEqualTo(t.inside() ? t.x1() : 1000);
            for (int j = 0; j < i; j++) {
                if (!Double.isNaN(x[j])) {
                    assertThat(overlap(x[i] - 1.4, t.width() + 2.8, x[j] - 1.4, tags.get(j).width() + 2.8)).as("tags %d and %d", i, j).isFalse();
                }
            }
        }
        assertThat(placed).as("some tags are placed").isGreaterThan(10);
    }

    @Test
    void theScaleShowsAsManyTicksAsTheLaneHasRoomFor() {
        assertThat(LaneLayout.ticks(80, 12)).containsExactly(0, 0.25, 0.5, 0.75, 1);
        assertThat(LaneLayout.ticks(30, 12)).containsExactly(0, 0.5, 1);
        assertThat(LaneLayout.ticks(16, 12)).containsExactly(0, 1);
        assertThat(LaneLayout.ticks(8, 12)).isEmpty();
    }

    @Test
    void aLaneShowsZeroToOneUnlessItsValuesLieOutside() {
        assertThat(LaneLayout.range(new float[] {0.2f, Float.NaN, 0.9f})).containsExactly(0, 1);
        assertThat(LaneLayout.range(new float[] {-2.5f, Float.NaN, 3f})).containsExactly(-2.5, 3);
        assertThat(LaneLayout.tickText(0)).isEqualTo("0");
        assertThat(LaneLayout.tickText(0.5)).isEqualTo("0.5");
        assertThat(LaneLayout.tickText(0.25)).isEqualTo("0.25");
        assertThat(LaneLayout.tickText(1)).isEqualTo("1");
        assertThat(LaneLayout.tickText(-2.5)).isEqualTo("-2.5");
        assertThat(LaneLayout.tickText(10)).isEqualTo("10");
        assertThat(LaneLayout.laneHeight(4)).isEqualTo(LaneLayout.MIN_LANE);
        assertThat(LaneLayout.laneHeight(500)).isEqualTo(LaneLayout.MAX_LANE);
        assertThat(LaneLayout.laneHeight(40)).isEqualTo(40);
    }

    @Test
    void theHoverBoxStaysInsideTheArea() {
        // room on the right and below: right of and below the pointer
        assertThat(LaneLayout.beside(100, 50, 200, 60, 0, 0, 1000, 300, 12)).containsExactly(112, 62);
        // near the right edge: flipped to the pointer's left
        assertThat(LaneLayout.beside(900, 50, 200, 60, 0, 0, 1000, 300, 12)).containsExactly(688, 62);
        // near the bottom: above the pointer
        assertThat(LaneLayout.beside(100, 280, 200, 60, 0, 0, 1000, 300, 12)).containsExactly(112, 208);
        // a box taller than the area (scrolled to y 400): at the area's top
        assertThat(LaneLayout.beside(100, 450, 200, 500, 0, 400, 1000, 300, 12)).containsExactly(112, 400);
        // no room on either side: clamped to the area's left edge
        assertThat(LaneLayout.beside(500, 50, 700, 60, 0, 0, 1000, 300, 12)).containsExactly(0, 62);
        assertThat(LaneLayout.columns(10, 14, 60)).isEqualTo(3); // 4 lines a column
        assertThat(LaneLayout.columns(3, 14, 60)).isEqualTo(1);
        assertThat(LaneLayout.columns(3, 14, 5)).isEqualTo(3);
    }
}
