package org.dancelens.ui.player;

import java.nio.ByteBuffer;
import javafx.animation.AnimationTimer;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import javafx.util.StringConverter;
import org.dancelens.core.VideoFrame;
import org.dancelens.render.OverlayScene;
import org.dancelens.render.Viewport;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The video canvas (fit, zoom, pan) and the transport bar. Draws the newest frame from an AnimationTimer into one
 * reused PixelBuffer-backed image, and over it the view-model's overlay scene as one image drawn by the renderer
 * ({@link OverlayImage}); everything else is bindings to the view-model.
 */
public final class PlayerView extends BorderPane {
    /** Below this width the scrub bar takes its own row and the transport bar leaves out its less needed buttons. */
    private static final double NARROW_BAR = 560;
    private final PlayerViewModel vm;
    private final AnimationTimer timer;
    private final Canvas canvas = new Canvas();
    private final Pane canvasPane = new Pane(canvas);
    private final Slider scrub = new Slider(0, 1, 0);
    private final Label position = new Label();
    /** The sound: mute (bound to the shared setting) and volume. */
    private final javafx.scene.control.ToggleButton mute = new javafx.scene.control.ToggleButton();
    private final Slider volume = new Slider(0, 1, 0.8);
    /** One picture on the canvas: the frame in one reused PixelBuffer-backed image, and its overlay image. */
    private static final class Layer {
        PixelBuffer<ByteBuffer> pixels;
        WritableImage image;
        VideoFrame drawn;
        final OverlayImage overlay = new OverlayImage();
    }

    private final Layer own = new Layer();
    /** Two runs side by side: the right panel's overlay (the frame is {@link #own}'s picture, drawn a second time). */
    private final OverlayImage rightOverlay = new OverlayImage();
    /** Where the frame was last drawn in the right panel (null: one panel). */
    private Viewport shownRight;
    /** Another video drawn over this one (superposition; null: none), its layer and how opaque it is. */
    private PlayerViewModel over;
    private javafx.beans.value.ObservableDoubleValue overOpacity;
    private final Layer overLayer = new Layer();
    private final javafx.beans.InvalidationListener redraw = o -> dirty = true;
    private boolean dirty = true;
    /** Where a zoom keeps its point in place (canvas pixels); NaN: the middle of the view. */
    private double zoomAnchorX = Double.NaN;
    private double zoomAnchorY = Double.NaN;
    private final javafx.scene.control.TextField goTo = new javafx.scene.control.TextField();
    private final Label goToProblem = new Label();
    /** Makes the right-click menu of a dancer (null: none). */
    private java.util.function.IntFunction<javafx.scene.control.ContextMenu> dancerMenu;
    private double panX;
    private double panY;
    private double dragX;
    private double pressX;
    private double pressY;
    /** Where the frame was last drawn on the canvas (null before the first frame). */
    private Viewport shown;
    private double dragY;
    private boolean updatingScrub;

    public PlayerView(PlayerViewModel vm) {
        this.vm = vm;
        getStyleClass().add("player");
        canvasPane.getStyleClass().add("video-area");
        canvasPane.setMinSize(160, 120);
        canvas.widthProperty().bind(canvasPane.widthProperty());
        canvas.heightProperty().bind(canvasPane.heightProperty());
        canvas.widthProperty().addListener(o -> dirty = true);
        canvas.heightProperty().addListener(o -> dirty = true);
        setCenter(canvasPane);
        setBottom(transportBar());
        vm.frameProperty().addListener((o, a, b) -> dirty = true);
        vm.frameProblemProperty().addListener((o, a, b) -> dirty = true);
        vm.overlayProperty().addListener((o, a, b) -> dirty = true);
        vm.compareSceneProperty().addListener((o, a, b) -> dirty = true);
        vm.mirroredProperty().addListener(redraw);
        vm.markedProperty().addListener(redraw);
        vm.pickerProperty().addListener((o, a, b) -> canvasPane.setCursor(b == null ? null : javafx.scene.Cursor.CROSSHAIR));
        installZoomAndPan();
        installDancerMenu();
        // the canvas takes focus (Tab, a click, Esc from a field): the keys of the player work from there
        canvasPane.setFocusTraversable(true);
        canvasPane.getStyleClass().add("player-canvas");
        canvasPane.setId("player-canvas");
        vm.zoomProperty().addListener((o, was, now) -> zoomed(now.doubleValue() / was.doubleValue()));
        timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                if (dirty) {
                    dirty = false;
                    draw();
                }
            }
        };
        timer.start();
    }

    /** The view is taken off the window: it stops drawing (a running timer would keep it, and its video's frames, alive). */
    public void dispose() {
        timer.stop();
        mute.selectedProperty().unbindBidirectional(vm.mutedProperty());
        volume.valueProperty().unbindBidirectional(vm.volumeProperty());
        superpose(null, null);
    }

    private javafx.scene.layout.VBox transportBar() {
        Button start = iconButton("mdi2s-skip-previous", "First frame (Home)", vm::toStart);
        Button back1s = iconButton("mdi2r-rewind", "One second back (Shift+Left)", () -> vm.jumpSeconds(-1));
        Button back1 = iconButton("mdi2s-step-backward", "One frame back (Left)", () -> vm.step(-1));
        Button play = iconButton("mdi2p-play", "Play / pause (Space)", vm::togglePlay);
        play.getStyleClass().add("play-button");
        vm.playingProperty().addListener((o, a, isPlaying) ->
                ((FontIcon) play.getGraphic()).setIconLiteral(isPlaying ? "mdi2p-pause" : "mdi2p-play"));
        Button fwd1 = iconButton("mdi2s-step-forward", "One frame forward (Right)", () -> vm.step(1));
        Button fwd1s = iconButton("mdi2f-fast-forward", "One second forward (Shift+Right)", () -> vm.jumpSeconds(1));
        Button end = iconButton("mdi2s-skip-next", "Last frame (End)", vm::toEnd);

        scrub.setMax(Math.max(1, vm.frameCount() - 1));
        vm.currentFrameProperty().addListener((o, a, b) -> {
            if (!scrub.isValueChanging()) {
                updatingScrub = true;
                scrub.setValue(b.intValue());
                updatingScrub = false;
            }
        });
        scrub.valueProperty().addListener((o, a, b) -> {
            if (!updatingScrub) {
                int n = (int) Math.round(b.doubleValue());
                if (scrub.isValueChanging()) {
                    vm.scrub(n);
                } else {
                    vm.seek(n);
                }
            }
        });
        scrub.valueChangingProperty().addListener((o, was, now) -> {
            if (!now) {
                vm.seek((int) Math.round(scrub.getValue()));
            }
        });

        ComboBox<Double> speed = new ComboBox<>();
        speed.getItems().setAll(PlayerViewModel.SPEEDS);
        speed.setValue(vm.speedProperty().get());
        speed.setTooltip(new Tooltip("Playback speed (the sound follows it from 0.5× to 2×, its pitch too; below 0.5× it is silent)"));
        speed.setConverter(new StringConverter<>() {
            @Override
            public String toString(Double d) {
                return d == null ? "" : (d == Math.rint(d) ? String.valueOf(d.intValue()) : String.valueOf(d)) + "×";
            }

            @Override
            public Double fromString(String s) {
                return Double.valueOf(s.replace("×", ""));
            }
        });
        speed.valueProperty().addListener((o, a, b) -> vm.setSpeed(b));
        vm.speedProperty().addListener((o, a, b) -> speed.setValue(b.doubleValue())); // linked: the other video's speed too

        HBox sound = soundControls();

        position.textProperty().bind(vm.positionTextProperty());
        position.getStyleClass().add("position-label");
        position.setId("position");
        position.setMinWidth(Label.USE_PREF_SIZE);

        goTo.setId("goto-frame");
        goTo.setPromptText("frame or 1:23.4");
        goTo.setPrefColumnCount(7);
        goTo.setMinWidth(Region.USE_PREF_SIZE);
        goTo.setTooltip(new Tooltip("Go to a frame number or a time (Ctrl+G; Enter goes, Esc leaves)"));
        goTo.setOnAction(e -> {
            if (vm.goTo(goTo.getText())) {
                closeGoTo();
            }
        });
        goTo.focusedProperty().addListener((o, was, now) -> {
            if (!now) {
                closeGoTo();
            }
        });
        goToProblem.textProperty().bind(vm.goToProblemProperty());
        goToProblem.setId("goto-problem");
        goToProblem.getStyleClass().add("goto-problem");
        goToProblem.setWrapText(true);
        goToProblem.setMaxWidth(260);
        goToProblem.setStyle("-fx-text-fill: #e0a458;");
        for (javafx.scene.Node n : new javafx.scene.Node[] {goTo, goToProblem}) {
            n.setVisible(false);
            n.setManaged(false);
        }
        goToProblem.visibleProperty().bind(goTo.visibleProperty().and(vm.goToProblemProperty().isNotEmpty()));
        goToProblem.managedProperty().bind(goToProblem.visibleProperty());

        // under the scrub bar: the stretches the display cache holds (scrubbing there does not wait for the decoder)
        javafx.scene.canvas.Canvas cached = new javafx.scene.canvas.Canvas(10, 3);
        cached.setId("cached-strip");
        cached.setManaged(false);
        javafx.scene.layout.StackPane scrubBox = new javafx.scene.layout.StackPane(scrub, cached);
        javafx.scene.layout.StackPane.setAlignment(cached, javafx.geometry.Pos.BOTTOM_LEFT);
        HBox.setHgrow(scrubBox, Priority.ALWAYS);
        Runnable drawCached = () -> {
            double inset = 7; // the thumb's half width: the track runs between
            cached.setLayoutX(inset);
            cached.setLayoutY(Math.max(0, scrubBox.getHeight() - 3));
            cached.setWidth(Math.max(1, scrubBox.getWidth() - 2 * inset));
            GraphicsContext g = cached.getGraphicsContext2D();
            g.clearRect(0, 0, cached.getWidth(), 3);
            g.setFill(Color.web("#5b8bd0", 0.8));
            double perFrame = cached.getWidth() / Math.max(1, vm.frameCount());
            for (int[] r : vm.cachedRangesProperty().get()) {
                g.fillRect(r[0] * perFrame, 0, Math.max(1, (r[1] - r[0] + 1) * perFrame), 3);
            }
        };
        vm.cachedRangesProperty().addListener((o, a, b) -> drawCached.run());
        scrubBox.widthProperty().addListener((o, a, b) -> drawCached.run());
        scrubBox.heightProperty().addListener((o, a, b) -> drawCached.run());
        Tooltip.install(cached, new Tooltip("Frames ready for scrubbing at display size"));
        Label scaled = new Label("scaled");
        scaled.setId("stand-in");
        scaled.setTooltip(new Tooltip("A display-size frame from the cache is shown; the decoded frame replaces it when ready"));
        scaled.setStyle("-fx-text-fill: #e0a458;");
        scaled.visibleProperty().bind(vm.standInProperty());
        scaled.managedProperty().bind(scaled.visibleProperty());

        HBox bar = new HBox(4, start, back1s, back1, play, fwd1, fwd1s, end, scrubBox, speed, sound, goTo, goToProblem, scaled, position);
        bar.setMinWidth(0); // two videos side by side on a small screen: the bar is cut, it never pushes into the neighbour
        bar.setAlignment(Pos.CENTER_LEFT);
        speed.setPrefWidth(74);
        speed.setMinWidth(Region.USE_PREF_SIZE);
        // narrow (two videos side by side): the scrub bar takes a row of its own above the buttons, full width, so it
        // stays long enough to scrub and the frame number is not cut; the first/last frame and one-second buttons and the
        // volume slider leave the bar (Home/End and Shift+arrows still jump, M still mutes)
        HBox scrubRow = new HBox();
        scrubRow.setId("scrub-row");
        scrubRow.setVisible(false);
        scrubRow.setManaged(false);
        javafx.scene.layout.VBox transport = new javafx.scene.layout.VBox(2, scrubRow, bar);
        transport.setMinWidth(0);
        transport.widthProperty().addListener((o, was, now) -> {
            boolean roomy = now.doubleValue() >= NARROW_BAR;
            for (javafx.scene.Node b : new javafx.scene.Node[] {start, end, back1s, fwd1s, volume}) {
                b.setVisible(roomy);
                b.setManaged(roomy);
            }
            boolean onItsOwnRow = scrubBox.getParent() == scrubRow;
            if (roomy && onItsOwnRow) {
                scrubRow.getChildren().remove(scrubBox);
                bar.getChildren().add(bar.getChildren().indexOf(end) + 1, scrubBox);
            } else if (!roomy && !onItsOwnRow) {
                bar.getChildren().remove(scrubBox);
                scrubRow.getChildren().add(scrubBox);
            }
            scrubRow.setVisible(!roomy);
            scrubRow.setManaged(!roomy);
        });
        transport.getStyleClass().add("transport");
        transport.setPadding(new Insets(6, 10, 6, 10));
        return transport;
    }

    /** The mute button and the volume slider; disabled, with the reason as their tooltip, when the sound cannot be heard. */
    private HBox soundControls() {
        FontIcon icon = new FontIcon(vm.mutedProperty().get() ? "mdi2v-volume-off" : "mdi2v-volume-high");
        icon.setIconSize(20);
        mute.setGraphic(icon);
        mute.setId("mute");
        mute.getStyleClass().add("icon-button");
        mute.setTooltip(new Tooltip("Mute / unmute (M). From 0.5× to 2× the sound follows the speed, its pitch too (like tape);"
                + " below 0.5× it is silent."));
        mute.selectedProperty().bindBidirectional(vm.mutedProperty());
        mute.selectedProperty().addListener((o, was, on) -> icon.setIconLiteral(on ? "mdi2v-volume-off" : "mdi2v-volume-high"));
        volume.setId("volume");
        volume.setPrefWidth(70);
        volume.setMinWidth(50);
        volume.setTooltip(new Tooltip("Volume"));
        volume.valueProperty().bindBidirectional(vm.volumeProperty());
        mute.disableProperty().bind(vm.soundAvailableProperty().not());
        volume.disableProperty().bind(vm.soundAvailableProperty().not());
        HBox sound = new HBox(2, mute, volume);
        sound.setId("sound-controls");
        sound.setAlignment(Pos.CENTER_LEFT);
        sound.setMinWidth(Region.USE_PREF_SIZE);
        // a disabled control shows no tooltip of its own: the box around them says why there is no sound
        Tooltip why = new Tooltip();
        why.textProperty().bind(vm.soundStatusProperty());
        javafx.beans.value.ChangeListener<String> showWhy = (o, was, now) -> {
            if (now.isEmpty()) {
                Tooltip.uninstall(sound, why);
            } else {
                Tooltip.install(sound, why);
            }
        };
        vm.soundStatusProperty().addListener(showWhy);
        showWhy.changed(null, "", vm.soundStatusProperty().get());
        return sound;
    }

    /** Opens the go-to field (Ctrl+G) with the frame shown, selected, to type over. */
    public void openGoTo() {
        goTo.setVisible(true);
        goTo.setManaged(true);
        goTo.setText(String.valueOf(vm.currentFrameProperty().get()));
        goTo.requestFocus();
        goTo.selectAll();
    }

    private void closeGoTo() {
        vm.clearGoToProblem();
        goTo.setVisible(false);
        goTo.setManaged(false);
        if (goTo.isFocused()) {
            focusCanvas();
        }
    }

    /** Puts the keyboard focus on the video (Esc from a field). */
    public void focusCanvas() {
        canvasPane.requestFocus();
    }

    /** Gives the video a right-click menu on a dancer: {@code menu} makes it for the dancer's identity. */
    public void setDancerMenu(java.util.function.IntFunction<javafx.scene.control.ContextMenu> menu) {
        this.dancerMenu = menu;
    }

    private javafx.scene.control.ContextMenu openMenu;

    private void installDancerMenu() {
        // the mouse: a right click (not every toolkit sends a context-menu request for it); the keyboard: the menu key
        canvasPane.addEventHandler(javafx.scene.input.MouseEvent.MOUSE_CLICKED, e -> {
            if (e.getButton() == MouseButton.SECONDARY && e.isStillSincePress() && shown != null && !inRightPanel(e.getX())) {
                showDancerMenu(vm.trackAt(shown.frameX(viewX(e.getX())), shown.frameY(e.getY())), e.getScreenX(), e.getScreenY());
                e.consume();
            }
        });
        canvasPane.setOnContextMenuRequested(e -> {
            if (e.isKeyboardTrigger()) {
                showDancerMenu(vm.selectedTrackProperty().get(), e.getScreenX(), e.getScreenY());
            }
            e.consume();
        });
    }

    private void showDancerMenu(int track, double screenX, double screenY) {
        if (openMenu != null) {
            openMenu.hide();
        }
        if (dancerMenu != null && track >= 0) {
            openMenu = dancerMenu.apply(track);
            openMenu.show(canvasPane, screenX, screenY);
        }
    }

    private static Button iconButton(String icon, String tip, Runnable action) {
        FontIcon fi = new FontIcon(icon);
        fi.setIconSize(20);
        Button b = new Button(null, fi);
        b.setTooltip(new Tooltip(tip));
        b.getStyleClass().add("icon-button");
        b.setOnAction(e -> action.run());
        return b;
    }

    private void installZoomAndPan() {
        canvasPane.setOnScroll(e -> {
            double factor = e.getDeltaY() > 0 ? 1.15 : 1 / 1.15;
            zoomAround(factor, e.getX(), e.getY());
        });
        canvasPane.setOnMousePressed(e -> {
            canvasPane.requestFocus();
            dragX = e.getX();
            dragY = e.getY();
            pressX = e.getX();
            pressY = e.getY();
        });
        canvasPane.setOnMouseDragged(e -> {
            panX += (vm.mirroredProperty().get() ? -1 : 1) * (e.getX() - dragX);
            panY += e.getY() - dragY;
            dragX = e.getX();
            dragY = e.getY();
            dirty = true;
        });
        canvasPane.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) {
                fit();
            } else if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 1 && shown != null && !inRightPanel(e.getX())
                    && Math.hypot(e.getX() - pressX, e.getY() - pressY) < 4) {
                // a click (not a drag) marks a point while points are being marked, else selects the dancer under the pointer
                if (!vm.pick(shown.frameX(viewX(e.getX())), shown.frameY(e.getY()))) {
                    vm.selectAt(shown.frameX(viewX(e.getX())), shown.frameY(e.getY()));
                }
            }
        });
    }

    /** Zooms by a factor keeping the point under (x, y) in place. */
    public void zoomAround(double factor, double x, double y) {
        zoomAnchorX = viewX(x);
        zoomAnchorY = y;
        try {
            vm.zoomBy(factor);
        } finally {
            zoomAnchorX = Double.NaN;
            zoomAnchorY = Double.NaN;
        }
    }

    /** The view-model's zoom changed by factor f: the pan keeps the anchor (or the middle) in place. */
    private void zoomed(double f) {
        double x = Double.isNaN(zoomAnchorX) ? panelWidth() / 2 : zoomAnchorX;
        double y = Double.isNaN(zoomAnchorY) ? canvas.getHeight() / 2 : zoomAnchorY;
        double cx = panelWidth() / 2 + panX;
        double cy = canvas.getHeight() / 2 + panY;
        panX += (x - cx) * (1 - f);
        panY += (y - cy) * (1 - f);
        if (vm.zoomProperty().get() == 1) {
            panX = 0;
            panY = 0;
        }
        dirty = true;
    }

    public void fit() {
        vm.zoomToFit();
        panX = 0;
        panY = 0;
        dirty = true;
    }

    /**
     * A point of the canvas in the unmirrored picture's coordinates of its panel (mirrored: left and right swapped;
     * side by side, a point of the right panel as the same point of the left one: one zoom and pan for both).
     */
    private double viewX(double x) {
        double px = inRightPanel(x) ? x - panelWidth() : x;
        return vm.mirroredProperty().get() ? panelWidth() - px : px;
    }

    /** Two runs side by side: the canvas holds two panels of half its width each. */
    private boolean split() {
        return vm.compareSceneProperty().get() != null;
    }

    /** The width of one panel. */
    private double panelWidth() {
        return split() ? Math.floor(canvas.getWidth() / 2) : canvas.getWidth();
    }

    private boolean inRightPanel(double x) {
        return split() && x >= panelWidth();
    }

    /**
     * Draws another video's frame and overlays over this one (superposition), as opaque as {@code opacity} says, with
     * this view's zoom and pan and its own mirroring; null: this video alone again.
     */
    public void superpose(PlayerViewModel other, javafx.beans.value.ObservableDoubleValue opacity) {
        if (over != null) {
            over.frameProperty().removeListener(redraw);
            over.overlayProperty().removeListener(redraw);
            over.frameProblemProperty().removeListener(redraw);
            over.mirroredProperty().removeListener(redraw);
            overOpacity.removeListener(redraw);
        }
        over = other;
        overOpacity = opacity;
        overLayer.drawn = null;
        if (other != null) {
            other.frameProperty().addListener(redraw);
            other.overlayProperty().addListener(redraw);
            other.frameProblemProperty().addListener(redraw);
            other.mirroredProperty().addListener(redraw);
            opacity.addListener(redraw);
        }
        dirty = true;
    }

    /** Where the frame was last drawn (null before the first frame or while it cannot be shown); side by side, in the left panel. */
    public Viewport shownViewport() {
        return shown;
    }

    /** Side by side: where the frame was last drawn in the right panel (its own coordinates); null while one panel is shown. */
    public Viewport shownRightViewport() {
        return shownRight;
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.setFill(Color.web("#15171a"));
        g.fillRect(0, 0, w, h);
        VideoFrame f = vm.frameProperty().get();
        if (f == null) {
            g.setFill(Color.web("#9aa3ad"));
            g.setFont(Font.font(16));
            g.setTextAlign(TextAlignment.CENTER);
            g.fillText("Open a dance video: File ▸ Open…, or drop a file here", w / 2, h / 2);
            return;
        }
        if (w < 1 || h < 1) {
            return;
        }
        String problem = vm.frameProblemProperty().get();
        if (!problem.isEmpty()) {
            // No picture (and no overlay) stands in for a frame that cannot be decoded.
            shown = null;
            shownRight = null;
            g.setFill(Color.web("#e0a458"));
            g.setFont(Font.font(15));
            g.setTextAlign(TextAlignment.CENTER);
            g.fillText(problem, w / 2, h / 2, Math.max(100, w - 40));
            return;
        }
        OverlayScene right = vm.compareSceneProperty().get();
        double pw = panelWidth();
        shown = drawLayer(g, own, own.overlay, f, vm.info().width(), vm.info().height(), vm.overlayProperty().get(), vm.mirroredProperty().get(), 0, pw, h);
        drawMarked(g, shown, pw);
        // side by side: the same picture again (not decoded nor uploaded twice) with B's dancers, the same zoom and pan
        // (the right panel as wide as the left: with an odd canvas width the last column stays empty, the scales equal)
        shownRight = right == null ? null : drawLayer(g, own, rightOverlay, f, vm.info().width(), vm.info().height(), right, vm.mirroredProperty().get(), pw, pw, h);
        org.dancelens.ui.StartupReport.frameDrawn();
        if (right != null) {
            g.setStroke(Color.web("#15171a"));
            g.setLineWidth(2);
            g.strokeLine(pw, 0, pw, h);
            caption(g, vm.panelCaptionAProperty().get(), 0, pw);
            caption(g, vm.panelCaptionBProperty().get(), pw, w - pw);
        }
        PlayerViewModel o = over;
        if (o != null) {
            VideoFrame of = o.frameProperty().get();
            g.setGlobalAlpha(Math.max(0, Math.min(1, overOpacity.get())));
            if (of != null && o.frameProblemProperty().get().isEmpty()) {
                drawLayer(g, overLayer, overLayer.overlay, of, o.info().width(), o.info().height(), o.overlayProperty().get(), o.mirroredProperty().get(), 0, pw, h);
            } else if (of != null) {
                // the other video's frame cannot be decoded: say so, never a stale picture in its place
                g.setFill(Color.web("#e0a458"));
                g.setFont(Font.font(15));
                g.setTextAlign(TextAlignment.CENTER);
                g.fillText(o.frameProblemProperty().get(), w / 2, h - 30, Math.max(100, w - 40));
            }
            g.setGlobalAlpha(1);
        }
    }

    /** The points marked on the frame (a length being measured): dots joined by a line, over the left panel. */
    private void drawMarked(GraphicsContext g, Viewport vp, double pw) {
        double[] p = vm.markedProperty().get();
        if (p == null || p.length < 2) {
            return;
        }
        boolean mirrored = vm.mirroredProperty().get();
        double[] sx = new double[p.length / 2];
        double[] sy = new double[p.length / 2];
        for (int i = 0; i < sx.length; i++) {
            double x = vp.x(p[2 * i]);
            sx[i] = mirrored ? pw - x : x;
            sy[i] = vp.y(p[2 * i + 1]);
        }
        if (sx.length > 1) {
            g.setStroke(Color.web("#15171a", 0.8));
            g.setLineWidth(4);
            g.strokeLine(sx[0], sy[0], sx[1], sy[1]);
            g.setStroke(Color.web("#ffd23f"));
            g.setLineWidth(2);
            g.strokeLine(sx[0], sy[0], sx[1], sy[1]);
        }
        for (int i = 0; i < sx.length; i++) {
            g.setFill(Color.web("#15171a", 0.8));
            g.fillOval(sx[i] - 5, sy[i] - 5, 10, 10);
            g.setFill(Color.web("#ffd23f"));
            g.fillOval(sx[i] - 3.5, sy[i] - 3.5, 7, 7);
        }
    }

    /** What a panel shows, written at its top left over a dark band. */
    private static void caption(GraphicsContext g, String text, double x0, double w) {
        if (text == null || text.isEmpty()) {
            return;
        }
        g.setFont(Font.font(12));
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(javafx.geometry.VPos.CENTER);
        g.setFill(Color.web("#15171a", 0.7));
        g.fillRect(x0, 0, w, 20);
        g.setFill(Color.web("#f0f2f5"));
        g.fillText(text, x0 + 8, 10, Math.max(10, w - 16));
        g.setTextBaseline(javafx.geometry.VPos.BASELINE);
    }

    /**
     * Draws a frame and its overlay scene fitted into a panel {@code w} wide from {@code x0} with this view's zoom and
     * pan, mirrored or not, the overlay drawn through {@code ov}.
     */
    private Viewport drawLayer(GraphicsContext g, Layer layer, OverlayImage ov, VideoFrame f, int fullW, int fullH, OverlayScene scene, boolean mirrored,
                               double x0, double w, double h) {
        if (f != layer.drawn) {
            upload(layer, f);
        }
        // the video's size, not the picture's: a display-size stand-in fills the same place as the decoded frame
        Viewport vp = Viewport.fit(fullW, fullH, w, h, vm.zoomProperty().get(), panX, panY);
        g.save();
        g.beginPath();
        g.rect(x0, 0, w, h);
        g.clip();
        g.translate(x0, 0);
        if (mirrored) {
            g.translate(w, 0);
            g.scale(-1, 1);
        }
        g.setImageSmoothing(vp.scale() < 2);
        g.drawImage(layer.image, vp.offsetX(), vp.offsetY(), fullW * vp.scale(), fullH * vp.scale());
        if (scene != null && !scene.isEmpty()) {
            // drawn at the screen's own pixel density, then laid 1:1 over the canvas
            double density = getScene() != null && getScene().getWindow() != null ? getScene().getWindow().getRenderScaleX() : 1;
            Image img = ov.of(scene, vp.scaled(density));
            g.drawImage(img, 0, 0, img.getWidth() / density, img.getHeight() / density);
        }
        g.restore();
        return vp;
    }

    /** Copies the frame's pixels into the one reused PixelBuffer (reallocated only when the size changes). */
    private static void upload(Layer layer, VideoFrame f) {
        if (layer.pixels == null || layer.pixels.getWidth() != f.width() || layer.pixels.getHeight() != f.height()) {
            ByteBuffer buf = ByteBuffer.allocateDirect(f.width() * f.height() * 4);
            layer.pixels = new PixelBuffer<>(f.width(), f.height(), buf, PixelFormat.getByteBgraPreInstance());
            layer.image = new WritableImage(layer.pixels);
        }
        layer.pixels.updateBuffer(pb -> {
            ByteBuffer b = pb.getBuffer();
            b.clear();
            b.put(f.bgra());
            b.flip();
            return null;
        });
        layer.drawn = f;
    }
}
