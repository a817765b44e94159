package org.dancelens.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;
import org.dancelens.core.SkeletonSchema;
import org.dancelens.core.TaskContext;
import org.junit.jupiter.api.Test;

/** Pose comparison: OKS and PCK worked out by hand, Hungarian matching, missed dancers, skeletons with other joints. */
class PoseComparisonTest {
    private static final PoseComparison.Settings S = PoseComparison.Settings.defaults();

    /** A COCO-17 dancer: joints spread over a 100 x 200 box at (x0, y0), every joint seen, moved by (dx, dy). */
    private static Pose dancer(int track, float x0, float y0, float dx, float dy) {
        List<Keypoint> k = new ArrayList<>();
        for (int j = 0; j < 17; j++) {
            k.add(new Keypoint(x0 + (j % 5) * 25 + dx, y0 + j * 12.5f + dy, 0.9f));
        }
        return new Pose(track, SkeletonSchema.COCO_17, k, new float[] {x0 + dx, y0 + dy, x0 + 100 + dx, y0 + 200 + dy}, 0.9f, null);
    }

    private static final PoseComparison.Joints COCO = PoseComparison.commonJoints(SkeletonSchema.COCO_17, SkeletonSchema.COCO_17);

    @Test
    void identicalPosesHaveOksOneAndAShiftGivesTheWorkedOks() {
        Pose a = dancer(0, 50, 60, 0, 0);
        assertThat(PoseComparison.oks(a, a, COCO, 0.3)).isEqualTo(1.0);

        // one joint seen (left hip, sigma .107, k = .214), A's box 100 x 100, B's hip 10 px away:
        // exp(-100 / (2 * 10000 * .214^2)) = 0.896569
        List<Keypoint> ka = new ArrayList<>();
        List<Keypoint> kb = new ArrayList<>();
        for (int j = 0; j < 17; j++) {
            ka.add(new Keypoint(0, 0, j == 11 ? 0.9f : 0.1f));
            kb.add(new Keypoint(j == 11 ? 6 : 0, j == 11 ? 8 : 0, 0.9f));
        }
        Pose hipA = new Pose(0, SkeletonSchema.COCO_17, ka, new float[] {0, 0, 100, 100}, 1, null);
        Pose hipB = new Pose(0, SkeletonSchema.COCO_17, kb, new float[] {0, 0, 100, 100}, 1, null);
        assertThat(PoseComparison.oks(hipA, hipB, COCO, 0.3)).isCloseTo(0.896569, within(1e-6));

        // every joint moved by 15 px: box 100 x 200, larger side 200: within 0.1 x 200 = 20 px, not within 10 px
        PoseComparison.Pair p = PoseComparison.pair(0, a, dancer(0, 50, 60, 9, 12), 0, COCO, 0.3);
        assertThat(p.scalePx()).isEqualTo(200);
        assertThat(p.seen()).isEqualTo(17);
        for (double d : p.distancePx()) {
            assertThat(d).isCloseTo(15, within(1e-4));
        }
        assertThat(p.pck05()).isZero();
        assertThat(p.pck10()).isEqualTo(17);
    }

    @Test
    void hungarianMatchesASwappedPairAndReportsTheDancerOneRunMissed() {
        // A lists the left dancer first; B lists the right one first, under other track numbers, and sees a third dancer
        Map<Integer, List<Pose>> a = new java.util.HashMap<>();
        Map<Integer, List<Pose>> b = new java.util.HashMap<>();
        for (int f = 0; f < 3; f++) {
            a.put(f, List.of(dancer(1, 100, 100, 0, 0), dancer(2, 400, 100, 0, 0)));
            b.put(f, List.of(dancer(7, 400, 100, 2, 0), dancer(8, 100, 100, 0, 3), dancer(9, 650, 300, 0, 0)));
        }
        TreeSet<Integer> frames = new TreeSet<>(List.of(0, 1, 2));
        TreeSet<Integer> framesB = new TreeSet<>(List.of(0, 1, 2, 3));
        PoseComparison.Result r = PoseComparison.compare(frames, a, framesB, b, S, TaskContext.NONE);
        assertThat(r.pairs()).hasSize(6);
        assertThat(r.pairs()).allSatisfy(p -> assertThat(p.trackB()).isEqualTo(p.trackA() == 1 ? 8 : 7));
        assertThat(r.missed()).hasSize(3).allSatisfy(m -> {
            assertThat(m.seenBy()).isEqualTo(PoseComparison.Side.ONLY_B);
            assertThat(m.track()).isEqualTo(9);
        });
        assertThat(r.summary().framesCompared()).isEqualTo(3);
        assertThat(r.summary().framesOnlyB()).isEqualTo(1);
        assertThat(r.summary().framesWithMissed()).isEqualTo(3);
        assertThat(r.summary().missedByA()).isEqualTo(3);
        assertThat(r.summary().missedByB()).isZero();
        // shifts of 2 and 3 px on a 100 x 200 box: every joint within 0.05 x 200 = 10 px
        assertThat(r.summary().pck05()).isEqualTo(1.0);
        assertThat(r.summary().meanOks()).isBetween(0.9, 1.0);
        assertThat(r.identities()).extracting(PoseComparison.IdentityPair::trackA, PoseComparison.IdentityPair::trackB, PoseComparison.IdentityPair::frames)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(1, 8, 3), org.assertj.core.groups.Tuple.tuple(2, 7, 3));
        assertThat(r.identities()).allSatisfy(i -> assertThat(i.dominant()).isTrue());
        assertThat(ClassifierComparison.pairsFromIdentities(r.identities())).containsEntry(1, 8).containsEntry(2, 7);
    }

    @Test
    void aDancerFarFromAnyPartnerIsMissedNotMatched() {
        Map<Integer, List<Pose>> a = Map.of(0, List.of(dancer(1, 100, 100, 0, 0)));
        Map<Integer, List<Pose>> b = Map.of(0, List.of(dancer(5, 500, 300, 0, 0)));
        TreeSet<Integer> frames = new TreeSet<>(List.of(0));
        PoseComparison.Result r = PoseComparison.compare(frames, a, frames, b, S, TaskContext.NONE);
        assertThat(r.pairs()).isEmpty();
        assertThat(r.missed()).extracting(PoseComparison.Missed::seenBy).containsExactlyInAnyOrder(PoseComparison.Side.ONLY_A, PoseComparison.Side.ONLY_B);
        assertThat(r.missed()).allSatisfy(m -> assertThat(m.bestOks()).isLessThan(S.minOks()));
        assertThat(r.summary().meanOks()).isNaN();
    }

    @Test
    void skeletonsAreComparedOnTheJointsTheyShareByName() {
        PoseComparison.Joints j = PoseComparison.commonJoints(SkeletonSchema.BLAZEPOSE_33, SkeletonSchema.COCO_17);
        assertThat(j.names()).hasSize(17).containsExactlyInAnyOrderElementsOf(SkeletonSchema.COCO_17.joints());
        for (int i = 0; i < j.size(); i++) {
            assertThat(SkeletonSchema.BLAZEPOSE_33.joints().get(j.inA()[i])).isEqualTo(SkeletonSchema.COCO_17.joints().get(j.inB()[i]));
            assertThat(j.sigmas()[i]).isEqualTo(SkeletonSchema.COCO_17.oksSigmas()[j.inB()[i]], within(1e-7));
        }
        PoseComparison.Joints bb = PoseComparison.commonJoints(SkeletonSchema.BLAZEPOSE_33, SkeletonSchema.BLAZEPOSE_33);
        assertThat(bb.size()).isEqualTo(33);
        assertThat(bb.sigmas()[bb.names().indexOf("left_heel")]).as("no COCO sigma").isNaN();

        SkeletonSchema hand = new SkeletonSchema("hand-2", List.of("thumb_tip", "index_tip"), new int[][] {{0, 1}}, null);
        assertThatThrownBy(() -> PoseComparison.commonJoints(hand, SkeletonSchema.COCO_17)).isInstanceOf(DanceLensException.class)
                .hasMessage("The skeletons hand-2 and coco-17 share no keypoint name, so their poses cannot be compared.");
    }
}
