package org.dancelens.render;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dancelens.core.Pose;

/**
 * How the scene over one frame is made from what a viewer chose to show: the layers switched on, the dancers of that
 * frame that are not hidden, and a heat map only on the frame it belongs to. The player builds its scenes with it, and
 * so do the exporters, so the same choices over the same stored results give the same scene (and, through
 * {@link OverlayRenderer}, the same pixels).
 */
public final class SceneBuilder {
    private SceneBuilder() {
    }

    /**
     * The layers drawn: skeletons, boxes (with the dancers' names) and masks as chosen; the heat map and joint importance
     * whenever the scene holds one (they are chosen by giving them or not).
     */
    public static Set<OverlayScene.Layer> layers(boolean skeletons, boolean boxes, boolean masks) {
        return OverlayScene.layersFor(skeletons, boxes, masks); // the player's one rule (joints with skeletons, ids with boxes)
    }

    /** The dancers of frame {@code frame} (poses keyed by frame), without the hidden ones. */
    public static List<Pose> shown(Map<Integer, List<Pose>> posesByFrame, int frame, Set<Integer> hidden) {
        List<Pose> all = posesByFrame.getOrDefault(frame, List.of());
        return hidden.isEmpty() ? all : all.stream().filter(p -> !hidden.contains(p.trackId())).toList();
    }

    /**
     * The scene over frame {@code frame} of a {@code frameWidth x frameHeight} video.
     *
     * @param heat      a heat map, laid over the frame only when {@code heatFrame} is this frame; null for none
     * @param heatFrame the frame the heat map belongs to
     * @param poseModel the pose model whose run the dancers belong to (their labels), or null
     */
    public static OverlayScene scene(int frameWidth, int frameHeight, int frame, List<Pose> poses, Set<OverlayScene.Layer> layers,
                                     double minConfidence, double boneWidth, int selectedTrack, HeatMapLayer heat, int heatFrame,
                                     JointImportance jointImportance, String poseModel) {
        return new OverlayScene(frameWidth, frameHeight, poses, layers, minConfidence, boneWidth, selectedTrack, heatFrame == frame ? heat : null,
                jointImportance, poseModel);
    }
}
