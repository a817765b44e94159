package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.controlsfx.control.CheckComboBox;
import org.dancelens.analysis.Workspace;
import org.dancelens.analysis.store.PoseFrames;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.RunKind;
import org.dancelens.analysis.store.RunSpec;
import org.dancelens.analysis.store.RunStatus;
import org.dancelens.core.AngleDefinition;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;
import org.dancelens.core.SkeletonSchema;
import org.dancelens.render.AngleMark;
import org.dancelens.render.OverlayScene;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.video.PatternVideoWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The real window (headless Monocle): choosing joint angles in the Poses tab's chooser draws them on the player's dancer. */
@ExtendWith({IsolatedData.class, ApplicationExtension.class})
class AnglesFxTest {
    private FxWindow fx;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        fx = new FxWindow(stage);
        window = fx.window;
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    /** One dancer whose left elbow is a right angle: shoulder above the elbow, wrist to its right; every joint confident. */
    static Pose dancer() {
        List<Keypoint> k = new ArrayList<>();
        for (int j = 0; j < 17; j++) {
            k.add(new Keypoint(20 + 7 * j, 30 + 3 * (j % 5), 0.9f));
        }
        k.set(5, new Keypoint(80, 20, 0.9f)); // left shoulder
        k.set(7, new Keypoint(80, 60, 0.9f)); // left elbow
        k.set(9, new Keypoint(120, 60, 0.9f)); // left wrist
        return new Pose(4, SkeletonSchema.COCO_17, k, new float[] {10, 10, 150, 110}, 0.9f, null);
    }

    @Test
    void checkingAnAngleInThePosesTabChangesTheSettingsAndDrawsItOnTheDancer(FxRobot robot) throws Exception {
        Path video = TestMedia.generated("fx-angles.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 160, 120, 6, 25).gop(3));
        try (ResultsStore s = ResultsStore.open(Workspace.storeFor(video))) {
            long id = s.runs().findOrCreate(new RunSpec(video.toAbsolutePath().toString(), 6, RunKind.POSE, "movenet-multipose", "abc", "card", "{}", 0, 6)).id();
            List<PoseFrames.FrameResult> rows = new ArrayList<>();
            for (int f = 0; f < 6; f++) {
                rows.add(new PoseFrames.FrameResult(f, f / 25.0, List.of(dancer()), List.of(dancer())));
            }
            s.poses().write(id, rows);
            s.runs().setStatus(id, RunStatus.COMPLETE);
        }
        robot.interact(() -> window.workbench().open(video));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> fx.shownIndex() == 0 && window.player().overlayProperty().get() != null
                && !window.player().overlayProperty().get().poses().isEmpty());
        var overlay = window.player().overlay();
        assertThat(overlay.angles()).as("none by default").isEmpty();
        assertThat(window.player().overlayProperty().get().angleMarks()).isEmpty();

        @SuppressWarnings("unchecked")
        CheckComboBox<String> chooser = (CheckComboBox<String>) robot.lookup("#angles").query();
        assertThat(chooser.getItems()).containsExactlyElementsOf(java.util.Arrays.stream(AngleDefinition.values()).map(AngleDefinition::id).toList());
        // the user opens the list and checks "left elbow"
        robot.interact(chooser::show); // the panel may be scrolled: opened as a click on it would
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.control.ListCell<?> cell = robot.lookup(".list-cell").match(n -> "left elbow".equals(((javafx.scene.control.ListCell<?>) n).getText()))
                .query();
        robot.clickOn(cell.getGraphic());
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(chooser::hide);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> overlay.angles().equals(List.of("left_elbow")));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !window.player().overlayProperty().get().angleMarks().isEmpty());
        OverlayScene scene = window.player().overlayProperty().get();
        assertThat(scene.angleMarks()).hasSize(1);
        AngleMark m = scene.angleMarks().get(0);
        assertThat(m.track()).isEqualTo(4);
        assertThat(m.degrees()).isCloseTo(90.0, org.assertj.core.data.Offset.offset(0.1));

        // set elsewhere (e.g. read from the settings file): the chooser follows, and clearing it removes the marks
        robot.interact(() -> overlay.angles().setAll("left_elbow", "right_knee"));
        assertThat(chooser.getCheckModel().getCheckedItems()).containsExactlyInAnyOrder("left_elbow", "right_knee");
        robot.interact(() -> chooser.getCheckModel().clearChecks());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.player().overlayProperty().get().angleMarks().isEmpty());
        assertThat(overlay.angles()).isEmpty();
    }
}
