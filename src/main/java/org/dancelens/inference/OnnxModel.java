package org.dancelens.inference;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.translate.TranslatorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.dancelens.core.DanceLensException;

/**
 * One model loaded through DJL with its ONNX Runtime engine, run through a DJL {@link Predictor} whose translator
 * turns named {@link TensorData} into an {@link NDList} of named arrays and back (names kept, so a multi-output model's
 * outputs come back by name). The session options — graph optimisation level, intra-op threads, device — are DJL model
 * options ({@code optLevel}, {@code intraOpNumThreads}, the model's {@link Device}), not set around DJL. Input and
 * output names and shapes come from {@link OrtRuntime#signature}, because DJL's engine does not expose them.
 *
 * <p>Not thread-safe for concurrent {@link #run} calls from several threads; give each worker its own instance.
 */
public final class OnnxModel implements AutoCloseable {
    /** DJL's name for its ONNX Runtime engine. */
    static final String ENGINE = "OnnxRuntime";

    private final String file;
    private final Model model;
    private final Predictor<Map<String, TensorData>, Map<String, TensorData>> predictor;
    private final OrtRuntime.Device device;
    private final OrtRuntime.Signature signature;
    private final Set<String> inputNameSet;

    private OnnxModel(String file, Model model, OrtRuntime.Device device, OrtRuntime.Signature signature, Tensors translator) {
        this.file = file;
        this.model = model;
        this.device = device;
        this.signature = signature;
        this.inputNameSet = Set.copyOf(signature.inputNames());
        this.predictor = model.newPredictor(translator);
    }

    /**
     * The model file through DJL's {@link Criteria}: the ONNX Runtime engine, the file's path, the device and the
     * session options as DJL options, and the named-tensor translator.
     */
    public static OnnxModel open(Path onnx, OrtRuntime.Device device, int intraOpThreads) {
        OrtRuntime.Device used = OrtRuntime.resolve(device);
        String name = String.valueOf(onnx.getFileName());
        String what = "The model file " + name;
        OrtRuntime.Signature sig = OrtRuntime.signature(onnx, what);
        Tensors translator = new Tensors(name, OrtRuntime.Signature.shapes(sig.outputs()));
        Criteria.Builder<Map<String, TensorData>, Map<String, TensorData>> b = Criteria.builder()
                .setTypes(TENSORS, TENSORS)
                .optEngine(ENGINE)
                .optModelPath(onnx.toAbsolutePath())
                .optModelName(name.endsWith(".onnx") ? name.substring(0, name.length() - ".onnx".length()) : name)
                .optDevice(djlDevice(used))
                .optTranslator(translator);
        engineOptions(intraOpThreads).forEach(b::optOption);
        ZooModel<Map<String, TensorData>, Map<String, TensorData>> m = null;
        try {
            m = b.build().loadModel();
            return new OnnxModel(name, m, used, sig, translator);
        } catch (IOException | MalformedModelException | ModelNotFoundException | RuntimeException e) {
            if (m != null) {
                m.close();
            }
            String problem = OrtErrors.fileProblem(onnx);
            if (problem != null) {
                throw DanceLensException.badInput(what + " cannot be loaded: " + problem + ".", e);
            }
            throw OrtErrors.cannotLoad(what, e);
        }
    }

    /** The class of a map of named tensors, as DJL's {@link Criteria} wants the translator's types. */
    @SuppressWarnings("unchecked")
    private static final Class<Map<String, TensorData>> TENSORS = (Class<Map<String, TensorData>>) (Class<?>) Map.class;

    /**
     * A model card's ONNX file, checked as every load of a card is: the file's sha256 against the one the card
     * declares (a {@link ModelRegistry.Entry#pinned() pinned} entry declares the one its run is filed under), the file
     * unchanged while it was read, and the card's tensors against the model's (names, shapes, number of labels) — so a
     * card that does not fit its model is one sentence before anything runs.
     */
    public static OnnxModel open(ModelRegistry.Entry entry, OrtRuntime.Device device, int intraOpThreads) {
        Path onnx = entry.onnxFile();
        ModelFiles.Stamp before = ModelFiles.stamp(onnx);
        ModelFiles.checkedSha256(entry);
        OnnxModel m = open(onnx, device, intraOpThreads);
        try {
            if (!ModelFiles.stamp(onnx).equals(before)) {
                throw DanceLensException.badInput("The model file " + onnx.getFileName() + " changed while it was being loaded; run again once it is"
                        + " written.");
            }
            ModelFiles.checkTensors(entry.card(), OrtRuntime.Signature.shapes(m.signature.inputs()), m.outputShapes());
            return m;
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    /**
     * A model held in memory (for example one that {@link OnnxGraph} edited, or an explanation's gradient graph);
     * {@code label} names it in messages. DJL's {@link Criteria} loads from a path or address only, so a model that
     * exists only in memory is loaded with {@link Model#load(java.io.InputStream, Map)}: the same engine, options,
     * device and translator, without a temporary file.
     */
    public static OnnxModel open(byte[] onnx, String label, OrtRuntime.Device device, int intraOpThreads) {
        OrtRuntime.Device used = OrtRuntime.resolve(device);
        String what = "The model " + label;
        OrtRuntime.Signature sig = OrtRuntime.signature(onnx, what);
        Model m = Model.newInstance(label, djlDevice(used), ENGINE);
        try {
            m.load(new ByteArrayInputStream(onnx), engineOptions(intraOpThreads));
            return new OnnxModel(label, m, used, sig, new Tensors(label, OrtRuntime.Signature.shapes(sig.outputs())));
        } catch (IOException | MalformedModelException | RuntimeException e) {
            m.close();
            throw OrtErrors.cannotLoad(what, e);
        }
    }

    /** DJL's device for a resolved device: {@code Device.cpu()}, or {@code Device.gpu(n)} for GPU n (DJL's engine adds ONNX Runtime's CUDA provider on device n). */
    static Device djlDevice(OrtRuntime.Device resolved) {
        return resolved.isGpu() ? Device.gpu(resolved.gpu()) : Device.cpu();
    }

    /**
     * The session options as DJL model options for its ONNX Runtime engine: every graph optimisation, and the intra-op
     * thread count when one is given (ONNX Runtime's own default otherwise). The device is the model's DJL device.
     */
    static Map<String, String> engineOptions(int intraOpThreads) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("optLevel", "ALL_OPT");
        if (intraOpThreads > 0) {
            o.put("intraOpNumThreads", Integer.toString(intraOpThreads));
        }
        return o;
    }

    public OrtRuntime.Device device() {
        return device;
    }

    public List<String> inputNames() {
        return new ArrayList<>(signature.inputNames());
    }

    public List<String> outputNames() {
        return new ArrayList<>(signature.outputNames());
    }

    /** Input shapes as the model declares them (-1 for open dimensions). */
    public Map<String, long[]> inputShapes() {
        Map<String, long[]> m = OrtRuntime.Signature.shapes(signature.inputs());
        m.values().removeIf(Objects::isNull);
        return m;
    }

    /** Output shapes as the model declares them (-1 for open dimensions; null for an output that is not a tensor). */
    public Map<String, long[]> outputShapes() {
        return OrtRuntime.Signature.shapes(signature.outputs());
    }

    /** Element types of the inputs as the model declares them ({@code float32}, {@code int32}, ...), in its order. */
    public Map<String, String> inputTypes() {
        Map<String, String> m = new LinkedHashMap<>();
        signature.inputs().forEach(p -> m.put(p.name(), p.elementType()));
        return m;
    }

    /** Runs the model on the inputs and returns every output (float or int32), through the generic named-tensor translator. */
    public Map<String, TensorData> run(Map<String, TensorData> inputs) {
        checkInputs(inputs);
        return predict(predictor, inputs);
    }

    /**
     * A DJL predictor of this model through a kind's own translator: the kind's named inputs are fed by name and its
     * outputs come back by name through the same input staging and fixed output shapes as {@link #run}. Close it before
     * the model; like the model, it is not for concurrent use. A translator serves one predictor.
     */
    public <I, O> Predictor<I, O> newPredictor(KindTranslator<I, O> kind) {
        kind.bind(this, new Tensors(file, outputShapes()));
        return model.newPredictor(kind);
    }

    /** Runs a predictor of this model (see {@link #newPredictor}), with the same messages as {@link #run} when it fails. */
    public <I, O> O predict(Predictor<I, O> p, I input) {
        try {
            return p.predict(input);
        } catch (TranslateException | RuntimeException e) {
            if (e instanceof DanceLensException d) {
                throw d;
            }
            if (e.getCause() instanceof DanceLensException d) {
                throw d;
            }
            throw DanceLensException.badInput("Running " + file + " failed: " + OrtErrors.reasonOf(e), e);
        }
    }

    /** The inputs must be exactly the model's, by name: else one sentence naming the missing and the unknown ones. */
    private void checkInputs(Map<String, TensorData> inputs) {
        if (!inputNameSet.equals(inputs.keySet())) {
            Set<String> missing = new HashSet<>(inputNameSet);
            missing.removeAll(inputs.keySet());
            Set<String> unknown = new HashSet<>(inputs.keySet());
            unknown.removeAll(inputNameSet);
            throw DanceLensException.badInput("Running " + file + " failed: " + (missing.isEmpty() ? "" : "it needs the input"
                    + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing.stream().sorted().toList()))
                    + (!missing.isEmpty() && !unknown.isEmpty() ? " and " : "")
                    + (unknown.isEmpty() ? "" : "it has no input" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown.stream().sorted().toList()))
                    + ".");
        }
    }

    /**
     * One card kind's DJL translator: its input becomes the model's named tensors ({@link #encode}), the named outputs
     * become its answer ({@link #decode}). The arrays themselves are made and read by the model's named-tensor
     * staging, so a kind translator only says which values go where. Its batchifier is null (DJL's default cannot
     * stack arrays on its ONNX Runtime engine): a kind that batches puts a batch into one input itself. Used through
     * {@link OnnxModel#newPredictor}.
     */
    public abstract static class KindTranslator<I, O> implements NoBatchifyTranslator<I, O> {
        private static final String INPUT = "dancelens.input";
        private OnnxModel model;
        private Tensors tensors;

        /** The model's named inputs for one input of this kind. */
        protected abstract Map<String, TensorData> encode(I input);

        /** The kind's answer for {@code input} from the model's named outputs. */
        protected abstract O decode(I input, Map<String, TensorData> outputs);

        private void bind(OnnxModel m, Tensors t) {
            if (model != null) {
                throw new IllegalStateException("this translator already serves a predictor of " + model.file);
            }
            model = m;
            tensors = t;
        }

        @Override
        public final NDList processInput(TranslatorContext ctx, I input) {
            if (model == null) {
                throw new IllegalStateException("a kind translator runs through OnnxModel.newPredictor");
            }
            Map<String, TensorData> in = encode(input);
            model.checkInputs(in);
            ctx.setAttachment(INPUT, input);
            return tensors.processInput(ctx, in);
        }

        @Override
        @SuppressWarnings("unchecked")
        public final O processOutput(TranslatorContext ctx, NDList list) {
            return decode((I) ctx.getAttachment(INPUT), tensors.processOutput(ctx, list));
        }
    }

    /**
     * Runs the model and returns every output's shape and whether it holds float32 values, whatever its element type
     * (for the graph tools, which expose intermediate tensors of any type).
     */
    Map<String, OnnxGraph.Value> runForShapes(Map<String, TensorData> inputs) {
        Tensors feed = new Tensors(file, Map.of());
        NoBatchifyTranslator<Map<String, TensorData>, Map<String, OnnxGraph.Value>> t = new NoBatchifyTranslator<>() {
            @Override
            public NDList processInput(TranslatorContext ctx, Map<String, TensorData> in) {
                return feed.processInput(ctx, in);
            }

            @Override
            public Map<String, OnnxGraph.Value> processOutput(TranslatorContext ctx, NDList list) {
                Map<String, OnnxGraph.Value> out = new LinkedHashMap<>();
                for (NDArray a : list) {
                    out.put(a.getName(), new OnnxGraph.Value(a.getShape().getShape(), a.getDataType() == DataType.FLOAT32));
                }
                return out;
            }
        };
        try (Predictor<Map<String, TensorData>, Map<String, OnnxGraph.Value>> p = model.newPredictor(t)) {
            return p.predict(inputs);
        } catch (TranslateException | RuntimeException e) {
            if (e instanceof DanceLensException d) {
                throw d;
            }
            throw DanceLensException.badInput("Running " + file + " to learn its tensor shapes failed: " + OrtErrors.reasonOf(e), e);
        }
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }

    /**
     * Between named tensors and DJL's arrays: each input becomes an array named after it (DJL's engine feeds arrays by
     * name), each output array comes back under its name. Values are handed over as buffers, with no copy beyond the
     * one into ONNX Runtime's memory and the one out of it that a plain session makes too.
     */
    private static final class Tensors implements NoBatchifyTranslator<Map<String, TensorData>, Map<String, TensorData>> {
        private final String file;
        private final Map<String, ByteBuffer> staging = new HashMap<>();
        private final Map<String, Shape> shapes = new HashMap<>();

        /** The outputs whose shape the model fixes (no open dimension): their shape is known without asking the array. */
        private final Map<String, long[]> fixedOutputShapes = new HashMap<>();

        Tensors(String file, Map<String, long[]> outputShapes) {
            this.file = file;
            outputShapes.forEach((name, dims) -> {
                if (dims != null && java.util.Arrays.stream(dims).allMatch(d -> d >= 0)) {
                    fixedOutputShapes.put(name, dims);
                }
            });
        }

        @Override
        public NDList processInput(TranslatorContext ctx, Map<String, TensorData> input) {
            NDManager manager = ctx.getNDManager();
            NDList list = new NDList(input.size());
            for (Map.Entry<String, TensorData> e : input.entrySet()) {
                TensorData t = e.getValue();
                ByteBuffer b = staged(e.getKey(), t);
                NDArray a = manager.create(b, shape(e.getKey(), t.shape()), t.isFloat() ? DataType.FLOAT32 : DataType.INT32);
                a.setName(e.getKey());
                list.add(a);
            }
            return list;
        }

        /**
         * The input's values in this input's own direct buffer, kept from call to call: ONNX Runtime reads a direct
         * buffer in place, where a heap array would be copied into a fresh direct buffer (allocated, zeroed, and freed
         * only by the garbage collector) on every run. A buffer is reused only after the previous run's arrays are
         * closed (the predictor closes them before {@code predict} returns, and one model is not run from two threads).
         */
        /** DJL's shape for the input, kept while the input keeps its shape (making one is not free: it builds lists). */
        private Shape shape(String name, long[] dims) {
            Shape s = shapes.get(name);
            if (s == null || !java.util.Arrays.equals(s.getShape(), dims)) {
                s = new Shape(dims);
                shapes.put(name, s);
            }
            return s;
        }

        private ByteBuffer staged(String name, TensorData t) {
            int bytes = t.isFloat() ? t.floats().length * Float.BYTES : t.ints().length * Integer.BYTES;
            ByteBuffer b = staging.get(name);
            if (b == null || b.capacity() < bytes) {
                b = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
                staging.put(name, b);
            }
            b.clear();
            if (t.isFloat()) {
                b.asFloatBuffer().put(t.floats());
            } else {
                b.asIntBuffer().put(t.ints());
            }
            b.limit(bytes);
            return b.slice().order(ByteOrder.nativeOrder());
        }

        @Override
        public Map<String, TensorData> processOutput(TranslatorContext ctx, NDList list) {
            Map<String, TensorData> out = new LinkedHashMap<>();
            for (NDArray a : list) {
                DataType type = a.getDataType();
                if (type == DataType.FLOAT32) {
                    ByteBuffer b = a.toByteBuffer();
                    float[] v = new float[b.remaining() / Float.BYTES];
                    b.asFloatBuffer().get(v);
                    out.put(a.getName(), TensorData.of(v, shapeOf(a, v.length)));
                } else if (type == DataType.INT32) {
                    ByteBuffer b = a.toByteBuffer();
                    int[] v = new int[b.remaining() / Integer.BYTES];
                    b.asIntBuffer().get(v);
                    out.put(a.getName(), TensorData.ofInts(v, shapeOf(a, v.length)));
                } else {
                    throw DanceLensException.badInput("The output " + a.getName() + " of " + file + " has the type "
                            + ortTypeName(type) + ", which DanceLens does not read.");
                }
            }
            return out;
        }

        /**
         * The output's shape: the model's fixed shape when it declares one that holds exactly the values that came back
         * (DJL's shape object is not made then), else the array's own.
         */
        private long[] shapeOf(NDArray a, int values) {
            long[] fixed = fixedOutputShapes.get(a.getName());
            if (fixed != null) {
                long n = 1;
                for (long d : fixed) {
                    n *= d;
                }
                if (n == values) {
                    return fixed.clone();
                }
            }
            return a.getShape().getShape();
        }

        /** The type as the plain session's message named it (ONNX Runtime's Java type names). */
        private static String ortTypeName(DataType t) {
            return switch (t) {
                case FLOAT64 -> "DOUBLE";
                case INT64 -> "INT64";
                case INT8 -> "INT8";
                case UINT8 -> "UINT8";
                case BOOLEAN -> "BOOL";
                case FLOAT16 -> "FLOAT16";
                case BFLOAT16 -> "BFLOAT16";
                case STRING -> "STRING";
                default -> t.name();
            };
        }
    }
}
