package org.dancelens.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.dancelens.core.TaskContext;

/**
 * A terminal progress bar (on stderr) for long CLI work. It appears only once the work has taken more than half a
 * second, so quick commands print nothing extra.
 */
final class CliProgress implements TaskContext, AutoCloseable {
    private static final long SCALE = 1000;
    private final String title;
    private final long startNanos = System.nanoTime();
    private ProgressBar bar;
    private volatile boolean cancelled;

    CliProgress(String title) {
        this.title = title;
    }

    @Override
    public synchronized void progress(double fraction, String message) {
        if (bar == null) {
            // Only on a terminal, and only for work that takes more than half a second.
            if (System.console() == null || System.nanoTime() - startNanos < 500_000_000L) {
                return;
            }
            bar = new ProgressBarBuilder()
                    .setTaskName(title)
                    .setInitialMax(fraction >= 0 ? SCALE : -1)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(200)
                    .setMaxRenderedLength(100)
                    .continuousUpdate()
                    .build();
        }
        if (fraction >= 0) {
            bar.stepTo(Math.round(fraction * SCALE));
        }
        bar.setExtraMessage(message);
    }

    @Override
    public boolean isCancelled() {
        return cancelled || Thread.currentThread().isInterrupted();
    }

    void cancel() {
        cancelled = true;
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
