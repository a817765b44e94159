package org.dancelens.explain;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dancelens.inference.graph.Attributes;
import org.dancelens.inference.graph.OpTable;

/** Backward rules of shape and layout ops: reshapes, transposes, concatenation and splitting. */
final class ShapeGradients {
    private ShapeGradients() {
    }

    static void register(OpTable<GradientRules.Rule> t) {
        t.add((c, n, dy) -> {
            c.onlyFirstActive(n);
            return Map.of(0, c.op("Reshape", dy, c.op("Shape", n.getInput(0))));
        }, "Flatten", "Reshape", "Squeeze", "Unsqueeze");
        t.add(ShapeGradients::transpose, "Transpose");
        t.add(ShapeGradients::concat, "Concat");
        t.add(new GradientRules.Rule() {
            @Override
            public Map<Integer, String> inputGradients(GradientContext c, OnnxMl.NodeProto.Builder n, String dy) {
                return split(c, n);
            }

            @Override
            public boolean readsAllOutputs() {
                return true;
            }
        }, "Split");
    }

    private static Map<Integer, String> transpose(GradientContext c, OnnxMl.NodeProto.Builder n, String dy) {
        long[] perm = Attributes.getInts(n, "perm", null);
        int rank = c.shape(n.getInput(0)).length;
        if (perm == null) {
            perm = new long[rank];
            for (int k = 0; k < rank; k++) {
                perm[k] = rank - 1 - k;
            }
        }
        long[] inv = new long[rank];
        for (int k = 0; k < rank; k++) {
            inv[(int) perm[k]] = k;
        }
        return Map.of(0, c.op("Transpose", List.of(dy), Map.of("perm", inv)));
    }

    private static Map<Integer, String> concat(GradientContext c, OnnxMl.NodeProto.Builder n, String dy) {
        Map<Integer, String> dx = new LinkedHashMap<>();
        int rank = c.shape(n.getOutput(0)).length;
        long axis = Attributes.getInt(n, "axis", 0);
        axis = axis < 0 ? axis + rank : axis;
        long offset = 0;
        for (int k = 0; k < n.getInputCount(); k++) {
            long size = c.shape(n.getInput(k))[(int) axis];
            if (c.isActive(n.getInput(k))) {
                dx.put(k, c.op("Slice", dy, c.int64(offset), c.int64(offset + size), c.int64(axis)));
            }
            offset += size;
        }
        return dx;
    }

    /** Every output may carry a gradient; those that do not reach the score contribute zeros. */
    private static Map<Integer, String> split(GradientContext c, OnnxMl.NodeProto.Builder n) {
        c.onlyFirstActive(n);
        List<String> dys = new ArrayList<>();
        for (String o : n.getOutputList()) {
            String d = c.gradientOf(o);
            dys.add(d != null ? d : c.zeros(c.op("Shape", o)));
        }
        int rank = c.shape(n.getOutput(0)).length;
        long axis = Attributes.getInt(n, "axis", 0);
        return Map.of(0, c.op("Concat", dys, Map.of("axis", axis < 0 ? axis + rank : axis)));
    }
}
