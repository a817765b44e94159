package org.dancelens.movement.music;

import org.dancelens.core.AudioTrack;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AudioTrackTest {
    @Test
    void theWaveformSummaryIsTheMinAndMaxOfEachBucket() {
        float[] x = new float[1000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(2 * Math.PI * i / 100.0) * (i < 500 ? 0.25f : 1f);
        }
        AudioTrack a = new AudioTrack(x, 1000, -0.5);
        AudioTrack.Waveform w = a.waveform(10);
        assertThat(w.buckets()).isEqualTo(10);
        assertThat(w.startSeconds()).isEqualTo(-0.5);
        assertThat(w.bucketSeconds()).isCloseTo(0.1, within(1e-12));
        for (int k = 0; k < 10; k++) {
            // each bucket holds one whole period of the sine
            float amp = k < 5 ? 0.25f : 1f;
            assertThat(w.max()[k]).isCloseTo(amp, within(1e-6f));
            assertThat(w.min()[k]).isCloseTo(-amp, within(1e-6f));
        }
        // more buckets than samples: each shows the sample it falls on
        AudioTrack tiny = new AudioTrack(new float[] {0.5f, -0.5f}, 1000, 0);
        AudioTrack.Waveform t = tiny.waveform(4);
        assertThat(t.min()).containsExactly(0.5f, 0.5f, -0.5f, -0.5f);
        assertThat(t.max()).containsExactly(0.5f, 0.5f, -0.5f, -0.5f);
        assertThat(a.timeOf(250)).isCloseTo(-0.25, within(1e-12));
        assertThat(a.durationSeconds()).isEqualTo(1.0);
    }
}
