package org.dancelens.cli;

import picocli.CommandLine.Command;

/** {@code dancelens export}: results of a video as clips, pictures and data files. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a video's results: annotated clips (clip).",
        subcommands = {ExportClipCommand.class})
final class ExportCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
