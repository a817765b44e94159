package org.dancelens.convert;

import java.util.Arrays;
import java.util.List;
import org.dancelens.inference.graph.Tensors;

/** Evaluation of TensorFlow ops on constants, for folding shape arithmetic out of the ONNX graph. */
final class ConstFold {
    private ConstFold() {
    }

    static long[] broadcast(long[] a, long[] b) {
        int r = Math.max(a.length, b.length);
        long[] out = new long[r];
        for (int k = 0; k < r; k++) {
            long da = k - (r - a.length) >= 0 ? a[k - (r - a.length)] : 1;
            long db = k - (r - b.length) >= 0 ? b[k - (r - b.length)] : 1;
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("shapes " + Arrays.toString(a) + " and " + Arrays.toString(b) + " do not broadcast");
            }
            out[k] = da == 1 ? db : da;
        }
        return out;
    }

    /** Row-major index into a tensor of shape {@code s} broadcast to {@code out}. */
    private static int srcIndex(long[] s, long[] out, int flat) {
        int idx = 0;
        int stride = 1;
        int rem = flat;
        long[] coords = new long[out.length];
        for (int k = out.length - 1; k >= 0; k--) {
            coords[k] = rem % out[k];
            rem /= out[k];
        }
        for (int k = s.length - 1; k >= 0; k--) {
            long c = coords[k + out.length - s.length];
            idx += (int) ((s[k] == 1 ? 0 : c) * stride);
            stride *= (int) s[k];
        }
        return idx;
    }

    /** Element-wise binary op with broadcasting; null when the op is not foldable. */
    static TfTensor binary(String op, TfTensor a, TfTensor b) {
        long[] shape = broadcast(a.shape(), b.shape());
        int n = (int) Tensors.numel(shape);
        boolean isFloat = a.dtype() == TfTensor.DType.FLOAT || b.dtype() == TfTensor.DType.FLOAT;
        boolean logical = switch (op) {
            case "Less", "Greater", "Equal", "NotEqual", "GreaterEqual", "LessEqual", "LogicalAnd", "LogicalOr" -> true;
            default -> false;
        };
        double[] out = new double[n];
        for (int k = 0; k < n; k++) {
            double x = a.get(srcIndex(a.shape(), shape, k));
            double y = b.get(srcIndex(b.shape(), shape, k));
            out[k] = switch (op) {
                case "Add", "AddV2" -> x + y;
                case "Sub" -> x - y;
                case "Mul" -> x * y;
                case "RealDiv", "Div" -> isFloat ? x / y : (double) ((long) x / (long) y);
                case "FloorDiv" -> Math.floor(x / y);
                case "FloorMod" -> x - Math.floor(x / y) * y;
                case "Maximum" -> Math.max(x, y);
                case "Minimum" -> Math.min(x, y);
                case "Less" -> x < y ? 1 : 0;
                case "LessEqual" -> x <= y ? 1 : 0;
                case "Greater" -> x > y ? 1 : 0;
                case "GreaterEqual" -> x >= y ? 1 : 0;
                case "Equal" -> x == y ? 1 : 0;
                case "NotEqual" -> x != y ? 1 : 0;
                case "LogicalAnd" -> x != 0 && y != 0 ? 1 : 0;
                case "LogicalOr" -> x != 0 || y != 0 ? 1 : 0;
                default -> Double.NaN;
            };
            if (Double.isNaN(out[k]) && !isFloat) {
                return null;
            }
        }
        if (logical) {
            int[] v = new int[n];
            for (int k = 0; k < n; k++) {
                v[k] = (int) out[k];
            }
            return TfTensor.bools(shape, v);
        }
        if (isFloat) {
            float[] v = new float[n];
            for (int k = 0; k < n; k++) {
                v[k] = (float) out[k];
            }
            return TfTensor.floats(shape, v);
        }
        int[] v = new int[n];
        for (int k = 0; k < n; k++) {
            v[k] = (int) out[k];
        }
        return TfTensor.ints(shape, v);
    }

    /** Takes elements: for each output dimension a list of source indices. */
    static TfTensor gather(TfTensor t, int[][] indicesPerDim) {
        long[] shape = new long[indicesPerDim.length];
        for (int d = 0; d < shape.length; d++) {
            shape[d] = indicesPerDim[d].length;
        }
        int n = (int) Tensors.numel(shape);
        long[] src = t.shape();
        int[] strides = new int[src.length];
        int s = 1;
        for (int d = src.length - 1; d >= 0; d--) {
            strides[d] = s;
            s *= (int) src[d];
        }
        float[] f = t.f() != null ? new float[n] : null;
        int[] iv = t.i() != null ? new int[n] : null;
        for (int k = 0; k < n; k++) {
            int rem = k;
            int idx = 0;
            for (int d = shape.length - 1; d >= 0; d--) {
                int c = rem % (int) shape[d];
                rem /= (int) shape[d];
                idx += indicesPerDim[d][c] * strides[d];
            }
            if (f != null) {
                f[k] = t.f()[idx];
            } else {
                iv[k] = t.i()[idx];
            }
        }
        return new TfTensor(t.dtype(), shape, f, iv);
    }

    static TfTensor concat(List<TfTensor> parts, int axis) {
        TfTensor first = parts.get(0);
        long[] shape = first.shape().clone();
        long total = 0;
        for (TfTensor p : parts) {
            total += p.shape()[axis];
        }
        shape[axis] = total;
        int outer = 1;
        for (int d = 0; d < axis; d++) {
            outer *= (int) shape[d];
        }
        int inner = 1;
        for (int d = axis + 1; d < shape.length; d++) {
            inner *= (int) shape[d];
        }
        boolean isFloat = parts.stream().anyMatch(p -> p.dtype() == TfTensor.DType.FLOAT);
        int n = (int) Tensors.numel(shape);
        float[] f = isFloat ? new float[n] : null;
        int[] iv = isFloat ? null : new int[n];
        int o = 0;
        for (int a = 0; a < outer; a++) {
            for (TfTensor p : parts) {
                int chunk = (int) p.shape()[axis] * inner;
                for (int k = 0; k < chunk; k++) {
                    int src = a * chunk + k;
                    if (isFloat) {
                        f[o++] = (float) p.get(src);
                    } else {
                        iv[o++] = (int) p.get(src);
                    }
                }
            }
        }
        return new TfTensor(isFloat ? TfTensor.DType.FLOAT : first.dtype(), shape, f, iv);
    }

    /** Physically permutes a constant (e.g. HWIO filters to OIHW). */
    static TfTensor transpose(TfTensor t, int[] perm) {
        long[] src = t.shape();
        long[] shape = new long[perm.length];
        for (int d = 0; d < perm.length; d++) {
            shape[d] = src[perm[d]];
        }
        int n = (int) Tensors.numel(shape);
        int[] strides = new int[src.length];
        int s = 1;
        for (int d = src.length - 1; d >= 0; d--) {
            strides[d] = s;
            s *= (int) src[d];
        }
        float[] f = t.f() != null ? new float[n] : null;
        int[] iv = t.i() != null ? new int[n] : null;
        for (int k = 0; k < n; k++) {
            int rem = k;
            int from = 0;
            for (int d = shape.length - 1; d >= 0; d--) {
                int c = rem % (int) shape[d];
                rem /= (int) shape[d];
                from += c * strides[perm[d]];
            }
            if (f != null) {
                f[k] = t.f()[from];
            } else {
                iv[k] = t.i()[from];
            }
        }
        return new TfTensor(t.dtype(), shape, f, iv);
    }
}
