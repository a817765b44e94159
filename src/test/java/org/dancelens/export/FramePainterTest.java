package org.dancelens.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;
import org.dancelens.core.RegionMask;
import org.dancelens.core.SkeletonSchema;
import org.dancelens.core.VideoFrame;
import org.dancelens.render.HeatMapLayer;
import org.dancelens.render.JointImportance;
import org.dancelens.render.OverlayRenderer;
import org.dancelens.render.OverlayScene;
import org.dancelens.render.Palette;
import org.dancelens.render.Viewport;
import org.junit.jupiter.api.Test;

/**
 * The export's region compositing gives the pixels of the whole-frame way (the player's overlay rendered over the
 * whole frame and laid over it), frame after frame with one painter, for dancers, boxes, names, selection, joint
 * importance, heat maps and masks, and dancers past the frame's edges.
 */
class FramePainterTest {
    private static final int W = 640;
    private static final int H = 360;

    private static VideoFrame frame(int index, Random rnd) {
        byte[] bgra = new byte[W * H * 4];
        rnd.nextBytes(bgra);
        for (int i = 3; i < bgra.length; i += 4) {
            bgra[i] = (byte) 0xff;
        }
        return new VideoFrame(index, index / 30.0, W, H, bgra);
    }

    /** A COCO-17 dancer around (cx, cy), its joints scoring 0..1 (some below the threshold). */
    private static Pose dancer(int track, float cx, float cy, float size, Random rnd, boolean mask) {
        List<Keypoint> kps = new ArrayList<>();
        float x0 = Float.MAX_VALUE;
        float y0 = Float.MAX_VALUE;
        float x1 = -Float.MAX_VALUE;
        float y1 = -Float.MAX_VALUE;
        for (int j = 0; j < 17; j++) {
            float x = cx + (rnd.nextFloat() - 0.5f) * size * 0.5f;
            float y = cy + (j / 17f - 0.5f) * size + rnd.nextFloat() * 3;
            kps.add(new Keypoint(x, y, rnd.nextFloat()));
            x0 = Math.min(x0, x);
            y0 = Math.min(y0, y);
            x1 = Math.max(x1, x);
            y1 = Math.max(y1, y);
        }
        RegionMask m = null;
        if (mask) {
            int n = 32;
            float[] v = new float[n * n];
            for (int i = 0; i < v.length; i++) {
                int a = i % n - n / 2;
                int b = i / n - n / 2;
                v[i] = Math.max(0, 1 - (float) Math.hypot(a, b) / (n / 2f)) * 1.3f;
            }
            m = new RegionMask(cx, cy, size * 1.4f, (float) (rnd.nextDouble() * Math.PI), n, v);
        }
        return new Pose(track, SkeletonSchema.COCO_17, kps, new float[] {x0 - 4, y0 - 4, x1 + 4, y1 + 4}, 0.9f, null, m);
    }

    private static HeatMapLayer heat(Random rnd, double[] region) {
        int h = 12;
        int w = 16;
        float[] v = new float[h * w];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextFloat();
        }
        return new HeatMapLayer(v, h, w, region, Palette.ColorMap.DEFAULT, 0.6);
    }

    /** Scenes one after another, as an export draws them: each differs in what and where it draws. */
    private static List<OverlayScene> scenes(Random rnd) {
        List<OverlayScene> out = new ArrayList<>();
        EnumSet<OverlayScene.Layer> skeletonBoxes = OverlayScene.layersFor(true, true, false);
        for (int k = 0; k < 4; k++) {
            List<Pose> six = new ArrayList<>();
            for (int d = 0; d < 6; d++) {
                six.add(dancer(d + 1, 60 + d * 100 + k * 3, 180 + k, 150, rnd, false));
            }
            out.add(ClipExporter.scene(W, H, six, skeletonBoxes, null, "movenet-multipose"));
        }
        // nobody (the last scene's pixels must go), then dancers past every edge
        out.add(ClipExporter.scene(W, H, List.of(), skeletonBoxes, null, null));
        out.add(ClipExporter.scene(W, H, List.of(dancer(1, 5, 20, 120, rnd, false), dancer(2, W - 3, H - 10, 160, rnd, false),
                dancer(3, W / 2f, -30, 100, rnd, false)), skeletonBoxes, null, null));
        // names alone, joints alone
        EnumSet<OverlayScene.Layer> ids = EnumSet.of(OverlayScene.Layer.IDS, OverlayScene.Layer.JOINTS);
        out.add(ClipExporter.scene(W, H, List.of(dancer(7, 300, 200, 140, rnd, false), dancer(12, 500, 100, 90, rnd, false)), ids, null, "blazepose-full"));
        // masks, rotated, one reaching past the frame
        EnumSet<OverlayScene.Layer> masks = OverlayScene.layersFor(true, true, true);
        out.add(ClipExporter.scene(W, H, List.of(dancer(1, 200, 180, 200, rnd, true), dancer(2, 600, 300, 180, rnd, true)), masks, null, "blazepose-full"));
        out.add(ClipExporter.scene(W, H, List.of(dancer(3, 100, 100, 120, rnd, true)), masks, null, "blazepose-full"));
        // heat maps: a part of the frame, then one reaching past it, then the whole frame with dancers
        EnumSet<OverlayScene.Layer> heatLayers = OverlayScene.layersFor(true, true, false);
        heatLayers.add(OverlayScene.Layer.HEAT_MAP);
        out.add(ClipExporter.scene(W, H, List.of(dancer(1, 320, 180, 150, rnd, false)), heatLayers, heat(rnd, new double[] {0.2, 0.3, 0.7, 0.6}), null));
        out.add(ClipExporter.scene(W, H, List.of(), heatLayers, heat(rnd, new double[] {-0.1, 0.5, 0.6, 1.2}), null));
        out.add(ClipExporter.scene(W, H, List.of(dancer(2, 100, 180, 150, rnd, false)), heatLayers, heat(rnd, new double[] {0, 0, 1, 1}), null));
        // a selected dancer and joint importance (the player's, drawn the same way)
        Pose sel = dancer(4, 400, 200, 160, rnd, false);
        out.add(ClipExporter.scene(W, H, List.of(sel), skeletonBoxes, null, null).withSelectedTrack(4)
                .withJointImportance(new JointImportance(4, Map.of("left_wrist", 1f, "nose", 0.5f)))
                .withLayers(EnumSet.of(OverlayScene.Layer.SKELETONS, OverlayScene.Layer.BOXES, OverlayScene.Layer.JOINT_IMPORTANCE)));
        out.add(ClipExporter.scene(W, H, List.of(dancer(5, 50, 50, 60, rnd, false)), skeletonBoxes, null, null));
        return out;
    }

    @Test
    void theRegionWayGivesThePixelsOfTheWholeFrameWayFrameAfterFrame() {
        Random rnd = new Random(15);
        FramePainter painter = new FramePainter();
        List<OverlayScene> scenes = scenes(rnd);
        for (int k = 0; k < scenes.size(); k++) {
            OverlayScene scene = scenes.get(k);
            VideoFrame f = frame(k, rnd);
            int[] expected = wholeFrame(f, scene);
            ByteBuffer got = painter.paint(f, scene, null, ByteBuffer.allocateDirect(W * H * 4));
            int differ = 0;
            int overlaid = 0;
            for (int i = 0; i < expected.length; i++) {
                int rgb = (got.get(4 * i + 2) & 0xff) << 16 | (got.get(4 * i + 1) & 0xff) << 8 | got.get(4 * i) & 0xff;
                if (rgb != expected[i]) {
                    differ++;
                }
                if (expected[i] != ((f.bgra()[4 * i + 2] & 0xff) << 16 | (f.bgra()[4 * i + 1] & 0xff) << 8 | f.bgra()[4 * i] & 0xff)) {
                    overlaid++;
                }
            }
            assertThat(differ).as("pixels that differ from the whole-frame way in scene %d", k).isZero();
            if (!scene.poses().isEmpty() || scene.heatMap() != null) {
                assertThat(overlaid).as("pixels the overlay changed in scene %d", k).isPositive();
            }
        }
        // it did draw less: the region is a part of the frames
        assertThat(painter.blended).isLessThan(painter.painted * W * H);
    }

    @Test
    void aFrameWithMoreDrawnOverThePictureTakesTheWholeFrameWay() {
        Random rnd = new Random(16);
        FramePainter painter = new FramePainter();
        List<OverlayScene> scenes = scenes(rnd);
        for (int k = 0; k < 3; k++) {
            OverlayScene scene = scenes.get(k);
            VideoFrame f = frame(k, rnd);
            int[] expected = wholeFrame(f, scene);
            BufferedImage check = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
            int[] cp = ((DataBufferInt) check.getRaster().getDataBuffer()).getData();
            System.arraycopy(expected, 0, cp, 0, expected.length);
            ClipExporter.drawLabels(check, Map.of(-1, "salsa 0.87"), scene.poses());
            ByteBuffer got = painter.paint(f, scene, pic -> ClipExporter.drawLabels(pic, Map.of(-1, "salsa 0.87"), scene.poses()), ByteBuffer.allocateDirect(W * H * 4));
            for (int i = 0; i < cp.length; i++) {
                assertThat(got.getInt(4 * i) & 0xffffff).as("pixel %d of scene %d", i, k).isEqualTo(cp[i] & 0xffffff);
            }
            assertThat(cp).isNotEqualTo(expected);
        }
    }

    @Test
    void theBoundsHoldEveryPixelTheRendererDraws() {
        Random rnd = new Random(17);
        OverlayRenderer r = new OverlayRenderer();
        for (OverlayScene scene : scenes(rnd)) {
            Viewport vp = Viewport.frame(W, H);
            BufferedImage img = r.render(scene, vp);
            int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
            Rectangle b = OverlayRenderer.bounds(scene, vp);
            int drawn = 0;
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    if (px[y * W + x] != 0) {
                        drawn++;
                        assertThat(b.contains(x, y)).as("drawn pixel (%d, %d) inside %s", x, y, b).isTrue();
                    }
                }
            }
            assertThat(drawn == 0).isEqualTo(scene.poses().isEmpty() && scene.heatMap() == null);
        }
    }

    /** The pixels of the whole-frame way: the overlay rendered over the whole frame and laid over it. */
    private static int[] wholeFrame(VideoFrame f, OverlayScene scene) {
        BufferedImage ov = new OverlayRenderer().render(scene, Viewport.frame(W, H));
        int[] out = new int[W * H];
        ClipExporter.composite(f, ((DataBufferInt) ov.getRaster().getDataBuffer()).getData(), out);
        // the renderer's own compositing (Java2D) agrees with it
        int[] java2d = ((DataBufferInt) OverlayRenderer.composite(f, ov).getRaster().getDataBuffer()).getData();
        assertThat(java2d).isEqualTo(out);
        return out;
    }

    /**
     * The YUV way: the composited rectangle holds every pixel the overlay draws and the planes there hold the overlay laid
     * over the frame in YUV (the exact composite within one level; the BGRA way's composite converted to YUV but for a
     * few samples whose 8-bit RGB round trip clamps); the decoder's planes pass untouched wherever the overlay drew
     * nothing, and what it covered decodes to its colours; frame after frame with one painter, on real footage.
     */
    @Test
    void theYuvWayKeepsThePlanesOutsideTheRectangleAndCompositesThePlayersPixelsInside() {
        Random rnd = new Random(16);
        List<OverlayScene> scenes = scenes(rnd);
        List<org.dancelens.video.YuvFrame> frames = new ArrayList<>();
        try (org.dancelens.video.VideoSource src = org.dancelens.video.VideoSource.open(org.dancelens.testsupport.TestMedia.realFootage("vtest.avi"))) {
            src.readPictures(0, scenes.size(), new org.dancelens.video.VideoSource.PictureSink() {
                @Override
                public boolean planes(org.dancelens.video.YuvFrame f) {
                    return frames.add(cut(f));
                }

                @Override
                public boolean bgra(VideoFrame f) {
                    throw new AssertionError("vtest.avi is 4:2:0");
                }
            }, org.dancelens.testsupport.TestMedia.NO_DAMAGE, org.dancelens.core.TaskContext.NONE);
        }
        FramePainter yuv = new FramePainter();
        FramePainter bgra = new FramePainter();
        org.dancelens.video.YuvRegion region = new org.dancelens.video.YuvRegion();
        int maxLuma = 0;
        int maxChroma = 0;
        int samples = 0;
        int far = 0;
        try {
            for (int k = 0; k < scenes.size(); k++) {
                OverlayScene scene = scenes.get(k);
                org.dancelens.video.YuvFrame y = frames.get(k);
                VideoFrame f = bgra.toFrame(y);
                ByteBuffer expected = bgra.paint(f, scene, null, ByteBuffer.allocateDirect(W * H * 4));
                ByteBuffer got = yuv.paintYuv(y, scene, ByteBuffer.allocateDirect(y.sizeBytes()));
                Rectangle r = yuv.lastRegion;
                Rectangle drawn = OverlayRenderer.bounds(scene, Viewport.frame(W, H));
                assertThat(r.union(drawn)).as("scene %d: the composited rectangle holds what the overlay draws", k).isEqualTo(r.isEmpty() ? drawn : r);
                assertThat(r.x % 2 + r.y % 2 + r.width % 2 + r.height % 2).isZero();
                // where the overlay drew, the planes hold the BGRA way's composite converted to YUV: the luma of each
                // touched pixel, the chroma of each touched block (the mean of its four pixels), with the frame's matrix
                int[] worst = compositeError(y, expected, got, yuv.overlayPixels());
                maxLuma = Math.max(maxLuma, worst[0]);
                maxChroma = Math.max(maxChroma, worst[1]);
                samples += worst[2];
                far += worst[3];
                // a 2x2 block the overlay drew nothing in keeps the decoder's values; one it covered with one opaque colour
                // decodes to that colour (within the rounding of RGB to YUV and back)
                int[] ov = yuv.overlayPixels();
                byte[] back = new byte[W * H * 4];
                byte[] gy = new byte[W * H];
                byte[] gu = new byte[W * H / 4];
                byte[] gv = new byte[W * H / 4];
                got.get(0, gy).get(W * H, gu).get(W * H + W * H / 4, gv);
                region.toBgra(new org.dancelens.video.YuvFrame(k, 0, W, H, gy, gu, gv, y.coefficients(), y.fullRange()), new Rectangle(0, 0, W, H), back);
                int covered = 0;
                for (int by = 0; by < H; by += 2) {
                    for (int bx = 0; bx < W; bx += 2) {
                        int[] c = {ov[by * W + bx], ov[by * W + bx + 1], ov[(by + 1) * W + bx], ov[(by + 1) * W + bx + 1]};
                        int ci = by / 2 * (W / 2) + bx / 2;
                        if ((c[0] | c[1] | c[2] | c[3]) >>> 24 == 0) {
                            for (int i : new int[] {by * W + bx, by * W + bx + 1, (by + 1) * W + bx, (by + 1) * W + bx + 1}) {
                                assertThat(gy[i]).as("Y at %d, scene %d, no overlay", i, k).isEqualTo(y.y()[i]);
                            }
                            assertThat(gu[ci]).isEqualTo(y.u()[ci]);
                            assertThat(gv[ci]).isEqualTo(y.v()[ci]);
                        } else if (c[0] >>> 24 == 0xff && c[0] == c[1] && c[0] == c[2] && c[0] == c[3]) {
                            covered++;
                            int o = 4 * (by * W + bx);
                            assertThat(back[o + 2] & 0xff).as("red at %d,%d, scene %d", bx, by, k).isCloseTo(c[0] >> 16 & 0xff, org.assertj.core.data.Offset.offset(4));
                            assertThat(back[o + 1] & 0xff).as("green at %d,%d, scene %d", bx, by, k).isCloseTo(c[0] >> 8 & 0xff, org.assertj.core.data.Offset.offset(4));
                            assertThat(back[o] & 0xff).as("blue at %d,%d, scene %d", bx, by, k).isCloseTo(c[0] & 0xff, org.assertj.core.data.Offset.offset(4));
                        }
                    }
                }
                if (!scene.poses().isEmpty() && scene.layers().contains(OverlayScene.Layer.SKELETONS)) {
                    assertThat(covered).as("blocks covered by one opaque colour in scene %d", k).isPositive();
                }
            }
            assertThat(yuv.blended).isLessThan(yuv.painted * W * H);
            // the YUV way skips the frame's round trip through 8-bit RGB: translucent edges may differ by its rounding
            // the planes hold the exact composite in YUV, within the rounding of the fixed-point arithmetic
            assertThat(maxLuma).as("largest luma difference from the exact composite").isLessThanOrEqualTo(1);
            assertThat(maxChroma).as("largest chroma difference from the exact composite").isLessThanOrEqualTo(1);
            // the player composites in 8-bit RGB, where colours of the frame outside RGB are clamped and every channel
            // rounded: the YUV way skips that round trip, so a few samples under translucent overlay differ from it
            // (1.2 % of them by more than 2 levels on these scenes, mostly under the heat maps)
            assertThat(samples).isPositive();
            assertThat((double) far / samples).as("share of samples more than 2 levels from the player's composite").isLessThan(0.02);
        } finally {
            yuv.close();
            bgra.close();
            region.close();
        }
    }

    /**
     * How the planes {@code got} hold the composite where the overlay drew (the luma of every pixel it touched, the
     * chroma of every 2x2 block holding such a pixel): {largest luma difference, largest chroma difference} from the
     * exact composite in YUV (the frame's planes, the overlay's premultiplied colours, in doubles), then the samples
     * compared and those more than 2 levels from the BGRA way's composite {@code expected} converted to YUV.
     */
    private static int[] compositeError(org.dancelens.video.YuvFrame f, ByteBuffer expected, ByteBuffer got, int[] ov) {
        double[] m = YuvMatrix.of(f.coefficients(), f.fullRange());
        double kr = m[0];
        double kb = m[1];
        double kg = 1 - kr - kb;
        double cb = m[4] / (2 * (1 - kb));
        double cr = m[4] / (2 * (1 - kr));
        int luma = 0;
        int chroma = 0;
        int samples = 0;
        int far = 0;
        for (int by = 0; by < H; by += 2) {
            for (int bx = 0; bx < W; bx += 2) {
                int c = by / 2 * (W / 2) + bx / 2;
                double sumB = 0;
                double sumR = 0;
                double exactU = 0;
                double exactV = 0;
                boolean touched = false;
                for (int d = 0; d < 4; d++) {
                    int i = (by + d / 2) * W + bx + d % 2;
                    double b = expected.get(4 * i) & 0xff;
                    double g = expected.get(4 * i + 1) & 0xff;
                    double r = expected.get(4 * i + 2) & 0xff;
                    double l = kr * r + kg * g + kb * b;
                    sumB += b - l;
                    sumR += r - l;
                    int a = ov[i] >>> 24;
                    double keep = (255 - a) / 255.0;
                    double ob = ov[i] & 0xff;
                    double og = ov[i] >> 8 & 0xff;
                    double or = ov[i] >> 16 & 0xff;
                    double ol = kr * or + kg * og + kb * ob;
                    exactU += cb * (ob - ol) + keep * ((f.u()[c] & 0xff) - 128);
                    exactV += cr * (or - ol) + keep * ((f.v()[c] & 0xff) - 128);
                    if (a != 0) {
                        touched = true;
                        int y = got.get(i) & 0xff;
                        luma = Math.max(luma, (int) Math.abs(y - Math.round(m[3] + m[2] * ol + keep * ((f.y()[i] & 0xff) - m[3]))));
                        samples++;
                        far += Math.abs(y - Math.round(m[3] + m[2] * l)) > 2 ? 1 : 0;
                    }
                }
                if (touched) {
                    int u = got.get(W * H + c) & 0xff;
                    int v = got.get(W * H + W * H / 4 + c) & 0xff;
                    chroma = (int) Math.max(chroma, Math.max(Math.abs(u - Math.round(128 + exactU / 4)), Math.abs(v - Math.round(128 + exactV / 4))));
                    samples += 2;
                    far += Math.abs(u - Math.round(128 + cb * sumB / 4)) > 2 ? 1 : 0;
                    far += Math.abs(v - Math.round(128 + cr * sumR / 4)) > 2 ? 1 : 0;
                }
            }
        }
        return new int[] {luma, chroma, samples, far};
    }

    /** The top-left W x H of a frame's planes (the scenes are laid out for W x H). */
    private static org.dancelens.video.YuvFrame cut(org.dancelens.video.YuvFrame f) {
        byte[] y = new byte[W * H];
        byte[] u = new byte[W * H / 4];
        byte[] v = new byte[W * H / 4];
        for (int row = 0; row < H; row++) {
            System.arraycopy(f.y(), row * f.width(), y, row * W, W);
        }
        for (int row = 0; row < H / 2; row++) {
            System.arraycopy(f.u(), row * f.width() / 2, u, row * W / 2, W / 2);
            System.arraycopy(f.v(), row * f.width() / 2, v, row * W / 2, W / 2);
        }
        return new org.dancelens.video.YuvFrame(f.index(), f.timeSeconds(), W, H, y, u, v, f.coefficients(), f.fullRange());
    }
}
