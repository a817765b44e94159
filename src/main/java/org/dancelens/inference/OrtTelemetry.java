package org.dancelens.inference;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps ONNX Runtime's telemetry off. ONNX Runtime 1.29 on Linux records events (process information, every session
 * created, system metrics, execution provider use) with a device id in a database under the user's cache folder
 * ({@code ~/.cache/Microsoft/DeveloperTools/.onnxruntime/onnxruntime.db}) unless the environment variable
 * {@code ORT_DISABLE_TELEMETRY} is set when it starts; a research tool must not. The variable is set for this process
 * (through the C library, so the native code sees it) before ONNX Runtime is loaded, when the launcher did not set it
 * already; {@code OrtEnvironment.setTelemetry(false)} is called as well once the environment exists.
 */
final class OrtTelemetry {
    static final String VARIABLE = "ORT_DISABLE_TELEMETRY";
    private static final Logger LOG = LoggerFactory.getLogger(OrtTelemetry.class);

    private OrtTelemetry() {
    }

    interface Posix extends Library {
        int setenv(String name, String value, int overwrite);
    }

    interface Msvcrt extends Library {
        int _putenv_s(String name, String value);
    }

    /** Sets {@value #VARIABLE} for this process's native code; true when it is set (already, or now). */
    static boolean disableBeforeLoading() {
        if (System.getenv(VARIABLE) != null) {
            return true;
        }
        try {
            int rc = Platform.isWindows() ? Native.load("msvcrt", Msvcrt.class)._putenv_s(VARIABLE, "1")
                    : Native.load("c", Posix.class).setenv(VARIABLE, "1", 1);
            if (rc != 0) {
                LOG.warn("Could not set {} (error {}); ONNX Runtime may keep its telemetry database in the user's cache folder", VARIABLE, rc);
            }
            return rc == 0;
        } catch (LinkageError | RuntimeException e) {
            LOG.warn("Could not set {}; ONNX Runtime may keep its telemetry database in the user's cache folder", VARIABLE, e);
            return false;
        }
    }
}
