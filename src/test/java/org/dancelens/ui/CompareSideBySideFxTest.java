package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.event.Event;
import javafx.scene.Node;
import javafx.scene.canvas.Canvas;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.input.ScrollEvent;
import javafx.stage.Stage;
import org.dancelens.render.Viewport;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.ui.compare.CompareRunsViewModel;
import org.dancelens.ui.player.PlayerView;
import org.dancelens.ui.session.RunChoice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Two pose runs of one video (movenet-multipose and movenet-lightning over frames 600–619 of vtest.avi) compared side by
 * side in the real window (headless Monocle): the toggle splits the player into two panels that show the same frame,
 * A's dancers on the left and B's on the right; a wheel turn over the right panel zooms both, a drag in it pans both;
 * overlaid again, one panel with B's skeletons over A's.
 */
@ExtendWith({IsolatedData.class, ApplicationExtension.class})
class CompareSideBySideFxTest {
    private FxWindow fx;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        fx = new FxWindow(stage, 1200, 900);
        window = fx.window;
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    private static void waitUntil(int seconds, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
    }

    /** The picture of the canvas as it is on screen now. */
    private static PixelReader snapshot(FxRobot robot, Canvas canvas) {
        WritableImage[] img = new WritableImage[1];
        robot.interact(() -> img[0] = canvas.snapshot(null, null));
        return img[0].getPixelReader();
    }

    /** Opens the clip with its two pose runs and compares movenet-multipose (A) with movenet-lightning (B) in the Compare tab. */
    private CompareRunsViewModel compareTwoPoseRuns(FxRobot robot) throws Exception {
        Path clip = StoredRunPairs.install();
        robot.interact(() -> window.workbench().open(clip));
        waitUntil(60, () -> window.player() != null && window.player().frameProperty().get() != null
                && window.workbench().session().posesProperty().get() != null);
        Node tab = robot.lookup(".tab .tab-label").match((javafx.scene.control.Labeled l) -> "Compare".equals(l.getText())).query();
        robot.clickOn(tab);
        CompareRunsViewModel vm = window.compareRuns();
        waitUntil(30, () -> vm.runsA().size() == 2);
        robot.interact(() -> {
            RunChoice a = vm.runsA().stream().filter(c -> c.run().modelId().equals("movenet-multipose")).findFirst().orElseThrow();
            vm.runAProperty().set(a);
            vm.runBProperty().set(vm.runsB().stream().filter(c -> c.run().modelId().equals("movenet-lightning")).findFirst().orElseThrow());
        });
        robot.clickOn("#compare-runs");
        waitUntil(60, () -> !vm.runningProperty().get() && vm.outcomeProperty().get() != null);
        return vm;
    }

    @Test
    void theHeatStripReadsAJointUnderThePointerAndAClickShowsItsFrame(FxRobot robot) throws Exception {
        CompareRunsViewModel vm = compareTwoPoseRuns(robot);
        var lanes = window.timeline().comparisonProperty().get();
        assertThat(lanes.heat()).as("a strip per matched dancer of A").isNotEmpty();
        var heat = lanes.heat().get(0);
        // the first frame where the strip's third joint (right eye) has a distance
        int frame = -1;
        for (int f = 0; f < heat.values()[2].length && frame < 0; f++) {
            frame = Float.isNaN(heat.values()[2][f]) ? -1 : f;
        }
        assertThat(frame).isNotNegative();
        int want = frame;
        // the timeline gets most of the height, so the first strip is in view under the comparison's lanes
        robot.interact(() -> ((javafx.scene.control.SplitPane) robot.lookup(".session").query()).setDividerPositions(0.25));
        WaitForAsyncUtils.waitForFxEvents();
        Canvas tl = robot.lookup(".timeline-canvas").queryAs(Canvas.class);
        double plot = tl.getWidth() - org.dancelens.ui.timeline.TimelineView.LABEL_W;
        int n = window.timeline().frameCountProperty().get();
        // the lanes' layout at the default lane height (36 px): title row 16, the OKS and missed lanes, the strip's title
        // row 16, then joint rows of 36 / 4 = 9 px; the middle of row 2 (right eye) and of the frame's column
        double y = 16 + lanes.lanes().size() * 36 + 16 + 2 * 9 + 4.5;
        double x = org.dancelens.ui.timeline.TimelineView.LABEL_W + (want + 0.5) / n * plot;
        assertThat(y).as("in view").isLessThan(tl.getHeight());
        robot.moveTo(tl.localToScreen(x, y).getX(), tl.localToScreen(x, y).getY());
        waitUntil(10, () -> !window.timeline().hoverLinesProperty().get().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        java.util.List<String> lines = window.timeline().hoverLinesProperty().get();
        assertThat(lines.get(0)).isEqualTo("frame " + want);
        assertThat(lines.get(1)).isEqualTo(heat.name() + " right_eye " + String.format(java.util.Locale.ROOT, "%.1f px", heat.values()[2][want]));
        robot.clickOn(MouseButton.PRIMARY);
        waitUntil(20, () -> fx.shownIndex() == want);
        assertThat(window.player().currentFrameProperty().get()).isEqualTo(want);
    }

    @Test
    void sideBySideShowsTheFrameTwiceWithOneZoomAndPan(FxRobot robot) throws Exception {
        CompareRunsViewModel vm = compareTwoPoseRuns(robot);
        int frame = 10;
        robot.interact(() -> window.player().seek(frame));
        waitUntil(20, () -> fx.shownIndex() == frame);
        PlayerView view = robot.lookup(".player").queryAs(PlayerView.class);
        Node pane = robot.lookup("#player-canvas").query();
        Canvas canvas = (Canvas) ((javafx.scene.layout.Pane) pane).getChildren().get(0);
        assertThat(view.shownRightViewport()).as("overlaid: one panel").isNull();
        assertThat(window.player().overlayProperty().get().comparePoses()).as("B dashed over A").isNotEmpty();

        robot.clickOn("#compare-side-by-side");
        waitUntil(10, () -> view.shownRightViewport() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.sideBySideProperty().get()).isTrue();
        // the left panel has A's dancers and no dashed B; the right panel's scene is B's dancers of the same frame
        assertThat(window.player().overlayProperty().get().comparePoses()).isEmpty();
        assertThat(window.player().overlayProperty().get().poses()).isNotEmpty();
        var right = window.player().compareSceneProperty().get();
        assertThat(right.poseModel()).as("B's dancers, named by B's model").isEqualTo("movenet-lightning");
        assertThat(right.poses()).isNotEmpty();
        assertThat(right.comparePoses()).isEmpty();
        Viewport l = view.shownViewport();
        Viewport r = view.shownRightViewport();
        assertThat(r.scale()).isEqualTo(l.scale());
        assertThat(r.width()).isCloseTo(l.width(), org.assertj.core.data.Offset.offset(1));
        double half = Math.floor(canvas.getWidth() / 2);

        // both panels show the frame: away from the dancers the two halves are the same picture, and it is a picture (not one colour)
        PixelReader px = snapshot(robot, canvas);
        int same = 0;
        int n = 0;
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int i = 0; i < 40; i++) {
            for (int j = 0; j < 30; j++) {
                double fx = (i + 0.5) / 40 * 768;
                double fy = (j + 0.5) / 30 * 576;
                int x = (int) (l.offsetX() + fx * l.scale());
                int y = (int) (l.offsetY() + fy * l.scale());
                int a = px.getArgb(x, y);
                int b = px.getArgb((int) (half + r.offsetX() + fx * r.scale()), (int) (r.offsetY() + fy * r.scale()));
                n++;
                same += Math.abs((a >> 8 & 0xff) - (b >> 8 & 0xff)) <= 8 ? 1 : 0;
                colours.add(a & 0xf0f0f0);
            }
        }
        System.out.printf("side by side: %d of %d sampled points the same picture in both panels, %d colours%n", same, n, colours.size());
        assertThat(same).as("the same frame in both panels (the dancers' skeletons differ)").isGreaterThan(n * 8 / 10);
        assertThat(colours.size()).as("a picture, not a blank panel").isGreaterThan(20);

        // a wheel turn over the right panel zooms both panels, keeping the point under the pointer in place
        double x = half + half * 0.7;
        double y = canvas.getHeight() * 0.4;
        robot.interact(() -> Event.fireEvent(pane, new ScrollEvent(ScrollEvent.SCROLL, x, y, x, y, false, false, false, false, false, false, 0, 40, 0, 40,
                ScrollEvent.HorizontalTextScrollUnits.NONE, 0, ScrollEvent.VerticalTextScrollUnits.NONE, 0, 0, null)));
        waitUntil(10, () -> view.shownViewport().scale() > l.scale());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.player().zoomProperty().get()).isGreaterThan(1);
        Viewport l2 = view.shownViewport();
        Viewport r2 = view.shownRightViewport();
        assertThat(r2.scale()).isEqualTo(l2.scale()).isGreaterThan(l.scale());
        assertThat(r2.offsetX()).isCloseTo(l2.offsetX(), org.assertj.core.data.Offset.offset(1.0));
        assertThat(r2.offsetY()).isEqualTo(l2.offsetY());
        // the frame point under the pointer stayed under it (in the right panel), and is under the same place of the left one
        double before = (x - half - r.offsetX()) / r.scale();
        double after = (x - half - r2.offsetX()) / r2.scale();
        assertThat(after).isCloseTo(before, org.assertj.core.data.Offset.offset(1.0));

        // a drag in the right panel pans both
        Viewport l3before = view.shownViewport();
        robot.moveTo(pane.localToScreen(x, y).getX(), pane.localToScreen(x, y).getY());
        robot.press(MouseButton.PRIMARY).moveBy(-60, -30).release(MouseButton.PRIMARY);
        waitUntil(10, () -> view.shownViewport().offsetX() != l3before.offsetX());
        WaitForAsyncUtils.waitForFxEvents();
        Viewport l3 = view.shownViewport();
        Viewport r3 = view.shownRightViewport();
        assertThat(l3.offsetX() - l3before.offsetX()).isCloseTo(-60, org.assertj.core.data.Offset.offset(2.0));
        assertThat(r3.offsetX()).isCloseTo(l3.offsetX(), org.assertj.core.data.Offset.offset(1.0));
        assertThat(r3.offsetY()).isEqualTo(l3.offsetY());

        // overlaid again: one panel, B dashed over A
        robot.clickOn("#compare-overlaid");
        waitUntil(10, () -> view.shownRightViewport() == null);
        assertThat(window.player().overlayProperty().get().comparePoses()).isNotEmpty();
    }
}
