package org.dancelens.convert;

/**
 * A value of the TensorFlow graph during conversion: an ONNX tensor, or a constant not yet written to the ONNX graph
 * (folded shape arithmetic, weights). A rank-4 value remembers whether it is stored as NCHW, and caches its
 * transposes so each is emitted once.
 */
final class TfValue {
    final String name; // ONNX value name; null for constants not yet materialised
    final TfTensor konst; // known constant value, or null
    final long[] shape; // TensorFlow (logical) shape
    final TfTensor.DType dtype;
    final boolean nchw; // physically NCHW (only for rank-4 values)
    String nativeName; // cached NHWC version of an NCHW value
    String nchwName; // cached NCHW version of an NHWC value

    private TfValue(String name, TfTensor konst, long[] shape, TfTensor.DType dtype, boolean nchw) {
        this.name = name;
        this.konst = konst;
        this.shape = shape;
        this.dtype = dtype;
        this.nchw = nchw;
    }

    /** A value computed by an ONNX node. */
    static TfValue computed(String name, long[] shape, TfTensor.DType dtype, boolean nchw) {
        return new TfValue(name, null, shape, dtype, nchw);
    }

    static TfValue of(TfTensor t) {
        return new TfValue(null, t, t.shape(), t.dtype(), false);
    }

    /** Known at conversion time and not yet in the ONNX graph: ops on it fold. */
    boolean isConstant() {
        return konst != null && name == null;
    }

    int rank() {
        return shape.length;
    }
}
