package org.dancelens.cli;

import java.util.List;
import java.util.Locale;
import org.dancelens.core.DanceLensException;
import org.dancelens.render.OverlayScene;
import org.dancelens.render.Palette;
import org.dancelens.render.SceneBuilder;
import org.dancelens.render.SceneStyle;
import picocli.CommandLine.Option;

/**
 * How the overlays of {@code export clip} and {@code export frame} look, as the player's overlay settings: threshold,
 * bone width, hidden dancers, raw keypoints, heat-map colour map and opacity, joint angles. Unset, each is the player's default.
 */
final class StyleOptions {
    @Option(names = "--min-confidence", paramLabel = "X",
            description = "joints below this confidence (0..1) are not drawn, nor their bones (default " + OverlayScene.DEFAULT_MIN_CONFIDENCE + ", the player's)")
    Double minConfidence;

    @Option(names = "--bone-width", paramLabel = "PX", description = "bone width in video pixels (default " + OverlayScene.DEFAULT_BONE_WIDTH + ", the player's)")
    Double boneWidth;

    @Option(names = "--hide", split = ",", paramLabel = "TRACK", description = "dancers to leave out, by track number (e.g. --hide 2,5 for #2 and #5)")
    List<String> hide;

    @Option(names = "--raw", description = "draw the raw keypoints the model gave, not the smoothed ones (the player's default)")
    boolean raw;

    @Option(names = "--colormap", paramLabel = "NAME", description = "colour map of the heat map: cividis (default), viridis, inferno or jet")
    String colorMap;

    @Option(names = "--heat-opacity", paramLabel = "X", description = "strongest heat-map opacity, 0..1 (default " + SceneBuilder.DEFAULT_HEAT_OPACITY + ")")
    Double heatOpacity;

    @Option(names = "--angles", split = ",", paramLabel = "ANGLE",
            description = "joint angles drawn on the dancers (arc and degrees), e.g. --angles left_elbow,right_knee; any of left_/right_elbow, "
                    + "_shoulder, _hip, _knee, trunk_lean, head")
    List<String> angles;

    /** The style the options describe, checked: one sentence naming the option when a value is out of its range. */
    SceneStyle style() {
        SceneStyle s = SceneStyle.PLAYER_DEFAULTS;
        if (minConfidence != null) {
            s = s.withMinConfidence(minConfidence);
        }
        if (boneWidth != null) {
            s = s.withBoneWidth(boneWidth);
        }
        if (hide != null) {
            List<Integer> tracks = new java.util.ArrayList<>();
            for (String h : hide) {
                String t = h.strip().replaceFirst("^#", "");
                if (t.isEmpty()) {
                    continue;
                }
                try {
                    tracks.add(Integer.parseInt(t));
                } catch (NumberFormatException e) {
                    throw DanceLensException.badInput("--hide takes dancers' track numbers separated by commas (e.g. --hide 2,5), not '" + h.strip() + "'.");
                }
            }
            s = s.withHiddenTracks(tracks);
        }
        s = s.withSmoothed(!raw);
        if (angles != null) {
            s = s.withAngles(angles.stream().map(a -> a.strip().toLowerCase(Locale.ROOT)).filter(a -> !a.isEmpty()).toList());
        }
        if (colorMap != null || heatOpacity != null) {
            Palette.ColorMap cmap = s.colorMap();
            if (colorMap != null) {
                String k = colorMap.strip().toLowerCase(Locale.ROOT);
                if (!List.of("cividis", "viridis", "inferno", "jet").contains(k)) {
                    throw DanceLensException.badInput("--colormap is one of cividis, viridis, inferno and jet, not '" + colorMap.strip() + "'.");
                }
                cmap = Palette.ColorMap.of(k);
            }
            s = s.withHeat(cmap, heatOpacity != null ? heatOpacity : s.heatOpacity());
        }
        return s.checked();
    }
}
