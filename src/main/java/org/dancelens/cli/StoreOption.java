package org.dancelens.cli;

import java.nio.file.Path;
import org.dancelens.analysis.Workspace;
import picocli.CommandLine.Option;

/**
 * {@code --store PATH}: where a command keeps a video's results. By default the video's own store in the user's data
 * folder — the one the workbench reads — so what a command computed is seen in the window, and the other way round.
 */
final class StoreOption {
    @Option(names = "--store", paramLabel = "PATH",
            description = "the results store file (default: the video's store, shared with the workbench, under ~/.local/share/dancelens/results)")
    Path store;

    /** The store file for a video: the one given, or the video's own. */
    Path storeFor(Path video) {
        return store != null ? store : Workspace.storeFor(video);
    }
}
