package org.dancelens.testsupport;

import java.nio.file.Path;
import java.util.List;
import org.dancelens.analysis.PoseAnalysis;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.core.TaskContext;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OrtRuntime;

/**
 * A pose analysis that is killed with {@code kill -9} at a known point, for the test of what a killed process keeps:
 * {@code KilledAnalysis VIDEO MODELS_DIR MODEL_ID STORE N} runs the pose job as {@code dancelens analyze VIDEO --pose
 * MODEL_ID --store STORE} does, and as soon as the job reports that at least N frames are analysed, prints
 * {@code analysed K} (the frames analysed at that moment) on stdout and sends itself SIGKILL (no shutdown hooks, no
 * closing of the store, exactly as a user's {@code kill -9}). Runs in a JVM of its own.
 */
public final class KilledAnalysis {
    private KilledAnalysis() {
    }

    public static void main(String[] args) throws Exception {
        Path video = Path.of(args[0]);
        ModelRegistry.Entry model = ModelRegistry.scan(List.of(Path.of(args[1]))).find(args[2]);
        int killAt = Integer.parseInt(args[4]);
        long pid = ProcessHandle.current().pid();
        TaskContext killer = new TaskContext() {
            @Override
            public void progress(double fraction, String message) {
                // the job's progress: "frame K of N, ..." once frame K-1 is analysed (the run starts at frame 0)
                if (!message.startsWith("frame ")) {
                    return;
                }
                int analysed = Integer.parseInt(message.substring(6, message.indexOf(" of ")));
                if (analysed >= killAt) {
                    System.out.println("analysed " + analysed);
                    System.out.flush();
                    try {
                        new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start().waitFor();
                        Thread.sleep(60_000); // the signal ends the process before this does
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }

            @Override
            public boolean isCancelled() {
                return false;
            }
        };
        try (ResultsStore store = ResultsStore.open(Path.of(args[3]))) {
            PoseAnalysis.run(video, model, store, 0, -1, PoseAnalysis.Settings.defaults(), OrtRuntime.Device.CPU, killer);
        }
        System.out.println("finished without being killed");
    }
}
