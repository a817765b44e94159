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

    /**
     * Reads a time as people type it: {@code [H:]M:SS[.fff]} (e.g. {@code 1:23.4}) or seconds with an {@code s}
     * ({@code 83.4s}).
     *
     * @return seconds, or -1 when the text is not such a time
     */
    public static double parse(String text) {
        String t = text == null ? "" : text.strip();
        try {
            if (t.endsWith("s") && !t.contains(":")) {
                double v = Double.parseDouble(t.substring(0, t.length() - 1).strip());
                return Double.isFinite(v) && v >= 0 ? v : -1;
            }
            String[] p = t.split(":", -1);
            if (p.length < 2 || p.length > 3) {
                return -1;
            }
            double seconds = 0;
            for (int i = 0; i < p.length - 1; i++) {
                if (!p[i].strip().matches("\\d{1,6}")) {
                    return -1;
                }
                seconds = seconds * 60 + Integer.parseInt(p[i].strip());
            }
            String last = p[p.length - 1].strip();
            if (!last.matches("\\d{1,2}(\\.\\d*)?")) {
                return -1;
            }
            double s = Double.parseDouble(last);
            return s >= 60 ? -1 : seconds * 60 + s;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
