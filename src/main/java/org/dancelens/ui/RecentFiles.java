package org.dancelens.ui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.prefs.Preferences;

/** The recently opened videos, newest first, kept between sessions (java.util.prefs). */
public class RecentFiles {
    public static final int MAX = 10;
    private final Preferences prefs;

    public RecentFiles(Preferences prefs) {
        this.prefs = prefs;
    }

    public static RecentFiles userDefault() {
        return new RecentFiles(Preferences.userRoot().node("org/dancelens/recent"));
    }

    public List<Path> load() {
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < MAX; i++) {
            String p = prefs.get("file" + i, null);
            if (p != null) {
                out.add(Path.of(p));
            }
        }
        return out;
    }

    public void save(List<Path> files) {
        for (int i = 0; i < MAX; i++) {
            if (i < files.size()) {
                prefs.put("file" + i, files.get(i).toString());
            } else {
                prefs.remove("file" + i);
            }
        }
    }
}
