package org.dancelens.ui;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Rectangle2D;
import javafx.scene.image.WritableImage;
import javafx.scene.robot.Robot;
import javafx.stage.Stage;
import javafx.stage.Window;
import javax.imageio.ImageIO;

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
        if (args.length < 4) {
            System.err.println("usage: ExportDialogShot OUT.png WIDTHxHEIGHT VIDEO FRAME");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        String[] wh = args[1].split("x");
        double width = Double.parseDouble(wh[0]);
        double height = Double.parseDouble(wh[1]);
        Path video = Path.of(args[2]);
        int frame = Integer.parseInt(args[3]);
        boolean data = args.length > 4 && args[4].equals("data");
        Platform.startup(() -> { });
        try {
            Path settings = Files.createTempDirectory("dancelens-shot").resolve(SettingsFile.NAME);
            MainWindow[] window = new MainWindow[1];
            onFx(() -> {
                Stage stage = new Stage();
                window[0] = new MainWindow(stage, new RecentFiles(SettingsFile.open(settings)));
                stage.setX(0);
                stage.setY(0);
                stage.setWidth(width);
                stage.setHeight(height);
                stage.show();
                window[0].workbench().open(video);
                return null;
            });
            MainWindow w = window[0];
            waitFor(() -> w.player() != null && w.player().frameProperty().get() != null && w.workbench().session().posesProperty().get() != null);
            onFx(() -> {
                w.player().seek(frame);
                return null;
            });
            waitFor(() -> w.player().frameProperty().get().index() == frame);
            onFx(() -> {
                Stage d;
                if (data) {
                    w.exportWindows().showData(w.workbench().session());
                    d = w.exportWindows().dataStage();
                } else {
                    w.showExportClip();
                    d = w.exportWindows().clipStage();
                }
                d.setX(Math.max(0, width - d.getWidth() - 24)); // over the side panel, the video beside it
                d.setY(Math.max(0, height - d.getHeight() - 40));
                return null;
            });
            pause(2500);
            WritableImage img = onFx(() -> new Robot().getScreenCapture(null, new Rectangle2D(0, 0, width, height)));
            BufferedImage bi = SwingFXUtils.fromFXImage(img, null);
            BufferedImage rgb = new BufferedImage(bi.getWidth(), bi.getHeight(), BufferedImage.TYPE_INT_RGB);
            rgb.getGraphics().drawImage(bi, 0, 0, null);
            ImageIO.write(rgb, "png", out.toFile());
            System.out.println(out + " " + rgb.getWidth() + "x" + rgb.getHeight());
        } finally {
            Platform.runLater(() -> Window.getWindows().stream().filter(x -> x instanceof Stage).map(x -> (Stage) x).toList().forEach(Stage::close));
            Thread.sleep(500);
            Platform.exit();
            System.exit(0);
        }
    }

    private static void pause(long millis) throws InterruptedException {
        Thread.sleep(millis);
        CountDownLatch idle = new CountDownLatch(1);
        Platform.runLater(idle::countDown);
        idle.await(10, TimeUnit.SECONDS);
    }

    private static void waitFor(BooleanSupplier condition) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < end) {
            if (onFx(condition::getAsBoolean)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("timed out");
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
