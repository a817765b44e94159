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
 * MoveNet SinglePose (Lightning or Thunder) run as its authors intended: the first frame (and any frame after the
 * person was lost) is read whole, padded to a square; after that the model reads a square crop around the
 * previous frame's keypoints (torso and body extent, the cropping recipe of the MoveNet tutorial). The crop is
 * sampled into the card's input (int32 pixel values).
 */
public final class MoveNetSinglePose implements PoseEstimator {
    static final float MIN_CROP_KEYPOINT_SCORE = 0.2f;
    private final OnnxModel model;
    private final Predictor<PoseTranslator.Region, List<Keypoint>> predictor;
    /** Crop for the next frame, normalised {y0, x0, y1, x1}; null for the whole frame. */
    private double[] crop;

    private final float minPersonScore;

    public MoveNetSinglePose(OnnxModel model, ImageInput input, String outputName, float minPersonScore) {
        this.minPersonScore = minPersonScore;
        this.model = model;
        this.predictor = model.newPredictor(new Decoding(input, outputName));
    }

    /** MoveNet SinglePose's decoding as a DJL translator: the crop in, its 17 keypoints in frame pixels out. */
    private static final class Decoding extends PoseTranslator<List<Keypoint>> {
        private final String outputName;

        Decoding(ImageInput input, String outputName) {
            super(input);
            this.outputName = outputName;
        }

        @Override
        protected List<Keypoint> decode(PoseTranslator.Region r, Map<String, TensorData> outputs) {
            float[] out = outputs.get(outputName).floats(); // [1,1,17,3]: y, x, score
            double[] c = r.box();
            int w = r.frame().width();
            int h = r.frame().height();
            List<Keypoint> kps = new ArrayList<>(17);
            for (int j = 0; j < 17; j++) {
                double y = (c[0] + (c[2] - c[0]) * out[j * 3]) * h;
                double x = (c[1] + (c[3] - c[1]) * out[j * 3 + 1]) * w;
                kps.add(new Keypoint((float) x, (float) y, out[j * 3 + 2]));
            }
            return kps;
        }
    }

    @Override
    public SkeletonSchema schema() {
        return SkeletonSchema.COCO_17;
    }

    @Override
    public void reset() {
        crop = null;
    }

    @Override
    public List<double[]> carryOver() {
        return crop == null ? List.of() : List.of(crop.clone());
    }

    @Override
    public void carryOver(List<double[]> regions) {
        setCrop(regions.isEmpty() ? null : regions.get(0));
    }

    /** Sets the crop for the next frame (normalised {y0, x0, y1, x1}; null for the whole frame). */
    void setCrop(double[] crop) {
        this.crop = crop == null ? null : crop.clone();
    }

    /** The whole frame, padded to a square (normalised {y0, x0, y1, x1}). */
    static double[] initialCrop(int w, int h) {
        if (w > h) {
            double boxH = (double) w / h;
            double y0 = (h / 2.0 - w / 2.0) / h;
            return new double[] {y0, 0, y0 + boxH, 1};
        }
        double boxW = (double) h / w;
        double x0 = (w / 2.0 - h / 2.0) / w;
        return new double[] {0, x0, 1, x0 + boxW};
    }

    @Override
    public List<Pose> estimate(VideoFrame f) {
        int w = f.width();
        int h = f.height();
        double[] c = crop != null ? crop : initialCrop(w, h);
        List<Keypoint> kps = model.predict(predictor, new PoseTranslator.Region(f, c));
        float score = 0;
        for (Keypoint k : kps) {
            score += k.score();
        }
        crop = nextCrop(kps, w, h);
        if (score / 17 < minPersonScore) {
            return List.of(); // nobody there (the mean keypoint score is the person score)
        }
        Pose p = new Pose(-1, SkeletonSchema.COCO_17, kps, null, score / 17, null);
        return List.of(new Pose(-1, p.schema(), kps, p.keypointBox(MIN_CROP_KEYPOINT_SCORE), p.score(), null));
    }

    /** The crop for the next frame from this frame's keypoints (pixels), or null for the whole frame. */
    static double[] nextCrop(List<Keypoint> k, int w, int h) {
        boolean torso = (k.get(11).score() > MIN_CROP_KEYPOINT_SCORE || k.get(12).score() > MIN_CROP_KEYPOINT_SCORE)
                && (k.get(5).score() > MIN_CROP_KEYPOINT_SCORE || k.get(6).score() > MIN_CROP_KEYPOINT_SCORE);
        if (!torso) {
            return null;
        }
        double cy = (k.get(11).y() + k.get(12).y()) / 2.0;
        double cx = (k.get(11).x() + k.get(12).x()) / 2.0;
        double torsoY = 0;
        double torsoX = 0;
        for (int j : new int[] {5, 6, 11, 12}) {
            torsoY = Math.max(torsoY, Math.abs(cy - k.get(j).y()));
            torsoX = Math.max(torsoX, Math.abs(cx - k.get(j).x()));
        }
        double bodyY = 0;
        double bodyX = 0;
        for (int j = 0; j < 17; j++) {
            if (k.get(j).score() < MIN_CROP_KEYPOINT_SCORE) {
                continue;
            }
            bodyY = Math.max(bodyY, Math.abs(cy - k.get(j).y()));
            bodyX = Math.max(bodyX, Math.abs(cx - k.get(j).x()));
        }
        double half = Math.max(Math.max(torsoX * 1.9, torsoY * 1.9), Math.max(bodyY * 1.2, bodyX * 1.2));
        half = Math.min(half, Math.max(Math.max(cx, w - cx), Math.max(cy, h - cy)));
        if (half > Math.max(w, h) / 2.0) {
            return null;
        }
        double len = half * 2;
        double y0 = (cy - half) / h;
        double x0 = (cx - half) / w;
        return new double[] {y0, x0, y0 + len / h, x0 + len / w};
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }
}
