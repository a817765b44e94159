package org.dancelens.ui;

import static org.dancelens.ui.ShotWindow.onFx;
import static org.dancelens.ui.ShotWindow.pause;
import static org.dancelens.ui.ShotWindow.waitFor;

import java.nio.file.Path;
import javafx.scene.control.SplitPane;
import org.dancelens.ui.timeline.TimelineViewModel;

/**
 * The picture of the timeline's audio lane ({@code assets/timeline-audio.png}): the video with music opened, its music
 * analysed, its stored pose run on display with each dancer's kinematic beats and beat alignment score, the timeline
 * given half of the window and zoomed to frames FROM–TO, the pointer over the onset lane on the beat nearest frame HOVER. Not a test:
 * run by hand (README, "Screenshots"), then look at it.
 */
final class AudioLaneShot {
    private AudioLaneShot() {
    }

    public static void main(String[] args) throws Exception {
        ShotWindow.main(args, 6, "AudioLaneShot OUT.png WIDTHxHEIGHT VIDEO FROM TO HOVER", AudioLaneShot::run);
    }

    private static void run(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int from = Integer.parseInt(args[3]);
        int to = Integer.parseInt(args[4]);
        int hover = Integer.parseInt(args[5]);
        ShotWindow shot = ShotWindow.open(args[1], Path.of(args[2]));
        MainWindow w = shot.window;
        shot.waitForVideo(true);
        waitFor("the music", () -> w.timeline().audioProperty().get() != null && w.timeline().audioProperty().get().hasMusic());
        waitFor("the dancers' beats", () -> !w.timeline().dancerBeatsProperty().get().isEmpty());
        onFx(() -> {
            SplitPane box = (SplitPane) shot.stage.getScene().lookup(".session");
            box.setDividerPositions(0.5);
            return null;
        });
        shot.seek(hover);
        onFx(() -> { // the frames FROM–TO across the timeline, as a wheel would zoom them
            TimelineViewModel tl = w.timeline();
            int n = tl.frameCountProperty().get();
            double span = to - from;
            double anchor = from / (1 - span / n);
            tl.zoomAt(anchor / n * 1000, 1000, span / n);
            return null;
        });
        pause(1500);
        javafx.scene.canvas.Canvas c = onFx(() -> (javafx.scene.canvas.Canvas) shot.stage.getScene().lookup(".timeline-canvas"));
        onFx(() -> { // the pointer over the onset lane (the last lane of the group), on the beat nearest frame HOVER
            TimelineViewModel tl = w.timeline();
            double plot = c.getWidth() - org.dancelens.ui.timeline.TimelineView.LABEL_W;
            double beat = java.util.Arrays.stream(tl.audioProperty().get().beats()).boxed()
                    .min(java.util.Comparator.comparingDouble(b -> Math.abs(b - hover))).orElse(hover + 0.5);
            javafx.geometry.Point2D p = c.localToScene(org.dancelens.ui.timeline.TimelineView.LABEL_W + tl.xOf(beat, plot), c.getHeight() - 30);
            double x = p.getX();
            double y = p.getY();
            javafx.event.Event.fireEvent(c, new javafx.scene.input.MouseEvent(javafx.scene.input.MouseEvent.MOUSE_MOVED, x, y, x, y,
                    javafx.scene.input.MouseButton.NONE, 0, false, false, false, false, false, false, false, false, false, false, null));
            return null;
        });
        pause(1500);
        shot.writeScene(out);
        onFx(() -> {
            var a = w.timeline().audioProperty().get();
            System.out.println(a.title());
            w.timeline().dancerBeatsProperty().get().values().forEach(b -> System.out.printf(java.util.Locale.ROOT, "#%d BAS %.3f, %d kinematic beats%n",
                    b.trackId(), b.score(), b.beats().length));
            w.timeline().hoverLinesProperty().get().forEach(System.out::println);
            return null;
        });
    }
}
