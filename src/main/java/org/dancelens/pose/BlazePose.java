package org.dancelens.pose;

import ai.djl.inference.Predictor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;
import org.dancelens.core.RegionMask;
import org.dancelens.core.SkeletonSchema;
import org.dancelens.core.VideoFrame;
import org.dancelens.inference.OnnxModel;
import org.dancelens.inference.TensorData;
import org.dancelens.inference.image.ImageInput;

/**
 * MediaPipe BlazePose as its authors run it (for one person by default; several on request): the detector finds the person and two alignment
 * points (hips centre and a point giving scale and rotation); the landmark model reads the rotated square region
 * they define (side 2.5 x their distance, turned so the body is upright) and gives 33 landmarks with visibility,
 * 3D world coordinates in metres (origin between the hips) and a presence score; the next frame's region comes from
 * the landmarks' own alignment points, and the detector runs again only when the person is lost. Both models' inputs
 * are filled as their cards say (the detector reads the frame padded to a square, the landmark model the rotated square).
 */
public final class BlazePose implements PoseEstimator {
    static final int DETECTOR_SIZE = 224;
    static final int LANDMARK_SIZE = 256;
    static final float MIN_DETECTION_SCORE = 0.5f;
    static final float MIN_PRESENCE = 0.5f;

    private final OnnxModel detector;
    private final ImageInput detectorInput;
    private final String detectorOutput;
    private final OnnxModel landmarks;
    private final ImageInput landmarkInput;
    private final Predictor<PoseTranslator.Region, List<double[]>> detectorRun;
    private final Predictor<Rotated, Landmarks> landmarkRun;
    private final float[][] anchors = anchors();
    /** Regions for the next frame, one per person followed: {cx, cy, side, angle} in frame pixels/radians. */
    private final List<double[]> rois = new ArrayList<>();
    private final int maxPeople;

    /**
     * @param detectorInput the detector card's input, 224 pixels square
     * @param landmarkInput the landmark card's input, 256 pixels square (both checked by {@link #requireInputSizes})
     * @param maxPeople how many people to follow: 1 as MediaPipe does (the detector runs only when the person is
     *                  lost); more for groups (the detector then runs on every frame that follows fewer people, and
     *                  new people are those whose detected region overlaps no followed one)
     */
    public BlazePose(OnnxModel detector, ImageInput detectorInput, String detectorOutput, OnnxModel landmarks, ImageInput landmarkInput,
                     int maxPeople) {
        this.maxPeople = Math.max(1, maxPeople);
        this.detector = detector;
        this.detectorInput = detectorInput;
        this.detectorOutput = detectorOutput;
        this.landmarks = landmarks;
        this.landmarkInput = landmarkInput;
        this.detectorRun = detector.newPredictor(new DetectorDecoding());
        this.landmarkRun = landmarks.newPredictor(new LandmarkDecoding());
    }

    /**
     * Checks, before the models are opened, that the cards give the input sizes the anchors and the landmark
     * decoding are made for.
     */
    static void requireInputSizes(ImageInput detectorInput, ImageInput landmarkInput) {
        if (detectorInput.width() != DETECTOR_SIZE || detectorInput.height() != DETECTOR_SIZE || landmarkInput.width() != LANDMARK_SIZE
                || landmarkInput.height() != LANDMARK_SIZE) {
            throw DanceLensException.badInput("The BlazePose model " + landmarkInput.modelId() + " needs a " + DETECTOR_SIZE + "x" + DETECTOR_SIZE
                    + " detector input and a " + LANDMARK_SIZE + "x" + LANDMARK_SIZE + " landmark input; the cards of " + detectorInput.modelId()
                    + " and " + landmarkInput.modelId() + " give " + detectorInput.width() + "x" + detectorInput.height() + " and "
                    + landmarkInput.width() + "x" + landmarkInput.height() + ".");
        }
    }

    @Override
    public SkeletonSchema schema() {
        return SkeletonSchema.BLAZEPOSE_33;
    }

    @Override
    public List<double[]> carryOver() {
        List<double[]> out = new ArrayList<>();
        rois.forEach(r -> out.add(r.clone()));
        return out;
    }

    @Override
    public void carryOver(List<double[]> regions) {
        rois.clear();
        regions.forEach(r -> rois.add(r.clone()));
    }

    @Override
    public void reset() {
        rois.clear();
    }

    /** SSD anchors of the detector: strides 8, 16, 32, 32, 32 on 224 px, two anchors per cell per layer. */
    static float[][] anchors() {
        int[] strides = {8, 16, 32, 32, 32};
        List<float[]> a = new ArrayList<>();
        int layer = 0;
        while (layer < strides.length) {
            int count = 0;
            int last = layer;
            while (last < strides.length && strides[last] == strides[layer]) {
                count += 2;
                last++;
            }
            int fm = (int) Math.ceil(DETECTOR_SIZE / (double) strides[layer]);
            for (int y = 0; y < fm; y++) {
                for (int x = 0; x < fm; x++) {
                    for (int k = 0; k < count; k++) {
                        a.add(new float[] {(x + 0.5f) / fm, (y + 0.5f) / fm});
                    }
                }
            }
            layer = last;
        }
        return a.toArray(new float[0][]);
    }

    @Override
    public List<Pose> estimate(VideoFrame f) {
        List<Pose> poses = new ArrayList<>();
        List<double[]> next = new ArrayList<>();
        for (double[] r : rois) {
            Landmarks l = landmarks(f, r);
            if (l != null) {
                poses.add(l.pose());
                next.add(l.nextRoi());
            }
        }
        if (next.size() < maxPeople) {
            for (double[] r : detect(f)) {
                if (next.size() >= maxPeople) {
                    break;
                }
                if (next.stream().anyMatch(o -> overlap(o, r) > 0.3)) {
                    continue; // someone already followed
                }
                Landmarks l = landmarks(f, r);
                if (l != null && next.stream().noneMatch(o -> overlap(o, l.nextRoi()) > 0.3)) {
                    poses.add(l.pose());
                    next.add(l.nextRoi());
                }
            }
        }
        rois.clear();
        rois.addAll(next);
        return poses;
    }

    /** Overlap (IoU) of the axis-aligned squares around two regions. */
    static double overlap(double[] a, double[] b) {
        float[] ba = {(float) (a[0] - a[2] / 2), (float) (a[1] - a[2] / 2), (float) (a[0] + a[2] / 2), (float) (a[1] + a[2] / 2)};
        float[] bb = {(float) (b[0] - b[2] / 2), (float) (b[1] - b[2] / 2), (float) (b[0] + b[2] / 2), (float) (b[1] + b[2] / 2)};
        return PoseTracker.iou(ba, bb);
    }

    /**
     * Runs the detector on the whole frame (padded to a square) and returns the regions of the people it finds, best
     * first, after non-maximum suppression of their boxes.
     */
    List<double[]> detect(VideoFrame f) {
        int w = f.width();
        int h = f.height();
        double[] c = MoveNetSinglePose.initialCrop(w, h); // normalised square around the frame
        return detector.predict(detectorRun, new PoseTranslator.Region(f, c));
    }

    /** The detector's decoding as a DJL translator: the padded frame in, the people's regions (best first, after suppression) out. */
    private final class DetectorDecoding extends PoseTranslator<List<double[]>> {
        DetectorDecoding() {
            super(detectorInput);
        }

        @Override
        protected List<double[]> decode(PoseTranslator.Region r, Map<String, TensorData> outputs) {
            int w = r.frame().width();
            int h = r.frame().height();
            double[] c = r.box();
            float[] out = outputs.get(detectorOutput).floats(); // [1, 2254, 13]
            List<Integer> candidates = new ArrayList<>();
            for (int a = 0; a < anchors.length; a++) {
                if (sigmoid(out[a * 13]) >= MIN_DETECTION_SCORE) {
                    candidates.add(a);
                }
            }
            candidates.sort((x, y) -> Float.compare(out[y * 13], out[x * 13]));
            double sx = (c[3] - c[1]) * w;
            double sy = (c[2] - c[0]) * h;
            List<float[]> kept = new ArrayList<>();
            List<double[]> regions = new ArrayList<>();
            for (int a : candidates) {
                int o = a * 13;
                // Box (centre, size) and alignment points 0 and 1, in the square, relative to the anchor.
                double bx = out[o + 1] / DETECTOR_SIZE + anchors[a][0];
                double by = out[o + 2] / DETECTOR_SIZE + anchors[a][1];
                double bw = out[o + 3] / DETECTOR_SIZE;
                double bh = out[o + 4] / DETECTOR_SIZE;
                float[] box = {(float) (bx - bw / 2), (float) (by - bh / 2), (float) (bx + bw / 2), (float) (by + bh / 2)};
                if (kept.stream().anyMatch(k -> PoseTracker.iou(k, box) > 0.3)) {
                    continue;
                }
                kept.add(box);
                double k0x = out[o + 5] / DETECTOR_SIZE + anchors[a][0];
                double k0y = out[o + 6] / DETECTOR_SIZE + anchors[a][1];
                double k1x = out[o + 7] / DETECTOR_SIZE + anchors[a][0];
                double k1y = out[o + 8] / DETECTOR_SIZE + anchors[a][1];
                // Square (normalised) -> frame pixels.
                regions.add(region(c[1] * w + k0x * sx, c[0] * h + k0y * sy, c[1] * w + k1x * sx, c[0] * h + k1y * sy));
            }
            return regions;
        }
    }

    /** The rotated square from two alignment points (pixels): centre at the first, side 2.5 x their distance. */
    static double[] region(double x0, double y0, double x1, double y1) {
        double dist = Math.hypot(x1 - x0, y1 - y0);
        double angle = Math.PI / 2 - Math.atan2(-(y1 - y0), x1 - x0);
        angle = angle - 2 * Math.PI * Math.floor((angle + Math.PI) / (2 * Math.PI));
        return new double[] {x0, y0, 2.5 * dist, angle};
    }

    /** A person's landmarks and the region to read them from in the next frame. */
    private record Landmarks(Pose pose, double[] nextRoi) {
    }

    private Landmarks landmarks(VideoFrame f, double[] r) {
        if (r[2] < 8) {
            return null;
        }
        return landmarks.predict(landmarkRun, new Rotated(f, r));
    }

    /** A frame and the rotated square region to read ({cx, cy, side, angle} in frame pixels/radians). */
    private record Rotated(VideoFrame frame, double[] region) {
    }

    /**
     * The landmark model's decoding as a DJL translator: the rotated square in, the person's 33 landmarks, world
     * coordinates, segmentation and next region out (null when nobody is there).
     */
    private final class LandmarkDecoding extends OnnxModel.KindTranslator<Rotated, Landmarks> {
        @Override
        protected Map<String, TensorData> encode(Rotated in) {
            double[] r = in.region();
            return Map.of(landmarkInput.inputName(), landmarkInput.rotated(in.frame(), r[0], r[1], r[2], r[3]));
        }

        @Override
        protected Landmarks decode(Rotated in, Map<String, TensorData> out) {
            double[] r = in.region();
            float presence = out.get("output_poseflag").floats()[0];
            if (presence < MIN_PRESENCE) {
                return null;
            }
            float[] ld = out.get("ld_3d").floats(); // 39 x (x, y, z, visibility logit, presence logit), ROI pixels
            float[] world = out.get("world_3d").floats(); // 39 x (x, y, z) metres
            double cos = Math.cos(r[3]);
            double sin = Math.sin(r[3]);
            double[][] px = new double[39][2];
            for (int k = 0; k < 39; k++) {
                double u = (ld[k * 5] / LANDMARK_SIZE - 0.5) * r[2];
                double v = (ld[k * 5 + 1] / LANDMARK_SIZE - 0.5) * r[2];
                px[k][0] = r[0] + u * cos - v * sin;
                px[k][1] = r[1] + u * sin + v * cos;
            }
            List<Keypoint> kps = new ArrayList<>(33);
            float[][] w3 = new float[33][3];
            for (int k = 0; k < 33; k++) {
                float vis = (float) (sigmoid(ld[k * 5 + 3]) * sigmoid(ld[k * 5 + 4]));
                kps.add(new Keypoint((float) px[k][0], (float) px[k][1], vis));
                // World landmarks come in the region's frame: turn them back by the region's rotation (about z).
                double wx = world[k * 3];
                double wy = world[k * 3 + 1];
                w3[k][0] = (float) (wx * cos - wy * sin);
                w3[k][1] = (float) (wx * sin + wy * cos);
                w3[k][2] = world[k * 3 + 2];
            }
            RegionMask mask = mask(out.get("activation_segmentation").floats(), r);
            Pose p = new Pose(-1, SkeletonSchema.BLAZEPOSE_33, kps, null, presence, w3);
            // Next frame: the landmarks' own alignment points (33: hips centre, 34: scale and rotation).
            return new Landmarks(new Pose(-1, p.schema(), kps, p.keypointBox(0.5f), presence, w3, mask),
                    region(px[33][0], px[33][1], px[34][0], px[34][1]));
        }
    }

    /** The 256 x 256 segmentation of the region, averaged down to 64 x 64 (what the store keeps). */
    static RegionMask mask(float[] seg, double[] r) {
        int n = 64;
        int f = LANDMARK_SIZE / n;
        float[] v = new float[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                double sum = 0;
                for (int y = 0; y < f; y++) {
                    for (int x = 0; x < f; x++) {
                        sum += seg[(j * f + y) * LANDMARK_SIZE + i * f + x];
                    }
                }
                v[j * n + i] = (float) (sum / (f * f));
            }
        }
        return new RegionMask((float) r[0], (float) r[1], (float) r[2], (float) r[3], n, v);
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Override
    public void close() {
        detectorRun.close();
        landmarkRun.close();
        detector.close();
        landmarks.close();
    }
}
