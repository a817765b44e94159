package org.dancelens.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
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
import org.dancelens.ui.evaluate.RatingsEvaluationView;
import org.dancelens.ui.evaluate.RatingsEvaluationViewModel;
import org.dancelens.ui.evaluate.EvaluationViewModel;
import org.dancelens.ui.explain.ExplainView;
import org.dancelens.ui.explain.ExplainViewModel;
import org.dancelens.ui.export.ExportClipViewModel;
import org.dancelens.ui.export.ExportDataViewModel;
import org.dancelens.ui.export.ExportWindows;
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
    private final DeviceViewModel device;
    private final AnalysisViewModel analysis;
    private final ClassifyViewModel classify;
    private final EvaluationViewModel evaluation;
    private final RatingsEvaluationViewModel ratingsEvaluation;
    private final ExplainViewModel explain;
    private final org.dancelens.ui.compare.CompareRunsViewModel compareRuns;
    private final org.dancelens.ui.align.AlignDancersViewModel alignDancers;
    private final org.dancelens.ui.movement.MovementViewModel movement;
    private final ModelsViewModel models;
    private final ModelsWindow modelsWindow;
    private final ExportWindows exportWindows;
    private final HBox videos = new HBox();
    /** The open videos, and under them the sync bar while two are compared. */
    private final BorderPane compareArea = new BorderPane();
    private org.dancelens.ui.player.SyncBar syncBar;
    /** The sync bar's export of the two videos as one clip. */
    private final org.dancelens.ui.compare.SyncClipViewModel syncClip;
    private final Label placeholder = new Label("Open a dance video: File ▸ Open…, or drop a file here");
    /** The views of each open video, so they are disposed when it closes. */
    private final Map<VideoSession, SessionPane> panes = new HashMap<>();
    /** Listeners on the video on screen, moved when another video comes on screen. */
    private final ListenerScope activeScope = new ListenerScope();
    private final Label stats = new Label();
    private Stage evaluationStage;
    private TabPane evaluationTabs;
    /** The window's smallest size: the video, its timeline, the side panels and the status bar all usable. */
    public static final double MIN_WIDTH = 960;
    public static final double MIN_HEIGHT = 600;
    /** The height of the timeline's value lanes, shared by the open videos (kept between sessions). */
    private final DoubleProperty laneHeight = new SimpleDoubleProperty(36);
    /** Where the divider between a video and its timeline is (0: top, 1: bottom), shared by the open videos (kept). */
    private final DoubleProperty timelineDivider = new SimpleDoubleProperty(0.72);
    /** Where the window was (NaN: not known) and whether it was maximized, kept between sessions. */
    private final DoubleProperty windowX = new SimpleDoubleProperty(Double.NaN);
    private final DoubleProperty windowY = new SimpleDoubleProperty(Double.NaN);
    private final DoubleProperty windowWidth = new SimpleDoubleProperty(Double.NaN);
    private final DoubleProperty windowHeight = new SimpleDoubleProperty(Double.NaN);
    private final BooleanProperty windowMaximized = new SimpleBooleanProperty(false);

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
        this.device = new DeviceViewModel(tasks);
        if (settings != null) {
            settings.keep("device", device.choiceProperty());
        }
        this.analysis = new AnalysisViewModel(tasks, dialogs, installed, workbench.sessionProperty(), device::chosen);
        this.classify = new ClassifyViewModel(tasks, dialogs, installed, workbench.sessionProperty(), device::chosen);
        this.evaluation = new EvaluationViewModel(tasks, dialogs, installed, device::chosen);
        this.ratingsEvaluation = new RatingsEvaluationViewModel(tasks, dialogs, installed, device::chosen);
        this.explain = new ExplainViewModel(tasks, dialogs, installed, workbench.sessionProperty(), device::chosen, overlay);
        explain.setAnalysisRange(() -> analysis.fromFrameProperty().get(), () -> analysis.toFrameProperty().get());
        this.compareRuns = new org.dancelens.ui.compare.CompareRunsViewModel(tasks, dialogs, workbench.sessionProperty());
        this.syncClip = new org.dancelens.ui.compare.SyncClipViewModel(tasks, dialogs, workbench);
        this.alignDancers = new org.dancelens.ui.align.AlignDancersViewModel(tasks, dialogs, workbench.sessions(), workbench.sessionProperty(),
                workbench.syncProperty());
        this.movement = new org.dancelens.ui.movement.MovementViewModel(tasks, dialogs, workbench.sessionProperty(),
                org.dancelens.ui.movement.MovementCalibrations.of(settings == null ? null : settings.file()));
        movement.comparedProperty().bind(compareRuns.comparedPoseRunProperty()); // a pose comparison's run B measured beside A
        this.modelsWindow = new ModelsWindow(stage, models, new AddModelViewModel(tasks, dialogs, models,
                () -> workbench.session() == null ? null : workbench.session().frame()));
        this.exportWindows = new ExportWindows(stage, new ExportClipViewModel(tasks, dialogs, overlay), new ExportDataViewModel(tasks, dialogs));
        if (settings != null) {
            settings.keep("analysis.model", analysis.selectedModelProperty());
            settings.keep("analysis.smoothing", analysis.smoothingProperty());
            settings.keep("classify.model", classify.selectedModelProperty());
            settings.keep("classify.poseModel", classify.selectedPoseModelProperty());
            settings.keep("ratings.rater", classify.ratings().raterProperty());
            settings.keep("timeline.laneHeight", laneHeight);
            settings.keep("timeline.divider", timelineDivider);
            settings.keep("window.x", windowX);
            settings.keep("window.y", windowY);
            settings.keep("window.width", windowWidth);
            settings.keep("window.height", windowHeight);
            settings.keep("window.maximized", windowMaximized);
        }

        BorderPane root = new BorderPane();
        root.getStyleClass().add("workbench");
        root.setTop(menuBar());
        placeholder.getStyleClass().add("video-placeholder");
        compareArea.setCenter(videos);
        StackPane videoArea = new StackPane(placeholder, compareArea);
        videoArea.getStyleClass().add("video-area");
        videos.setFillHeight(true);
        workbench.sessions().addListener((ListChangeListener<VideoSession>) c -> layoutSessions());
        workbench.sessionProperty().addListener((o, a, b) -> activeChanged(b));
        workbench.syncProperty().addListener((o, a, b) -> syncChanged(b));
        TabPane side = new TabPane(tab("Poses", null, new AnalysisView(analysis, overlay)), tab("Styles", "styles-tab", new ClassifyView(classify)),
                tab("Explain", "explain-tab", new ExplainView(explain)),
                tab("Compare", "compare-tab", new org.dancelens.ui.compare.CompareRunsView(compareRuns)),
                tab("Align", "align-tab", new org.dancelens.ui.align.AlignDancersView(alignDancers)),
                tab("Movement", "movement-tab", new org.dancelens.ui.movement.MovementView(movement)));
        side.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        // measured only when someone looks: the Movement tab, or the measure lanes chosen there
        movement.panelShownProperty().bind(side.getTabs().get(side.getTabs().size() - 1).selectedProperty());
        side.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (a != null && "explain-tab".equals(a.getId())) {
                explain.tabLeft();
            }
            if (b != null && "compare-tab".equals(b.getId())) {
                compareRuns.refresh(); // runs made since are offered
            }
            if (b != null && "align-tab".equals(b.getId())) {
                alignDancers.refresh();
            }
        });
        side.setMinWidth(250);
        SplitPane split = new SplitPane(videoArea, side);
        split.setDividerPositions(0.75);
        SplitPane.setResizableWithParent(split.getItems().get(1), false);
        // The side panels get their room once the window has its size (before, the divider would be placed in a
        // window of no width and leave them at their narrowest): a quarter of the width, 300 to 420 pixels.
        split.widthProperty().addListener(new javafx.beans.InvalidationListener() {
            @Override
            public void invalidated(javafx.beans.Observable o) {
                if (split.getWidth() > MIN_WIDTH / 2) {
                    split.widthProperty().removeListener(this);
                    double side = Math.max(300, Math.min(420, split.getWidth() * 0.25));
                    split.setDividerPositions(1 - side / split.getWidth());
                }
            }
        });
        root.setCenter(split);
        root.setBottom(statusBar());

        Scene scene = new Scene(root);
        scene.getStylesheets().add(MainWindow.class.getResource("dancelens.css").toExternalForm());
        scene.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        moreAccelerators(scene);
        FocusScrolling.install(scene);
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
        place();
        stage.setOnHidden(e -> close());
        layoutSessions();
    }

    /**
     * Sizes the window: where it was last time when that fits on a screen there is now, otherwise 85 % of the main
     * screen (at most 1600 x 1000), centred; never smaller than {@link #MIN_WIDTH} x {@link #MIN_HEIGHT} (or the
     * screen). Then keeps following where the window is.
     */
    private void place() {
        List<WindowPlacement.Box> screens = new java.util.ArrayList<>();
        screens.add(box(javafx.stage.Screen.getPrimary().getVisualBounds()));
        for (javafx.stage.Screen sc : javafx.stage.Screen.getScreens()) {
            if (!sc.equals(javafx.stage.Screen.getPrimary())) {
                screens.add(box(sc.getVisualBounds()));
            }
        }
        double[] min = WindowPlacement.minimum(screens.get(0), MIN_WIDTH, MIN_HEIGHT);
        stage.setMinWidth(min[0]);
        stage.setMinHeight(min[1]);
        WindowPlacement.Box b = WindowPlacement.initial(new WindowPlacement.Box(windowX.get(), windowY.get(), windowWidth.get(), windowHeight.get()),
                screens, min[0], min[1]);
        stage.setX(b.x());
        stage.setY(b.y());
        stage.setWidth(b.width());
        stage.setHeight(b.height());
        if (windowMaximized.get()) {
            stage.setMaximized(true);
        }
        javafx.beans.InvalidationListener follow = o -> {
            if (!stage.isMaximized() && !stage.isIconified() && !stage.isFullScreen() && stage.isShowing()) {
                windowX.set(stage.getX());
                windowY.set(stage.getY());
                windowWidth.set(stage.getWidth());
                windowHeight.set(stage.getHeight());
            }
        };
        stage.xProperty().addListener(follow);
        stage.yProperty().addListener(follow);
        stage.widthProperty().addListener(follow);
        stage.heightProperty().addListener(follow);
        stage.maximizedProperty().addListener((o, a, max) -> windowMaximized.set(max));
    }

    private static WindowPlacement.Box box(javafx.geometry.Rectangle2D r) {
        return new WindowPlacement.Box(r.getMinX(), r.getMinY(), r.getWidth(), r.getHeight());
    }

    private void keepOverlay(UiSettings settings) {
        settings.keep("overlay.skeletons", overlay.showSkeletonsProperty());
        settings.keep("overlay.boxes", overlay.showBoxesProperty());
        settings.keep("overlay.masks", overlay.showMasksProperty());
        settings.keep("overlay.smoothed", overlay.useSmoothedProperty());
        settings.keep("overlay.minConfidence", overlay.minConfidenceProperty());
        settings.keep("overlay.boneWidth", overlay.boneWidthProperty());
        settings.keep("overlay.colorMap", overlay.colorMapProperty(), OverlaySettings.COLOR_MAPS);
        settings.keep("overlay.heatOpacity", overlay.heatOpacityProperty());
        settings.keep("overlay.followStoredMaps", overlay.followStoredMapsProperty());
        settings.keep("sound.muted", overlay.mutedProperty());
        settings.keep("sound.volume", overlay.volumeProperty());
        settings.keep("overlay.angles", overlay.angles());
        overlay.angles().retainAll(OverlaySettings.angleNames()); // a name edited by hand into the file is no angle
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

    /** One open video on screen: its player over its timeline, with a divider between them. */
    private record SessionPane(SplitPane box, PlayerView player, TimelineView timeline, DoubleProperty divider) {
        void dispose() {
            player.dispose();
            timeline.dispose();
            box.getDividers().get(0).positionProperty().unbindBidirectional(divider);
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
        org.dancelens.ui.player.SyncViewModel sync = workbench.syncProperty().get();
        boolean superposed = sync != null && sync.superposedProperty().get();
        for (VideoSession s : open) {
            SessionPane p = panes.computeIfAbsent(s, this::paneFor);
            boolean isA = sync != null && s.player() == sync.playerA();
            p.player().superpose(superposed && isA ? sync.playerB() : null, superposed && isA ? sync.opacityProperty() : null);
            if (superposed && s.player() == sync.playerB()) {
                continue; // drawn over A, in A's panel
            }
            HBox.setHgrow(p.box(), Priority.ALWAYS);
            videos.getChildren().add(p.box());
        }
        placeholder.setVisible(open.isEmpty());
        markActive(workbench.session());
    }

    private SessionPane paneFor(VideoSession s) {
        PlayerView pv = new PlayerView(s.player());
        pv.setDancerMenu(track -> org.dancelens.ui.analysis.DancerMenu.of(analysis, track));
        TimelineView tv = new TimelineView(s.timeline(), laneHeight);
        tv.setId("timeline");
        // The divider sets how much of the height the timeline gets; more lanes scroll inside it, the video keeps its
        // size. On a taller window the video grows, the timeline keeps its height.
        SplitPane box = new SplitPane(pv, tv);
        box.setOrientation(javafx.geometry.Orientation.VERTICAL);
        box.getStyleClass().add("session");
        SplitPane.setResizableWithParent(tv, false);
        box.getDividers().get(0).setPosition(timelineDivider.get());
        box.getDividers().get(0).positionProperty().bindBidirectional(timelineDivider);
        box.setMinWidth(0);
        box.setPrefWidth(10);
        pv.setMinWidth(0);
        pv.setMinHeight(120);
        tv.setMinHeight(72);
        javafx.scene.shape.Rectangle clip = new javafx.scene.shape.Rectangle();
        clip.widthProperty().bind(box.widthProperty());
        clip.heightProperty().bind(box.heightProperty());
        box.setClip(clip); // nothing of one video is drawn over the other
        // clicking in a video makes it the one the panels work on
        box.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> workbench.activate(s));
        return new SessionPane(box, pv, tv, timelineDivider);
    }

    /** Two videos compared (or no longer): the sync bar under them. */
    private void syncChanged(org.dancelens.ui.player.SyncViewModel sync) {
        if (syncBar != null) {
            syncBar.dispose();
            syncBar = null;
        }
        compareArea.setBottom(null);
        if (sync != null) {
            syncBar = new org.dancelens.ui.player.SyncBar(sync, syncClip);
            compareArea.setBottom(syncBar);
            sync.superposedProperty().addListener(o -> {
                if (workbench.syncProperty().get() == sync) {
                    layoutSessions();
                }
            });
        }
        layoutSessions();
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

    /** The evaluation window's ratings mode (a scorer against people's ratings). */
    public RatingsEvaluationViewModel ratingsEvaluation() {
        return ratingsEvaluation;
    }

    public ClassifyViewModel classify() {
        return classify;
    }

    /** The Compare tab (two runs of the video on screen). */
    public org.dancelens.ui.compare.CompareRunsViewModel compareRuns() {
        return compareRuns;
    }

    /** The Align tab (a dancer against a reference). */
    public org.dancelens.ui.align.AlignDancersViewModel alignDancers() {
        return alignDancers;
    }

    public org.dancelens.ui.movement.MovementViewModel movement() {
        return movement;
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

    /** The Export Annotated Clip dialog for the video on screen, its range the Poses panel's. */
    public void showExportClip() {
        exportWindows.showClip(workbench.session(), analysis.fromFrameProperty().get(), analysis.toFrameProperty().get());
    }

    /** The export dialogs. */
    public ExportWindows exportWindows() {
        return exportWindows;
    }

    /** The evaluation window (created on first use), on its classifier tab. */
    public void showEvaluation() {
        showEvaluation(0);
    }

    /** The evaluation window on its ratings tab: a scorer against people's ratings. */
    public void showRatingsEvaluation() {
        showEvaluation(1);
    }

    private void showEvaluation(int tab) {
        if (evaluationStage == null) {
            evaluationStage = new Stage();
            evaluationStage.initOwner(stage);
            evaluationStage.setTitle("Evaluate a Classifier or a Scorer — DanceLens");
            Tab labels = new Tab("Classifier against labels", new EvaluationView(evaluation));
            Tab rated = new Tab("Scorer against ratings", new RatingsEvaluationView(ratingsEvaluation));
            rated.setId("evaluate-ratings-tab");
            evaluationTabs = new TabPane(labels, rated);
            evaluationTabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
            javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds(); // room for the plots, within the screen
            Scene s = new Scene(SecondaryWindows.closable(evaluationStage, evaluationTabs), Math.min(1180, screen.getWidth() - 40),
                    Math.min(860, screen.getHeight() - 60));
            s.getStylesheets().addAll(stage.getScene().getStylesheets());
            evaluationStage.setScene(s);
        }
        evaluationTabs.getSelectionModel().select(tab);
        evaluationStage.show();
        evaluationStage.toFront();
    }

    private MenuBar menuBar() {
        MenuItem open = new MenuItem("_Open…", new FontIcon("mdi2f-folder-open-outline"));
        open.setAccelerator(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN));
        open.setOnAction(e -> workbench.openChosen());
        MenuItem openBeside = new MenuItem("Open _Beside…", new FontIcon("mdi2v-view-split-vertical"));
        openBeside.setAccelerator(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
        openBeside.setOnAction(e -> workbench.openChosenBeside());
        MenuItem compare = new MenuItem("Compare _with Video…", new FontIcon("mdi2c-compare"));
        compare.setId("compare-video");
        compare.setOnAction(e -> workbench.compareChosen());
        compare.disableProperty().bind(workbench.sessionProperty().isNull());
        Menu recent = new Menu("Open _Recent");
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
            MenuItem clear = new MenuItem("_Clear list");
            clear.setDisable(workbench.recentFiles().isEmpty());
            clear.setOnAction(e -> workbench.clearRecentFiles());
            recent.getItems().add(clear);
        };
        fillRecent.run();
        workbench.recentFiles().addListener((ListChangeListener<Path>) c -> fillRecent.run());
        MenuItem closeVideo = new MenuItem("_Close Video");
        closeVideo.setAccelerator(new KeyCodeCombination(KeyCode.W, KeyCombination.SHORTCUT_DOWN));
        closeVideo.setOnAction(e -> workbench.closeActive());
        closeVideo.disableProperty().bind(workbench.sessionProperty().isNull());
        MenuItem saveFrame = new MenuItem("_Save Frame as Picture…", new FontIcon("mdi2i-image-outline"));
        saveFrame.setId("save-frame");
        saveFrame.setAccelerator(new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
        saveFrame.setOnAction(e -> workbench.saveFrameAsPicture());
        saveFrame.disableProperty().bind(workbench.sessionProperty().isNull());
        MenuItem saveTimeline = new MenuItem("Save _Timeline as Picture…", new FontIcon("mdi2c-chart-timeline-variant"));
        saveTimeline.setId("save-timeline");
        saveTimeline.setOnAction(e -> workbench.saveTimelineAsPicture());
        saveTimeline.disableProperty().bind(workbench.sessionProperty().isNull());
        MenuItem exportClip = new MenuItem("_Export Annotated Clip…", new FontIcon("mdi2m-movie-open-outline"));
        exportClip.setId("export-clip");
        exportClip.setOnAction(e -> showExportClip());
        exportClip.disableProperty().bind(workbench.sessionProperty().isNull());
        MenuItem exportData = new MenuItem("Export _Data…", new FontIcon("mdi2d-database-export-outline"));
        exportData.setId("export-data");
        exportData.setOnAction(e -> exportWindows.showData(workbench.session()));
        exportData.disableProperty().bind(workbench.sessionProperty().isNull());
        MenuItem quit = new MenuItem("_Quit");
        quit.setAccelerator(new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN));
        quit.setOnAction(e -> stage.close());
        Menu file = new Menu("_File", null, open, openBeside, compare, recent, closeVideo, new SeparatorMenuItem(), saveFrame, saveTimeline, exportClip, exportData,
                new SeparatorMenuItem(), quit);

        MenuItem undo = new MenuItem("_Undo", new FontIcon("mdi2u-undo"));
        undo.textProperty().bind(analysis.undoTextProperty());
        undo.setId("menu-undo");
        undo.setAccelerator(new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN));
        undo.setOnAction(e -> analysis.undo());
        undo.disableProperty().bind(analysis.canUndoProperty().not());
        MenuItem redo = new MenuItem("_Redo", new FontIcon("mdi2r-redo"));
        redo.textProperty().bind(analysis.redoTextProperty());
        redo.setId("menu-redo");
        redo.setAccelerator(new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
        redo.setOnAction(e -> analysis.redo());
        redo.disableProperty().bind(analysis.canRedoProperty().not());
        Menu edit = new Menu("_Edit", null, undo, redo);

        MenuItem zoomIn = new MenuItem("Zoom _In");
        // Ctrl+= and Ctrl+Shift+= (Ctrl++ on most keyboards); the keypad's + in moreAccelerators
        zoomIn.setAccelerator(new KeyCodeCombination(KeyCode.EQUALS, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_ANY));
        zoomIn.setOnAction(e -> onPlayer(PlayerViewModel::zoomIn));
        MenuItem zoomOut = new MenuItem("Zoom _Out");
        zoomOut.setAccelerator(new KeyCodeCombination(KeyCode.MINUS, KeyCombination.SHORTCUT_DOWN));
        zoomOut.setOnAction(e -> onPlayer(PlayerViewModel::zoomOut));
        MenuItem fit = new MenuItem("_Fit to Window");
        fit.setAccelerator(new KeyCodeCombination(KeyCode.DIGIT0, KeyCombination.SHORTCUT_DOWN));
        fit.setOnAction(e -> onPlayerView(PlayerView::fit));
        MenuItem goTo = new MenuItem("_Go to Frame…");
        goTo.setId("menu-goto");
        goTo.setAccelerator(new KeyCodeCombination(KeyCode.G, KeyCombination.SHORTCUT_DOWN));
        goTo.setOnAction(e -> onPlayerView(PlayerView::openGoTo));
        for (MenuItem i : new MenuItem[] {zoomIn, zoomOut, fit, goTo}) {
            i.disableProperty().bind(workbench.sessionProperty().isNull());
        }
        Menu view = new Menu("_View", null, zoomIn, zoomOut, fit, new SeparatorMenuItem(), goTo);
        MenuItem modelList = new MenuItem("_Models…", new FontIcon("mdi2c-cube-outline"));
        modelList.setOnAction(e -> modelsWindow.showModels());
        MenuItem addModel = new MenuItem("_Add ONNX Model…", new FontIcon("mdi2p-plus-box-outline"));
        addModel.setOnAction(e -> modelsWindow.showAddModel());
        MenuItem evaluate = new MenuItem("_Evaluate a Classifier…", new FontIcon("mdi2c-check-decagram"));
        evaluate.setOnAction(e -> showEvaluation());
        MenuItem evaluateRatings = new MenuItem("Evaluate a Scorer against _Ratings…", new FontIcon("mdi2s-star-check-outline"));
        evaluateRatings.setId("evaluate-ratings");
        evaluateRatings.setOnAction(e -> showRatingsEvaluation());
        return new MenuBar(file, edit, view, new Menu("_Models", null, modelList, addModel, new SeparatorMenuItem(), evaluate, evaluateRatings));
    }

    private void onPlayer(java.util.function.Consumer<PlayerViewModel> action) {
        PlayerViewModel p = player();
        if (p != null) {
            action.accept(p);
        }
    }

    /** Other keys for what the menus do: the keypad's + and - and 0, Ctrl+Y for Redo. */
    private void moreAccelerators(Scene scene) {
        var keys = scene.getAccelerators();
        keys.put(new KeyCodeCombination(KeyCode.ADD, KeyCombination.SHORTCUT_DOWN), () -> onPlayer(PlayerViewModel::zoomIn));
        keys.put(new KeyCodeCombination(KeyCode.PLUS, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_ANY), () -> onPlayer(PlayerViewModel::zoomIn));
        keys.put(new KeyCodeCombination(KeyCode.SUBTRACT, KeyCombination.SHORTCUT_DOWN), () -> onPlayer(PlayerViewModel::zoomOut));
        keys.put(new KeyCodeCombination(KeyCode.NUMPAD0, KeyCombination.SHORTCUT_DOWN), () -> onPlayerView(PlayerView::fit));
        keys.put(new KeyCodeCombination(KeyCode.Y, KeyCombination.SHORTCUT_DOWN), () -> {
            if (analysis.canRedoProperty().get()) {
                analysis.redo();
            }
        });
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
        Label runsOn = new Label();
        runsOn.setId("device-runs-on");
        runsOn.textProperty().bind(device.runsOnProperty());
        ComboBox<String> chooser = new ComboBox<>(device.devices());
        chooser.setId("device-choice");
        chooser.valueProperty().bindBidirectional(device.choiceProperty());
        javafx.scene.control.Tooltip help = new javafx.scene.control.Tooltip();
        help.textProperty().bind(device.helpProperty());
        chooser.setTooltip(help);
        HBox bar = new HBox(10, details, spacer, stats, busy, progress, runsOn, chooser, new ProblemsView(problems));
        bar.getStyleClass().add("status-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 10, 4, 10));
        return bar;
    }

    /**
     * The player's keys, wherever the focus is, except while a text field is being edited (Esc leaves it for the
     * video) or a list is open; a button, box or slider reached with Tab keeps its own key (Space; the arrows of a
     * slider).
     */
    private void onKey(KeyEvent e) {
        if (e.getTarget() instanceof javafx.scene.control.TextInputControl) {
            if (e.getCode() == KeyCode.ESCAPE && !e.isShortcutDown() && !e.isAltDown()) {
                onPlayerView(PlayerView::focusCanvas);
                e.consume();
            }
            return;
        }
        if (e.isShortcutDown() || e.isAltDown()) {
            return; // menu shortcuts and mnemonics
        }
        javafx.scene.Node focused = stage.getScene().getFocusOwner();
        if (focused instanceof javafx.scene.control.ComboBoxBase<?> c && c.isShowing()) {
            return; // the open list takes the arrows
        }
        PlayerViewModel player = player();
        if (player == null) {
            return;
        }
        boolean shift = e.isShiftDown();
        if (focused instanceof javafx.scene.control.Slider && focused.isFocusVisible()
                && (e.getCode() == KeyCode.LEFT || e.getCode() == KeyCode.RIGHT || e.getCode() == KeyCode.HOME || e.getCode() == KeyCode.END)) {
            return; // a slider reached with Tab keeps its keys
        }
        switch (e.getCode()) {
            case SPACE -> {
                if (focused != null && focused.isFocusVisible() && (focused instanceof javafx.scene.control.ButtonBase
                        || focused instanceof javafx.scene.control.ComboBoxBase || focused instanceof javafx.scene.control.ChoiceBox)) {
                    return;
                }
                player.togglePlay();
            }
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
            case M -> player.toggleMute();
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
