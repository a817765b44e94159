package org.dancelens.cli;

import java.io.PrintWriter;
import java.util.List;
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
            "Without arguments it opens the workbench; with a video path it opens that video."})
public final class DanceLensCli implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(DanceLensCli.class);

    /**
     * The subcommands, in the order of the usage help. They are added to the command line by hand, not named in the
     * {@code @Command} annotation: picocli builds a command's whole model by reflection when it is added, and a start
     * that runs one command (say {@code dancelens probe VIDEO}) builds only that one's (half the start-up time of a
     * short command went into building all of them, twice).
     */
    private static final List<Class<?>> SUBCOMMANDS = List.of(ProbeCommand.class, AnalyzeCommand.class, ClassifyCommand.class,
            EvaluateCommand.class, ExplainCommand.class, LabelCommand.class, RateCommand.class, TrainCommand.class, ExportCommand.class,
            CompareCommand.class, KinematicsCommand.class, MusicCommand.class, ModelsCommand.class, ConvertCommand.class, ImportCommand.class,
            BenchCommand.class, CommandLine.HelpCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The picocli command line, with every subcommand, and DanceLens's error handling: one plain line on stderr, details in the log. */
    public static CommandLine commandLine() {
        return commandLine(null);
    }

    /**
     * The command line with only the subcommand {@code only} (a subcommand's name; none for ""), or with all of them
     * when {@code only} is null or {@code help} (which lists the others).
     */
    static CommandLine commandLine(String only) {
        CommandLine cl = new CommandLine(new DanceLensCli());
        for (Class<?> c : SUBCOMMANDS) {
            if (only == null || only.equals("help") || name(c).equals(only)) {
                cl.addSubcommand(c);
            }
        }
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
        String first = args.length > 0 ? args[0] : null;
        String only = isSubcommand(first) ? first
                : args.length == 1 && (first.equals("--version") || first.equals("-V")) ? "" // the version needs none
                : null;
        return commandLine(only).execute(args);
    }

    /** Whether the word names a subcommand (so the launcher does not take it for a video path). */
    public static boolean isSubcommand(String word) {
        return word != null && SUBCOMMANDS.stream().anyMatch(c -> name(c).equals(word));
    }

    private static String name(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }
}
