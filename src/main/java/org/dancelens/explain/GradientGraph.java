package org.dancelens.explain;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dancelens.core.DanceLensException;
import org.dancelens.inference.OnnxGraph;
import org.dancelens.inference.graph.GraphBuilder;

/**
 * Reverse-mode differentiation written as ONNX nodes appended to a model, so that one ONNX Runtime run returns both
 * the activations of chosen layers and the gradients of a score with respect to them.
 *
 * <p>The edited model has one more input, {@link #seedInput()}, shaped like the score tensor {@code Y} (for a
 * classifier {@code [N, K]}; a one-hot row selects the class), and returns, for every layer {@code L}, the tensor
 * {@code L} itself and {@link #gradientOf(String) dL} = d(sum(Y * dY)) / dL, shaped like {@code L}. Only tensors that
 * depend on a chosen layer carry gradients; constants, initializers and weights get none. Shapes needed by the
 * backward ops are learned once with {@link OnnxGraph#probeShapes}; the batch size may still change at run time.
 *
 * <p>This class walks the model backwards from the score; how each operator passes a gradient on is its rule in the
 * file of its op family, registered in {@link GradientRules}, working on the shared state in {@link GradientContext}.
 */
public final class GradientGraph {
    /** Operators this class can differentiate (each has a rule in one op-family class, see {@link GradientRules}). */
    public static final List<String> SUPPORTED_OPS = GradientRules.RULES.opTypes();

    private final OnnxGraph graph;
    private final String seed;
    private final String score;
    private final Map<String, String> gradients;

    private GradientGraph(OnnxGraph graph, String seed, String score, Map<String, String> gradients) {
        this.graph = graph;
        this.seed = seed;
        this.score = score;
        this.gradients = gradients;
    }

    /** The edited model: the original outputs, then each layer, then each layer's gradient. */
    public OnnxGraph graph() {
        return graph;
    }

    /** The name of the added input {@code dY}, shaped like the score tensor. */
    public String seedInput() {
        return seed;
    }

    /** The score tensor {@code Y} (also a graph output of the edited model). */
    public String scoreOutput() {
        return score;
    }

    public List<String> layers() {
        return List.copyOf(gradients.keySet());
    }

    /** The graph output holding d(sum(Y * dY)) / d{@code layer}. */
    public String gradientOf(String layer) {
        String g = gradients.get(layer);
        if (g == null) {
            throw new IllegalArgumentException("no gradient for " + layer);
        }
        return g;
    }

    /** Builds the gradient graph, learning shapes with one run at the given input shapes (open dimensions as 1). */
    public static GradientGraph build(OnnxGraph model, List<String> layers, String scoreTensor, Map<String, long[]> inputShapes) {
        return buildWithShapes(model, layers, scoreTensor, model.probeShapes(inputShapes));
    }

    /** Builds the gradient graph with shapes already learned by {@link OnnxGraph#probeShapes}. */
    public static GradientGraph buildWithShapes(OnnxGraph model, List<String> layers, String scoreTensor,
            Map<String, OnnxGraph.Value> shapes) {
        String y = scoreTensor;
        if (layers.isEmpty()) {
            throw DanceLensException.badInput("Choose at least one layer of " + model.label() + " to explain.");
        }
        OnnxGraph.Value yv = shapes.get(y);
        if (yv == null || !yv.isFloat()) {
            throw DanceLensException.badInput("The model " + model.label() + " has no float tensor named " + y + " to explain.");
        }
        for (String l : layers) {
            OnnxGraph.Value v = shapes.get(l);
            if (v == null || !v.isFloat()) {
                throw DanceLensException.badInput("The model " + model.label() + " has no float tensor named " + l + " to explain.");
            }
        }
        GradientContext c = new GradientContext(model, shapes, layers, y);
        // Tensors the score depends on (c knows those that depend on a layer).
        Set<String> needed = new HashSet<>(List.of(y));
        for (int k = c.forwardCount() - 1; k >= 0; k--) {
            OnnxMl.NodeProto.Builder n = c.forward(k);
            if (n.getOutputList().stream().anyMatch(needed::contains)) {
                needed.addAll(n.getInputList());
            }
        }
        for (String l : layers) {
            if (!needed.contains(l) || !c.isActive(y)) {
                throw DanceLensException.badInput("The score " + y + " of " + model.label() + " does not depend on the layer " + l + ".");
            }
        }
        String seed = GradientContext.PREFIX + "dY";
        c.addGradient(y, seed);
        for (int k = c.forwardCount() - 1; k >= 0; k--) {
            OnnxMl.NodeProto.Builder n = c.forward(k);
            String out = n.getOutput(0);
            if (!c.isActive(out) || n.getOutputList().stream().noneMatch(needed::contains)
                    || n.getInputList().stream().noneMatch(c::isActive)) {
                continue;
            }
            GradientRules.Rule rule = GradientRules.RULES.get(n.getOpType());
            Map<Integer, String> dx;
            if (rule != null && rule.readsAllOutputs()) {
                if (n.getOutputList().stream().noneMatch(c::hasGradient)) {
                    continue;
                }
                dx = rule.inputGradients(c, n, null);
            } else {
                for (int o = 1; o < n.getOutputCount(); o++) {
                    if (c.hasGradient(n.getOutput(o))) {
                        throw c.unsupported(n, "its output " + n.getOutput(o) + " is used on the way to the score");
                    }
                }
                if (!c.hasGradient(out)) {
                    continue;
                }
                if (rule == null) {
                    throw c.unsupported(n, null);
                }
                dx = rule.inputGradients(c, n, c.gradientOf(out));
            }
            for (Map.Entry<Integer, String> e : dx.entrySet()) {
                c.addGradient(n.getInput(e.getKey()), e.getValue());
            }
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (String l : layers) {
            String d = c.gradientOf(l);
            if (d == null) {
                throw DanceLensException.badInput("The score " + y + " of " + model.label() + " does not depend on the layer " + l + ".");
            }
            String name = GradientContext.PREFIX + "of_" + l; // never one of the generated names (digits, or "c" + digits for scalars)
            c.emit("Identity", List.of(d), name, Map.of());
            result.put(l, name);
        }
        long[] seedShape = yv.shape().clone();
        seedShape[0] = -1;
        c.graph().input(GraphBuilder.valueInfo(seed, OnnxMl.TensorProto.DataType.FLOAT, "N", seedShape));
        OnnxGraph edited = OnnxGraph.of(model.model().toBuilder().setGraph(c.graph().build()).build(), model.label());
        List<String> outs = new ArrayList<>();
        outs.add(y);
        layers.stream().filter(l -> !model.inputNames().contains(l)).forEach(outs::add);
        outs.addAll(result.values());
        return new GradientGraph(edited.withOutputs(outs), seed, y, result);
    }
}

