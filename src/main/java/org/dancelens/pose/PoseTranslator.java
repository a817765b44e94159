package org.dancelens.pose;

import java.util.Map;
import org.dancelens.core.VideoFrame;
import org.dancelens.inference.OnnxModel;
import org.dancelens.inference.TensorData;
import org.dancelens.inference.image.ImageInput;

/**
 * The DJL translators of pose estimators, one per output decoding (each estimator holds its own): a frame and the
 * region of it the model reads go in, sampled into the card's input, and the model's output comes back decoded.
 * What an estimator keeps from frame to frame (MoveNet's crop, the box finder of a top-down model) stays in the
 * estimator.
 */
abstract class PoseTranslator<O> extends OnnxModel.KindTranslator<PoseTranslator.Region, O> {
    /** A frame and the region of it the model reads (normalised {y0, x0, y1, x1}). */
    record Region(VideoFrame frame, double[] box) {
    }

    protected final ImageInput input;

    PoseTranslator(ImageInput input) {
        this.input = input;
    }

    @Override
    protected final Map<String, TensorData> encode(Region r) {
        return Map.of(input.inputName(), input.tensor(r.frame(), r.box()));
    }
}
