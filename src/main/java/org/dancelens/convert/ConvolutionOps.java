package org.dancelens.convert;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dancelens.inference.graph.OpTable;

/**
 * Convolutions (plain, depthwise, fused with bias and activation, transposed) and pooling: NHWC TensorFlow ops as
 * NCHW ONNX ops, filters transposed once at conversion; the result stays NCHW.
 */
final class ConvolutionOps {
    private ConvolutionOps() {
    }

    static void register(OpTable<TfOps.Rule> t) {
        t.add((c, n) -> conv(c, n, false), "_FusedConv2D", "Conv2D");
        t.add((c, n) -> conv(c, n, true), "FusedDepthwiseConv2dNative", "DepthwiseConv2dNative");
        t.add(ConvolutionOps::convTranspose, "Conv2DBackpropInput");
        t.add(ConvolutionOps::pool, "MaxPool", "AvgPool");
    }

    /** TF SAME/VALID/EXPLICIT padding for one spatial dimension: {before, after, output size}. */
    private static long[] padding(ImportContext c, String mode, long in, long k, long stride, long dilation, long[] explicit, int dim) {
        long eff = (k - 1) * dilation + 1;
        return switch (mode) {
            case "VALID" -> new long[] {0, 0, (in - eff) / stride + 1};
            case "SAME" -> {
                long out = (in + stride - 1) / stride;
                long total = Math.max((out - 1) * stride + eff - in, 0);
                yield new long[] {total / 2, total - total / 2, out};
            }
            case "EXPLICIT" -> {
                long b = explicit[2 * dim];
                long a = explicit[2 * dim + 1];
                yield new long[] {b, a, (in + b + a - eff) / stride + 1};
            }
            default -> throw c.fail("uses the padding mode " + mode);
        };
    }

    private static void conv(ImportContext c, TfjsGraphModel.Node n, boolean depthwise) {
        TfValue x = c.in(n, 0);
        TfTensor filter = c.constIn(n, 1, "filter");
        if (!"NHWC".equals(n.attrString("data_format", "NHWC"))) {
            throw c.fail("uses data format " + n.attrString("data_format", "") + " (only NHWC is supported)");
        }
        c.checkStatic(x.shape, "input");
        long[] strides = n.attrInts("strides");
        long[] dil = n.attrInts("dilations");
        if (dil.length == 0) {
            dil = new long[] {1, 1, 1, 1};
        }
        String mode = n.attrString("padding", "VALID");
        long[] explicit = n.attrInts("explicit_paddings");
        long[] fs = filter.shape(); // HWIO or HW(C)(M)
        long kh = fs[0];
        long kw = fs[1];
        long[] ph = padding(c, mode, x.shape[1], kh, strides[1], dil[1], explicit, 1);
        long[] pw = padding(c, mode, x.shape[2], kw, strides[2], dil[2], explicit, 2);
        TfTensor w;
        long outC;
        long group = 1;
        if (depthwise) {
            long ch = fs[2];
            long m = fs[3];
            // [H, W, C, M] -> [C*M, 1, H, W]
            w = ConstFold.transpose(filter, new int[] {2, 3, 0, 1}).reshape(new long[] {ch * m, 1, kh, kw});
            outC = ch * m;
            group = ch;
        } else {
            w = ConstFold.transpose(filter, new int[] {3, 2, 0, 1}); // HWIO -> OIHW
            outC = fs[3];
        }
        List<String> inputs = new ArrayList<>();
        inputs.add(c.asNchw(x));
        inputs.add(c.constant(n.name() + "/weights", w));
        List<String> fused = n.attrStrings("fused_ops");
        int extra = 2;
        if (fused.contains("BiasAdd")) {
            TfTensor bias = c.constIn(n, extra++, "bias");
            inputs.add(c.constant(n.name() + "/bias", bias));
        } else if (fused.contains("FusedBatchNorm")) {
            throw c.fail("fuses FusedBatchNorm, which the importer does not support");
        }
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("kernel_shape", new long[] {kh, kw});
        attrs.put("strides", new long[] {strides[1], strides[2]});
        attrs.put("dilations", new long[] {dil[1], dil[2]});
        attrs.put("pads", new long[] {ph[0], pw[0], ph[1], pw[1]});
        attrs.put("group", group);
        String y = c.node1("Conv", n.name(), inputs, attrs);
        for (String f : fused) {
            switch (f) {
                case "BiasAdd" -> {
                }
                case "Relu" -> y = c.node1("Relu", n.name() + "/Relu", List.of(y), null);
                case "Relu6" -> y = c.clip06(n.name() + "/Relu6", y);
                case "Elu" -> y = c.node1("Elu", n.name() + "/Elu", List.of(y), null);
                case "LeakyRelu" -> y = c.node1("LeakyRelu", n.name() + "/LeakyRelu", List.of(y),
                        Map.of("alpha", n.attrFloat("leakyrelu_alpha", 0.2)));
                case "Prelu" -> {
                    TfTensor alpha = c.constIn(n, extra++, "PReLU slope");
                    String a = c.constant(n.name() + "/prelu_alpha", alpha.reshape(new long[] {alpha.size(), 1, 1}));
                    y = c.node1("PRelu", n.name() + "/Prelu", List.of(y, a), null);
                }
                case "Sigmoid" -> y = c.node1("Sigmoid", n.name() + "/Sigmoid", List.of(y), null);
                case "Tanh" -> y = c.node1("Tanh", n.name() + "/Tanh", List.of(y), null);
                default -> throw c.fail("fuses " + f + ", which the importer does not support");
            }
        }
        c.put(n, 0, TfValue.computed(y, new long[] {x.shape[0], ph[2], pw[2], outC}, TfTensor.DType.FLOAT, true));
    }

    private static void convTranspose(ImportContext c, TfjsGraphModel.Node n) {
        TfTensor outShape = c.constIn(n, 0, "output shape");
        TfTensor filter = c.constIn(n, 1, "filter"); // [H, W, Cout, Cin]
        TfValue x = c.in(n, 2);
        c.checkStatic(x.shape, "input");
        long[] strides = n.attrInts("strides");
        String mode = n.attrString("padding", "VALID");
        int[] os = outShape.intValues();
        long[] fs = filter.shape();
        long kh = fs[0];
        long kw = fs[1];
        long[] pads = new long[4];
        long[] outPad = new long[2];
        for (int d = 0; d < 2; d++) {
            long in = x.shape[1 + d];
            long s = strides[1 + d];
            long k = d == 0 ? kh : kw;
            long out = os[1 + d];
            long full = s * (in - 1) + k;
            long total = full - out;
            if (mode.equals("VALID") && total < 0) {
                outPad[d] = -total;
                total = 0;
            }
            if (total < 0) {
                outPad[d] = -total;
                total = 0;
            }
            pads[d] = total / 2;
            pads[d + 2] = total - total / 2;
        }
        TfTensor w = ConstFold.transpose(filter, new int[] {3, 2, 0, 1}); // [Cin, Cout, H, W]
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("kernel_shape", new long[] {kh, kw});
        attrs.put("strides", new long[] {strides[1], strides[2]});
        attrs.put("pads", pads);
        if (outPad[0] != 0 || outPad[1] != 0) {
            attrs.put("output_padding", outPad);
        }
        String y = c.node1("ConvTranspose", n.name(), List.of(c.asNchw(x), c.constant(n.name() + "/weights", w)), attrs);
        c.put(n, 0, TfValue.computed(y, new long[] {x.shape[0], os[1], os[2], fs[2]}, TfTensor.DType.FLOAT, true));
    }

    private static void pool(ImportContext c, TfjsGraphModel.Node n) {
        TfValue x = c.in(n, 0);
        c.checkStatic(x.shape, "input");
        long[] k = n.attrInts("ksize");
        long[] s = n.attrInts("strides");
        String mode = n.attrString("padding", "VALID");
        long[] ph = padding(c, mode, x.shape[1], k[1], s[1], 1, new long[8], 1);
        long[] pw = padding(c, mode, x.shape[2], k[2], s[2], 1, new long[8], 2);
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("kernel_shape", new long[] {k[1], k[2]});
        attrs.put("strides", new long[] {s[1], s[2]});
        attrs.put("pads", new long[] {ph[0], pw[0], ph[1], pw[1]});
        String op = n.op().equals("MaxPool") ? "MaxPool" : "AveragePool";
        if (op.equals("AveragePool") && ph[2] == 1 && pw[2] == 1 && k[1] == x.shape[1] && k[2] == x.shape[2]
                && ph[0] + ph[1] + pw[0] + pw[1] == 0) {
            // A window over the whole unpadded picture (the squeeze-and-excitation blocks of selfie segmentation)
            // is a mean over H and W. ReduceMean, not AveragePool or GlobalAveragePool: ONNX Runtime's pooling
            // kernels round that float32 sum of a convolution's output ~6x further from the exact mean than its
            // ReduceMean does (TfjsImporterTest), and TF.js's CPU backend sums in double. Measured on frame 576 of vtest.avi: the
            // error at selfie segmentation's first such pool fell from 1.6e-6 to 2.4e-7, that of the final mask
            // (the sigmoids after these pools scale whole feature maps) from 2.3e-4 to 3.6e-5.
            String y = c.node1("ReduceMean", n.name(), List.of(c.asNchw(x)), Map.of("axes", new long[] {2, 3}, "keepdims", 1L));
            c.put(n, 0, TfValue.computed(y, new long[] {x.shape[0], 1, 1, x.shape[3]}, TfTensor.DType.FLOAT, true));
            return;
        }
        if (op.equals("AveragePool")) {
            attrs.put("count_include_pad", 0L); // TF averages over the valid elements only
        }
        String y = c.node1(op, n.name(), List.of(c.asNchw(x)), attrs);
        c.put(n, 0, TfValue.computed(y, new long[] {x.shape[0], ph[2], pw[2], x.shape[3]}, TfTensor.DType.FLOAT, true));
    }
}
