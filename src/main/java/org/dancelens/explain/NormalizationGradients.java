package org.dancelens.explain;

import ai.onnx.proto.OnnxMl;
import java.util.Arrays;
import java.util.Map;
import org.dancelens.inference.graph.Attributes;
import org.dancelens.inference.graph.OpTable;

/** Backward rules of normalisations: batch normalisation at inference (a per-channel scale) and layer normalisation. */
final class NormalizationGradients {
    private NormalizationGradients() {
    }

    static void register(OpTable<GradientRules.Rule> t) {
        t.add(NormalizationGradients::batchNormalization, "BatchNormalization");
        t.add(NormalizationGradients::layerNormalization, "LayerNormalization");
    }

    private static Map<Integer, String> batchNormalization(GradientContext c, OnnxMl.NodeProto.Builder n, String dy) {
        c.onlyFirstActive(n);
        if (Attributes.getInt(n, "training_mode", 0) != 0) {
            throw c.unsupported(n, "training mode");
        }
        float eps = Attributes.getFloat(n, "epsilon", 1e-5f);
        String s = c.op("Div", n.getInput(1), c.op("Sqrt", c.op("Add", n.getInput(4), c.scalar(eps))));
        long[] target = new long[c.shape(n.getInput(0)).length - 1];
        Arrays.fill(target, 1);
        target[0] = -1;
        return Map.of(0, c.op("Mul", dy, c.op("Reshape", s, c.int64(target))));
    }

    private static Map<Integer, String> layerNormalization(GradientContext c, OnnxMl.NodeProto.Builder n, String dy) {
        c.onlyFirstActive(n);
        String x = n.getInput(0);
        long[] xs = c.shape(x);
        int rank = xs.length;
        long axis = Attributes.getInt(n, "axis", -1);
        axis = axis < 0 ? axis + rank : axis;
        long[] axes = GradientContext.range(axis, rank);
        long count = 1;
        for (long a : axes) {
            count *= xs[(int) a];
        }
        float eps = Attributes.getFloat(n, "epsilon", 1e-5f);
        float inv = 1f / count;
        // xhat = (x - mean) * r, r = 1 / sqrt(var + eps); g = dy * scale;
        // dx = r * (g - mean(g) - xhat * mean(g * xhat)), means over the normalised axes.
        String xc = c.op("Sub", x, c.op("Mul", c.reduceSum(x, axes), c.scalar(inv)));
        String r = c.op("Reciprocal", c.op("Sqrt", c.op("Add", c.op("Mul", c.reduceSum(c.op("Mul", xc, xc), axes), c.scalar(inv)), c.scalar(eps))));
        String xhat = c.op("Mul", xc, r);
        String gs = c.op("Mul", dy, n.getInput(1));
        String meanG = c.op("Mul", c.reduceSum(gs, axes), c.scalar(inv));
        String meanGx = c.op("Mul", c.reduceSum(c.op("Mul", gs, xhat), axes), c.scalar(inv));
        return Map.of(0, c.op("Mul", r, c.op("Sub", c.op("Sub", gs, meanG), c.op("Mul", xhat, meanGx))));
    }
}
