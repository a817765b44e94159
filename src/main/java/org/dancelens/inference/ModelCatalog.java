package org.dancelens.inference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The installed models of the whole application: the cards of the model folders, read once and read again only when
 * a folder changes (a card or model file added, removed or rewritten). Everything that needs a model asks the catalog
 * instead of scanning the disk itself. Thread-safe: workers look models up while the UI lists them.
 * <p>
 * {@link #watch()} starts a daemon thread that checks the folders every couple of seconds and tells the listeners
 * when they changed; without it, changes are noticed at the next {@link #current()}.
 */
public final class ModelCatalog implements AutoCloseable {
    /** How often the watch thread looks at the folders. */
    static final long WATCH_MILLIS = 2000;

    private volatile List<Path> folders;
    private volatile ModelRegistry registry;
    private volatile List<String> stamp;
    private final List<Consumer<ModelRegistry>> listeners = new CopyOnWriteArrayList<>();
    private volatile Thread watcher;
    private final boolean checkFiles;

    private ModelCatalog(List<Path> folders, boolean checkFiles) {
        this.folders = normalise(folders);
        this.checkFiles = checkFiles;
    }

    /**
     * A catalog of these folders (missing folders are fine: they are read once they exist) whose every ONNX file is
     * checked against its card ({@link ModelFiles#check}: sha256, whole, tensors), so a card that does not fit its file
     * is listed as a problem. The checks are cached per file version: reading the folders again costs a {@code stat}
     * per unchanged file.
     */
    public static ModelCatalog of(List<Path> folders) {
        return of(folders, true);
    }

    /**
     * As {@link #of(List)}; without {@code checkFiles} the ONNX files are only looked for, not read (a command that
     * loads one model checks that one when it loads it, and need not read every file of the folders first).
     */
    public static ModelCatalog of(List<Path> folders, boolean checkFiles) {
        return new ModelCatalog(folders, checkFiles);
    }

    /** The default folders: the installation's models/ (or $DANCELENS_MODELS) and the user's own. */
    public static ModelCatalog defaults() {
        return of(ModelRegistry.defaultFolders());
    }

    private static List<Path> normalise(List<Path> folders) {
        // Absolute, so that "models" and $DANCELENS_MODELS naming the same folder are read once.
        Set<Path> all = new LinkedHashSet<>();
        folders.forEach(f -> all.add(f.toAbsolutePath().normalize()));
        return List.copyOf(all);
    }

    /** The folders read, in order (an id found in an earlier folder hides the same id in a later one). */
    public List<Path> folders() {
        return folders;
    }

    /** Reads these folders from now on (at the next look: {@link #current()} or {@link #refresh()}; cheap to call). */
    public void setFolders(List<Path> newFolders) {
        folders = normalise(newFolders);
    }

    /** The models of the folders as they are now (read again first if a folder changed since the last read). */
    public ModelRegistry current() {
        List<String> now = stamp(folders);
        ModelRegistry r = registry;
        if (r == null || !now.equals(stamp)) {
            r = read(now, false);
        }
        return r;
    }

    /** The installed model with this id. */
    public ModelRegistry.Entry find(String id) {
        return current().find(id);
    }

    /** Reads the folders again, whether or not they look changed, and tells the listeners. */
    public ModelRegistry refresh() {
        return read(stamp(folders), true);
    }

    private synchronized ModelRegistry read(List<String> now, boolean force) {
        if (!force && registry != null && now.equals(stamp)) {
            return registry; // another thread read it meanwhile
        }
        ModelRegistry r = ModelRegistry.scan(folders, checkFiles);
        registry = r;
        stamp = now;
        for (Consumer<ModelRegistry> l : listeners) {
            l.accept(r);
        }
        return r;
    }

    /** Called (on the thread that noticed the change) with the new models whenever the folders are read again. */
    public void addListener(Consumer<ModelRegistry> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<ModelRegistry> listener) {
        listeners.remove(listener);
    }

    /** Starts watching the folders (a daemon thread); changes reach the listeners within about two seconds. */
    public synchronized void watch() {
        if (watcher != null) {
            return;
        }
        Thread t = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(WATCH_MILLIS);
                    current();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // an unreadable folder is reported by the registry as a problem; keep watching
                    org.slf4j.LoggerFactory.getLogger(ModelCatalog.class).debug("Watching the model folders: {}", e.getMessage(), e);
                }
            }
        }, "dancelens-model-folders");
        t.setDaemon(true);
        t.start();
        watcher = t;
    }

    @Override
    public synchronized void close() {
        if (watcher != null) {
            watcher.interrupt();
            watcher = null;
        }
        listeners.clear();
    }

    /**
     * What the folders hold, cheaply: per folder its files' names, sizes and modification times (to the nanosecond
     * the file system keeps), and for cards — small files — a checksum of their text, so that a card rewritten with
     * text of the same length within one tick of the clock is seen too. A card or a model file added, removed or
     * rewritten changes it.
     */
    static List<String> stamp(List<Path> folders) {
        List<String> out = new ArrayList<>();
        for (Path f : folders) {
            out.add("#" + f);
            if (!Files.isDirectory(f)) {
                continue;
            }
            try (Stream<Path> s = Files.list(f)) {
                s.sorted().forEach(p -> {
                    try {
                        String name = p.getFileName().toString();
                        String card = "";
                        if ((name.endsWith(".yaml") || name.endsWith(".yml")) && Files.isRegularFile(p) && Files.size(p) < (1 << 20)) {
                            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                            crc.update(Files.readAllBytes(p));
                            card = "|" + Long.toHexString(crc.getValue());
                        }
                        out.add(name + "|" + Files.size(p) + "|" + Files.getLastModifiedTime(p).toInstant() + card);
                    } catch (IOException e) {
                        out.add(p.getFileName() + "|?");
                    }
                });
            } catch (IOException e) {
                out.add("unreadable");
            }
        }
        return out;
    }
}
