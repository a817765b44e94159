package org.dancelens.convert;

import java.util.List;
import java.util.Map;
import org.dancelens.inference.graph.OpTable;

/** Element-wise maths of one operand and the activations (including PReLU and softmax); layout is kept. */
final class ActivationOps {
    private ActivationOps() {
    }

    static void register(OpTable<TfOps.Rule> t) {
        t.add(ActivationOps::unary, "Relu", "Relu6", "Sigmoid", "Tanh", "Sqrt", "Rsqrt", "Exp", "Log", "Abs", "Neg", "Reciprocal",
                "Square", "Floor", "Ceil", "Round", "Elu", "Selu", "LeakyRelu", "LogicalNot", "Softplus");
        t.add(ActivationOps::prelu, "Prelu");
        t.add(ActivationOps::softmax, "Softmax");
    }

    private static void unary(ImportContext c, TfjsGraphModel.Node n) {
        TfValue x = c.in(n, 0);
        String in = x.nchw ? x.name : c.asNative(x);
        String name = n.name();
        String y = switch (n.op()) {
            case "Relu6" -> c.clip06(name, in);
            case "Rsqrt" -> c.node1("Reciprocal", name, List.of(c.node1("Sqrt", name + "/sqrt", List.of(in), null)), null);
            case "Square" -> c.node1("Mul", name, List.of(in, in), null);
            case "LogicalNot" -> c.node1("Not", name, List.of(in), null);
            case "LeakyRelu" -> c.node1("LeakyRelu", name, List.of(in), Map.of("alpha", n.attrFloat("alpha", 0.2)));
            // the rest have an ONNX op of the same name
            default -> c.node1(n.op(), name, List.of(in), null);
        };
        c.put(n, 0, TfValue.computed(y, x.shape, x.dtype, x.nchw));
    }

    private static void prelu(ImportContext c, TfjsGraphModel.Node n) {
        TfValue x = c.in(n, 0);
        TfTensor alpha = c.constIn(n, 1, "slope");
        if (x.nchw) {
            String a = c.constant(n.name() + "/alpha", alpha.reshape(new long[] {alpha.size(), 1, 1}));
            c.put(n, 0, TfValue.computed(c.node1("PRelu", n.name(), List.of(x.name, a), null), x.shape, x.dtype, true));
        } else {
            String a = c.constant(n.name() + "/alpha", alpha);
            c.put(n, 0, TfValue.computed(c.node1("PRelu", n.name(), List.of(c.asNative(x), a), null), x.shape, x.dtype, false));
        }
    }

    private static void softmax(ImportContext c, TfjsGraphModel.Node n) {
        TfValue x = c.in(n, 0);
        String y = c.node1("Softmax", n.name(), List.of(c.asNative(x)), Map.of("axis", -1L));
        c.put(n, 0, TfValue.computed(y, x.shape, x.dtype, false));
    }
}
