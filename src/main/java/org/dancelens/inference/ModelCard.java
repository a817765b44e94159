package org.dancelens.inference;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dancelens.core.AtomicFiles;
import org.dancelens.core.DanceLensException;

/**
 * The human-editable description of a model that DanceLens runs: identity, provenance, input pre-processing and
 * output decoding, and what the model looks at and was trained on (src/docs/model-cards.md). Read once from YAML into these records and validated; nothing else
 * parses model files by name.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@com.fasterxml.jackson.annotation.JsonPropertyOrder({"id", "name", "version", "task", "license", "looksAt", "content", "description"})
public record ModelCard(
        String id,
        String name,
        String version,
        Task task,
        String license,
        String description,
        Provenance provenance,
        List<TensorSpec> inputs,
        List<OutputSpec> outputs,
        List<String> labels,
        String keypoints,
        Map<String, Object> explain,
        Map<String, Object> options,
        SequenceSpec sequence,
        ClipSpec clip,
        LooksAt looksAt,
        String content) {

    /** The longest {@code content} a card may give (a few words: it is shown beside the model's name). */
    public static final int MAX_CONTENT = 60;

    /** A card without {@code looksAt} and {@code content} (cards of older DanceLens versions say neither). */
    public ModelCard(String id, String name, String version, Task task, String license, String description, Provenance provenance,
                     List<TensorSpec> inputs, List<OutputSpec> outputs, List<String> labels, String keypoints, Map<String, Object> explain,
                     Map<String, Object> options, SequenceSpec sequence, ClipSpec clip) {
        this(id, name, version, task, license, description, provenance, inputs, outputs, labels, keypoints, explain, options, sequence, clip,
                null, null);
    }

    /**
     * What the model was trained to look at ({@code looksAt} in the card): whole video frames, one person cropped out
     * of a frame, a face filling the picture, or skeletons (pose tracks). Optional: a card without it says nothing.
     */
    public enum LooksAt {
        @JsonProperty("frames") FRAMES,
        @JsonProperty("person-crops") PERSON_CROPS,
        @JsonProperty("faces") FACES,
        @JsonProperty("skeletons") SKELETONS;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * Whether the card says the model was trained on dance ({@code content: dance}, or a phrase starting with it such
     * as {@code dance styles}).
     */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isAboutDance() {
        return content != null && content.strip().toLowerCase(java.util.Locale.ROOT).matches("dance\\b.*");
    }

    /** What the model does. */
    public enum Task {
        @JsonProperty("pose") POSE,
        @JsonProperty("frame-classifier") FRAME_CLASSIFIER,
        @JsonProperty("sequence-classifier") SEQUENCE_CLASSIFIER,
        @JsonProperty("clip-classifier") CLIP_CLASSIFIER,
        @JsonProperty("scorer") SCORER,
        @JsonProperty("segmenter") SEGMENTER,
        @JsonProperty("detector") DETECTOR;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** Where the model came from, so every number can be traced to what made it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Provenance(String source, String sourceSha256, String converter, String onnx, String onnxSha256) {
    }

    /** One input tensor and how to fill it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TensorSpec(String name, String layout, String dtype, List<Long> shape, Preprocess preprocess) {
    }

    /**
     * Image pre-processing: value = (pixel * scale + offset - mean) / std, per channel, in the given colour order;
     * read and applied by {@link org.dancelens.inference.image.ImageInput}.
     *
     * @param resize     {@code stretch} (default), {@code center-crop} or {@code letterbox}; pose cards also
     *                   {@code roi-warp} (a rotated square the pipeline chooses, as BlazePose's landmark model reads)
     * @param colorOrder {@code RGB} (default), {@code BGR} or {@code GRAY} (one channel)
     * @param crop       {@code frame} (default: the whole frame) or {@code person} (each tracked dancer's box)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Preprocess(String resize, String colorOrder, Double scale, Double offset, List<Double> mean, List<Double> std,
                             String crop) {
        public Preprocess(String resize, String colorOrder, Double scale, Double offset, List<Double> mean, List<Double> std) {
            this(resize, colorOrder, scale, offset, mean, std, null);
        }
    }

    /**
     * How a skeleton model's input is built from a pose track (sequence classifiers and skeleton scorers). Every
     * field has a default, so a card only states what differs.
     *
     * @param keypoints   {@code world} (3-D world coordinates, default) or {@code image} (2-D pixel coordinates)
     * @param schema      the joint schema the model expects ({@code coco-17}); other schemas are mapped by joint name
     * @param axisSigns   multiplied into each coordinate after mapping (e.g. {@code [1, -1, -1]} turns BlazePose's
     *                    y-down, z-away world into y-up, facing +z)
     * @param fps         the model's frame rate; tracks are resampled to it (linear interpolation)
     * @param length      frames per model input (default: the input tensor's second dimension)
     * @param windows     {@code sliding} (default: windows of {@code length} frames every {@code hop} frames, the
     *                    last one aligned to the end; a shorter track is one zero-padded window) or {@code whole}
     *                    (the whole track: linspace-sampled to {@code length} when longer, zero-padded when shorter)
     * @param hop         frames between window starts at the model's rate (default length / 4)
     * @param center      joints whose mean is subtracted per frame (default: none)
     * @param scale       {@code sequence-max-norm} (divide by the largest joint distance from the centre over the
     *                    whole window, default) or {@code none}
     * @param velocity    append per-joint velocities (difference to the previous frame, 0 for the first)
     * @param layout      {@code joint-major} ({@code [j*C + c]}, default) or {@code channel-major} ({@code [c*J + j]})
     * @param maxGap      longest gap in a track, in seconds, bridged by interpolation; longer gaps split the track
     * @param movement    movement measures appended to every frame's features after the keypoints ({@code angles},
     *                    {@code angular_speeds}, {@code speeds}, {@code energy}; see {@code SkeletonRecipe}); absent or
     *                    empty: none, as in cards written before movement features existed
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SequenceSpec(String keypoints, String schema, List<Double> axisSigns, Double fps, Integer length, String windows,
                               Integer hop, List<String> center, String scale, Boolean velocity, String layout, Double maxGap,
                               List<String> movement) {
        /** A recipe without movement features. */
        public SequenceSpec(String keypoints, String schema, List<Double> axisSigns, Double fps, Integer length, String windows,
                            Integer hop, List<String> center, String scale, Boolean velocity, String layout, Double maxGap) {
            this(keypoints, schema, axisSigns, fps, length, windows, hop, center, scale, velocity, layout, maxGap, null);
        }
    }

    /**
     * How a clip model's input is sampled from the video: {@code fps} frames per second (default: the video's), the
     * clip length, height and width from the input's shape, a window every {@code hop} sampled frames (default:
     * the clip length).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ClipSpec(Double fps, Integer hop) {
    }

    /** One output tensor and how to read it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OutputSpec(String name, List<Long> shape, String decoding, String description) {
    }

    /** One configured mapper for every card (building one per card costs milliseconds; a configured mapper is thread-safe). */
    private static final ObjectMapper YAML = yaml();

    private static ObjectMapper yaml() {
        ObjectMapper m = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION))
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
        // A list item left empty ("shape: [1, ~]", "inputs: [null]") is an error, not a null for the code to trip over.
        m.setDefaultSetterInfo(com.fasterxml.jackson.annotation.JsonSetter.Value.forContentNulls(com.fasterxml.jackson.annotation.Nulls.FAIL));
        return m;
    }

    /** Reads and validates a card; errors name the file and the line. */
    public static ModelCard read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw DanceLensException.badInput("The model card " + file.getFileName() + " cannot be read: " + e.getMessage() + ".", e);
        }
        return parse(text, file.getFileName().toString());
    }

    public static ModelCard parse(String yamlText, String source) {
        ModelCard card;
        try {
            card = YAML.readValue(yamlText, ModelCard.class);
        } catch (JsonProcessingException e) {
            throw malformed(e, yamlText, source);
        }
        if (card == null) {
            throw DanceLensException.badInput("The model card " + source + " is empty.");
        }
        List<String> problems = card.problems();
        if (!problems.isEmpty()) {
            throw DanceLensException.badInput("The model card " + source + " is incomplete: " + problemList(problems) + ".");
        }
        return card;
    }

    /** A card that YAML or the binding refused, in one sentence naming the card, the line and the field. */
    private static DanceLensException malformed(JsonProcessingException e, String yamlText, String source) {
        JsonLocation loc = e.getLocation();
        int line = loc != null ? loc.getLineNr() : -1;
        String what;
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException jm && !jm.getPath().isEmpty()) {
            // Records are bound through their constructor, so Jackson reports the end of the object:
            // find the line of the offending field itself.
            Integer l = fieldLines(yamlText).get(pathOf(jm.getPath()));
            if (l != null) {
                line = l;
            }
            what = ParseErrors.binding(jm, ParseErrors.path(jm.getPath()));
        } else if (e instanceof com.fasterxml.jackson.databind.JsonMappingException jm) {
            what = jm instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException mi && mi.getTargetType() == ModelCard.class
                    ? "a card must be a mapping of fields (id: ..., name: ...)" : ParseErrors.syntax(e);
        } else {
            what = ParseErrors.syntax(e);
        }
        return DanceLensException.badInput("The model card " + source + (line > 0 ? " line " + line : "") + " is malformed: " + what + ".", e);
    }

    private static String pathOf(List<com.fasterxml.jackson.databind.JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (var r : refs) {
            if (r.getFieldName() != null) {
                sb.append('/').append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('/').append(r.getIndex());
            }
        }
        return sb.toString();
    }

    /** The line of every field in the YAML text, keyed by its path (e.g. {@code /inputs/0/shape}). */
    private static Map<String, Integer> fieldLines(String text) {
        Map<String, Integer> lines = new java.util.HashMap<>();
        try (com.fasterxml.jackson.core.JsonParser p = YAML.getFactory().createParser(text)) {
            java.util.ArrayDeque<Object> stack = new java.util.ArrayDeque<>(); // field name (String) or array index (int[])
            com.fasterxml.jackson.core.JsonToken t;
            String pendingField = null;
            while ((t = p.nextToken()) != null) {
                switch (t) {
                    case FIELD_NAME -> {
                        pendingField = p.currentName();
                        StringBuilder sb = new StringBuilder();
                        java.util.Iterator<Object> it = stack.descendingIterator();
                        while (it.hasNext()) {
                            Object o = it.next();
                            if (o != ANON) {
                                sb.append('/').append(o instanceof int[] a ? String.valueOf(a[0] - 1) : o);
                            }
                        }
                        lines.put(sb + "/" + pendingField, p.currentLocation().getLineNr());
                    }
                    case START_OBJECT, START_ARRAY -> {
                        advanceIndex(stack);
                        if (pendingField != null) {
                            stack.push(pendingField);
                            pendingField = null;
                        } else {
                            stack.push(ANON);
                        }
                        if (t == com.fasterxml.jackson.core.JsonToken.START_ARRAY) {
                            stack.push(new int[] {0});
                        }
                    }
                    case END_ARRAY -> {
                        stack.poll();
                        stack.poll();
                    }
                    case END_OBJECT -> stack.poll();
                    default -> {
                        advanceIndex(stack);
                        pendingField = null;
                    }
                }
            }
        } catch (IOException e) {
            // the binding error is reported without a line
        }
        return lines;
    }

    private static final Object ANON = new Object();

    private static void advanceIndex(java.util.ArrayDeque<Object> stack) {
        if (stack.peek() instanceof int[] a) {
            a[0]++;
        }
    }

    /** What is missing or inconsistent (empty when the card is valid). */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (id == null || !id.matches("[a-z0-9][a-z0-9._-]*")) {
            p.add("'id' must be lower-case letters, digits, '.', '_' or '-'");
        }
        if (name == null || name.isBlank()) {
            p.add("'name' is missing");
        }
        if (task == null) {
            p.add("'task' is missing (pose, frame-classifier, sequence-classifier, clip-classifier, scorer, segmenter or detector)");
        }
        if (license == null || license.isBlank()) {
            p.add("'license' is missing");
        }
        if (provenance == null || provenance.onnx() == null) {
            p.add("'provenance.onnx' (the ONNX file) is missing");
        }
        if (inputs == null || inputs.isEmpty()) {
            p.add("'inputs' is empty");
        } else {
            for (TensorSpec t : inputs) {
                if (t.name() == null) {
                    p.add("an input has no 'name'");
                }
                if (t.shape() != null && t.shape().stream().anyMatch(d -> d == 0 || d < -1)) {
                    p.add("input " + t.name() + " has an invalid shape " + t.shape());
                }
            }
        }
        if (outputs == null || outputs.isEmpty()) {
            p.add("'outputs' is empty");
        } else {
            for (OutputSpec o : outputs) {
                if (o.name() == null) {
                    p.add("an output has no 'name'");
                }
            }
        }
        boolean classifier = task == Task.FRAME_CLASSIFIER || task == Task.SEQUENCE_CLASSIFIER || task == Task.CLIP_CLASSIFIER;
        if (classifier && (labels == null || labels.isEmpty())) {
            p.add("a " + task.label() + " needs 'labels'");
        }
        if (task == Task.SEQUENCE_CLASSIFIER && sequence == null) {
            p.add("a sequence-classifier needs 'sequence' (how its input is built from a pose track)");
        }
        if (sequence != null) {
            if (sequence.keypoints() != null && !List.of("world", "image").contains(sequence.keypoints())) {
                p.add("'sequence.keypoints' must be world or image");
            }
            if (sequence.windows() != null && !List.of("sliding", "whole").contains(sequence.windows())) {
                p.add("'sequence.windows' must be sliding or whole");
            }
            if (sequence.scale() != null && !List.of("sequence-max-norm", "none").contains(sequence.scale())) {
                p.add("'sequence.scale' must be sequence-max-norm or none");
            }
            if (sequence.layout() != null && !List.of("joint-major", "channel-major").contains(sequence.layout())) {
                p.add("'sequence.layout' must be joint-major or channel-major");
            }
            if (sequence.fps() != null && !(sequence.fps() > 0)) {
                p.add("'sequence.fps' must be positive");
            }
            if (sequence.length() != null && sequence.length() < 1 || sequence.hop() != null && sequence.hop() < 1) {
                p.add("'sequence.length' and 'sequence.hop' must be at least 1");
            }
        }
        if (content != null && (content.isBlank() || content.length() > MAX_CONTENT || content.contains("\n") || content.contains("\r"))) {
            p.add("'content' must be a few words on one line (at most " + MAX_CONTENT + " characters), e.g. dance or facial expressions");
        }
        if (looksAt == LooksAt.SKELETONS && sequence == null) {
            p.add("'looksAt' is skeletons, but the card has no 'sequence' block saying how a pose track becomes the input");
        }
        if (looksAt != null && looksAt != LooksAt.SKELETONS && sequence != null) {
            p.add("a skeleton model (it has a 'sequence' block) looks at skeletons, not " + looksAt.label());
        }
        if (task == Task.POSE && keypoints == null) {
            p.add("a pose model needs 'keypoints' (its skeleton schema, e.g. coco-17)");
        }
        p.addAll(OnnxGraph.TokenGrid.problems(explain));
        return p;
    }

    /** A number from {@code options}, or the default. */
    public double option(String key, double dflt) {
        Object v = options == null ? null : options.get(key);
        return v instanceof Number n ? n.doubleValue() : dflt;
    }

    /** A string from {@code options}, or the default. */
    public String option(String key, String dflt) {
        Object v = options == null ? null : options.get(key);
        return v == null ? dflt : v.toString();
    }

    public ModelCard withProvenance(Provenance p) {
        return new ModelCard(id, name, version, task, license, description, p, inputs, outputs, labels, keypoints, explain, options,
                sequence, clip, looksAt, content);
    }

    public String toYaml() {
        try {
            return YAML.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw DanceLensException.internal("Could not write the card of " + id + ".", e);
        }
    }

    public void write(Path file) {
        AtomicFiles.writeString(file, "# Model card written by DanceLens. See README.md, 'Model cards'.\n" + toYaml());
    }

    /** Problems of a card for one sentence: the first three, then how many more there are. */
    public static String problemList(List<String> problems) {
        if (problems.size() <= 3) {
            return String.join("; ", problems);
        }
        int more = problems.size() - 3;
        return String.join("; ", problems.subList(0, 3)) + "; and " + more + " more problem" + (more == 1 ? "" : "s");
    }
}
