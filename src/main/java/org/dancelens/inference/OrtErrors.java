package org.dancelens.inference;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.dancelens.core.DanceLensException;

/**
 * ONNX Runtime's failures as one plain sentence. Its own text starts with an error code, names the C++ source file,
 * line and function that failed and may run over several lines; none of that is for a user (it stays in the cause,
 * for the log). A model file that ONNX Runtime cannot load is first looked at by DanceLens itself, so that an empty,
 * cut-off or damaged file is said to be so.
 */
public final class OrtErrors {
    /** How much of ONNX Runtime's reason a sentence quotes at most. */
    static final int MAX_REASON = 200;

    private static final Pattern CODE = Pattern.compile("^\\s*Error code - \\w+ - message:\\s*");
    private static final Pattern LOAD_FROM = Pattern.compile("^Load model from .*? failed:\\s*", Pattern.DOTALL);
    private static final Pattern RUNTIME_CODE = Pattern.compile("\\[ONNXRuntimeError\\]\\s*:\\s*\\d+\\s*:\\s*\\w+\\s*:\\s*");
    private static final Pattern SOURCE = Pattern.compile("\\S*\\.(?:cc|cpp|cxx|c|h|hpp|inc):\\d+\\s*");
    /** What comes before a C++ function's parameter list: return type and qualified name ({@code ns::Status ns::f}). */
    private static final Pattern SIGNATURE_HEAD = Pattern.compile("[\\w:<>,&*~ ]*::[\\w:<>,&*~ ]*");
    private static final Pattern INIT = Pattern.compile("^Exception during initialization:\\s*");

    private OrtErrors() {
    }

    /**
     * The reason in ONNX Runtime's message: without the error code, the file it was loading, C++ source paths and
     * function signatures, on one line, at most {@value #MAX_REASON} characters, without a final full stop; empty when
     * nothing is left.
     */
    public static String reason(String ortMessage) {
        if (ortMessage == null) {
            return "";
        }
        String s = CODE.matcher(ortMessage).replaceFirst("");
        s = LOAD_FROM.matcher(s).replaceFirst("");
        s = RUNTIME_CODE.matcher(s).replaceAll("");
        s = INIT.matcher(s.strip()).replaceFirst("");
        StringBuilder out = new StringBuilder();
        var m = SOURCE.matcher(s);
        int at = 0;
        while (m.find(at)) {
            out.append(s, at, m.start());
            at = skipSignature(s, m.end());
        }
        out.append(s.substring(at));
        String r = out.toString().strip();
        int nl = r.indexOf('\n');
        r = (nl < 0 ? r : r.substring(0, nl)).replaceAll("\\s+", " ").strip();
        int sentence = r.indexOf(". ");
        if (sentence > 0) {
            r = r.substring(0, sentence); // the first sentence says what failed; the rest is ONNX Runtime's commentary
        }
        if (r.length() > MAX_REASON) {
            int cut = r.lastIndexOf(' ', MAX_REASON);
            r = r.substring(0, cut > MAX_REASON / 2 ? cut : MAX_REASON) + "...";
        }
        while (r.endsWith(".") && !r.endsWith("...")) {
            r = r.substring(0, r.length() - 1);
        }
        return r;
    }

    /**
     * After a C++ source position, the function signature that follows it ({@code ns::Class::f(args...) const}):
     * the index just after it, or {@code from} when none follows.
     */
    private static int skipSignature(String s, int from) {
        int paren = s.indexOf('(', from);
        if (paren < 0 || !SIGNATURE_HEAD.matcher(s.substring(from, paren)).matches()) {
            return from;
        }
        int depth = 0;
        int i = paren;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                i++;
                break;
            }
        }
        if (s.startsWith(" const", i)) {
            i += 6;
        }
        return i;
    }

    /**
     * Why ONNX Runtime could not load the model file {@code onnx}: an empty file, a file that is not ONNX (or is cut off
     * or damaged), one without a graph, or else ONNX Runtime's reason (see {@link #reason}).
     *
     * @param what how the sentence names the model, e.g. {@code "The model movenet (movenet.onnx)"}
     */
    public static DanceLensException cannotLoad(Path onnx, String what, Exception e) {
        String problem = fileProblem(onnx);
        if (problem != null) {
            return DanceLensException.badInput(what + " cannot be loaded: " + problem + ".", e);
        }
        return cannotLoad(what, e);
    }

    /** As {@link #cannotLoad(Path, String, Exception)} for a model held in memory. */
    public static DanceLensException cannotLoad(byte[] onnx, String what, Exception e) {
        String problem = onnx.length == 0 ? "it is empty" : parseProblem(onnx);
        if (problem != null) {
            return DanceLensException.badInput(what + " cannot be loaded: " + problem + ".", e);
        }
        return cannotLoad(what, e);
    }

    /** ONNX Runtime could not load the model (as DJL reports it, or directly): its reason, from the root cause. */
    static DanceLensException cannotLoad(String what, Throwable e) {
        String r = reason(root(e).getMessage());
        return DanceLensException.badInput(what + " cannot be loaded by ONNX Runtime" + (r.isEmpty() ? "" : ": " + r) + ".", e);
    }

    /**
     * The reason of a failure that came through DJL (which wraps ONNX Runtime's exception in its own) as a fragment
     * ending in a full stop: ONNX Runtime's reason from the root cause, see {@link #reason}.
     */
    static String reasonOf(Throwable e) {
        String r = reason(root(e).getMessage());
        return r.isEmpty() ? "ONNX Runtime gave no reason (details in the log)." : r + ".";
    }

    private static Throwable root(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    /** What is wrong with the file as ONNX, seen without ONNX Runtime; null when it looks like a model. */
    static String fileProblem(Path onnx) {
        try {
            if (!Files.isRegularFile(onnx)) {
                return "the file is not there";
            }
            if (Files.size(onnx) == 0) {
                return "the file is empty (0 bytes)";
            }
            try (InputStream in = Files.newInputStream(onnx)) {
                return problemOf(OnnxMl.ModelProto.parseFrom(in));
            }
        } catch (InvalidProtocolBufferException ex) {
            return "the file is not an ONNX model, or it is cut off or damaged";
        } catch (IOException ex) {
            return "the file cannot be read";
        }
    }

    private static String parseProblem(byte[] onnx) {
        try {
            return problemOf(OnnxMl.ModelProto.parseFrom(onnx));
        } catch (InvalidProtocolBufferException ex) {
            return "it is not an ONNX model, or it is cut off or damaged";
        }
    }

    private static String problemOf(OnnxMl.ModelProto m) {
        if (!m.hasGraph()) {
            return "the file holds no ONNX graph (it is not an ONNX model, or it is cut off or damaged)";
        }
        return null;
    }
}
