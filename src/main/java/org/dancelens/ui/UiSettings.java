package org.dancelens.ui;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * Keeps workbench settings between sessions in the readable settings file ({@link SettingsFile}): a property is loaded
 * once and saved on change. A kept value that is not of the property's kind (edited by hand) leaves the default.
 */
public final class UiSettings {
    private final SettingsFile file;

    public UiSettings(SettingsFile file) {
        this.file = file;
    }

    public SettingsFile file() {
        return file;
    }

    public void keep(String key, BooleanProperty p) {
        String v = file.get(key);
        if ("true".equals(v) || "false".equals(v)) {
            p.set(Boolean.parseBoolean(v));
        } else if (v != null) {
            file.warnUnreadable(key, v, "true or false");
        }
        p.addListener((o, a, b) -> file.put(key, String.valueOf(b)));
    }

    public void keep(String key, DoubleProperty p) {
        String v = file.get(key);
        if (v != null) {
            try {
                double d = Double.parseDouble(v.trim());
                if (Double.isInfinite(d)) {
                    throw new NumberFormatException(v);
                }
                if (!Double.isNaN(d)) { // NaN is kept for "not set" (e.g. no window position yet): the default stays
                    p.set(d);
                }
            } catch (NumberFormatException e) {
                file.warnUnreadable(key, v, "a number");
            }
        }
        p.addListener((o, a, b) -> file.put(key, String.valueOf(b.doubleValue())));
    }

    public void keep(String key, StringProperty p) {
        String v = file.get(key);
        if (v != null) {
            p.set(v);
        }
        p.addListener((o, a, b) -> {
            if (b != null) {
                file.put(key, b);
            }
        });
    }

    /** A choice among {@code allowed}: a kept value that is not one of them (edited by hand) leaves the default. */
    public void keep(String key, StringProperty p, java.util.List<String> allowed) {
        String v = file.get(key);
        if (v != null && allowed.contains(v)) {
            p.set(v);
        } else if (v != null) {
            file.warnUnreadable(key, v, "one of " + String.join(", ", allowed));
        }
        p.addListener((o, a, b) -> {
            if (b != null) {
                file.put(key, b);
            }
        });
    }

    /** A list of strings without line breaks (e.g. folders), kept one per line. */
    public void keep(String key, ObservableList<String> list) {
        String v = file.get(key);
        if (v != null) {
            list.setAll(v.lines().filter(l -> !l.isBlank()).toList());
        }
        list.addListener((ListChangeListener<String>) c -> file.put(key, String.join("\n", list)));
    }
}
