package org.dancelens.inference.graph;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The one table from operator type to the rule that handles it (converting a TF.js op, differentiating an ONNX op),
 * filled by op-family classes: each family registers its own rules, so adding an op means adding one rule in one
 * family. An op type registered twice is a programming error.
 *
 * @param <R> the rule type
 */
public final class OpTable<R> {
    private final Map<String, R> rules = new LinkedHashMap<>();

    private OpTable() {
    }

    /** A table filled by these families, in order. */
    @SafeVarargs
    public static <R> OpTable<R> of(Consumer<OpTable<R>>... families) {
        OpTable<R> t = new OpTable<>();
        for (Consumer<OpTable<R>> f : families) {
            f.accept(t);
        }
        return t;
    }

    /** Registers one rule for these op types. */
    public OpTable<R> add(R rule, String... opTypes) {
        for (String op : opTypes) {
            if (rules.putIfAbsent(op, rule) != null) {
                throw new IllegalStateException("two rules for the op " + op);
            }
        }
        return this;
    }

    /** The rule for that op type, or null when no family handles it. */
    public R get(String opType) {
        return rules.get(opType);
    }

    /** The op types with a rule, in the order they were registered. */
    public List<String> opTypes() {
        return List.copyOf(rules.keySet());
    }
}
