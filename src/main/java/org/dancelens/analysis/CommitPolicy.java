package org.dancelens.analysis;

import java.util.function.LongSupplier;

/**
 * When a job commits what it has computed to the results store: as soon as a second of work has passed or a second of
 * video has been analysed since the last commit, whichever comes first. So a process that is killed loses at most the
 * last second, counted either way: a slow model on a long video loses at most a second of the user's waiting, a fast
 * model at most a second of the video (frames held back by the tracker's short delay aside).
 */
final class CommitPolicy {
    private static final long SECOND = 1_000_000_000L;
    private final int framesPerSecond;
    private final LongSupplier clock;
    private long last;

    /**
     * @param fps   the video's frame rate (a second of video); not a positive number: seconds of work only
     * @param clock nanoseconds, as {@link System#nanoTime()}
     */
    CommitPolicy(double fps, LongSupplier clock) {
        this.framesPerSecond = fps > 0 && fps < Integer.MAX_VALUE ? Math.max(1, (int) Math.floor(fps)) : Integer.MAX_VALUE;
        this.clock = clock;
        this.last = clock.getAsLong();
    }

    /** Whether to commit now, with {@code unstored} frames analysed and not yet in the store. */
    boolean due(int unstored) {
        return unstored >= framesPerSecond || clock.getAsLong() - last >= SECOND;
    }

    /** Records that everything computed so far has been committed. */
    void committed() {
        last = clock.getAsLong();
    }
}
