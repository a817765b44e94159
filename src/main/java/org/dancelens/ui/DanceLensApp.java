package org.dancelens.ui;

import java.nio.file.Path;
import javafx.application.Application;
import javafx.stage.Stage;

/** Starts the JavaFX workbench (called by the plain-class launcher). */
public final class DanceLensApp {
    private static volatile Path initialVideo;
    /** The readable settings file in the configuration folder: read once, before the toolkit starts; written on change and at the end. */
    private static volatile SettingsFile settings;

    private DanceLensApp() {
    }

    public static void launchWorkbench(Path video) {
        initialVideo = video;
        settings = SettingsFile.userDefault();
        Application.launch(App.class);
    }

    /** The JavaFX application; public for the toolkit's reflective construction. */
    public static final class App extends Application {
        @Override
        public void start(Stage stage) {
            MainWindow window = new MainWindow(stage, new RecentFiles(settings), new UiSettings(settings));
            window.catchUncaughtExceptions();
            stage.show();
            if (initialVideo != null) {
                window.workbench().open(initialVideo);
            }
        }

        @Override
        public void stop() {
            if (settings != null) {
                settings.close();
            }
        }
    }
}
