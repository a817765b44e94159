package org.dancelens.convert;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dancelens.inference.graph.OpTable;

/** Reductions over axes (max, min, sum, mean, product), arg-max and top-k. */
final class ReductionOps {
    private ReductionOps() {
    }

    static void register(OpTable<TfOps.Rule> t) {
        t.add(ReductionOps::reduce, "Max", "Min", "Sum", "Mean", "Prod");
        t.add(ReductionOps::argMax, "ArgMax");
        t.add(ReductionOps::topK, "TopKV2");
    }

    private static void argMax(ImportContext c, TfjsGraphModel.Node n) {
        TfValue x = c.in(n, 0);
        int axis = c.constIn(n, 1, "axis").intValues()[0];
        if (axis < 0) {
            axis += x.rank();
        }
        long[] shape = new long[x.rank() - 1];
        for (int d = 0, k = 0; d < x.rank(); d++) {
            if (d != axis) {
                shape[k++] = x.shape[d];
            }
        }
        String a = c.node1("ArgMax", n.name() + "/argmax", List.of(c.asNative(x)), Map.of("axis", (long) axis, "keepdims", 0L));
        TfTensor.DType out = TfTensor.DType.INT32;
        String y = c.node1("Cast", n.name(), List.of(a), Map.of("to", ImportContext.onnxType(out).getNumber()));
        c.put(n, 0, TfValue.computed(y, shape, out, false));
    }

    private static void topK(ImportContext c, TfjsGraphModel.Node n) {
        TfValue x = c.in(n, 0);
        int k = c.constIn(n, 1, "k").intValues()[0];
        long[] shape = x.shape.clone();
        shape[shape.length - 1] = k;
        List<String> outs = c.node("TopK", n.name(), List.of(c.asNative(x), c.int64Vector(n.name() + "/k", k)), 2,
                Map.of("axis", -1L, "largest", 1L, "sorted", 1L));
        c.put(n, 0, TfValue.computed(outs.get(0), shape, x.dtype, false));
        String idx = c.node1("Cast", n.name() + ":1", List.of(outs.get(1)), Map.of("to", ImportContext.onnxType(TfTensor.DType.INT32).getNumber()));
        c.put(n, 1, TfValue.computed(idx, shape, TfTensor.DType.INT32, false));
    }

    private static void reduce(ImportContext c, TfjsGraphModel.Node n) {
        TfValue x = c.in(n, 0);
        int[] axes = c.constIn(n, 1, "axes").intValues();
        boolean keep = n.attrBool("keep_dims", false);
        List<Long> shape = new ArrayList<>();
        long[] ax = new long[axes.length];
        for (int k = 0; k < axes.length; k++) {
            ax[k] = axes[k] < 0 ? axes[k] + x.rank() : axes[k];
        }
        for (int d = 0; d < x.rank(); d++) {
            boolean reduced = false;
            for (long a : ax) {
                reduced |= a == d;
            }
            if (!reduced) {
                shape.add(x.shape[d]);
            } else if (keep) {
                shape.add(1L);
            }
        }
        long[] outShape = shape.stream().mapToLong(Long::longValue).toArray();
        String op = switch (n.op()) {
            case "Max" -> "ReduceMax";
            case "Min" -> "ReduceMin";
            case "Sum" -> "ReduceSum";
            case "Mean" -> "ReduceMean";
            default -> "ReduceProd";
        };
        boolean nchwIn = x.nchw;
        long[] onnxAxes = ax.clone();
        if (nchwIn) {
            for (int k = 0; k < ax.length; k++) {
                onnxAxes[k] = new long[] {0, 2, 3, 1}[(int) ax[k]];
            }
        }
        String in = nchwIn ? x.name : c.asNative(x);
        String y;
        if (op.equals("ReduceSum")) {
            y = c.node1(op, n.name(), List.of(in, c.int64Vector(n.name() + "/axes", onnxAxes)), Map.of("keepdims", keep ? 1L : 0L));
        } else {
            y = c.node1(op, n.name(), List.of(in), Map.of("axes", onnxAxes, "keepdims", keep ? 1L : 0L));
        }
        // An NCHW input reduced without keeping dims over the spatial axes ends in TF's layout already when
        // only channels (or nothing) remain; with keep_dims the result stays NCHW.
        boolean outNchw = nchwIn && keep;
        if (nchwIn && !keep) {
            // Remaining dims in NCHW order must match TF order: they do iff the channel axis is reduced or the
            // remaining dims keep their relative order (N, C) vs (N, C) -> always true for reductions over H and/or W.
            boolean channelKept = true;
            for (long a : ax) {
                channelKept &= a != 3;
            }
            boolean spatialKept = false;
            for (int d = 1; d <= 2; d++) {
                boolean reduced = false;
                for (long a : ax) {
                    reduced |= a == d;
                }
                spatialKept |= !reduced;
            }
            if (channelKept && spatialKept) {
                // e.g. reduce over H only: NCHW order (N, C, W) differs from TF's (N, W, C): transpose back.
                y = c.node1("Transpose", n.name() + "/to_tf", List.of(y), Map.of("perm", permToTf(outShape.length)));
            }
        }
        c.put(n, 0, TfValue.computed(y, outShape, x.dtype, outNchw));
    }

    private static long[] permToTf(int rank) {
        // (N, C, X) -> (N, X, C)
        long[] p = new long[rank];
        for (int k = 0; k < rank; k++) {
            p[k] = k;
        }
        if (rank == 3) {
            p[1] = 2;
            p[2] = 1;
        }
        return p;
    }
}
