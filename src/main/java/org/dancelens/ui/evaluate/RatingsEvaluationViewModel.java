package org.dancelens.ui.evaluate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
import org.dancelens.analysis.RatingsRun;
import org.dancelens.analysis.Workspace;
import org.dancelens.classify.RatingsManifest;
import org.dancelens.classify.ratings.RatingsEvaluation;
import org.dancelens.classify.ratings.ScoreAgreement;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.TaskRunner;
import org.dancelens.export.RatingsReport;
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
 * The evaluation window's ratings mode: a ratings manifest, a scorer (only models whose card's task is {@code scorer}
 * are offered) and an output folder; the evaluation runs in the background through the same job as
 * {@code dancelens evaluate --ratings} ({@link RatingsRun}) and writes the same report ({@link RatingsReport}). Shows,
 * for the criterion chosen, the model against the raters' mean, the raters among themselves, the leave-one-rater-out
 * table with one sentence answering "is the model as good as a rater?", and the criterion's scores for the scatter and
 * Bland–Altman plots. Choosing another manifest, scorer or pose model clears what is shown: it was made from the
 * earlier choice.
 */
public class RatingsEvaluationViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(RatingsEvaluationViewModel.class);
    static final String DASH = "–";

    /** One line of the criterion's table: what, and its value as shown. */
    public record Statistic(String name, String value) {
    }

    private final DialogService dialogs;
    private final InstalledModels installed;
    private final Supplier<OrtRuntime.Device> device;
    private final BackgroundJob job;
    private final ObjectProperty<Path> ratings = new SimpleObjectProperty<>();
    private final ObjectProperty<Path> outputFolder = new SimpleObjectProperty<>();
    private final ObservableList<String> models = FXCollections.observableArrayList();
    private final ObservableList<String> poseModels = FXCollections.observableArrayList();
    private final StringProperty selectedModel = new SimpleStringProperty();
    private final StringProperty selectedPoseModel = new SimpleStringProperty();
    private final ReadOnlyBooleanWrapper needsPose = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyObjectWrapper<RatingsRun.Result> result = new ReadOnlyObjectWrapper<>();
    private final ObservableList<String> criteria = FXCollections.observableArrayList();
    private final ObservableList<String> criteriaView = FXCollections.unmodifiableObservableList(criteria);
    private final StringProperty selectedCriterion = new SimpleStringProperty();
    private final ReadOnlyObjectWrapper<RatingsEvaluation.Criterion> criterion = new ReadOnlyObjectWrapper<>();
    private final ObservableList<Statistic> statistics = FXCollections.observableArrayList();
    private final ObservableList<Statistic> statisticsView = FXCollections.unmodifiableObservableList(statistics);
    private final ObservableList<ScoreAgreement.LeftOut> leaveOneOut = FXCollections.observableArrayList();
    private final ObservableList<ScoreAgreement.LeftOut> leaveOneOutView = FXCollections.unmodifiableObservableList(leaveOneOut);
    private final ReadOnlyStringWrapper verdict = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper notes = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Path> reportFolder = new ReadOnlyObjectWrapper<>();
    /** Counts the choices made: a run whose choices were changed meanwhile is not shown. */
    private long choices;

    public RatingsEvaluationViewModel(TaskRunner tasks, DialogService dialogs, InstalledModels installed, Supplier<OrtRuntime.Device> device) {
        this.dialogs = dialogs;
        this.installed = installed;
        this.device = device;
        this.job = new BackgroundJob(tasks, dialogs, LOG, "Choose a ratings manifest and a scorer.")
                .workingOn(() -> ratings.get() == null ? null : String.valueOf(ratings.get().getFileName()));
        selectedModel.addListener((o, a, b) -> {
            ModelCard c = b == null ? null : installed.card(b);
            needsPose.set(c != null && ClassifyAnalysis.needsPoses(c));
            String pose = c == null ? null : c.option("poseModel", (String) null);
            if (pose != null && poseModels.contains(pose)) {
                selectedPoseModel.set(pose);
            }
        });
        ratings.addListener((o, a, b) -> clear());
        selectedModel.addListener((o, a, b) -> clear());
        selectedPoseModel.addListener((o, a, b) -> {
            if (needsPose.get()) {
                clear();
            }
        });
        selectedCriterion.addListener((o, a, b) -> showCriterion());
        installed.entries().addListener((ListChangeListener<ModelRegistry.Entry>) c -> refreshModels());
        refreshModels();
    }

    /** Only scorers: a model that outputs a number per frame. */
    static boolean isScorer(ModelCard c) {
        return c.task() == ModelCard.Task.SCORER;
    }

    private void refreshModels() {
        List<String> scorers = installed.ids(RatingsEvaluationViewModel::isScorer).stream()
                .sorted(java.util.Comparator.comparing(id -> !installed.card(id).isAboutDance())).toList();
        List<String> poses = installed.ids(c -> c.task() == ModelCard.Task.POSE);
        Choices.offer(poseModels, poses, selectedPoseModel, poses.contains("blazepose-full") ? "blazepose-full" : poses.isEmpty() ? null : poses.get(0));
        Choices.offer(models, scorers, selectedModel, scorers.isEmpty() ? null : scorers.get(0));
    }

    public void chooseRatings() {
        dialogs.chooseRatings().ifPresent(ratings::set);
    }

    public void chooseOutputFolder() {
        dialogs.chooseFolder("Folder for the report").ifPresent(outputFolder::set);
    }

    /** Forgets the results shown (they were made from other choices). */
    private void clear() {
        choices++;
        result.set(null);
        criteria.clear();
        selectedCriterion.set(null);
        reportFolder.set(null);
        notes.set("");
        showCriterion();
    }

    /**
     * Runs the evaluation in the background; the report goes to the output folder, or when none is chosen to a new
     * folder {@code evaluations/MODEL-ratings-DATE} of the data folder. A run that fails or is cancelled leaves no
     * folder it made behind, and no report in a folder that was there.
     */
    public void run() {
        Path m = ratings.get();
        String id = selectedModel.get();
        String poseId = needsPose.get() ? selectedPoseModel.get() : null;
        if (m == null || id == null || job.runningProperty().get()) {
            return;
        }
        Path out = outputFolder.get() != null ? outputFolder.get() : Workspace.dataDir().resolve("evaluations")
                .resolve(id + "-ratings-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
        OrtRuntime.Device dev = device.get();
        clear();
        long run = choices;
        job.start("evaluation", "Evaluating " + id + " against the ratings…", ctx -> {
            RatingsManifest.Table table = RatingsManifest.read(m);
            ModelRegistry.Entry entry = installed.catalog().find(id).pinned();
            ModelRegistry.Entry pose = poseId == null ? null : installed.catalog().find(poseId);
            RatingsRun.Result r = RatingsRun.run(m, table, entry, pose, Workspace::storeFor, dev, ScoreAgreement.RESAMPLES, ScoreAgreement.SEED, ctx);
            ctx.checkCancelled();
            writeReport(r, RatingsRun.provenance(m, entry, pose, dev, r.skipped()), out);
            return r;
        }, r -> {
            if (run != choices) {
                job.say("The ratings or the scorer changed while it ran: the report in " + out + " is of the earlier choice and not shown.");
                return;
            }
            result.set(r);
            reportFolder.set(out);
            notes.set(r.skipped().isEmpty() ? "" : "Left out: " + String.join("; ", r.skipped()) + ".");
            criteria.setAll(r.evaluation().criteria().stream().map(RatingsEvaluation.Criterion::criterion).toList());
            selectedCriterion.set(criteria.get(0));
            job.say("Report in " + out + ".");
        });
    }

    /** Writes the report set into {@code out}, making the folder; a failure removes a folder it made. */
    private static void writeReport(RatingsRun.Result r, java.util.Map<String, String> provenance, Path out) {
        boolean made = !Files.exists(out);
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw DanceLensException.badInput("Could not make the folder " + out + " for the report: " + e.getMessage() + ".", e);
        }
        try {
            RatingsReport.write(r.evaluation(), provenance, out);
        } catch (RuntimeException e) {
            if (made) {
                try {
                    Files.deleteIfExists(out); // empty: the set is written in full or not at all
                } catch (IOException ignored) {
                    LOG.debug("Could not remove {}", out, ignored);
                }
            }
            throw e;
        }
    }

    public void cancel() {
        job.cancel();
    }

    /** Shows the chosen criterion's numbers (none when there is no result or no criterion). */
    private void showCriterion() {
        RatingsRun.Result r = result.get();
        String name = selectedCriterion.get();
        RatingsEvaluation.Criterion c = r == null || name == null ? null
                : r.evaluation().criteria().stream().filter(x -> x.criterion().equals(name)).findFirst().orElse(null);
        criterion.set(c);
        if (c == null) {
            statistics.clear();
            leaveOneOut.clear();
            verdict.set("");
            return;
        }
        ScoreAgreement.Comparison m = c.comparison();
        List<Statistic> rows = new ArrayList<>();
        rows.add(new Statistic("items (n)", Integer.toString(m.n())));
        rows.add(new Statistic("Pearson r [95 % interval]", number(m.pearson()) + " [" + number(m.pearsonLow()) + ", " + number(m.pearsonHigh()) + "]"));
        rows.add(new Statistic("Spearman ρ", number(m.spearman())));
        rows.add(new Statistic("MSE", number(m.mse())));
        rows.add(new Statistic("MAE", number(m.mae())));
        rows.add(new Statistic("bias (model − raters)", number(m.bias())));
        rows.add(new Statistic("limits of agreement", number(m.lowerLimit()) + " to " + number(m.upperLimit())));
        String k = c.icc() == null ? "k" : Integer.toString(c.icc().k());
        rows.add(new Statistic("ICC(2,1) (one rater)", c.icc() == null ? DASH : number(c.icc().single())));
        rows.add(new Statistic("ICC(2," + k + ") (mean of the raters)", c.icc() == null ? DASH : number(c.icc().average())));
        rows.add(new Statistic("Krippendorff's α (interval)", number(c.alpha())));
        statistics.setAll(rows);
        leaveOneOut.setAll(c.leftOut());
        verdict.set(ScoreAgreement.verdict(c.leftOut()));
    }

    /** A number as the window shows it: three decimals, a dash when undefined. */
    public static String number(double v) {
        return Double.isNaN(v) ? DASH : String.format(Locale.ROOT, "%.3f", v);
    }

    /** Opens the report (report.html) with the desktop's browser. */
    public void openReport() {
        Path folder = reportFolder.get();
        if (folder != null) {
            dialogs.openFile(folder.resolve(RatingsReport.REPORT_HTML));
        }
    }

    public ObjectProperty<Path> ratingsProperty() {
        return ratings;
    }

    /** Where the report is written (null: a new folder under evaluations/ of the data folder). */
    public ObjectProperty<Path> outputFolderProperty() {
        return outputFolder;
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

    /** The last run's result, while the choices it was made from are still the chosen ones. */
    public ReadOnlyObjectProperty<RatingsRun.Result> resultProperty() {
        return result.getReadOnlyProperty();
    }

    /** The criteria compared, in the manifest's order. */
    public ObservableList<String> criteria() {
        return criteriaView;
    }

    public StringProperty selectedCriterionProperty() {
        return selectedCriterion;
    }

    /** The chosen criterion's comparison: the scores drawn in the scatter and Bland–Altman plots. */
    public ReadOnlyObjectProperty<RatingsEvaluation.Criterion> criterionProperty() {
        return criterion.getReadOnlyProperty();
    }

    /** The chosen criterion's table. */
    public ObservableList<Statistic> statistics() {
        return statisticsView;
    }

    /** The chosen criterion's leave-one-rater-out table. */
    public ObservableList<ScoreAgreement.LeftOut> leaveOneOut() {
        return leaveOneOutView;
    }

    /** "Is the model as good as a rater?", answered in one sentence. */
    public ReadOnlyStringProperty verdictProperty() {
        return verdict.getReadOnlyProperty();
    }

    /** Items or criteria left out, and why. */
    public ReadOnlyStringProperty notesProperty() {
        return notes.getReadOnlyProperty();
    }

    /** Where the shown report was written. */
    public ReadOnlyObjectProperty<Path> reportFolderProperty() {
        return reportFolder.getReadOnlyProperty();
    }
}
