package org.dancelens.video;

/**
 * Where {@link AudioPlayback} sends its sound: 16-bit mono PCM at one rate, played in order. The real one is a
 * javax.sound {@link javax.sound.sampled.SourceDataLine} ({@link JavaSoundSink}); tests use one that records.
 */
public interface AudioSink extends AutoCloseable {
    /** Frames (samples of the one channel) per second. */
    int sampleRate();

    /** Queues {@code count} samples to be played after those queued before; blocks while the sink's buffer is full. */
    void write(short[] samples, int count);

    /** Samples played since the sink was opened (its position: what is heard now). */
    long playedFrames();

    /** Drops every sample queued and not yet played. */
    void flush();

    /** Stops and releases the device; nothing is played after it. */
    @Override
    void close();

    /** Opens a sink at a rate; fails (any exception) when there is no device to play on. */
    @FunctionalInterface
    interface Opener {
        AudioSink open(int sampleRate) throws Exception;
    }
}
