package org.dancelens.ui;

import java.nio.file.Path;
import javafx.application.Application;
import javafx.stage.Stage;
import org.dancelens.core.UserFolders;

/** Starts the JavaFX workbench (called by the plain-class launcher). */
public final class DanceLensApp {
    private static volatile Path initialVideo;

    private DanceLensApp() {
    }

    public static void launchWorkbench(Path video) {
        initialVideo = video;
        UiSettings.keepUnder(UserFolders.config());
        Application.launch(App.class);
    }

    /** The JavaFX application; public for the toolkit's reflective construction. */
    public static final class App extends Application {
        @Override
        public void start(Stage stage) {
            MainWindow window = new MainWindow(stage, RecentFiles.userDefault(), UiSettings.userDefault());
            window.catchUncaughtExceptions();
            stage.show();
            if (initialVideo != null) {
                window.workbench().open(initialVideo);
            }
        }
    }
}
