package org.dancelens.classify.ratings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.dancelens.classify.RatingsManifest;
import org.dancelens.core.DanceLensException;
import org.junit.jupiter.api.Test;

/** Criteria matched to a scorer's outputs, the reference as the mean of the ratings given, and criteria too small to compare. */
class RatingsEvaluationTest {
    private static final double NA = Double.NaN;

    private static RatingsManifest.Table table(List<String> criteria, double[][][] values) {
        int n = values[0].length;
        List<RatingsManifest.Item> items = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(new RatingsManifest.Item(Path.of("/v.mp4"), (double) i, i + 1.0, i + 2));
        }
        return new RatingsManifest.Table(items, List.of("a", "b"), criteria, values);
    }

    @Test
    void aCriterionIsComparedWithTheOutputOfItsNameOrTheOnlyOutput() {
        assertThat(RatingsEvaluation.outputOf("m", List.of("precision", "Fluidity"), "fluidity")).isEqualTo(1);
        assertThat(RatingsEvaluation.outputOf("m", List.of("score"), "fluidity")).isZero();
        assertThatThrownBy(() -> RatingsEvaluation.outputOf("m", List.of("precision", "fluidity"), "aesthetics"))
                .isInstanceOf(DanceLensException.class)
                .hasMessage("The model m gives the scores [precision, fluidity]; the ratings' criterion 'aesthetics' is none of them"
                        + " (name a criterion as one of the model's outputs).");
    }

    @Test
    void theReferenceIsTheMeanOfTheRatingsGivenAndUnscoredItemsAreLeftOut() {
        double[][][] v = {
            { // fluidity: items x raters a, b
                {2, 4},
                {5, NA},
                {1, 2},
                {7, 9},
            },
            { // precision: only one item rated
                {3, NA},
                {NA, NA},
                {NA, NA},
                {NA, NA},
            },
        };
        double[][] scores = {{0.3, 9}, {0.5, 9}, null, {0.8, 9}}; // item 3 not scored by the model
        RatingsEvaluation.Result r = RatingsEvaluation.evaluate("m", List.of("fluidity", "precision"), table(List.of("fluidity", "precision"), v),
                scores, 200, 1);
        assertThat(r.criteria()).hasSize(1);
        RatingsEvaluation.Criterion c = r.criteria().get(0);
        assertThat(c.criterion()).isEqualTo("fluidity");
        assertThat(c.label()).isEqualTo("fluidity");
        assertThat(c.reference()).containsExactly(3, 5, 8);
        assertThat(c.model()).containsExactly(0.3, 0.5, 0.8);
        assertThat(c.comparison().bias()).isCloseTo(((0.3 - 3) + (0.5 - 5) + (0.8 - 8)) / 3, within(1e-12));
        assertThat(c.leftOut()).hasSize(2);
        assertThat(c.icc().n()).as("items rated by both raters").isEqualTo(2);
        assertThat(r.skipped()).containsExactly("precision: 1 item both rated and scored; at least two are needed");
        assertThatThrownBy(() -> RatingsEvaluation.evaluate("m", List.of("precision"), table(List.of("precision"), new double[][][] {v[1]}),
                scores, 200, 1)).isInstanceOf(DanceLensException.class)
                .hasMessage("The model m could not be compared on any criterion: precision: 1 item both rated and scored; at least two are needed.");
    }
}
