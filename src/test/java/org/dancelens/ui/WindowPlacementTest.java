package org.dancelens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.dancelens.ui.WindowPlacement.Box;
import org.junit.jupiter.api.Test;

class WindowPlacementTest {
    private static final Box FULL_HD = new Box(0, 0, 1920, 1040); // 1920 x 1080 without a 40-px task bar
    private static final Box SMALL = new Box(0, 0, 1280, 690);

    @Test
    void firstTimeTheWindowTakes85PercentOfTheMainScreenCentredAtMost1600By1000() {
        assertThat(WindowPlacement.initial(null, List.of(FULL_HD), 960, 600)).isEqualTo(new Box(160, 78, 1600, 884)); // 85 % of 1040 = 884
        assertThat(WindowPlacement.initial(null, List.of(new Box(0, 0, 2560, 1400)), 960, 600)).isEqualTo(new Box(480, 200, 1600, 1000));
        // 85 % of a 1280 x 690 screen: 1088 x 586, but not below the minimum height
        assertThat(WindowPlacement.initial(null, List.of(SMALL), 960, 600)).isEqualTo(new Box(96, 45, 1088, 600));
        // a screen smaller than the minimum: the whole screen
        assertThat(WindowPlacement.initial(null, List.of(new Box(0, 0, 800, 560)), 960, 600)).isEqualTo(new Box(0, 0, 800, 560));
        assertThat(WindowPlacement.minimum(new Box(0, 0, 800, 560), 960, 600)).containsExactly(800, 560);
        assertThat(WindowPlacement.minimum(FULL_HD, 960, 600)).containsExactly(960, 600);
    }

    @Test
    void theLastPlaceIsKeptOnlyWhenItFitsAScreenThereIsNow() {
        Box onSecond = new Box(2000, 100, 1400, 900);
        Box second = new Box(1920, 0, 2560, 1400);
        assertThat(WindowPlacement.initial(onSecond, List.of(FULL_HD, second), 960, 600)).isEqualTo(onSecond);
        // the second monitor is gone: the default on the main screen
        assertThat(WindowPlacement.initial(onSecond, List.of(FULL_HD), 960, 600)).isEqualTo(new Box(160, 78, 1600, 884));
        // a window decoration's few pixels out of the screen are fine; half a window out is not
        assertThat(WindowPlacement.initial(new Box(-8, -30, 1200, 800), List.of(FULL_HD), 960, 600)).isEqualTo(new Box(-8, -30, 1200, 800));
        assertThat(WindowPlacement.initial(new Box(1200, 100, 1200, 800), List.of(FULL_HD), 960, 600).x()).isEqualTo(160);
        // larger than the screen, smaller than the minimum, or never kept: the default
        assertThat(WindowPlacement.initial(new Box(0, 0, 2400, 1040), List.of(FULL_HD), 960, 600).width()).isEqualTo(1600);
        assertThat(WindowPlacement.initial(new Box(0, 0, 500, 300), List.of(FULL_HD), 960, 600).width()).isEqualTo(1600);
        assertThat(WindowPlacement.initial(new Box(Double.NaN, Double.NaN, Double.NaN, Double.NaN), List.of(FULL_HD), 960, 600).width())
                .isEqualTo(1600);
    }
}
