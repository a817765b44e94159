package org.dancelens.core;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@link TaskRunner} over a pool of daemon worker threads. Progress callbacks are coalesced: at most one is
 * queued on the callback executor at a time, so a fast job cannot flood the UI thread.
 */
public final class ExecutorTaskRunner implements TaskRunner {
    private final ExecutorService workers;
    private final Executor callbacks;

    public ExecutorTaskRunner(int threads, Executor callbackExecutor) {
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(threads, r -> {
            // Native libraries (ONNX Runtime, FFmpeg) want more stack than the JVM's 1 MB default.
            Thread t = new Thread(null, r, "dancelens-task-" + n.incrementAndGet(), 16L << 20);
            t.setDaemon(true);
            return t;
        });
        this.callbacks = callbackExecutor;
    }

    /** A runner whose callbacks run directly on the worker thread (CLI, tests). */
    public static ExecutorTaskRunner direct(int threads) {
        return new ExecutorTaskRunner(threads, Runnable::run);
    }

    @Override
    public <T> Handle submit(String title, Job<T> job, Callbacks<T> cb) {
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicReference<double[]> pendingFraction = new AtomicReference<>();
        AtomicReference<String> pendingMessage = new AtomicReference<>("");
        AtomicBoolean progressQueued = new AtomicBoolean();
        AtomicBoolean done = new AtomicBoolean();
        TaskContext ctx = new TaskContext() {
            @Override
            public void progress(double fraction, String message) {
                pendingFraction.set(new double[] {fraction});
                pendingMessage.set(message);
                if (progressQueued.compareAndSet(false, true)) {
                    callbacks.execute(() -> {
                        progressQueued.set(false);
                        if (!done.get()) {
                            cb.progress(pendingFraction.get()[0], pendingMessage.get());
                        }
                    });
                }
            }

            @Override
            public boolean isCancelled() {
                return cancelled.get() || Thread.currentThread().isInterrupted();
            }

            @Override
            public void checkCancelled() {
                if (isCancelled()) {
                    throw new CancelledException(title);
                }
            }
        };
        Future<?> future = workers.submit(() -> {
            try {
                // A job that finished is reported as finished, even if a cancel arrived at the last moment: its
                // result may hold resources (an opened video) that the caller must receive to close them.
                T result = job.run(ctx);
                done.set(true);
                callbacks.execute(() -> cb.succeeded(result));
            } catch (Throwable t) {
                done.set(true);
                DanceLensException error;
                if (t instanceof DanceLensException d) {
                    error = d;
                } else if (cancelled.get() || t instanceof InterruptedException) {
                    error = new CancelledException(title);
                } else {
                    error = DanceLensException.internal(DanceLensException.userMessage(t), t);
                }
                callbacks.execute(() -> cb.failed(error));
            }
        });
        return new Handle() {
            @Override
            public void cancel() {
                cancelled.set(true);
            }

            @Override
            public boolean isDone() {
                return future.isDone();
            }
        };
    }

    @Override
    public void close() {
        workers.shutdownNow();
        try {
            workers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
