package org.dancelens.explain;

import ai.onnx.proto.OnnxMl;
import java.util.Map;
import org.dancelens.inference.graph.OpTable;

/**
 * The ONNX ops {@link GradientGraph} can differentiate: one table from op type to backward rule, filled by the op
 * families. To differentiate another op, add its rule to the family it belongs to (or a new family registered here).
 */
final class GradientRules {
    /** How one node passes the gradient of its output back to its inputs. */
    @FunctionalInterface
    interface Rule {
        /**
         * The gradients of the node's inputs that depend on the layers, by input position, in the order they are to
         * be added to what else reaches those inputs.
         *
         * @param dy the gradient of the node's first output (null for a rule that {@link #readsAllOutputs()})
         */
        Map<Integer, String> inputGradients(GradientContext c, OnnxMl.NodeProto.Builder n, String dy);

        /** Whether the rule reads the gradient of every output itself (ops of several outputs, such as Split). */
        default boolean readsAllOutputs() {
            return false;
        }
    }

    static final OpTable<Rule> RULES = OpTable.of(
            ConvolutionGradients::register,
            ActivationGradients::register,
            ElementwiseGradients::register,
            NormalizationGradients::register,
            ReductionGradients::register,
            ShapeGradients::register,
            MatrixGradients::register,
            IndexingGradients::register,
            ResizePadGradients::register);

    private GradientRules() {
    }
}
