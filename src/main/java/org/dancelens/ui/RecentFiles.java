package org.dancelens.ui;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The recently opened videos, newest first, kept between sessions in the settings file ({@code recent.file0}, ...). */
public class RecentFiles {
    public static final int MAX = 10;
    private static final String KEY = "recent.file";
    private final SettingsFile file;

    public RecentFiles(SettingsFile file) {
        this.file = file;
    }

    public List<Path> load() {
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < MAX; i++) {
            String p = file.get(KEY + i);
            if (p != null && !p.isBlank()) {
                try {
                    out.add(Path.of(p));
                } catch (InvalidPathException e) {
                    file.warnUnreadable(KEY + i, p, "a file path");
                }
            }
        }
        return out;
    }

    public void save(List<Path> files) {
        for (int i = 0; i < MAX; i++) {
            file.put(KEY + i, i < files.size() ? files.get(i).toString() : null);
        }
    }
}
