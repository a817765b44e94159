package org.dancelens.pose;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;
import org.dancelens.core.SkeletonSchema;

/**
 * Decoders for the output layouts of pose models researchers bring themselves: YOLO-pose rows (one-stage, with
 * non-maximum suppression), top-down heat maps (HRNet, ViTPose) and SimCC vectors (RTMPose). Pure functions over
 * the output arrays; coordinates come out in the model's input pixels (heat map and SimCC: in the person crop).
 */
public final class PoseDecoders {
    private PoseDecoders() {
    }

    /**
     * YOLO-pose output {@code [1, 4 + 1 + 3K, N]}: per candidate the box centre, width and height, the person
     * confidence, then K x (x, y, confidence), all in input pixels. Candidates under {@code minScore} are dropped,
     * the rest go through greedy NMS at {@code iouThreshold}.
     */
    public static List<Pose> yoloPose(float[] out, int keypoints, int candidates, float minScore, double iouThreshold,
                                      SkeletonSchema schema) {
        int rows = 5 + 3 * keypoints;
        if (out.length != rows * candidates) {
            throw new IllegalArgumentException("expected " + rows + " x " + candidates + " values, got " + out.length);
        }
        List<Pose> found = new ArrayList<>();
        for (int a = 0; a < candidates; a++) {
            float score = out[4 * candidates + a];
            if (score < minScore) {
                continue;
            }
            float cx = out[a];
            float cy = out[candidates + a];
            float w = out[2 * candidates + a];
            float h = out[3 * candidates + a];
            List<Keypoint> kps = new ArrayList<>(keypoints);
            for (int j = 0; j < keypoints; j++) {
                int r = 5 + 3 * j;
                kps.add(new Keypoint(out[r * candidates + a], out[(r + 1) * candidates + a], out[(r + 2) * candidates + a]));
            }
            found.add(new Pose(-1, schema, kps, new float[] {cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2}, score, null));
        }
        found.sort(Comparator.comparingDouble(Pose::score).reversed());
        List<Pose> kept = new ArrayList<>();
        for (Pose p : found) {
            boolean suppressed = false;
            for (Pose k : kept) {
                if (PoseTracker.iou(p.box(), k.box()) > iouThreshold) {
                    suppressed = true;
                    break;
                }
            }
            if (!suppressed) {
                kept.add(p);
            }
        }
        return kept;
    }

    /**
     * Heat maps {@code [1, K, H, W]}: per joint the arg-max, moved a quarter pixel towards the higher neighbour
     * (the usual sub-pixel step), as {x, y, score} in heat-map pixels scaled to a {@code cropW x cropH} input.
     */
    public static float[][] heatmaps(float[] out, int joints, int h, int w, int cropW, int cropH) {
        float[][] res = new float[joints][3];
        for (int j = 0; j < joints; j++) {
            int base = j * h * w;
            int best = 0;
            for (int k = 1; k < h * w; k++) {
                if (out[base + k] > out[base + best]) {
                    best = k;
                }
            }
            int bx = best % w;
            int by = best / w;
            double x = bx;
            double y = by;
            if (bx > 0 && bx < w - 1) {
                x += 0.25 * Math.signum(out[base + by * w + bx + 1] - out[base + by * w + bx - 1]);
            }
            if (by > 0 && by < h - 1) {
                y += 0.25 * Math.signum(out[base + (by + 1) * w + bx] - out[base + (by - 1) * w + bx]);
            }
            // Heat-map pixel centres to input pixels.
            res[j][0] = (float) ((x + 0.5) * cropW / w);
            res[j][1] = (float) ((y + 0.5) * cropH / h);
            res[j][2] = out[base + best];
        }
        return res;
    }

    /**
     * SimCC {@code [1, K, W * r]} and {@code [1, K, H * r]}: per joint the arg-max of each vector divided by the split
     * ratio r, as {x, y, score} in input pixels; the score is the smaller of the two maxima.
     */
    public static float[][] simcc(float[] x, float[] y, int joints, double splitRatio) {
        int nx = x.length / joints;
        int ny = y.length / joints;
        float[][] res = new float[joints][3];
        for (int j = 0; j < joints; j++) {
            int bx = argmax(x, j * nx, nx);
            int by = argmax(y, j * ny, ny);
            res[j][0] = (float) (bx / splitRatio);
            res[j][1] = (float) (by / splitRatio);
            res[j][2] = Math.min(x[j * nx + bx], y[j * ny + by]);
        }
        return res;
    }

    private static int argmax(float[] v, int off, int n) {
        int best = 0;
        for (int k = 1; k < n; k++) {
            if (v[off + k] > v[off + best]) {
                best = k;
            }
        }
        return best;
    }
}
