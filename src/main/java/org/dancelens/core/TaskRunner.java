package org.dancelens.core;

import java.util.function.Consumer;

/**
 * Runs background jobs with progress and cancellation. Callbacks are delivered through the executor
 * the runner was made with: {@code Platform::runLater} in the app, the calling thread in tests and the CLI.
 */
public interface TaskRunner extends AutoCloseable {

    /** The work itself: runs on a worker thread, reports through the context. */
    @FunctionalInterface
    interface Job<T> {
        T run(TaskContext context) throws Exception;
    }

    /** Progress, success and failure callbacks, all delivered on the runner's callback executor. */
    interface Callbacks<T> {
        default void progress(double fraction, String message) {
        }

        void succeeded(T result);

        /** The error is a {@link DanceLensException} (cancellation is a {@link CancelledException}). */
        void failed(DanceLensException error);

        static <T> Callbacks<T> of(Consumer<T> onSuccess, Consumer<DanceLensException> onFailure) {
            return new Callbacks<>() {
                @Override
                public void succeeded(T result) {
                    onSuccess.accept(result);
                }

                @Override
                public void failed(DanceLensException error) {
                    onFailure.accept(error);
                }
            };
        }
    }

    /** A running job. */
    interface Handle {
        void cancel();

        boolean isDone();
    }

    <T> Handle submit(String title, Job<T> job, Callbacks<T> callbacks);

    @Override
    void close();
}
