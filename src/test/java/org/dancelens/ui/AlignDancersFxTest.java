package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.dancelens.compare.WarpPath;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.ui.align.AlignDancersViewModel;
import org.dancelens.ui.player.PlayerViewModel;
import org.dancelens.ui.player.SyncViewModel;
import org.dancelens.video.PatternVideoWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A dancer against a reference in the real window: two videos in sync with stored pose runs at a known warp
 * ({@link WarpedPair}), the Align tab chooses the longest dancers, Align draws the path and lanes, a click on a ranked
 * moment seeks both players to its frames (checked by the index in their pixels), and with aligned playback on the
 * arrow key steps A while B follows the path.
 */
@ExtendWith({IsolatedData.class, ApplicationExtension.class})
class AlignDancersFxTest {
    private FxWindow fx;
    private MainWindow window;

    @Start
    void start(Stage stage) throws Exception {
        WarpedPair.store();
        fx = new FxWindow(stage, 1280, 720);
        window = fx.window;
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    private static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, condition);
    }

    private static boolean shows(PlayerViewModel p, int n) {
        var f = p.frameProperty().get();
        return f != null && f.index() == n && PatternVideoWriter.readIndex(f, 160, 120, 0) == n;
    }

    /** Opens a combo box and clicks the entry whose text contains {@code text}. */
    private static void choose(FxRobot robot, String id, String text) throws Exception {
        robot.clickOn(id);
        waitUntil(() -> robot.lookup(id).queryAs(javafx.scene.control.ComboBox.class).isShowing());
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.Node cell = robot.fromAll().lookup(".list-cell").match((ListCell<?> c) -> c.getText() != null && c.getText().contains(text)
                && !(c.getParent() instanceof javafx.scene.control.ComboBox)).query();
        robot.clickOn(cell);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Scrolls the side panel so that a node of it is in view. */
    private static void scrollTo(FxRobot robot, ScrollPane scroll, String query) {
        javafx.scene.Node n = robot.lookup(query).query();
        robot.interact(() -> {
            javafx.scene.Node content = scroll.getContent();
            double y = content.sceneToLocal(n.localToScene(n.getBoundsInLocal())).getMinY();
            double room = content.getBoundsInLocal().getHeight() - scroll.getViewportBounds().getHeight();
            scroll.setVvalue(room <= 0 ? 0 : Math.min(1, Math.max(0, (y - 20) / room)));
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void chooseDancersAlignClickAMomentAndStepAligned(FxRobot robot) throws Exception {
        WorkbenchViewModel wb = window.workbench();
        robot.interact(() -> wb.open(WarpedPair.videoA()));
        waitUntil(() -> fx.shownIndex() == 0);
        robot.interact(() -> wb.compareWith(WarpedPair.videoB()));
        waitUntil(() -> wb.syncProperty().get() != null && fx.shownIndex() == 0);
        SyncViewModel sync = wb.syncProperty().get();
        PlayerViewModel pa = sync.playerA();
        PlayerViewModel pb = sync.playerB();
        AlignDancersViewModel vm = window.alignDancers();

        // the Align tab, chosen through its TabPane (a click on its header at the right end did not select it under Monocle)
        javafx.scene.control.TabPane tabs = robot.lookup(".tab-pane").match((javafx.scene.control.TabPane t) -> t.getTabs().stream()
                .anyMatch(x -> "align-tab".equals(x.getId()))).query();
        robot.interact(() -> tabs.getSelectionModel().select(tabs.getTabs().stream().filter(x -> "align-tab".equals(x.getId())).findFirst().orElseThrow()));
        waitUntil(() -> robot.lookup("#align-run").query().isVisible() && robot.lookup("#align-run").query().localToScreen(0, 0) != null);
        assertThat(robot.lookup("#align-sides").queryAs(Label.class).getText()).isEqualTo("A: align-a.mkv   B: align-b.mkv (each from its sync point)");
        waitUntil(() -> vm.canAlignProperty().get());
        assertThat(vm.dancerAProperty().get().track()).isEqualTo(1);
        assertThat(vm.dancerBProperty().get().track()).isEqualTo(5);
        // choosing: B's short dancer, then the long one again
        choose(robot, "#align-dancer-b", "dancer #7");
        assertThat(vm.dancerBProperty().get().track()).isEqualTo(7);
        choose(robot, "#align-dancer-b", "dancer #5");
        assertThat(vm.dancerBProperty().get().track()).isEqualTo(5);
        robot.clickOn("#align-run");
        waitUntil(() -> vm.shownProperty().get() != null && !vm.moments().isEmpty());
        WarpPath w = vm.shownProperty().get().path();
        assertThat(robot.lookup("#align-warp-chart").query().isVisible()).isTrue();
        assertThat(robot.lookup("#align-status").queryAs(Label.class).getText()).startsWith("align-a.mkv: Aligned: ");
        // the runs listed again (the same runs): the choices and the result stay
        AlignDancersViewModel.Shown before = vm.shownProperty().get();
        robot.clickOn("#align-refresh");
        WaitForAsyncUtils.sleep(1, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.shownProperty().get()).isSameAs(before);
        assertThat(vm.runAProperty().get()).isNotNull();
        assertThat(vm.dancerBProperty().get().track()).isEqualTo(5);

        // a click on the ranked moment seeks both players to its frames
        ScrollPane scroll = (ScrollPane) robot.lookup(".scroll-pane").match(n -> ((ScrollPane) n).getContent() instanceof org.dancelens.ui.align.AlignDancersView)
                .query();
        scrollTo(robot, scroll, "#align-moments");
        AlignDancersViewModel.Moment m = vm.moments().get(0);
        ListCell<?> cell = robot.lookup("#align-moments .list-cell").match(n -> n instanceof ListCell<?> c && c.getItem() == m).query();
        robot.clickOn(cell);
        waitUntil(() -> shows(pa, m.aFrame()) && shows(pb, m.bFrame()));

        // aligned playback: the arrow steps A (on screen: click its picture first), B follows the path
        scrollTo(robot, scroll, "#align-playback");
        robot.clickOn("#align-playback");
        assertThat(vm.alignedPlaybackProperty().get()).isTrue();
        assertThat(sync.alignedProperty().get()).isTrue();
        robot.interact(() -> wb.activate(wb.sessions().get(0)));
        robot.interact(() -> pa.seek(60));
        waitUntil(() -> shows(pa, 60) && shows(pb, w.bOf(60)));
        robot.type(KeyCode.RIGHT, 3);
        waitUntil(() -> shows(pa, 63) && shows(pb, w.bOf(63)));
        assertThat(robot.lookup("#align-lag").queryAs(Label.class).getText()).startsWith("A frame 63 ~ B frame " + w.bOf(63) + ": B behind by ");
    }
}
