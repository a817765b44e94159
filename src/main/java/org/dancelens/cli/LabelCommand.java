package org.dancelens.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dancelens.analysis.store.LabelledRanges;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.TaskContext;
import org.dancelens.video.VideoSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "label", mixinStandardHelpOptions = true, description = "Style labels on time ranges of a video (kept in the video's results store, shared with the workbench).",
        subcommands = {LabelCommand.Add.class, LabelCommand.ListRanges.class, LabelCommand.Remove.class})
final class LabelCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    static Path checkVideo(Path video) {
        if (!Files.isRegularFile(video)) {
            throw DanceLensException.badInput(video + " does not exist or is not a file.");
        }
        return video;
    }

    /**
     * The frames (inclusive) of a range given as {@code --seconds A:B} (the frames shown at A and at B) or
     * {@code --frames A:B}, exactly one of them; refused with a sentence when malformed or past the video's end.
     */
    static int[] range(VideoSource src, Path video, String seconds, String frames) {
        if ((seconds == null) == (frames == null)) {
            throw DanceLensException.badInput("Give the range as either --seconds A:B or --frames A:B.");
        }
        int from;
        int to;
        String[] p = (seconds != null ? seconds : frames).split(":", -1);
        if (p.length != 2) {
            throw DanceLensException.badInput("A range looks like A:B, not " + (seconds != null ? seconds : frames) + ".");
        }
        try {
            if (seconds != null) {
                from = src.index().frameAt(Double.parseDouble(p[0]));
                to = src.index().frameAt(Double.parseDouble(p[1]));
            } else {
                from = Integer.parseInt(p[0].trim());
                to = Integer.parseInt(p[1].trim());
            }
        } catch (NumberFormatException e) {
            throw DanceLensException.badInput("A range holds numbers, not " + (seconds != null ? seconds : frames) + ".");
        }
        if (to >= src.frameCount()) {
            throw DanceLensException.badInput("The range ends at frame " + to + ", but " + video.getFileName() + " has " + src.frameCount() + " frames.");
        }
        return new int[] {from, to};
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Label a range: --seconds A:B or --frames A:B (inclusive).")
    static final class Add implements Callable<Integer> {
        @Parameters(paramLabel = "VIDEO")
        Path video;

        @Option(names = "--label", required = true)
        String label;

        @Option(names = "--seconds", paramLabel = "A:B", description = "from A to B seconds")
        String seconds;

        @Option(names = "--frames", paramLabel = "A:B", description = "frames A to B, both included")
        String frames;

        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        StoreOption stores;

        @Override
        public Integer call() {
            checkVideo(video);
            int from;
            int to;
            try (VideoSource src = VideoSource.open(video, TaskContext.NONE, 0, 1)) {
                int[] range = range(src, video, seconds, frames);
                from = range[0];
                to = range[1];
            }
            try (ResultsStore store = ResultsStore.open(stores.storeFor(video))) {
                long id = store.labels().add(video.toAbsolutePath().toString(), from, to, label);
                spec.commandLine().getOut().printf(Locale.ROOT, "range %d: frames %d–%d of %s labelled %s%n", id, from, to, video.getFileName(), label.strip());
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The labelled ranges of a video.")
    static final class ListRanges implements Callable<Integer> {
        @Parameters(paramLabel = "VIDEO")
        Path video;

        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        StoreOption stores;

        @Override
        public Integer call() {
            checkVideo(video);
            Path storeFile = stores.storeFor(video);
            List<LabelledRanges.LabelledRange> ranges = List.of();
            if (Files.exists(storeFile)) {
                try (ResultsStore store = ResultsStore.open(storeFile)) {
                    ranges = store.labels().list(video.toAbsolutePath().toString());
                }
            }
            var o = spec.commandLine().getOut();
            if (ranges.isEmpty()) {
                o.println(video.getFileName() + " has no labelled ranges.");
            }
            for (LabelledRanges.LabelledRange r : ranges) {
                o.printf(Locale.ROOT, "%d\t%d\t%d\t%s%n", r.id(), r.startFrame(), r.endFrame(), r.label());
            }
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a labelled range by its id (see 'label list').")
    static final class Remove implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "VIDEO")
        Path video;

        @Parameters(index = "1", paramLabel = "ID")
        long id;

        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        StoreOption stores;

        @Override
        public Integer call() {
            checkVideo(video);
            try (ResultsStore store = ResultsStore.open(stores.storeFor(video))) {
                if (!store.labels().remove(id)) {
                    throw DanceLensException.badInput(video.getFileName() + " has no labelled range " + id + ".");
                }
            }
            spec.commandLine().getOut().println("removed range " + id);
            return 0;
        }
    }
}
