package org.dancelens.explain;

import ai.onnx.proto.OnnxMl;
import java.util.List;
import java.util.Map;
import org.dancelens.inference.graph.Attributes;
import org.dancelens.inference.graph.OpTable;

/** Backward rules of constant padding (a slice of the gradient) and of nearest or linear resizing (matrix products). */
final class ResizePadGradients {
    private ResizePadGradients() {
    }

    static void register(OpTable<GradientRules.Rule> t) {
        t.add(ResizePadGradients::pad, "Pad");
        t.add((c, n, dy) -> {
            c.onlyFirstActive(n);
            return Map.of(0, resize(c, n, dy));
        }, "Resize");
    }

    private static Map<Integer, String> pad(GradientContext c, OnnxMl.NodeProto.Builder n, String dy) {
        c.onlyFirstActive(n);
        String mode = Attributes.getString(n, "mode", "constant");
        if (!mode.equals("constant")) {
            throw c.unsupported(n, mode + " padding");
        }
        int rank = c.shape(n.getInput(0)).length;
        long[] given = c.opset() < 11 ? Attributes.getInts(n, "pads", null) : c.constantLongs(n, 1);
        long[] axes = n.getInputCount() > 3 && !n.getInput(3).isEmpty() ? c.constantLongs(n, 3) : GradientContext.range(0, rank);
        long[] starts = new long[rank];
        long[] ends = new long[rank];
        long[] crop = new long[2 * rank];
        boolean cropped = false;
        for (int k = 0; k < rank; k++) {
            ends[k] = Long.MAX_VALUE;
        }
        for (int k = 0; k < axes.length; k++) {
            int ax = (int) (axes[k] < 0 ? axes[k] + rank : axes[k]);
            long before = given[k];
            long after = given[k + axes.length];
            starts[ax] = Math.max(0, before);
            ends[ax] = after > 0 ? -after : Long.MAX_VALUE;
            // Negative pads crop x: those entries get no gradient.
            crop[ax] = Math.max(0, -before);
            crop[ax + rank] = Math.max(0, -after);
            cropped |= before < 0 || after < 0;
        }
        String d = c.op("Slice", dy, c.int64(starts), c.int64(ends), c.int64(GradientContext.range(0, rank)));
        return Map.of(0, cropped ? c.pad(d, crop) : d);
    }

    /**
     * Resize with nearest or linear interpolation of the last two axes is linear in X for fixed sizes:
     * {@code Y = Rh X Rw^T}, so {@code dX = Rh^T dY Rw}, with the interpolation matrices built here from the shapes.
     */
    private static String resize(GradientContext c, OnnxMl.NodeProto.Builder n, String dy) {
        long[] xs = c.shape(n.getInput(0));
        long[] ys = c.shape(n.getOutput(0));
        int rank = xs.length;
        if (rank < 2) {
            throw c.unsupported(n, "fewer than two axes");
        }
        for (int k = 0; k < rank - 2; k++) {
            if (xs[k] != ys[k]) {
                throw c.unsupported(n, "only the last two axes may be resized");
            }
        }
        int opset = c.opset();
        String mode = Attributes.getString(n, "mode", "nearest");
        String ctm = opset < 11 ? "asymmetric" : Attributes.getString(n, "coordinate_transformation_mode", "half_pixel");
        String nearest = Attributes.getString(n, "nearest_mode", "round_prefer_floor");
        if (!mode.equals("nearest") && !mode.equals("linear")) {
            throw c.unsupported(n, mode + " interpolation");
        }
        if (opset < 11 && mode.equals("nearest")) {
            throw c.unsupported(n, "nearest interpolation of ONNX opset 10");
        }
        if (Attributes.getInt(n, "antialias", 0) != 0) {
            throw c.unsupported(n, "antialiasing");
        }
        if (!List.of("half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric", "tf_half_pixel_for_nn", "half_pixel_symmetric")
                .contains(ctm)) {
            throw c.unsupported(n, "coordinate_transformation_mode " + ctm);
        }
        if (!Attributes.getString(n, "keep_aspect_ratio_policy", "stretch").equals("stretch")) {
            throw c.unsupported(n, "keep_aspect_ratio_policy " + Attributes.getString(n, "keep_aspect_ratio_policy", ""));
        }
        // The scales the op uses: the given ones, or output / input when sizes are given.
        double[] scale = {(double) ys[rank - 2] / xs[rank - 2], (double) ys[rank - 1] / xs[rank - 1]};
        int scalesInput = opset < 11 ? 1 : 2;
        if (n.getInputCount() > scalesInput && !n.getInput(scalesInput).isEmpty()) {
            float[] given = c.constantFloats(n, scalesInput);
            if (given.length > 0) {
                long[] axes = Attributes.getInts(n, "axes", GradientContext.range(0, rank));
                for (int k = 0; k < given.length; k++) {
                    long ax = axes[k] < 0 ? axes[k] + rank : axes[k];
                    if (ax >= rank - 2) {
                        scale[(int) (ax - (rank - 2))] = given[k];
                    }
                }
            }
        }
        String rh = c.floats(interpolation((int) xs[rank - 2], (int) ys[rank - 2], scale[0], mode, ctm, nearest, true), xs[rank - 2], ys[rank - 2]);
        String rw = c.floats(interpolation((int) xs[rank - 1], (int) ys[rank - 1], scale[1], mode, ctm, nearest, false), ys[rank - 1], xs[rank - 1]);
        return c.op("MatMul", rh, c.op("MatMul", dy, rw));
    }

    /**
     * The interpolation matrix of one axis, {@code out x in} weights of input {@code j} in output {@code i};
     * returned transposed ({@code in x out}) when {@code transposed}.
     */
    private static float[] interpolation(int in, int out, double scale, String mode, String ctm, String nearest, boolean transposed) {
        float[] m = new float[in * out];
        for (int i = 0; i < out; i++) {
            double xo = switch (ctm) {
                case "half_pixel" -> (i + 0.5) / scale - 0.5;
                case "half_pixel_symmetric" -> {
                    double adj = out / (scale * in);
                    double offset = in / 2.0 * (1 - adj);
                    yield offset + (i + 0.5) / scale - 0.5;
                }
                case "pytorch_half_pixel" -> out > 1 ? (i + 0.5) / scale - 0.5 : 0;
                case "align_corners" -> out == 1 ? 0 : i * (in - 1.0) / (out - 1.0);
                case "tf_half_pixel_for_nn" -> (i + 0.5) / scale;
                default -> i / scale; // asymmetric
            };
            if (mode.equals("nearest")) {
                double fl = Math.floor(xo);
                long j = switch (nearest) {
                    case "floor" -> (long) fl;
                    case "ceil" -> (long) Math.ceil(xo);
                    case "round_prefer_ceil" -> (long) Math.floor(xo + 0.5);
                    default -> xo - fl == 0.5 ? (long) fl : Math.round(xo); // round_prefer_floor
                };
                j = Math.max(0, Math.min(in - 1, j));
                add(m, in, out, i, (int) j, 1, transposed);
            } else {
                double cl = Math.max(0, Math.min(in - 1, xo));
                int j0 = (int) Math.floor(cl);
                int j1 = Math.min(in - 1, j0 + 1);
                double f = cl - j0;
                add(m, in, out, i, j0, 1 - f, transposed);
                add(m, in, out, i, j1, f, transposed);
            }
        }
        return m;
    }

    private static void add(float[] m, int in, int out, int i, int j, double w, boolean transposed) {
        if (transposed) {
            m[j * out + i] += (float) w;
        } else {
            m[i * in + j] += (float) w;
        }
    }
}
