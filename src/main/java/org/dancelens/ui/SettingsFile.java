package org.dancelens.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.xml.XMLConstants;
import org.dancelens.core.AtomicFiles;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.UserFolders;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The workbench's settings as one readable file ({@code settings.properties} in the configuration folder, a Java
 * properties file with the keys in order): read once when opened, written atomically ({@link AtomicFiles}) shortly
 * after each change, on a background thread, and at the latest by {@link #flush()} (the workbench calls it when it
 * ends; a shutdown hook does too). A file that cannot be read as settings is kept beside it as
 * {@code settings.properties.bad}, one warning is logged, and the settings start from their defaults.
 *
 * <p>Settings an older DanceLens kept in Java's preferences tree ({@code prefs.xml} files) are carried over once, when
 * there is no settings file yet; they are read as files, so Java's preferences are never opened (nor created).
 */
public final class SettingsFile implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SettingsFile.class);
    public static final String NAME = "settings.properties";
    /** Java preferences nodes of older versions and the key prefix each one's values get here. */
    private static final Map<String, String> OLD_NODES = Map.of("settings", "", "recent", "recent.");
    private static final long DELAY_MS = 300;

    private final Path file;
    private final Object writeLock = new Object();
    private final Map<String, String> values = new TreeMap<>();
    /** One writer thread for all settings files (a daemon: {@link #flush()} at the end writes what is left). */
    private static final ScheduledExecutorService WRITER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "settings-writer");
        t.setDaemon(true);
        return t;
    });
    private ScheduledFuture<?> pending;
    private boolean dirty;
    private boolean warned;

    private SettingsFile(Path file) {
        this.file = file;
    }

    /** The workbench's own settings file, in {@link UserFolders#config()}, with older settings carried over. */
    public static SettingsFile userDefault() {
        Path config = UserFolders.config();
        SettingsFile s = open(config.resolve(NAME), List.of(config.resolve(".java/.userPrefs/org/dancelens"),
                UserFolders.home().resolve(".java/.userPrefs/org/dancelens")));
        Runtime.getRuntime().addShutdownHook(new Thread(s::flush, "settings-flush"));
        return s;
    }

    /** Opens (reads) the settings file; nothing is carried over. */
    public static SettingsFile open(Path file) {
        return open(file, List.of());
    }

    /**
     * Opens (reads) the settings file. When there is none, the values of the first of {@code oldPrefsTrees} (the
     * {@code org/dancelens} folder of a Java preferences tree) that holds any are carried over and written at once.
     */
    public static SettingsFile open(Path file, List<Path> oldPrefsTrees) {
        SettingsFile s = new SettingsFile(file);
        if (Files.exists(file)) {
            s.read();
        } else {
            for (Path tree : oldPrefsTrees) {
                Map<String, String> old = readOldPrefs(tree);
                if (!old.isEmpty()) {
                    s.values.putAll(old);
                    LOG.info("Settings of an earlier DanceLens carried over from {} to {}", tree, file);
                    s.dirty = true;
                    s.flush();
                    break;
                }
            }
        }
        return s;
    }

    public Path file() {
        return file;
    }

    private void read() {
        try {
            byte[] bytes = Files.readAllBytes(file);
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            if (text.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("it holds binary data");
            }
            Properties p = new Properties();
            p.load(new StringReader(text));
            for (String k : p.stringPropertyNames()) {
                values.put(k, p.getProperty(k));
            }
        } catch (NoSuchFileException e) {
            // removed since: defaults
        } catch (IOException | IllegalArgumentException e) {
            Path bad = file.resolveSibling(file.getFileName() + ".bad");
            String why = e instanceof CharacterCodingException ? "it is not UTF-8 text" : String.valueOf(e.getMessage());
            try {
                Files.move(file, bad, StandardCopyOption.REPLACE_EXISTING);
                LOG.warn("The settings file {} cannot be read ({}); it is kept as {} and the settings start from their defaults", file, why, bad);
            } catch (IOException moveFailed) {
                LOG.warn("The settings file {} cannot be read ({}) and could not be moved aside ({}); the settings start from their defaults",
                        file, why, moveFailed.getMessage());
            }
            values.clear();
        }
    }

    /** The value kept under {@code key}, or null. */
    public synchronized String get(String key) {
        return values.get(key);
    }

    /** Keeps {@code value} under {@code key} (null removes it); written soon after. */
    public synchronized void put(String key, String value) {
        String old = value == null ? values.remove(key) : values.put(key, value);
        if (java.util.Objects.equals(old, value)) {
            return;
        }
        dirty = true;
        if (pending == null || pending.isDone()) {
            pending = WRITER.schedule(this::flush, DELAY_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** A value read as a boolean, double, ...; a value that is not one is left out with one warning (the default then holds). */
    public synchronized void warnUnreadable(String key, String value, String kind) {
        if (!warned) {
            warned = true;
            LOG.warn("The setting {} = {} in {} is not {}; its default is used", key, value, file, kind);
        }
    }

    /** Writes the file now if anything changed since it was last written. Never fails (it logs instead). */
    public void flush() {
        synchronized (writeLock) { // one write at a time, so a later snapshot is never overwritten by an earlier one
            String text;
            synchronized (this) {
                if (!dirty) {
                    return;
                }
                dirty = false;
                text = format(values);
            }
            try {
                Files.createDirectories(file.getParent());
                AtomicFiles.writeString(file, text);
            } catch (IOException | RuntimeException e) {
                synchronized (this) {
                    dirty = true;
                }
                LOG.warn("The settings could not be written to {}: {}", file, DanceLensException.userMessage(e));
            }
        }
    }

    /** Writes what is left (later changes are still written). */
    @Override
    public void close() {
        synchronized (this) {
            if (pending != null) {
                pending.cancel(false);
            }
        }
        flush();
    }

    /** The properties text, keys in order, without the date line {@link Properties#store} adds. */
    static String format(Map<String, String> values) {
        Properties sorted = new Properties() {
            @Override
            public Set<Map.Entry<Object, Object>> entrySet() {
                Map<Object, Object> m = new LinkedHashMap<>();
                new TreeMap<>(values).forEach(m::put);
                return Collections.unmodifiableMap(m).entrySet();
            }

            @Override
            public synchronized Enumeration<Object> keys() {
                return Collections.enumeration(new ArrayList<>(new TreeMap<>(values).keySet()));
            }
        };
        sorted.putAll(values);
        StringWriter w = new StringWriter();
        try {
            sorted.store(w, null);
        } catch (IOException e) {
            throw new IllegalStateException(e); // a StringWriter does not fail
        }
        StringBuilder out = new StringBuilder("# DanceLens workbench settings (edit while DanceLens is closed; a line per setting)\n");
        w.toString().lines().filter(l -> !l.startsWith("#")).forEach(l -> out.append(l).append('\n'));
        return out.toString();
    }

    /**
     * The values an older DanceLens kept in a Java preferences tree: {@code tree/settings/prefs.xml} as they are,
     * {@code tree/recent/prefs.xml} under {@code recent.}. Empty when there are none or they cannot be read.
     */
    static Map<String, String> readOldPrefs(Path tree) {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, String> node : OLD_NODES.entrySet()) {
            Path xml = tree.resolve(node.getKey()).resolve("prefs.xml");
            if (!Files.isRegularFile(xml)) {
                continue;
            }
            try (InputStream in = Files.newInputStream(xml)) {
                DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
                f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
                f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
                f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
                f.setExpandEntityReferences(false);
                var builder = f.newDocumentBuilder();
                // the failure is logged below, not printed on stderr
                builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler());
                NodeList entries = builder.parse(in).getElementsByTagName("entry");
                for (int i = 0; i < entries.getLength(); i++) {
                    Element e = (Element) entries.item(i);
                    if (e.hasAttribute("key") && e.hasAttribute("value")) {
                        out.put(node.getValue() + e.getAttribute("key"), e.getAttribute("value"));
                    }
                }
            } catch (Exception e) {
                LOG.warn("The older settings in {} cannot be read ({}); they are not carried over", xml, e.getMessage());
            }
        }
        return out;
    }
}
