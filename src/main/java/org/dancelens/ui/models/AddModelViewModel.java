package org.dancelens.ui.models;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.TaskRunner;
import org.dancelens.core.VideoFrame;
import org.dancelens.inference.ModelCard;
import org.dancelens.inference.ModelInspector;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.ui.DialogService;
import org.dancelens.ui.Failures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "Add ONNX model" form: an ONNX file is inspected and its card drafted; the user completes the card; a dry run
 * tries it on the open video's frame (or a generated test frame); adding installs the ONNX copy and the card into the
 * user's model folder after a passing dry run.
 */
public class AddModelViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(AddModelViewModel.class);

    /** The tasks a card may name; "" while the user has not chosen. */
    public static final List<String> TASKS = List.of("", "pose", "frame-classifier", "sequence-classifier", "clip-classifier", "scorer",
            "segmenter", "detector");
    public static final List<String> LAYOUTS = List.of("NCHW", "NHWC");
    public static final List<String> COLOR_ORDERS = List.of("RGB", "BGR");
    public static final List<String> DECODINGS = List.of("", "logits", "probabilities", "yolo-pose", "heatmap", "simcc",
            "movenet-singlepose", "movenet-multipose");
    public static final List<String> KEYPOINTS = List.of("", "coco-17", "blazepose-33");

    private final TaskRunner tasks;
    private final DialogService dialogs;
    private final ModelsViewModel models;
    private final Supplier<VideoFrame> currentFrame;

    private final StringProperty onnxFile = new SimpleStringProperty("");
    private final StringProperty tensors = new SimpleStringProperty("");
    private final StringProperty id = new SimpleStringProperty("");
    private final StringProperty name = new SimpleStringProperty("");
    private final StringProperty task = new SimpleStringProperty("");
    private final StringProperty license = new SimpleStringProperty("");
    private final StringProperty labels = new SimpleStringProperty("");
    private final StringProperty labelsHint = new SimpleStringProperty("");
    private final StringProperty keypoints = new SimpleStringProperty("");
    private final StringProperty inputShape = new SimpleStringProperty("");
    private final StringProperty layout = new SimpleStringProperty("NCHW");
    private final StringProperty resize = new SimpleStringProperty("stretch");
    private final StringProperty colorOrder = new SimpleStringProperty("RGB");
    private final StringProperty scale = new SimpleStringProperty("1/255");
    private final StringProperty mean = new SimpleStringProperty("0, 0, 0");
    private final StringProperty std = new SimpleStringProperty("1, 1, 1");
    private final StringProperty decoding = new SimpleStringProperty("");
    private final StringProperty inputTitle = new SimpleStringProperty("Input");
    private final StringProperty outputTitle = new SimpleStringProperty("Output");
    private final SimpleBooleanProperty loaded = new SimpleBooleanProperty(false);
    private final SimpleBooleanProperty imageInput = new SimpleBooleanProperty(false);
    private final SimpleBooleanProperty busy = new SimpleBooleanProperty(false);
    private final StringProperty result = new SimpleStringProperty("Choose an ONNX file to describe and add.");
    private final SimpleBooleanProperty resultOk = new SimpleBooleanProperty(false);
    private final SimpleBooleanProperty resultFailed = new SimpleBooleanProperty(false);
    private final SimpleBooleanProperty added = new SimpleBooleanProperty(false);
    private final ObservableList<String> taskChoices = FXCollections.observableArrayList(TASKS);
    private final ObservableList<String> resizeChoices = FXCollections.observableArrayList(ModelInspector.RESIZE_MODES);

    private ModelInspector.Inspection inspection;

    /** @param currentFrame the frame shown in the player, or null when no video is open */
    public AddModelViewModel(TaskRunner tasks, DialogService dialogs, ModelsViewModel models, Supplier<VideoFrame> currentFrame) {
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.models = models;
        this.currentFrame = currentFrame;
        for (StringProperty p : List.of(id, name, task, license, labels, keypoints, inputShape, layout, resize, colorOrder, scale, mean,
                std, decoding)) {
            p.addListener((o, a, b) -> {
                if (!busy.get()) {
                    added.set(false); // the form changed: what was added or tried no longer describes it
                }
            });
        }
    }

    /** Lets the user pick an ONNX file and inspects it. */
    public void chooseFile() {
        dialogs.chooseOnnxFile().ifPresent(this::load);
    }

    /** Inspects the ONNX file in the background and fills the form with its draft card. */
    public void load(Path onnx) {
        if (busy.get()) {
            return;
        }
        busy.set(true);
        say("Reading " + onnx.getFileName() + "…", false, false);
        tasks.submit("Reading an ONNX model", ctx -> ModelInspector.inspect(onnx), TaskRunner.Callbacks.of(in -> {
            busy.set(false);
            fill(in);
            say("Complete the card, then try it on " + frameDescription() + ".", false, false);
        }, e -> {
            busy.set(false);
            String sentence = Failures.logged(LOG, "Inspecting " + onnx, e);
            say(sentence, false, true);
        }));
    }

    private void fill(ModelInspector.Inspection in) {
        inspection = in;
        ModelCard d = in.draft();
        onnxFile.set(in.onnx().toAbsolutePath().toString());
        List<String> lines = new ArrayList<>();
        in.inputs().forEach(t -> lines.add("in   " + t));
        in.outputs().forEach(t -> lines.add("out  " + t));
        tensors.set(String.join("\n", lines));
        id.set(d.id());
        name.set(d.name());
        task.set(d.task() == null ? "" : d.task().label());
        license.set("");
        labels.set("");
        keypoints.set("");
        ModelCard.TensorSpec first = d.inputs().get(0);
        inputTitle.set("Input · " + first.name());
        inputShape.set(shapeText(first.shape()));
        imageInput.set(first.preprocess() != null);
        layout.set(first.layout() != null && LAYOUTS.contains(first.layout()) ? first.layout() : "NCHW");
        resize.set("stretch");
        colorOrder.set("RGB");
        scale.set("1/255");
        mean.set("0, 0, 0");
        std.set("1, 1, 1");
        ModelCard.OutputSpec out = d.outputs().get(0);
        outputTitle.set("Output · " + out.name());
        decoding.set(out.decoding() == null ? "" : out.decoding());
        List<Long> os = out.shape();
        labelsHint.set(os != null && os.size() == 2 && os.get(1) > 0
                ? "A classifier needs " + os.get(1) + " labels for '" + out.name() + "' " + os + ": one per line, or separated by commas."
                : "Labels of a classifier's classes: one per line, or separated by commas.");
        loaded.set(true);
        added.set(false);
    }

    private static String shapeText(List<Long> s) {
        return String.join(", ", s.stream().map(String::valueOf).toList());
    }

    /** The card the form describes. */
    public ModelCard card() {
        if (inspection == null) {
            throw DanceLensException.badInput("Choose an ONNX file first.");
        }
        ModelCard d = inspection.draft();
        String cardId = id.get().strip();
        ModelCard.Task t = Arrays.stream(ModelCard.Task.values()).filter(x -> x.label().equals(task.get())).findFirst().orElse(null);
        List<ModelCard.TensorSpec> ins = new ArrayList<>(d.inputs());
        ModelCard.TensorSpec first = ins.get(0);
        List<Long> shape = parseShape(inputShape.get(), first.name());
        ModelCard.Preprocess pre = null;
        String lay = first.layout();
        if (imageInput.get()) {
            lay = layout.get();
            pre = new ModelCard.Preprocess(resize.get(), colorOrder.get(), parseNumber(scale.get(), "scale"), null,
                    parseNumbers(mean.get(), "mean"), parseNumbers(std.get(), "std"));
        }
        ins.set(0, new ModelCard.TensorSpec(first.name(), lay, first.dtype(), shape, pre));
        List<ModelCard.OutputSpec> outs = new ArrayList<>(d.outputs());
        ModelCard.OutputSpec o = outs.get(0);
        outs.set(0, new ModelCard.OutputSpec(o.name(), o.shape(), blankToNull(decoding.get()), o.description()));
        ModelCard.Provenance p = d.provenance();
        return new ModelCard(cardId, name.get().strip(), null, t, blankToNull(license.get()), null,
                new ModelCard.Provenance(p.source(), p.sourceSha256(), p.converter(), cardId + ".onnx", p.onnxSha256()), ins, outs,
                parseLabels(labels.get()), blankToNull(keypoints.get()), null, null, d.sequence(), d.clip());
    }

    /** Labels one per line, or separated by commas. */
    static List<String> parseLabels(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String[] parts = text.contains("\n") ? text.split("\\R") : text.split(",");
        List<String> l = Arrays.stream(parts).map(String::strip).filter(s -> !s.isEmpty()).toList();
        return l.isEmpty() ? null : l;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static List<Long> parseShape(String text, String tensor) {
        List<Long> l = new ArrayList<>();
        for (String part : text.replace("[", "").replace("]", "").split("[,\\s]+")) {
            if (part.isEmpty()) {
                continue;
            }
            try {
                l.add(Long.parseLong(part));
            } catch (NumberFormatException e) {
                throw DanceLensException.badInput("The shape of '" + tensor + "' must be whole numbers separated by commas (-1 for an open size), not '"
                        + text.strip() + "'.");
            }
        }
        return l;
    }

    static double parseNumber(String text, String what) {
        String s = text == null ? "" : text.strip();
        try {
            int slash = s.indexOf('/');
            return slash > 0 ? Double.parseDouble(s.substring(0, slash)) / Double.parseDouble(s.substring(slash + 1)) : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw DanceLensException.badInput("The " + what + " must be a number, like 1/255 or 0.0039, not '" + s + "'.");
        }
    }

    private static List<Double> parseNumbers(String text, String what) {
        List<Double> l = new ArrayList<>();
        for (String part : text.strip().split("[,\\s]+")) {
            if (!part.isEmpty()) {
                l.add(parseNumber(part, what));
            }
        }
        if (l.isEmpty()) {
            throw DanceLensException.badInput("Give the " + what + " per channel, like 0.485, 0.456, 0.406.");
        }
        return l;
    }

    private String frameDescription() {
        VideoFrame f = currentFrame.get();
        return f == null ? "a generated test frame" : "frame " + f.index() + " of the open video";
    }

    /** Runs the card once on the current frame (or a generated test frame) in the background and says how it went. */
    public void tryCard() {
        start(false);
    }

    /** Tries the card and, when the dry run passes, installs the ONNX copy and the card into the user's model folder. */
    public void add() {
        start(true);
    }

    private void start(boolean install) {
        if (busy.get() || inspection == null) {
            return;
        }
        ModelCard card;
        try {
            card = card();
        } catch (DanceLensException e) {
            say(Failures.sentence(e), false, true);
            return;
        }
        if (install && models.hasModel(card.id())) {
            say("A model with the id " + card.id() + " is already installed; choose another id.", false, true);
            return;
        }
        VideoFrame shown = currentFrame.get();
        VideoFrame frame = shown != null ? shown : ModelInspector.testFrame(640, 480);
        String where = shown != null ? "On frame " + shown.index() + " of the open video, " : "On a generated test frame, ";
        Path onnx = inspection.onnx();
        Path folder = models.userFolder();
        busy.set(true);
        say((install ? "Trying and adding " : "Trying ") + card.id() + "…", false, false);
        tasks.submit(install ? "Adding a model" : "Trying a model", ctx -> {
            ModelInspector.DryRun run = ModelInspector.dryRun(card, onnx, frame);
            ModelRegistry.Entry entry = install ? ModelInspector.install(card, onnx, folder) : null;
            return new Object[] {run, entry};
        }, TaskRunner.Callbacks.of(r -> {
            busy.set(false);
            ModelInspector.DryRun run = (ModelInspector.DryRun) r[0];
            String sentence = where + run.summary();
            if (install) {
                ModelRegistry.Entry e = (ModelRegistry.Entry) r[1];
                say(sentence.substring(0, sentence.length() - 1) + "; added to " + ModelsViewModel.shortPath(e.cardFile().getParent()) + ".", true, false);
                added.set(true);
                models.rescan(card.id());
            } else {
                say(sentence, true, false);
            }
        }, e -> {
            busy.set(false);
            String sentence = Failures.logged(LOG, "The dry run of " + card.id(), e);
            say(sentence, false, true);
        }));
    }

    private void say(String sentence, boolean ok, boolean failed) {
        result.set(sentence);
        resultOk.set(ok);
        resultFailed.set(failed);
    }

    public ReadOnlyStringProperty onnxFileProperty() {
        return onnxFile;
    }

    /** The file's inputs and outputs as it declares them, one per line. */
    public ReadOnlyStringProperty tensorsProperty() {
        return tensors;
    }

    public StringProperty idProperty() {
        return id;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty taskProperty() {
        return task;
    }

    /** How an image input can be resized (the card's {@code resize}). */
    public ObservableList<String> resizeChoices() {
        return resizeChoices;
    }

    public ObservableList<String> taskChoices() {
        return taskChoices;
    }

    public StringProperty licenseProperty() {
        return license;
    }

    public StringProperty labelsProperty() {
        return labels;
    }

    public ReadOnlyStringProperty labelsHintProperty() {
        return labelsHint;
    }

    public StringProperty keypointsProperty() {
        return keypoints;
    }

    public StringProperty inputShapeProperty() {
        return inputShape;
    }

    public StringProperty layoutProperty() {
        return layout;
    }

    public StringProperty resizeProperty() {
        return resize;
    }

    public StringProperty colorOrderProperty() {
        return colorOrder;
    }

    public StringProperty scaleProperty() {
        return scale;
    }

    public StringProperty meanProperty() {
        return mean;
    }

    public StringProperty stdProperty() {
        return std;
    }

    public StringProperty decodingProperty() {
        return decoding;
    }

    public ReadOnlyStringProperty inputTitleProperty() {
        return inputTitle;
    }

    public ReadOnlyStringProperty outputTitleProperty() {
        return outputTitle;
    }

    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded;
    }

    /** Whether the first input is an image (then layout, resize, colour order and normalisation apply). */
    public ReadOnlyBooleanProperty imageInputProperty() {
        return imageInput;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }

    /** How the last step went, in one plain sentence. */
    public ReadOnlyStringProperty resultProperty() {
        return result;
    }

    public ReadOnlyBooleanProperty resultOkProperty() {
        return resultOk;
    }

    public ReadOnlyBooleanProperty resultFailedProperty() {
        return resultFailed;
    }

    /** Whether the model as the form describes it has just been added. */
    public ReadOnlyBooleanProperty addedProperty() {
        return added;
    }
}
