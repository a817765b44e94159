package org.dancelens.classify;

import java.util.Map;
import org.dancelens.core.DanceLensException;
import org.dancelens.inference.OnnxModel;
import org.dancelens.inference.TensorData;
import org.dancelens.inference.image.ImageInput;

/**
 * The DJL translator of frame classifiers, scorers and clip classifiers: pictures prepared as the card says
 * ({@link ImageInput#fill}, or a clip laid out with {@link ImageInput#place}) go into the card's input as one batch,
 * and the card's output comes back as one row of scores per picture (or clip), decoded as the card's head says
 * ({@link ModelHead}). A batch is one model run: the batching happens here, not in a DJL batchifier.
 */
final class ImageScoresTranslator extends OnnxModel.KindTranslator<ImageScoresTranslator.Pictures, float[][]> {
    /** {@code count} pictures (or clips) laid out one after another in {@code values}; {@code what} names them in messages. */
    record Pictures(float[] values, int count, String what) {
    }

    private final ImageInput input;
    private final ModelHead head;

    ImageScoresTranslator(ImageInput input, ModelHead head) {
        this.input = input;
        this.head = head;
    }

    @Override
    protected Map<String, TensorData> encode(Pictures p) {
        return Map.of(input.inputName(), TensorData.of(p.values(), input.shape(p.count())));
    }

    @Override
    protected float[][] decode(Pictures p, Map<String, TensorData> outputs) {
        TensorData o = outputs.get(head.outputName());
        if (o == null) {
            throw DanceLensException.badInput("The card of " + head.modelId() + " names the output '" + head.outputName()
                    + "', which the model does not produce (it gives " + outputs.keySet() + ").");
        }
        float[][] rows = head.raw(o, p.count(), p.what());
        for (int b = 0; b < rows.length; b++) {
            rows[b] = head.scores(rows[b]);
        }
        return rows;
    }
}
