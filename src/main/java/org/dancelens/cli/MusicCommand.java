package org.dancelens.cli;

import java.nio.file.Files;
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
import org.dancelens.core.TaskContext;
import org.dancelens.video.VideoSource;
import org.dancelens.export.MovementExport;
import org.dancelens.movement.music.MusicAnalysis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "music", mixinStandardHelpOptions = true,
        description = {"The music of a video's audio: onset strength, tempo, tempo over time and beats. Writes",
            "DIR/beats.csv, DIR/onset.csv, DIR/tempo.csv and DIR/music.json; when a pose run is stored,",
            "also every dancer's kinematic beats and beat alignment score (overall and over time) in",
            "DIR/alignment.json."})
final class MusicCommand implements Callable<Integer> {
    @Parameters(paramLabel = "VIDEO")
    Path video;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "the folder the files go to (created if needed)")
    Path out;

    @Option(names = "--pose-run", paramLabel = "ID", description = "the pose run whose dancers are aligned with the music (default: the newest finished one, if any)")
    Long poseRun;

    @Option(names = "--min-score", defaultValue = "0.3", paramLabel = "X", description = "joints scoring under X are gaps (default ${DEFAULT-VALUE})")
    double minScore;

    @picocli.CommandLine.Mixin
    StoreOption stores;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ExportCommand.checkVideo(video);
        OutPaths.checkFolder(out, "--out");
        long started = System.nanoTime();
        Path storeFile = stores.storeFor(video);
        MovementAnalysis.MusicRun m;
        List<String> files;
        Run stored;
        try (ResultsStore store = poseRun != null && !Files.isRegularFile(storeFile) ? null : ResultsStore.open(storeFile);
             CliProgress progress = new CliProgress("Music")) {
            if (store == null) {
                throw KinematicsCommand.noPoseRun(video);
            }
            MovementAnalysis.KinematicsRun movement = null;
            Run run = poseRun != null ? KinematicsCommand.pickPoseRun(store, video, poseRun)
                    : ExportCommand.pick(store, video, RunKind.POSE, null, "--pose-run").orElse(null);
            if (run != null) {
                movement = MovementAnalysis.kinematics(store, run, minScore, null, progress.scaled(0, 0.2, "Movement: "));
            }
            TaskContext rest = movement == null ? progress : progress.scaled(0.2, 1, "");
            m = MovementAnalysis.music(video, movement, rest);
            Map<String, byte[]> made = MovementExport.musicFiles(m, video);
            OutPaths.createFolder(out, "--out");
            files = MovementExport.write(made, out);
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("music", m.settings());
            settings.put("minScore", minScore);
            stored = MovementAnalysis.record(store, RunKind.MUSIC, video, run != null ? 0 : frameCount(video), run, settings, made);
        }
        MusicAnalysis.Result r = m.music();
        StringBuilder align = new StringBuilder();
        m.alignments().forEach((t, a) -> align.append(align.length() == 0 ? "; beat alignment " : ", ").append("dancer ").append(t).append(' ')
                .append(Double.isFinite(a.score()) ? String.format(Locale.ROOT, "%.2f", a.score()) : "n/a"));
        spec.commandLine().getOut().printf(Locale.ROOT, "%s: %s, %d beats%s; %d files written into %s in %.1f s (stored as music run %d)%n", video.getFileName(),
                Double.isFinite(r.tempoBpm()) ? String.format(Locale.ROOT, "%.1f BPM", r.tempoBpm()) : "no tempo (silence)", r.beatTimes().length, align,
                files.size(), out, (System.nanoTime() - started) / 1e9, stored.id());
        return 0;
    }

    /** The video's frame count (0 when it has no pictures: an audio file). */
    private static int frameCount(Path video) {
        try (VideoSource src = VideoSource.open(video, TaskContext.NONE, 0, 1)) {
            return src.frameCount();
        } catch (DanceLensException e) {
            return 0;
        }
    }
}
