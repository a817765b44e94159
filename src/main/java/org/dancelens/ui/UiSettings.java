package org.dancelens.ui;

import java.util.prefs.Preferences;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/** Keeps workbench settings between sessions (java.util.prefs): a property is loaded once and saved on change. */
public final class UiSettings {
    private final Preferences prefs;

    public UiSettings(Preferences prefs) {
        this.prefs = prefs;
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
