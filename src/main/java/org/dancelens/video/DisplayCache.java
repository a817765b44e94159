package org.dancelens.video;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.dancelens.core.AtomicFiles;
import org.dancelens.core.CancelledException;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.TaskContext;
import org.dancelens.core.VideoFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every frame of a video at display resolution, for scrubbing and random seeks that do not wait for the decoder: a
 * background pass decodes the video forward once (on its own decoder, at the lowest thread priority, pausing while
 * the player plays or a job asks), scales each frame down to fit {@link Settings#maxWidth} x
 * {@link Settings#maxHeight} (a box filter of a whole factor, so 1080p and 4K become at most the display size) and keeps
 * it as a JPEG in memory, up to a byte cap; past the cap the frames farthest from the playhead leave memory first. With
 * a disk folder, every frame is also written there (one file per frame, atomically), in a folder named by a hash of the
 * video's content and the display settings, so a second opening of the same video starts with its frames cached.
 *
 * <p>A frame from here is a stand-in: smaller than the video, lossy. {@link #get} says which frame it stands for; the
 * exact frame comes from {@link VideoSource}. FX-free.
 */
public final class DisplayCache implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DisplayCache.class);

    /**
     * @param maxWidth     the largest width a cached frame has (the screen's or the player's, not the source's)
     * @param maxHeight    the largest height
     * @param memoryBytes  the memory the compressed frames may take
     * @param diskFolder   where frames are kept between sessions (a folder per video is made in it), or null
     * @param diskBytes    the disk all videos' cached frames may take; the least recently used videos' go first
     * @param jpegQuality  0..1
     */
    public record Settings(int maxWidth, int maxHeight, long memoryBytes, Path diskFolder, long diskBytes, float jpegQuality) {
        public Settings {
            if (maxWidth < 16 || maxHeight < 16 || memoryBytes < 0 || diskBytes < 0 || !(jpegQuality > 0 && jpegQuality <= 1)) {
                throw new IllegalArgumentException("display cache settings out of range: " + maxWidth + "x" + maxHeight + ", " + memoryBytes + " bytes, q "
                        + jpegQuality);
            }
        }

        /** 1280 x 720, 512 MiB in memory, no disk, quality 0.8. */
        public static Settings defaults() {
            return new Settings(1280, 720, 512L << 20, null, 4L << 30, 0.8f);
        }

        public Settings withDisk(Path folder, long bytes) {
            return new Settings(maxWidth, maxHeight, memoryBytes, folder, bytes, jpegQuality);
        }

        public Settings withMemory(long bytes) {
            return new Settings(maxWidth, maxHeight, bytes, diskFolder, diskBytes, jpegQuality);
        }
    }

    /** Told (on the filling thread, at most every 250 ms and at the end) that more frames are cached. */
    public interface Listener {
        void cached(DisplayCache cache);
    }

    private final Path video;
    private final FrameIndex index;
    private final int frames;
    private final Settings settings;
    private final int factor;
    private final int width;
    private final int height;
    private final Path folder;
    private final ConcurrentHashMap<Integer, byte[]> memory = new ConcurrentHashMap<>();
    private final BitSet onDisk = new BitSet();
    private final BitSet undecodable = new BitSet();
    private final AtomicLong memoryBytes = new AtomicLong();
    private final Object lock = new Object();
    private final Listener listener;
    private volatile int focus;
    private boolean paused;
    private boolean jobRunning;
    /**
     * Memory is full and the frame just filled was itself the farthest from the playhead (so it left at once): filling
     * waits for the playhead to move, instead of decoding frames only to drop them.
     */
    private boolean saturated;
    private volatile boolean closed;
    private volatile String failure;
    private Thread thread;

    private DisplayCache(Path video, FrameIndex index, int sourceWidth, int sourceHeight, Settings settings, Listener listener) {
        this.video = video;
        this.index = index;
        this.frames = index.size();
        this.settings = settings;
        this.listener = listener;
        this.factor = factorFor(sourceWidth, sourceHeight, settings.maxWidth(), settings.maxHeight());
        this.width = sourceWidth / factor;
        this.height = sourceHeight / factor;
        this.folder = settings.diskFolder() == null ? null : settings.diskFolder().resolve(key(video, settings));
    }

    /**
     * Starts filling the cache of an opened video in the background (its own decoder; the given source is not used
     * after this returns).
     */
    public static DisplayCache start(VideoSource opened, Settings settings, Listener listener) {
        DisplayCache c = new DisplayCache(opened.info().path(), opened.index(), opened.info().width(), opened.info().height(), settings, listener);
        c.loadDisk();
        c.thread = new Thread(c::fill, "dancelens-display-cache");
        c.thread.setDaemon(true);
        c.thread.setPriority(Thread.MIN_PRIORITY);
        c.thread.start();
        return c;
    }

    /** The whole factor a picture is divided by to fit {@code maxW x maxH} (1: it fits). */
    static int factorFor(int w, int h, int maxW, int maxH) {
        int f = 1;
        while (w / f > maxW || h / f > maxH) {
            f++;
        }
        return f;
    }

    /** The cached frames' size. */
    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The frame the playhead is on: eviction keeps the frames near it, filling starts from it. */
    public void setFocus(int frame) {
        int f = Math.max(0, Math.min(frames - 1, frame));
        synchronized (lock) {
            if (f != focus) {
                saturated = false;
            }
            focus = f;
            lock.notifyAll();
        }
    }

    /** Pauses (or resumes) filling while the player plays. */
    public void setPaused(boolean p) {
        synchronized (lock) {
            paused = p;
            lock.notifyAll();
        }
    }

    /** Pauses (or resumes) filling while a job (an analysis, an export) wants the machine. */
    public void setJobRunning(boolean running) {
        synchronized (lock) {
            jobRunning = running;
            lock.notifyAll();
        }
    }

    public boolean has(int n) {
        return memory.containsKey(n) || diskHas(n);
    }

    private boolean diskHas(int n) {
        synchronized (onDisk) {
            return onDisk.get(n);
        }
    }

    /** The cached stand-in for frame {@code n} at display size, or null when it is not cached (or cannot be read). */
    public VideoFrame get(int n) {
        byte[] jpeg = memory.get(n);
        if (jpeg == null && folder != null && diskHas(n)) {
            try {
                jpeg = Files.readAllBytes(file(n));
            } catch (IOException e) {
                synchronized (onDisk) {
                    onDisk.clear(n);
                }
                return null;
            }
        }
        if (jpeg == null) {
            return null;
        }
        try {
            return decode(n, jpeg);
        } catch (IOException | RuntimeException e) {
            LOG.info("Cached display frame {} of {} cannot be read: {}", n, video, e.toString());
            return null;
        }
    }

    /** How many frames are cached. */
    public int cachedCount() {
        BitSet all = cachedSet();
        return all.cardinality();
    }

    /** The cached stretches of frames, {@code {from, to}} inclusive, in order. */
    public List<int[]> cachedRanges() {
        BitSet all = cachedSet();
        List<int[]> out = new ArrayList<>();
        for (int i = all.nextSetBit(0); i >= 0; ) {
            int end = all.nextClearBit(i);
            out.add(new int[] {i, end - 1});
            i = all.nextSetBit(end);
        }
        return out;
    }

    private BitSet cachedSet() {
        BitSet all;
        synchronized (onDisk) {
            all = (BitSet) onDisk.clone();
        }
        memory.keySet().forEach(all::set);
        return all;
    }

    /** The bytes the cached frames take in memory. */
    public long memoryBytes() {
        return memoryBytes.get();
    }

    /** Why filling stopped early, or null. */
    public String failure() {
        return failure;
    }

    /** True when every decodable frame is cached (or filling ended). */
    public boolean isComplete() {
        return cachedCount() + undecodableCount() >= frames;
    }

    private int undecodableCount() {
        synchronized (undecodable) {
            return undecodable.cardinality();
        }
    }

    // ---- filling ----

    private void fill() {
        try (VideoSource src = VideoSource.open(video, TaskContext.NONE, 0, 1)) {
            long lastTold = 0;
            while (!closed) {
                waitWhilePaused();
                if (closed) {
                    return;
                }
                int from = nextMissing();
                if (from < 0) {
                    break;
                }
                int to = from;
                while (to < frames && to - from < 120 && !has(to) && !isUndecodable(to)) {
                    to++;
                }
                int start = from;
                int end = to;
                int focusAtStart = focus;
                src.readScaled(start, end, factor, f -> {
                    if (closed) {
                        return false;
                    }
                    put(f.index(), encode(f));
                    // a pause ends the stretch (it resumes later), and so does a playhead moved away: filling starts again there
                    int now = focus;
                    return !pausedNow() && !isSaturated() && (now == focusAtStart || now >= start && now < end);
                }, n -> {
                    synchronized (undecodable) {
                        undecodable.set(n);
                    }
                }, new TaskContext() {
                    @Override
                    public void progress(double fraction, String message) {
                    }

                    @Override
                    public boolean isCancelled() {
                        return closed;
                    }
                });
                long now = System.nanoTime();
                if (now - lastTold > 250_000_000L && listener != null) {
                    lastTold = now;
                    listener.cached(this);
                }
            }
            if (listener != null && !closed) {
                listener.cached(this);
            }
        } catch (CancelledException e) {
            // closed
        } catch (DanceLensException e) {
            failure = e.getMessage();
            LOG.info("The display cache of {} stopped: {}", video, e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            failure = DanceLensException.userMessage(e);
            LOG.error("The display cache of {} failed", video, e);
        }
    }

    private boolean isUndecodable(int n) {
        synchronized (undecodable) {
            return undecodable.get(n);
        }
    }

    private boolean pausedNow() {
        synchronized (lock) {
            return paused || jobRunning;
        }
    }

    private boolean isSaturated() {
        synchronized (lock) {
            return saturated;
        }
    }

    private void waitWhilePaused() {
        synchronized (lock) {
            while ((paused || jobRunning || saturated) && !closed) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    closed = true;
                }
            }
        }
    }

    /** The first frame not cached: forward from the playhead, then from the start. */
    private int nextMissing() {
        BitSet all = cachedSet();
        synchronized (undecodable) {
            all.or(undecodable);
        }
        int f = all.nextClearBit(focus);
        if (f < frames) {
            return f;
        }
        f = all.nextClearBit(0);
        return f < frames ? f : -1;
    }

    private void put(int n, byte[] jpeg) {
        if (folder != null) {
            try {
                Files.createDirectories(folder);
                AtomicFiles.write(jpeg, file(n));
                synchronized (onDisk) {
                    onDisk.set(n);
                }
            } catch (IOException | RuntimeException e) {
                LOG.info("Display frame {} not kept on disk: {}", n, e.toString()); // a full disk: memory only
            }
        }
        byte[] old = memory.put(n, jpeg);
        memoryBytes.addAndGet(jpeg.length - (old == null ? 0 : old.length));
        evict();
        if (!memory.containsKey(n) && !diskHas(n)) {
            synchronized (lock) {
                saturated = true; // it was the farthest: memory holds what is nearest the playhead already
            }
        }
    }

    /** Past the byte cap: the frames farthest from the playhead leave memory (they stay on disk if kept there). */
    private void evict() {
        if (memoryBytes.get() <= settings.memoryBytes()) {
            return;
        }
        int at = focus;
        List<Integer> keys = new ArrayList<>(memory.keySet());
        keys.sort((a, b) -> Integer.compare(Math.abs(b - at), Math.abs(a - at)));
        for (int k : keys) {
            if (memoryBytes.get() <= settings.memoryBytes() * 9 / 10) {
                break;
            }
            byte[] gone = memory.remove(k);
            if (gone != null) {
                memoryBytes.addAndGet(-gone.length);
            }
        }
    }

    // ---- pictures ----

    /** A frame at display size (FFmpeg scaled it), compressed; a full-size one is scaled down by a box filter first. */
    byte[] encode(VideoFrame f) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] out = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        byte[] in = f.bgra();
        int k = f.width() == width ? 1 : factor;
        int area = k * k;
        int sw = f.width();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int b = 0;
                int g = 0;
                int r = 0;
                for (int dy = 0; dy < k; dy++) {
                    int o = ((y * k + dy) * sw + x * k) * 4;
                    for (int dx = 0; dx < k; dx++, o += 4) {
                        b += in[o] & 0xff;
                        g += in[o + 1] & 0xff;
                        r += in[o + 2] & 0xff;
                    }
                }
                int p = (y * width + x) * 3;
                out[p] = (byte) (b / area);
                out[p + 1] = (byte) (g / area);
                out[p + 2] = (byte) (r / area);
            }
        }
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(width * height / 4);
        try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(bytes)) {
            w.setOutput(ios);
            ImageWriteParam p = w.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(settings.jpegQuality());
            w.write(null, new IIOImage(img, null, null), p);
        } catch (IOException e) {
            throw DanceLensException.internal("Could not compress a display frame.", e);
        } finally {
            w.dispose();
        }
        return bytes.toByteArray();
    }

    private VideoFrame decode(int n, byte[] jpeg) throws IOException {
        BufferedImage img;
        try (InputStream in = new ByteArrayInputStream(jpeg)) {
            img = ImageIO.read(in);
        }
        if (img == null || img.getWidth() != width || img.getHeight() != height) {
            throw new IOException("not a " + width + "x" + height + " picture");
        }
        byte[] bgra = new byte[width * height * 4];
        if (img.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            byte[] bgr = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
            for (int i = 0, o = 0; i < bgr.length; i += 3, o += 4) {
                bgra[o] = bgr[i];
                bgra[o + 1] = bgr[i + 1];
                bgra[o + 2] = bgr[i + 2];
                bgra[o + 3] = (byte) 255;
            }
        } else {
            int[] row = new int[width];
            for (int y = 0; y < height; y++) {
                img.getRGB(0, y, width, 1, row, 0, width);
                for (int x = 0; x < width; x++) {
                    int o = (y * width + x) * 4;
                    int c = row[x];
                    bgra[o] = (byte) c;
                    bgra[o + 1] = (byte) (c >> 8);
                    bgra[o + 2] = (byte) (c >> 16);
                    bgra[o + 3] = (byte) 255;
                }
            }
        }
        return new VideoFrame(n, index.timeOf(n), width, height, bgra);
    }

    // ---- disk ----

    private Path file(int n) {
        return folder.resolve(String.format(Locale.ROOT, "%07d.jpg", n));
    }

    /** Marks the frames a previous session kept on disk, and makes room under the disk cap. */
    private void loadDisk() {
        if (folder == null) {
            return;
        }
        try {
            if (Files.isDirectory(folder)) {
                try (var s = Files.list(folder)) {
                    s.forEach(p -> {
                        String name = p.getFileName().toString();
                        if (name.length() == 11 && name.endsWith(".jpg")) {
                            try {
                                int n = Integer.parseInt(name.substring(0, 7));
                                if (n >= 0 && n < frames) {
                                    synchronized (onDisk) {
                                        onDisk.set(n);
                                    }
                                }
                            } catch (NumberFormatException ignored) {
                                // not ours
                            }
                        }
                    });
                }
                Files.setLastModifiedTime(folder, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
            }
            prune(settings.diskFolder(), settings.diskBytes(), folder);
        } catch (IOException | RuntimeException e) {
            LOG.info("The display cache folder {} cannot be read: {}", folder, e.toString());
        }
    }

    /** Deletes the least recently opened videos' folders while all of them take more than {@code cap} bytes. */
    static void prune(Path root, long cap, Path keep) throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        List<Path> dirs;
        try (var s = Files.list(root)) {
            dirs = new ArrayList<>(s.filter(Files::isDirectory).toList());
        }
        long total = 0;
        java.util.Map<Path, Long> sizes = new java.util.HashMap<>();
        for (Path d : dirs) {
            long size;
            try (var s = Files.list(d)) {
                size = s.mapToLong(p -> p.toFile().length()).sum();
            }
            sizes.put(d, size);
            total += size;
        }
        dirs.sort(java.util.Comparator.comparingLong(d -> d.toFile().lastModified()));
        for (Path d : dirs) {
            if (total <= cap) {
                break;
            }
            if (d.equals(keep)) {
                continue;
            }
            try (var s = Files.list(d)) {
                for (Path p : s.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(d);
            total -= sizes.get(d);
        }
    }

    /**
     * The folder name of a video's cached frames: a hash of its size, its first and last MiB (its content, without
     * reading a whole large file), and the display settings.
     */
    static String key(Path video, Settings s) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            long size = Files.size(video);
            md.update(Long.toString(size).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            try (var ch = java.nio.channels.FileChannel.open(video)) {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(1 << 20);
                ch.read(buf, 0);
                buf.flip();
                md.update(buf);
                buf.clear();
                ch.read(buf, Math.max(0, size - (1 << 20)));
                buf.flip();
                md.update(buf);
            }
            md.update(String.format(Locale.ROOT, "%dx%d q%.2f", s.maxWidth(), s.maxHeight(), s.jpegQuality()).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(md.digest()).substring(0, 24);
        } catch (IOException e) {
            throw DanceLensException.badInput("The video " + video + " cannot be read (" + e.getMessage() + ").", e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (lock) {
            lock.notifyAll();
        }
        if (thread != null) {
            try {
                thread.join(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        memory.clear();
        memoryBytes.set(0);
    }
}
