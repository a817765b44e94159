package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.dancelens.analysis.store.RatedRanges;
import org.dancelens.testsupport.CliRun;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.ui.session.VideoSession;
import org.dancelens.ui.timeline.TimelineViewModel;
import org.dancelens.video.PatternVideoWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Rating a range in the window: marked with Start and End on the Styles tab, rated by a rater on a criterion, stored
 * with the video's results — where {@code dancelens rate list} reads it — listed in the panel's table, drawn in the
 * timeline's ratings lane, and removed again; the rater's name is kept in the settings.
 */
// IsolatedData first: the window (made in @Start) reads the data and model folders while it is being built
@ExtendWith({IsolatedData.class, ApplicationExtension.class})
class RatingsFxTest {
    private Path settingsDir;
    private SettingsFile settings;
    private MainWindow window;

    @Start
    void start(Stage stage) throws Exception {
        settingsDir = Files.createTempDirectory("dancelens-fxsettings");
        settings = SettingsFile.open(settingsDir.resolve(SettingsFile.NAME));
        window = new MainWindow(stage, new RecentFiles(settings), new UiSettings(settings));
        stage.setWidth(1200);
        stage.setHeight(800);
        stage.show();
    }

    @AfterEach
    void tearDown() throws Exception {
        org.testfx.api.FxToolkit.cleanupStages();
        settings.close();
        UiHarness.deleteTree(settingsDir);
    }

    private static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, condition);
    }

    private void seek(FxRobot robot, VideoSession s, int frame) throws Exception {
        robot.interact(() -> s.player().seek(frame));
        waitUntil(() -> s.player().currentFrameProperty().get() == frame);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRatingAddedInTheWindowIsStoredWhereTheCommandLineReadsItAndRemovedAgain(FxRobot robot) throws Exception {
        Path video = TestMedia.generated("rate-fx.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 64, 48, 60, 25).gop(10));
        robot.interact(() -> window.workbench().open(video));
        waitUntil(() -> window.workbench().session() != null && window.workbench().session().player().frameProperty().get() != null);
        VideoSession s = window.workbench().session();

        TabPane tabs = robot.lookup(".tab-pane").match((TabPane t) -> t.getTabs().stream().anyMatch(x -> "styles-tab".equals(x.getId()))).query();
        robot.interact(() -> tabs.getSelectionModel().select(tabs.getTabs().stream().filter(x -> "styles-tab".equals(x.getId())).findFirst().orElseThrow()));
        waitUntil(() -> robot.lookup("#rate-add").tryQuery().isPresent());
        Button start = robot.lookup("#rate-start").queryButton();
        Button end = robot.lookup("#rate-end").queryButton();
        Button add = robot.lookup("#rate-add").queryButton();
        TextField rater = robot.lookup("#rate-rater").queryAs(TextField.class);
        ComboBox<String> criterion = robot.lookup("#rate-criterion").queryAs(ComboBox.class);
        TextField value = robot.lookup("#rate-value").queryAs(TextField.class);
        TableView<RatedRanges.RatedRange> table = robot.lookup("#ratings").queryAs(TableView.class);
        assertThat(table.getItems()).isEmpty();
        assertThat(criterion.getItems()).as("suggestions before the video has criteria").startsWith("aesthetics", "fluidity");

        // mark frames 10 to 34 with the panel's Start and End, then rate them
        seek(robot, s, 10);
        robot.interact(start::fire);
        seek(robot, s, 34);
        robot.interact(end::fire);
        assertThat(robot.lookup("#rate-range").queryAs(Label.class).getText()).isEqualTo("Range: 10 – 34");
        robot.interact(() -> {
            rater.setText("Ana");
            criterion.setValue("flow");
            value.setText("6.5");
            add.fire();
        });
        waitUntil(() -> table.getItems().size() == 1);
        RatedRanges.RatedRange r = table.getItems().get(0);
        assertThat(r.startFrame()).isEqualTo(10);
        assertThat(r.endFrame()).isEqualTo(34);
        assertThat(r.rater()).isEqualTo("Ana");
        assertThat(r.criterion()).isEqualTo("flow");
        assertThat(r.value()).isEqualTo(6.5);
        assertThat(robot.lookup("#rate-status").queryAs(Label.class).getText()).isEqualTo("Frames 10–34 rated 6.5 on flow by Ana.");
        assertThat(value.getText()).as("ready for the next rating").isEmpty();
        // the video's own criterion is offered first now
        assertThat(criterion.getItems().get(0)).isEqualTo("flow");
        // the timeline's ratings lane
        assertThat(window.timeline().ratedMarksProperty().get()).containsExactly(new TimelineViewModel.Mark(10, 34, "flow 6.5 (1)"));

        // the command line reads the same store (the video's own: no --store)
        CliRun list = CliRun.of("rate", "list", video.toString());
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out().strip()).isEqualTo(r.id() + "\t10\t34\t0.4\t1.36\tAna\tflow\t6.5");

        // a second rater on the same range
        robot.interact(() -> {
            rater.setText("Ben");
            value.setText("5.5");
            add.fire();
        });
        waitUntil(() -> table.getItems().size() == 2);
        assertThat(window.timeline().ratedMarksProperty().get()).containsExactly(new TimelineViewModel.Mark(10, 34, "flow 6 (2)"));

        // removed in the window: gone from the store
        robot.interact(() -> {
            table.getSelectionModel().select(0);
            robot.lookup("#rate-remove").queryButton().fire();
        });
        waitUntil(() -> table.getItems().size() == 1);
        assertThat(CliRun.of("rate", "list", video.toString()).out().strip()).endsWith("\t10\t34\t0.4\t1.36\tBen\tflow\t5.5");
        // the rater is kept between runs
        assertThat(settings.get("ratings.rater")).isEqualTo("Ben");
    }
}
