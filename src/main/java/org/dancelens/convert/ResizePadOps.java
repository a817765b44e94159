package org.dancelens.convert;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dancelens.inference.graph.OpTable;

/** Padding (constant and mirror) and image resizing (bilinear, nearest neighbour); images stay NCHW. */
final class ResizePadOps {
    private ResizePadOps() {
    }

    static void register(OpTable<TfOps.Rule> t) {
        t.add(ResizePadOps::pad, "Pad", "PadV2", "MirrorPad");
        t.add(ResizePadOps::resize, "ResizeBilinear", "ResizeNearestNeighbor");
    }

    private static void pad(ImportContext c, TfjsGraphModel.Node n) {
        TfValue x = c.in(n, 0);
        int[] p = c.constIn(n, 1, "paddings").intValues();
        int r = x.rank();
        long[] shape = x.shape.clone();
        for (int d = 0; d < r; d++) {
            shape[d] = x.shape[d] < 0 ? -1 : x.shape[d] + p[2 * d] + p[2 * d + 1];
        }
        String mode = n.op().equals("MirrorPad") ? n.attrString("mode", "REFLECT").toLowerCase(Locale.ROOT) : "constant";
        if (mode.equals("symmetric")) {
            throw c.fail("uses symmetric mirror padding");
        }
        List<String> inputs = new ArrayList<>();
        boolean nchw = x.rank() == 4 && (x.nchw || x.konst == null);
        long[] pads = new long[2 * r];
        int[] perm = nchw ? new int[] {0, 3, 1, 2} : null;
        for (int d = 0; d < r; d++) {
            int src = nchw ? perm[d] : d;
            pads[d] = p[2 * src];
            pads[d + r] = p[2 * src + 1];
        }
        inputs.add(nchw ? c.asNchw(x) : c.asNative(x));
        inputs.add(c.int64Vector(n.name() + "/pads", pads));
        if (n.op().equals("PadV2")) {
            inputs.add(c.materialize(c.in(n, 2)));
        }
        String y = c.node1("Pad", n.name(), inputs, Map.of("mode", mode.equals("reflect") ? "reflect" : "constant"));
        c.put(n, 0, TfValue.computed(y, shape, x.dtype, nchw));
    }

    private static void resize(ImportContext c, TfjsGraphModel.Node n) {
        TfValue x = c.in(n, 0);
        c.checkStatic(x.shape, "input");
        int[] size = c.constIn(n, 1, "size").intValues();
        boolean align = n.attrBool("align_corners", false);
        boolean half = n.attrBool("half_pixel_centers", false);
        Map<String, Object> attrs = new LinkedHashMap<>();
        boolean bilinear = n.op().equals("ResizeBilinear");
        attrs.put("mode", bilinear ? "linear" : "nearest");
        attrs.put("coordinate_transformation_mode", align ? "align_corners" : half ? (bilinear ? "half_pixel" : "tf_half_pixel_for_nn") : "asymmetric");
        if (!bilinear) {
            attrs.put("nearest_mode", align ? "round_prefer_ceil" : half ? "round_prefer_ceil" : "floor");
        }
        String sizes = c.int64Vector(n.name() + "/sizes", x.shape[0], x.shape[3], size[0], size[1]);
        String roi = "";
        String scales = "";
        String y = c.node1("Resize", n.name(), List.of(c.asNchw(x), roi, scales, sizes), attrs);
        c.put(n, 0, TfValue.computed(y, new long[] {x.shape[0], size[0], size[1], x.shape[3]}, TfTensor.DType.FLOAT, true));
    }
}
