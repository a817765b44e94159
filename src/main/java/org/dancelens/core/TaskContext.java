package org.dancelens.core;

/** Handed to a running background task: report progress, and check whether the user cancelled. */
public interface TaskContext {
    /**
     * Reports progress.
     *
     * @param fraction 0..1, or a negative number when the amount of work is unknown
     * @param message  a short status line, e.g. {@code "Indexing frames: 1200 / 4000"}
     */
    void progress(double fraction, String message);

    boolean isCancelled();

    /** Throws {@link CancelledException} when the task was cancelled. */
    default void checkCancelled() {
        if (isCancelled()) {
            throw new CancelledException("The task");
        }
    }

    /** A context that never cancels and ignores progress (for synchronous use). */
    TaskContext NONE = new TaskContext() {
        @Override
        public void progress(double fraction, String message) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }
    };
}
