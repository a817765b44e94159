package org.dancelens.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.prefs.Preferences;
import java.util.stream.Stream;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/** Keeps workbench settings between sessions (java.util.prefs): a property is loaded once and saved on change. */
public final class UiSettings {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(UiSettings.class);
    private static final String PREFS_ROOT = "java.util.prefs.userRoot";
    private final Preferences prefs;

    public UiSettings(Preferences prefs) {
        this.prefs = prefs;
    }

    /**
     * Keeps the workbench's settings (these and the recent files, java.util.prefs) under {@code folder}, the
     * configuration folder, rather than Java's own {@code ~/.java}. Settings an earlier DanceLens kept in
     * {@code ~/.java} are copied over once (the old ones are left where they are). Call before anything reads
     * preferences; a {@code -Djava.util.prefs.userRoot} given on the command line wins.
     */
    public static void keepUnder(Path folder) {
        if (System.getProperty(PREFS_ROOT) != null) {
            return;
        }
        carryOver(Path.of(System.getProperty("user.home")), folder);
        System.setProperty(PREFS_ROOT, folder.toString());
    }

    /**
     * Copies DanceLens's preferences from under the Java preferences root {@code from} to under {@code to}, unless
     * {@code to} has some already; never fails (settings are a convenience: the workbench then starts with defaults).
     */
    static void carryOver(Path from, Path to) {
        Path tree = Path.of(".java", ".userPrefs", "org", "dancelens");
        Path old = from.resolve(tree);
        Path now = to.resolve(tree);
        try {
            if (Files.isDirectory(old) && !Files.exists(now)) {
                copyTree(old, now);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("The settings in {} could not be copied to {}", old, now, e);
        }
    }

    /** Copies into a temporary folder beside {@code to}, then renames it, so {@code to} is either whole or absent. */
    private static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Path tmp = Files.createTempDirectory(to.getParent(), to.getFileName() + ".copy");
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = tmp.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
            Files.move(tmp, to, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            if (Files.exists(tmp)) {
                try (Stream<Path> left = Files.walk(tmp)) {
                    for (Path p : left.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    public static UiSettings userDefault() {
        return new UiSettings(Preferences.userRoot().node("org/dancelens/settings"));
    }

    public void keep(String key, BooleanProperty p) {
        p.set(prefs.getBoolean(key, p.get()));
        p.addListener((o, a, b) -> prefs.putBoolean(key, b));
    }

    public void keep(String key, DoubleProperty p) {
        p.set(prefs.getDouble(key, p.get()));
        p.addListener((o, a, b) -> prefs.putDouble(key, b.doubleValue()));
    }

    public void keep(String key, StringProperty p) {
        String v = prefs.get(key, null);
        if (v != null) {
            p.set(v);
        }
        p.addListener((o, a, b) -> {
            if (b != null) {
                prefs.put(key, b);
            }
        });
    }

    /** A list of strings without line breaks (e.g. folders), kept one per line. */
    public void keep(String key, ObservableList<String> list) {
        String v = prefs.get(key, null);
        if (v != null) {
            list.setAll(v.lines().filter(l -> !l.isBlank()).toList());
        }
        list.addListener((ListChangeListener<String>) c -> prefs.put(key, String.join("\n", list)));
    }
}
