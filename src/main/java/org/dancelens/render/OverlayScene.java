package org.dancelens.render;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.dancelens.core.Pose;

/**
 * Everything drawn over one frame, as an immutable value: the poses (in frame pixels), which layers are on, the joint
 * confidence threshold, the bone width, the selected dancer, a heat map and one dancer's joint importance. The player
 * and the exporters describe what they show with a scene and draw it with {@link OverlayRenderer}, so the same scene
 * through the same {@link Viewport} gives the same pixels wherever it is drawn.
 *
 * @param frameWidth      width of the frame the overlay belongs to, pixels (places the heat map's region)
 * @param frameHeight     height of that frame, pixels
 * @param poses           the dancers to draw, in frame pixels
 * @param layers          the layers drawn
 * @param minConfidence   joints scoring below this are not drawn, nor their bones
 * @param boneWidth       bone width in frame pixels (it grows with the viewport's scale, at least one buffer pixel)
 * @param selectedTrack   the dancer outlined in white, or -1
 * @param heatMap         the heat map over the frame, or null
 * @param jointImportance one dancer's joint importance, drawn instead of its joint confidence, or null
 * @param poseModel       the pose model whose run the dancers' identities belong to (labels read {@code movenet-multipose #3},
 *                        see {@link org.dancelens.core.DancerNames}), or null (labels read {@code #3})
 * @param comparePoses    a second run's dancers over the same frame (comparing two pose runs), drawn with the skeleton
 *                        layers in one contrasting colour with dashed bones and hollow joints ({@link Palette#COMPARE}); empty for none
 * @param angles          the joint angles drawn on every dancer ({@link org.dancelens.core.AngleDefinition#id()}: an arc at the
 *                        vertex and the degrees, where the angle's joints are confident, see {@link #angleMarks()}); empty for none
 */
public record OverlayScene(int frameWidth, int frameHeight, List<Pose> poses, Set<Layer> layers, double minConfidence, double boneWidth,
                           int selectedTrack, HeatMapLayer heatMap, JointImportance jointImportance, String poseModel, List<Pose> comparePoses,
                           Set<String> angles) {
    /** The player's default threshold below which joints are not drawn. */
    public static final double DEFAULT_MIN_CONFIDENCE = 0.3;
    /** The player's default bone width, frame pixels. */
    public static final double DEFAULT_BONE_WIDTH = 1.5;

    /** What can be drawn over a frame; a scene draws the layers it holds. */
    public enum Layer {
        /** Bones between confident joints, in the dancer's colour, and the joints coloured by confidence, each in a dark ring. */
        SKELETONS,
        /** Each dancer's box and name ({@code movenet-multipose #id}, or {@code #id} without a pose model) in its colour. */
        BOXES,
        /** Segmentation masks, translucent, in a lighter tint of the dancer's colour ({@link Palette#maskTint}). */
        MASKS,
        /** The scene's heat map, if it has one. */
        HEAT_MAP,
        /** The scene's joint importance on its dancer, if it has one (with {@link #SKELETONS} or {@link #JOINTS}). */
        JOINT_IMPORTANCE,
        /** The joints alone, without bones (what {@link #SKELETONS} draws besides its bones; for exports that want only them). */
        JOINTS,
        /** Each dancer's name alone, at its box's corner, without the box (what {@link #BOXES} draws besides the box). */
        IDS
    }

    public OverlayScene {
        if (frameWidth < 1 || frameHeight < 1) {
            throw new IllegalArgumentException("a frame of " + frameWidth + "x" + frameHeight + " pixels");
        }
        poses = List.copyOf(poses);
        layers = Set.copyOf(layers);
        comparePoses = comparePoses == null ? List.of() : List.copyOf(comparePoses);
        angles = angles == null ? Set.of() : Set.copyOf(angles);
    }

    /** A scene without joint angles. */
    public OverlayScene(int frameWidth, int frameHeight, List<Pose> poses, Set<Layer> layers, double minConfidence, double boneWidth,
                        int selectedTrack, HeatMapLayer heatMap, JointImportance jointImportance, String poseModel, List<Pose> comparePoses) {
        this(frameWidth, frameHeight, poses, layers, minConfidence, boneWidth, selectedTrack, heatMap, jointImportance, poseModel, comparePoses, Set.of());
    }

    /** A scene without a second run's dancers. */
    public OverlayScene(int frameWidth, int frameHeight, List<Pose> poses, Set<Layer> layers, double minConfidence, double boneWidth,
                        int selectedTrack, HeatMapLayer heatMap, JointImportance jointImportance, String poseModel) {
        this(frameWidth, frameHeight, poses, layers, minConfidence, boneWidth, selectedTrack, heatMap, jointImportance, poseModel, List.of());
    }

    /**
     * A scene over a frame of this size with no dancers yet, every layer on, the default threshold and bone width,
     * nobody selected, no heat map and no joint importance.
     */
    public static OverlayScene of(int frameWidth, int frameHeight) {
        return new OverlayScene(frameWidth, frameHeight, List.of(), EnumSet.allOf(Layer.class), DEFAULT_MIN_CONFIDENCE, DEFAULT_BONE_WIDTH,
                -1, null, null, null);
    }

    /**
     * The layers drawn for the player's three switches (skeletons with their joints, boxes with identities, masks), plus the heat map and
     * joint importance, which show whenever the scene holds one. The player and the clip exporter both take their layers
     * from here, so the same switches draw the same layers.
     */
    public static EnumSet<Layer> layersFor(boolean skeletons, boolean boxes, boolean masks) {
        EnumSet<Layer> layers = EnumSet.of(Layer.HEAT_MAP, Layer.JOINT_IMPORTANCE);
        if (skeletons) {
            layers.add(Layer.SKELETONS);
            layers.add(Layer.JOINTS);
        }
        if (boxes) {
            layers.add(Layer.BOXES);
            layers.add(Layer.IDS);
        }
        if (masks) {
            layers.add(Layer.MASKS);
        }
        return layers;
    }

    public OverlayScene withPoses(List<Pose> p) {
        return new OverlayScene(frameWidth, frameHeight, p, layers, minConfidence, boneWidth, selectedTrack, heatMap, jointImportance, poseModel, comparePoses, angles);
    }

    public OverlayScene withLayers(Set<Layer> l) {
        return new OverlayScene(frameWidth, frameHeight, poses, l, minConfidence, boneWidth, selectedTrack, heatMap, jointImportance, poseModel, comparePoses, angles);
    }

    public OverlayScene withMinConfidence(double min) {
        return new OverlayScene(frameWidth, frameHeight, poses, layers, min, boneWidth, selectedTrack, heatMap, jointImportance, poseModel, comparePoses, angles);
    }

    public OverlayScene withBoneWidth(double width) {
        return new OverlayScene(frameWidth, frameHeight, poses, layers, minConfidence, width, selectedTrack, heatMap, jointImportance, poseModel, comparePoses, angles);
    }

    public OverlayScene withSelectedTrack(int track) {
        return new OverlayScene(frameWidth, frameHeight, poses, layers, minConfidence, boneWidth, track, heatMap, jointImportance, poseModel, comparePoses, angles);
    }

    public OverlayScene withHeatMap(HeatMapLayer h) {
        return new OverlayScene(frameWidth, frameHeight, poses, layers, minConfidence, boneWidth, selectedTrack, h, jointImportance, poseModel, comparePoses, angles);
    }

    public OverlayScene withJointImportance(JointImportance j) {
        return new OverlayScene(frameWidth, frameHeight, poses, layers, minConfidence, boneWidth, selectedTrack, heatMap, j, poseModel, comparePoses, angles);
    }

    public OverlayScene withPoseModel(String model) {
        return new OverlayScene(frameWidth, frameHeight, poses, layers, minConfidence, boneWidth, selectedTrack, heatMap, jointImportance, model, comparePoses, angles);
    }

    /** The same scene with a second run's dancers over it (empty: none). */
    public OverlayScene withComparePoses(List<Pose> p) {
        return new OverlayScene(frameWidth, frameHeight, poses, layers, minConfidence, boneWidth, selectedTrack, heatMap, jointImportance, poseModel, p, angles);
    }

    /** The same scene with these joint angles drawn on every dancer (names as {@link org.dancelens.core.AngleDefinition#id()}). */
    public OverlayScene withAngles(java.util.Collection<String> a) {
        return new OverlayScene(frameWidth, frameHeight, poses, layers, minConfidence, boneWidth, selectedTrack, heatMap, jointImportance, poseModel,
                comparePoses, Set.copyOf(a));
    }

    /**
     * The chosen angles of the scene's dancers, resolved: one mark per dancer and angle whose joints all reach the
     * scene's threshold (none from joints not drawn).
     */
    public List<AngleMark> angleMarks() {
        return AngleMark.of(poses, angles, minConfidence);
    }

    /** Whether a layer is on. */
    public boolean shows(Layer layer) {
        return layers.contains(layer);
    }

    /** True when nothing would be drawn (no dancers of either run and no heat map shown): the buffer would stay transparent. */
    public boolean isEmpty() {
        return poses.isEmpty() && comparePoses.isEmpty() && (heatMap == null || !shows(Layer.HEAT_MAP));
    }
}
