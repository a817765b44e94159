package org.dancelens.video;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.TaskContext;
import org.dancelens.core.VideoFrame;

/**
 * Sequential reading on a thread of its own, a few frames ahead of the consumer (a bounded queue), so decoding and
 * inference overlap. The consumer {@link #next polls} frames, undecodable-frame notices and the end (with the
 * decoder's failure, if any). {@link #close()} always ends the reading thread, whatever state the consumer is in:
 * the thread never blocks on a full queue without looking at the stop flag, so a consumer that fails (a store write
 * that throws, a model that fails) cannot leave it holding the video.
 */
public final class DecodeAhead implements AutoCloseable {
    /** What the reading thread gives out, in frame order. */
    public sealed interface Item permits Frame, Planes, Undecodable, End {
    }

    /** A decoded frame. */
    public record Frame(VideoFrame frame) implements Item {
    }

    /** A decoded frame as the decoder's planes (only from {@link #startPlanes}). */
    public record Planes(YuvFrame frame) implements Item {
    }

    /** A frame of the range that could not be decoded (see {@link VideoSource.DamageSink}). */
    public record Undecodable(int frame) implements Item {
    }

    /** The end of the range, of what could be read, or of reading after a failure ({@code error} non-null). */
    public record End(RuntimeException error) implements Item {
    }

    /** How long {@link #close()} waits for the reading thread (it is between two pictures within milliseconds). */
    private static final long JOIN_MILLIS = 10_000;

    private final BlockingQueue<Item> queue;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread;

    private DecodeAhead(VideoSource src, int from, int to, int capacity, TaskContext ctx, boolean planes) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = new Thread(null, () -> run(src, from, to, ctx, planes), "dancelens-decode", 16L << 20);
        thread.setDaemon(true);
    }

    /** Starts reading frames {@code from} to {@code to} (exclusive) of {@code src}, at most {@code capacity} ahead. */
    public static DecodeAhead start(VideoSource src, int from, int to, int capacity, TaskContext ctx) {
        DecodeAhead d = new DecodeAhead(src, from, to, capacity, ctx, false);
        d.thread.start();
        return d;
    }

    /**
     * {@link #start}, giving frames as the decoder's planes ({@link Planes}) where {@link VideoSource#readPictures} can,
     * as BGRA ({@link Frame}) otherwise.
     */
    public static DecodeAhead startPlanes(VideoSource src, int from, int to, int capacity, TaskContext ctx) {
        DecodeAhead d = new DecodeAhead(src, from, to, capacity, ctx, true);
        d.thread.start();
        return d;
    }

    private void run(VideoSource src, int from, int to, TaskContext ctx, boolean planes) {
        RuntimeException error = null;
        try {
            if (planes) {
                src.readPictures(from, to, new VideoSource.PictureSink() {
                    @Override
                    public boolean planes(YuvFrame f) {
                        return offer(new Planes(f), ctx);
                    }

                    @Override
                    public boolean bgra(VideoFrame f) {
                        return offer(new Frame(f), ctx);
                    }
                }, n -> offer(new Undecodable(n), ctx), TaskContext.NONE);
            } else {
                src.read(from, to, f -> offer(new Frame(f), ctx), n -> offer(new Undecodable(n), ctx), TaskContext.NONE);
            }
        } catch (DanceLensException e) {
            error = e;
        } catch (RuntimeException | Error e) {
            error = DanceLensException.internal("Decoding failed: " + e.getMessage(), e);
        } finally {
            // The end marker always goes in unless the consumer has gone: then nobody is waiting for it.
            while (!stop.get()) {
                try {
                    if (queue.offer(new End(error), 100, TimeUnit.MILLISECONDS)) {
                        break;
                    }
                } catch (InterruptedException e) {
                    break;
                }
            }
        }
    }

    /** @return false when reading should stop (the consumer closed, or the job was cancelled) */
    private boolean offer(Item item, TaskContext ctx) {
        try {
            while (!queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                if (stop.get() || ctx.isCancelled()) {
                    return false;
                }
            }
            return !stop.get() && !ctx.isCancelled();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The next item, or null when none arrived within the timeout. */
    public Item next(long timeout, TimeUnit unit) throws InterruptedException {
        return queue.poll(timeout, unit);
    }

    /** Stops the reading thread and waits for it (it releases the video). Safe to call more than once. */
    @Override
    public void close() {
        stop.set(true);
        thread.interrupt();
        queue.clear();
        boolean interrupted = false;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(JOIN_MILLIS);
        while (thread.isAlive() && System.nanoTime() < deadline) {
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the reading thread has ended (for tests). */
    boolean isFinished() {
        return !thread.isAlive();
    }
}
