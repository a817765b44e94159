package org.dancelens.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

import java.nio.file.Path;
import org.dancelens.core.CancelledException;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.TaskContext;
import org.dancelens.core.Timecode;
import org.dancelens.core.VideoFrame;
import org.dancelens.core.VideoInfo;

/**
 * One opened video: its probe, its frame index, frame-exact random access with an LRU cache, and sequential
 * reading at full decoder speed. Methods are synchronized; for parallel work open another source on the same
 * file with {@link #reopen()} (it shares the index, so it opens instantly).
 */
public final class VideoSource implements AutoCloseable {
    /** Default cache budget for decoded frames. */
    public static final long DEFAULT_CACHE_BYTES = 512L << 20;

    private final VideoInfo info;
    private final FrameIndex index;
    private final FfmpegInput input;
    private final FfmpegDecoder decoder;
    private final FrameCache cache;
    private final int threads;
    /** Index of the last picture the decoder produced, or -1 when it must seek first. */
    private int position = -1;
    private long seeks;
    private long decodedPictures;

    private VideoSource(VideoInfo info, FrameIndex index, FfmpegInput input, FrameCache cache, int threads) {
        this.info = info;
        this.index = index;
        this.input = input;
        this.cache = cache;
        this.threads = threads;
        FfmpegDecoder d;
        try {
            d = new FfmpegDecoder(input, threads);
        } catch (RuntimeException e) {
            input.close();
            throw e;
        }
        this.decoder = d;
    }

    /** Opens and indexes a video with the default cache and decoder threads. */
    public static VideoSource open(Path path) {
        return open(path, TaskContext.NONE, DEFAULT_CACHE_BYTES, 0);
    }

    /**
     * Opens a video: probes it, builds its frame index from packet timestamps (reading the file once, without
     * decoding), and prepares a decoder.
     *
     * @param cacheBytes budget of the decoded-frame cache
     * @param threads    decoder threads, 0 for FFmpeg's automatic choice
     * @throws DanceLensException with a plain sentence when the file is missing, unreadable or not a video
     */
    public static VideoSource open(Path path, TaskContext ctx, long cacheBytes, int threads) {
        VideoInfo info;
        FrameIndex index;
        try (FfmpegInput scan = FfmpegInput.open(path)) {
            index = scan.scanIndex(ctx);
            if (index.size() == 0) {
                throw DanceLensException.badInput("The file " + path.getFileName() + " contains no video frames.");
            }
            int rotation = scan.rotation();
            int cw = scan.stream.codecpar().width();
            int ch = scan.stream.codecpar().height();
            boolean swap = rotation == 90 || rotation == 270;
            info = new VideoInfo(path, scan.containerName(), scan.codecName(), swap ? ch : cw, swap ? cw : ch, cw, ch,
                    rotation, index.averageFps(), index.durationSeconds(), index.size(), index.keyFrameCount(),
                    index.isVariableFrameRate(), scan.hasAudio(), scan.declaredFrames(), scan.scanStoppedEarly);
        }
        VideoSource source = new VideoSource(info, index, FfmpegInput.open(path), new FrameCache(cacheBytes), threads);
        try {
            // Decode the first frame now: a file whose pictures cannot be decoded at all is bad input, said at open.
            source.frame(0);
        } catch (DanceLensException e) {
            source.close();
            throw DanceLensException.badInput("The video in " + path.getFileName() + " cannot be decoded: the file is damaged.", e);
        }
        return source;
    }

    /** Another source on the same file sharing this one's probe and index; it has its own decoder and cache. */
    public VideoSource reopen(long cacheBytes) {
        return new VideoSource(info, index, FfmpegInput.open(info.path()), new FrameCache(cacheBytes), threads);
    }

    public VideoInfo info() {
        return info;
    }

    public FrameIndex index() {
        return index;
    }

    public FrameCache cache() {
        return cache;
    }

    public int frameCount() {
        return index.size();
    }

    /** Number of demuxer seeks so far (for benchmarks and tests). */
    public synchronized long seekCount() {
        return seeks;
    }

    /** Number of pictures decoded so far, converted or not (for benchmarks and tests). */
    public synchronized long decodedPictureCount() {
        return decodedPictures;
    }

    /**
     * Exactly frame {@code n}: from the cache, by decoding forward when the decoder is already before it in the
     * same group of pictures, or by seeking to the preceding key frame and decoding forward.
     *
     * @throws DanceLensException when n is out of range or the frame cannot be decoded (damaged file)
     */
    public synchronized VideoFrame frame(int n) {
        checkRange(n);
        VideoFrame cached = cache.get(n);
        if (cached != null) {
            return cached;
        }
        VideoFrame f = decodeTo(n, this::toFrame);
        cache.put(f);
        return f;
    }

    /** Like {@link #frame(int)} but only consults the cache: null when the frame has not been decoded recently. */
    public VideoFrame cachedFrame(int n) {
        return n >= 0 && n < index.size() ? cache.get(n) : null;
    }

    /**
     * A quick stand-in for frame {@code n} while the user scrubs: frame n itself when it is cached, otherwise the
     * key frame at or before n (one picture to decode instead of up to a whole group of pictures). The returned
     * frame's {@link VideoFrame#index()} says which frame it really is; callers show the exact frame once the
     * scrubbing settles.
     */
    /** True when frame {@code n} is in the frame cache (so {@link #frame} returns it without decoding). */
    public boolean isCached(int n) {
        return cache.contains(n);
    }

    public synchronized VideoFrame previewFrame(int n) {
        checkRange(n);
        VideoFrame cached = cache.get(n);
        if (cached != null) {
            return cached;
        }
        if (index.isCountedFromStart() || (position >= 0 && position < n && index.keyFrameAtOrBefore(n) <= position
                && n - position <= 2)) {
            return frame(n); // nothing cheaper than the exact frame
        }
        return frame(index.keyFrameAtOrBefore(n));
    }

    /** Receives frames read sequentially. */
    @FunctionalInterface
    public interface FrameSink {
        /** @return false to stop reading */
        boolean accept(VideoFrame frame);
    }

    /**
     * Told about each frame of the range that the decoder did not give out: damaged data in the middle, or a file cut
     * off after its index (every frame from the cut to the end of the range). Called in frame order, before the next
     * frame that did come out reaches the {@link FrameSink}. There is no default on purpose: every reader decides what
     * an undecodable frame means for its results (jobs record it as a gap; nothing is skipped in silence).
     */
    @FunctionalInterface
    public interface DamageSink {
        void undecodable(int frame);
    }

    /**
     * Reads frames {@code from} (inclusive) to {@code to} (exclusive) in order at full decoder speed, each one
     * converted to BGRA, without filling the cache. Every frame of the range either reaches {@code sink} or is
     * reported to {@code damage}, until the sink returns false or the context is cancelled (throwing
     * {@link CancelledException}).
     *
     * @return the number of frames delivered to the sink
     */
    public synchronized int read(int from, int to, FrameSink sink, DamageSink damage, TaskContext ctx) {
        return readAs(from, to, this::toFrame, sink::accept, damage, ctx);
    }

    /**
     * {@link #read}, each frame converted to BGRA at {@code 1/factor} of its size (the video's width and height
     * divided by {@code factor}, rounded down) by FFmpeg's area scaler.
     */
    public synchronized int readScaled(int from, int to, int factor, FrameSink sink, DamageSink damage, TaskContext ctx) {
        if (factor < 1) {
            throw new IllegalArgumentException("factor " + factor);
        }
        return readAs(from, to, idx -> {
            byte[] bgra = decoder.toBgraScaled(info.rotation(), factor);
            int w = decoder.pictureWidth() / factor;
            int h = decoder.pictureHeight() / factor;
            boolean swap = info.rotation() == 90 || info.rotation() == 270;
            return new VideoFrame(idx, index.timeOf(idx), swap ? h : w, swap ? w : h, bgra);
        }, sink::accept, damage, ctx);
    }

    /** Takes a frame in either form: the decoder's planes, or BGRA. */
    public interface PictureSink {
        /** @return false to stop reading */
        boolean planes(YuvFrame frame);

        /** @return false to stop reading */
        boolean bgra(VideoFrame frame);
    }

    /**
     * {@link #read}, giving each frame as the decoder's yuv420p planes ({@link YuvFrame}) where the picture is 8-bit
     * 4:2:0 of even size and not rotated, and as a BGRA {@link VideoFrame} otherwise.
     */
    public synchronized int readPictures(int from, int to, PictureSink sink, DamageSink damage, TaskContext ctx) {
        return readAs(from, to, this::toPicture, o -> o instanceof YuvFrame y ? sink.planes(y) : sink.bgra((VideoFrame) o), damage, ctx);
    }

    private Object toPicture(int idx) {
        YuvFrame y = decoder.toPlanes(idx, index.timeOf(idx), info.rotation());
        return y != null ? y : toFrame(idx);
    }

    private <T> int readAs(int from, int to, java.util.function.IntFunction<T> convert, java.util.function.Predicate<T> sink, DamageSink damage,
            TaskContext ctx) {
        checkRange(from);
        to = Math.min(to, index.size());
        if (to <= from) {
            return 0;
        }
        int delivered = 0;
        int expected = from;
        T first;
        int firstIndex = from;
        try {
            first = decodeTo(from, convert);
        } catch (DanceLensException damagedAtStart) {
            first = null;
        }
        if (first == null) {
            // The first frame did not come out whole. Either the decoder stopped (the end of the readable data: the rest
            // of the range is lost), or it holds a later picture, or a broken picture of the first frame itself.
            if (position < from) {
                for (int k = from; k < to; k++) {
                    damage.undecodable(k);
                }
                return 0;
            }
            int held = position;
            for (int k = from; k < Math.min(held, to); k++) {
                damage.undecodable(k);
            }
            if (held >= to) {
                return 0;
            }
            if (held == from || decoder.pictureIsDamaged()) {
                damage.undecodable(held);
            } else {
                first = convert.apply(held);
                firstIndex = held;
            }
            expected = held + 1;
        }
        if (first != null) {
            if (!sink.test(first)) {
                return 1;
            }
            delivered++;
            expected = firstIndex + 1;
        }
        while (expected < to) {
            if (ctx.isCancelled()) {
                throw new CancelledException("Reading " + info.fileName());
            }
            long ts = decoder.next();
            if (ts == AV_NOPTS_VALUE) {
                // The end of the readable data before the end of the range: a damaged or cut-off file.
                position = -1;
                for (int k = expected; k < to; k++) {
                    damage.undecodable(k);
                }
                break;
            }
            decodedPictures++;
            int idx = index.isCountedFromStart() ? position + 1 : index.nearestIndexOfPts(ts);
            position = idx;
            if (idx < expected) {
                continue; // a picture we have already delivered (duplicate timestamp)
            }
            for (int k = expected; k < Math.min(idx, to); k++) {
                damage.undecodable(k); // pictures the decoder skipped over (damaged packets)
            }
            if (idx >= to) {
                break;
            }
            expected = idx + 1;
            if (decoder.pictureIsDamaged()) {
                damage.undecodable(idx); // broken data, partly filled in from other pictures: not this frame
                continue;
            }
            T f = convert.apply(idx);
            delivered++;
            if ((delivered & 31) == 0) {
                ctx.progress((double) (idx - from) / (to - from), "Reading frame " + idx);
            }
            if (!sink.test(f)) {
                break;
            }
        }
        return delivered;
    }

    private <T> T decodeTo(int n, java.util.function.IntFunction<T> convert) {
        if (index.isCountedFromStart()) {
            return decodeToByCounting(n, convert);
        }
        long target = index.pts(n);
        boolean forward = position >= 0 && position < n && index.keyFrameAtOrBefore(n) <= position;
        int key = index.keyFrameAtOrBefore(n);
        if (!forward) {
            seekTo(key);
        }
        boolean firstAfterSeek = !forward;
        decoder.skipNonReferenceBefore(target);
        try {
            for (int guard = 0; guard < index.size() + 64; guard++) {
                long ts = decoder.next();
                if (ts == AV_NOPTS_VALUE) {
                    position = -1;
                    throw damaged(n);
                }
                decodedPictures++;
                int idx = index.indexOfPts(ts);
                if (idx < 0) {
                    idx = index.nearestIndexOfPts(ts);
                }
                if (firstAfterSeek && idx > n) {
                    // The demuxer landed after the target (its seek points are not where the packets said):
                    // go back one more key frame, and at the first one, to the start of the file.
                    if (key < 0) {
                        position = -1;
                        throw damaged(n);
                    }
                    key = index.keyFrameBefore(key);
                    if (key < 0) {
                        seeks++;
                        decoder.seekToStart();
                    } else {
                        seekTo(key);
                    }
                    decoder.skipNonReferenceBefore(target);
                    continue;
                }
                firstAfterSeek = false;
                position = idx;
                if (idx == n) {
                    if (decoder.pictureIsDamaged()) {
                        throw damaged(n); // the decoder filled it in from other pictures
                    }
                    return convert.apply(n);
                }
                if (idx > n) {
                    throw damaged(n); // the target picture never came out of the decoder
                }
            }
            throw damaged(n);
        } finally {
            decoder.skipNonReferenceBefore(Long.MIN_VALUE);
        }
    }

    /**
     * For streams without reliable presentation timestamps: the k-th picture out of the decoder after the start
     * of the file is frame k. Exact, but a seek backwards costs decoding from the start.
     */
    private <T> T decodeToByCounting(int n, java.util.function.IntFunction<T> convert) {
        if (position < 0 || position >= n) {
            seeks++;
            decoder.seekToStart();
            position = -1;
        }
        while (position < n) {
            long ts = decoder.next();
            if (ts == AV_NOPTS_VALUE) {
                position = -1;
                throw damaged(n);
            }
            decodedPictures++;
            position++;
        }
        if (decoder.pictureIsDamaged()) {
            throw damaged(n);
        }
        return convert.apply(n);
    }

    private void seekTo(int key) {
        seeks++;
        if (!decoder.seek(index.pts(key))) {
            // Some streams cannot seek by timestamp; reading from the beginning is the fallback.
            decoder.seekToStart();
        }
        position = -1;
    }

    private VideoFrame toFrame(int idx) {
        byte[] bgra = decoder.toBgra(info.rotation());
        int w = decoder.pictureWidth();
        int h = decoder.pictureHeight();
        boolean swap = info.rotation() == 90 || info.rotation() == 270;
        return new VideoFrame(idx, index.timeOf(idx), swap ? h : w, swap ? w : h, bgra);
    }

    private DanceLensException damaged(int n) {
        return DanceLensException.badInput("Frame " + n + " of " + info.fileName() + " (at " + Timecode.format(index.timeOf(n))
                + ") cannot be decoded: the file is damaged there.");
    }

    private void checkRange(int n) {
        if (n < 0 || n >= index.size()) {
            throw DanceLensException.badInput("Frame " + n + " does not exist: " + info.fileName() + " has frames 0 to "
                    + (index.size() - 1) + ".");
        }
    }

    @Override
    public synchronized void close() {
        decoder.close();
        input.close();
        cache.clear();
    }
}
