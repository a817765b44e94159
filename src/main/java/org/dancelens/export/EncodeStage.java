package org.dancelens.export;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.dancelens.core.CancelledException;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.TaskContext;

/**
 * The encoder on a thread of its own: pictures drawn on the caller's thread are handed over in frame order (a bounded
 * queue) and encoded while the next is drawn. The pictures live in a few direct buffers that go round between the two
 * threads ({@link #buffer} takes a free one, {@link #submit} hands it over, the encoder gives it back after encoding),
 * so nothing is copied and a buffer is never drawn into while it is being encoded.
 *
 * <p>Whatever ends the export ends the thread: {@link #finish} hands over the end and waits for the last picture; a
 * failure of the encoder is thrown on the caller's thread at its next call; {@link #close} (a failure or a cancel on the
 * caller's side) stops the thread without encoding what is left. No call waits longer than a tenth of a second without
 * looking at the other side's failure and at the job's cancel.
 */
final class EncodeStage implements AutoCloseable {
    /** Encodes one picture (on the encoder's thread). */
    @FunctionalInterface
    interface Encoder {
        void encode(Picture p) throws Exception;
    }

    /** A drawn picture: its pixels (B, G, R, x; or with {@code yuv} the Y, U and V planes of yuv420p), size and time. */
    record Picture(ByteBuffer pixels, int width, int height, double timeSeconds, long pts, boolean yuv) {
        /** A picture of B, G, R, x bytes. */
        Picture(ByteBuffer pixels, int width, int height, double timeSeconds, long pts) {
            this(pixels, width, height, timeSeconds, pts, false);
        }
    }

    private static final Picture END = new Picture(null, 0, 0, 0, 0);
    private static final long POLL_MILLIS = 100;
    /** How long {@link #close} waits for the thread: it is inside one encoder call at most. */
    private static final long JOIN_MILLIS = 10_000;

    private final BlockingQueue<Picture> pictures;
    private final BlockingQueue<ByteBuffer> free;
    private final int buffers;
    private int allocated;
    private final Encoder encoder;
    private final TaskContext ctx;
    private final Thread thread;
    private volatile boolean stop;
    private volatile Throwable failure;

    /**
     * @param buffers pictures in flight (drawn, queued or being encoded), at least 2
     */
    EncodeStage(int buffers, Encoder encoder, TaskContext ctx) {
        this.buffers = Math.max(2, buffers);
        this.pictures = new ArrayBlockingQueue<>(this.buffers + 1);
        this.free = new ArrayBlockingQueue<>(this.buffers);
        this.encoder = encoder;
        this.ctx = ctx;
        this.thread = new Thread(this::run, "dancelens-encode");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (!stop) {
                Picture p = pictures.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (p == null) {
                    continue;
                }
                if (p == END) {
                    return;
                }
                encoder.encode(p);
                free.add(p.pixels());
            }
        } catch (InterruptedException e) {
            // closed
        } catch (Throwable e) {
            failure = e;
        }
    }

    /**
     * A free buffer of at least {@code bytes} (little-endian, direct) to draw the next picture into, waiting for the
     * encoder to give one back when all are in flight.
     */
    ByteBuffer buffer(int bytes) throws Exception {
        while (true) {
            rethrow();
            ByteBuffer b = free.poll();
            if (b == null && allocated < buffers) {
                allocated++;
                return ByteBuffer.allocateDirect(bytes).order(ByteOrder.LITTLE_ENDIAN);
            }
            if (b == null) {
                b = free.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            }
            if (b != null) {
                if (b.capacity() >= bytes) {
                    b.clear();
                    return b;
                }
                allocated--; // a bigger picture than before: this buffer is let go
            }
            cancelled();
        }
    }

    /** Hands a drawn picture to the encoder (in frame order). */
    void submit(Picture p) throws Exception {
        while (!pictures.offer(p, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
            rethrow();
            cancelled();
        }
    }

    /** Hands over the end and waits until every picture handed over is encoded; the encoder's failure is thrown here. */
    void finish() throws Exception {
        submit(END);
        while (thread.isAlive()) {
            rethrow();
            cancelled();
            thread.join(POLL_MILLIS);
        }
        rethrow();
    }

    private void cancelled() {
        if (ctx.isCancelled()) {
            throw new CancelledException("Encoding");
        }
    }

    /** The encoder thread's failure, thrown as it was (a checked one as it came, for the caller to word). */
    private void rethrow() throws Exception {
        Throwable t = failure;
        if (t == null) {
            return;
        }
        if (t instanceof Exception e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw DanceLensException.internal("Encoding failed: " + t, t);
    }

    /** Whether the encoder thread has ended (for tests). */
    boolean isFinished() {
        return !thread.isAlive();
    }

    /** Stops the encoder thread (what is still queued is not encoded) and waits for it. Safe to call more than once. */
    @Override
    public void close() {
        stop = true;
        pictures.clear();
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
}
