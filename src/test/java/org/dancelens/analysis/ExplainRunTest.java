package org.dancelens.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dancelens.analysis.store.ExplainSettings;
import org.dancelens.analysis.store.Maps;
import org.dancelens.analysis.store.PoseFrames;
import org.dancelens.analysis.store.ResultsStore;
import org.dancelens.analysis.store.Run;
import org.dancelens.analysis.store.RunKind;
import org.dancelens.analysis.store.RunSpec;
import org.dancelens.analysis.store.RunStatus;
import org.dancelens.core.CancelledException;
import org.dancelens.core.DanceLensException;
import org.dancelens.core.Keypoint;
import org.dancelens.core.Pose;
import org.dancelens.core.RegionMask;
import org.dancelens.core.SkeletonSchema;
import org.dancelens.core.TaskContext;
import org.dancelens.core.VideoFrame;
import org.dancelens.explain.GradCam;
import org.dancelens.export.ExplainMetricsExport;
import org.dancelens.inference.ModelRegistry;
import org.dancelens.inference.OrtRuntime;
import org.dancelens.testsupport.TestMedia;
import org.dancelens.video.PatternVideoWriter;
import org.dancelens.video.VideoSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole-run maps: stored per frame at the layer's resolution, equal to the on-demand map, cancel keeps what was
 * written and a rerun resumes; run metrics checked against numbers computed here by hand.
 */
class ExplainRunTest {
    @TempDir
    Path dir;
    ModelRegistry.Entry cnn;

    @BeforeEach
    void model() throws Exception {
        org.dancelens.testsupport.TestCnn.install(dir, 11, List.of("ballet", "hiphop", "folk"), null);
        cnn = ModelRegistry.scan(List.of(dir)).find("cnn");
    }

    static Path video() {
        return TestMedia.generated("explain-run.mkv", PatternVideoWriter.Spec.of("matroska", "ffv1", 64, 48, 30, 25).gop(10));
    }

    @Test
    void storesEachFramesLowResolutionMapEqualToTheOnDemandMapAndReusesAFinishedRun() {
        Path v = video();
        try (ResultsStore store = ResultsStore.open(dir.resolve("s.db"))) {
            ExplainRun.Result r = ExplainRun.run(v, cnn, store, 2, 14, ExplainRun.Settings.defaults(), OrtRuntime.Device.CPU, TaskContext.NONE);
            assertThat(r.processed()).isEqualTo(12);
            assertThat(r.reusedAll()).isFalse();
            Run run = store.runs().find(r.runId()).orElseThrow();
            assertThat(run.status()).isEqualTo(RunStatus.COMPLETE);
            assertThat(ExplainSettings.of(run).layer()).isEqualTo("feat");
            assertThat(ExplainSettings.of(run).method()).isEqualTo("gradcam");
            assertThat(ExplainSettings.of(run).classChoice()).isEqualTo("top");
            assertThat(run.spec().onnxSha256()).isEqualTo(ModelRegistry.sha256(cnn.onnxFile()));
            Map<Integer, Maps.MapFrame> maps = store.maps().read(r.runId(), 0, 100);
            assertThat(maps.keySet()).containsExactly(2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13);
            // The stored map is the layer's 16 x 16 map, and upsampled it is what explaining the frame on demand shows.
            try (VideoSource src = VideoSource.open(v); FrameExplainer ex = FrameExplainer.open(cnn, null, OrtRuntime.Device.CPU)) {
                for (int f : new int[] {2, 9}) {
                    FrameExplainer.Result d = ex.explain(src.frame(f), -1, GradCam.Method.GRAD_CAM);
                    Maps.MapFrame s = maps.get(f);
                    assertThat(s.height()).isEqualTo(16);
                    assertThat(s.width()).isEqualTo(16);
                    assertThat(s.map()).containsExactly(d.cam().lowRes());
                    assertThat(s.classIndex()).isEqualTo(d.classIndex());
                    assertThat(s.score()).isEqualTo(d.scores()[d.classIndex()]);
                    assertThat(s.region()).containsExactly(d.region());
                    assertThat(ExplainMetrics.upsampled(s, 32, 32)).containsExactly(d.cam().map());
                }
            }
            ExplainRun.Result again = ExplainRun.run(v, cnn, store, 2, 14, ExplainRun.Settings.defaults(), OrtRuntime.Device.CPU, TaskContext.NONE);
            assertThat(again.reusedAll()).isTrue();
            assertThat(again.runId()).isEqualTo(r.runId());
            assertThat(again.processed()).isZero();
            // Another class or method is another run.
            ExplainRun.Result folk = ExplainRun.run(v, cnn, store, 2, 4, new ExplainRun.Settings(null, "layercam", "folk"), OrtRuntime.Device.CPU,
                    TaskContext.NONE);
            assertThat(folk.runId()).isNotEqualTo(r.runId());
            assertThat(store.maps().read(folk.runId(), 0, 100).values()).extracting(Maps.MapFrame::classIndex).containsOnly(2);
        }
    }

    @Test
    void cancellingKeepsTheStoredMapsAndARerunResumesFromThem() {
        Path v = video();
        int[] calls = {0};
        TaskContext cancelAfter5 = new TaskContext() {
            @Override
            public void progress(double fraction, String message) {
                if (message.startsWith("map ")) { // one per stored map (opening the video reports too)
                    calls[0]++;
                }
            }

            @Override
            public boolean isCancelled() {
                return calls[0] >= 5;
            }
        };
        long runId;
        try (ResultsStore store = ResultsStore.open(dir.resolve("c.db"))) {
            assertThatThrownBy(() -> ExplainRun.run(v, cnn, store, 0, -1, ExplainRun.Settings.defaults(), OrtRuntime.Device.CPU, cancelAfter5))
                    .isInstanceOf(CancelledException.class);
            Run run = store.runs().list(v.toAbsolutePath().toString(), RunKind.EXPLAIN).get(0);
            runId = run.id();
            assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
            assertThat(store.maps().read(runId, 0, 30).keySet()).containsExactly(0, 1, 2, 3, 4);
        }
        // Reopened (as after a restart): the run goes on from frame 5.
        try (ResultsStore store = ResultsStore.open(dir.resolve("c.db"))) {
            List<Double> fractions = new ArrayList<>();
            ExplainRun.Result r = ExplainRun.run(v, cnn, store, 0, -1, ExplainRun.Settings.defaults(), OrtRuntime.Device.CPU, new TaskContext() {
                @Override
                public void progress(double fraction, String message) {
                    fractions.add(fraction);
                }

                @Override
                public boolean isCancelled() {
                    return false;
                }
            });
            assertThat(r.runId()).isEqualTo(runId);
            assertThat(r.resumed()).isTrue();
            assertThat(r.processed()).isEqualTo(25);
            assertThat(fractions.get(fractions.size() - 1)).isEqualTo(1.0);
            assertThat(store.maps().read(runId, 0, 30)).hasSize(30);
            assertThat(store.runs().find(runId).orElseThrow().status()).isEqualTo(RunStatus.COMPLETE);
        }
    }

    @Test
    void badChoicesAreOneSentence() {
        try (ResultsStore store = ResultsStore.open(dir.resolve("b.db"))) {
            assertThatThrownBy(() -> ExplainRun.run(video(), cnn, store, 0, 3, new ExplainRun.Settings(null, "gradcam", "tango"),
                    OrtRuntime.Device.CPU, TaskContext.NONE)).isInstanceOf(DanceLensException.class).hasMessageContaining("no label 'tango'");
            assertThatThrownBy(() -> ExplainRun.run(video(), cnn, store, 40, 50, ExplainRun.Settings.defaults(), OrtRuntime.Device.CPU,
                    TaskContext.NONE)).isInstanceOf(DanceLensException.class).hasMessageContaining("is empty");
            assertThatThrownBy(() -> ExplainRun.method("magic")).isInstanceOf(DanceLensException.class).hasMessageContaining("not 'magic'");
        }
    }

    // ---- metrics on a constructed case: 100 x 100 frames, maps of 10 x 10 cells over the whole frame ----

    private static final String SETTINGS = new ExplainSettings("feat", "gradcam", "top", 1, List.of(), 10, 10, 100, 100, List.of("a", "b")).toJson();

    private static float[] map(java.util.function.IntBinaryOperator v) {
        float[] m = new float[100];
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 10; x++) {
                m[y * 10 + x] = v.applyAsInt(x, y) / 10f;
            }
        }
        return m;
    }

    private static Pose dancer(float x0, float y0, float x1, float y1, RegionMask mask) {
        List<Keypoint> k = new ArrayList<>();
        float[][] corners = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}};
        for (int j = 0; j < 17; j++) {
            float[] c = corners[j % 4];
            k.add(new Keypoint(c[0], c[1], j == 16 ? 0.1f : 0.9f)); // one weak keypoint, left out of the hull
        }
        return new Pose(1, SkeletonSchema.COCO_17, k, null, 0.9f, null, mask);
    }

    /** The mean of the cells whose centre passes the test over the mean of the others, computed directly. */
    private static double ratio(float[] m, java.util.function.BiPredicate<Double, Double> inside) {
        double a = 0;
        double b = 0;
        int na = 0;
        int nb = 0;
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 10; x++) {
                if (inside.test((x + 0.5) * 10, (y + 0.5) * 10)) {
                    a += m[y * 10 + x];
                    na++;
                } else {
                    b += m[y * 10 + x];
                    nb++;
                }
            }
        }
        return (a / na) / (b / nb);
    }

    @Test
    void runMetricsUseTheSegmentationMaskThenTheHullAndMeasureConsecutiveOverlap() throws Exception {
        double[] whole = {0, 0, 1, 1};
        // frame 0: strongest 20 cells are rows 0-1; frame 1: rows 1-2 (overlap 10 of 30); frame 3: not after a stored frame.
        float[] m0 = map((x, y) -> y < 2 ? 10 : x % 3);
        float[] m1 = map((x, y) -> y >= 1 && y < 3 ? 10 : (x + y) % 4);
        float[] m3 = map((x, y) -> x < 5 ? 9 : 1);
        try (ResultsStore s = ResultsStore.open(dir.resolve("m.db"))) {
            long cam = s.runs().findOrCreate(new RunSpec("/v.mp4", 10, RunKind.EXPLAIN, "cnn", "abc", "card", SETTINGS, 0, 10)).id();
            s.maps().write(cam, List.of(new Maps.MapFrame(0, 0, 1f, 10, 10, m0, whole, null), new Maps.MapFrame(1, 1, 1f, 10, 10, m1, whole, null),
                    new Maps.MapFrame(3, 0, 1f, 10, 10, m3, whole, null)));

            // No pose run: the ratio is unavailable, the overlap is measured.
            ExplainMetrics.RunMetrics none = ExplainMetrics.ofRun(s, cam, TaskContext.NONE);
            assertThat(none.summary().maskSource()).isEqualTo(ExplainMetrics.MaskSource.NONE);
            assertThat(none.summary().meanFgBgRatio()).isNaN();
            assertThat(none.frames()).extracting(ExplainMetrics.FrameMetrics::consistencyIou).satisfiesExactly(
                    a -> assertThat(a).isNaN(), b -> assertThat(b).isCloseTo(10.0 / 30, within(1e-12)), c -> assertThat(c).isNaN());
            assertThat(none.summary().consistencyPairs()).isEqualTo(1);
            assertThat(none.frames()).extracting(ExplainMetrics.FrameMetrics::label).containsExactly("a", "b", "a");

            // A pose run without masks: keypoint hulls of the rectangle 20..40 x 20..80, grown 15% -> 18.5..41.5 x 15.5..84.5.
            long hullRun = s.runs().findOrCreate(new RunSpec("/v.mp4", 10, RunKind.POSE, "movenet", "x", "card", "{}", 0, 10)).id();
            List<PoseFrames.FrameResult> fr = new ArrayList<>();
            for (int f : new int[] {0, 1, 3}) {
                List<Pose> p = List.of(dancer(20, 20, 40, 80, null));
                fr.add(new PoseFrames.FrameResult(f, f, p, p));
            }
            s.poses().write(hullRun, fr);
            ExplainMetrics.RunMetrics hull = ExplainMetrics.ofRun(s, cam, TaskContext.NONE);
            assertThat(hull.summary().maskSource()).isEqualTo(ExplainMetrics.MaskSource.HULL);
            assertThat(hull.summary().poseRunId()).isEqualTo(hullRun);
            java.util.function.BiPredicate<Double, Double> inHull = (x, y) -> x > 18.5 && x < 41.5 && y > 15.5 && y < 84.5;
            double h0 = ratio(m0, inHull);
            double h3 = ratio(m3, inHull);
            assertThat(hull.frames().get(0).fgBgRatio()).isCloseTo(h0, within(1e-9));
            assertThat(hull.frames().get(2).fgBgRatio()).isCloseTo(h3, within(1e-9));
            assertThat(hull.summary().meanFgBgRatio()).isCloseTo((h0 + ratio(m1, inHull) + h3) / 3, within(1e-9));

            // A pose run with segmentation masks wins, even over a newer one without: the left half of each frame.
            long maskRun = s.runs().findOrCreate(new RunSpec("/v.mp4", 10, RunKind.POSE, "blazepose", "y", "card", "{}", 0, 10)).id();
            RegionMask left = new RegionMask(50, 50, 100, 0, 2, new float[] {1, 0, 1, 0});
            fr.clear();
            for (int f : new int[] {0, 1, 3}) {
                List<Pose> p = List.of(dancer(60, 60, 90, 90, left)); // keypoints elsewhere: the mask is what counts
                fr.add(new PoseFrames.FrameResult(f, f, p, p));
            }
            s.poses().write(maskRun, fr);
            long newer = s.runs().findOrCreate(new RunSpec("/v.mp4", 10, RunKind.POSE, "movenet", "x", "card", "{\"n\":2}", 0, 10)).id();
            s.poses().write(newer, List.of(new PoseFrames.FrameResult(0, 0, List.of(dancer(20, 20, 40, 80, null)), List.of(dancer(20, 20, 40, 80, null)))));
            assertThat(newer).isGreaterThan(maskRun);
            ExplainMetrics.RunMetrics seg = ExplainMetrics.ofRun(s, cam, TaskContext.NONE);
            assertThat(seg.summary().maskSource()).isEqualTo(ExplainMetrics.MaskSource.SEGMENTATION);
            assertThat(seg.summary().maskSource().label()).isEqualTo("segmentation mask");
            assertThat(seg.summary().poseRunId()).isEqualTo(maskRun);
            // frame 3's map is 0.9 on the left half and 0.1 on the right: exactly 9.
            assertThat(seg.frames().get(2).fgBgRatio()).isCloseTo(9.0, within(1e-6));
            assertThat(seg.frames().get(0).fgBgRatio()).isCloseTo(ratio(m0, (x, y) -> x < 50), within(1e-9));

            // Export: CSV and JSON carry the same numbers.
            Path[] files = ExplainMetricsExport.write(seg, dir, "metrics");
            List<String> csv = Files.readAllLines(files[0]);
            assertThat(csv.get(0)).isEqualTo("frame,class,fg_bg_ratio,consistency_iou,deletion_auc,insertion_auc");
            assertThat(csv.get(3)).isEqualTo(String.format(Locale.ROOT, "3,a,%.6f,,,", seg.frames().get(2).fgBgRatio()));
            assertThat(csv.get(2).split(",")[3]).isEqualTo(String.format(Locale.ROOT, "%.6f", 10.0 / 30));
            JsonNode j = new ObjectMapper().readTree(files[1].toFile());
            assertThat(j.at("/summary/maskSource").asText()).isEqualTo("segmentation mask");
            assertThat(j.at("/summary/meanFgBgRatio").asDouble()).isCloseTo(seg.summary().meanFgBgRatio(), within(1e-12));
            assertThat(j.at("/summary/meanConsistencyIou").asDouble()).isCloseTo(10.0 / 30, within(1e-12));
            assertThat(j.at("/frames/0/consistency_iou").isNull()).isTrue();
            assertThat(j.at("/run/layer").asText()).isEqualTo("feat");
            assertThat(Files.list(dir).filter(p -> p.toString().endsWith(".part")).count()).isZero();
        }
    }

    @Test
    void faithfulnessOfSampledStoredMapsEqualsThatOfTheOnDemandMap() {
        Path v = video();
        try (ResultsStore store = ResultsStore.open(dir.resolve("f.db"))) {
            ExplainRun.Result r = ExplainRun.run(v, cnn, store, 0, 6, ExplainRun.Settings.defaults(), OrtRuntime.Device.CPU, TaskContext.NONE);
            ExplainMetrics.RunMetrics m = ExplainMetrics.withFaithfulness(ExplainMetrics.ofRun(store, r.runId(), TaskContext.NONE), store, cnn, 2,
                    OrtRuntime.Device.CPU, TaskContext.NONE);
            assertThat(m.summary().faithfulnessFrames()).isEqualTo(2);
            assertThat(m.summary().maskSource()).isEqualTo(ExplainMetrics.MaskSource.NONE);
            // the sample is spread: the first and the last stored frame
            assertThat(m.frames().get(0).deletionAuc()).isNotNaN();
            assertThat(m.frames().get(5).deletionAuc()).isNotNaN();
            assertThat(m.frames().get(2).deletionAuc()).isNaN();
            try (VideoSource src = VideoSource.open(v); FrameExplainer ex = FrameExplainer.open(cnn, null, OrtRuntime.Device.CPU)) {
                VideoFrame f = src.frame(5);
                FrameExplainer.Faithfulness d = ex.faithfulness(f, ex.explain(f, -1, GradCam.Method.GRAD_CAM), ExplainMetrics.FAITHFULNESS_STEPS);
                assertThat(m.frames().get(5).deletionAuc()).isEqualTo(d.deletionAuc());
                assertThat(m.frames().get(5).insertionAuc()).isEqualTo(d.insertionAuc());
            }
        }
    }

    /**
     * A whole run over 60 frames of real footage: every map stored, and the run's consistency (IoU of the strongest 20%
     * of consecutive maps, upsampled to the input) equals, frame by frame and on average, the same overlap computed
     * here from the stored maps. (Its speed is measured by {@code dancelens bench explain-run}.)
     */
    @Test
    void wholeRunOnRealFootage() {
        Path v = TestMedia.realFootage("vtest.avi");
        try (ResultsStore store = ResultsStore.open(dir.resolve("r.db"))) {
            ExplainRun.Result r = ExplainRun.run(v, cnn, store, 100, 160, ExplainRun.Settings.defaults(), OrtRuntime.Device.CPU, TaskContext.NONE);
            assertThat(r.processed()).isEqualTo(60);
            Map<Integer, Maps.MapFrame> maps = store.maps().read(r.runId(), 0, 1000);
            assertThat(maps.keySet()).containsExactlyElementsOf(java.util.stream.IntStream.range(100, 160).boxed().toList());
            ExplainMetrics.RunMetrics m = ExplainMetrics.ofRun(store, r.runId(), TaskContext.NONE);
            assertThat(m.summary().consistencyPairs()).isEqualTo(59);
            assertThat(m.frames().get(0).consistencyIou()).as("the first frame has no previous one").isNaN();
            double sum = 0;
            for (int f = 101; f < 160; f++) {
                double iou = strongestOverlap(ExplainMetrics.upsampled(maps.get(f - 1), 32, 32), ExplainMetrics.upsampled(maps.get(f), 32, 32), 0.2);
                assertThat(m.frames().get(f - 100).frame()).isEqualTo(f);
                assertThat(m.frames().get(f - 100).consistencyIou()).as("frame %d", f).isCloseTo(iou, within(1e-12));
                sum += iou;
            }
            assertThat(m.summary().meanConsistencyIou()).isBetween(0.0, 1.0).isCloseTo(sum / 59, within(1e-12));
        }
    }

    /** IoU of the {@code top} fraction of strongest (and positive) values of two maps, ties at the cut kept. */
    private static double strongestOverlap(float[] a, float[] b, double top) {
        int keep = (int) Math.round(top * a.length);
        float[] sa = a.clone();
        float[] sb = b.clone();
        java.util.Arrays.sort(sa);
        java.util.Arrays.sort(sb);
        float cutA = sa[a.length - keep];
        float cutB = sb[b.length - keep];
        int inter = 0;
        int union = 0;
        for (int i = 0; i < a.length; i++) {
            boolean inA = a[i] >= cutA && a[i] > 0;
            boolean inB = b[i] >= cutB && b[i] > 0;
            inter += inA && inB ? 1 : 0;
            union += inA || inB ? 1 : 0;
        }
        return union == 0 ? 1 : (double) inter / union;
    }

    @Test
    void foregroundRatiosAgainstAPersonSegmentationModelOnRealFootage() {
        Path v = TestMedia.realFootage("vtest.avi");
        ModelRegistry.Entry selfie = org.dancelens.testsupport.TestZoo.registry("selfie-segmentation").find("selfie-segmentation");
        try (ResultsStore store = ResultsStore.open(dir.resolve("seg.db"))) {
            ExplainRun.Result r = ExplainRun.run(v, cnn, store, 240, 246, ExplainRun.Settings.defaults(), OrtRuntime.Device.CPU, TaskContext.NONE);
            ExplainMetrics.RunMetrics plain = ExplainMetrics.ofRun(store, r.runId(), TaskContext.NONE);
            assertThat(plain.summary().maskSource()).isEqualTo(ExplainMetrics.MaskSource.NONE); // no pose run for this store
            ExplainMetrics.RunMetrics m = ExplainMetrics.withSegmenter(plain, store, selfie, OrtRuntime.Device.CPU, TaskContext.NONE);
            assertThat(m.summary().maskSource()).isEqualTo(ExplainMetrics.MaskSource.MODEL);
            assertThat(m.summary().fgBgFrames()).isEqualTo(6);
            assertThat(m.summary().meanConsistencyIou()).isEqualTo(plain.summary().meanConsistencyIou());
            // frame 243 recomputed here: the stored map upsampled, the segmenter's mask, the ratio
            Maps.MapFrame cf = store.maps().read(r.runId(), 243, 244).get(243);
            try (VideoSource src = VideoSource.open(v);
                 org.dancelens.pose.PersonSegmenter seg = org.dancelens.pose.PersonSegmenter.open(selfie, OrtRuntime.Device.CPU)) {
                VideoFrame f = src.frame(243);
                var mask = seg.segment(f);
                double want = org.dancelens.explain.CamMetrics.foregroundRatio(ExplainMetrics.upsampled(cf, 32, 32), 32, 32, cf.region(), f.width(),
                        f.height(), (x, y) -> mask.valueAt(x, y, f.width(), f.height()) >= 0.5f);
                assertThat(m.frames().get(3).frame()).isEqualTo(243);
                assertThat(m.frames().get(3).fgBgRatio()).isCloseTo(want, within(1e-12));
            }
            System.out.printf(Locale.ROOT, "test CNN maps of vtest.avi 240-245 against selfie-segmentation: mean FG/BG ratio %.3f over %d frames%n",
                    m.summary().meanFgBgRatio(), m.summary().fgBgFrames());
        }
    }

    /**
     * A real converted CNN (the zoo's TF.js emotion classifier, 64 x 64 grey input) over 40 frames of real footage: the
     * stored maps are the layer's resolution, and a stored map upsampled to the input is the map of that frame
     * explained on demand, with the same class and scores. (Its speed is measured by {@code dancelens bench explain-run}.)
     */
    @Test
    void wholeRunOfARealModelOnRealFootage() throws Exception {
        Path v = TestMedia.realFootage("vtest.avi");
        ModelRegistry.Entry emotion = org.dancelens.testsupport.TestZoo.registry("emotion").find("emotion");
        try (ResultsStore store = ResultsStore.open(dir.resolve("e.db"))) {
            ExplainRun.Result r = ExplainRun.run(v, emotion, store, 0, 40, ExplainRun.Settings.defaults(), OrtRuntime.Device.CPU, TaskContext.NONE);
            assertThat(r.processed()).isEqualTo(40);
            Map<Integer, Maps.MapFrame> maps = store.maps().read(r.runId(), 0, 40);
            assertThat(maps).hasSize(40);
            Maps.MapFrame first = maps.get(0);
            assertThat(first.height() * first.width()).isLessThan(64 * 64); // stored at the layer's resolution, not the input's
            ExplainMetrics.RunMetrics m = ExplainMetrics.ofRun(store, r.runId(), TaskContext.NONE);
            assertThat(m.summary().consistencyPairs()).isEqualTo(39);
            try (VideoSource src = VideoSource.open(v); FrameExplainer ex = FrameExplainer.open(emotion, null, OrtRuntime.Device.CPU)) {
                for (int frame : new int[] {0, 27}) {
                    FrameExplainer.Result d = ex.explain(src.frame(frame), -1, GradCam.Method.GRAD_CAM);
                    Maps.MapFrame stored = maps.get(frame);
                    assertThat(stored.classIndex()).isEqualTo(d.classIndex());
                    assertThat(stored.scores()).containsExactly(d.scores());
                    assertThat(ExplainMetrics.upsampled(stored, 64, 64)).as("frame %d", frame).containsExactly(d.cam().map());
                }
            }
        }
    }
}
