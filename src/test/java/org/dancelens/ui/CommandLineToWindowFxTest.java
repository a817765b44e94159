package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.dancelens.analysis.Workspace;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.analysis.store.RunKind;
import org.dancelens.testsupport.CliRun;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.testsupport.TestZoo;
import org.dancelens.ui.player.PlayerViewModel;
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
 * The command line and the workbench see the same results: poses, a classification and explanation maps made by
 * {@code dancelens analyze / classify / explain} on real footage are shown when the window opens the video — the
 * skeletons, the timeline's lanes and the stored map of the frame on screen — with nothing computed again.
 */
// IsolatedData first: the window (made in @Start) reads the data and model folders while it is being built
@ExtendWith({IsolatedData.class, ApplicationExtension.class})
class CommandLineToWindowFxTest {
    @TempDir
    Path models;
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

    private static void waitUntil(int seconds, Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
    }

    private static List<Run> runs(Path video) {
        try (ResultsStore s = ResultsStore.open(Workspace.storeFor(video))) {
            return s.runs().all();
        }
    }

    @Test
    void resultsMadeOnTheCommandLineAreShownWhenTheWindowOpensTheVideo(FxRobot robot) throws Exception {
        Path vtest = TestMedia.realFootage("vtest.avi");
        Path zoo = TestZoo.registry("movenet-lightning").find("movenet-lightning").cardFile().getParent();
        org.dancelens.testsupport.TestCnn.install(models, 5, List.of("ballet", "hiphop", "folk"), null);
        org.dancelens.testsupport.TestRgbMeans.install(models, "rgb-means", 0.05);

        // Overnight, from a shell: no --store, no --out — the results go to the video's own store.
        CliRun analyze = CliRun.of("analyze", vtest.toString(), "--pose", "movenet-lightning", "--range", "0:40", "--models", zoo.toString());
        assertThat(analyze.code()).as(analyze.err()).isZero();
        assertThat(analyze.out()).contains("40 frames analysed").contains("stored in " + Workspace.storeFor(vtest));
        CliRun classify = CliRun.of("classify", vtest.toString(), "--model", "rgb-means", "--range", "0:60", "--models", models.toString());
        assertThat(classify.code()).as(classify.err()).isZero();
        CliRun explain = CliRun.of("explain", vtest.toString(), "--model", "cnn", "--frames", "0:20", "--models", models.toString());
        assertThat(explain.code()).as(explain.err()).isZero();
        assertThat(explain.out()).startsWith("20 frames explained with cnn (gradcam, layer feat)").contains("maps stored in");
        List<Run> before = runs(vtest);
        assertThat(before).extracting(Run::kind).containsExactlyInAnyOrder(RunKind.POSE, RunKind.CLASSIFY, RunKind.EXPLAIN);

        // The next morning, in the window.
        robot.interact(() -> {
            window.modelsWindow().models().addFolder(zoo);
            window.modelsWindow().models().addFolder(models);
            window.workbench().open(vtest);
        });
        waitUntil(30, () -> fx.shownIndex() == 0);
        VideoSession s = window.workbench().session();
        waitUntil(30, () -> s.posesProperty().get() != null && s.classificationProperty().get() != null && s.mapsProperty().get() != null);
        assertThat(s.posesProperty().get().modelId()).isEqualTo("movenet-lightning");
        assertThat(s.posesProperty().get().raw().keySet()).allSatisfy(f -> assertThat(f).isBetween(0, 39)).isNotEmpty();
        // skeletons: the first frame with a dancer shows them
        int withDancer = s.posesProperty().get().raw().keySet().iterator().next();
        robot.interact(() -> s.player().seek(withDancer));
        waitUntil(20, () -> !window.player().shownPosesProperty().get().isEmpty());
        assertThat(window.timeline().seriesProperty().get()).as("each dancer's confidence lane").isNotEmpty();
        // the classification's lanes
        waitUntil(20, () -> window.timeline().scoresProperty().get() != null);
        assertThat(window.timeline().scoresProperty().get().title()).isEqualTo("rgb-means · whole frame");
        assertThat(window.classify().summaryProperty().get()).startsWith("whole frame over 60 frames");
        // the stored map of the frame on screen, and the explain panel's account of the run
        robot.interact(() -> s.player().seek(7));
        waitUntil(20, () -> {
            PlayerViewModel.HeatOverlay h = window.player().heatOverlayProperty().get();
            return fx.shownIndex() == 7 && h != null && h.frame() == 7;
        });
        waitUntil(20, () -> window.explain().hasStoredProperty().get());
        assertThat(window.explain().framesDoneProperty().get()).startsWith("20 of 20 (frames 0–19, complete)");
        assertThat(window.explain().storedRunProperty().get()).startsWith("cnn · gradcam");
        // Nothing was computed again: the store holds the same runs, unchanged.
        assertThat(runs(vtest)).isEqualTo(before);
    }
}
