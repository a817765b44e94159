package org.dancelens.cli;

import java.io.PrintWriter;
import org.dancelens.core.DanceLensException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The headless command line: the same core as the workbench, driven by picocli. */
@Command(name = "dancelens",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"DanceLens: analysis workbench for dance videos.",
            "Without arguments it opens the workbench; with a video path it opens that video."},
        subcommands = {ProbeCommand.class, AnalyzeCommand.class, ClassifyCommand.class, EvaluateCommand.class, ExplainCommand.class, LabelCommand.class, TrainCommand.class, ExportCommand.class, CompareCommand.class, ModelsCommand.class, ConvertCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class DanceLensCli implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(DanceLensCli.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The picocli command line with DanceLens's error handling: one plain line on stderr, details in the log. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new DanceLensCli());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            DanceLensException d = ex instanceof DanceLensException e ? e : null;
            String message = DanceLensException.userMessage(ex);
            if (d == null || d.kind() == DanceLensException.Kind.INTERNAL) {
                LOG.error("Command failed: {}", message, ex);
            } else {
                LOG.info("Command refused input: {}", message, ex);
            }
            commandLine.getErr().println("dancelens: " + message);
            commandLine.getErr().flush();
            return d != null ? d.exitCode() : 1;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("dancelens: " + ex.getMessage() + " (see 'dancelens " + commandPath(ex.getCommandLine()) + "--help')");
            err.flush();
            return 2;
        });
        return cl;
    }

    private static String commandPath(CommandLine cl) {
        StringBuilder sb = new StringBuilder();
        for (CommandLine c = cl; c != null && c.getParent() != null; c = c.getParent()) {
            sb.insert(0, c.getCommandName() + " ");
        }
        return sb.toString();
    }

    /** Runs the command line and returns the process exit code (0 ok, 2 bad input, 1 internal failure). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** Whether the word names a subcommand (so the launcher does not take it for a video path). */
    public static boolean isSubcommand(String word) {
        return commandLine().getSubcommands().containsKey(word);
    }
}
