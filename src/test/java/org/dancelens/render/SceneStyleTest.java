package org.dancelens.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.Pose;
import org.dancelens.testsupport.TestPoses;
import org.junit.jupiter.api.Test;

/** The player's overlay settings as one value: its defaults, the scene it builds, what differs, what it refuses. */
class SceneStyleTest {
    @Test
    void thePlayersDefaultsBuildTheDefaultScene() {
        SceneStyle d = SceneStyle.PLAYER_DEFAULTS;
        assertThat(d.minConfidence()).isEqualTo(OverlayScene.DEFAULT_MIN_CONFIDENCE);
        assertThat(d.boneWidth()).isEqualTo(OverlayScene.DEFAULT_BONE_WIDTH);
        assertThat(d.smoothed()).isTrue();
        assertThat(d.hiddenTracks()).isEmpty();
        assertThat(d.colorMap()).isEqualTo(Palette.ColorMap.DEFAULT);
        assertThat(d.heatOpacity()).isEqualTo(SceneBuilder.DEFAULT_HEAT_OPACITY);
        assertThat(d.differences()).isEmpty();
        List<Pose> poses = List.of(TestPoses.boxed(1, 10, 10, 50, 50), TestPoses.boxed(2, 60, 10, 90, 50));
        var layers = SceneBuilder.layers(true, true, false);
        assertThat(SceneBuilder.styled(100, 80, poses, layers, d, null, "m")).isEqualTo(SceneBuilder.defaults(100, 80, poses, layers, null, "m"));
    }

    @Test
    void aStyledSceneLeavesHiddenDancersOutWithItsThresholdAndBoneWidth() {
        List<Pose> poses = List.of(TestPoses.boxed(1, 10, 10, 50, 50), TestPoses.boxed(2, 60, 10, 90, 50), TestPoses.boxed(5, 20, 20, 30, 30));
        SceneStyle s = SceneStyle.PLAYER_DEFAULTS.withHiddenTracks(List.of(5, 2)).withMinConfidence(0.55).withBoneWidth(4);
        OverlayScene scene = SceneBuilder.styled(100, 80, poses, SceneBuilder.layers(true, false, false), s, null, null);
        assertThat(scene.poses()).extracting(Pose::trackId).containsExactly(1);
        assertThat(scene.minConfidence()).isEqualTo(0.55);
        assertThat(scene.boneWidth()).isEqualTo(4);
        assertThat(s.shownByFrame(Map.of(3, poses)).get(3)).extracting(Pose::trackId).containsExactly(1);
        assertThat(s.hiddenTracks()).containsExactly(2, 5);
    }

    @Test
    void differencesSayWhatIsNotTheDefault() {
        assertThat(SceneStyle.PLAYER_DEFAULTS.withHiddenTracks(List.of(3)).differences()).isEqualTo("dancer #3 hidden");
        assertThat(SceneStyle.PLAYER_DEFAULTS.withHiddenTracks(List.of(3, 4)).withSmoothed(false).withMinConfidence(0.5).withBoneWidth(2.25)
                .withHeat(Palette.ColorMap.INFERNO, 0.8).differences())
                .isEqualTo("2 dancers hidden, raw keypoints, threshold 0.50, bones 2.3 px, inferno heat, heat opacity 0.80");
    }

    @Test
    void checkedRefusesWhatThePlayerCannotShow() {
        SceneStyle d = SceneStyle.PLAYER_DEFAULTS;
        assertThat(d.checked()).isSameAs(d);
        assertThat(d.withMinConfidence(0).withBoneWidth(20).withHeat(Palette.ColorMap.JET, 1).checked()).isNotNull();
        for (SceneStyle bad : List.of(d.withMinConfidence(-0.1), d.withMinConfidence(Double.NaN), d.withBoneWidth(0), d.withBoneWidth(20.5),
                d.withHeat(Palette.ColorMap.JET, 1.01), d.withHiddenTracks(List.of(-1)))) {
            assertThatThrownBy(bad::checked).isInstanceOf(DanceLensException.class);
        }
    }
}
