package org.dancelens.video;

import org.dancelens.core.AudioTrack;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

import java.nio.Buffer;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.dancelens.core.CancelledException;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.TaskContext;

/**
 * Decodes the audio stream of a video (or of an audio file) to mono float samples at a chosen rate, with JavaCV's
 * {@link FFmpegFrameGrabber}: FFmpeg's own resampler (libswresample) does the channel down-mix and the rate conversion.
 *
 * <p>The samples are placed on the video's clock, as the frame index and the clip exporter do: time 0 is the
 * presentation time of the first video picture, and sample 0 sits at the first audio frame's presentation time
 * measured from there. A file without video (an audio file) keeps the container's own clock. A gap of more than
 * {@value #GAP_SECONDS} s in the audio timestamps is filled with silence so that later samples stay at their times.
 *
 * <p>Every way a file can fail becomes a {@link DanceLensException} with a plain sentence.
 */
public final class AudioDecoder {
    /** The sample rate of the analysis (librosa's default): 22 050 Hz. */
    public static final int DEFAULT_RATE = 22_050;
    static final double GAP_SECONDS = 0.05;

    static {
        // FFmpeg's console chatter is not for users (as in the video package).
        av_log_set_level(AV_LOG_QUIET);
    }

    private AudioDecoder() {
    }

    /** Decodes at {@link #DEFAULT_RATE}. */
    public static AudioTrack decode(Path file, TaskContext ctx) {
        return decode(file, DEFAULT_RATE, ctx);
    }

    /**
     * Decodes the best audio stream of {@code file} to mono at {@code sampleRate}.
     *
     * @throws DanceLensException with a plain sentence when the file is missing, unreadable, not a media file, or has
     *                            no audio; a {@link CancelledException} when {@code ctx} is cancelled
     */
    public static AudioTrack decode(Path file, int sampleRate, TaskContext ctx) {
        if (sampleRate < 1000 || sampleRate > 192_000) {
            throw new IllegalArgumentException("sample rate out of range: " + sampleRate);
        }
        String name = FfmpegInput.checkFile(file, "audio");
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toAbsolutePath().toFile());
        g.setSampleMode(FrameGrabber.SampleMode.FLOAT);
        g.setSampleRate(sampleRate);
        g.setAudioChannels(1);
        try {
            try {
                g.start();
            } catch (FrameGrabber.Exception e) {
                throw DanceLensException.badInput("The file " + name + " is not a video or audio file DanceLens can read.", e);
            }
            String format = g.getFormat() == null ? "" : g.getFormat().toLowerCase(Locale.ROOT);
            if (format.equals("tty") || format.equals("image2") || format.endsWith("_pipe")) {
                // FFmpeg opens text files as ANSI art and pictures as one-frame videos: neither is a video.
                throw DanceLensException.badInput("The file " + name + " is not a video or audio file DanceLens can read.");
            }
            if (!g.hasAudio()) {
                throw DanceLensException.badInput(g.hasVideo()
                        ? "The video " + name + " has no audio, so there is no music to analyse."
                        : "The file " + name + " holds no audio stream.");
            }
            return read(g, name, sampleRate, ctx);
        } catch (FrameGrabber.Exception e) {
            throw DanceLensException.badInput("The audio of " + name + " is damaged and cannot be decoded.", e);
        } finally {
            try {
                g.close();
            } catch (FrameGrabber.Exception e) {
                // closing after a failure: nothing more to tell the user
            }
        }
    }

    private static AudioTrack read(FFmpegFrameGrabber g, String name, int rate, TaskContext ctx) throws FrameGrabber.Exception {
        long lengthMicros = g.getLengthInTime();
        boolean wantPicture = g.hasVideo();
        long zeroMicros = 0;
        long firstAudioMicros = Long.MIN_VALUE;
        float[] out = new float[1 << 16];
        int n = 0;
        int frames = 0;
        while (true) {
            // doProcessing must stay on: it is what resamples and down-mixes the audio, not only what converts pictures
            Frame f = g.grabFrame(true, wantPicture, true, false, false);
            if (f == null) {
                break;
            }
            if (f.image != null) {
                // The first picture sets the video clock's zero; after it, video packets are skipped undecoded.
                zeroMicros = f.timestamp;
                wantPicture = false;
                continue;
            }
            if (f.samples == null || f.samples.length == 0) {
                continue;
            }
            if (f.sampleRate > 0 && f.sampleRate != rate) {
                throw DanceLensException.internal("FFmpeg's resampler gave the audio of " + name + " at " + f.sampleRate
                        + " Hz instead of " + rate + " Hz.", null);
            }
            float[] chunk = mono(f);
            if (firstAudioMicros == Long.MIN_VALUE) {
                firstAudioMicros = f.timestamp;
            } else {
                long expected = Math.round((f.timestamp - firstAudioMicros) * rate / 1e6);
                if (expected - n > GAP_SECONDS * rate) {
                    int pad = (int) Math.min(Integer.MAX_VALUE - 16L - n, expected - n);
                    out = ensure(out, n + pad);
                    n += pad; // silence: the array is zero there
                }
            }
            out = ensure(out, n + chunk.length);
            System.arraycopy(chunk, 0, out, n, chunk.length);
            n += chunk.length;
            if ((++frames & 63) == 0) {
                if (ctx.isCancelled()) {
                    throw new CancelledException("Decoding the audio of " + name);
                }
                ctx.progress(lengthMicros > 0 ? Math.min(1.0, (f.timestamp - firstAudioMicros) / (double) lengthMicros) : -1,
                        "Decoding audio: " + Math.round(n / (double) rate) + " s");
            }
        }
        if (ctx.isCancelled()) {
            throw new CancelledException("Decoding the audio of " + name);
        }
        if (firstAudioMicros == Long.MIN_VALUE || n == 0) {
            throw DanceLensException.badInput("The audio stream of " + name + " holds no samples that can be decoded.");
        }
        ctx.progress(1.0, "Decoding audio: " + Math.round(n / (double) rate) + " s");
        return new AudioTrack(Arrays.copyOf(out, n), rate, (firstAudioMicros - zeroMicros) / 1e6);
    }

    /** The frame's samples as mono floats (the grabber was asked for one float channel; a packed or planar layout is averaged if not). */
    private static float[] mono(Frame f) {
        int channels = Math.max(1, f.audioChannels);
        Buffer[] bufs = f.samples;
        if (bufs.length == 1) {
            FloatBuffer b = ((FloatBuffer) bufs[0]).duplicate();
            int total = b.remaining();
            int count = total / channels;
            float[] m = new float[count];
            for (int i = 0; i < count; i++) {
                float s = 0;
                for (int c = 0; c < channels; c++) {
                    s += b.get(b.position() + i * channels + c);
                }
                m[i] = s / channels;
            }
            return m;
        }
        int count = bufs[0].remaining();
        float[] m = new float[count];
        for (Buffer buf : bufs) {
            FloatBuffer b = ((FloatBuffer) buf).duplicate();
            for (int i = 0; i < count; i++) {
                m[i] += b.get(b.position() + i) / bufs.length;
            }
        }
        return m;
    }

    private static float[] ensure(float[] a, int size) {
        if (size <= a.length) {
            return a;
        }
        return Arrays.copyOf(a, (int) Math.min(Integer.MAX_VALUE - 16L, Math.max(size, a.length * 2L)));
    }
}
