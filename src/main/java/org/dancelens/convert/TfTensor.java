package org.dancelens.convert;

import java.util.Arrays;

/**
 * A constant tensor of a TensorFlow graph: float32, int32 or bool values in row-major order. Used for weights and
 * for constant folding of shape arithmetic.
 */
record TfTensor(DType dtype, long[] shape, float[] f, int[] i) {

    enum DType {
        FLOAT, INT32, BOOL;

        static DType fromTf(String tf) {
            return switch (tf) {
                case "DT_FLOAT", "float32", "DT_HALF", "float16" -> FLOAT;
                case "DT_INT32", "int32", "DT_INT64", "int64" -> INT32;
                case "DT_BOOL", "bool" -> BOOL;
                default -> throw new IllegalArgumentException(tf);
            };
        }
    }

    static TfTensor floats(long[] shape, float[] values) {
        return new TfTensor(DType.FLOAT, shape, values, null);
    }

    static TfTensor ints(long[] shape, int[] values) {
        return new TfTensor(DType.INT32, shape, null, values);
    }

    static TfTensor bools(long[] shape, int[] values01) {
        return new TfTensor(DType.BOOL, shape, null, values01);
    }

    static TfTensor scalarInt(int v) {
        return ints(new long[0], new int[] {v});
    }

    int size() {
        return f != null ? f.length : i.length;
    }

    double get(int k) {
        return f != null ? f[k] : i[k];
    }

    int[] intValues() {
        if (i != null) {
            return i;
        }
        int[] out = new int[f.length];
        for (int k = 0; k < f.length; k++) {
            out[k] = (int) f[k];
        }
        return out;
    }

    long[] longValues() {
        int[] v = intValues();
        long[] out = new long[v.length];
        for (int k = 0; k < v.length; k++) {
            out[k] = v[k];
        }
        return out;
    }

    float[] floatValues() {
        if (f != null) {
            return f;
        }
        float[] out = new float[i.length];
        for (int k = 0; k < i.length; k++) {
            out[k] = i[k];
        }
        return out;
    }

    TfTensor cast(DType to) {
        if (to == dtype) {
            return this;
        }
        return switch (to) {
            case FLOAT -> floats(shape, floatValues());
            case INT32 -> ints(shape, intValues());
            case BOOL -> {
                int[] v = new int[size()];
                for (int k = 0; k < v.length; k++) {
                    v[k] = get(k) != 0 ? 1 : 0;
                }
                yield bools(shape, v);
            }
        };
    }

    TfTensor reshape(long[] newShape) {
        return new TfTensor(dtype, newShape, f, i);
    }

    @Override
    public String toString() {
        return dtype + Arrays.toString(shape);
    }
}
