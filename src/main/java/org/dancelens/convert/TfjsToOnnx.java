package org.dancelens.convert;

import ai.onnx.proto.OnnxMl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dancelens.core.AtomicFiles;
import org.dancelens.core.DanceLensException;

/**
 * Turns a TensorFlow.js graph model into an ONNX model that ONNX Runtime can optimise.
 *
 * <p>TensorFlow computes images as NHWC; ONNX convolutions want NCHW. Every 4-D value therefore carries a flag
 * saying whether it is stored physically as NCHW: convolutions, pooling, resizing and element-wise ops keep
 * values in NCHW, and a Transpose back to NHWC is inserted only where an op needs TensorFlow's own layout
 * (reshapes, slices, gathers) or at the graph outputs. Shapes are inferred statically (the batch size is fixed
 * at conversion), so shape sub-graphs ({@code Shape -> StridedSlice -> Pack -> Reshape}) fold into constants.
 * ONNX node names derive from TensorFlow node names. An op the importer does not know, or a shape it cannot
 * resolve, stops the conversion with an error naming the node and the op.
 *
 * <p>This class walks the graph; each op's rule lives in the file of its family, registered in {@link TfOps}, and
 * works on the conversion's shared state in {@link ImportContext}.
 */
public final class TfjsToOnnx {
    public static final String CONVERTER_VERSION = "1.0";

    /** Where a converted model came from, recorded in the ONNX metadata. */
    public record Provenance(String sourcePackage, String sourceVersion, String license) {
    }

    /**
     * The {@code batch} that asks for an open batch dimension: the model is converted at batch 1 and at batch 2, and
     * when the two graphs are the same but for the batch size their inputs and outputs declare, the batch-1 graph is
     * written with that dimension open ({@code batch}); a graph whose operations or constants depend on the batch size
     * (a shape folded into a constant) cannot keep it open and is one sentence saying so.
     */
    public static final int OPEN_BATCH = -1;

    /**
     * Converts {@code modelJson} (with its weight shards beside it) to an ONNX file.
     *
     * @param batch the batch size to fix where the model leaves it open, or {@link #OPEN_BATCH} to keep it open
     */
    public static ConversionReport convert(Path modelJson, Path out, int batch, Provenance provenance) {
        return convert(modelJson, out, batch, provenance, List.of());
    }

    /**
     * Like {@link #convert(Path, Path, int, Provenance)}, and also exposes the named TensorFlow tensors (e.g.
     * {@code StatefulPartitionedCall/model/conv1/Relu:0}) as extra graph outputs in TensorFlow's layout, named like
     * the tensor with ':' replaced by '_' — for comparing intermediate values and for explanations.
     */
    public static ConversionReport convert(Path modelJson, Path out, int batch, Provenance provenance, List<String> extraOutputs) {
        if (batch < 1 && batch != OPEN_BATCH) {
            throw DanceLensException.badInput("The batch size to convert " + modelJson.getFileName() + " with must be at least 1 (or open), not "
                    + batch + ".");
        }
        TfjsGraphModel m = TfjsGraphModel.read(modelJson);
        OnnxMl.ModelProto proto;
        if (batch == OPEN_BATCH) {
            OnnxMl.ModelProto one = build(m, modelJson, 1, provenance, extraOutputs, "open");
            OnnxMl.ModelProto two = build(TfjsGraphModel.read(modelJson), modelJson, 2, provenance, extraOutputs, "open");
            proto = openBatch(one, two, modelJson.getFileName().toString());
        } else {
            proto = build(m, modelJson, batch, provenance, extraOutputs, String.valueOf(batch));
        }
        AtomicFiles.write(out, proto::writeTo);
        List<String> ins = new ArrayList<>();
        for (OnnxMl.ValueInfoProto v : proto.getGraph().getInputList()) {
            ins.add(v.getName());
        }
        List<String> outs = new ArrayList<>();
        for (OnnxMl.ValueInfoProto v : proto.getGraph().getOutputList()) {
            outs.add(v.getName());
        }
        Map<String, String> meta = new LinkedHashMap<>();
        proto.getMetadataPropsList().forEach(e -> meta.put(e.getKey(), e.getValue()));
        long transposes = proto.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Transpose")).count();
        return new ConversionReport(out, m.nodes.size(), proto.getGraph().getNodeCount(), (int) transposes, ins, outs, meta);
    }

    private static OnnxMl.ModelProto build(TfjsGraphModel m, Path modelJson, int batch, Provenance provenance, List<String> extraOutputs,
                                           String batchMeta) {
        ImportContext c = new ImportContext(m, batch);
        run(c);
        for (String t : extraOutputs) {
            TfValue v = c.value(t);
            String name = v.name == null ? c.materialize(v) : c.asNative(v);
            String o = c.node1("Identity", t.replace(':', '_').replace('/', '.'), List.of(name), null);
            c.output(o, v.dtype, v.shape);
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("source_format", "tfjs-graph-model");
        meta.put("source_model", modelJson.getFileName().toString());
        meta.put("source_sha256", sha256(modelJson));
        if (provenance != null) {
            meta.put("source_package", provenance.sourcePackage());
            meta.put("source_version", provenance.sourceVersion());
            meta.put("license", provenance.license());
        }
        meta.put("source_converted_by", m.convertedBy);
        meta.put("converter", "DanceLens TF.js importer " + CONVERTER_VERSION);
        meta.put("batch", batchMeta);
        return c.build(CONVERTER_VERSION, meta, "Converted from the TensorFlow.js graph model " + modelJson.getFileName() + " by DanceLens.");
    }

    /**
     * The batch-1 graph with its batch dimension open, when the batch-2 graph is the same but for the first dimension
     * of the inputs and outputs (1 against 2); otherwise one sentence saying where the batch size went into the graph.
     */
    static OnnxMl.ModelProto openBatch(OnnxMl.ModelProto one, OnnxMl.ModelProto two, String file) {
        OnnxMl.GraphProto g1 = one.getGraph();
        OnnxMl.GraphProto g2 = two.getGraph();
        String differs = null;
        if (g1.getNodeCount() != g2.getNodeCount()) {
            differs = "it has " + g1.getNodeCount() + " operations at batch 1 and " + g2.getNodeCount() + " at batch 2";
        }
        for (int i = 0; differs == null && i < g1.getNodeCount(); i++) {
            if (!g1.getNode(i).equals(g2.getNode(i))) {
                differs = "the operation " + g1.getNode(i).getName() + " differs between batch 1 and batch 2 (a shape folded into the graph)";
            }
        }
        if (differs == null && g1.getInitializerCount() != g2.getInitializerCount()) {
            differs = "its constants differ between batch 1 and batch 2";
        }
        for (int i = 0; differs == null && i < g1.getInitializerCount(); i++) {
            if (!g1.getInitializer(i).equals(g2.getInitializer(i))) {
                differs = "the constant " + g1.getInitializer(i).getName() + " depends on the batch size (a shape folded into the graph)";
            }
        }
        if (differs == null && g1.getValueInfoCount() > 0) {
            differs = "it declares the shapes of intermediate values";
        }
        OnnxMl.GraphProto.Builder open = g1.toBuilder();
        boolean any = false;
        for (int k = 0; differs == null && k < g1.getInputCount() + g1.getOutputCount(); k++) {
            boolean input = k < g1.getInputCount();
            int i = input ? k : k - g1.getInputCount();
            OnnxMl.ValueInfoProto a = input ? g1.getInput(i) : g1.getOutput(i);
            OnnxMl.ValueInfoProto b = input ? g2.getInput(i) : g2.getOutput(i);
            List<OnnxMl.TensorShapeProto.Dimension> da = a.getType().getTensorType().getShape().getDimList();
            List<OnnxMl.TensorShapeProto.Dimension> db = b.getType().getTensorType().getShape().getDimList();
            if (!a.getName().equals(b.getName()) || da.size() != db.size() || da.size() > 0 && !da.subList(1, da.size()).equals(db.subList(1, db.size()))) {
                differs = "the " + (input ? "input " : "output ") + a.getName() + " differs between batch 1 and batch 2 beyond its first dimension";
            } else if (da.isEmpty() || da.get(0).equals(db.get(0))) {
                continue; // no batch dimension here
            } else if (da.get(0).getDimValue() != 1 || db.get(0).getDimValue() != 2) {
                differs = "the first dimension of " + a.getName() + " is not the batch";
            } else {
                OnnxMl.ValueInfoProto.Builder vb = a.toBuilder();
                vb.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder().getDimBuilder(0).clearDimValue().setDimParam("batch");
                if (input) {
                    open.setInput(i, vb);
                } else {
                    open.setOutput(i, vb);
                }
                any = true;
            }
        }
        if (differs == null && !any) {
            differs = "the model itself fixes the batch size of all its inputs and outputs, so there is no batch dimension to keep open";
        }
        if (differs != null) {
            throw DanceLensException.badInput("The model " + file + " cannot keep an open batch dimension: " + differs
                    + "; convert it with a fixed batch size.");
        }
        return one.toBuilder().setGraph(open).build();
    }

    /** What a conversion produced. */
    public record ConversionReport(Path onnx, int tfNodes, int onnxNodes, int transposes, List<String> inputs,
                                   List<String> outputs, Map<String, String> metadata) {
    }

    static String sha256(Path p) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(Files.readAllBytes(p));
            return HexFormat.of().formatHex(md.digest());
        } catch (Exception e) {
            throw DanceLensException.badInput("Cannot read " + p.getFileName() + ".", e);
        }
    }

    // ------------------------------------------------------------------------------------------------------------

    /** Converts every node in dependency order, each by its op's rule, then adds the signature's outputs. */
    private static void run(ImportContext c) {
        TfjsGraphModel model = c.model();
        Map<String, TfjsGraphModel.Node> byName = new HashMap<>();
        for (TfjsGraphModel.Node n : model.nodes) {
            byName.put(n.name(), n);
        }
        // Visit nodes in dependency order (TF.js lists them in a valid order, but do not rely on it).
        for (TfjsGraphModel.Node n : topologicalOrder(c, byName)) {
            c.at(n);
            try {
                TfOps.Rule rule = TfOps.RULES.get(n.op());
                if (rule == null) {
                    throw c.fail("uses an operation the importer does not support");
                }
                rule.convert(c, n);
            } catch (DanceLensException e) {
                throw e;
            } catch (RuntimeException e) {
                throw c.fail("cannot be converted (" + e.getMessage() + ")", e);
            }
        }
        List<TfjsGraphModel.SignatureTensor> outs = model.outputs;
        if (outs.isEmpty()) {
            throw DanceLensException.badInput("The model " + model.jsonFile.getFileName() + " declares no outputs in its signature.");
        }
        for (TfjsGraphModel.SignatureTensor s : outs) {
            TfValue v = c.value(s.tensorName());
            String name = c.asNative(v);
            if (v.konst != null && name == null) {
                name = c.materialize(v);
            }
            String o = c.node1("Identity", ioName(s), List.of(name), null);
            c.output(o, v.dtype, v.shape);
        }
    }

    private static List<TfjsGraphModel.Node> topologicalOrder(ImportContext c, Map<String, TfjsGraphModel.Node> byName) {
        List<TfjsGraphModel.Node> order = new ArrayList<>();
        Map<String, Integer> state = new HashMap<>();
        for (TfjsGraphModel.Node n : c.model().nodes) {
            visit(c, n, byName, state, order);
        }
        return order;
    }

    private static void visit(ImportContext c, TfjsGraphModel.Node n, Map<String, TfjsGraphModel.Node> byName,
                              Map<String, Integer> state, List<TfjsGraphModel.Node> order) {
        Deque stack = new Deque();
        stack.push(n, 0);
        while (!stack.isEmpty()) {
            TfjsGraphModel.Node top = stack.peekNode();
            int next = stack.peekIndex();
            Integer st = state.get(top.name());
            if (st != null && st == 2) {
                stack.pop();
                continue;
            }
            state.put(top.name(), 1);
            if (next < top.inputs().size()) {
                stack.setIndex(next + 1);
                TfjsGraphModel.Node dep = byName.get(stripPort(top.inputs().get(next)));
                if (dep == null) {
                    c.at(top);
                    throw c.fail("reads " + top.inputs().get(next) + ", which the graph does not contain");
                }
                Integer ds = state.get(dep.name());
                if (ds == null) {
                    stack.push(dep, 0);
                } else if (ds == 1) {
                    c.at(top);
                    throw c.fail("is part of a cycle");
                }
            } else {
                state.put(top.name(), 2);
                order.add(top);
                stack.pop();
            }
        }
    }

    /** A tiny explicit stack for the depth-first walk (graphs can be deep). */
    private static final class Deque {
        private final List<TfjsGraphModel.Node> nodes = new ArrayList<>();
        private final List<Integer> idx = new ArrayList<>();

        void push(TfjsGraphModel.Node n, int i) {
            nodes.add(n);
            idx.add(i);
        }

        boolean isEmpty() {
            return nodes.isEmpty();
        }

        TfjsGraphModel.Node peekNode() {
            return nodes.get(nodes.size() - 1);
        }

        int peekIndex() {
            return idx.get(idx.size() - 1);
        }

        void setIndex(int i) {
            idx.set(idx.size() - 1, i);
        }

        void pop() {
            nodes.remove(nodes.size() - 1);
            idx.remove(idx.size() - 1);
        }
    }

    /** The ONNX name of a graph input or output: the signature key when it is a plain identifier. */
    static String ioName(TfjsGraphModel.SignatureTensor s) {
        return s.key().matches("[A-Za-z_][A-Za-z0-9_]*") ? s.key() : s.tensorName().replace(':', '_');
    }

    static String stripPort(String ref) {
        int c = ref.indexOf(':');
        return c < 0 ? ref : ref.substring(0, c);
    }
}
