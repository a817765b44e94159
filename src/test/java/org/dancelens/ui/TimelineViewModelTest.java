package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;
import org.dancelens.core.SkeletonSchema;
import org.dancelens.ui.timeline.TimelineViewModel;
import org.junit.jupiter.api.Test;

class TimelineViewModelTest {
    static Pose pose(int track, float score) {
        return new Pose(track, SkeletonSchema.COCO_17, Collections.nCopies(17, new Keypoint(0, 0, score)), null, score, null);
    }

    @Test
    void confidenceSeriesPerDancerWithGapsWhereTheyAreAbsent() {
        var s = TimelineViewModel.confidence(Map.of(0, List.of(pose(1, 0.5f), pose(2, 0.9f)), 2, List.of(pose(1, 0.7f))), 4);
        assertThat(s).extracting(TimelineViewModel.Series::trackId).containsExactly(1, 2);
        assertThat(s.get(0).values()).containsExactly(0.5f, Float.NaN, 0.7f, Float.NaN);
        assertThat(s.get(1).values()[0]).isEqualTo(0.9f);
        assertThat(Float.isNaN(s.get(1).values()[2])).isTrue();
    }

    @Test
    void dancersWhoAreNeverOnScreenTogetherShareALane() {
        // Track 1 on frames 0-9, track 2 on 5-14 (overlaps 1), track 3 on 30-39 (after both): two lanes.
        Map<Integer, List<Pose>> m = new java.util.HashMap<>();
        for (int f = 0; f < 40; f++) {
            List<Pose> l = new ArrayList<>();
            if (f < 10) {
                l.add(pose(1, 0.5f));
            }
            if (f >= 5 && f < 15) {
                l.add(pose(2, 0.5f));
            }
            if (f >= 30) {
                l.add(pose(3, 0.5f));
            }
            m.put(f, l);
        }
        var s = TimelineViewModel.confidence(m, 40);
        assertThat(s).extracting(TimelineViewModel.Series::lane).containsExactly(0, 1, 0);
        assertThat(s).extracting(TimelineViewModel.Series::first).containsExactly(0, 5, 30);
        assertThat(TimelineViewModel.lanes(s)).isEqualTo(2);
    }

    @Test
    void levelOfDetailKeepsMinAndMaxOfEveryColumnOnALongVideo() {
        int n = 300_000;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (i % 100) / 100f;
        }
        v[150_000] = Float.NaN;
        v[299_999] = 1.5f; // a spike in the last frame must survive the reduction
        float[][] mm = TimelineViewModel.minMax(v, 1000);
        assertThat(mm[0]).hasSize(1000);
        assertThat(mm[0][0]).isEqualTo(0f);
        assertThat(mm[1][0]).isEqualTo(0.99f);
        assertThat(mm[1][999]).isEqualTo(1.5f);
        // An all-absent stretch stays absent.
        float[] gap = new float[10];
        java.util.Arrays.fill(gap, Float.NaN);
        assertThat(Float.isNaN(TimelineViewModel.minMax(gap, 5)[0][2])).isTrue();
    }

    @Test
    void aComparisonsLanesAreReadUnderThePointerAndGoWhenItGoes() {
        TimelineViewModel vm = new TimelineViewModel(f -> { });
        vm.setSeries(List.of(), 4);
        float[] oks = {0.25f, Float.NaN, 0.75f, 1f};
        vm.setComparison(new TimelineViewModel.CompareLanes("run 1 vs run 2", List.of(new TimelineViewModel.CompareLane("OKS A #3", oks, 0, 1))));
        vm.hoverAt(2.5, 4); // frame 2
        assertThat(vm.hoverLinesProperty().get()).containsExactly("frame 2", "OKS A #3 0.750");
        vm.hoverAt(1.5, 4); // no value there
        assertThat(vm.hoverLinesProperty().get()).containsExactly("frame 1");
        vm.setComparison(null);
        assertThat(vm.hoverLinesProperty().get()).isEmpty();
        vm.hoverAt(2.5, 4);
        assertThat(vm.hoverLinesProperty().get()).containsExactly("frame 2");
    }

    @Test
    void clickingSeeksAndHoverShowsTheValuesAtThatFrame() {
        List<Integer> seeks = new ArrayList<>();
        TimelineViewModel vm = new TimelineViewModel(seeks::add);
        vm.setSeries(TimelineViewModel.confidence(Map.of(50, List.of(pose(3, 0.25f))), 100), 100);
        vm.seekTo(250, 500);
        vm.seekTo(-5, 500);
        vm.seekTo(9999, 500);
        assertThat(seeks).containsExactly(50, 0, 99);
        vm.hoverAt(251, 500);
        assertThat(vm.hoverProperty().get()).isEqualTo("frame 50:  #3 0.25");
    }

    @Test
    void zoomKeepsTheFrameUnderThePointerAndPanStaysInsideTheVideo() {
        List<Integer> seeks = new ArrayList<>();
        TimelineViewModel vm = new TimelineViewModel(seeks::add);
        vm.setSeries(List.of(), 300_000);
        assertThat(vm.frameAt(250, 500)).isEqualTo(150_000);
        vm.zoomAt(250, 500, 0.01); // 3000 frames visible around frame 150000
        assertThat(vm.viewToProperty().get() - vm.viewFromProperty().get()).isEqualTo(3000.0);
        assertThat(vm.frameAt(250, 500)).isEqualTo(150_000);
        vm.seekTo(0, 500);
        assertThat(seeks).containsExactly(148_500);
        vm.panBy(-1e6, 500);
        assertThat(vm.viewFromProperty().get()).isZero();
        vm.panBy(1e6, 500);
        assertThat(vm.viewToProperty().get()).isEqualTo(300_000.0);
        vm.zoomAt(0, 500, 1e-9);
        assertThat(vm.viewToProperty().get() - vm.viewFromProperty().get()).isEqualTo(10.0);
        vm.follow(5);
        assertThat(vm.frameAt(0, 500)).isLessThanOrEqualTo(5);
        assertThat(vm.frameAt(499, 500)).isGreaterThan(5);
        vm.resetView();
        assertThat(vm.frameAt(499, 500)).isEqualTo(299_400);
    }

    @Test
    void scoreLanesShowTheTopLabelsAndSegmentsAndHoverNamesThem() {
        var s = new org.dancelens.core.ScoreSeries(2, List.of("ballet", "hiphop", "folk"), new int[] {1, 2, 3},
                new float[][] {{0.1f, 0.7f, 0.2f}, {0.2f, 0.6f, 0.2f}, {0.1f, 0.1f, 0.8f}});
        var lanes = TimelineViewModel.scoreLanes("m · dancer 2", s,
                List.of(new org.dancelens.classify.Aggregation.Segment(2, 1, 3, "hiphop", 0.47)), 5, 2);
        assertThat(lanes.labels()).containsExactly("hiphop", "folk");
        assertThat(lanes.values()[0]).containsExactly(Float.NaN, 0.7f, 0.6f, 0.1f, Float.NaN);
        assertThat(lanes.segments().get(0)).containsExactly(1, 3, 1);
        TimelineViewModel vm = new TimelineViewModel(f -> { });
        vm.setSeries(List.of(), 5);
        vm.setScores(lanes);
        vm.hoverAt(201, 500);
        assertThat(vm.hoverProperty().get()).isEqualTo("frame 2:  hiphop 0.600  folk 0.200  segment hiphop (1–3)");
        assertThat(vm.hoverLinesProperty().get()).containsExactly("frame 2", "hiphop 0.600", "folk 0.200", "segment hiphop (1–3)");
        vm.clearHover();
        assertThat(vm.hoverLinesProperty().get()).isEmpty();
        assertThat(vm.hoverProperty().get()).isEmpty();
    }

    @Test
    void everyLabelHasAColourOfItsOwnAndAModelsLabelKeepsItsColourInTheLabelledRanges() {
        var s = new org.dancelens.core.ScoreSeries(2, List.of("ballet", "hiphop", "folk"), new int[] {1}, new float[][] {{0.1f, 0.7f, 0.2f}});
        TimelineViewModel vm = new TimelineViewModel(f -> { });
        vm.setSeries(List.of(), 5);
        vm.setMarks(List.of(new TimelineViewModel.Mark(0, 1, "waltz"), new TimelineViewModel.Mark(2, 3, "hiphop"),
                new TimelineViewModel.Mark(3, 4, "tango"), new TimelineViewModel.Mark(4, 4, "waltz")));
        // without a classifier: the range labels in sorted order
        assertThat(vm.colorIndexOf("hiphop")).isEqualTo(0);
        assertThat(vm.colorIndexOf("tango")).isEqualTo(1);
        assertThat(vm.colorIndexOf("waltz")).isEqualTo(2);
        vm.setScores(TimelineViewModel.scoreLanes("m", s, List.of(), 5, 2));
        // with one: its labels first (hiphop as in its segments), the others after them
        assertThat(vm.colorIndexOf("ballet")).isEqualTo(0);
        assertThat(vm.colorIndexOf("hiphop")).isEqualTo(1);
        assertThat(vm.colorIndexOf("folk")).isEqualTo(2);
        assertThat(vm.colorIndexOf("tango")).isEqualTo(3);
        assertThat(vm.colorIndexOf("waltz")).isEqualTo(4);
    }

    /**
     * 20 classes over 300,000 frames drawn into 1,200 columns: each column's min and max are exactly those of the
     * frames it covers (checked against a plain loop over them), the whole video's extremes survive, and the frame
     * under a column's centre (where a click seeks) lies within its band; zoomed in to a few frames, a column is a
     * single frame's value.
     */
    @Test
    void levelOfDetailOverTheVisibleRangeKeepsEveryColumnsMinAndMax() {
        TimelineViewModel vm = new TimelineViewModel(f -> { });
        int n = 300_000;
        int columns = 1200;
        vm.setSeries(List.of(), n);
        float[][] classes = new float[20][n];
        for (int c = 0; c < 20; c++) {
            for (int i = 0; i < n; i++) {
                classes[c][i] = (float) ((Math.sin(i * 0.001 + c) + 1) / 2);
            }
            classes[c][(c * 7919) % n] = 1.25f; // a one-frame spike somewhere in each class
        }
        for (int c = 0; c < 20; c++) {
            float[] v = classes[c];
            float[][] mm = vm.visibleMinMax(v, columns);
            float lowest = Float.MAX_VALUE;
            float highest = -Float.MAX_VALUE;
            for (int col = 0; col < columns; col++) {
                float lo = Float.MAX_VALUE;
                float hi = -Float.MAX_VALUE;
                for (int i = col * (n / columns); i < (col + 1) * (n / columns); i++) { // 250 frames a column
                    lo = Math.min(lo, v[i]);
                    hi = Math.max(hi, v[i]);
                }
                assertThat(mm[0][col]).as("class %d, column %d min", c, col).isEqualTo(lo);
                assertThat(mm[1][col]).as("class %d, column %d max", c, col).isEqualTo(hi);
                float under = v[vm.frameAt(col + 0.5, columns)];
                assertThat(under).isBetween(mm[0][col], mm[1][col]);
                lowest = Math.min(lowest, mm[0][col]);
                highest = Math.max(highest, mm[1][col]);
            }
            assertThat(highest).isEqualTo(1.25f);
            float trueLowest = Float.MAX_VALUE;
            for (float x : v) {
                trueLowest = Math.min(trueLowest, x);
            }
            assertThat(lowest).isEqualTo(trueLowest);
        }
        vm.zoomAt(600, columns, 0.001);
        int from = (int) Math.floor(vm.viewFromProperty().get());
        int to = (int) Math.ceil(vm.viewToProperty().get());
        assertThat(to - from).isLessThan(columns);
        float[][] mm = vm.visibleMinMax(classes[3], columns);
        for (int col = 0; col < columns; col++) {
            int frame = from + (int) ((long) col * (to - from) / columns);
            assertThat(mm[0][col]).as("column %d", col).isEqualTo(mm[1][col]).isEqualTo(classes[3][frame]);
        }
    }
}
