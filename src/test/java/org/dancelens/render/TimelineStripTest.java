package org.dancelens.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineStripTest {
    static final int FRAMES = 100;
    static final int W = 504;
    static final int H = TimelineStrip.height(2, 36);

    /** Two lanes of a six-label model: "krump" (the model's 6th label) above "ballet" (its 1st); krump unscored on 40-59. */
    static TimelineStrip.Lanes lanes() {
        float[] krump = new float[FRAMES];
        float[] ballet = new float[FRAMES];
        for (int f = 0; f < FRAMES; f++) {
            krump[f] = f >= 40 && f < 60 ? Float.NaN : 0.8f;
            ballet[f] = 0.2f;
        }
        return new TimelineStrip.Lanes("cnn · whole frame", List.of("krump", "ballet"), new float[][] {krump, ballet},
                List.of("ballet", "jazz", "waltz", "tango", "salsa", "krump"), List.of(new int[] {0, 49, 5}, new int[] {50, 99, 0}));
    }

    @Test
    void eachLaneHasItsLabelsColourByItsPlaceInTheModelsLabels() {
        BufferedImage img = new TimelineStrip(lanes(), 0, FRAMES, W, H).picture(-1);
        int krumpRow = row(img, Palette.category(5), TimelineStrip.TITLE, TimelineStrip.TITLE + 36);
        int balletRow = row(img, Palette.category(0), TimelineStrip.TITLE + 36, TimelineStrip.TITLE + 72);
        assertTrue(krumpRow >= 0, "krump's colour in the first lane");
        assertTrue(balletRow >= 0, "ballet's colour in the second lane");
        assertTrue(row(img, Palette.category(1), TimelineStrip.TITLE, TimelineStrip.TITLE + 36) < 0, "not the colour of the lane's place");
        // krump: 0.8 high in its lane (above the middle), ballet 0.2 low in its own
        assertTrue(krumpRow < TimelineStrip.TITLE + 18, "krump at row " + krumpRow);
        assertTrue(balletRow > TimelineStrip.TITLE + 36 + 18, "ballet at row " + balletRow);
        // frames 40-59 are unscored: no krump colour in their columns (away from the gap's ends)
        TimelineStrip s = new TimelineStrip(lanes(), 0, FRAMES, W, H);
        for (int x = (int) Math.ceil(s.xOf(42)); x < (int) s.xOf(58); x++) {
            for (int y = TimelineStrip.TITLE; y < TimelineStrip.TITLE + 36; y++) {
                assertTrue(!close(img.getRGB(x, y), Palette.category(5), 30), "krump colour at " + x + "," + y + " in the gap");
            }
        }
    }

    @Test
    void thePlayheadIsTwoColumnsAtTheFramesMiddleAndNothingOutsideTheFramesShown() {
        TimelineStrip s = new TimelineStrip(lanes(), 20, 70, W, H);
        BufferedImage none = s.picture(-1);
        assertTrue(same(none, s.picture(19)), "before the frames shown: no playhead");
        assertTrue(same(none, s.picture(70)), "after them: none");
        int last = -1;
        for (int f = 20; f < 70; f += 7) {
            BufferedImage img = s.picture(f);
            int x = s.playheadColumn(f);
            assertEquals(0, x % 2);
            assertTrue(x <= s.xOf(f + 0.5) && s.xOf(f + 0.5) < x + 2, "frame " + f + "'s middle in columns " + x + ", " + (x + 1));
            for (int y = 0; y < H; y++) {
                assertEquals(TimelineStrip.PLAYHEAD.getRGB(), img.getRGB(x, y));
                assertEquals(TimelineStrip.PLAYHEAD.getRGB(), img.getRGB(x + 1, y));
            }
            assertEquals(none.getRGB(x + 2, 30), img.getRGB(x + 2, 30), "nothing else changes");
            assertTrue(x > last);
            last = x;
        }
    }

    @Test
    void drawnOnAnyGraphicsTheSameWay() {
        // the lanes and the playhead drawn apart (as the clips do) give the picture's pixels
        TimelineStrip s = new TimelineStrip(lanes(), 0, FRAMES, W, H);
        BufferedImage apart = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = apart.createGraphics();
        s.drawLanes(g);
        g.dispose();
        BufferedImage copy = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        g = copy.createGraphics();
        g.drawImage(apart, 0, 0, null);
        s.drawPlayhead(g, 33);
        g.dispose();
        assertTrue(same(s.picture(33), copy));
    }

    @Test
    void minMaxPerColumnAndBadSizes() {
        float[] v = {0.1f, 0.5f, Float.NaN, Float.NaN, 0.9f, 0.3f};
        float[][] mm = TimelineStrip.minMax(v, 3);
        assertEquals("[0.1, NaN, 0.3]", Arrays.toString(mm[0]));
        assertEquals("[0.5, NaN, 0.9]", Arrays.toString(mm[1]));
        assertThrows(IllegalArgumentException.class, () -> new TimelineStrip(lanes(), 10, 10, W, H));
        assertThrows(IllegalArgumentException.class, () -> new TimelineStrip(lanes(), 0, 10, TimelineStrip.LABEL_W, H));
        assertEquals(0, TimelineStrip.height(3, 17) % 2);
    }

    /** The first row in {@code [y0, y1)} holding the colour in the plot, or -1. */
    private static int row(BufferedImage img, int argb, int y0, int y1) {
        for (int y = y0; y < y1; y++) {
            for (int x = TimelineStrip.LABEL_W + 2; x < img.getWidth(); x++) {
                if (close(img.getRGB(x, y), argb, 12)) {
                    return y;
                }
            }
        }
        return -1;
    }

    private static boolean same(BufferedImage a, BufferedImage b) {
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean close(int a, int b, int tol) {
        for (int s = 0; s <= 16; s += 8) {
            if (Math.abs((a >> s & 0xff) - (b >> s & 0xff)) > tol) {
                return false;
            }
        }
        return true;
    }
}
