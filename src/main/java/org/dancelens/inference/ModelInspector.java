package org.dancelens.inference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dancelens.core.AtomicFiles;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.VideoFrame;
import org.dancelens.inference.image.ImageInput;

/**
 * Brings an ONNX file into DanceLens: lists its tensors, drafts a card for it, tries the card on a real frame (the
 * dry run) and installs the model with its card into a model folder.
 */
public final class ModelInspector {
    /** Resize modes an image input may name in its card. */
    public static final List<String> RESIZE_MODES = List.of("stretch", "letterbox", "center-crop");

    private ModelInspector() {
    }

    /** One tensor as the ONNX file declares it: element type ({@code float32}, {@code int64}, ...) and shape, -1 for open dimensions. */
    public record Tensor(String name, String elementType, List<Long> shape) {
        /** {@code name  float32 [1, 3, 224, 224]}. */
        @Override
        public String toString() {
            return name + "  " + elementType + " " + shape;
        }
    }

    /** What an ONNX file holds, and a draft card for it (to be completed: licence, labels, ...). */
    public record Inspection(Path onnx, String sha256, List<Tensor> inputs, List<Tensor> outputs, ModelCard draft) {
    }

    /**
     * What a dry run found: every output as it came out, the time of the one inference, and one plain sentence.
     */
    public record DryRun(Map<String, List<Long>> outputShapes, double millis, String summary) {
    }

    /** Opens the ONNX file, lists its inputs and outputs and drafts a card. */
    public static Inspection inspect(Path onnx) {
        if (!Files.isRegularFile(onnx)) {
            throw DanceLensException.badInput("The ONNX file " + onnx + " does not exist.");
        }
        List<Tensor> inputs;
        List<Tensor> outputs;
        String producer;
        OrtRuntime.Signature sig = OrtRuntime.signature(onnx, "The file " + onnx.getFileName());
        inputs = tensors(sig.inputs());
        outputs = tensors(sig.outputs());
        producer = sig.producer();
        String sha = ModelRegistry.sha256(onnx);
        String id = idFromFileName(onnx);
        ModelCard.Task task = guessTask(inputs, outputs);
        boolean classifier = task == ModelCard.Task.FRAME_CLASSIFIER || task == ModelCard.Task.SEQUENCE_CLASSIFIER
                || task == ModelCard.Task.CLIP_CLASSIFIER;
        List<ModelCard.TensorSpec> in = inputs.stream().map(t -> new ModelCard.TensorSpec(t.name(), guessLayout(t.shape()), t.elementType(),
                t.shape(), isImageShape(t.shape()) ? new ModelCard.Preprocess("stretch", "RGB", 1.0 / 255, null, List.of(0.0, 0.0, 0.0),
                List.of(1.0, 1.0, 1.0)) : null)).toList();
        List<ModelCard.OutputSpec> out = outputs.stream().map(t -> new ModelCard.OutputSpec(t.name(), t.shape(),
                classifier ? "logits" : null, null)).toList();
        ModelCard.Provenance prov = new ModelCard.Provenance(onnx.toAbsolutePath().normalize().toString(), null,
                producer == null || producer.isBlank() ? null : producer, id + ".onnx", sha);
        ModelCard draft = new ModelCard(id, nameFromFileName(onnx), null, task, null, null, prov, in, out, null, null, null, null,
                task == ModelCard.Task.SEQUENCE_CLASSIFIER ? guessSequence(inputs.get(0).shape()) : null, null);
        return new Inspection(onnx, sha, inputs, outputs, draft);
    }

    /**
     * A starting {@code sequence} block for a skeleton model {@code [N, T, F]}, guessed from F: 51 or 102 are
     * COCO-17 world coordinates (102 with velocities), 34 or 68 COCO-17 image coordinates, 99 BlazePose-33 world;
     * null when F says nothing (the card must then be completed by hand).
     */
    static ModelCard.SequenceSpec guessSequence(List<Long> shape) {
        if (shape == null || shape.size() != 3) {
            return null;
        }
        long f = shape.get(2);
        String keypoints = f == 51 || f == 102 || f == 99 ? "world" : f == 34 || f == 68 ? "image" : null;
        if (keypoints == null) {
            return null;
        }
        String schema = f == 99 ? "blazepose-33" : "coco-17";
        Integer length = shape.get(1) > 0 ? (int) (long) shape.get(1) : 30;
        return new ModelCard.SequenceSpec(keypoints, schema, null, 30.0, length, "sliding", null, List.of("left_hip", "right_hip"),
                "sequence-max-norm", f == 102 || f == 68, "joint-major", null);
    }

    private static List<Tensor> tensors(List<OrtRuntime.Port> ports) {
        List<Tensor> l = new ArrayList<>();
        for (OrtRuntime.Port p : ports) {
            l.add(p.isTensor() ? new Tensor(p.name(), p.elementType(), Arrays.stream(p.shape()).boxed().toList())
                    : new Tensor(p.name(), "non-tensor", List.of()));
        }
        return l;
    }

    /** A card id from the file name: lower case, letters, digits, '.', '_' and '-' ({@code "My Model v2.onnx"} → {@code my-model-v2}). */
    public static String idFromFileName(Path onnx) {
        String base = onnx.getFileName().toString().replaceFirst("(?i)\\.onnx$", "").toLowerCase(Locale.ROOT);
        String id = base.replaceAll("[^a-z0-9._-]+", "-").replaceAll("-{2,}", "-").replaceAll("^[^a-z0-9]+|[-.]+$", "");
        return id.isEmpty() ? "model" : id;
    }

    private static String nameFromFileName(Path onnx) {
        String n = onnx.getFileName().toString().replaceFirst("(?i)\\.onnx$", "").replaceAll("[_-]+", " ").trim();
        return n.isEmpty() ? "Model" : Character.toUpperCase(n.charAt(0)) + n.substring(1);
    }

    /**
     * The task the shapes suggest: a 4-D image input with a 2-D output is a frame classifier, a 3-D input
     * {@code [N, T, F]} a sequence classifier, a 5-D input a clip classifier; anything else is left to the user (null).
     */
    public static ModelCard.Task guessTask(List<Tensor> inputs, List<Tensor> outputs) {
        if (inputs.isEmpty() || outputs.isEmpty()) {
            return null;
        }
        List<Long> in = inputs.get(0).shape();
        if (isImageShape(in) && outputs.get(0).shape().size() == 2) {
            return ModelCard.Task.FRAME_CLASSIFIER;
        }
        if (in.size() == 3) {
            return ModelCard.Task.SEQUENCE_CLASSIFIER;
        }
        if (in.size() == 5) {
            return ModelCard.Task.CLIP_CLASSIFIER;
        }
        return null;
    }

    private static boolean isImageShape(List<Long> s) {
        return s != null && s.size() == 4 && (channels(s.get(1)) || channels(s.get(3)));
    }

    private static boolean channels(long d) {
        return d == 1 || d == 3;
    }

    private static String guessLayout(List<Long> s) {
        return switch (s.size()) {
            case 4 -> s.get(1) == 3 || s.get(1) == 1 ? "NCHW" : s.get(3) == 3 || s.get(3) == 1 ? "NHWC" : null;
            case 3 -> "NTC";
            case 5 -> s.get(1) == 3 ? "NCTHW" : s.get(4) == 3 ? "NTHWC" : null;
            default -> null;
        };
    }

    /** Whether the card fills this input from a video frame: a 4-D tensor laid out NCHW or NHWC. */
    public static boolean isImageInput(ModelCard.TensorSpec spec) {
        return spec.shape() != null && spec.shape().size() == 4
                && ("NCHW".equalsIgnoreCase(spec.layout()) || "NHWC".equalsIgnoreCase(spec.layout()));
    }

    /**
     * Runs the model once as its card describes it and checks what comes out: image inputs are filled from the frame
     * exactly as the model will get them ({@link ImageInput}: resized, laid out and normalised as the card says),
     * other inputs with zeros of the declared shape (open dimensions as 1). Every tensor the card names must exist with the card's shape, a classifier's label count must
     * equal its output's last dimension, and no output may hold NaN.
     *
     * @throws DanceLensException a sentence naming the model, the tensor and what was expected vs found
     */
    public static DryRun dryRun(ModelCard card, Path onnx, VideoFrame frame) {
        List<String> problems = card.problems();
        if (!problems.isEmpty()) {
            throw DanceLensException.badInput("The card of " + (card.id() == null ? onnx.getFileName() : card.id()) + " is incomplete: "
                    + ModelCard.problemList(problems) + ".");
        }
        ModelRegistry.verify(card, onnx);
        try (OnnxModel model = OnnxModel.open(onnx, OrtRuntime.Device.CPU, 0)) {
            Map<String, TensorData> feeds = inputs(card, model, frame);
            long t0 = System.nanoTime();
            Map<String, TensorData> out = model.run(feeds);
            double ms = (System.nanoTime() - t0) / 1e6;
            Map<String, List<Long>> shapes = new LinkedHashMap<>();
            for (ModelCard.OutputSpec o : card.outputs()) {
                TensorData t = out.get(o.name());
                if (t == null) {
                    throw DanceLensException.badInput("The card of " + card.id() + " names the output tensor '" + o.name()
                            + "', which the model did not produce (it produced " + out.keySet() + ").");
                }
                List<Long> found = Arrays.stream(t.shape()).boxed().toList();
                shapes.put(o.name(), found);
                if (o.shape() != null && !o.shape().isEmpty() && !compatible(o.shape(), found)) {
                    throw DanceLensException.badInput("The output tensor '" + o.name() + "' of " + card.id() + " has shape " + found
                            + " when run, but its card expects " + o.shape() + ".");
                }
                int nan = 0;
                for (float v : t.asFloats()) {
                    if (Float.isNaN(v)) {
                        nan++;
                    }
                }
                if (nan > 0) {
                    throw DanceLensException.badInput("The output tensor '" + o.name() + "' of " + card.id() + " holds NaN (" + nan + " of "
                            + t.size() + " values) on this frame: the model or its input scaling is broken.");
                }
            }
            ModelCard.OutputSpec first = card.outputs().get(0);
            List<Long> firstShape = shapes.get(first.name());
            String top = "";
            if (isClassifier(card)) {
                long classes = firstShape.isEmpty() ? 1 : firstShape.get(firstShape.size() - 1);
                if (classes != card.labels().size()) {
                    throw DanceLensException.badInput("The card of " + card.id() + " lists " + card.labels().size() + " labels, but its output tensor '"
                            + first.name() + "' has " + classes + " classes (shape " + firstShape + "): give one label per class.");
                }
                float[] v = out.get(first.name()).asFloats();
                int best = 0;
                for (int k = 1; k < classes; k++) {
                    if (v[k] > v[best]) {
                        best = k;
                    }
                }
                top = "; on this frame it says '" + card.labels().get(best) + "'";
            }
            String summary = String.format(Locale.ROOT, ms < 10 ? "%s ran in %.1f ms and gave %s%s." : "%s ran in %.0f ms and gave %s%s.", card.id(), ms,
                    String.join(", ", shapes.entrySet().stream().map(e -> "'" + e.getKey() + "' " + e.getValue()).toList()), top);
            return new DryRun(shapes, ms, summary);
        }
    }

    private static boolean isClassifier(ModelCard card) {
        return card.task() == ModelCard.Task.FRAME_CLASSIFIER || card.task() == ModelCard.Task.SEQUENCE_CLASSIFIER
                || card.task() == ModelCard.Task.CLIP_CLASSIFIER;
    }

    private static boolean compatible(List<Long> want, List<Long> found) {
        if (want.size() != found.size()) {
            return false;
        }
        for (int k = 0; k < want.size(); k++) {
            if (want.get(k) != -1 && !want.get(k).equals(found.get(k))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The inputs of a dry run: image inputs filled from the frame exactly as the model will get them ({@link ImageInput}),
     * other inputs with zeros of the card's shape (the declared one when the card gives none; open dimensions as 1).
     *
     * @throws DanceLensException when the model has an input its card does not describe
     */
    public static Map<String, TensorData> inputs(ModelCard card, OnnxModel model, VideoFrame frame) {
        Map<String, TensorData> feeds = new LinkedHashMap<>();
        Map<String, long[]> declared = model.inputShapes();
        for (String name : model.inputNames()) {
            ModelCard.TensorSpec spec = card.inputs().stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
            if (spec == null) {
                throw DanceLensException.badInput("The model " + card.id() + " has the input tensor '" + name
                        + "', which its card does not describe.");
            }
            feeds.put(name, isImageInput(spec) ? ImageInput.of(card, spec, false).tensor(frame) : zeros(card, spec, declared.get(name)));
        }
        return feeds;
    }

    private static TensorData zeros(ModelCard card, ModelCard.TensorSpec spec, long[] declared) {
        long[] shape = spec.shape() != null && !spec.shape().isEmpty() ? spec.shape().stream().mapToLong(Long::longValue).toArray()
                : declared == null ? new long[0] : declared.clone();
        long n = 1;
        for (int k = 0; k < shape.length; k++) {
            if (shape[k] < 0) {
                shape[k] = 1;
            }
            n *= shape[k];
        }
        if (n > 1L << 27) {
            throw DanceLensException.badInput("The input tensor '" + spec.name() + "' of " + card.id() + " would need " + n
                    + " values; give its real size in the card.");
        }
        return isInt(spec.dtype()) ? TensorData.ofInts(new int[(int) n], shape) : TensorData.of(new float[(int) n], shape);
    }

    private static boolean isInt(String dtype) {
        return dtype != null && dtype.toLowerCase(Locale.ROOT).startsWith("int");
    }

    /** A generated frame for dry runs when no video is open: colour gradients with a grey figure in the middle. */
    public static VideoFrame testFrame(int width, int height) {
        byte[] px = new byte[width * height * 4];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int o = (y * width + x) * 4;
                boolean figure = Math.abs(x - width / 2) < width / 10 && Math.abs(y - height / 2) < height / 3;
                px[o] = (byte) (figure ? 160 : 255 * y / Math.max(1, height - 1));
                px[o + 1] = (byte) (figure ? 160 : 128);
                px[o + 2] = (byte) (figure ? 160 : 255 * x / Math.max(1, width - 1));
                px[o + 3] = (byte) 255;
            }
        }
        return new VideoFrame(0, 0, width, height, px);
    }

    /**
     * Installs a model: copies the ONNX file into the folder as {@code provenance.onnx} and writes the card beside it
     * as {@code ID.yaml}, with the sha256 of the copied file. Refuses to replace a model that is already there.
     */
    public static ModelRegistry.Entry install(ModelCard card, Path onnx, Path folder) {
        List<String> problems = card.problems();
        if (!problems.isEmpty()) {
            throw DanceLensException.badInput("The card of " + card.id() + " is incomplete: " + ModelCard.problemList(problems) + ".");
        }
        String onnxName = card.provenance().onnx();
        if (onnxName.contains("/") || onnxName.contains("\\") || onnxName.startsWith(".")) {
            throw DanceLensException.badInput("The card of " + card.id() + " names the ONNX file '" + onnxName + "'; give a plain file name.");
        }
        Path cardFile = folder.resolve(card.id() + ".yaml");
        Path target = folder.resolve(onnxName);
        try {
            Files.createDirectories(folder);
            if (Files.exists(cardFile)) {
                throw DanceLensException.badInput("A model with the id " + card.id() + " is already installed in " + folder
                        + "; choose another id.");
            }
            if (Files.exists(target) && !Files.isSameFile(target, onnx)) {
                throw DanceLensException.badInput("The file " + target + " already exists; choose another id.");
            }
        } catch (IOException e) {
            throw DanceLensException.badInput("The model " + card.id() + " cannot be copied into " + folder + ": " + e.getMessage() + ".", e);
        }
        if (!Files.exists(target)) {
            AtomicFiles.copy(onnx, target);
        }
        ModelCard.Provenance p = card.provenance();
        ModelCard done = card.withProvenance(new ModelCard.Provenance(p.source(), p.sourceSha256(), p.converter(), onnxName,
                ModelRegistry.sha256(target)));
        done.write(cardFile);
        return new ModelRegistry.Entry(ModelCard.read(cardFile), cardFile, target);
    }
}
