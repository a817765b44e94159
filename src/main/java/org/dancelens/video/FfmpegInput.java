package org.dancelens.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_DATA_DISPLAYMATRIX;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_DISCARD;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_side_data_get;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_display_rotation_get;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avcodec.AVPacketSideData;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.dancelens.core.CancelledException;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.TaskContext;

/**
 * An opened FFmpeg demuxer on one file, with its best video stream chosen. Not thread-safe: confine each
 * instance to one thread. Turns every way a file can be unreadable into a {@link DanceLensException} with a
 * plain sentence.
 */
final class FfmpegInput implements AutoCloseable {
    static {
        Ffmpeg.init();
    }

    final Path path;
    final AVFormatContext fmt;
    final AVStream stream;
    final int streamIndex;
    final AVCodec decoder;

    private FfmpegInput(Path path, AVFormatContext fmt, int streamIndex, AVCodec decoder) {
        this.path = path;
        this.fmt = fmt;
        this.streamIndex = streamIndex;
        this.stream = fmt.streams(streamIndex);
        this.decoder = decoder;
    }

    /**
     * The checks made before FFmpeg sees a file (it exists, is a file, can be read, is not empty), each failure one
     * sentence; {@code holds} names what an empty file lacks ("video", "audio"). Returns the file's name for sentences.
     */
    static String checkFile(Path path, String holds) {
        String name = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        if (!Files.exists(path)) {
            throw DanceLensException.badInput("The file " + path + " does not exist.");
        }
        if (Files.isDirectory(path)) {
            throw DanceLensException.badInput(path + " is a folder, not a video file.");
        }
        if (!Files.isReadable(path)) {
            throw DanceLensException.badInput("The file " + name + " cannot be read (permission denied).");
        }
        try {
            if (Files.size(path) == 0) {
                throw DanceLensException.badInput("The file " + name + " is empty (0 bytes), so it holds no " + holds + ".");
            }
        } catch (java.io.IOException e) {
            throw DanceLensException.badInput("The file " + name + " cannot be read: " + e.getMessage() + ".", e);
        }
        return name;
    }

    static FfmpegInput open(Path path) {
        String name = checkFile(path, "video");
        AVFormatContext fmt = new AVFormatContext(null);
        int ret;
        try (BytePointer url = new BytePointer(path.toAbsolutePath().toString(), StandardCharsets.UTF_8)) {
            ret = avformat_open_input(fmt, url, null, null);
        }
        if (ret < 0) {
            throw DanceLensException.badInput("The file " + name + " is not a video DanceLens can read ("
                    + errorText(ret) + ").");
        }
        boolean ok = false;
        try {
            ret = avformat_find_stream_info(fmt, (PointerPointer<?>) null);
            if (ret < 0) {
                throw DanceLensException.badInput("The file " + name + " is damaged or incomplete: its streams cannot be read ("
                        + errorText(ret) + ").");
            }
            int vs = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
            if (vs < 0) {
                boolean audio = false;
                for (int i = 0; i < fmt.nb_streams(); i++) {
                    audio |= fmt.streams(i).codecpar().codec_type() == AVMEDIA_TYPE_AUDIO;
                }
                throw DanceLensException.badInput(audio
                        ? "The file " + name + " holds only audio, no video."
                        : "The file " + name + " holds no video stream.");
            }
            String formatName = fmt.iformat().name().getString();
            if (isStillImageFormat(formatName)) {
                throw DanceLensException.badInput("The file " + name + " is a still image, not a video.");
            }
            AVCodecParameters par = fmt.streams(vs).codecpar();
            AVCodec codec = avcodec_find_decoder(par.codec_id());
            if (codec == null) {
                throw DanceLensException.badInput("The video in " + name + " uses the codec "
                        + avcodec_get_name(par.codec_id()).getString() + ", which this build of FFmpeg cannot decode.");
            }
            if (par.width() <= 0 || par.height() <= 0) {
                throw DanceLensException.badInput("The video in " + name + " has no picture size; the file is damaged.");
            }
            for (int i = 0; i < fmt.nb_streams(); i++) {
                if (i != vs) {
                    fmt.streams(i).discard(org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_ALL);
                }
            }
            FfmpegInput in = new FfmpegInput(path, fmt, vs, codec);
            ok = true;
            return in;
        } finally {
            if (!ok) {
                avformat_close_input(fmt);
            }
        }
    }

    /** Demuxers of single pictures and picture sequences: DanceLens reads videos, not stills. */
    static boolean isStillImageFormat(String formatName) {
        String f = formatName.toLowerCase(Locale.ROOT);
        return f.equals("image2") || f.endsWith("_pipe");
    }

    String containerName() {
        return fmt.iformat().name().getString();
    }

    String codecName() {
        return avcodec_get_name(stream.codecpar().codec_id()).getString();
    }

    boolean hasAudio() {
        for (int i = 0; i < fmt.nb_streams(); i++) {
            if (fmt.streams(i).codecpar().codec_type() == AVMEDIA_TYPE_AUDIO) {
                return true;
            }
        }
        return false;
    }

    /** Clockwise rotation (0, 90, 180, 270) to apply to decoded pictures, from the stream's display matrix. */
    int rotation() {
        AVCodecParameters par = stream.codecpar();
        AVPacketSideData sd = av_packet_side_data_get(par.coded_side_data(), par.nb_coded_side_data(), AV_PKT_DATA_DISPLAYMATRIX);
        if (sd == null || sd.isNull() || sd.size() < 36) {
            return 0;
        }
        double ccw = av_display_rotation_get(new IntPointer(sd.data()));
        if (Double.isNaN(ccw)) {
            return 0;
        }
        long cw = Math.round(-ccw / 90.0) * 90;
        return (int) (((cw % 360) + 360) % 360);
    }

    /**
     * Reads every packet of the video stream (no decoding) and builds the frame index from their timestamps.
     * Packets the demuxer marks as discarded (before an edit list's start) are left out, as the decoder drops them.
     * Reading stops at the end of the file or at the first damage the demuxer cannot get past.
     */
    /** Whether the last {@link #scanIndex} stopped on an error before the end of the file's data. */
    boolean scanStoppedEarly;

    /** Frames the container's header declares for the video stream (0 when it does not say). */
    int declaredFrames() {
        long n = stream.nb_frames();
        return n > 0 && n < Integer.MAX_VALUE ? (int) n : 0;
    }

    FrameIndex scanIndex(TaskContext ctx) {
        long tbNum = stream.time_base().num();
        long tbDen = stream.time_base().den();
        FrameIndex.Builder b = new FrameIndex.Builder(tbNum, tbDen);
        long fileSize;
        try {
            fileSize = Files.size(path);
        } catch (java.io.IOException e) {
            fileSize = -1;
        }
        AVPacket pkt = av_packet_alloc();
        try {
            long last = AV_NOPTS_VALUE;
            long lastDuration = 0;
            int n = 0;
            int missingPts = 0;
            while (true) {
                int ret = av_read_frame(fmt, pkt);
                if (ret < 0) {
                    // The end of the file, or damage the demuxer cannot get past: the index ends here, and says which.
                    scanStoppedEarly = ret != AVERROR_EOF;
                    break;
                }
                try {
                    if (pkt.stream_index() != streamIndex || (pkt.flags() & AV_PKT_FLAG_DISCARD) != 0 || pkt.size() == 0) {
                        continue;
                    }
                    if (pkt.pts() == AV_NOPTS_VALUE) {
                        missingPts++;
                    }
                    long ts = pkt.pts() != AV_NOPTS_VALUE ? pkt.pts() : pkt.dts();
                    if (ts == AV_NOPTS_VALUE) {
                        long step = pkt.duration() > 0 ? pkt.duration() : defaultTicksPerFrame(tbNum, tbDen);
                        ts = last == AV_NOPTS_VALUE ? 0 : last + step;
                    }
                    b.add(ts, (pkt.flags() & AV_PKT_FLAG_KEY) != 0);
                    last = ts;
                    lastDuration = pkt.duration();
                    if ((++n & 255) == 0) {
                        if (ctx.isCancelled()) {
                            throw new CancelledException("Indexing " + path.getFileName());
                        }
                        long pos = fmt.pb() == null ? -1 : avformat.avio_tell(fmt.pb());
                        ctx.progress(fileSize > 0 && pos >= 0 ? Math.min(1.0, (double) pos / fileSize) : -1,
                                "Indexing frames: " + n);
                    }
                } finally {
                    av_packet_unref(pkt);
                }
            }
            if (missingPts > 0) {
                // Packets without presentation timestamps (e.g. MPEG program streams with B-frames): only the decoder
                // knows the presentation order, so index by decoding once (slower, but exact).
                return scanIndexByDecoding(ctx);
            }
            return b.build(lastDuration);
        } finally {
            av_packet_free(pkt);
        }
    }

    /** Builds the index from the timestamps the decoder itself gives its pictures (no pixel conversion). */
    private FrameIndex scanIndexByDecoding(TaskContext ctx) {
        FrameIndex.Builder b = new FrameIndex.Builder(stream.time_base().num(), stream.time_base().den());
        try (FfmpegDecoder dec = new FfmpegDecoder(this, 0)) {
            dec.seekToStart();
            int n = 0;
            long prev = AV_NOPTS_VALUE;
            long ts;
            while ((ts = dec.next()) != AV_NOPTS_VALUE) {
                b.add(ts, dec.pictureIsKey());
                prev = ts;
                if ((++n & 63) == 0) {
                    if (ctx.isCancelled()) {
                        throw new CancelledException("Indexing " + path.getFileName());
                    }
                    ctx.progress(-1, "Indexing frames (decoding): " + n);
                }
            }
            return b.build(prev == AV_NOPTS_VALUE ? 0 : -1).countedFromStart();
        }
    }

    private long defaultTicksPerFrame(long tbNum, long tbDen) {
        double fps = stream.avg_frame_rate().num() > 0 && stream.avg_frame_rate().den() > 0
                ? (double) stream.avg_frame_rate().num() / stream.avg_frame_rate().den() : 25.0;
        return Math.max(1, Math.round(tbDen / (tbNum * fps)));
    }

    static String errorText(int err) {
        if (err == AVERROR_EOF) {
            return "unexpected end of file";
        }
        byte[] buf = new byte[256];
        av_strerror(err, buf, buf.length);
        int len = 0;
        while (len < buf.length && buf[len] != 0) {
            len++;
        }
        String s = new String(buf, 0, len, StandardCharsets.UTF_8).trim();
        return s.isEmpty() ? "FFmpeg error " + err : s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1);
    }

    @Override
    public void close() {
        avformat_close_input(fmt);
    }
}
