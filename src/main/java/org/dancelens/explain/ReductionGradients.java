package org.dancelens.explain;

import ai.onnx.proto.OnnxMl;
import java.util.Map;
import org.dancelens.inference.graph.Attributes;
import org.dancelens.inference.graph.OpTable;

/** Backward rules of reductions over axes: the gradient spread back over the reduced axes. */
final class ReductionGradients {
    private ReductionGradients() {
    }

    static void register(OpTable<GradientRules.Rule> t) {
        t.add(ReductionGradients::reduceMeanOrSum, "ReduceMean", "ReduceSum");
    }

    private static Map<Integer, String> reduceMeanOrSum(GradientContext c, OnnxMl.NodeProto.Builder n, String dy) {
        String x = n.getInput(0);
        long[] xs = c.shape(x);
        long[] axes = Attributes.getInts(n, "axes", null);
        if (n.getInputCount() > 1 && !n.getInput(1).isEmpty()) {
            axes = c.model().initializerLongs(n.getInput(1)).orElseThrow(() -> c.unsupported(n, "axes that are not a constant"));
        }
        if (axes == null || axes.length == 0) {
            if (Attributes.getInt(n, "noop_with_empty_axes", 0) != 0) {
                return Map.of(0, dy);
            }
            axes = GradientContext.range(0, xs.length);
        }
        long[] kept = xs.clone();
        long count = 1;
        boolean batchReduced = false;
        for (long a : axes) {
            int ax = (int) (a < 0 ? a + xs.length : a);
            count *= xs[ax];
            kept[ax] = 1;
            batchReduced |= ax == 0;
        }
        if (!batchReduced) {
            kept[0] = -1;
        }
        String d = Attributes.getInt(n, "keepdims", 1) != 0 ? dy : c.op("Reshape", dy, c.int64(kept));
        if (n.getOpType().equals("ReduceMean")) {
            d = c.op("Mul", d, c.scalar(1f / count));
        }
        return Map.of(0, c.op("Expand", d, c.op("Shape", x)));
    }
}
