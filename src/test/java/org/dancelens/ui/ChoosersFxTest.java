package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ComboBox;
import javafx.stage.Stage;
import org.dancelens.testsupport.IsolatedData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The panels' choosers show a choice once their lists fill, also when the models arrive after the window is on screen
 * (they are read in the background, and a folder can be added later).
 */
// IsolatedData first: the window (made in @Start) reads the data and model folders while it is being built
@ExtendWith({IsolatedData.class, ApplicationExtension.class})
class ChoosersFxTest {
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

    @Test
    void choosersFilledAfterTheWindowIsShownShowAChoice(FxRobot robot) throws Exception {
        org.dancelens.testsupport.TestCnn.install(models, 3, List.of("ballet", "hiphop"), null);
        robot.interact(() -> window.modelsWindow().models().addFolder(models));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.explain().models().contains("cnn"));
        robot.interact(() -> {
            window.explain().selectedModelProperty().set("cnn"); // models/ may hold the zoo too
            window.classify().selectedModelProperty().set("cnn");
        });
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.explain().layers().size() == 3);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#explain-model").queryAs(ComboBox.class).getValue()).isEqualTo("cnn");
        assertThat(robot.lookup("#explain-layer").queryAs(ComboBox.class).getValue()).isEqualTo("deepest (default)");
        assertThat(robot.lookup("#explain-class").queryAs(ComboBox.class).getValue()).isEqualTo("top label");
        assertThat(robot.lookup("#explain-leave-out").queryAs(ComboBox.class).getValue()).isEqualTo("none");
        assertThat(window.explain().selectedLayerProperty().get()).isEqualTo("deepest (default)");
        assertThat(window.explain().selectedClassProperty().get()).isEqualTo("top label");
        assertThat(robot.lookup("#style-model").queryAs(ComboBox.class).getValue()).isEqualTo("cnn");
    }
}
