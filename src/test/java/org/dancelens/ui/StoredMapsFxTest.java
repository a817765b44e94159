package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.dancelens.analysis.store.ExplainSettings;
import org.dancelens.analysis.store.Maps;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.RunKind;
import org.dancelens.analysis.store.RunSpec;
import org.dancelens.analysis.store.RunStatus;
import org.dancelens.analysis.Workspace;
import org.dancelens.explain.GradCam;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.ui.player.PlayerViewModel;
import org.dancelens.video.PatternVideoWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The real window (headless Monocle): a video with stored maps shows each frame's stored map as it is stepped through. */
// IsolatedData first: the window (made in @Start) reads the data and model folders while it is being built
@ExtendWith({IsolatedData.class, ApplicationExtension.class})
class StoredMapsFxTest {
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

    @Test
    void steppingShowsTheStoredMapOfEachFrame(FxRobot robot) throws Exception {
        Path video = TestMedia.generated("fx-maps.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 160, 120, 12, 25).gop(6));
        List<Maps.MapFrame> maps = new ArrayList<>();
        for (int f = 0; f < 6; f++) {
            float[] m = new float[4 * 4];
            m[f % m.length] = 1; // a different hot cell per frame
            maps.add(new Maps.MapFrame(f, 0, 1f, 4, 4, m, new double[] {0, 0.125, 1, 0.875}, null));
        }
        try (ResultsStore s = ResultsStore.open(Workspace.storeFor(video))) {
            long id = s.runs().findOrCreate(new RunSpec(video.toAbsolutePath().toString(), 12, RunKind.EXPLAIN, "cnn", "abc", "card",
                    new ExplainSettings("feat", "gradcam", "top", 1, List.of(), 8, 8, 160, 120, List.of("a")).toJson(), 0, 6)).id();
            s.maps().write(id, maps);
            s.runs().setStatus(id, RunStatus.COMPLETE);
        }
        robot.interact(() -> window.workbench().open(video));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> fx.shownIndex() == 0 && window.explain().hasStoredProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.explain().framesDoneProperty().get()).startsWith("6 of 6");
        for (int f = 1; f <= 3; f++) {
            robot.type(KeyCode.RIGHT);
            int want = f;
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> {
                PlayerViewModel.HeatOverlay h = window.player().heatOverlayProperty().get();
                return fx.shownIndex() == want && h != null && h.frame() == want;
            });
            PlayerViewModel.HeatOverlay h = window.player().heatOverlayProperty().get();
            assertThat(h.map()).containsExactly(GradCam.resizeBilinear(maps.get(f).map(), 4, 4, 8, 8));
            assertThat(h.region()).containsExactly(0, 0.125, 1, 0.875);
        }
        robot.type(KeyCode.END); // frame 11 has no stored map
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx.shownIndex() == 11);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.player().heatOverlayProperty().get()).isNull();
    }
}
