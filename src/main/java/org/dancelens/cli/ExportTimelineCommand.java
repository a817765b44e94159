package org.dancelens.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.TaskContext;
import org.dancelens.export.TimelineExport;
import org.dancelens.video.VideoSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "timeline", mixinStandardHelpOptions = true,
        description = {"A classify run's timeline as a picture, PNG or SVG (by the file's extension): the",
            "confidence lanes of its top three labels with their value scales and the segments, as",
            "the workbench's timeline shows them for the dancer scored longest (or the whole frame).",
            "The newest finished classify run is drawn unless one is named."})
final class ExportTimelineCommand implements Callable<Integer> {
    @Parameters(paramLabel = "VIDEO")
    Path video;

    @Option(names = "--out", required = true, paramLabel = "FILE.png|FILE.svg", description = "the picture to write")
    Path out;

    @Option(names = "--classify-run", paramLabel = "ID", description = "the classify run to draw (default: the newest finished one true to its poses)")
    Long classifyRun;

    @Option(names = "--dancer", paramLabel = "TRACK", description = "the dancer's track number for a per-dancer model, -1 for the whole frame"
            + " (default: the one scored longest)")
    Integer dancer;

    @Option(names = "--range", paramLabel = "FROM:TO", description = "frames FROM (inclusive) to TO (exclusive) across the picture (default: the whole video)")
    String range;

    @Option(names = "--size", paramLabel = "WxH", description = "picture size in pixels (default: " + TimelineExport.DEFAULT_WIDTH
            + " wide, lanes of the workbench's height)")
    String size;

    @Option(names = "--playhead", paramLabel = "N", description = "draw the playhead at frame N (default: none)")
    Integer playhead;

    @picocli.CommandLine.Mixin
    StoreOption stores;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ExportCommand.checkVideo(video);
        int[] r = AnalyzeCommand.parseRange(range, "--range");
        int w = 0;
        int h = 0;
        if (size != null) {
            String[] p = size.toLowerCase(Locale.ROOT).split("x", -1);
            try {
                w = Integer.parseInt(p[0].trim());
                h = Integer.parseInt(p[1].trim());
            } catch (RuntimeException e) {
                throw DanceLensException.badInput("--size must look like WIDTHxHEIGHT (e.g. 1600x200), not " + size + ".");
            }
            if (w <= 0 || h <= 0) {
                throw DanceLensException.badInput("--size must be two numbers above 0, not " + size + ".");
            }
        }
        if (Files.isDirectory(out)) {
            throw DanceLensException.badInput("--out " + out + " is a folder: give the picture's file name.");
        }
        Path parent = out.toAbsolutePath().normalize().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw DanceLensException.badInput("--out " + out + " cannot be written: the folder " + parent + " does not exist.");
        }
        if (parent != null && !Files.isWritable(parent)) {
            throw DanceLensException.badInput("--out " + out + " cannot be written: no permission to write in " + parent + ".");
        }
        Path storeFile = stores.storeFor(video);
        TimelineExport.Result result;
        try (ResultsStore store = ExportCommand.openStore(storeFile, video);
             VideoSource src = VideoSource.open(video, TaskContext.NONE, 0, 1)) {
            result = TimelineExport.write(store, video, src.frameCount(), src.info().fps(), classifyRun, dancer, r[0], r[1], w, h,
                    playhead == null ? -1 : playhead, out, TaskContext.NONE);
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "%s: classify run %d (%s), frames %d to %d, %dx%d%n", out, result.classifyRun(), result.title(),
                result.from(), result.to() - 1, result.width(), result.height());
        return 0;
    }
}
