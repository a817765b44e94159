package org.dancelens.ui.evaluate;

import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.SimpleStringProperty;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.dancelens.classify.ratings.ScoreAgreement;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The evaluation window's ratings mode: ratings manifest, scorer, output folder, run; per criterion the table of the
 * model against the raters and the raters among themselves, the leave-one-rater-out table with its answer, and the
 * scatter and Bland–Altman plots. Bindings and drawing only.
 */
public final class RatingsEvaluationView extends BorderPane {
    public RatingsEvaluationView(RatingsEvaluationViewModel vm) {
        setPadding(new Insets(12));
        Label ratings = new Label();
        ratings.textProperty().bind(Bindings.createStringBinding(() -> vm.ratingsProperty().get() == null ? "no ratings manifest chosen"
                : vm.ratingsProperty().get().toString(), vm.ratingsProperty()));
        ratings.setId("ratings-manifest");
        Button choose = new Button("Ratings…", new FontIcon("mdi2f-file-table-outline"));
        choose.setId("choose-ratings");
        choose.setOnAction(e -> vm.chooseRatings());
        ComboBox<String> model = new ComboBox<>(vm.models());
        model.valueProperty().bindBidirectional(vm.selectedModelProperty());
        model.setId("ratings-model");
        model.setPromptText("no scorer installed");
        ComboBox<String> pose = new ComboBox<>(vm.poseModels());
        pose.valueProperty().bindBidirectional(vm.selectedPoseModelProperty());
        pose.disableProperty().bind(vm.needsPoseProperty().not().or(vm.runningProperty()));
        Label folder = new Label();
        folder.textProperty().bind(Bindings.createStringBinding(() -> vm.outputFolderProperty().get() == null
                ? "a new folder in evaluations/ of the data folder" : vm.outputFolderProperty().get().toString(), vm.outputFolderProperty()));
        Button chooseFolder = new Button("Folder…", new FontIcon("mdi2f-folder-outline"));
        chooseFolder.setOnAction(e -> vm.chooseOutputFolder());
        for (javafx.scene.Node n : new javafx.scene.Node[] {choose, model, chooseFolder}) {
            n.disableProperty().bind(vm.runningProperty());
        }
        Button run = new Button("Evaluate", new FontIcon("mdi2c-check-decagram"));
        run.setId("run-ratings-evaluation");
        run.setOnAction(e -> vm.run());
        run.disableProperty().bind(vm.runningProperty().or(vm.ratingsProperty().isNull()).or(vm.selectedModelProperty().isNull()));
        Button cancel = new Button("Cancel", new FontIcon("mdi2s-stop"));
        cancel.setId("cancel-ratings-evaluation");
        cancel.setOnAction(e -> vm.cancel());
        cancel.disableProperty().bind(vm.runningProperty().not());
        Button report = new Button("Open Report", new FontIcon("mdi2o-open-in-new"));
        report.setId("open-ratings-report");
        report.setOnAction(e -> vm.openReport());
        report.disableProperty().bind(vm.reportFolderProperty().isNull());
        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(6);
        form.addRow(0, new Label("Ratings"), new HBox(8, choose, ratings));
        form.addRow(1, new Label("Scorer"), model);
        form.addRow(2, new Label("Poses from"), pose);
        form.addRow(3, new Label("Report to"), new HBox(8, chooseFolder, folder));
        form.addRow(4, new Label(""), new HBox(6, run, cancel, report));
        ProgressBar progress = new ProgressBar();
        progress.progressProperty().bind(vm.progressProperty());
        progress.visibleProperty().bind(vm.runningProperty());
        progress.setMaxWidth(Double.MAX_VALUE);
        Label status = new Label();
        status.setId("ratings-status");
        status.textProperty().bind(vm.statusProperty());
        status.setWrapText(true);
        VBox top = new VBox(6, form, progress, status);
        top.setPadding(new Insets(0, 0, 8, 0));

        ComboBox<String> criterion = new ComboBox<>(vm.criteria());
        criterion.valueProperty().bindBidirectional(vm.selectedCriterionProperty());
        criterion.setId("ratings-criterion");
        Label criterionLabel = new Label("Criterion");
        HBox criterionRow = new HBox(8, criterionLabel, criterion);
        criterionRow.visibleProperty().bind(Bindings.size(vm.criteria()).greaterThan(1));
        criterionRow.managedProperty().bind(criterionRow.visibleProperty());

        TableView<RatingsEvaluationViewModel.Statistic> stats = new TableView<>(vm.statistics());
        stats.setId("ratings-statistics");
        stats.getColumns().add(column("statistic", RatingsEvaluationViewModel.Statistic::name));
        stats.getColumns().add(column("value", RatingsEvaluationViewModel.Statistic::value));
        stats.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        stats.setPlaceholder(new Label("Pearson's r, Spearman's ρ, the errors and the raters' agreement appear here."));
        stats.setFixedCellSize(24);
        stats.setPrefHeight(24 * 10 + 30); // the ten lines without scrolling
        stats.setMinHeight(Region.USE_PREF_SIZE);

        Label question = new Label("Is the model as good as a rater? Each rater, and the model, against the mean of the other raters (r: Pearson):");
        question.setWrapText(true);
        question.setMinHeight(Region.USE_PREF_SIZE);
        TableView<ScoreAgreement.LeftOut> raters = new TableView<>(vm.leaveOneOut());
        raters.setId("ratings-leave-one-out");
        raters.getColumns().add(column("left out", ScoreAgreement.LeftOut::rater));
        raters.getColumns().add(column("items", l -> Integer.toString(l.n())));
        raters.getColumns().add(column("rater r", l -> RatingsEvaluationViewModel.number(l.raterPearson())));
        raters.getColumns().add(column("model r", l -> RatingsEvaluationViewModel.number(l.modelPearson())));
        raters.getColumns().add(column("rater MAE", l -> RatingsEvaluationViewModel.number(l.raterMae())));
        raters.getColumns().add(column("model MAE", l -> RatingsEvaluationViewModel.number(l.modelMae())));
        raters.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        raters.setPlaceholder(new Label("With two raters or more, each rater against the others."));
        raters.setFixedCellSize(24);
        raters.setPrefHeight(24 * 4 + 30);
        raters.setMinHeight(Region.USE_PREF_SIZE);
        Label verdict = new Label();
        verdict.setId("ratings-verdict");
        verdict.textProperty().bind(vm.verdictProperty());
        verdict.setWrapText(true);
        verdict.setMinHeight(Region.USE_PREF_SIZE);
        verdict.setStyle("-fx-font-weight: bold;");
        Label notes = new Label();
        notes.textProperty().bind(vm.notesProperty());
        notes.setWrapText(true);
        notes.setMinHeight(Region.USE_PREF_SIZE);
        VBox tables = new VBox(8, criterionRow, stats, question, raters, verdict, notes);
        tables.setPrefWidth(520);
        tables.setPadding(new Insets(0, 4, 0, 0));
        javafx.scene.control.ScrollPane tablesScroll = new javafx.scene.control.ScrollPane(tables); // a low window scrolls, the plots keep their room
        tablesScroll.setFitToWidth(true);
        tablesScroll.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        tablesScroll.setMinWidth(540);
        tablesScroll.setStyle("-fx-background-color: transparent;");

        RatingsChart scatter = new RatingsChart(RatingsChart.Kind.SCATTER);
        RatingsChart blandAltman = new RatingsChart(RatingsChart.Kind.BLAND_ALTMAN);
        vm.criterionProperty().addListener((o, a, b) -> {
            scatter.show(b);
            blandAltman.show(b);
        });
        scatter.show(vm.criterionProperty().get());
        blandAltman.show(vm.criterionProperty().get());
        VBox charts = new VBox(8, scatter, blandAltman);
        VBox.setVgrow(scatter, Priority.ALWAYS);
        VBox.setVgrow(blandAltman, Priority.ALWAYS);
        HBox results = new HBox(12, tablesScroll, charts);
        HBox.setHgrow(charts, Priority.ALWAYS);
        setTop(top);
        setCenter(results);
    }

    private static <T> TableColumn<T, String> column(String title, Function<T, String> f) {
        TableColumn<T, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new SimpleStringProperty(f.apply(d.getValue())));
        c.setSortable(false);
        return c;
    }
}
