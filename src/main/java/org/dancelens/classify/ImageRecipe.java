package org.dancelens.classify;

import java.util.List;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.VideoFrame;
import org.dancelens.inference.ModelCard;
import org.dancelens.pose.CropSampler;

/**
 * How one picture becomes an image model's input, as the card's first input describes it: the size from its
 * shape, the layout (channels first or last), {@code resize} ({@code stretch}, {@code center-crop} or
 * {@code letterbox}), colour order, {@code value = (pixel * scale + offset - mean) / std} and the region
 * ({@code frame}, or {@code person}: a dancer's box with a 10% margin). Sampling is bilinear.
 *
 * @param channelsFirst true for NCHW / NCTHW, false for NHWC / NTHWC
 * @param frames        frames per input (1 for frame models, T for clip models)
 */
public record ImageRecipe(String modelId, String inputName, int width, int height, int frames, boolean channelsFirst, String resize,
                          boolean bgr, double scale, double offset, double[] mean, double[] std, boolean personCrop, int channels) {

    public static ImageRecipe of(ModelCard card, boolean clip) {
        ModelCard.TensorSpec in = card.inputs().get(0);
        List<Long> s = in.shape();
        int rank = clip ? 5 : 4;
        if (s == null || s.size() != rank) {
            throw DanceLensException.badInput("The input '" + in.name() + "' of " + card.id() + " must be " + rank + "-D ("
                    + (clip ? "NCTHW or NTHWC" : "NCHW or NHWC") + "); its card gives " + s + ".");
        }
        String layout = in.layout() == null ? "" : in.layout().toUpperCase(java.util.Locale.ROOT);
        boolean first;
        if (layout.equals(clip ? "NCTHW" : "NCHW")) {
            first = true;
        } else if (layout.equals(clip ? "NTHWC" : "NHWC")) {
            first = false;
        } else {
            throw DanceLensException.badInput("The input '" + in.name() + "' of " + card.id() + " has the layout '" + in.layout() + "'; expected "
                    + (clip ? "NCTHW or NTHWC" : "NCHW or NHWC") + ".");
        }
        int t = clip ? (int) (long) (first ? s.get(2) : s.get(1)) : 1;
        int h = (int) (long) s.get(rank - (first ? 2 : 3));
        int w = (int) (long) s.get(rank - (first ? 1 : 2));
        long c = first ? s.get(1) : s.get(rank - 1);
        if (c != 3 && c != 1 || h < 1 || w < 1 || t < 1) {
            throw DanceLensException.badInput("The input '" + in.name() + "' of " + card.id() + " must have 3 colour channels (or 1 grey) and a fixed size"
                    + (clip ? " and length" : "") + "; its card gives " + s + " (" + in.layout() + ").");
        }
        ModelCard.Preprocess p = in.preprocess();
        String resize = p == null || p.resize() == null ? "stretch" : p.resize();
        if (!List.of("stretch", "center-crop", "letterbox").contains(resize)) {
            throw DanceLensException.badInput("The card of " + card.id() + " asks to resize by '" + resize + "' (stretch, center-crop or letterbox).");
        }
        String order = p == null || p.colorOrder() == null ? "RGB" : p.colorOrder().toUpperCase(java.util.Locale.ROOT);
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
        double[] mean = p == null || p.mean() == null ? new double[n] : p.mean().stream().mapToDouble(Double::doubleValue).toArray();
        double[] std = p == null || p.std() == null ? filled(n, 1) : p.std().stream().mapToDouble(Double::doubleValue).toArray();
        if (mean.length != n || std.length != n) {
            throw DanceLensException.badInput("The card of " + card.id() + " must give " + n + " mean and " + n + " std values.");
        }
        String crop = p == null || p.crop() == null ? "frame" : p.crop();
        if (!crop.equals("frame") && !crop.equals("person")) {
            throw DanceLensException.badInput("The card of " + card.id() + " gives the crop '" + crop + "' (frame or person).");
        }
        return new ImageRecipe(card.id(), in.name(), w, h, t, first, resize, order.equals("BGR"), p == null || p.scale() == null ? 1.0 / 255 : p.scale(),
                p == null || p.offset() == null ? 0 : p.offset(), mean, std, crop.equals("person"), n);
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    /** Values of one picture: {@code channels * width * height}. */
    public int pictureSize() {
        return channels * width * height;
    }

    /** The region of the frame (normalised {y0, x0, y1, x1}) that fills the input; {@code box} in pixels or null. */
    public double[] region(int fw, int fh, float[] box) {
        double x0 = 0;
        double y0 = 0;
        double x1 = fw;
        double y1 = fh;
        if (box != null) {
            double mx = 0.1 * (box[2] - box[0]);
            double my = 0.1 * (box[3] - box[1]);
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
            case "center-crop" -> {
                if (rw / rh > target) {
                    rw = rh * target;
                } else {
                    rh = rw / target;
                }
            }
            case "letterbox" -> {
                if (rw / rh > target) {
                    rh = rw / target;
                } else {
                    rw = rh * target;
                }
            }
            default -> {
            }
        }
        return new double[] {(cy - rh / 2) / fh, (cx - rw / 2) / fw, (cy + rh / 2) / fh, (cx + rw / 2) / fw};
    }

    /**
     * Writes one picture into {@code out}. For channels-first clips the picture's channel planes are {@code frames}
     * pictures apart, so {@code slot} (the picture's place in the clip) is needed.
     */
    public void fill(VideoFrame f, float[] box, float[] out, int itemOffset, int slot) {
        double[] r = region(f.width(), f.height(), box);
        if (channels == 1) {
            // grey: BT.601 luma of the sampled RGB, then value = (luma * scale + offset - mean) / std
            float[] rgb = new float[3 * width * height];
            CropSampler.normalized(f, r[0], r[1], r[2], r[3], width, height, 1, 0, new double[3], new double[] {1, 1, 1}, false, false, rgb, 0);
            int at = itemOffset + slot * pictureSize();
            for (int i = 0; i < width * height; i++) {
                double luma = 0.2989 * rgb[3 * i] + 0.5870 * rgb[3 * i + 1] + 0.1140 * rgb[3 * i + 2];
                out[at + i] = (float) ((luma * scale + offset - mean[0]) / std[0]);
            }
            return;
        }
        if (!channelsFirst) {
            CropSampler.normalized(f, r[0], r[1], r[2], r[3], width, height, scale, offset, mean, std, false, bgr, out, itemOffset + slot * pictureSize());
            return;
        }
        if (frames == 1) {
            CropSampler.normalized(f, r[0], r[1], r[2], r[3], width, height, scale, offset, mean, std, true, bgr, out, itemOffset);
            return;
        }
        float[] chw = new float[pictureSize()];
        CropSampler.normalized(f, r[0], r[1], r[2], r[3], width, height, scale, offset, mean, std, true, bgr, chw, 0);
        int plane = width * height;
        for (int c = 0; c < channels; c++) {
            System.arraycopy(chw, c * plane, out, itemOffset + (c * frames + slot) * plane, plane);
        }
    }
}
