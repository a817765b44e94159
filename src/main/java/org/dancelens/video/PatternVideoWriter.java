package org.dancelens.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.dancelens.core.AtomicFiles;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.VideoFrame;

/**
 * Writes synthetic videos in which every frame carries its own index as a pattern that {@link #readIndex} reads
 * back from the decoded pixels: the ground truth for frame-exact seeking, and media for benchmarks. Each frame
 * has a moving textured background and a moving block, so encoders produce real inter-frame prediction.
 *
 * <p>The index is drawn as 16 bits in a row of cells across the top of the picture, with the inverted bits in a
 * second row under it (a frame whose two rows disagree reads as -1).
 */
public final class PatternVideoWriter {
    private static final int BITS = 16;

    /** What to write. */
    public record Spec(String format, String codec, int width, int height, int frames, double fps, int gopSize,
                       int maxBFrames, int rotation, long[] timestampsMicros, Map<String, String> options, int audioRate) {
        public Spec {
            options = Map.copyOf(options);
        }

        public static Spec of(String format, String codec, int width, int height, int frames, double fps) {
            return new Spec(format, codec, width, height, frames, fps, 12, -1, 0, null, Map.of(), 0);
        }

        public Spec gop(int gop) {
            return new Spec(format, codec, width, height, frames, fps, gop, maxBFrames, rotation, timestampsMicros, options, audioRate);
        }

        public Spec bFrames(int b) {
            return new Spec(format, codec, width, height, frames, fps, gopSize, b, rotation, timestampsMicros, options, audioRate);
        }

        public Spec rotated(int clockwise) {
            return new Spec(format, codec, width, height, frames, fps, gopSize, maxBFrames, clockwise, timestampsMicros, options, audioRate);
        }

        /** Variable frame rate: frame i is presented at {@code micros[i]} (strictly increasing, from 0). */
        public Spec timestamps(long[] micros) {
            return new Spec(format, codec, width, height, micros.length, fps, gopSize, maxBFrames, rotation, micros.clone(), options, audioRate);
        }

        /** With a stereo AAC track of this sample rate over the whole video: a 440 Hz tone left and a rising tone right
         * ({@link #toneRight}), so that where a stretch of it sits in time can be told from its samples. */
        public Spec audio(int sampleRate) {
            return new Spec(format, codec, width, height, frames, fps, gopSize, maxBFrames, rotation, timestampsMicros, options, sampleRate);
        }

        public Spec option(String key, String value) {
            Map<String, String> m = new LinkedHashMap<>(options);
            m.put(key, value);
            return new Spec(format, codec, width, height, frames, fps, gopSize, maxBFrames, rotation, timestampsMicros, m, audioRate);
        }
    }

    static {
        Ffmpeg.init();
    }

    private PatternVideoWriter() {
    }

    /** Writes the video described by the spec to {@code out} (through a temporary file beside it, see {@link AtomicFiles}). */
    public static void write(Spec spec, Path out) {
        AtomicFiles.writeVia(out, tmp -> record(spec, tmp, out));
    }

    private static void record(Spec spec, Path file, Path out) {
        int w = spec.width();
        int h = spec.height();
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toFile(), w, h, spec.audioRate() > 0 ? 2 : 0)) {
            rec.setFormat(spec.format());
            rec.setVideoCodecName(spec.codec());
            boolean vfr = spec.timestampsMicros() != null;
            rec.setFrameRate(vfr ? 1000 : spec.fps());
            rec.setGopSize(spec.gopSize());
            if (spec.maxBFrames() >= 0) {
                rec.setMaxBFrames(spec.maxBFrames());
            }
            if (spec.codec().equals("mjpeg")) {
                rec.setPixelFormat(org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P);
            } else if (spec.codec().equals("ffv1")) {
                rec.setPixelFormat(org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV444P);
            } else if (!spec.codec().equals("png")) {
                rec.setPixelFormat(org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P);
            }
            rec.setVideoBitrate(Math.max(400_000, (int) Math.min(40_000_000L, (long) w * h * 6L)));
            if (spec.rotation() != 0) {
                rec.setDisplayRotation(-spec.rotation()); // JavaCV takes the angle counterclockwise
            }
            spec.options().forEach(rec::setVideoOption);
            if (spec.audioRate() > 0) {
                rec.setAudioCodec(org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC);
                rec.setSampleRate(spec.audioRate());
                rec.setAudioChannels(2);
                rec.setAudioBitrate(128_000);
            }
            rec.start();
            long samplesWritten = 0;
            byte[] bgr = new byte[w * h * 3];
            ByteBuffer buf = ByteBuffer.wrap(bgr);
            for (int i = 0; i < spec.frames(); i++) {
                draw(i, w, h, bgr);
                if (vfr) {
                    rec.setFrameNumber((int) Math.round(spec.timestampsMicros()[i] / 1000.0));
                }
                rec.recordImage(w, h, org.bytedeco.javacv.Frame.DEPTH_UBYTE, 3, w * 3, AV_PIX_FMT_BGR24, buf);
                if (spec.audioRate() > 0) {
                    // the tone up to the end of this frame (the next frame's time; the last frame lasts 1/fps)
                    double endS = vfr ? (i + 1 < spec.frames() ? spec.timestampsMicros()[i + 1] / 1e6 : spec.timestampsMicros()[i] / 1e6 + 1 / spec.fps())
                            : (i + 1) / spec.fps();
                    long until = Math.round(endS * spec.audioRate());
                    samplesWritten = tone(rec, spec.audioRate(), samplesWritten, until);
                }
            }
            rec.stop();
        } catch (org.bytedeco.javacv.FrameRecorder.Exception e) {
            throw DanceLensException.badInput("Could not write " + out.getFileName() + " as " + spec.format() + "/" + spec.codec()
                    + ": " + e.getMessage(), e);
        }
    }

    /** Records stereo tone samples {@code [from, to)}; returns {@code to}. */
    private static long tone(FFmpegFrameRecorder rec, int rate, long from, long to) throws org.bytedeco.javacv.FrameRecorder.Exception {
        int n = (int) (to - from);
        if (n <= 0) {
            return from;
        }
        short[] pcm = new short[2 * n];
        for (int i = 0; i < n; i++) {
            double t = (from + i) / (double) rate;
            pcm[2 * i] = (short) Math.round(8000 * Math.sin(2 * Math.PI * 440 * t));
            pcm[2 * i + 1] = (short) Math.round(toneRight(t));
        }
        rec.recordSamples(rate, 2, java.nio.ShortBuffer.wrap(pcm));
        return to;
    }

    /** The right channel of the tone track at {@code t} seconds: a sweep rising from 300 Hz by 200 Hz a second, amplitude 8000. */
    public static double toneRight(double t) {
        return 8000 * Math.sin(2 * Math.PI * (300 * t + 100 * t * t));
    }

    /** Draws frame {@code index} of a {@code w x h} pattern video into a BGR buffer. */
    static void draw(int index, int w, int h, byte[] bgr) {
        double t = index;
        float[] sx = new float[w];
        float[] sy = new float[h];
        for (int x = 0; x < w; x++) {
            sx[x] = (float) (50 * Math.sin(x * 0.045 + t * 0.21) + 20 * Math.sin(x * 0.31 - t * 0.05));
        }
        for (int y = 0; y < h; y++) {
            sy[y] = (float) (50 * Math.sin(y * 0.06 - t * 0.17) + 20 * Math.sin(y * 0.27 + t * 0.07));
        }
        for (int y = 0; y < h; y++) {
            int row = y * w * 3;
            for (int x = 0; x < w; x++) {
                float v = 128 + sx[x] + sy[y];
                int o = row + x * 3;
                bgr[o] = clamp(v + 25);
                bgr[o + 1] = clamp(v);
                bgr[o + 2] = clamp(255 - v);
            }
        }
        // A moving block.
        int bs = Math.max(8, Math.min(w, h) / 6);
        int bx = (int) ((index * 7L) % Math.max(1, w - bs));
        int by = h / 2 + (int) ((h / 2 - bs) * 0.5 * (1 + Math.sin(index * 0.1)));
        fill(bgr, w, h, bx, Math.min(h - bs, by), bs, bs, (byte) 40, (byte) 200, (byte) 240);
        // The index code.
        int[] cell = new int[4];
        for (int b = 0; b < BITS; b++) {
            boolean bit = ((index >> (BITS - 1 - b)) & 1) != 0;
            cellRect(b, 0, w, h, cell);
            byte v = bit ? (byte) 255 : 0;
            fill(bgr, w, h, cell[0], cell[1], cell[2], cell[3], v, v, v);
            cellRect(b, 1, w, h, cell);
            byte inv = bit ? 0 : (byte) 255;
            fill(bgr, w, h, cell[0], cell[1], cell[2], cell[3], inv, inv, inv);
        }
    }

    /** Cell {@code b} of code row {@code r} (0 bits, 1 inverted bits) as {x, y, width, height}. */
    private static void cellRect(int b, int r, int w, int h, int[] out) {
        double x0 = w * 0.04;
        double cw = w * 0.92 / BITS;
        double y0 = h * (0.06 + 0.13 * r);
        double ch = h * 0.13;
        out[0] = (int) Math.round(x0 + b * cw);
        out[1] = (int) Math.round(y0);
        out[2] = Math.max(1, (int) Math.round(x0 + (b + 1) * cw) - out[0]);
        out[3] = Math.max(1, (int) Math.round(y0 + ch) - out[1]);
    }

    private static void fill(byte[] bgr, int w, int h, int x0, int y0, int cw, int ch, byte b, byte g, byte r) {
        for (int y = Math.max(0, y0); y < Math.min(h, y0 + ch); y++) {
            for (int x = Math.max(0, x0); x < Math.min(w, x0 + cw); x++) {
                int o = (y * w + x) * 3;
                bgr[o] = b;
                bgr[o + 1] = g;
                bgr[o + 2] = r;
            }
        }
    }

    private static byte clamp(float v) {
        return (byte) Math.max(0, Math.min(255, Math.round(v)));
    }

    /**
     * Reads the index a pattern frame carries.
     *
     * @param codedWidth  width of the picture as written (before display rotation)
     * @param codedHeight height of the picture as written
     * @param rotation    clockwise display rotation the frame went through
     * @return the index, or -1 when the pattern cannot be read
     */
    public static int readIndex(VideoFrame f, int codedWidth, int codedHeight, int rotation) {
        int[] cell = new int[4];
        int value = 0;
        for (int b = 0; b < BITS; b++) {
            cellRect(b, 0, codedWidth, codedHeight, cell);
            double on = meanLuma(f, codedWidth, codedHeight, rotation, cell);
            cellRect(b, 1, codedWidth, codedHeight, cell);
            double off = meanLuma(f, codedWidth, codedHeight, rotation, cell);
            boolean bit = on > 128;
            if (bit == off > 128 || Math.abs(on - off) < 60) {
                return -1;
            }
            value = value << 1 | (bit ? 1 : 0);
        }
        return value;
    }

    private static double meanLuma(VideoFrame f, int cw, int chh, int rotation, int[] cell) {
        int cx = cell[0] + cell[2] / 2;
        int cy = cell[1] + cell[3] / 2;
        int rx = Math.max(0, Math.min(cell[2] / 4, 2));
        int ry = Math.max(0, Math.min(cell[3] / 4, 2));
        double sum = 0;
        int n = 0;
        for (int y = cy - ry; y <= cy + ry; y++) {
            for (int x = cx - rx; x <= cx + rx; x++) {
                int dx;
                int dy;
                switch (rotation) {
                    case 90 -> {
                        dx = chh - 1 - y;
                        dy = x;
                    }
                    case 180 -> {
                        dx = cw - 1 - x;
                        dy = chh - 1 - y;
                    }
                    case 270 -> {
                        dx = y;
                        dy = cw - 1 - x;
                    }
                    default -> {
                        dx = x;
                        dy = y;
                    }
                }
                int argb = f.argb(dx, dy);
                sum += 0.299 * (argb >> 16 & 0xff) + 0.587 * (argb >> 8 & 0xff) + 0.114 * (argb & 0xff);
                n++;
            }
        }
        return sum / n;
    }
}
