package org.dancelens.ui;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.regex.Pattern;
import org.dancelens.core.DanceLensException;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a failure becomes what the workbench's user reads: the plain sentence of a {@link DanceLensException},
 * or, for our own bugs (an exception that carries no sentence for the user, or a message that would show Java
 * type names, stack frames or C++ source paths), a generic sentence saying where the log is. The stack trace goes
 * to the log, once, where the failure is finally handled ({@link #logged}).
 */
public final class Failures {
    private static final Logger LOG = LoggerFactory.getLogger(Failures.class);
    /**
     * Java type names of exceptions and errors: qualified ("java.io.IOException"), any simple "…Exception"
     * ("OrtException") and the JVM's own errors ("OutOfMemoryError"); not a file name ("Exceptions.mp4").
     */
    private static final Pattern TYPE_NAME = Pattern.compile("(?:\\b(?:[a-z_][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error)"
            + "|\\b[A-Z][A-Za-z0-9_$]*Exception|\\b(?:OutOfMemory|StackOverflow|Assertion|NoClassDefFound|UnsatisfiedLink|ExceptionInInitializer)Error)"
            + "\\b(?!\\.[A-Za-z0-9])");
    /** A stack frame ("at org.x.Y.z(Y.java:12)") or a C/C++ source position ("onnxruntime/core/x.cc:123"). */
    private static final Pattern INTERNALS = Pattern.compile("\\bat [\\w$.]+\\([\\w$]+\\.java:\\d+\\)|\\bat [\\w$.]+\\.[\\w$<>]+\\(|[\\w/.-]+\\.(?:c|cc|cpp|cxx|h|hpp):\\d+");

    private Failures() {
    }

    /** The sentence the user reads for this failure: its own sentence, or the generic one for our own bugs. */
    public static String sentence(Throwable t) {
        String own = ownSentence(t);
        return own != null ? own : generic();
    }

    /**
     * Logs the failure with its stack trace (a warning for bad input, an error for our own bugs; nothing for a
     * cancel) and returns {@link #sentence}.
     *
     * @param doing what failed, for the log ("opening x.mp4", "the analysis")
     */
    public static String logged(Logger log, String doing, Throwable t) {
        String own = ownSentence(t);
        if (t instanceof DanceLensException d && d.kind() == DanceLensException.Kind.CANCELLED) {
            log.info("{} was cancelled", doing);
        } else if (own == null) {
            log.error("{} failed (a DanceLens bug; the user was shown the generic sentence): {}", doing, t, t);
        } else {
            log.warn("{} failed: {}", doing, own, t);
        }
        return own != null ? own : generic();
    }

    /** Whether this failure is one of our own bugs (it has no sentence meant for the user). */
    public static boolean isOurBug(Throwable t) {
        return ownSentence(t) == null;
    }

    /** The generic sentence shown for our own bugs. */
    public static String generic() {
        return "Something went wrong inside DanceLens; details are in the log at " + logFileText() + ".";
    }

    /**
     * The user-facing sentence a failure carries, on one line, or null when it has none fit to show: no
     * {@link DanceLensException} in its causes, the task runner's wrapping of an exception that is not ours, or a
     * message that shows internals.
     */
    static String ownSentence(Throwable t) {
        DanceLensException d = null;
        for (Throwable c = t; c != null && d == null; c = c.getCause()) {
            if (c instanceof DanceLensException x) {
                d = x;
            }
        }
        if (d == null || d.getMessage() == null || d.getMessage().isBlank()) {
            return null;
        }
        if (wrapsForeign(d)) {
            return null; // the runner's generic wrapping, which names the Java type
        }
        String s = d.getMessage().strip().replaceAll("\\s+", " ");
        if (TYPE_NAME.matcher(s).find() || INTERNALS.matcher(s).find()) {
            LOG.warn("A failure's message shows internals and was not shown to the user: {}", s);
            return null;
        }
        return s;
    }

    /** Whether {@code d} is the task runner's wrapping of an exception of no sentence of ours (a bug of ours, or a library's failure). */
    private static boolean wrapsForeign(DanceLensException d) {
        Throwable cause = d.getCause();
        if (d.kind() != DanceLensException.Kind.INTERNAL || cause == null) {
            return false;
        }
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (c instanceof DanceLensException) {
                return false;
            }
        }
        return d.getMessage().equals(DanceLensException.userMessage(cause));
    }

    /** The log file the workbench writes (from the logging configuration), e.g. ~/.local/state/dancelens/dancelens.log. */
    public static Path logFile() {
        ILoggerFactory f = LoggerFactory.getILoggerFactory();
        if (f instanceof ch.qos.logback.classic.LoggerContext ctx) {
            Iterator<ch.qos.logback.core.Appender<ch.qos.logback.classic.spi.ILoggingEvent>> it =
                    ctx.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders();
            while (it.hasNext()) {
                if (it.next() instanceof ch.qos.logback.core.FileAppender<?> fa && fa.getFile() != null) {
                    return Path.of(fa.getFile()).toAbsolutePath().normalize();
                }
            }
        }
        // where the launcher points the log (LogSetup), should another logging backend be in use
        return org.dancelens.core.UserFolders.logs().resolve("dancelens.log");
    }

    /** {@link #logFile()} as shown to the user (the home folder as ~). */
    public static String logFileText() {
        String home = org.dancelens.core.UserFolders.home().toString();
        String s = logFile().toString();
        return home != null && !home.isEmpty() && s.startsWith(home + "/") ? "~" + s.substring(home.length()) : s;
    }
}
