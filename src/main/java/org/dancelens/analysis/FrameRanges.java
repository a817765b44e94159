package org.dancelens.analysis;

import org.dancelens.core.DanceLensException;

/** How the jobs speak of a frame range {@code [from, to)} ({@code to} -1 for the end of the video) to the user. */
final class FrameRanges {
    private FrameRanges() {
    }

    /** The range as the user gave it: {@code 100:500}, or {@code 100:end} for an open end (never {@code 100:-1}). */
    static String text(int from, int to) {
        return from + ":" + (to < 0 ? "end" : String.valueOf(to));
    }

    /** The error for a range that holds no frame of a video of {@code frames} frames. */
    static DanceLensException empty(int from, int to, String fileName, int frames) {
        return DanceLensException.badInput("The frame range " + text(from, to) + " is empty for " + fileName
                + (frames > 0 ? " (frames 0 to " + (frames - 1) + ")." : " (it has no frames)."));
    }
}
