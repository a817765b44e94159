package org.dancelens.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.SkeletonSchema;
import org.dancelens.inference.ModelCard;
import org.junit.jupiter.api.Test;

/**
 * The movement features of a skeleton recipe against values worked out here: a left arm whose shoulder and elbow
 * stand still and whose wrist moves at a constant velocity (0.3, 0.4, 0) per second from a right angle at the elbow.
 * The elbow angle is then atan2(1 + 0.3t, -0.4t) (upper arm (0, -1, 0) from the elbow, forearm (1 + 0.3t, 0.4t, 0)),
 * its rate 0.4 / ((1 + 0.3t)² + 0.16t²) rad/s, the wrist's speed 0.5 and every other joint's 0.
 */
class MovementFeaturesTest {
    static final int F0 = 17 * 3; // positions only, no velocities
    static final int ANGLES = F0;
    static final int RATES = F0 + 10;
    static final int SPEEDS = F0 + 20;
    static final int ENERGY = F0 + 32;

    /** No centring, no scaling, so speeds are in the keypoints' own units. */
    static SkeletonRecipe recipe(List<String> movement) {
        return new SkeletonRecipe("t", "features", SkeletonSchema.COCO_17, true, 3, new double[] {1, 1, 1}, 10, 20, true, 5, new int[0], false,
                false, true, 0.5, F0 + MovementFeatures.width(movement), movement);
    }

    static double[][][] arm(int frames) {
        double[][][] kp = new double[frames][17][];
        for (int t = 0; t < frames; t++) {
            for (int j = 0; j < 17; j++) {
                kp[t][j] = StyleTrainerTest.BASE[j].clone();
            }
            double s = t / 10.0;
            kp[t][5] = new double[] {0, -1, 0};
            kp[t][7] = new double[] {0, 0, 0};
            kp[t][9] = new double[] {1 + 0.3 * s, 0.4 * s, 0};
        }
        return kp;
    }

    @Test
    void anglesRatesSpeedsAndEnergyAreTheWorkedOutValues() {
        SkeletonRecipe r = recipe(MovementFeatures.NAMES);
        int f = r.features();
        float[] x = r.features(arm(20));
        for (int t = 0; t < 20; t++) {
            double s = t / 10.0;
            assertThat(x[t * f + ANGLES]).isCloseTo((float) Math.atan2(1 + 0.3 * s, -0.4 * s), within(1e-6f));
            double rate = 0.4 / ((1 + 0.3 * s) * (1 + 0.3 * s) + 0.16 * s * s);
            assertThat((double) x[t * f + RATES]).as("elbow rate at frame %d", t).isCloseTo(rate, within(0.01 * rate));
            assertThat((double) x[t * f + RATES + 1]).as("right elbow stands still").isCloseTo(0, within(1e-6));
            assertThat((double) x[t * f + SPEEDS + 4]).as("left wrist speed").isCloseTo(0.5, within(1e-5)); // a cubic fits a line exactly
            assertThat((double) x[t * f + SPEEDS + 2]).as("left elbow speed").isCloseTo(0, within(1e-6));
            assertThat((double) x[t * f + ENERGY]).isCloseTo(0.25 / 12, within(1e-6));
        }
        // the keypoint part is untouched by the movement features: it equals a recipe without them
        float[] plain = recipe(List.of()).features(arm(20));
        for (int t = 0; t < 20; t++) {
            for (int k = 0; k < F0; k++) {
                assertThat(x[t * f + k]).isEqualTo(plain[t * F0 + k]);
            }
        }
    }

    @Test
    void gapsCarryTheLastValueAndAMeasureWithNoValueIsZero() {
        SkeletonRecipe r = recipe(List.of("angles"));
        int f = r.features();
        double[][][] kp = arm(20);
        for (int t = 4; t <= 6; t++) {
            kp[t][9] = new double[] {Double.NaN, Double.NaN, Double.NaN};
        }
        float[] x = r.features(kp);
        float before = (float) Math.atan2(1 + 0.3 * 0.3, -0.4 * 0.3);
        for (int t = 4; t <= 6; t++) {
            assertThat(x[t * f + ANGLES]).isEqualTo(before);
        }
        assertThat(x[7 * f + ANGLES]).isCloseTo((float) Math.atan2(1 + 0.3 * 0.7, -0.4 * 0.7), within(1e-6f));
        for (int t = 0; t < 20; t++) {
            kp[t][9] = new double[] {Double.NaN, Double.NaN, Double.NaN};
        }
        x = r.features(kp);
        for (int t = 0; t < 20; t++) {
            assertThat(x[t * f + ANGLES]).isZero();
        }
    }

    @Test
    void theCardDeclaresTheMeasuresAndACardWithoutThemReadsAsBefore() {
        ModelCard.SequenceSpec old = new ModelCard.SequenceSpec("world", "coco-17", null, 15.0, 30, "sliding", 8, List.of("left_hip", "right_hip"),
                "sequence-max-norm", true, "joint-major", 0.5);
        SkeletonRecipe plain = SkeletonRecipe.of(card(old, 102));
        assertThat(plain.movement()).isEmpty();
        assertThat(plain.features()).isEqualTo(plain.keypointFeatures()).isEqualTo(102);
        ModelCard.SequenceSpec moving = new ModelCard.SequenceSpec("world", "coco-17", null, 15.0, 30, "sliding", 8,
                List.of("left_hip", "right_hip"), "sequence-max-norm", true, "joint-major", 0.5, List.of("speeds", "angles"));
        SkeletonRecipe m = SkeletonRecipe.of(card(moving, 102 + 22));
        assertThat(m.movement()).containsExactly("speeds", "angles");
        assertThat(m.features()).isEqualTo(124);
        assertThatThrownBy(() -> SkeletonRecipe.of(card(moving, 102))).isInstanceOf(DanceLensException.class)
                .hasMessageContaining("makes 124").hasMessageContaining("22 movement features");
        ModelCard.SequenceSpec unknown = new ModelCard.SequenceSpec("world", "coco-17", null, 15.0, 30, "sliding", 8, null, null, true, null, null,
                List.of("tempo"));
        assertThatThrownBy(() -> SkeletonRecipe.of(card(unknown, 0))).isInstanceOf(DanceLensException.class)
                .hasMessage("The card of m lists the movement feature 'tempo'; the known ones are angles, angular_speeds, speeds, energy.");
        // the order of the list is the order of the features: speeds first here
        double[][][] kp = arm(30);
        float[] x = m.features(kp);
        float[] y = SkeletonRecipe.of(card(new ModelCard.SequenceSpec("world", "coco-17", null, 15.0, 30, "sliding", 8,
                List.of("left_hip", "right_hip"), "sequence-max-norm", true, "joint-major", 0.5, List.of("angles", "speeds")), 124)).features(kp);
        for (int t = 0; t < 30; t++) {
            for (int k = 0; k < 12; k++) {
                assertThat(x[t * 124 + 102 + k]).isEqualTo(y[t * 124 + 102 + 10 + k]);
            }
        }
    }

    static ModelCard card(ModelCard.SequenceSpec s, long features) {
        return new ModelCard("m", "m", "1", ModelCard.Task.SCORER, "x", "x", null,
                List.of(new ModelCard.TensorSpec("features", "NTF", "float32", List.of(-1L, 30L, features == 0 ? -1L : features), null)),
                List.of(new ModelCard.OutputSpec("scores", List.of(-1L, 1L), "score", null)), List.of("q"), null, null, null, s, null);
    }
}
