package org.dancelens.inference.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.dancelens.core.DanceLensException;
import org.dancelens.inference.OnnxModel;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.inference.TensorData;
import org.junit.jupiter.api.Test;

/** The ONNX graph toolkit: tensors and attributes survive a round trip, names stay unique, built graphs run. */
class GraphToolkitTest {

    private static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int k = 0; k < v.length; k++) {
            b[k] = Float.floatToRawIntBits(v[k]);
        }
        return b;
    }

    @Test
    void floatsRoundTripBitForBitWithTheirDimensions() {
        float[] v = {1.5f, -0f, Float.MIN_VALUE, -Float.MAX_VALUE, Float.NaN, Float.NEGATIVE_INFINITY};
        OnnxMl.TensorProto t = Tensors.ofFloats("w", v, 2, 3);
        assertThat(t.getName()).isEqualTo("w");
        assertThat(t.getDataType()).isEqualTo(OnnxMl.TensorProto.DataType.FLOAT.getNumber());
        assertThat(Tensors.dims(t)).containsExactly(2, 3);
        assertThat(bits(Tensors.floats(t))).containsExactly(bits(v));
    }

    @Test
    void rawDataIsLittleEndianAndAScalarHasNoDimensions() {
        OnnxMl.TensorProto t = Tensors.ofFloats("one", new float[] {1f});
        assertThat(t.getRawData().toByteArray()).containsExactly(0x00, 0x00, 0x80, 0x3f);
        assertThat(t.getDimsCount()).isZero();
        assertThat(Tensors.numel(Tensors.dims(t))).isEqualTo(1);
        assertThat(Tensors.numel(new long[] {2, 3, 4})).isEqualTo(24);
    }

    @Test
    void longsIntsAndBoolsRoundTrip() {
        long[] l = {Long.MIN_VALUE, -1, 0, 7, Long.MAX_VALUE};
        OnnxMl.TensorProto lt = Tensors.ofLongs("axes", l, l.length);
        assertThat(lt.getDataType()).isEqualTo(OnnxMl.TensorProto.DataType.INT64.getNumber());
        assertThat(Tensors.longs(lt)).containsExactly(l);
        assertThat(Tensors.dims(lt)).containsExactly(5);

        int[] i = {Integer.MIN_VALUE, -3, 0, 42, Integer.MAX_VALUE, 1};
        OnnxMl.TensorProto it = Tensors.ofInts("idx", i, 3, 2);
        assertThat(it.getDataType()).isEqualTo(OnnxMl.TensorProto.DataType.INT32.getNumber());
        assertThat(Tensors.ints(it)).containsExactly(i);

        OnnxMl.TensorProto bt = Tensors.ofBools("mask", new boolean[] {true, false, true}, 3);
        assertThat(bt.getDataType()).isEqualTo(OnnxMl.TensorProto.DataType.BOOL.getNumber());
        assertThat(bt.getRawData().toByteArray()).containsExactly(1, 0, 1);
    }

    @Test
    void readersAlsoTakeTheTypedFieldsOtherExportersWrite() {
        OnnxMl.TensorProto f = OnnxMl.TensorProto.newBuilder().setName("f").setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                .addFloatData(0.25f).addFloatData(-2f).build();
        OnnxMl.TensorProto l = OnnxMl.TensorProto.newBuilder().setName("l").setDataType(OnnxMl.TensorProto.DataType.INT64.getNumber())
                .addInt64Data(-5).addInt64Data(1L << 40).build();
        OnnxMl.TensorProto i = OnnxMl.TensorProto.newBuilder().setName("i").setDataType(OnnxMl.TensorProto.DataType.INT32.getNumber())
                .addInt32Data(9).addInt32Data(-9).build();
        assertThat(Tensors.floats(f)).containsExactly(0.25f, -2f);
        assertThat(Tensors.longs(l)).containsExactly(-5L, 1L << 40);
        assertThat(Tensors.ints(i)).containsExactly(9, -9);
    }

    @Test
    void readingATensorOfAnotherTypeNamesItPlainly() {
        OnnxMl.TensorProto l = Tensors.ofLongs("shape", new long[] {1, 2}, 2);
        assertThatThrownBy(() -> Tensors.floats(l)).isInstanceOf(DanceLensException.class)
                .hasMessage("The constant shape is not float32.");
        assertThatThrownBy(() -> Tensors.longs(Tensors.ofFloats("w", new float[] {1f})))
                .isInstanceOf(DanceLensException.class).hasMessage("The constant w is not int64.");
        assertThatThrownBy(() -> Tensors.ints(l)).isInstanceOf(DanceLensException.class).hasMessage("The constant shape is not int32.");
    }

    @Test
    void attributesRoundTripThroughANode() {
        OnnxMl.TensorProto value = Tensors.ofFloats("zero", new float[] {0f}, 1);
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("group", 3);
        attrs.put("axis", -1L);
        attrs.put("alpha", 0.2);
        attrs.put("epsilon", 1e-5f);
        attrs.put("mode", "linear");
        attrs.put("pads", new long[] {0, 1, 2, 3});
        attrs.put("scales", new float[] {1f, 2.5f});
        attrs.put("value", value);
        GraphBuilder g = GraphBuilder.create("g");
        g.node("Op", "op", List.of("x"), List.of("y"), attrs);
        OnnxMl.NodeProto n = g.build().getNode(0);
        assertThat(n.getAttributeList()).extracting(OnnxMl.AttributeProto::getName)
                .containsExactly("group", "axis", "alpha", "epsilon", "mode", "pads", "scales", "value");
        assertThat(Attributes.getInt(n, "group", 1)).isEqualTo(3);
        assertThat(Attributes.getInt(n, "axis", 0)).isEqualTo(-1);
        assertThat(Attributes.getFloat(n, "alpha", 0f)).isEqualTo(0.2f);
        assertThat(Attributes.getFloat(n, "epsilon", 0f)).isEqualTo(1e-5f);
        assertThat(Attributes.getString(n, "mode", "nearest")).isEqualTo("linear");
        assertThat(Attributes.getInts(n, "pads", null)).containsExactly(0, 1, 2, 3);
        assertThat(Attributes.getFloats(n, "scales", null)).containsExactly(1f, 2.5f);
        assertThat(Attributes.find(n, "value").getT()).isEqualTo(value);
        assertThat(Attributes.find(n, "value").getType()).isEqualTo(OnnxMl.AttributeProto.AttributeType.TENSOR);
        assertThat(Attributes.find(n, "pads").getType()).isEqualTo(OnnxMl.AttributeProto.AttributeType.INTS);
    }

    @Test
    void absentAttributesGiveTheDefaultsAndOddValuesAreRefused() {
        OnnxMl.NodeProto n = OnnxMl.NodeProto.newBuilder().setOpType("Relu").build();
        assertThat(Attributes.find(n, "axis")).isNull();
        assertThat(Attributes.getInt(n, "axis", 7)).isEqualTo(7);
        assertThat(Attributes.getFloat(n, "alpha", 0.01f)).isEqualTo(0.01f);
        assertThat(Attributes.getString(n, "mode", "constant")).isEqualTo("constant");
        assertThat(Attributes.getInts(n, "perm", new long[] {1, 0})).containsExactly(1, 0);
        assertThat(Attributes.getFloats(n, "scales", new float[] {2f})).containsExactly(2f);
        assertThatThrownBy(() -> Attributes.of("x", new int[] {1})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void freshNamesAreUniqueAndAvoidEveryNameOfAnEditedGraph() {
        GraphBuilder b = GraphBuilder.create("g");
        assertThat(b.fresh("t")).isEqualTo("t");
        assertThat(b.fresh("t")).isEqualTo("t_1");
        assertThat(b.fresh("t")).isEqualTo("t_2");
        assertThat(b.fresh("t_1")).isEqualTo("t_1_1");
        b.node("Relu", "r", List.of("t"), List.of("y"), null);
        assertThat(b.fresh("y")).isEqualTo("y_1");

        OnnxMl.GraphProto existing = OnnxMl.GraphProto.newBuilder()
                .addInput(GraphBuilder.valueInfo("x"))
                .addInitializer(Tensors.ofFloats("w", new float[] {1f}))
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Mul").addInput("x").addInput("w").addOutput("m"))
                .addOutput(GraphBuilder.valueInfo("out")).build();
        GraphBuilder e = GraphBuilder.edit(existing);
        assertThat(List.of(e.fresh("x"), e.fresh("w"), e.fresh("m"), e.fresh("out"), e.fresh("new")))
                .containsExactly("x_1", "w_1", "m_1", "out_1", "new");
    }

    @Test
    void valueInfosNameOpenDimensions() {
        OnnxMl.ValueInfoProto v = GraphBuilder.valueInfo("features", OnnxMl.TensorProto.DataType.FLOAT, "batch", -1, 30, 68);
        OnnxMl.TensorShapeProto s = v.getType().getTensorType().getShape();
        assertThat(v.getType().getTensorType().getElemType()).isEqualTo(OnnxMl.TensorProto.DataType.FLOAT.getNumber());
        assertThat(s.getDim(0).getDimParam()).isEqualTo("batch");
        assertThat(s.getDim(1).getDimValue()).isEqualTo(30);
        assertThat(s.getDim(2).getDimValue()).isEqualTo(68);
        OnnxMl.TensorShapeProto unnamed = GraphBuilder.shape(null, -1, 4);
        assertThat(unnamed.getDim(0).hasDimParam() || unnamed.getDim(0).hasDimValue()).isFalse();
        assertThat(unnamed.getDim(1).getDimValue()).isEqualTo(4);
    }

    @Test
    void replacingANodeAndPruningDropsWhatNoOutputNeedsAnyMore() {
        GraphBuilder b = GraphBuilder.create("g");
        b.input(GraphBuilder.valueInfo("x", OnnxMl.TensorProto.DataType.FLOAT, null, 2));
        String w = b.initializer(Tensors.ofFloats("w", new float[] {2f, 3f}, 2));
        String bias = b.initializer(Tensors.ofFloats("b", new float[] {5f}));
        b.node("Mul", "mul", List.of("x", w), List.of("m"), null);
        b.node("Add", "add", List.of("m", bias), List.of("y"), null);
        b.output(GraphBuilder.valueInfo("y"));
        b.replaceNode(1, "Mul", "scaled", List.of("x", w), List.of("y"), Map.of("unused_attr", 1L));
        b.prune();
        OnnxMl.GraphProto g = b.build();
        assertThat(g.getNodeList()).extracting(OnnxMl.NodeProto::getName).containsExactly("scaled");
        assertThat(g.getNode(0).getInputList()).containsExactly("x", "w");
        assertThat(Attributes.getInt(g.getNode(0), "unused_attr", 0)).isEqualTo(1);
        assertThat(g.getInitializerList()).extracting(OnnxMl.TensorProto::getName).containsExactly("w");
    }

    @Test
    void aBuiltModelRunsAndComputesWhatItSays() {
        // y = relu(x * w + b) with w and b as initializers, x of shape [N, 3]
        GraphBuilder b = GraphBuilder.create("affine");
        b.input(GraphBuilder.valueInfo("x", OnnxMl.TensorProto.DataType.FLOAT, "N", -1, 3));
        String w = b.initializer(Tensors.ofFloats(b.fresh("w"), new float[] {2f, -1f, 0.5f}, 3));
        String bias = b.initializer(Tensors.ofFloats(b.fresh("b"), new float[] {1f}));
        String m = b.node("Mul", "mul", List.of("x", w), List.of(b.fresh("t")), null).get(0);
        String a = b.node("Add", "add", List.of(m, bias), List.of(b.fresh("t")), null).get(0);
        String y = b.node("Clip", "clip", List.of(a, b.initializer(Tensors.ofFloats(b.fresh("lo"), new float[] {0f}))),
                List.of("y"), null).get(0);
        b.output(GraphBuilder.valueInfo(y, OnnxMl.TensorProto.DataType.FLOAT, "N", -1, 3));
        OnnxMl.ModelProto model = b.model(17).build();
        assertThat(model.getIrVersion()).isEqualTo(GraphBuilder.IR_VERSION);
        assertThat(model.getOpsetImport(0).getVersion()).isEqualTo(17);
        assertThat(a).isEqualTo("t_1");
        BiFunction<Float, Float, Float> expected = (x, wk) -> Math.max(0f, x * wk + 1f);
        float[] x = {1f, 1f, 1f, -3f, 4f, 10f};
        float[] wv = {2f, -1f, 0.5f};
        try (OnnxModel om = OnnxModel.open(model.toByteArray(), "affine", OrtRuntime.Device.CPU, 1)) {
            float[] out = om.run(Map.of("x", TensorData.of(x, 2, 3))).get("y").floats();
            assertThat(out).hasSize(6);
            for (int k = 0; k < 6; k++) {
                assertThat(out[k]).as("element %d", k).isEqualTo(expected.apply(x[k], wv[k % 3]));
            }
        }
    }

    @Test
    void anOpTableKnowsItsRulesInOrderAndRefusesTwoRulesForOneOp() {
        OpTable<String> t = OpTable.of(f -> f.add("unary", "Relu", "Tanh"), f -> f.add("binary", "Add"));
        assertThat(t.get("Tanh")).isEqualTo("unary");
        assertThat(t.get("Add")).isEqualTo("binary");
        assertThat(t.get("Einsum")).isNull();
        assertThat(t.opTypes()).containsExactly("Relu", "Tanh", "Add");
        assertThatThrownBy(() -> OpTable.<String>of(f -> f.add("a", "Relu"), f -> f.add("b", "Relu")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Relu");
    }
}
