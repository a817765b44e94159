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
 * MoveNet MultiPose: the whole frame, padded to a square, gives up to 6 people, each with 17 keypoints, a box and
 * a score. People under the score threshold are dropped.
 */
public final class MoveNetMultiPose implements PoseEstimator {
    private final OnnxModel model;
    private final Predictor<PoseTranslator.Region, List<Pose>> predictor;

    public MoveNetMultiPose(OnnxModel model, ImageInput input, String outputName, float minPersonScore) {
        this.model = model;
        this.predictor = model.newPredictor(new Decoding(input, outputName, minPersonScore));
    }

    /** MoveNet MultiPose's decoding as a DJL translator: the padded frame in, the people over the score threshold out. */
    private static final class Decoding extends PoseTranslator<List<Pose>> {
        private final String outputName;
        private final float minPersonScore;

        Decoding(ImageInput input, String outputName, float minPersonScore) {
            super(input);
            this.outputName = outputName;
            this.minPersonScore = minPersonScore;
        }

        @Override
        protected List<Pose> decode(PoseTranslator.Region r, Map<String, TensorData> outputs) {
            return MoveNetMultiPose.decode(outputs.get(outputName).floats(), r.box(), r.frame().width(), r.frame().height(), minPersonScore);
        }
    }

    @Override
    public SkeletonSchema schema() {
        return SkeletonSchema.COCO_17;
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
    public List<Pose> estimate(VideoFrame f) {
        return model.predict(predictor, new PoseTranslator.Region(f, MoveNetSinglePose.initialCrop(f.width(), f.height())));
    }

    /** Decodes [1, 6, 56] rows (17 x (y, x, score), ymin, xmin, ymax, xmax, score) into poses in pixels. */
    static List<Pose> decode(float[] out, double[] c, int w, int h, float minPersonScore) {
        List<Pose> poses = new ArrayList<>();
        int people = out.length / 56;
        for (int p = 0; p < people; p++) {
            int o = p * 56;
            float score = out[o + 55];
            if (score < minPersonScore) {
                continue;
            }
            List<Keypoint> kps = new ArrayList<>(17);
            for (int j = 0; j < 17; j++) {
                kps.add(new Keypoint((float) ((c[1] + (c[3] - c[1]) * out[o + j * 3 + 1]) * w),
                        (float) ((c[0] + (c[2] - c[0]) * out[o + j * 3]) * h), out[o + j * 3 + 2]));
            }
            float[] box = {
                (float) ((c[1] + (c[3] - c[1]) * out[o + 52]) * w), (float) ((c[0] + (c[2] - c[0]) * out[o + 51]) * h),
                (float) ((c[1] + (c[3] - c[1]) * out[o + 54]) * w), (float) ((c[0] + (c[2] - c[0]) * out[o + 53]) * h)};
            poses.add(new Pose(-1, SkeletonSchema.COCO_17, kps, box, score, null));
        }
        return poses;
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }
}
