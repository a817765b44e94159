package org.dancelens.inference.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.VideoFrame;
import org.dancelens.inference.ModelCard;
import org.dancelens.inference.TensorData;
import org.junit.jupiter.api.Test;

/** A card's image input: what it reads from the card, the region it takes from a frame, and where each value goes. */
class ImageInputTest {

    private static ModelCard card(ModelCard.Task task, String layout, String dtype, List<Long> shape, ModelCard.Preprocess p) {
        return new ModelCard("m", "M", null, task, "MIT", null, new ModelCard.Provenance(null, null, null, "m.onnx", null),
                List.of(new ModelCard.TensorSpec("x", layout, dtype, shape, p)), List.of(new ModelCard.OutputSpec("y", null, null, null)),
                List.of("a"), "coco-17", null, null, null, null);
    }

    private static ImageInput picture(String layout, List<Long> shape, ModelCard.Preprocess p) {
        return ImageInput.of(card(ModelCard.Task.FRAME_CLASSIFIER, layout, "float32", shape, p));
    }

    private static ModelCard.Preprocess resize(String how) {
        return new ModelCard.Preprocess(how, "RGB", 1.0, null, null, null);
    }

    /** Pixel values unchanged: scale 1, no offset, mean or std. */
    private static final ModelCard.Preprocess RAW = new ModelCard.Preprocess("stretch", "RGB", 1.0, null, null, null);

    @Test
    void eachResizePolicyHasItsRegion() {
        // A 200 x 100 frame into a square input.
        List<Long> square = List.of(1L, 3L, 50L, 50L);
        assertThat(picture("NCHW", square, resize("stretch")).region(200, 100, null)).containsExactly(0, 0, 1, 1);
        // center-crop: the middle 100 x 100
        assertThat(picture("NCHW", square, resize("center-crop")).region(200, 100, null)).containsExactly(0, 0.25, 1, 0.75);
        // letterbox: 200 x 200 around the frame, 50 px of bar above and below
        assertThat(picture("NCHW", square, resize("letterbox")).region(200, 100, null)).containsExactly(-0.5, 0, 1.5, 1);
        // A 100 x 200 frame into an input twice as wide as high.
        List<Long> wide = List.of(1L, 3L, 25L, 50L);
        assertThat(picture("NCHW", wide, resize("stretch")).region(100, 200, null)).containsExactly(0, 0, 1, 1);
        // center-crop: 100 x 50 in the middle (rows 75 to 125)
        assertThat(picture("NCHW", wide, resize("center-crop")).region(100, 200, null)).containsExactly(0.375, 0, 0.625, 1);
        // letterbox: 400 x 200, 150 px of bar left and right
        assertThat(picture("NCHW", wide, resize("letterbox")).region(100, 200, null)).containsExactly(0, -1.5, 1, 2.5);
        // roi-warp (a pose pipeline's rotated square) is, on a whole frame, the upright square around it
        ImageInput roi = ImageInput.of(card(ModelCard.Task.POSE, "NHWC", "float32", List.of(1L, 50L, 50L, 3L), resize("roi-warp")));
        assertThat(roi.resize()).isEqualTo(ImageInput.Resize.ROI_WARP);
        assertThat(roi.region(200, 100, null)).containsExactly(-0.5, 0, 1.5, 1);
        // a YOLO-pose input is letterboxed whatever its card says
        assertThat(picture("NCHW", square, resize("stretch")).withResize(ImageInput.Resize.LETTERBOX).region(200, 100, null))
                .containsExactly(-0.5, 0, 1.5, 1);
    }

    @Test
    void aPersonCropAddsTenPercentOfTheBoxOnEverySideThenFitsTheAspect() {
        float[] box = {40, 20, 80, 100}; // 40 x 80 px
        // + 4 px left and right, + 8 px above and below: x 36..84, y 12..108 of a 200 x 100 frame
        assertThat(picture("NCHW", List.of(1L, 3L, 50L, 50L), resize("stretch")).region(200, 100, box))
                .containsExactly(new double[] {0.12, 0.18, 1.08, 0.42}, within(1e-12));
        // letterboxed to a square: 96 x 96 around the box's centre x = 60
        assertThat(picture("NCHW", List.of(1L, 3L, 50L, 50L), resize("letterbox")).region(200, 100, box))
                .containsExactly(new double[] {0.12, 0.06, 1.08, 0.54}, within(1e-12));
        // centre-cropped to a square: 48 x 48 around the box's centre y = 60
        assertThat(picture("NCHW", List.of(1L, 3L, 50L, 50L), resize("center-crop")).region(200, 100, box))
                .containsExactly(new double[] {0.36, 0.18, 0.84, 0.42}, within(1e-12));
    }

    @Test
    void channelsFirstAndLastPutEachValueInItsPlace() {
        VideoFrame f = FrameSamplerTest.coded(3, 2); // R = 10x + y, G = 100 + x, B = 200 + y
        float[] nchw = new float[18];
        picture("NCHW", List.of(1L, 3L, 2L, 3L), RAW).fill(f, null, nchw, 0, 0);
        float[] nhwc = new float[18];
        picture("NHWC", List.of(1L, 2L, 3L, 3L), RAW).fill(f, null, nhwc, 0, 0);
        float[] bgr = new float[18];
        picture("NHWC", List.of(1L, 2L, 3L, 3L), new ModelCard.Preprocess("stretch", "BGR", 1.0, null, null, null)).fill(f, null, bgr, 0, 0);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                float[] rgb = {10 * x + y, 100 + x, 200 + y};
                for (int c = 0; c < 3; c++) {
                    assertThat(nchw[c * 6 + y * 3 + x]).isEqualTo(rgb[c]);
                    assertThat(nhwc[(y * 3 + x) * 3 + c]).isEqualTo(rgb[c]);
                    assertThat(bgr[(y * 3 + x) * 3 + c]).isEqualTo(rgb[2 - c]);
                }
            }
        }
    }

    @Test
    void aClipPictureGoesToItsSlotOfItsItem() {
        VideoFrame f = FrameSamplerTest.coded(3, 2);
        int t = 4;
        int item = 3 * t * 6;
        ModelCard first = card(ModelCard.Task.CLIP_CLASSIFIER, "NCTHW", "float32", List.of(1L, 3L, (long) t, 2L, 3L), RAW);
        ModelCard last = card(ModelCard.Task.CLIP_CLASSIFIER, "NTHWC", "float32", List.of(1L, (long) t, 2L, 3L, 3L), RAW);
        float[] a = new float[2 * item];
        float[] b = new float[2 * item];
        Arrays.fill(a, -7);
        Arrays.fill(b, -7);
        ImageInput.of(first, true).fill(f, null, a, item, 2); // second item, third picture
        ImageInput.of(last, true).fill(f, null, b, item, 2);
        assertThat(ImageInput.of(first, true).shape(2)).containsExactly(2, 3, t, 2, 3);
        assertThat(ImageInput.of(last, true).shape(2)).containsExactly(2, t, 2, 3, 3);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                float[] rgb = {10 * x + y, 100 + x, 200 + y};
                for (int c = 0; c < 3; c++) {
                    assertThat(a[item + (c * t + 2) * 6 + y * 3 + x]).isEqualTo(rgb[c]); // [C, T, H, W]
                    assertThat(b[item + 2 * 18 + (y * 3 + x) * 3 + c]).isEqualTo(rgb[c]); // [T, H, W, C]
                }
            }
        }
        // nothing else written
        assertThat(Arrays.stream(box(a)).filter(v -> v != -7).count()).isEqualTo(18);
        assertThat(Arrays.stream(box(b)).filter(v -> v != -7).count()).isEqualTo(18);
        // a picture sampled on its own and placed later lands in the same place
        float[] placed = new float[2 * item];
        Arrays.fill(placed, -7);
        ImageInput clip = ImageInput.of(first, true);
        clip.place(clip.picture(f, null), placed, item, 2);
        assertThat(placed).containsExactly(a);
    }

    private static Float[] box(float[] a) {
        Float[] o = new Float[a.length];
        for (int k = 0; k < a.length; k++) {
            o[k] = a[k];
        }
        return o;
    }

    @Test
    void valuesAreScaledShiftedAndNormalisedPerChannel() {
        VideoFrame f = FrameSamplerTest.coded(3, 2);
        ImageInput in = picture("NHWC", List.of(1L, 2L, 3L, 3L),
                new ModelCard.Preprocess("stretch", "RGB", 0.5, 1.0, List.of(10.0, 20.0, 30.0), List.of(2.0, 4.0, 5.0)));
        float[] v = new float[18];
        in.fill(f, null, v, 0, 0);
        // pixel (2, 1): R 21, G 102, B 201
        int o = (1 * 3 + 2) * 3;
        assertThat(v[o]).isCloseTo((float) ((21 * 0.5 + 1 - 10) / 2), within(1e-6f));
        assertThat(v[o + 1]).isCloseTo((float) ((102 * 0.5 + 1 - 20) / 4), within(1e-6f));
        assertThat(v[o + 2]).isCloseTo((float) ((201 * 0.5 + 1 - 30) / 5), within(1e-6f));
        // one mean and std for all channels; float inputs default to scale 1/255
        ImageInput one = picture("NHWC", List.of(1L, 2L, 3L, 3L), new ModelCard.Preprocess("stretch", "RGB", null, null, List.of(0.5), List.of(0.25)));
        one.fill(f, null, v, 0, 0);
        assertThat(v[o + 1]).isCloseTo((float) ((102 / 255.0 - 0.5) / 0.25), within(1e-6f));
    }

    @Test
    void greyIsTheBt601LumaOfTheColours() {
        VideoFrame f = FrameSamplerTest.coded(3, 2);
        // the zoo's emotion CNN: 1 grey channel, value = luma * 2/255 - 1
        ImageInput grey = ImageInput.of(card(ModelCard.Task.FRAME_CLASSIFIER, "NHWC", "float32", List.of(1L, 2L, 3L, 1L),
                new ModelCard.Preprocess("stretch", "GRAY", 2.0 / 255, -1.0, null, null)));
        assertThat(grey.channels()).isEqualTo(1);
        assertThat(grey.pictureSize()).isEqualTo(6);
        float[] v = new float[6];
        grey.fill(f, null, v, 0, 0);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                double luma = 0.2989 * (10 * x + y) + 0.5870 * (100 + x) + 0.1140 * (200 + y);
                assertThat(v[y * 3 + x]).isCloseTo((float) (luma * 2 / 255 - 1), within(1e-6f));
            }
        }
    }

    @Test
    void int32InputsTakeWholePixelValuesTruncatedTowardsZero() {
        // A 2 x 1 frame, red 100 and 155; one output pixel reads halfway: 127.5.
        byte[] px = {0, 0, 100, (byte) 255, 0, 0, (byte) 155, (byte) 255};
        VideoFrame f = new VideoFrame(0, 0, 2, 1, px);
        ImageInput movenet = ImageInput.of(card(ModelCard.Task.POSE, "NHWC", "int32", List.of(1L, 1L, 1L, 3L),
                new ModelCard.Preprocess("letterbox", "RGB", null, null, null, null)));
        assertThat(movenet.ints()).isTrue();
        TensorData t = movenet.tensor(f, new double[] {0, 0, 1, 1});
        assertThat(t.isFloat()).isFalse();
        assertThat(t.shape()).containsExactly(1, 1, 1, 3);
        assertThat(t.ints()).containsExactly(127, 0, 0); // int32 scale defaults to 1; 127.5 -> 127
        ImageInput shifted = ImageInput.of(card(ModelCard.Task.POSE, "NHWC", "int32", List.of(1L, 1L, 1L, 3L),
                new ModelCard.Preprocess("letterbox", "RGB", 1.0, -200.0, null, null)));
        assertThat(shifted.tensor(f, new double[] {0, 0, 1, 1}).ints()[0]).isEqualTo(-72); // -72.5 -> -72, as tf.cast
        // the same card as float32 keeps the half
        ImageInput floats = ImageInput.of(card(ModelCard.Task.POSE, "NHWC", "float32", List.of(1L, 1L, 1L, 3L),
                new ModelCard.Preprocess("letterbox", "RGB", 1.0, null, null, null)));
        assertThat(floats.tensor(f, new double[] {0, 0, 1, 1}).floats()[0]).isEqualTo(127.5f);
    }

    @Test
    void aRotatedSquareFillsASquareInput() {
        VideoFrame f = FrameSamplerTest.coded(4, 4);
        ImageInput landmarks = ImageInput.of(card(ModelCard.Task.POSE, "NHWC", "float32", List.of(1L, 4L, 4L, 3L),
                new ModelCard.Preprocess("roi-warp", "RGB", 1.0 / 255, null, null, null)));
        TensorData t = landmarks.rotated(f, 2, 2, 4, 0);
        assertThat(t.shape()).containsExactly(1, 4, 4, 3);
        // upright around the frame's centre, side 4: the frame itself; pixel (1, 3) is R 13
        assertThat(t.floats()[(3 * 4 + 1) * 3]).isCloseTo(13 / 255f, within(1e-7f));
    }

    @Test
    void shapesFollowTheLayout() {
        assertThat(picture("NCHW", List.of(-1L, 3L, 8L, 6L), RAW).shape(5)).containsExactly(5, 3, 8, 6);
        assertThat(picture("NHWC", List.of(-1L, 8L, 6L, 3L), RAW).shape(1)).containsExactly(1, 8, 6, 3);
        ImageInput in = picture("nchw", List.of(1L, 3L, 8L, 6L), RAW);
        assertThat(in.width()).isEqualTo(6);
        assertThat(in.height()).isEqualTo(8);
        assertThat(in.frames()).isEqualTo(1);
        assertThat(in.pictureSize()).isEqualTo(144);
        assertThat(in.inputName()).isEqualTo("x");
        assertThat(in.modelId()).isEqualTo("m");
        assertThat(in.personCrop()).isFalse();
        assertThat(picture("NCHW", List.of(1L, 3L, 8L, 6L), new ModelCard.Preprocess("stretch", "RGB", 1.0, null, null, null, "person")).personCrop())
                .isTrue();
    }

    @Test
    void whatACardGetsWrongIsOneSentenceNamingTheModel() {
        ModelCard.Preprocess ok = RAW;
        assertThatThrownBy(() -> picture("NCHW", List.of(1L, 3L, 8L), ok)).isInstanceOf(DanceLensException.class)
                .hasMessage("The input 'x' of m must be 4-D (NCHW or NHWC); its card gives [1, 3, 8].");
        assertThatThrownBy(() -> ImageInput.of(card(ModelCard.Task.CLIP_CLASSIFIER, "NCHW", "float32", List.of(1L, 3L, 8L, 8L), ok), true))
                .hasMessage("The input 'x' of m must be 5-D (NCTHW or NTHWC); its card gives [1, 3, 8, 8].");
        assertThatThrownBy(() -> picture("CHWN", List.of(1L, 3L, 8L, 8L), ok))
                .hasMessage("The input 'x' of m has the layout 'CHWN'; expected NCHW or NHWC.");
        assertThatThrownBy(() -> picture("NHWC", List.of(1L, 3L, 8L, 8L), ok))
                .hasMessage("The input 'x' of m must have 3 colour channels (or 1 grey) and a fixed size; its card gives [1, 3, 8, 8] (NHWC).");
        assertThatThrownBy(() -> picture("NCHW", List.of(1L, 3L, -1L, 8L), ok))
                .hasMessage("The input 'x' of m must have 3 colour channels (or 1 grey) and a fixed size; its card gives [1, 3, -1, 8] (NCHW).");
        assertThatThrownBy(() -> picture("NCHW", List.of(1L, 3L, 8192L, 8192L), ok))
                .hasMessage("The input tensor 'x' of m asks for a 8192x8192 image, which is too large.");
        assertThatThrownBy(() -> picture("NCHW", List.of(1L, 3L, 8L, 8L), resize("squash")))
                .hasMessage("The card of m asks to resize by 'squash' (stretch, center-crop or letterbox).");
        assertThatThrownBy(() -> picture("NCHW", List.of(1L, 3L, 8L, 8L), resize("roi-warp")))
                .hasMessage("The card of m asks to resize by 'roi-warp' (stretch, center-crop or letterbox).");
        assertThatThrownBy(() -> picture("NCHW", List.of(1L, 3L, 8L, 8L), new ModelCard.Preprocess("stretch", "YUV", null, null, null, null)))
                .hasMessage("The card of m gives the colour order 'YUV' (RGB, BGR or GRAY).");
        assertThatThrownBy(() -> picture("NCHW", List.of(1L, 3L, 8L, 8L), new ModelCard.Preprocess("stretch", "GRAY", null, null, null, null)))
                .hasMessage("The card of m asks for grey pictures, but its input 'x' has 3 channels.");
        assertThatThrownBy(() -> picture("NCHW", List.of(1L, 3L, 8L, 8L), new ModelCard.Preprocess("stretch", "RGB", null, null, List.of(0.5, 0.5), null)))
                .hasMessage("The card of m must give 3 mean and 3 std values.");
        assertThatThrownBy(() -> picture("NCHW", List.of(1L, 3L, 8L, 8L), new ModelCard.Preprocess("stretch", "RGB", null, null, null, List.of(1.0, 0.0, 1.0))))
                .hasMessage("The card of m divides the input 'x' by a std of 0.");
        assertThatThrownBy(() -> picture("NCHW", List.of(1L, 3L, 8L, 8L), new ModelCard.Preprocess("stretch", "RGB", null, null, null, null, "face")))
                .hasMessage("The card of m gives the crop 'face' (frame or person).");
        assertThatThrownBy(() -> ImageInput.of(card(ModelCard.Task.FRAME_CLASSIFIER, "NCHW", "uint8", List.of(1L, 3L, 8L, 8L), ok)))
                .hasMessage("The input 'x' of m holds uint8 values; DanceLens fills image inputs with float32 or int32 values.");
    }

    @Test
    void imageInputsFollowTheCardsLayoutColourOrderAndNormalisation() {
        // what the dry run of a new card (ModelInspector) feeds its model
        // A uniform frame: R=200, G=100, B=50.
        byte[] px = new byte[40 * 20 * 4];
        for (int k = 0; k < px.length; k += 4) {
            px[k] = 50;
            px[k + 1] = 100;
            px[k + 2] = (byte) 200;
            px[k + 3] = (byte) 255;
        }
        VideoFrame f = new VideoFrame(0, 0, 40, 20, px);
        ModelCard card = ModelCard.parse("""
                id: t
                name: T
                task: segmenter
                license: MIT
                provenance: {onnx: t.onnx}
                inputs: [{name: x, layout: NCHW, shape: [1, 3, 8, 8],
                          preprocess: {resize: stretch, colorOrder: BGR, scale: 0.5, mean: [10, 20, 30], std: [2, 4, 5]}}]
                outputs: [{name: y}]
                """, "t.yaml");
        TensorData t = ImageInput.of(card, card.inputs().get(0), false).tensor(f);
        assertThat(t.shape()).containsExactly(1, 3, 8, 8);
        // BGR: channel 0 is blue. (50 * 0.5 - 10) / 2 = 7.5; (100 * 0.5 - 20) / 4 = 7.5; (200 * 0.5 - 30) / 5 = 14.
        assertThat(t.floats()[0]).isEqualTo(7.5f);
        assertThat(t.floats()[64]).isEqualTo(7.5f);
        assertThat(t.floats()[128 + 63]).isEqualTo(14f);

        // NHWC, letterboxed: the 40x20 frame fills the middle half of an 8x8 input, black bars above and below.
        ModelCard.TensorSpec nhwc = new ModelCard.TensorSpec("x", "NHWC", "float32", List.of(1L, 8L, 8L, 3L),
                new ModelCard.Preprocess("letterbox", "RGB", 1.0, null, null, null));
        TensorData l = ImageInput.of(card, nhwc, false).tensor(f);
        assertThat(l.shape()).containsExactly(1, 8, 8, 3);
        assertThat(l.floats()[0]).isEqualTo(0f); // row 0: bar
        assertThat(l.floats()[(4 * 8 + 3) * 3]).isEqualTo(200f); // row 4: picture, red first
        assertThat(l.floats()[(7 * 8 + 3) * 3 + 1]).isEqualTo(0f); // row 7: bar
    }
}
