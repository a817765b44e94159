package org.dancelens.movement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.dancelens.core.Pose;
import org.dancelens.core.SkeletonSchema;
import org.junit.jupiter.api.Test;

/** The centre of mass of symmetric postures: on the symmetry axis, at the height de Leva's table gives. */
class CentreOfMassTest {
    static Track still(SkeletonSchema schema, Map<String, double[]> body) {
        Pose p = Bodies.pose(schema, body, null);
        return Track.of(Map.of(0, p, 1, p), Bodies.times(2, 30), 0.3);
    }

    @Test
    void aSymmetricCocoPostureHasItsCentreOnTheAxisAtTheTablesHeight() {
        JointSeries com = CentreOfMass.compute(still(SkeletonSchema.COCO_17, Bodies.standing()), Space.IMAGE, CentreOfMass.Table.DE_LEVA_MALE);
        // de Leva 1996, Table 4, male: mass % and CoM % along the segment, on the joint heights of Bodies.standing();
        // COCO has no hand or foot points, so their masses sit at the wrist (265) and the ankle (460); the head's at the ears (102)
        double head = 6.94 * 102;
        double trunk = 43.46 * (150 + 0.4310 * (280 - 150));
        double upperArm = 2.71 * (150 + 0.5772 * (210 - 150));
        double forearm = 1.62 * (210 + 0.4574 * (265 - 210));
        double hand = 0.61 * 265;
        double thigh = 14.16 * (280 + 0.4095 * (370 - 280));
        double shank = 4.33 * (370 + 0.4459 * (460 - 370));
        double foot = 1.37 * 460;
        double mass = 6.94 + 43.46 + 2 * (2.71 + 1.62 + 0.61 + 14.16 + 4.33 + 1.37);
        assertThat(mass).isCloseTo(100, within(1e-9));
        double expectedY = (head + trunk + 2 * (upperArm + forearm + hand + thigh + shank + foot)) / mass;
        assertThat(com.get(0, 0)).isCloseTo(200, within(1e-9));
        assertThat(com.get(1, 0)).isCloseTo(expectedY, within(1e-6));
        assertThat(expectedY).isBetween(150.0, 280.0); // between the shoulders and the hips, as for a standing body
    }

    @Test
    void aSymmetricBlazePosePostureUsesTheHandsAndFeetAndTheFemaleColumn() {
        JointSeries com = CentreOfMass.compute(still(SkeletonSchema.BLAZEPOSE_33, Bodies.standing()), Space.IMAGE, CentreOfMass.Table.DE_LEVA_FEMALE);
        double head = 6.68 * 102;
        double trunk = 42.57 * (150 + 0.3782 * (280 - 150));
        double upperArm = 2.55 * (150 + 0.5754 * (210 - 150));
        double forearm = 1.38 * (210 + 0.4559 * (265 - 210));
        double hand = 0.56 * (265 + 0.7474 * ((285 + 283) / 2.0 - 265)); // wrist to the middle of the index and pinky knuckles
        double thigh = 14.78 * (280 + 0.3612 * (370 - 280));
        double shank = 4.81 * (370 + 0.4416 * (460 - 370));
        double foot = 1.29 * (470 + 0.4014 * (474 - 470)); // heel to toe tip
        double mass = 6.68 + 42.57 + 2 * (2.55 + 1.38 + 0.56 + 14.78 + 4.81 + 1.29);
        double expectedY = (head + trunk + 2 * (upperArm + forearm + hand + thigh + shank + foot)) / mass;
        assertThat(com.get(0, 0)).isCloseTo(200, within(1e-9));
        assertThat(com.get(1, 0)).isCloseTo(expectedY, within(1e-6));
    }

    @Test
    void raisingOneArmMovesTheCentreToThatSideAndUpAndAMissingEarMakesAGap() {
        Map<String, double[]> body = Bodies.copy(Bodies.standing());
        JointSeries before = CentreOfMass.compute(still(SkeletonSchema.COCO_17, body), Space.IMAGE, CentreOfMass.Table.DE_LEVA_MALE);
        body.put("left_elbow", new double[] {290, 150});
        body.put("left_wrist", new double[] {345, 150});
        JointSeries after = CentreOfMass.compute(still(SkeletonSchema.COCO_17, body), Space.IMAGE, CentreOfMass.Table.DE_LEVA_MALE);
        assertThat(after.get(0, 0)).isGreaterThan(before.get(0, 0));
        assertThat(after.get(1, 0)).isLessThan(before.get(1, 0));
        body.remove("left_ear");
        JointSeries gap = CentreOfMass.compute(still(SkeletonSchema.COCO_17, body), Space.IMAGE, CentreOfMass.Table.DE_LEVA_MALE);
        assertThat(gap.isGap(0)).isTrue();
        assertThat(gap.get(1, 0)).isNaN();
    }
}
