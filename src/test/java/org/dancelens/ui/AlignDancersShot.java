package org.dancelens.ui;

import static org.dancelens.ui.ShotWindow.onFx;
import static org.dancelens.ui.ShotWindow.pause;
import static org.dancelens.ui.ShotWindow.shows;
import static org.dancelens.ui.ShotWindow.waitFor;

import java.nio.file.Path;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TabPane;
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
        ShotWindow.main(args, 6, "AlignDancersShot OUT.png WIDTHxHEIGHT A B SYNC_A SYNC_B [TRACK_A TRACK_B]", AlignDancersShot::run);
    }

    private static void run(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Path b = Path.of(args[3]);
        int syncA = Integer.parseInt(args[4]);
        int syncB = Integer.parseInt(args[5]);
        Integer trackA = args.length > 7 ? Integer.valueOf(args[6]) : null;
        Integer trackB = args.length > 7 ? Integer.valueOf(args[7]) : null;
        ShotWindow shot = ShotWindow.open(args[1], Path.of(args[2]));
        MainWindow w = shot.window;
        shot.waitForVideo(false);
        SyncViewModel sync = shot.syncWith(b, syncA, syncB);
        PlayerViewModel pa = sync.playerA();
        PlayerViewModel pb = sync.playerB();
        onFx(() -> {
            TabPane side = (TabPane) shot.stage.getScene().lookup(".tab-pane");
            side.getSelectionModel().select(side.getTabs().stream().filter(t -> "align-tab".equals(t.getId())).findFirst().orElseThrow());
            return null;
        });
        AlignDancersViewModel vm = w.alignDancers();
        waitFor("dancers to align", vm.canAlignProperty()::get);
        onFx(() -> {
            if (trackA != null) {
                vm.dancerAProperty().set(vm.dancersA().stream().filter(d -> d.track() == trackA).findFirst().orElseThrow());
                vm.dancerBProperty().set(vm.dancersB().stream().filter(d -> d.track() == trackB).findFirst().orElseThrow());
            }
            vm.align();
            return null;
        });
        waitFor("the alignment", () -> !vm.runningProperty().get() && vm.shownProperty().get() != null);
        onFx(() -> {
            vm.alignedPlaybackProperty().set(true);
            vm.moments().get(0).jump();
            // the side panel wider, scrolled to the charts, as a user would
            SplitPane split = (SplitPane) shot.stage.getScene().lookup(".split-pane");
            split.setDividerPositions(0.62);
            return null;
        });
        AlignDancersViewModel.Moment top = onFx(() -> vm.moments().get(0));
        waitFor("the top moment on both sides", () -> shows(pa, top.aFrame()) && shows(pb, top.bFrame()));
        pause(500);
        onFx(() -> {
            javafx.scene.Node chart = shot.stage.getScene().lookup("#align-summary");
            ScrollPane scroll = (ScrollPane) shot.stage.getScene().getRoot().lookupAll(".scroll-pane").stream()
                    .filter(n -> ((ScrollPane) n).getContent() instanceof org.dancelens.ui.align.AlignDancersView).findFirst().orElseThrow();
            javafx.scene.Node content = scroll.getContent();
            double y = content.sceneToLocal(chart.localToScene(chart.getBoundsInLocal())).getMinY();
            double room = content.getBoundsInLocal().getHeight() - scroll.getViewportBounds().getHeight();
            scroll.setVvalue(room <= 0 ? 0 : Math.min(1, (y - 8) / room));
            return null;
        });
        pause(2500);
        shot.writeScene(out);
        onFx(() -> {
            System.out.println("dancers: A " + vm.dancerAProperty().get() + ", B " + vm.dancerBProperty().get());
            System.out.println("A's dancers: " + vm.dancersA() + "\nB's dancers: " + vm.dancersB());
            System.out.println("aligned playback: " + vm.alignedPlaybackProperty().get() + " (sync: " + sync.alignedProperty().get() + ")");
            vm.summary().forEach(System.out::println);
            vm.moments().forEach(System.out::println);
            System.out.println(vm.lagTextProperty().get());
            return null;
        });
    }

}
