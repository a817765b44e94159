package org.dancelens.pose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class OfflineSmoothingTest {
    @Test
    void savitzkyGolayKeepsQuadraticsExactlyAndMatchesTheClassicCoefficients() {
        double[] q = new double[30];
        for (int i = 0; i < q.length; i++) {
            q[i] = 0.5 * i * i - 3 * i + 7;
        }
        double[] s = OfflineSmoothing.savitzkyGolay(q, 9, 2);
        for (int i = 0; i < q.length; i++) {
            assertThat(s[i]).isCloseTo(q[i], within(1e-9));
        }
        // An impulse in the middle reproduces the 9-point quadratic kernel (-21, 14, 39, 54, 59, 54, 39, 14, -21) / 231.
        double[] impulse = new double[21];
        impulse[10] = 231;
        double[] k = OfflineSmoothing.savitzkyGolay(impulse, 9, 2);
        double[] expected = {-21, 14, 39, 54, 59, 54, 39, 14, -21};
        for (int i = 0; i < 9; i++) {
            assertThat(k[6 + i]).isCloseTo(expected[i], within(1e-9));
        }
    }

    @Test
    void butterworthHasNoLagAndRemovesHighFrequencies() {
        double fs = 30;
        int n = 300;
        double[] slow = new double[n];
        double[] noisy = new double[n];
        Random r = new Random(2);
        for (int i = 0; i < n; i++) {
            slow[i] = 100 * Math.sin(2 * Math.PI * 0.5 * i / fs);
            noisy[i] = slow[i] + 10 * Math.sin(2 * Math.PI * 12 * i / fs) + r.nextGaussian();
        }
        double[] f = OfflineSmoothing.butterworth(noisy, 6, fs);
        double err = 0;
        for (int i = 20; i < n - 20; i++) {
            err = Math.max(err, Math.abs(f[i] - slow[i]));
        }
        // The 12 Hz component (amplitude 10) is cut to well under 1, and the 0.5 Hz motion is not delayed.
        assertThat(err).isLessThan(3.5);
        int peakIn = 0;
        int peakOut = 0;
        for (int i = 0; i < 60; i++) {
            if (slow[i] > slow[peakIn]) {
                peakIn = i;
            }
            if (f[i] > f[peakOut]) {
                peakOut = i;
            }
        }
        assertThat(Math.abs(peakOut - peakIn)).isLessThanOrEqualTo(1);
        // A constant stays constant, ends included.
        double[] c = OfflineSmoothing.butterworth(new double[] {5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5}, 6, fs);
        for (double v : c) {
            assertThat(v).isCloseTo(5, within(1e-9));
        }
    }
}
