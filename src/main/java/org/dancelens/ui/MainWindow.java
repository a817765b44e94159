package org.dancelens.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import org.dancelens.core.ExecutorTaskRunner;
import org.dancelens.core.TaskRunner;
import org.dancelens.ui.player.PlayerView;
import org.dancelens.ui.player.PlayerViewModel;
import org.kordamp.ikonli.javafx.FontIcon;

/** The workbench window: menu, player, status bar; keyboard shortcuts and drag and drop. */
public final class MainWindow {
    private final Stage stage;
    private final TaskRunner tasks = new ExecutorTaskRunner(2, Platform::runLater);
    private final FxDialogService dialogs;
    private final PlayerViewModel player;
    private final PlayerView playerView;
    private final org.dancelens.ui.analysis.AnalysisViewModel analysis;
    private final org.dancelens.ui.timeline.TimelineViewModel timeline;
    private final org.dancelens.ui.classify.ClassifyViewModel classify;
    private final org.dancelens.ui.evaluate.EvaluationViewModel evaluation;
    private final org.dancelens.ui.explain.ExplainViewModel explain;
    private final org.dancelens.ui.models.ModelsViewModel models;
    private final org.dancelens.ui.models.ModelsWindow modelsWindow;

    public MainWindow(Stage stage, RecentFiles recent) {
        this(stage, recent, null);
    }

    /** @param settings where overlay and analysis settings are kept between sessions (null: not kept) */
    public MainWindow(Stage stage, RecentFiles recent, UiSettings settings) {
        this.stage = stage;
        this.dialogs = new FxDialogService(stage);
        this.player = new PlayerViewModel(tasks, Platform::runLater, dialogs, recent);
        this.playerView = new PlayerView(player);
        this.timeline = new org.dancelens.ui.timeline.TimelineViewModel(player::seek);
        player.currentFrameProperty().addListener((o, a, b) -> {
            timeline.playheadProperty().set(b.intValue());
            timeline.follow(b.intValue());
        });
        player.videoPathProperty().addListener((o, a, b) -> timeline.setSeries(java.util.List.of(), player.frameCountProperty().get()));
        this.models = new org.dancelens.ui.models.ModelsViewModel(tasks, dialogs, org.dancelens.inference.ModelRegistry.defaultFolders(),
                org.dancelens.inference.ModelRegistry.userFolder());
        if (settings != null) {
            settings.keep("models.folders", models.extraFolders());
        }
        this.analysis = new org.dancelens.ui.analysis.AnalysisViewModel(tasks, dialogs, models.liveFolders(), r -> {
                    player.setOverlay(r.raw(), r.smoothed());
                    timeline.setSeries(r.confidence(), r.frames());
                });
        this.classify = new org.dancelens.ui.classify.ClassifyViewModel(tasks, dialogs, models.liveFolders(),
                () -> player.fpsProperty().get(), () -> player.currentFrameProperty().get(), timeline::setScores, timeline::setMarks);
        classify.setDevice(analysis::chosenDevice);
        classify.setImportanceSink(imp -> {
            timeline.setImportance(imp == null ? null : imp.perFrame());
            player.jointImportanceProperty().set(imp == null ? null
                    : new org.dancelens.render.JointImportance(imp.track(), imp.perJoint()));
        });
        this.evaluation = new org.dancelens.ui.evaluate.EvaluationViewModel(tasks, dialogs, models.liveFolders(), analysis::chosenDevice);
        this.explain = new org.dancelens.ui.explain.ExplainViewModel(tasks, dialogs, models.liveFolders(), () -> player.frameProperty().get(),
                analysis::chosenDevice, player.heatOverlayProperty()::set);
        explain.refreshModels();
        explain.setAnalysisRange(() -> analysis.fromFrameProperty().get(), () -> analysis.toFrameProperty().get());
        player.frameProperty().addListener((o, a, b) -> { // the stored map of each frame shown, never a model run
            if (b != null) {
                explain.frameShown(b.index());
            }
        });
        player.videoPathProperty().addListener((o, a, b) -> {
            if (b != null) {
                analysis.videoOpened(b);
                classify.videoOpened(b);
                explain.videoOpened(b);
            }
        });
        models.setOnChanged(() -> { // a model added or a folder added: the model lists follow
            analysis.refreshModels();
            classify.refreshModels();
            explain.refreshModels();
        explain.setAnalysisRange(() -> analysis.fromFrameProperty().get(), () -> analysis.toFrameProperty().get());
        player.frameProperty().addListener((o, a, b) -> { // the stored map of each frame shown, never a model run
            if (b != null) {
                explain.frameShown(b.index());
            }
        });
        });
        this.modelsWindow = new org.dancelens.ui.models.ModelsWindow(stage, models,
                new org.dancelens.ui.models.AddModelViewModel(tasks, dialogs, models, () -> player.frameProperty().get()));

        if (settings != null) {
            settings.keep("overlay.skeletons", player.showSkeletonsProperty());
            settings.keep("overlay.boxes", player.showBoxesProperty());
            settings.keep("overlay.masks", player.showMasksProperty());
            settings.keep("overlay.smoothed", player.useSmoothedProperty());
            settings.keep("overlay.minConfidence", player.minConfidenceProperty());
            settings.keep("overlay.boneWidth", player.boneWidthProperty());
            settings.keep("analysis.model", analysis.selectedModelProperty());
            settings.keep("analysis.smoothing", analysis.smoothingProperty());
            settings.keep("analysis.device", analysis.deviceProperty());
            settings.keep("classify.model", classify.selectedModelProperty());
            settings.keep("classify.poseModel", classify.selectedPoseModelProperty());
            if (!analysis.models().contains(analysis.selectedModelProperty().get())) {
                analysis.refreshModels(); // the kept model is no longer installed: back to the default choice
            }
            if (!classify.models().contains(classify.selectedModelProperty().get())
                    || !classify.poseModels().contains(classify.selectedPoseModelProperty().get())) {
                classify.refreshModels();
            }
        }

        BorderPane root = new BorderPane();
        root.getStyleClass().add("workbench");
        root.setTop(menuBar());
        javafx.scene.layout.VBox videoAndTimeline = new javafx.scene.layout.VBox(playerView, new org.dancelens.ui.timeline.TimelineView(timeline));
        javafx.scene.layout.VBox.setVgrow(playerView, javafx.scene.layout.Priority.ALWAYS);
        javafx.scene.control.ScrollPane posesScroll = new javafx.scene.control.ScrollPane(new org.dancelens.ui.analysis.AnalysisView(analysis, player));
        posesScroll.setFitToWidth(true);
        posesScroll.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        javafx.scene.control.Tab posesTab = new javafx.scene.control.Tab("Poses", posesScroll);
        javafx.scene.control.ScrollPane stylesScroll = new javafx.scene.control.ScrollPane(new org.dancelens.ui.classify.ClassifyView(classify, player));
        stylesScroll.setFitToWidth(true);
        stylesScroll.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        javafx.scene.control.Tab stylesTab = new javafx.scene.control.Tab("Styles", stylesScroll);
        stylesTab.setId("styles-tab");
        javafx.scene.control.ScrollPane explainScroll = new javafx.scene.control.ScrollPane(new org.dancelens.ui.explain.ExplainView(explain, player));
        explainScroll.setFitToWidth(true);
        explainScroll.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        javafx.scene.control.Tab explainTab = new javafx.scene.control.Tab("Explain", explainScroll);
        explainTab.setId("explain-tab");
        javafx.scene.control.TabPane side = new javafx.scene.control.TabPane(posesTab, stylesTab, explainTab);
        side.setTabClosingPolicy(javafx.scene.control.TabPane.TabClosingPolicy.UNAVAILABLE);
        side.setMinWidth(250);
        javafx.scene.control.SplitPane split = new javafx.scene.control.SplitPane(videoAndTimeline, side);
        split.setDividerPositions(0.75);
        javafx.scene.control.SplitPane.setResizableWithParent(split.getItems().get(1), false);
        root.setCenter(split);
        root.setBottom(statusBar());

        Scene scene = new Scene(root, 1280, 800);
        scene.getStylesheets().add(MainWindow.class.getResource("dancelens.css").toExternalForm());
        scene.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        scene.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        scene.setOnDragDropped(e -> {
            List<java.io.File> files = e.getDragboard().getFiles();
            boolean ok = files != null && !files.isEmpty();
            if (ok) {
                player.open(files.get(0).toPath());
            }
            e.setDropCompleted(ok);
            e.consume();
        });
        stage.titleProperty().bind(player.titleProperty());
        stage.setScene(scene);
        stage.setMinWidth(640);
        stage.setMinHeight(420);
        stage.setOnHidden(e -> close());
    }

    public Stage stage() {
        return stage;
    }

    public PlayerViewModel player() {
        return player;
    }

    public org.dancelens.ui.timeline.TimelineViewModel timeline() {
        return timeline;
    }

    public org.dancelens.ui.analysis.AnalysisViewModel analysis() {
        return analysis;
    }

    private javafx.stage.Stage evaluationStage;

    /** The evaluation window (created on first use). */
    public void showEvaluation() {
        evaluation.refreshModels();
        if (evaluationStage == null) {
            evaluationStage = new javafx.stage.Stage();
            evaluationStage.initOwner(stage);
            evaluationStage.setTitle("Evaluate a Classifier — DanceLens");
            Scene s = new Scene(new org.dancelens.ui.evaluate.EvaluationView(evaluation), 980, 640);
            s.getStylesheets().addAll(stage.getScene().getStylesheets());
            evaluationStage.setScene(s);
        }
        evaluationStage.show();
        evaluationStage.toFront();
    }

    public org.dancelens.ui.explain.ExplainViewModel explain() {
        return explain;
    }

    public org.dancelens.ui.evaluate.EvaluationViewModel evaluation() {
        return evaluation;
    }

    public org.dancelens.ui.classify.ClassifyViewModel classify() {
        return classify;
    }

    public org.dancelens.ui.models.ModelsWindow modelsWindow() {
        return modelsWindow;
    }

    public FxDialogService dialogs() {
        return dialogs;
    }

    private MenuBar menuBar() {
        MenuItem open = new MenuItem("Open…", new FontIcon("mdi2f-folder-open-outline"));
        open.setAccelerator(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN));
        open.setOnAction(e -> player.openChosen());
        Menu recent = new Menu("Open Recent");
        Runnable fillRecent = () -> {
            recent.getItems().clear();
            for (Path p : player.recentFiles()) {
                MenuItem item = new MenuItem(p.getFileName() + "  —  " + (p.getParent() == null ? "" : p.getParent()));
                item.setMnemonicParsing(false);
                item.setDisable(!Files.exists(p));
                item.setOnAction(e -> player.open(p));
                recent.getItems().add(item);
            }
            if (!player.recentFiles().isEmpty()) {
                recent.getItems().add(new SeparatorMenuItem());
            }
            MenuItem clear = new MenuItem("Clear list");
            clear.setDisable(player.recentFiles().isEmpty());
            clear.setOnAction(e -> player.clearRecentFiles());
            recent.getItems().add(clear);
        };
        fillRecent.run();
        player.recentFiles().addListener((ListChangeListener<Path>) c -> fillRecent.run());
        MenuItem quit = new MenuItem("Quit");
        quit.setAccelerator(new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN));
        quit.setOnAction(e -> stage.close());
        Menu file = new Menu("File", null, open, recent, new SeparatorMenuItem(), quit);

        MenuItem zoomIn = new MenuItem("Zoom In");
        zoomIn.setAccelerator(new KeyCodeCombination(KeyCode.PLUS, KeyCombination.SHORTCUT_DOWN));
        zoomIn.setOnAction(e -> playerView.zoomIn());
        MenuItem zoomOut = new MenuItem("Zoom Out");
        zoomOut.setAccelerator(new KeyCodeCombination(KeyCode.MINUS, KeyCombination.SHORTCUT_DOWN));
        zoomOut.setOnAction(e -> playerView.zoomOut());
        MenuItem fit = new MenuItem("Fit to Window");
        fit.setAccelerator(new KeyCodeCombination(KeyCode.DIGIT0));
        fit.setOnAction(e -> playerView.fit());
        Menu view = new Menu("View", null, zoomIn, zoomOut, fit);
        MenuItem modelList = new MenuItem("Models…", new FontIcon("mdi2c-cube-outline"));
        modelList.setOnAction(e -> modelsWindow.showModels());
        MenuItem addModel = new MenuItem("Add ONNX Model…", new FontIcon("mdi2p-plus-box-outline"));
        addModel.setOnAction(e -> modelsWindow.showAddModel());
        MenuItem evaluate = new MenuItem("Evaluate a Classifier…", new FontIcon("mdi2c-check-decagram"));
        evaluate.setOnAction(e -> showEvaluation());
        return new MenuBar(file, view, new Menu("Models", null, modelList, addModel, new SeparatorMenuItem(), evaluate));
    }

    private HBox statusBar() {
        Label details = new Label();
        details.textProperty().bind(player.videoDetailsProperty());
        details.setId("video-details");
        ProgressBar progress = new ProgressBar();
        progress.progressProperty().bind(player.busyProgressProperty());
        progress.visibleProperty().bind(player.busyProperty());
        progress.setPrefWidth(160);
        Label busy = new Label();
        busy.textProperty().bind(player.busyMessageProperty());
        busy.visibleProperty().bind(player.busyProperty());
        Label stats = new Label();
        stats.textProperty().bind(player.playbackStatsProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(10, details, spacer, stats, busy, progress);
        bar.getStyleClass().add("status-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 10, 4, 10));
        return bar;
    }

    private void onKey(KeyEvent e) {
        if (e.getTarget() instanceof javafx.scene.control.TextInputControl) {
            return;
        }
        boolean shift = e.isShiftDown();
        switch (e.getCode()) {
            case SPACE -> player.togglePlay();
            case LEFT -> {
                if (shift) {
                    player.jumpSeconds(-1);
                } else {
                    player.step(-1);
                }
            }
            case RIGHT -> {
                if (shift) {
                    player.jumpSeconds(1);
                } else {
                    player.step(1);
                }
            }
            case HOME -> player.toStart();
            case END -> player.toEnd();
            default -> {
                return;
            }
        }
        e.consume();
    }

    private void close() {
        player.close();
        tasks.close();
    }
}
