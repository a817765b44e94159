package org.dancelens.render;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.Pose;

/**
 * How the overlays over a frame look, as the player's overlay settings say it: the joint confidence threshold, the
 * bone width, the dancers hidden, smoothed or raw keypoints, and the heat map's colour map and strongest opacity. The
 * player shows frames with these settings; the exporters take one so an exported frame looks as it did on screen
 * ({@link #PLAYER_DEFAULTS} when nobody says otherwise).
 *
 * @param minConfidence joints scoring below this are not drawn, nor their bones (0..1)
 * @param boneWidth     bone width in frame pixels
 * @param hiddenTracks  the dancers (track ids) left out
 * @param smoothed      the smoothed keypoints (else the raw ones the model gave)
 * @param colorMap      colour map of the heat map
 * @param heatOpacity   strongest heat-map opacity, 0..1
 * @param angles        the joint angles drawn on the dancers ({@link org.dancelens.core.AngleDefinition#id()}), in the order chosen
 */
public record SceneStyle(double minConfidence, double boneWidth, Set<Integer> hiddenTracks, boolean smoothed, Palette.ColorMap colorMap,
                         double heatOpacity, List<String> angles) {
    /** The widest bone the player offers, frame pixels. */
    public static final double MAX_BONE_WIDTH = 20;

    /** The player's settings until the user changes them. */
    public static final SceneStyle PLAYER_DEFAULTS = new SceneStyle(OverlayScene.DEFAULT_MIN_CONFIDENCE, OverlayScene.DEFAULT_BONE_WIDTH, Set.of(),
            true, Palette.ColorMap.DEFAULT, SceneBuilder.DEFAULT_HEAT_OPACITY, List.of());

    public SceneStyle {
        hiddenTracks = Collections.unmodifiableSet(new TreeSet<>(hiddenTracks));
        angles = angles == null ? List.of() : List.copyOf(new java.util.LinkedHashSet<>(angles));
        if (colorMap == null) {
            throw new IllegalArgumentException("a style without a colour map");
        }
    }

    public SceneStyle withMinConfidence(double min) {
        return new SceneStyle(min, boneWidth, hiddenTracks, smoothed, colorMap, heatOpacity, angles);
    }

    public SceneStyle withBoneWidth(double width) {
        return new SceneStyle(minConfidence, width, hiddenTracks, smoothed, colorMap, heatOpacity, angles);
    }

    public SceneStyle withHiddenTracks(Collection<Integer> hidden) {
        return new SceneStyle(minConfidence, boneWidth, new TreeSet<>(hidden), smoothed, colorMap, heatOpacity, angles);
    }

    public SceneStyle withSmoothed(boolean s) {
        return new SceneStyle(minConfidence, boneWidth, hiddenTracks, s, colorMap, heatOpacity, angles);
    }

    public SceneStyle withHeat(Palette.ColorMap cmap, double opacity) {
        return new SceneStyle(minConfidence, boneWidth, hiddenTracks, smoothed, cmap, opacity, angles);
    }

    /** The same style drawing these joint angles (names as {@link org.dancelens.core.AngleDefinition#id()}). */
    public SceneStyle withAngles(Collection<String> a) {
        return new SceneStyle(minConfidence, boneWidth, hiddenTracks, smoothed, colorMap, heatOpacity, List.copyOf(a));
    }

    /**
     * Refuses settings the player cannot show, in one sentence naming the command-line option: a threshold outside
     * 0..1, a bone width outside 0..{@link #MAX_BONE_WIDTH}, an opacity outside 0..1, a negative track id, an angle that is
     * not one of {@link org.dancelens.core.AngleDefinition}'s.
     *
     * @return this style
     */
    public SceneStyle checked() {
        if (!(minConfidence >= 0 && minConfidence <= 1)) {
            throw DanceLensException.badInput("--min-confidence is a joint confidence from 0 to 1, not " + num(minConfidence) + ".");
        }
        if (!(boneWidth > 0 && boneWidth <= MAX_BONE_WIDTH)) {
            throw DanceLensException.badInput("--bone-width is a width in pixels above 0 and at most " + num(MAX_BONE_WIDTH) + ", not " + num(boneWidth) + ".");
        }
        if (!(heatOpacity >= 0 && heatOpacity <= 1)) {
            throw DanceLensException.badInput("--heat-opacity is an opacity from 0 (see-through) to 1, not " + num(heatOpacity) + ".");
        }
        for (int t : hiddenTracks) {
            if (t < 0) {
                throw DanceLensException.badInput("--hide takes dancers' track numbers (0 or more, as in '#3'), not " + t + ".");
            }
        }
        for (String a : angles) {
            if (org.dancelens.core.AngleDefinition.of(a) == null) {
                throw DanceLensException.badInput("--angles takes joint angles separated by commas (" + String.join(", ", angleNames())
                        + "), not '" + a + "'.");
            }
        }
        return this;
    }

    /** The names of every joint angle that can be drawn, e.g. {@code left_elbow}. */
    public static List<String> angleNames() {
        return java.util.Arrays.stream(org.dancelens.core.AngleDefinition.values()).map(org.dancelens.core.AngleDefinition::id).toList();
    }

    /** The dancers of frame {@code frame} (poses keyed by frame) this style shows: the hidden ones left out. */
    public List<Pose> shown(Map<Integer, List<Pose>> posesByFrame, int frame) {
        return SceneBuilder.shown(posesByFrame, frame, hiddenTracks);
    }

    /** The dancers this style shows of those given: the hidden ones left out. */
    public List<Pose> shown(List<Pose> poses) {
        return hiddenTracks.isEmpty() ? poses : poses.stream().filter(p -> !hiddenTracks.contains(p.trackId())).toList();
    }

    /** Poses keyed by frame with the hidden dancers left out of every frame. */
    public Map<Integer, List<Pose>> shownByFrame(Map<Integer, List<Pose>> posesByFrame) {
        if (hiddenTracks.isEmpty()) {
            return posesByFrame;
        }
        Map<Integer, List<Pose>> out = new java.util.HashMap<>();
        posesByFrame.forEach((f, l) -> out.put(f, shown(l)));
        return out;
    }

    /**
     * What differs from the player's defaults, in a few words ({@code 2 dancers hidden, raw keypoints, threshold 0.50}),
     * or "" when nothing does.
     */
    public String differences() {
        List<String> l = new ArrayList<>();
        if (!hiddenTracks.isEmpty()) {
            l.add(hiddenTracks.size() == 1 ? "dancer #" + hiddenTracks.iterator().next() + " hidden" : hiddenTracks.size() + " dancers hidden");
        }
        if (!smoothed) {
            l.add("raw keypoints");
        }
        if (minConfidence != PLAYER_DEFAULTS.minConfidence) {
            l.add("threshold " + String.format(Locale.ROOT, "%.2f", minConfidence));
        }
        if (boneWidth != PLAYER_DEFAULTS.boneWidth) {
            l.add("bones " + String.format(Locale.ROOT, "%.1f", boneWidth) + " px");
        }
        if (colorMap != PLAYER_DEFAULTS.colorMap) {
            l.add(colorMap.name().toLowerCase(Locale.ROOT) + " heat");
        }
        if (heatOpacity != PLAYER_DEFAULTS.heatOpacity) {
            l.add("heat opacity " + String.format(Locale.ROOT, "%.2f", heatOpacity));
        }
        if (!angles.isEmpty()) {
            l.add(angles.size() == 1 ? angles.get(0).replace('_', ' ') + " angle" : angles.size() + " angles");
        }
        return String.join(", ", l);
    }

    private static String num(double v) {
        return v == Math.rint(v) && !Double.isInfinite(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
