package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.dancelens.core.Pose;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.testsupport.RealClips;
import org.dancelens.testsupport.TestZoo;
import org.dancelens.ui.session.RunChoice;
import org.dancelens.ui.session.VideoSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 14's walk through the workbench, in the real window (headless Monocle) on real footage, asserting what is on
 * screen at each step: two videos, two pose models, a range then the whole video (continued, same identities), a job
 * running while the other video is on screen (its progress stays with its video, its result is there on coming back),
 * switching between stored runs (the panel, the dancers and the lanes follow), and an identity swap undone with Ctrl+Z.
 */
// IsolatedData first: the window (made in @Start) reads the data and model folders while it is being built
@ExtendWith({IsolatedData.class, ApplicationExtension.class})
class WorkbenchWalkthroughFxTest {
    @TempDir
    Path dir;
    private FxWindow fx;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        fx = new FxWindow(stage, 1280, 720);
        window = fx.window;
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    private static void waitUntil(int seconds, Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
    }

    private static String text(FxRobot robot, String id) throws Exception {
        Label l = robot.lookup(id).queryAs(Label.class);
        return WaitForAsyncUtils.asyncFx(l::getText).get(10, TimeUnit.SECONDS);
    }

    /** The identities on display at each frame of a pose run (smoothed poses, as drawn). */
    private static Map<Integer, List<Integer>> identities(VideoSession s) {
        Map<Integer, List<Integer>> out = new TreeMap<>();
        s.posesProperty().get().smoothed().forEach((f, poses) -> out.put(f, poses.stream().map(Pose::trackId).sorted().toList()));
        return out;
    }

    /** The keypoints identity {@code track} carries at {@code frame} in the run on display (empty when none). */
    private static List<?> keypointsOf(VideoSession s, int frame, int track) {
        var p = s.posesProperty().get();
        return p == null ? List.of() : p.smoothed().getOrDefault(frame, List.of()).stream().filter(q -> q.trackId() == track)
                .findFirst().map(q -> (List<?>) q.keypoints()).orElse(List.of());
    }

    /** Clicks in the middle of the player of {@code session} (making it the video the panels work on). */
    private void clickPlayerOf(FxRobot robot, VideoSession session) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        List<Node> players = robot.lookup(".player").queryAll().stream()
                .sorted(java.util.Comparator.comparingDouble(n -> n.localToScreen(n.getBoundsInLocal()).getMinX())).toList();
        Node player = players.get(window.workbench().sessions().indexOf(session));
        Bounds b = player.localToScreen(player.getBoundsInLocal());
        robot.clickOn(b.getMinX() + b.getWidth() / 2, b.getMinY() + 12);
        waitUntil(10, () -> window.workbench().session() == session);
    }

    @Test
    void twoVideosTwoModelsARangeThenTheWholeVideoAJobElsewhereSwitchingRunsAndUndo(FxRobot robot) throws Exception {
        Path a = Files.copy(RealClips.vtest(300, 120), dir.resolve("rehearsal-a.mkv"));
        Path b = Files.copy(RealClips.vtest(300, 120), dir.resolve("rehearsal-b.mkv"));
        Path zoo = TestZoo.registry("movenet-lightning", "movenet-multipose").find("movenet-lightning").cardFile().getParent();
        robot.interact(() -> window.modelsWindow().models().addFolder(zoo));
        var poses = window.analysis();
        waitUntil(30, () -> poses.models().containsAll(List.of("movenet-lightning", "movenet-multipose")));
        robot.interact(() -> window.workbench().open(a));
        waitUntil(30, () -> fx.shownIndex() == 0);
        VideoSession sa = window.workbench().session();
        assertThat(text(robot, "#pose-run-shown")).isEqualTo("No stored poses shown.");

        // 1. Lightning over a range: the run on display is described with its frames.
        robot.interact(() -> {
            poses.selectedModelProperty().set("movenet-lightning");
            poses.rangeProperty().set("0:40");
        });
        robot.clickOn("#run-analysis");
        waitUntil(120, () -> !poses.runningProperty().get() && sa.posesProperty().get() != null && poses.poseRuns().runs().size() == 1);
        assertThat(text(robot, "#analysis-status")).startsWith("rehearsal-a.mkv: 40 frames analysed with movenet-lightning");
        assertThat(text(robot, "#pose-run-shown")).startsWith("movenet-lightning · frames 0–39 of 120 · ");
        Map<Integer, List<Integer>> rangeIds = identities(sa);

        // 2. The whole video after the range: the stored run is continued, one run, the same identities on its frames.
        robot.interact(() -> poses.rangeProperty().set(""));
        robot.clickOn("#run-analysis");
        waitUntil(120, () -> !poses.runningProperty().get() && text(robot, "#analysis-status").contains("continued run"));
        assertThat(text(robot, "#analysis-status")).startsWith("rehearsal-a.mkv: continued run " + sa.posesProperty().get().runId()
                + " from frame 40: 80 frames analysed with movenet-lightning");
        waitUntil(20, () -> text(robot, "#pose-run-shown").startsWith("movenet-lightning · whole video · "));
        assertThat(poses.poseRuns().runs()).hasSize(1);
        Map<Integer, List<Integer>> wholeIds = identities(sa);
        for (int f = 0; f < 38; f++) { // the last frames of the range were finished again with the frames after them
            assertThat(wholeIds.get(f)).as("frame %d", f).isEqualTo(rangeIds.get(f));
        }
        assertThat(wholeIds.keySet()).contains(0, 119);

        // 3. Another model in the chooser: no skeletons of the other model stay up.
        robot.interact(() -> poses.selectedModelProperty().set("movenet-multipose"));
        waitUntil(20, () -> sa.posesProperty().get() == null);
        assertThat(sa.player().overlayTracks()).isEmpty();
        assertThat(text(robot, "#analysis-status")).isEqualTo("No stored poses from movenet-multipose for this video yet.");

        // 4. A second video beside while MultiPose runs on the first: the panel shows the second video's state.
        robot.clickOn("#run-analysis");
        waitUntil(60, () -> text(robot, "#analysis-status").startsWith("rehearsal-a.mkv: frame "));
        robot.interact(() -> window.workbench().openBeside(b));
        waitUntil(30, () -> window.workbench().sessions().size() == 2 && window.workbench().session() != sa
                && window.workbench().session().frame() != null);
        VideoSession sb = window.workbench().session();
        waitUntil(10, () -> !text(robot, "#analysis-status").startsWith("rehearsal-a.mkv"));
        assertThat(text(robot, "#analysis-status")).isEqualTo("No pose results for this video yet.");
        assertThat(robot.lookup("#run-analysis").query().isDisabled()).isFalse();
        assertThat(sb.posesProperty().get()).isNull();
        assertThat(text(robot, "#pose-run-shown")).isEqualTo("No stored poses shown.");
        // back to the first video: its job (running or done) is shown, and its result is on its video
        clickPlayerOf(robot, sa);
        assertThat(text(robot, "#analysis-status")).startsWith("rehearsal-a.mkv: ");
        waitUntil(180, () -> !poses.runningProperty().get() && text(robot, "#analysis-status").contains("frames analysed with movenet-multipose"));
        waitUntil(20, () -> poses.poseRuns().runs().size() == 2 && sa.posesProperty().get() != null
                && "movenet-multipose".equals(sa.posesProperty().get().modelId()));
        assertThat(sb.posesProperty().get()).as("nothing of the first video's job on the second").isNull();

        // 5. Switching runs in the list: the other run's dancers, named with their run, in the panel and the lanes.
        RunChoice multi = poses.poseRuns().chosenProperty().get();
        RunChoice light = poses.poseRuns().runs().stream().filter(r -> r.run().modelId().equals("movenet-lightning")).findFirst().orElseThrow();
        ComboBox<?> runs = robot.lookup("#pose-runs").queryAs(ComboBox.class);
        assertThat(runs.getItems()).hasSize(2);
        robot.interact(() -> poses.poseRuns().chosenProperty().set(light));
        waitUntil(20, () -> sa.posesProperty().get() != null && sa.posesProperty().get().runId() == light.id());
        assertThat(identities(sa)).isEqualTo(wholeIds);
        assertThat(poses.selectedModelProperty().get()).isEqualTo("movenet-lightning");
        assertThat(text(robot, "#pose-run-shown")).startsWith("movenet-lightning · whole video · ");
        var lanes = sa.timeline().seriesProperty().get();
        assertThat(lanes).isNotEmpty();
        assertThat(sa.timeline().laneLabel(lanes.get(0))).startsWith("movenet-lightning #");
        robot.interact(() -> poses.poseRuns().chosenProperty().set(multi));
        waitUntil(20, () -> sa.posesProperty().get() != null && sa.posesProperty().get().runId() == multi.id());
        assertThat(sa.timeline().laneLabel(sa.timeline().seriesProperty().get().get(0))).startsWith("movenet-multipose #");

        // 6. Swap two dancers of the MultiPose run, then Ctrl+Z: the identities are back as they were.
        Map<Integer, List<Integer>> beforeSwap = identities(sa);
        int frame = beforeSwap.entrySet().stream().filter(e -> e.getValue().size() >= 2).mapToInt(Map.Entry::getKey).findFirst().orElseThrow();
        int x = beforeSwap.get(frame).get(0);
        int y = beforeSwap.get(frame).get(1);
        robot.interact(() -> sa.player().seek(frame));
        waitUntil(20, () -> sa.frame() != null && sa.frame().index() == frame);
        List<?> poseOfX = keypointsOf(sa, frame, x);
        robot.interact(() -> poses.swapIdentities(x, y, frame));
        waitUntil(30, () -> text(robot, "#analysis-status").contains("swapped from frame " + frame));
        assertThat(text(robot, "#analysis-status")).contains("movenet-multipose #" + x + " and #" + y);
        waitUntil(10, () -> !keypointsOf(sa, frame, x).equals(poseOfX)); // identity x now carries the other dancer's pose
        assertThat(keypointsOf(sa, frame, y)).isEqualTo(poseOfX);
        clickPlayerOf(robot, sa);
        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        waitUntil(30, () -> text(robot, "#analysis-status").contains("Undone: "));
        waitUntil(10, () -> keypointsOf(sa, frame, x).equals(poseOfX));
        assertThat(identities(sa)).isEqualTo(beforeSwap);
    }
}
