package org.dancelens.video;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Rectangle;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dancelens.core.TaskContext;
import org.dancelens.core.VideoFrame;
import org.dancelens.testsupport.RealClips;
import org.dancelens.testsupport.TestMedia;
import org.junit.jupiter.api.Test;

/**
 * The video core's planes ({@link VideoSource#readPictures}) and their conversion by rectangle ({@link YuvRegion}) give
 * the BGRA pixels {@link VideoSource#read} gives for the same frames, the whole frame and any even rectangle of it; and
 * a rectangle written back changes the planes there alone.
 */
class YuvRegionTest {
    /** Rectangles on multiples of 16 across, a multiple of 16 wide or reaching the right edge (768 x 576 frames). */
    private static final List<Rectangle> RECTS = List.of(new Rectangle(0, 0, 16, 2), new Rectangle(32, 4, 48, 18), new Rectangle(96, 50, 304, 200),
            new Rectangle(768 - 144, 576 - 62, 144, 62), new Rectangle(0, 300, 768, 10), new Rectangle(416, 0, 16, 576), new Rectangle(752, 2, 16, 8));

    /** Frames of both kinds read from {@code video}. */
    private static void read(Path video, int from, int to, List<YuvFrame> planes, List<VideoFrame> bgra) {
        try (VideoSource src = VideoSource.open(video)) {
            src.read(from, to, f -> bgra.add(f), TestMedia.NO_DAMAGE, TaskContext.NONE);
            src.readPictures(from, to, new VideoSource.PictureSink() {
                @Override
                public boolean planes(YuvFrame f) {
                    return planes.add(f);
                }

                @Override
                public boolean bgra(VideoFrame f) {
                    throw new AssertionError("a 4:2:0 frame came as BGRA: " + f.index());
                }
            }, TestMedia.NO_DAMAGE, TaskContext.NONE);
        }
    }

    @Test
    void everyRectangleOfThePlanesConvertsToTheVideoCoresPixels() {
        for (Path video : List.of(TestMedia.realFootage("vtest.avi"), RealClips.vtest(100, 6))) {
            List<YuvFrame> planes = new ArrayList<>();
            List<VideoFrame> bgra = new ArrayList<>();
            read(video, 0, 6, planes, bgra);
            assertThat(planes).hasSize(6);
            assertThat(bgra).hasSize(6);
            try (YuvRegion region = new YuvRegion()) {
                for (int k = 0; k < planes.size(); k++) {
                    YuvFrame y = planes.get(k);
                    VideoFrame f = bgra.get(k);
                    assertThat(y.index()).isEqualTo(f.index());
                    assertThat(y.timeSeconds()).isEqualTo(f.timeSeconds());
                    byte[] whole = new byte[f.bgra().length];
                    region.toBgra(y, new Rectangle(0, 0, y.width(), y.height()), whole);
                    assertThat(whole).as("frame %d of %s, whole", k, video.getFileName()).isEqualTo(f.bgra());
                    for (Rectangle r : RECTS) {
                        byte[] got = new byte[r.width * r.height * 4];
                        region.toBgra(y, r, got);
                        assertThat(got).as("frame %d of %s, %s", k, video.getFileName(), r).isEqualTo(crop(f, r));
                    }
                }
            }
        }
    }

    @Test
    void aRectangleWrittenBackChangesThePlanesThereAlone() {
        List<YuvFrame> planes = new ArrayList<>();
        read(TestMedia.realFootage("vtest.avi"), 10, 12, planes, new ArrayList<>());
        try (YuvRegion region = new YuvRegion()) {
            for (YuvFrame y : planes) {
                int w = y.width();
                int h = y.height();
                ByteBuffer buf = ByteBuffer.allocateDirect(y.sizeBytes());
                buf.put(0, y.y()).put(w * h, y.u()).put(w * h + w * h / 4, y.v());
                Rectangle r = new Rectangle(96, 50, 304, 200);
                byte[] px = new byte[r.width * r.height * 4];
                region.toBgra(y, r, px);
                // the pixels as they are: back to nearly the same planes (RGB to YUV rounds)
                region.fromBgr0(px, r, w, h, y.coefficients(), y.fullRange(), buf);
                int maxDiff = 0;
                int[] hist = new int[256];
                for (int row = 0; row < h; row++) {
                    for (int col = 0; col < w; col++) {
                        int i = row * w + col;
                        int d = Math.abs((buf.get(i) & 0xff) - (y.y()[i] & 0xff));
                        if (r.contains(col, row)) {
                            maxDiff = Math.max(maxDiff, d);
                            hist[d]++;
                        } else {
                            assertThat(d).as("Y at %d,%d outside the rectangle", col, row).isZero();
                        }
                    }
                }
                // RGB to YUV rounds (within 2); YUV values no RGB colour has (below black, beyond the gamut: the footage's
                // noise) come back clipped, a few in a thousand here
                int near = hist[0] + hist[1] + hist[2];
                assertThat(near).as("Y inside the rectangle within 2 after RGB and back (max %d)", maxDiff).isGreaterThan(r.width * r.height * 99 / 100);
                for (int row = 0; row < h / 2; row++) {
                    for (int col = 0; col < w / 2; col++) {
                        if (!r.contains(2 * col, 2 * row)) {
                            int i = row * (w / 2) + col;
                            assertThat(buf.get(w * h + i)).isEqualTo(y.u()[i]);
                            assertThat(buf.get(w * h + w * h / 4 + i)).isEqualTo(y.v()[i]);
                        }
                    }
                }
                // black written in: the rectangle's Y is black (16, limited range) and the rest untouched
                java.util.Arrays.fill(px, (byte) 0);
                region.fromBgr0(px, r, w, h, y.coefficients(), y.fullRange(), buf);
                assertThat(buf.get(r.y * w + r.x) & 0xff).isEqualTo(y.fullRange() ? 0 : 16);
                assertThat(buf.get((r.y + r.height - 1) * w + r.x + r.width - 1) & 0xff).isEqualTo(y.fullRange() ? 0 : 16);
                assertThat(buf.get(r.y * w + r.x - 1)).isEqualTo(y.y()[r.y * w + r.x - 1]);
            }
        }
    }

    private static byte[] crop(VideoFrame f, Rectangle r) {
        byte[] out = new byte[r.width * r.height * 4];
        for (int y = 0; y < r.height; y++) {
            System.arraycopy(f.bgra(), ((r.y + y) * f.width() + r.x) * 4, out, y * r.width * 4, r.width * 4);
        }
        return out;
    }
}
