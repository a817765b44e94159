package org.dancelens.cli;

import java.io.PrintWriter;
import org.dancelens.inference.OrtRuntime;
import picocli.CommandLine.Option;

/** {@code --device CPU|CUDA|AUTO}: where ONNX Runtime runs the models of a command. */
final class DeviceOption {
    @Option(names = "--device", defaultValue = "CPU", paramLabel = "CPU|CUDA|AUTO",
            description = "CPU (default); CUDA, which needs the cuda build and an NVIDIA GPU (else an error saying how to get it);"
                    + " or AUTO: CUDA when it can be had, else the CPU (the output says which)")
    OrtRuntime.Device requested;

    /**
     * The device to run on: CUDA that cannot be had is an error (one sentence saying why and how to get it); for AUTO
     * one line on {@code out} says which device it chose and why.
     */
    OrtRuntime.Device resolve(PrintWriter out) {
        OrtRuntime.Device used = OrtRuntime.resolve(requested);
        if (requested == OrtRuntime.Device.AUTO) {
            out.println(used == OrtRuntime.Device.CUDA ? "device: CUDA (AUTO)" : "device: CPU (AUTO: " + OrtRuntime.cudaProblem() + ")");
        }
        return used;
    }
}
