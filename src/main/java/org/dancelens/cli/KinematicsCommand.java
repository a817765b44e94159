package org.dancelens.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dancelens.analysis.MovementAnalysis;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.analysis.store.RunKind;
import org.dancelens.core.DanceLensException;
import org.dancelens.export.MovementExport;
import org.dancelens.core.TaskContext;
import org.dancelens.movement.Calibration;
import org.dancelens.movement.Space;
import org.dancelens.movement.Synchrony;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "kinematics", mixinStandardHelpOptions = true,
        description = {"Movement measures of every dancer of a stored pose run (joint angles, angular velocities,",
            "joint speeds, accelerations, jerk, centre of mass, symmetry, energy, movement tempo; smoothness,",
            "range of motion and stillness in the summary). Writes DIR/kinematics-<track>.csv (frame, time_s,",
            "one column per measure, empty cells for gaps) and DIR/kinematics-summary.json (per dancer",
            "summary, units and the pose run's provenance); with two dancers or more, DIR/synchrony.csv (windowed",
            "cross-correlation of every pair: lag and strength over time). Analyse the video first: 'dancelens analyze'."})
final class KinematicsCommand implements Callable<Integer> {
    @Parameters(paramLabel = "VIDEO", arity = "1..*", description = "video files, folders of videos, or quoted glob patterns")
    List<String> inputs;


    @picocli.CommandLine.Mixin
    BatchOptions many;

    @Option(names = "--pose-run", paramLabel = "ID", description = "the pose run to measure (default: the newest finished one)")
    Long poseRun;

    @Option(names = "--min-score", defaultValue = "0.3", paramLabel = "X",
            description = "joints scoring under X are gaps, not measured (default ${DEFAULT-VALUE})")
    double minScore;

    @Option(names = "--calibration", paramLabel = "METRES_PER_PIXEL",
            description = "metres per pixel, to give lengths and speeds in metres (default: pixels)")
    Double calibration;

    @Option(names = "--space", defaultValue = "image", paramLabel = "image|world",
            description = "image: 2D keypoints in pixels (or metres with --calibration); world: the model's 3D world keypoints in metres"
                    + " (BlazePose) (default ${DEFAULT-VALUE})")
    String space;

    @Option(names = "--synchrony", defaultValue = "energy", paramLabel = "MEASURE",
            description = "the measure compared between dancers, a column of the CSV, e.g. energy or angle.left_knee; 'none' to skip"
                    + " (default ${DEFAULT-VALUE})")
    String synchrony;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "the folder the files go to (created if needed)")
    Path out;

    @picocli.CommandLine.Mixin
    StoreOption stores;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!(minScore >= 0 && minScore <= 1)) {
            throw DanceLensException.badInput("--min-score takes a confidence from 0 to 1, not " + minScore + ".");
        }
        cal = null;
        if (calibration != null) {
            if (!(calibration > 0) || calibration.isInfinite()) {
                throw DanceLensException.badInput("--calibration takes a positive number of metres per pixel, not " + calibration + ".");
            }
            cal = new Calibration(calibration);
        }
        sp = switch (space.toLowerCase(Locale.ROOT)) {
            case "image", "2d" -> Space.IMAGE;
            case "world", "3d" -> Space.WORLD;
            default -> throw DanceLensException.badInput("--space takes image or world, not '" + space + "'.");
        };
        if (VideoInputs.isBatch(inputs)) {
            List<Path> videos = VideoInputs.expand(inputs, many.recursive);
            OutPaths.checkFolder(out, "--out");
            OutPaths.createFolder(out, "--out");
            Map<Path, String> folders = AnalyzeCommand.outFolders(videos);
            List<Batch.Row> rows = Batch.run(videos, many.jobs, "Measuring", many.summaryOr(out.resolve("summary.csv")), spec.commandLine().getOut(),
                    spec.commandLine().getErr(), (v, threads, ctx) -> {
                        long t0 = System.nanoTime();
                        Measured m = measure(v, out.resolve(folders.get(v)), ctx);
                        return new Batch.Row(v, m.k().poseRun().spec().toFrame() - m.k().poseRun().spec().fromFrame(), m.k().dancers().size(),
                                (System.nanoTime() - t0) / 1e9, "measured", "");
                    });
            return rows.stream().anyMatch(Batch.Row::failed) ? 2 : 0;
        }
        Path video = Path.of(inputs.get(0));
        long started = System.nanoTime();
        Measured m;
        try (CliProgress progress = new CliProgress("Kinematics")) {
            m = measure(video, out, progress);
        }
        MovementAnalysis.KinematicsRun k = m.k();
        int samples = k.dancers().stream().mapToInt(d -> d.size()).sum();
        spec.commandLine().getOut().printf(Locale.ROOT, "%s: %d dancer%s of pose run %d (%s), %d frames measured in %.1f s, %d files written into %s (stored as kinematics run %d)%n",
                video.getFileName(), k.dancers().size(), k.dancers().size() == 1 ? "" : "s", k.poseRun().id(), k.poseRun().modelId(), samples,
                (System.nanoTime() - started) / 1e9, m.files().size(), out, m.stored().id());
        return 0;
    }

    /** The options read once for every video. */
    private Calibration cal;
    private Space sp;

    /** What measuring one video made: the measures, the files written and the run recorded. */
    private record Measured(MovementAnalysis.KinematicsRun k, List<String> files, Run stored) {
    }

    /** Measures one video's stored pose run, writes the files into {@code out} and records the kinematics run. */
    private Measured measure(Path video, Path out, org.dancelens.core.TaskContext ctx) {
        ExportCommand.checkVideo(video);
        OutPaths.checkFolder(out, "--out");
        Path storeFile = stores.storeFor(video);
        MovementAnalysis.KinematicsRun k;
        List<String> files;
        Run stored;
        try (ResultsStore store = openStore(storeFile, video)) {
            Run run = pickPoseRun(store, video, poseRun);
            k = MovementAnalysis.kinematics(store, run, minScore, cal, sp, ctx);
            if (k.dancers().isEmpty()) {
                throw DanceLensException.badInput("Pose run " + k.poseRun().id() + " of " + video.getFileName() + " has no dancer seen in two frames or more,"
                        + " so there is no movement to measure.");
            }
            List<MovementAnalysis.SynchronyPair> pairs = synchrony.equalsIgnoreCase("none") ? List.of()
                    : MovementAnalysis.synchrony(k, synchrony, Synchrony.Options.DEFAULT, TaskContext.NONE);
            Map<String, byte[]> made = MovementExport.kinematicsFiles(k, pairs, Synchrony.Options.DEFAULT);
            OutPaths.createFolder(out, "--out");
            files = MovementExport.write(made, out);
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("minScore", minScore);
            settings.put("metresPerPixel", calibration);
            settings.put("space", sp.name().toLowerCase(Locale.ROOT));
            settings.put("synchrony", synchrony);
            stored = MovementAnalysis.record(store, RunKind.KINEMATICS, video, 0, run, settings, made);
        }
        return new Measured(k, files, stored);
    }

    /** The video's store; without one, the sentence asking for a pose run. */
    static ResultsStore openStore(Path storeFile, Path video) {
        return ExportCommand.openStore(storeFile, () -> noPoseRun(video));
    }

    /** The pose run named, or the newest finished one; one sentence when there is none. */
    static Run pickPoseRun(ResultsStore store, Path video, Long named) {
        return ExportCommand.pick(store, video, RunKind.POSE, named, "--pose-run").orElseThrow(() -> noPoseRun(video));
    }

    static DanceLensException noPoseRun(Path video) {
        return DanceLensException.badInput("No pose run is stored for " + video.getFileName() + ", so there is no movement to measure: run 'dancelens analyze "
                + video + " --pose movenet-lightning' first.");
    }
}
