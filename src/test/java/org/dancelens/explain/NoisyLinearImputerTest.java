package org.dancelens.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** ROAD's noisy linear imputation: what it must reproduce exactly, keep, and add. */
class NoisyLinearImputerTest {
    static final int W = 40;
    static final int H = 30;

    /** Two channels of different linear ramps: a weighted mean over a symmetric neighbourhood reproduces them. */
    static float[] ramps(boolean channelsFirst) {
        float[] p = new float[2 * W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                float a = 0.3f * x - 0.2f * y + 1;
                float b = -0.05f * x + 0.7f * y - 3;
                int i = y * W + x;
                p[channelsFirst ? i : 2 * i] = a;
                p[channelsFirst ? W * H + i : 2 * i + 1] = b;
            }
        }
        return p;
    }

    @Test
    void holesAwayFromTheBorderOfALinearPictureAreFilledExactlyAndKnownPixelsStay() {
        Random rnd = new Random(7);
        boolean[] remove = new boolean[W * H];
        int removed = 0;
        for (int y = 1; y < H - 1; y++) {
            for (int x = 1; x < W - 1; x++) {
                remove[y * W + x] = rnd.nextDouble() < 0.6;
                removed += remove[y * W + x] ? 1 : 0;
            }
        }
        assertThat(removed).isGreaterThan(500);
        for (boolean first : new boolean[] {true, false}) {
            float[] p = ramps(first);
            float[] out = NoisyLinearImputer.impute(p, 2, H, W, first, remove, 0, 1);
            double worst = 0;
            for (int i = 0; i < p.length; i++) {
                int px = first ? i % (W * H) : i / 2;
                if (remove[px]) {
                    worst = Math.max(worst, Math.abs(out[i] - p[i]));
                } else {
                    assertThat(out[i]).isEqualTo(p[i]);
                }
            }
            assertThat(worst).as("channels first: %s", first).isLessThan(1e-4);
        }
    }

    @Test
    void aRegionWithNoKnownNeighbourKeepsTheBaselineAndTheNoiseHasTheAskedSpread() {
        boolean[] all = new boolean[W * H];
        java.util.Arrays.fill(all, true);
        float[] p = ramps(true);
        float[] none = NoisyLinearImputer.impute(p, 2, H, W, true, all, 0, 1);
        for (float v : none) {
            assertThat(v).isZero();
        }
        float[] noisy = NoisyLinearImputer.impute(p, 2, H, W, true, all, 0.1, 42);
        double sum = 0;
        double sq = 0;
        for (float v : noisy) {
            sum += v;
            sq += v * v;
        }
        double mean = sum / noisy.length;
        double sd = Math.sqrt(sq / noisy.length - mean * mean);
        assertThat(mean).isCloseTo(0, within(0.01));
        assertThat(sd).isCloseTo(0.1, within(0.005));
        assertThat(NoisyLinearImputer.impute(p, 2, H, W, true, all, 0.1, 42)).containsExactly(noisy);
        assertThat(NoisyLinearImputer.impute(p, 2, H, W, true, new boolean[W * H], 0.1, 42)).containsExactly(p);
    }

    @Test
    void aHoleInAFlatPictureTakesTheSurroundingValueEvenAtTheBorder() {
        float[] p = new float[W * H];
        java.util.Arrays.fill(p, 5f);
        boolean[] remove = new boolean[W * H];
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 12; x++) {
                remove[y * W + x] = true; // the top-left corner
            }
        }
        float[] out = NoisyLinearImputer.impute(p, 1, H, W, true, remove, 0, 1);
        for (float v : out) {
            assertThat((double) v).isCloseTo(5, within(1e-4));
        }
    }
}
