package org.dancelens.inference.zoo;

import ai.djl.Application;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.repository.MRL;
import ai.djl.repository.Repository;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelLoader;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorFactory;
import ai.djl.util.Progress;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.dancelens.core.DanceLensException;
import org.dancelens.inference.ModelCard;
import org.dancelens.inference.ModelFiles;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OrtErrors;

/**
 * Loads one installed DanceLens model through DJL's ONNX Runtime engine, checked as every load of a card is in
 * DanceLens: the file's sha256 against the one its card declares, the file whole and unchanged while it was read, the
 * card's tensors against the model's. A model that fails a check is a {@link MalformedModelException} whose message is
 * the one sentence DanceLens itself would say.
 *
 * <p>The card is visible on the loaded model as properties ({@code Model.getProperty}): {@code dancelens.id},
 * {@code .name}, {@code .version}, {@code .task}, {@code .license}, {@code .card} (the card file), {@code .onnxSha256},
 * {@code .inputs} (the card's input names, comma-separated), {@code .input.<name>} (dtype, shape and layout, e.g.
 * {@code int32 [1, 192, 192, 3] NHWC}), {@code .outputs}, {@code .output.<name>} (shape and decoding),
 * {@code .keypoints} and {@code .labels} (a JSON array). Without a translator of its own ({@code optTranslator} or
 * {@code optTranslatorFactory}) the model takes and gives {@link NDList}s: the inputs named after the card's
 * ({@code NDArray.setName}) or unnamed in the model's own order ({@code describeInput()}), the outputs named and in the
 * model's order.
 */
public final class DanceLensModelLoader implements ModelLoader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ModelRegistry.Entry entry;
    private final MRL mrl;

    DanceLensModelLoader(ModelRegistry.Entry entry) {
        this.entry = entry;
        Repository repo = Repository.newInstance(entry.card().id(), entry.onnxFile().toAbsolutePath());
        this.mrl = MRL.model(repo, application(entry.card().task()), DanceLensModelZoo.GROUP_ID, entry.card().id(), null, entry.card().id());
    }

    /** The DJL application of a card's task (undefined where DJL has none, e.g. skeleton sequences). */
    static Application application(ModelCard.Task task) {
        if (task == null) {
            return Application.UNDEFINED;
        }
        return switch (task) {
            case POSE -> Application.CV.POSE_ESTIMATION;
            case FRAME_CLASSIFIER -> Application.CV.IMAGE_CLASSIFICATION;
            case CLIP_CLASSIFIER -> Application.CV.ACTION_RECOGNITION;
            case SEGMENTER -> Application.CV.SEMANTIC_SEGMENTATION;
            case DETECTOR -> Application.CV.OBJECT_DETECTION;
            case SEQUENCE_CLASSIFIER, SCORER -> Application.UNDEFINED;
        };
    }

    /** The card and files this loader loads. */
    public ModelRegistry.Entry entry() {
        return entry;
    }

    @Override
    public String getGroupId() {
        return DanceLensModelZoo.GROUP_ID;
    }

    @Override
    public String getArtifactId() {
        return entry.card().id();
    }

    @Override
    public Application getApplication() {
        return mrl.getApplication();
    }

    @Override
    public MRL getMrl() {
        return mrl;
    }

    @Override
    public <I, O> ZooModel<I, O> loadModel(Criteria<I, O> criteria) throws IOException, ModelNotFoundException, MalformedModelException {
        String id = entry.card().id();
        if (criteria.getEngine() != null && !DanceLensModelZoo.ENGINE.equals(criteria.getEngine())) {
            throw new ModelNotFoundException("DanceLens's model " + id + " runs on the " + DanceLensModelZoo.ENGINE + " engine, not on "
                    + criteria.getEngine() + ".");
        }
        Class<I> in = criteria.getInputClass();
        Class<O> out = criteria.getOutputClass();
        TranslatorFactory factory = criteria.getTranslatorFactory();
        boolean ndLists = in == NDList.class && out == NDList.class;
        if ((factory == null || !factory.isSupported(in, out)) && !ndLists) {
            throw new ModelNotFoundException("DanceLens's model " + id + " takes and gives NDList; for " + in.getSimpleName() + " -> "
                    + out.getSimpleName() + " give the Criteria a Translator (optTranslator).");
        }
        Path onnx = entry.onnxFile();
        Object before = stamp(onnx);
        String sha;
        try {
            ModelFiles.check(entry);
            sha = entry.onnxSha256();
        } catch (DanceLensException e) {
            throw new MalformedModelException(e.getMessage(), e);
        }
        ai.djl.Device asked = criteria.getDevice();
        if (asked != null && asked.isGpu()) {
            // The same probe as every other load: a GPU that cannot be used is its sentence, before DJL tries it.
            String problem = org.dancelens.inference.OrtRuntime.gpuProblem(asked.getDeviceId());
            if (problem != null) {
                throw new MalformedModelException("DanceLens's model " + id + " cannot be loaded on " + asked + ": " + problem);
            }
        }
        Model model = Model.newInstance(id, criteria.getDevice(), DanceLensModelZoo.ENGINE);
        try {
            // Never null: DJL's ONNX Runtime engine ignores the device (and runs on the CPU) when it gets no options.
            Map<String, String> options = criteria.getOptions() == null ? new HashMap<>() : new HashMap<>(criteria.getOptions());
            try {
                model.load(onnx, null, options);
            } catch (MalformedModelException | RuntimeException e) {
                // DJL says "ONNX Model cannot be loaded" and keeps ONNX Runtime's reason (code, C++ source lines) in the cause
                Throwable why = e.getCause() != null ? e.getCause() : e;
                String reason = OrtErrors.reason(why.getMessage());
                throw new MalformedModelException("DanceLens's model " + id + " cannot be loaded on " + model.getNDManager().getDevice()
                        + (reason.isEmpty() ? "." : ": " + reason + "."), e);
            }
            if (!stamp(onnx).equals(before)) {
                throw new MalformedModelException("The model file " + onnx.getFileName() + " changed while it was being loaded; load it again"
                        + " once it is written.");
            }
            describe(model, sha);
            Translator<I, O> translator;
            if (factory != null && factory.isSupported(in, out)) {
                translator = factory.newInstance(in, out, model, criteria.getArguments());
            } else {
                @SuppressWarnings("unchecked")
                Translator<I, O> noop = (Translator<I, O>) new NoopTranslator();
                translator = noop;
            }
            return new ZooModel<>(model, translator);
        } catch (TranslateException e) {
            model.close();
            throw new ModelNotFoundException("The translator given for " + id + " cannot be made: " + e.getMessage(), e);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** The card written into the model's properties. */
    private void describe(Model model, String sha) {
        ModelCard c = entry.card();
        put(model, "dancelens.id", c.id());
        put(model, "dancelens.name", c.name());
        put(model, "dancelens.version", c.version());
        put(model, "dancelens.task", c.task() == null ? null : c.task().label());
        put(model, "dancelens.license", c.license());
        put(model, "dancelens.card", entry.cardFile().toAbsolutePath().toString());
        put(model, "dancelens.onnxSha256", sha);
        put(model, "dancelens.inputs", c.inputs().stream().map(ModelCard.TensorSpec::name).collect(Collectors.joining(",")));
        for (ModelCard.TensorSpec t : c.inputs()) {
            put(model, "dancelens.input." + t.name(), words(t.dtype() == null ? "float32" : t.dtype(), shape(t.shape()), t.layout()));
        }
        put(model, "dancelens.outputs", c.outputs().stream().map(ModelCard.OutputSpec::name).collect(Collectors.joining(",")));
        for (ModelCard.OutputSpec t : c.outputs()) {
            put(model, "dancelens.output." + t.name(), words(shape(t.shape()), t.decoding()));
        }
        put(model, "dancelens.keypoints", c.keypoints());
        if (c.labels() != null && !c.labels().isEmpty()) {
            try {
                put(model, "dancelens.labels", JSON.writeValueAsString(c.labels()));
            } catch (JsonProcessingException e) {
                throw DanceLensException.internal("The labels of " + c.id() + " cannot be written as JSON.", e);
            }
        }
    }

    private static void put(Model model, String key, String value) {
        if (value != null) {
            model.setProperty(key, value);
        }
    }

    private static String shape(List<Long> shape) {
        return shape == null || shape.isEmpty() ? null : shape.toString();
    }

    private static String words(String... parts) {
        return java.util.Arrays.stream(parts).filter(Objects::nonNull).collect(Collectors.joining(" "));
    }

    /** The identity of the file's present version (size, modification time, inode). */
    private static Object stamp(Path file) throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return List.of(a.size(), a.lastModifiedTime(), String.valueOf(a.fileKey()));
        } catch (IOException e) {
            throw new IOException("The model file " + file + " cannot be read (" + e.getMessage() + ").", e);
        }
    }

    @Override
    public <I, O> boolean isDownloaded(Criteria<I, O> criteria) {
        return Files.isRegularFile(entry.onnxFile());
    }

    /** Nothing to download: the model is on this machine (a missing file is an error). */
    @Override
    public <I, O> void downloadModel(Criteria<I, O> criteria, Progress progress) throws ModelNotFoundException {
        if (!Files.isRegularFile(entry.onnxFile())) {
            throw new ModelNotFoundException("The model file " + entry.onnxFile() + " of " + entry.card().id() + " is not there.");
        }
    }

    @Override
    public String toString() {
        return mrl + " (" + entry.cardFile() + ")";
    }
}
