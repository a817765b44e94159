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
 * A top-down pose model (heat maps such as HRNet/ViTPose, or SimCC such as RTMPose) run on each person box that
 * another estimator finds (MoveNet MultiPose from the zoo): the box is enlarged by 1.25 and widened or heightened
 * to the model's aspect, then the decoded keypoints are mapped back to the frame.
 */
final class TopDownPose implements PoseEstimator {
    enum Kind { HEATMAP, SIMCC }

    private final PoseEstimator boxes;
    private final OnnxModel model;
    private final Predictor<PoseTranslator.Region, float[][]> predictor;
    private final ImageInput input;
    private final SkeletonSchema schema;

    TopDownPose(PoseEstimator boxes, OnnxModel model, ImageInput input, List<String> outputs, Kind kind, SkeletonSchema schema,
                double splitRatio) {
        this.boxes = boxes;
        this.model = model;
        this.input = input;
        this.schema = schema;
        this.predictor = model.newPredictor(new Decoding(input, outputs, kind, schema, splitRatio));
    }

    /**
     * A top-down model's decoding (heatmaps, or SimCC's x and y vectors) as a DJL translator: the person's crop in,
     * its keypoints {x, y, score} in the input's pixels out.
     */
    private static final class Decoding extends PoseTranslator<float[][]> {
        private final List<String> outputs;
        private final Kind kind;
        private final SkeletonSchema schema;
        private final double splitRatio;

        Decoding(ImageInput input, List<String> outputs, Kind kind, SkeletonSchema schema, double splitRatio) {
            super(input);
            this.outputs = outputs;
            this.kind = kind;
            this.schema = schema;
            this.splitRatio = splitRatio;
        }

        @Override
        protected float[][] decode(PoseTranslator.Region r, Map<String, TensorData> res) {
            if (kind == Kind.HEATMAP) {
                TensorData hm = res.get(outputs.get(0));
                long[] s = hm.shape();
                return PoseDecoders.heatmaps(hm.floats(), (int) s[1], (int) s[2], (int) s[3], input.width(), input.height());
            }
            return PoseDecoders.simcc(res.get(outputs.get(0)).floats(), res.get(outputs.get(1)).floats(), schema.size(), splitRatio);
        }
    }

    /** The person box (pixels) enlarged by 1.25 around its centre and fitted to the aspect {@code w / h}. */
    static double[] cropBox(float[] b, int w, int h) {
        double cx = (b[0] + b[2]) / 2.0;
        double cy = (b[1] + b[3]) / 2.0;
        double bw = (b[2] - b[0]) * 1.25;
        double bh = (b[3] - b[1]) * 1.25;
        double aspect = (double) w / h;
        if (bw / bh > aspect) {
            bh = bw / aspect;
        } else {
            bw = bh * aspect;
        }
        return new double[] {cx - bw / 2, cy - bh / 2, cx + bw / 2, cy + bh / 2};
    }

    @Override
    public List<Pose> estimate(VideoFrame f) {
        List<Pose> out = new ArrayList<>();
        for (Pose person : boxes.estimate(f)) {
            double[] c = cropBox(person.box(), input.width(), input.height());
            double[] norm = {c[1] / f.height(), c[0] / f.width(), c[3] / f.height(), c[2] / f.width()};
            float[][] kp = model.predict(predictor, new PoseTranslator.Region(f, norm));
            double sx = (c[2] - c[0]) / input.width();
            double sy = (c[3] - c[1]) / input.height();
            List<Keypoint> kps = new ArrayList<>();
            double score = 0;
            for (float[] k : kp) {
                kps.add(new Keypoint((float) (c[0] + k[0] * sx), (float) (c[1] + k[1] * sy), k[2]));
                score += k[2];
            }
            out.add(new Pose(-1, schema, kps, person.box(), (float) (score / kp.length), null));
        }
        return out;
    }

    @Override
    public List<double[]> carryOver() {
        return boxes.carryOver(); // the crops come from this frame's boxes; only the box finder may carry state
    }

    @Override
    public void carryOver(List<double[]> regions) {
        boxes.carryOver(regions);
    }

    @Override
    public void reset() {
        boxes.reset();
    }

    @Override
    public SkeletonSchema schema() {
        return schema;
    }

    @Override
    public void close() {
        boxes.close();
        predictor.close();
        model.close();
    }
}
