package org.dancelens.convert;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dancelens.inference.graph.OpTable;

/**
 * Element-wise ops of two or more operands with broadcasting: arithmetic, comparisons, logic and selection. Computed
 * in NCHW when the image operands are NCHW; folded when every operand is a constant.
 */
final class ElementwiseOps {
    private ElementwiseOps() {
    }

    static void register(OpTable<TfOps.Rule> t) {
        t.add(ElementwiseOps::binary, "Add", "AddV2", "Sub", "Mul", "RealDiv", "Maximum", "Minimum", "Pow",
                "Less", "LessEqual", "Greater", "GreaterEqual", "Equal", "NotEqual", "LogicalAnd", "LogicalOr");
        t.add(ElementwiseOps::floorDiv, "FloorDiv");
        t.add(ElementwiseOps::squaredDifference, "SquaredDifference");
        t.add(ElementwiseOps::addN, "AddN");
        t.add(ElementwiseOps::select, "Select", "SelectV2");
    }

    private static String onnxBinary(String tf) {
        return switch (tf) {
            case "Add", "AddV2" -> "Add";
            case "Sub" -> "Sub";
            case "Mul" -> "Mul";
            case "RealDiv" -> "Div";
            case "Maximum" -> "Max";
            case "Minimum" -> "Min";
            case "Pow" -> "Pow";
            case "Less" -> "Less";
            case "LessEqual" -> "LessOrEqual";
            case "Greater" -> "Greater";
            case "GreaterEqual" -> "GreaterOrEqual";
            case "Equal" -> "Equal";
            case "LogicalAnd" -> "And";
            case "LogicalOr" -> "Or";
            default -> null;
        };
    }

    private static boolean isComparison(String tf) {
        return switch (tf) {
            case "Less", "LessEqual", "Greater", "GreaterEqual", "Equal", "NotEqual", "LogicalAnd", "LogicalOr" -> true;
            default -> false;
        };
    }

    /** Element-wise op over several operands, in NCHW when the image operands are NCHW. */
    private static TfValue elementwise(ImportContext c, String onnxOp, String name, List<TfValue> operands, TfTensor.DType outType) {
        long[] shape = operands.get(0).shape;
        for (int k = 1; k < operands.size(); k++) {
            shape = ConstFold.broadcast(shape, operands.get(k).shape);
        }
        boolean anyNchw = false;
        boolean allOk = shape.length == 4;
        for (TfValue v : operands) {
            anyNchw |= v.nchw;
            if (!(v.nchw || v.isConstant())) {
                allOk = false;
            }
        }
        boolean nchw = anyNchw && allOk;
        List<String> inputs = new ArrayList<>();
        for (TfValue v : operands) {
            if (nchw) {
                inputs.add(v.nchw ? v.name : c.constForNchw(v.konst));
            } else {
                inputs.add(c.asNative(v));
            }
        }
        String y = c.node1(onnxOp, name, inputs, null);
        return TfValue.computed(y, shape, outType, nchw);
    }

    private static void binary(ImportContext c, TfjsGraphModel.Node n) {
        TfValue a = c.in(n, 0);
        TfValue b = c.in(n, 1);
        if (a.isConstant() && b.isConstant()) {
            TfTensor r = ConstFold.binary(n.op(), a.konst, b.konst);
            if (r != null) {
                c.put(n, 0, TfValue.of(r));
                return;
            }
        }
        TfTensor.DType out = isComparison(n.op()) ? TfTensor.DType.BOOL : a.dtype;
        if (n.op().equals("NotEqual")) {
            TfValue eq = elementwise(c, "Equal", n.name() + "/Equal", List.of(a, b), TfTensor.DType.BOOL);
            String y = c.node1("Not", n.name(), List.of(eq.name), null);
            c.put(n, 0, TfValue.computed(y, eq.shape, TfTensor.DType.BOOL, eq.nchw));
            return;
        }
        c.put(n, 0, elementwise(c, onnxBinary(n.op()), n.name(), List.of(a, b), out));
    }

    private static void floorDiv(ImportContext c, TfjsGraphModel.Node n) {
        TfValue a = c.in(n, 0);
        TfValue b = c.in(n, 1);
        if (a.isConstant() && b.isConstant()) {
            c.put(n, 0, TfValue.of(ConstFold.binary("FloorDiv", a.konst, b.konst)));
            return;
        }
        // Integer Div in ONNX truncates towards zero; TensorFlow floors. Divide in float and floor.
        TfValue af = a.dtype == TfTensor.DType.FLOAT ? a : c.castVal(a, TfTensor.DType.FLOAT, n.name() + "/a_float");
        TfValue bf = b.dtype == TfTensor.DType.FLOAT ? b : c.castVal(b, TfTensor.DType.FLOAT, n.name() + "/b_float");
        TfValue q = elementwise(c, "Div", n.name() + "/div", List.of(af, bf), TfTensor.DType.FLOAT);
        String f = c.node1("Floor", n.name() + "/floor", List.of(q.name), null);
        TfValue r = TfValue.computed(f, q.shape, TfTensor.DType.FLOAT, q.nchw);
        c.put(n, 0, a.dtype == TfTensor.DType.FLOAT ? r : c.castVal(r, a.dtype, n.name()));
    }

    private static void squaredDifference(ImportContext c, TfjsGraphModel.Node n) {
        TfValue d = elementwise(c, "Sub", n.name() + "/sub", List.of(c.in(n, 0), c.in(n, 1)), c.in(n, 0).dtype);
        String y = c.node1("Mul", n.name(), List.of(d.name, d.name), null);
        c.put(n, 0, TfValue.computed(y, d.shape, d.dtype, d.nchw));
    }

    private static void addN(ImportContext c, TfjsGraphModel.Node n) {
        List<TfValue> ops = new ArrayList<>();
        for (int k = 0; k < n.inputs().size(); k++) {
            ops.add(c.in(n, k));
        }
        c.put(n, 0, elementwise(c, "Sum", n.name(), ops, ops.get(0).dtype));
    }

    private static void select(ImportContext c, TfjsGraphModel.Node n) {
        TfValue cond = c.in(n, 0);
        TfValue a = c.in(n, 1);
        TfValue b = c.in(n, 2);
        if (n.op().equals("Select") && cond.rank() == 1 && a.rank() > 1) {
            // TF1 Select with a vector condition picks whole rows: make it broadcast.
            long[] s = new long[a.rank()];
            Arrays.fill(s, 1);
            s[0] = cond.shape[0];
            String cr = c.node1("Reshape", n.name() + "/cond", List.of(c.asNative(cond), c.int64Vector(n.name() + "/cond_shape", s)), null);
            cond = TfValue.computed(cr, s, cond.dtype, false);
        }
        c.put(n, 0, elementwise(c, "Where", n.name(), List.of(cond, a, b), a.dtype));
    }
}
