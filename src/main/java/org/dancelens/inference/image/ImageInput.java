package org.dancelens.inference.image;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.VideoFrame;
import org.dancelens.inference.ModelCard;
import org.dancelens.inference.TensorData;

/**
 * One image input of a model as its card describes it, and how a video frame becomes that input: the one place
 * where pose estimators, classifiers, explanations and the dry run of a new card turn pixels into model values.
 * Read once from the card (and checked there, each problem one sentence naming the model):
 * <ul>
 * <li>size and layout from the input's shape: a picture {@code NCHW} / {@code NHWC}, or a clip of {@code frames}
 * pictures {@code NCTHW} / {@code NTHWC}; 3 colour channels or 1 grey;</li>
 * <li>the element type: {@code float32}, or {@code int32} for models that take whole pixel values (MoveNet), which
 * get the value truncated as {@code tf.cast} does;</li>
 * <li>{@code resize}: how the frame, or a dancer's box, is fitted to the input's aspect ({@link Resize});</li>
 * <li>colour order {@code RGB}, {@code BGR} or {@code GRAY} (BT.601 luma), and
 * {@code value = (pixel * scale + offset - mean[c]) / std[c]} with pixel in 0..255 (default scale 1/255, or 1 for
 * int32 inputs; a single mean or std value serves every channel);</li>
 * <li>{@code crop}: {@code frame} (the whole frame) or {@code person} (each dancer's box, {@link #PERSON_MARGIN}
 * added on every side).</li>
 * </ul>
 * Pixels are sampled bilinearly from a region of the frame given in normalised coordinates {@code [y0, x0, y1, x1]}
 * (TensorFlow's {@code crop_and_resize}); the region is the card's ({@link #region}) or one a pose pipeline chooses
 * itself (MoveNet's crop that follows the dancer, a top-down model's person box), and BlazePose's landmark model
 * reads a rotated square ({@link #rotated}). Immutable.
 */
public final class ImageInput {

    /** How the frame (or a dancer's box) is fitted to the input's aspect; the card's {@code resize}. */
    public enum Resize {
        /** The whole region, stretched to the input (the default). */
        STRETCH("stretch"),
        /** The largest centred part of the region with the input's aspect. */
        CENTER_CROP("center-crop"),
        /** The whole region, centred, with black bars to the input's aspect. */
        LETTERBOX("letterbox"),
        /**
         * A rotated square that the pose pipeline chooses (BlazePose's landmark model; pose cards only). Without such a
         * square, on a whole frame, it is the upright square around the frame: a letterbox.
         */
        ROI_WARP("roi-warp");

        private final String cardName;

        Resize(String cardName) {
            this.cardName = cardName;
        }

        /** The word a card uses for it. */
        public String cardName() {
            return cardName;
        }
    }

    /** Share of a dancer's box width (height) added on the left and right (top and bottom) of a person crop. */
    public static final double PERSON_MARGIN = 0.1;
    /** Pictures larger than this (width x height) are a mistake in the card, not a model. */
    private static final long MAX_PIXELS = 1L << 24;

    private final String modelId;
    private final String inputName;
    private final int width;
    private final int height;
    private final int frames;
    private final int channels;
    private final boolean channelsFirst;
    private final boolean clip;
    private final boolean ints;
    private final Resize resize;
    private final boolean bgr;
    private final double scale;
    private final double offset;
    private final double[] mean;
    private final double[] std;
    private final boolean personCrop;

    private ImageInput(String modelId, String inputName, int width, int height, int frames, int channels, boolean channelsFirst, boolean clip,
                       boolean ints, Resize resize, boolean bgr, double scale, double offset, double[] mean, double[] std, boolean personCrop) {
        this.modelId = modelId;
        this.inputName = inputName;
        this.width = width;
        this.height = height;
        this.frames = frames;
        this.channels = channels;
        this.channelsFirst = channelsFirst;
        this.clip = clip;
        this.ints = ints;
        this.resize = resize;
        this.bgr = bgr;
        this.scale = scale;
        this.offset = offset;
        this.mean = mean;
        this.std = std;
        this.personCrop = personCrop;
    }

    /** The card's first input, one picture ({@code NCHW} or {@code NHWC}). */
    public static ImageInput of(ModelCard card) {
        return of(card, false);
    }

    /** The card's first input: a clip ({@code NCTHW} or {@code NTHWC}) when {@code clip}, else one picture. */
    public static ImageInput of(ModelCard card, boolean clip) {
        return of(card, card.inputs().get(0), clip);
    }

    /**
     * The given input of the card.
     *
     * @throws DanceLensException one sentence naming the model and what in its card does not make an image input
     */
    public static ImageInput of(ModelCard card, ModelCard.TensorSpec in, boolean clip) {
        List<Long> s = in.shape();
        int rank = clip ? 5 : 4;
        String layouts = clip ? "NCTHW or NTHWC" : "NCHW or NHWC";
        if (s == null || s.size() != rank) {
            throw DanceLensException.badInput("The input '" + in.name() + "' of " + card.id() + " must be " + rank + "-D (" + layouts
                    + "); its card gives " + s + ".");
        }
        String layout = in.layout() == null ? "" : in.layout().toUpperCase(Locale.ROOT);
        boolean first;
        if (layout.equals(clip ? "NCTHW" : "NCHW")) {
            first = true;
        } else if (layout.equals(clip ? "NTHWC" : "NHWC")) {
            first = false;
        } else {
            throw DanceLensException.badInput("The input '" + in.name() + "' of " + card.id() + " has the layout '" + in.layout() + "'; expected "
                    + layouts + ".");
        }
        long t = clip ? (first ? s.get(2) : s.get(1)) : 1;
        long h = s.get(rank - (first ? 2 : 3));
        long w = s.get(rank - (first ? 1 : 2));
        long c = first ? s.get(1) : s.get(rank - 1);
        if (c != 3 && c != 1 || h < 1 || w < 1 || t < 1) {
            throw DanceLensException.badInput("The input '" + in.name() + "' of " + card.id() + " must have 3 colour channels (or 1 grey) and a fixed size"
                    + (clip ? " and length" : "") + "; its card gives " + s + " (" + in.layout() + ").");
        }
        if (h * w > MAX_PIXELS) {
            throw DanceLensException.badInput("The input tensor '" + in.name() + "' of " + card.id() + " asks for a " + w + "x" + h
                    + " image, which is too large.");
        }
        boolean ints = isInt32(card, in);
        ModelCard.Preprocess p = in.preprocess();
        Resize resize = resize(card, p == null || p.resize() == null ? "stretch" : p.resize().toLowerCase(Locale.ROOT));
        String order = p == null || p.colorOrder() == null ? "RGB" : p.colorOrder().toUpperCase(Locale.ROOT);
        if (c == 1) {
            order = "GRAY";
        }
        if (!order.equals("RGB") && !order.equals("BGR") && !order.equals("GRAY")) {
            throw DanceLensException.badInput("The card of " + card.id() + " gives the colour order '" + order + "' (RGB, BGR or GRAY).");
        }
        if (order.equals("GRAY") && c != 1) {
            throw DanceLensException.badInput("The card of " + card.id() + " asks for grey pictures, but its input '" + in.name() + "' has " + c + " channels.");
        }
        int n = (int) c;
        double[] mean = perChannel(card, p == null ? null : p.mean(), n, 0);
        double[] std = perChannel(card, p == null ? null : p.std(), n, 1);
        if (Arrays.stream(std).anyMatch(d -> d == 0)) {
            throw DanceLensException.badInput("The card of " + card.id() + " divides the input '" + in.name() + "' by a std of 0.");
        }
        String crop = p == null || p.crop() == null ? "frame" : p.crop();
        if (!crop.equals("frame") && !crop.equals("person")) {
            throw DanceLensException.badInput("The card of " + card.id() + " gives the crop '" + crop + "' (frame or person).");
        }
        double scale = p == null || p.scale() == null ? (ints ? 1.0 : 1.0 / 255) : p.scale();
        double offset = p == null || p.offset() == null ? 0 : p.offset();
        return new ImageInput(card.id(), in.name(), (int) w, (int) h, (int) t, n, first, clip, ints, resize, order.equals("BGR"), scale, offset,
                mean, std, crop.equals("person"));
    }

    private static boolean isInt32(ModelCard card, ModelCard.TensorSpec in) {
        String type = in.dtype() == null ? "float32" : in.dtype().toLowerCase(Locale.ROOT);
        if (type.equals("float32") || type.equals("float")) {
            return false;
        }
        if (type.equals("int32")) {
            return true;
        }
        throw DanceLensException.badInput("The input '" + in.name() + "' of " + card.id() + " holds " + in.dtype()
                + " values; DanceLens fills image inputs with float32 or int32 values.");
    }

    private static Resize resize(ModelCard card, String name) {
        for (Resize r : Resize.values()) {
            if (r.cardName().equals(name) && (r != Resize.ROI_WARP || card.task() == ModelCard.Task.POSE)) {
                return r;
            }
        }
        throw DanceLensException.badInput("The card of " + card.id() + " asks to resize by '" + name + "' (stretch, center-crop or letterbox).");
    }

    /** The card's mean or std per channel: one value for all channels or one each; {@code dflt} when it gives none. */
    private static double[] perChannel(ModelCard card, List<Double> given, int n, double dflt) {
        double[] out = new double[n];
        Arrays.fill(out, dflt);
        if (given == null || given.isEmpty()) {
            return out;
        }
        if (given.size() != 1 && given.size() != n) {
            throw DanceLensException.badInput("The card of " + card.id() + " must give " + n + " mean and " + n + " std values.");
        }
        for (int k = 0; k < n; k++) {
            out[k] = given.get(given.size() == 1 ? 0 : k);
        }
        return out;
    }

    /** The same input fitted to the frame by another policy (a YOLO-pose model is letterboxed whatever its card says). */
    public ImageInput withResize(Resize policy) {
        return new ImageInput(modelId, inputName, width, height, frames, channels, channelsFirst, clip, ints, policy, bgr, scale, offset, mean, std,
                personCrop);
    }

    /** The id of the model whose card this input comes from. */
    public String modelId() {
        return modelId;
    }

    /** The input tensor's name. */
    public String inputName() {
        return inputName;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Pictures per input: T for a clip, 1 for a picture. */
    public int frames() {
        return frames;
    }

    /** 3 (colour) or 1 (grey). */
    public int channels() {
        return channels;
    }

    /** True for NCHW / NCTHW, false for NHWC / NTHWC. */
    public boolean channelsFirst() {
        return channelsFirst;
    }

    /** True when the model takes int32 pixel values. */
    public boolean ints() {
        return ints;
    }

    public Resize resize() {
        return resize;
    }

    /** True when the card asks for each dancer's box ({@code crop: person}) rather than the whole frame. */
    public boolean personCrop() {
        return personCrop;
    }

    /** Values of one picture: {@code channels * width * height}. */
    public int pictureSize() {
        return channels * width * height;
    }

    /** The input tensor's shape for {@code batch} pictures (or clips). */
    public long[] shape(int batch) {
        if (clip) {
            return channelsFirst ? new long[] {batch, channels, frames, height, width} : new long[] {batch, frames, height, width, channels};
        }
        return channelsFirst ? new long[] {batch, channels, height, width} : new long[] {batch, height, width, channels};
    }

    /**
     * The region of the frame (normalised {@code [y0, x0, y1, x1]}) that fills the input: the whole frame, or
     * {@code box} (pixels {@code [x0, y0, x1, y1]}, null for the whole frame) with {@link #PERSON_MARGIN}, fitted to
     * the input's aspect by the card's {@link Resize}.
     */
    public double[] region(int fw, int fh, float[] box) {
        double x0 = 0;
        double y0 = 0;
        double x1 = fw;
        double y1 = fh;
        if (box != null) {
            double mx = PERSON_MARGIN * (box[2] - box[0]);
            double my = PERSON_MARGIN * (box[3] - box[1]);
            x0 = box[0] - mx;
            y0 = box[1] - my;
            x1 = box[2] + mx;
            y1 = box[3] + my;
        }
        double rw = Math.max(1, x1 - x0);
        double rh = Math.max(1, y1 - y0);
        double target = (double) width / height;
        double cx = (x0 + x1) / 2;
        double cy = (y0 + y1) / 2;
        switch (resize) {
            case CENTER_CROP -> {
                if (rw / rh > target) {
                    rw = rh * target;
                } else {
                    rh = rw / target;
                }
            }
            case LETTERBOX, ROI_WARP -> {
                if (rw / rh > target) {
                    rh = rw / target;
                } else {
                    rw = rh * target;
                }
            }
            case STRETCH -> {
            }
        }
        return new double[] {(cy - rh / 2) / fh, (cx - rw / 2) / fw, (cy + rh / 2) / fh, (cx + rw / 2) / fw};
    }

    /**
     * Writes one picture of the frame (its {@link #region} for {@code box}) as float values into {@code out}: the
     * input item that starts at {@code itemOffset}, at place {@code slot} of a clip (0 for a picture). For a
     * channels-first clip the picture's channel planes lie {@code frames} pictures apart.
     */
    public void fill(VideoFrame f, float[] box, float[] out, int itemOffset, int slot) {
        if (channelsFirst && frames > 1) {
            place(picture(f, box), out, itemOffset, slot);
            return;
        }
        double[] r = region(f.width(), f.height(), box);
        FrameSampler.crop(f, r[0], r[1], r[2], r[3], width, height, writer((i, v) -> out[i] = (float) v, itemOffset + slot * pictureSize()));
    }

    /** One picture of the frame as float values, laid out on its own (CHW or HWC), to be {@link #place placed} in clips later. */
    public float[] picture(VideoFrame f, float[] box) {
        float[] pic = new float[pictureSize()];
        double[] r = region(f.width(), f.height(), box);
        FrameSampler.crop(f, r[0], r[1], r[2], r[3], width, height, writer((i, v) -> pic[i] = (float) v, 0));
        return pic;
    }

    /** Copies a {@link #picture} into place {@code slot} of the clip (or picture) item that starts at {@code itemOffset}. */
    public void place(float[] picture, float[] out, int itemOffset, int slot) {
        if (!channelsFirst) {
            System.arraycopy(picture, 0, out, itemOffset + slot * pictureSize(), pictureSize());
            return;
        }
        int plane = width * height;
        for (int c = 0; c < channels; c++) {
            System.arraycopy(picture, c * plane, out, itemOffset + (c * frames + slot) * plane, plane);
        }
    }

    /** The input (batch 1, the card's element type) from the whole frame, fitted as the card says. */
    public TensorData tensor(VideoFrame f) {
        return tensor(f, region(f.width(), f.height(), null));
    }

    /** The input (batch 1, the card's element type) from a region of the frame, normalised {@code [y0, x0, y1, x1]}. */
    public TensorData tensor(VideoFrame f, double[] region) {
        requirePicture();
        if (ints) {
            int[] v = new int[pictureSize()];
            FrameSampler.crop(f, region[0], region[1], region[2], region[3], width, height, writer((i, x) -> v[i] = (int) x, 0));
            return TensorData.ofInts(v, shape(1));
        }
        float[] v = new float[pictureSize()];
        FrameSampler.crop(f, region[0], region[1], region[2], region[3], width, height, writer((i, x) -> v[i] = (float) x, 0));
        return TensorData.of(v, shape(1));
    }

    /**
     * The input (batch 1) from a rotated square of the frame: centre (cx, cy) and side in frame pixels, turned by
     * {@code angle} radians. For square inputs.
     */
    public TensorData rotated(VideoFrame f, double cx, double cy, double side, double angle) {
        requirePicture();
        if (width != height || ints) {
            throw new IllegalStateException("a rotated region fills square float32 inputs, not the " + width + "x" + height + " input of " + modelId);
        }
        float[] v = new float[pictureSize()];
        FrameSampler.rotated(f, cx, cy, side, angle, width, writer((i, x) -> v[i] = (float) x, 0));
        return TensorData.of(v, shape(1));
    }

    private void requirePicture() {
        if (clip) {
            throw new IllegalStateException("the clip input of " + modelId + " is filled picture by picture");
        }
    }

    /** Where a value goes: index into the output array and the value before its cast to the element type. */
    private interface Store {
        void put(int index, double value);
    }

    /** Turns samples into this input's values, written as one picture (CHW or HWC) from {@code at}. */
    private FrameSampler.Sink writer(Store out, int at) {
        if (channels == 1) {
            // Grey: BT.601 luma of the sample's R, G and B, each rounded to float32 first.
            return (p, r, g, b) -> out.put(at + p, value(0.2989 * (float) r + 0.5870 * (float) g + 0.1140 * (float) b, 0));
        }
        int step = channelsFirst ? width * height : 1;
        return (p, r, g, b) -> {
            int o = at + (channelsFirst ? p : 3 * p);
            out.put(o, value(bgr ? b : r, 0));
            out.put(o + step, value(g, 1));
            out.put(o + 2 * step, value(bgr ? r : b, 2));
        };
    }

    private double value(double pixel, int channel) {
        return (pixel * scale + offset - mean[channel]) / std[channel];
    }
}
