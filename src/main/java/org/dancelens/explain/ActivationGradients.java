package org.dancelens.explain;

import ai.onnx.proto.OnnxMl;
import java.util.Map;
import org.dancelens.inference.graph.Attributes;
import org.dancelens.inference.graph.OpTable;

/** Backward rules of the activations: ReLU family, clipping, sigmoid and tanh, erf and GELU, hard sigmoid/swish, softmax. */
final class ActivationGradients {
    private ActivationGradients() {
    }

    static void register(OpTable<GradientRules.Rule> t) {
        t.add((c, n, dy) -> Map.of(0, c.op("Where", c.op("Greater", n.getInput(0), c.zero()), dy, c.zero())), "Relu");
        t.add((c, n, dy) -> Map.of(0, c.op("Where", c.op("Greater", n.getInput(0), c.zero()), dy,
                c.op("Mul", dy, c.scalar(Attributes.getFloat(n, "alpha", 0.01f))))), "LeakyRelu");
        t.add((c, n, dy) -> {
            c.onlyFirstActive(n);
            return Map.of(0, c.op("Where", c.op("Equal", n.getInput(0), n.getOutput(0)), dy, c.zero()));
        }, "Clip");
        t.add((c, n, dy) -> {
            String y = n.getOutput(0);
            return Map.of(0, c.op("Mul", dy, c.op("Mul", y, c.op("Sub", c.scalar(1f), y))));
        }, "Sigmoid");
        t.add((c, n, dy) -> {
            String y = n.getOutput(0);
            return Map.of(0, c.op("Mul", dy, c.op("Sub", c.scalar(1f), c.op("Mul", y, y))));
        }, "Tanh");
        t.add(ActivationGradients::softmax, "Softmax", "LogSoftmax");
        t.add((c, n, dy) -> {
            String x = n.getInput(0);
            return Map.of(0, c.op("Mul", dy, c.op("Mul", c.op("Exp", c.op("Neg", c.op("Mul", x, x))), c.scalar((float) (2 / Math.sqrt(Math.PI))))));
        }, "Erf");
        t.add(ActivationGradients::gelu, "Gelu");
        t.add(ActivationGradients::hardSigmoid, "HardSigmoid");
        t.add(ActivationGradients::hardSwish, "HardSwish");
    }

    private static Map<Integer, String> softmax(GradientContext c, OnnxMl.NodeProto.Builder n, String dy) {
        String x = n.getInput(0);
        String y = n.getOutput(0);
        int rank = c.shape(x).length;
        long axis = Attributes.getInt(n, "axis", c.opset() < 13 ? 1 : -1);
        axis = axis < 0 ? axis + rank : axis;
        long[] axes = c.opset() < 13 ? GradientContext.range(axis, rank) : new long[] {axis};
        if (n.getOpType().equals("Softmax")) {
            return Map.of(0, c.op("Mul", y, c.op("Sub", dy, c.reduceSum(c.op("Mul", dy, y), axes))));
        }
        return Map.of(0, c.op("Sub", dy, c.op("Mul", c.op("Exp", y), c.reduceSum(dy, axes))));
    }

    private static Map<Integer, String> gelu(GradientContext c, OnnxMl.NodeProto.Builder n, String dy) {
        String x = n.getInput(0);
        String approx = Attributes.getString(n, "approximate", "none");
        String d;
        if (approx.equals("tanh")) {
            // y = x/2 (1 + tanh(u)), u = sqrt(2/pi) (x + 0.044715 x^3):
            // y' = (1 + t)/2 + x/2 (1 - t^2) sqrt(2/pi) (1 + 3 * 0.044715 x^2)
            float k = (float) Math.sqrt(2 / Math.PI);
            String x2 = c.op("Mul", x, x);
            String u = c.op("Mul", c.op("Mul", x, c.op("Add", c.scalar(1f), c.op("Mul", x2, c.scalar(0.044715f)))), c.scalar(k));
            String t = c.op("Tanh", u);
            String du = c.op("Mul", c.op("Add", c.scalar(1f), c.op("Mul", x2, c.scalar(3 * 0.044715f))), c.scalar(k));
            d = c.op("Add", c.op("Mul", c.op("Add", c.scalar(1f), t), c.scalar(0.5f)),
                    c.op("Mul", c.op("Mul", c.op("Mul", x, c.scalar(0.5f)), c.op("Sub", c.scalar(1f), c.op("Mul", t, t))), du));
        } else if (approx.equals("none")) {
            // y = x Phi(x): y' = Phi(x) + x phi(x)
            String phi = c.op("Mul", c.op("Add", c.scalar(1f), c.op("Erf", c.op("Mul", x, c.scalar((float) (1 / Math.sqrt(2)))))), c.scalar(0.5f));
            String pdf = c.op("Mul", c.op("Exp", c.op("Mul", c.op("Mul", x, x), c.scalar(-0.5f))), c.scalar((float) (1 / Math.sqrt(2 * Math.PI))));
            d = c.op("Add", phi, c.op("Mul", x, pdf));
        } else {
            throw c.unsupported(n, "approximate=" + approx);
        }
        return Map.of(0, c.op("Mul", dy, d));
    }

    private static Map<Integer, String> hardSigmoid(GradientContext c, OnnxMl.NodeProto.Builder n, String dy) {
        String y = n.getOutput(0);
        float alpha = Attributes.getFloat(n, "alpha", 0.2f);
        String inside = c.op("And", c.op("Greater", y, c.zero()), c.op("Less", y, c.scalar(1f)));
        return Map.of(0, c.op("Where", inside, c.op("Mul", dy, c.scalar(alpha)), c.zero()));
    }

    private static Map<Integer, String> hardSwish(GradientContext c, OnnxMl.NodeProto.Builder n, String dy) {
        // y = x * clamp(x/6 + 1/2, 0, 1): y' = 0 below -3, 1 above 3, x/3 + 1/2 between.
        String x = n.getInput(0);
        String mid = c.op("Mul", dy, c.op("Add", c.op("Mul", x, c.scalar(1f / 3)), c.scalar(0.5f)));
        return Map.of(0, c.op("Where", c.op("Greater", x, c.scalar(3f)), dy, c.op("Where", c.op("Greater", x, c.scalar(-3f)), mid, c.zero())));
    }
}
