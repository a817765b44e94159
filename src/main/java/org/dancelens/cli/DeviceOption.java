package org.dancelens.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.dancelens.inference.OrtRuntime;
import picocli.CommandLine.Option;

/** {@code --device cpu|gpu[:N]}: where the models of a command run (DJL's {@code Device.cpu()} or {@code Device.gpu(N)}). */
final class DeviceOption {
    @Option(names = "--device", defaultValue = "cpu", paramLabel = "cpu|gpu[:N]",
            description = "cpu (default) or gpu[:N], GPU N (0 when not given), in any case. A GPU is tried first with a tiny model;"
                    + " one that cannot be used is an error saying why (a CPU-only build, no such GPU, a missing driver or"
                    + " CUDA/cuDNN library), never a quiet run on the CPU. Older spellings: CPU; CUDA = gpu:0; AUTO = gpu:0 when"
                    + " it can be used, else the CPU, and the output says which.")
    String requested;

    /**
     * The device to run on: a GPU that cannot be used is an error (one sentence saying why); for AUTO one line on
     * {@code out} says which device it chose and why.
     */
    OrtRuntime.Device resolve(PrintWriter out) {
        if (requested != null && requested.strip().toLowerCase(Locale.ROOT).equals("auto")) {
            String problem = OrtRuntime.gpuProblem(0);
            out.println(problem == null ? "device: gpu:0 (AUTO)" : "device: cpu (AUTO: GPU 0 cannot be used: " + OrtRuntime.gpuReason(0, OrtRuntime.probe(0)) + ")");
            return problem == null ? OrtRuntime.Device.gpu(0) : OrtRuntime.Device.CPU;
        }
        return OrtRuntime.resolve(OrtRuntime.Device.parse(requested));
    }
}
