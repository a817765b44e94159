package org.dancelens.video;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.dancelens.core.AudioTrack;
import org.dancelens.core.CancelledException;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.TaskContext;
import org.dancelens.core.VideoInfo;

/**
 * Plays a video's sound in step with its picture. The picture is the master clock: a daemon thread reads the
 * {@link FramePlayer.PlayClock} the frames are played on and writes the samples due from there to an {@link AudioSink}.
 * A new clock (play, a seek, a speed change) or none (pause, a frame shown, the end) flushes the sink, so no stale sound
 * is heard; while one clock runs, the time of the sample heard now (the sink's position) is compared with the picture's
 * time, and more than {@value #MAX_DRIFT_MS} ms apart the sink is flushed and writing starts again at the picture's time.
 *
 * <p>Speed: from {@value #MIN_AUDIBLE_SPEED}× to 2× the sound is resampled with the speed (its pitch follows, like
 * tape: 2× is an octave up); below {@value #MIN_AUDIBLE_SPEED}× silence is played. Volume scales the samples by
 * volume² (a rough perceptual curve; no mixer gain control is needed); muted plays silence.
 *
 * <p>The track is decoded once, on the thread, before anything is played ({@link AudioDecoder}, mono). Without an audio
 * stream no thread is started; without an audio device (no sound card, as on a headless machine) the thread ends
 * without decoding and the picture plays on unaffected: the {@link Status} says which.
 */
public final class AudioPlayback implements AutoCloseable {
    /** Below this speed the sound is silent. */
    public static final double MIN_AUDIBLE_SPEED = 0.5;
    /** How far the sound may drift from the picture before it is put back. */
    public static final int MAX_DRIFT_MS = 40;
    /** Samples written at once (10 ms at 44.1 kHz): the thread looks at the clock between them. */
    static final double CHUNK_SECONDS = 0.010;
    /** After a sync the sink's position is not compared for this long (a device takes a moment to start playing). */
    static final long SETTLE_NANOS = 150_000_000L;
    /** At most this many samples are decoded (about 96 MB of floats); longer videos are decoded at lower rates. */
    static final long MAX_SAMPLES = 24_000_000L;
    private static final int[] RATES = {44_100, 22_050, 11_025};

    /** What the sound is doing, for the view: the kind and one plain sentence (empty while all is well). */
    public record Status(Kind kind, String sentence, String detail) {
        public enum Kind { LOADING, READY, NO_SOUND, NO_DEVICE, FAILED, CLOSED }

        /** Whether the video's sound can be heard (the mute and volume controls do something). */
        public boolean playable() {
            return kind == Kind.LOADING || kind == Kind.READY;
        }
    }

    public static final String NO_SOUND = "This video has no sound";
    public static final String NO_DEVICE = "No audio device: playing without sound";

    private final int rate;
    private final Function<TaskContext, AudioTrack> decode;
    private final Supplier<FramePlayer.PlayClock> clock;
    private final AudioSink.Opener opener;
    private final Consumer<Status> listener;
    private final Object lock = new Object();
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean muted;
    private volatile double volume = 1.0;
    private volatile Status status;
    /** |audible − picture| of every comparison while in sync, seconds (for measuring; the newest 100 000). */
    private double[] drifts = new double[1024];
    private int driftCount;
    private int resyncs;
    /** audible − picture, seconds, at each resync for drift (the newest 100). */
    private final java.util.ArrayDeque<Double> resyncDrifts = new java.util.ArrayDeque<>();

    /**
     * Plays a decoded track (null: the video has no sound, nothing is started). The device is opened first, so that
     * without one nothing is decoded.
     *
     * @param rate     the sample rate of the track and the device
     * @param decode   decodes the track at {@code rate} on the playback thread (checks the context for cancellation); null: no sound
     * @param clock    the picture's clock now, null while it is not playing ({@link FramePlayer#clock()})
     * @param opener   opens the device at the track's rate ({@link JavaSoundSink#open} in the app)
     * @param listener told every status, on the playback thread (or this one, for no sound)
     */
    public AudioPlayback(int rate, Function<TaskContext, AudioTrack> decode, Supplier<FramePlayer.PlayClock> clock, AudioSink.Opener opener,
                         Consumer<Status> listener) {
        this.rate = rate;
        this.decode = decode;
        this.clock = clock;
        this.opener = opener;
        this.listener = listener;
        if (decode == null) {
            thread = null;
            setStatus(new Status(Status.Kind.NO_SOUND, NO_SOUND, ""));
            return;
        }
        setStatus(new Status(Status.Kind.LOADING, "", ""));
        thread = new Thread(this::run, "dancelens-audio");
        thread.setDaemon(true);
        thread.start();
    }

    /** The sound of an opened video, decoded with {@link AudioDecoder} at {@link #rateFor(double)}; none when it has no audio stream. */
    public static AudioPlayback forVideo(VideoInfo info, Supplier<FramePlayer.PlayClock> clock, AudioSink.Opener opener, Consumer<Status> listener) {
        int rate = rateFor(info.durationSeconds());
        return new AudioPlayback(rate, info.hasAudio() && rate > 0 ? ctx -> AudioDecoder.decode(info.path(), rate, ctx) : null, clock, opener, listener);
    }

    /** The decoding rate: 44.1 kHz, or lower for long videos so that at most {@link #MAX_SAMPLES} are held; 0: too long to hold. */
    static int rateFor(double durationSeconds) {
        for (int r : RATES) {
            if (durationSeconds * r <= MAX_SAMPLES) {
                return r;
            }
        }
        return 0;
    }

    /** The gain applied to samples at a volume (0..1): volume², a rough perceptual curve. */
    public static double gain(double volume) {
        double v = Math.max(0, Math.min(1, volume));
        return v * v;
    }

    public void setMuted(boolean muted) {
        this.muted = muted;
    }

    /** 0 (silent) to 1 (the track as decoded). */
    public void setVolume(double volume) {
        this.volume = volume;
    }

    /** Looks at the picture's clock now (play, pause, seek, speed) rather than within the next few milliseconds. */
    public void wake() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    public Status status() {
        return status;
    }

    /** Whether a playback thread was started (false for a video without sound). */
    public boolean started() {
        return thread != null;
    }

    /** Whether the playback thread is alive (decoding or playing). */
    public boolean running() {
        return thread != null && thread.isAlive();
    }

    /** Every |audible − picture| measured while in sync, seconds, oldest first. */
    public double[] drifts() {
        synchronized (lock) {
            return Arrays.copyOf(drifts, driftCount);
        }
    }

    /** audible − picture (seconds) each time the sound was put back for drift, oldest first. */
    public double[] resyncDrifts() {
        synchronized (lock) {
            return resyncDrifts.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }

    /** How often the sound drifted more than {@value #MAX_DRIFT_MS} ms from the picture and was put back. */
    public int resyncs() {
        synchronized (lock) {
            return resyncs;
        }
    }

    private void setStatus(Status s) {
        status = s;
        listener.accept(s);
    }

    private void run() {
        AudioSink sink;
        try {
            sink = opener.open(rate);
        } catch (Exception | LinkageError e) {
            setStatus(new Status(Status.Kind.NO_DEVICE, NO_DEVICE, e.toString()));
            return;
        }
        try {
            AudioTrack track = decoded();
            if (track != null && !closed) {
                setStatus(new Status(Status.Kind.READY, "", ""));
                play(track, sink);
            }
        } finally {
            sink.close();
        }
    }

    /** The track, or null when decoding was cancelled or failed (the status says why). */
    private AudioTrack decoded() {
        TaskContext ctx = new TaskContext() {
            @Override
            public void progress(double fraction, String message) {
            }

            @Override
            public boolean isCancelled() {
                return closed;
            }
        };
        try {
            return decode.apply(ctx);
        } catch (CancelledException e) {
            return null;
        } catch (DanceLensException e) {
            setStatus(new Status(Status.Kind.FAILED, e.getMessage() + " The video plays without sound.", e.toString()));
            return null;
        } catch (RuntimeException | OutOfMemoryError e) {
            setStatus(new Status(Status.Kind.FAILED, "The sound of this video cannot be decoded; it plays without sound.", e.toString()));
            return null;
        }
    }

    private void play(AudioTrack track, AudioSink sink) {
        float[] in = track.samples();
        int outRate = sink.sampleRate();
        double inRate = track.sampleRate();
        short[] chunk = new short[Math.max(1, (int) Math.round(CHUNK_SECONDS * outRate))];
        FramePlayer.PlayClock synced = null;
        double pos = 0; // the input sample (fractional) the next output sample is taken from
        long segFrame = 0; // the sink position at the last sync and the picture time written there
        double segTime = 0;
        long syncedAt = 0;
        while (!closed) {
            FramePlayer.PlayClock c = clock.get();
            if (c == null) {
                if (synced != null) {
                    sink.flush(); // paused, a frame shown, the end: nothing queued may still be heard
                    synced = null;
                }
                synchronized (lock) {
                    try {
                        lock.wait(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                continue;
            }
            long now = System.nanoTime();
            boolean resync = c != synced;
            if (!resync && now - syncedAt > SETTLE_NANOS) {
                long played = sink.playedFrames();
                double audible = segTime + (played - segFrame) / (double) outRate * c.speed();
                double drift = audible - c.at(now);
                synchronized (lock) {
                    if (Math.abs(drift) > MAX_DRIFT_MS / 1000.0) {
                        resyncs++;
                        if (resyncDrifts.size() == 100) {
                            resyncDrifts.removeFirst();
                        }
                        resyncDrifts.addLast(drift);
                        resync = true;
                    } else {
                        if (driftCount == drifts.length) {
                            if (drifts.length >= 100_000) {
                                System.arraycopy(drifts, drifts.length / 2, drifts, 0, drifts.length - drifts.length / 2);
                                driftCount = drifts.length - drifts.length / 2;
                            } else {
                                drifts = Arrays.copyOf(drifts, drifts.length * 2);
                            }
                        }
                        drifts[driftCount++] = Math.abs(drift);
                    }
                }
            }
            if (resync) {
                sink.flush();
                segFrame = sink.playedFrames(); // nothing queued now: what is written next is heard from here
                segTime = c.at(now);
                syncedAt = now;
                pos = (segTime - track.startSeconds()) * inRate;
                synced = c;
            }
            double step = c.speed() * inRate / outRate;
            boolean silent = muted || c.speed() < MIN_AUDIBLE_SPEED;
            double g = gain(volume) * 32767;
            for (int j = 0; j < chunk.length; j++) {
                double x = pos + j * step;
                double v = 0;
                if (!silent && x >= 0 && x < in.length) {
                    int i = (int) x;
                    double f = x - i;
                    v = in[i] * (1 - f) + (i + 1 < in.length ? in[i + 1] : 0) * f;
                }
                chunk[j] = (short) Math.max(-32768, Math.min(32767, Math.round(v * g)));
            }
            pos += chunk.length * step;
            sink.write(chunk, chunk.length);
        }
    }

    /** Stops the thread (a decode in progress is cancelled) and closes the device; waits for it. */
    @Override
    public void close() {
        closed = true;
        wake();
        if (thread != null) {
            try {
                thread.join(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        status = new Status(Status.Kind.CLOSED, "", "");
    }
}
