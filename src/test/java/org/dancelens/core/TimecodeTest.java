package org.dancelens.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimecodeTest {
    @Test
    void timeLeftIsMinutesAndSecondsRoundedUp() {
        assertThat(Timecode.remaining(45)).isEqualTo("45 s");
        assertThat(Timecode.remaining(44.2)).as("rounded up: never says less than is left").isEqualTo("45 s");
        assertThat(Timecode.remaining(125)).isEqualTo("2 min 05 s");
        assertThat(Timecode.remaining(60)).isEqualTo("1 min 00 s");
        assertThat(Timecode.remaining(59.5)).isEqualTo("1 min 00 s");
        assertThat(Timecode.remaining(3725)).isEqualTo("1 h 02 min");
        assertThat(Timecode.remaining(0)).isEqualTo("0 s");
        assertThat(Timecode.remaining(0.3)).isEqualTo("1 s");
        assertThat(Timecode.remaining(-3)).isEqualTo("0 s");
        assertThat(Timecode.remaining(Double.NaN)).isEqualTo("?");
        assertThat(Timecode.remaining(Double.POSITIVE_INFINITY)).isEqualTo("?");
    }

    @Test
    void framesDoneCountWithinTheChosenRange() {
        assertThat(Timecode.framesDone(522, 0, 795, 795)).isEqualTo("frame 523 of 795");
        assertThat(Timecode.framesDone(522, 500, 600, 795)).isEqualTo("frame 23 of 100 (frames 500–599)");
        assertThat(Timecode.framesDone(99, 0, 100, 795)).as("the first 100 frames: a range too").isEqualTo("frame 100 of 100 (frames 0–99)");
        assertThat(Timecode.framesDone(794, 700, 795, 795)).isEqualTo("frame 95 of 95 (frames 700–794)");
    }

    @Test
    void timecodesKeepTheirFormat() {
        assertThat(Timecode.format(12.345)).isEqualTo("00:12.345");
        assertThat(Timecode.format(3725.5)).isEqualTo("1:02:05.500");
    }
}
