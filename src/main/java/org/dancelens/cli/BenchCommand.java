package org.dancelens.cli;

import picocli.CommandLine.Command;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure DanceLens on this machine (prints what it measured, on which input).",
        subcommands = {BenchSeekCommand.class, BenchPlayCommand.class, BenchPlaySyncCommand.class, BenchAnalyzeCommand.class, BenchClassifyCommand.class, BenchExplainCommand.class, BenchExplainRunCommand.class,
            BenchMakeVideoCommand.class, BenchModelsCommand.class, BenchRenderCommand.class, BenchExportCommand.class})
final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
