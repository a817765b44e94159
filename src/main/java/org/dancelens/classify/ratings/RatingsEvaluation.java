package org.dancelens.classify.ratings;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dancelens.classify.RatingsManifest;
import org.dancelens.core.DanceLensException;

/**
 * A scorer's scores against people's ratings, criterion by criterion: the reference of an item is the mean of the
 * ratings it was given on that criterion; the model's score is compared with it ({@link ScoreAgreement}); the raters
 * are compared among themselves ({@link RaterAgreement}) and, one left out at a time, with the model.
 */
public final class RatingsEvaluation {

    /**
     * One criterion.
     *
     * @param label      the model's output compared with it
     * @param items      names of the items that entered (rated on this criterion and scored by the model)
     * @param model      the model's score of each
     * @param reference  the mean of its ratings
     * @param ratings    {@code [item][rater]} for those items, NaN where not given
     * @param comparison model against reference
     * @param icc        among the raters (items rated by all); null with fewer than two raters or complete items
     * @param alpha      Krippendorff's alpha (interval) among the raters; NaN when undefined
     * @param leftOut    the leave-one-rater-out table; empty with fewer than two raters
     */
    public record Criterion(String criterion, String label, List<String> items, double[] model, double[] reference, double[][] ratings,
                            ScoreAgreement.Comparison comparison, RaterAgreement.Icc icc, double alpha, List<ScoreAgreement.LeftOut> leftOut) {
    }

    /** The evaluated criteria, the raters, and the criteria left out with why. */
    public record Result(List<String> raters, List<Criterion> criteria, List<String> skipped) {
    }

    private RatingsEvaluation() {
    }

    /**
     * Which of the model's outputs each criterion is compared with: the output of the criterion's name (case ignored), or
     * the model's only output.
     *
     * @throws DanceLensException bad input when a criterion matches none of several outputs
     */
    public static int outputOf(String modelId, List<String> labels, String criterion) {
        for (int i = 0; i < labels.size(); i++) {
            if (labels.get(i).equalsIgnoreCase(criterion)) {
                return i;
            }
        }
        if (labels.size() == 1) {
            return 0;
        }
        throw DanceLensException.badInput("The model " + modelId + " gives the scores " + labels + "; the ratings' criterion '" + criterion
                + "' is none of them (name a criterion as one of the model's outputs).");
    }

    /**
     * @param scores {@code scores[item]}: the model's mean score of each output over the item's frames, or null when it
     *               scored none of them
     */
    public static Result evaluate(String modelId, List<String> labels, RatingsManifest.Table table, double[][] scores, int resamples, long seed) {
        List<Criterion> out = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (String criterion : table.criteria()) {
            int output = outputOf(modelId, labels, criterion);
            double[][] all = table.of(criterion);
            List<String> names = new ArrayList<>();
            List<Double> model = new ArrayList<>();
            List<Double> reference = new ArrayList<>();
            List<double[]> rows = new ArrayList<>();
            for (int i = 0; i < all.length; i++) {
                double sum = 0;
                int n = 0;
                for (double v : all[i]) {
                    if (!Double.isNaN(v)) {
                        sum += v;
                        n++;
                    }
                }
                if (n == 0 || scores[i] == null) {
                    continue;
                }
                names.add(table.items().get(i).name());
                model.add(scores[i][output]);
                reference.add(sum / n);
                rows.add(all[i]);
            }
            if (names.size() < 2) {
                skipped.add(String.format(Locale.ROOT, "%s: %d item%s both rated and scored; at least two are needed", criterion, names.size(),
                        names.size() == 1 ? "" : "s"));
                continue;
            }
            double[] m = model.stream().mapToDouble(Double::doubleValue).toArray();
            double[] ref = reference.stream().mapToDouble(Double::doubleValue).toArray();
            double[][] ratings = rows.toArray(double[][]::new);
            boolean several = table.raters().size() >= 2;
            out.add(new Criterion(criterion, labels.get(output), List.copyOf(names), m, ref, ratings, ScoreAgreement.compare(m, ref, resamples, seed),
                    several ? RaterAgreement.icc(ratings) : null, several ? RaterAgreement.krippendorffAlphaInterval(ratings) : Double.NaN,
                    several ? ScoreAgreement.leaveOneRaterOut(table.raters(), m, ratings) : List.of()));
        }
        if (out.isEmpty()) {
            throw DanceLensException.badInput("The model " + modelId + " could not be compared on any criterion: " + String.join("; ", skipped) + ".");
        }
        return new Result(table.raters(), List.copyOf(out), List.copyOf(skipped));
    }
}
