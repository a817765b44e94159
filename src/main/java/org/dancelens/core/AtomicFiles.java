package org.dancelens.core;

import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Map;

/**
 * The one way DanceLens writes a file: the content goes to a temporary file beside the target (same folder, so the
 * rename is atomic), is flushed and forced to the disk, and is then renamed over the target. A failure at any step
 * (a full disk, a file-size limit, a folder that cannot be written, a cancel) deletes the temporary file and leaves the
 * target as it was, old content or absent; it becomes one {@link DanceLensException#badInput bad-input} sentence naming
 * the file and saying what went wrong ("the disk is full", "permission denied", ...). A cancel (an interrupted thread)
 * becomes a {@link CancelledException}. Exceptions the content itself throws pass through unchanged, after the clean-up.
 *
 * <p>Sets of files that belong together ({@link #writeSet}) have a completion file written last: it is removed before
 * any file of the set is replaced, so a set found with it is complete.
 */
public final class AtomicFiles {
    /** Writes the file's content. The stream is buffered; closing it only flushes. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes the file's content to the given path (for libraries that open files themselves, such as FFmpeg). */
    @FunctionalInterface
    public interface PathContent {
        void writeTo(Path temporary) throws IOException;
    }

    /** The steps between the content and the rename, wrapped by tests to fail where a real disk can fail. */
    interface Steps {
        default OutputStream wrap(OutputStream out) {
            return out;
        }

        default void beforeForce(Path temporary) throws IOException {
        }

        default void beforeMove(Path temporary, Path target) throws IOException {
        }
    }

    static final Steps REAL = new Steps() {
    };

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Prefix and suffix of every temporary file, so they can be recognised (and are hidden on Unix). */
    static final String TEMP_PREFIX = ".";
    static final String TEMP_SUFFIX = ".dancelens-tmp";

    private AtomicFiles() {
    }

    public static void write(byte[] data, Path out) {
        write(out, o -> o.write(data));
    }

    public static void writeString(Path out, String text) {
        write(text.getBytes(StandardCharsets.UTF_8), out);
    }

    /** Streams the content into a temporary file beside {@code out}, forces it to the disk and renames it to {@code out}. */
    public static void write(Path out, Content content) {
        write(out, content, REAL);
    }

    /** Copies {@code source} to {@code out} (replacing it) the same way. */
    public static void copy(Path source, Path out) {
        InputStream in;
        try {
            in = Files.newInputStream(source);
        } catch (IOException e) {
            throw DanceLensException.badInput("Could not read " + source + ": "
                    + (e instanceof NoSuchFileException ? "it does not exist" : reason(e, source.toAbsolutePath())) + ".", e);
        }
        try (InputStream s = in) {
            write(out, o -> {
                byte[] buf = new byte[1 << 16];
                while (true) {
                    int n;
                    try {
                        n = s.read(buf);
                    } catch (IOException e) {
                        throw new SourceFailure(source, e);
                    }
                    if (n < 0) {
                        break;
                    }
                    o.write(buf, 0, n);
                }
            });
        } catch (IOException e) {
            // closing the source
        }
    }

    /**
     * Lets {@code content} write a file at a temporary path beside {@code out} (ending like {@code out}, so tools that
     * go by the extension see the right one), then forces it to the disk and renames it to {@code out}.
     */
    public static void writeVia(Path out, PathContent content) {
        String name = out.getFileName().toString();
        int dot = name.lastIndexOf('.');
        viaTemp(out, dot > 0 ? name.substring(dot) : "", (tmp, target) -> {
            content.writeTo(tmp);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
        });
    }

    /**
     * Writes a set of files into {@code dir} (created if missing), in the map's iteration order; the last one is the set's
     * completion file (see {@link FileSet}).
     */
    public static void writeSet(Path dir, Map<String, Content> files) {
        writeSet(dir, files, REAL);
    }

    /** A set of files that belong together, written into {@code dir} (created if missing); see {@link FileSet}. */
    public static FileSet fileSet(Path dir) {
        return new FileSet(dir, REAL);
    }

    /**
     * Deletes {@code file} if it is there: the completion file of an earlier set, before files of a new set are written
     * one by one, so a set stopped half-way is never taken for complete.
     */
    public static void delete(Path file) {
        Path target = file.toAbsolutePath();
        try {
            if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                throw DanceLensException.badInput("Could not replace " + target + ": it is a folder.");
            }
            Files.deleteIfExists(target);
        } catch (IOException e) {
            throw DanceLensException.badInput("Could not remove the earlier " + target + ": " + reason(e, target) + ".", e);
        }
    }

    // ---- the steps ----

    static void write(Path out, Content content, Steps steps) {
        viaTemp(out, "", (tmp, target) -> {
            writeAndForce(tmp, content, steps);
            steps.beforeMove(tmp, target);
        });
    }

    /** What is done to the temporary file before it is renamed to its target. */
    private interface TempStep {
        void fill(Path tmp, Path target) throws IOException;
    }

    /**
     * The one recipe of every single-file write: a temporary file beside the target (ending in {@code suffix}), filled
     * and forced to the disk by {@code step}, renamed over the target, the folder synced; on any failure the temporary
     * file is removed and the target is as it was.
     */
    private static void viaTemp(Path out, String suffix, TempStep step) {
        Path target = out.toAbsolutePath();
        Path dir = prepareFolder(target);
        Path tmp = null;
        boolean done = false;
        try {
            tmp = newTemp(dir, target, suffix);
            step.fill(tmp, target);
            move(tmp, target);
            done = true;
            syncFolder(dir);
        } catch (IOException e) {
            throw failure(target, e);
        } finally {
            if (!done) {
                deleteQuietly(tmp);
            }
        }
    }

    static void writeSet(Path dir, Map<String, Content> files, Steps steps) {
        if (files.isEmpty()) {
            return;
        }
        try (FileSet set = new FileSet(dir, steps)) {
            int i = 0;
            for (Map.Entry<String, Content> f : files.entrySet()) {
                if (++i < files.size()) {
                    set.add(f.getKey(), f.getValue());
                } else {
                    set.complete(f.getKey(), f.getValue());
                }
            }
        }
    }

    /**
     * Files that belong together (a report's files, the maps of a run): each {@link #add added} file is written in full
     * to a temporary file beside its target and forced to the disk at once, but nothing is replaced until
     * {@link #complete}: it writes the set's completion file the same way, then removes the earlier completion file,
     * renames the others into place in the order they were added and renames the completion file last. So a failure
     * while writing (a full disk) leaves an earlier set whole, and a set found with its completion file is complete; a
     * process that dies while renaming leaves the set without it. {@link #close} without {@code complete} (a failure, a
     * cancel) deletes the temporary files. Use it in try-with-resources; it is not thread-safe.
     */
    public static final class FileSet implements AutoCloseable {
        private final Path dir;
        private final Steps steps;
        /** Target to its written temporary file, in the order the targets were added. */
        private final Map<Path, Path> pending = new java.util.LinkedHashMap<>();

        FileSet(Path dir, Steps steps) {
            this.dir = dir.toAbsolutePath();
            this.steps = steps;
            try {
                Files.createDirectories(this.dir);
            } catch (IOException e) {
                throw DanceLensException.badInput("Could not write into " + this.dir + ": " + reason(e, this.dir.resolve("x")) + ".", e);
            }
        }

        public Path folder() {
            return dir;
        }

        /** Writes {@code name} (a plain file name in the set's folder) to its temporary file; it is put in place by {@link #complete}. */
        public void add(String name, Content content) {
            Path target = dir.resolve(name);
            refuseFolder(target);
            Path tmp = null;
            boolean ok = false;
            try {
                tmp = newTemp(dir, target, "");
                writeAndForce(tmp, content, steps);
                ok = true;
            } catch (IOException e) {
                throw failure(target, e);
            } finally {
                if (!ok) {
                    deleteQuietly(tmp);
                }
            }
            deleteQuietly(pending.remove(target)); // written twice: the later content wins
            pending.put(target, tmp);
        }

        public void add(String name, byte[] data) {
            add(name, o -> o.write(data));
        }

        public void complete(String name, byte[] data) {
            complete(name, o -> o.write(data));
        }

        /** Writes the completion file {@code name}, then puts the whole set in place (see the class comment). */
        public void complete(String name, Content content) {
            add(name, content);
            Path marker = dir.resolve(name);
            Path current = marker;
            try {
                Files.deleteIfExists(marker);
                for (Map.Entry<Path, Path> e : new ArrayList<>(pending.entrySet())) {
                    current = e.getKey();
                    steps.beforeMove(e.getValue(), current);
                    move(e.getValue(), current);
                    pending.remove(current);
                }
                syncFolder(dir);
            } catch (IOException e) {
                throw failure(current, e);
            }
        }

        /** Deletes the temporary files of a set that was not completed. */
        @Override
        public void close() {
            pending.values().forEach(AtomicFiles::deleteQuietly);
            pending.clear();
        }
    }

    private static void writeAndForce(Path tmp, Content content, Steps steps) throws IOException {
        // A FileOutputStream, not a FileChannel stream: an interrupt does not close it half-way.
        try (FileOutputStream file = new FileOutputStream(tmp.toFile())) {
            OutputStream buffered = new java.io.BufferedOutputStream(steps.wrap(file), 1 << 16);
            content.writeTo(new FilterOutputStream(buffered) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    out.flush(); // the content may close what it wrote through; the file is closed here
                }
            });
            buffered.flush();
            steps.beforeForce(tmp);
            file.getChannel().force(true);
        }
    }

    /** The target's folder, created if missing; refuses a target that is a folder. */
    private static Path prepareFolder(Path target) {
        Path dir = target.getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw failure(target, e);
        }
        refuseFolder(target);
        return dir;
    }

    private static void refuseFolder(Path target) {
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw DanceLensException.badInput("Could not write " + target + ": it is a folder.");
        }
    }

    /**
     * A new empty file beside the target, with the permissions a new file gets (not private, as
     * {@code Files.createTempFile} makes them), or the target's own if it exists.
     */
    private static Path newTemp(Path dir, Path target, String ending) throws IOException {
        String name = target.getFileName().toString();
        if (name.length() > 120) { // room for the prefix and suffix under the usual 255-byte limit
            name = name.substring(0, 120);
        }
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve(TEMP_PREFIX + name + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + TEMP_SUFFIX + ending);
            try {
                Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                if (attempt < 10) {
                    continue;
                }
                throw e;
            }
            PosixFileAttributeView view = Files.getFileAttributeView(target, PosixFileAttributeView.class);
            if (view != null && Files.exists(target)) {
                try {
                    Files.setPosixFilePermissions(tmp, view.readAttributes().permissions());
                } catch (IOException | UnsupportedOperationException e) {
                    // the default permissions then
                }
            }
            return tmp;
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING); // a file system without atomic renames
        }
    }

    /** Makes the rename itself durable (where the platform can open folders; elsewhere it is best effort). */
    private static void syncFolder(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | RuntimeException e) {
            // Windows cannot open a folder; the file is in place either way.
        }
    }

    private static void deleteQuietly(Path p) {
        if (p == null) {
            return;
        }
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // the write's own failure is what the user needs to hear about
        }
    }

    // ---- one sentence ----

    /** The nearest existing ancestor of {@code target} that is not a folder, if any. */
    private static Path fileInTheWay(Path target) {
        for (Path p = target.getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                return Files.isDirectory(p) ? null : p;
            }
        }
        return null;
    }

    /** A read error of a copy's source, told apart from the write's own errors. */
    private static final class SourceFailure extends IOException {
        private static final long serialVersionUID = 1L;
        final Path source;

        SourceFailure(Path source, IOException cause) {
            super(cause.getMessage(), cause);
            this.source = source;
        }
    }

    private static DanceLensException failure(Path target, IOException e) {
        if (e instanceof ClosedByInterruptException || e instanceof InterruptedIOException) {
            Thread.currentThread().interrupt();
            return new CancelledException("Writing " + target);
        }
        if (e instanceof SourceFailure s) {
            return DanceLensException.badInput("Could not read " + s.source + ": " + reason((IOException) s.getCause(), s.source) + ".", e);
        }
        return DanceLensException.badInput("Could not write " + target + ": " + reason(e, target) + ".", e);
    }

    /** What went wrong, as a plain phrase (no Java type names), e.g. "the disk is full". */
    static String reason(IOException e, Path target) {
        String os = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
        String m = os == null ? "" : os.toLowerCase(Locale.ROOT);
        if (m.contains("no space left")) {
            return "the disk is full";
        }
        if (m.contains("quota")) {
            return "the disk quota is used up";
        }
        if (m.contains("file too large")) {
            return "the file would be larger than this system allows for one file";
        }
        if (m.contains("read-only file system")) {
            return "the disk is read-only";
        }
        if (e instanceof AccessDeniedException || m.contains("permission denied") || m.contains("operation not permitted")
                || m.contains("access is denied")) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException || e instanceof NotDirectoryException || m.contains("not a directory")) {
            Path inTheWay = fileInTheWay(target);
            return (inTheWay != null ? inTheWay + " is" : "part of the path is") + " a file, not a folder";
        }
        if (e instanceof NoSuchFileException || m.contains("no such file or directory")) {
            return "the folder " + (target.getParent() == null ? "" : target.getParent() + " ") + "does not exist";
        }
        if (e instanceof DirectoryNotEmptyException || m.contains("is a directory")) {
            return "it is a folder";
        }
        if (m.contains("file name too long")) {
            return "the file name is too long";
        }
        if (m.contains("input/output error")) {
            return "the disk reported an input/output error";
        }
        String r = os == null || os.isBlank() ? "an input/output error (details in the log)" : os.replaceAll("\\s+", " ").strip();
        if (r.length() > 1 && Character.isUpperCase(r.charAt(0)) && Character.isLowerCase(r.charAt(1))) {
            r = Character.toLowerCase(r.charAt(0)) + r.substring(1);
        }
        return r.endsWith(".") ? r.substring(0, r.length() - 1) : r;
    }
}
