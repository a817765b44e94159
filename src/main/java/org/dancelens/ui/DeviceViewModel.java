package org.dancelens.ui;

import java.util.function.IntFunction;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.TaskRunner;
import org.dancelens.inference.OrtRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one device setting of the workbench: where every model runs ({@code cpu} or {@code gpu:N}). A GPU is offered only
 * when its probe (a tiny session opened and run on it, in the background) says it can be used; when GPU 0 cannot, the
 * sentence why is {@link #unavailableProperty() given}. A kept choice of a GPU that cannot be used here is set back to
 * the CPU and the note says so — the status bar always shows the device models run on.
 */
public class DeviceViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceViewModel.class);
    /** GPUs past this many are not probed. */
    static final int MAX_GPUS = 8;

    private final StringProperty choice = new SimpleStringProperty("cpu");
    private final ObservableList<String> devices = FXCollections.observableArrayList("cpu");
    private final ReadOnlyStringWrapper unavailable = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper runsOn = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper probed = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper help = new ReadOnlyStringWrapper();

    /** Probes the GPUs of this machine ({@link OrtRuntime#probe}). */
    public DeviceViewModel(TaskRunner tasks) {
        this(tasks, OrtRuntime::probe);
    }

    /** @param probe the raw outcome of trying GPU n (the real probe, or a given outcome in tests) */
    public DeviceViewModel(TaskRunner tasks, IntFunction<OrtRuntime.GpuProbe> probe) {
        help.bind(javafx.beans.binding.Bindings.createStringBinding(() -> unavailable.get().isEmpty()
                ? "Where every model runs: the CPU, or a GPU that passed its probe (a tiny model run on it)" : unavailable.get(), unavailable));
        choice.addListener((o, a, b) -> describe());
        describe();
        // GPU 0, then 1, ... while they can be used; probing loads the native library, so not on the UI thread.
        tasks.submit("Devices", ctx -> {
            java.util.List<Object> found = new java.util.ArrayList<>();
            for (int n = 0; n < MAX_GPUS; n++) {
                String problem = OrtRuntime.gpuProblem(n, probe.apply(n));
                if (problem != null) {
                    if (n == 0) {
                        found.add(problem);
                    }
                    break;
                }
                found.add(OrtRuntime.Device.gpu(n));
            }
            return found;
        }, TaskRunner.Callbacks.of(found -> {
            for (Object f : found) {
                if (f instanceof OrtRuntime.Device d) {
                    devices.add(d.toString());
                } else {
                    unavailable.set(String.valueOf(f));
                }
            }
            probed.set(true);
            describe();
        }, e -> {
            LOG.warn("Could not probe the GPUs: {}", e.getMessage(), e);
            unavailable.set("The GPUs could not be probed: " + e.getMessage());
            probed.set(true);
            describe();
        }));
    }

    /**
     * The device models run on. Until the probe has answered, a kept GPU choice stands (a job started then probes it
     * itself and is refused with the sentence if it cannot be used).
     */
    public OrtRuntime.Device chosen() {
        try {
            return OrtRuntime.Device.parse(choice.get());
        } catch (DanceLensException e) {
            return OrtRuntime.Device.CPU; // not reached: describe() sets a choice that is no device back to the CPU and says so
        }
    }

    /** Checks the choice against the devices offered and says where models run. */
    private void describe() {
        OrtRuntime.Device d;
        try {
            d = OrtRuntime.Device.parse(choice.get());
        } catch (DanceLensException e) {
            choice.set("cpu");
            runsOn.set("Models run on: cpu (the setting was not a device: " + e.getMessage() + ")");
            return;
        }
        if (!d.toString().equals(choice.get())) {
            choice.set(d.toString()); // an older spelling (CPU, CUDA) kept from before
            return;
        }
        if (probed.get() && !devices.contains(d.toString())) {
            String was = d.toString();
            choice.set("cpu");
            runsOn.set("Models run on: cpu (" + was + " was chosen before, but cannot be used here)");
            return;
        }
        runsOn.set("Models run on: " + d + (probed.get() || !d.isGpu() ? "" : " (not tried yet)"));
    }

    /** The choice, {@code cpu} or {@code gpu:N} (kept between runs). */
    public StringProperty choiceProperty() {
        return choice;
    }

    /** The devices offered: the CPU, and each GPU whose probe passed. */
    public ObservableList<String> devices() {
        return devices;
    }

    /** Why no GPU is offered (one sentence; empty when one is, or before the probe has answered). */
    public ReadOnlyStringProperty unavailableProperty() {
        return unavailable.getReadOnlyProperty();
    }

    /** "Models run on: cpu", for the status bar. */
    public ReadOnlyStringProperty runsOnProperty() {
        return runsOn.getReadOnlyProperty();
    }

    /** The chooser's help: why no GPU is offered, when none is. */
    public ReadOnlyStringProperty helpProperty() {
        return help.getReadOnlyProperty();
    }

    /** True once the GPUs have been probed. */
    public ReadOnlyBooleanProperty probedProperty() {
        return probed.getReadOnlyProperty();
    }
}
