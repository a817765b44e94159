package org.dancelens.convert;

import org.dancelens.inference.graph.OpTable;

/**
 * The TensorFlow ops the importer converts: one table from op type to rule, filled by the op families. To support
 * another op, add its rule to the family it belongs to (or a new family registered here).
 */
final class TfOps {
    /** Converts one TensorFlow node: reads its inputs from the context, emits ONNX nodes, puts its outputs. */
    @FunctionalInterface
    interface Rule {
        void convert(ImportContext c, TfjsGraphModel.Node n);
    }

    static final OpTable<Rule> RULES = OpTable.of(
            GraphOps::register,
            ConvolutionOps::register,
            ElementwiseOps::register,
            ActivationOps::register,
            ShapeOps::register,
            IndexingOps::register,
            ReductionOps::register,
            ResizePadOps::register);

    private TfOps() {
    }
}
