package org.dancelens.export;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dancelens.analysis.ExplainMetrics;
import org.dancelens.analysis.store.ExplainSettings;
import org.dancelens.analysis.store.Maps;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.Pose;
import org.dancelens.core.VideoFrame;
import org.dancelens.render.HeatMapLayer;
import org.dancelens.render.OverlayRenderer;
import org.dancelens.render.OverlayScene;
import org.dancelens.render.Palette;
import org.dancelens.render.SceneBuilder;
import org.dancelens.render.SceneStyle;
import org.dancelens.render.Viewport;

/**
 * One frame as a picture with the overlays of stored runs, at the video's resolution: the scene is built as the player
 * builds it ({@link SceneBuilder}) from the stored poses and maps, and drawn by the player's {@link OverlayRenderer}.
 */
public final class FrameExport {
    /**
     * What is drawn, as the player's overlay settings say it.
     *
     * @param style how it looks: threshold, bone width, hidden dancers, smoothed or raw keypoints, heat-map look
     */
    public record Choices(boolean skeletons, boolean boxes, boolean masks, boolean heat, SceneStyle style) {
        public Choices {
            java.util.Objects.requireNonNull(style, "style");
        }

        /** The player's defaults: skeletons, boxes and masks on, in {@link SceneStyle#PLAYER_DEFAULTS}. */
        public static Choices defaults() {
            return new Choices(true, true, true, false, SceneStyle.PLAYER_DEFAULTS);
        }

        public Choices withLayers(boolean skeletons, boolean boxes, boolean masks, boolean heat) {
            return new Choices(skeletons, boxes, masks, heat, style);
        }

        public Choices withStyle(SceneStyle s) {
            return new Choices(skeletons, boxes, masks, heat, s);
        }
    }

    private FrameExport() {
    }

    /**
     * The scene over frame {@code f} from stored runs, as the player shows it with these choices.
     *
     * @param poseRun    the pose run whose dancers are drawn, or null (skeletons, boxes and masks need one)
     * @param explainRun the explain run whose map of this frame is drawn, or null (the heat map needs one)
     * @throws DanceLensException (bad input) when a chosen overlay has nothing stored for this frame: one sentence
     */
    public static OverlayScene scene(ResultsStore store, Run poseRun, Run explainRun, VideoFrame f, Choices c) {
        c.style().checked();
        int n = f.index();
        boolean posesWanted = c.skeletons() || c.boxes() || c.masks();
        List<Pose> poses = List.of();
        String model = null;
        if (posesWanted && poseRun != null) {
            if (!store.poses().frameTimes(poseRun.id()).containsKey(n)) {
                throw DanceLensException.badInput("Pose run " + poseRun.id() + " (" + poseRun.modelId() + ") holds no poses for frame " + n
                        + ": analyse that frame with 'dancelens analyze VIDEO --pose " + poseRun.modelId() + " --range " + n + ":" + (n + 1) + "'.");
            }
            Map<Integer, List<Pose>> byFrame = store.poses().read(poseRun.id(), n, n + 1, c.style().smoothed());
            poses = c.style().shown(byFrame, n);
            model = poseRun.modelId();
        }
        HeatMapLayer heat = null;
        if (c.heat() && explainRun != null) {
            Maps.MapFrame m = store.maps().read(explainRun.id(), n, n + 1).get(n);
            if (m == null) {
                throw DanceLensException.badInput("Explain run " + explainRun.id() + " (" + explainRun.modelId() + ") holds no map for frame " + n
                        + ": make one with 'dancelens explain VIDEO --model " + explainRun.modelId() + " --frames " + n + ":" + (n + 1) + "'.");
            }
            heat = heatOf(m, ExplainSettings.of(explainRun), c.style().colorMap(), c.style().heatOpacity());
        }
        return SceneBuilder.styled(f.width(), f.height(), poses, SceneBuilder.layers(c.skeletons(), c.boxes(), c.masks()), c.style(), heat, model);
    }

    /** A stored map as the player lays it over its frame: upsampled to the model's input, over the region the model saw. */
    public static HeatMapLayer heatOf(Maps.MapFrame m, ExplainSettings es, Palette.ColorMap cmap, double opacity) {
        int h = es.inputHeight() > 0 ? es.inputHeight() : m.height();
        int w = es.inputWidth() > 0 ? es.inputWidth() : m.width();
        return new HeatMapLayer(ExplainMetrics.upsampled(m, h, w), h, w, m.region(), cmap, opacity);
    }

    /** The frame with the scene drawn over it at the frame's resolution, by the player's renderer. */
    public static BufferedImage picture(VideoFrame f, OverlayScene scene) {
        return OverlayRenderer.composite(f, new OverlayRenderer().render(scene, Viewport.frame(f.width(), f.height())));
    }

    /** Writes the picture as a PNG file, atomically. */
    public static void png(BufferedImage picture, Path out) {
        HeatMapExport.png(picture, out);
    }
}
