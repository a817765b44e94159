package org.dancelens.core;

import java.util.Locale;

/** Formatting of times for people: {@code H:MM:SS.mmm} (hours only when needed), and time left as minutes and seconds. */
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

    /**
     * A time left for a person, in whole seconds (rounded up, so "0 s" only when nothing is left): {@code "45 s"},
     * {@code "2 min 05 s"}, {@code "1 h 02 min"} (seconds are not worth reading beside hours). A time that is not
     * known yet (NaN, infinite) is {@code "?"}.
     */
    public static String remaining(double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            return "?";
        }
        long total = (long) Math.ceil(Math.max(0, seconds) - 1e-9);
        long h = total / 3600;
        long m = total / 60 % 60;
        long s = total % 60;
        if (h > 0) {
            return String.format(Locale.ROOT, "%d h %02d min", h, m);
        }
        if (m > 0) {
            return String.format(Locale.ROOT, "%d min %02d s", m, s);
        }
        return s + " s";
    }

    /**
     * Where a job over frames {@code [from, end)} of a video of {@code total} frames stands once frame {@code index}
     * is done, counted within the range: {@code "frame 523 of 795"} over the whole video, {@code "frame 23 of 100
     * (frames 500–599)"} over a range (frame numbers from 0, as the player shows them).
     */
    public static String framesDone(int index, int from, int end, int total) {
        int done = index - from + 1;
        if (from == 0 && end >= total) {
            return "frame " + done + " of " + end;
        }
        return "frame " + done + " of " + (end - from) + " (frames " + from + "–" + (end - 1) + ")";
    }
}
