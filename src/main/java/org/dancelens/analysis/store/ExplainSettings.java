package org.dancelens.analysis.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.dancelens.core.DanceLensException;

/**
 * The settings an explain run records (its JSON text is part of the run's identity): the layer explained, the method,
 * the class choice ({@code top} for each frame's top label, or a label), every how many frames of the range a map was
 * made, the residual blocks left out, and what the maps need to be shown again — the model's input size (stored maps
 * upsample to it), the frame size and the model's labels.
 */
public record ExplainSettings(String layer, String method, String classChoice, int every, List<String> without, int inputHeight, int inputWidth,
                              int frameWidth, int frameHeight, List<String> labels) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public ExplainSettings {
        without = List.copyOf(without);
        labels = List.copyOf(labels);
        if (every < 1) {
            throw new IllegalArgumentException("every must be at least 1");
        }
    }

    /** The JSON text stored (fixed field order; {@code every} and {@code without} only when not the default). */
    public String toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("layer", layer);
        n.put("method", method);
        n.put("class", classChoice);
        n.put("inputHeight", inputHeight);
        n.put("inputWidth", inputWidth);
        n.put("frameWidth", frameWidth);
        n.put("frameHeight", frameHeight);
        ArrayNode l = n.putArray("labels");
        labels.forEach(l::add);
        if (every != 1) {
            n.put("every", every);
        }
        if (!without.isEmpty()) {
            ArrayNode w = n.putArray("without");
            without.forEach(w::add);
        }
        return n.toString();
    }

    /** The settings of a stored explain run. */
    public static ExplainSettings of(Run run) {
        if (run.kind() != RunKind.EXPLAIN) {
            throw new IllegalArgumentException("run " + run.id() + " is a " + run.kind().key() + " run");
        }
        return parse(run.spec().settings(), "run " + run.id());
    }

    static ExplainSettings parse(String json, String what) {
        try {
            JsonNode n = JSON.readTree(json);
            return new ExplainSettings(n.path("layer").asText(), n.path("method").asText(), n.path("class").asText("top"),
                    Math.max(1, n.path("every").asInt(1)), strings(n.path("without")), n.path("inputHeight").asInt(), n.path("inputWidth").asInt(),
                    n.path("frameWidth").asInt(), n.path("frameHeight").asInt(), strings(n.path("labels")));
        } catch (IOException e) {
            throw DanceLensException.internal("The settings of the explain " + what + " are not readable JSON.", e);
        }
    }

    /** Whether a map of frame {@code f} belongs to a run over {@code [from, ...)} made every {@link #every} frames. */
    public boolean covers(int from, int f) {
        return f >= from && (f - from) % every == 0;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(x -> out.add(x.asText()));
        return out;
    }
}
