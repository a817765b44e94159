package org.dancelens.inference;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicReference;
import org.dancelens.core.DanceLensException;

/**
 * The process-wide ONNX Runtime environment and the choice of device.
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
                        // DJL's engine (the model zoo of inference.zoo) creates the environment with its threading
                        // options, and ONNX Runtime refuses to make a second one with other options: DJL's engine is
                        // started first, and its environment shared
                        ai.djl.engine.Engine.getEngine("OnnxRuntime");
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
