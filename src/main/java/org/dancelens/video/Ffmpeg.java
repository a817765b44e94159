package org.dancelens.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

/** Process-wide FFmpeg settings. */
final class Ffmpeg {
    private Ffmpeg() {
    }

    static {
        // FFmpeg's console chatter is not for users: errors reach them as DanceLensExceptions, details in the log.
        av_log_set_level(AV_LOG_QUIET);
    }

    /** Loads the natives and applies the settings (idempotent). */
    static void init() {
        // the static initialiser does the work
    }
}
