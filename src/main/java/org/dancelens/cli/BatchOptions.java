package org.dancelens.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options of a command given many videos ({@link Batch}): subfolders, workers, the summary file. */
final class BatchOptions {
    @Option(names = "--recursive", description = "with a folder: its subfolders' videos too")
    boolean recursive;

    @Option(names = "--jobs", defaultValue = "1", paramLabel = "N",
            description = "videos worked on at a time in a batch, the cores shared among them (default ${DEFAULT-VALUE})")
    int jobs;

    @Option(names = "--summary", paramLabel = "FILE.csv",
            description = "a batch's summary (video, frames, dancers, seconds, status, error); default: DIR/summary.csv with --out,"
                    + " else (analyze) analyze-summary.csv in the current folder")
    Path summary;

    /** The summary file: the one given, or {@code fallback}. */
    Path summaryOr(Path fallback) {
        return summary != null ? summary : fallback;
    }
}
