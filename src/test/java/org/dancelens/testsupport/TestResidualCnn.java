package org.dancelens.testsupport;

import java.util.Random;

/**
 * A small CNN with one residual block, for the with/without-a-block tests: input {@code x [1, 3, 16, 16]},
 * {@code logits [1, 4]}; the block's {@code Add} computes {@code sum}.
 */
public final class TestResidualCnn {
    public static final long[] INPUT = {1, 3, 16, 16};

    private TestResidualCnn() {
    }

    /** x -> conv -> relu (t); main path t -> conv -> relu -> conv (f), zeroed when asked; skip: t itself or a 1x1 conv. */
    public static GraphOnnx graph(boolean projection, boolean zeroMain) {
        Random rnd = new Random(3);
        GraphOnnx g = new GraphOnnx().input("x", INPUT).random("w0", rnd, 0.5f, 8, 3, 3, 3).random("b0", rnd, 0.1f, 8)
                .random("w1", rnd, 0.5f, 8, 8, 3, 3).random("b1", rnd, 0.1f, 8)
                .random("wp", rnd, 0.5f, 8, 8, 1, 1).random("wf", rnd, 0.5f, 4, 8).random("bf", rnd, 0.5f, 4);
        if (zeroMain) {
            g.constant("w2", new float[8 * 8 * 9], 8, 8, 3, 3).constant("b2", new float[8], 8);
        } else {
            g.random("w2", rnd, 0.5f, 8, 8, 3, 3).random("b2", rnd, 0.1f, 8);
        }
        long[] pads = {1, 1, 1, 1};
        g.node("Conv", new String[] {"x", "w0", "b0"}, "c0", "pads", pads);
        g.node("Relu", new String[] {"c0"}, "t");
        g.node("Conv", new String[] {"t", "w1", "b1"}, "c1", "pads", pads);
        g.node("Relu", new String[] {"c1"}, "r1");
        g.node("Conv", new String[] {"r1", "w2", "b2"}, "f", "pads", pads);
        String skip = "t";
        if (projection) {
            g.node("Conv", new String[] {"t", "wp"}, "p");
            skip = "p";
        }
        g.node("Add", new String[] {skip, "f"}, "sum");
        g.node("Relu", new String[] {"sum"}, "y");
        g.node("GlobalAveragePool", new String[] {"y"}, "gap");
        g.node("Flatten", new String[] {"gap"}, "flat");
        g.node("Gemm", new String[] {"flat", "wf", "bf"}, "logits", "transB", 1L);
        g.output("logits", 1, 4);
        return g;
    }

}
