package org.dancelens.ui;

import static org.dancelens.ui.ShotWindow.onFx;
import static org.dancelens.ui.ShotWindow.pause;
import static org.dancelens.ui.ShotWindow.waitFor;

import java.nio.file.Path;
import javafx.scene.control.TabPane;
import org.dancelens.ui.compare.CompareRunsViewModel;
import org.dancelens.ui.session.RunChoice;

/**
 * Makes the README's picture of the Compare tab: the real window (real toolkit, under Xvfb) on a video with two pose
 * runs stored beforehand from a shell, run A of model A and run B of model B compared, at a frame with B's skeletons
 * over A's. Not a test: run by hand (README, "Screenshots"), then look at it.
 *
 * <pre>java -cp target/test-classes:target/classes:CP org.dancelens.ui.CompareRunsShot OUT.png 1280x720 VIDEO FRAME MODEL_A MODEL_B</pre>
 */
public final class CompareRunsShot {
    private CompareRunsShot() {
    }

    public static void main(String[] args) throws Exception {
        ShotWindow.main(args, 6, "CompareRunsShot OUT.png WIDTHxHEIGHT VIDEO FRAME MODEL_A MODEL_B", CompareRunsShot::run);
    }

    private static void run(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int frame = Integer.parseInt(args[3]);
        String modelA = args[4];
        String modelB = args[5];
        ShotWindow shot = ShotWindow.open(args[1], Path.of(args[2]));
        MainWindow w = shot.window;
        shot.waitForVideo(true);
        CompareRunsViewModel vm = w.compareRuns();
        onFx(() -> {
            TabPane side = (TabPane) shot.stage.getScene().lookup(".tab-pane");
            side.getSelectionModel().select(side.getTabs().stream().filter(t -> "compare-tab".equals(t.getId())).findFirst().orElseThrow());
            return null;
        });
        waitFor("a run of " + modelA, () -> vm.runsA().stream().anyMatch(c -> c.run().modelId().equals(modelA)));
        onFx(() -> {
            RunChoice a = vm.runsA().stream().filter(c -> c.run().modelId().equals(modelA)).findFirst().orElseThrow();
            vm.runAProperty().set(a);
            RunChoice b = vm.runsB().stream().filter(c -> c.run().modelId().equals(modelB)).findFirst().orElseThrow();
            vm.runBProperty().set(b);
            vm.compare();
            return null;
        });
        waitFor("the comparison", () -> !vm.runningProperty().get() && vm.outcomeProperty().get() != null);
        shot.seek(frame);
        onFx(() -> { // the timeline shows the compared frames (about 140 around the frame shown), as a user would zoom it
            int n = w.timeline().frameCountProperty().get();
            double span = Math.min(n, 140);
            double from = Math.max(0, Math.min(n - span, frame - span / 2));
            double anchor = from / (1 - span / n);
            w.timeline().zoomAt(anchor / n * 1000, 1000, span / n);
            return null;
        });
        pause(2500);
        shot.writeScene(out);
        onFx(() -> {
            vm.summary().forEach(System.out::println);
            System.out.println(vm.entries().size() + " stretches");
            if (vm.outcomeProperty().get() instanceof org.dancelens.analysis.RunComparison.PoseOutcome p) {
                p.result().pairs().forEach(x -> System.out.printf(java.util.Locale.ROOT, "pair frame %d A #%d B #%d OKS %.3f%n", x.frame(), x.trackA(),
                        x.trackB(), x.oks()));
            }
            return null;
        });
    }
}
