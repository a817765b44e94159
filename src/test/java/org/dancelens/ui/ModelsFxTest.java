package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.testsupport.TinyOnnx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Models panel and the "Add ONNX model" form in the real workbench, headless Monocle. */
// IsolatedData first: the window (made in @Start) reads the data and model folders while it is being built
@ExtendWith({IsolatedData.class, ApplicationExtension.class})
class ModelsFxTest {
    @TempDir
    Path dir;

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

    private static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, condition);
    }

    private static boolean shows(FxRobot robot, String text) {
        return robot.lookup((Node n) -> n instanceof Label l && l.isVisible() && text.equals(l.getText())).tryQuery().isPresent();
    }

    @Test
    void theWindowReadsAndInstallsIntoTheTestsOwnModelFolderNotTheAccounts() {
        Path data = Path.of(System.getProperty("dancelens.data"));
        Path own = data.resolve("models").toAbsolutePath().normalize();
        assertThat(window.modelsWindow().models().userFolder().toAbsolutePath().normalize()).isEqualTo(own);
        assertThat(window.modelsWindow().models().folders()).contains(own);
        Path account = Path.of(System.getProperty("user.home"), ".local", "share", "dancelens");
        assertThat(window.modelsWindow().models().folders()).noneMatch(f -> f.startsWith(account));
    }

    @Test
    void theModelsMenuOpensThePanelWithTheSelectedModelsCard(FxRobot robot) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("models"));
        ModelsViewModelTest.writeCards(folder);
        robot.interact(() -> window.modelsWindow().models().extraFolders().add(folder.toString()));

        robot.clickOn("Models").clickOn("Models…");
        waitUntil(() -> window.modelsWindow().modelsStage() != null && window.modelsWindow().modelsStage().isShowing());
        waitUntil(() -> shows(robot, "Dance styles"));
        robot.clickOn((Node n) -> n instanceof Label l && "Dance styles".equals(l.getText()));
        waitUntil(() -> "Dance styles".equals(robot.lookup("#model-title").queryAs(Label.class).getText()));
        assertThat(shows(robot, "ballet, hip-hop, folk")).isTrue();
        assertThat(shows(robot, "Input · image")).isTrue();
        assertThat(shows(robot, "center-crop")).isTrue();
        assertThat(shows(robot, "https://example.org/styles")).isTrue();

        robot.clickOn((Node n) -> n instanceof Label l && "broken.yaml".equals(l.getText()));
        waitUntil(() -> "broken.yaml".equals(robot.lookup("#model-title").queryAs(Label.class).getText()));
        assertThat(robot.lookup((Node n) -> n instanceof Label l && l.getText() != null
                && l.getText().startsWith("The model card broken.yaml line ")).tryQuery()).isPresent();
        assertThat(robot.lookup("#models-status").queryAs(Label.class).getText()).contains("2 cards with a problem");
    }

    @Test
    void theAddFormTriesACompletedCard(FxRobot robot) throws Exception {
        Path onnx = TinyOnnx.constantOutputs(dir.resolve("duets.onnx"), "image", new long[] {1, 3, 32, 32}, new String[] {"scores"},
                new long[][] {{1, 2}}, new float[][] {{0.9f, 0.1f}});
        robot.interact(() -> window.modelsWindow().addModel().load(onnx));
        waitUntil(() -> window.modelsWindow().addModel().loadedProperty().get());
        robot.interact(() -> window.modelsWindow().showAddModel());
        waitUntil(() -> window.modelsWindow().addStage() != null && window.modelsWindow().addStage().isShowing());
        assertThat(robot.lookup("#card-id").queryAs(TextField.class).getText()).isEqualTo("duets");
        assertThat(robot.lookup("#onnx-tensors").queryAs(Label.class).getText()).contains("image  float32 [1, 3, 32, 32]");

        robot.clickOn("#card-license").write("MIT");
        robot.clickOn("#card-labels").write("together\napart");
        assertThat(robot.lookup("#card-labels").queryAs(TextArea.class).getText()).isEqualTo("together\napart");
        robot.clickOn("#try-model");
        waitUntil(() -> window.modelsWindow().addModel().resultOkProperty().get());
        assertThat(robot.lookup("#add-model-result").queryAs(Label.class).getText())
                .startsWith("On a generated test frame, duets ran in ").endsWith("on this frame it says 'together'.");
    }
}
