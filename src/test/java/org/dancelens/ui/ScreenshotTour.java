package org.dancelens.ui;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javafx.stage.Window;
import javax.imageio.ImageIO;
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
    private MainWindow window;

    private ScreenshotTour(Path out, String size) {
        this.out = out;
        this.size = size;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: ScreenshotTour OUT_DIR WIDTHxHEIGHT VIDEO [SECOND_VIDEO]");
            System.exit(2);
        }
        Path out = Files.createDirectories(Path.of(args[0]));
        String[] wh = args[1].split("x");
        ScreenshotTour tour = new ScreenshotTour(out, args[1]);
        Platform.startup(() -> { });
        try {
            tour.run(Double.parseDouble(wh[0]), Double.parseDouble(wh[1]), Path.of(args[2]), args.length > 3 ? Path.of(args[3]) : null);
        } finally {
            Platform.runLater(() -> Window.getWindows().stream().filter(w -> w instanceof Stage).map(w -> (Stage) w).toList().forEach(Stage::close));
            Thread.sleep(500);
            Platform.exit();
            System.exit(0);
        }
    }

    private void run(double width, double height, Path video, Path second) throws Exception {
        Path settings = Files.createTempDirectory("dancelens-tour").resolve(SettingsFile.NAME);
        onFx(() -> {
            Stage stage = new Stage();
            SettingsFile file = SettingsFile.open(settings);
            window = new MainWindow(stage, new RecentFiles(file), new UiSettings(file));
            stage.setX(0);
            stage.setY(0);
            stage.setWidth(width);
            stage.setHeight(height);
            stage.show();
            window.workbench().open(video);
            return null;
        });
        waitFor("the video and its stored poses", () -> session() != null && session().frame() != null && session().posesProperty().get() != null);
        seek(240);
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
        seek(60); // the stored Grad-CAM run covers frames 0-119
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
            seek(240);
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

    private void seek(int frame) throws Exception {
        onFx(() -> {
            session().player().seek(frame);
            return null;
        });
        waitFor("frame " + frame, () -> session().frame() != null && session().frame().index() == frame);
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

    private void shoot(String name) throws Exception {
        write(window.stage().getScene(), name);
    }

    private void shootWindow(String name, String titlePart) throws Exception {
        Scene scene = onFx(() -> Window.getWindows().stream().filter(w -> w instanceof Stage s && s.getTitle() != null && s.getTitle().contains(titlePart))
                .map(Window::getScene).findFirst().orElse(null));
        if (scene == null) {
            System.err.println("no window titled " + titlePart);
            return;
        }
        write(scene, name);
    }

    private void write(Scene scene, String name) throws Exception {
        WritableImage img = onFx(() -> scene.snapshot(null));
        int w = (int) img.getWidth();
        int h = (int) img.getHeight();
        BufferedImage bi = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        PixelReader r = img.getPixelReader();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                bi.setRGB(x, y, r.getArgb(x, y));
            }
        }
        Path file = out.resolve("screenshot-" + name + "-" + size + ".png");
        try {
            ImageIO.write(bi, "png", file.toFile());
        } catch (IOException e) {
            throw new IOException("could not write " + file, e);
        }
        System.out.println(file + " " + w + "x" + h);
    }

    private static void pause(long millis) throws InterruptedException {
        Thread.sleep(millis);
        CountDownLatch idle = new CountDownLatch(1);
        Platform.runLater(idle::countDown);
        idle.await(10, TimeUnit.SECONDS);
    }

    private void waitFor(String what, BooleanSupplier condition) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < end) {
            if (onFx(condition::getAsBoolean)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("timed out waiting for " + what);
    }

    private static <T> T onFx(Supplier<T> work) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Platform.runLater(() -> {
            try {
                result.set(work.get());
            } catch (Throwable e) {
                failure.set(e);
            } finally {
                done.countDown();
            }
        });
        if (!done.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the FX thread did not answer");
        }
        if (failure.get() != null) {
            throw new IllegalStateException(failure.get());
        }
        return result.get();
    }
}
