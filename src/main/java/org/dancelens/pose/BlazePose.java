package org.dancelens.pose;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;
import org.dancelens.core.RegionMask;
import org.dancelens.core.SkeletonSchema;
import org.dancelens.core.VideoFrame;
import org.dancelens.inference.OnnxModel;
import org.dancelens.inference.TensorData;

/**
 * MediaPipe BlazePose as its authors run it, for one person: the detector finds the person and two alignment
 * points (hips centre and a point giving scale and rotation); the landmark model reads the rotated square region
 * they define (side 2.5 x their distance, turned so the body is upright) and gives 33 landmarks with visibility,
 * 3D world coordinates in metres (origin between the hips) and a presence score; the next frame's region comes from
 * the landmarks' own alignment points, and the detector runs again only when the person is lost.
 */
public final class BlazePose implements PoseEstimator {
    static final int DETECTOR_SIZE = 224;
    static final int LANDMARK_SIZE = 256;
    static final float MIN_DETECTION_SCORE = 0.5f;
    static final float MIN_PRESENCE = 0.5f;

    private final OnnxModel detector;
    private final String detectorInput;
    private final String detectorOutput;
    private final OnnxModel landmarks;
    private final String landmarkInput;
    private final float[][] anchors = anchors();
    /** Region for the next frame: {cx, cy, side, angle} in frame pixels/radians, or null to run the detector. */
    private double[] roi;

    public BlazePose(OnnxModel detector, String detectorInput, String detectorOutput, OnnxModel landmarks, String landmarkInput) {
        this.detector = detector;
        this.detectorInput = detectorInput;
        this.detectorOutput = detectorOutput;
        this.landmarks = landmarks;
        this.landmarkInput = landmarkInput;
    }

    @Override
    public SkeletonSchema schema() {
        return SkeletonSchema.BLAZEPOSE_33;
    }

    @Override
    public void reset() {
        roi = null;
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
        if (roi != null) {
            Pose p = landmarks(f, roi);
            if (p != null) {
                return List.of(p);
            }
        }
        roi = detect(f);
        if (roi == null) {
            return List.of();
        }
        Pose p = landmarks(f, roi);
        return p == null ? List.of() : List.of(p);
    }

    /** Runs the detector on the whole frame (padded to a square) and returns the best person's region, or null. */
    double[] detect(VideoFrame f) {
        int w = f.width();
        int h = f.height();
        double[] c = MoveNetSinglePose.initialCrop(w, h); // normalised square around the frame
        TensorData in = CropSampler.floats(f, c[0], c[1], c[2], c[3], DETECTOR_SIZE, DETECTOR_SIZE, 2.0 / 255, -1.0);
        float[] out = detector.run(Map.of(detectorInput, in)).get(detectorOutput).floats(); // [1, 2254, 13]
        int best = -1;
        double bestScore = MIN_DETECTION_SCORE;
        for (int a = 0; a < anchors.length; a++) {
            double s = sigmoid(out[a * 13]);
            if (s > bestScore) {
                bestScore = s;
                best = a;
            }
        }
        if (best < 0) {
            return null;
        }
        int o = best * 13;
        // Alignment points 0 and 1 (regression columns 5..8 after the score and the 4 box values), in the square.
        double k0x = out[o + 5] / DETECTOR_SIZE + anchors[best][0];
        double k0y = out[o + 6] / DETECTOR_SIZE + anchors[best][1];
        double k1x = out[o + 7] / DETECTOR_SIZE + anchors[best][0];
        double k1y = out[o + 8] / DETECTOR_SIZE + anchors[best][1];
        // Square (normalised) -> frame pixels.
        double sx = (c[3] - c[1]) * w;
        double sy = (c[2] - c[0]) * h;
        return region(c[1] * w + k0x * sx, c[0] * h + k0y * sy, c[1] * w + k1x * sx, c[0] * h + k1y * sy);
    }

    /** The rotated square from two alignment points (pixels): centre at the first, side 2.5 x their distance. */
    static double[] region(double x0, double y0, double x1, double y1) {
        double dist = Math.hypot(x1 - x0, y1 - y0);
        double angle = Math.PI / 2 - Math.atan2(-(y1 - y0), x1 - x0);
        angle = angle - 2 * Math.PI * Math.floor((angle + Math.PI) / (2 * Math.PI));
        return new double[] {x0, y0, 2.5 * dist, angle};
    }

    private Pose landmarks(VideoFrame f, double[] r) {
        if (r[2] < 8) {
            return null;
        }
        TensorData in = CropSampler.rotated(f, r[0], r[1], r[2], r[3], LANDMARK_SIZE, 1.0 / 255, 0);
        Map<String, TensorData> out = landmarks.run(Map.of(landmarkInput, in));
        float presence = out.get("output_poseflag").floats()[0];
        if (presence < MIN_PRESENCE) {
            roi = null;
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
        // Next frame: the landmarks' own alignment points (33: hips centre, 34: scale and rotation).
        roi = region(px[33][0], px[33][1], px[34][0], px[34][1]);
        Pose p = new Pose(-1, SkeletonSchema.BLAZEPOSE_33, kps, null, presence, w3);
        return new Pose(-1, p.schema(), kps, p.keypointBox(0.5f), presence, w3, mask);
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
        detector.close();
        landmarks.close();
    }
}
