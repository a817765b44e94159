package org.dancelens.ui.movement;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javafx.beans.InvalidationListener;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.dancelens.analysis.MovementAnalysis;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.DancerNames;
import org.dancelens.core.TaskRunner;
import org.dancelens.movement.Calibration;
import org.dancelens.movement.KinematicsResult;
import org.dancelens.movement.Stats;
import org.dancelens.ui.DialogService;
import org.dancelens.ui.Failures;
import org.dancelens.ui.session.VideoSession;
import org.dancelens.ui.timeline.TimelineViewModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Movement panel: the kinematics of every dancer of the pose run on display ({@link MovementAnalysis#kinematics},
 * the code {@code dancelens kinematics} runs), measured in the background whenever the video or its pose run changes —
 * the table and lanes of the run before are cleared first, so numbers of another run are never on screen. A summary
 * row per dancer, the measures chosen as timeline lanes (for all dancers or one), and a calibration of the video (two
 * points marked on the frame and their real length) that turns pixels into metres.
 */
public final class MovementViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(MovementViewModel.class);
    /** Joints scoring under this are gaps (the command line's default). */
    public static final double MIN_SCORE = 0.3;
    /** The dancer chooser's entry for every dancer. */
    public static final int ALL_DANCERS = -1;
    /** A value that could not be measured, in the table. */
    public static final String GAP = "—";
    /** The measures shown as lanes until the user chooses others. */
    public static final List<String> DEFAULT_LANES = List.of();

    /**
     * A video's calibration as kept: its scale and the length of the line it was marked from.
     *
     * @param calibration metres per pixel
     * @param linePixels  the marked line's length in video pixels
     */
    public record Kept(Calibration calibration, double linePixels) {
    }

    /** Where each video's calibration is kept between sessions. */
    public interface Calibrations {
        /** The video's calibration, or null. */
        Kept get(Path video);

        /** Keeps the video's calibration (null: forgets it). */
        void put(Path video, Kept calibration);

        /** Kept in memory only (tests, a workbench without a settings file). */
        static Calibrations inMemory() {
            Map<Path, Kept> m = new ConcurrentHashMap<>();
            return new Calibrations() {
                @Override
                public Kept get(Path video) {
                    return m.get(video.toAbsolutePath());
                }

                @Override
                public void put(Path video, Kept c) {
                    if (c == null) {
                        m.remove(video.toAbsolutePath());
                    } else {
                        m.put(video.toAbsolutePath(), c);
                    }
                }
            };
        }
    }

    /** A column of the summary table: the summary number it shows (or "frames"), and its header with the unit. */
    public record Column(String key, String header) {
        /** The header in short lines for a narrow column: what, of which joint, and the unit ("mean speed\nL wrist\n(px/s)"). */
        public String lines() {
            return header.replace(", ", "\n").replace(" (", "\n(");
        }
    }

    /**
     * A dancer's row: the identity, its name ("movenet-multipose #3"), and one text per column ({@link #GAP} where there
     * is no value).
     */
    public record Row(int track, String dancer, List<String> cells) {
        public Row {
            cells = List.copyOf(cells);
        }

        /** The identity as the table shows it ("#3"; the status line names the run's model). */
        public String label() {
            return "#" + track;
        }
    }

    /** An entry of the dancer chooser: a dancer, or {@link #ALL_DANCERS}. */
    public record Dancer(int track, String name) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** The summary columns: key, what the header says, and which series gives the unit ("" none, "deg", "%"... as is). */
    private record Spec(String key, String label, String unitOf) {
    }

    private static final List<Spec> SPECS = List.of(
            new Spec("frames", "frames", ""),
            new Spec("mean_com_speed", "mean speed, CoM", "series:com_speed"),
            new Spec("p95_speed.left_wrist", "peak speed (p95), L wrist", "series:speed.left_wrist"),
            new Spec("p95_speed.right_wrist", "peak speed (p95), R wrist", "series:speed.right_wrist"),
            new Spec("mean_speed.left_wrist", "mean speed, L wrist", "series:speed.left_wrist"),
            new Spec("mean_speed.right_wrist", "mean speed, R wrist", "series:speed.right_wrist"),
            new Spec("rom.left_elbow.range", "range of motion (p5–p95), L elbow", "deg"),
            new Spec("rom.right_elbow.range", "range of motion (p5–p95), R elbow", "deg"),
            new Spec("rom.left_knee.range", "range of motion (p5–p95), L knee", "deg"),
            new Spec("rom.right_knee.range", "range of motion (p5–p95), R knee", "deg"),
            new Spec("symmetry_rom.elbow", "symmetry index, elbow ROM", "%"),
            new Spec("symmetry_rom.knee", "symmetry index, knee ROM", "%"),
            new Spec("ldlj.left_wrist", "LDLJ, L wrist", ""),
            new Spec("ldlj.right_wrist", "LDLJ, R wrist", ""),
            new Spec("sparc.left_wrist", "SPARC, L wrist", ""),
            new Spec("sparc.right_wrist", "SPARC, R wrist", ""),
            new Spec("energy", "mean energy", "series:energy"),
            new Spec("tempo_bpm_median", "movement tempo", "BPM"),
            new Spec("stillness_seconds", "still", "s"));

    private final TaskRunner tasks;
    private final DialogService dialogs;
    private final Calibrations calibrations;
    private final ObservableList<Column> columns = FXCollections.observableArrayList();
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final ObservableList<String> measures = FXCollections.observableArrayList();
    private final ObservableList<String> chosenMeasures = FXCollections.observableArrayList(DEFAULT_LANES);
    private final ObservableList<Dancer> dancers = FXCollections.observableArrayList();
    private final IntegerProperty laneDancer = new SimpleIntegerProperty(ALL_DANCERS);
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper calibrationText = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper calibrated = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper marking = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyDoubleWrapper markedPixels = new ReadOnlyDoubleWrapper(Double.NaN);
    private final ReadOnlyStringWrapper markText = new ReadOnlyStringWrapper("");
    private final StringProperty knownMetres = new SimpleStringProperty("1.70");
    private final ReadOnlyStringWrapper calibrationProblem = new ReadOnlyStringWrapper("");

    /** The read-only views handed out (one object each: a listener added to one lives as long as this). */
    private final ObservableList<Column> columnsView = FXCollections.unmodifiableObservableList(columns);
    private final ObservableList<Row> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ObservableList<String> measuresView = FXCollections.unmodifiableObservableList(measures);
    private final ObservableList<Dancer> dancersView = FXCollections.unmodifiableObservableList(dancers);

    private final Map<String, javafx.beans.property.BooleanProperty> chosen = new java.util.HashMap<>();
    private VideoSession session;
    /** The results on screen (null while measuring or when there is nothing to measure) and the video's frame count. */
    private MovementAnalysis.KinematicsRun shown;
    private int frames;
    private TaskRunner.Handle job;
    /** Whether the panel is on screen (bound to its tab by the window; true where there is no tab, e.g. in tests). */
    private final javafx.beans.property.BooleanProperty panelShown = new javafx.beans.property.SimpleBooleanProperty(true);
    /** A measurement put off while nobody looked at it. */
    private boolean deferred;
    /** Counts measurements: the result of one a later one replaced is dropped. */
    private long generation;
    private final List<double[]> points = new ArrayList<>();
    /** The pose run compared with the one on display (the Compare tab's run B), or null: measured beside it. */
    private final javafx.beans.property.ObjectProperty<org.dancelens.analysis.store.Run> compared = new javafx.beans.property.SimpleObjectProperty<>();
    /** The compared run's measures on screen (null: none). */
    private MovementAnalysis.KinematicsRun shownB;
    private final ChangeListener<VideoSession.PoseResults> onPoses = (o, a, b) -> measure();

    public MovementViewModel(TaskRunner tasks, DialogService dialogs, ObservableValue<VideoSession> session, Calibrations calibrations) {
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.calibrations = calibrations;
        session.addListener((o, a, b) -> follow(b));
        chosenMeasures.addListener((ListChangeListener<String>) c -> {
            chosen.forEach((m, p) -> p.set(chosenMeasures.contains(m)));
            showLanes();
        });
        panelShown.addListener((o, was, now) -> {
            if (now && deferred) {
                measure();
            }
        });
        laneDancer.addListener((InvalidationListener) o -> showLanes());
        compared.addListener((o, a, b) -> {
            if (a == null ? b != null : b == null || a.id() != b.id()) {
                measure();
            }
        });
        columns.setAll(headers(null));
        follow(session.getValue());
    }

    /**
     * Whether the panel is on screen: while it is not and no measure lane is chosen, a new pose run on display is not
     * measured (its old results are cleared) until the panel is shown again.
     */
    public javafx.beans.property.BooleanProperty panelShownProperty() {
        return panelShown;
    }

    /** The panel now works on another video (or none): its own pose run is measured. */
    private void follow(VideoSession s) {
        if (session != null) {
            session.posesProperty().removeListener(onPoses);
            stopMarking();
            session.timeline().setMeasures(null); // not followed any more: a later change of its run would leave them stale
        }
        session = s;
        if (s != null) {
            s.posesProperty().addListener(onPoses);
        }
        describeCalibration();
        measure();
    }

    /**
     * Measures the pose run on display of the video, in the background; what was on screen is cleared first, and a
     * measurement under way is cancelled (its result would be of another run or calibration).
     */
    public void measure() {
        if (job != null) {
            job.cancel();
            job = null;
        }
        long gen = ++generation;
        deferred = false;
        shown = null;
        shownB = null;
        rows.clear();
        dancers.clear();
        measures.clear();
        if (session != null) {
            session.timeline().setMeasures(null);
        }
        VideoSession s = session;
        VideoSession.PoseResults poses = s == null ? null : s.posesProperty().get();
        if (s == null || poses == null) {
            running.set(false);
            status.set(s == null ? "Open a video to measure its dancers' movement."
                    : "No pose run is on display for " + s.name() + ": analyse its poses in the Poses tab, and their movement is measured here.");
            return;
        }
        if (!panelShown.get() && chosenMeasures.isEmpty()) {
            // nobody looks: neither the panel nor a measure lane; measured when the panel is shown
            deferred = true;
            running.set(false);
            status.set("The movement of pose run " + poses.runId() + " is measured when this panel is shown.");
            return;
        }
        Kept kept = calibrations.get(s.video());
        Calibration cal = kept == null ? null : kept.calibration();
        Path storeFile = s.storeFile();
        int videoFrames = s.player().frameCount();
        running.set(true);
        status.set("Measuring the movement of pose run " + poses.runId() + "…");
        org.dancelens.analysis.store.Run b = compared.get() != null && compared.get().id() != poses.runId() ? compared.get() : null;
        job = tasks.submit("Measuring movement", ctx -> {
            try (ResultsStore store = ResultsStore.open(storeFile)) {
                MovementAnalysis.KinematicsRun a = MovementAnalysis.kinematics(store, poses.run(), MIN_SCORE, cal,
                        b == null ? ctx : ctx.scaled(0, 0.5, "A: "));
                MovementAnalysis.KinematicsRun kb = b == null ? null : MovementAnalysis.kinematics(store, b, MIN_SCORE, cal, ctx.scaled(0.5, 1, "B: "));
                return new MovementAnalysis.KinematicsRun[] {a, kb};
            }
        }, new TaskRunner.Callbacks<MovementAnalysis.KinematicsRun[]>() {
            @Override
            public void progress(double fraction, String message) {
                if (gen == generation) {
                    status.set("Measuring the movement of pose run " + poses.runId() + ": " + message + "…");
                }
            }

            @Override
            public void succeeded(MovementAnalysis.KinematicsRun[] k) {
                if (gen == generation && !s.isClosed()) {
                    job = null;
                    running.set(false);
                    shownB = k[1];
                    show(k[0], videoFrames, poses.modelId());
                }
            }

            @Override
            public void failed(DanceLensException e) {
                if (gen != generation) {
                    return;
                }
                job = null;
                running.set(false);
                if (e.kind() == DanceLensException.Kind.CANCELLED) {
                    status.set("Cancelled.");
                    return;
                }
                status.set(Failures.logged(LOG, "Measuring the movement of " + s.name(), e));
                dialogs.reportError("Movement · " + s.name(), status.get());
            }
        });
    }

    private void show(MovementAnalysis.KinematicsRun k, int videoFrames, String model) {
        shown = k;
        frames = videoFrames;
        KinematicsResult first = k.dancers().isEmpty() ? null : k.dancers().get(0);
        columns.setAll(headers(first));
        List<Row> list = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        List<Dancer> ds = new ArrayList<>();
        ds.add(new Dancer(ALL_DANCERS, "all dancers"));
        String prefix = shownB == null ? "" : "A · ";
        for (KinematicsResult d : k.dancers()) {
            list.add(new Row(d.trackId(), prefix + DancerNames.dancer(model, d.trackId()), cells(d)));
            names.addAll(d.names());
            ds.add(new Dancer(d.trackId(), prefix + DancerNames.dancer(model, d.trackId())));
        }
        if (shownB != null) {
            // the compared run's dancers under the run on display's, the same columns (their identities are their own)
            for (KinematicsResult d : shownB.dancers()) {
                list.add(new Row(d.trackId(), "B · " + DancerNames.dancer(shownB.poseRun().modelId(), d.trackId()), cells(d)));
                names.addAll(d.names());
            }
        }
        measures.setAll(names);
        dancers.setAll(ds);
        rows.setAll(list);
        if (laneDancer.get() != ALL_DANCERS && k.dancers().stream().noneMatch(d -> d.trackId() == laneDancer.get())) {
            laneDancer.set(ALL_DANCERS); // shows the lanes
        } else {
            showLanes();
        }
        String unit = first == null ? "px" : first.lengthUnit();
        status.set(String.format(Locale.ROOT, "%d dancer%s of pose run %d (%s) measured, lengths in %s%s.", k.dancers().size(),
                k.dancers().size() == 1 ? "" : "s", k.poseRun().id(), k.poseRun().modelId(), unit,
                k.skipped().isEmpty() ? "" : "; " + k.skipped().size() + " seen in fewer than two frames left out")
                + (shownB == null ? "" : String.format(Locale.ROOT, " Compared with run B %d (%s): %d dancer%s, rows B ·.", shownB.poseRun().id(),
                        shownB.poseRun().modelId(), shownB.dancers().size(), shownB.dancers().size() == 1 ? "" : "s")));
    }

    private static List<Column> headers(KinematicsResult d) {
        List<Column> out = new ArrayList<>();
        for (Spec s : SPECS) {
            String unit = s.unitOf().startsWith("series:") ? (d == null ? "" : unitOf(d, s.unitOf().substring(7))) : s.unitOf();
            out.add(new Column(s.key(), unit.isEmpty() ? s.label() : s.label() + " (" + unit + ")"));
        }
        return out;
    }

    private static String unitOf(KinematicsResult d, String series) {
        return d.names().contains(series) ? d.unit(series) : "";
    }

    private static List<String> cells(KinematicsResult d) {
        List<String> out = new ArrayList<>();
        for (Spec s : SPECS) {
            double v;
            if (s.key().equals("frames")) {
                out.add(String.valueOf(d.size()));
                continue;
            } else if (s.key().equals("energy")) {
                v = d.names().contains("energy") ? Stats.mean(d.values("energy")) : Double.NaN;
            } else {
                v = d.summary().getOrDefault(s.key(), Double.NaN);
            }
            out.add(cell(v));
        }
        return out;
    }

    /** A number as the table shows it: three significant digits, or {@link #GAP} for a value that could not be measured. */
    public static String cell(double v) {
        return Double.isFinite(v) ? TimelineViewModel.measureText(v) : GAP;
    }

    /** The chosen measures of the chosen dancers as timeline lanes: values per video frame, NaN in gaps, own scales. */
    private void showLanes() {
        if (session == null || shown == null) {
            return;
        }
        List<TimelineViewModel.MeasureLane> lanes = new ArrayList<>();
        String model = session.posesProperty().get() == null ? null : session.posesProperty().get().modelId();
        for (KinematicsResult d : shown.dancers()) {
            if (laneDancer.get() != ALL_DANCERS && laneDancer.get() != d.trackId()) {
                continue;
            }
            for (String m : chosenMeasures) {
                if (d.names().contains(m)) {
                    addIfMeasured(lanes, lane(d, m, frames, (shownB == null ? "" : "A · ") + DancerNames.dancer(model, d.trackId())));
                }
            }
        }
        if (shownB != null) {
            // run B's dancers of the same identity number (all of them with "all dancers"), named B
            for (KinematicsResult d : shownB.dancers()) {
                if (laneDancer.get() != ALL_DANCERS && laneDancer.get() != d.trackId()) {
                    continue;
                }
                for (String m : chosenMeasures) {
                    if (d.names().contains(m)) {
                        addIfMeasured(lanes, lane(d, m, frames, "B · " + DancerNames.dancer(shownB.poseRun().modelId(), d.trackId())));
                    }
                }
            }
        }
        String unit = shown.dancers().isEmpty() ? "px" : shown.dancers().get(0).lengthUnit();
        session.timeline().setMeasures(lanes.isEmpty() ? null
                : new TimelineViewModel.MeasureLanes((model == null ? "" : model + " · ") + "movement of pose run " + shown.poseRun().id()
                        + (shownB == null ? "" : " and of run B " + shownB.poseRun().id() + " (" + shownB.poseRun().modelId() + ")")
                        + " · lengths in " + unit, lanes));
    }

    /** Adds a lane that holds at least one value: a dancer never measured on it gets no empty lane. */
    private static void addIfMeasured(List<TimelineViewModel.MeasureLane> lanes, TimelineViewModel.MeasureLane l) {
        for (float v : l.values()) {
            if (!Float.isNaN(v)) {
                lanes.add(l);
                return;
            }
        }
    }

    /** One measure of one dancer per video frame: its samples at their frames, NaN elsewhere; the scale its finite values' span. */
    static TimelineViewModel.MeasureLane lane(KinematicsResult d, String measure, int videoFrames, String dancer) {
        int[] fr = d.frames();
        double[] v = d.values(measure);
        int n = videoFrames;
        for (int f : fr) {
            n = Math.max(n, f + 1);
        }
        float[] out = new float[n];
        java.util.Arrays.fill(out, Float.NaN);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < fr.length; i++) {
            if (fr[i] >= 0 && Double.isFinite(v[i])) {
                out[fr[i]] = (float) v[i];
                lo = Math.min(lo, v[i]);
                hi = Math.max(hi, v[i]);
            }
        }
        if (lo > hi) {
            lo = 0;
            hi = 1;
        } else if (lo == hi) {
            lo -= 0.5;
            hi += 0.5;
        }
        return new TimelineViewModel.MeasureLane(d.trackId(), dancer, measure, d.unit(measure), out, lo, hi);
    }

    // ---- calibration ----

    /** Starts marking a known length on the video: the next two clicks on the frame are its ends. */
    public void startMarking() {
        if (session == null) {
            return;
        }
        points.clear();
        session.player().setMarked(null);
        markedPixels.set(Double.NaN);
        calibrationProblem.set("");
        marking.set(true);
        markText.set("Click one end of a length you know on the video (a dancer's height, a floor marking)…");
        session.player().setPicker(this::markAt);
    }

    /**
     * A point clicked on the frame (video pixels) while marking: the first end, then the second (the length is then
     * measured); a third click starts a new line from it.
     */
    public void markAt(double x, double y) {
        if (!marking.get() || session == null) {
            return;
        }
        if (points.size() >= 2) {
            points.clear();
        }
        points.add(new double[] {x, y});
        if (points.size() == 1) {
            session.player().setMarked(new double[] {x, y});
            markedPixels.set(Double.NaN);
            markText.set("…and click the other end.");
        } else {
            double[] a = points.get(0);
            session.player().setMarked(new double[] {a[0], a[1], x, y});
            double px = Math.hypot(x - a[0], y - a[1]);
            markedPixels.set(px);
            markText.set(String.format(Locale.ROOT, "The line is %.1f px long: type its real length in metres and apply (or click again to redo it).", px));
        }
    }

    /**
     * Turns the marked line and the length typed ({@link #knownMetresProperty}) into the video's calibration, keeps it
     * and measures again in metres. A length that is not a positive number is said, and nothing changes.
     *
     * @return whether the calibration was set
     */
    public boolean applyMarked() {
        double px = markedPixels.get();
        if (!(px > 0)) {
            calibrationProblem.set("Mark the two ends of the length on the video first.");
            return false;
        }
        return calibrate(px, knownMetres.get());
    }

    /**
     * Sets the video's calibration from a length of {@code pixels} in the picture that is {@code metresText} metres in
     * the world, keeps it and measures again.
     *
     * @return whether it was set (a length that is not a positive number is said in {@link #calibrationProblemProperty})
     */
    public boolean calibrate(double pixels, String metresText) {
        if (session == null) {
            return false;
        }
        double metres;
        try {
            metres = Double.parseDouble(metresText == null ? "" : metresText.trim().replace(',', '.'));
        } catch (NumberFormatException e) {
            calibrationProblem.set("The real length is a number of metres, e.g. 1.70, not \"" + metresText + "\".");
            return false;
        }
        if (!(metres > 0) || Double.isInfinite(metres) || !(pixels > 0) || Double.isInfinite(pixels)) {
            calibrationProblem.set("A calibration needs a marked length of more than 0 pixels and a real length of more than 0 metres.");
            return false;
        }
        calibrations.put(session.video(), new Kept(Calibration.fromKnownLength(pixels, metres), pixels));
        calibrationProblem.set("");
        stopMarking();
        describeCalibration();
        measure();
        return true;
    }

    /** Stops marking without a calibration (the one set before stays). */
    public void cancelMarking() {
        stopMarking();
    }

    private void stopMarking() {
        marking.set(false);
        points.clear();
        markedPixels.set(Double.NaN);
        markText.set("");
        if (session != null) {
            session.player().setPicker(null);
            session.player().setMarked(null);
        }
    }

    /** Forgets the video's calibration and measures again in pixels. */
    public void clearCalibration() {
        if (session == null || calibrations.get(session.video()) == null) {
            return;
        }
        calibrations.put(session.video(), null);
        describeCalibration();
        measure();
    }

    private void describeCalibration() {
        Kept c = session == null ? null : calibrations.get(session.video());
        calibrated.set(c != null);
        if (c == null) {
            calibrationText.set("Not calibrated: lengths and speeds in pixels.");
            return;
        }
        calibrationText.set("1 px = " + TimelineViewModel.measureText(c.calibration().metresPerPixel()) + " m"
                + (c.linePixels() > 0 ? String.format(Locale.ROOT, " (from a %.0f px line)", c.linePixels()) : ""));
    }

    // ---- properties ----

    /** The summary table's columns (after the dancer's name), headers with units. */
    public ObservableList<Column> columns() {
        return columnsView;
    }

    /** One row per dancer measured (empty while measuring). */
    public ObservableList<Row> rows() {
        return rowsView;
    }

    /** Every measure there is to show as a lane (the series' names, e.g. speed.left_wrist). */
    public ObservableList<String> measures() {
        return measuresView;
    }

    /** The measures shown as lanes (the user's choice; kept across videos). */
    public ObservableList<String> chosenMeasures() {
        return chosenMeasures;
    }

    /** Whether a measure is shown as lanes: a switch per measure, kept in step with {@link #chosenMeasures()}. */
    public javafx.beans.property.BooleanProperty chosenProperty(String measure) {
        return chosen.computeIfAbsent(measure, m -> {
            javafx.beans.property.BooleanProperty p = new javafx.beans.property.SimpleBooleanProperty(chosenMeasures.contains(m));
            p.addListener((o, was, on) -> {
                if (on && !chosenMeasures.contains(m)) {
                    chosenMeasures.add(m);
                } else if (!on) {
                    chosenMeasures.remove(m);
                }
            });
            return p;
        });
    }

    /** The dancers to choose lanes for ("all dancers" first). */
    public ObservableList<Dancer> dancers() {
        return dancersView;
    }

    /** Whose lanes are shown: a dancer's identity, or {@link #ALL_DANCERS}. */
    public IntegerProperty laneDancerProperty() {
        return laneDancer;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** "1 px = 0.0043 m (from a 395 px line)", or that the video is not calibrated. */
    public ReadOnlyStringProperty calibrationTextProperty() {
        return calibrationText.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty calibratedProperty() {
        return calibrated.getReadOnlyProperty();
    }

    /** Whether clicks on the video mark a length. */
    public ReadOnlyBooleanProperty markingProperty() {
        return marking.getReadOnlyProperty();
    }

    /** The marked line's length in video pixels (NaN until both ends are marked). */
    public ReadOnlyDoubleProperty markedPixelsProperty() {
        return markedPixels.getReadOnlyProperty();
    }

    /** What to do next while marking. */
    public ReadOnlyStringProperty markTextProperty() {
        return markText.getReadOnlyProperty();
    }

    /** The real length of the marked line, in metres, as typed. */
    public StringProperty knownMetresProperty() {
        return knownMetres;
    }

    /** Why the last calibration could not be set ("" when it was). */
    public ReadOnlyStringProperty calibrationProblemProperty() {
        return calibrationProblem.getReadOnlyProperty();
    }

    /** The results on screen (null while measuring or with nothing to measure). */
    /**
     * The pose run compared with the one on display (the Compare tab's run B while a pose comparison is shown), or
     * null: its dancers are measured beside the displayed run's, rows and lanes named "B · ".
     */
    public javafx.beans.property.ObjectProperty<org.dancelens.analysis.store.Run> comparedProperty() {
        return compared;
    }

    /** The compared run's measures on screen, or null. */
    public MovementAnalysis.KinematicsRun shownCompared() {
        return shownB;
    }

    public MovementAnalysis.KinematicsRun shown() {
        return shown;
    }
}
