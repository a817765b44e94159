package org.dancelens.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.dancelens.core.VideoFrame;
import org.dancelens.render.HeatMapLayer;
import org.dancelens.render.OverlayRenderer;
import org.dancelens.render.OverlayScene;
import org.dancelens.render.Palette;
import org.dancelens.render.Viewport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The heat-map PNG is the frame with the renderer's heat-map layer over it. */
class HeatMapExportTest {
    @TempDir
    Path dir;

    /** A 80 x 60 frame of one grey (BGRA 90, 90, 90). */
    static VideoFrame grey() {
        byte[] bgra = new byte[80 * 60 * 4];
        for (int i = 0; i < bgra.length; i += 4) {
            bgra[i] = 90;
            bgra[i + 1] = 90;
            bgra[i + 2] = 90;
            bgra[i + 3] = (byte) 255;
        }
        return new VideoFrame(0, 0, 80, 60, bgra);
    }

    @Test
    void thePngShowsTheMapInItsRegionBlendedOverTheFrame() throws Exception {
        float[] map = new float[9];
        java.util.Arrays.fill(map, 1f);
        // the right half of the frame, rows 15 to 45
        HeatMapLayer heat = new HeatMapLayer(map, 3, 3, new double[] {0.25, 0.5, 0.75, 1.0}, Palette.ColorMap.JET, 0.5);
        VideoFrame f = grey();
        BufferedImage img = HeatMapExport.overlay(f, heat);
        HeatMapExport.png(img, dir.resolve("frame.png"));
        BufferedImage png = ImageIO.read(dir.resolve("frame.png").toFile());
        assertThat(png.getWidth()).isEqualTo(80);
        assertThat(png.getHeight()).isEqualTo(60);
        // outside the region: the frame, untouched
        assertThat(png.getRGB(10, 30) & 0xffffff).isEqualTo(0x5a5a5a);
        assertThat(png.getRGB(60, 5) & 0xffffff).isEqualTo(0x5a5a5a);
        // inside: half the frame's grey, half jet(1) = (128, 0, 0)
        int c = png.getRGB(60, 30);
        int jet = Palette.ColorMap.JET.rgb(1);
        assertThat(c >> 16 & 0xff).isCloseTo((90 + (jet >> 16 & 0xff)) / 2, org.assertj.core.data.Offset.offset(2));
        assertThat(c >> 8 & 0xff).isCloseTo(45, org.assertj.core.data.Offset.offset(2));
        assertThat(c & 0xff).isCloseTo(45, org.assertj.core.data.Offset.offset(2));
        // and it is exactly the renderer's overlay of that scene laid over the frame
        BufferedImage rendered = OverlayRenderer.composite(f, new OverlayRenderer().render(OverlayScene.of(80, 60).withHeatMap(heat), Viewport.frame(80, 60)));
        for (int y = 0; y < 60; y++) {
            for (int x = 0; x < 80; x++) {
                assertThat(png.getRGB(x, y)).isEqualTo(rendered.getRGB(x, y));
            }
        }
    }
}
