package org.dancelens.export;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.dancelens.core.CancelledException;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.TaskContext;
import org.dancelens.render.OverlayScene;
import org.dancelens.video.YuvFrame;

/**
 * Two drawing lanes in front of the {@link EncodeStage}: frames taken in turn, one drawn on a second drawing thread
 * (with a {@link FramePainter} of its own: its own overlay buffer, renderer and conversion contexts) while the next is
 * drawn on the caller's thread with the caller's painter. The pictures go to the encoder strictly in frame order: each
 * frame the caller draws is handed over after the one the second thread drew before it ({@link #drain} waits for that,
 * a tenth of a second at a time, looking at the job's cancel and at the encoder's failure between).
 *
 * <p>{@link #close} ends the second thread (a failure or a cancel on the caller's side included) and frees its
 * painter; a failure on the second thread is thrown on the caller's thread at its next {@link #paint} or {@link #drain}.
 */
final class DrawLanes implements AutoCloseable {
    private static final long POLL_MILLIS = 100;
    private static final long JOIN_MILLIS = 10_000;

    private final EncodeStage stage;
    private final TaskContext ctx;
    private final FramePainter second = new FramePainter();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dancelens-draw");
        t.setDaemon(true);
        return t;
    });
    /** Pictures drawn or being drawn, in frame order, not yet handed to the encoder. */
    private final ArrayDeque<Future<EncodeStage.Picture>> pending = new ArrayDeque<>();
    private final AtomicLong nanos = new AtomicLong();
    private boolean secondsTurn = true;

    DrawLanes(EncodeStage stage, TaskContext ctx) {
        this.stage = stage;
        this.ctx = ctx;
    }

    /**
     * Draws {@code scene} over {@code f} into {@code planes} ({@link FramePainter#paintYuv}) on the lane whose turn it
     * is, and hands what is drawn to the encoder in frame order: a frame given to the second thread is handed over after
     * the caller draws the next one (or at {@link #drain}).
     */
    void paint(FramePainter own, YuvFrame f, OverlayScene scene, ByteBuffer planes, long pts) throws Exception {
        if (secondsTurn) {
            drain(); // the second thread is free again
            pending.add(thread.submit(() -> draw(second, f, scene, planes, pts)));
        } else {
            pending.add(CompletableFuture.completedFuture(draw(own, f, scene, planes, pts)));
            drain();
        }
        secondsTurn = !secondsTurn;
    }

    private EncodeStage.Picture draw(FramePainter painter, YuvFrame f, OverlayScene scene, ByteBuffer planes, long pts) {
        long d0 = System.nanoTime();
        ByteBuffer pixels = painter.paintYuv(f, scene, planes);
        nanos.addAndGet(System.nanoTime() - d0);
        return new EncodeStage.Picture(pixels, f.width(), f.height(), f.timeSeconds(), pts, true);
    }

    /** Hands every picture drawn so far to the encoder in frame order, waiting for the second thread's. */
    void drain() throws Exception {
        while (!pending.isEmpty()) {
            Future<EncodeStage.Picture> next = pending.peek();
            EncodeStage.Picture p;
            try {
                p = next.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (ctx.isCancelled()) {
                    throw new CancelledException("Drawing");
                }
                continue;
            } catch (ExecutionException e) {
                Throwable t = e.getCause();
                if (t instanceof Exception x) {
                    throw x;
                }
                if (t instanceof Error x) {
                    throw x;
                }
                throw DanceLensException.internal("Drawing failed: " + t, t);
            }
            pending.poll();
            stage.submit(p);
        }
    }

    /** Time spent drawing on both lanes, in nanoseconds. */
    long drawNanos() {
        return nanos.get();
    }

    /** Ends the second thread (what it is drawing is finished and dropped) and frees its painter. */
    @Override
    public void close() {
        pending.clear();
        thread.shutdownNow();
        boolean interrupted = false;
        boolean ended = false;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(JOIN_MILLIS);
        while (!ended && System.nanoTime() < deadline) {
            try {
                ended = thread.awaitTermination(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (ended) {
            second.close(); // its native conversion state, no longer in use
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
