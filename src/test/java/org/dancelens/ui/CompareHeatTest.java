package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.dancelens.compare.PoseComparison;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;
import org.dancelens.core.SkeletonSchema;
import org.dancelens.core.TaskContext;
import org.dancelens.ui.compare.CompareRunsViewModel;
import org.dancelens.ui.timeline.TimelineViewModel;
import org.junit.jupiter.api.Test;

/**
 * The Compare tab's per-joint heat strips, from a pose run and a copy of it with one joint moved by a known number of
 * pixels: that joint's row is the shift, every other row 0; frames where the dancer has no partner and joints A does not
 * see are empty (NaN), not 0.
 */
class CompareHeatTest {
    private static final int FRAMES = 12;
    private static final int WRIST = SkeletonSchema.COCO_17.joints().indexOf("left_wrist");
    private static final int KNEE = SkeletonSchema.COCO_17.joints().indexOf("right_knee");

    /** A COCO-17 dancer spread over a 100 x 200 box at (x0, y0), every joint seen but {@code unseen}; the left wrist moved by (dx, dy). */
    private static Pose dancer(int track, float x0, float y0, float dx, float dy, int unseen) {
        List<Keypoint> k = new ArrayList<>();
        for (int j = 0; j < 17; j++) {
            boolean moved = j == WRIST;
            k.add(new Keypoint(x0 + (j % 5) * 25 + (moved ? dx : 0), y0 + j * 12.5f + (moved ? dy : 0), j == unseen ? 0.1f : 0.9f));
        }
        return new Pose(track, SkeletonSchema.COCO_17, k, new float[] {x0, y0, x0 + 100, y0 + 200}, 0.9f, null);
    }

    @Test
    void theShiftedJointsRowIsTheShiftTheOthersZeroAndMissingPairsEmpty() {
        Map<Integer, List<Pose>> a = new HashMap<>();
        Map<Integer, List<Pose>> b = new HashMap<>();
        TreeSet<Integer> frames = new TreeSet<>();
        for (int f = 0; f < FRAMES; f++) {
            frames.add(f);
            // A's dancer 1 walks right; in frame 7 A does not see its right knee
            a.put(f, List.of(dancer(1, 40 + 5 * f, 30, 0, 0, f == 7 ? KNEE : -1)));
            // B's copy (its own identity 4) has the left wrist 3 px right and 4 px down: 5 px away; B misses the dancer in frames 4 and 5
            if (f != 4 && f != 5) {
                b.put(f, List.of(dancer(4, 40 + 5 * f, 30, 3, 4, -1)));
            }
        }
        PoseComparison.Result r = PoseComparison.compare(frames, a, frames, b, PoseComparison.Settings.defaults(), TaskContext.NONE);
        assertThat(r.pairs()).hasSize(FRAMES - 2);

        List<TimelineViewModel.CompareHeat> heat = CompareRunsViewModel.heatOf(r, FRAMES + 3);
        assertThat(heat).hasSize(1);
        TimelineViewModel.CompareHeat h = heat.get(0);
        assertThat(h.name()).isEqualTo("A #1 ~ B #4");
        assertThat(h.joints()).isEqualTo(SkeletonSchema.COCO_17.joints());
        for (int j = 0; j < 17; j++) {
            assertThat(h.values()[j]).as("one column per video frame").hasSize(FRAMES + 3);
            for (int f = 0; f < FRAMES + 3; f++) {
                float v = h.values()[j][f];
                String at = h.joints().get(j) + " in frame " + f;
                if (f == 4 || f == 5 || f >= FRAMES) {
                    assertThat(v).as(at + ": no pair, empty").isNaN();
                } else if (j == KNEE && f == 7) {
                    assertThat(v).as(at + ": A does not see it, a gap").isNaN();
                } else if (j == WRIST) {
                    assertThat((double) v).as(at).isCloseTo(5.0, within(1e-4));
                } else {
                    assertThat(v).as(at).isZero();
                }
            }
        }
        // the colour scale: 10 of the 169 distances (5.9 %) are 5 px, the rest 0: the 95th percentile is 5 px, already 5 x 10^0
        assertThat(h.max()).isEqualTo(5.0);
    }

    @Test
    void theWindowFreeStripColoursTheShiftAndLeavesMissingFramesEmpty() {
        // 20 frames over 200 columns: 10 columns a frame; the wrist 5 px apart in frames 0-9, no pair in 10-19, the rest 0 px
        float[][] v = new float[3][20];
        for (int f = 0; f < 20; f++) {
            v[0][f] = f < 10 ? 0 : Float.NaN;
            v[1][f] = f < 10 ? 5 : Float.NaN;
            v[2][f] = f < 10 ? (f == 3 ? Float.NaN : 0) : Float.NaN;
        }
        org.dancelens.render.JointHeatStrip strip = new org.dancelens.render.JointHeatStrip(new org.dancelens.render.JointHeatStrip.Heat("A #1 ~ B #4",
                List.of("nose", "left_wrist", "right_knee"), v, 10), 0, 20, org.dancelens.render.TimelineStrip.LABEL_W + 200);
        java.awt.image.BufferedImage img = strip.picture();
        assertThat(img.getHeight()).isEqualTo(org.dancelens.render.TimelineStrip.TITLE + 3 * org.dancelens.render.JointHeatStrip.ROW);
        int x0 = org.dancelens.render.TimelineStrip.LABEL_W;
        int row = org.dancelens.render.JointHeatStrip.ROW;
        int top = org.dancelens.render.TimelineStrip.TITLE;
        int zero = org.dancelens.render.JointHeatStrip.color(0, 10);
        int half = org.dancelens.render.JointHeatStrip.color(5, 10);
        assertThat(half).isNotEqualTo(zero);
        assertThat(img.getRGB(x0 + 15, top + row / 2)).as("nose, frame 1: 0 px").isEqualTo(zero);
        assertThat(img.getRGB(x0 + 15, top + row + row / 2)).as("wrist, frame 1: 5 px, halfway up the scale").isEqualTo(half);
        assertThat(img.getRGB(x0 + 35, top + 2 * row + row / 2)).as("knee, frame 3: not seen, the row's background").isEqualTo(0xffeef0f3);
        assertThat(img.getRGB(x0 + 150, top + row + row / 2)).as("wrist, frame 15: no pair, the row's background").isEqualTo(0xfff7f8fa);
    }

    @Test
    void theScaleIsTheNinetyFifthPercentileRoundedUpToOneTwoOrFive() {
        // 100 pairs of one joint each: distances 1..100 px; the 95th percentile is 95, rounded up to 100
        List<PoseComparison.Pair> pairs = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            pairs.add(new PoseComparison.Pair(i, 0, 0, 1, new double[] {i, Double.NaN}, 200, 2, 0, 0));
        }
        assertThat(CompareRunsViewModel.heatScale(pairs)).isEqualTo(100.0);
        pairs.replaceAll(p -> new PoseComparison.Pair(p.frame(), 0, 0, 1, new double[] {p.distancePx()[0] * 0.3}, 200, 1, 0, 0));
        assertThat(CompareRunsViewModel.heatScale(pairs)).as("95th percentile 28.5 px").isEqualTo(50.0);
        assertThat(CompareRunsViewModel.heatScale(List.of())).isEqualTo(1.0);
    }

    @Test
    void hoverOverAHeatRowReadsThatJointsDistance() {
        float[][] v = new float[2][10];
        for (float[] row : v) {
            java.util.Arrays.fill(row, Float.NaN);
        }
        v[0][3] = 2.5f;
        v[1][3] = 7.25f;
        TimelineViewModel tl = new TimelineViewModel(f -> { });
        tl.setSeries(List.of(), 10);
        tl.setComparison(new TimelineViewModel.CompareLanes("t", List.of(), List.of(new TimelineViewModel.CompareHeat("A #1 ~ B #2",
                List.of("nose", "left_eye"), v, 10))));
        tl.hoverAt(35, 100, 0, 0); // frame 3 of 10 in a 100-px plot
        assertThat(tl.hoverLinesProperty().get()).containsExactly("frame 3", "A #1 ~ B #2 nose 2.5 px", "A #1 ~ B #2 largest: left_eye 7.3 px");
        tl.hoverAt(5, 100, 0, 1);
        assertThat(tl.hoverLinesProperty().get()).containsExactly("frame 0", "A #1 ~ B #2 left_eye: no distance");
    }
}
