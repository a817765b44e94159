package org.dancelens.ui.session;

import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * How overlays are drawn, the same for every open video (two sessions side by side are drawn alike, as Kinovea's
 * joint controls do): which layers are on, the joint confidence threshold, bone width, the colour map, opacity
 * and source of heat maps, and the joint angles drawn on the dancers. Kept between runs of the workbench. These are
 * the user's own choices, so the views edit them directly. The sound of playback (muted, volume) is kept here too,
 * the same for every open video.
 */
public final class OverlaySettings {
    /** The colour maps heat maps can be drawn with. */
    public static final List<String> COLOR_MAPS = List.of("cividis", "viridis", "inferno", "jet");

    private final BooleanProperty showSkeletons = new SimpleBooleanProperty(true);
    private final BooleanProperty showBoxes = new SimpleBooleanProperty(true);
    private final BooleanProperty showMasks = new SimpleBooleanProperty(true);
    private final BooleanProperty useSmoothed = new SimpleBooleanProperty(true);
    private final DoubleProperty minConfidence = new SimpleDoubleProperty(org.dancelens.render.OverlayScene.DEFAULT_MIN_CONFIDENCE);
    private final DoubleProperty boneWidth = new SimpleDoubleProperty(org.dancelens.render.OverlayScene.DEFAULT_BONE_WIDTH);
    private final StringProperty colorMap = new SimpleStringProperty(org.dancelens.render.Palette.ColorMap.DEFAULT.name().toLowerCase(java.util.Locale.ROOT));
    private final DoubleProperty heatOpacity = new SimpleDoubleProperty(0.6);
    private final BooleanProperty followStoredMaps = new SimpleBooleanProperty(true);
    private final BooleanProperty muted = new SimpleBooleanProperty(false);
    private final DoubleProperty volume = new SimpleDoubleProperty(0.8);
    private final ObservableList<String> angles = FXCollections.observableArrayList();

    /** Every joint angle that can be drawn, by name ({@code left_elbow}, ..., {@code trunk_lean}, {@code head}). */
    public static List<String> angleNames() {
        return org.dancelens.render.SceneStyle.angleNames();
    }

    public BooleanProperty showSkeletonsProperty() {
        return showSkeletons;
    }

    public BooleanProperty showBoxesProperty() {
        return showBoxes;
    }

    /** Segmentation masks (BlazePose) as a translucent layer. */
    public BooleanProperty showMasksProperty() {
        return showMasks;
    }

    /** Smoothed keypoints (else the raw ones). */
    public BooleanProperty useSmoothedProperty() {
        return useSmoothed;
    }

    /** Joints below this confidence are not drawn. */
    public DoubleProperty minConfidenceProperty() {
        return minConfidence;
    }

    /** Bone width in video pixels (scaled with the zoom like the picture). */
    public DoubleProperty boneWidthProperty() {
        return boneWidth;
    }

    /** The colour map of heat maps: jet, viridis or inferno. */
    public StringProperty colorMapProperty() {
        return colorMap;
    }

    /** The strongest heat-map opacity, 0..1 (weaker values are more see-through). */
    public DoubleProperty heatOpacityProperty() {
        return heatOpacity;
    }

    /** Whether playback is silent. */
    public BooleanProperty mutedProperty() {
        return muted;
    }

    /** The sound's volume, 0..1. */
    public DoubleProperty volumeProperty() {
        return volume;
    }

    /** When on, each frame shown gets its stored map (from the explain run on display). */
    public BooleanProperty followStoredMapsProperty() {
        return followStoredMaps;
    }

    /**
     * The joint angles drawn on every dancer (arc and degrees), by name as {@link #angleNames()}; none by default. Names
     * that are not angles (a settings file edited by hand) are not drawn.
     */
    public ObservableList<String> angles() {
        return angles;
    }
}
