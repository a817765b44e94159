package org.dancelens.ui;

import java.util.prefs.Preferences;
import javafx.stage.Stage;

/**
 * The real workbench window for a TestFX test, on a preferences node of its own; {@link #close()} removes the window
 * and the node, so that one test's window never sits over the next test's (clicks go by screen position).
 * (TestFX only looks for {@code @Start} on the test class itself, so each test keeps a two-line {@code @Start}.)
 */
final class FxWindow {
    private final Preferences prefs = Preferences.userRoot().node("org/dancelens/fxtest-" + System.nanoTime());
    final MainWindow window;

    FxWindow(Stage stage) {
        this(stage, 0, 0);
    }

    /** With the stage sized {@code width x height} before it is shown (0: the window's own size). */
    FxWindow(Stage stage, double width, double height) {
        window = new MainWindow(stage, new RecentFiles(prefs));
        if (width > 0 && height > 0) {
            stage.setWidth(width);
            stage.setHeight(height);
        }
        stage.show();
    }

    /** The index of the frame the player shows, or -1. */
    int shownIndex() {
        var p = window.player();
        var f = p == null ? null : p.frameProperty().get();
        return f == null ? -1 : f.index();
    }

    void close() throws Exception {
        org.testfx.api.FxToolkit.cleanupStages();
        prefs.removeNode();
    }
}
