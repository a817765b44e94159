package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.ListChangeListener;
import org.dancelens.movement.Kinematics;
import org.dancelens.movement.KinematicsResult;
import org.dancelens.movement.Track;
import org.dancelens.testsupport.IsolatedData;
import org.dancelens.ui.movement.MovementViewModel;
import org.dancelens.ui.session.VideoSession;
import org.dancelens.ui.timeline.TimelineViewModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Movement panel without a window: the dancers of the pose run on display measured in the background (the numbers
 * of {@link Kinematics#measure} on the same poses), gaps shown as gaps, chosen measures as timeline lanes on the
 * video's frames, a calibration marked on the video turning pixels into metres by its exact factor, and a change of
 * pose run clearing what was shown before the new numbers arrive. Poses of known motion ({@link MovementFixture}).
 */
class MovementViewModelTest {
    static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    final IsolatedData data = new IsolatedData();

    UiHarness h;
    MovementViewModel vm;
    Path video;

    @BeforeEach
    void setUp() {
        h = new UiHarness();
        vm = new MovementViewModel(h.tasks, h.dialogs, h.workbench.sessionProperty(), MovementViewModel.Calibrations.inMemory());
        video = MovementFixture.video();
    }

    @AfterEach
    void tearDown() throws Exception {
        h.close();
    }

    private static KinematicsResult expected(int track, double rate, boolean withB) {
        return Kinematics.measure(Track.of(MovementFixture.poses(track, rate, withB), MovementFixture.times(), MovementViewModel.MIN_SCORE),
                Kinematics.Options.DEFAULT);
    }

    /**
     * The 95th minus the 5th percentile (Hyndman–Fan 7: linear between order statistics at (n − 1) p) of the left
     * elbow's angle START + rate · t over the frames where the wrist is seen.
     */
    private static double robustRange(double rate) {
        List<Double> x = new ArrayList<>();
        for (int f = 0; f < MovementFixture.FRAMES; f++) {
            if (f < MovementFixture.GAP_FROM || f >= MovementFixture.GAP_TO) {
                x.add(MovementFixture.START_DEG + rate * f / MovementFixture.FPS);
            }
        }
        java.util.function.DoubleUnaryOperator q = p -> {
            double hh = (x.size() - 1) * p;
            int lo = (int) Math.floor(hh);
            return x.get(lo) + (hh - lo) * (x.get(Math.min(lo + 1, x.size() - 1)) - x.get(lo));
        };
        return q.applyAsDouble(0.95) - q.applyAsDouble(0.05);
    }

    private String cell(MovementViewModel.Row row, String key) {
        int k = vm.columns().stream().map(MovementViewModel.Column::key).toList().indexOf(key);
        assertThat(k).as("column " + key).isNotNegative();
        return row.cells().get(k);
    }

    private String header(String key) {
        return vm.columns().stream().filter(c -> c.key().equals(key)).findFirst().orElseThrow().header();
    }

    private VideoSession openWithRows(int dancers) {
        VideoSession s = h.open(video);
        h.pumpUntil(() -> vm.rows().size() == dancers && !vm.runningProperty().get(), WAIT);
        return s;
    }

    @Test
    void everyDancerGetsARowWithTheNumbersOfKinematicsAndGapsAsDashes() {
        long run = MovementFixture.storeRun(video, "movenet-lightning", 45, true);
        openWithRows(2);
        assertThat(vm.rows()).extracting(MovementViewModel.Row::track).containsExactly(7, 9);
        assertThat(vm.rows()).extracting(MovementViewModel.Row::dancer).containsExactly("movenet-lightning #7", "movenet-lightning #9");
        assertThat(vm.rows()).extracting(MovementViewModel.Row::label).containsExactly("#7", "#9");
        for (MovementViewModel.Row row : vm.rows()) {
            KinematicsResult k = expected(row.track(), row.track() == 7 ? 45 : 0, true);
            assertThat(cell(row, "frames")).isEqualTo(String.valueOf(k.size()));
            for (String key : List.of("mean_com_speed", "p95_speed.left_wrist", "mean_speed.right_wrist", "rom.left_elbow.range", "rom.right_knee.range",
                    "symmetry_rom.elbow", "ldlj.left_wrist", "sparc.left_wrist", "tempo_bpm_median", "stillness_seconds")) {
                assertThat(cell(row, key)).as("%s of dancer %d", key, row.track()).isEqualTo(MovementViewModel.cell(k.summary().get(key)));
            }
        }
        MovementViewModel.Row a = vm.rows().get(0);
        assertThat(cell(a, "frames")).isEqualTo("60");
        assertThat(cell(vm.rows().get(1), "frames")).isEqualTo("40");
        // the elbow opens from 40° at 45°/s: its robust range of motion, 95th minus 5th percentile of the seen frames' angles
        assertThat(Double.parseDouble(cell(a, "rom.left_elbow.range"))).isCloseTo(robustRange(45), within(0.05));
        // the wrist's gap splits its speed into two stretches under a second each: no smoothness, shown as a dash, not 0
        assertThat(expected(7, 45, true).summary().get("sparc.left_wrist")).isNaN();
        assertThat(cell(a, "sparc.left_wrist")).isEqualTo(MovementViewModel.GAP);
        assertThat(cell(a, "tempo_bpm_median")).isEqualTo(MovementViewModel.GAP);
        assertThat(header("mean_speed.left_wrist")).isEqualTo("mean speed, L wrist (px/s)");
        assertThat(header("rom.left_elbow.range")).isEqualTo("range of motion (p5–p95), L elbow (deg)");
        assertThat(vm.measures()).contains("angle.left_elbow", "speed.left_wrist", "com_speed", "energy");
        assertThat(vm.dancers()).extracting(MovementViewModel.Dancer::track).containsExactly(MovementViewModel.ALL_DANCERS, 7, 9);
        assertThat(vm.statusProperty().get()).isEqualTo("2 dancers of pose run " + run + " (movenet-lightning) measured, lengths in px.");
    }

    @Test
    void chosenMeasuresAreLanesOnTheVideosFramesWithGapsAsNaN() {
        MovementFixture.storeRun(video, "movenet-lightning", 45, true);
        VideoSession s = openWithRows(2);
        TimelineViewModel tl = s.timeline();
        // no lane until one is chosen (the timeline stays the poses' and the music's)
        assertThat(tl.measuresProperty().get()).isNull();
        vm.chosenMeasures().setAll("com_speed");
        assertThat(tl.measuresProperty().get().lanes()).extracting(TimelineViewModel.MeasureLane::name)
                .containsExactly("movenet-lightning #7 com_speed", "movenet-lightning #9 com_speed");
        vm.chosenMeasures().setAll("angle.left_elbow");
        List<TimelineViewModel.MeasureLane> lanes = tl.measuresProperty().get().lanes();
        assertThat(lanes).extracting(TimelineViewModel.MeasureLane::track).containsExactly(7, 9);
        TimelineViewModel.MeasureLane a = lanes.get(0);
        assertThat(a.unit()).isEqualTo("deg");
        assertThat(a.values()).hasSize(MovementFixture.FRAMES);
        for (int f = 0; f < MovementFixture.FRAMES; f++) {
            if (f >= MovementFixture.GAP_FROM && f < MovementFixture.GAP_TO) {
                assertThat(a.values()[f]).as("frame %d: the unseen wrist is a gap", f).isNaN();
            } else {
                assertThat((double) a.values()[f]).as("frame %d", f).isCloseTo(MovementFixture.START_DEG + 45.0 * f / MovementFixture.FPS, within(0.01));
            }
        }
        assertThat(a.min()).isCloseTo(40, within(0.01));
        assertThat(a.max()).isCloseTo(40 + 45 * 59 / 30.0, within(0.01));
        TimelineViewModel.MeasureLane b = lanes.get(1);
        for (int f = 0; f < MovementFixture.FRAMES; f++) {
            boolean in = f >= MovementFixture.TRACK_B_FROM && f < MovementFixture.TRACK_B_TO && (f < MovementFixture.GAP_FROM || f >= MovementFixture.GAP_TO);
            assertThat(Float.isNaN(b.values()[f])).as("dancer 9, frame %d", f).isEqualTo(!in);
        }
        // one dancer: only its lanes; the chooser's switch follows the list
        vm.laneDancerProperty().set(9);
        assertThat(tl.measuresProperty().get().lanes()).extracting(TimelineViewModel.MeasureLane::track).containsExactly(9);
        assertThat(vm.chosenProperty("angle.left_elbow").get()).isTrue();
        vm.chosenProperty("speed.left_wrist").set(true);
        assertThat(vm.chosenMeasures()).containsExactly("angle.left_elbow", "speed.left_wrist");
        assertThat(tl.measuresProperty().get().lanes()).extracting(TimelineViewModel.MeasureLane::unit).containsExactly("deg", "px/s");
        // hover: the value with its unit at the frame under the pointer
        vm.laneDancerProperty().set(7);
        vm.chosenMeasures().setAll("angle.left_elbow");
        tl.hoverAt(30.5, MovementFixture.FRAMES); // frame 30: the gap
        assertThat(tl.hoverLinesProperty().get()).contains("movenet-lightning #7 angle.left_elbow: no value");
        tl.hoverAt(12.5, MovementFixture.FRAMES);
        assertThat(tl.hoverLinesProperty().get()).contains("movenet-lightning #7 angle.left_elbow 58.0 deg");
    }

    @Test
    void aLengthMarkedOnTheVideoTurnsPixelsIntoMetresByItsExactFactor() {
        MovementFixture.storeRun(video, "movenet-lightning", 45, true);
        VideoSession s = openWithRows(2);
        vm.chosenMeasures().setAll("com_speed");
        double[] px = vm.shown().dancers().get(0).values("speed.left_wrist");
        String pxCell = cell(vm.rows().get(0), "mean_speed.left_wrist");
        assertThat(vm.calibrationTextProperty().get()).isEqualTo("Not calibrated: lengths and speeds in pixels.");

        vm.startMarking();
        assertThat(s.player().pickerProperty().get()).as("clicks on the video mark points").isNotNull();
        // the view hands the clicks' video pixels to the player: a 300 x 400 line, 500 px long
        assertThat(s.player().pick(100, 100)).isTrue();
        assertThat(s.player().markedProperty().get()).containsExactly(100, 100);
        assertThat(vm.markedPixelsProperty().get()).isNaN();
        s.player().pick(400, 500);
        assertThat(s.player().markedProperty().get()).containsExactly(100, 100, 400, 500);
        assertThat(vm.markedPixelsProperty().get()).isEqualTo(500.0);
        vm.knownMetresProperty().set("x");
        assertThat(vm.applyMarked()).isFalse();
        assertThat(vm.calibrationProblemProperty().get()).isEqualTo("The real length is a number of metres, e.g. 1.70, not \"x\".");
        vm.knownMetresProperty().set("1.70");
        assertThat(vm.applyMarked()).isTrue();
        // the numbers in pixels are gone at once, before those in metres arrive
        assertThat(vm.rows()).isEmpty();
        assertThat(s.timeline().measuresProperty().get()).isNull();
        assertThat(s.player().pickerProperty().get()).as("clicks select dancers again").isNull();
        assertThat(s.player().markedProperty().get()).isNull();
        assertThat(vm.calibrationTextProperty().get()).isEqualTo("1 px = 0.0034 m (from a 500 px line)");
        h.pumpUntil(() -> vm.rows().size() == 2 && !vm.runningProperty().get(), WAIT);
        double factor = 1.70 / 500;
        double[] m = vm.shown().dancers().get(0).values("speed.left_wrist");
        int compared = 0;
        for (int i = 0; i < px.length; i++) {
            if (Double.isNaN(px[i])) {
                assertThat(m[i]).isNaN();
            } else {
                assertThat(m[i]).isCloseTo(px[i] * factor, within(1e-9 * Math.max(1, Math.abs(px[i]))));
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(30);
        assertThat(header("mean_speed.left_wrist")).isEqualTo("mean speed, L wrist (m/s)");
        assertThat(Double.parseDouble(cell(vm.rows().get(0), "mean_speed.left_wrist"))).isCloseTo(Double.parseDouble(pxCell) * factor,
                within(0.01 * Double.parseDouble(pxCell) * factor));
        assertThat(s.timeline().measuresProperty().get().lanes().get(0).unit()).isEqualTo("m/s");
        assertThat(s.timeline().measuresProperty().get().title()).endsWith("lengths in m");

        vm.clearCalibration();
        assertThat(vm.rows()).isEmpty();
        h.pumpUntil(() -> vm.rows().size() == 2 && !vm.runningProperty().get(), WAIT);
        assertThat(cell(vm.rows().get(0), "mean_speed.left_wrist")).isEqualTo(pxCell);
    }

    @Test
    void withThePanelHiddenAndNoLaneChosenANewRunIsMeasuredOnlyWhenThePanelIsShown() throws Exception {
        // the jobs the panel starts, counted
        List<String> measuring = java.util.Collections.synchronizedList(new ArrayList<>());
        h.close();
        h = new UiHarness(inner -> new org.dancelens.core.TaskRunner() {
            @Override
            public <T> Handle submit(String title, Job<T> job, Callbacks<T> callbacks) {
                if (title.equals("Measuring movement")) {
                    measuring.add(title);
                }
                return inner.submit(title, job, callbacks);
            }

            @Override
            public void close() {
                inner.close();
            }
        });
        vm = new MovementViewModel(h.tasks, h.dialogs, h.workbench.sessionProperty(), MovementViewModel.Calibrations.inMemory());
        MovementFixture.storeRun(video, "movenet-lightning", 45, true);
        VideoSession s = openWithRows(2);
        int before = measuring.size();
        vm.panelShownProperty().set(false);
        long second = MovementFixture.storeRun(video, "movenet-thunder", 60, false);
        s.showPoseRun(second);
        h.pumpUntil(() -> vm.statusProperty().get().contains("measured when this panel is shown"), WAIT);
        assertThat(vm.rows()).as("the first run's rows are gone, the second's not measured").isEmpty();
        assertThat(vm.runningProperty().get()).isFalse();
        assertThat(measuring).as("no measuring job while nobody looks").hasSize(before);
        assertThat(s.timeline().measuresProperty().get()).isNull();

        vm.panelShownProperty().set(true);
        h.pumpUntil(() -> vm.rows().size() == 1 && !vm.runningProperty().get(), WAIT);
        assertThat(vm.rows().get(0).dancer()).isEqualTo("movenet-thunder #7");

        // a chosen measure lane is looked at too: with the panel hidden, a new run is measured for it at once
        vm.chosenMeasures().setAll("com_speed");
        vm.panelShownProperty().set(false);
        s.showPoseRun(MovementFixture.storeRun(video, "movenet-lightning", 30, false));
        h.pumpUntil(() -> vm.rows().size() == 1 && vm.rows().get(0).dancer().equals("movenet-lightning #7") && !vm.runningProperty().get()
                && s.timeline().measuresProperty().get() != null, WAIT);
        assertThat(measuring).as("measured for the lane with the panel hidden").hasSize(before + 2);
    }

    @Test
    void anotherPoseRunClearsTheRowsAndLanesBeforeItsOwnArrive() {
        MovementFixture.storeRun(video, "movenet-lightning", 45, true);
        VideoSession s = openWithRows(2);
        vm.chosenMeasures().setAll("com_speed");
        long second = MovementFixture.storeRun(video, "movenet-thunder", 60, false);
        List<Integer> sizes = new ArrayList<>();
        vm.rows().addListener((ListChangeListener<MovementViewModel.Row>) c -> sizes.add(vm.rows().size()));
        List<Boolean> lanesShown = new ArrayList<>();
        s.timeline().measuresProperty().addListener((o, a, b) -> lanesShown.add(b != null));
        s.showPoseRun(second);
        h.pumpUntil(() -> vm.rows().size() == 1 && !vm.runningProperty().get(), WAIT);
        assertThat(sizes).as("cleared, then filled").containsExactly(0, 1);
        assertThat(lanesShown).containsExactly(false, true);
        MovementViewModel.Row row = vm.rows().get(0);
        assertThat(row.dancer()).isEqualTo("movenet-thunder #7");
        assertThat(Double.parseDouble(cell(row, "rom.left_elbow.range"))).isCloseTo(robustRange(60), within(0.05));
        assertThat(cell(row, "rom.left_elbow.range")).isEqualTo(MovementViewModel.cell(expected(7, 60, false).summary().get("rom.left_elbow.range")));
        assertThat(vm.statusProperty().get()).isEqualTo("1 dancer of pose run " + second + " (movenet-thunder) measured, lengths in px.");

        // the video closed: nothing of it stays
        h.workbench.closeActive();
        assertThat(vm.rows()).isEmpty();
        assertThat(vm.statusProperty().get()).isEqualTo("Open a video to measure its dancers' movement.");
    }

    @Test
    void aComparedPoseRunIsMeasuredBesideTheOneOnDisplayAndLeavesWithTheComparison() throws Exception {
        MovementFixture.storeRun(video, "movenet-lightning", 45, true);
        VideoSession s = openWithRows(2);
        long second = MovementFixture.storeRun(video, "movenet-thunder", 60, false);
        org.dancelens.analysis.store.Run b;
        try (org.dancelens.analysis.store.ResultsStore store = org.dancelens.analysis.store.ResultsStore.open(s.storeFile())) {
            b = store.runs().find(second).orElseThrow();
        }
        vm.comparedProperty().set(b); // as the Compare tab sets it while a pose comparison with run B is shown
        h.pumpUntil(() -> vm.rows().size() == 3 && !vm.runningProperty().get(), WAIT);
        assertThat(vm.rows()).extracting(MovementViewModel.Row::dancer)
                .containsExactly("A · movenet-lightning #7", "A · movenet-lightning #9", "B · movenet-thunder #7");
        // B's numbers are those of its own poses: the elbow opening at 60°/s
        MovementViewModel.Row rowB = vm.rows().get(2);
        assertThat(cell(rowB, "rom.left_elbow.range")).isEqualTo(MovementViewModel.cell(expected(7, 60, false).summary().get("rom.left_elbow.range")));
        assertThat(cell(vm.rows().get(0), "rom.left_elbow.range")).isEqualTo(MovementViewModel.cell(expected(7, 45, true).summary().get("rom.left_elbow.range")));
        vm.chosenMeasures().setAll("angle.left_elbow");
        List<TimelineViewModel.MeasureLane> lanes = s.timeline().measuresProperty().get().lanes();
        assertThat(lanes).extracting(TimelineViewModel.MeasureLane::dancer)
                .containsExactly("A · movenet-lightning #7", "A · movenet-lightning #9", "B · movenet-thunder #7");
        assertThat((double) lanes.get(2).values()[10]).isCloseTo(MovementFixture.START_DEG + 60.0 * 10 / MovementFixture.FPS, within(0.01));
        assertThat(s.timeline().measuresProperty().get().title()).contains("and of run B " + second + " (movenet-thunder)");

        vm.comparedProperty().set(null); // the comparison is taken off
        h.pumpUntil(() -> vm.rows().size() == 2 && !vm.runningProperty().get(), WAIT);
        assertThat(vm.rows()).extracting(MovementViewModel.Row::dancer).containsExactly("movenet-lightning #7", "movenet-lightning #9");
        assertThat(vm.shownCompared()).isNull();
    }
}
