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
import javafx.scene.control.TabPane;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javafx.stage.Window;
import javax.imageio.ImageIO;
import org.dancelens.ui.compare.CompareRunsViewModel;
import org.dancelens.ui.session.RunChoice;

/**
 * Makes the README's picture of the Compare tab: the real window (real toolkit, under Xvfb) on a video with two pose
 * runs stored beforehand from a shell, run A of model A and run B of model B compared, at a frame with B's skeletons
 * over A's. Not a test: run by hand (README, "Screenshots"), then look at it.
 *
 * <pre>java -cp target/test-classes:target/classes:CP org.dancelens.ui.CompareRunsShot OUT.png 1280x720 VIDEO FRAME MODEL_A MODEL_B</pre>
 */
public final class CompareRunsShot {
    private CompareRunsShot() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 6) {
            System.err.println("usage: CompareRunsShot OUT.png WIDTHxHEIGHT VIDEO FRAME MODEL_A MODEL_B");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        String[] wh = args[1].split("x");
        double width = Double.parseDouble(wh[0]);
        double height = Double.parseDouble(wh[1]);
        Path video = Path.of(args[2]);
        int frame = Integer.parseInt(args[3]);
        String modelA = args[4];
        String modelB = args[5];
        Platform.startup(() -> { });
        try {
            Path settings = Files.createTempDirectory("dancelens-shot").resolve(SettingsFile.NAME);
            MainWindow[] window = new MainWindow[1];
            Stage[] stage = new Stage[1];
            onFx(() -> {
                stage[0] = new Stage();
                window[0] = new MainWindow(stage[0], new RecentFiles(SettingsFile.open(settings)));
                stage[0].setWidth(width);
                stage[0].setHeight(height);
                stage[0].show();
                window[0].workbench().open(video);
                return null;
            });
            MainWindow w = window[0];
            waitFor(() -> w.player() != null && w.player().frameProperty().get() != null && w.workbench().session().posesProperty().get() != null);
            CompareRunsViewModel vm = w.compareRuns();
            onFx(() -> {
                TabPane side = (TabPane) stage[0].getScene().lookup(".tab-pane");
                side.getSelectionModel().select(side.getTabs().stream().filter(t -> "compare-tab".equals(t.getId())).findFirst().orElseThrow());
                return null;
            });
            waitFor(() -> vm.runsA().stream().anyMatch(c -> c.run().modelId().equals(modelA)));
            onFx(() -> {
                RunChoice a = vm.runsA().stream().filter(c -> c.run().modelId().equals(modelA)).findFirst().orElseThrow();
                vm.runAProperty().set(a);
                RunChoice b = vm.runsB().stream().filter(c -> c.run().modelId().equals(modelB)).findFirst().orElseThrow();
                vm.runBProperty().set(b);
                vm.compare();
                return null;
            });
            waitFor(() -> !vm.runningProperty().get() && vm.outcomeProperty().get() != null);
            onFx(() -> {
                w.player().seek(frame);
                return null;
            });
            waitFor(() -> w.player().frameProperty().get().index() == frame);
            onFx(() -> { // the timeline shows the compared frames (about 140 around the frame shown), as a user would zoom it
                int n = w.timeline().frameCountProperty().get();
                double span = Math.min(n, 140);
                double from = Math.max(0, Math.min(n - span, frame - span / 2));
                double anchor = from / (1 - span / n);
                w.timeline().zoomAt(anchor / n * 1000, 1000, span / n);
                return null;
            });
            pause(2500);
            WritableImage img = onFx(() -> stage[0].getScene().snapshot(null));
            BufferedImage bi = SwingFXUtils.fromFXImage(img, null);
            BufferedImage rgb = new BufferedImage(bi.getWidth(), bi.getHeight(), BufferedImage.TYPE_INT_RGB);
            rgb.getGraphics().drawImage(bi, 0, 0, null);
            ImageIO.write(rgb, "png", out.toFile());
            System.out.println(out + " " + rgb.getWidth() + "x" + rgb.getHeight());
            onFx(() -> {
                vm.summary().forEach(System.out::println);
                System.out.println(vm.entries().size() + " stretches");
                if (vm.outcomeProperty().get() instanceof org.dancelens.analysis.RunComparison.PoseOutcome p) {
                    p.result().pairs().forEach(x -> System.out.printf(java.util.Locale.ROOT, "pair frame %d A #%d B #%d OKS %.3f%n", x.frame(), x.trackA(),
                            x.trackB(), x.oks()));
                }
                return null;
            });
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
