package org.dancelens.ui.evaluate;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.dancelens.analysis.ClassifyAnalysis;
import org.dancelens.analysis.EvaluationRun;
import org.dancelens.analysis.Workspace;
import org.dancelens.classify.Manifest;
import org.dancelens.classify.Metrics;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.TaskRunner;
import org.dancelens.export.EvaluationReport;
import org.dancelens.inference.ModelCard;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.ui.DialogService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The evaluation window: a manifest of labelled videos, a classifier (and the pose model a skeleton classifier
 * needs), run in the background through the same job as {@code dancelens evaluate}; shows the summary, the
 * per-class table and the confusion matrix, and keeps the full report (metrics.json, confusion.csv/png,
 * report.html) in {@code evaluations/} of the data folder.
 */
public class EvaluationViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(EvaluationViewModel.class);

    private final TaskRunner tasks;
    private final DialogService dialogs;
    private final List<Path> modelFolders;
    private final Supplier<OrtRuntime.Device> device;
    private final ObjectProperty<Path> manifest = new SimpleObjectProperty<>();
    private final ObservableList<String> models = FXCollections.observableArrayList();
    private final ObservableList<String> poseModels = FXCollections.observableArrayList();
    private final StringProperty selectedModel = new SimpleStringProperty();
    private final StringProperty selectedPoseModel = new SimpleStringProperty();
    private final BooleanProperty needsPose = new SimpleBooleanProperty(false);
    private final BooleanProperty running = new SimpleBooleanProperty(false);
    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    private final StringProperty status = new SimpleStringProperty("Choose a manifest of labelled videos and a model.");
    private final StringProperty summary = new SimpleStringProperty("");
    private final ObservableList<Metrics.ClassMetrics> perClass = FXCollections.observableArrayList();
    private final ObjectProperty<Path> reportFolder = new SimpleObjectProperty<>();
    private final Map<String, ModelCard> cards = new LinkedHashMap<>();
    private TaskRunner.Handle job;

    public EvaluationViewModel(TaskRunner tasks, DialogService dialogs, List<Path> modelFolders, Supplier<OrtRuntime.Device> device) {
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.modelFolders = modelFolders;
        this.device = device;
        selectedModel.addListener((o, a, b) -> {
            ModelCard c = b == null ? null : cards.get(b);
            needsPose.set(c != null && ClassifyAnalysis.needsPoses(c));
            String pose = c == null ? null : c.option("poseModel", (String) null);
            if (pose != null && poseModels.contains(pose)) {
                selectedPoseModel.set(pose);
            }
        });
    }

    /** Reads the installed classifiers (two labels or more) and pose models. */
    public void refreshModels() {
        ModelRegistry reg = ModelRegistry.scan(modelFolders);
        cards.clear();
        models.clear();
        poseModels.clear();
        for (ModelRegistry.Entry e : reg.entries()) {
            ModelCard c = e.card();
            if (c.task() == ModelCard.Task.POSE) {
                poseModels.add(c.id());
            } else if (c.task() != ModelCard.Task.DETECTOR && c.task() != ModelCard.Task.SEGMENTER && c.labels() != null && c.labels().size() > 1) {
                models.add(c.id());
                cards.put(c.id(), c);
            }
        }
        models.sort(null);
        poseModels.sort(null);
        if (selectedModel.get() == null || !models.contains(selectedModel.get())) {
            selectedModel.set(models.isEmpty() ? null : models.get(0));
        }
        if (selectedPoseModel.get() == null || !poseModels.contains(selectedPoseModel.get())) {
            selectedPoseModel.set(poseModels.contains("blazepose-full") ? "blazepose-full" : poseModels.isEmpty() ? null : poseModels.get(0));
        }
    }

    public void chooseManifest() {
        dialogs.chooseManifest().ifPresent(manifest::set);
    }

    /** Runs the evaluation in the background; the report goes to {@code evaluations/MODEL-DATE} of the data folder. */
    public void run() {
        Path m = manifest.get();
        String id = selectedModel.get();
        String poseId = needsPose.get() ? selectedPoseModel.get() : null;
        if (m == null || id == null || running.get()) {
            return;
        }
        Path out = Workspace.dataDir().resolve("evaluations")
                .resolve(id + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
        OrtRuntime.Device dev = device.get();
        running.set(true);
        progress.set(-1);
        summary.set("");
        perClass.clear();
        reportFolder.set(null);
        status.set("Evaluating " + id + "…");
        job = tasks.submit("Evaluation", ctx -> {
            List<Manifest.Item> items = Manifest.read(m);
            ModelRegistry reg = ModelRegistry.scan(modelFolders);
            ModelRegistry.Entry entry = reg.find(id);
            EvaluationRun.Result r = EvaluationRun.run(items, entry, poseId == null ? null : reg.find(poseId), Workspace::storeFor, dev, ctx);
            Map<String, String> provenance = new LinkedHashMap<>();
            provenance.put("modelId", id);
            provenance.put("onnxSha256", entry.card().provenance().onnxSha256() != null ? entry.card().provenance().onnxSha256()
                    : ModelRegistry.sha256(entry.onnxFile()));
            provenance.put("manifest", m.toAbsolutePath().toString());
            provenance.put("date", java.time.Instant.now().toString());
            if (poseId != null) {
                provenance.put("poseModel", poseId);
            }
            if (!r.skipped().isEmpty()) {
                provenance.put("skipped", String.join("; ", r.skipped()));
            }
            java.nio.file.Files.createDirectories(out);
            EvaluationReport.write(r.evaluation(), provenance, out);
            return r;
        }, new TaskRunner.Callbacks<EvaluationRun.Result>() {
            @Override
            public void progress(double fraction, String message) {
                progress.set(fraction);
                status.set(message);
            }

            @Override
            public void succeeded(EvaluationRun.Result r) {
                running.set(false);
                progress.set(1);
                Metrics.Evaluation ev = r.evaluation();
                StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                        "%d items: accuracy %.3f · balanced accuracy %.3f · macro precision %.3f · recall %.3f · F1 %.3f", ev.n(), ev.accuracy(),
                        ev.balancedAccuracy(), ev.macroPrecision(), ev.macroRecall(), ev.macroF1()));
                ev.topK().forEach((k, v) -> sb.append(String.format(Locale.ROOT, " · top-%d %.3f", k, v)));
                if (!r.skipped().isEmpty()) {
                    sb.append("\nLeft out: ").append(String.join("; ", r.skipped()));
                }
                summary.set(sb.toString());
                perClass.setAll(ev.perClass());
                reportFolder.set(out);
                status.set("Report in " + out + ".");
            }

            @Override
            public void failed(DanceLensException error) {
                org.dancelens.ui.JobFailure.report(error, "evaluation", "Cancelled.", running, progress, status, dialogs, LOG);
            }
        });
    }

    public void cancel() {
        if (job != null) {
            job.cancel();
        }
    }

    public ObjectProperty<Path> manifestProperty() {
        return manifest;
    }

    public ObservableList<String> models() {
        return models;
    }

    public ObservableList<String> poseModels() {
        return poseModels;
    }

    public StringProperty selectedModelProperty() {
        return selectedModel;
    }

    public StringProperty selectedPoseModelProperty() {
        return selectedPoseModel;
    }

    public ReadOnlyBooleanProperty needsPoseProperty() {
        return needsPose;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running;
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status;
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary;
    }

    public ObservableList<Metrics.ClassMetrics> perClass() {
        return perClass;
    }

    /** Where the last report was written (its confusion.png is shown). */
    public ReadOnlyObjectProperty<Path> reportFolderProperty() {
        return reportFolder;
    }
}
