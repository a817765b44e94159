package org.dancelens.inference;

import java.util.Arrays;

/**
 * A dense tensor handed to or received from a model: row-major float32 or int32 values and a shape. Exactly one
 * of {@code floats} and {@code ints} is set.
 */
public record TensorData(long[] shape, float[] floats, int[] ints) {
    public TensorData {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        int len = floats != null ? floats.length : ints.length;
        if (n != len) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, got " + len);
        }
    }

    public static TensorData of(float[] values, long... shape) {
        return new TensorData(shape, values, null);
    }

    public static TensorData ofInts(int[] values, long... shape) {
        return new TensorData(shape, null, values);
    }

    public boolean isFloat() {
        return floats != null;
    }

    public int size() {
        return floats != null ? floats.length : ints.length;
    }

    /** Values as float (ints converted). */
    public float[] asFloats() {
        if (floats != null) {
            return floats;
        }
        float[] f = new float[ints.length];
        for (int k = 0; k < f.length; k++) {
            f[k] = ints[k];
        }
        return f;
    }
}
