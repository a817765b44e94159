package org.dancelens.pose;

import java.util.Map;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.VideoFrame;
import org.dancelens.inference.OnnxModel;
import org.dancelens.inference.TensorData;
import org.dancelens.inference.image.ImageInput;

/**
 * The DJL translator of person segmenters (card task {@code segmenter}, decoding {@code mask-probability}): a video
 * frame in, fitted to the model's input as the card says, the person probability of every cell of the model's
 * resolution out, as a {@link PersonSegmenter.Mask} over the frame region it was computed on.
 */
final class MaskTranslator extends OnnxModel.KindTranslator<VideoFrame, PersonSegmenter.Mask> {
    private final String modelId;
    private final ImageInput input;
    private final String output;

    MaskTranslator(String modelId, ImageInput input, String output) {
        this.modelId = modelId;
        this.input = input;
        this.output = output;
    }

    private double[] region(VideoFrame f) {
        return input.region(f.width(), f.height(), null);
    }

    @Override
    protected Map<String, TensorData> encode(VideoFrame f) {
        return Map.of(input.inputName(), input.tensor(f, region(f)));
    }

    @Override
    protected PersonSegmenter.Mask decode(VideoFrame f, Map<String, TensorData> outputs) {
        TensorData out = outputs.get(output);
        if (out == null || !out.isFloat() || out.size() != input.width() * input.height()) {
            throw DanceLensException.badInput("The segmenter " + modelId + " should give " + input.width() + "x" + input.height()
                    + " probabilities in '" + output + "'; it gave " + (out == null ? "nothing" : java.util.Arrays.toString(out.shape())) + ".");
        }
        return new PersonSegmenter.Mask(input.width(), input.height(), out.asFloats(), region(f));
    }
}
