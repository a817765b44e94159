package org.dancelens.explain;

import ai.onnx.proto.OnnxMl;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dancelens.inference.graph.Attributes;
import org.dancelens.inference.graph.OpTable;

/**
 * Backward rules of convolutions and pooling: the input gradient of a convolution as a transposed convolution (or,
 * faster, a convolution with flipped weights), average pooling as a scaled transposed convolution, max pooling as a
 * scatter of the gradient to the arg-max positions, and the global poolings.
 */
final class ConvolutionGradients {
    private ConvolutionGradients() {
    }

    static void register(OpTable<GradientRules.Rule> t) {
        t.add(ConvolutionGradients::conv, "Conv");
        t.add(ConvolutionGradients::averagePool, "AveragePool");
        t.add(ConvolutionGradients::maxPool, "MaxPool");
        t.add(ConvolutionGradients::globalAveragePool, "GlobalAveragePool");
        t.add((c, n, dy) -> {
            String x = n.getInput(0);
            return Map.of(0, c.op("Where", c.op("Equal", x, n.getOutput(0)), c.op("Expand", dy, c.op("Shape", x)), c.zero()));
        }, "GlobalMaxPool");
    }

    private static Map<Integer, String> conv(GradientContext c, OnnxMl.NodeProto.Builder n, String dy) {
        c.onlyFirstActive(n);
        String x = n.getInput(0);
        long[] xs = c.shape(x);
        long[] ws = c.shape(n.getInput(1));
        int sp = xs.length - 2;
        long[] kernel = Arrays.copyOfRange(ws, 2, ws.length);
        Window w = window(n, xs, c.shape(n.getOutput(0)), kernel);
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("strides", w.strides);
        attrs.put("dilations", w.dilations);
        attrs.put("pads", w.pads);
        attrs.put("output_padding", w.outputPadding);
        attrs.put("group", Attributes.getInt(n, "group", 1));
        if (sp < 1) {
            throw c.unsupported(n, "no spatial axes");
        }
        String asConv = convGradientAsConv(c, n, w, ws, dy);
        return Map.of(0, asConv != null ? asConv : c.op("ConvTranspose", List.of(dy, n.getInput(1)), attrs));
    }

    private static Map<Integer, String> averagePool(GradientContext c, OnnxMl.NodeProto.Builder n, String dy) {
        long[] xs = c.shape(n.getInput(0));
        long[] ys = c.shape(n.getOutput(0));
        if (xs.length != 4) {
            throw c.unsupported(n, "only 2-D pooling is differentiated");
        }
        long[] kernel = Attributes.getInts(n, "kernel_shape", null);
        Window w = window(n, xs, ys, kernel);
        if (w.dilations[0] != 1 || w.dilations[1] != 1) {
            throw c.unsupported(n, "dilated pooling");
        }
        boolean includePad = Attributes.getInt(n, "count_include_pad", 0) != 0;
        int oh = (int) ys[2];
        int ow = (int) ys[3];
        float[] inv = new float[oh * ow];
        for (int i = 0; i < oh; i++) {
            long rows = overlap(i * w.strides[0] - w.padsIn[0], kernel[0], includePad ? -w.padsIn[0] : 0,
                    includePad ? xs[2] + w.padsIn[2] : xs[2]);
            for (int j = 0; j < ow; j++) {
                long cols = overlap(j * w.strides[1] - w.padsIn[1], kernel[1], includePad ? -w.padsIn[1] : 0,
                        includePad ? xs[3] + w.padsIn[3] : xs[3]);
                inv[i * ow + j] = rows * cols > 0 ? 1f / (rows * cols) : 0f;
            }
        }
        long ch = xs[1];
        float[] ones = new float[(int) (ch * kernel[0] * kernel[1])];
        Arrays.fill(ones, 1f);
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("strides", w.strides);
        attrs.put("pads", w.pads);
        attrs.put("output_padding", w.outputPadding);
        attrs.put("group", ch);
        String scaled = c.op("Mul", dy, c.floats(inv, 1, 1, oh, ow));
        return Map.of(0, c.op("ConvTranspose", List.of(scaled, c.floats(ones, ch, 1, kernel[0], kernel[1])), attrs));
    }

    private static Map<Integer, String> maxPool(GradientContext c, OnnxMl.NodeProto.Builder n, String dy) {
        if (c.opset() < 16) {
            throw c.unsupported(n, "the model's ONNX opset " + c.opset() + " is older than 16, which scatter-add needs");
        }
        if (Attributes.getInt(n, "storage_order", 0) != 0) {
            throw c.unsupported(n, "column-major indices");
        }
        String x = n.getInput(0);
        String indices;
        if (n.getOutputCount() > 1 && !n.getOutput(1).isEmpty()) {
            indices = n.getOutput(1);
        } else {
            // the forward node is made to return its arg-max indices too
            indices = c.fresh();
            if (n.getOutputCount() > 1) {
                n.setOutput(1, indices);
            } else {
                n.addOutput(indices);
            }
        }
        String flat = c.int64(-1L);
        String zeros = c.zeros(c.op("Shape", c.op("Reshape", x, flat)));
        String scattered = c.op("ScatterElements", List.of(zeros, c.op("Reshape", indices, flat), c.op("Reshape", dy, flat)),
                Map.of("axis", 0L, "reduction", "add"));
        return Map.of(0, c.op("Reshape", scattered, c.op("Shape", x)));
    }

    private static Map<Integer, String> globalAveragePool(GradientContext c, OnnxMl.NodeProto.Builder n, String dy) {
        String x = n.getInput(0);
        long[] xs = c.shape(x);
        long area = 1;
        for (int k = 2; k < xs.length; k++) {
            area *= xs[k];
        }
        return Map.of(0, c.op("Expand", c.op("Mul", dy, c.scalar(1f / area)), c.op("Shape", x)));
    }

    /**
     * The input gradient of a stride-1 convolution with constant weights as a plain convolution of {@code dy} with
     * the weights flipped in space and transposed per group ("full" padding): the same numbers as ConvTranspose,
     * but ONNX Runtime's Conv kernels (blocked layouts, depthwise kernels) are several times faster than its
     * ConvTranspose, above all for depthwise convolutions. Null when it does not apply (strides, weights computed
     * at run time, or a padding wider than the kernel).
     */
    private static String convGradientAsConv(GradientContext c, OnnxMl.NodeProto.Builder n, Window w, long[] ws, String dy) {
        int sp = ws.length - 2;
        for (int k = 0; k < sp; k++) {
            long eff = (ws[k + 2] - 1) * w.dilations[k] + 1;
            if (w.strides[k] != 1 || w.outputPadding[k] != 0 || w.padsIn[k] > eff - 1 || w.padsIn[k + sp] > eff - 1
                    || w.pads[k + sp] != w.padsIn[k + sp]) {
                return null;
            }
        }
        float[] wt;
        if (c.model().initializerFloats(n.getInput(1)).isPresent()) {
            wt = c.model().initializerFloats(n.getInput(1)).get();
        } else {
            return null;
        }
        int group = (int) Attributes.getInt(n, "group", 1);
        int m = (int) ws[0];
        int cg = (int) ws[1];
        int mg = m / group;
        int kernel = 1;
        for (int k = 0; k < sp; k++) {
            kernel *= (int) ws[k + 2];
        }
        // W'[g*cg + c, j, flip(p)] = W[g*mg + j, c, p]
        float[] flipped = new float[wt.length];
        for (int g = 0; g < group; g++) {
            for (int j = 0; j < mg; j++) {
                for (int ci = 0; ci < cg; ci++) {
                    int src = ((g * mg + j) * cg + ci) * kernel;
                    int dst = ((g * cg + ci) * mg + j) * kernel;
                    for (int p = 0; p < kernel; p++) {
                        flipped[dst + (kernel - 1 - p)] = wt[src + p]; // reversing the flat index flips every spatial axis
                    }
                }
            }
        }
        long[] shape = new long[ws.length];
        shape[0] = (long) group * cg;
        shape[1] = mg;
        System.arraycopy(ws, 2, shape, 2, sp);
        long[] pads = new long[2 * sp];
        for (int k = 0; k < sp; k++) {
            long eff = (ws[k + 2] - 1) * w.dilations[k] + 1;
            pads[k] = eff - 1 - w.padsIn[k];
            pads[k + sp] = eff - 1 - w.padsIn[k + sp];
        }
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("dilations", w.dilations);
        attrs.put("pads", pads);
        attrs.put("group", (long) group);
        return c.op("Conv", List.of(dy, c.floats(flipped, shape)), attrs);
    }

    /** Strides, dilations, explicit pads and the output padding that makes ConvTranspose give back the input shape. */
    private record Window(long[] strides, long[] dilations, long[] padsIn, long[] pads, long[] outputPadding) {
    }

    private static Window window(OnnxMl.NodeProto.Builder n, long[] xs, long[] ys, long[] kernel) {
        int sp = xs.length - 2;
        long[] strides = Attributes.getInts(n, "strides", ones(sp));
        long[] dil = Attributes.getInts(n, "dilations", ones(sp));
        long[] pads = Attributes.getInts(n, "pads", new long[2 * sp]);
        String auto = Attributes.getString(n, "auto_pad", "NOTSET");
        for (int k = 0; k < sp; k++) {
            long eff = (kernel[k] - 1) * dil[k] + 1;
            if (auto.startsWith("SAME")) {
                long total = Math.max(0, (ys[k + 2] - 1) * strides[k] + eff - xs[k + 2]);
                long small = total / 2;
                pads[k] = auto.equals("SAME_UPPER") ? small : total - small;
                pads[k + sp] = total - pads[k];
            } else if (auto.equals("VALID")) {
                pads[k] = 0;
                pads[k + sp] = 0;
            }
        }
        long[] padsIn = pads.clone();
        long[] outPad = new long[sp];
        for (int k = 0; k < sp; k++) {
            long eff = (kernel[k] - 1) * dil[k] + 1;
            long full = strides[k] * (ys[k + 2] - 1) + eff - pads[k] - pads[k + sp];
            long diff = xs[k + 2] - full;
            if (diff >= 0) {
                outPad[k] = diff;
            } else {
                pads[k + sp] += -diff; // windows past the end (ceil mode): crop them away
            }
        }
        return new Window(strides, dil, padsIn, pads, outPad);
    }

    private static long overlap(long start, long len, long lo, long hi) {
        return Math.max(0, Math.min(start + len, hi) - Math.max(start, lo));
    }

    private static long[] ones(int n) {
        long[] o = new long[n];
        Arrays.fill(o, 1);
        return o;
    }
}
