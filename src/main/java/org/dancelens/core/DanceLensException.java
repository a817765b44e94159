package org.dancelens.core;

/**
 * The one exception family of DanceLens. {@link #getMessage()} is a plain sentence meant for the user
 * (it names the file and what is wrong); the cause, if any, is for the log.
 */
public class DanceLensException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What kind of failure: decides the CLI exit code (2 for bad input, 1 for internal failures). */
    public enum Kind { BAD_INPUT, CANCELLED, INTERNAL }

    private final Kind kind;

    public DanceLensException(Kind kind, String userMessage, Throwable cause) {
        super(userMessage, cause);
        this.kind = kind;
    }

    public DanceLensException(Kind kind, String userMessage) {
        this(kind, userMessage, null);
    }

    public static DanceLensException badInput(String userMessage) {
        return new DanceLensException(Kind.BAD_INPUT, userMessage);
    }

    public static DanceLensException badInput(String userMessage, Throwable cause) {
        return new DanceLensException(Kind.BAD_INPUT, userMessage, cause);
    }

    public static DanceLensException internal(String userMessage, Throwable cause) {
        return new DanceLensException(Kind.INTERNAL, userMessage, cause);
    }

    public Kind kind() {
        return kind;
    }

    /** Exit code a command-line tool should use for this failure. */
    public int exitCode() {
        return switch (kind) {
            case BAD_INPUT -> 2;
            case CANCELLED -> 130;
            case INTERNAL -> 1;
        };
    }

    /**
     * The user-facing sentence for any throwable: our own message where we have one, a generic sentence
     * otherwise (the details belong in the log).
     */
    public static String userMessage(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof DanceLensException d && d.getMessage() != null) {
                return d.getMessage();
            }
        }
        return "Something went wrong inside DanceLens (" + t.getClass().getSimpleName() + "); details are in the log.";
    }
}
