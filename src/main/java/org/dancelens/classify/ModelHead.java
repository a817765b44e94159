package org.dancelens.classify;

import java.util.List;
import org.dancelens.core.DanceLensException;
import org.dancelens.inference.ModelCard;
import org.dancelens.inference.TensorData;

/**
 * How a classifier's or scorer's output becomes scores: the output tensor {@code [N, K]} (or {@code [N]} for a
 * single score), the K labels, and the decoding — {@code logits} (softmax applied), {@code probabilities} (used
 * as they are), {@code sigmoid} (independent per label) or {@code score} (raw regression values).
 */
public record ModelHead(String modelId, String outputName, List<String> labels, String decoding) {

    public static ModelHead of(ModelCard card) {
        ModelCard.OutputSpec out = card.outputs().get(0);
        boolean scorer = card.task() == ModelCard.Task.SCORER;
        String decoding = out.decoding() != null ? out.decoding() : scorer ? "score" : "logits";
        if (!List.of("logits", "probabilities", "sigmoid", "score").contains(decoding)) {
            throw DanceLensException.badInput("The output '" + out.name() + "' of " + card.id() + " has the decoding '" + decoding
                    + "'; a classifier's is logits, probabilities, sigmoid or score.");
        }
        List<String> labels = card.labels() != null && !card.labels().isEmpty() ? card.labels() : List.of(out.name());
        return new ModelHead(card.id(), out.name(), labels, decoding);
    }

    /** True when the scores of one frame sum to one, so the largest is "the" label. */
    public boolean exclusive() {
        return decoding.equals("logits") || decoding.equals("probabilities");
    }

    /** The raw output rows, one per batch item, checked against the labels and for NaN. */
    public float[][] raw(TensorData out, int batch, String what) {
        long[] shape = out.shape();
        int k = shape.length == 1 ? 1 : (int) shape[shape.length - 1];
        if (shape.length > 2 || shape.length == 0 || shape[0] != batch) {
            throw DanceLensException.badInput("The output '" + outputName + "' of " + modelId + " has shape " + java.util.Arrays.toString(shape)
                    + " for a batch of " + batch + "; expected [" + batch + ", " + labels.size() + "].");
        }
        if (k != labels.size()) {
            throw DanceLensException.badInput("The output '" + outputName + "' of " + modelId + " gives " + k + " values per item, but its card lists "
                    + labels.size() + " labels.");
        }
        float[] v = out.asFloats();
        float[][] rows = new float[batch][k];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < k; i++) {
                float x = v[b * k + i];
                if (!Float.isFinite(x)) {
                    throw DanceLensException.badInput("The model " + modelId + " produced " + x + " in its output '" + outputName + "' (label "
                            + labels.get(i) + ") for " + what + ".");
                }
                rows[b][i] = x;
            }
        }
        return rows;
    }

    /** Scores from one raw row, as the decoding says. */
    public float[] scores(float[] raw) {
        return switch (decoding) {
            case "logits" -> softmax(raw);
            case "sigmoid" -> {
                float[] s = new float[raw.length];
                for (int i = 0; i < s.length; i++) {
                    s[i] = (float) (1 / (1 + Math.exp(-raw[i])));
                }
                yield s;
            }
            default -> raw.clone();
        };
    }

    /** Softmax in float64 (subtracting the maximum). */
    public static float[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] e = new double[logits.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = Math.exp(logits[i] - max);
            sum += e[i];
        }
        float[] p = new float[logits.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) (e[i] / sum);
        }
        return p;
    }
}
