package org.dancelens.export;

import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_BT2020;
import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_FCC;
import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_ITU709;
import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_SMPTE240M;

/** The RGB-to-YUV constants of the video core's YUV matrices (swscale's {@code SWS_CS_*}) and ranges. */
final class YuvMatrix {
    private YuvMatrix() {
    }

    /**
     * @return {Kr, Kb, luma scale, luma offset, chroma scale}: Y = offset + scale x (Kr R + (1 - Kr - Kb) G + Kb B),
     *     U = 128 + chroma scale x (B - Y') / (2 (1 - Kb)), V likewise with R and Kr
     */
    static double[] of(int coefficients, boolean fullRange) {
        double kr;
        double kb;
        switch (coefficients) {
            case SWS_CS_ITU709 -> {
                kr = 0.2126;
                kb = 0.0722;
            }
            case SWS_CS_FCC -> {
                kr = 0.30;
                kb = 0.11;
            }
            case SWS_CS_SMPTE240M -> {
                kr = 0.212;
                kb = 0.087;
            }
            case SWS_CS_BT2020 -> {
                kr = 0.2627;
                kb = 0.0593;
            }
            default -> { // SWS_CS_ITU601, SMPTE170M and the default
                kr = 0.299;
                kb = 0.114;
            }
        }
        return fullRange ? new double[] {kr, kb, 1, 0, 1} : new double[] {kr, kb, 219.0 / 255, 16, 224.0 / 255};
    }
}
