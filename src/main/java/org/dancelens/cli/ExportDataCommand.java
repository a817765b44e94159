package org.dancelens.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.TaskContext;
import org.dancelens.export.DataExport;
import org.dancelens.video.VideoSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "data", mixinStandardHelpOptions = true,
        description = {"Everything stored for a video, in open formats, into DIR: per pose run poses-N.csv,",
            "poses-N-coco.json (COCO keypoints) and poses-N-world.csv (3-D models); per classify run",
            "scores-N.csv and segments-N.csv; per explain run maps-N-frame_FFFFFF.npy and maps-N.csv;",
            "per attribution run attribution-N-*.csv; per kinematics and music run the files those",
            "commands wrote (kinematics-N-*, music-N-*); per run provenance-N.json. DIR/export.json,",
            "written last, lists them: a folder without it holds no complete export."})
final class ExportDataCommand implements Callable<Integer> {
    @Parameters(paramLabel = "VIDEO")
    Path video;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "the folder the files go to (created if its parent exists)")
    Path out;

    @picocli.CommandLine.Mixin
    StoreOption stores;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ExportCommand.checkVideo(video);
        checkOut(out);
        Path storeFile = stores.storeFor(video);
        DataExport.Summary s;
        try (ResultsStore store = ExportCommand.openStore(storeFile, video)) {
            if (DataExport.runsWithResults(store, video.toAbsolutePath().toString()).isEmpty()) {
                throw ExportCommand.noResults(video, storeFile);
            }
            try (VideoSource src = VideoSource.open(video, TaskContext.NONE, 0, 1);
                 CliProgress progress = new CliProgress("Exporting")) {
                s = DataExport.write(store, src.info(), src.index()::timeOf, out, progress);
            }
        }
        Map<String, Integer> kinds = new TreeMap<>();
        for (Run r : s.runs()) {
            kinds.merge(r.kind().key(), 1, Integer::sum);
        }
        StringBuilder k = new StringBuilder();
        kinds.forEach((kind, n) -> k.append(k.length() == 0 ? "" : ", ").append(n).append(' ').append(kind));
        spec.commandLine().getOut().printf(Locale.ROOT, "%s: %d run%s (%s) exported as %d files into %s (listed in %s)%n", video.getFileName(),
                s.runs().size(), s.runs().size() == 1 ? "" : "s", k, s.files().size(), out, DataExport.COMPLETE);
        return 0;
    }

    /** DIR may be missing, but its parent folder must exist and be writable, and DIR must not be a file. */
    static void checkOut(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw DanceLensException.badInput("--out " + dir + " is a file, not a folder: give the folder the files go to.");
        }
        Path parent = abs.getParent();
        if (!Files.isDirectory(abs) && parent != null && !Files.isDirectory(parent)) {
            throw DanceLensException.badInput("--out " + dir + " cannot be created: the folder " + parent + " does not exist.");
        }
        Path where = Files.isDirectory(abs) ? abs : parent;
        if (where != null && !Files.isWritable(where)) {
            throw DanceLensException.badInput("--out " + dir + " cannot be written: no permission to write in " + where + ".");
        }
    }
}
