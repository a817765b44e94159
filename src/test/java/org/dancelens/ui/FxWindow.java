package org.dancelens.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.stage.Stage;

/**
 * The real workbench window for a TestFX test, with a settings file of its own; {@link #close()} removes the window
 * and the file, so that one test's window never sits over the next test's (clicks go by screen position).
 * (TestFX only looks for {@code @Start} on the test class itself, so each test keeps a two-line {@code @Start}.)
 */
final class FxWindow {
    private final Path settingsDir = tempDir();
    private final SettingsFile settings = SettingsFile.open(settingsDir.resolve(SettingsFile.NAME));
    final MainWindow window;

    FxWindow(Stage stage) {
        this(stage, 0, 0);
    }

    /** With the stage sized {@code width x height} before it is shown (0: the window's own size). */
    FxWindow(Stage stage, double width, double height) {
        window = new MainWindow(stage, new RecentFiles(settings));
        if (width > 0 && height > 0) {
            stage.setWidth(width);
            stage.setHeight(height);
        }
        stage.show();
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("dancelens-fxsettings");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The index of the frame the player shows, or -1. */
    int shownIndex() {
        var p = window.player();
        var f = p == null ? null : p.frameProperty().get();
        return f == null ? -1 : f.index();
    }

    void close() throws Exception {
        org.testfx.api.FxToolkit.cleanupStages();
        settings.close();
        org.dancelens.ui.UiHarness.deleteTree(settingsDir);
    }
}
