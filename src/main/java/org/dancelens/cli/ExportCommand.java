package org.dancelens.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.analysis.store.RunKind;
import org.dancelens.core.DanceLensException;
import picocli.CommandLine.Command;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export what is stored for a video: an annotated clip (export clip), the data in open formats",
            "(export data), a frame as a picture with its overlays (export frame) and a classify run's timeline as PNG or SVG (export timeline)."},
        subcommands = {ExportClipCommand.class, ExportDataCommand.class, ExportFrameCommand.class, ExportTimelineCommand.class})
final class ExportCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The video must be a file: one sentence otherwise. */
    static void checkVideo(Path video) {
        if (!Files.isRegularFile(video)) {
            throw DanceLensException.badInput(video + " does not exist or is not a file.");
        }
    }

    /**
     * The video's results store, opened; when there is none (nothing was ever analysed), one sentence saying how to make
     * results. Opening never creates a store here.
     */
    static ResultsStore openStore(Path storeFile, Path video) {
        return openStore(storeFile, () -> noResults(video, storeFile));
    }

    /** The results store, opened; when there is none, the sentence {@code missing} gives. Opening never creates a store here. */
    static ResultsStore openStore(Path storeFile, java.util.function.Supplier<DanceLensException> missing) {
        if (!Files.isRegularFile(storeFile)) {
            throw missing.get();
        }
        return ResultsStore.open(storeFile);
    }

    static DanceLensException noResults(Path video, Path storeFile) {
        return DanceLensException.badInput("No results are stored for " + video.getFileName() + " (in " + storeFile + "): analyse it first, e.g. "
                + "'dancelens analyze " + video + " --pose movenet-lightning'" + (storeFile.equals(org.dancelens.analysis.Workspace.storeFor(video)) ? ""
                        : " with --store " + storeFile) + ".");
    }

    /**
     * The run of a kind to use: the one named (it must be a run of that kind for this video), else the newest finished
     * one, else the newest holding any results; empty when the store has none.
     */
    static Optional<Run> pick(ResultsStore store, Path video, RunKind kind, Long named, String option) {
        String abs = video.toAbsolutePath().toString();
        if (named != null) {
            Run r = store.runs().find(named).orElseThrow(() -> DanceLensException.badInput(option + " " + named + ": the store holds no run "
                    + named + " (see the runs of the video in the workbench's Runs list)."));
            if (r.kind() != kind || !r.videoPath().equals(abs)) {
                throw DanceLensException.badInput(option + " " + named + " is a " + r.kind().key() + " run of " + Path.of(r.videoPath()).getFileName()
                        + ", not a " + kind.key() + " run of " + video.getFileName() + ".");
            }
            return Optional.of(r);
        }
        Optional<Run> finished = store.runs().newestFinished(abs, kind);
        return finished.isPresent() ? finished : store.runs().newestWithResults(abs, kind);
    }
}
