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
    }

    @Test
    void levelOfDetailOverTheVisibleRangeOfALongVideoWith20Classes() {
        TimelineViewModel vm = new TimelineViewModel(f -> { });
        int n = 300_000;
        vm.setSeries(List.of(), n);
        float[][] classes = new float[20][n];
        for (int c = 0; c < 20; c++) {
            for (int i = 0; i < n; i++) {
                classes[c][i] = (float) ((Math.sin(i * 0.001 + c) + 1) / 2);
            }
        }
        long t0 = System.nanoTime();
        for (int c = 0; c < 20; c++) {
            float[][] mm = vm.visibleMinMax(classes[c], 1200);
            assertThat(mm[0]).hasSize(1200);
            assertThat(mm[0][0]).isLessThanOrEqualTo(mm[1][0]);
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        System.out.printf("timeline LOD: 20 classes x 300000 frames into 1200 columns in %.1f ms%n", ms);
        vm.zoomAt(600, 1200, 0.001);
        float[][] mm = vm.visibleMinMax(classes[0], 1200);
        int from = (int) vm.viewFromProperty().get();
        assertThat(mm[0][0]).isEqualTo(classes[0][from]);
    }
}
