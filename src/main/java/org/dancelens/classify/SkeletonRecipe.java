package org.dancelens.classify;

import java.util.List;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.SkeletonSchema;
import org.dancelens.inference.ModelCard;

/**
 * A skeleton model's input recipe, read from the card's {@code sequence} block and the input tensor's shape, and
 * the feature computation itself. All arithmetic is float64; the result is cast to float32 at the end.
 *
 * <p>Steps, in order, on one window of {@code T} frames {@code kp[t][j][c]} (already mapped to the model's joints
 * and multiplied by the axis signs): centre (subtract the mean of the centre joints, per frame); scale (divide by
 * the largest distance of any joint from the centre over all frames of the window); velocity (difference to the
 * previous frame, zero for the first, computed on all T frames before any sampling); length (more frames than
 * {@code length}: keep {@code floor(k * ((T - 1) / (length - 1.0)))} with the last forced to T - 1, numpy's
 * {@code linspace(..., dtype=int)}; fewer: zero frames appended at the end); layout (joint-major
 * {@code [j*C + c]} or channel-major {@code [c*J + j]}). When the card's {@code sequence.movement} lists movement
 * measures, each frame's keypoint features are followed by those measures ({@link MovementFeatures}), computed on
 * all T frames before sampling; {@code features} counts both.
 */
public record SkeletonRecipe(String modelId, String inputName, SkeletonSchema schema, boolean world, int channels, double[] axisSigns,
                             double fps, int length, boolean sliding, int hop, int[] center, boolean scale, boolean velocity,
                             boolean jointMajor, double maxGap, int features, List<String> movement) {

    /** A recipe without movement features. */
    public SkeletonRecipe(String modelId, String inputName, SkeletonSchema schema, boolean world, int channels, double[] axisSigns,
                          double fps, int length, boolean sliding, int hop, int[] center, boolean scale, boolean velocity,
                          boolean jointMajor, double maxGap, int features) {
        this(modelId, inputName, schema, world, channels, axisSigns, fps, length, sliding, hop, center, scale, velocity, jointMajor, maxGap,
                features, List.of());
    }

    public SkeletonRecipe {
        movement = movement == null ? List.of() : List.copyOf(movement);
        int expected = schema.size() * channels * (velocity ? 2 : 1) + MovementFeatures.width(movement);
        if (features != expected) {
            throw new IllegalArgumentException("A recipe of " + features + " features per frame, but its joints, coordinates, velocities and "
                    + "movement measures make " + expected + ".");
        }
    }

    /** The keypoint part of a frame's features (positions and velocities), before any movement features. */
    public int keypointFeatures() {
        return schema.size() * channels * (velocity ? 2 : 1);
    }

    /** Reads the recipe from a card; the input tensor must be {@code [N, T, F]}. */
    public static SkeletonRecipe of(ModelCard card) {
        ModelCard.SequenceSpec s = card.sequence();
        if (s == null) {
            throw DanceLensException.badInput("The card of " + card.id() + " has no 'sequence' block, which a skeleton model needs.");
        }
        ModelCard.TensorSpec in = card.inputs().get(0);
        List<Long> shape = in.shape();
        if (shape == null || shape.size() != 3) {
            throw DanceLensException.badInput("The input '" + in.name() + "' of " + card.id() + " must be [N, T, F] (batch, frames, "
                    + "features); its card gives " + shape + ".");
        }
        SkeletonSchema schema = SkeletonSchema.byId(s.schema() == null ? "coco-17" : s.schema());
        boolean world = s.keypoints() == null || s.keypoints().equals("world");
        int channels = world ? 3 : 2;
        double[] signs = new double[channels];
        java.util.Arrays.fill(signs, 1);
        if (s.axisSigns() != null) {
            if (s.axisSigns().size() != channels) {
                throw DanceLensException.badInput("The card of " + card.id() + " gives " + s.axisSigns().size() + " axis signs for "
                        + channels + "-D keypoints.");
            }
            for (int c = 0; c < channels; c++) {
                signs[c] = s.axisSigns().get(c);
            }
        }
        int length = s.length() != null ? s.length() : shape.get(1) > 0 ? (int) (long) shape.get(1) : -1;
        if (length < 1) {
            throw DanceLensException.badInput("The card of " + card.id() + " must give 'sequence.length': its input has no fixed frame count.");
        }
        if (shape.get(1) > 0 && shape.get(1) != length) {
            throw DanceLensException.badInput("The card of " + card.id() + " gives sequence.length " + length + ", but the input '"
                    + in.name() + "' takes " + shape.get(1) + " frames.");
        }
        int[] center = s.center() == null ? new int[0] : s.center().stream().mapToInt(n -> jointIndex(card, schema, n)).toArray();
        boolean velocity = Boolean.TRUE.equals(s.velocity());
        List<String> movement = MovementFeatures.check(s.movement(), schema, card.id());
        int extra = MovementFeatures.width(movement);
        int features = schema.size() * channels * (velocity ? 2 : 1) + extra;
        if (shape.get(2) > 0 && shape.get(2) != features) {
            throw DanceLensException.badInput("The input '" + in.name() + "' of " + card.id() + " takes " + shape.get(2)
                    + " features per frame, but its card's sequence block makes " + features + " (" + schema.size() + " joints x "
                    + channels + " coordinates" + (velocity ? " x 2 for velocities" : "") + (extra > 0 ? " + " + extra + " movement features" : "")
                    + ").");
        }
        int hop = s.hop() != null ? s.hop() : Math.max(1, length / 4);
        return new SkeletonRecipe(card.id(), in.name(), schema, world, channels, signs, s.fps() != null ? s.fps() : 30.0, length,
                !"whole".equals(s.windows()), hop, center, !"none".equals(s.scale()), velocity, !"channel-major".equals(s.layout()),
                s.maxGap() != null ? s.maxGap() : 0.5, features, movement);
    }

    private static int jointIndex(ModelCard card, SkeletonSchema schema, String name) {
        try {
            return schema.index(name);
        } catch (IllegalArgumentException e) {
            throw DanceLensException.badInput("The card of " + card.id() + " names the centre joint '" + name + "', which "
                    + schema.id() + " does not have.");
        }
    }

    /**
     * The model input for one window: {@code kp[t][j][c]} in the model's joint order, axis signs applied, any
     * number of frames. Returns {@code length * features} float32 values.
     */
    public float[] features(double[][][] kp) {
        int t0 = kp.length;
        int jn = schema.size();
        if (t0 == 0) {
            throw DanceLensException.badInput("A skeleton sequence for " + modelId + " has no frames.");
        }
        double[][][] p = new double[t0][jn][channels];
        for (int t = 0; t < t0; t++) {
            double[] c = new double[channels];
            for (int j : center) {
                for (int k = 0; k < channels; k++) {
                    c[k] += kp[t][j][k] / center.length;
                }
            }
            for (int j = 0; j < jn; j++) {
                for (int k = 0; k < channels; k++) {
                    p[t][j][k] = kp[t][j][k] - c[k];
                }
            }
        }
        if (scale) {
            double s = 0;
            for (double[][] frame : p) {
                for (double[] joint : frame) {
                    double n = 0;
                    for (double v : joint) {
                        n += v * v;
                    }
                    s = Math.max(s, Math.sqrt(n));
                }
            }
            if (!(s > 0)) {
                throw DanceLensException.badInput("A skeleton sequence for " + modelId + " has all joints on its centre, so it cannot be scaled.");
            }
            for (double[][] frame : p) {
                for (double[] joint : frame) {
                    for (int k = 0; k < channels; k++) {
                        joint[k] /= s;
                    }
                }
            }
        }
        int perFrameC = channels * (velocity ? 2 : 1);
        double[][][] x = new double[t0][jn][perFrameC];
        for (int t = 0; t < t0; t++) {
            for (int j = 0; j < jn; j++) {
                for (int k = 0; k < channels; k++) {
                    x[t][j][k] = p[t][j][k];
                    if (velocity && t > 0) {
                        x[t][j][channels + k] = p[t][j][k] - p[t - 1][j][k];
                    }
                }
            }
        }
        double[][] moves = null;
        if (!movement.isEmpty()) {
            double[][][] raw = new double[t0][jn][channels];
            for (int t = 0; t < t0; t++) {
                for (int j = 0; j < jn; j++) {
                    for (int k = 0; k < channels; k++) {
                        raw[t][j][k] = kp[t][j][k] * axisSigns[k]; // signs are +-1: this undoes them
                    }
                }
            }
            moves = MovementFeatures.compute(movement, schema, raw, p, fps);
        }
        int keypointFeatures = jn * perFrameC;
        int[] keep = sampleIndices(t0, length);
        float[] out = new float[length * features];
        for (int t = 0; t < Math.min(length, keep.length); t++) {
            double[][] frame = x[keep[t]];
            int base = t * features;
            for (int j = 0; j < jn; j++) {
                for (int c = 0; c < perFrameC; c++) {
                    out[base + (jointMajor ? j * perFrameC + c : c * jn + j)] = (float) frame[j][c];
                }
            }
            if (moves != null) {
                double[] m = moves[keep[t]];
                for (int f = 0; f < m.length; f++) {
                    out[base + keypointFeatures + f] = (float) m[f];
                }
            }
        }
        return out;
    }

    /**
     * The frames kept from {@code t} frames for an input of {@code length}: all of them when {@code t <= length}
     * (the rest is zero padding), otherwise numpy's {@code linspace(0, t - 1, length, dtype=int)}: the float64 step
     * times k, floored, the last forced to {@code t - 1}.
     */
    public static int[] sampleIndices(int t, int length) {
        if (t <= length) {
            int[] all = new int[t];
            for (int k = 0; k < t; k++) {
                all[k] = k;
            }
            return all;
        }
        int[] idx = new int[length];
        double step = (t - 1) / (double) (length - 1);
        for (int k = 0; k < length; k++) {
            idx[k] = (int) Math.floor(k * step);
        }
        idx[length - 1] = t - 1;
        return idx;
    }
}
