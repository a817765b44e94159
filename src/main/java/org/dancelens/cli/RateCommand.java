package org.dancelens.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dancelens.analysis.store.RatedRanges;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.TaskContext;
import org.dancelens.export.RatingsCsv;
import org.dancelens.video.VideoSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "rate", mixinStandardHelpOptions = true,
        description = "People's ratings of time ranges of a video (kept in the video's results store, shared with the workbench).",
        subcommands = {RateCommand.Add.class, RateCommand.ListRatings.class, RateCommand.Remove.class, RateCommand.Export.class})
final class RateCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Rate a range: --seconds A:B or --frames A:B (inclusive), by one rater on one criterion.")
    static final class Add implements Callable<Integer> {
        @Parameters(paramLabel = "VIDEO")
        Path video;

        @Option(names = "--rater", required = true, paramLabel = "NAME", description = "who rates (e.g. judge1)")
        String rater;

        @Option(names = "--criterion", required = true, paramLabel = "C", description = "what is rated (e.g. fluidity)")
        String criterion;

        @Option(names = "--value", required = true, paramLabel = "V", description = "the rating, a number")
        String value;

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
            LabelCommand.checkVideo(video);
            double v;
            try {
                v = Double.parseDouble(value.trim());
            } catch (NumberFormatException e) {
                throw DanceLensException.badInput("A rating is a number, not " + value + ".");
            }
            int from;
            int to;
            double fromS;
            double toS;
            try (VideoSource src = VideoSource.open(video, TaskContext.NONE, 0, 1)) {
                int[] range = LabelCommand.range(src, video, seconds, frames);
                from = range[0];
                to = range[1];
                fromS = from < 0 || from >= src.frameCount() ? from : src.index().timeOf(from);
                toS = to < 0 ? to : src.index().timeOf(to);
            }
            try (ResultsStore store = ResultsStore.open(stores.storeFor(video))) {
                long id = store.ratings().add(video.toAbsolutePath().toString(), from, to, fromS, toS, rater, criterion, v);
                spec.commandLine().getOut().printf(Locale.ROOT, "rating %d: frames %d–%d of %s rated %s on %s by %s%n", id, from, to,
                        video.getFileName(), RatedRanges.number(v), criterion.strip(), rater.strip());
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "The ratings of a video: id, first and last frame, their seconds, rater, criterion, value (tab-separated).")
    static final class ListRatings implements Callable<Integer> {
        @Parameters(paramLabel = "VIDEO")
        Path video;

        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        StoreOption stores;

        @Override
        public Integer call() {
            LabelCommand.checkVideo(video);
            List<RatedRanges.RatedRange> ratings = stored(stores.storeFor(video), video);
            var o = spec.commandLine().getOut();
            if (ratings.isEmpty()) {
                o.println(video.getFileName() + " has no ratings.");
            }
            for (RatedRanges.RatedRange r : ratings) {
                o.printf(Locale.ROOT, "%d\t%d\t%d\t%s\t%s\t%s\t%s\t%s%n", r.id(), r.startFrame(), r.endFrame(), RatedRanges.seconds(r.startS()),
                        RatedRanges.seconds(r.endS()), r.rater(), r.criterion(), RatedRanges.number(r.value()));
            }
            return 0;
        }
    }

    /** A video's ratings; none when its store does not exist yet (listing does not create it). */
    static List<RatedRanges.RatedRange> stored(Path storeFile, Path video) {
        if (!Files.exists(storeFile)) {
            return List.of();
        }
        try (ResultsStore store = ResultsStore.open(storeFile)) {
            return store.ratings().list(video.toAbsolutePath().toString());
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a rating by its id (see 'rate list').")
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
            LabelCommand.checkVideo(video);
            Path storeFile = stores.storeFor(video);
            boolean removed = false;
            if (Files.exists(storeFile)) {
                try (ResultsStore store = ResultsStore.open(storeFile)) {
                    // only a rating of this video (a --store may hold several videos')
                    removed = store.ratings().list(video.toAbsolutePath().toString()).stream().anyMatch(r -> r.id() == id) && store.ratings().remove(id);
                }
            }
            if (!removed) {
                throw DanceLensException.badInput(video.getFileName() + " has no rating " + id + ".");
            }
            spec.commandLine().getOut().println("removed rating " + id);
            return 0;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Write the videos' ratings as a ratings manifest (one rating a row: video,start_s,end_s,rater,criterion,value),",
                "for 'dancelens evaluate --ratings' and 'dancelens train --ratings'."})
    static final class Export implements Callable<Integer> {
        @Parameters(paramLabel = "VIDEO", arity = "1..*")
        List<Path> videos;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "the manifest to write (e.g. ratings.csv)")
        Path out;

        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        StoreOption stores;

        @Override
        public Integer call() {
            if (Files.isDirectory(out)) {
                throw DanceLensException.badInput("--out " + out + " is a folder; give the file to write, e.g. " + out.resolve("ratings.csv") + ".");
            }
            Path parent = out.toAbsolutePath().getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                throw DanceLensException.badInput("--out " + out + " cannot be written: the folder " + parent + " does not exist.");
            }
            List<RatedRanges.RatedRange> all = new ArrayList<>();
            var o = spec.commandLine().getOut();
            List<Path> seen = new ArrayList<>();
            for (Path video : videos) {
                LabelCommand.checkVideo(video);
                Path abs = video.toAbsolutePath().normalize();
                if (seen.contains(abs)) {
                    continue; // named twice: its ratings once
                }
                seen.add(abs);
                List<RatedRanges.RatedRange> ratings = stored(stores.storeFor(video), video);
                if (ratings.isEmpty()) {
                    o.println(video.getFileName() + " has no ratings.");
                }
                all.addAll(ratings);
            }
            if (all.isEmpty()) {
                throw DanceLensException.badInput(videos.size() == 1 ? videos.get(0).getFileName() + " has no ratings to export."
                        : "None of the " + seen.size() + " videos has ratings to export.");
            }
            RatingsCsv.write(all, out);
            long raters = all.stream().map(RatedRanges.RatedRange::rater).distinct().count();
            long criteria = all.stream().map(RatedRanges.RatedRange::criterion).distinct().count();
            o.printf(Locale.ROOT, "%d rating%s (%d rater%s, %d criteri%s) written to %s%n", all.size(), all.size() == 1 ? "" : "s", raters,
                    raters == 1 ? "" : "s", criteria, criteria == 1 ? "on" : "a", out);
            return 0;
        }
    }
}
