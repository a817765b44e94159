package org.dancelens.ui;

import static org.dancelens.ui.ShotWindow.onFx;
import static org.dancelens.ui.ShotWindow.pause;

import java.nio.file.Path;
import javafx.stage.Stage;

/**
 * Makes the README's picture of File ▸ Export Annotated Clip…: the real window (real toolkit, under Xvfb) on a video
 * whose poses were stored beforehand from a shell, at a frame with skeletons, with the dialog open over it; the screen
 * under the window is captured as it is drawn. Not a test: run by hand (README, "Screenshots"), then look at it.
 *
 * <pre>java -cp target/test-classes:target/classes:CP org.dancelens.ui.ExportDialogShot OUT.png 1280x720 VIDEO FRAME [data]</pre>
 * ({@code data}: the Export Data dialog instead).
 */
public final class ExportDialogShot {
    private ExportDialogShot() {
    }

    public static void main(String[] args) throws Exception {
        ShotWindow.main(args, 4, "ExportDialogShot OUT.png WIDTHxHEIGHT VIDEO FRAME [data]", ExportDialogShot::run);
    }

    private static void run(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int frame = Integer.parseInt(args[3]);
        boolean data = args.length > 4 && args[4].equals("data");
        ShotWindow shot = ShotWindow.open(args[1], Path.of(args[2]));
        MainWindow w = shot.window;
        shot.waitForVideo(true);
        shot.seek(frame);
        onFx(() -> {
            Stage d;
            if (data) {
                w.exportWindows().showData(w.workbench().session());
                d = w.exportWindows().dataStage();
            } else {
                w.showExportClip();
                d = w.exportWindows().clipStage();
            }
            d.setX(Math.max(0, shot.width - d.getWidth() - 24)); // over the side panel, the video beside it
            d.setY(Math.max(0, shot.height - d.getHeight() - 40));
            return null;
        });
        pause(2500);
        shot.writeScreen(out);
    }
}
