package org.dancelens.analysis;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dancelens.analysis.store.ExplainSettings;
import org.dancelens.analysis.store.Maps;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.analysis.store.RunKind;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;
import org.dancelens.core.TaskContext;
import org.dancelens.explain.CamMetrics;
import org.dancelens.explain.GradCam;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.video.VideoSource;

/**
 * Metrics of class-activation maps on video frames, shared by {@code dancelens explain --metrics} and stored map
 * runs: the foreground/background activation ratio against the dancers (their segmentation masks where the pose
 * model gave them, otherwise their keypoint hulls), the overlap of the strongest regions of consecutive frames'
 * maps, and faithfulness (deletion / insertion) on sampled frames.
 */
public final class ExplainMetrics {
    /** The strongest fraction of a map kept when two maps are compared (IoU). */
    public static final double TOP = 0.2;
    /** Keypoint hulls are grown by this fraction around their centre. */
    public static final double HULL_GROW = 0.15;
    /** Keypoints below this score are left out of the hull. */
    public static final float MIN_KEYPOINT_SCORE = 0.2f;
    /** A frame pixel belongs to a dancer where its mask probability is at least this. */
    public static final float MASK_THRESHOLD = 0.5f;
    /** Deletion / insertion steps. */
    public static final int FAITHFULNESS_STEPS = 10;

    /** Where the dancers' outline came from for the foreground/background ratio. */
    public enum MaskSource {
        SEGMENTATION("segmentation mask"), HULL("pose hull"), MODEL("person segmentation model"), NONE("unavailable");

        private final String label;

        MaskSource(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private ExplainMetrics() {
    }

    /** The keypoint hull of a dancer (points scoring at least {@link #MIN_KEYPOINT_SCORE}, grown), or null with fewer than 3. */
    public static double[][] hull(Pose p) {
        List<double[]> pts = new ArrayList<>();
        for (Keypoint k : p.keypoints()) {
            if (k.score() >= MIN_KEYPOINT_SCORE) {
                pts.add(new double[] {k.x(), k.y()});
            }
        }
        return pts.size() >= 3 ? CamMetrics.hull(pts.toArray(new double[0][]), HULL_GROW) : null;
    }

    /**
     * The dancers of one frame as a foreground test: each dancer's segmentation mask when {@code useMasks} and it
     * has one, else its keypoint hull; null when no dancer gives an outline.
     */
    public static CamMetrics.Foreground dancers(List<Pose> poses, boolean useMasks) {
        List<CamMetrics.Foreground> parts = new ArrayList<>();
        for (Pose p : poses) {
            if (useMasks && p.mask() != null) {
                org.dancelens.core.RegionMask mk = p.mask();
                parts.add((x, y) -> mk.valueAt(x, y) >= MASK_THRESHOLD);
            } else {
                double[][] h = hull(p);
                if (h != null) {
                    parts.add((x, y) -> CamMetrics.contains(h, x, y));
                }
            }
        }
        if (parts.isEmpty()) {
            return null;
        }
        return (x, y) -> {
            for (CamMetrics.Foreground f : parts) {
                if (f.contains(x, y)) {
                    return true;
                }
            }
            return false;
        };
    }

    /** Foreground/background ratio of a map against the dancers of its frame (NaN when none or no pixel on one side). */
    public static double foregroundRatio(float[] map, int h, int w, double[] region, int frameW, int frameH, List<Pose> poses, boolean useMasks) {
        CamMetrics.Foreground fg = dancers(poses, useMasks);
        return fg == null ? Double.NaN : CamMetrics.foregroundRatio(map, h, w, region, frameW, frameH, fg);
    }

    /** Overlap (IoU) of the strongest {@link #TOP} of two maps. */
    public static double consistency(float[] a, int ah, int aw, float[] b, int bh, int bw) {
        return CamMetrics.iou(a, ah, aw, b, bh, bw, TOP);
    }

    /** One frame's metrics (NaN where not measured). */
    public record FrameMetrics(int frame, int classIndex, String label, double fgBgRatio, double consistencyIou, double deletionAuc,
                               double insertionAuc) {
    }

    /**
     * Means over a run: the foreground/background ratio over the frames where it is finite, the IoU over pairs of
     * consecutive stored frames, deletion and insertion areas over the sampled frames.
     */
    public record Summary(int frames, MaskSource maskSource, Long poseRunId, double meanFgBgRatio, int fgBgFrames, double meanConsistencyIou,
                          int consistencyPairs, double meanDeletionAuc, double meanInsertionAuc, int faithfulnessFrames) {
    }

    /** The metrics of a stored map run. */
    public record RunMetrics(Run run, List<String> labels, List<FrameMetrics> frames, Summary summary) {
    }

    /** A stored low-resolution map upsampled to the model's input size, as the on-demand map is made. */
    public static float[] upsampled(Maps.MapFrame f, int height, int width) {
        return height > 0 && width > 0 ? GradCam.resizeBilinear(f.map(), f.height(), f.width(), height, width) : f.map();
    }

    /**
     * The pose run whose dancers measure a video's maps: the newest one with segmentation masks, else the newest
     * one; null when the video has none.
     */
    static Run poseRun(ResultsStore store, String videoPath) {
        List<Run> runs = store.runs().list(videoPath, RunKind.POSE).stream().filter(r -> r.framesDone() > 0).toList();
        return runs.stream().filter(r -> store.poses().hasMasks(r.id())).findFirst().orElse(runs.isEmpty() ? null : runs.get(0));
    }

    /** Foreground/background ratio and consecutive-frame IoU of every stored map of a run (no model runs). */
    public static RunMetrics ofRun(ResultsStore store, long runId, TaskContext ctx) {
        Run run = store.runs().find(runId).filter(r -> r.kind() == RunKind.EXPLAIN)
                .orElseThrow(() -> DanceLensException.badInput("There is no stored explain run " + runId + "."));
        ExplainSettings rs = ExplainSettings.of(run);
        Run pose = poseRun(store, run.spec().videoPath());
        boolean masks = pose != null && store.poses().hasMasks(pose.id());
        MaskSource source = pose == null ? MaskSource.NONE : masks ? MaskSource.SEGMENTATION : MaskSource.HULL;
        Map<Integer, List<Pose>> poses = pose == null ? Map.of() : store.poses().read(pose.id(), run.spec().fromFrame(), run.spec().toFrame(), true);
        Map<Integer, Maps.MapFrame> maps = store.maps().read(runId, run.spec().fromFrame(), run.spec().toFrame());
        List<FrameMetrics> out = new ArrayList<>();
        float[] prev = null;
        int prevFrame = Integer.MIN_VALUE;
        int i = 0;
        int step = rs.every();
        for (Maps.MapFrame f : maps.values()) {
            ctx.checkCancelled();
            float[] map = upsampled(f, rs.inputHeight(), rs.inputWidth());
            int h = rs.inputHeight() > 0 ? rs.inputHeight() : f.height();
            int w = rs.inputWidth() > 0 ? rs.inputWidth() : f.width();
            double fg = pose == null ? Double.NaN
                    : foregroundRatio(map, h, w, f.region(), rs.frameWidth(), rs.frameHeight(), poses.getOrDefault(f.frame(), List.of()), masks);
            double iou = prev != null && prevFrame == f.frame() - step ? consistency(map, h, w, prev, h, w) : Double.NaN;
            out.add(new FrameMetrics(f.frame(), f.classIndex(), f.classIndex() < rs.labels().size() ? rs.labels().get(f.classIndex()) : "",
                    fg, iou, Double.NaN, Double.NaN));
            prev = map;
            prevFrame = f.frame();
            if ((++i & 31) == 0) {
                ctx.progress((double) i / maps.size(), "measuring map " + i + "/" + maps.size());
            }
        }
        return new RunMetrics(run, rs.labels(), out, summary(out, source, pose == null ? null : pose.id()));
    }

    /**
     * Adds deletion / insertion areas on {@code sample} frames spread evenly over the run (model runs: 2 x
     * ({@link #FAITHFULNESS_STEPS} + 1) per frame), decoding those frames again. The stored map, upsampled to the
     * input, is what is measured.
     */
    public static RunMetrics withFaithfulness(RunMetrics m, ResultsStore store, ModelRegistry.Entry model, int sample, OrtRuntime.Device device,
                                              TaskContext ctx) {
        if (sample <= 0 || m.frames().isEmpty()) {
            return m;
        }
        Run run = m.run();
        if (!model.card().id().equals(run.spec().modelId())) {
            throw DanceLensException.badInput("The maps were made by " + run.spec().modelId() + ", not " + model.card().id() + ".");
        }
        Map<Integer, Maps.MapFrame> maps = store.maps().read(run.id(), run.spec().fromFrame(), run.spec().toFrame());
        List<FrameMetrics> frames = new ArrayList<>(m.frames());
        int n = Math.min(sample, frames.size());
        ExplainSettings es = ExplainSettings.of(run);
        try (VideoSource src = VideoSource.open(Path.of(run.spec().videoPath()), TaskContext.NONE, 64L << 20, 0);
             FrameExplainer ex = FrameExplainer.open(model, es.layer(), es.without(), false, device)) { // the metrics only read scores
            int h = ex.recipe().height();
            int w = ex.recipe().width();
            for (int k = 0; k < n; k++) {
                ctx.checkCancelled();
                ctx.progress((double) k / n, "faithfulness " + (k + 1) + "/" + n);
                int idx = n == 1 ? 0 : (int) Math.round((double) k * (frames.size() - 1) / (n - 1));
                FrameMetrics fm = frames.get(idx);
                Maps.MapFrame cf = maps.get(fm.frame());
                GradCam.Cam cam = new GradCam.Cam(null, cf.classIndex(), cf.map(), cf.height(), cf.width(), upsampled(cf, h, w), h, w);
                FrameExplainer.Faithfulness fa = ex.faithfulness(src.frame(fm.frame()),
                        new FrameExplainer.Result(cf.classIndex(), fm.label(), null, cam, cf.region()), FAITHFULNESS_STEPS);
                frames.set(idx, new FrameMetrics(fm.frame(), fm.classIndex(), fm.label(), fm.fgBgRatio(), fm.consistencyIou(), fa.deletionAuc(),
                        fa.insertionAuc()));
            }
        }
        return new RunMetrics(run, m.labels(), frames, summary(frames, m.summary().maskSource(), m.summary().poseRunId()));
    }

    /**
     * The foreground/background ratios again, against the mask a person segmentation model (e.g. the zoo's
     * selfie-segmentation) gives each stored frame (probability at least {@link #MASK_THRESHOLD}); the frames are
     * decoded again, in order. The other metrics stay as they were.
     */
    public static RunMetrics withSegmenter(RunMetrics m, ResultsStore store, ModelRegistry.Entry segmenter, OrtRuntime.Device device,
                                           TaskContext ctx) {
        if (m.frames().isEmpty()) {
            return m;
        }
        Run run = m.run();
        Map<Integer, Integer> index = new java.util.HashMap<>();
        for (int i = 0; i < m.frames().size(); i++) {
            index.put(m.frames().get(i).frame(), i);
        }
        List<FrameMetrics> frames = new ArrayList<>(m.frames());
        ExplainSettings rs = ExplainSettings.of(run);
        int first = frames.get(0).frame();
        int last = frames.get(frames.size() - 1).frame();
        Map<Integer, Maps.MapFrame> maps = store.maps().read(run.id(), run.spec().fromFrame(), run.spec().toFrame());
        try (VideoSource src = VideoSource.open(Path.of(run.spec().videoPath()), TaskContext.NONE, 64L << 20, 0);
             org.dancelens.pose.PersonSegmenter seg = org.dancelens.pose.PersonSegmenter.open(segmenter, device)) {
            int[] done = {0};
            src.read(first, last + 1, f -> {
                Integer i = index.get(f.index());
                if (i == null) {
                    return true;
                }
                FrameMetrics fm = frames.get(i);
                Maps.MapFrame cf = maps.get(f.index());
                float[] map = upsampled(cf, rs.inputHeight(), rs.inputWidth());
                int h = rs.inputHeight() > 0 ? rs.inputHeight() : cf.height();
                int w = rs.inputWidth() > 0 ? rs.inputWidth() : cf.width();
                org.dancelens.pose.PersonSegmenter.Mask mask = seg.segment(f);
                double fg = CamMetrics.foregroundRatio(map, h, w, cf.region(), f.width(), f.height(),
                        (x, y) -> mask.valueAt(x, y, f.width(), f.height()) >= MASK_THRESHOLD);
                frames.set(i, new FrameMetrics(fm.frame(), fm.classIndex(), fm.label(), fg, fm.consistencyIou(), fm.deletionAuc(), fm.insertionAuc()));
                ctx.progress((double) ++done[0] / frames.size(), "person mask " + done[0] + "/" + frames.size());
                return true;
            }, n -> {
                // The frame cannot be decoded now: it has no model mask, so its ratio against one is unknown (never the old one).
                Integer i = index.get(n);
                if (i != null) {
                    FrameMetrics fm = frames.get(i);
                    frames.set(i, new FrameMetrics(fm.frame(), fm.classIndex(), fm.label(), Double.NaN, fm.consistencyIou(), fm.deletionAuc(),
                            fm.insertionAuc()));
                }
            }, ctx);
        }
        return new RunMetrics(run, m.labels(), frames, summary(frames, MaskSource.MODEL, null));
    }

    static Summary summary(List<FrameMetrics> frames, MaskSource source, Long poseRunId) {
        double fg = 0;
        int nfg = 0;
        double iou = 0;
        int niou = 0;
        double del = 0;
        double ins = 0;
        int nf = 0;
        for (FrameMetrics f : frames) {
            if (Double.isFinite(f.fgBgRatio())) {
                fg += f.fgBgRatio();
                nfg++;
            }
            if (!Double.isNaN(f.consistencyIou())) {
                iou += f.consistencyIou();
                niou++;
            }
            if (!Double.isNaN(f.deletionAuc())) {
                del += f.deletionAuc();
                ins += f.insertionAuc();
                nf++;
            }
        }
        return new Summary(frames.size(), source, poseRunId, nfg == 0 ? Double.NaN : fg / nfg, nfg, niou == 0 ? Double.NaN : iou / niou, niou,
                nf == 0 ? Double.NaN : del / nf, nf == 0 ? Double.NaN : ins / nf, nf);
    }
}
