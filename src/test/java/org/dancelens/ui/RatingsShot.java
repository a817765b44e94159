package org.dancelens.ui;

import static org.dancelens.ui.ShotWindow.onFx;
import static org.dancelens.ui.ShotWindow.pause;
import static org.dancelens.ui.ShotWindow.waitFor;

import java.nio.file.Path;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TabPane;

/**
 * The picture of rating a range ({@code assets/ratings-panel.png}): the video, whose ratings were stored beforehand
 * with {@code dancelens rate add}, opened on the Styles tab scrolled to "Rate the range", frames FROM–TO marked and the
 * rater RATER typed, the timeline showing the ratings lane. Not a test: run by hand (README, "Screenshots"), then look at it.
 */
final class RatingsShot {
    private RatingsShot() {
    }

    public static void main(String[] args) throws Exception {
        ShotWindow.main(args, 6, "RatingsShot OUT.png WIDTHxHEIGHT VIDEO FROM TO RATER", RatingsShot::run);
    }

    private static void run(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int from = Integer.parseInt(args[3]);
        int to = Integer.parseInt(args[4]);
        ShotWindow shot = ShotWindow.open(args[1], Path.of(args[2]));
        MainWindow w = shot.window;
        shot.waitForVideo(false);
        waitFor("the stored ratings", () -> !w.timeline().ratedMarksProperty().get().isEmpty());
        onFx(() -> {
            TabPane tabs = (TabPane) shot.stage.getScene().getRoot().lookupAll(".tab-pane").stream()
                    .filter(t -> ((TabPane) t).getTabs().stream().anyMatch(x -> "styles-tab".equals(x.getId()))).findFirst().orElseThrow();
            tabs.getSelectionModel().select(tabs.getTabs().stream().filter(x -> "styles-tab".equals(x.getId())).findFirst().orElseThrow());
            return null;
        });
        shot.seek(from);
        onFx(() -> {
            w.classify().markStart();
            return null;
        });
        shot.seek(to);
        onFx(() -> {
            w.classify().markEnd();
            w.classify().ratings().raterProperty().set(args[5]);
            w.classify().ratings().criterionProperty().set("fluidity");
            return null;
        });
        pause(800);
        onFx(() -> { // the side panel scrolled to its end: the ratings
            javafx.scene.Node table = shot.stage.getScene().lookup("#ratings");
            for (javafx.scene.Node n = table; n != null; n = n.getParent()) {
                if (n instanceof ScrollPane sp) {
                    sp.setVvalue(sp.getVmax());
                    break;
                }
            }
            return null;
        });
        pause(1500);
        shot.writeScene(out);
        onFx(() -> {
            w.timeline().ratedMarksProperty().get().forEach(m -> System.out.println(m.start() + "–" + m.end() + " " + m.label()));
            return null;
        });
    }
}
