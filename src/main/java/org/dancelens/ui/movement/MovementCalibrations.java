package org.dancelens.ui.movement;

import java.nio.file.Path;
import java.util.Locale;
import org.dancelens.movement.Calibration;
import org.dancelens.ui.SettingsFile;

/**
 * Each video's calibration, kept in the workbench's settings file under {@code movement.calibration.<absolute path of
 * the video>} as {@code <metres per pixel> <line length in px>} (the results store has no place for settings of a
 * video; a moved video is not calibrated any more).
 */
public final class MovementCalibrations {
    static final String PREFIX = "movement.calibration.";

    private MovementCalibrations() {
    }

    /** Kept in the settings file, or in memory without one (null). */
    public static MovementViewModel.Calibrations of(SettingsFile file) {
        if (file == null) {
            return MovementViewModel.Calibrations.inMemory();
        }
        return new MovementViewModel.Calibrations() {
            @Override
            public MovementViewModel.Kept get(Path video) {
                String key = PREFIX + video.toAbsolutePath();
                String v = file.get(key);
                if (v == null) {
                    return null;
                }
                String[] parts = v.trim().split("\\s+");
                try {
                    return new MovementViewModel.Kept(new Calibration(Double.parseDouble(parts[0])), parts.length > 1 ? Double.parseDouble(parts[1]) : Double.NaN);
                } catch (IllegalArgumentException e) { // NumberFormatException too: edited by hand
                    file.warnUnreadable(key, v, "metres per pixel and the line's length in pixels");
                    return null;
                }
            }

            @Override
            public void put(Path video, MovementViewModel.Kept c) {
                file.put(PREFIX + video.toAbsolutePath(), c == null ? null
                        : String.format(Locale.ROOT, "%s %s", c.calibration().metresPerPixel(), c.linePixels()));
            }
        };
    }
}
