package org.dancelens.convert;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dancelens.inference.graph.OpTable;

/** Indexing: strided slices (folded on constants) and gathers; they work in TensorFlow's own layout. */
final class IndexingOps {
    private IndexingOps() {
    }

    static void register(OpTable<TfOps.Rule> t) {
        t.add(IndexingOps::stridedSlice, "StridedSlice");
        t.add(IndexingOps::gatherNd, "GatherNd");
        t.add(IndexingOps::gatherV2, "GatherV2");
    }

    private static void stridedSlice(ImportContext c, TfjsGraphModel.Node n) {
        TfValue x = c.in(n, 0);
        c.checkStatic(x.shape, "input");
        int[] begin = c.constIn(n, 1, "begin").intValues();
        int[] end = c.constIn(n, 2, "end").intValues();
        int[] strides = c.constIn(n, 3, "strides").intValues();
        long beginMask = n.attrInt("begin_mask", 0);
        long endMask = n.attrInt("end_mask", 0);
        long ellipsisMask = n.attrInt("ellipsis_mask", 0);
        long newAxisMask = n.attrInt("new_axis_mask", 0);
        long shrinkMask = n.attrInt("shrink_axis_mask", 0);
        int rank = x.rank();
        int sparse = begin.length;
        // Dense specification per input dimension.
        long[] st = new long[rank];
        long[] en = new long[rank];
        long[] sp = new long[rank];
        boolean[] shrink = new boolean[rank];
        List<Long> finalShape = new ArrayList<>();
        boolean sawEllipsis = false;
        int full = 0;
        for (int i = 0; i < sparse; i++) {
            if ((ellipsisMask >> i & 1) != 0) {
                sawEllipsis = true;
                int newAfter = 0;
                for (int j = i + 1; j < sparse; j++) {
                    if ((newAxisMask >> j & 1) != 0) {
                        newAfter++;
                    }
                }
                int next = Math.min(rank - (sparse - i) + 1 + newAfter, rank);
                for (; full < next; full++) {
                    st[full] = 0;
                    en[full] = x.shape[full];
                    sp[full] = 1;
                    finalShape.add(x.shape[full]);
                }
                continue;
            }
            if ((newAxisMask >> i & 1) != 0) {
                finalShape.add(1L);
                continue;
            }
            if (full >= rank) {
                throw c.fail("slices more dimensions than its input has");
            }
            long dim = x.shape[full];
            long s = strides[i];
            if (s == 0) {
                throw c.fail("has a zero stride");
            }
            if ((shrinkMask >> i & 1) != 0) {
                long b = begin[i] < 0 ? begin[i] + dim : begin[i];
                st[full] = b;
                en[full] = b + 1;
                sp[full] = 1;
                shrink[full] = true;
            } else {
                long b;
                long e;
                if ((beginMask >> i & 1) != 0) {
                    b = s > 0 ? 0 : dim - 1;
                } else {
                    b = begin[i] < 0 ? begin[i] + dim : begin[i];
                    b = s > 0 ? Math.max(0, Math.min(dim, b)) : Math.max(-1, Math.min(dim - 1, b));
                }
                if ((endMask >> i & 1) != 0) {
                    e = s > 0 ? dim : -1;
                } else {
                    e = end[i] < 0 ? end[i] + dim : end[i];
                    e = s > 0 ? Math.max(0, Math.min(dim, e)) : Math.max(-1, Math.min(dim - 1, e));
                }
                st[full] = b;
                en[full] = e;
                sp[full] = s;
                long len = s > 0 ? Math.max(0, (e - b + s - 1) / s) : Math.max(0, (b - e + (-s) - 1) / (-s));
                finalShape.add(len);
            }
            full++;
        }
        if (!sawEllipsis) {
            for (; full < rank; full++) {
                st[full] = 0;
                en[full] = x.shape[full];
                sp[full] = 1;
                finalShape.add(x.shape[full]);
            }
        }
        long[] outShape = finalShape.stream().mapToLong(Long::longValue).toArray();
        if (x.isConstant()) {
            int[][] idx = new int[rank][];
            for (int d = 0; d < rank; d++) {
                List<Integer> l = new ArrayList<>();
                for (long k = st[d]; sp[d] > 0 ? k < en[d] : k > en[d]; k += sp[d]) {
                    l.add((int) k);
                }
                idx[d] = l.stream().mapToInt(Integer::intValue).toArray();
            }
            c.put(n, 0, TfValue.of(ConstFold.gather(x.konst, idx).reshape(outShape)));
            return;
        }
        List<Long> axes = new ArrayList<>();
        List<Long> starts = new ArrayList<>();
        List<Long> ends = new ArrayList<>();
        List<Long> steps = new ArrayList<>();
        for (int d = 0; d < rank; d++) {
            boolean whole = st[d] == 0 && en[d] == x.shape[d] && sp[d] == 1;
            if (!whole) {
                axes.add((long) d);
                starts.add(st[d]);
                ends.add(sp[d] < 0 && en[d] == -1 ? Long.MIN_VALUE : en[d]);
                steps.add(sp[d]);
            }
        }
        String cur = c.asNative(x);
        if (!axes.isEmpty()) {
            cur = c.node1("Slice", n.name() + "/slice", List.of(cur,
                    c.int64Vector(n.name() + "/starts", starts.stream().mapToLong(Long::longValue).toArray()),
                    c.int64Vector(n.name() + "/ends", ends.stream().mapToLong(Long::longValue).toArray()),
                    c.int64Vector(n.name() + "/axes", axes.stream().mapToLong(Long::longValue).toArray()),
                    c.int64Vector(n.name() + "/steps", steps.stream().mapToLong(Long::longValue).toArray())), null);
        }
        String y = c.node1("Reshape", n.name(), List.of(cur, c.int64Vector(n.name() + "/shape", outShape)), null);
        c.put(n, 0, TfValue.computed(y, outShape, x.dtype, false));
    }

    private static String int64(ImportContext c, TfValue v, String name) {
        if (v.isConstant()) {
            return c.int64(name, v.shape, v.konst.longValues());
        }
        return c.node1("Cast", name, List.of(c.asNative(v)), Map.of("to", OnnxMl.TensorProto.DataType.INT64.getNumber()));
    }

    private static void gatherNd(ImportContext c, TfjsGraphModel.Node n) {
        TfValue p = c.in(n, 0);
        TfValue idx = c.in(n, 1);
        long[] shape = new long[idx.rank() - 1 + p.rank() - (int) idx.shape[idx.rank() - 1]];
        int k = 0;
        for (int d = 0; d < idx.rank() - 1; d++) {
            shape[k++] = idx.shape[d];
        }
        for (int d = (int) idx.shape[idx.rank() - 1]; d < p.rank(); d++) {
            shape[k++] = p.shape[d];
        }
        String y = c.node1("GatherND", n.name(), List.of(c.asNative(p), int64(c, idx, n.name() + "/indices")), null);
        c.put(n, 0, TfValue.computed(y, shape, p.dtype, false));
    }

    private static void gatherV2(ImportContext c, TfjsGraphModel.Node n) {
        TfValue p = c.in(n, 0);
        TfValue idx = c.in(n, 1);
        int axis = c.constIn(n, 2, "axis").intValues()[0];
        if (axis < 0) {
            axis += p.rank();
        }
        List<Long> shape = new ArrayList<>();
        for (int d = 0; d < axis; d++) {
            shape.add(p.shape[d]);
        }
        for (long d : idx.shape) {
            shape.add(d);
        }
        for (int d = axis + 1; d < p.rank(); d++) {
            shape.add(p.shape[d]);
        }
        String y = c.node1("Gather", n.name(), List.of(c.asNative(p), int64(c, idx, n.name() + "/indices")), Map.of("axis", (long) axis));
        c.put(n, 0, TfValue.computed(y, shape.stream().mapToLong(Long::longValue).toArray(), p.dtype, false));
    }
}
