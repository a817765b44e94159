package org.dancelens.ui.evaluate;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.dancelens.analysis.ClassifyAnalysis;
import org.dancelens.analysis.EvaluationRun;
import org.dancelens.analysis.Workspace;
import org.dancelens.classify.Manifest;
import org.dancelens.classify.Metrics;
import org.dancelens.core.TaskRunner;
import org.dancelens.export.EvaluationReport;
import org.dancelens.inference.ModelCard;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.ui.BackgroundJob;
import org.dancelens.ui.Choices;
import org.dancelens.ui.DialogService;
import org.dancelens.ui.models.InstalledModels;
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

    private final DialogService dialogs;
    private final InstalledModels installed;
    private final Supplier<OrtRuntime.Device> device;
    private final BackgroundJob job;
    private final ObjectProperty<Path> manifest = new SimpleObjectProperty<>();
    private final ObservableList<String> models = FXCollections.observableArrayList();
    private final ObservableList<String> poseModels = FXCollections.observableArrayList();
    private final StringProperty selectedModel = new SimpleStringProperty();
    private final StringProperty selectedPoseModel = new SimpleStringProperty();
    private final ReadOnlyBooleanWrapper needsPose = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ObservableList<Metrics.ClassMetrics> perClass = FXCollections.observableArrayList();
    /** The read-only view handed out (one object: a listener added to it lives as long as this). */
    private final ObservableList<Metrics.ClassMetrics> perClassView = FXCollections.unmodifiableObservableList(perClass);
    private final ReadOnlyObjectWrapper<Path> reportFolder = new ReadOnlyObjectWrapper<>();
    /** Counts the choices made: a run whose choices were changed meanwhile is not shown. */
    private long choices;

    public EvaluationViewModel(TaskRunner tasks, DialogService dialogs, InstalledModels installed, Supplier<OrtRuntime.Device> device) {
        this.dialogs = dialogs;
        this.installed = installed;
        this.device = device;
        this.job = new BackgroundJob(tasks, dialogs, LOG, "Choose a manifest of labelled videos and a model.")
                .workingOn(() -> manifest.get() == null ? null : String.valueOf(manifest.get().getFileName()));
        selectedModel.addListener((o, a, b) -> {
            ModelCard c = b == null ? null : installed.card(b);
            needsPose.set(c != null && ClassifyAnalysis.needsPoses(c));
            String pose = c == null ? null : c.option("poseModel", (String) null);
            if (pose != null && poseModels.contains(pose)) {
                selectedPoseModel.set(pose);
            }
        });
        // results of other choices are not shown as if they were of these
        manifest.addListener((o, a, b) -> clear());
        selectedModel.addListener((o, a, b) -> clear());
        installed.entries().addListener((ListChangeListener<ModelRegistry.Entry>) c -> refreshModels());
        refreshModels();
    }

    private void clear() {
        choices++;
        summary.set("");
        perClass.clear();
        reportFolder.set(null);
    }

    private static boolean isClassifier(ModelCard c) {
        return c.task() != ModelCard.Task.POSE && c.task() != ModelCard.Task.DETECTOR && c.task() != ModelCard.Task.SEGMENTER
                && c.task() != ModelCard.Task.SCORER && c.labels() != null && c.labels().size() > 1;
    }

    /** The installed classifiers (two labels or more; not scorers, which the ratings mode evaluates) and pose models. */
    private void refreshModels() {
        // dance models first, as in the Styles tab (a stable sort: otherwise in the catalogue's order)
        List<String> cls = installed.ids(EvaluationViewModel::isClassifier).stream()
                .sorted(java.util.Comparator.comparing(id -> !installed.card(id).isAboutDance())).toList();
        List<String> poses = installed.ids(c -> c.task() == ModelCard.Task.POSE);
        Choices.offer(poseModels, poses, selectedPoseModel, poses.contains("blazepose-full") ? "blazepose-full" : poses.isEmpty() ? null : poses.get(0));
        Choices.offer(models, cls, selectedModel, cls.isEmpty() ? null : cls.get(0));
    }

    public void chooseManifest() {
        dialogs.chooseManifest().ifPresent(manifest::set);
    }

    /** Runs the evaluation in the background; the report goes to {@code evaluations/MODEL-DATE} of the data folder. */
    public void run() {
        Path m = manifest.get();
        String id = selectedModel.get();
        String poseId = needsPose.get() ? selectedPoseModel.get() : null;
        if (m == null || id == null || job.runningProperty().get()) {
            return;
        }
        Path out = Workspace.dataDir().resolve("evaluations")
                .resolve(id + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
        OrtRuntime.Device dev = device.get();
        clear();
        long run = choices;
        job.start("evaluation", "Evaluating " + id + "…", ctx -> {
            Manifest.Labelled labelled = Manifest.readLabelled(m);
            List<Manifest.Item> items = labelled.items();
            ModelRegistry.Entry entry = installed.catalog().find(id);
            EvaluationRun.Result r = EvaluationRun.run(m, items, entry, poseId == null ? null : installed.catalog().find(poseId), Workspace::storeFor, dev,
                    ctx);
            Map<String, String> provenance = new LinkedHashMap<>();
            provenance.put("modelId", id);
            provenance.put("onnxSha256", entry.onnxSha256());
            provenance.put("manifest", m.toAbsolutePath().toString());
            provenance.put("date", java.time.Instant.now().toString());
            if (poseId != null) {
                provenance.put("poseModel", poseId);
            }
            if (!r.skipped().isEmpty()) {
                provenance.put("skipped", String.join("; ", r.skipped()));
            }
            java.nio.file.Files.createDirectories(out);
            EvaluationReport.write(r.evaluation(), provenance, labelled.raters().isEmpty() ? null
                    : org.dancelens.classify.ratings.LabelAgreement.of(labelled.raters(), labelled.labels(), r.predicted()), out);
            return r;
        }, r -> {
            if (run != choices) {
                job.say("The manifest or the model changed while it ran: the report in " + out + " is of the earlier choice and not shown.");
                return;
            }
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
            job.say("Report in " + out + ".");
        });
    }

    public void cancel() {
        job.cancel();
    }

    /** The manifest to evaluate against (chosen in a dialog, or set). */
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
        return needsPose.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return job.runningProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return job.progressProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return job.statusProperty();
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ObservableList<Metrics.ClassMetrics> perClass() {
        return perClassView;
    }

    /** Where the last report was written (its confusion.png is shown). */
    public ReadOnlyObjectProperty<Path> reportFolderProperty() {
        return reportFolder.getReadOnlyProperty();
    }
}
