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
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.scene.robot.Robot;
import javafx.stage.Stage;
import javafx.stage.Window;
import javax.imageio.ImageIO;

/**
 * What the screenshot programs ({@link ScreenshotTour}, {@link ExportDialogShot}, {@link CompareRunsShot},
 * {@link CompareSideBySideShot}, {@link CompareSyncShot}, {@link AlignDancersShot}) share: starting the real toolkit, the workbench window at the top left at a given size with a
 * settings file of its own, waiting on the FX thread, and writing the window's scene or the screen under it as PNG.
 */
final class ShotWindow {
    /** A screenshot program's work, given its command-line arguments. */
    interface Program {
        void run(String[] args) throws Exception;
    }

    final Stage stage;
    final MainWindow window;
    final double width;
    final double height;

    private ShotWindow(Stage stage, MainWindow window, double width, double height) {
        this.stage = stage;
        this.window = window;
        this.width = width;
        this.height = height;
    }

    /**
     * Runs {@code program} on the started toolkit when there are at least {@code minArgs} arguments (else prints the
     * usage and exits 2), then closes every window and exits.
     */
    static void main(String[] args, int minArgs, String usage, Program program) throws Exception {
        if (args.length < minArgs) {
            System.err.println("usage: " + usage);
            System.exit(2);
        }
        Platform.startup(() -> { });
        try {
            program.run(args);
        } finally {
            Platform.runLater(() -> Window.getWindows().stream().filter(w -> w instanceof Stage).map(w -> (Stage) w).toList().forEach(Stage::close));
            Thread.sleep(500);
            Platform.exit();
            System.exit(0);
        }
    }

    /** Shows the workbench window at (0, 0), {@code size} being {@code WIDTHxHEIGHT}, and opens {@code video} in it. */
    static ShotWindow open(String size, Path video) throws Exception {
        String[] wh = size.split("x");
        double width = Double.parseDouble(wh[0]);
        double height = Double.parseDouble(wh[1]);
        Path settings = Files.createTempDirectory("dancelens-shot").resolve(SettingsFile.NAME);
        return onFx(() -> {
            Stage stage = new Stage();
            SettingsFile file = SettingsFile.open(settings);
            MainWindow window = new MainWindow(stage, new RecentFiles(file), new UiSettings(file));
            stage.setX(0);
            stage.setY(0);
            stage.setWidth(width);
            stage.setHeight(height);
            stage.show();
            window.workbench().open(video);
            return new ShotWindow(stage, window, width, height);
        });
    }

    /** Waits until the player shows a frame (and, when {@code withPoses}, the video's stored poses are read). */
    void waitForVideo(boolean withPoses) throws Exception {
        waitFor(withPoses ? "the video and its stored poses" : "the video", () -> window.player() != null
                && window.player().frameProperty().get() != null && (!withPoses || window.workbench().session().posesProperty().get() != null));
    }

    /**
     * Opens {@code b} beside the video (File ▸ Compare with Video…), shows frame {@code syncA} of A and {@code syncB} of
     * B, sets them as the sync points and links the two.
     */
    org.dancelens.ui.player.SyncViewModel syncWith(Path b, int syncA, int syncB) throws Exception {
        onFx(() -> {
            window.workbench().compareWith(b);
            return null;
        });
        waitFor("the second video", () -> window.workbench().syncProperty().get() != null && window.player().frameProperty().get() != null);
        org.dancelens.ui.player.SyncViewModel sync = onFx(() -> window.workbench().syncProperty().get());
        org.dancelens.ui.player.PlayerViewModel pa = sync.playerA();
        org.dancelens.ui.player.PlayerViewModel pb = sync.playerB();
        onFx(() -> {
            sync.linkedProperty().set(false);
            pa.seek(syncA);
            pb.seek(syncB);
            return null;
        });
        waitFor("the sync points", () -> shows(pa, syncA) && shows(pb, syncB));
        onFx(() -> {
            sync.setSyncPointA();
            sync.setSyncPointB();
            sync.linkedProperty().set(true);
            return null;
        });
        return sync;
    }

    /** Whether {@code p} shows frame {@code n}. */
    static boolean shows(org.dancelens.ui.player.PlayerViewModel p, int n) {
        return p.frameProperty().get() != null && p.frameProperty().get().index() == n;
    }

    /** Seeks the player to {@code frame} and waits until it shows it. */
    void seek(int frame) throws Exception {
        onFx(() -> {
            window.player().seek(frame);
            return null;
        });
        waitFor("frame " + frame, () -> window.player().frameProperty().get() != null && window.player().frameProperty().get().index() == frame);
    }

    /** The window's scene as drawn, written as PNG. */
    void writeScene(Path file) throws Exception {
        writeScene(stage.getScene(), file);
    }

    /** The screen under the window as drawn (dialogs over it included), written as PNG. */
    void writeScreen(Path file) throws Exception {
        write(onFx(() -> new Robot().getScreenCapture(null, new Rectangle2D(0, 0, width, height))), file);
    }

    /** {@code scene} (of any window) as drawn, written as PNG. */
    static void writeScene(Scene scene, Path file) throws Exception {
        write(onFx(() -> scene.snapshot(null)), file);
    }

    /** {@code node} alone as drawn, written as PNG. */
    static void writeNode(javafx.scene.Node node, Path file) throws Exception {
        write(onFx(() -> node.snapshot(null, null)), file);
    }

    private static void write(WritableImage img, Path file) throws IOException {
        BufferedImage bi = SwingFXUtils.fromFXImage(img, null);
        BufferedImage rgb = new BufferedImage(bi.getWidth(), bi.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.getGraphics().drawImage(bi, 0, 0, null);
        try {
            ImageIO.write(rgb, "png", file.toFile());
        } catch (IOException e) {
            throw new IOException("could not write " + file, e);
        }
        System.out.println(file + " " + rgb.getWidth() + "x" + rgb.getHeight());
    }

    /** Sleeps, then waits until the FX thread has run what was queued before. */
    static void pause(long millis) throws InterruptedException {
        Thread.sleep(millis);
        CountDownLatch idle = new CountDownLatch(1);
        Platform.runLater(idle::countDown);
        idle.await(10, TimeUnit.SECONDS);
    }

    /** Waits up to two minutes for {@code condition}, asked on the FX thread. */
    static void waitFor(String what, BooleanSupplier condition) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < end) {
            if (onFx(condition::getAsBoolean)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("timed out waiting for " + what);
    }

    /** Runs {@code work} on the FX thread and returns its result. */
    static <T> T onFx(Supplier<T> work) throws Exception {
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
