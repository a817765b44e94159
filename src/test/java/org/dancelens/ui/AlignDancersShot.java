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
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TabPane;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javafx.stage.Window;
import javax.imageio.ImageIO;
import org.dancelens.ui.align.AlignDancersViewModel;
import org.dancelens.ui.player.PlayerViewModel;
import org.dancelens.ui.player.SyncViewModel;

/**
 * Makes the README's picture of a dancer against a reference: the real window (under Xvfb) with two videos in sync
 * (File ▸ Compare with Video…), their sync points set, the Align tab with the dancers chosen (the longest tracks unless
 * given), aligned, aligned playback on and the top-ranked moment shown; the side panel widened and scrolled to the
 * charts as a user would. The window's scene is written as PNG, and the summary and moments printed. Not a test.
 *
 * <pre>java -cp target/test-classes:target/classes:CP org.dancelens.ui.AlignDancersShot OUT.png 1280x720 A B SYNC_A SYNC_B [TRACK_A TRACK_B]</pre>
 */
public final class AlignDancersShot {
    private AlignDancersShot() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 6) {
            System.err.println("usage: AlignDancersShot OUT.png WIDTHxHEIGHT A B SYNC_A SYNC_B [TRACK_A TRACK_B]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        String[] wh = args[1].split("x");
        double width = Double.parseDouble(wh[0]);
        double height = Double.parseDouble(wh[1]);
        Path a = Path.of(args[2]);
        Path b = Path.of(args[3]);
        int syncA = Integer.parseInt(args[4]);
        int syncB = Integer.parseInt(args[5]);
        Integer trackA = args.length > 7 ? Integer.valueOf(args[6]) : null;
        Integer trackB = args.length > 7 ? Integer.valueOf(args[7]) : null;
        Platform.startup(() -> { });
        try {
            Path settings = Files.createTempDirectory("dancelens-shot").resolve(SettingsFile.NAME);
            MainWindow[] window = new MainWindow[1];
            Stage[] stage = new Stage[1];
            onFx(() -> {
                stage[0] = new Stage();
                window[0] = new MainWindow(stage[0], new RecentFiles(SettingsFile.open(settings)));
                stage[0].setX(0);
                stage[0].setY(0);
                stage[0].setWidth(width);
                stage[0].setHeight(height);
                stage[0].show();
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
                TabPane side = (TabPane) stage[0].getScene().lookup(".tab-pane");
                side.getSelectionModel().select(side.getTabs().stream().filter(t -> "align-tab".equals(t.getId())).findFirst().orElseThrow());
                return null;
            });
            AlignDancersViewModel vm = w.alignDancers();
            waitFor(vm.canAlignProperty()::get);
            onFx(() -> {
                if (trackA != null) {
                    vm.dancerAProperty().set(vm.dancersA().stream().filter(d -> d.track() == trackA).findFirst().orElseThrow());
                    vm.dancerBProperty().set(vm.dancersB().stream().filter(d -> d.track() == trackB).findFirst().orElseThrow());
                }
                vm.align();
                return null;
            });
            waitFor(() -> !vm.runningProperty().get() && vm.shownProperty().get() != null);
            onFx(() -> {
                vm.alignedPlaybackProperty().set(true);
                vm.moments().get(0).jump();
                // the side panel wider, scrolled to the charts, as a user would
                SplitPane split = (SplitPane) stage[0].getScene().lookup(".split-pane");
                split.setDividerPositions(0.62);
                return null;
            });
            AlignDancersViewModel.Moment top = onFx(() -> vm.moments().get(0));
            waitFor(() -> shows(pa, top.aFrame()) && shows(pb, top.bFrame()));
            pause(500);
            onFx(() -> {
                javafx.scene.Node chart = stage[0].getScene().lookup("#align-summary");
                ScrollPane scroll = (ScrollPane) stage[0].getScene().getRoot().lookupAll(".scroll-pane").stream()
                        .filter(n -> ((ScrollPane) n).getContent() instanceof org.dancelens.ui.align.AlignDancersView).findFirst().orElseThrow();
                javafx.scene.Node content = scroll.getContent();
                double y = content.sceneToLocal(chart.localToScene(chart.getBoundsInLocal())).getMinY();
                double room = content.getBoundsInLocal().getHeight() - scroll.getViewportBounds().getHeight();
                scroll.setVvalue(room <= 0 ? 0 : Math.min(1, (y - 8) / room));
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
                System.out.println("dancers: A " + vm.dancerAProperty().get() + ", B " + vm.dancerBProperty().get());
                System.out.println("A's dancers: " + vm.dancersA() + "\nB's dancers: " + vm.dancersB());
                System.out.println("aligned playback: " + vm.alignedPlaybackProperty().get() + " (sync: " + sync.alignedProperty().get() + ")");
                vm.summary().forEach(System.out::println);
                vm.moments().forEach(System.out::println);
                System.out.println(vm.lagTextProperty().get());
                return null;
            });
        } catch (Exception e) {
            e.printStackTrace();
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

    private static void pause(long millis) throws InterruptedException {
        Thread.sleep(millis);
        CountDownLatch idle = new CountDownLatch(1);
        Platform.runLater(idle::countDown);
        idle.await(10, TimeUnit.SECONDS);
    }

    private static void waitFor(BooleanSupplier condition) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
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
