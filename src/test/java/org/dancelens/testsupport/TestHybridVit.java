package org.dancelens.testsupport;

import java.util.Random;

/**
 * A small CNN + transformer hybrid image classifier for explanation tests, random fixed weights from the seed:
 * <pre>
 * x [1, 3, 16, 16] -> Conv 3x3 stride 2 pad 1 -> Relu -> Conv 2x2 stride 2 ({@code stem} [1, D, 4, 4])
 *   -> Reshape [1, D, 16] -> Transpose ({@code patches} [1, 16, D]) -> Concat(class token, patches) [1, 17, D]
 *   -> Add position embedding ({@code tokens} [1, 17, D], the usual token layer: the block's input)
 *   -> one transformer block: LayerNormalization ({@code ln1}) -> MatMul to q|k|v -> Split -> single-head attention
 *      (MatMul q k^T, scaled, Softmax, MatMul v) -> MatMul -> residual Add ({@code res1}) -> LayerNormalization
 *      -> MLP (MatMul + Add, GELU as PyTorch exports it: x * 0.5 * (1 + Erf(x / sqrt 2)), MatMul + Add)
 *      -> residual Add ({@code block})
 *   -> Slice of the class token -> Flatten ({@code cls} [1, D]) -> Gemm(transB) -> {@code logits [1, classes]}
 * </pre>
 * The grid of the token layers is 4 x 4 after 1 class token. {@link #graph(long, int, String)} with {@code from}
 * "stem" or "tokens" gives the same network (same weights) starting at that tensor, for finite differences at an
 * inner layer.
 */
public final class TestHybridVit {
    public static final int D = 8;
    public static final int SIDE = 16;

    private TestHybridVit() {
    }

    public static GraphOnnx graph(long seed, int classes) {
        return graph(seed, classes, "x");
    }

    public static GraphOnnx graph(long seed, int classes, String from) {
        Random rnd = new Random(seed);
        GraphOnnx g = new GraphOnnx();
        g.random("w1", rnd, 0.5f, 6, 3, 3, 3).random("b1", rnd, 0.1f, 6).random("w2", rnd, 0.5f, D, 6, 2, 2).random("b2", rnd, 0.1f, D);
        g.random("cls_token", rnd, 1f, 1, 1, D).random("pos", rnd, 0.5f, 1, 17, D);
        g.random("ln1_s", rnd, 1.5f, D).random("ln1_b", rnd, 0.3f, D).random("wqkv", rnd, 0.6f, D, 3 * D).random("wo", rnd, 0.4f, D, D);
        g.random("ln2_s", rnd, 1.5f, D).random("ln2_b", rnd, 0.3f, D);
        g.random("w_up", rnd, 0.5f, D, 2 * D).random("b_up", rnd, 0.3f, 2 * D).random("w_down", rnd, 0.5f, 2 * D, D).random("b_down", rnd, 0.1f, D);
        g.random("wf", rnd, 1f, classes, D).random("bf", rnd, 0.2f, classes);
        g.int64("to_seq", 0, D, 16).int64("qkv_parts", D, D, D).int64("zero", 0).int64("one", 1);
        g.constant("scale", new float[] {(float) (1 / Math.sqrt(D))}).constant("half", new float[] {0.5f})
                .constant("unit", new float[] {1f}).constant("sqrt2", new float[] {(float) Math.sqrt(2)});
        switch (from) {
            case "x" -> {
                g.input("x", 1, 3, SIDE, SIDE);
                g.node("Conv", new String[] {"x", "w1", "b1"}, "c1", "strides", new long[] {2, 2}, "pads", new long[] {1, 1, 1, 1});
                g.node("Relu", new String[] {"c1"}, "r1");
                g.node("Conv", new String[] {"r1", "w2", "b2"}, "stem", "strides", new long[] {2, 2}, "kernel_shape", new long[] {2, 2});
            }
            case "stem" -> g.input("stem", 1, D, 4, 4);
            case "tokens" -> g.input("tokens", 1, 17, D);
            default -> throw new IllegalArgumentException(from);
        }
        if (!from.equals("tokens")) {
            g.node("Reshape", new String[] {"stem", "to_seq"}, "seq");
            g.node("Transpose", new String[] {"seq"}, "patches", "perm", new long[] {0, 2, 1});
            g.node("Concat", new String[] {"cls_token", "patches"}, "with_cls", "axis", 1L);
            g.node("Add", new String[] {"with_cls", "pos"}, "tokens");
        }
        g.node("LayerNormalization", new String[] {"tokens", "ln1_s", "ln1_b"}, "ln1", "axis", -1L, "epsilon", 1e-5f);
        g.node("MatMul", new String[] {"ln1", "wqkv"}, "qkv");
        g.node("Split", new String[] {"qkv", "qkv_parts"}, new String[] {"q", "k", "v"}, "axis", 2L);
        g.node("Transpose", new String[] {"k"}, "kt", "perm", new long[] {0, 2, 1});
        g.node("MatMul", new String[] {"q", "kt"}, "qk");
        g.node("Mul", new String[] {"qk", "scale"}, "logit_att");
        g.node("Softmax", new String[] {"logit_att"}, "att", "axis", -1L);
        g.node("MatMul", new String[] {"att", "v"}, "mixed");
        g.node("MatMul", new String[] {"mixed", "wo"}, "proj");
        g.node("Add", new String[] {"tokens", "proj"}, "res1");
        g.node("LayerNormalization", new String[] {"res1", "ln2_s", "ln2_b"}, "ln2", "axis", -1L, "epsilon", 1e-5f);
        g.node("MatMul", new String[] {"ln2", "w_up"}, "up0");
        g.node("Add", new String[] {"up0", "b_up"}, "up");
        g.node("Div", new String[] {"up", "sqrt2"}, "up_s");
        g.node("Erf", new String[] {"up_s"}, "erf");
        g.node("Add", new String[] {"erf", "unit"}, "erf1");
        g.node("Mul", new String[] {"up", "erf1"}, "gelu0");
        g.node("Mul", new String[] {"gelu0", "half"}, "gelu");
        g.node("MatMul", new String[] {"gelu", "w_down"}, "down0");
        g.node("Add", new String[] {"down0", "b_down"}, "down");
        g.node("Add", new String[] {"res1", "down"}, "block");
        g.node("Slice", new String[] {"block", "zero", "one", "one"}, "cls_out");
        g.node("Flatten", new String[] {"cls_out"}, "cls");
        g.node("Gemm", new String[] {"cls", "wf", "bf"}, "logits", "transB", 1L);
        g.output("logits", 1, classes);
        return g;
    }
}
