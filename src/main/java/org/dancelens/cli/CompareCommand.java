package org.dancelens.cli;

import picocli.CommandLine.Command;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compare two runs of one video (compare runs): two pose models, two classifiers, two explanation",
            "methods, or one model with different settings; or a dancer against a reference (compare videos); either as one",
            "annotated clip (compare clip)."},
        subcommands = {CompareRunsCommand.class, CompareVideosCommand.class, CompareClipCommand.class})
final class CompareCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
