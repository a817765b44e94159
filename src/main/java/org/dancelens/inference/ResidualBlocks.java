package org.dancelens.inference;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dancelens.core.DanceLensException;
import org.dancelens.inference.graph.GraphBuilder;

/**
 * The residual blocks of a network, and the same network with chosen blocks left out — for comparing explanations
 * "with and without" a block. A residual block ends in an {@code Add} of two computed tensors of the same shape whose
 * paths meet again at a common tensor: a short one (the skip: the identity, or a 1x1 projection) and a longer one
 * (the block's main path). Leaving the block out replaces that {@code Add} by its skip input, so the block's main path
 * no longer reaches the output (ResNet-style identity blocks then pass their input on unchanged).
 */
public final class ResidualBlocks {

    /**
     * A residual block.
     *
     * @param name     the tensor its {@code Add} computes (what a user chooses, as with layers)
     * @param skip     the {@code Add} input on the short path
     * @param branch   the {@code Add} input on the main path
     * @param source   the tensor where both paths start
     * @param skipOps  operators on the skip path (0 for an identity skip)
     * @param mainOps  operators on the main path
     */
    public record Block(String name, String skip, String branch, String source, int skipOps, int mainOps) {
        @Override
        public String toString() {
            return name + " (main path of " + mainOps + " ops from " + source + ", skip of " + skipOps + ")";
        }
    }

    private ResidualBlocks() {
    }

    /** The residual blocks of a model in graph order, given its tensor shapes ({@link OnnxGraph#probeShapes}). */
    public static List<Block> find(OnnxGraph model, Map<String, OnnxGraph.Value> shapes) {
        List<OnnxMl.NodeProto> nodes = model.model().getGraph().getNodeList();
        Map<String, OnnxMl.NodeProto> producer = new HashMap<>();
        for (OnnxMl.NodeProto n : nodes) {
            for (String o : n.getOutputList()) {
                producer.put(o, n);
            }
        }
        // tensors computed from a fed input (not constants)
        Set<String> live = new HashSet<>(model.inputNames());
        for (OnnxMl.NodeProto n : nodes) {
            if (n.getInputList().stream().anyMatch(live::contains)) {
                live.addAll(n.getOutputList());
            }
        }
        List<Block> out = new ArrayList<>();
        for (OnnxMl.NodeProto n : nodes) {
            if (!n.getOpType().equals("Add") || n.getInputCount() != 2) {
                continue;
            }
            String a = n.getInput(0);
            String b = n.getInput(1);
            OnnxGraph.Value va = shapes.get(a);
            OnnxGraph.Value vb = shapes.get(b);
            if (a.equals(b) || !live.contains(a) || !live.contains(b) || va == null || vb == null || !va.isFloat()
                    || !java.util.Arrays.equals(va.shape(), vb.shape())) {
                continue;
            }
            Map<String, Integer> da = distances(a, producer, live);
            Map<String, Integer> db = distances(b, producer, live);
            String source = null;
            int best = Integer.MAX_VALUE;
            for (Map.Entry<String, Integer> e : da.entrySet()) {
                Integer d2 = db.get(e.getKey());
                if (d2 != null && e.getValue() + d2 < best) {
                    best = e.getValue() + d2;
                    source = e.getKey();
                }
            }
            if (source == null || da.get(source).equals(db.get(source))) {
                continue; // no common start, or two paths of the same length: a join, not a residual block
            }
            boolean aShort = da.get(source) < db.get(source);
            out.add(new Block(n.getOutput(0), aShort ? a : b, aShort ? b : a, source,
                    Math.min(da.get(source), db.get(source)), Math.max(da.get(source), db.get(source))));
        }
        return out;
    }

    /** Fewest operators from each live ancestor tensor to {@code t} (breadth-first over producers). */
    private static Map<String, Integer> distances(String t, Map<String, OnnxMl.NodeProto> producer, Set<String> live) {
        Map<String, Integer> d = new LinkedHashMap<>();
        Deque<String> queue = new ArrayDeque<>();
        d.put(t, 0);
        queue.add(t);
        while (!queue.isEmpty()) {
            String x = queue.poll();
            OnnxMl.NodeProto p = producer.get(x);
            if (p == null) {
                continue;
            }
            for (String in : p.getInputList()) {
                if (live.contains(in) && !d.containsKey(in)) {
                    d.put(in, d.get(x) + 1);
                    queue.add(in);
                }
            }
        }
        return d;
    }

    /**
     * The model with the named blocks left out (their {@code Add} replaced by an {@code Identity} of the skip input).
     *
     * @throws DanceLensException naming a block that is not among {@code blocks}
     */
    public static OnnxGraph without(OnnxGraph model, List<Block> blocks, List<String> names) {
        Map<String, Block> byName = new HashMap<>();
        blocks.forEach(b -> byName.put(b.name(), b));
        Map<String, Block> chosen = new HashMap<>();
        for (String name : names) {
            Block b = byName.get(name);
            if (b == null) {
                throw DanceLensException.badInput("The model " + model.label() + " has no residual block named " + name
                        + (blocks.isEmpty() ? " (it has none)." : " (it has " + blocks.stream().map(Block::name).toList() + ")."));
            }
            chosen.put(b.name(), b);
        }
        GraphBuilder g = GraphBuilder.edit(model.model().getGraph());
        for (int i = 0; i < g.nodeCount(); i++) {
            OnnxMl.NodeProtoOrBuilder n = g.node(i);
            Block b = n.getOpType().equals("Add") && n.getOutputCount() == 1 ? chosen.get(n.getOutput(0)) : null;
            if (b != null) {
                g.replaceNode(i, "Identity", n.getName() + "_left_out", List.of(b.skip()), List.of(b.name()), null);
            }
        }
        g.prune(); // the left-out main paths
        return OnnxGraph.of(model.model().toBuilder().setGraph(g.build()).build(), model.label() + " without " + String.join(", ", names));
    }
}
