package org.dancelens.explain;

import ai.onnx.proto.OnnxMl;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dancelens.inference.graph.Attributes;
import org.dancelens.inference.graph.OpTable;

/** Backward rules of matrix products: Gemm (with its transposes, alpha and beta) and batched MatMul. */
final class MatrixGradients {
    private MatrixGradients() {
    }

    static void register(OpTable<GradientRules.Rule> t) {
        t.add(MatrixGradients::gemm, "Gemm");
        t.add(MatrixGradients::matMul, "MatMul");
    }

    private static Map<Integer, String> gemm(GradientContext c, OnnxMl.NodeProto.Builder n, String dy) {
        Map<Integer, String> dx = new LinkedHashMap<>();
        long transA = Attributes.getInt(n, "transA", 0);
        long transB = Attributes.getInt(n, "transB", 0);
        float alpha = Attributes.getFloat(n, "alpha", 1f);
        float beta = Attributes.getFloat(n, "beta", 1f);
        String a = n.getInput(0);
        String b = n.getInput(1);
        if (c.isActive(a)) {
            // dA' = alpha * dY * B'^T, and dA = dA'^T when transA.
            String d = c.op("Gemm", List.of(dy, b), Map.of("alpha", alpha, "transB", 1 - transB));
            dx.put(0, transA != 0 ? c.op("Transpose", List.of(d), Map.of("perm", new long[] {1, 0})) : d);
        }
        if (c.isActive(b)) {
            String d = c.op("Gemm", List.of(a, dy), Map.of("alpha", alpha, "transA", 1 - transA));
            dx.put(1, transB != 0 ? c.op("Transpose", List.of(d), Map.of("perm", new long[] {1, 0})) : d);
        }
        if (n.getInputCount() > 2 && c.isActive(n.getInput(2))) {
            dx.put(2, c.reduceTo(c.op("Mul", dy, c.scalar(beta)), c.shape(n.getOutput(0)), n.getInput(2)));
        }
        return dx;
    }

    private static Map<Integer, String> matMul(GradientContext c, OnnxMl.NodeProto.Builder n, String dy) {
        Map<Integer, String> dx = new LinkedHashMap<>();
        String a = n.getInput(0);
        String b = n.getInput(1);
        String y = n.getOutput(0);
        int ra = c.shape(a).length;
        int rb = c.shape(b).length;
        if (ra < 2 || rb < 2) {
            throw c.unsupported(n, "a 1-D operand");
        }
        if (c.isActive(a)) {
            dx.put(0, c.reduceTo(c.op("MatMul", dy, swapLast(c, b, rb)), c.shape(y), a));
        }
        if (c.isActive(b)) {
            dx.put(1, c.reduceTo(c.op("MatMul", swapLast(c, a, ra), dy), c.shape(y), b));
        }
        return dx;
    }

    /** The tensor with its last two axes swapped. */
    private static String swapLast(GradientContext c, String t, int rank) {
        long[] perm = new long[rank];
        for (int k = 0; k < rank; k++) {
            perm[k] = k;
        }
        perm[rank - 2] = rank - 1;
        perm[rank - 1] = rank - 2;
        return c.op("Transpose", List.of(t), Map.of("perm", perm));
    }
}
