package org.dancelens.movement.music;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Random;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/** Click tracks for the music tests: generated samples, and real files with a video stream and the clicks as audio. */
public final class ClickTracks {
    static {
        // the encoders' console statistics are noise in the test log
        avutil.av_log_set_level(avutil.AV_LOG_QUIET);
    }

    private ClickTracks() {
    }

    /** Writes {@code audio} (mono at {@code rate}) as an audio-only file, e.g. WAV ({@code "wav"}, 16-bit PCM). */
    static void writeAudio(Path out, String format, float[] audio, int rate) throws Exception {
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(out.toFile(), 1)) {
            rec.setFormat(format);
            rec.setAudioCodec(avcodec.AV_CODEC_ID_PCM_S16LE);
            rec.setSampleRate(rate);
            rec.setAudioChannels(1);
            rec.start();
            rec.recordSamples(rate, 1, FloatBuffer.wrap(audio));
            rec.stop();
        }
    }

    /** Click times {@code first + k·60/bpm} up to (excluding) {@code seconds}. */
    public static double[] clickTimes(double bpm, double first, double seconds) {
        int n = (int) Math.ceil((seconds - first) / (60.0 / bpm));
        double[] t = new double[Math.max(0, n)];
        for (int k = 0; k < t.length; k++) {
            t[k] = first + k * 60.0 / bpm;
        }
        return t;
    }

    /**
     * {@code seconds} of audio at {@code rate}: a click (a 20 ms burst of seeded white noise under an exponential decay of
     * time constant 4 ms, peak 0.8) starting at each of {@code clicks}, silence elsewhere.
     */
    public static float[] render(double[] clicks, double seconds, int rate) {
        float[] x = new float[(int) Math.round(seconds * rate)];
        Random r = new Random(42);
        int len = (int) Math.round(0.020 * rate);
        for (double c : clicks) {
            int s0 = (int) Math.round(c * rate);
            for (int i = 0; i < len && s0 + i < x.length; i++) {
                if (s0 + i >= 0) {
                    x[s0 + i] += (float) (0.8 * Math.exp(-i / (0.004 * rate)) * (2 * r.nextDouble() - 1));
                }
            }
        }
        return x;
    }

    /**
     * Writes a video ({@code fps}, grey frames, 64×48) of {@code seconds} with {@code audio} (mono at {@code rate}) as its
     * sound, encoded with {@code audioCodec} (e.g. AAC, PCM) in {@code format} (mp4, matroska, mov). The first picture
     * is at {@code videoStartSeconds} on the container's clock (a multiple of 1/fps) while the audio starts at 0, so on
     * the video's clock (0 = first picture) the audio starts at {@code −videoStartSeconds}. With {@code withAudio}
     * false, no audio stream is written.
     */
    public static void writeVideo(Path out, String format, float[] audio, int rate, int audioCodec, double seconds, double fps,
                           double videoStartSeconds, boolean withAudio) throws Exception {
        int w = 64;
        int h = 48;
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(out.toFile(), w, h, withAudio ? 2 : 0)) {
            rec.setFormat(format);
            rec.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            rec.setFrameRate(fps);
            rec.setGopSize(10);
            if (withAudio) {
                rec.setAudioCodec(audioCodec);
                rec.setSampleRate(rate);
                rec.setAudioChannels(2);
                rec.setAudioBitrate(192_000);
            }
            rec.start();
            byte[] bgr = new byte[w * h * 3];
            int frames = (int) Math.round((seconds - videoStartSeconds) * fps);
            long written = 0;
            for (int i = 0; i < frames; i++) {
                java.util.Arrays.fill(bgr, (byte) (40 + (i * 7) % 180));
                rec.setTimestamp(Math.round((videoStartSeconds + i / fps) * 1e6));
                rec.recordImage(w, h, Frame.DEPTH_UBYTE, 3, w * 3, avutil.AV_PIX_FMT_BGR24, ByteBuffer.wrap(bgr));
                if (withAudio) {
                    // the audio up to the end of this picture, as stereo (both channels the same)
                    long until = i == frames - 1 ? audio.length : Math.min(audio.length, Math.round((videoStartSeconds + (i + 1) / fps) * rate));
                    written = recordAudio(rec, audio, rate, written, until);
                }
            }
            rec.stop();
        }
    }

    private static long recordAudio(FFmpegFrameRecorder rec, float[] audio, int rate, long from, long to) throws Exception {
        if (to <= from) {
            return from;
        }
        int n = (int) (to - from);
        float[] left = new float[n];
        System.arraycopy(audio, (int) from, left, 0, n);
        float[] right = left.clone();
        rec.recordSamples(rate, 2, FloatBuffer.wrap(left), FloatBuffer.wrap(right));
        return to;
    }
}
