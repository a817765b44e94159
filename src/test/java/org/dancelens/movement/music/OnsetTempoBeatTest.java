package org.dancelens.movement.music;

import org.dancelens.core.AudioTrack;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Onset strength, tempo and beats on click tracks generated in memory at 22 050 Hz. */
class OnsetTempoBeatTest {
    static final int RATE = 22_050;

    private static AudioTrack clicks(double[] times, double seconds, double start) {
        return new AudioTrack(ClickTracks.render(times, seconds, RATE), RATE, start);
    }

    @Test
    void theOnsetEnvelopePeaksAtTheClicksAndNowhereElse() {
        double[] clicks = ClickTracks.clickTimes(100, 0.5, 8);
        OnsetEnvelope env = OnsetStrength.compute(clicks(clicks, 8, 0));
        assertThat(env.frameRate()).isCloseTo(RATE / 512.0, within(1e-9));
        assertThat(env.length()).isEqualTo(1 + 8 * RATE / 512);
        double[] s = env.strength();
        double max = java.util.Arrays.stream(s).max().orElseThrow();
        // the peaks: local maxima above a quarter of the largest value
        List<Double> peaks = new ArrayList<>();
        for (int i = 1; i < s.length - 1; i++) {
            if (s[i] > s[i - 1] && s[i] >= s[i + 1] && s[i] > max / 4) {
                peaks.add(env.timeOf(i));
            }
        }
        assertThat(peaks).hasSameSizeAs(clicks);
        for (int k = 0; k < clicks.length; k++) {
            // librosa's alignment dates a rise at the end of the window that first sees it: on the frame grid, at the click
            // or up to a frame (23.2 ms) and the few milliseconds the Hann window's edge needs later
            assertThat(peaks.get(k) - clicks[k]).as("peak after click %d", k).isBetween(0.0, 512.0 / RATE + 0.006);
        }
        // silence between clicks has no onset strength
        int between = (int) Math.round((clicks[3] + 0.3) * env.frameRate());
        assertThat(s[between]).isZero();
    }

    @Test
    void silenceHasNoOnsetsNoTempoAndNoBeats() {
        AudioTrack quiet = new AudioTrack(new float[RATE * 3], RATE, 0);
        OnsetEnvelope env = OnsetStrength.compute(quiet);
        assertThat(env.strength()).containsOnly(0.0);
        double bpm = TempoEstimator.tempo(env, TempoEstimator.Settings.defaults());
        assertThat(bpm).isNaN();
        assertThat(BeatTracker.beats(env, 120)).isEmpty();
    }

    @Test
    void theOnsetEnvelopeKeepsTheAudiosClock() {
        double[] clicks = ClickTracks.clickTimes(120, 0.5, 4);
        OnsetEnvelope a = OnsetStrength.compute(clicks(clicks, 4, 0));
        OnsetEnvelope b = OnsetStrength.compute(clicks(clicks, 4, 2.25));
        assertThat(b.strength()).containsExactly(a.strength());
        assertThat(b.timeOf(10) - a.timeOf(10)).isCloseTo(2.25, within(1e-12));
    }

    @ParameterizedTest(name = "{0} BPM")
    @ValueSource(doubles = {72, 90, 100, 128, 150})
    void tempoAndBeatsOfAClickTrack(double bpm) {
        double start = -0.37; // the audio starts before the first picture
        double[] clicks = ClickTracks.clickTimes(bpm, 0.4, 12);
        AudioTrack audio = clicks(clicks, 12, start);
        OnsetEnvelope env = OnsetStrength.compute(audio);
        double tempo = TempoEstimator.tempo(env, TempoEstimator.Settings.defaults());
        assertThat(tempo).isCloseTo(bpm, within(1.0));
        double[] beats = BeatTracker.refine(BeatTracker.beats(env, tempo), audio, 512);
        assertThat(beats).hasSameSizeAs(clicks);
        for (int k = 0; k < clicks.length; k++) {
            assertThat(beats[k]).as("beat %d", k).isCloseTo(clicks[k] + start, within(0.020));
        }
    }

    @Test
    void withoutRefinementBeatsAreOnTheFrameGridWithinAFrameAfterTheClicks() {
        double[] clicks = ClickTracks.clickTimes(128, 0.4, 12);
        AudioTrack audio = clicks(clicks, 12, 0);
        OnsetEnvelope env = OnsetStrength.compute(audio);
        double[] beats = BeatTracker.beats(env, TempoEstimator.tempo(env, TempoEstimator.Settings.defaults()));
        assertThat(beats).hasSameSizeAs(clicks);
        for (int k = 0; k < clicks.length; k++) {
            assertThat(beats[k] - clicks[k]).as("beat %d", k).isBetween(-0.0001, 512.0 / RATE + 0.006);
        }
    }

    @Test
    void tempoOverTimeFollowsAChangeOfTempo() {
        // 100 BPM for 12 s, then 128 BPM for 12 s
        double[] first = ClickTracks.clickTimes(100, 0.4, 12);
        double[] second = ClickTracks.clickTimes(128, 12.0, 24);
        double[] all = new double[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        OnsetEnvelope env = OnsetStrength.compute(clicks(all, 24, 0));
        TempoEstimator.TempoCurve c = TempoEstimator.overTime(env, TempoEstimator.Settings.defaults(), 1.0);
        assertThat(c.times()).hasSameSizeAs(c.bpm());
        assertThat(c.times()[1] - c.times()[0]).isCloseTo(1.0, within(512.0 / RATE));
        int checked = 0;
        for (int i = 0; i < c.times().length; i++) {
            double t = c.times()[i];
            // windows of 8 s wholly inside one tempo
            if (t >= 4.5 && t <= 7.5) {
                assertThat(c.bpm()[i]).as("at %.1f s", t).isCloseTo(100, within(1.0));
                checked++;
            } else if (t >= 16.5 && t <= 19.5) {
                assertThat(c.bpm()[i]).as("at %.1f s", t).isCloseTo(128, within(1.0));
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(6);
    }

    @Test
    void theTempoPriorPrefersTheOctaveNearest120() {
        // one autocorrelation with equal peaks at the lags of 60 and 120 BPM: the prior around 120 BPM decides
        double frameRate = RATE / 512.0;
        int lag120 = (int) Math.round(60 * frameRate / 120);
        double[] acf = new double[4 * lag120];
        acf[0] = 1;
        acf[lag120] = 0.5;
        acf[2 * lag120] = 0.5;
        double bpm = TempoEstimator.bestBpm(acf, frameRate, TempoEstimator.Settings.defaults());
        assertThat(bpm).isCloseTo(60 * frameRate / lag120, within(1e-9));
        // centred on 60 BPM instead, the slower one wins
        double slow = TempoEstimator.bestBpm(acf, frameRate, new TempoEstimator.Settings(60, 1, 8, 320));
        assertThat(slow).isCloseTo(60 * frameRate / (2 * lag120), within(1e-9));
    }

    @Test
    void trimmingDropsWeakBeatsAtTheEndsOnly() {
        double[] local = {0.1, 0.1, 1, 1, 0.1, 1, 1, 0.1};
        int[] beats = {0, 1, 2, 3, 4, 5, 6, 7};
        // smoothed: 0.15, 0.65, 1.55, 1.55, 1.1, 1.55, 1.55, 0.6; root mean square 1.222..., threshold 0.611...
        int[] kept = BeatTracker.trim(local, beats, true);
        assertThat(kept).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(BeatTracker.trim(local, beats, false)).containsExactly(beats);
    }

    @Test
    void slaneysMelScaleIsLinearBelow1kHzAndLogarithmicAbove() {
        assertThat(OnsetStrength.MelBank.hzToMel(1000)).isCloseTo(15.0, within(1e-12));
        assertThat(OnsetStrength.MelBank.hzToMel(200)).isCloseTo(3.0, within(1e-12));
        assertThat(OnsetStrength.MelBank.hzToMel(6400)).isCloseTo(15.0 + 27.0, within(1e-9));
        for (double hz : new double[] {0, 440, 1000, 5000, 11025}) {
            assertThat(OnsetStrength.MelBank.melToHz(OnsetStrength.MelBank.hzToMel(hz))).isCloseTo(hz, within(1e-9));
        }
        // each triangle has unit area in Hz (Slaney's normalisation): Σ w·Δf ≈ 1 for bands wider than a few bins
        OnsetStrength.MelBank bank = OnsetStrength.MelBank.slaney(RATE, 2048, 128, 0, RATE / 2.0);
        double df = RATE / 2048.0;
        for (int m = 40; m < 128; m++) {
            double area = java.util.Arrays.stream(bank.weights()[m]).sum() * df;
            assertThat(area).as("band %d", m).isCloseTo(1.0, within(0.05));
        }
    }
}
