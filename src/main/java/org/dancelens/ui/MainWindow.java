package org.dancelens.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.dancelens.analysis.Workspace;
import org.dancelens.core.ExecutorTaskRunner;
import org.dancelens.core.TaskRunner;
import org.dancelens.inference.ModelCatalog;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.ui.analysis.AnalysisView;
import org.dancelens.ui.analysis.AnalysisViewModel;
import org.dancelens.ui.classify.ClassifyView;
import org.dancelens.ui.classify.ClassifyViewModel;
import org.dancelens.ui.evaluate.EvaluationView;
import org.dancelens.ui.evaluate.EvaluationViewModel;
import org.dancelens.ui.explain.ExplainView;
import org.dancelens.ui.explain.ExplainViewModel;
import org.dancelens.ui.models.AddModelViewModel;
import org.dancelens.ui.models.InstalledModels;
import org.dancelens.ui.models.ModelsViewModel;
import org.dancelens.ui.models.ModelsWindow;
import org.dancelens.ui.player.PlayerView;
import org.dancelens.ui.player.PlayerViewModel;
import org.dancelens.ui.problems.ProblemsView;
import org.dancelens.ui.problems.ProblemsViewModel;
import org.dancelens.ui.session.OverlaySettings;
import org.dancelens.ui.session.VideoSession;
import org.dancelens.ui.timeline.TimelineView;
import org.kordamp.ikonli.javafx.FontIcon;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workbench window: menu, the open videos (each a player over its timeline; two side by side when a second is
 * opened beside the first), the side panels working on the video on screen, and the status bar; keyboard shortcuts
 * and drag and drop. It composes view-models and views; the logic is in the view-models.
 */
public final class MainWindow {
    private static final Logger LOG = LoggerFactory.getLogger(MainWindow.class);
    private final Stage stage;
    private final TaskRunner tasks = new ExecutorTaskRunner(2, Platform::runLater);
    private final ProblemsViewModel problems = new ProblemsViewModel();
    private final FxDialogService dialogs;
    private final OverlaySettings overlay = new OverlaySettings();
    private final InstalledModels installed;
    private final WorkbenchViewModel workbench;
    private final AnalysisViewModel analysis;
    private final ClassifyViewModel classify;
    private final EvaluationViewModel evaluation;
    private final ExplainViewModel explain;
    private final ModelsViewModel models;
    private final ModelsWindow modelsWindow;
    private final HBox videos = new HBox();
    private final Label placeholder = new Label("Open a dance video: File ▸ Open…, or drop a file here");
    /** The views of each open video, so they are disposed when it closes. */
    private final Map<VideoSession, SessionPane> panes = new HashMap<>();
    /** Listeners on the video on screen, moved when another video comes on screen. */
    private final ListenerScope activeScope = new ListenerScope();
    private final Label stats = new Label();
    private Stage evaluationStage;

    public MainWindow(Stage stage, RecentFiles recent) {
        this(stage, recent, null);
    }

    /** @param settings where overlay and panel settings are kept between runs (null: not kept) */
    public MainWindow(Stage stage, RecentFiles recent, UiSettings settings) {
        this.stage = stage;
        this.dialogs = new FxDialogService(stage, problems);
        ModelCatalog catalog = ModelCatalog.defaults();
        this.installed = new InstalledModels(catalog, Platform::runLater);
        installed.onNewProblems(list -> dialogs.reportErrors("Models", list.stream().map(ModelRegistry.Problem::message).toList(),
                list.size() + " model cards or folders cannot be used; Models ▸ Models… lists them."));
        this.models = new ModelsViewModel(tasks, dialogs, installed, ModelRegistry.defaultFolders(), ModelRegistry.userFolder());
        if (settings != null) {
            settings.keep("models.folders", models.extraFolders());
            keepOverlay(settings);
        }
        catalog.setFolders(models.folders());
        tasks.submit("Reading model cards", ctx -> catalog.refresh(), // the lists fill when it is read (InstalledModels listens)
                TaskRunner.Callbacks.of(r -> catalog.watch(), e -> dialogs.reportFailure("Models", LOG, "Reading the model cards", e)));
        this.workbench = new WorkbenchViewModel(tasks, Platform::runLater, dialogs, recent, overlay, Workspace::storeFor);
        this.analysis = new AnalysisViewModel(tasks, dialogs, installed, workbench.sessionProperty());
        this.classify = new ClassifyViewModel(tasks, dialogs, installed, workbench.sessionProperty(), analysis::chosenDevice);
        this.evaluation = new EvaluationViewModel(tasks, dialogs, installed, analysis::chosenDevice);
        this.explain = new ExplainViewModel(tasks, dialogs, installed, workbench.sessionProperty(), analysis::chosenDevice, overlay);
        explain.setAnalysisRange(() -> analysis.fromFrameProperty().get(), () -> analysis.toFrameProperty().get());
        this.modelsWindow = new ModelsWindow(stage, models, new AddModelViewModel(tasks, dialogs, models,
                () -> workbench.session() == null ? null : workbench.session().frame()));
        if (settings != null) {
            settings.keep("analysis.model", analysis.selectedModelProperty());
            settings.keep("analysis.smoothing", analysis.smoothingProperty());
            settings.keep("analysis.device", analysis.deviceProperty());
            settings.keep("classify.model", classify.selectedModelProperty());
            settings.keep("classify.poseModel", classify.selectedPoseModelProperty());
        }

        BorderPane root = new BorderPane();
        root.getStyleClass().add("workbench");
        root.setTop(menuBar());
        placeholder.getStyleClass().add("video-placeholder");
        StackPane videoArea = new StackPane(placeholder, videos);
        videoArea.getStyleClass().add("video-area");
        videos.setFillHeight(true);
        workbench.sessions().addListener((ListChangeListener<VideoSession>) c -> layoutSessions());
        workbench.sessionProperty().addListener((o, a, b) -> activeChanged(b));
        TabPane side = new TabPane(tab("Poses", null, new AnalysisView(analysis, overlay)), tab("Styles", "styles-tab", new ClassifyView(classify)),
                tab("Explain", "explain-tab", new ExplainView(explain)));
        side.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        side.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (a != null && "explain-tab".equals(a.getId())) {
                explain.tabLeft();
            }
        });
        side.setMinWidth(250);
        SplitPane split = new SplitPane(videoArea, side);
        split.setDividerPositions(0.75);
        SplitPane.setResizableWithParent(split.getItems().get(1), false);
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
                workbench.open(files.get(0).toPath());
            }
            e.setDropCompleted(ok);
            e.consume();
        });
        stage.titleProperty().bind(workbench.titleProperty());
        stage.setScene(scene);
        stage.setMinWidth(640);
        stage.setMinHeight(420);
        stage.setOnHidden(e -> close());
        layoutSessions();
    }

    private void keepOverlay(UiSettings settings) {
        settings.keep("overlay.skeletons", overlay.showSkeletonsProperty());
        settings.keep("overlay.boxes", overlay.showBoxesProperty());
        settings.keep("overlay.masks", overlay.showMasksProperty());
        settings.keep("overlay.smoothed", overlay.useSmoothedProperty());
        settings.keep("overlay.minConfidence", overlay.minConfidenceProperty());
        settings.keep("overlay.boneWidth", overlay.boneWidthProperty());
        settings.keep("overlay.colorMap", overlay.colorMapProperty());
        settings.keep("overlay.heatOpacity", overlay.heatOpacityProperty());
        settings.keep("overlay.followStoredMaps", overlay.followStoredMapsProperty());
    }

    private static Tab tab(String title, String id, Region panel) {
        ScrollPane scroll = new ScrollPane(panel);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        Tab t = new Tab(title, scroll);
        if (id != null) {
            t.setId(id);
        }
        return t;
    }

    /** One open video on screen: its player over its timeline. */
    private record SessionPane(VBox box, PlayerView player, TimelineView timeline) {
        void dispose() {
            player.dispose();
            timeline.dispose();
        }
    }

    /** The open videos side by side; views of closed videos are disposed. */
    private void layoutSessions() {
        List<VideoSession> open = workbench.sessions();
        panes.entrySet().removeIf(e -> {
            if (!open.contains(e.getKey())) {
                e.getValue().dispose();
                return true;
            }
            return false;
        });
        videos.getChildren().clear();
        for (VideoSession s : open) {
            SessionPane p = panes.computeIfAbsent(s, this::paneFor);
            HBox.setHgrow(p.box(), Priority.ALWAYS);
            videos.getChildren().add(p.box());
        }
        placeholder.setVisible(open.isEmpty());
        markActive(workbench.session());
    }

    private SessionPane paneFor(VideoSession s) {
        PlayerView pv = new PlayerView(s.player());
        TimelineView tv = new TimelineView(s.timeline());
        VBox box = new VBox(pv, tv);
        VBox.setVgrow(pv, Priority.ALWAYS);
        box.getStyleClass().add("session");
        box.setMinWidth(0);
        box.setPrefWidth(10);
        pv.setMinWidth(0);
        javafx.scene.shape.Rectangle clip = new javafx.scene.shape.Rectangle();
        clip.widthProperty().bind(box.widthProperty());
        clip.heightProperty().bind(box.heightProperty());
        box.setClip(clip); // nothing of one video is drawn over the other
        // clicking in a video makes it the one the panels work on
        box.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> workbench.activate(s));
        return new SessionPane(box, pv, tv);
    }

    private void markActive(VideoSession active) {
        panes.forEach((s, p) -> {
            p.box().getStyleClass().remove("active-session");
            if (s == active && panes.size() > 1) {
                p.box().getStyleClass().add("active-session");
            }
        });
    }

    private void activeChanged(VideoSession s) {
        activeScope.close();
        markActive(s);
        if (s == null) {
            stats.textProperty().unbind();
            stats.setText("");
            return;
        }
        activeScope.bind(stats.textProperty(), s.player().playbackStatsProperty());
    }

    public Stage stage() {
        return stage;
    }

    public WorkbenchViewModel workbench() {
        return workbench;
    }

    /** The player of the video on screen (null when none is open). */
    public PlayerViewModel player() {
        VideoSession s = workbench.session();
        return s == null ? null : s.player();
    }

    /** The timeline of the video on screen (null when none is open). */
    public org.dancelens.ui.timeline.TimelineViewModel timeline() {
        VideoSession s = workbench.session();
        return s == null ? null : s.timeline();
    }

    /** The view of the video on screen (null when none is open). */
    private PlayerView playerView() {
        SessionPane p = panes.get(workbench.session());
        return p == null ? null : p.player();
    }

    public AnalysisViewModel analysis() {
        return analysis;
    }

    public ExplainViewModel explain() {
        return explain;
    }

    public EvaluationViewModel evaluation() {
        return evaluation;
    }

    public ClassifyViewModel classify() {
        return classify;
    }

    public ModelsWindow modelsWindow() {
        return modelsWindow;
    }

    public InstalledModels installedModels() {
        return installed;
    }

    public FxDialogService dialogs() {
        return dialogs;
    }

    /** The recent problems shown from the status bar. */
    public ProblemsViewModel problems() {
        return problems;
    }

    /**
     * Makes every exception no one caught — on the FX thread (an event handler, a callback) or any other — end in the
     * list of problems as one sentence (the generic one for our own bugs), with its stack trace in the log.
     *
     * @return the handler it replaces (to put back when the window is gone, e.g. in tests)
     */
    public Thread.UncaughtExceptionHandler catchUncaughtExceptions() {
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler(this::uncaught);
        return before;
    }

    private void uncaught(Thread thread, Throwable error) {
        String sentence = Failures.logged(LOG, "Work on the thread " + thread.getName(), error);
        Platform.runLater(() -> {
            try {
                dialogs.reportError(null, sentence);
            } catch (RuntimeException | Error e) { // never back into this handler
                LOG.error("Showing a problem failed", e);
            }
        });
    }

    /** The evaluation window (created on first use). */
    public void showEvaluation() {
        if (evaluationStage == null) {
            evaluationStage = new Stage();
            evaluationStage.initOwner(stage);
            evaluationStage.setTitle("Evaluate a Classifier — DanceLens");
            Scene s = new Scene(new EvaluationView(evaluation), 980, 640);
            s.getStylesheets().addAll(stage.getScene().getStylesheets());
            evaluationStage.setScene(s);
        }
        evaluationStage.show();
        evaluationStage.toFront();
    }

    private MenuBar menuBar() {
        MenuItem open = new MenuItem("Open…", new FontIcon("mdi2f-folder-open-outline"));
        open.setAccelerator(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN));
        open.setOnAction(e -> workbench.openChosen());
        MenuItem openBeside = new MenuItem("Open Beside…", new FontIcon("mdi2v-view-split-vertical"));
        openBeside.setAccelerator(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
        openBeside.setOnAction(e -> workbench.openChosenBeside());
        Menu recent = new Menu("Open Recent");
        Runnable fillRecent = () -> {
            recent.getItems().clear();
            for (Path p : workbench.recentFiles()) {
                MenuItem item = new MenuItem(p.getFileName() + "  —  " + (p.getParent() == null ? "" : p.getParent()));
                item.setMnemonicParsing(false);
                item.setDisable(!Files.exists(p));
                item.setOnAction(e -> workbench.open(p));
                recent.getItems().add(item);
            }
            if (!workbench.recentFiles().isEmpty()) {
                recent.getItems().add(new SeparatorMenuItem());
            }
            MenuItem clear = new MenuItem("Clear list");
            clear.setDisable(workbench.recentFiles().isEmpty());
            clear.setOnAction(e -> workbench.clearRecentFiles());
            recent.getItems().add(clear);
        };
        fillRecent.run();
        workbench.recentFiles().addListener((ListChangeListener<Path>) c -> fillRecent.run());
        MenuItem closeVideo = new MenuItem("Close Video");
        closeVideo.setAccelerator(new KeyCodeCombination(KeyCode.W, KeyCombination.SHORTCUT_DOWN));
        closeVideo.setOnAction(e -> workbench.closeActive());
        closeVideo.disableProperty().bind(workbench.sessionProperty().isNull());
        MenuItem quit = new MenuItem("Quit");
        quit.setAccelerator(new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN));
        quit.setOnAction(e -> stage.close());
        Menu file = new Menu("File", null, open, openBeside, recent, closeVideo, new SeparatorMenuItem(), quit);

        MenuItem zoomIn = new MenuItem("Zoom In");
        zoomIn.setAccelerator(new KeyCodeCombination(KeyCode.PLUS, KeyCombination.SHORTCUT_DOWN));
        zoomIn.setOnAction(e -> onPlayerView(PlayerView::zoomIn));
        MenuItem zoomOut = new MenuItem("Zoom Out");
        zoomOut.setAccelerator(new KeyCodeCombination(KeyCode.MINUS, KeyCombination.SHORTCUT_DOWN));
        zoomOut.setOnAction(e -> onPlayerView(PlayerView::zoomOut));
        MenuItem fit = new MenuItem("Fit to Window");
        fit.setAccelerator(new KeyCodeCombination(KeyCode.DIGIT0));
        fit.setOnAction(e -> onPlayerView(PlayerView::fit));
        Menu view = new Menu("View", null, zoomIn, zoomOut, fit);
        MenuItem modelList = new MenuItem("Models…", new FontIcon("mdi2c-cube-outline"));
        modelList.setOnAction(e -> modelsWindow.showModels());
        MenuItem addModel = new MenuItem("Add ONNX Model…", new FontIcon("mdi2p-plus-box-outline"));
        addModel.setOnAction(e -> modelsWindow.showAddModel());
        MenuItem evaluate = new MenuItem("Evaluate a Classifier…", new FontIcon("mdi2c-check-decagram"));
        evaluate.setOnAction(e -> showEvaluation());
        return new MenuBar(file, view, new Menu("Models", null, modelList, addModel, new SeparatorMenuItem(), evaluate));
    }

    private void onPlayerView(java.util.function.Consumer<PlayerView> action) {
        PlayerView v = playerView();
        if (v != null) {
            action.accept(v);
        }
    }

    private HBox statusBar() {
        Label details = new Label();
        details.textProperty().bind(workbench.videoDetailsProperty());
        details.setId("video-details");
        ProgressBar progress = new ProgressBar();
        progress.progressProperty().bind(workbench.busyProgressProperty());
        progress.visibleProperty().bind(workbench.busyProperty());
        progress.setPrefWidth(160);
        Label busy = new Label();
        busy.textProperty().bind(workbench.busyMessageProperty());
        busy.visibleProperty().bind(workbench.busyProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(10, details, spacer, stats, busy, progress, new ProblemsView(problems));
        bar.getStyleClass().add("status-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 10, 4, 10));
        return bar;
    }

    private void onKey(KeyEvent e) {
        if (e.getTarget() instanceof javafx.scene.control.TextInputControl) {
            return;
        }
        PlayerViewModel player = player();
        if (player == null) {
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
        panes.values().forEach(SessionPane::dispose);
        panes.clear();
        workbench.close();
        installed.close();
        installed.catalog().close();
        tasks.close();
    }
}
