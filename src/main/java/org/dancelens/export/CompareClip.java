package org.dancelens.export;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;
import org.dancelens.analysis.ClassifyAnalysis;
import org.dancelens.analysis.ComparisonLanes;
import org.dancelens.analysis.RunComparison;
import org.dancelens.analysis.store.ExplainSettings;
import org.dancelens.analysis.store.Maps;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.analysis.store.RunKind;
import org.dancelens.compare.PoseAlignment;
import org.dancelens.compare.PoseComparison;
import org.dancelens.compare.PoseDescription;
import org.dancelens.core.AtomicFiles;
import org.dancelens.core.CancelledException;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.Pose;
import org.dancelens.core.ScoreSeries;
import org.dancelens.core.TaskContext;
import org.dancelens.core.VideoFrame;
import org.dancelens.render.OverlayScene;
import org.dancelens.render.SceneBuilder;
import org.dancelens.render.SceneStyle;
import org.dancelens.render.TimelineStrip;
import org.dancelens.render.Viewport;
import org.dancelens.video.SyncClock;
import org.dancelens.video.VideoSource;

/**
 * A comparison as one annotated clip: two runs of one video, or two videos on one clock ({@link SyncClock}), side by
 * side (A left, B right, each in a panel of A's frame size) or in one picture (two pose runs: B's skeletons over A's in
 * the player's comparison style, {@link OverlayScene#comparePoses}; two videos: B laid over A as translucent as
 * {@code opacity} says), with the comparison's lanes under the picture and a playhead moving over them
 * ({@link TimelineStrip}). Each side is drawn as {@code export frame} draws it ({@link FrameExport#picture}: the
 * player's scene and renderer), composed with Java2D, and encoded by the clip exporter's pieces
 * ({@link ClipExporter#start}: H.264 in MP4 with {@code +faststart}; {@link EncodeStage}; the audio of video A for the
 * clip's time span; written to a temporary file and renamed when complete, so a cancel or a failure leaves no file).
 *
 * <p>The clip's frames are video A's frames of the range, at their own times (a variable-frame-rate A keeps its
 * rhythm); on two videos B shows, at each, the frame the clock names: the one whose presentation interval holds A's
 * frame time minus A's sync time plus B's. Where B has no frame (before its start, after its end) or its frame cannot
 * be decoded, its panel says so in a sentence instead of a picture.
 */
public final class CompareClip {
    /** How the two sides are laid out. */
    public enum Layout {
        /** A in the left half, B in the right (the clip twice A's width). */
        SIDE_BY_SIDE,
        /** One picture: B's skeletons over A's (two runs), or B's video over A's (two videos). */
        OVERLAID;

        public String key() {
            return this == SIDE_BY_SIDE ? "side" : "over";
        }

        public static Layout parse(String s) {
            if (s == null) {
                return SIDE_BY_SIDE;
            }
            return switch (s.strip().toLowerCase(Locale.ROOT)) {
                case "side", "side-by-side", "sidebyside" -> SIDE_BY_SIDE;
                case "over", "overlaid", "superposed", "superpose" -> OVERLAID;
                default -> throw DanceLensException.badInput("There is no layout called '" + s + "'; choose side (side by side) or over (overlaid).");
            };
        }
    }

    /** Lanes of a pose comparison shown at most: the dancers of A matched in the most frames. */
    static final int MAX_DANCER_LANES = 4;
    /** Pictures drawn ahead of the encoder. */
    private static final int ENCODE_AHEAD = 3;
    private static final Color EMPTY = new Color(0x22262c);
    private static final Color NOTE = new Color(0xe0a458);

    /**
     * What is drawn and how it is encoded, for both cases.
     *
     * @param layout   side by side or overlaid
     * @param from     first frame of video A (inclusive)
     * @param to       last frame of A (exclusive), -1 for the default (the frames both sides cover)
     * @param layers   the pose layers drawn ({@link SceneBuilder#layers})
     * @param scale    the panel's size over A's frame size (rounded to even numbers)
     * @param opacity  how opaque B is over A (two videos overlaid), 0..1
     * @param mirrorA  A drawn mirrored (left and right swapped, its overlays with it)
     * @param mirrorB  B drawn mirrored
     * @param style    how the overlays look
     */
    public record Look(Layout layout, int from, int to, Set<OverlayScene.Layer> layers, double scale, double opacity, boolean mirrorA, boolean mirrorB,
                       ClipExporter.Encoding encoding, SceneStyle style) {
        public Look {
            layers = Set.copyOf(layers);
            java.util.Objects.requireNonNull(style, "style");
            java.util.Objects.requireNonNull(encoding, "encoding");
        }

        /** Side by side, the frames both sides cover, skeletons and boxes, A's size, B half opaque, nothing mirrored. */
        public static Look defaults() {
            return new Look(Layout.SIDE_BY_SIDE, 0, -1, SceneBuilder.layers(true, true, false), 1, 0.5, false, false, ClipExporter.Encoding.DEFAULT,
                    SceneStyle.PLAYER_DEFAULTS);
        }

        public Look layout(Layout l) {
            return new Look(l, from, to, layers, scale, opacity, mirrorA, mirrorB, encoding, style);
        }

        public Look range(int f, int t) {
            return new Look(layout, f, t, layers, scale, opacity, mirrorA, mirrorB, encoding, style);
        }

        public Look layers(Set<OverlayScene.Layer> l) {
            return new Look(layout, from, to, l, scale, opacity, mirrorA, mirrorB, encoding, style);
        }

        public Look scaled(double s) {
            return new Look(layout, from, to, layers, s, opacity, mirrorA, mirrorB, encoding, style);
        }

        public Look opacity(double o) {
            return new Look(layout, from, to, layers, scale, o, mirrorA, mirrorB, encoding, style);
        }

        public Look mirrored(boolean a, boolean b) {
            return new Look(layout, from, to, layers, scale, opacity, a, b, encoding, style);
        }

        public Look encoding(ClipExporter.Encoding e) {
            return new Look(layout, from, to, layers, scale, opacity, mirrorA, mirrorB, e, style);
        }

        public Look style(SceneStyle s) {
            return new Look(layout, from, to, layers, scale, opacity, mirrorA, mirrorB, encoding, s);
        }
    }

    /**
     * What was written.
     *
     * @param frames      frames in the clip (video A's frames of the range that could be decoded)
     * @param fromFrame   A's first frame
     * @param toFrame     A's frame after the last
     * @param width       clip width
     * @param height      clip height (picture and lanes)
     * @param laneHeight  height of the lanes under the picture (0: none)
     * @param audio       whether the clip has A's audio
     * @param undecodable frames of A's range left out (undecodable)
     * @param bMissing    clip frames where B had no frame to show (outside its video or undecodable): its panel says so
     * @param lanes       the lanes' title, or empty
     * @param seconds     wall time
     */
    public record Result(int frames, int fromFrame, int toFrame, int width, int height, int laneHeight, boolean audio, int undecodable, int bMissing,
                         String lanes, double seconds) {
    }

    private CompareClip() {
    }

    // ---------------------------------------------------------------- two runs of one video

    /**
     * Two runs of one video (A the reference) as a clip: pose runs as skeletons (overlaid: B dashed in the comparison
     * colour over A), classify runs as each run's top label (side by side), explain runs as each run's heat map (side by
     * side); under the picture the comparison's lanes ({@link #lanes}).
     */
    public static Result runs(ResultsStore store, long runA, long runB, Path out, Look look, TaskContext ctx) {
        long t0 = System.nanoTime();
        ClipExporter.check(out, look.encoding());
        look.style().checked();
        Run a = RunComparison.find(store, runA, "Run A");
        Run b = RunComparison.find(store, runB, "Run B");
        RunComparison.check(a, b);
        if (look.layout() == Layout.OVERLAID && a.kind() != RunKind.POSE) {
            throw DanceLensException.badInput("Runs " + a.id() + " and " + b.id() + " are " + a.kind().key()
                    + " runs: only pose runs can be overlaid (B's skeletons over A's); choose the side-by-side layout.");
        }
        for (Run r : List.of(a, b)) {
            if (!r.finished()) {
                throw DanceLensException.badInput("Run " + r.id() + " (" + r.modelId() + ") is " + r.status().key() + " (" + r.framesDone() + " of "
                        + r.spec().frames() + " frames): a clip of it would show frames without results as if nothing were there; finish it first.");
            }
        }
        Path video = Path.of(a.videoPath());
        if (!Files.isRegularFile(video)) {
            throw DanceLensException.badInput("The video of runs " + a.id() + " and " + b.id() + ", " + video + ", is no longer there.");
        }
        int lo = Math.max(a.spec().fromFrame(), b.spec().fromFrame());
        int hi = Math.min(a.spec().toFrame(), b.spec().toFrame());
        int from = look.to() < 0 && look.from() == 0 ? lo : look.from();
        int to = look.to() < 0 ? hi : look.to();
        if (from < lo || to > hi || to <= from) {
            throw DanceLensException.badInput("Runs " + a.id() + " and " + b.id() + " both cover frames " + lo + " to " + (hi - 1) + ", not all of "
                    + from + " to " + (to - 1) + "; choose a range inside them.");
        }
        RunComparison.Outcome outcome = RunComparison.compare(store, a, b, ctx.scaled(0, 0.1, "Comparing: "));
        try (VideoSource src = VideoSource.open(video, ctx.scaled(0.1, 0.15, "Indexing: "), 64L << 20, 0)) {
            if (to > src.frameCount()) {
                throw DanceLensException.badInput("The runs cover frames up to " + (to - 1) + " but " + video.getFileName() + " now has "
                        + src.frameCount() + " frames: analyse it again.");
            }
            Side sa = side(store, a, from, to, look);
            Side sb = side(store, b, from, to, look);
            TimelineStrip.Lanes lanes = lanes(outcome, src.frameCount());
            Canvas canvas = canvas(src.info().width(), src.info().height(), look, lanes, from, to, look.layout() == Layout.SIDE_BY_SIDE);
            Shots shots = f -> {
                int n = f.index();
                if (look.layout() == Layout.OVERLAID) {
                    OverlayScene scene = sa.scene(f).withComparePoses(sb.poses(f.index()));
                    return new Shot(FrameExport.picture(f, scene), null, null, null, n);
                }
                return new Shot(sa.picture(f), sb.picture(f), null, null, n);
            };
            return write(src, from, to, out, look, canvas, shots, ctx.scaled(0.15, 1, ""), t0, lanes.title());
        }
    }

    /** What one run draws over a frame. */
    private interface Side {
        OverlayScene scene(VideoFrame f);

        List<Pose> poses(int frame);

        /** The frame with the run drawn over it, as {@code export frame} draws it. */
        BufferedImage picture(VideoFrame f);
    }

    private static Side side(ResultsStore store, Run run, int from, int to, Look look) {
        Map<Integer, List<Pose>> poses = Map.of();
        String model = null;
        List<ScoreSeries> scores = List.of();
        Map<Integer, Maps.MapFrame> maps = Map.of();
        ExplainSettings es = null;
        switch (run.kind()) {
            case POSE -> {
                poses = look.style().shownByFrame(store.poses().read(run.id(), from, to, look.style().smoothed()));
                model = run.modelId();
            }
            case CLASSIFY -> {
                scores = store.scores().read(run.id());
                Long read = ClassifyAnalysis.poseRunOf(run);
                if (read != null) {
                    Run pose = store.runs().find(read).orElseThrow(() -> DanceLensException.badInput("Classify run " + run.id()
                            + " scored the dancers of pose run " + read + ", which is no longer in the store, so they cannot be drawn."));
                    poses = look.style().shownByFrame(store.poses().read(pose.id(), from, to, look.style().smoothed()));
                    model = pose.modelId();
                }
            }
            case EXPLAIN -> {
                maps = store.maps().read(run.id(), from, to);
                es = ExplainSettings.of(run);
            }
            default -> throw new IllegalStateException(run.kind().toString());
        }
        Map<Integer, List<Pose>> p = poses;
        String m = model;
        List<ScoreSeries> s = scores;
        Map<Integer, Maps.MapFrame> mp = maps;
        ExplainSettings e = es;
        return new Side() {
            @Override
            public OverlayScene scene(VideoFrame f) {
                Set<OverlayScene.Layer> layers = look.layers();
                if (mp.containsKey(f.index())) {
                    layers = EnumSet.copyOf(layers.isEmpty() ? EnumSet.of(OverlayScene.Layer.HEAT_MAP) : layers);
                    layers.add(OverlayScene.Layer.HEAT_MAP);
                }
                return ClipExporter.scene(f.width(), f.height(), poses(f.index()), layers, mp.get(f.index()), e, look.style(), m);
            }

            @Override
            public List<Pose> poses(int frame) {
                return p.getOrDefault(frame, List.of());
            }

            @Override
            public BufferedImage picture(VideoFrame f) {
                BufferedImage pic = FrameExport.picture(f, scene(f));
                Map<Integer, String> labels = ClipExporter.labels(s, f.index());
                if (!labels.isEmpty()) {
                    ClipExporter.drawLabels(pic, labels, poses(f.index()));
                }
                return pic;
            }
        };
    }

    /**
     * The lanes of a comparison over a video of {@code frames} frames, as the Compare tab lays them under the timeline
     * ({@link ComparisonLanes}), with at most {@link #MAX_DANCER_LANES} dancers' lanes (pose runs) or
     * {@code MAX_DANCER_LANES / 2} pairs (classify runs), and the classifiers' disagreement segments on a lane of their own.
     */
    public static TimelineStrip.Lanes lanes(RunComparison.Outcome o, int frames) {
        ComparisonLanes.Lanes c = ComparisonLanes.of(o, frames, o instanceof RunComparison.ClassifyOutcome ? MAX_DANCER_LANES / 2 : MAX_DANCER_LANES);
        List<String> names = c.lanes().stream().map(ComparisonLanes.Lane::name).toList();
        float[][] values = c.lanes().stream().map(ComparisonLanes.Lane::values).toArray(float[][]::new);
        List<String> all = new ArrayList<>(names);
        List<int[]> segments = new ArrayList<>();
        if (o instanceof RunComparison.ClassifyOutcome) {
            all.add("disagree");
            c.segments().forEach(s -> segments.add(new int[] {s[0], s[1], all.size() - 1}));
        }
        return new TimelineStrip.Lanes("A: " + c.title().replace(" vs run ", " vs B: run "), names, values, all, segments);
    }

    private static float[] nan(int frames) {
        float[] v = new float[frames];
        java.util.Arrays.fill(v, Float.NaN);
        return v;
    }

    // ---------------------------------------------------------------- two videos in sync

    /**
     * One side of two videos in sync: its video, its results store (null: nothing drawn over it), the pose run whose
     * skeletons are drawn (null: none), its sync point in seconds, and the dancer whose pose the lane compares (-1: the
     * one the run saw in the most frames).
     */
    public record SyncSide(Path video, ResultsStore store, Long poseRun, double syncSeconds, int dancer) {
        /** A side whose lane dancer is the one seen longest. */
        public SyncSide(Path video, ResultsStore store, Long poseRun, double syncSeconds) {
            this(video, store, poseRun, syncSeconds, -1);
        }
    }

    /**
     * The lane of two videos in sync: for each frame of A (NaN outside {@code [from, to)}), how far the pose of B's
     * dancer in the frame the clock names is from A's dancer's, as {@code compare videos} measures it frame by frame
     * ({@link PoseDescription}: joints centred on the hips and scaled by the torso length, the mean distance over the
     * joints both see in torso lengths); NaN where either dancer is not seen, its torso is not seen, they share fewer
     * than six joints, or B has no frame. B's dancer is mirrored when exactly one side is drawn mirrored.
     */
    static TimelineStrip.Lanes syncLanes(SyncClock clock, int frames, int from, int to, Map<Integer, List<Pose>> posesA, int trackA,
                                         Map<Integer, List<Pose>> posesB, int trackB, boolean mirrorB, String title) {
        float[] v = nan(frames);
        PoseAlignment.Settings st = PoseAlignment.Settings.defaults(PoseAlignment.Method.FRAMES, Double.NaN);
        for (int n = from; n < to; n++) {
            double t = clock.clockOf(SyncClock.Side.A, n);
            if (!clock.covers(SyncClock.Side.B, t)) {
                continue;
            }
            Pose a = dancer(posesA.get(n), trackA);
            Pose b = dancer(posesB.get(clock.frameAt(SyncClock.Side.B, t)), trackB);
            if (a == null || b == null) {
                continue;
            }
            List<String> joints = PoseComparison.commonJoints(a.schema(), b.schema()).names();
            double[][] da = PoseDescription.describe(a, joints, st.minConfidence(), false);
            double[][] db = PoseDescription.describe(b, joints, st.minConfidence(), mirrorB);
            if (da != null && db != null) {
                double d = PoseDescription.distance(da, db, st.minSharedJoints(), Double.NaN);
                v[n] = (float) d;
            }
        }
        return new TimelineStrip.Lanes(title, List.of("difference"), new float[][] {v}, List.of("difference"), List.of());
    }

    private static Pose dancer(List<Pose> poses, int track) {
        if (poses == null) {
            return null;
        }
        for (Pose p : poses) {
            if (p.trackId() == track) {
                return p;
            }
        }
        return null;
    }

    /** The dancer seen in the most frames (the lowest id on a tie), or -1 when nobody was seen. */
    static int longest(Map<Integer, List<Pose>> poses) {
        Map<Integer, Integer> count = new TreeMap<>();
        poses.values().forEach(l -> l.forEach(p -> count.merge(p.trackId(), 1, Integer::sum)));
        int best = -1;
        int most = 0;
        for (Map.Entry<Integer, Integer> e : count.entrySet()) { // ascending ids: the lowest wins a tie
            if (e.getValue() > most) {
                most = e.getValue();
                best = e.getKey();
            }
        }
        return best;
    }

    /**
     * Two videos on one clock as a clip: A's frames of the range (default: the frames at whose times B has a frame too),
     * each beside (or under) the frame of B the clock names, each with its own pose run's skeletons; A's audio.
     */
    public static Result videos(SyncSide a, SyncSide b, Path out, Look look, TaskContext ctx) {
        long t0 = System.nanoTime();
        ClipExporter.check(out, look.encoding());
        look.style().checked();
        if (!(look.opacity() >= 0 && look.opacity() <= 1)) {
            throw DanceLensException.badInput("The opacity must be between 0 and 1, not " + look.opacity() + ".");
        }
        for (SyncSide s : List.of(a, b)) {
            if (!(s.syncSeconds() >= 0) || !Double.isFinite(s.syncSeconds())) {
                throw DanceLensException.badInput("A sync point is a number of seconds from the video's start, not " + s.syncSeconds() + ".");
            }
        }
        try (VideoSource srcA = VideoSource.open(a.video(), ctx.scaled(0, 0.03, "Indexing A: "), 64L << 20, 0);
             VideoSource srcB = VideoSource.open(b.video(), ctx.scaled(0.03, 0.06, "Indexing B: "), 64L << 20, 0)) {
            for (SyncSide s : List.of(a, b)) {
                VideoSource src = s == a ? srcA : srcB;
                if (s.syncSeconds() >= src.info().durationSeconds()) {
                    throw DanceLensException.badInput(String.format(Locale.ROOT, "The sync point of %s (%.3f s) is after its end (%.3f s).",
                            s.video().getFileName(), s.syncSeconds(), src.info().durationSeconds()));
                }
            }
            SyncClock clock = new SyncClock(srcA.index(), srcB.index(), srcA.index().frameAt(a.syncSeconds()), srcB.index().frameAt(b.syncSeconds()));
            int from = look.from();
            int to = look.to();
            int n = srcA.frameCount();
            if (to < 0 && from == 0) {
                from = -1;
                for (int i = 0; i < n; i++) {
                    if (clock.covers(SyncClock.Side.B, clock.clockOf(SyncClock.Side.A, i))) {
                        from = from < 0 ? i : from;
                        to = i + 1;
                    }
                }
                if (from < 0) {
                    throw DanceLensException.badInput("After syncing, " + b.video().getFileName() + " has no frame at the time of any frame of "
                            + a.video().getFileName() + ": check the sync points.");
                }
            } else if (to < 0) {
                to = n;
            }
            if (from < 0 || from >= n || to > n || to <= from) {
                throw DanceLensException.badInput("The range " + from + ":" + to + " is not inside " + a.video().getFileName() + ", which has frames 0 to "
                        + (n - 1) + ".");
            }
            Run runA = syncRun(a, from, to);
            Run runB = syncRun(b, 0, srcB.frameCount());
            Map<Integer, List<Pose>> posesA = runA == null ? Map.of()
                    : look.style().shownByFrame(a.store().poses().read(runA.id(), from, to, look.style().smoothed()));
            Map<Integer, List<Pose>> posesB = runB == null ? Map.of()
                    : look.style().shownByFrame(b.store().poses().read(runB.id(), runB.spec().fromFrame(), runB.spec().toFrame(), look.style().smoothed()));
            TimelineStrip.Lanes lanes = null;
            if (runA != null && runB != null) {
                int ta = a.dancer() >= 0 ? a.dancer() : longest(posesA);
                int tb = b.dancer() >= 0 ? b.dancer() : longest(posesB);
                for (int[] side : new int[][] {{ta, 0}, {tb, 1}}) {
                    Map<Integer, List<Pose>> ps = side[1] == 0 ? posesA : posesB;
                    if (ps.values().stream().noneMatch(l -> l.stream().anyMatch(p -> p.trackId() == side[0]))) {
                        Run run = side[1] == 0 ? runA : runB;
                        throw DanceLensException.badInput("Dancer " + side[0] + " is not in pose run " + run.id() + " of " + Path.of(run.videoPath()).getFileName()
                                + (side[1] == 0 ? " in frames " + from + " to " + (to - 1) : "") + ".");
                    }
                }
                String title = String.format(Locale.ROOT, "A: %s #%d (run %d, sync %.3f s) vs B: %s #%d (run %d, sync %.3f s)%s · pose difference"
                        + " in torso lengths", a.video().getFileName(), ta, runA.id(), clock.syncTime(SyncClock.Side.A), b.video().getFileName(), tb,
                        runB.id(), clock.syncTime(SyncClock.Side.B), look.mirrorA() != look.mirrorB() ? " mirrored" : "");
                lanes = syncLanes(clock, n, from, to, posesA, ta, posesB, tb, look.mirrorA() != look.mirrorB(), title);
            }
            Canvas canvas = canvas(srcA.info().width(), srcA.info().height(), look, lanes, from, to, look.layout() == Layout.SIDE_BY_SIDE);
            Shots shots = fa -> {
                int i = fa.index();
                BufferedImage pa = FrameExport.picture(fa, scene(fa, posesA, runA, look));
                double t = clock.clockOf(SyncClock.Side.A, i);
                if (!clock.covers(SyncClock.Side.B, t)) {
                    double bt = clock.sideTime(SyncClock.Side.B, t);
                    return new Shot(pa, null, null, String.format(Locale.ROOT, "%s has no frame here (%s)", b.video().getFileName(),
                            bt < 0 ? "it starts " + seconds(-bt) + " later" : "it ended " + seconds(bt - srcB.info().durationSeconds()) + " before"), i);
                }
                int j = clock.frameAt(SyncClock.Side.B, t);
                VideoFrame fb;
                try {
                    fb = srcB.frame(j);
                } catch (DanceLensException e) {
                    return new Shot(pa, null, null, "Frame " + j + " of " + b.video().getFileName() + " cannot be decoded", i);
                }
                return new Shot(pa, FrameExport.picture(fb, scene(fb, posesB, runB, look)), null, null, i);
            };
            return write(srcA, from, to, out, look, canvas, shots, ctx.scaled(0.06, 1, ""), t0, lanes == null ? "" : lanes.title());
        }
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.2f s", s);
    }

    private static OverlayScene scene(VideoFrame f, Map<Integer, List<Pose>> poses, Run run, Look look) {
        return ClipExporter.scene(f.width(), f.height(), poses.getOrDefault(f.index(), List.of()), look.layers(), null, null, look.style(),
                run == null ? null : run.modelId());
    }

    /** The pose run of a side, checked: a finished pose run of its video covering {@code [from, to)}; null when none is asked. */
    private static Run syncRun(SyncSide s, int from, int to) {
        if (s.poseRun() == null) {
            return null;
        }
        if (s.store() == null) {
            throw DanceLensException.badInput("Nothing is stored for " + s.video().getFileName() + ", so pose run " + s.poseRun() + " cannot be drawn"
                    + " on it; analyse it first with 'dancelens analyze " + s.video().getFileName() + " --pose MODEL'.");
        }
        Run r = s.store().runs().find(s.poseRun()).orElseThrow(() -> DanceLensException.badInput("The results store of " + s.video().getFileName()
                + " holds no run " + s.poseRun() + "."));
        if (r.kind() != RunKind.POSE || !r.videoPath().equals(s.video().toAbsolutePath().toString())) {
            throw DanceLensException.badInput("Run " + r.id() + " is not a pose run of " + s.video().getFileName() + ".");
        }
        if (!r.finished()) {
            throw DanceLensException.badInput("Pose run " + r.id() + " of " + s.video().getFileName() + " is " + r.status().key()
                    + ": a clip of it would show frames without results as if nobody were there; finish it first.");
        }
        if (from < r.spec().fromFrame() || to > r.spec().toFrame()) {
            throw DanceLensException.badInput("Pose run " + r.id() + " of " + s.video().getFileName() + " covers frames " + r.spec().fromFrame() + " to "
                    + (r.spec().toFrame() - 1) + ", not all of " + from + " to " + (to - 1) + "; choose a range inside it or analyse the whole video.");
        }
        return r;
    }

    // ---------------------------------------------------------------- the clip's picture

    /** What a clip frame shows: A's picture, B's (null: none, or overlaid into A's), a sentence in place of B's, the lanes' playhead. */
    private record Shot(BufferedImage a, BufferedImage b, String noteA, String noteB, int playhead) {
    }

    @FunctionalInterface
    private interface Shots {
        /** The shot at a frame of A. */
        Shot of(VideoFrame a);
    }

    /** The clip's geometry: panels of A's size times the scale, one or two of them, the lanes under. */
    private record Canvas(int panelW, int panelH, int panels, TimelineStrip strip) {
        int width() {
            return panelW * panels;
        }

        int height() {
            return panelH + (strip == null ? 0 : strip.height());
        }
    }

    private static Canvas canvas(int fw, int fh, Look look, TimelineStrip.Lanes lanes, int from, int to, boolean twoPanels) {
        if (!(look.scale() > 0) || look.scale() > 4) {
            throw DanceLensException.badInput("The scale must be above 0 and at most 4, not " + look.scale() + ".");
        }
        int w = Math.max(2, (int) Math.round(fw * look.scale() / 2) * 2);
        int h = Math.max(2, (int) Math.round(fh * look.scale() / 2) * 2);
        int panels = twoPanels ? 2 : 1;
        if (w * panels > 8192 || h > 8192) {
            throw DanceLensException.badInput("The clip would be " + w * panels + "x" + h + " pixels, more than 8192; choose a smaller --scale.");
        }
        TimelineStrip strip = null;
        if (lanes != null) {
            if (w * panels < ClipExporter.MIN_TIMELINE_WIDTH) {
                throw DanceLensException.badInput("The lanes need a clip at least " + ClipExporter.MIN_TIMELINE_WIDTH + " pixels wide, not " + w * panels
                        + "; choose a larger --scale.");
            }
            strip = new TimelineStrip(lanes, from, to, w * panels, ClipExporter.stripHeight(lanes.labels().size(), h));
        }
        return new Canvas(w, h, panels, strip);
    }

    /** Draws a clip frame into {@code out}: the panels, then the lanes (drawn once into {@code lanes}) with the playhead. */
    private static void compose(Shot s, Canvas c, Look look, BufferedImage lanes, BufferedImage out) {
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.BLACK);
            g.fillRect(0, 0, c.width(), c.panelH());
            panel(g, s.a(), s.noteA(), 0, c, look.mirrorA());
            if (c.panels() == 2) {
                panel(g, s.b(), s.noteB(), c.panelW(), c, look.mirrorB());
            } else if (s.b() != null) {
                java.awt.Composite was = g.getComposite();
                g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, (float) look.opacity()));
                panel(g, s.b(), null, 0, c, look.mirrorB());
                g.setComposite(was);
            } else if (s.noteB() != null) {
                note(g, s.noteB(), 0, c, c.panelH() - c.panelH() / 8);
            }
            if (c.strip() != null) {
                g.drawImage(lanes, 0, c.panelH(), null);
                g.translate(0, c.panelH());
                c.strip().drawPlayhead(g, s.playhead());
            }
        } finally {
            g.dispose();
        }
    }

    /** A picture fitted into the panel at {@code x0} (as the player fits it: the whole frame, centred), mirrored or not; a sentence without one. */
    private static void panel(Graphics2D g, BufferedImage pic, String note, int x0, Canvas c, boolean mirrored) {
        if (pic == null) {
            g.setColor(EMPTY);
            g.fillRect(x0, 0, c.panelW(), c.panelH());
            if (note != null) {
                note(g, note, x0, c, c.panelH() / 2);
            }
            return;
        }
        Viewport vp = Viewport.fit(pic.getWidth(), pic.getHeight(), c.panelW(), c.panelH(), 1, 0, 0);
        double w = pic.getWidth() * vp.scale();
        double h = pic.getHeight() * vp.scale();
        int x = (int) Math.round(vp.offsetX());
        int y = (int) Math.round(vp.offsetY());
        int iw = (int) Math.round(w);
        int ih = (int) Math.round(h);
        if (mirrored) {
            // left and right swapped about the panel's middle, overlays with the picture
            g.drawImage(pic, x0 + c.panelW() - x, y, x0 + c.panelW() - x - iw, y + ih, 0, 0, pic.getWidth(), pic.getHeight(), null);
        } else if (iw == pic.getWidth() && ih == pic.getHeight()) {
            g.drawImage(pic, x0 + x, y, null);
        } else {
            g.drawImage(pic, x0 + x, y, iw, ih, null);
        }
    }

    /** One sentence, centred in the panel at {@code x0} around height {@code cy}, on a dark band. */
    private static void note(Graphics2D g, String text, int x0, Canvas c, int cy) {
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.round(Math.max(11f, Math.min(28f, c.panelH() / 28f)))));
        FontMetrics fm = g.getFontMetrics();
        int tw = fm.stringWidth(text);
        int pad = fm.getHeight() / 3;
        int x = x0 + Math.max(pad, (c.panelW() - tw) / 2);
        g.setColor(new Color(0, 0, 0, 170));
        g.fillRect(x - pad, cy - fm.getHeight() / 2 - pad, Math.min(c.panelW(), tw + 2 * pad), fm.getHeight() + 2 * pad);
        g.setColor(NOTE);
        g.drawString(text, x, cy - fm.getHeight() / 2 + fm.getAscent());
    }

    // ---------------------------------------------------------------- encoding

    private static Result write(VideoSource srcA, int from, int to, Path out, Look look, Canvas c, Shots shots, TaskContext ctx, long t0, String title) {
        Encode e = new Encode(srcA, from, to, look, c, shots, ctx);
        Path target = out.toAbsolutePath();
        AtomicFiles.writeVia(target, tmp -> e.write(tmp, target));
        return new Result(e.frames, from, to, c.width(), c.height(), c.strip() == null ? 0 : c.strip().height(), e.audio, e.undecodable, e.bMissing,
                title, (System.nanoTime() - t0) / 1e9);
    }

    /** Draws A's range frame by frame and encodes it, with A's audio, on the clip exporter's encode stage. */
    private static final class Encode {
        private final VideoSource src;
        private final int from;
        private final int to;
        private final Look look;
        private final Canvas canvas;
        private final Shots shots;
        private final TaskContext ctx;
        private double rate;
        private long lastPts = -1;
        private long endPts;
        int frames;
        int undecodable;
        int bMissing;
        boolean audio;

        Encode(VideoSource src, int from, int to, Look look, Canvas canvas, Shots shots, TaskContext ctx) {
            this.src = src;
            this.from = from;
            this.to = to;
            this.look = look;
            this.canvas = canvas;
            this.shots = shots;
            this.ctx = ctx;
        }

        /** As {@link ClipExporter}: a variable-rate A keeps its last frame's duration ({@link ClipExporter#keepingLastFrame}). */
        void write(Path tmp, Path out) {
            ClipExporter.keepingLastFrame(src.info().variableFrameRate(), tmp, out, file -> encode(file, out), () -> rate, () -> endPts - lastPts);
        }

        private void encode(Path tmp, Path out) {
            double start = src.index().timeOf(from);
            double end = to < src.frameCount() ? src.index().timeOf(to) : src.info().durationSeconds();
            int w = canvas.width();
            int h = canvas.height();
            try (ClipExporter.AudioFeed feed = src.info().hasAudio() ? ClipExporter.AudioFeed.open(src.info().path(), start, end) : null;
                 FFmpegFrameRecorder rec = new FFmpegFrameRecorder(tmp.toFile(), w, h, feed == null ? 0 : feed.channels())) {
                rate = ClipExporter.timeBase(src.info().variableFrameRate(), src.index(), from, to);
                endPts = Math.round((end - start) * rate);
                ClipExporter.start(rec, rate, src.info().fps(), look.encoding(), feed);
                audio = feed != null;
                BufferedImage picture = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
                int[] pixels = ((DataBufferInt) picture.getRaster().getDataBuffer()).getData();
                BufferedImage lanes = canvas.strip() == null ? null : new BufferedImage(w, canvas.strip().height(), BufferedImage.TYPE_INT_RGB);
                if (lanes != null) {
                    Graphics2D g = lanes.createGraphics();
                    try {
                        canvas.strip().drawLanes(g);
                    } finally {
                        g.dispose();
                    }
                }
                int total = to - from;
                try (EncodeStage stage = new EncodeStage(ENCODE_AHEAD, ClipExporter.encoder(rec, feed), ctx)) {
                    for (int n = from; n < to; n++) {
                        if (ctx.isCancelled()) {
                            throw new CancelledException("Exporting " + out.getFileName());
                        }
                        VideoFrame fa;
                        try {
                            fa = src.frame(n); // inside the video: only damage makes it fail
                        } catch (DanceLensException ex) {
                            undecodable++; // left out: the frame before stays on screen longer, as in a clip of one video
                            continue;
                        }
                        Shot shot = shots.of(fa);
                        if (canvas.panels() == 2 ? shot.b() == null : shot.noteB() != null) {
                            bMissing++;
                        }
                        compose(shot, canvas, look, lanes, picture);
                        ByteBuffer buffer = stage.buffer(4 * w * h);
                        buffer.clear();
                        buffer.order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().put(pixels); // 0x00RRGGBB little-endian: B, G, R, 0
                        double t = src.index().timeOf(n);
                        long pts = ClipExporter.ticks(t, start, rate, lastPts);
                        stage.submit(new EncodeStage.Picture(buffer, w, h, t, pts)); // the audio goes up to the frame's source time
                        lastPts = pts;
                        frames++;
                        if (frames % 10 == 0 || n + 1 == to) {
                            ctx.progress((n + 1.0 - from) / total, "frame " + (n + 1 - from) + " / " + total);
                        }
                    }
                    if (frames == 0) {
                        throw DanceLensException.badInput("No frame of " + from + " to " + (to - 1) + " of " + src.info().fileName() + " could be decoded.");
                    }
                    stage.finish();
                }
                if (feed != null) {
                    feed.recordUntil(rec, end, true);
                }
                rec.stop();
            } catch (FrameRecorder.Exception | FrameGrabber.Exception ex) {
                throw ClipExporter.writeFailed(out, ex);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new CancelledException("Exporting " + out.getFileName());
            } catch (RuntimeException ex) {
                throw ex;
            } catch (Exception ex) {
                throw ClipExporter.writeFailed(out, ex);
            }
        }
    }

}
