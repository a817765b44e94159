package org.dancelens.video;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Rectangle;
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
 * the BGRA pixels {@link VideoSource#read} gives for the same frames, the whole frame and any rectangle of it on the
 * runs swscale converts in.
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

    private static byte[] crop(VideoFrame f, Rectangle r) {
        byte[] out = new byte[r.width * r.height * 4];
        for (int y = 0; y < r.height; y++) {
            System.arraycopy(f.bgra(), ((r.y + y) * f.width() + r.x) * 4, out, y * r.width * 4, r.width * 4);
        }
        return out;
    }
}
