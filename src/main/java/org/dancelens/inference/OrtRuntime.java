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
 * <li>the choice of device and the CUDA probe, which asks ONNX Runtime itself whether its CUDA provider loads;</li>
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
     * Where a session runs: {@code CPU}; {@code CUDA}, which must be had (the {@code cuda} build on a machine where ONNX
     * Runtime's CUDA provider loads) or is an error; or {@code AUTO}, CUDA when it can be had and the CPU otherwise.
     */
    public enum Device { CPU, CUDA, AUTO }

    /** How to get CUDA, for the sentences that say it cannot be had. */
    static final String HOW_TO_GET_CUDA = "build DanceLens with 'mvn -Pcuda' (ONNX Runtime's onnxruntime_gpu) and run it on a machine with"
            + " an NVIDIA GPU, CUDA 12 and cuDNN 9, or use --device CPU (or AUTO)";

    private static volatile String cudaProblem;
    private static volatile boolean cudaProbed;

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
                        ai.djl.engine.Engine.getEngine(OnnxModel.ENGINE);
                        result.set(OrtEnvironment.getEnvironment());
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

    /** Whether this ONNX Runtime build can use CUDA (the {@code cuda} Maven profile) — not whether a GPU is present. */
    public static boolean cudaAvailable() {
        EnumSet<ai.onnxruntime.OrtProvider> p = OrtEnvironment.getAvailableProviders();
        return p.contains(ai.onnxruntime.OrtProvider.CUDA);
    }

    /**
     * Why CUDA cannot be had here (one sentence fragment), or null when it can: this ONNX Runtime build has no CUDA
     * provider, or the provider does not load (no driver, CUDA or cuDNN libraries). Asked once per process.
     */
    public static String cudaProblem() {
        if (!cudaProbed) {
            synchronized (OrtRuntime.class) {
                if (!cudaProbed) {
                    environment();
                    String problem = null;
                    if (!cudaAvailable()) {
                        problem = "this build of DanceLens has the CPU-only ONNX Runtime";
                    } else {
                        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
                            o.addCUDA(0);
                        } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
                            org.slf4j.LoggerFactory.getLogger(OrtRuntime.class).info("ONNX Runtime's CUDA provider does not load: {}", e.getMessage(), e);
                            problem = "ONNX Runtime's CUDA provider does not load here (" + firstLine(e.getMessage()) + ")";
                        }
                    }
                    cudaProblem = problem;
                    cudaProbed = true;
                }
            }
        }
        return cudaProblem;
    }

    /**
     * The device a session will use for the one asked for: CPU stays CPU; AUTO is CUDA when it can be had, else CPU;
     * CUDA must be had.
     *
     * @throws DanceLensException for CUDA that cannot be had: one sentence saying why and how to get it
     */
    public static Device resolve(Device requested) {
        return switch (requested == null ? Device.CPU : requested) {
            case CPU -> Device.CPU;
            case AUTO -> cudaProblem() == null ? Device.CUDA : Device.CPU;
            case CUDA -> {
                String problem = cudaProblem();
                if (problem != null) {
                    throw DanceLensException.badInput("CUDA was asked for, but " + problem + ": " + HOW_TO_GET_CUDA + ".");
                }
                yield Device.CUDA;
            }
        };
    }

    /** Session options for the device ({@link #resolve resolved} first: CUDA that cannot be had is an error, AUTO may be the CPU). */
    public static OrtSession.SessionOptions options(Device device, int intraOpThreads) {
        Device used = resolve(device);
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        try {
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (intraOpThreads > 0) {
                o.setIntraOpNumThreads(intraOpThreads);
            }
            if (used == Device.CUDA) {
                o.addCUDA(0);
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
