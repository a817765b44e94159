package org.dancelens.pose;

import java.util.List;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.VideoFrame;
import org.dancelens.inference.ModelCard;
import org.dancelens.inference.TensorData;

/** An image input as a card describes it: size, layout, scaling and mean/std; samples a normalised crop into it. */
record ImageModelInput(String name, int width, int height, boolean nchw, double scale, double[] mean, double[] std) {

    static ImageModelInput of(ModelCard card) {
        ModelCard.TensorSpec in = card.inputs().get(0);
        List<Long> s = in.shape();
        if (s == null || s.size() != 4) {
            throw DanceLensException.badInput("The input '" + in.name() + "' of " + card.id() + " must be a 4-D image tensor; its card gives "
                    + s + ".");
        }
        boolean nchw = "NCHW".equalsIgnoreCase(in.layout());
        int h = (int) (long) (nchw ? s.get(2) : s.get(1));
        int w = (int) (long) (nchw ? s.get(3) : s.get(2));
        ModelCard.Preprocess p = in.preprocess();
        double scale = p == null || p.scale() == null ? 1.0 / 255 : p.scale();
        double[] mean = p == null || p.mean() == null ? new double[3] : p.mean().stream().mapToDouble(Double::doubleValue).toArray();
        double[] std = p == null || p.std() == null ? new double[] {1, 1, 1} : p.std().stream().mapToDouble(Double::doubleValue).toArray();
        if (mean.length != 3 || std.length != 3) {
            throw DanceLensException.badInput("The card of " + card.id() + " must give 3 mean and 3 std values (RGB).");
        }
        return new ImageModelInput(in.name(), w, h, nchw, scale, mean, std);
    }

    /** The normalised region {y0, x0, y1, x1} (normalised frame coordinates). */
    TensorData sample(VideoFrame f, double[] region) {
        return CropSampler.normalized(f, region[0], region[1], region[2], region[3], width, height, scale, mean, std, nchw);
    }

    /** The whole frame letterboxed (centred, black bars) to the input's aspect: normalised {y0, x0, y1, x1}. */
    double[] letterbox(int fw, int fh) {
        double s = Math.min((double) width / fw, (double) height / fh);
        double padX = (width / s - fw) / 2;
        double padY = (height / s - fh) / 2;
        return new double[] {-padY / fh, -padX / fw, (fh + padY) / fh, (fw + padX) / fw};
    }
}
