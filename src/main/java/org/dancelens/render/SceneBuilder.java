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
    /** The player's heat-map opacity unless the user changes it (the strongest, where the map is 1). */
    public static final double DEFAULT_HEAT_OPACITY = 0.6;

    private SceneBuilder() {
    }

    /**
     * The layers drawn: skeletons, boxes (with the dancers' names) and masks as chosen; the heat map and joint importance
     * whenever the scene holds one (they are chosen by giving them or not).
     */
    public static Set<OverlayScene.Layer> layers(boolean skeletons, boolean boxes, boolean masks) {
        return OverlayScene.layersFor(skeletons, boxes, masks); // the player's one rule (joints with skeletons, ids with boxes)
    }

    /**
     * The layers drawn with the exports' finer switches: as {@link #layers(boolean, boolean, boolean)}, plus the
     * dancers' names without their boxes ({@code ids}) and the joints without their bones ({@code joints}).
     */
    public static Set<OverlayScene.Layer> layers(boolean skeletons, boolean boxes, boolean masks, boolean ids, boolean joints) {
        Set<OverlayScene.Layer> out = layers(skeletons, boxes, masks);
        if (ids) {
            out.add(OverlayScene.Layer.IDS);
        }
        if (joints) {
            out.add(OverlayScene.Layer.JOINTS);
        }
        return out;
    }

    /**
     * The scene over a frame as the player builds it with its default settings (threshold, bone width, nobody
     * selected, no joint importance).
     *
     * @param heat this frame's heat map, or null
     */
    public static OverlayScene defaults(int frameWidth, int frameHeight, List<Pose> poses, Set<OverlayScene.Layer> layers, HeatMapLayer heat,
                                        String poseModel) {
        return styled(frameWidth, frameHeight, poses, layers, SceneStyle.PLAYER_DEFAULTS, heat, poseModel);
    }

    /**
     * The scene over a frame as the player builds it with the settings of {@code style} (nobody selected, no joint
     * importance): the hidden dancers left out of {@code poses}, its threshold, bone width and joint angles. The keypoints (smoothed
     * or raw) and the heat map's look are the caller's to pick by the style, as they come from the store.
     *
     * @param poses the frame's dancers, hidden ones included or not
     * @param heat  this frame's heat map, or null
     */
    public static OverlayScene styled(int frameWidth, int frameHeight, List<Pose> poses, Set<OverlayScene.Layer> layers, SceneStyle style,
                                      HeatMapLayer heat, String poseModel) {
        return scene(frameWidth, frameHeight, 0, style.shown(poses), layers, style.minConfidence(), style.boneWidth(), -1, heat, 0, null, poseModel)
                .withAngles(style.angles());
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
