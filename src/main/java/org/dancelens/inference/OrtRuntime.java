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

    /** Where a session runs. */
    public enum Device { CPU, CUDA }

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

    /** Session options for the device: CUDA when asked for and available, CPU otherwise. */
    public static OrtSession.SessionOptions options(Device device, int intraOpThreads) {
        environment();
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        try {
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (intraOpThreads > 0) {
                o.setIntraOpNumThreads(intraOpThreads);
            }
            if (device == Device.CUDA && cudaAvailable()) {
                o.addCUDA(0);
            }
        } catch (OrtException e) {
            o.close();
            throw DanceLensException.internal("ONNX Runtime rejected the session options: " + e.getMessage(), e);
        }
        return o;
    }
}
