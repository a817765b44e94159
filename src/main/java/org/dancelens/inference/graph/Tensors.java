package org.dancelens.inference.graph;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import org.dancelens.core.DanceLensException;

/**
 * ONNX tensor protos to and from Java arrays: the one place that knows how values sit in a {@code TensorProto}.
 * Writers store little-endian {@code raw_data} (what ONNX Runtime reads fastest); readers accept both raw data and
 * the typed fields ({@code float_data}, {@code int64_data}, {@code int32_data}) that other exporters write.
 */
public final class Tensors {
    private Tensors() {
    }

    /** A float32 tensor of the given dimensions (none for a scalar). */
    public static OnnxMl.TensorProto ofFloats(String name, float[] values, long... dims) {
        ByteBuffer b = buffer(4 * values.length);
        b.asFloatBuffer().put(values);
        return tensor(name, OnnxMl.TensorProto.DataType.FLOAT, b, dims);
    }

    /** An int64 tensor (shapes, axes, indices) of the given dimensions (none for a scalar). */
    public static OnnxMl.TensorProto ofLongs(String name, long[] values, long... dims) {
        ByteBuffer b = buffer(8 * values.length);
        b.asLongBuffer().put(values);
        return tensor(name, OnnxMl.TensorProto.DataType.INT64, b, dims);
    }

    /** An int32 tensor of the given dimensions (none for a scalar). */
    public static OnnxMl.TensorProto ofInts(String name, int[] values, long... dims) {
        ByteBuffer b = buffer(4 * values.length);
        b.asIntBuffer().put(values);
        return tensor(name, OnnxMl.TensorProto.DataType.INT32, b, dims);
    }

    /** A bool tensor (one byte a value) of the given dimensions (none for a scalar). */
    public static OnnxMl.TensorProto ofBools(String name, boolean[] values, long... dims) {
        ByteBuffer b = buffer(values.length);
        for (boolean v : values) {
            b.put((byte) (v ? 1 : 0));
        }
        return tensor(name, OnnxMl.TensorProto.DataType.BOOL, b, dims);
    }

    /** The values of a float32 tensor. */
    public static float[] floats(OnnxMl.TensorProto t) {
        check(t, OnnxMl.TensorProto.DataType.FLOAT, "float32");
        if (!t.getRawData().isEmpty()) {
            FloatBuffer fb = raw(t).asFloatBuffer();
            float[] v = new float[fb.remaining()];
            fb.get(v);
            return v;
        }
        float[] v = new float[t.getFloatDataCount()];
        for (int k = 0; k < v.length; k++) {
            v[k] = t.getFloatData(k);
        }
        return v;
    }

    /** The values of an int64 tensor. */
    public static long[] longs(OnnxMl.TensorProto t) {
        check(t, OnnxMl.TensorProto.DataType.INT64, "int64");
        if (!t.getRawData().isEmpty()) {
            LongBuffer lb = raw(t).asLongBuffer();
            long[] v = new long[lb.remaining()];
            lb.get(v);
            return v;
        }
        return t.getInt64DataList().stream().mapToLong(Long::longValue).toArray();
    }

    /** The values of an int32 tensor. */
    public static int[] ints(OnnxMl.TensorProto t) {
        check(t, OnnxMl.TensorProto.DataType.INT32, "int32");
        if (!t.getRawData().isEmpty()) {
            IntBuffer ib = raw(t).asIntBuffer();
            int[] v = new int[ib.remaining()];
            ib.get(v);
            return v;
        }
        return t.getInt32DataList().stream().mapToInt(Integer::intValue).toArray();
    }

    /** The dimensions of a tensor (empty for a scalar). */
    public static long[] dims(OnnxMl.TensorProto t) {
        return t.getDimsList().stream().mapToLong(Long::longValue).toArray();
    }

    /** The number of elements of a tensor of this shape (1 for a scalar). */
    public static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    private static ByteBuffer buffer(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static ByteBuffer raw(OnnxMl.TensorProto t) {
        return ByteBuffer.wrap(t.getRawData().toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static OnnxMl.TensorProto tensor(String name, OnnxMl.TensorProto.DataType type, ByteBuffer data, long[] dims) {
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(type.getNumber())
                .setRawData(ByteString.copyFrom(data.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    private static void check(OnnxMl.TensorProto t, OnnxMl.TensorProto.DataType type, String what) {
        if (t.getDataType() != type.getNumber()) {
            throw DanceLensException.badInput("The constant " + t.getName() + " is not " + what + ".");
        }
    }
}
