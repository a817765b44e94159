package org.dancelens.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.dancelens.core.TaskContext;

/**
 * Two explanation-map runs of one video compared frame by frame: the IoU of the two maps' strongest 20% of cells and
 * Spearman's rank correlation of the maps.
 *
 * <p>The maps are first brought onto one grid: the part of the frame both maps cover (each map covers a region of the
 * frame, e.g. a centre crop), divided into as many cells as the finer map has rows and columns; each map is sampled at
 * the cells' centres bilinearly (a map already on that grid is sampled at its own cells, unchanged). "Strongest 20%":
 * every cell at least as strong as the {@code ceil(0.2 n)}-th strongest ({@link Agreement#strongest}), so ties can make
 * the set larger. Spearman uses average ranks for ties; it is NaN when a map is constant on the grid.
 */
public final class MapComparison {
    /** The share of cells counted as a map's strongest. */
    public static final double TOP_FRACTION = 0.2;

    /**
     * One stored map.
     *
     * @param map    {@code height x width}, row-major
     * @param region the part of the frame it covers, normalised {y0, x0, y1, x1}
     */
    public record ExplainMap(int frame, int classIndex, int height, int width, float[] map, double[] region) {
        public ExplainMap {
            if (map.length != height * width) {
                throw new IllegalArgumentException("a " + height + "x" + width + " map needs " + height * width + " values");
            }
        }
    }

    /** One frame: the classes the maps explain, the common grid, IoU of the strongest cells, Spearman (NaN when undefined). */
    public record Frame(int frame, int classA, int classB, int gridHeight, int gridWidth, double iou, double spearman) {
    }

    /**
     * @param resampled frames whose maps needed resampling (different sizes or regions)
     * @param disjoint  frames whose maps cover no common part of the frame (not compared)
     */
    public record Summary(int frames, int framesOnlyA, int framesOnlyB, double meanIou, double meanSpearman, int spearmanUndefined, int resampled,
                          int disjoint) {
    }

    public record Result(List<Frame> frames, Summary summary) {
    }

    private MapComparison() {
    }

    /** A map on the common grid: its values at the grid's cell centres. */
    record Grid(int height, int width, double y0, double x0, double y1, double x1) {
        double[] sample(ExplainMap m) {
            double[] r = m.region();
            double[] out = new double[height * width];
            for (int i = 0; i < height; i++) {
                double y = y0 + (i + 0.5) / height * (y1 - y0);
                double u = (y - r[0]) / (r[2] - r[0]) * m.height() - 0.5;
                for (int j = 0; j < width; j++) {
                    double x = x0 + (j + 0.5) / width * (x1 - x0);
                    double v = (x - r[1]) / (r[3] - r[1]) * m.width() - 0.5;
                    out[i * width + j] = bilinear(m, u, v);
                }
            }
            return out;
        }

        private static double bilinear(ExplainMap m, double u, double v) {
            u = Math.max(0, Math.min(m.height() - 1, u));
            v = Math.max(0, Math.min(m.width() - 1, v));
            int r0 = (int) Math.floor(u);
            int c0 = (int) Math.floor(v);
            int r1 = Math.min(r0 + 1, m.height() - 1);
            int c1 = Math.min(c0 + 1, m.width() - 1);
            double fu = u - r0;
            double fv = v - c0;
            float[] a = m.map();
            int w = m.width();
            double top = a[r0 * w + c0] * (1 - fv) + a[r0 * w + c1] * fv;
            double bottom = a[r1 * w + c0] * (1 - fv) + a[r1 * w + c1] * fv;
            return top * (1 - fu) + bottom * fu;
        }
    }

    /** The common grid of two maps, or null when their regions do not overlap. */
    static Grid grid(ExplainMap a, ExplainMap b) {
        double y0 = Math.max(a.region()[0], b.region()[0]);
        double x0 = Math.max(a.region()[1], b.region()[1]);
        double y1 = Math.min(a.region()[2], b.region()[2]);
        double x1 = Math.min(a.region()[3], b.region()[3]);
        if (!(y1 > y0) || !(x1 > x0)) {
            return null;
        }
        // As many cells over the common part as the finer map has over its own region there.
        int h = Math.max(cells(a.height(), y1 - y0, a.region()[2] - a.region()[0]), cells(b.height(), y1 - y0, b.region()[2] - b.region()[0]));
        int w = Math.max(cells(a.width(), x1 - x0, a.region()[3] - a.region()[1]), cells(b.width(), x1 - x0, b.region()[3] - b.region()[1]));
        return new Grid(h, w, y0, x0, y1, x1);
    }

    private static int cells(int n, double part, double whole) {
        return Math.max(1, (int) Math.round(n * part / whole));
    }

    private static boolean sameGrid(ExplainMap a, ExplainMap b) {
        return a.height() == b.height() && a.width() == b.width() && java.util.Arrays.equals(a.region(), b.region());
    }

    /** One frame compared; null when the maps cover no common part of the frame. */
    public static Frame compare(ExplainMap a, ExplainMap b) {
        double[] va;
        double[] vb;
        int h;
        int w;
        if (sameGrid(a, b)) {
            h = a.height();
            w = a.width();
            va = toDouble(a.map());
            vb = toDouble(b.map());
        } else {
            Grid g = grid(a, b);
            if (g == null) {
                return null;
            }
            h = g.height();
            w = g.width();
            va = g.sample(a);
            vb = g.sample(b);
        }
        double iou = Agreement.iou(Agreement.strongest(va, TOP_FRACTION), Agreement.strongest(vb, TOP_FRACTION));
        return new Frame(a.frame(), a.classIndex(), b.classIndex(), h, w, iou, Agreement.spearman(va, vb));
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** Compares the frames both runs hold a map for. */
    public static Result compare(Map<Integer, ExplainMap> a, Map<Integer, ExplainMap> b, TaskContext ctx) {
        SortedMap<Integer, ExplainMap> common = new TreeMap<>(a);
        common.keySet().retainAll(b.keySet());
        List<Frame> frames = new ArrayList<>();
        int resampled = 0;
        int disjoint = 0;
        int done = 0;
        double iou = 0;
        double rho = 0;
        int rhoN = 0;
        for (ExplainMap ma : common.values()) {
            if ((done++ & 15) == 0) {
                ctx.checkCancelled();
                ctx.progress((double) done / common.size(), "frame " + ma.frame());
            }
            ExplainMap mb = b.get(ma.frame());
            resampled += sameGrid(ma, mb) ? 0 : 1;
            Frame f = compare(ma, mb);
            if (f == null) {
                disjoint++;
                continue;
            }
            frames.add(f);
            iou += f.iou();
            if (!Double.isNaN(f.spearman())) {
                rho += f.spearman();
                rhoN++;
            }
        }
        ctx.progress(1, "done");
        int onlyA = (int) a.keySet().stream().filter(k -> !b.containsKey(k)).count();
        int onlyB = (int) b.keySet().stream().filter(k -> !a.containsKey(k)).count();
        return new Result(List.copyOf(frames), new Summary(frames.size(), onlyA, onlyB, frames.isEmpty() ? Double.NaN : iou / frames.size(),
                rhoN == 0 ? Double.NaN : rho / rhoN, frames.size() - rhoN, resampled, disjoint));
    }
}
