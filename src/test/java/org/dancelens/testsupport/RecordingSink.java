package org.dancelens.testsupport;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dancelens.video.AudioSink;

/**
 * A sink that plays like a device: from the first write it consumes {@code rate} samples a second of what is queued,
 * holds at most 100 ms (a write waits for room) and records every sample written and every flush.
 */
public final class RecordingSink implements AudioSink {
    final int rate;
    final long capacity;
    private short[] all = new short[1 << 16];
    private int n;
    private long written;
    private double played;
    private long lastNanos = -1;
    private final List<Integer> flushMarks = new ArrayList<>();
    private final List<Long> flushNanos = new ArrayList<>();
    public volatile boolean closed;

    public RecordingSink(int rate) {
        this.rate = rate;
        this.capacity = Math.round(rate * 0.1);
    }

    @Override
    public int sampleRate() {
        return rate;
    }

    private void advance() {
        long now = System.nanoTime();
        if (lastNanos >= 0) {
            played = Math.min(written, played + (now - lastNanos) * rate / 1e9);
        }
        lastNanos = now;
    }

    @Override
    public void write(short[] samples, int count) {
        synchronized (this) {
            advance();
            if (n + count > all.length) {
                all = Arrays.copyOf(all, Math.max(n + count, all.length * 2));
            }
            System.arraycopy(samples, 0, all, n, count);
            n += count;
            written += count;
        }
        while (true) {
            synchronized (this) {
                advance();
                if (written - played <= capacity || closed) {
                    return;
                }
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public synchronized long playedFrames() {
        advance();
        return (long) played;
    }

    @Override
    public synchronized void flush() {
        advance();
        written = (long) played;
        played = written;
        flushMarks.add(n);
        flushNanos.add(System.nanoTime());
    }

    /** When flush {@code i} happened ({@link System#nanoTime()}). */
    public synchronized long flushNanos(int i) {
        return flushNanos.get(i);
    }

    @Override
    public void close() {
        closed = true;
    }

    /** Every sample written, flushed or not, in order. */
    public synchronized short[] samples() {
        return Arrays.copyOf(all, n);
    }

    public synchronized int count() {
        return n;
    }

    /** For each flush, how many samples had been written before it. */
    public synchronized List<Integer> flushes() {
        return List.copyOf(flushMarks);
    }
}
