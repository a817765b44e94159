package org.dancelens.ui;

import java.time.Duration;
import java.time.Instant;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;

/**
 * Start-up timing of the workbench, for measuring (jlink/measure-startup.sh): with {@code DANCELENS_STARTUP_REPORT}
 * set in the environment, the moment the first video frame has been painted is printed on standard output as
 * {@code first-frame-painted epoch-ms=… since-process-start-ms=…}; with the value {@code exit}, the workbench then
 * closes. Unset (the normal case), nothing happens.
 *
 * <p>"Painted" is taken at the start of the pulse after the one that drew the frame: JavaFX renders a pulse's scene
 * on its render thread before it starts the next pulse, so the time is at most one pulse (about 17 ms) late, never
 * early.
 */
public final class StartupReport {
    private static final String MODE = System.getenv("DANCELENS_STARTUP_REPORT");
    private static boolean done;

    private StartupReport() {
    }

    /** Called by the player view each time it draws a video frame; on the FX thread. */
    public static void frameDrawn() {
        if (MODE == null || MODE.isBlank() || done) {
            return;
        }
        done = true;
        new AnimationTimer() {
            private int pulses;

            @Override
            public void handle(long now) {
                // The first call is in the pulse that renders the drawn frame; the second starts the pulse after it.
                if (++pulses < 2) {
                    return;
                }
                stop();
                long epochMs = System.currentTimeMillis();
                long sinceStart = ProcessHandle.current().info().startInstant()
                        .map(s -> Duration.between(s, Instant.ofEpochMilli(epochMs)).toMillis()).orElse(-1L);
                System.out.println("first-frame-painted epoch-ms=" + epochMs + " since-process-start-ms=" + sinceStart);
                System.out.flush();
                if (MODE.trim().equals("exit")) {
                    Platform.exit();
                }
            }
        }.start();
    }
}
