package org.dancelens.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dancelens.core.DanceLensException;
import org.dancelens.testsupport.GraphOnnx;
import org.junit.jupiter.api.Test;

/** Finding residual blocks and leaving them out, on graphs built here and on the real emotion CNN. */
class ResidualBlocksTest {
    static final long[] IN = org.dancelens.testsupport.TestResidualCnn.INPUT;

    static float[] run(byte[] onnx, float[] x) {
        try (OnnxModel m = OnnxModel.open(onnx, "test", OrtRuntime.Device.CPU, 1)) {
            return m.run(Map.of("x", TensorData.of(x, IN))).get("logits").asFloats();
        }
    }

    @Test
    void anIdentityBlockIsFoundAndLeavingItOutEqualsZeroingItsMainPath() {
        OnnxGraph g = OnnxGraph.parse(org.dancelens.testsupport.TestResidualCnn.graph(false, false).bytes(), "resnet-ish");
        List<ResidualBlocks.Block> blocks = ResidualBlocks.find(g, g.probeShapes(Map.of("x", IN)));
        assertThat(blocks).hasSize(1);
        ResidualBlocks.Block b = blocks.get(0);
        assertThat(b.name()).isEqualTo("sum");
        assertThat(b.skip()).isEqualTo("t");
        assertThat(b.branch()).isEqualTo("f");
        assertThat(b.source()).isEqualTo("t");
        assertThat(b.skipOps()).isZero();
        assertThat(b.mainOps()).isEqualTo(3);
        float[] x = new float[16 * 16 * 3];
        Random rnd = new Random(9);
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextFloat();
        }
        float[] without = run(ResidualBlocks.without(g, blocks, List.of(b.name())).toBytes(), x);
        float[] zeroed = run(org.dancelens.testsupport.TestResidualCnn.graph(false, true).bytes(), x);
        float[] with = run(g.toBytes(), x);
        for (int k = 0; k < 4; k++) {
            assertThat((double) without[k]).isCloseTo(zeroed[k], within(1e-5));
        }
        assertThat(without).as("the block mattered").isNotEqualTo(with);
    }

    @Test
    void aProjectionSkipIsTheShortPathAndJoinsOfEqualPathsOrConstantsAreNotBlocks() {
        OnnxGraph g = OnnxGraph.parse(org.dancelens.testsupport.TestResidualCnn.graph(true, false).bytes(), "projection");
        List<ResidualBlocks.Block> blocks = ResidualBlocks.find(g, g.probeShapes(Map.of("x", IN)));
        assertThat(blocks).hasSize(1);
        assertThat(blocks.get(0).skip()).isEqualTo("p");
        assertThat(blocks.get(0).skipOps()).isEqualTo(1);
        assertThat(blocks.get(0).mainOps()).isEqualTo(3);

        // two parallel convolutions of the input added: equal paths, no skip; a bias added: a constant
        Random rnd = new Random(4);
        GraphOnnx join = new GraphOnnx().input("x", IN).random("wa", rnd, 0.5f, 3, 3, 1, 1).random("wb", rnd, 0.5f, 3, 3, 1, 1)
                .random("bias", rnd, 0.5f, 1, 3, 16, 16);
        join.node("Conv", new String[] {"x", "wa"}, "a").node("Conv", new String[] {"x", "wb"}, "b").node("Add", new String[] {"a", "b"}, "s")
                .node("Add", new String[] {"s", "bias"}, "logits").output("logits", IN);
        OnnxGraph j = OnnxGraph.parse(join.bytes(), "join");
        assertThat(ResidualBlocks.find(j, j.probeShapes(Map.of("x", IN)))).isEmpty();
        assertThatThrownBy(() -> ResidualBlocks.without(g, blocks, List.of("nope")))
                .isInstanceOf(DanceLensException.class).hasMessage("The model projection has no residual block named nope (it has [sum]).");
    }

    @Test
    void theEmotionCnnHasResidualBlocksWithProjectionSkips() throws Exception {
        Path onnx = org.dancelens.testsupport.TestZoo.registry("emotion").find("emotion").onnxFile();
        OnnxGraph g = OnnxGraph.load(onnx);
        String input = g.inputNames().get(0);
        List<ResidualBlocks.Block> blocks = ResidualBlocks.find(g, g.probeShapes(Map.of(input, new long[] {1, 64, 64, 1})));
        System.out.println("emotion residual blocks: " + blocks);
        assertThat(blocks).isNotEmpty();
        for (ResidualBlocks.Block b : blocks) {
            assertThat(b.skipOps()).isLessThan(b.mainOps());
        }
        assertThat(blocks.stream().map(ResidualBlocks.Block::name)).contains("StatefulPartitionedCall/model_1/add_2/add");
    }
}
