package org.dancelens.pose;

import ai.djl.inference.Predictor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;
import org.dancelens.core.SkeletonSchema;
import org.dancelens.core.VideoFrame;
import org.dancelens.inference.OnnxModel;
import org.dancelens.inference.TensorData;
import org.dancelens.inference.image.ImageInput;

/**
 * A one-stage YOLO-pose model (e.g. an Ultralytics export) on the whole frame, letterboxed to its input whatever
 * the card's {@code resize} says (the decoding assumes the letterbox such models are trained with).
 */
final class YoloPose implements PoseEstimator {
    private final OnnxModel model;
    private final ImageInput input;
    private final SkeletonSchema schema;
    private final Predictor<PoseTranslator.Region, List<Pose>> predictor;

    YoloPose(OnnxModel model, ImageInput input, String output, SkeletonSchema schema, float minScore, double iou) {
        this.model = model;
        this.input = input.withResize(ImageInput.Resize.LETTERBOX);
        this.schema = schema;
        this.predictor = model.newPredictor(new Decoding(this.input, output, schema, minScore, iou));
    }

    /** YOLO-pose's decoding as a DJL translator: the letterboxed frame in, the people after non-maximum suppression out (input pixels). */
    private static final class Decoding extends PoseTranslator<List<Pose>> {
        private final String output;
        private final SkeletonSchema schema;
        private final float minScore;
        private final double iou;

        Decoding(ImageInput input, String output, SkeletonSchema schema, float minScore, double iou) {
            super(input);
            this.output = output;
            this.schema = schema;
            this.minScore = minScore;
            this.iou = iou;
        }

        @Override
        protected List<Pose> decode(PoseTranslator.Region r, Map<String, TensorData> outputs) {
            TensorData out = outputs.get(output);
            long[] shape = out.shape();
            int candidates = (int) shape[shape.length - 1];
            return PoseDecoders.yoloPose(out.floats(), schema.size(), candidates, minScore, iou, schema);
        }
    }

    @Override
    public List<Pose> estimate(VideoFrame f) {
        double[] box = input.region(f.width(), f.height(), null);
        List<Pose> poses = model.predict(predictor, new PoseTranslator.Region(f, box));
        // Input pixels -> frame pixels through the letterbox.
        double sx = (box[3] - box[1]) * f.width() / input.width();
        double sy = (box[2] - box[0]) * f.height() / input.height();
        double ox = box[1] * f.width();
        double oy = box[0] * f.height();
        List<Pose> mapped = new ArrayList<>();
        for (Pose p : poses) {
            List<Keypoint> kps = new ArrayList<>();
            for (Keypoint k : p.keypoints()) {
                kps.add(new Keypoint((float) (ox + k.x() * sx), (float) (oy + k.y() * sy), k.score()));
            }
            float[] b = p.box();
            mapped.add(new Pose(-1, schema, kps, new float[] {(float) (ox + b[0] * sx), (float) (oy + b[1] * sy),
                (float) (ox + b[2] * sx), (float) (oy + b[3] * sy)}, p.score(), null));
        }
        return mapped;
    }

    @Override
    public List<double[]> carryOver() {
        return List.of(); // stateless
    }

    @Override
    public void carryOver(List<double[]> regions) {
        // stateless
    }

    @Override
    public void reset() {
        // stateless
    }

    @Override
    public SkeletonSchema schema() {
        return schema;
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }
}
