package org.dancelens.classify;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.dancelens.core.DanceLensException;

/**
 * Classification metrics of a model over an evaluation set: pure computation, no I/O.
 *
 * <p>Conventions (the same as scikit-learn's {@code classification_report} with {@code zero_division=0} and its
 * {@code balanced_accuracy_score}):
 * <ul>
 *   <li>The model's prediction for an item is the first label of {@link Prediction#ranked()}.</li>
 *   <li><b>Per class</b>: precision = correct predictions of the class / all predictions of the class; recall =
 *       correct predictions / items truly of the class (support); F1 = 2PR / (P + R). A zero denominator gives 0: a
 *       class that is never predicted has precision 0, a class predicted but absent from the truth has recall 0, and
 *       F1 is 0 when P + R = 0. A class that occurs neither in the truth nor in the predictions has no defined
 *       values: they are {@code NaN} and it is left out of every average.</li>
 *   <li><b>Macro</b> precision, recall and F1 are unweighted means of the per-class values over the classes that
 *       occur in the truth or in the predictions. Macro F1 is the mean of the per-class F1, not the F1 of macro
 *       precision and macro recall.</li>
 *   <li><b>Balanced accuracy</b> is the mean recall over the classes that occur in the truth.</li>
 *   <li><b>Top-k accuracy</b>: the share of items whose true label is among the first k of {@code ranked} (all of
 *       it, if it holds fewer than k), for k = 1, 3, 5 where k is at most the number of the model's labels. Top-1
 *       equals accuracy.</li>
 *   <li>The <b>confusion matrix</b> is {@code confusion[true][predicted]}, both in the model's label order.</li>
 * </ul>
 */
public final class Metrics {
    /** The k of the top-k accuracies, where k is at most the number of labels. */
    public static final List<Integer> TOP_K = List.of(1, 3, 5);

    /**
     * What the model said about one item.
     *
     * @param item      a name for the item in reports (e.g. the video file and segment)
     * @param trueLabel the label the manifest gives it
     * @param ranked    the model's labels, best first (at least the top 5 where the model has that many)
     */
    public record Prediction(String item, String trueLabel, List<String> ranked) {
        public Prediction {
            Objects.requireNonNull(item, "item");
            Objects.requireNonNull(trueLabel, "trueLabel");
            ranked = List.copyOf(ranked);
            if (ranked.isEmpty()) {
                throw new IllegalArgumentException("A prediction needs at least one ranked label: " + item);
            }
        }

        /** The model's prediction: its best label. */
        public String predicted() {
            return ranked.get(0);
        }

        public boolean correct() {
            return trueLabel.equals(predicted());
        }
    }

    /**
     * The metrics of one class.
     *
     * @param support   items truly of the class
     * @param predicted items the model gave this class
     * @param precision NaN when the class occurs neither in the truth nor in the predictions (likewise recall, f1)
     */
    public record ClassMetrics(String label, double precision, double recall, double f1, int support, int predicted) {
        /** Whether the class occurs in the truth or in the predictions, i.e. counts in the macro averages. */
        public boolean present() {
            return support > 0 || predicted > 0;
        }
    }

    /**
     * The result of {@link #evaluate}.
     *
     * @param labels      the model's labels, in its order (the order of {@code perClass} and of the confusion matrix)
     * @param topK        accuracy by k, for the k of {@link #TOP_K} that are at most the number of labels, ascending
     * @param confusion   counts {@code [true][predicted]} in label order (a copy is returned)
     * @param predictions the predictions evaluated, in their order
     */
    public record Evaluation(List<String> labels, int n, double accuracy, double balancedAccuracy,
                             double macroPrecision, double macroRecall, double macroF1,
                             List<ClassMetrics> perClass, Map<Integer, Double> topK, int[][] confusion,
                             List<Prediction> predictions) {
        public Evaluation {
            labels = List.copyOf(labels);
            perClass = List.copyOf(perClass);
            topK = Collections.unmodifiableMap(new LinkedHashMap<>(topK));
            confusion = deepCopy(confusion);
            predictions = List.copyOf(predictions);
        }

        @Override
        public int[][] confusion() {
            return deepCopy(confusion);
        }

        private static int[][] deepCopy(int[][] m) {
            int[][] c = new int[m.length][];
            for (int i = 0; i < m.length; i++) {
                c[i] = m[i].clone();
            }
            return c;
        }
    }

    private Metrics() {
    }

    /**
     * Computes the metrics of a model with the given labels over the predictions.
     *
     * @throws DanceLensException bad input if there are no predictions, the label list names a label twice, or a true
     *                            label is not one of the model's labels; internal if the model ranked a label it does
     *                            not have
     */
    public static Evaluation evaluate(List<String> labels, List<Prediction> predictions) {
        int c = labels.size();
        if (c == 0) {
            throw DanceLensException.badInput("The model has no labels, so it cannot be evaluated as a classifier.");
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < c; i++) {
            if (index.putIfAbsent(labels.get(i), i) != null) {
                throw DanceLensException.badInput("The model's label list names '" + labels.get(i) + "' twice.");
            }
        }
        if (predictions.isEmpty()) {
            throw DanceLensException.badInput("There is nothing to evaluate: no item was classified.");
        }
        checkTrueLabels(labels, index, predictions);

        int n = predictions.size();
        int[][] confusion = new int[c][c];
        int[] hits = new int[TOP_K.size()];
        for (Prediction p : predictions) {
            for (String r : p.ranked()) {
                if (!index.containsKey(r)) {
                    throw DanceLensException.internal("The model ranked '" + r + "' for " + p.item()
                            + ", which is not one of its labels (" + String.join(", ", labels) + ").", null);
                }
            }
            confusion[index.get(p.trueLabel())][index.get(p.predicted())]++;
            for (int j = 0; j < TOP_K.size(); j++) {
                int k = TOP_K.get(j);
                if (p.ranked().subList(0, Math.min(k, p.ranked().size())).contains(p.trueLabel())) {
                    hits[j]++;
                }
            }
        }

        List<ClassMetrics> perClass = new ArrayList<>(c);
        double sumP = 0;
        double sumR = 0;
        double sumF = 0;
        int present = 0;
        double sumTruthRecall = 0;
        int inTruth = 0;
        int correct = 0;
        for (int i = 0; i < c; i++) {
            int tp = confusion[i][i];
            int support = 0;
            int predicted = 0;
            for (int j = 0; j < c; j++) {
                support += confusion[i][j];
                predicted += confusion[j][i];
            }
            correct += tp;
            if (support == 0 && predicted == 0) {
                perClass.add(new ClassMetrics(labels.get(i), Double.NaN, Double.NaN, Double.NaN, 0, 0));
                continue;
            }
            double precision = predicted == 0 ? 0 : (double) tp / predicted;
            double recall = support == 0 ? 0 : (double) tp / support;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass.add(new ClassMetrics(labels.get(i), precision, recall, f1, support, predicted));
            sumP += precision;
            sumR += recall;
            sumF += f1;
            present++;
            if (support > 0) {
                sumTruthRecall += recall;
                inTruth++;
            }
        }
        Map<Integer, Double> topK = new LinkedHashMap<>();
        for (int j = 0; j < TOP_K.size(); j++) {
            if (TOP_K.get(j) <= c) {
                topK.put(TOP_K.get(j), (double) hits[j] / n);
            }
        }
        return new Evaluation(labels, n, (double) correct / n, sumTruthRecall / inTruth,
                sumP / present, sumR / present, sumF / present, perClass, topK, confusion, predictions);
    }

    private static void checkTrueLabels(List<String> labels, Map<String, Integer> index, List<Prediction> predictions) {
        Map<String, String> unknown = new LinkedHashMap<>(); // label -> first item with it
        for (Prediction p : predictions) {
            if (!index.containsKey(p.trueLabel())) {
                unknown.putIfAbsent(p.trueLabel(), p.item());
            }
        }
        if (unknown.isEmpty()) {
            return;
        }
        String names = unknown.entrySet().stream()
                .map(e -> "'" + e.getKey() + "' (first on " + e.getValue() + ")")
                .collect(Collectors.joining(", "));
        StringBuilder hints = new StringBuilder();
        for (String u : unknown.keySet()) {
            for (String l : labels) {
                if (l.strip().equalsIgnoreCase(u.strip())) {
                    hints.append("; '").append(u).append("' differs from '").append(l).append("' only in case or spaces");
                }
            }
        }
        throw DanceLensException.badInput((unknown.size() == 1 ? "The true label " : "The true labels ") + names
                + (unknown.size() == 1 ? " is" : " are") + " not among the model's labels: " + String.join(", ", labels)
                + hints + ".");
    }
}
