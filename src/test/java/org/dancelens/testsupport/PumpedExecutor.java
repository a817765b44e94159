package org.dancelens.testsupport;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * A UI-thread stand-in for view-model tests without a toolkit: callbacks queue up and run on the test's own thread
 * when it pumps, so the test decides when "the FX thread" runs and nothing races with its assertions.
 */
public final class PumpedExecutor implements Executor {
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();

    @Override
    public void execute(Runnable r) {
        queue.add(r);
    }

    /** Runs whatever arrives for the given time (e.g. to let late callbacks land before checking they changed nothing). */
    public void pumpFor(Duration time) {
        long end = System.nanoTime() + time.toNanos();
        while (System.nanoTime() < end) {
            Runnable r = queue.poll();
            if (r != null) {
                r.run();
            } else {
                Thread.onSpinWait();
            }
        }
    }

    /** Runs queued callbacks until the condition holds; fails the test when it does not hold within the timeout. */
    public void pumpUntil(BooleanSupplier condition, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            Runnable r = queue.poll();
            if (r != null) {
                r.run();
            } else if (System.nanoTime() > end) {
                throw new AssertionError("condition not reached within " + timeout);
            } else {
                Thread.onSpinWait();
            }
        }
    }
}
