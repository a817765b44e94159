package org.dancelens.classify.ratings;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Categorical labels from several raters (the classification manifest's {@code rater:NAME} columns): how well the
 * raters agree among themselves (Fleiss' kappa, {@link RaterAgreement#fleissKappa}), and, one rater left out at a time,
 * the rater's and the model's agreement with the majority of the other raters.
 */
public final class LabelAgreement {

    /**
     * One rater left out: on the items this rater labelled, the model predicted and the other raters give a majority
     * label (one label given by more of them than any other; an item where they tie is left out), the fraction on which
     * the rater's label, and the model's best label, is that majority.
     */
    public record LeftOut(String rater, int n, double raterAgreement, double modelAgreement) {
    }

    /**
     * @param kappa         Fleiss' kappa over the items labelled by every rater (NaN when fewer than two raters, no such
     *                      item, or every label the same)
     * @param itemsRatedByAll the items it was computed on
     * @param leftOut       the leave-one-rater-out table, one row per rater
     */
    public record Result(List<String> raters, double kappa, int itemsRatedByAll, List<LeftOut> leftOut) {
    }

    private LabelAgreement() {
    }

    /**
     * @param labels    {@code labels[item][rater]}, null where not given
     * @param predicted the model's best label of each item, null where it scored none
     */
    public static Result of(List<String> raters, String[][] labels, String[] predicted) {
        int k = raters.size();
        // Fleiss: the categories every label given; the items every rater labelled
        List<String> categories = new ArrayList<>();
        List<int[]> complete = new ArrayList<>();
        for (String[] row : labels) {
            for (String l : row) {
                if (l != null && !categories.contains(l)) {
                    categories.add(l);
                }
            }
        }
        for (String[] row : labels) {
            boolean all = row.length == k;
            for (String l : row) {
                all &= l != null;
            }
            if (all) {
                int[] counts = new int[categories.size()];
                for (String l : row) {
                    counts[categories.indexOf(l)]++;
                }
                complete.add(counts);
            }
        }
        double kappa = k < 2 || complete.isEmpty() ? Double.NaN : RaterAgreement.fleissKappa(complete.toArray(int[][]::new));
        List<LeftOut> out = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            int n = 0;
            int rater = 0;
            int model = 0;
            for (int i = 0; i < labels.length; i++) {
                if (labels[i][j] == null || predicted[i] == null) {
                    continue;
                }
                String majority = majority(labels[i], j);
                if (majority == null) {
                    continue;
                }
                n++;
                rater += labels[i][j].equals(majority) ? 1 : 0;
                model += predicted[i].equals(majority) ? 1 : 0;
            }
            out.add(new LeftOut(raters.get(j), n, n == 0 ? Double.NaN : (double) rater / n, n == 0 ? Double.NaN : (double) model / n));
        }
        return new Result(List.copyOf(raters), kappa, complete.size(), List.copyOf(out));
    }

    /** The label most of the raters other than {@code except} gave, or null when none did or two labels tie for most. */
    static String majority(String[] row, int except) {
        Map<String, Integer> counts = new HashMap<>();
        for (int o = 0; o < row.length; o++) {
            if (o != except && row[o] != null) {
                counts.merge(row[o], 1, Integer::sum);
            }
        }
        String best = null;
        int most = 0;
        boolean tie = false;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() > most) {
                best = e.getKey();
                most = e.getValue();
                tie = false;
            } else if (e.getValue() == most) {
                tie = true;
            }
        }
        return tie ? null : best;
    }
}
