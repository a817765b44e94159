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
import org.dancelens.ui.player.PlayerViewModel;
import org.dancelens.ui.player.SyncViewModel;

/**
 * Makes the README's pictures of File ▸ Compare with Video…: the real window (real toolkit, under Xvfb) with two
 * videos, sync points set on each, linked and stepped together; then B superposed over A at half opacity. The screen under
 * the window is captured as it is drawn. Not a test: run by hand (README, "Screenshots"), then look at the pictures.
 *
 * <pre>java -cp target/test-classes:target/classes:CP org.dancelens.ui.CompareSyncShot OUTDIR 1280x720 A B SYNC_A SYNC_B STEPS</pre>
 * writes OUTDIR/compare-sync.png and OUTDIR/compare-superposed.png.
 */
public final class CompareSyncShot {
    private CompareSyncShot() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 7) {
            System.err.println("usage: CompareSyncShot OUTDIR WIDTHxHEIGHT A B SYNC_A SYNC_B STEPS");
            System.exit(2);
        }
        Path outDir = Path.of(args[0]);
        String[] wh = args[1].split("x");
        double width = Double.parseDouble(wh[0]);
        double height = Double.parseDouble(wh[1]);
        Path a = Path.of(args[2]);
        Path b = Path.of(args[3]);
        int syncA = Integer.parseInt(args[4]);
        int syncB = Integer.parseInt(args[5]);
        int steps = Integer.parseInt(args[6]);
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
                window[0].workbench().open(a);
                return null;
            });
            MainWindow w = window[0];
            waitFor(() -> w.player() != null && w.player().frameProperty().get() != null);
            onFx(() -> {
                w.workbench().compareWith(b);
                return null;
            });
            waitFor(() -> w.workbench().syncProperty().get() != null && w.player().frameProperty().get() != null);
            SyncViewModel sync = onFx(() -> w.workbench().syncProperty().get());
            PlayerViewModel pa = sync.playerA();
            PlayerViewModel pb = sync.playerB();
            onFx(() -> {
                sync.linkedProperty().set(false);
                pa.seek(syncA);
                pb.seek(syncB);
                return null;
            });
            waitFor(() -> shows(pa, syncA) && shows(pb, syncB));
            onFx(() -> {
                sync.setSyncPointA();
                sync.setSyncPointB();
                sync.linkedProperty().set(true);
                pa.step(steps);
                return null;
            });
            int expectA = syncA + steps;
            int expectB = sync.clock().seek(org.dancelens.video.SyncClock.Side.A, expectA).b();
            waitFor(() -> shows(pa, expectA) && shows(pb, expectB));
            capture(width, height, outDir.resolve("compare-sync.png"));
            onFx(() -> {
                sync.superposedProperty().set(true);
                sync.opacityProperty().set(0.5);
                return null;
            });
            capture(width, height, outDir.resolve("compare-superposed.png"));
        } finally {
            Platform.runLater(() -> Window.getWindows().stream().filter(x -> x instanceof Stage).map(x -> (Stage) x).toList().forEach(Stage::close));
            Thread.sleep(500);
            Platform.exit();
            System.exit(0);
        }
    }

    private static boolean shows(PlayerViewModel p, int n) {
        return p.frameProperty().get() != null && p.frameProperty().get().index() == n;
    }

    private static void capture(double width, double height, Path out) throws Exception {
        pause(2500);
        WritableImage img = onFx(() -> new Robot().getScreenCapture(null, new Rectangle2D(0, 0, width, height)));
        BufferedImage bi = SwingFXUtils.fromFXImage(img, null);
        BufferedImage rgb = new BufferedImage(bi.getWidth(), bi.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.getGraphics().drawImage(bi, 0, 0, null);
        ImageIO.write(rgb, "png", out.toFile());
        System.out.println(out + " " + rgb.getWidth() + "x" + rgb.getHeight());
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
