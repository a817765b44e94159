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
import javafx.scene.Node;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TabPane;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javafx.stage.Window;
import javax.imageio.ImageIO;
import org.dancelens.ui.compare.CompareRunsViewModel;
import org.dancelens.ui.session.RunChoice;

/**
 * Makes the README's pictures of two pose runs compared side by side and of their per-joint heat strips: the real
 * window (real toolkit, under Xvfb) on a video with two pose runs stored beforehand, run A of model A against run B of
 * model B, the frame shown twice (A's dancers left, B's right), and then the timeline given most of
 * the window's height and its lanes scrolled (a wheel turn over their names) to the first heat strip. Not a test: run by hand (README, "Screenshots"), then look at them.
 *
 * <pre>java -cp target/test-classes:target/classes:CP org.dancelens.ui.CompareSideBySideShot DIR 1280x720 VIDEO FRAME MODEL_A MODEL_B</pre>
 * writes {@code DIR/compare-side-by-side.png} and {@code DIR/compare-heat.png}.
 */
public final class CompareSideBySideShot {
    private CompareSideBySideShot() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 6) {
            System.err.println("usage: CompareSideBySideShot DIR WIDTHxHEIGHT VIDEO FRAME MODEL_A MODEL_B");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
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
                vm.sideBySideProperty().set(true);
                w.player().seek(frame);
                return null;
            });
            waitFor(() -> w.player().frameProperty().get().index() == frame && w.player().compareSceneProperty().get() != null);
            onFx(() -> { // the timeline shows the compared frames (about 140 around the frame shown), as a user would zoom it
                int n = w.timeline().frameCountProperty().get();
                double span = Math.min(n, 140);
                double from = Math.max(0, Math.min(n - span, frame - span / 2));
                double anchor = from / (1 - span / n);
                w.timeline().zoomAt(anchor / n * 1000, 1000, span / n);
                return null;
            });
            pause(2500);
            write(onFx(() -> stage[0].getScene().snapshot(null)), dir.resolve("compare-side-by-side.png"));
            // the heat strips: the timeline takes most of the height, its lanes scrolled to the first strip
            onFx(() -> {
                SplitPane box = (SplitPane) stage[0].getScene().lookup(".session");
                box.setDividerPositions(0.2);
                return null;
            });
            pause(1500);
            Node timeline = onFx(() -> stage[0].getScene().lookup("#timeline"));
            onFx(() -> { // a wheel turn over the lanes' names scrolls the lanes: past the OKS lanes to the first heat strip
                javafx.scene.canvas.Canvas c = (javafx.scene.canvas.Canvas) timeline.lookup(".timeline-canvas");
                double dy = -(16 + vm.lanesProperty().get().lanes().size() * 36.0);
                javafx.event.Event.fireEvent(c, new javafx.scene.input.ScrollEvent(javafx.scene.input.ScrollEvent.SCROLL, 20, 40, 20, 40, false, false, false,
                        false, false, false, 0, dy, 0, dy, javafx.scene.input.ScrollEvent.HorizontalTextScrollUnits.NONE, 0,
                        javafx.scene.input.ScrollEvent.VerticalTextScrollUnits.NONE, 0, 0, null));
                return null;
            });
            pause(1500);
            write(onFx(() -> timeline.snapshot(null, null)), dir.resolve("compare-heat.png"));
            onFx(() -> {
                vm.summary().forEach(System.out::println);
                vm.lanesProperty().get().heat().forEach(h -> System.out.println(h.name() + " scale " + h.max() + " px"));
                return null;
            });
        } finally {
            Platform.runLater(() -> Window.getWindows().stream().filter(x -> x instanceof Stage).map(x -> (Stage) x).toList().forEach(Stage::close));
            Thread.sleep(500);
            Platform.exit();
            System.exit(0);
        }
    }

    private static void write(WritableImage img, Path out) throws Exception {
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
