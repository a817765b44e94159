package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.beans.value.ObservableValue;
import javafx.stage.Stage;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.ui.session.OverlaySettings;
import org.dancelens.ui.session.VideoSession;
import org.dancelens.video.PatternVideoWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Opening and closing 50 videos in one window leaks nothing: every closed session (with its player, timeline and
 * views) can be collected, the listeners on objects that outlive a video (the shared overlay settings, the
 * workbench's "video on screen") stay as many as with one video, and the heap stays flat. Prints what it measured.
 */
// IsolatedData first: the window (made in @Start) reads the data and model folders while it is being built
@ExtendWith({IsolatedData.class, ApplicationExtension.class})
class SessionLeakFxTest {
    @TempDir
    Path dir;
    private FxWindow fx;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        fx = new FxWindow(stage, 1000, 700);
        window = fx.window;
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    /** Listeners JavaFX holds on an observable value (its private ExpressionHelper), read by reflection. */
    static int listeners(ObservableValue<?> value) throws Exception {
        Object helper = null;
        for (Class<?> c = value.getClass(); c != null && helper == null; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getName().equals("helper")) {
                    f.setAccessible(true);
                    helper = f.get(value);
                }
            }
        }
        if (helper == null) {
            return 0;
        }
        String kind = helper.getClass().getSimpleName();
        if (kind.startsWith("Single")) {
            return 1;
        }
        int n = 0;
        for (String size : new String[] {"invalidationSize", "changeSize"}) {
            Field f = helper.getClass().getDeclaredField(size);
            f.setAccessible(true);
            n += f.getInt(helper);
        }
        return n;
    }

    static int sharedListeners(OverlaySettings o, WorkbenchViewModel wb) throws Exception {
        return listeners(o.showSkeletonsProperty()) + listeners(o.showBoxesProperty()) + listeners(o.showMasksProperty())
                + listeners(o.useSmoothedProperty()) + listeners(o.minConfidenceProperty()) + listeners(o.boneWidthProperty())
                + listeners(o.colorMapProperty()) + listeners(o.heatOpacityProperty()) + listeners(o.followStoredMapsProperty())
                + listeners(wb.sessionProperty());
    }

    static long usedHeapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    @Test
    void openingAndClosingFiftyVideosLeavesNothingBehind(FxRobot robot) throws Exception {
        Path original = TestMedia.generated("leak-160x120.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 160, 120, 40, 25).gop(10));
        List<Path> videos = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            videos.add(Files.copy(original, dir.resolve(String.format(Locale.ROOT, "dance-%02d.mkv", i))));
        }
        WorkbenchViewModel wb = window.workbench();
        OverlaySettings overlay = wb.overlay();
        List<WeakReference<VideoSession>> closed = new ArrayList<>();
        // the players too: their views (and the views' drawing timers) hold them, not the sessions
        List<WeakReference<Object>> players = new ArrayList<>();
        long[] scopes = new long[51];
        int[] shared = new int[51];
        long heapAfter10 = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            Path v = videos.get(i);
            VideoSession before = wb.session();
            robot.interact(() -> wb.open(v));
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> wb.session() != null && wb.session().video().equals(v) && fx.shownIndex() == 0);
            robot.interact(() -> window.player().seek(20)); // decode some frames: they must go when the video goes
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> fx.shownIndex() == 20);
            if (before != null) {
                closed.add(new WeakReference<>(before));
                players.add(new WeakReference<>(before.player()));
            }
            if (i % 2 == 1) { // every other video is closed from the menu's command, the others replaced by the next one
                VideoSession s = wb.session();
                robot.interact(wb::closeActive);
                closed.add(new WeakReference<>(s));
                players.add(new WeakReference<>(s.player()));
                assertThat(wb.sessions()).isEmpty();
            }
            WaitForAsyncUtils.waitForFxEvents();
            int at = i + 1;
            robot.interact(() -> {
                scopes[at] = ListenerScope.live();
                try {
                    shared[at] = sharedListeners(overlay, wb);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            if (at == 10) {
                heapAfter10 = usedHeapAfterGc();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long heapAfter50 = usedHeapAfterGc();
        long cleared = closed.stream().filter(r -> r.get() == null).count();
        long playersCleared = players.stream().filter(r -> r.get() == null).count();
        System.out.printf(Locale.ROOT, "50 videos opened and closed in one window in %.1f s: closed sessions collected %d of %d, their players %d;"
                        + " listener-scope registrations after 1, 2, 10, 49, 50 videos: %d, %d, %d, %d, %d; listeners on shared objects: %d, %d, %d, %d, %d;"
                        + " used heap after GC: %.1f MB after 10 videos, %.1f MB after 50%n", seconds, cleared, closed.size(), playersCleared, scopes[1], scopes[2],
                scopes[10], scopes[49], scopes[50], shared[1], shared[2], shared[10], shared[49], shared[50], heapAfter10 / 1e6, heapAfter50 / 1e6);
        // The same with one video open (odd counts) and none (even counts), whatever came before.
        assertThat(scopes[49]).isEqualTo(scopes[1]);
        assertThat(scopes[50]).isEqualTo(scopes[2]);
        assertThat(shared[49]).isEqualTo(shared[1]);
        assertThat(shared[50]).isEqualTo(shared[2]);
        assertThat(cleared).as("every closed session can be collected").isEqualTo(closed.size());
        assertThat(playersCleared).as("every closed video's player (and so its views) can be collected").isEqualTo(players.size());
        // 40 decoded 160 x 120 frames are 3 MB a video: a leak of frames over 40 videos would add 120 MB.
        assertThat(heapAfter50 - heapAfter10).as("heap growth from 10 to 50 videos").isLessThan(32L << 20);
    }
}
