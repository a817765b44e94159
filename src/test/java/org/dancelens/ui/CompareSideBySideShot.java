package org.dancelens.ui;

import static org.dancelens.ui.ShotWindow.onFx;
import static org.dancelens.ui.ShotWindow.pause;
import static org.dancelens.ui.ShotWindow.waitFor;

import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.control.SplitPane;
import org.dancelens.ui.compare.CompareRunsViewModel;

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
        ShotWindow.main(args, 6, "CompareSideBySideShot DIR WIDTHxHEIGHT VIDEO FRAME MODEL_A MODEL_B", CompareSideBySideShot::run);
    }

    private static void run(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int frame = Integer.parseInt(args[3]);
        ShotWindow shot = ShotWindow.open(args[1], Path.of(args[2]));
        MainWindow w = shot.window;
        shot.waitForVideo(true);
        CompareRunsViewModel vm = CompareRunsShot.compare(shot, args[4], args[5]);
        onFx(() -> {
            vm.sideBySideProperty().set(true);
            return null;
        });
        shot.seek(frame);
        waitFor("B's dancers in the right panel", () -> w.player().compareSceneProperty().get() != null);
        CompareRunsShot.zoomAround(w, frame);
        pause(2500);
        shot.writeScene(dir.resolve("compare-side-by-side.png"));
        // the heat strips: the timeline takes most of the height, its lanes scrolled to the first heat strip
        onFx(() -> {
            SplitPane box = (SplitPane) shot.stage.getScene().lookup(".session");
            box.setDividerPositions(0.2);
            return null;
        });
        pause(1500);
        Node timeline = onFx(() -> shot.stage.getScene().lookup("#timeline"));
        onFx(() -> { // a wheel turn over the lanes' names scrolls the lanes: past the OKS lanes to the first heat strip
            javafx.scene.canvas.Canvas c = (javafx.scene.canvas.Canvas) timeline.lookup(".timeline-canvas");
            double dy = -(16 + vm.lanesProperty().get().lanes().size() * 36.0);
            javafx.event.Event.fireEvent(c, new javafx.scene.input.ScrollEvent(javafx.scene.input.ScrollEvent.SCROLL, 20, 40, 20, 40, false, false, false,
                    false, false, false, 0, dy, 0, dy, javafx.scene.input.ScrollEvent.HorizontalTextScrollUnits.NONE, 0,
                    javafx.scene.input.ScrollEvent.VerticalTextScrollUnits.NONE, 0, 0, null));
            return null;
        });
        pause(1500);
        ShotWindow.writeNode(timeline, dir.resolve("compare-heat.png"));
        onFx(() -> {
            vm.summary().forEach(System.out::println);
            vm.lanesProperty().get().heat().forEach(h -> System.out.println(h.name() + " scale " + h.max() + " px"));
            return null;
        });
    }
}
