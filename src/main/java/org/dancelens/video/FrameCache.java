package org.dancelens.video;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dancelens.core.VideoFrame;

/** Least-recently-used cache of decoded frames, bounded by the bytes their pixels hold. Thread-safe. */
public final class FrameCache {
    private final long capacityBytes;
    private final LinkedHashMap<Integer, VideoFrame> frames = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;
    private long hits;
    private long misses;

    public FrameCache(long capacityBytes) {
        this.capacityBytes = capacityBytes;
    }

    /** Whether the frame is held, without counting a hit or a miss. */
    public synchronized boolean contains(int index) {
        return frames.containsKey(index);
    }

    public synchronized VideoFrame get(int index) {
        VideoFrame f = frames.get(index);
        if (f == null) {
            misses++;
        } else {
            hits++;
        }
        return f;
    }

    public synchronized void put(VideoFrame frame) {
        if (frame.sizeBytes() > capacityBytes) {
            return;
        }
        VideoFrame old = frames.put(frame.index(), frame);
        if (old != null) {
            bytes -= old.sizeBytes();
        }
        bytes += frame.sizeBytes();
        Iterator<Map.Entry<Integer, VideoFrame>> it = frames.entrySet().iterator();
        while (bytes > capacityBytes && it.hasNext()) {
            VideoFrame eldest = it.next().getValue();
            it.remove();
            bytes -= eldest.sizeBytes();
        }
    }

    public synchronized void clear() {
        frames.clear();
        bytes = 0;
    }

    public synchronized long sizeBytes() {
        return bytes;
    }

    public synchronized int size() {
        return frames.size();
    }

    public long capacityBytes() {
        return capacityBytes;
    }

    public synchronized long hits() {
        return hits;
    }

    public synchronized long misses() {
        return misses;
    }
}
