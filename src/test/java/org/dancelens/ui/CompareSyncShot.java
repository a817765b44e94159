package org.dancelens.ui;

import static org.dancelens.ui.ShotWindow.onFx;
import static org.dancelens.ui.ShotWindow.pause;
import static org.dancelens.ui.ShotWindow.shows;
import static org.dancelens.ui.ShotWindow.waitFor;

import java.nio.file.Path;
import org.dancelens.ui.player.PlayerViewModel;
import org.dancelens.ui.player.SyncViewModel;

/**
 * Makes the README's pictures of File ▸ Compare with Video…: the real window (real toolkit, under Xvfb) with two
 * videos, sync points set on each, linked and stepped together; then B superposed over A at half opacity. The screen under
 * the window is captured as it is drawn. Not a test: run by hand (README, "Screenshots"), then look at the pictures.
 *
 * <pre>java -cp target/test-classes:target/classes:CP org.dancelens.ui.CompareSyncShot OUTDIR 1280x720 A B SYNC_A SYNC_B STEPS</pre>
 * writes OUTDIR/compare-sync.png and OUTDIR/compare-superposed.png.
 */
public final class CompareSyncShot {
    private CompareSyncShot() {
    }

    public static void main(String[] args) throws Exception {
        ShotWindow.main(args, 7, "CompareSyncShot OUTDIR WIDTHxHEIGHT A B SYNC_A SYNC_B STEPS", CompareSyncShot::run);
    }

    private static void run(String[] args) throws Exception {
        Path outDir = Path.of(args[0]);
        Path b = Path.of(args[3]);
        int syncA = Integer.parseInt(args[4]);
        int syncB = Integer.parseInt(args[5]);
        int steps = Integer.parseInt(args[6]);
        ShotWindow shot = ShotWindow.open(args[1], Path.of(args[2]));
        shot.waitForVideo(false);
        SyncViewModel sync = shot.syncWith(b, syncA, syncB);
        PlayerViewModel pa = sync.playerA();
        PlayerViewModel pb = sync.playerB();
        onFx(() -> {
            pa.step(steps);
            return null;
        });
        int expectA = syncA + steps;
        int expectB = sync.clock().seek(org.dancelens.video.SyncClock.Side.A, expectA).b();
        waitFor("the linked step", () -> shows(pa, expectA) && shows(pb, expectB));
        pause(2500);
        shot.writeScreen(outDir.resolve("compare-sync.png"));
        onFx(() -> {
            sync.superposedProperty().set(true);
            sync.opacityProperty().set(0.5);
            return null;
        });
        pause(2500);
        shot.writeScreen(outDir.resolve("compare-superposed.png"));
    }

}
