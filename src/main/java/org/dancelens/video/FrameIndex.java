package org.dancelens.video;

import java.util.Arrays;

/**
 * The frames of a video stream in presentation order, built from presentation timestamps, so that frame N is
 * the same frame everywhere (player, analysis, export), also under a variable frame rate.
 * Timestamps are in the stream's time base ({@code tbNum / tbDen} seconds per tick).
 */
public final class FrameIndex {
    private final long[] pts;
    private final boolean[] keyFrame;
    private final int[] keyFrames;
    private final long tbNum;
    private final long tbDen;
    private final long lastDuration;
    private boolean countedFromStart;

    /**
     * @param pts          presentation timestamps, strictly increasing after sorting (duplicates are dropped by
     *                     {@link Builder})
     * @param keyFrame     whether each frame is a key frame (a safe point to start decoding)
     * @param lastDuration duration of the last frame in ticks
     */
    FrameIndex(long[] pts, boolean[] keyFrame, long tbNum, long tbDen, long lastDuration) {
        if (pts.length != keyFrame.length) {
            throw new IllegalArgumentException("pts and key-frame arrays differ in length");
        }
        this.pts = pts;
        this.keyFrame = keyFrame;
        this.tbNum = tbNum;
        this.tbDen = tbDen;
        this.lastDuration = lastDuration;
        int k = 0;
        for (boolean b : keyFrame) {
            if (b) {
                k++;
            }
        }
        keyFrames = new int[k];
        for (int i = 0, j = 0; i < keyFrame.length; i++) {
            if (keyFrame[i]) {
                keyFrames[j++] = i;
            }
        }
    }

    /**
     * True when the container's packets lack presentation timestamps, so the index was built by decoding and
     * frames can only be found reliably by counting pictures from the start of the file.
     */
    public boolean isCountedFromStart() {
        return countedFromStart;
    }

    FrameIndex countedFromStart() {
        countedFromStart = true;
        return this;
    }

    public int size() {
        return pts.length;
    }

    public long pts(int n) {
        return pts[n];
    }

    public boolean isKeyFrame(int n) {
        return keyFrame[n];
    }

    public int keyFrameCount() {
        return keyFrames.length;
    }

    public long timeBaseNum() {
        return tbNum;
    }

    public long timeBaseDen() {
        return tbDen;
    }

    /** Seconds of one tick. */
    public double tickSeconds() {
        return (double) tbNum / tbDen;
    }

    /** Presentation time of frame n, in seconds from the first frame. */
    public double timeOf(int n) {
        return (pts[n] - pts[0]) * tickSeconds();
    }

    /** Duration of the stream: from the first frame's start to the last frame's end. */
    public double durationSeconds() {
        if (pts.length == 0) {
            return 0;
        }
        return (pts[pts.length - 1] - pts[0] + lastDuration) * tickSeconds();
    }

    /** Duration of frame n (until the next frame). */
    public double frameDurationSeconds(int n) {
        return (n + 1 < pts.length ? pts[n + 1] - pts[n] : lastDuration) * tickSeconds();
    }

    /** Average frame rate over the whole stream. */
    public double averageFps() {
        double d = durationSeconds();
        return d > 0 ? pts.length / d : 0;
    }

    /** The frame shown at the given time (seconds from the first frame): the last frame starting at or before it. */
    public int frameAt(double seconds) {
        if (pts.length == 0) {
            return -1;
        }
        // Half a tick of slack so that timeOf(n) maps back to n despite floating-point rounding.
        long target = pts[0] + (long) Math.floor(seconds / tickSeconds() + 0.5);
        int i = Arrays.binarySearch(pts, target);
        if (i >= 0) {
            return i;
        }
        int insertion = -i - 1;
        return Math.max(0, Math.min(pts.length - 1, insertion - 1));
    }

    /** Index of the frame with exactly this timestamp, or -1. */
    public int indexOfPts(long timestamp) {
        int i = Arrays.binarySearch(pts, timestamp);
        return i >= 0 ? i : -1;
    }

    /** Index of the frame whose timestamp is closest to this one. */
    public int nearestIndexOfPts(long timestamp) {
        int i = Arrays.binarySearch(pts, timestamp);
        if (i >= 0) {
            return i;
        }
        int ins = -i - 1;
        if (ins <= 0) {
            return 0;
        }
        if (ins >= pts.length) {
            return pts.length - 1;
        }
        return timestamp - pts[ins - 1] <= pts[ins] - timestamp ? ins - 1 : ins;
    }

    /** The last key frame at or before frame n (frame 0 when there is none). */
    public int keyFrameAtOrBefore(int n) {
        int i = Arrays.binarySearch(keyFrames, n);
        if (i >= 0) {
            return keyFrames[i];
        }
        int ins = -i - 1;
        return ins == 0 ? 0 : keyFrames[ins - 1];
    }

    /** The key frame before the given key frame, or -1. */
    public int keyFrameBefore(int key) {
        int i = Arrays.binarySearch(keyFrames, key);
        int ins = i >= 0 ? i : -i - 1;
        return ins == 0 ? -1 : keyFrames[ins - 1];
    }

    /**
     * Whether frame durations vary: more than 5% (and more than one tick, which allows for the rounding of a
     * fixed rate such as 29.97 fps to a 1 ms time base) away from the median interval.
     */
    public boolean isVariableFrameRate() {
        if (pts.length < 3) {
            return false;
        }
        long[] d = new long[pts.length - 1];
        for (int i = 1; i < pts.length; i++) {
            d[i - 1] = pts[i] - pts[i - 1];
        }
        long[] sorted = d.clone();
        Arrays.sort(sorted);
        long median = sorted[sorted.length / 2];
        double tol = Math.max(1.0, 0.05 * median);
        for (long x : d) {
            if (Math.abs(x - median) > tol) {
                return true;
            }
        }
        return false;
    }

    /** Collects packet timestamps in decode order and sorts them into presentation order. */
    static final class Builder {
        private long[] pts = new long[1024];
        private boolean[] key = new boolean[1024];
        private int n;
        private final long tbNum;
        private final long tbDen;

        Builder(long tbNum, long tbDen) {
            this.tbNum = tbNum;
            this.tbDen = tbDen;
        }

        void add(long timestamp, boolean isKey) {
            if (n == pts.length) {
                pts = Arrays.copyOf(pts, n * 2);
                key = Arrays.copyOf(key, n * 2);
            }
            pts[n] = timestamp;
            key[n] = isKey;
            n++;
        }

        int count() {
            return n;
        }

        FrameIndex build(long lastPacketDuration) {
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Long.compare(pts[a], pts[b]));
            long[] p = new long[n];
            boolean[] k = new boolean[n];
            int m = 0;
            for (int i = 0; i < n; i++) {
                int o = order[i];
                if (m > 0 && p[m - 1] == pts[o]) {
                    k[m - 1] |= key[o]; // duplicate timestamp: the decoder outputs one frame for it
                    continue;
                }
                p[m] = pts[o];
                k[m] = key[o];
                m++;
            }
            p = Arrays.copyOf(p, m);
            k = Arrays.copyOf(k, m);
            if (m > 0) {
                k[0] = true; // decoding always starts at the first frame
            }
            long last = lastPacketDuration;
            if (last <= 0) {
                last = m >= 2 ? p[m - 1] - p[m - 2] : Math.max(1, tbDen / Math.max(1, tbNum) / 25);
            }
            return new FrameIndex(p, k, tbNum, tbDen, last);
        }
    }
}
