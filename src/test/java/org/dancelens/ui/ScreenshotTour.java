package org.dancelens.ui;

import static org.dancelens.ui.ShotWindow.onFx;
import static org.dancelens.ui.ShotWindow.pause;
import static org.dancelens.ui.ShotWindow.waitFor;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.dancelens.ui.session.VideoSession;

/**
 * Makes the README's screenshots of the workbench: the real window (real toolkit, e.g. under Xvfb) at a given size
 * on videos whose results were stored beforehand from a shell, each panel in turn, written as PNG from the window's
 * scene. Not a test: run by hand (README, "Screenshots"), then look at every picture.
 *
 * <pre>java -cp target/test-classes:target/classes:CP org.dancelens.ui.ScreenshotTour OUT_DIR 1280x720 VIDEO [SECOND_VIDEO]</pre>
 */
public final class ScreenshotTour {
    private final Path out;
    private final String size;
    private ShotWindow shot;
    private MainWindow window;

    private ScreenshotTour(Path out, String size) {
        this.out = out;
        this.size = size;
    }

    public static void main(String[] args) throws Exception {
        ShotWindow.main(args, 3, "ScreenshotTour OUT_DIR WIDTHxHEIGHT VIDEO [SECOND_VIDEO]",
                a -> new ScreenshotTour(Files.createDirectories(Path.of(a[0])), a[1]).run(Path.of(a[2]), a.length > 3 ? Path.of(a[3]) : null));
    }

    private void run(Path video, Path second) throws Exception {
        shot = ShotWindow.open(size, video);
        window = shot.window;
        shot.waitForVideo(true);
        shot.seek(240);
        tab("Poses");
        pause(2500);
        shoot("poses");
        tab("Styles");
        waitFor("the stored classification", () -> session().classificationProperty().get() != null);
        pause(1500);
        scrollTimeline(1); // the score lanes are under the pose lanes
        pause(1000);
        shoot("styles");
        scrollTimeline(0);
        tab("Explain");
        shot.seek(60); // the stored Grad-CAM run covers frames 0-119
        pause(3000);
        shoot("explain");
        tab("Poses");
        if (second != null) {
            onFx(() -> {
                window.workbench().openBeside(second);
                return null;
            });
            waitFor("the second video", () -> window.workbench().sessions().size() == 2 && session().frame() != null
                    && session().posesProperty().get() != null);
            shot.seek(240);
            pause(2500);
            shoot("side-by-side");
        }
        onFx(() -> {
            window.showEvaluation();
            return null;
        });
        pause(1500);
        shootWindow("evaluation", "Evaluate");
        onFx(() -> {
            window.modelsWindow().showModels();
            return null;
        });
        pause(2000);
        shootWindow("models", "Models");
    }

    private VideoSession session() {
        return window.workbench().session();
    }

    /** Scrolls the lanes of the timeline(s) to {@code where} (0: top, 1: bottom). */
    private void scrollTimeline(double where) throws Exception {
        onFx(() -> {
            for (Node n : window.stage().getScene().getRoot().lookupAll(".timeline .scroll-bar")) {
                javafx.scene.control.ScrollBar bar = (javafx.scene.control.ScrollBar) n;
                bar.setValue(bar.getMin() + where * (bar.getMax() - bar.getMin()));
            }
            return null;
        });
    }

    private void tab(String title) throws Exception {
        onFx(() -> {
            for (Node n : window.stage().getScene().getRoot().lookupAll(".tab-pane")) {
                TabPane p = (TabPane) n;
                for (Tab t : p.getTabs()) {
                    if (t.getText().replace("_", "").equals(title)) {
                        p.getSelectionModel().select(t);
                    }
                }
            }
            return null;
        });
    }

    private Path file(String name) {
        return out.resolve("screenshot-" + name + "-" + size + ".png");
    }

    private void shoot(String name) throws Exception {
        shot.writeScene(file(name));
    }

    private void shootWindow(String name, String titlePart) throws Exception {
        Scene scene = onFx(() -> Window.getWindows().stream().filter(w -> w instanceof Stage s && s.getTitle() != null && s.getTitle().contains(titlePart))
                .map(Window::getScene).findFirst().orElse(null));
        if (scene == null) {
            System.err.println("no window titled " + titlePart);
            return;
        }
        ShotWindow.writeScene(scene, file(name));
    }
}
