package org.dancelens.inference.graph;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX graph being built from nothing (the TF.js importer) or edited (gradient graphs, residual blocks left out):
 * fresh tensor names that clash with none in the graph, nodes with attributes, initializers, inputs and outputs, and
 * the model around the graph. Not thread-safe; one builder per graph.
 */
public final class GraphBuilder {
    /** The ONNX IR version of the models built here. */
    public static final int IR_VERSION = 8;

    private final OnnxMl.GraphProto.Builder graph;
    private final Set<String> taken = new HashSet<>();

    private GraphBuilder(OnnxMl.GraphProto.Builder graph) {
        this.graph = graph;
    }

    /** An empty graph of that name. */
    public static GraphBuilder create(String name) {
        return new GraphBuilder(OnnxMl.GraphProto.newBuilder().setName(name));
    }

    /** A copy of a graph to edit; the names of all its tensors are taken. */
    public static GraphBuilder edit(OnnxMl.GraphProto graph) {
        GraphBuilder b = new GraphBuilder(graph.toBuilder());
        graph.getInputList().forEach(v -> b.taken.add(v.getName()));
        graph.getOutputList().forEach(v -> b.taken.add(v.getName()));
        graph.getValueInfoList().forEach(v -> b.taken.add(v.getName()));
        graph.getInitializerList().forEach(t -> b.taken.add(t.getName()));
        for (OnnxMl.NodeProto n : graph.getNodeList()) {
            b.taken.addAll(n.getInputList());
            b.taken.addAll(n.getOutputList());
        }
        return b;
    }

    /** {@code base} if no tensor has that name yet, else {@code base_1}, {@code base_2}...; the name is now taken. */
    public String fresh(String base) {
        String name = base;
        int k = 1;
        while (!taken.add(name)) {
            name = base + "_" + k++;
        }
        return name;
    }

    public GraphBuilder input(OnnxMl.ValueInfoProto value) {
        taken.add(value.getName());
        graph.addInput(value);
        return this;
    }

    public GraphBuilder output(OnnxMl.ValueInfoProto value) {
        graph.addOutput(value);
        return this;
    }

    /** Adds a constant tensor and returns its name. */
    public String initializer(OnnxMl.TensorProto tensor) {
        taken.add(tensor.getName());
        graph.addInitializer(tensor);
        return tensor.getName();
    }

    /**
     * Appends a node; attributes (none when null) in the map's order, their types as {@link Attributes#of} makes them.
     *
     * @return the node's outputs
     */
    public List<String> node(String opType, String name, List<String> inputs, List<String> outputs, Map<String, ?> attributes) {
        taken.addAll(outputs);
        graph.addNode(newNode(opType, name, inputs, outputs, attributes));
        return outputs;
    }

    /** Puts a new node, made as {@link #node(String, String, List, List, Map)} makes one, in place of the one at that position. */
    public void replaceNode(int index, String opType, String name, List<String> inputs, List<String> outputs, Map<String, ?> attributes) {
        taken.addAll(outputs);
        graph.setNode(index, newNode(opType, name, inputs, outputs, attributes));
    }

    private static OnnxMl.NodeProto newNode(String opType, String name, List<String> inputs, List<String> outputs, Map<String, ?> attributes) {
        OnnxMl.NodeProto.Builder n = OnnxMl.NodeProto.newBuilder().setOpType(opType).setName(name).addAllInput(inputs).addAllOutput(outputs);
        if (attributes != null) {
            attributes.forEach((k, v) -> n.addAttribute(Attributes.of(k, v)));
        }
        return n.build();
    }

    public int nodeCount() {
        return graph.getNodeCount();
    }

    /** The node at that position, to read or change in place. */
    public OnnxMl.NodeProto.Builder node(int index) {
        return graph.getNodeBuilder(index);
    }

    /** Drops the nodes and initializers that no graph output needs any more. */
    public void prune() {
        Set<String> needed = new HashSet<>();
        graph.getOutputList().forEach(o -> needed.add(o.getName()));
        List<OnnxMl.NodeProto> kept = new ArrayList<>();
        for (int i = graph.getNodeCount() - 1; i >= 0; i--) {
            OnnxMl.NodeProto n = graph.getNode(i);
            if (n.getOutputList().stream().anyMatch(needed::contains)) {
                kept.add(0, n);
                needed.addAll(n.getInputList());
                // a subgraph (If, Loop) may read outer tensors: keep them too
                for (OnnxMl.AttributeProto a : n.getAttributeList()) {
                    if (a.hasG()) {
                        a.getG().getNodeList().forEach(sn -> needed.addAll(sn.getInputList()));
                    }
                }
            }
        }
        graph.clearNode().addAllNode(kept);
        List<OnnxMl.TensorProto> inits = graph.getInitializerList().stream().filter(t -> needed.contains(t.getName())).toList();
        graph.clearInitializer().addAllInitializer(inits);
    }

    public OnnxMl.GraphProto build() {
        return graph.build();
    }

    /** A model of this graph importing the default operator set at that version; callers add producer and metadata. */
    public OnnxMl.ModelProto.Builder model(long opset) {
        return OnnxMl.ModelProto.newBuilder().setIrVersion(IR_VERSION)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setGraph(graph);
    }

    /** A tensor value whose type and shape are left to the runtime to infer (an extra output, say). */
    public static OnnxMl.ValueInfoProto valueInfo(String name) {
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).build();
    }

    /** A tensor value of that element type and shape; negative dimensions are open, named {@code openDim}. */
    public static OnnxMl.ValueInfoProto valueInfo(String name, OnnxMl.TensorProto.DataType type, String openDim, long... dims) {
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder().setTensorType(
                OnnxMl.TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape(openDim, dims)))).build();
    }

    /** A tensor shape; negative dimensions are open, named {@code openDim} (unnamed when it is null). */
    public static OnnxMl.TensorShapeProto shape(String openDim, long... dims) {
        OnnxMl.TensorShapeProto.Builder s = OnnxMl.TensorShapeProto.newBuilder();
        for (long d : dims) {
            OnnxMl.TensorShapeProto.Dimension.Builder dim = OnnxMl.TensorShapeProto.Dimension.newBuilder();
            if (d >= 0) {
                dim.setDimValue(d);
            } else if (openDim != null) {
                dim.setDimParam(openDim);
            }
            s.addDim(dim);
        }
        return s.build();
    }
}
