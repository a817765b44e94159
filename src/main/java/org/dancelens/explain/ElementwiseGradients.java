package org.dancelens.explain;

import ai.onnx.proto.OnnxMl;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dancelens.inference.graph.OpTable;

/** Backward rules of pass-through ops and element-wise arithmetic (gradients summed back over broadcast axes). */
final class ElementwiseGradients {
    private ElementwiseGradients() {
    }

    static void register(OpTable<GradientRules.Rule> t) {
        t.add((c, n, dy) -> Map.of(0, dy), "Identity", "Dropout");
        t.add((c, n, dy) -> Map.of(0, c.op("Neg", dy)), "Neg");
        t.add(ElementwiseGradients::arithmetic, "Add", "Sub", "Mul", "Div");
    }

    private static Map<Integer, String> arithmetic(GradientContext c, OnnxMl.NodeProto.Builder n, String dy) {
        Map<Integer, String> dx = new LinkedHashMap<>();
        String x = n.getInput(0);
        String b = n.getInput(1);
        String y = n.getOutput(0);
        long[] ys = c.shape(y);
        if (c.isActive(x)) {
            String d = switch (n.getOpType()) {
                case "Mul" -> c.op("Mul", dy, b);
                case "Div" -> c.op("Div", dy, b);
                default -> dy;
            };
            dx.put(0, c.reduceTo(d, ys, x));
        }
        if (c.isActive(b)) {
            String d = switch (n.getOpType()) {
                case "Sub" -> c.op("Neg", dy);
                case "Mul" -> c.op("Mul", dy, x);
                case "Div" -> c.op("Neg", c.op("Div", c.op("Mul", dy, y), b));
                default -> dy;
            };
            dx.put(1, c.reduceTo(d, ys, b));
        }
        return dx;
    }
}
