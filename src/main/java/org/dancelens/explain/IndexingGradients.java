package org.dancelens.explain;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dancelens.inference.graph.Attributes;
import org.dancelens.inference.graph.OpTable;

/** Backward rules of indexing: Slice (zero padding or a scatter) and Gather with constant indices (a scatter-add). */
final class IndexingGradients {
    private IndexingGradients() {
    }

    static void register(OpTable<GradientRules.Rule> t) {
        t.add(IndexingGradients::slice, "Slice");
        t.add(IndexingGradients::gather, "Gather");
    }

    private static Map<Integer, String> slice(GradientContext c, OnnxMl.NodeProto.Builder n, String dy) {
        c.onlyFirstActive(n);
        long[] xs = c.shape(n.getInput(0));
        int rank = xs.length;
        long[] starts;
        long[] ends;
        long[] axes;
        long[] steps = null;
        if (c.opset() < 10) {
            starts = Attributes.getInts(n, "starts", null);
            ends = Attributes.getInts(n, "ends", null);
            axes = Attributes.getInts(n, "axes", null);
        } else {
            starts = c.constantLongs(n, 1);
            ends = c.constantLongs(n, 2);
            axes = n.getInputCount() > 3 && !n.getInput(3).isEmpty() ? c.constantLongs(n, 3) : null;
            steps = n.getInputCount() > 4 && !n.getInput(4).isEmpty() ? c.constantLongs(n, 4) : null;
        }
        if (axes == null) {
            axes = GradientContext.range(0, starts.length);
        }
        // Unit steps: zeros padded around dy; other steps: dy scattered to the indices taken.
        long[] pads = new long[2 * rank];
        boolean padded = false;
        String d = dy;
        List<Object[]> scatters = new ArrayList<>();
        for (int k = 0; k < axes.length; k++) {
            int ax = (int) (axes[k] < 0 ? axes[k] + rank : axes[k]);
            long step = steps == null ? 1 : steps[k];
            int[] idx = sliceIndices(xs[ax], starts[k], ends[k], step);
            if (ax == 0 && idx.length != xs[0]) {
                throw c.unsupported(n, "slicing the batch axis");
            }
            if (step == 1) {
                long before = idx.length == 0 ? 0 : idx[0];
                pads[ax] = before;
                pads[ax + rank] = xs[ax] - before - idx.length;
                padded |= pads[ax] != 0 || pads[ax + rank] != 0;
            } else {
                scatters.add(new Object[] {ax, idx});
            }
        }
        for (Object[] sc : scatters) {
            d = scatterAxis(c, d, (Integer) sc[0], rank, (int[]) sc[1], xs[(Integer) sc[0]]);
        }
        return Map.of(0, padded ? c.pad(d, pads) : d);
    }

    private static Map<Integer, String> gather(GradientContext c, OnnxMl.NodeProto.Builder n, String dy) {
        c.onlyFirstActive(n);
        long[] xs = c.shape(n.getInput(0));
        int rank = xs.length;
        long axis = Attributes.getInt(n, "axis", 0);
        int ax = (int) (axis < 0 ? axis + rank : axis);
        if (ax == 0) {
            throw c.unsupported(n, "gathering along the batch axis");
        }
        long[] idx = c.constantLongs(n, 1);
        int[] ids = new int[idx.length];
        for (int k = 0; k < idx.length; k++) {
            ids[k] = (int) (idx[k] < 0 ? idx[k] + xs[ax] : idx[k]);
        }
        long[] target = xs.clone();
        target[0] = -1;
        target[ax] = ids.length;
        return Map.of(0, scatterAxis(c, c.op("Reshape", dy, c.int64(target)), ax, rank, ids, xs[ax]));
    }

    /** The indices Slice takes along an axis of length {@code dim} (ONNX clamping rules). */
    private static int[] sliceIndices(long dim, long start, long end, long step) {
        if (step == 0) {
            throw new IllegalArgumentException("slice step 0");
        }
        start = start < 0 ? start + dim : start;
        end = end < 0 && end > Long.MIN_VALUE / 2 ? end + dim : end;
        if (step > 0) {
            start = Math.max(0, Math.min(dim, start));
            end = Math.max(0, Math.min(dim, end));
        } else {
            start = Math.max(-1, Math.min(dim - 1, start));
            end = Math.max(-1, Math.min(dim - 1, end));
        }
        List<Integer> idx = new ArrayList<>();
        for (long i = start; step > 0 ? i < end : i > end; i += step) {
            idx.add((int) i);
        }
        return idx.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Scatter-adds along one axis: {@code t} has {@code idx.length} entries there, the result {@code dim}, and entry
     * {@code k} of {@code t} is added to entry {@code idx[k]} of the result (a one-hot matrix product).
     */
    private static String scatterAxis(GradientContext c, String t, int axis, int rank, int[] idx, long dim) {
        float[] onehot = new float[(int) (idx.length * dim)];
        for (int k = 0; k < idx.length; k++) {
            onehot[(int) (k * dim + idx[k])] = 1f;
        }
        String s = c.floats(onehot, idx.length, dim);
        if (axis == rank - 1) {
            return c.op("MatMul", t, s);
        }
        long[] perm = new long[rank];
        for (int k = 0; k < rank; k++) {
            perm[k] = k;
        }
        perm[axis] = rank - 1;
        perm[rank - 1] = axis;
        String moved = c.op("Transpose", List.of(t), Map.of("perm", perm));
        return c.op("Transpose", List.of(c.op("MatMul", moved, s)), Map.of("perm", perm));
    }
}
