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
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import javafx.util.StringConverter;
import org.dancelens.core.VideoFrame;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The video canvas (fit, zoom, pan) and the transport bar. Draws the newest frame from an AnimationTimer into one
 * reused PixelBuffer-backed image; everything else is bindings to the view-model.
 */
public final class PlayerView extends BorderPane {
    private final PlayerViewModel vm;
    /** Listeners on objects that outlive this view (the shared overlay settings), and the drawing timer. */
    private final org.dancelens.ui.ListenerScope scope = new org.dancelens.ui.ListenerScope();
    private final Canvas canvas = new Canvas();
    private final Pane canvasPane = new Pane(canvas);
    private final Slider scrub = new Slider(0, 1, 0);
    private final Label position = new Label();
    private PixelBuffer<ByteBuffer> pixels;
    private WritableImage image;
    private VideoFrame drawn;
    private boolean dirty = true;
    private double zoom = 1;
    private double panX;
    private double panY;
    private double dragX;
    private double pressX;
    private double pressY;
    private double drawnX;
    private double drawnY;
    private double drawnScale;
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
        vm.shownPosesProperty().addListener((o, a, b) -> dirty = true);
        javafx.beans.InvalidationListener redraw = o -> dirty = true;
        var overlay = vm.overlay();
        scope.onInvalidate(overlay.showSkeletonsProperty(), redraw);
        scope.onInvalidate(overlay.showBoxesProperty(), redraw);
        scope.onInvalidate(overlay.showMasksProperty(), redraw);
        scope.onInvalidate(overlay.minConfidenceProperty(), redraw);
        scope.onInvalidate(overlay.boneWidthProperty(), redraw);
        vm.selectedTrackProperty().addListener((o, a, b) -> dirty = true);
        vm.jointImportanceProperty().addListener((o, a, b) -> dirty = true);
        vm.heatOverlayProperty().addListener((o, a, b) -> {
            heatImage = null;
            dirty = true;
        });
        installZoomAndPan();
        AnimationTimer timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                if (dirty) {
                    dirty = false;
                    draw();
                }
            }
        };
        timer.start();
        scope.onClose(timer::stop); // a running timer would keep this view (and its video's frames) alive
    }

    /** The view is taken off the window: it stops drawing and lets go of the shared settings. */
    public void dispose() {
        scope.close();
    }

    private HBox transportBar() {
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

        scrub.setFocusTraversable(false);
        scrub.setMax(Math.max(1, vm.frameCount() - 1));
        HBox.setHgrow(scrub, Priority.ALWAYS);
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
        speed.setFocusTraversable(false);
        speed.setTooltip(new Tooltip("Playback speed"));
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

        position.textProperty().bind(vm.positionTextProperty());
        position.getStyleClass().add("position-label");
        position.setId("position");
        position.setMinWidth(Label.USE_PREF_SIZE);

        HBox bar = new HBox(4, start, back1s, back1, play, fwd1, fwd1s, end, scrub, speed, position);
        bar.getStyleClass().add("transport");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 10, 6, 10));
        return bar;
    }

    private static Button iconButton(String icon, String tip, Runnable action) {
        FontIcon fi = new FontIcon(icon);
        fi.setIconSize(20);
        Button b = new Button(null, fi);
        b.setTooltip(new Tooltip(tip));
        b.setFocusTraversable(false);
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
            dragX = e.getX();
            dragY = e.getY();
            pressX = e.getX();
            pressY = e.getY();
        });
        canvasPane.setOnMouseDragged(e -> {
            panX += e.getX() - dragX;
            panY += e.getY() - dragY;
            dragX = e.getX();
            dragY = e.getY();
            dirty = true;
        });
        canvasPane.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) {
                fit();
            } else if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 1 && drawnScale > 0
                    && Math.hypot(e.getX() - pressX, e.getY() - pressY) < 4) {
                // a click (not a drag) selects the dancer under the pointer
                vm.selectAt((e.getX() - drawnX) / drawnScale, (e.getY() - drawnY) / drawnScale);
            }
        });
    }

    /** Zooms by a factor keeping the point under (x, y) in place. */
    public void zoomAround(double factor, double x, double y) {
        double newZoom = Math.max(1, Math.min(16, zoom * factor));
        double f = newZoom / zoom;
        double cx = canvas.getWidth() / 2 + panX;
        double cy = canvas.getHeight() / 2 + panY;
        panX += (x - cx) * (1 - f);
        panY += (y - cy) * (1 - f);
        zoom = newZoom;
        if (zoom == 1) {
            panX = 0;
            panY = 0;
        }
        dirty = true;
    }

    public void zoomIn() {
        zoomAround(1.25, canvas.getWidth() / 2, canvas.getHeight() / 2);
    }

    public void zoomOut() {
        zoomAround(1 / 1.25, canvas.getWidth() / 2, canvas.getHeight() / 2);
    }

    public void fit() {
        zoom = 1;
        panX = 0;
        panY = 0;
        dirty = true;
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
        if (f != drawn) {
            upload(f);
        }
        double scale = Math.min(w / f.width(), h / f.height()) * zoom;
        double dw = f.width() * scale;
        double dh = f.height() * scale;
        double x = (w - dw) / 2 + panX;
        double y = (h - dh) / 2 + panY;
        g.setImageSmoothing(scale < 2);
        g.drawImage(image, x, y, dw, dh);
        drawnX = x;
        drawnY = y;
        drawnScale = scale;
        drawHeat(g, f, x, y, scale);
        drawPoses(g, x, y, scale);
    }

    /** A segmentation mask over its rotated region, in the dancer's colour, translucent where the person is. */
    private static void drawMask(GraphicsContext g, org.dancelens.core.RegionMask m, Color c, double ox, double oy, double scale) {
        int n = m.size();
        WritableImage img = new WritableImage(n, n);
        var w = img.getPixelWriter();
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                w.setColor(i, j, Color.color(c.getRed(), c.getGreen(), c.getBlue(), 0.45 * m.values()[j * n + i]));
            }
        }
        double side = m.side() * scale;
        g.save();
        g.translate(ox + m.cx() * scale, oy + m.cy() * scale);
        g.rotate(Math.toDegrees(m.angle()));
        g.setImageSmoothing(true);
        g.drawImage(img, -side / 2, -side / 2, side, side);
        g.restore();
    }

    private WritableImage heatImage;

    /** The class-activation map of this frame, if any, over the region the model saw. */
    private void drawHeat(GraphicsContext g, VideoFrame f, double ox, double oy, double scale) {
        PlayerViewModel.HeatOverlay h = vm.heatOverlayProperty().get();
        if (h == null || h.frame() != f.index()) {
            return;
        }
        if (heatImage == null) {
            org.dancelens.export.HeatMapExport.ColorMap cmap = org.dancelens.export.HeatMapExport.ColorMap.of(h.colorMap());
            heatImage = new WritableImage(h.width(), h.height());
            var w = heatImage.getPixelWriter();
            for (int y = 0; y < h.height(); y++) {
                for (int x = 0; x < h.width(); x++) {
                    float v = h.map()[y * h.width() + x];
                    int c = cmap.rgb(v);
                    double a = h.opacity() * Math.max(0, Math.min(1, v));
                    w.setColor(x, y, Color.rgb(c >> 16 & 0xff, c >> 8 & 0xff, c & 0xff, a));
                }
            }
        }
        double[] r = h.region();
        g.save();
        g.beginPath();
        g.rect(ox, oy, f.width() * scale, f.height() * scale);
        g.clip();
        g.setImageSmoothing(true);
        g.drawImage(heatImage, ox + r[1] * f.width() * scale, oy + r[0] * f.height() * scale, (r[3] - r[1]) * f.width() * scale,
                (r[2] - r[0]) * f.height() * scale);
        g.restore();
    }

    /** Colour of a dancer's identity (stable per track id). */
    public static Color trackColor(int trackId) {
        return Color.hsb((trackId * 47) % 360, 0.85, 1.0);
    }

    /** Colour of a joint by importance: pale yellow (none) to deep orange-red (most). */
    public static Color importanceColor(double v) {
        double x = Math.max(0, Math.min(1, v));
        return Color.hsb(50 - 45 * x, 0.25 + 0.75 * x, 1.0);
    }

    /** Colour of a joint by confidence: red (low) through yellow to green (high). */
    public static Color jointColor(double score) {
        return Color.hsb(120 * Math.max(0, Math.min(1, score)), 0.9, 1.0);
    }

    /** Skeletons and boxes in frame pixels, mapped with the same scale and offset as the picture. */
    private void drawPoses(GraphicsContext g, double ox, double oy, double scale) {
        double min = vm.overlay().minConfidenceProperty().get();
        if (vm.overlay().showMasksProperty().get()) {
            for (org.dancelens.core.Pose p : vm.shownPosesProperty().get()) {
                if (p.mask() != null) {
                    drawMask(g, p.mask(), trackColor(p.trackId()), ox, oy, scale);
                }
            }
        }
        for (org.dancelens.core.Pose p : vm.shownPosesProperty().get()) {
            Color c = trackColor(p.trackId());
            boolean selected = p.trackId() == vm.selectedTrackProperty().get();
            if (selected) {
                float[] b = p.box() != null ? p.box() : p.keypointBox((float) min);
                g.setStroke(Color.WHITE);
                g.setLineWidth(4);
                g.strokeRect(ox + b[0] * scale - 3, oy + b[1] * scale - 3, (b[2] - b[0]) * scale + 6, (b[3] - b[1]) * scale + 6);
            }
            if (vm.overlay().showBoxesProperty().get() && p.box() != null) {
                float[] b = p.box();
                g.setStroke(c);
                g.setLineWidth(selected ? 2.5 : 1.5);
                g.strokeRect(ox + b[0] * scale, oy + b[1] * scale, (b[2] - b[0]) * scale, (b[3] - b[1]) * scale);
                g.setFill(c);
                g.setFont(Font.font(13));
                g.setTextAlign(TextAlignment.LEFT);
                g.fillText("#" + p.trackId(), ox + b[0] * scale + 2, oy + b[1] * scale - 4);
            }
            if (!vm.overlay().showSkeletonsProperty().get()) {
                continue;
            }
            var kps = p.keypoints();
            g.setStroke(c);
            g.setLineWidth(Math.max(1, scale * vm.overlay().boneWidthProperty().get()));
            for (int[] bone : p.schema().bones()) {
                var a = kps.get(bone[0]);
                var b = kps.get(bone[1]);
                if (a.score() >= min && b.score() >= min) {
                    g.strokeLine(ox + a.x() * scale, oy + a.y() * scale, ox + b.x() * scale, oy + b.y() * scale);
                }
            }
            double r = Math.max(3, scale * 2.5);
            PlayerViewModel.JointImportance imp = vm.jointImportanceProperty().get();
            boolean byImportance = imp != null && imp.track() == p.trackId();
            for (int j = 0; j < kps.size(); j++) {
                var k = kps.get(j);
                if (k.score() >= min) {
                    Float v = byImportance ? imp.byJoint().get(p.schema().joints().get(j)) : null;
                    if (byImportance && v == null) {
                        continue; // a joint the model does not read
                    }
                    double rr = byImportance ? r * (1 + v) : r;
                    g.setFill(byImportance ? importanceColor(v) : jointColor(k.score()));
                    g.fillOval(ox + k.x() * scale - rr, oy + k.y() * scale - rr, 2 * rr, 2 * rr);
                }
            }
        }
    }

    /** Copies the frame's pixels into the one reused PixelBuffer (reallocated only when the size changes). */
    private void upload(VideoFrame f) {
        if (pixels == null || pixels.getWidth() != f.width() || pixels.getHeight() != f.height()) {
            ByteBuffer buf = ByteBuffer.allocateDirect(f.width() * f.height() * 4);
            pixels = new PixelBuffer<>(f.width(), f.height(), buf, PixelFormat.getByteBgraPreInstance());
            image = new WritableImage(pixels);
        }
        pixels.updateBuffer(pb -> {
            ByteBuffer b = pb.getBuffer();
            b.clear();
            b.put(f.bgra());
            b.flip();
            return null;
        });
        drawn = f;
    }
}
