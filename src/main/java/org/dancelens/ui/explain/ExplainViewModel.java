package org.dancelens.ui.explain;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.dancelens.analysis.FrameExplainer;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.TaskRunner;
import org.dancelens.core.VideoFrame;
import org.dancelens.explain.GradCam;
import org.dancelens.inference.ModelCard;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OnnxGraph;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.ui.DialogService;
import org.dancelens.ui.player.PlayerViewModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Explain tab: a class-activation map of the frame on screen for an image classifier — model, layer, method,
 * class (its top label or a chosen one), colour map and opacity — computed in the background and laid over the video.
 * The prepared model (its gradient graph) is kept while model and layer stay the same.
 */
public class ExplainViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(ExplainViewModel.class);
    static final String TOP = "top label";
    static final String DEFAULT_LAYER = "deepest (default)";

    private final TaskRunner tasks;
    private final DialogService dialogs;
    private final List<Path> modelFolders;
    private final Supplier<VideoFrame> frame;
    private final Supplier<OrtRuntime.Device> device;
    private final Consumer<PlayerViewModel.HeatOverlay> sink;
    private final ObservableList<String> models = FXCollections.observableArrayList();
    private final StringProperty selectedModel = new SimpleStringProperty();
    private final ObservableList<String> layers = FXCollections.observableArrayList();
    private final StringProperty selectedLayer = new SimpleStringProperty(DEFAULT_LAYER);
    private final ObservableList<String> methods = FXCollections.observableArrayList("gradcam", "gradcampp", "xgradcam", "hirescam", "layercam", "eigencam", "scorecam");
    private final StringProperty method = new SimpleStringProperty("gradcam");
    private final ObservableList<String> classes = FXCollections.observableArrayList(TOP);
    private final StringProperty selectedClass = new SimpleStringProperty(TOP);
    private final ObservableList<String> colorMaps = FXCollections.observableArrayList("jet", "viridis", "inferno");
    private final StringProperty colorMap = new SimpleStringProperty("jet");
    private final DoubleProperty opacity = new SimpleDoubleProperty(0.6);
    private final BooleanProperty running = new SimpleBooleanProperty(false);
    private final StringProperty status = new SimpleStringProperty("Pick an image classifier and explain the frame on screen.");
    /** One map of the depth-wise view: the layer and the frame with its map, as PNG bytes. */
    public record DepthMap(String layer, String caption, byte[] png) {
    }

    private final ObservableList<DepthMap> depthMaps = FXCollections.observableArrayList();
    private PlayerViewModel.HeatOverlay last;
    private FrameExplainer explainer; // used on the task thread only, one task at a time
    private String explainerKey;

    public ExplainViewModel(TaskRunner tasks, DialogService dialogs, List<Path> modelFolders, Supplier<VideoFrame> frame,
                            Supplier<OrtRuntime.Device> device, Consumer<PlayerViewModel.HeatOverlay> sink) {
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.modelFolders = modelFolders;
        this.frame = frame;
        this.device = device;
        this.sink = sink;
        selectedModel.addListener((o, a, b) -> modelChosen(b));
        colorMap.addListener((o, a, b) -> restyle());
        opacity.addListener((o, a, b) -> restyle());
    }

    /** Reads the installed image models (frame classifiers and image scorers). */
    public void refreshModels() {
        List<String> ids = ModelRegistry.scan(modelFolders).entries().stream().map(ModelRegistry.Entry::card)
                .filter(c -> c.task() == ModelCard.Task.FRAME_CLASSIFIER || c.task() == ModelCard.Task.SCORER && c.sequence() == null && c.clip() == null)
                .map(ModelCard::id).sorted().toList();
        models.setAll(ids);
        if (selectedModel.get() == null || !models.contains(selectedModel.get())) {
            selectedModel.set(models.isEmpty() ? null : models.get(0));
        }
        if (models.isEmpty()) {
            status.set("No image classifier installed: add one with Models ▸ Add ONNX Model….");
        }
    }

    private void modelChosen(String id) {
        layers.setAll(DEFAULT_LAYER);
        selectedLayer.set(DEFAULT_LAYER);
        classes.setAll(TOP);
        selectedClass.set(TOP);
        if (id == null) {
            return;
        }
        tasks.submit("Reading layers", ctx -> {
            ModelRegistry.Entry e = ModelRegistry.scan(modelFolders).find(id);
            // layout-only tensors (the input transposed, casts) are not layers a researcher means
            List<String> names = FrameExplainer.layers(e).stream()
                    .filter(l -> !List.of("Transpose", "Identity", "Cast", "Reshape").contains(l.opType()))
                    .map(OnnxGraph.Layer::tensor).toList();
            List<String> labels = e.card().labels() != null ? e.card().labels() : List.of();
            return new Object[] {names, labels};
        }, TaskRunner.Callbacks.of(r -> {
            if (!id.equals(selectedModel.get())) {
                return;
            }
            @SuppressWarnings("unchecked")
            List<String> names = (List<String>) r[0];
            @SuppressWarnings("unchecked")
            List<String> labels = (List<String>) r[1];
            layers.setAll(DEFAULT_LAYER);
            for (int i = names.size() - 1; i >= 0; i--) {
                layers.add(names.get(i)); // deepest first
            }
            classes.setAll(TOP);
            classes.addAll(labels);
            status.set(names.size() + " layers can be explained; the deepest is the usual choice.");
        }, e -> {
            LOG.warn("Reading the layers of {} failed: {}", id, e.getMessage(), e);
            status.set(e.getMessage());
        }));
    }

    /** Explains the frame on screen in the background and shows the map over it. */
    public void explainFrame() {
        VideoFrame f = frame.get();
        String id = selectedModel.get();
        if (f == null || id == null || running.get()) {
            return;
        }
        String layer = DEFAULT_LAYER.equals(selectedLayer.get()) ? null : selectedLayer.get();
        GradCam.Method m = switch (method.get()) {
            case "gradcampp" -> GradCam.Method.GRAD_CAM_PP;
            case "xgradcam" -> GradCam.Method.XGRAD_CAM;
            case "hirescam" -> GradCam.Method.HIRES_CAM;
            case "layercam" -> GradCam.Method.LAYER_CAM;
            case "eigencam" -> GradCam.Method.EIGEN_CAM;
            case "scorecam" -> null;
            default -> GradCam.Method.GRAD_CAM;
        };
        int cls = TOP.equals(selectedClass.get()) ? -1 : classes.indexOf(selectedClass.get()) - 1;
        OrtRuntime.Device dev = device.get();
        running.set(true);
        status.set("Explaining frame " + f.index() + "…");
        tasks.submit("Explaining a frame", ctx -> {
            String key = id + "|" + layer + "|" + dev;
            if (explainer == null || !key.equals(explainerKey)) {
                if (explainer != null) {
                    explainer.close();
                    explainer = null;
                }
                explainer = FrameExplainer.open(ModelRegistry.scan(modelFolders).find(id), layer, dev);
                explainerKey = key;
            }
            long t0 = System.nanoTime();
            FrameExplainer.Result r = m == null ? explainer.scoreCam(f, cls) : explainer.explain(f, cls, m);
            return new Object[] {r, (System.nanoTime() - t0) / 1e6, explainer.layer()};
        }, new TaskRunner.Callbacks<Object[]>() {
            @Override
            public void succeeded(Object[] o) {
                running.set(false);
                FrameExplainer.Result r = (FrameExplainer.Result) o[0];
                last = new PlayerViewModel.HeatOverlay(f.index(), r.cam().map(), r.cam().height(), r.cam().width(), r.region(), colorMap.get(),
                        opacity.get());
                sink.accept(last);
                float best = r.scores()[r.classIndex()];
                status.set(String.format(Locale.ROOT, "Frame %d: %s (score %.3f), %s at %s, %.0f ms.", f.index(), r.label(), best, method.get(),
                        shortName((String) o[2]), (Double) o[1]));
            }

            @Override
            public void failed(DanceLensException error) {
                running.set(false);
                LOG.warn("Explaining failed: {}", error.getMessage(), error);
                status.set("No map: see the message.");
                dialogs.showError(error.getMessage());
            }
        });
    }

    static String shortName(String tensor) {
        int slash = tensor.lastIndexOf('/', tensor.length() - 2);
        return slash < 0 ? tensor : "…" + tensor.substring(slash);
    }

    /**
     * The depth-wise view: the same frame's map at an early, a middle and the deepest layer, side by side (the
     * comparison researchers otherwise make by hand).
     */
    public void depthWise() {
        VideoFrame f = frame.get();
        String id = selectedModel.get();
        List<String> names = layers.stream().filter(l -> !DEFAULT_LAYER.equals(l)).toList(); // deepest first
        if (f == null || id == null || running.get() || names.isEmpty()) {
            return;
        }
        List<String> chosen = names.size() <= 3 ? names
                : List.of(names.get(names.size() - 1), names.get(names.size() / 2), names.get(0)); // early, middle, deep
        int cls = TOP.equals(selectedClass.get()) ? -1 : classes.indexOf(selectedClass.get()) - 1;
        String cmapName = colorMap.get();
        double alpha = opacity.get();
        OrtRuntime.Device dev = device.get();
        running.set(true);
        status.set("Maps at " + chosen.size() + " depths…");
        tasks.submit("Depth-wise maps", ctx -> {
            ModelRegistry.Entry e = ModelRegistry.scan(modelFolders).find(id);
            List<DepthMap> out = new java.util.ArrayList<>();
            List<String> order = names.size() <= 3 ? new java.util.ArrayList<>(chosen) : chosen;
            if (names.size() <= 3) {
                java.util.Collections.reverse(order); // early first
            }
            for (String l : order) {
                ctx.checkCancelled();
                try (FrameExplainer fe = FrameExplainer.open(e, l, dev)) {
                    FrameExplainer.Result r = fe.explain(f, cls, GradCam.Method.GRAD_CAM);
                    java.awt.image.BufferedImage img = org.dancelens.export.HeatMapExport.overlay(f, r.cam().map(), r.cam().height(),
                            r.cam().width(), r.region(), org.dancelens.export.HeatMapExport.ColorMap.of(cmapName), alpha);
                    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                    javax.imageio.ImageIO.write(img, "png", bytes);
                    out.add(new DepthMap(l, shortName(l) + " (" + r.cam().lowHeight() + "x" + r.cam().lowWidth() + ") · " + r.label(), bytes.toByteArray()));
                }
            }
            return out;
        }, TaskRunner.Callbacks.of(list -> {
            running.set(false);
            depthMaps.setAll(list);
            status.set("Grad-CAM of frame " + f.index() + " at " + list.size() + " depths, early to deep.");
        }, e -> {
            running.set(false);
            dialogs.showError(e.getMessage());
        }));
    }

    public ObservableList<DepthMap> depthMaps() {
        return depthMaps;
    }

    /** Takes the map off the video. */
    public void clear() {
        last = null;
        sink.accept(null);
    }

    private void restyle() {
        if (last != null) {
            last = new PlayerViewModel.HeatOverlay(last.frame(), last.map(), last.height(), last.width(), last.region(), colorMap.get(), opacity.get());
            sink.accept(last);
        }
    }

    public ObservableList<String> models() {
        return models;
    }

    public StringProperty selectedModelProperty() {
        return selectedModel;
    }

    public ObservableList<String> layers() {
        return layers;
    }

    public StringProperty selectedLayerProperty() {
        return selectedLayer;
    }

    public ObservableList<String> methods() {
        return methods;
    }

    public StringProperty methodProperty() {
        return method;
    }

    public ObservableList<String> classes() {
        return classes;
    }

    public StringProperty selectedClassProperty() {
        return selectedClass;
    }

    public ObservableList<String> colorMaps() {
        return colorMaps;
    }

    public StringProperty colorMapProperty() {
        return colorMap;
    }

    public DoubleProperty opacityProperty() {
        return opacity;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status;
    }
}
