package org.dancelens.inference;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Jackson's parse and binding errors (JSON and YAML) as plain words for a sentence: where (line and column) and
 * what, without Jackson's type names, source references and advice about its own features. The full text stays in
 * the exception, for the log.
 */
public final class ParseErrors {
    /** How much of a value from the file a sentence quotes at most. */
    public static final int MAX_QUOTE_LENGTH = 40;

    private static final Pattern CODE = Pattern.compile("\\s*\\(code -?\\d+\\)");
    private static final Pattern CTRL = Pattern.compile("\\(\\(CTRL-CHAR, code \\d+\\)\\)");
    private static final Pattern TOKEN = Pattern.compile("\\(token `JsonToken\\.(\\w+)`\\)");

    private ParseErrors() {
    }

    /** {@code line L, column C} of the error, or an empty string when Jackson gave no position. */
    public static String where(JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        if (loc == null || loc.getLineNr() < 1) {
            return "";
        }
        return "line " + loc.getLineNr() + (loc.getColumnNr() > 0 ? ", column " + loc.getColumnNr() : "");
    }

    /**
     * What is wrong with the text at {@link #where}, as a clause for a sentence (lower case, no final full stop):
     * for example {@code the text ends before the object that starts on line 1 is closed}.
     */
    public static String syntax(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) {
            return "it is nested too deeply or holds too long a number or text for DanceLens to read";
        }
        if (e instanceof InputCoercionException) {
            return "a number is too large";
        }
        if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException y && y.getProblem() != null) {
            String r = y.getProblem().replaceAll("\\s+", " ").strip();
            r = r.replace("\\t", "a tab").replace("'\t'", "a tab");
            return r.length() > 160 ? r.substring(0, 157) + "..." : r;
        }
        String m = e.getOriginalMessage();
        if (m == null || m.isBlank()) {
            return "it is not well-formed";
        }
        if (m.startsWith("Unexpected end-of-input")) {
            return "the text ends too early (is the file cut off?)";
        }
        if (m.startsWith("Non-standard token '")) {
            int end = m.indexOf('\'', 20);
            return quote(end > 20 ? m.substring(20, end) : "?") + " is not a number JSON allows";
        }
        if (m.startsWith("Invalid UTF-8") || m.contains("Invalid UTF-")) {
            return "the text is not UTF-8";
        }
        if (m.startsWith("Expected a field name")) {
            return "a field name must be plain text, not a list or a mapping";
        }
        if (m.contains("Duplicate field '")) {
            int s = m.indexOf("Duplicate field '") + 17;
            int end = m.indexOf('\'', s);
            return "the field " + quote(end > s ? m.substring(s, end) : "?") + " appears twice";
        }
        String r = m;
        int cut = indexOfAny(r, "\n", " at [Source", " (start marker at", " (for Object starting at", " (for Array starting at", " (for root starting at");
        if (cut >= 0) {
            r = r.substring(0, cut);
        }
        r = CTRL.matcher(r).replaceAll("(a control character)");
        r = r.replaceAll("<[a-z]+\\.[\\w.$]+[^>]*>", "something else"); // a parser's event or token object
        r = CODE.matcher(r).replaceAll("");
        int tick = r.indexOf('`');
        if (tick >= 0) {
            r = r.substring(0, tick);
        }
        r = r.replaceAll("[\\s:;,(]+$", "").strip();
        if (r.isEmpty()) {
            return "it is not well-formed";
        }
        r = Character.toLowerCase(r.charAt(0)) + r.substring(1);
        return r.length() > 160 ? r.substring(0, 157) + "..." : r;
    }

    /**
     * What is wrong with the value at {@code field} (a readable path such as {@code inputs[0].shape[1]}) when it
     * could not be bound to its type: {@code 'inputs[0].shape[1]' must be a whole number, not "abc"}.
     */
    public static String binding(JsonMappingException e, String field) {
        String f = "'" + field + "'";
        if (e instanceof UnrecognizedPropertyException u) {
            return "the field " + quote(String.valueOf(u.getPropertyName())) + (field.contains(".") || field.contains("[")
                    ? " (at '" + field + "')" : "") + " is not one a card can have";
        }
        if (e instanceof InvalidNullException) {
            return f + " is empty (null)";
        }
        if (e instanceof InvalidFormatException i) {
            return f + " must be " + kind(i.getTargetType()) + ", not " + quote(String.valueOf(i.getValue()));
        }
        if (e instanceof MismatchedInputException mi && mi.getTargetType() != null) {
            String m = String.valueOf(e.getOriginalMessage());
            var t = TOKEN.matcher(m);
            String found = t.find() ? tokenKind(t.group(1)) : m.contains("from Floating-point value") || m.contains("Floating-point value (")
                    ? "a decimal number" : null;
            return f + " must be " + kind(mi.getTargetType()) + (found != null ? ", not " + found : "");
        }
        if (e.getCause() instanceof InputCoercionException) {
            return f + " is too large a number";
        }
        return f + " cannot be read (" + syntax(e) + ")";
    }

    /** The readable path of a binding error: {@code inputs[0].shape[1]}; empty at the top. */
    public static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                String name = r.getFieldName().replaceAll("\\p{Cntrl}", "?");
                sb.append(name.length() > 30 ? name.substring(0, 27) + "..." : name);
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.length() > 100 ? "..." + sb.substring(sb.length() - 97) : sb.toString();
    }

    private static String tokenKind(String token) {
        return switch (token) {
            case "START_OBJECT" -> "a mapping";
            case "START_ARRAY" -> "a list";
            case "VALUE_STRING" -> "text";
            case "VALUE_NUMBER_INT" -> "a whole number";
            case "VALUE_NUMBER_FLOAT" -> "a decimal number";
            case "VALUE_TRUE", "VALUE_FALSE" -> "true or false";
            default -> null;
        };
    }

    /** A value's kind as a user would say it: {@code a whole number}, {@code a list}, {@code one of a, b or c}. */
    static String kind(Type t) {
        Class<?> c = t instanceof Class<?> k ? k : t instanceof ParameterizedType p && p.getRawType() instanceof Class<?> k ? k : Object.class;
        if (c == Long.class || c == Integer.class || c == Short.class || c == long.class || c == int.class || c == short.class
                || c == java.math.BigInteger.class) {
            return "a whole number";
        }
        if (c == Double.class || c == Float.class || c == double.class || c == float.class || c == java.math.BigDecimal.class) {
            return "a number";
        }
        if (c == Boolean.class || c == boolean.class) {
            return "true or false";
        }
        if (c == String.class) {
            return "text";
        }
        if (Collection.class.isAssignableFrom(c) || c.isArray()) {
            return "a list";
        }
        if (c.isEnum()) {
            List<String> names = new java.util.ArrayList<>();
            for (Object o : c.getEnumConstants()) {
                try {
                    var p = c.getField(((Enum<?>) o).name()).getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
                    names.add(p != null ? p.value() : ((Enum<?>) o).name().toLowerCase(Locale.ROOT));
                } catch (NoSuchFieldException ex) {
                    names.add(((Enum<?>) o).name().toLowerCase(Locale.ROOT));
                }
            }
            return "one of " + String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
        }
        if (Map.class.isAssignableFrom(c) || c.isRecord()) {
            return "a mapping (key: value lines)";
        }
        return "something else";
    }

    /** A value from the file in double quotes, shortened, on one line. */
    public static String quote(String value) {
        String v = value.replaceAll("\\p{Cntrl}", "?");
        if (v.length() > MAX_QUOTE_LENGTH) {
            v = v.substring(0, MAX_QUOTE_LENGTH - 3) + "...";
        }
        return "\"" + v + "\"";
    }

    private static int indexOfAny(String s, String... parts) {
        int best = -1;
        for (String p : parts) {
            int i = s.indexOf(p);
            if (i >= 0 && (best < 0 || i < best)) {
                best = i;
            }
        }
        return best;
    }
}
