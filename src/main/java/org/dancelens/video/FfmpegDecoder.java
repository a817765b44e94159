package org.dancelens.video;

import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_DEFAULT;
import static org.bytedeco.ffmpeg.global.avcodec.AV_EF_EXPLODE;
import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_NONREF;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_flush_buffers;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_FLAG_BACKWARD;
import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_FLAG_BYTE;
import static org.bytedeco.ffmpeg.global.avformat.avformat_seek_file;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_seek_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_JPEG;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_BT709;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_UNSPECIFIED;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGRA;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ422P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ444P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_DEFAULT;
import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_ITU601;
import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_ITU709;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCoefficients;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;
import static org.bytedeco.ffmpeg.global.swscale.sws_setColorspaceDetails;

import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.dancelens.core.DanceLensException;

/**
 * Decodes the video stream of one {@link FfmpegInput}: packets in, pictures out in presentation order, each
 * with its presentation timestamp. Converts only the pictures asked for to BGRA. Not thread-safe.
 */
final class FfmpegDecoder implements AutoCloseable {
    private final FfmpegInput in;
    private final AVCodecContext ctx;
    private final AVPacket pkt = av_packet_alloc();
    private final AVFrame picture = av_frame_alloc();
    private boolean draining;
    private boolean ended;
    private long skipNonRefUntilPts = Long.MIN_VALUE;
    /** A damaged picture came out since the last key frame (see {@link #pictureIsDamaged()}). */
    private boolean tainted;

    private SwsContext sws;
    private int swsW;
    private int swsH;
    private int swsFmt = -1;
    private BytePointer bgraBuf;
    /** A second conversion, to a smaller size (the display cache's). */
    private SwsContext small;
    private int smallKey = -1;
    private BytePointer smallBuf;
    private final PointerPointer<BytePointer> dstData = new PointerPointer<>(4);
    private final IntPointer dstLinesize = new IntPointer(4);

    FfmpegDecoder(FfmpegInput in, int threads) {
        this.in = in;
        ctx = avcodec_alloc_context3(in.decoder);
        int ret = avcodec_parameters_to_context(ctx, in.stream.codecpar());
        if (ret < 0) {
            close();
            throw DanceLensException.badInput("The video in " + in.path.getFileName() + " has codec parameters FFmpeg rejects ("
                    + FfmpegInput.errorText(ret) + ").");
        }
        ctx.pkt_timebase(in.stream.time_base());
        ctx.thread_count(threads);
        // A picture with broken data is an error, not a picture patched from its neighbours: without this, decoders of the
        // MPEG-4 family conceal damage and give out a wrong picture without a flag.
        ctx.err_recognition(ctx.err_recognition() | AV_EF_EXPLODE);
        ret = avcodec_open2(ctx, in.decoder, (org.bytedeco.ffmpeg.avutil.AVDictionary) null);
        if (ret < 0) {
            close();
            throw DanceLensException.badInput("The video decoder for " + in.path.getFileName() + " could not be opened ("
                    + FfmpegInput.errorText(ret) + ").");
        }
    }

    /**
     * Moves the demuxer to the last key frame at or before {@code pts} and resets the decoder.
     *
     * @return false when the container cannot seek there
     */
    boolean seek(long pts) {
        int ret = av_seek_frame(in.fmt, in.streamIndex, pts, AVSEEK_FLAG_BACKWARD);
        avcodec_flush_buffers(ctx);
        draining = false;
        ended = false;
        tainted = false;
        return ret >= 0;
    }

    /**
     * Moves the demuxer to the very start of the file (by byte position where the container allows it, else by the
     * smallest timestamp) and resets the decoder.
     */
    boolean seekToStart() {
        int ret = av_seek_frame(in.fmt, -1, 0, AVSEEK_FLAG_BYTE);
        if (ret < 0) {
            ret = avformat_seek_file(in.fmt, -1, Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE, 0);
        }
        avcodec_flush_buffers(ctx);
        draining = false;
        ended = false;
        tainted = false;
        return ret >= 0;
    }

    /**
     * While decoding forward to a target, pictures nobody references and that are not the target need not be
     * decoded at all: packets before {@code targetPts} are sent with {@code skip_frame = NONREF}.
     * {@code Long.MIN_VALUE} switches this off.
     */
    void skipNonReferenceBefore(long targetPts) {
        skipNonRefUntilPts = targetPts;
    }

    /**
     * Decodes the next picture in presentation order.
     *
     * @return its presentation timestamp, or {@code AV_NOPTS_VALUE} at the end of the stream (or at damage that
     * stops the demuxer)
     */
    long next() {
        while (true) {
            int ret = avcodec_receive_frame(ctx, picture);
            if (ret >= 0) {
                // A picture predicted from a damaged one is damaged too, until the next key frame.
                if ((picture.flags() & AVFrame.AV_FRAME_FLAG_KEY) != 0) {
                    tainted = false;
                }
                if ((picture.flags() & AVFrame.AV_FRAME_FLAG_CORRUPT) != 0 || picture.decode_error_flags() != 0) {
                    tainted = true;
                }
                long ts = picture.best_effort_timestamp();
                return ts != AV_NOPTS_VALUE ? ts : picture.pts();
            }
            if (ret == AVERROR_EOF || ended) {
                ended = true;
                return AV_NOPTS_VALUE;
            }
            if (ret != AVERROR_EAGAIN()) {
                tainted = true; // a decoding error: what is predicted from the lost picture is damaged too
            }
            // EAGAIN (needs input) or a decoding error on damaged data: feed the next packet.
            if (draining) {
                ended = true;
                return AV_NOPTS_VALUE;
            }
            if (!feedPacket()) {
                avcodec_send_packet(ctx, null);
                draining = true;
            }
        }
    }

    private boolean feedPacket() {
        while (true) {
            int ret = av_read_frame(in.fmt, pkt);
            if (ret < 0) {
                return false;
            }
            try {
                if (pkt.stream_index() != in.streamIndex) {
                    continue;
                }
                if (skipNonRefUntilPts != Long.MIN_VALUE) {
                    long ts = pkt.pts() != AV_NOPTS_VALUE ? pkt.pts() : pkt.dts();
                    boolean before = ts != AV_NOPTS_VALUE && ts < skipNonRefUntilPts;
                    ctx.skip_frame(before ? AVDISCARD_NONREF : AVDISCARD_DEFAULT);
                } else {
                    ctx.skip_frame(AVDISCARD_DEFAULT);
                }
                if (avcodec_send_packet(ctx, pkt) < 0) {
                    tainted = true; // a lost picture: the pictures predicted from it are damaged until the next key frame
                }
                return true;
            } finally {
                av_packet_unref(pkt);
            }
        }
    }

    /**
     * Whether the last decoded picture is damaged: the decoder flagged it corrupt, or filled parts of it in from other
     * pictures (error concealment) because its data was broken, or it was predicted from such a picture since the last
     * key frame. Such a picture is not (all) the frame it is stamped as.
     */
    boolean pictureIsDamaged() {
        return tainted;
    }

    /** Whether the last decoded picture is a key frame. */
    boolean pictureIsKey() {
        return (picture.flags() & AVFrame.AV_FRAME_FLAG_KEY) != 0;
    }

    int pictureWidth() {
        return picture.width();
    }

    int pictureHeight() {
        return picture.height();
    }

    /** Converts the last decoded picture to BGRA, applying a clockwise rotation. */
    byte[] toBgra(int rotation) {
        int w = picture.width();
        int h = picture.height();
        int fmt = picture.format();
        if (sws == null || w != swsW || h != swsH || fmt != swsFmt) {
            sws = sws_getCachedContext(sws, w, h, fmt, w, h, AV_PIX_FMT_BGRA, SWS_BILINEAR, null, null, (DoublePointer) null);
            if (sws == null) {
                throw DanceLensException.badInput("The pictures in " + in.path.getFileName() + " use a pixel format that cannot be converted.");
            }
            toRgbDetails(sws, coefficients(picture.colorspace(), h), fullRange(picture.color_range(), fmt));
            if (bgraBuf != null) {
                bgraBuf.close();
            }
            bgraBuf = new BytePointer((long) w * h * 4);
            swsW = w;
            swsH = h;
            swsFmt = fmt;
        }
        dstData.put(0, bgraBuf);
        dstLinesize.put(0, w * 4);
        sws_scale(sws, picture.data(), picture.linesize(), 0, h, dstData, dstLinesize);
        byte[] out = new byte[w * h * 4];
        bgraBuf.position(0).get(out);
        return rotation == 0 ? out : Rotation.rotate(out, w, h, rotation);
    }

    /**
     * Converts the last decoded picture to BGRA at a whole fraction of its size ({@code 1/factor}, by swscale's area
     * averaging), applying a clockwise rotation: the picture's width and height divided by {@code factor}, rounded
     * down.
     */
    byte[] toBgraScaled(int rotation, int factor) {
        int w = picture.width();
        int h = picture.height();
        int fmt = picture.format();
        int dw = w / factor;
        int dh = h / factor;
        int key = java.util.Objects.hash(w, h, fmt, factor);
        if (small == null || key != smallKey) {
            small = sws_getCachedContext(small, w, h, fmt, dw, dh, AV_PIX_FMT_BGRA, org.bytedeco.ffmpeg.global.swscale.SWS_AREA, null, null,
                    (DoublePointer) null);
            if (small == null) {
                throw DanceLensException.badInput("The pictures in " + in.path.getFileName() + " use a pixel format that cannot be converted.");
            }
            toRgbDetails(small, coefficients(picture.colorspace(), h), fullRange(picture.color_range(), fmt));
            if (smallBuf != null) {
                smallBuf.close();
            }
            smallBuf = new BytePointer((long) dw * dh * 4);
            smallKey = key;
        }
        dstData.put(0, smallBuf);
        dstLinesize.put(0, dw * 4);
        sws_scale(small, picture.data(), picture.linesize(), 0, h, dstData, dstLinesize);
        byte[] out = new byte[dw * dh * 4];
        smallBuf.position(0).get(out);
        return rotation == 0 ? out : Rotation.rotate(out, dw, dh, rotation);
    }

    /** The YUV matrix swscale is given for a picture: its own, else BT.709 from 720 lines up and BT.601 below. */
    static int coefficients(int colorspace, int height) {
        return colorspace == AVCOL_SPC_BT709 || (colorspace == AVCOL_SPC_UNSPECIFIED && height >= 720) ? SWS_CS_ITU709
                : colorspace == AVCOL_SPC_UNSPECIFIED ? SWS_CS_ITU601 : colorspace;
    }

    /** Whether a picture's YUV uses the full 0-255 range (JPEG) rather than the limited one. */
    static boolean fullRange(int colorRange, int fmt) {
        return colorRange == AVCOL_RANGE_JPEG || fmt == AV_PIX_FMT_YUVJ420P || fmt == AV_PIX_FMT_YUVJ422P || fmt == AV_PIX_FMT_YUVJ444P;
    }

    /** The colour details of a YUV-to-RGB context, the same for every conversion of the video core. */
    static void toRgbDetails(SwsContext sws, int coefficients, boolean fullRange) {
        sws_setColorspaceDetails(sws, sws_getCoefficients(coefficients), fullRange ? 1 : 0, sws_getCoefficients(SWS_CS_DEFAULT), 1, 0, 1 << 16, 1 << 16);
    }

    /**
     * The last decoded picture's planes as they came out of the decoder, when it is 8-bit 4:2:0 (yuv420p or yuvj420p)
     * of even size and no rotation is to be applied; otherwise null (the caller takes {@link #toBgra}).
     */
    YuvFrame toPlanes(int index, double timeSeconds, int rotation) {
        int w = picture.width();
        int h = picture.height();
        int fmt = picture.format();
        if (rotation != 0 || (fmt != AV_PIX_FMT_YUV420P && fmt != AV_PIX_FMT_YUVJ420P) || (w & 1) != 0 || (h & 1) != 0) {
            return null;
        }
        byte[] y = new byte[w * h];
        byte[] u = new byte[w * h / 4];
        byte[] v = new byte[w * h / 4];
        copyPlane(picture.data(0), picture.linesize(0), w, h, y);
        copyPlane(picture.data(1), picture.linesize(1), w / 2, h / 2, u);
        copyPlane(picture.data(2), picture.linesize(2), w / 2, h / 2, v);
        return new YuvFrame(index, timeSeconds, w, h, y, u, v, coefficients(picture.colorspace(), h), fullRange(picture.color_range(), fmt));
    }

    private static void copyPlane(BytePointer src, int linesize, int w, int h, byte[] out) {
        if (linesize == w) {
            src.position(0).get(out, 0, w * h);
            return;
        }
        for (int row = 0; row < h; row++) {
            src.position((long) row * linesize).get(out, row * w, w);
        }
        src.position(0);
    }

    @Override
    public void close() {
        if (sws != null) {
            sws_freeContext(sws);
            sws = null;
        }
        if (small != null) {
            sws_freeContext(small);
            small = null;
        }
        if (smallBuf != null) {
            smallBuf.close();
            smallBuf = null;
        }
        if (bgraBuf != null) {
            bgraBuf.close();
        }
        av_frame_free(picture);
        av_packet_free(pkt);
        avcodec_free_context(ctx);
        dstData.close();
        dstLinesize.close();
    }
}
