package org.dancelens.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.dancelens.core.DanceLensException;
import org.dancelens.inference.OnnxModel;
import org.dancelens.inference.TensorData;

/**
 * The DJL translator of classifiers and scorers: frame classifiers and image scorers (pictures prepared as the card
 * says), clip classifiers (a clip laid out as the card says) and sequence classifiers and scorers (feature windows of
 * a skeleton track). A batch of prepared items goes into the card's input as one model run, and the card's output
 * comes back as one {@link SequenceClassifier.Prediction} per item: its raw row and its scores as the card's head
 * decodes them ({@link ModelHead}). The batching happens here, not in a DJL batchifier.
 */
final class ScoresTranslator extends OnnxModel.KindTranslator<ScoresTranslator.Batch, List<SequenceClassifier.Prediction>> {
    /** {@code count} items laid out one after another in {@code values}; {@code what} names them in messages. */
    record Batch(float[] values, int count, String what) {
    }

    private final String inputName;
    private final IntFunction<long[]> shape;
    private final ModelHead head;

    /**
     * @param inputName the card's input
     * @param shape     the input's shape for a batch of n items
     */
    ScoresTranslator(String inputName, IntFunction<long[]> shape, ModelHead head) {
        this.inputName = inputName;
        this.shape = shape;
        this.head = head;
    }

    @Override
    protected Map<String, TensorData> encode(Batch b) {
        return Map.of(inputName, TensorData.of(b.values(), shape.apply(b.count())));
    }

    @Override
    protected List<SequenceClassifier.Prediction> decode(Batch b, Map<String, TensorData> outputs) {
        TensorData o = outputs.get(head.outputName());
        if (o == null) {
            throw DanceLensException.badInput("The card of " + head.modelId() + " names the output '" + head.outputName()
                    + "', which the model does not produce (it gives " + outputs.keySet() + ").");
        }
        List<SequenceClassifier.Prediction> out = new ArrayList<>(b.count());
        for (float[] row : head.raw(o, b.count(), b.what())) {
            out.add(new SequenceClassifier.Prediction(row, head.scores(row)));
        }
        return out;
    }
}
