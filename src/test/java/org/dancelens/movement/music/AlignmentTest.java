package org.dancelens.movement.music;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Kinematic beats and the beat alignment score against their definitions. */
class AlignmentTest {
    static final double SIGMA = BeatAlignment.DEFAULT_SIGMA_SECONDS;

    /** A speed at 60 fps that stops (minimum 0.2) at {@code first + k·period}: {@code 0.2 + |sin(π(t − first)/period)|}. */
    private static double[][] stopping(double first, double period, double seconds, double fps) {
        int n = (int) Math.round(seconds * fps);
        double[] t = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i / fps;
            v[i] = 0.2 + Math.abs(Math.sin(Math.PI * (t[i] - first) / period));
        }
        return new double[][] {t, v};
    }

    @Test
    void kinematicBeatsAreTheStopsOfTheMovement() {
        double[][] s = stopping(0.25, 0.5, 6, 60);
        double[] beats = KinematicBeats.beats(s[0], s[1], KinematicBeats.Settings.defaults());
        // stops at 0.25, 0.75, ..., 5.75 s: exactly on the 60 fps frames
        assertThat(beats).hasSize(12);
        for (int k = 0; k < beats.length; k++) {
            assertThat(beats[k]).isCloseTo(0.25 + 0.5 * k, within(1e-9));
        }
        // the AIST++ code's settings (no smoothing, minima over ±10 frames) find the same stops
        assertThat(KinematicBeats.beats(s[0], s[1], KinematicBeats.Settings.aistpp())).containsExactly(beats);
    }

    @Test
    void gapsAreNotBeatsAndSmoothingDoesNotCrossThem() {
        double[][] s = stopping(0.25, 0.5, 6, 60);
        double[] v = s[1].clone();
        // the dancer is not seen from 2.0 s to 3.1 s (stops at 2.25, 2.75 missing); 3.25 is a stop inside the next run
        for (int i = 120; i < 186; i++) {
            v[i] = Double.NaN;
        }
        double[] beats = KinematicBeats.beats(s[0], v, KinematicBeats.Settings.defaults());
        assertThat(beats).containsExactly(0.25, 0.75, 1.25, 1.75, 3.25, 3.75, 4.25, 4.75, 5.25, 5.75);
        double[] smooth = KinematicBeats.smooth(s[0], v, 5.0 / 60);
        for (int i = 120; i < 186; i++) {
            assertThat(smooth[i]).isNaN();
        }
        // the last sample before the gap is smoothed from its own side only: a one-sided mean of rising values is below it
        assertThat(smooth[119]).isLessThan(v[119]);
        // a music beat inside the gap is not one the dancer could mark
        assertThat(KinematicBeats.observed(new double[] {1.0, 2.5, 3.5, 9.0}, s[0], v)).containsExactly(1.0, 3.5);
    }

    @Test
    void movementOnTheBeatScoresOneAndHalfABeatOffScoresWhatTheDefinitionGives() {
        double period = 60.0 / 128;
        double[] music = ClickTracks.clickTimes(128, 0.5, 10);
        double[] onBeat = music.clone();
        assertThat(BeatAlignment.score(music, onBeat, SIGMA, BeatAlignment.Direction.MUSIC_BEATS)).isEqualTo(1.0);
        assertThat(BeatAlignment.score(music, onBeat, SIGMA, BeatAlignment.Direction.KINEMATIC_BEATS)).isEqualTo(1.0);

        double[] half = new double[music.length];
        for (int i = 0; i < half.length; i++) {
            half[i] = music[i] + period / 2;
        }
        // every music beat is half a period from its nearest kinematic beat (the first one's nearest is the one after it)
        double expected = Math.exp(-(period / 2) * (period / 2) / (2 * SIGMA * SIGMA));
        assertThat(BeatAlignment.score(music, half, SIGMA, BeatAlignment.Direction.MUSIC_BEATS)).isCloseTo(expected, within(1e-12));
        assertThat(expected).isLessThan(1e-4);

        // 30 ms late: e^(−0.03²/(2·0.05²)) = e^(−0.18)
        double[] late = new double[music.length];
        for (int i = 0; i < late.length; i++) {
            late[i] = music[i] + 0.030;
        }
        assertThat(BeatAlignment.score(music, late, SIGMA, BeatAlignment.Direction.MUSIC_BEATS)).isCloseTo(Math.exp(-0.18), within(1e-12));
    }

    @Test
    void theTwoDirectionsDifferAsTheirDefinitionsSay() {
        double period = 0.5;
        double[] music = ClickTracks.clickTimes(120, 0.5, 10);
        // a dancer who stops on every beat and also half-way between beats
        double[] both = new double[2 * music.length];
        for (int i = 0; i < music.length; i++) {
            both[2 * i] = music[i];
            both[2 * i + 1] = music[i] + period / 2;
        }
        assertThat(BeatAlignment.score(music, both, SIGMA, BeatAlignment.Direction.MUSIC_BEATS)).isEqualTo(1.0);
        double halfOff = Math.exp(-(period / 2) * (period / 2) / (2 * SIGMA * SIGMA));
        assertThat(BeatAlignment.score(music, both, SIGMA, BeatAlignment.Direction.KINEMATIC_BEATS))
                .isCloseTo((music.length * 1.0 + music.length * halfOff) / both.length, within(1e-12));
        // a dancer who stops on every other beat
        double[] everyOther = new double[(music.length + 1) / 2];
        for (int i = 0; i < everyOther.length; i++) {
            everyOther[i] = music[2 * i];
        }
        assertThat(BeatAlignment.score(music, everyOther, SIGMA, BeatAlignment.Direction.KINEMATIC_BEATS)).isEqualTo(1.0);
        double onOff = (everyOther.length + (music.length - everyOther.length) * Math.exp(-period * period / (2 * SIGMA * SIGMA))) / music.length;
        assertThat(BeatAlignment.score(music, everyOther, SIGMA, BeatAlignment.Direction.MUSIC_BEATS)).isCloseTo(onOff, within(1e-12));
        // nothing to average over, or nothing to match
        assertThat(BeatAlignment.score(new double[0], music, SIGMA, BeatAlignment.Direction.MUSIC_BEATS)).isNaN();
        assertThat(BeatAlignment.score(music, new double[0], SIGMA, BeatAlignment.Direction.MUSIC_BEATS)).isZero();
    }

    @Test
    void theScoreOverTimeShowsWhereTheDancerDriftsOffTheBeat() {
        double period = 0.5;
        double[] music = ClickTracks.clickTimes(120, 0.5, 20);
        // on the beat for the first 10 s, half a beat off after
        double[] kin = new double[music.length];
        for (int i = 0; i < kin.length; i++) {
            kin[i] = music[i] < 10 ? music[i] : music[i] + period / 2;
        }
        BeatAlignment.Windowed w = BeatAlignment.overTime(music, kin, SIGMA, BeatAlignment.Direction.MUSIC_BEATS, 0, 20, 4, 1);
        assertThat(w.times()).hasSize(21);
        double halfOff = Math.exp(-(period / 2) * (period / 2) / (2 * SIGMA * SIGMA));
        for (int i = 0; i < w.times().length; i++) {
            double t = w.times()[i];
            if (t >= 2 && t <= 7.5) {
                assertThat(w.scores()[i]).as("at %.0f s", t).isEqualTo(1.0);
            } else if (t >= 12.5 && t <= 17.5) {
                assertThat(w.scores()[i]).as("at %.0f s", t).isCloseTo(halfOff, within(1e-12));
            }
        }
    }

    @Test
    void theFacadeAlignsADancersSpeedSeries() {
        double[] music = ClickTracks.clickTimes(128, 0.5, 10);
        double period = 60.0 / 128;
        double[][] s = stopping(0.5, period, 10, 60);
        MusicAnalysis.Alignment a = MusicAnalysis.align(music, s[0], s[1], KinematicBeats.Settings.defaults(), SIGMA,
                BeatAlignment.Direction.MUSIC_BEATS, 4, 1);
        // the stops fall on the 60 fps frame nearest each beat: at most 1/120 s away
        double worst = 1 / 120.0;
        assertThat(a.score()).isGreaterThanOrEqualTo(Math.exp(-worst * worst / (2 * SIGMA * SIGMA))).isLessThanOrEqualTo(1.0);
        assertThat(a.kinematicBeats()).hasSize(music.length);
        assertThat(a.musicBeats()).containsExactly(music);
        assertThat(a.overTime().times()).isNotEmpty();
    }
}
