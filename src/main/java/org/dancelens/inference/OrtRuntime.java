package org.dancelens.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.dancelens.core.DanceLensException;

/**
 * The one adapter for direct ONNX Runtime use; every model runs through DJL ({@link OnnxModel}), and no other class of
 * DanceLens imports {@code ai.onnxruntime} (the architecture test enforces it). What stays here, and why:
 * <ul>
 * <li>the process-wide environment, started on a large stack (below) before DJL's engine asks for it;</li>
 * <li>the device and the GPU probe, which opens and runs a tiny session with the CUDA provider on the GPU asked for;</li>
 * <li>a model's {@link Signature} — input and output names, element types and shapes as ONNX Runtime reads them — which
 * DJL 0.38's engine does not expose (its block describes input names only, without shapes or types, and nothing of the
 * outputs), yet the card checks and the inspector need before anything runs;</li>
 * <li>a {@link PlainSession}, the reference that {@code dancelens bench models} times DJL against.</li>
 * </ul>
 *
 * <p>ONNX Runtime's native initialisation needs more stack than a JVM main thread has by default (seen here: a
 * segmentation fault in {@code OrtEnvironment.getEnvironment()} on a 1 MB stack with a long class path), so the
 * environment is created once on a thread with a large stack; the launcher also runs the JVM with {@code -Xss4m}.
 */
public final class OrtRuntime {
    private static final long INIT_STACK_BYTES = 64L << 20;
    private static volatile OrtEnvironment env;

    /**
     * Where models run: the CPU, or GPU {@code n} (ONNX Runtime's CUDA provider on CUDA device {@code n}) — DJL's
     * {@code Device.cpu()} and {@code Device.gpu(n)}. Written {@code cpu} and {@code gpu:N}.
     *
     * @param gpu the CUDA device index, or -1 for the CPU
     */
    public record Device(int gpu) {
        /** The CPU. */
        public static final Device CPU = new Device(-1);

        public Device {
            if (gpu < -1) {
                throw new IllegalArgumentException("No such device index: " + gpu);
            }
        }

        /** GPU {@code n} (CUDA's numbering, from 0). */
        public static Device gpu(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("No such GPU index: " + n);
            }
            return new Device(n);
        }

        public boolean isGpu() {
            return gpu >= 0;
        }

        /**
         * The device written {@code cpu}, {@code gpu} (GPU 0) or {@code gpu:N}, in any case; the older spellings
         * {@code CPU} and {@code CUDA} (GPU 0) are taken too.
         *
         * @throws DanceLensException one sentence for anything else
         */
        public static Device parse(String text) {
            String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
            if (t.equals("cpu")) {
                return CPU;
            }
            if (t.equals("gpu") || t.equals("cuda")) {
                return gpu(0);
            }
            if (t.startsWith("gpu:") && t.length() > 4 && t.length() <= 7 && t.substring(4).chars().allMatch(Character::isDigit)) {
                return gpu(Integer.parseInt(t.substring(4)));
            }
            throw DanceLensException.badInput("'" + (text == null ? "" : text.strip()) + "' is not a device: write cpu, gpu (GPU 0) or gpu:N"
                    + " (N the GPU's number, from 0).");
        }

        /** {@code cpu} or {@code gpu:N}, as {@link #parse} reads it back. */
        @Override
        public String toString() {
            return isGpu() ? "gpu:" + gpu : "cpu";
        }
    }

    /**
     * The raw outcome of trying a GPU: whether this ONNX Runtime build has the CUDA provider at all, and when it has,
     * ONNX Runtime's error from opening and running a tiny session on the GPU (null when that worked).
     */
    public record GpuProbe(boolean cudaBuild, String error) {
        public boolean usable() {
            return cudaBuild && error == null;
        }
    }

    /** How to run anyway, for the sentences that say a GPU cannot be used. */
    static final String USE_THE_CPU = "use the CPU (--device cpu)";

    private static final Map<Integer, GpuProbe> PROBES = new java.util.concurrent.ConcurrentHashMap<>();

    private OrtRuntime() {
    }

    public static OrtEnvironment environment() {
        OrtEnvironment e = env;
        if (e != null) {
            return e;
        }
        synchronized (OrtRuntime.class) {
            if (env == null) {
                AtomicReference<Object> result = new AtomicReference<>();
                Thread t = new Thread(null, () -> {
                    try {
                        // DJL's engine creates the environment (with its threading options; ONNX Runtime refuses a
                        // second environment with other options), so it is started first and its environment shared.
                        OrtTelemetry.disableBeforeLoading(); // before the native library is loaded
                        ai.djl.engine.Engine.getEngine(OnnxModel.ENGINE);
                        OrtEnvironment created = OrtEnvironment.getEnvironment();
                        created.setTelemetry(false);
                        result.set(created);
                    } catch (Throwable ex) {
                        result.set(ex);
                    }
                }, "onnxruntime-init", INIT_STACK_BYTES);
                t.start();
                try {
                    t.join();
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw DanceLensException.internal("Starting ONNX Runtime was interrupted.", ex);
                }
                if (result.get() instanceof Throwable ex) {
                    throw DanceLensException.internal("ONNX Runtime could not be started: " + ex.getMessage(), ex);
                }
                env = (OrtEnvironment) result.get();
            }
            return env;
        }
    }

    /** Whether this ONNX Runtime build has the CUDA provider (the {@code cuda} Maven profile) — not whether a GPU can be used. */
    public static boolean cudaBuild() {
        // The CPU-only ONNX Runtime jar has no CUDA provider library: then nothing needs loading to say so (loading the
        // runtime's native library takes a good part of a second, at every start of the workbench, which asks).
        if (!hasCudaProviderLibrary()) {
            return false;
        }
        environment();
        EnumSet<ai.onnxruntime.OrtProvider> p = OrtEnvironment.getAvailableProviders();
        return p.contains(ai.onnxruntime.OrtProvider.CUDA);
    }

    /** Whether the ONNX Runtime jar on the class path carries the CUDA provider's library (onnxruntime_gpu does). */
    static boolean hasCudaProviderLibrary() {
        ClassLoader l = OrtEnvironment.class.getClassLoader();
        for (String lib : new String[] {"linux-x64/libonnxruntime_providers_cuda.so", "linux-aarch64/libonnxruntime_providers_cuda.so",
            "win-x64/onnxruntime_providers_cuda.dll"}) {
            if (l.getResource("ai/onnxruntime/native/" + lib) != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Tries GPU {@code n}: opens a tiny model (one Add) with ONNX Runtime's CUDA provider on that device and runs it
     * once. Asked once per device index and process; the outcome is kept.
     */
    public static GpuProbe probe(int gpu) {
        if (gpu < 0) {
            throw new IllegalArgumentException("No such GPU index: " + gpu);
        }
        return PROBES.computeIfAbsent(gpu, OrtRuntime::tryGpu);
    }

    private static GpuProbe tryGpu(int gpu) {
        if (!cudaBuild()) {
            return new GpuProbe(false, null);
        }
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.addCUDA(gpu);
            try (OrtSession s = environment().createSession(tinyModel(), o);
                 OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[] {1f, 2f}), new long[] {2});
                 OrtSession.Result r = s.run(Map.of("x", x))) {
                float[] y = (float[]) r.get(0).getValue();
                if (y.length != 2 || y[0] != 2f || y[1] != 4f) {
                    return new GpuProbe(true, "the probe model gave wrong numbers on the GPU");
                }
            }
            return new GpuProbe(true, null);
        } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
            org.slf4j.LoggerFactory.getLogger(OrtRuntime.class).info("GPU {} cannot be used: {}", gpu, e.getMessage(), e);
            return new GpuProbe(true, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    /** y = x + x over two floats: the smallest model that makes the CUDA provider do work. */
    static byte[] tinyModel() {
        org.dancelens.inference.graph.GraphBuilder g = org.dancelens.inference.graph.GraphBuilder.create("gpu-probe");
        g.input(org.dancelens.inference.graph.GraphBuilder.valueInfo("x", ai.onnx.proto.OnnxMl.TensorProto.DataType.FLOAT, null, 2));
        g.node("Add", "add", List.of("x", "x"), List.of("y"), null);
        g.output(org.dancelens.inference.graph.GraphBuilder.valueInfo("y", ai.onnx.proto.OnnxMl.TensorProto.DataType.FLOAT, null, 2));
        return g.model(13).setProducerName("DanceLens GPU probe").build().toByteArray();
    }

    /**
     * Why GPU {@code gpu} cannot be used, as one sentence, or null when it can — from a probe's raw outcome alone (no
     * GPU needed to test it): no CUDA build; no GPU, or no GPU of that number; the NVIDIA driver, or a CUDA or cuDNN
     * library, missing; otherwise ONNX Runtime's own first line.
     */
    public static String gpuProblem(int gpu, GpuProbe probe) {
        String why = gpuReason(gpu, probe);
        return why == null ? null : "GPU " + gpu + " cannot be used: " + why + "; " + USE_THE_CPU + ".";
    }

    /** The reason alone, as a fragment ({@code "no NVIDIA GPU was found"}), or null when the GPU can be used. */
    public static String gpuReason(int gpu, GpuProbe probe) {
        if (probe.usable()) {
            return null;
        }
        if (!probe.cudaBuild()) {
            return "this build of DanceLens has the CPU-only ONNX Runtime (build it with 'mvn -Pcuda' for onnxruntime_gpu, which needs an"
                    + " NVIDIA GPU with CUDA 12 and cuDNN 9)";
        }
        String raw = firstLine(probe.error());
        String e = raw.toLowerCase(Locale.ROOT);
        if (e.contains("invalid device ordinal") || e.contains("cudaerrorinvaliddevice") || e.contains("cuda failure 101")) {
            return "there is no GPU " + gpu + " (CUDA numbers the GPUs from 0)";
        } else if (e.contains("no cuda-capable device") || e.contains("cudaerrornodevice") || e.contains("cuda failure 100")) {
            return "no NVIDIA GPU was found";
        } else if (e.contains("libcuda.so") || e.contains("nvcuda.dll") || e.contains("driver version is insufficient")
                || e.contains("cudaerrorinsufficientdriver") || e.contains("cuda failure 35") || e.contains("cuda driver")) {
            return "the NVIDIA driver is missing or too old for CUDA 12 (" + raw + ")";
        } else if (e.contains("cudnn")) {
            return "the cuDNN 9 library is missing (" + raw + ")";
        } else if (e.contains("cannot open shared object") || e.contains("failed to load library") || e.contains("loadlibrary")
                || e.contains("error loading") || e.contains(".so") || e.contains(".dll")) {
            return "a CUDA 12 library is missing (" + raw + ")";
        }
        return "ONNX Runtime's CUDA provider failed (" + raw + ")";
    }

    /** {@link #gpuProblem(int, GpuProbe)} for this machine, probed (once per device) by {@link #probe}. */
    public static String gpuProblem(int gpu) {
        return gpuProblem(gpu, probe(gpu));
    }

    /**
     * The device itself when models can run on it: the CPU always, a GPU when {@link #probe its probe} ran.
     *
     * @throws DanceLensException for a GPU that cannot be used: one sentence saying why — never a quiet CPU instead
     */
    public static Device resolve(Device requested) {
        Device d = requested == null ? Device.CPU : requested;
        if (d.isGpu()) {
            String problem = gpuProblem(d.gpu());
            if (problem != null) {
                throw DanceLensException.badInput(problem);
            }
        }
        return d;
    }

    /** Session options for the device ({@link #resolve resolved} first: a GPU that cannot be used is an error). */
    public static OrtSession.SessionOptions options(Device device, int intraOpThreads) {
        Device used = resolve(device);
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        try {
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (intraOpThreads > 0) {
                o.setIntraOpNumThreads(intraOpThreads);
            }
            if (used.isGpu()) {
                o.addCUDA(used.gpu());
            }
        } catch (OrtException e) {
            o.close();
            throw DanceLensException.internal("ONNX Runtime rejected the session options: " + firstLine(e.getMessage()), e);
        }
        return o;
    }

    /** One input or output of a model: its name, element type ({@code float32}, {@code int64}, ...) and shape, -1 for open dimensions; a non-tensor has type {@code non-tensor} and no shape. */
    public record Port(String name, String elementType, long[] shape) {
        public boolean isTensor() {
            return shape != null;
        }
    }

    /** What a model takes and gives, in the model's order, and the tool that produced it (null when it does not say). */
    public record Signature(List<Port> inputs, List<Port> outputs, String producer) {
        public List<String> inputNames() {
            return inputs.stream().map(Port::name).toList();
        }

        public List<String> outputNames() {
            return outputs.stream().map(Port::name).toList();
        }

        /** Shapes by name (null for a non-tensor), in the model's order. */
        public static Map<String, long[]> shapes(List<Port> ports) {
            Map<String, long[]> m = new LinkedHashMap<>();
            for (Port p : ports) {
                m.put(p.name(), p.shape() == null ? null : p.shape().clone());
            }
            return m;
        }
    }

    /**
     * The signature of the model file, read by a session without graph optimisation that is closed at once.
     *
     * @param what how a refusal names the model, e.g. {@code "The file m.onnx"}
     * @throws DanceLensException one sentence when ONNX Runtime cannot load the file
     */
    public static Signature signature(Path onnx, String what) {
        environment();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
            try (OrtSession s = env.createSession(onnx.toString(), o)) {
                return signature(s);
            }
        } catch (OrtException e) {
            throw OrtErrors.cannotLoad(onnx, what, e);
        }
    }

    /** As {@link #signature(Path, String)} for a model held in memory. */
    public static Signature signature(byte[] onnx, String what) {
        environment();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
            try (OrtSession s = env.createSession(onnx, o)) {
                return signature(s);
            }
        } catch (OrtException e) {
            throw OrtErrors.cannotLoad(onnx, what, e);
        }
    }

    private static Signature signature(OrtSession s) throws OrtException {
        String producer = s.getMetadata().getProducerName();
        return new Signature(ports(s.getInputInfo()), ports(s.getOutputInfo()), producer == null || producer.isBlank() ? null : producer);
    }

    private static List<Port> ports(Map<String, NodeInfo> info) {
        List<Port> l = new ArrayList<>();
        for (Map.Entry<String, NodeInfo> e : info.entrySet()) {
            if (e.getValue().getInfo() instanceof TensorInfo ti) {
                long[] shape = ti.getShape().clone();
                for (int k = 0; k < shape.length; k++) {
                    shape[k] = shape[k] < 0 ? -1 : shape[k];
                }
                l.add(new Port(e.getKey(), elementType(ti.type), shape));
            } else {
                l.add(new Port(e.getKey(), "non-tensor", null));
            }
        }
        return l;
    }

    private static String elementType(OnnxJavaType t) {
        return switch (t) {
            case FLOAT -> "float32";
            case DOUBLE -> "float64";
            case FLOAT16 -> "float16";
            case BFLOAT16 -> "bfloat16";
            case INT8 -> "int8";
            case INT16 -> "int16";
            case INT32 -> "int32";
            case INT64 -> "int64";
            case UINT8 -> "uint8";
            case BOOL -> "bool";
            case STRING -> "string";
            default -> t.name().toLowerCase(Locale.ROOT);
        };
    }

    /**
     * A plain ONNX Runtime session on a model file, with the same options a DJL-loaded {@link OnnxModel} gets: the
     * reference {@code dancelens bench models} times DJL against. Nothing else in DanceLens runs models this way.
     */
    public static final class PlainSession implements AutoCloseable {
        private final String file;
        private final OrtSession session;

        private PlainSession(String file, OrtSession session) {
            this.file = file;
            this.session = session;
        }

        public static PlainSession open(Path onnx, Device device, int intraOpThreads) {
            Device used = resolve(device);
            try (OrtSession.SessionOptions o = options(used, intraOpThreads)) {
                return new PlainSession(String.valueOf(onnx.getFileName()), environment().createSession(onnx.toString(), o));
            } catch (OrtException e) {
                throw OrtErrors.cannotLoad(onnx, "The model file " + onnx.getFileName(), e);
            }
        }

        /** Runs the model on the inputs and returns every output (float or int32), as {@link OnnxModel#run} does. */
        public Map<String, TensorData> run(Map<String, TensorData> inputs) {
            var e0 = environment();
            Map<String, OnnxTensor> feeds = new HashMap<>();
            try {
                for (Map.Entry<String, TensorData> e : inputs.entrySet()) {
                    TensorData t = e.getValue();
                    feeds.put(e.getKey(), t.isFloat()
                            ? OnnxTensor.createTensor(e0, FloatBuffer.wrap(t.floats()), t.shape())
                            : OnnxTensor.createTensor(e0, IntBuffer.wrap(t.ints()), t.shape()));
                }
                Map<String, TensorData> out = new LinkedHashMap<>();
                try (OrtSession.Result r = session.run(feeds)) {
                    for (Map.Entry<String, OnnxValue> e : r) {
                        OnnxTensor t = (OnnxTensor) e.getValue();
                        long[] shape = t.getInfo().getShape();
                        if (t.getInfo().type == OnnxJavaType.FLOAT) {
                            FloatBuffer fb = t.getFloatBuffer();
                            float[] v = new float[fb.remaining()];
                            fb.get(v);
                            out.put(e.getKey(), TensorData.of(v, shape));
                        } else if (t.getInfo().type == OnnxJavaType.INT32) {
                            IntBuffer ib = t.getIntBuffer();
                            int[] v = new int[ib.remaining()];
                            ib.get(v);
                            out.put(e.getKey(), TensorData.ofInts(v, shape));
                        } else {
                            throw DanceLensException.badInput("The output " + e.getKey() + " of " + file + " has the type "
                                    + t.getInfo().type + ", which DanceLens does not read.");
                        }
                    }
                }
                return out;
            } catch (OrtException e) {
                throw DanceLensException.badInput("Running " + file + " failed: " + reason(e), e);
            } finally {
                feeds.values().forEach(OnnxTensor::close);
            }
        }

        @Override
        public void close() {
            try {
                session.close();
            } catch (OrtException e) {
                throw DanceLensException.internal("Closing the session of " + file + " failed.", e);
            }
        }
    }

    /**
     * ONNX Runtime's reason for a failure as a plain fragment for a sentence: the error code prefix, the file path it
     * repeats, the C++ source location and function signature taken off, on one line (the whole message goes to the
     * log with the exception).
     */
    public static String reason(OrtException e) {
        String r = OrtErrors.reason(e.getMessage());
        return r.isEmpty() ? "ONNX Runtime gave no reason (details in the log)." : r + ".";
    }

    private static String firstLine(String s) {
        if (s == null || s.isBlank()) {
            return "no reason given";
        }
        String l = s.strip();
        int nl = l.indexOf('\n');
        return nl > 0 ? l.substring(0, nl) : l;
    }
}
