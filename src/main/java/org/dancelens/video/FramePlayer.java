package org.dancelens.video;

import org.dancelens.core.DanceLensException;
import org.dancelens.core.VideoFrame;

/**
 * Drives a {@link VideoSource} from one background thread: shows requested frames (newest request wins) and plays
 * at the video's own pace (presentation timestamps, times a speed factor), dropping frames when decoding falls
 * behind rather than slowing the clock. FX-free: the listener is called on the player thread.
 */
public final class FramePlayer implements AutoCloseable {

    /** Called on the player thread. */
    public interface Listener {
        /** A frame to show. {@code exact} is false for a scrub preview standing in for the requested frame. */
        void frame(VideoFrame frame, int requested, boolean exact);

        void playingChanged(boolean playing);

        /** Frame {@code frame} cannot be decoded (the file is damaged there): nothing may be shown as if it were that frame. */
        void undecodable(int frame, DanceLensException error);

        void failed(DanceLensException error);
    }

    private final VideoSource source;
    private final Listener listener;
    private final Thread thread;
    private final Object lock = new Object();
    private int requested = -1;
    private boolean requestIsPreview;
    private boolean playing;
    private double speed = 1.0;
    private int shown = -1;
    private long dropped;
    private boolean closed;
    /** Playing on a shared clock: presentation time {@code anchorSeconds} is due at {@code anchorNanos} (NaN: not anchored). */
    private double anchorSeconds = Double.NaN;
    private long anchorNanos;
    /** Display-size stand-ins for frames the decoder cannot give at once (null: none). */
    private volatile DisplayCache displayCache;
    /** The mean time the decoder took for a frame while playing (an exponential average), seconds. */
    private double decodeSeconds;
    /** The frame on screen is a display-cache stand-in (playback fell back on them): a pause decodes it exactly. */
    private volatile boolean standInShown;
    /** The clock frames are played on now; null while not playing. */
    private volatile PlayClock clock;

    /**
     * The clock of a stretch of playback (from a play, a seek while playing, a speed change, until it stops): the
     * presentation time {@code seconds} was due at {@code System.nanoTime() == atNanos}, and time runs at {@code speed}.
     * A new stretch gets a new object; the sound follows it ({@link AudioPlayback}).
     */
    public record PlayClock(double seconds, long atNanos, double speed) {
        /** The presentation time due at {@code nanos}. */
        public double at(long nanos) {
            return seconds + (nanos - atNanos) / 1e9 * speed;
        }
    }

    public FramePlayer(VideoSource source, Listener listener) {
        this.source = source;
        this.listener = listener;
        this.thread = new Thread(this::loop, "dancelens-player");
        thread.setDaemon(true);
        thread.start();
    }

    /** Shows frame n (exactly). Pauses playback. */
    public void show(int n) {
        synchronized (lock) {
            requested = clamp(n);
            requestIsPreview = false;
            anchorSeconds = Double.NaN;
            if (playing) {
                playing = false;
                listener.playingChanged(false);
            }
            lock.notifyAll();
        }
    }

    /** Shows a quick stand-in for frame n while scrubbing; call {@link #show(int)} when scrubbing ends. */
    public void preview(int n) {
        synchronized (lock) {
            requested = clamp(n);
            requestIsPreview = true;
            playing = false;
            anchorSeconds = Double.NaN;
            lock.notifyAll();
        }
    }

    public void play() {
        synchronized (lock) {
            anchorSeconds = Double.NaN;
            if (!playing) {
                if (shown >= source.frameCount() - 1) {
                    shown = -1; // at the end: play from the start
                    requested = 0;
                }
                playing = true;
                listener.playingChanged(true);
                lock.notifyAll();
            }
        }
    }

    /**
     * Plays on a clock shared with another player: the frame at presentation time {@code seconds} (from the first
     * frame; may be outside the video, which then waits at its first frame or stays at its last) is due at
     * {@code System.nanoTime() == atNanos}, and every later frame at its own time from there, times the speed. Two
     * players given the same instant follow one clock; a speed change keeps the clock where it is.
     */
    public void playAt(double seconds, long atNanos) {
        synchronized (lock) {
            anchorSeconds = seconds;
            anchorNanos = atNanos;
            if (!playing) {
                playing = true;
                listener.playingChanged(true);
            }
            lock.notifyAll();
        }
    }

    public void pause() {
        synchronized (lock) {
            anchorSeconds = Double.NaN;
            if (playing) {
                playing = false;
                listener.playingChanged(false);
                if (standInShown && shown >= 0 && requested < 0) {
                    requested = shown; // paused on a scaled frame: the decoded one replaces it
                    requestIsPreview = false;
                }
                lock.notifyAll();
            }
        }
    }

    public void setSpeed(double speed) {
        synchronized (lock) {
            if (!Double.isNaN(anchorSeconds) && speed != this.speed) {
                long now = System.nanoTime();
                anchorSeconds += (now - anchorNanos) / 1e9 * this.speed;
                anchorNanos = now;
            }
            this.speed = speed;
            lock.notifyAll();
        }
    }

    /**
     * Uses a display cache: a scrub or a seek shows its stand-in at once (then, for a seek, the exact frame once
     * decoded), and playback takes stand-ins when decoding cannot keep up with the clock. The cache is told where the
     * playhead is, and paused while playing.
     */
    public void setDisplayCache(DisplayCache cache) {
        displayCache = cache;
    }

    /** The clock frames are being played on now, or null while not playing (paused, showing a frame, at the end). */
    public PlayClock clock() {
        return clock;
    }

    public long droppedFrames() {
        synchronized (lock) {
            return dropped;
        }
    }

    private int clamp(int n) {
        return Math.max(0, Math.min(source.frameCount() - 1, n));
    }

    private void loop() {
        FrameIndex index = source.index();
        while (true) {
            int target;
            boolean preview;
            boolean play;
            double spd;
            boolean anchored;
            double aSeconds;
            long aNanos;
            synchronized (lock) {
                while (!closed && requested < 0 && !playing) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                target = requested;
                preview = requestIsPreview;
                requested = -1;
                play = playing;
                spd = speed;
                anchored = !Double.isNaN(anchorSeconds);
                aSeconds = anchorSeconds;
                aNanos = anchorNanos;
            }
            DisplayCache cache = displayCache;
            if (cache != null) {
                cache.setPaused(play && target < 0);
                if (target >= 0) {
                    cache.setFocus(target);
                }
            }
            try {
                if (target >= 0) {
                    VideoFrame standIn = cache == null || source.isCached(target) ? null : cache.get(target);
                    if (standIn != null) {
                        listener.frame(standIn, target, false);
                        if (preview) {
                            continue;
                        }
                        synchronized (lock) {
                            if (requested >= 0) {
                                shown = target;
                                continue; // a newer request: the exact frame of this one is not wanted any more
                            }
                        }
                    }
                    VideoFrame f;
                    try {
                        f = preview ? source.previewFrame(target) : source.frame(target);
                    } catch (DanceLensException damaged) {
                        shown = target;
                        listener.undecodable(target, damaged);
                        continue;
                    }
                    if (!preview) {
                        shown = target;
                        standInShown = false;
                    }
                    listener.frame(f, target, f.index() == target);
                    continue;
                }
                if (play) {
                    playFrom(index, spd, anchored ? aSeconds : Double.NaN, aNanos);
                }
            } catch (DanceLensException e) {
                synchronized (lock) {
                    if (playing) {
                        playing = false;
                        listener.playingChanged(false);
                    }
                }
                listener.failed(e);
            }
        }
    }

    /**
     * Plays until paused, a new request, a speed change or the end: from the frame shown, its time due now, or (an
     * anchor given) on the shared clock where {@code anchorSeconds} is due at {@code anchorNanos}.
     */
    private void playFrom(FrameIndex index, double spd, double anchorSecs, long anchorAt) {
        try {
            playClocked(index, spd, anchorSecs, anchorAt);
        } finally {
            clock = null;
        }
    }

    private void playClocked(FrameIndex index, double spd, double anchorSecs, long anchorAt) {
        int start = Math.max(0, shown);
        boolean anchored = !Double.isNaN(anchorSecs);
        long t0 = anchored ? anchorAt : System.nanoTime();
        double startTime = anchored ? anchorSecs : index.timeOf(start);
        clock = new PlayClock(startTime, t0, spd);
        int last = start;
        boolean onCache = false;
        decodeSeconds = 0;
        while (true) {
            synchronized (lock) {
                if (closed || !playing || requested >= 0 || speed != spd
                        || (anchored && (anchorSeconds != anchorSecs || anchorNanos != anchorAt))) {
                    return;
                }
                if (anchored && last >= source.frameCount() - 1) {
                    playing = false; // on a shared clock this side has ended; the other may go on
                    anchorSeconds = Double.NaN;
                    listener.playingChanged(false);
                    return;
                }
            }
            double now = startTime + (System.nanoTime() - t0) / 1e9 * spd;
            int due = index.frameAt(now);
            if (due > last) {
                int n = due;
                synchronized (lock) {
                    dropped += Math.max(0, n - last - 1);
                }
                last = n;
                shown = n;
                try {
                    DisplayCache cache = displayCache;
                    double interval = index.frameDurationSeconds(n) / spd;
                    // Once decoding has fallen behind, this playback stays on the display frames: going back to the
                    // decoder further on would cost a seek and a key frame's worth of decoding.
                    onCache = onCache || cache != null && decodeSeconds > 0.9 * interval;
                    VideoFrame standIn = onCache && cache != null && !source.isCached(n) ? cache.get(n) : null;
                    standInShown = standIn != null;
                    if (standIn != null) {
                        listener.frame(standIn, n, false); // said as such: the view marks it scaled
                    } else {
                        long q = System.nanoTime();
                        VideoFrame f = source.frame(n);
                        double took = (System.nanoTime() - q) / 1e9;
                        decodeSeconds = decodeSeconds == 0 ? took : 0.7 * decodeSeconds + 0.3 * took;
                        listener.frame(f, n, true);
                    }
                } catch (DanceLensException damaged) {
                    listener.undecodable(n, damaged); // playing goes on past a damaged stretch
                }
                if (n >= source.frameCount() - 1) {
                    synchronized (lock) {
                        playing = false;
                    }
                    listener.playingChanged(false);
                    return;
                }
            }
            // Sleep until the next frame is due (or a command arrives).
            double nextTime = index.timeOf(Math.min(source.frameCount() - 1, last + 1));
            long waitNanos = (long) ((nextTime - startTime) / spd * 1e9) - (System.nanoTime() - t0);
            if (waitNanos > 0) {
                synchronized (lock) {
                    try {
                        lock.wait(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
