package org.dancelens.ui;

import static org.dancelens.ui.ShotWindow.onFx;
import static org.dancelens.ui.ShotWindow.pause;
import static org.dancelens.ui.ShotWindow.waitFor;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TabPane;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;
import org.dancelens.movement.KinematicsResult;
import org.dancelens.ui.movement.MovementViewModel;

/**
 * Makes the README's picture of the Movement tab: the real window (under Xvfb) on a video with a stored pose run, the
 * Movement tab with its table, the video calibrated from the line between a dancer's nose and the middle of their
 * ankles at the frame shown (marked as a user would, with the Calibrate… action, taken as {@code METRES}), the chosen
 * measures of that dancer (the one measured in most frames unless given) as timeline lanes. The window's scene is
 * written as PNG and the table printed. Not a test.
 *
 * <pre>java -cp target/test-classes:target/classes:CP org.dancelens.ui.MovementShot OUT.png 1280x720 VIDEO FRAME METRES MEASURE[,MEASURE] [TRACK]</pre>
 */
public final class MovementShot {
    private MovementShot() {
    }

    public static void main(String[] args) throws Exception {
        ShotWindow.main(args, 6, "MovementShot OUT.png WIDTHxHEIGHT VIDEO FRAME METRES MEASURE[,MEASURE] [TRACK]", a -> {
            try {
                run(a);
            } catch (Exception | Error e) {
                e.printStackTrace(); // ShotWindow exits in its finally
                throw e;
            }
        });
    }

    /** The line from the dancer's nose to the middle of their ankles, when all three score 0.3 or more; null otherwise. */
    private static double[] seen(List<Pose> frame, int track) {
        for (Pose p : frame) {
            if (p.trackId() == track) {
                Keypoint nose = p.keypoints().get(p.schema().index("nose"));
                Keypoint la = p.keypoints().get(p.schema().index("left_ankle"));
                Keypoint ra = p.keypoints().get(p.schema().index("right_ankle"));
                if (nose.score() >= 0.3 && la.score() >= 0.3 && ra.score() >= 0.3) {
                    return new double[] {nose.x(), nose.y(), (la.x() + ra.x()) / 2.0, (la.y() + ra.y()) / 2.0};
                }
            }
        }
        return null;
    }

    private static void run(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int frame = Integer.parseInt(args[3]);
        String metres = args[4];
        List<String> measures = Arrays.asList(args[5].split(","));
        ShotWindow shot = ShotWindow.open(args[1], Path.of(args[2]));
        MainWindow w = shot.window;
        shot.waitForVideo(true);
        onFx(() -> {
            TabPane side = (TabPane) shot.stage.getScene().lookup(".tab-pane");
            side.getSelectionModel().select(side.getTabs().stream().filter(t -> "movement-tab".equals(t.getId())).findFirst().orElseThrow());
            SplitPane split = (SplitPane) shot.stage.getScene().lookup(".split-pane");
            split.setDividerPositions(0.56); // the side panel wider, as a user would for a table
            return null;
        });
        MovementViewModel vm = w.movement();
        waitFor("the dancers measured", () -> !vm.rows().isEmpty() && !vm.runningProperty().get());
        // the dancer: given, or the one with the most values of the first measure; the frame: the one given, or the
        // nearest where that dancer's nose and ankles are seen
        int track = args.length > 6 ? Integer.parseInt(args[6]) : onFx(() -> vm.shown().dancers().stream()
                .max(java.util.Comparator.comparingLong(d -> Arrays.stream(d.values(measures.get(0))).filter(Double::isFinite).count()))
                .orElseThrow().trackId());
        java.util.Map<Integer, List<Pose>> poses = onFx(() -> w.workbench().session().posesProperty().get().smoothed());
        int shown = poses.keySet().stream().filter(f -> seen(poses.get(f), track) != null)
                .min(java.util.Comparator.comparingInt(f -> Math.abs(f - frame))).orElseThrow(() -> new IllegalStateException("dancer " + track
                        + " never shows nose and ankles"));
        shot.seek(shown);
        double[] line = seen(poses.get(shown), track);
        onFx(() -> {
            vm.startMarking();
            w.player().pick(line[0], line[1]); // what the player view does with a click on the video
            w.player().pick(line[2], line[3]);
            vm.knownMetresProperty().set(metres);
            if (!vm.applyMarked()) {
                throw new IllegalStateException(vm.calibrationProblemProperty().get());
            }
            vm.laneDancerProperty().set(track);
            vm.chosenMeasures().setAll(measures);
            return null;
        });
        onFx(() -> { // the timeline zoomed to frames 170-410 (the analysed ones and a little more)
            var tl = w.timeline();
            double n = tl.frameCountProperty().get();
            double factor = 240 / n;
            tl.zoomAt(170 / (1 - factor) / n * 1000, 1000, factor);
            return null;
        });
        waitFor("the dancers measured in metres", () -> !vm.rows().isEmpty() && !vm.runningProperty().get()
                && w.timeline().measuresProperty().get() != null);
        pause(2500);
        shot.writeScene(out);
        onFx(() -> {
            System.out.println("dancer for the lanes: " + track + ", frame " + shown + "; calibration line " + Arrays.toString(line) + " = " + metres + " m");
            System.out.println(vm.calibrationTextProperty().get());
            System.out.println(vm.statusProperty().get());
            StringBuilder head = new StringBuilder("dancer");
            vm.columns().forEach(c -> head.append(" | ").append(c.header()));
            System.out.println(head);
            vm.rows().forEach(r -> System.out.println(r.dancer() + " | " + String.join(" | ", r.cells())));
            w.timeline().measuresProperty().get().lanes().forEach(l -> System.out.printf("lane %s (%s): %.4g to %.4g%n", l.name(), l.unit(), l.min(), l.max()));
            return null;
        });
    }
}
