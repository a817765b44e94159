package org.dancelens.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.dancelens.core.DanceLensException;

/**
 * The property every fuzz test of a parser of untrusted input checks: the parser either returns a value or throws a
 * bad-input {@link DanceLensException} whose message is one plain sentence. Anything else is a crash: another
 * exception or error (a NullPointerException, an index out of bounds, an OutOfMemoryError on a tiny input), no answer
 * within {@link #DEADLINE_SECONDS} (a hang), or a message of several lines, with a Java type name, a stack frame or a
 * C++ source path in it, or none at all.
 */
public final class FuzzChecks {
    /** How long one input may take before it counts as a hang. */
    public static final long DEADLINE_SECONDS = 30;

    /** The longest sentence we accept (a message that echoes a whole input back is not a plain sentence). */
    public static final int MAX_LENGTH = 400;

    /** What must never reach a user: Java packages and type names, stack frames, C/C++ source paths. */
    private static final Pattern LEAK = Pattern.compile(
            "\\bjava\\.|\\bjavax\\.|\\bjdk\\.|\\bsun\\.|\\bcom\\.fasterxml\\b|\\borg\\.apache\\b|\\bcom\\.google\\b|\\bai\\.onnx"
                    + "|\\borg\\.yaml\\b|\\borg\\.snakeyaml\\b|\\borg\\.dancelens\\b|Exception|\\bat [\\w$.]+\\(|\\.(cc|cpp|cxx|h|hpp):\\d"
                    + "|\\[ErrorCode:|\\(class [\\w.$]+\\)|`[\\w.$]+`");

    /** Exceptions that, found as the cause of a refusal, show that a bug was merely caught rather than the input checked. */
    private static final List<Class<? extends Throwable>> BUGS = List.of(NullPointerException.class, IndexOutOfBoundsException.class,
            ClassCastException.class, ArithmeticException.class, NegativeArraySizeException.class, ArrayStoreException.class,
            java.nio.BufferUnderflowException.class, java.nio.BufferOverflowException.class,
            StackOverflowError.class, OutOfMemoryError.class);

    private static final ExecutorService WORKER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fuzz-parser");
        t.setDaemon(true);
        return t;
    });

    /** The fuzz test's current input (as UTF-8 text), or empty: see {@link #input}. */
    private static volatile String input = "";

    private FuzzChecks() {
    }

    /**
     * Tells the checks which input the fuzz test is reading (null when it is done): a word from the input that a
     * message repeats (a file named {@code javax.a.mp4}, a header column {@code ExceptionVideo}) is the user's own
     * text, not a leak.
     */
    public static void input(byte[] data) {
        input = data == null ? "" : new String(data, java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Runs {@code parse} within the deadline: returns its value, or null when it refused the input in one plain
     * sentence (checked with {@link #assertPlainRefusal}); throws {@link AssertionError} for every other outcome.
     */
    public static <T> T parseOrRefuse(Supplier<T> parse) {
        return parseOrRefuse(parse, true);
    }

    /**
     * As {@link #parseOrRefuse(Supplier)}; with {@code strictCause} false a refusal may have caught a bug on the way
     * (for code whose designed safety net turns any failure of one part into a sentence naming that part).
     */
    public static <T> T parseOrRefuse(Supplier<T> parse, boolean strictCause) {
        Future<T> f = WORKER.submit(parse::get);
        try {
            return f.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new AssertionError("The parser gave no answer within " + DEADLINE_SECONDS + " s (a hang).");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for the parser.", e);
        } catch (ExecutionException e) {
            Throwable t = e.getCause();
            if (t instanceof DanceLensException d) {
                if (strictCause) {
                    assertPlainRefusal(d);
                } else if (d.kind() != DanceLensException.Kind.BAD_INPUT) {
                    throw new AssertionError("Refused as " + d.kind() + ", not as bad input: " + d.getMessage(), d);
                } else {
                    assertPlainSentence(d.getMessage(), d);
                }
                return null;
            }
            throw new AssertionError("The parser crashed instead of refusing the input in a sentence: " + t, t);
        }
    }

    /** As {@link #parseOrRefuse(Supplier)} for a parser whose value is not needed. */
    public static void parseOrRefuse(Runnable parse) {
        parseOrRefuse(() -> {
            parse.run();
            return Boolean.TRUE;
        });
    }

    /** A bad-input refusal whose message is one plain sentence, with no bug caught on the way as its cause. */
    public static void assertPlainRefusal(DanceLensException d) {
        if (d.kind() != DanceLensException.Kind.BAD_INPUT) {
            throw new AssertionError("Refused as " + d.kind() + ", not as bad input: " + d.getMessage(), d);
        }
        assertPlainSentence(d.getMessage(), d);
        for (Throwable c = d.getCause(); c != null; c = c.getCause()) {
            for (Class<? extends Throwable> bug : BUGS) {
                if (bug.isInstance(c)) {
                    throw new AssertionError("The refusal hides a bug (" + c + "): " + d.getMessage(), d);
                }
            }
        }
    }

    /** One line, not empty, not too long, without Java type names, stack frames or C++ paths. */
    public static void assertPlainSentence(String message, Throwable where) {
        if (message == null || message.isBlank()) {
            throw new AssertionError("The refusal has no message.", where);
        }
        if (message.indexOf('\n') >= 0 || message.indexOf('\r') >= 0) {
            throw new AssertionError("The message has several lines: " + message, where);
        }
        if (message.length() > MAX_LENGTH) {
            throw new AssertionError("The message is " + message.length() + " characters long: " + message, where);
        }
        // Values quoted from the input ("...", '...') may hold anything; what is outside the quotes is ours.
        String outside = message.replaceAll("\"[^\"]*\"|'[^']*'", "\"\"");
        var m = LEAK.matcher(outside);
        while (m.find()) {
            if (!fromInput(outside, m.start(), m.end())) {
                throw new AssertionError("The message leaks '" + m.group() + "': " + message, where);
            }
        }
    }

    /** Whether the word around {@code [start, end)} of {@code message} (up to spaces, slashes, commas, quotes, brackets) is in the input. */
    private static boolean fromInput(String message, int start, int end) {
        String in = input;
        if (in.isEmpty()) {
            return false;
        }
        int s = start;
        int e = end;
        while (s > 0 && " \t/\\,\"'()".indexOf(message.charAt(s - 1)) < 0) {
            s--;
        }
        while (e < message.length() && " \t/\\,\"'()".indexOf(message.charAt(e)) < 0) {
            e++;
        }
        while (e > end && ".:;".indexOf(message.charAt(e - 1)) >= 0) {
            e--; // the sentence's own punctuation
        }
        String word = message.substring(s, e);
        // A long value is shown shortened, with "..." where it was cut.
        if (word.startsWith("...")) {
            word = word.substring(3);
        }
        if (word.endsWith("...")) {
            word = word.substring(0, word.length() - 3);
        }
        // Messages show control and invisible characters of the input as '?': compare with the input shown the same way.
        return in.contains(word) || in.replaceAll("[\\p{Cc}\\p{Cf}]", "?").contains(word);
    }

    /** A fresh folder for one fuzz test class, removed when the JVM ends. */
    public static Path scratch(String name) {
        try {
            Path dir = Files.createTempDirectory("dancelens-fuzz-" + name);
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code bytes} to {@code file} (replacing it). */
    public static Path write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
