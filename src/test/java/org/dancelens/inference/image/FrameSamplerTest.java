package org.dancelens.inference.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.dancelens.core.VideoFrame;
import org.junit.jupiter.api.Test;

/** The sampling geometry: crop_and_resize's corner-aligned grid, bilinear weights, black outside, the rotated square. */
class FrameSamplerTest {

    /** A frame whose pixel (x, y) has R = 10x + y, G = 100 + x, B = 200 + y. */
    static VideoFrame coded(int w, int h) {
        byte[] px = new byte[w * h * 4];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int o = (y * w + x) * 4;
                px[o] = (byte) (200 + y);
                px[o + 1] = (byte) (100 + x);
                px[o + 2] = (byte) (10 * x + y);
                px[o + 3] = (byte) 255;
            }
        }
        return new VideoFrame(0, 0, w, h, px);
    }

    private static double[][] sample(VideoFrame f, double y0, double x0, double y1, double x1, int w, int h) {
        double[][] rgb = new double[w * h][];
        FrameSampler.crop(f, y0, x0, y1, x1, w, h, (p, r, g, b) -> rgb[p] = new double[] {r, g, b});
        return rgb;
    }

    @Test
    void theWholeFrameAtItsOwnSizeReadsEveryPixelExactly() {
        VideoFrame f = coded(5, 3);
        double[][] rgb = sample(f, 0, 0, 1, 1, 5, 3);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 5; x++) {
                assertThat(rgb[y * 5 + x]).containsExactly(10 * x + y, 100 + x, 200 + y);
            }
        }
    }

    @Test
    void cornersAreAlignedAndInBetweenIsBilinear() {
        VideoFrame f = coded(5, 3);
        // 3 x 2 outputs over the whole 5 x 3 frame: x = 0, 2, 4 and y = 0, 2 (corner-aligned, as crop_and_resize).
        double[][] rgb = sample(f, 0, 0, 1, 1, 3, 2);
        assertThat(rgb[1]).containsExactly(20, 102, 200);
        assertThat(rgb[5]).containsExactly(42, 104, 202);
        // The region [0.25, 0.125] to [0.75, 0.375] on one output pixel reads its centre: x = 0.25 * 4 = 1, y = 0.5 * 2 = 1.
        assertThat(sample(f, 0.25, 0.125, 0.75, 0.375, 1, 1)[0]).containsExactly(11, 101, 201);
        // x = 0.5, y = 0.25: the four neighbours weighted (1 - ax)(1 - ay) ...
        double[] v = sample(f, 0.125, 0.125, 0.125, 0.125, 1, 1)[0];
        double r = 0.75 * (0.5 * 0 + 0.5 * 10) + 0.25 * (0.5 * 1 + 0.5 * 11);
        assertThat(v[0]).isCloseTo(r, within(1e-12));
        assertThat(v[1]).isCloseTo(100.5, within(1e-12));
        assertThat(v[2]).isCloseTo(200.25, within(1e-12));
    }

    @Test
    void outsideTheFrameIsBlack() {
        VideoFrame f = coded(5, 3);
        // From one frame width left of the frame to its right edge, 3 outputs: x = -4, 0, 4.
        double[][] rgb = sample(f, 0, -1, 1, 1, 3, 1);
        assertThat(rgb[0]).containsExactly(0, 0, 0);
        assertThat(rgb[1][2]).isEqualTo(201); // one output row reads the middle row, y = 1
        assertThat(rgb[2][0]).isEqualTo(41);
    }

    @Test
    void theRotatedSquareReadsPixelCentresTurnedClockwise() {
        VideoFrame f = coded(6, 6);
        // a square of side 4 around the frame's centre (3, 3): frame pixels 1..4
        double[][] up = new double[16][];
        FrameSampler.rotated(f, 3, 3, 4, 0, 4, (p, r, g, b) -> up[p] = new double[] {r, g, b});
        double[][] turned = new double[16][];
        FrameSampler.rotated(f, 3, 3, 4, Math.PI / 2, 4, (p, r, g, b) -> turned[p] = new double[] {r, g, b});
        for (int j = 0; j < 4; j++) {
            for (int i = 0; i < 4; i++) {
                // upright: output (i, j) is frame pixel (1 + i, 1 + j)
                assertThat(up[j * 4 + i]).containsExactly(10 * (1 + i) + 1 + j, 101 + i, 201 + j);
                // a quarter turn: output (i, j) reads frame pixel (4 - j, 1 + i)
                assertThat(turned[j * 4 + i][0]).isCloseTo(10 * (4 - j) + 1 + i, within(1e-9));
                assertThat(turned[j * 4 + i][1]).isCloseTo(100 + 4 - j, within(1e-9));
                assertThat(turned[j * 4 + i][2]).isCloseTo(201 + i, within(1e-9));
            }
        }
        // the part of a square past the frame's edge is black
        double[][] edge = new double[16][];
        FrameSampler.rotated(f, 0, 0, 4, 0, 4, (p, r, g, b) -> edge[p] = new double[] {r, g, b});
        assertThat(edge[0]).containsExactly(0, 0, 0);
        assertThat(edge[3 * 4 + 3]).containsExactly(11, 101, 201);
    }
}
