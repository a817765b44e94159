package org.dancelens.core;

import java.util.Locale;

/** Formatting of times for people: {@code H:MM:SS.mmm} (hours only when needed). */
public final class Timecode {
    private Timecode() {
    }

    public static String format(double seconds) {
        if (Double.isNaN(seconds) || seconds < 0) {
            seconds = 0;
        }
        long millis = Math.round(seconds * 1000.0);
        long h = millis / 3_600_000;
        long m = millis / 60_000 % 60;
        long s = millis / 1000 % 60;
        long ms = millis % 1000;
        return h > 0
                ? String.format(Locale.ROOT, "%d:%02d:%02d.%03d", h, m, s, ms)
                : String.format(Locale.ROOT, "%02d:%02d.%03d", m, s, ms);
    }
}
