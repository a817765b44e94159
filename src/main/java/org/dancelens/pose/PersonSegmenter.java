package org.dancelens.pose;

import ai.djl.inference.Predictor;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.VideoFrame;
import org.dancelens.inference.ModelCard;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OnnxModel;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.inference.image.ImageInput;

/**
 * A person segmentation model (card task {@code segmenter}, output decoding {@code mask-probability}, e.g. the zoo's
 * MediaPipe selfie segmentation): one frame in, fitted to the model's input as its card says, the probability that
 * each pixel shows a person out, through the kind's own DJL translator ({@link MaskTranslator}). Not thread-safe.
 */
public final class PersonSegmenter implements AutoCloseable {

    /** A probability mask over the frame region it was computed on ({y0, x0, y1, x1}, normalised frame coordinates). */
    public record Mask(int width, int height, float[] values, double[] region) {
        /** The probability at a frame pixel (nearest cell; 0 outside the region). */
        public float valueAt(double x, double y, int frameW, int frameH) {
            double u = (x / frameW - region[1]) / (region[3] - region[1]);
            double v = (y / frameH - region[0]) / (region[2] - region[0]);
            int i = (int) Math.floor(u * width);
            int j = (int) Math.floor(v * height);
            return i < 0 || j < 0 || i >= width || j >= height ? 0 : values[j * width + i];
        }
    }

    private final OnnxModel model;
    private final Predictor<VideoFrame, Mask> predictor;

    private PersonSegmenter(ModelCard card, ImageInput input, OnnxModel model) {
        this.model = model;
        this.predictor = model.newPredictor(new MaskTranslator(card.id(), input, card.outputs().get(0).name()));
    }

    public static PersonSegmenter open(ModelRegistry.Entry entry, OrtRuntime.Device device) {
        ModelCard card = entry.card();
        if (card.task() != ModelCard.Task.SEGMENTER || !"mask-probability".equals(card.outputs().get(0).decoding())) {
            throw DanceLensException.badInput("The model " + card.id() + " is a " + card.task().label()
                    + ", not a person segmenter (a segmenter card whose output is decoded as mask-probability).");
        }
        ImageInput input = ImageInput.of(card);
        return new PersonSegmenter(card, input, OnnxModel.open(entry, device, 0));
    }

    /** The person probability of every pixel of the frame (at the model's resolution). */
    public Mask segment(VideoFrame f) {
        return model.predict(predictor, f);
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }
}
