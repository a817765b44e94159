package org.dancelens.video;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.SourceDataLine;

/** An {@link AudioSink} on the default javax.sound output line: 16-bit signed little-endian mono, about 100 ms of buffer. */
public final class JavaSoundSink implements AudioSink {
    /** How much sound the line holds ahead of what is heard. */
    static final double BUFFER_SECONDS = 0.1;

    private final SourceDataLine line;
    private final int rate;
    private byte[] bytes = new byte[0];

    private JavaSoundSink(SourceDataLine line, int rate) {
        this.line = line;
        this.rate = rate;
    }

    /**
     * Opens and starts the default output line at {@code sampleRate}.
     *
     * @throws LineUnavailableException when there is no such line (no sound card, no sound server, the device busy)
     */
    public static JavaSoundSink open(int sampleRate) throws LineUnavailableException {
        AudioFormat format = new AudioFormat(sampleRate, 16, 1, true, false);
        SourceDataLine line;
        try {
            line = AudioSystem.getSourceDataLine(format);
        } catch (IllegalArgumentException | SecurityException e) {
            // no mixer at all gives IllegalArgumentException ("No line matching ... is supported")
            throw (LineUnavailableException) new LineUnavailableException(e.getMessage()).initCause(e);
        }
        try {
            line.open(format, 2 * (int) Math.round(sampleRate * BUFFER_SECONDS));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw (LineUnavailableException) new LineUnavailableException(e.getMessage()).initCause(e);
        }
        line.start();
        return new JavaSoundSink(line, sampleRate);
    }

    @Override
    public int sampleRate() {
        return rate;
    }

    @Override
    public void write(short[] samples, int count) {
        if (bytes.length < 2 * count) {
            bytes = new byte[2 * count];
        }
        for (int i = 0; i < count; i++) {
            bytes[2 * i] = (byte) samples[i];
            bytes[2 * i + 1] = (byte) (samples[i] >> 8);
        }
        line.write(bytes, 0, 2 * count);
    }

    @Override
    public long playedFrames() {
        return line.getLongFramePosition();
    }

    @Override
    public void flush() {
        line.flush();
    }

    @Override
    public void close() {
        line.stop();
        line.flush();
        line.close();
    }
}
