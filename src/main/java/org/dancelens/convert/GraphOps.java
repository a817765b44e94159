package org.dancelens.convert;

import java.util.Arrays;
import org.dancelens.inference.graph.OpTable;

/** Graph plumbing: inputs, weights, pass-through ops and casts. */
final class GraphOps {
    private GraphOps() {
    }

    static void register(OpTable<TfOps.Rule> t) {
        t.add(GraphOps::placeholder, "Placeholder");
        t.add(GraphOps::konst, "Const");
        t.add((c, n) -> c.put(n, 0, c.in(n, 0)), "Identity", "StopGradient", "Snapshot");
        t.add(GraphOps::cast, "Cast");
        t.add((c, n) -> {
        }, "NoOp");
    }

    private static void placeholder(ImportContext c, TfjsGraphModel.Node n) {
        TfjsGraphModel.SignatureTensor sig = c.signature(n);
        long[] shape;
        String dtype;
        if (sig != null) {
            shape = sig.shape().clone();
            dtype = sig.dtype();
        } else {
            shape = declaredShape(n);
            dtype = n.attrType("dtype", "DT_FLOAT");
        }
        for (int k = 0; k < shape.length; k++) {
            if (shape[k] < 0) {
                if (k == 0) {
                    shape[k] = c.batch();
                } else {
                    throw c.fail("has an open dimension " + k + " in its input shape " + Arrays.toString(shape));
                }
            }
        }
        String name = sig != null ? TfjsToOnnx.ioName(sig) : n.name();
        TfTensor.DType dt = TfTensor.DType.fromTf(dtype);
        c.input(name, dt, shape);
        c.put(n, 0, TfValue.computed(name, shape, dt, false));
    }

    /** Shape from a Placeholder's own attribute, when the signature does not give it. */
    private static long[] declaredShape(TfjsGraphModel.Node n) {
        return TfjsGraphModel.dims(n.attr().path("shape").path("shape").path("dim"), "Cannot convert " + n.file() + ": node " + n.name()
                + " (op " + n.op() + ")");
    }

    private static void konst(ImportContext c, TfjsGraphModel.Node n) {
        TfTensor t = c.model().weights.get(n.name());
        if (t == null) {
            throw c.fail("has no weight in the manifest");
        }
        c.put(n, 0, TfValue.of(t));
    }

    private static void cast(ImportContext c, TfjsGraphModel.Node n) {
        TfValue x = c.in(n, 0);
        TfTensor.DType to = TfTensor.DType.fromTf(n.attrType("DstT", "DT_FLOAT"));
        c.put(n, 0, x.isConstant() || to != x.dtype ? c.castVal(x, to, n.name()) : x);
    }
}
