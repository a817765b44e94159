package org.dancelens.ui;

import java.util.List;

/**
 * Where the workbench window opens: where it was last time if that still fits on one of the screens there are now
 * (a laptop taken away from its second monitor opens on its own screen, not off it), otherwise a sensible size
 * centred on the main screen. Pure arithmetic on screen rectangles (the visual bounds: without task bars).
 */
public final class WindowPlacement {
    /** The default size at most: roomy on a large screen, not a wall of grey. */
    public static final double MAX_WIDTH = 1600;
    public static final double MAX_HEIGHT = 1000;
    /** The share of the screen the default size takes. */
    public static final double SHARE = 0.85;
    /** How far a remembered window may stick out of its screen (window decorations, a few pixels of slack). */
    static final double SLACK = 40;

    private WindowPlacement() {
    }

    /** A rectangle on the screens, in pixels. */
    public record Box(double x, double y, double width, double height) {
        boolean valid() {
            return Double.isFinite(x) && Double.isFinite(y) && Double.isFinite(width) && Double.isFinite(height) && width > 0 && height > 0;
        }

        /** Whether {@code inner} lies within this box, widened by {@code slack} on every side. */
        boolean holds(Box inner, double slack) {
            return inner.x >= x - slack && inner.y >= y - slack && inner.x + inner.width <= x + width + slack
                    && inner.y + inner.height <= y + height + slack;
        }
    }

    /**
     * The window's bounds.
     *
     * @param saved    where the window was last time (null, or NaN fields, when not known)
     * @param screens  the screens' visual bounds, the main screen first (at least one)
     * @param minWidth the window's minimum size
     */
    public static Box initial(Box saved, List<Box> screens, double minWidth, double minHeight) {
        if (saved != null && saved.valid() && saved.width() >= minWidth && saved.height() >= minHeight) {
            for (Box s : screens) {
                if (s.holds(saved, SLACK)) {
                    return saved;
                }
            }
        }
        Box main = screens.get(0);
        double w = Math.min(main.width(), Math.max(Math.min(minWidth, main.width()), Math.min(MAX_WIDTH, Math.floor(main.width() * SHARE))));
        double h = Math.min(main.height(), Math.max(Math.min(minHeight, main.height()), Math.min(MAX_HEIGHT, Math.floor(main.height() * SHARE))));
        return new Box(main.x() + Math.floor((main.width() - w) / 2), main.y() + Math.floor((main.height() - h) / 2), w, h);
    }

    /** The minimum size on a screen: {@code min}, or the screen's own size when that is smaller. */
    public static double[] minimum(Box screen, double minWidth, double minHeight) {
        return new double[] {Math.min(minWidth, screen.width()), Math.min(minHeight, screen.height())};
    }
}
