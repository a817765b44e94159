package org.dancelens.pose;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.dancelens.classify.ImageRecipe;
import org.dancelens.core.VideoFrame;
import org.dancelens.inference.ModelCard;
import org.dancelens.inference.TensorData;
import org.dancelens.inference.image.ImageInput;
import org.junit.jupiter.api.Test;

/**
 * Transitional check while the three old pre-processing types still exist: the new {@link ImageInput} gives
 * bit-for-bit the values of {@link ImageRecipe}, {@link ImageModelInput} and {@link CropSampler} on random frames,
 * regions, boxes and cards. Deleted together with the old types.
 */
class ImageInputEquivalenceTest {
    private final Random rnd = new Random(20261203);

    private VideoFrame frame() {
        int w = 1 + rnd.nextInt(90);
        int h = 1 + rnd.nextInt(70);
        byte[] px = new byte[w * h * 4];
        rnd.nextBytes(px);
        for (int k = 3; k < px.length; k += 4) {
            px[k] = (byte) 255;
        }
        return new VideoFrame(0, 0, w, h, px);
    }

    private static ModelCard card(ModelCard.Task task, ModelCard.TensorSpec in) {
        return new ModelCard("m", "M", null, task, "MIT", null, new ModelCard.Provenance(null, null, null, "m.onnx", null), List.of(in),
                List.of(new ModelCard.OutputSpec("y", null, null, null)), List.of("a"), "coco-17", null, null, null, null);
    }

    private List<Double> values(int n, double lo, double hi) {
        List<Double> l = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            l.add(lo + (hi - lo) * rnd.nextDouble());
        }
        return l;
    }

    private double[] region() {
        double y0 = -0.5 + rnd.nextDouble();
        double x0 = -0.5 + rnd.nextDouble();
        return new double[] {y0, x0, y0 + 0.05 + rnd.nextDouble(), x0 + 0.05 + rnd.nextDouble()};
    }

    private static int[] bits(float[] a) {
        int[] b = new int[a.length];
        for (int k = 0; k < a.length; k++) {
            b[k] = Float.floatToRawIntBits(a[k]);
        }
        return b;
    }

    private static long[] bits(double[] a) {
        long[] b = new long[a.length];
        for (int k = 0; k < a.length; k++) {
            b[k] = Double.doubleToRawLongBits(a[k]);
        }
        return b;
    }

    @Test
    void classifierPicturesAndClipsAreTheRecipes() {
        int cases = 0;
        for (int n = 0; n < 3000; n++) {
            boolean clip = rnd.nextBoolean();
            boolean first = rnd.nextBoolean();
            int c = rnd.nextInt(3) == 0 ? 1 : 3;
            int h = 1 + rnd.nextInt(12);
            int w = 1 + rnd.nextInt(12);
            int t = clip ? 1 + rnd.nextInt(4) : 1;
            List<Long> shape = clip ? (first ? List.of(1L, (long) c, (long) t, (long) h, (long) w) : List.of(1L, (long) t, (long) h, (long) w, (long) c))
                    : (first ? List.of(1L, (long) c, (long) h, (long) w) : List.of(1L, (long) h, (long) w, (long) c));
            String layout = clip ? (first ? "NCTHW" : "NTHWC") : (first ? "NCHW" : "NHWC");
            String resize = List.of("stretch", "center-crop", "letterbox").get(rnd.nextInt(3));
            String order = c == 1 ? "GRAY" : rnd.nextBoolean() ? "RGB" : "BGR";
            ModelCard.Preprocess p = new ModelCard.Preprocess(resize, order, rnd.nextBoolean() ? null : 0.01 * rnd.nextDouble(),
                    rnd.nextBoolean() ? null : rnd.nextDouble() - 0.5, rnd.nextBoolean() ? null : values(c, -1, 1), rnd.nextBoolean() ? null : values(c, 0.1, 2),
                    rnd.nextBoolean() ? "person" : "frame");
            ModelCard card = card(clip ? ModelCard.Task.CLIP_CLASSIFIER : ModelCard.Task.FRAME_CLASSIFIER,
                    new ModelCard.TensorSpec("x", layout, "float32", shape, p));
            ImageRecipe old = ImageRecipe.of(card, clip);
            ImageInput now = ImageInput.of(card, clip);
            VideoFrame f = frame();
            float[] box = rnd.nextBoolean() ? null : new float[] {rnd.nextFloat() * f.width(), rnd.nextFloat() * f.height(),
                rnd.nextFloat() * f.width() * 1.5f, rnd.nextFloat() * f.height() * 1.5f};
            assertThat(bits(now.region(f.width(), f.height(), box))).containsExactly(bits(old.region(f.width(), f.height(), box)));
            int items = 2;
            int item = old.pictureSize() * old.frames();
            float[] a = new float[items * item];
            float[] b = new float[items * item];
            for (int slot = 0; slot < t; slot++) {
                old.fill(f, box, a, item, slot);
                now.fill(f, box, b, item, slot);
            }
            assertThat(bits(b)).as("case %d: %s %s %s", n, layout, resize, order).containsExactly(bits(a));
            assertThat(now.shape(2)).containsExactly(shapeOf(old, 2, clip));
            if (clip) {
                // VideoClassifier: pictures sampled one by one, interleaved into the clip when the window runs.
                ImageRecipe single = new ImageRecipe(old.modelId(), old.inputName(), old.width(), old.height(), 1, old.channelsFirst(),
                        old.resize(), old.bgr(), old.scale(), old.offset(), old.mean(), old.std(), false, old.channels());
                float[] oldClip = new float[item];
                float[] newClip = new float[item];
                int plane = w * h;
                for (int s = 0; s < t; s++) {
                    float[] pic = new float[old.pictureSize()];
                    single.fill(f, null, pic, 0, 0);
                    if (old.channelsFirst()) {
                        for (int k = 0; k < c; k++) {
                            System.arraycopy(pic, k * plane, oldClip, (k * t + s) * plane, plane);
                        }
                    } else {
                        System.arraycopy(pic, 0, oldClip, s * pic.length, pic.length);
                    }
                    now.place(now.picture(f, null), newClip, 0, s);
                }
                assertThat(bits(newClip)).containsExactly(bits(oldClip));
            }
            cases++;
        }
        assertThat(cases).isEqualTo(3000);
    }

    private static long[] shapeOf(ImageRecipe r, int n, boolean clip) {
        if (clip) {
            return r.channelsFirst() ? new long[] {n, r.channels(), r.frames(), r.height(), r.width()}
                    : new long[] {n, r.frames(), r.height(), r.width(), r.channels()};
        }
        return r.channelsFirst() ? new long[] {n, r.channels(), r.height(), r.width()} : new long[] {n, r.height(), r.width(), r.channels()};
    }

    @Test
    void poseInputsAreTheImageModelInputs() {
        for (int n = 0; n < 1000; n++) {
            boolean nchw = rnd.nextBoolean();
            int h = 1 + rnd.nextInt(20);
            int w = 1 + rnd.nextInt(20);
            List<Double> mean = rnd.nextBoolean() ? null : values(3, -1, 1);
            List<Double> std = rnd.nextBoolean() ? null : values(3, 0.1, 2);
            Double scale = rnd.nextBoolean() ? null : 0.01 * rnd.nextDouble();
            ModelCard card = card(ModelCard.Task.POSE, new ModelCard.TensorSpec("x", nchw ? "NCHW" : "NHWC", "float32",
                    nchw ? List.of(1L, 3L, (long) h, (long) w) : List.of(1L, (long) h, (long) w, 3L),
                    new ModelCard.Preprocess("letterbox", "RGB", scale, null, mean, std)));
            ImageModelInput old = ImageModelInput.of(card);
            ImageInput now = ImageInput.of(card);
            VideoFrame f = frame();
            double[] r = region();
            TensorData a = old.sample(f, r);
            TensorData b = now.tensor(f, r);
            assertThat(b.shape()).containsExactly(a.shape());
            assertThat(bits(b.floats())).containsExactly(bits(a.floats()));
            assertThat(now.inputName()).isEqualTo(old.name());
            assertThat(now.width()).isEqualTo(old.width());
            assertThat(now.height()).isEqualTo(old.height());
        }
    }

    @Test
    void theSamplersFloatsIntsAndRotatedSquaresAreTheCropSamplers() {
        for (int n = 0; n < 1000; n++) {
            int size = 1 + rnd.nextInt(24);
            VideoFrame f = frame();
            double[] r = region();
            // the BlazePose detector's card: scale 2/255, offset -1
            ModelCard det = card(ModelCard.Task.DETECTOR, new ModelCard.TensorSpec("input", "NHWC", "float32", List.of(1L, (long) size, (long) size, 3L),
                    new ModelCard.Preprocess("letterbox", "RGB", 0.00784313725490196, -1.0, null, null)));
            TensorData a = CropSampler.floats(f, r[0], r[1], r[2], r[3], size, size, 2.0 / 255, -1.0);
            TensorData b = ImageInput.of(det).tensor(f, r);
            assertThat(b.shape()).containsExactly(a.shape());
            assertThat(bits(b.floats())).containsExactly(bits(a.floats()));
            // MoveNet's card: int32, scale 1
            ModelCard move = card(ModelCard.Task.POSE, new ModelCard.TensorSpec("input", "NHWC", "int32", List.of(1L, (long) size, (long) size, 3L),
                    new ModelCard.Preprocess("letterbox", "RGB", 1.0, null, null, null)));
            TensorData ai = CropSampler.ints(f, r[0], r[1], r[2], r[3], size, size);
            TensorData bi = ImageInput.of(move).tensor(f, r);
            assertThat(bi.isFloat()).isFalse();
            assertThat(bi.shape()).containsExactly(ai.shape());
            assertThat(bi.ints()).containsExactly(ai.ints());
            // BlazePose's landmark card: a rotated square, scale 1/255
            ModelCard lm = card(ModelCard.Task.POSE, new ModelCard.TensorSpec("input_1", "NHWC", "float32", List.of(1L, (long) size, (long) size, 3L),
                    new ModelCard.Preprocess("roi-warp", "RGB", 0.00392156862745098, null, null, null)));
            double cx = rnd.nextDouble() * f.width();
            double cy = rnd.nextDouble() * f.height();
            double side = 1 + rnd.nextDouble() * 100;
            double angle = (rnd.nextDouble() - 0.5) * 7;
            TensorData ar = CropSampler.rotated(f, cx, cy, side, angle, size, 1.0 / 255, 0);
            TensorData br = ImageInput.of(lm).rotated(f, cx, cy, side, angle);
            assertThat(br.shape()).containsExactly(ar.shape());
            assertThat(bits(br.floats())).containsExactly(bits(ar.floats()));
        }
    }

    /** Not a check: how often the letterbox region of the old pose input differs from the one piece's (printed). */
    @Test
    void letterboxOfThePoseInputAgainstTheOnePiece() {
        int regions = 0;
        int tensors = 0;
        int n = 0;
        int[][] frames = {{1920, 1080}, {1280, 720}, {640, 480}, {768, 576}, {720, 1280}, {160, 120}, {128, 64}, {64, 48}, {800, 600},
            {352, 288}, {854, 480}, {1080, 1080}, {1366, 768}, {426, 240}};
        int[][] inputs = {{640, 640}, {64, 64}, {256, 256}, {192, 192}, {224, 224}, {48, 64}, {192, 256}, {320, 256}};
        for (int[] fs : frames) {
            byte[] px = new byte[fs[0] * fs[1] * 4];
            rnd.nextBytes(px);
            VideoFrame f = new VideoFrame(0, 0, fs[0], fs[1], px);
            for (int[] in : inputs) {
                ModelCard card = card(ModelCard.Task.POSE, new ModelCard.TensorSpec("x", "NCHW", "float32", List.of(1L, 3L, (long) in[1], (long) in[0]),
                        new ModelCard.Preprocess("letterbox", "RGB", null, null, null, null)));
                double[] a = ImageModelInput.of(card).letterbox(fs[0], fs[1]);
                double[] b = ImageInput.of(card).region(fs[0], fs[1], null);
                n++;
                boolean sameRegion = true;
                for (int k = 0; k < 4; k++) {
                    sameRegion &= a[k] == b[k]; // -0.0 == 0.0: the same sampling
                }
                if (!sameRegion) {
                    regions++;
                    float[] ta = ImageModelInput.of(card).sample(f, a).floats();
                    float[] tb = ImageInput.of(card).tensor(f, b).floats();
                    if (!Arrays.equals(bits(ta), bits(tb))) {
                        tensors++;
                        int values = 0;
                        double worst = 0;
                        for (int k = 0; k < ta.length; k++) {
                            values += ta[k] != tb[k] ? 1 : 0;
                            worst = Math.max(worst, Math.abs(ta[k] - tb[k]));
                        }
                        System.out.printf("  %dx%d frame, %dx%d input: %s vs %s, %d of %d values differ, by at most %g%n", fs[0], fs[1], in[0], in[1],
                                Arrays.toString(a), Arrays.toString(b), values, ta.length, worst);
                    }
                }
            }
        }
        System.out.printf("letterbox (frame size x input size): %d of %d regions differ from the old pose input's, %d of them in the tensor%n",
                regions, n, tensors);
    }
}
