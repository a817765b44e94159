package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.dancelens.core.Pose;
import org.dancelens.render.Viewport;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.TestZoo;
import org.dancelens.ui.player.PlayerView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The keyboard in the real window (headless Monocle) on real footage: Ctrl+G, the arrows only while no text field is
 * edited, Esc out of a field, zoom keys, mnemonics, Ctrl+Z / Ctrl+Shift+Z on an identity swap, and the right-click menu
 * on a dancer with its export.
 */
// IsolatedData first: the window (made in @Start) reads the data and model folders while it is being built
@ExtendWith({IsolatedData.class, ApplicationExtension.class})
class KeysFxTest {
    @TempDir
    Path out;
    private FxWindow fx;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        fx = new FxWindow(stage, 1200, 800);
        window = fx.window;
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    private static void waitUntil(int seconds, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
    }

    private void openVtest(FxRobot robot) throws Exception {
        robot.interact(() -> window.workbench().open(TestMedia.realFootage("vtest.avi")));
        waitUntil(30, () -> window.player() != null && window.player().frameProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private int frame() {
        return window.player().currentFrameProperty().get();
    }

    @Test
    void goToArrowsEscZoomAndMnemonics(FxRobot robot) throws Exception {
        openVtest(robot);
        robot.clickOn("#player-canvas");
        robot.type(KeyCode.RIGHT);
        waitUntil(10, () -> frame() == 1);
        robot.press(KeyCode.SHIFT).type(KeyCode.RIGHT).release(KeyCode.SHIFT); // one second on
        waitUntil(10, () -> frame() > 1);
        int afterJump = frame();

        // Ctrl+G opens the go-to field with the frame shown; Enter goes there, and the field closes
        robot.press(KeyCode.CONTROL).type(KeyCode.G).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        TextField goTo = robot.lookup("#goto-frame").queryAs(TextField.class);
        assertThat(goTo.isVisible()).isTrue();
        assertThat(goTo.isFocused()).isTrue();
        assertThat(goTo.getText()).isEqualTo(String.valueOf(afterJump));
        robot.eraseText(goTo.getText().length()).write("120").type(KeyCode.ENTER);
        waitUntil(10, () -> frame() == 120 && fx.shownIndex() == 120);
        assertThat(goTo.isVisible()).isFalse();
        // a time: 0:10 is frame 100 of this 10 fps video
        robot.press(KeyCode.CONTROL).type(KeyCode.G).release(KeyCode.CONTROL);
        robot.eraseText(3).write("0:10").type(KeyCode.ENTER);
        waitUntil(10, () -> frame() == 100);
        // bad input: one sentence, the field stays open, the frame stays
        robot.press(KeyCode.CONTROL).type(KeyCode.G).release(KeyCode.CONTROL);
        robot.eraseText(3).write("ten").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#goto-problem").queryAs(Label.class).getText())
                .isEqualTo("Type a frame number (e.g. 120) or a time (e.g. 1:23.4 or 83.4s).");
        assertThat(robot.lookup("#goto-problem").query().isVisible()).isTrue();
        assertThat(frame()).isEqualTo(100);
        // the arrows edit the text while the field is edited; Esc leaves it for the video, and they step frames again
        robot.type(KeyCode.LEFT, KeyCode.LEFT);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(goTo.getCaretPosition()).isEqualTo(1);
        assertThat(frame()).isEqualTo(100);
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(goTo.isVisible()).isFalse();
        assertThat(window.stage().getScene().getFocusOwner().getId()).isEqualTo("player-canvas");
        robot.type(KeyCode.LEFT);
        waitUntil(10, () -> frame() == 99);

        // the same in a panel's text field
        robot.clickOn("#pose-range").write("1");
        robot.type(KeyCode.RIGHT, KeyCode.LEFT);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(frame()).isEqualTo(99);
        robot.type(KeyCode.ESCAPE);
        robot.type(KeyCode.RIGHT);
        waitUntil(10, () -> frame() == 100);
        // a button reached by Tab and then the arrows: still frames (only text fields and open lists keep them)
        robot.clickOn("#pose-range");
        robot.type(KeyCode.TAB);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.stage().getScene().getFocusOwner()).isNotInstanceOf(TextField.class);
        robot.type(KeyCode.RIGHT);
        waitUntil(10, () -> frame() == 101);

        // zoom: Ctrl+= , Ctrl+Shift+= (Ctrl++), the keypad's +, Ctrl+-, Ctrl+0
        robot.clickOn("#player-canvas");
        double z0 = window.player().zoomProperty().get();
        assertThat(z0).isEqualTo(1.0);
        robot.press(KeyCode.CONTROL).type(KeyCode.EQUALS).release(KeyCode.CONTROL);
        waitUntil(5, () -> window.player().zoomProperty().get() == 1.25);
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT).type(KeyCode.EQUALS).release(KeyCode.SHIFT, KeyCode.CONTROL);
        waitUntil(5, () -> Math.abs(window.player().zoomProperty().get() - 1.5625) < 1e-9);
        robot.press(KeyCode.CONTROL).type(KeyCode.ADD).release(KeyCode.CONTROL);
        waitUntil(5, () -> window.player().zoomProperty().get() > 1.9);
        PlayerView view = robot.lookup(".player").queryAs(PlayerView.class);
        WaitForAsyncUtils.sleep(200, TimeUnit.MILLISECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        Viewport fit = Viewport.fit(768, 576, view.shownViewport().width(), view.shownViewport().height(), 1, 0, 0);
        assertThat(view.shownViewport().scale()).as("drawn magnified").isCloseTo(fit.scale() * window.player().zoomProperty().get(),
                org.assertj.core.data.Offset.offset(1e-6));
        robot.press(KeyCode.CONTROL).type(KeyCode.MINUS).release(KeyCode.CONTROL);
        waitUntil(5, () -> Math.abs(window.player().zoomProperty().get() - 1.5625) < 1e-9);
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT0).release(KeyCode.CONTROL);
        waitUntil(5, () -> window.player().zoomProperty().get() == 1.0);
        // typing 0 into a field is a 0, not Fit (the old accelerator had no Ctrl)
        robot.press(KeyCode.CONTROL).type(KeyCode.EQUALS).release(KeyCode.CONTROL);
        robot.clickOn("#pose-range").eraseText(1).write("0");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.player().zoomProperty().get()).isEqualTo(1.25);
        assertThat(window.analysis().rangeProperty().get()).isEqualTo("0");
        robot.type(KeyCode.ESCAPE);

        // mnemonics: Alt+F opens the File menu
        MenuBar bar = robot.lookup(".menu-bar").queryAs(MenuBar.class);
        assertThat(bar.getMenus()).extracting(Menu::getText).containsExactly("_File", "_Edit", "_View", "_Models");
        robot.press(KeyCode.ALT).type(KeyCode.F).release(KeyCode.ALT);
        waitUntil(5, () -> bar.getMenus().get(0).isShowing());
        robot.type(KeyCode.ESCAPE);
    }

    /** Identities of the poses shown per frame, from the session's stored results. */
    private Map<Integer, List<String>> identities() {
        Map<Integer, List<String>> m = new TreeMap<>();
        window.workbench().session().posesProperty().get().raw().forEach((f, l) -> m.put(f, l.stream()
                .map(p -> p.trackId() + "@" + Math.round(p.keypoints().get(0).x())).sorted().toList()));
        return m;
    }

    @Test
    void ctrlZUndoesASwapAndADancerHasARightClickMenu(FxRobot robot) throws Exception {
        Path zoo = TestZoo.registry("movenet-multipose").find("movenet-multipose").cardFile().getParent();
        robot.interact(() -> window.modelsWindow().models().addFolder(zoo));
        waitUntil(30, () -> window.analysis().models().contains("movenet-multipose"));
        openVtest(robot);
        robot.interact(() -> {
            window.analysis().selectedModelProperty().set("movenet-multipose");
            window.analysis().rangeProperty().set("240:260");
        });
        robot.clickOn("#run-analysis");
        waitUntil(180, () -> window.analysis().statusProperty().get().contains("frames analysed"));
        robot.interact(() -> window.player().seek(250));
        waitUntil(20, () -> fx.shownIndex() == 250 && window.player().shownPosesProperty().get().size() >= 2);
        Map<Integer, List<String>> original = identities();
        List<Pose> shown = window.player().shownPosesProperty().get();
        int a = shown.get(0).trackId();
        int b = shown.get(1).trackId();

        // Ctrl+Z / Ctrl+Shift+Z on a swap: the overlay's identities go back and forth
        robot.interact(() -> window.analysis().swapIdentities(a, b, 245));
        waitUntil(20, () -> window.analysis().canUndoProperty().get());
        Map<Integer, List<String>> swapped = identities();
        assertThat(swapped).isNotEqualTo(original);
        robot.clickOn("#player-canvas");
        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        waitUntil(20, () -> window.analysis().canRedoProperty().get());
        assertThat(identities()).isEqualTo(original);
        assertThat(window.player().shownPosesProperty().get()).extracting(Pose::trackId).containsExactlyElementsOf(shown.stream().map(Pose::trackId).toList());
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT).type(KeyCode.Z).release(KeyCode.SHIFT, KeyCode.CONTROL);
        waitUntil(20, () -> window.analysis().canUndoProperty().get());
        assertThat(identities()).isEqualTo(swapped);
        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        waitUntil(20, () -> window.analysis().canRedoProperty().get());
        assertThat(identities()).isEqualTo(original);

        // right-click on dancer a: its menu, with the other dancers to swap with and merge into
        Pose target = window.player().shownPosesProperty().get().stream().filter(p -> p.trackId() == a).findFirst().orElseThrow();
        float[] box = target.box() != null ? target.box() : target.keypointBox(0.3f);
        PlayerView view = robot.lookup(".player").queryAs(PlayerView.class);
        Node canvas = robot.lookup("#player-canvas").query();
        Bounds cb = canvas.localToScreen(canvas.getBoundsInLocal());
        Viewport vp = view.shownViewport();
        // the middle of the dancer's box
        double fxp = (box[0] + box[2]) / 2;
        double fyp = (box[1] + box[3]) / 2;
        assertThat(window.player().trackAt(fxp, fyp)).as("the middle of dancer %d's box is theirs", a).isEqualTo(a);
        robot.rightClickOn(cb.getMinX() + vp.x(fxp), cb.getMinY() + vp.y(fyp));
        waitUntil(5, () -> Window.getWindows().stream().anyMatch(w -> w instanceof ContextMenu c && "dancer-menu".equals(c.getId()) && c.isShowing()));
        ContextMenu menu = (ContextMenu) Window.getWindows().stream().filter(w -> w instanceof ContextMenu c && "dancer-menu".equals(c.getId()))
                .findFirst().orElseThrow();
        assertThat(menu.getItems()).extracting(MenuItem::getId).containsExactly("dancer-select", "dancer-hide", null, "dancer-swap",
                "dancer-merge", null, "dancer-export");
        Menu swapWith = (Menu) menu.getItems().get(3);
        assertThat(swapWith.getItems()).extracting(MenuItem::getText).contains("movenet-multipose #" + b).doesNotContain("movenet-multipose #" + a);
        assertThat(((Menu) menu.getItems().get(4)).getItems()).hasSameSizeAs(swapWith.getItems());
        robot.interact(() -> menu.getItems().get(0).fire());
        assertThat(window.player().selectedTrackProperty().get()).isEqualTo(a);
        robot.interact(menu::hide);

        // Export this dancer's data…: the save dialog (answered here: no file dialogs without a screen), a CSV written
        Path csv = out.resolve("one-dancer.csv");
        String[] asked = new String[2];
        window.dialogs().answerSaveDialogsWith(fc -> {
            asked[0] = fc.getTitle();
            asked[1] = fc.getInitialFileName();
            return csv.toFile();
        });
        robot.rightClickOn(cb.getMinX() + vp.x(fxp), cb.getMinY() + vp.y(fyp));
        waitUntil(5, () -> Window.getWindows().stream().anyMatch(w -> w instanceof ContextMenu c && "dancer-menu".equals(c.getId()) && c.isShowing()));
        robot.clickOn("Export This Dancer's Data…");
        waitUntil(20, () -> Files.exists(csv) && window.analysis().statusProperty().get().contains("written to one-dancer.csv"));
        assertThat(asked[0]).isEqualTo("Export the poses of movenet-multipose #" + a);
        assertThat(asked[1]).isEqualTo("vtest-movenet-multipose-dancer-" + a + ".csv");
        List<String> lines = Files.readAllLines(csv);
        long framesWithA = identities().values().stream().filter(l -> l.stream().anyMatch(s -> s.startsWith(a + "@"))).count();
        assertThat(lines.get(0)).isEqualTo("frame,time_s,track,keypoint,x,y,score,kind");
        assertThat(lines).hasSize((int) (1 + framesWithA * 17 * 2));
        assertThat(lines.subList(1, lines.size())).allSatisfy(l -> assertThat(l.split(",")[2]).isEqualTo(String.valueOf(a)));
    }
}
