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

    /**
     * A context for one part of this task's work: its progress fills {@code [lo, hi]} of this task's bar, its messages
     * get {@code prefix} in front, and it is cancelled when this task is.
     */
    default TaskContext scaled(double lo, double hi, String prefix) {
        TaskContext parent = this;
        return new TaskContext() {
            @Override
            public void progress(double fraction, String message) {
                parent.progress(fraction < 0 ? fraction : lo + (hi - lo) * fraction, prefix + message);
            }

            @Override
            public boolean isCancelled() {
                return parent.isCancelled();
            }
        };
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
