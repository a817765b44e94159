package org.dancelens.ui;

import static org.dancelens.ui.ShotWindow.onFx;
import static org.dancelens.ui.ShotWindow.pause;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.dancelens.testsupport.PlantedRatings;
import org.dancelens.ui.evaluate.RatingsEvaluationViewModel;

/**
 * Makes the README's picture of Models ▸ Evaluate a Scorer against Ratings: the real window (real toolkit, under Xvfb)
 * after evaluating the brightness scorer on the planted ratings of {@link PlantedRatings} (written into the data
 * folder's models/ before the window opens). Not a test: run by hand, then look at it.
 *
 * <pre>java -Ddancelens.data=DIR -cp target/test-classes:target/classes:CP org.dancelens.ui.RatingsEvaluationShot OUT.png [CRITERION]</pre>
 */
public final class RatingsEvaluationShot {
    private RatingsEvaluationShot() {
    }

    public static void main(String[] args) throws Exception {
        ShotWindow.main(args, 1, "RatingsEvaluationShot OUT.png [CRITERION]", RatingsEvaluationShot::run);
    }

    private static void run(String[] args) throws Exception {
        Path models = Files.createDirectories(Path.of(System.getProperty("dancelens.data"), "models"));
        PlantedRatings.Planted planted = PlantedRatings.write(models, "aesthetics", "fluidity");
        ShotWindow shot = ShotWindow.open("1280x720", planted.video());
        MainWindow w = shot.window;
        RatingsEvaluationViewModel vm = w.ratingsEvaluation();
        ShotWindow.waitFor("the scorer", () -> vm.models().contains("brightness"));
        Stage stage = onFx(() -> {
            w.showRatingsEvaluation();
            vm.ratingsProperty().set(planted.manifest());
            vm.run();
            return Window.getWindows().stream().filter(x -> x instanceof Stage s && s.getTitle() != null && s.getTitle().startsWith("Evaluate"))
                    .map(Stage.class::cast).findFirst().orElseThrow();
        });
        ShotWindow.waitFor("the evaluation", () -> !vm.runningProperty().get() && vm.resultProperty().get() != null);
        if (args.length > 1) {
            onFx(() -> {
                vm.selectedCriterionProperty().set(args[1]);
                return null;
            });
        }
        onFx(() -> {
            stage.setX(40);
            stage.setY(30);
            return null;
        });
        pause(2000);
        ShotWindow.writeScene(stage.getScene(), Path.of(args[0]));
        pause(Long.getLong("shot.hold", 0)); // time to capture the whole screen from outside
    }
}
