package org.dancelens.convert;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.dancelens.inference.graph.OpTable;
import org.dancelens.inference.graph.Tensors;

/**
 * Shape and layout ops: shapes of values (folded to constants), reshapes, stacking, concatenation, splitting,
 * tiling, filling, ranges and depth-to-space. Reshapes work in TensorFlow's own layout.
 */
final class ShapeOps {
    private ShapeOps() {
    }

    static void register(OpTable<TfOps.Rule> t) {
        t.add((c, n) -> reshape(c, n, shapeFromConst(c, c.constIn(n, 1, "shape"), c.in(n, 0))), "Reshape");
        t.add(ShapeOps::squeeze, "Squeeze");
        t.add(ShapeOps::expandDims, "ExpandDims");
        t.add(ShapeOps::shape, "Shape");
        t.add(ShapeOps::size, "Size");
        t.add(ShapeOps::pack, "Pack");
        t.add(ShapeOps::unpack, "Unpack");
        t.add(ShapeOps::concat, "ConcatV2", "Concat");
        t.add(ShapeOps::split, "Split");
        t.add(ShapeOps::tile, "Tile");
        t.add(ShapeOps::fill, "Fill");
        t.add(ShapeOps::range, "Range");
        t.add(ShapeOps::depthToSpace, "DepthToSpace");
    }

    private static void shape(ImportContext c, TfjsGraphModel.Node n) {
        TfValue x = c.in(n, 0);
        c.checkStatic(x.shape, "input");
        int[] s = new int[x.rank()];
        for (int k = 0; k < s.length; k++) {
            s[k] = (int) x.shape[k];
        }
        c.put(n, 0, TfValue.of(TfTensor.ints(new long[] {s.length}, s)));
    }

    private static void size(ImportContext c, TfjsGraphModel.Node n) {
        TfValue x = c.in(n, 0);
        c.checkStatic(x.shape, "input");
        c.put(n, 0, TfValue.of(TfTensor.scalarInt((int) Tensors.numel(x.shape))));
    }

    /** Resolves a TF reshape target (with at most one -1) against the input's static size. */
    private static long[] shapeFromConst(ImportContext c, TfTensor shapeT, TfValue x) {
        int[] s = shapeT.intValues();
        long[] out = new long[s.length];
        long known = 1;
        int open = -1;
        for (int k = 0; k < s.length; k++) {
            out[k] = s[k];
            if (s[k] == -1) {
                if (open >= 0) {
                    throw c.fail("reshapes with two open dimensions");
                }
                open = k;
            } else {
                known *= s[k];
            }
        }
        if (open >= 0) {
            c.checkStatic(x.shape, "input");
            out[open] = Tensors.numel(x.shape) / Math.max(1, known);
        }
        return out;
    }

    private static void reshape(ImportContext c, TfjsGraphModel.Node n, long[] shape) {
        TfValue x = c.in(n, 0);
        if (x.isConstant()) {
            c.put(n, 0, TfValue.of(x.konst.reshape(shape)));
            return;
        }
        String y = c.node1("Reshape", n.name(), List.of(c.asNative(x), c.int64Vector(n.name() + "/shape", shape)), null);
        c.put(n, 0, TfValue.computed(y, shape, x.dtype, false));
    }

    private static void squeeze(ImportContext c, TfjsGraphModel.Node n) {
        TfValue x = c.in(n, 0);
        long[] dims = n.attrInts("squeeze_dims");
        if (dims.length == 0) {
            dims = n.attrInts("axis");
        }
        List<Long> out = new ArrayList<>();
        for (int d = 0; d < x.rank(); d++) {
            boolean drop = false;
            if (dims.length == 0) {
                drop = x.shape[d] == 1;
            } else {
                for (long a : dims) {
                    drop |= (a < 0 ? a + x.rank() : a) == d;
                }
            }
            if (!drop) {
                out.add(x.shape[d]);
            }
        }
        reshape(c, n, out.stream().mapToLong(Long::longValue).toArray());
    }

    private static void expandDims(ImportContext c, TfjsGraphModel.Node n) {
        TfValue x = c.in(n, 0);
        int axis = c.constIn(n, 1, "axis").intValues()[0];
        if (axis < 0) {
            axis += x.rank() + 1;
        }
        long[] s = new long[x.rank() + 1];
        for (int d = 0, k = 0; d < s.length; d++) {
            s[d] = d == axis ? 1 : x.shape[k++];
        }
        reshape(c, n, s);
    }

    private static void pack(ImportContext c, TfjsGraphModel.Node n) {
        int count = n.inputs().size();
        long axisAttr = n.attrInt("axis", 0);
        TfValue first = c.in(n, 0);
        int axis = (int) (axisAttr < 0 ? axisAttr + first.rank() + 1 : axisAttr);
        long[] expanded = new long[first.rank() + 1];
        for (int d = 0, k = 0; d < expanded.length; d++) {
            expanded[d] = d == axis ? 1 : first.shape[k++];
        }
        boolean allConst = true;
        for (int k = 0; k < count; k++) {
            allConst &= c.in(n, k).isConstant();
        }
        if (allConst) {
            List<TfTensor> parts = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                parts.add(c.in(n, k).konst.reshape(expanded));
            }
            c.put(n, 0, TfValue.of(ConstFold.concat(parts, axis)));
            return;
        }
        List<String> parts = new ArrayList<>();
        TfTensor.DType dt = first.dtype;
        for (int k = 0; k < count; k++) {
            TfValue v = c.in(n, k);
            if (v.dtype != dt) {
                v = c.castVal(v, dt, n.name() + "/cast" + k);
            }
            parts.add(c.node1("Reshape", n.name() + "/expand" + k, List.of(c.asNative(v), c.int64Vector(n.name() + "/shape" + k, expanded)), null));
        }
        long[] shape = expanded.clone();
        shape[axis] = count;
        String y = c.node1("Concat", n.name(), parts, Map.of("axis", (long) axis));
        c.put(n, 0, TfValue.computed(y, shape, dt, false));
    }

    private static void unpack(ImportContext c, TfjsGraphModel.Node n) {
        TfValue x = c.in(n, 0);
        long axisAttr = n.attrInt("axis", 0);
        int axis = (int) (axisAttr < 0 ? axisAttr + x.rank() : axisAttr);
        int num = (int) x.shape[axis];
        long[] outShape = new long[x.rank() - 1];
        for (int d = 0, k = 0; d < x.rank(); d++) {
            if (d != axis) {
                outShape[k++] = x.shape[d];
            }
        }
        if (x.isConstant()) {
            for (int k = 0; k < num; k++) {
                int[][] idx = new int[x.rank()][];
                for (int d = 0; d < x.rank(); d++) {
                    idx[d] = d == axis ? new int[] {k} : IntStream.range(0, (int) x.shape[d]).toArray();
                }
                c.put(n, k, TfValue.of(ConstFold.gather(x.konst, idx).reshape(outShape)));
            }
            return;
        }
        long[] split = new long[num];
        Arrays.fill(split, 1);
        List<String> parts = c.node("Split", n.name() + "/split", List.of(c.asNative(x), c.int64Vector(n.name() + "/sizes", split)), num,
                Map.of("axis", (long) axis));
        for (int k = 0; k < num; k++) {
            String y = c.node1("Reshape", n.name() + (k == 0 ? "" : ":" + k), List.of(parts.get(k), c.int64Vector(n.name() + "/shape" + k, outShape)), null);
            c.put(n, k, TfValue.computed(y, outShape, x.dtype, false));
        }
    }

    private static void concat(ImportContext c, TfjsGraphModel.Node n) {
        int count = n.inputs().size() - 1;
        int axis = c.constIn(n, count, "axis").intValues()[0];
        List<TfValue> parts = new ArrayList<>();
        boolean allConst = true;
        boolean allNchw = true;
        for (int k = 0; k < count; k++) {
            TfValue v = c.in(n, k);
            parts.add(v);
            allConst &= v.isConstant();
            allNchw &= v.nchw;
        }
        int rank = parts.get(0).rank();
        if (axis < 0) {
            axis += rank;
        }
        long[] shape = parts.get(0).shape.clone();
        shape[axis] = 0;
        for (TfValue v : parts) {
            shape[axis] += v.shape[axis];
        }
        if (allConst) {
            List<TfTensor> ts = new ArrayList<>();
            for (TfValue v : parts) {
                ts.add(v.konst);
            }
            c.put(n, 0, TfValue.of(ConstFold.concat(ts, axis)));
            return;
        }
        List<String> inputs = new ArrayList<>();
        long onnxAxis = axis;
        if (allNchw && rank == 4) {
            for (TfValue v : parts) {
                inputs.add(v.name);
            }
            onnxAxis = new long[] {0, 2, 3, 1}[axis];
        } else {
            for (TfValue v : parts) {
                inputs.add(c.asNative(v));
            }
        }
        String y = c.node1("Concat", n.name(), inputs, Map.of("axis", onnxAxis));
        c.put(n, 0, TfValue.computed(y, shape, parts.get(0).dtype, allNchw && rank == 4));
    }

    private static void split(ImportContext c, TfjsGraphModel.Node n) {
        int axis = c.constIn(n, 0, "axis").intValues()[0];
        TfValue x = c.in(n, 1);
        int num = (int) n.attrInt("num_split", 1);
        if (axis < 0) {
            axis += x.rank();
        }
        long each = x.shape[axis] / num;
        long[] sizes = new long[num];
        Arrays.fill(sizes, each);
        long[] outShape = x.shape.clone();
        outShape[axis] = each;
        boolean nchw = x.nchw;
        long onnxAxis = nchw ? new long[] {0, 2, 3, 1}[axis] : axis;
        List<String> parts = c.node("Split", n.name(), List.of(nchw ? x.name : c.asNative(x), c.int64Vector(n.name() + "/sizes", sizes)), num,
                Map.of("axis", onnxAxis));
        for (int k = 0; k < num; k++) {
            c.put(n, k, TfValue.computed(parts.get(k), outShape, x.dtype, nchw));
        }
    }

    private static void range(ImportContext c, TfjsGraphModel.Node n) {
        TfTensor start = c.constIn(n, 0, "start");
        TfTensor limit = c.constIn(n, 1, "limit");
        TfTensor delta = c.constIn(n, 2, "delta");
        boolean isFloat = start.dtype() == TfTensor.DType.FLOAT;
        List<Double> v = new ArrayList<>();
        double d = delta.get(0);
        for (double x = start.get(0); d > 0 ? x < limit.get(0) : x > limit.get(0); x += d) {
            v.add(x);
        }
        long[] shape = {v.size()};
        if (isFloat) {
            float[] f = new float[v.size()];
            for (int k = 0; k < f.length; k++) {
                f[k] = v.get(k).floatValue();
            }
            c.put(n, 0, TfValue.of(TfTensor.floats(shape, f)));
        } else {
            c.put(n, 0, TfValue.of(TfTensor.ints(shape, v.stream().mapToInt(Double::intValue).toArray())));
        }
    }

    private static void tile(ImportContext c, TfjsGraphModel.Node n) {
        TfValue x = c.in(n, 0);
        int[] reps = c.constIn(n, 1, "multiples").intValues();
        long[] shape = x.shape.clone();
        long[] r = new long[reps.length];
        for (int d = 0; d < reps.length; d++) {
            shape[d] *= reps[d];
            r[d] = reps[d];
        }
        String y = c.node1("Tile", n.name(), List.of(c.asNative(x), c.int64Vector(n.name() + "/repeats", r)), null);
        c.put(n, 0, TfValue.computed(y, shape, x.dtype, false));
    }

    private static void fill(ImportContext c, TfjsGraphModel.Node n) {
        int[] dims = c.constIn(n, 0, "dims").intValues();
        TfValue value = c.in(n, 1);
        long[] shape = Arrays.stream(dims).asLongStream().toArray();
        int count = (int) Tensors.numel(shape);
        if (value.isConstant()) {
            if (value.dtype == TfTensor.DType.FLOAT) {
                float[] f = new float[count];
                Arrays.fill(f, (float) value.konst.get(0));
                c.put(n, 0, TfValue.of(TfTensor.floats(shape, f)));
            } else {
                int[] iv = new int[count];
                Arrays.fill(iv, (int) value.konst.get(0));
                c.put(n, 0, TfValue.of(new TfTensor(value.dtype, shape, null, iv)));
            }
            return;
        }
        String y = c.node1("Expand", n.name(), List.of(c.asNative(value), c.int64Vector(n.name() + "/shape", shape)), null);
        c.put(n, 0, TfValue.computed(y, shape, value.dtype, false));
    }

    private static void depthToSpace(ImportContext c, TfjsGraphModel.Node n) {
        TfValue x = c.in(n, 0);
        long b = n.attrInt("block_size", 2);
        String y = c.node1("DepthToSpace", n.name(), List.of(c.asNchw(x)), Map.of("blocksize", b, "mode", "DCR"));
        c.put(n, 0, TfValue.computed(y, new long[] {x.shape[0], x.shape[1] * b, x.shape[2] * b, x.shape[3] / (b * b)}, x.dtype, true));
    }
}
